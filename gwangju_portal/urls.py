from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = views.ADMIN_SITE_HEADER
admin.site.site_title = views.ADMIN_SITE_HEADER
admin.site.index_title = views.ADMIN_INDEX_TITLE

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

# Korean at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("", include("programs.urls")),
    path("", include("partners.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
