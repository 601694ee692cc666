from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="list"),
    path("programs/eligibility/", views.EligibilityView.as_view(), name="eligibility"),
    path("programs/deadlines.ics", views.deadlines_ics, name="deadlines_ics"),
    path("programs/<slug:slug>.ics", views.program_ics, name="program_ics"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
    path("programs/<slug:slug>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("programs/<slug:slug>/attachments.zip", views.attachments_zip, name="attachments_zip"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/thanks/", views.suggest_thanks, name="suggest_thanks"),
    path("events/", views.UpcomingEventListView.as_view(), name="event_list"),
    path("events/past/", views.PastEventListView.as_view(), name="event_past"),
    path("events/calendar/", views.event_calendar_today, name="event_calendar"),
    path("events/calendar.ics", views.events_ics, name="events_ics"),
    path("events/<int:year>/<int:month>/", views.event_month, name="event_month"),
    path("events/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
