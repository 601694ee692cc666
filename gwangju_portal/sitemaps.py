"""The sitemap: every published page in Korean and English, each with its hreflang alternates."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

from core.site import absolute_url
from partners.models import Agreement, Partner
from programs.models import Event, Program


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # URLs per sitemap page, each language counted

    # The configured site URL, never the request's host (core.site).
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def sitemap_index(request, **kwargs):
    """Django's sitemap index, with each sitemap's address on the configured site URL."""
    response = sitemap_views.index(request, **kwargs)
    request_origin = f"{request.scheme}://{request.get_host()}"
    for item in response.context_data["sitemaps"]:
        item.location = absolute_url(item.location.removeprefix(request_origin))
    return response


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
