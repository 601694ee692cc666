from django.urls import path

from .views import catalogue, compare, events, profile, suggestions

app_name = "programs"

urlpatterns = [
    path("programs/", catalogue.ProgramListView.as_view(), name="list"),
    path("programs/eligibility/", catalogue.EligibilityView.as_view(), name="eligibility"),
    path("programs/my-answers/", profile.profile_page, name="profile"),
    path("programs/my-answers/remember/", profile.profile_remember, name="profile_remember"),
    path("programs/my-answers/forget/", profile.profile_forget, name="profile_forget"),
    path("programs/my-answers/fit.json", profile.profile_fit, name="profile_fit"),
    path("programs/compare/", compare.compare, name="compare"),
    path("programs/compare/change/", compare.shortlist_change, name="shortlist_change"),
    path("programs/deadlines.ics", catalogue.deadlines_ics, name="deadlines_ics"),
    path("programs/<slug:slug>.ics", catalogue.program_ics, name="program_ics"),
    path("programs/<slug:slug>/", catalogue.ProgramDetailView.as_view(), name="detail"),
    path("programs/<slug:slug>/attachments/<int:pk>/", catalogue.attachment_download, name="attachment"),
    path("programs/<slug:slug>/attachments.zip", catalogue.attachments_zip, name="attachments_zip"),
    path("suggest/", suggestions.suggest, name="suggest"),
    path("suggest/thanks/", suggestions.suggest_thanks, name="suggest_thanks"),
    path("events/", events.UpcomingEventListView.as_view(), name="event_list"),
    path("events/past/", events.PastEventListView.as_view(), name="event_past"),
    path("events/calendar/", events.event_calendar_today, name="event_calendar"),
    path("events/calendar.ics", events.events_ics, name="events_ics"),
    path("events/<int:year>/<int:month>/", events.event_month, name="event_month"),
    path("events/<int:year>/<int:month>/<int:day>/", events.EventDayView.as_view(), name="event_day"),
    path("events/<slug:slug>.ics", events.event_ics, name="event_ics"),
    path("events/<slug:slug>/", events.EventDetailView.as_view(), name="event_detail"),
]
