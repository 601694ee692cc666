"""Query strings bounded before any work is done on them: an anonymous request costs the same whatever it repeats."""

from django.http import QueryDict

MAX_PARAMETERS = 30  # distinct names
MAX_VALUES = 20  # values of one name, after duplicates are dropped (more than any list a filter offers)
MAX_LENGTH = 200  # characters of one value


def bounded(params, single=(), only=None):
    """A copy of `params` with each name's values de-duplicated (first occurrence kept) and capped, long values cut,
    only the first value of the names in `single`, and only the names in `only` when it is given."""
    result = QueryDict(mutable=True)
    names = [name for name in params if only is None or name in only]
    for name in names[:MAX_PARAMETERS]:
        values = list(dict.fromkeys(value[:MAX_LENGTH] for value in params.getlist(name)))
        result.setlist(name[:MAX_LENGTH], values[:1] if name in single else values[:MAX_VALUES])
    return result
