"""What changes a registration: registering, cancelling, the waiting list's offers and claims, an editor's approval,
decline, move up and check-in, reminders and the erasure of personal data.

Every change that takes or frees a seat runs in a transaction holding the event's row lock (SELECT ... FOR UPDATE on
PostgreSQL; SQLite serialises writers), so requests arriving together are decided one at a time, in the order they
get the lock: the seats (capacity plus overbooking) are never exceeded and a freed seat always goes to the first
person waiting.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from core.mail import after_quiet_hours, quiet
from core.models import EmailDelivery
from core.ratelimit import REGISTRATION_RESENDS
from core.signed import address_digest
from programs.models import Event, RegistrationMode

from .changes import changes_schedule
from .messages import claim_window, notify, notify_soon, offer_key
from .models import OWNER, RefusedAddress, Registration

Status = Registration.Status


class RegistrationClosed(Exception):
    """Registration for the event has not opened, has closed, or the event is not on the portal."""


class AlreadyRegistered(Exception):
    def __init__(self, registration):
        super().__init__(registration.pk)
        self.registration = registration


class AddressRefused(Exception):
    """The owner of the address said they did not register for this event."""


class OfferGone(Exception):
    """The offer was claimed, cancelled or has passed to the next person."""


def _locked(event_id):
    return Event.objects.select_for_update().get(pk=event_id)


def seats_free(event):
    return event.seats_total - event.registrations.holding_seats().count()


def register(
    event, *, name, email, language, phone="", organisation="", business_years="", interest=None, by_staff=False
):
    """A place for `email` in `event`: confirmed while seats are free and nobody waits, else on the waiting list;
    with approval, pending. Raises RegistrationClosed or AlreadyRegistered."""
    email = email.strip().lower()
    with transaction.atomic():
        event = _locked(event.pk)
        if not by_staff and event.registration_state() != "open":
            raise RegistrationClosed
        existing = event.registrations.active().filter(email=email).first()
        if existing is not None:
            raise AlreadyRegistered(existing)
        if not by_staff and event.refused_addresses.filter(address_digest=address_digest(email)).exists():
            raise AddressRefused
        someone_waits = event.registrations.filter(status=Status.WAITING).exists()
        if event.registration_needs_approval and not by_staff:
            status = Status.PENDING
        elif seats_free(event) > 0 and not someone_waits:
            status = Status.CONFIRMED
        else:
            status = Status.WAITING
        registration = Registration.objects.create(
            event=event,
            status=status,
            name=name,
            email=email,
            phone=phone,
            organisation=organisation,
            business_years=business_years,
            interest=interest,
            language=language,
            added_by_staff=by_staff,
        )
        notify_soon(registration, status)
        offers_make(event)
    return registration


def ticket_resend(registration):
    """Someone registered again with an address that already has a place: its message goes to that address again
    (not to the page, which anyone could open), at most a few times an hour."""
    if not REGISTRATION_RESENDS.count(f"{registration.event_id}:{registration.email}").over:
        notify_soon(registration, registration.status, key_suffix=uuid.uuid4().hex)


def address_confirm(registration, now=None):
    """The address's owner opened a link we sent it: from now on its messages may carry what was typed."""
    if registration.address_confirmed_at is None:
        registration.address_confirmed_at = now or timezone.now()
        Registration.objects.filter(pk=registration.pk, address_confirmed_at__isnull=True).update(
            address_confirmed_at=registration.address_confirmed_at
        )


def address_refuse(registration):
    """The address's owner did not register: the place is cancelled without a message (its seat passes on) and the
    address cannot be registered for this event again, except by the organizer's staff."""
    digest = address_digest(registration.email)
    RefusedAddress.objects.get_or_create(event_id=registration.event_id, address_digest=digest)
    return cancel(registration, tell=False)


def offers_make(event, now=None):
    """Offer every free seat to the next people waiting (call with the event locked); offers stop when
    registration closes. Returns how many were offered."""
    now = now or timezone.now()
    if event.registration_state(now) != "open":
        return 0
    free = seats_free(event)
    if free <= 0:
        return 0
    offered = 0
    for registration in event.registrations.waiting_in_order()[:free]:
        registration.status, registration.offered_at = Status.OFFERED, now
        registration.save(update_fields=["status", "offered_at", "updated_at"])
        notify_soon(registration, "offer")
        offered += 1
    return offered


def offer_deadline(registration):
    """The claim window runs from the moment the offer email was sent (shared/DECISIONS.md); None while it waits to
    be written or sent. An offer whose email could not be delivered runs from the offer itself."""
    delivery = EmailDelivery.objects.filter(recipient=registration.email, key=offer_key(registration)).first()
    if delivery is not None and delivery.status == EmailDelivery.Status.FAILED:
        return registration.offered_at + claim_window()
    return delivery.sent_at + claim_window() if delivery and delivery.sent_at else None


def _offer_lapse(registration, now):
    registration.status = Status.LAPSED
    registration.save(update_fields=["status", "updated_at"])
    notify_soon(registration, Status.LAPSED)
    offers_make(registration.event, now)


def offer_claim(registration, now=None):
    """The person takes the seat offered to them. Claiming twice is harmless; raises OfferGone when it is too late."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event_id)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        registration.event = event
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status != Status.OFFERED:
            raise OfferGone
        deadline = offer_deadline(registration)
        if deadline is not None and deadline <= now:
            _offer_lapse(registration, now)
            raise OfferGone
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        notify_soon(registration, Status.CONFIRMED)
    return registration


def offers_expire(now=None):
    """Offers not claimed within the window pass to the next person; seats freed otherwise (more capacity, an
    approval event's decline) are offered. Returns how many offers lapsed."""
    now = now or timezone.now()
    lapsed = 0
    for registration in Registration.objects.filter(status=Status.OFFERED).select_related("event"):
        deadline = offer_deadline(registration)
        if deadline is None or deadline > now:
            continue
        with transaction.atomic():
            event = _locked(registration.event_id)
            current = Registration.objects.get(pk=registration.pk)
            if current.status == Status.OFFERED and current.offered_at == registration.offered_at:
                current.event = event
                _offer_lapse(current, now)
                lapsed += 1
    return lapsed


def offers_refresh(event_id, now=None):
    """Free seats of one event (its capacity grew, say) go to the people waiting."""
    with transaction.atomic():
        return offers_make(_locked(event_id), now)


def event_saved(sender, instance, **kwargs):
    """An editor changed an event: on the portal, more seats may be free for its waiting list; and its registrants
    hear of a new time or place (registrations.changes)."""
    if kwargs.get("raw"):
        return
    if instance.registration_mode == RegistrationMode.PORTAL:
        transaction.on_commit(lambda: offers_refresh(instance.pk))
    transaction.on_commit(lambda: changes_schedule(instance))


def _seat_freed(registration, status, tell=True):
    """Set a final `status` (cancelled, declined) and pass the seat on. Call inside the event's lock."""
    held = registration.holds_seat
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    if tell:
        notify_soon(registration, status)
    if held:
        offers_make(registration.event)


def cancel(registration, tell=True):
    """One click from the email: the seat is free at once and offered to the first person waiting. With
    tell=False no message confirms it (the address's owner never registered)."""
    with transaction.atomic():
        event = _locked(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        registration.event = event
        if registration.status in Registration.ACTIVE:
            _seat_freed(registration, Status.CANCELLED, tell)
    return registration


def approve(registration):
    """An editor approves a pending registration: a seat while one is free, else the waiting list. Returns whether
    anything changed."""
    with transaction.atomic():
        event = _locked(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        registration.event = event
        if registration.status != Status.PENDING:
            return False
        free = seats_free(event) > 0 and not event.registrations.filter(status=Status.WAITING).exists()
        registration.status = Status.CONFIRMED if free else Status.WAITING
        registration.save(update_fields=["status", "updated_at"])
        notify_soon(registration, registration.status)
    return True


def decline(registration):
    with transaction.atomic():
        event = _locked(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        registration.event = event
        if registration.status not in Registration.ACTIVE:
            return False
        _seat_freed(registration, Status.DECLINED)
    return True


def move_up(registration):
    """An editor moves someone on the waiting list to its top."""
    with transaction.atomic():
        _locked(registration.event_id)
        line = Registration.objects.filter(event_id=registration.event_id).waiting_in_order()
        first = line.first()
        if first is None or registration.status != Status.WAITING or first.pk == registration.pk:
            return False
        Registration.objects.filter(pk=registration.pk).update(queued_at=first.queued_at - timedelta(milliseconds=1))
    return True


def check_in(registration, user, now=None):
    """Mark a confirmed registration as arrived; returns (registration, True when checked in just now). Scanning
    twice changes nothing and says when it was first checked in."""
    now = now or timezone.now()
    changed = Registration.objects.filter(
        pk=registration.pk, status=Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=user)
    registration.refresh_from_db()
    return registration, bool(changed)


def reminders_send(now=None):
    """7 days (for those who registered earlier) and 1 day before the event, outside quiet hours, once each for each
    start the event has: a moved event is reminded again for its new day. Returns how many were queued."""
    now = now or timezone.now()
    if quiet(now):
        return 0
    confirmed = Registration.objects.filter(
        status=Status.CONFIRMED, event__starts_at__gt=now, event__starts_at__lte=now + timedelta(days=7)
    ).select_related("event", "event__organizer")
    due = [
        ("week", confirmed.exclude(week_reminder_for=F("event__starts_at")).filter(
            event__starts_at__gt=now + timedelta(days=1),
            # registered within the last week before the event: the confirmation was reminder enough
            created_at__lt=F("event__starts_at") - timedelta(days=7),
        )),
        ("day", confirmed.exclude(day_reminder_for=F("event__starts_at")).filter(
            event__starts_at__lte=now + timedelta(days=1)
        )),
    ]  # fmt: skip
    queued = 0
    for which, registrations in due:
        for registration in registrations:
            starts_at = registration.event.starts_at
            sent_for = f"{which}_reminder_for"
            with transaction.atomic():
                claimed = Registration.objects.filter(pk=registration.pk).exclude(**{sent_for: starts_at})
                if claimed.update(**{sent_for: starts_at}):
                    key_suffix = str(int(starts_at.timestamp()))  # one message per start, not per pass
                    notify(registration, f"reminder_{which}", key_suffix, not_before=after_quiet_hours(now))
                    queued += 1
    return queued


def _ended(now):
    kept = now - timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    finished = [Status.CANCELLED, Status.DECLINED, Status.LAPSED]
    return Q(event__ends_at__lt=kept) | Q(status__in=finished, updated_at__lt=kept)


def personal_data_erase(now=None):
    """Names, addresses, phones and organisations go some time after the event (or after a cancellation); the rows
    stay, with their status, years in business and field of interest, for the counts. Returns how many."""
    now = now or timezone.now()
    erased = registrations_erase(Registration.objects.filter(_ended(now)), now)
    RefusedAddress.objects.filter(
        event__ends_at__lt=now - timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    ).delete()
    return erased


def registrations_erase(registrations, now=None):
    """Erase the personal data of `registrations` (a queryset): a place in an event still to come is cancelled first
    and passes on, without a message. Their own rows of the outbox and the admin log's mentions go too; the rows stay
    for the counts. Returns how many were erased."""
    now = now or timezone.now()
    erased = 0
    while ids := list(registrations.filter(erased_at__isnull=True).values_list("pk", flat=True)[:500]):
        coming = Registration.objects.filter(pk__in=ids, status__in=Registration.ACTIVE, event__ends_at__gt=now)
        for registration in coming:
            cancel(registration, tell=False)
        with transaction.atomic():
            keys = Q()
            for pk in ids:
                keys |= Q(key__startswith=f"registration:{pk}:")
            own = EmailDelivery.objects.filter(keys, owner=OWNER)
            own.exclude(status=EmailDelivery.Status.SENDING).delete()
            erased += Registration.objects.filter(pk__in=ids).update(
                name="", email=None, phone="", organisation="", erased_at=now
            )
            admin_log_redact(ids)
    return erased


def admin_log_redact(registration_ids):
    """The admin's log names a registration by its name ("홍길동 · 데모데이"): its lines keep what was done, not
    who."""
    content_type = ContentType.objects.get_for_model(Registration)
    LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in registration_ids]).update(
        object_repr=gettext("(erased)"), change_message=""
    )
