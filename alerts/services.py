"""What changes alerts: asking for one, confirming it, changing or deleting it, erasing an address."""

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.mail import queue_email
from core.models import EmailDelivery
from core.ratelimit import ALERT_CONFIRMATIONS

from .follows import material_values
from .models import ERASED_AFTER, OWNER, UNCONFIRMED_KEPT, Alert, Frequency, ProgramWatch, SavedSearch, Subscriber
from .searches import in_words
from .tokens import CONFIRM_HOURS, confirm_url, manage_url


def address_over_limit(email):
    """Confirmations sent to one address in the last hour, counted in the shared cache: past the limit, asking
    again sends nothing (the page says the same), so the form cannot be used to flood someone's inbox."""
    return ALERT_CONFIRMATIONS.count(email).over


def alert_request(*, email, language, frequency=Frequency.DAILY, query=None, institute=None, program=None):
    """Record an alert (a saved search `query`, an `institute` or a `program`) waiting for confirmation and email the
    link. Asking twice for the same thing is one alert."""
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
        target = {"institute": institute} if institute else {"program": program} if program else {}
        if not target:
            target = {"search": SavedSearch.objects.get_or_create(query=query)[0]}
        alert, created = Alert.objects.get_or_create(subscriber=subscriber, **target, defaults={"frequency": frequency})
        if not created and not alert.confirmed:
            alert.frequency = frequency
            alert.save(update_fields=["frequency"])
        if address_over_limit(email):
            return alert
        with translation.override(language):
            context = {
                "alert": alert,
                "filters": in_words(alert),
                "confirm_url": confirm_url(alert),
                "hours": CONFIRM_HOURS,
                "kept_days": UNCONFIRMED_KEPT.days,
                "site_url": settings.SITE_URL,
            }
            queue_email(
                email,
                f"confirm:{alert.pk}:{uuid.uuid4().hex}",  # each request its own message; exempt from quiet hours
                gettext("Confirm your alert from the Gwangju AI & Start-up Portal"),
                render_to_string("alerts/email/confirm.txt", context),
                html=render_to_string("alerts/email/confirm.html", context),
                owner=OWNER,
            )
    return alert


def alert_confirm(alert, *, language):
    """The person opened the link: from now on new programs count for this alert."""
    now = timezone.now()
    if not alert.confirmed:
        Alert.objects.filter(pk=alert.pk, confirmed_at__isnull=True).update(confirmed_at=now, covered_until=now)
    Subscriber.objects.filter(pk=alert.subscriber_id).update(language=language, active_at=now)
    Subscriber.objects.filter(pk=alert.subscriber_id, confirmed_at__isnull=True).update(confirmed_at=now)
    if alert.program_id:  # its followers are told about changes from this moment on
        ProgramWatch.objects.get_or_create(program=alert.program, defaults={"values": material_values(alert.program)})
    alert.refresh_from_db()
    return alert


def alert_change(alert, *, frequency=None, paused=None):
    if frequency is not None:
        alert.frequency = frequency
    if paused is not None:
        alert.paused = paused
    alert.save(update_fields=["frequency", "paused"])


def alert_delete(alert):
    with transaction.atomic():
        Subscriber.objects.filter(pk=alert.subscriber_id).update(active_at=timezone.now())
        alert.delete()


def subscriber_erase(subscriber):
    """Everything alerts keep about an address goes: its alerts, the address itself, and the lines alerts wrote in
    the delivery log. Lines other apps wrote stay theirs (a waiting-list offer's email starts its claim window)."""
    with transaction.atomic():
        own = EmailDelivery.objects.filter(recipient=subscriber.email, owner=OWNER)  # other apps' rows are theirs
        own.exclude(status=EmailDelivery.Status.SENDING).delete()
        subscriber.delete()


def alerts_clean_up(now=None):
    """Unconfirmed requests go after 7 days; an address with nothing left for 30 days is erased. Returns
    (requests deleted, addresses erased)."""
    now = now or timezone.now()
    requests, _ = Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT).delete()
    idle = Subscriber.objects.filter(alerts__isnull=True).filter(
        Q(confirmed_at__isnull=True) | Q(active_at__lt=now - ERASED_AFTER)
    )
    erased = 0
    for subscriber in idle:
        subscriber_erase(subscriber)
        erased += 1
    SavedSearch.objects.filter(alerts__isnull=True).delete()
    followed = Alert.objects.filter(program__isnull=False).values("program")
    ProgramWatch.objects.exclude(program__in=followed).delete()  # nobody left to tell about these programs
    return requests, erased


def manage_link(subscriber):
    with translation.override(subscriber.language):
        return manage_url(subscriber)
