"""The reference reader of a measurements file: one row at a time.

A row is a measurement of a known indicator, a recognition (its indicator is
``dx_completed``: its period is the day of the decision, its value the decision's
number) or a reported count (``dx_completed_districts`` or ``dx_completed_communes``,
its value ``count/total`` or ``count``). Every problem of a row is given with its
``file:line:column``. The columnar reader sends here the rows it does not decide alone
and the rows with a problem, to word it.

>>> from thdx.model import default_catalogue
>>> cat = default_catalogue()
>>> row_item("d.csv", 2, ["38", "dx_completed", "2023-12-01", "12/QĐ", ""], cat, 5)
(Recognition(unit='38', on='2023-12-01', decision='12/QĐ'), [])
>>> [str(p) for p in row_item("d.csv", 3, ["38", "grdp", "2024", "x", ""], cat, 5)[1]]
["d.csv:3:value: 'x' is not a quantity ..."]
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable

from thdx.io._format import (
    MAX_FIELD,
    MEASUREMENT_HEADER,
    NOTE_COLUMN,
    RECOGNITION_INDICATOR,
    REPORTED_COUNT_INDICATORS,
    blank,
    cell,
    shown_row,
)
from thdx.io._values import PLAIN, value_kind
from thdx.model._coerce import as_day, code_problem
from thdx.model._errors import (
    DataFileError,
    Problem,
    ThdxError,
    close_matches,
    did_you_mean,
)
from thdx.model._indicators import Catalogue
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period, as_period
from thdx.model._problems import Problems

__all__: list[str] = []

Item = Measurement | Recognition | ReportedCount
#: A row's reading: its item, or its problems (every one).
Read = tuple[Item | None, list[Problem]]

#: A count in a file: ASCII digits, at most 9 of them (int() of a longer text can fail).
COUNT_VALUE = re.compile(r"([0-9]{1,9})\s*(?:/\s*([0-9]{1,9}))?")
_NOT_A_COUNT = (
    "is not a reported count (expected 'count/total' such as '114/558', or 'count'; whole "
    "numbers ≥ 0, at most 9 digits)"
)


def columns(width: int) -> tuple[str, ...]:
    """The columns of a measurements file of ``width`` columns."""
    return (*MEASUREMENT_HEADER, NOTE_COLUMN)[:width]


def period_at(c: Problems, place: str, text: str) -> Period | None:
    """The period of the ``period`` cell of the row at ``place`` (None: a problem added)."""
    where = f"{place}:period"
    return c.guard(where, functools.partial(as_period, text, where=where))


def row_item(name: str, line: int | str, row: list[str], cat: Catalogue, width: int) -> Read:
    """Read one row of a measurements file: its item, or its problems (every one).

    ``line`` is the row's line in a file, or its label elsewhere ("row 3" of a frame).
    """
    place = f"{name}:{line}"
    if len(row) != width:
        return None, [Problem(place, f"expected {width} fields, got {len(row)}: {shown_row(row)}")]
    too_long = [h for h, c in zip(columns(width), row, strict=True) if len(c) > MAX_FIELD]
    if too_long:
        return None, [
            Problem(f"{place}:{too_long[0]}", f"field longer than {MAX_FIELD} characters")
        ]
    unit, indicator, period = (c.strip() for c in row[:3])
    value, source = cell(row[3]), cell(row[4])
    note = cell(row[5]) if width > 5 else ""
    cells = {"unit": unit, "indicator": indicator, "period": period, "value": value}
    empty = [Problem(f"{place}:{col}", "empty") for col, text in cells.items() if not text]
    if empty:
        return None, empty
    problem = code_problem(unit)
    if problem:
        return None, [Problem(f"{place}:unit", problem)]
    if indicator == RECOGNITION_INDICATOR or indicator in REPORTED_COUNT_INDICATORS:
        if note:
            what = "recognition" if indicator == RECOGNITION_INDICATOR else "reported count"
            return None, [Problem(f"{place}:note", f"a {what} has no note (put it in the source)")]
        if indicator == RECOGNITION_INDICATOR:
            return _recognition_row(place, unit, period, value, source)
        return _reported_row(place, unit, indicator, period, value, source)
    if indicator not in cat:
        return None, [Problem(f"{place}:indicator", unknown_indicator(indicator, tuple(cat)))]
    found = Problems(name, DataFileError)
    per = period_at(found, place, period)
    if per is None:
        return None, found.problems
    where = f"{place}:value"
    measure = functools.partial(Measurement, unit, indicator, value, per, source, note)
    m = found.guard(where, functools.partial(measure, catalogue=cat, where=where))
    return m, found.problems


@functools.lru_cache(maxsize=256)
def unknown_indicator(indicator: str, known: tuple[str, ...]) -> str:
    """The problem of an indicator id not among ``known``, with the closest ones (once
    per distinct id: a file may repeat a typo on a million rows)."""
    return f"unknown indicator {indicator!r}" + did_you_mean(close_matches(indicator, known))


def _recognition_row(place: str, unit: str, period: str, value: str, source: str) -> Read:
    try:
        day = as_day(period)
    except ThdxError:
        message = (
            f"{period!r} is not a day (a recognition's period is the date of its decision, "
            "'YYYY-MM-DD')"
        )
        return None, [Problem(f"{place}:period", message)]
    return Recognition(unit=unit, on=day, decision=value, source=source), []


def _reported_row(
    place: str, unit: str, indicator: str, period: str, value: str, source: str
) -> Read:
    m = COUNT_VALUE.fullmatch(value)
    if m is None:
        return None, [Problem(f"{place}:value", f"{value!r} {_NOT_A_COUNT}")]
    found = Problems(place, DataFileError)
    per = period_at(found, place, period)
    if per is None:
        return None, found.problems
    total = None if m.group(2) is None else int(m.group(2))
    level = REPORTED_COUNT_INDICATORS[indicator]
    count = functools.partial(ReportedCount, unit, level, per, int(m.group(1)), total, source)
    return found.guard(f"{place}:value", count), found.problems


def parse_rows(
    records: Iterable[tuple[int | str, list[str]]], c: Problems, cat: Catalogue, width: int
) -> tuple[list[Item], list[bool]]:
    """Read every row one at a time (the reference reader): the items, and per
    measurement whether its value was a plain number; every problem is added to ``c``
    (two different values for one unit, indicator and period included)."""
    items: list[Item] = []
    plain: list[bool] = []
    seen: dict[tuple[str, str, _dt.date, _dt.date], tuple[int | str, Measurement]] = {}
    for line, row in records:
        if blank(row):
            continue  # a blank line carries no data
        item, found = row_item(c.source, line, row, cat, width)
        if found:
            c.extend(found)
            continue
        if isinstance(item, Measurement):
            key = (item.unit, item.indicator, item.period.start, item.period.end)
            if key in seen:
                first_line, first = seen[key]
                if (first.magnitude, first.cohort) != (item.magnitude, item.cohort):
                    c.extend([differs(c.source, line, cell(row[3]), first, first_line)])
                continue
            seen[key] = (line, item)
            plain.append(value_kind(row[3])[0] == PLAIN)
        if item is not None:
            items.append(item)
    return items, plain


def differs(
    name: str, line: int | str, value: str, first: Measurement, first_line: int | str
) -> Problem:
    """The problem of a row that gives another value for a unit, indicator and period
    (``first_line``: the line of the first, or its label: "row 3")."""
    on = f"line {first_line}" if isinstance(first_line, int) else first_line
    return Problem(
        f"{name}:{line}:value",
        f"{value!r} differs from {first.shown()!r} on {on} for the same unit "
        f"{first.unit!r}, indicator {first.indicator!r} and period {str(first.period)!r}",
    )
