"""The programs app's public forms: "am I eligible?" and the suggestion form (crispy, Bootstrap 5)."""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .eligibility import Applicant, rule_conflicts
from .models import Category, Suggestion


class EligibilityForm(forms.Form):
    age = forms.IntegerField(label=_("Your age"), min_value=0, max_value=120, required=False)
    years = forms.IntegerField(
        label=_("Business years"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Years since you founded your business; 0 if you have not yet."),
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
        self.helper.add_input(Submit("check", _("Check"), css_class="btn-primary"))

    def applicant(self):
        data = self.cleaned_data if self.is_valid() else {}
        return Applicant(age=data.get("age"), years=data.get("years"))

    def html_key(self):
        """All the rendered form depends on besides the language, the content and its action: the answers as
        typed (which decide the values and errors shown), whatever else the query string holds."""
        answers = [(name, self.data.get(name, "")) for name in self.fields] if self.is_bound else []
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
    """The admin's program form: audiences, ages and business years must agree with each other."""

    def clean(self):
        cleaned = super().clean()
        audiences = cleaned.get("audiences")
        if audiences is None and self.instance.pk:
            audiences = self.instance.audiences.all()  # a form without the field keeps the saved audiences
        slugs = {audience.slug for audience in audiences or []}
        for problem in rule_conflicts(
            slugs,
            min_age=cleaned.get("min_age", self.instance.min_age),
            max_age=cleaned.get("max_age", self.instance.max_age),
            max_business_years=cleaned.get("max_business_years", self.instance.max_business_years),
        ):
            self.add_error("audiences" if "audiences" in self.fields else None, problem)
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
