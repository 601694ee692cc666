from modeltranslation.translator import TranslationOptions, register

from .models import ApplicationForm, Question


@register(ApplicationForm)
class ApplicationFormTranslationOptions(TranslationOptions):
    fields = ("introduction",)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("section", "label", "help_text", "choices")
    required_languages = ("ko",)
