"""The sitemap: every published page in Korean and English, each with its hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Agreement, Partner
from programs.models import Event, Program


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # URLs per sitemap page, each language counted


class StaticSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "programs:list", "programs:event_list", "partners:list", "partners:agreement_list"]

    def location(self, name):
        return reverse(name)


class RecordSitemap(PortalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, record):
        return record.updated_at


class ProgramSitemap(RecordSitemap):
    model = Program


class EventSitemap(RecordSitemap):
    model = Event


class PartnerSitemap(RecordSitemap):
    model = Partner


class AgreementSitemap(RecordSitemap):
    model = Agreement


SITEMAPS = {
    "pages": StaticSitemap,
    "programs": ProgramSitemap,
    "events": EventSitemap,
    "partners": PartnerSitemap,
    "agreements": AgreementSitemap,
}
