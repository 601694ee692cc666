"""Per-record fragments: read together, the missing ones made once and then found in the cache."""

import time_machine
from django.utils import translation

from core.fragments import PER_MINUTE, cached_many, fragment_key
from core.generation import bump_content_generation


def test_missing_fragments_are_made_once_and_kept():
    made = []

    def make(keys):
        made.append(list(keys))
        return {key: key.upper() for key in keys if key != "nothing"}

    first = cached_many(["a", "b", "nothing"], make, 60)
    assert first == {"a": "A", "b": "B"}
    second = cached_many(["a", "b", "c"], make, 60)
    assert second == {"a": "A", "b": "B", "c": "C"}
    assert made == [["a", "b", "nothing"], ["c"]]


def test_a_fragment_key_always_carries_the_language_and_the_generation_and_time_one_way(db):
    with time_machine.travel("2026-12-01 10:00:05 +0900", tick=False) as clock:
        with translation.override("ko"):
            korean = fragment_key("card", 7)
        with translation.override("en"):
            english = fragment_key("card", 7)
        assert korean != english and korean.startswith("card:ko:") and english.endswith(":7")
        timed = fragment_key("ids", per=PER_MINUTE)
        clock.shift(30)
        assert fragment_key("ids", per=PER_MINUTE) == timed  # the same minute
        clock.shift(30)
        assert fragment_key("ids", per=PER_MINUTE) != timed
        before = fragment_key("card", 7)
        bump_content_generation()
        assert fragment_key("card", 7) != before
