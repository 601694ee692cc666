"""The programs app's public forms: "am I eligible?" and the suggestion form (crispy, Bootstrap 5)."""

import copy
import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .filters import WHO_YOU_ARE, ProgramFilter, answers_from, tag_audiences
from .models import Suggestion
from .rules import edge_warnings


def who_you_are_field(name):
    """A fresh copy of the catalogue's own field (programs/filters.py), for a form that asks who you are alone."""
    return copy.deepcopy(ProgramFilter.base_filters[name].field)


class EligibilityForm(forms.Form):
    """ "Who you are", asked alone (the checker, a program's own check, the home page, a remembered profile): the
    catalogue's own fields, under the same names, so that one query string gives one answer everywhere."""

    def __init__(self, *args, action=None, **kwargs):
        # Its own ids: a program's page shows it beside other forms with fields of the same names.
        kwargs.setdefault("auto_id", "eligibility-%s")
        super().__init__(*args, **kwargs)
        for name in WHO_YOU_ARE:
            self.fields[name] = who_you_are_field(name)
        self.fields["category"].label = _("Field of interest")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action or reverse("programs:eligibility")
        self.helper.form_class = "portal-eligibility"
        # An explicit layout: without one, crispy-bootstrap5 lends the form tag's attributes (its action) to the
        # checkboxes' container, which is not valid HTML.
        self.helper.layout = Layout(*self.fields)
        self.helper.add_input(Submit("check", _("Check"), css_class="btn-primary"))

    def answers(self):
        return answers_from(self.cleaned_data if self.is_valid() else {})

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
