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


def won_in_words(amount, language):
    """An amount of won as a reader says it: "1억 5,000만 원", "5,000만 원" in Korean; "KRW 150 million",
    "KRW 9.6 billion" in English. Amounts that are not round are written in full ("1,234,567원")."""
    if amount is None:
        return ""
    if language == "ko":
        eok, man = divmod(amount, 10**8)
        man, rest = divmod(man, 10**4)
        if rest:
            return f"{amount:,}원"
        parts = [f"{eok:,}억" if eok else "", f"{man:,}만" if man else ""]
        return " ".join(part for part in parts if part) + " 원" if amount else "0원"
    for size, name in ((10**9, "billion"), (10**6, "million")):
        if amount >= size and amount % (size // 100) == 0:
            return f"KRW {amount / size:,.2f}".rstrip("0").rstrip(".") + f" {name}"
    return f"KRW {amount:,}"
