"""Measurements from a pandas DataFrame, and back: the columns and rules of the CSV file.

A frame holds the columns of a measurements file, ``unit``, ``indicator``, ``period``,
``value`` and optionally ``source`` and ``note`` (any order; no other column), and
its rows are read as the rows of the file are (:mod:`thdx.io._row_reader`):
recognitions (``dx_completed``), reported counts, ranks with their cohort
("11/63"), shares with their unit ("92.5 %"). A missing cell (None, NaN, ``pd.NA``)
is an empty cell. Unit codes are text: a ``unit`` column of numbers is refused as a
whole, since a number has lost the code's leading zeros ("01" is 1). Every problem is
given at once, each with the row's label in the frame's index.

pandas is the optional extra ``thdx[pandas]``; it is imported on first use only.

>>> import pandas as pd
>>> df = pd.DataFrame({"unit": ["38", "38"], "indicator": ["dx_index_rank", "grdp"],
...                    "period": ["2023", "2024"], "value": ["11/63", 1.5e14]})
>>> data = from_frame(df)
>>> [m.shown() for m in data]
['11/63', '150000000000000 VND']
>>> list(to_frame(data).value)
['11/63', '150000000000000.0']
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from thdx.io._format import MEASUREMENT_HEADER, NOTE_COLUMN
from thdx.io._measurements_file import parse_labelled
from thdx.io._writing import table_rows
from thdx.model._errors import ArgumentTypeError, DataFileError, Problem, close_matches
from thdx.model._indicators import Catalogue, default_catalogue
from thdx.store._frames import pandas_module
from thdx.store._measurement_set import MeasurementSet

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["from_frame", "to_frame"]

#: The columns a frame must have, and those it may have.
_REQUIRED = ("unit", "indicator", "period", "value")
_OPTIONAL = ("source", NOTE_COLUMN)
_COLUMNS = (*MEASUREMENT_HEADER, NOTE_COLUMN)
_EXPECTED = "expected unit, indicator, period, value, and optionally source and note"


def _missing(x: object) -> bool:
    """Whether a cell is missing (None, NaN, ``pd.NA``, ``pd.NaT``): an empty cell."""
    if x is None:
        return True
    if isinstance(x, float | numbers.Real) and not isinstance(x, bool | numbers.Integral):
        return math.isnan(float(x))
    return type(x).__name__ in ("NAType", "NaTType")


def _period_text(x: object) -> str | None:
    """The text of a period cell that is not a text: a year (2024, or 2024.0 in a column
    that pandas made float by a gap) or a day; None for anything else."""
    if isinstance(x, bool):
        return None
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if isinstance(x, numbers.Real) and float(x).is_integer():
        return str(int(float(x)))
    if isinstance(x, _dt.datetime):
        return x.date().isoformat() if x.time() == _dt.time() and x.tzinfo is None else None
    if isinstance(x, _dt.date):
        return x.isoformat()
    return None


def _value_text(x: object) -> str | None:
    """The text of a value cell that is not a text: a number as Python writes it
    (``repr`` of a float: read back the same); None for anything else (a bool)."""
    if isinstance(x, bool) or type(x).__name__ == "bool_":
        return None
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if isinstance(x, numbers.Real):
        return repr(float(x))
    return None


def _cell(column: str, x: object) -> tuple[str, str | None]:
    """A frame's cell as the text a file would hold, or a problem (its message)."""
    if isinstance(x, str):
        return x, None
    if _missing(x):
        return "", None
    text = _period_text(x) if column == "period" else _value_text(x) if column == "value" else None
    if text is not None:
        return text, None
    kind = type(x).__name__
    if column == "unit" and isinstance(x, numbers.Number):
        return "", (
            f"{x!r} is a number ({kind}), not a unit code: codes are text, and a number "
            "has lost a code's leading zeros"
        )
    expected = {"period": "a text, a year or a day", "value": "a number or a text"}
    return "", f"{_shown(x)} ({kind}) is not {expected.get(column, 'a text')}"


def _shown(x: object) -> str:
    """A cell for a message: its repr, cut short."""
    text = repr(x)
    return text if len(text) <= 60 else text[:60] + "…"


def _label(label: object) -> str:
    """A row's place: its label in the frame's index ("row 3", "row 'a'", "row ('a', 1)")."""
    label = tuple(map(_plain, label)) if isinstance(label, tuple) else _plain(label)
    return f"row {label}" if isinstance(label, int) else f"row {label!r}"


def _plain(x: object) -> object:
    """A numpy scalar as the Python value it holds (np.int64(1) is 1)."""
    item = getattr(x, "item", None)
    return item() if isinstance(x, np.generic) and callable(item) else x


def _column_problems(df: pd.DataFrame, name: str) -> list[Problem]:
    """The problems of the frame's columns: missing, unknown, repeated, or a unit
    column of numbers (the whole column refused)."""
    problems: list[Problem] = []
    names = list(df.columns)
    seen: set[object] = set()
    for col in names:
        if col in seen:
            problems.append(Problem(f"{name}:{col!r}", "the column is given twice"))
        seen.add(col)
        if col not in _COLUMNS:
            near = close_matches(col, _COLUMNS)
            also = f"; did you mean {near[0]!r}?" if near else ""
            problems.append(Problem(name, f"unknown column {col!r} ({_EXPECTED}{also})"))
    problems.extend(
        Problem(name, f"missing column {col!r} ({_EXPECTED})")
        for col in _REQUIRED
        if col not in seen
    )
    if "unit" in seen and names.count("unit") == 1:
        kind = df["unit"].dtype.kind
        if kind in "biuf" and not df["unit"].isna().all():
            problems.append(
                Problem(
                    f"{name}:unit",
                    f"the column holds numbers (dtype {df['unit'].dtype}), not unit codes: "
                    "codes are text, and a number has lost a code's leading zeros ('01' "
                    "is 1); read the column as text (pandas.read_csv(..., "
                    "dtype={'unit': str}))",
                )
            )
    return problems


def from_frame(
    df: pd.DataFrame, *, catalogue: Catalogue | None = None, source: str = "<frame>"
) -> MeasurementSet:
    """Read a DataFrame of the CSV file's columns into a set (see the module's docs).

    Args:
        df: the frame: columns ``unit``, ``indicator``, ``period``, ``value``, and
            optionally ``source`` and ``note``.
        catalogue: indicators to check against (default: the shipped catalogue).
        source: what the frame is, named in every problem (a file it was read from).

    Raises:
        ImportError: pandas is not installed (the extra ``thdx[pandas]``).
        ArgumentTypeError: ``df`` is not a DataFrame, or ``source`` not a text.
        DataFileError: every problem: of the columns (missing, unknown, a unit
            column of numbers), else of the rows, each with its label.

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1.
    """
    pd_ = pandas_module("MeasurementSet.from_frame")
    if not isinstance(cast(object, df), pd_.DataFrame):
        msg = f"from_frame: df must be a pandas DataFrame, got {type(df).__name__}"
        raise ArgumentTypeError(msg)
    if not isinstance(cast(object, source), str):
        msg = f"from_frame: source must be a text naming the frame, got {source!r}"
        raise ArgumentTypeError(msg)
    problems = _column_problems(df, source)
    if problems:
        raise DataFileError(source, problems)
    cat = default_catalogue() if catalogue is None else catalogue
    width = 6 if NOTE_COLUMN in df.columns else 5
    columns = list(_COLUMNS[:width])
    bad: dict[int, list[tuple[str, str]]] = {}
    texts = [_texts(c, df[c] if c in df.columns else None, len(df), bad) for c in columns]
    index = df.index

    def label(i: int) -> str:
        return _label(index[i])

    rows = list(map(list, zip(*texts, strict=True)))
    # A row with a cell of the wrong type is not read further.
    found = {
        i: [Problem(f"{source}:{label(i)}:{col}", problem) for col, problem in bad[i]] for i in bad
    }
    return parse_labelled(source, rows, label, cat, width, stacklevel=3, bad=found)


def _texts(
    column: str, series: pd.Series[Any] | None, n: int, bad: dict[int, list[tuple[str, str]]]
) -> list[str]:
    """A frame's column as the texts a file would hold; the problem of a cell of the
    wrong type added to ``bad`` under its row's position."""
    if series is None:
        return [""] * n
    values: list[Any] = series.tolist()
    # A column of numpy numbers at once (a nullable Int64 or Float64 column holds
    # pd.NA, read cell by cell below).
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else "O"
    if kind == "f" and column == "value":
        return ["" if x != x else repr(x) for x in values]  # NaN: an empty cell
    if kind in "iu" and column in ("value", "period"):
        return list(map(str, values))
    out = values
    for i, x in enumerate(values):
        if type(x) is not str:
            text, problem = _cell(column, x)
            out[i] = text
            if problem is not None:
                bad.setdefault(i, []).append((column, problem))
    return out


def to_frame(data: MeasurementSet) -> pd.DataFrame:
    """The set as a DataFrame of the CSV file's columns and cells (see the module's
    docs): what :func:`~thdx.io.write_measurements` writes, ``note`` always included.

    Raises:
        ImportError: pandas is not installed (the extra ``thdx[pandas]``).
        ArgumentTypeError: ``data`` is not a MeasurementSet.
    """
    pd_ = pandas_module("MeasurementSet.to_frame")
    if not isinstance(cast(object, data), MeasurementSet):
        msg = f"to_frame: data must be a MeasurementSet, got {type(data).__name__}"
        raise ArgumentTypeError(msg)
    header, rows = table_rows(data, note=True)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    frame = pd_.DataFrame({h: list(c) for h, c in zip(header, columns, strict=True)})
    return cast("pd.DataFrame", frame)
