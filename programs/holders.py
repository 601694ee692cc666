"""The addresses programs keep (core.holders): a suggestion's contact address, for the note on its decision."""

from core.holders import Holder

from .models import Suggestion
from .notes import OWNER


def held(addresses):
    return set(Suggestion.objects.filter(contact_email__in=addresses).values_list("contact_email", flat=True))


def found(address):
    suggestions = Suggestion.objects.filter(contact_email=address)
    rows = [
        {
            "title": suggestion.title,
            "organizer": suggestion.organizer,
            "state": suggestion.state,
            "email": suggestion.contact_email,
            "received_at": suggestion.created_at.isoformat(),
        }
        for suggestion in suggestions
    ]
    return [("suggestions", rows)]


def erase(address):
    """The suggestion stays for the editors (what was suggested); who sent it goes."""
    return Suggestion.objects.filter(contact_email=address).update(contact_email="")


HOLDER = Holder(app=OWNER, held=held, found=found, erase=erase)
