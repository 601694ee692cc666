from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "summary", "description", "address")
    required_languages = ("ko",)


@register(Agreement)
class AgreementTranslationOptions(TranslationOptions):
    fields = ("title", "place", "areas", "summary")
    required_languages = ("ko",)
