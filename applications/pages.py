"""The 신청하기 action on a program's public page (core.extensions): a link to the form's first step, shown while the
round takes applications on the portal. The page is cached per state, so the button comes and goes with the round."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import ApplicationForm

apply_label = _("Apply on the portal")


def apply_link(program, request):
    form = ApplicationForm.objects.filter(program=program).first()
    if form is None or not form.takes_applications:
        return None
    return reverse("applications:ask", args=[program.slug])
