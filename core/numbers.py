"""Whole numbers from addresses and forms, read one way everywhere: ASCII digits in range, or None.

`str.isdigit()` accepts "²" and "①", which `int()` then refuses, and a 23-digit id passes both and overflows
SQLite's integers: each gave a 500 before this helper.
"""

import re

LARGEST_ID = 2**63 - 1  # the largest value of a 64-bit primary key
_DIGITS = re.compile(r"-?[0-9]{1,19}")


def parse_int(value, *, minimum=0, maximum=LARGEST_ID):
    """The number `value` spells in ASCII digits (a leading minus only where `minimum` is negative), or None when it
    spells none or one outside [minimum, maximum]."""
    text = "" if value is None else str(value).strip()
    if not _DIGITS.fullmatch(text) or (text.startswith("-") and minimum >= 0):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value):
    """A primary key from an address or a form, or None."""
    return parse_int(value, minimum=1)
