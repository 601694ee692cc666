from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api.documentation import documentation as api_documentation
from programs import feeds

from . import views
from .sitemaps import SITEMAPS, sitemap_index

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    # The API speaks both languages in every record, so it sits outside the language prefixes.
    path("api/v1/", include("api.urls")),
]

# Korean at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("open-data/", views.open_data, name="open_data"),
    path("api/", api_documentation, name="api_docs"),
    path("open-data/catalog.jsonld", views.open_data_catalog, name="open_data_catalog"),
    path("open-data/<slug:dataset>.<str:extension>", views.open_data_file, name="open_data_file"),
    path("feeds/programs/", feeds.ProgramFeed(), name="feed_programs"),
    path("feeds/programs/atom/", feeds.ProgramAtomFeed(), name="feed_programs_atom"),
    path("feeds/events/", feeds.EventFeed(), name="feed_events"),
    path("feeds/events/atom/", feeds.EventAtomFeed(), name="feed_events_atom"),
    path("", include("programs.urls")),
    path("", include("partners.urls")),
    path("", include("alerts.urls")),
    path("", include("registrations.urls")),
    path("", include("applications.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.lstrip('/')}{settings.PUBLIC_MEDIA_FOLDER}/<str:path>", views.public_media)
    ]
