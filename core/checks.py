"""Deployment checks of the portal's own, run by `manage.py check --deploy` (and so by `make serve`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_state(app_configs, **kwargs):
    """Several processes must share the content generation and rate limits through Redis."""
    if settings.DEBUG or settings.REDIS_URL or settings.SINGLE_PROCESS:
        return []
    return [
        Error(
            "REDIS_URL is not set, so the processes serving the portal would not share cached pages' generation and "
            "rate limits.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0), or DJANGO_SINGLE_PROCESS=1 when one process serves.",
            id="portal.E001",
        )
    ]


@register(Tags.security, deploy=True)
def site_url(app_configs, **kwargs):
    if settings.DEBUG or settings.SITE_URL.startswith("https://") or not settings.HTTPS:
        return []
    return [
        Warning(
            "DJANGO_SITE_URL does not start with https:// although the portal is served over HTTPS.",
            hint="Set DJANGO_SITE_URL to the public address, e.g. https://portal.example.kr.",
            id="portal.W001",
        )
    ]
