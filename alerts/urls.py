from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/new/", views.alert_new, name="new"),
    path("alerts/follow/<str:kind>/<slug:slug>/", views.alert_follow, name="follow"),
    path("alerts/requested/", views.alert_requested, name="requested"),
    path("alerts/confirm/<str:token>/", views.alert_confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.alert_manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.alert_unsubscribe, name="unsubscribe"),
]
