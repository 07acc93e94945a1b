"""Writing a measurement set as CSV: everything in it, read back equal.

Values are numbers and are written as they are ("-1.5"); shares with their unit
("92.5 %"), so that no reader takes them for fractions; ranks as ``rank/cohort``,
reported counts as ``count/total``. Text cells are escaped against CSV injection
(:mod:`thdx.io._format`).

>>> from thdx.io import example_data, parse_measurements
>>> data = example_data()
>>> parse_measurements(write_measurements(data)).reported_counts == data.reported_counts
True
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from typing import cast

from thdx.io._format import (
    INDICATOR_OF_LEVEL,
    MEASUREMENT_HEADER,
    NOTE_COLUMN,
    RECOGNITION_INDICATOR,
    count_text,
    escape,
)
from thdx.model._errors import ArgumentTypeError
from thdx.model._indicators import Catalogue, IndicatorKind
from thdx.model._measurement import Measurement
from thdx.rulebooks._files import as_path
from thdx.store._measurement_set import MeasurementSet

__all__ = ["write_measurements"]


def write_measurements(data: MeasurementSet, path: str | os.PathLike[str] | None = None) -> str:
    """Write a set as CSV, everything in it: measurements (with their notes),
    recognitions and reported counts; :func:`read_measurements` reads it back equal.

    Derived values are not written (reading computes them again). Shares are
    written with their unit ("92.5 %"), so that no reader takes them for fractions;
    the other values as plain numbers in the canonical unit, ranks as
    ``rank/cohort``, reported counts as ``count/total``. The ``note`` column is
    written only when a measurement has a note. A text that a spreadsheet would take
    for a formula, or with leading or trailing white space, is written with a ``'``
    in front (see the module's documentation); reading removes it.

    Returns:
        The CSV text; it is written to ``path`` too when given.

    Raises:
        ArgumentTypeError: ``data`` is not a MeasurementSet, or ``path`` is not a path.
    """
    if not isinstance(cast(object, data), MeasurementSet):
        msg = f"write_measurements: data must be a MeasurementSet, got {data!r}"
        raise ArgumentTypeError(msg)
    target = None if path is None else as_path(path, "write_measurements")
    header, rows = table_rows(data)
    text = "".join(map(_csv_line, [header, *rows]))
    if target is not None:
        target.write_text(text, encoding="utf-8", newline="")
    return text


def table_rows(
    data: MeasurementSet, *, note: bool | None = None
) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of cells that :func:`write_measurements` writes (the
    ``note`` column when a measurement has a note, or as ``note`` says)."""
    own = [m for m in data if not m.derived_from]
    with_note = any(m.note for m in own) if note is None else note
    blank = [""] if with_note else []
    header = [*MEASUREMENT_HEADER, *([NOTE_COLUMN] if with_note else [])]
    lines: list[list[str]] = []
    for m in own:
        cells = [
            m.unit,
            m.indicator,
            str(m.period),
            _value_text(m, data.catalogue),
            escape(m.source),
        ]
        lines.append([*cells, *([escape(m.note)] if with_note else [])])
    for r in data.recognitions:
        cells = [
            r.unit,
            RECOGNITION_INDICATOR,
            r.on.isoformat(),
            escape(r.decision),
            escape(r.source),
        ]
        lines.append([*cells, *blank])
    for c in data.reported_counts:
        cells = [
            c.unit,
            INDICATOR_OF_LEVEL[c.level],
            str(c.period),
            count_text(c),
            escape(c.source),
        ]
        lines.append([*cells, *blank])
    return header, lines


def _csv_line(row: Sequence[str]) -> str:
    """One CSV row ending in "\\n", a field holding "\\r" or "\\n" quoted.

    (csv.writer quotes only the characters of its line terminator: with "\\n" it
    would leave a lone "\\r" bare, and the reader would split the row there.)
    """
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow(row)
    return buf.getvalue()[:-2] + "\n"


def _value_text(m: Measurement, cat: Catalogue) -> str:
    if m.cohort is not None:
        return f"{int(m.magnitude)}/{m.cohort}"
    ind = cat.get(m.indicator)
    if ind is not None and ind.kind is IndicatorKind.SHARE and m.unit_of_measure == "percent":
        return f"{m.magnitude!r} %"
    return repr(m.magnitude)
