import simple_history
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


# History after translation, so that the historical tables hold every language's column (django-simple-history's
# documented way with modeltranslation). The search columns are derived, so they are left out.
simple_history.register(Partner)
simple_history.register(Agreement)
