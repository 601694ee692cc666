"""The addresses alerts keep (core.holders): a subscriber and its alerts, until the subscriber is erased."""

from core.holders import Holder

from .models import OWNER, Subscriber
from .services import subscriber_erase


def held(addresses):
    return set(Subscriber.objects.filter(email__in=addresses).values_list("email", flat=True))


def found(address):
    subscribers = Subscriber.objects.filter(email=address).prefetch_related("alerts__search")
    rows = [
        {
            "alert": str(alert),
            "frequency": alert.frequency,
            "created_at": alert.created_at.isoformat(),
            "confirmed_at": alert.confirmed_at.isoformat() if alert.confirmed_at else None,
            "paused": alert.paused,
        }
        for subscriber in subscribers
        for alert in subscriber.alerts.all()
    ]
    people = [
        {"email": subscriber.email, "language": subscriber.language, "created_at": subscriber.created_at.isoformat()}
        for subscriber in subscribers
    ]
    return [("subscriber", people), ("alerts", rows)]


def erase(address):
    erased = 0
    for subscriber in Subscriber.objects.filter(email=address):
        erased += 1 + subscriber.alerts.count()
        subscriber_erase(subscriber)
    return erased


HOLDER = Holder(app=OWNER, held=held, found=found, erase=erase)
