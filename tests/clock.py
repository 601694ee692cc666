"""A fixed 'now' for tests whose answers depend on the time: 10 March 2026, noon in Seoul."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=SEOUL)


def at(days, hour=12):
    """That many days from NOW, at the given hour in Seoul."""
    return (NOW + timedelta(days=days)).replace(hour=hour)
