"""The CSV files thdx reads and writes: their headers, the indicator names that mark a
row as a recognition or a reported count, and how a text cell is written and read.

A text cell (a source, a note, a decision) that a spreadsheet would read as a formula
(it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return), or that has
leading or trailing white space, is written with a single quote in front, as OWASP
recommends against CSV injection; reading removes that quote, so writing then reading
gives back the same text.

>>> escape("=SUM(A1)"), cell(escape("=SUM(A1)")), cell("  plain  ")
("'=SUM(A1)", '=SUM(A1)', 'plain')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from thdx.model._levels import Level
from thdx.model._measurement_records import ReportedCount
from thdx.rulebooks._unit_lists import UNITS_HEADER

__all__ = [
    "MEASUREMENT_HEADER",
    "NOTE_COLUMN",
    "RECOGNITION_INDICATOR",
    "REPORTED_COUNT_HEADER",
    "REPORTED_COUNT_INDICATORS",
    "UNITS_HEADER",
    "Progress",
]

MEASUREMENT_HEADER = ("unit", "indicator", "period", "value", "source")
#: The optional sixth column of a measurements file: the measurement's note.
NOTE_COLUMN = "note"
REPORTED_COUNT_HEADER = ("unit", "level", "period", "count", "total", "source")
#: The indicator column value that marks a row as a recognition.
RECOGNITION_INDICATOR = "dx_completed"
#: The indicator column values that mark a row of a measurements file as a reported
#: count of completed units of a level; the value is ``count/total`` or ``count``.
REPORTED_COUNT_INDICATORS: Mapping[str, Level] = {
    "dx_completed_districts": Level.DISTRICT,
    "dx_completed_communes": Level.COMMUNE,
}
INDICATOR_OF_LEVEL = {level: ind for ind, level in REPORTED_COUNT_INDICATORS.items()}
#: The longest field read, in characters.
MAX_FIELD = 10_000

#: A progress callback: called with the bytes read so far and the file's size.
Progress = Callable[[int, int], object]

#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
_FORMULA_START = frozenset("=+-@\t\r")


def _risky(text: str) -> bool:
    """Whether a text cell is written with a ``'`` in front: it would start a formula
    in a spreadsheet, it has leading or trailing white space (which reading strips),
    or it is quotes in front of one of these (so that reading can tell them apart)."""
    if not text:
        return False
    if text[0].isspace() or text[-1].isspace():
        return True
    rest = text.lstrip("'")
    return bool(rest) and (rest[0] in _FORMULA_START or rest[0].isspace())


def escape(text: str) -> str:
    """A text cell as written (see :func:`_risky`)."""
    return "'" + text if _risky(text) else text


def cell(raw: str) -> str:
    """A cell as read: ``'`` followed by a risky text is that text, verbatim; any other
    cell is stripped of its surrounding white space."""
    if raw[:1] == "'" and _risky(raw[1:]):
        return raw[1:]
    return raw.strip()


def shown_row(row: list[str]) -> str:
    """A row for a message: its first fields, each cut short, never megabytes."""
    shown = [f if len(f) <= 40 else f[:40] + "…" for f in row[:8]]
    more = f" and {len(row) - 8} more fields" if len(row) > 8 else ""
    return f"{shown!r}{more}"


def blank(row: list[str]) -> bool:
    """Whether a row is a blank line (which carries no data)."""
    return not row or (len(row) == 1 and not row[0].strip())


def count_text(c: ReportedCount) -> str:
    """A reported count's value as written: ``count/total``, or ``count``."""
    return f"{c.count}" if c.total is None else f"{c.count}/{c.total}"
