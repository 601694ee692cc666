from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable
from core.slugs import SLUG_HELP, AutoSlug
from core.text import single_line


class PartnerKind(models.TextChoices):
    CITY = "city", _("City")
    MINISTRY = "ministry", _("Ministry or government office")
    RESEARCH = "research", _("Public research institute")
    SUPPORT = "support", _("Support agency")
    FOUNDATION = "foundation", _("Foundation")
    UNIVERSITY = "university", _("University")
    INVESTOR = "investor", _("Investor")
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")


class Partner(AutoSlug, Publishable):
    institute_path = "pk"
    link_fields = ("website",)  # checked weekly (core.links)
    # Its own save moves the content generation, not the shared one: its programs' cards take its name when a page is
    # put together, so none is made again (core.generation).
    fragments_on_own_stamp = True

    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    short_name = models.CharField(_("short name"), max_length=60, blank=True, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True, help_text=SLUG_HELP)
    slug_source, slug_prefix = "name_en", "i"
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    summary = models.CharField(
        _("what it does"),
        max_length=300,
        blank=True,
        help_text=_(
            "One line on what the institute does for founders, shown on its card in the directory. "
            "Left empty, the card shows its kind and what it publishes on the portal."
        ),
        validators=[single_line],
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[single_line])
    address = models.CharField(_("address"), max_length=300, blank=True, validators=[single_line])
    logo = models.ImageField(_("logo"), upload_to="partners/logos/", blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        related_name="edited_partners",
        blank=True,
        help_text=_("Staff accounts that edit this institute's entries."),
    )

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("partner institute")
        verbose_name_plural = _("partner institutes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def full_label(self):
        """One name everywhere it is listed: the short name with the full one, "IITP (정보통신기획평가원)"."""
        if self.short_name and self.short_name != self.name:
            return f"{self.short_name} ({self.name})"
        return self.name


class Agreement(AutoSlug, Publishable):
    slug_prefix = "a"
    title = models.CharField(_("title"), max_length=300, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True, help_text=SLUG_HELP)
    signed_on = models.DateField(_("signed on"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[single_line])
    parties = models.ManyToManyField(Partner, verbose_name=_("parties"), related_name="agreements")
    areas = models.TextField(_("areas of cooperation"), blank=True, help_text=_("One area of cooperation per line."))
    summary = models.TextField(_("summary"), blank=True)
    source_url = models.URLField(_("source URL"), blank=True)

    class Meta(Publishable.Meta):
        ordering = ["-signed_on", "title"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:agreement_detail", kwargs={"slug": self.slug})

    @property
    def area_list(self):
        return [line.strip() for line in self.areas.splitlines() if line.strip()]
