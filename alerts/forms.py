from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ERASED_AFTER, UNCONFIRMED_KEPT, Frequency


class AlertForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label="")  # the label says how long; set in __init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "I agree that the portal keeps my email address, my language and these choices to send me these alerts. "
            "They are deleted when I delete my alerts, or %(erased)s days after I have none left; a request I do not "
            "confirm is deleted after %(kept)s days."
        ) % {"erased": ERASED_AFTER.days, "kept": UNCONFIRMED_KEPT.days}
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Email me"), css_class="btn-primary"))


class FollowProgramForm(AlertForm):
    """A program's follower gets its reminders and changes as they come: no frequency to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["frequency"]


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
