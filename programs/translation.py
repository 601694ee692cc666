from modeltranslation.translator import TranslationOptions, register

from .models import Audience, Category, Event, Program


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)


@register(Audience)
class AudienceTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)


@register(Program)
class ProgramTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "benefit", "how_to_apply", "contact")
    required_languages = ("ko",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "venue_name", "venue_address")
    required_languages = ("ko",)
