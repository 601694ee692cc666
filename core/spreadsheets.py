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


def spreadsheet_response(filename, headers, rows, file_format):
    """A CSV or XLSX download of `rows` under `headers`, every text cell formula-safe."""
    import tablib
    from django.http import HttpResponse

    dataset = tablib.Dataset(headers=[str(header) for header in headers])
    for row in rows:
        dataset.append([formula_safe(str(value)) if value is not None else "" for value in row])
    content_types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    content = dataset.export(file_format)
    if file_format == "csv":
        content = "\ufeff" + content  # a byte order mark, so that spreadsheet programs read Korean as UTF-8
    response = HttpResponse(content, content_type=content_types[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
