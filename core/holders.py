"""Who still holds an email address, asked in one place.

Each app that keeps email addresses registers a holder with the core (in its AppConfig.ready): which of some addresses
it still holds (an alert, a place in an event, a suggestion waiting for its answer), what it keeps about one (for a
data subject's request), and how to erase that. Every message in the outbox (core.mail) names the app that wrote it:
an app erases only its own rows, and an address's remaining rows go only when no holder has held it for
FORGET_AFTER (`addresses_forget`, a daily job). Before, erasing an alerts address took a waiting-list offer's email
row with it, and the offer's claim window never ended.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import AddressHold, AddressRequest, EmailDelivery
from .signed import address_digest

FORGET_AFTER = timedelta(days=30)
BATCH = 500


@dataclass(frozen=True)
class Holder:
    app: str  # the app label, which also names its rows in the outbox (EmailDelivery.owner)
    held: Callable[[list[str]], set[str]]  # which of these addresses the app still holds
    found: Callable[[str], list[tuple[str, list[dict]]]]  # [(what, [one dict per row])] kept about an address
    erase: Callable[[str], int]  # erase what the app keeps about an address; returns how many rows


_HOLDERS: dict[str, Holder] = {}


def holder_register(holder):
    _HOLDERS[holder.app] = holder


def holders():
    return [_HOLDERS[app] for app in sorted(_HOLDERS)]


def held_addresses(addresses):
    """The addresses among `addresses` that some holder still holds."""
    held = set()
    for holder in holders():
        held |= holder.held([address for address in addresses if address not in held])
    return held


def address_held(address):
    return address in held_addresses([address])


def outbox_rows(address):
    """The delivery log's rows of an address, whichever app wrote them."""
    return EmailDelivery.objects.filter(recipient=address)


def addresses_forget(now=None):
    """Forget the delivery log's rows of every address that no holder has held for FORGET_AFTER; remember when the
    others were last held. Returns how many rows were deleted."""
    now = now or timezone.now()
    deleted = 0
    recipients = EmailDelivery.objects.order_by("recipient").values_list("recipient", flat=True).distinct()
    addresses = list(recipients)
    for start in range(0, len(addresses), BATCH):
        batch = addresses[start : start + BATCH]
        held = held_addresses(batch)
        digests = {address: address_digest(address) for address in batch}
        AddressHold.objects.filter(digest__in=[digests[address] for address in held]).update(last_held_at=now)
        known = set(AddressHold.objects.filter(digest__in=digests.values()).values_list("digest", flat=True))
        AddressHold.objects.bulk_create(
            [
                AddressHold(digest=digests[address], last_held_at=now)
                for address in held
                if digests[address] not in known
            ]
        )
        deleted += _forget_unheld([address for address in batch if address not in held], digests, now)
    return deleted


def _forget_unheld(addresses, digests, now):
    last_held = dict(
        AddressHold.objects.filter(digest__in=[digests[address] for address in addresses]).values_list(
            "digest", "last_held_at"
        )
    )
    newest = dict(
        EmailDelivery.objects.filter(recipient__in=addresses)
        .values("recipient")
        .annotate(newest=Max("created_at"))
        .values_list("recipient", "newest")
    )
    deleted = 0
    for address in addresses:
        # Never seen held (rows from before this job): their newest row says when the address was last in use.
        last = last_held.get(digests[address]) or newest.get(address)
        if last is None or now - last < FORGET_AFTER:
            continue
        with transaction.atomic():
            rows = outbox_rows(address).exclude(status=EmailDelivery.Status.SENDING)
            deleted += rows.delete()[0]
            AddressHold.objects.filter(digest=digests[address]).delete()
    return deleted


# A data subject's request (개인정보 열람·삭제 요구), answered through the same holders -----------------------------


def address_report(address):
    """Everything the portal keeps about an address: [(app, what, [rows])], the delivery log's lines last."""
    report = [(holder.app, what, rows) for holder in holders() for what, rows in holder.found(address)]
    outbox = [
        {
            "written_by": row.owner,
            "subject": row.subject,
            "status": row.status,
            "queued_at": row.created_at.isoformat(),
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in outbox_rows(address)
    ]
    return [*report, ("core", "email log", outbox)]


def report_counts(report):
    return {f"{app}:{what}": len(rows) for app, what, rows in report}


@transaction.atomic
def address_erase(address):
    """Each app erases what it keeps about the address, then every line of the delivery log goes (a message being
    handed over at this moment excepted). Returns {app: rows erased}."""
    counts = {holder.app: holder.erase(address) for holder in holders()}
    counts["core"] = outbox_rows(address).exclude(status=EmailDelivery.Status.SENDING).delete()[0]
    AddressHold.objects.filter(digest=address_digest(address)).delete()
    return counts


def address_request_record(*, kind, address, counts, user, note=""):
    return AddressRequest.objects.create(
        kind=kind, digest=address_digest(address), counts=counts, handled_by=user, note=note[:300]
    )
