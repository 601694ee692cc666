"""Addresses (slugs) made for records whose editor left the slug empty, as a Korean editor may: from the English
title, or `<prefix>-<id>` when there is none. No transliteration: a Korean title gives no slug of its own."""

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


def unique_slug(model, base, max_length):
    """`base` as a slug, with -2, -3, ... when another record of `model` has it."""
    root = slugify(base)[: max_length - 6] or "x"
    slug, number = root, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{root}-{number}", number + 1
    return slug


class AutoSlug(models.Model):
    """A slug that may be left empty in forms and imports; `slug_source` and `slug_prefix` say how it is made."""

    slug_source = "title_en"
    slug_prefix = "p"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        max_length = self._meta.get_field("slug").max_length
        english = getattr(self, self.slug_source, "") or ""
        if english.strip() and slugify(english):
            self.slug = unique_slug(type(self), english, max_length)
            return super().save(*args, **kwargs)
        with transaction.atomic():  # a placeholder until the id is known, then <prefix>-<id>
            self.slug = unique_slug(type(self), f"{self.slug_prefix}-new", max_length)
            super().save(*args, **kwargs)
            self.slug = f"{self.slug_prefix}-{self.pk}"
            super().save(update_fields=["slug"])
        return None


SLUG_HELP = _("The page's address. Left empty, it is made from the English title (or a number when there is none).")
