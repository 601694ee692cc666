from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/check-in/", views.check_in_list, name="check_in_list"),
    path("tickets/<str:token>/", views.ticket, name="ticket"),
    path("tickets/<str:token>/calendar.ics", views.ticket_ics, name="ticket_ics"),
    path("tickets/<str:token>/cancel/", views.cancel, name="cancel"),
    path("tickets/<str:token>/claim/", views.claim, name="claim"),
    path("tickets/<str:token>/not-me/", views.not_me, name="not_me"),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
]
