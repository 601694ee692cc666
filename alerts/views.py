"""The alerts' pages: ask for an alert, confirm it, manage an address's alerts, unsubscribe in one click."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.numbers import parse_id
from core.ratelimit import ALERT_REQUESTS
from partners.models import Partner
from programs.models import Program

from . import services
from .follows import reminder_words
from .forms import AlertForm, FollowProgramForm, FrequencyForm
from .models import Alert, Frequency, Subscriber
from .searches import InvalidSearch, describe, in_words, normal_query, title_of
from .tokens import CONFIRM_HOURS, BadLink, confirm_token_read, subscriber_token_read


def bad_link(request):
    return render(request, "alerts/bad_link.html", {"hours": CONFIRM_HOURS}, status=400)


def too_many(request, form):
    """Counts one request from the visitor's address; past the hour's limit the form says so, keeping its input."""
    if ALERT_REQUESTS.count_request(request).over:
        form.add_error(None, gettext("You have asked for several alerts in the last hour. Please try again later."))
        return True
    return False


@never_cache
def alert_new(request):
    try:
        query = normal_query(request.GET)
    except InvalidSearch:
        return render(request, "alerts/bad_search.html", status=400)
    form = AlertForm(request.POST or None)
    context = {"form": form, "filters": describe(query), "query": query}
    if request.method == "POST" and form.is_valid():
        if too_many(request, form):
            return render(request, "alerts/new.html", context, status=429)
        services.alert_request(
            email=form.cleaned_data["email"],
            language=get_language(),
            query=query,
            frequency=form.cleaned_data["frequency"],
        )
        return redirect("alerts:requested")
    return render(request, "alerts/new.html", context, status=400 if form.errors else 200)


@never_cache
def alert_follow(request, kind, slug):
    """Follow a program (reminders, opening, changes) or an institute (its new programs and events)."""
    followable = {"program": Program, "institute": Partner}
    if kind not in followable:
        raise Http404
    target = get_object_or_404(followable[kind].objects.published(), slug=slug)
    form = (FollowProgramForm if kind == "program" else AlertForm)(request.POST or None)
    context = {"form": form, "kind": kind, "target": target, "reminders": reminder_words()}
    if request.method == "POST" and form.is_valid():
        if too_many(request, form):
            return render(request, "alerts/follow.html", context, status=429)
        services.alert_request(
            email=form.cleaned_data["email"],
            language=get_language(),
            frequency=form.cleaned_data.get("frequency") or Frequency.DAILY,
            **{"program" if kind == "program" else "institute": target},
        )
        return redirect("alerts:requested")
    return render(request, "alerts/follow.html", context, status=400 if form.errors else 200)


def alert_requested(request):
    """The same answer whether or not the address is known, or was asked for too often."""
    return render(request, "alerts/requested.html", {"hours": CONFIRM_HOURS})


def _alert_of_link(token):
    alert_id, is_address = confirm_token_read(token)
    alerts = Alert.objects.select_related("subscriber", "search", "institute", "program")
    alert = alerts.filter(pk=parse_id(alert_id)).first()
    if alert is None or not is_address(alert.subscriber.email):
        raise BadLink
    return alert


@never_cache
def alert_confirm(request, token):
    try:
        alert = _alert_of_link(token)
    except BadLink:
        return bad_link(request)
    manage_url = services.manage_link(alert.subscriber)
    if request.method == "POST":
        already = alert.confirmed
        alert = services.alert_confirm(alert, language=get_language())
        return render(request, "alerts/confirmed.html", {"alert": alert, "manage_url": manage_url, "already": already})
    if alert.confirmed:  # the link opened again: say so rather than ask a second time
        return render(request, "alerts/confirmed.html", {"alert": alert, "manage_url": manage_url, "already": True})
    return render(request, "alerts/confirm.html", {"alert": alert, "filters": in_words(alert)})


def _subscriber_of_link(salt, token):
    subscriber_id, is_address, alert_id = subscriber_token_read(salt, token)
    subscriber = Subscriber.objects.filter(pk=parse_id(subscriber_id)).first()
    if subscriber is None or not is_address(subscriber.email):
        raise BadLink
    return subscriber, alert_id


@never_cache
def alert_manage(request, token):
    try:
        subscriber, _ = _subscriber_of_link("alerts.manage", token)
    except BadLink:
        return bad_link(request)
    if request.method == "POST":
        return _manage_action(request, subscriber)
    alerts = subscriber.alerts.select_related("search", "institute", "program")
    rows = [(alert, title_of(alert), in_words(alert)) for alert in alerts]
    context = {"subscriber": subscriber, "rows": rows, "frequencies": Frequency.choices, "reminders": reminder_words()}
    return render(request, "alerts/manage.html", context)


def _manage_action(request, subscriber):
    action = request.POST.get("action")
    if action == "erase":  # asks first: erasing cannot be undone
        return render(request, "alerts/erase_confirm.html", {"subscriber": subscriber})
    if action == "erase-confirmed":
        services.subscriber_erase(subscriber)
        return render(request, "alerts/erased.html")
    alert = subscriber.alerts.filter(pk=parse_id(request.POST.get("alert"))).first()
    if alert is None:
        raise Http404
    if action == "frequency":
        form = FrequencyForm(request.POST)
        if not form.is_valid():
            return render(request, "alerts/bad_choice.html", status=400)
        services.alert_change(alert, frequency=form.cleaned_data["frequency"])
    elif action in ("pause", "resume"):
        services.alert_change(alert, paused=action == "pause")
    elif action == "delete":
        title = title_of(alert)
        services.alert_delete(alert)
        messages.success(request, gettext("The alert “%(title)s” was deleted.") % {"title": title})
    else:
        return render(request, "alerts/bad_choice.html", status=400)
    return redirect(request.path)


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a page, and so without a token
def alert_unsubscribe(request, token):
    try:
        subscriber, alert_id = _subscriber_of_link("alerts.unsubscribe", token)
    except BadLink:
        return bad_link(request)
    if request.method != "POST":
        return render(request, "alerts/unsubscribe.html", {"subscriber": subscriber, "single": alert_id is not None})
    if alert_id is None:
        services.subscriber_erase(subscriber)
    else:
        alert = subscriber.alerts.filter(pk=parse_id(alert_id)).first()
        if alert is not None:
            services.alert_delete(alert)
    return render(request, "alerts/unsubscribed.html")
