from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="list"),
    path("programs/eligibility/", views.EligibilityView.as_view(), name="eligibility"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
    path("events/", views.UpcomingEventListView.as_view(), name="event_list"),
    path("events/past/", views.PastEventListView.as_view(), name="event_past"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
