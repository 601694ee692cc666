"""Per-record fragments: read together, the missing ones made once and then found in the cache."""

from core.fragments import cached_many


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
