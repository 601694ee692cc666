"""Links by slug made without resolving each time are the links `reverse` makes, in each language."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.urls import slug_url


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("view_name", ["programs:detail", "programs:event_detail", "partners:detail"])
@pytest.mark.parametrize("slug", ["youth-academy", "p-12", "a_b-2026"])
def test_slug_url_is_reverse(language, view_name, slug):
    with translation.override(language):
        assert slug_url(view_name, slug) == reverse(view_name, kwargs={"slug": slug})
