"""Registration's pages: the form, the ticket (a signed link, no password), cancel, claim an offer, and check-in
for the organizing institute's staff."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache

from core.numbers import parse_id
from core.ratelimit import REGISTRATIONS
from programs.ical import event_calendar_bytes
from programs.models import Event

from . import services, tokens
from .forms import RegistrationForm
from .messages import qr_code
from .models import Registration


def bad_link(request):
    return render(request, "registrations/bad_link.html", status=400)


def _registration_of_link(salt, token):
    registration_id, is_address = tokens.token_read(salt, token)
    registration = (
        Registration.objects.select_related("event", "event__organizer")
        .filter(pk=parse_id(registration_id), erased_at__isnull=True)
        .first()
    )
    if registration is None or not is_address(registration.email):
        raise tokens.BadLink
    return registration


def by_link(salt, confirms_address=True):
    """The view gets the registration a signed link names (a tampered or stale link gets the 400 page). Opening a
    link from the email shows that the address is the registrant's own (services.address_confirm)."""

    def decorator(view):
        @wraps(view)
        def with_registration(request, token):
            try:
                registration = _registration_of_link(salt, token)
            except tokens.BadLink:
                return bad_link(request)
            if confirms_address:
                services.address_confirm(registration)
            return view(request, registration, token)

        return with_registration

    return decorator


def _too_many(request, form):
    """One client cannot take the seats: registrations per visitor's address, counted in the shared cache."""
    usage = REGISTRATIONS.count_request(request)
    if usage.over:
        form.add_error(
            None, gettext("Many registrations came from your connection in the last hour. Please try again later.")
        )
    return usage.over


@never_cache
def register(request, slug):
    event = get_object_or_404(Event.objects.published().registering_on_portal().select_related("organizer"), slug=slug)
    form = RegistrationForm(request.POST or None)
    context = {
        "event": event,
        "form": form,
        "state": event.registration_state(),
        "seats_free": services.seats_free(event),
    }
    if request.method != "POST":
        return render(request, "registrations/register.html", context)
    if not form.is_valid():
        return render(request, "registrations/register.html", context, status=400)
    if _too_many(request, form):
        return render(request, "registrations/register.html", context, status=429)
    try:
        details = {name: value for name, value in form.cleaned_data.items() if name != "consent"}
        services.register(event, language=get_language(), **details)
    except services.RegistrationClosed:
        context["state"] = "closed"
        return render(request, "registrations/register.html", context, status=409)
    except services.AlreadyRegistered as already:
        services.ticket_resend(already.registration)
    except services.AddressRefused:
        pass  # its owner said they did not register: nothing is sent, and the answer is the same
    # The same answer whether or not the address already had a place: the ticket and the links that manage the place
    # go to the address only, never to whoever submitted the form.
    return render(request, "registrations/sent.html", {"event": event, "email": form.cleaned_data["email"]})


def _ticket_context(registration, token):
    return {
        "token": token,
        "registration": registration,
        "event": registration.event,
        "position": registration.waiting_position(),
        "qr_svg": qr_code(registration).svg_inline(scale=5, border=2, title=gettext("Ticket QR code"))
        if registration.status == Registration.Status.CONFIRMED
        else "",
        "offer_deadline": services.offer_deadline(registration)
        if registration.status == Registration.Status.OFFERED
        else None,
    }


@never_cache
@by_link("registrations.ticket")
def ticket(request, registration, token):
    return render(request, "registrations/ticket.html", _ticket_context(registration, token))


@by_link("registrations.ticket")
def ticket_ics(request, registration, token):
    response = HttpResponse(event_calendar_bytes(registration.event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


@never_cache
@by_link("registrations.ticket")
def cancel(request, registration, token):
    """GET asks (a mail scanner opening the link cancels nothing); the button's POST cancels at once."""
    if request.method == "POST":
        registration = services.cancel(registration)
        return render(
            request, "registrations/cancelled.html", {"registration": registration, "event": registration.event}
        )
    return render(request, "registrations/cancel.html", _ticket_context(registration, token))


@never_cache
@by_link("registrations.ticket", confirms_address=False)
def not_me(request, registration, token):
    """The address's owner did not register: GET asks (a mail scanner changes nothing); the button's POST cancels
    the place and keeps the address from being registered for this event again."""
    if request.method == "POST":
        services.address_refuse(registration)
        return render(request, "registrations/not_me_done.html", {"event": registration.event})
    return render(request, "registrations/not_me.html", {"event": registration.event})


@never_cache
@by_link("registrations.ticket")
def claim(request, registration, token):
    if request.method == "POST":
        try:
            registration = services.offer_claim(registration)
        except services.OfferGone:
            return render(request, "registrations/offer_gone.html", {"event": registration.event}, status=409)
        return redirect(tokens.ticket_path(registration))
    if registration.status == Registration.Status.CONFIRMED:
        return redirect(tokens.ticket_path(registration))
    if registration.status != Registration.Status.OFFERED:
        return render(request, "registrations/offer_gone.html", {"event": registration.event}, status=409)
    return render(request, "registrations/claim.html", _ticket_context(registration, token))


def _staff_of(request, event):
    """Check-in is for the organizing institute's staff and the city's editors; others get 403."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if not event.is_editable_by(user):
        raise PermissionDenied
    return True


@never_cache
@by_link("registrations.check-in", confirms_address=False)
def check_in(request, registration, token):
    if not _staff_of(request, registration.event):
        return redirect_to_login(request.get_full_path(), "admin:login")
    just_now = False
    if request.method == "POST":
        registration, just_now = services.check_in(registration, request.user)
    return render(
        request,
        "registrations/check_in.html",
        {"registration": registration, "event": registration.event, "just_now": just_now},
    )


@never_cache
def check_in_list(request, slug):
    """Check in by name, for people without their ticket: search, then one button per person. No JavaScript."""
    event = get_object_or_404(Event.objects.registering_on_portal(), slug=slug)
    if not _staff_of(request, event):
        return redirect_to_login(request.get_full_path(), "admin:login")
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        registration = event.registrations.filter(pk=parse_id(request.POST.get("registration"))).first()
        if registration is None:
            return render(request, "registrations/bad_link.html", status=400)
        services.check_in(registration, request.user)
        return redirect(f"{request.path}?{urlencode({'q': query})}" if query else request.path)
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    people = confirmed.filter(name__icontains=query) if query else confirmed
    context = {
        "event": event,
        "query": query,
        "people": people.order_by("name")[:100],
        "checked_in": confirmed.filter(checked_in_at__isnull=False).count(),
        "confirmed": confirmed.count(),
    }
    return render(request, "registrations/check_in_list.html", context)
