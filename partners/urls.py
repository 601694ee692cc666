from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="list"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
]
