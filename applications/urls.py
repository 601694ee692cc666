from django.urls import path

from . import reviewer_views, staff, views

app_name = "applications"

urlpatterns = [
    path("programs/<slug:slug>/apply/", views.ask, name="ask"),
    path("apply/<str:token>/", views.application_page, name="application"),
    path("apply/<str:token>/section/<int:number>/", views.section_page, name="section"),
    path("apply/<str:token>/submit/", views.submit, name="submit"),
    path("apply/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("apply/<str:token>/delete/", views.draft_delete, name="delete"),
    path("apply/<str:token>/files/<int:pk>/", views.applicant_file, name="file"),
    path("apply/<str:token>/manifest/<int:version>/", views.manifest, name="manifest"),
    path("apply/<str:token>/appeal/", views.appeal, name="appeal"),
    path("staff/applications/files/<int:pk>/", staff.staff_file, name="staff_file"),
    # The reviewer area: outside the admin, for reviewers only.
    path("review/", reviewer_views.home, name="reviewer_home"),
    path("review/sign-in/", reviewer_views.sign_in, name="reviewer_sign_in"),
    path("review/sign-out/", reviewer_views.sign_out, name="reviewer_sign_out"),
    path("review/welcome/<str:token>/", reviewer_views.welcome, name="reviewer_welcome"),
    path("review/<int:pk>/", reviewer_views.assignment_page, name="reviewer_assignment"),
    path("review/<int:pk>/declare/", reviewer_views.declare, name="reviewer_declare"),
    path("review/<int:pk>/files/<int:file_pk>/", reviewer_views.reviewer_file, name="reviewer_file"),
]
