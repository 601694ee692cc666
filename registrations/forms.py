from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from programs.models import Category

from .models import BusinessYears, Registration


class RegistrationForm(forms.ModelForm):
    consent = forms.BooleanField(label="")  # the label says how long; set in __init__

    class Meta:
        model = Registration
        fields = ["name", "email", "phone", "organisation", "business_years", "interest"]
        labels = {"business_years": _("Years in business (optional)"), "interest": _("Field of interest (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["email"].required = True
        self.fields["phone"].label = _("Phone (optional)")
        self.fields["organisation"].label = _("Organisation (optional)")
        self.fields["business_years"].choices = [("", _("Rather not say")), *BusinessYears.choices]
        self.fields["interest"].queryset = Category.objects.all()
        self.fields["interest"].empty_label = _("Rather not say")
        for name, autocomplete in (
            ("name", "name"),
            ("email", "email"),
            ("phone", "tel"),
            ("organisation", "organization"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.fields["phone"].widget.input_type = "tel"  # a phone's numeric keypad
        self.fields["consent"].label = _(
            "I agree that the organizer keeps my name, email address, phone and organisation to manage this "
            "registration and check me in, and my years in business and field of interest for its statistics. They "
            "are deleted %(days)s days after the event; only counts are kept. I may refuse: without this consent the "
            "portal cannot register me, and I can ask the organizer directly instead."
        ) % {"days": settings.REGISTRATION_RETENTION_DAYS}
        self.helper = FormHelper()
        self.helper.add_input(Submit("register", _("Register"), css_class="btn-primary btn-lg"))
