"""Public suggestions at /suggest/: a form with a honeypot, and a limit per address shared by every server."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.security import client_ip

from .models import Suggestion

RATE_WINDOW_SECONDS = 3600


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


def over_rate_limit(request):
    """Counts one suggestion from the visitor's address; True once more than the hourly limit were sent."""
    key = f"suggestions:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > settings.SUGGESTIONS_PER_HOUR
