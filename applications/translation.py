from modeltranslation.translator import TranslationOptions, register

from .models import ApplicationForm, Criterion, Question


@register(ApplicationForm)
class ApplicationFormTranslationOptions(TranslationOptions):
    fields = ("introduction",)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("section", "label", "help_text", "choices")
    required_languages = ("ko",)


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)
