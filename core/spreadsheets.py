"""Cells a spreadsheet would read as a formula, neutralised the way OWASP's CSV injection guidance describes.

Every CSV and XLSX the portal writes puts an apostrophe before a text cell that starts with =, +, -, @, a tab or a
carriage return; the admin import removes exactly that apostrophe, so an export edited and imported back round-trips.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def formula_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def formula_guard_removed(value):
    if isinstance(value, str) and value.startswith(GUARD) and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value
