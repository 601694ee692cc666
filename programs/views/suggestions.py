"""Public suggestions at /suggest/."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext

from core.ratelimit import SUGGESTIONS

from ..forms import SuggestionForm


def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            return redirect("programs:suggest_thanks")  # a bot learns nothing
        if SUGGESTIONS.count_request(request).over:
            form.add_error(None, gettext("You have sent several suggestions in the last hour. Please try again later."))
            return render(request, "programs/suggest.html", {"form": form}, status=429)
        form.save()
        return redirect("programs:suggest_thanks")
    return render(request, "programs/suggest.html", {"form": form}, status=400 if form.errors else 200)


def suggest_thanks(request):
    return render(request, "programs/suggest_thanks.html")
