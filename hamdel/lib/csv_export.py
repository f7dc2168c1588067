"""The one CSV writer: every export the product offers streams through `csv_response`.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return, or
any of these behind invisible format characters such as U+202B) as a formula:
`=HYPERLINK(...)` in a customer's name would run on the exporting agent's machine.
Such cells get a leading apostrophe, which spreadsheets show as text and do not run
(OWASP, "CSV Injection"). Numbers, dates and other non-text values are written as is.
"""

import csv
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

# Characters a spreadsheet reads as the start of a formula, with their full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet will take it as text, never as a formula."""
    if not isinstance(value, str):
        return value
    visible = value.lstrip(" ")
    while visible and unicodedata.category(visible[0]) == "Cf":  # bidi marks, ZWSP, BOM...
        visible = visible[1:].lstrip(" ")
    if visible[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written, so csv.writer yields lines to stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(rows: Iterable[Sequence[object]], filename: str) -> StreamingHttpResponse:
    """A download of `rows` (the first one the header), streamed line by line."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
