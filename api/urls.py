from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import problems, views
from .schema import DescriptionView

app_name = "api"

router = SimpleRouter()
router.register("programs", views.ProgramViewSet, basename="program")
router.register("events", views.EventViewSet, basename="event")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("agreements", views.AgreementViewSet, basename="agreement")

urlpatterns = [
    *router.urls,
    path("schema/", DescriptionView.as_view(), name="schema"),
    path("reference/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="reference"),
    re_path(r"^[\s\S]*$", problems.not_found),  # any character: an address with a line break in it too
]
