"""Reading a file of counts of completed units published for a whole level.

Header: ``unit,level,period,count,total,source`` (``total`` may be empty). Every bad
row is reported at once with its ``file:line:column``, two different counts for one
unit, level and period included.

>>> [str(c.period) for c in reported_counts(
...     "unit,level,period,count,total,source\\n38,commune,2023,114,558,\\n", "r.csv")]
['2023']
"""

from __future__ import annotations

import os

from thdx.io._csv_files import read_text, rows
from thdx.io._format import REPORTED_COUNT_HEADER, blank, cell, count_text, shown_row
from thdx.io._row_reader import period_at
from thdx.model._coerce import code_problem
from thdx.model._errors import DataFileError
from thdx.model._measurement_records import ReportedCount
from thdx.model._periods import Period
from thdx.model._problems import Problems
from thdx.rulebooks._files import as_path

__all__ = ["read_reported_counts"]

_COUNTS = ("count", "total")
_WIDTH = len(REPORTED_COUNT_HEADER)


def read_reported_counts(path: str | os.PathLike[str]) -> list[ReportedCount]:
    """Read counts of completed units published for a whole level.

    Header: ``unit,level,period,count,total,source`` (total may be empty).

    Raises:
        ArgumentTypeError: ``path`` is not a path.
        DataFileError: listing every bad row (two different counts for one unit,
            level and period included).
    """
    p = as_path(path, "read_reported_counts")
    return reported_counts(read_text(p), str(p))


def _whole(text: str) -> bool:
    """A whole number of a file: ASCII digits, at most 9 of them."""
    return 0 < len(text) <= 9 and text.isascii() and text.isdigit()


def _period_of_row(c: Problems, place: str, cells: dict[str, str]) -> Period | None:
    """The period of a row whose cells are all good, None when one is not (its problems
    added to ``c``)."""
    before = len(c)
    for col in ("unit", "level", "period", "count"):
        if not cells[col]:
            c.add(f"{place}:{col}", "empty")
    unit, level, count, total = cells["unit"], cells["level"], cells["count"], cells["total"]
    problem = code_problem(unit) if unit else None
    if problem:
        c.add(f"{place}:unit", problem)
    if level and level not in ("district", "commune"):
        c.add(f"{place}:level", f"{level!r} is not a level (expected 'district' or 'commune')")
    period = period_at(c, place, cells["period"]) if cells["period"] else None
    for col in _COUNTS:
        if cells[col] and not _whole(cells[col]):
            c.add(f"{place}:{col}", f"{cells[col]!r} is not a whole number ≥ 0 (at most 9 digits)")
    if len(c) == before and total and int(count) > int(total):
        c.add(f"{place}:count", f"the count {int(count)} exceeds the total {int(total)}")
    return period if len(c) == before else None


def reported_counts(text: str, name: str) -> list[ReportedCount]:
    """The counts of the text of a reported counts file named ``name``."""
    out: list[ReportedCount] = []
    c = Problems(name, DataFileError)
    seen: dict[tuple[str, str, Period], tuple[int, ReportedCount]] = {}
    for line, row in rows(text, name, REPORTED_COUNT_HEADER):
        if blank(row):
            continue  # a blank line carries no data
        if len(row) != _WIDTH:
            c.add(f"{name}:{line}", f"expected {_WIDTH} fields, got {len(row)}: {shown_row(row)}")
            continue
        cells = dict(zip(REPORTED_COUNT_HEADER, (text.strip() for text in row), strict=True))
        cells["source"] = cell(row[5])
        period = _period_of_row(c, f"{name}:{line}", cells)
        if period is None:
            continue
        unit, level, total = cells["unit"], cells["level"], cells["total"]
        rc = ReportedCount(
            unit, level, period, int(cells["count"]), int(total) if total else None, cells["source"]
        )
        key = (unit, level, period)
        if key not in seen:
            seen[key] = (line, rc)
            out.append(rc)
            continue
        first_line, first = seen[key]
        if (first.count, first.total) != (rc.count, rc.total):
            c.add(
                f"{name}:{line}:count",
                f"{count_text(rc)!r} differs from {count_text(first)!r} on line "
                f"{first_line} for the same unit {unit!r}, level {level!r} and period "
                f"{str(period)!r}",
            )
    c.finalize()
    return out
