"""The programs app's public forms: "am I eligible?" and the suggestion form (crispy, Bootstrap 5)."""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Audience, Category, Suggestion
from .rules import DERIVED, EVERYONE, Answers, edge_warnings


def tag_audiences():
    """The audiences a person confirms (students, researchers...): those no rule expresses."""
    return Audience.objects.exclude(slug__in=DERIVED | EVERYONE)


class EligibilityForm(forms.Form):
    age = forms.IntegerField(label=_("Your age"), min_value=0, max_value=120, required=False)
    years = forms.IntegerField(
        label=_("Business years"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Your business's year number: 1 in its first year, 0 if you have not started one."),
    )
    confirm = forms.ModelMultipleChoiceField(
        label=_("I am"),
        queryset=tag_audiences(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Programs for these people fit you; for the others you are asked to check."),
    )
    category = forms.ModelChoiceField(
        label=_("Field of interest"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any field"),
    )

    def __init__(self, *args, action=None, **kwargs):
        # Its own ids: the catalogue shows it beside the filters, which have fields of the same names.
        kwargs.setdefault("auto_id", "eligibility-%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action or reverse("programs:eligibility")
        self.helper.form_class = "portal-eligibility"
        # An explicit layout: without one, crispy-bootstrap5 lends the form tag's attributes (its action) to the
        # checkboxes' container, which is not valid HTML.
        self.helper.layout = Layout(*self.fields)
        self.helper.add_input(Submit("check", _("Check"), css_class="btn-primary"))

    def answers(self):
        data = self.cleaned_data if self.is_valid() else {}
        category = data.get("category")
        confirmed = frozenset(audience.slug for audience in data.get("confirm") or [])
        return Answers(
            age=data.get("age"),
            years=data.get("years"),
            category=category.slug if category else None,
            confirmed=confirmed,
        )

    def html_key(self):
        """All the rendered form depends on besides the language, the content and its action: the answers as
        typed (which decide the values and errors shown), whatever else the query string holds."""
        answers = [(name, sorted(self.data.getlist(name))) for name in self.fields] if self.is_bound else []
        return hashlib.sha256(repr((self.helper.form_action, answers)).encode()).hexdigest()[:32]


class SuggestionForm(forms.ModelForm):
    # Hidden from people; a bot that fills every field fills this one too.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    class Meta:
        model = Suggestion
        fields = ["kind", "title", "organizer", "starts_on", "ends_on", "link", "contact_email", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        }
        help_texts = {
            "contact_email": _("Only the portal's editors see it, to ask you about the suggestion."),
            "link": _("The announcement or the organizer's page."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "kind",
            "title",
            "organizer",
            Div(Div("starts_on", css_class="col-sm-6"), Div("ends_on", css_class="col-sm-6"), css_class="row"),
            "link",
            "contact_email",
            "description",
            Div(Field("homepage", tabindex="-1", autocomplete="off"), css_class="visually-hidden", aria_hidden="true"),
        )
        self.helper.add_input(Submit("send", _("Send suggestion"), css_class="btn-primary"))

    def is_bot(self):
        return bool(self.cleaned_data.get("homepage"))


class ProgramAdminForm(forms.ModelForm):
    """The admin's program form: stages and youth follow from the rules, so only the audiences no rule expresses
    are chosen; rules that meet only at an edge are saved with a warning (`warnings`), and saving confirms the
    rules a migration asked an editor to check (`rules_to_confirm`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "audiences" in self.fields:
            self.fields["audiences"].queryset = tag_audiences()
            self.fields["audiences"].widget = forms.CheckboxSelectMultiple(choices=self.fields["audiences"].choices)
            self.fields["audiences"].help_text = _(
                "Stages and youth follow from the age and business-years rules; choose here only who no rule "
                "can name (students, researchers...)."
            )
        self.warnings = []

    def clean(self):
        cleaned = super().clean()
        rules = {
            name: cleaned.get(name, getattr(self.instance, name))
            for name in ("min_age", "max_age", "min_business_years", "max_business_years")
        }
        # A maximum below its minimum is refused by the model's constraints, with their own messages.
        self.warnings = edge_warnings(**rules)
        self.instance.rules_to_confirm = []
        return cleaned


class ExtendClosingForm(forms.Form):
    """The new closing time of several programs at once: later than each one's present closing time."""

    closes_at = forms.SplitDateTimeField(label=_("New closing date and time"), widget=AdminSplitDateTime)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = programs

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        shortened = [str(p) for p in self.programs if p.application_closes_at and p.application_closes_at > closes_at]
        if shortened:
            raise forms.ValidationError(
                _("This would close these programs earlier: %(titles)s. Choose a later time, or leave them out.")
                % {"titles": ", ".join(shortened)}
            )
        return closes_at
