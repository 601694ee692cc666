"""The reviewer area's forms: accepting the invitation, signing in with a one-time code, declaring an interest, and
scoring an application criterion by criterion."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import Declaration

CODE_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 20})


class WelcomeForm(forms.Form):
    """A password, and the first code of the authenticator app to confirm it was set up."""

    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    code = forms.CharField(
        label=_("The 6-digit code your authenticator app shows"), max_length=6, min_length=6, widget=CODE_WIDGET
    )

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.device = user, device

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:  # django-otp waits longer after each wrong code
            raise forms.ValidationError(_("Too many wrong codes: wait a few seconds, then type the newest code."))
        if not self.device.verify_token(code):
            raise forms.ValidationError(_("This code does not match: check the app's time and try the next code."))
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("One-time code"),
        help_text=_("The 6 digits of your authenticator app, or one of your recovery codes."),
        max_length=20,
        widget=CODE_WIDGET,
    )


class DeclarationForm(forms.Form):
    CHOICES = [("none", _("I have no conflict of interest with this application")), ("conflict", _("I have one"))]

    answer = forms.ChoiceField(label=_("Your declaration"), choices=CHOICES, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("If you have one: which"), choices=[("", "—"), *Declaration.Reason.choices], required=False
    )
    note = forms.CharField(label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "conflict" and not cleaned.get("reason"):
            self.add_error("reason", _("Say which interest you have."))
        return cleaned


class ScoreForm(forms.Form):
    """Points and a comment for each criterion of the rubric; the rules (range, comment length) are checked by
    reviewing.scores_submit, whose message is shown above the form."""

    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            given = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=_("%(criterion)s: points (0 to %(most)s, weight %(weight)s)")
                % {"criterion": criterion.name, "most": criterion.max_score, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.max_score,
                decimal_places=2,
                initial=given.points if given else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: comment (at least %(length)s characters)")
                % {"criterion": criterion.name, "length": criterion.min_comment_length},
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=given.comment if given else "",
            )

    def given(self):
        return {
            criterion.pk: (self.cleaned_data[f"points_{criterion.pk}"], self.cleaned_data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        }
