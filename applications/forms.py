"""The applicant's forms: asking for a link, their details with the consent Korean law asks for, and one form per
section of a round's questions. A section saves as a draft without its required answers; submitting checks them all
(services.missing_answers)."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Application, QuestionKind

BUSINESS_NUMBER = re.compile(r"^\d{3}-?\d{2}-?\d{5}$")


class AskForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We email you a link to your application; it opens it from any device."),
    )


class ApplicantForm(forms.ModelForm):
    """Who applies. Every form starts with it; saving it needs the consent (the data are personal)."""

    consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal data as described above."), required=True
    )

    class Meta:
        model = Application
        fields = ["name", "phone", "organisation", "stage", "founded_on", "business_number", "name_may_be_published"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "stage": forms.RadioSelect,
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "business_number": forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "123-45-67890"}),
        }
        help_texts = {"business_number": _("Optional: 10 digits.")}
        labels = {
            "name_may_be_published": _(
                "If I am selected, my organisation's name may be published with the round's results (optional)."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "phone", "stage"):
            self.fields[name].required = True
        self.fields["stage"].choices = Application.Stage.choices

    def clean_business_number(self):
        number = self.cleaned_data["business_number"].strip()
        if number and not BUSINESS_NUMBER.match(number):
            raise forms.ValidationError(_("Enter the business registration number as 10 digits, e.g. 123-45-67890."))
        digits = number.replace("-", "")
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if digits else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") == Application.Stage.FOUNDED and not cleaned.get("founded_on"):
            self.add_error("founded_on", _("Give the day your business was founded (개업일)."))
        if cleaned.get("stage") == Application.Stage.PRE_FOUNDER:
            cleaned["founded_on"] = None
        return cleaned


def korean_length(text):
    """Characters as Korean forms count them: spaces and line breaks included, a line break once."""
    return len(unicodedata.normalize("NFC", text.replace("\r\n", "\n")))


class CountedTextField(forms.CharField):
    """A text with a limit counted as Korean forms count it (공백 포함)."""

    def __init__(self, *, limit=None, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)
        if limit:
            self.widget.attrs["maxlength"] = str(limit)
            self.widget.attrs["data-limit"] = str(limit)

    def to_python(self, value):
        text = super().to_python(value)
        return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))

    def validate(self, value):
        super().validate(value)
        if self.limit and korean_length(value) > self.limit:
            raise forms.ValidationError(
                ngettext(
                    "Write at most %(limit)d character, spaces included (now %(count)d).",
                    "Write at most %(limit)d characters, spaces included (now %(count)d).",
                    self.limit,
                )
                % {"limit": self.limit, "count": korean_length(value)}
            )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def question_field(question):
    """The form field of one question; never required here (a draft may leave it empty)."""
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    kind = question.kind
    if kind == QuestionKind.LONG_TEXT:
        return CountedTextField(limit=question.max_length, widget=forms.Textarea(attrs={"rows": 6}), **common)
    if kind == QuestionKind.SHORT_TEXT:
        return CountedTextField(limit=question.max_length or 200, **common)
    if kind == QuestionKind.NUMBER:
        return forms.DecimalField(
            max_digits=18, decimal_places=2, widget=forms.NumberInput(attrs={"step": "any"}), **common
        )
    if kind == QuestionKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    choices = [(choice, choice) for choice in question.choice_list]
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.CHOICES:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    accept = ",".join(f".{kind}" for kind in question.allowed_types)
    return forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": accept}), **common)


def field_name(question):
    return f"q{question.pk}"


def stored_value(value):
    """An answer as the application keeps it (JSON): text, a list of choices, an ISO date, a number as text."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)


class SectionForm(forms.Form):
    """The questions of one section, with the answers the application keeps as initial values."""

    def __init__(self, questions, *args, answers=None, kept_files=None, **kwargs):
        answers, kept_files = answers or {}, kept_files or {}
        initial = {field_name(question): answers.get(str(question.pk)) for question in questions}
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            field = self.fields[field_name(question)] = question_field(question)
            if question.pk in kept_files:  # a file input cannot show what was sent: the help text says it
                kept = _("Saved: %(name)s. Choose another file to replace it.") % {
                    "name": kept_files[question.pk].original_name
                }
                field.help_text = f"{field.help_text} {kept}".strip()

    def answers(self):
        """{question id: stored value} of the typed answers (files are stored apart)."""
        return {
            str(question.pk): stored_value(self.cleaned_data.get(field_name(question)))
            for question in self.questions
            if question.kind != QuestionKind.FILE
        }

    def uploads(self):
        """[(question, uploaded file)] of the files chosen in this section."""
        return [
            (question, upload)
            for question in self.questions
            if question.kind == QuestionKind.FILE and (upload := self.cleaned_data.get(field_name(question)))
        ]


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you disagree with the result"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("The institute answers in writing, by email and on this page."),
    )
