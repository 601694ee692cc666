from django.urls import path

from . import staff, views

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
    path("staff/applications/files/<int:pk>/", staff.staff_file, name="staff_file"),
]
