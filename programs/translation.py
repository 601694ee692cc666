import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Audience, Category, Event, Program, Technology


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)


@register(Technology)
class TechnologyTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)


@register(Audience)
class AudienceTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)


@register(Program)
class ProgramTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "benefit",
        "how_to_apply",
        "contact",
        "expected_support",
        "selection_process",
        "schedule",
    )
    required_languages = ("ko",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "venue_name", "venue_address", "directions")
    required_languages = ("ko",)


# History after translation, so that the historical tables hold every language's column (django-simple-history's
# documented way with modeltranslation). The search columns and the audience tags are derived from other rows (a
# version restored must not bring back their old values), so they are left out.
simple_history.register(
    Program,
    excluded_fields=[
        "search_document",
        "search_vector",
        "search_title",
        "search_title_vector",
        "search_version",
        "audience_tags",
    ],
)
simple_history.register(
    Event, excluded_fields=["search_document", "search_vector", "search_title", "search_title_vector", "search_version"]
)
