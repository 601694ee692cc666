"""Staff previews of records the public cannot see yet (a draft, a record in review, a scheduled one): private to the
browser that asked, so that no shared cache on the way (a proxy, a CDN) keeps a page that is not public."""

from django.utils.cache import patch_cache_control


def private_if_preview(response, record):
    if not record.is_public:
        patch_cache_control(response, private=True, no_store=True)
    return response


class PreviewMixin:
    """For detail views of publishable records shown to staff through `visible_to`."""

    def render_to_response(self, context, **response_kwargs):
        return private_if_preview(super().render_to_response(context, **response_kwargs), self.object)
