"""Reading and writing data files: measurements (with recognitions and reported counts)
and administrative units, as CSV.

``read_measurements`` reads a UTF-8 CSV (with or without BOM) with the header
``unit,indicator,period,value,source`` (and optionally a sixth column, ``note``);
``source`` may be empty. A recognition is a row whose indicator is ``dx_completed``:
its period is the date of the decision and its value the decision's number. A
reported count is a row whose indicator is ``dx_completed_districts`` or
``dx_completed_communes``, its value ``count/total`` ("114/558") or ``count``. Every
bad row is reported at once, each with its ``file:line:column``; nothing is dropped,
clipped or guessed.

A text cell (a source, a note, a decision) that a spreadsheet would read as a formula
(it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return), or that has
leading or trailing white space, is written with a single quote in front, as OWASP
recommends against CSV injection; reading removes that quote, so writing then reading
gives back the same text. Values are numbers and are written as they are ("-1.5").

>>> data = example_data()
>>> len(data) >= 9
True
>>> parse_measurements(write_measurements(data)).reported_counts == data.reported_counts
True
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io
import itertools
import math
import os
import re
import stat
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any, cast

import numpy as np
import numpy.typing as npt

from thdx.model._errors import ArgumentTypeError, DataFileError, Problem, ThdxError, ThdxWarning
from thdx.model._indicators import Catalogue, Indicator, IndicatorKind, default_catalogue
from thdx.model._periods import Period, as_period
from thdx.model._quantities import MAX_VALUE_LENGTH, to_magnitude
from thdx.model._units import AdministrativeUnit, Hierarchy, Level
from thdx.store._measurements import (
    RANK_COHORTS,
    Measurement,
    MeasurementSet,
    Recognition,
    ReportedCount,
    _cohort_problem,
    _out_of_range,
    _parse_rank,
    _range_problem,
    fraction_warning,
)

__all__ = [
    "MEASUREMENT_HEADER",
    "NOTE_COLUMN",
    "RECOGNITION_INDICATOR",
    "REPORTED_COUNT_HEADER",
    "REPORTED_COUNT_INDICATORS",
    "UNITS_HEADER",
    "Progress",
    "example_data",
    "parse_measurements",
    "read_measurements",
    "read_reported_counts",
    "read_units",
    "write_measurements",
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
_INDICATOR_OF_LEVEL = {level: ind for ind, level in REPORTED_COUNT_INDICATORS.items()}
_MAX_FIELD = 10_000
# A count in a file: ASCII digits, at most 9 of them (int() of a longer text can fail).
_WHOLE = re.compile(r"[0-9]{1,9}")
_COUNT_VALUE = re.compile(r"([0-9]{1,9})\s*(?:/\s*([0-9]{1,9}))?")

#: A progress callback: called with the bytes read so far and the file's size.
Progress = Callable[[int, int], object]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# -- text cells: CSV injection and white space ---------------------------------------

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


def _escape(text: str) -> str:
    """A text cell as written (see :func:`_risky`)."""
    return "'" + text if _risky(text) else text


def _cell(raw: str) -> str:
    """A cell as read: ``'`` followed by a risky text is that text, verbatim; any other
    cell is stripped of its surrounding white space."""
    if raw[:1] == "'" and _risky(raw[1:]):
        return raw[1:]
    return raw.strip()


# -- paths ----------------------------------------------------------------------------


def _path(path: object, func: str) -> Path:
    """``path`` as a Path.

    Raises:
        ArgumentTypeError: it is neither a str nor an os.PathLike (None, bytes, a number).
        DataFileError: it holds a NUL byte (no file can have that name).
    """
    if not isinstance(path, str | os.PathLike):
        msg = f"{func}: path must be a file path (a str or os.PathLike), got {path!r}"
        raise ArgumentTypeError(msg)
    text = os.fspath(path)
    if not isinstance(text, str):
        msg = f"{func}: path must be a file path (a str or os.PathLike), got {path!r}"
        raise ArgumentTypeError(msg)
    if "\x00" in text:
        name = repr(text)
        raise DataFileError(name, [Problem(name, "cannot read: the path contains a NUL byte")])
    return Path(text)


def _shown_row(row: list[str]) -> str:
    """A row for a message: its first fields, each cut short, never megabytes."""
    shown = [f if len(f) <= 40 else f[:40] + "…" for f in row[:8]]
    more = f" and {len(row) - 8} more fields" if len(row) > 8 else ""
    return f"{shown!r}{more}"


def _not_a_file(p: Path) -> Problem:
    return Problem(
        str(p), "cannot read: not a regular file (a device, a pipe or a directory never ends)"
    )


def _read_bytes(p: Path) -> bytes:
    try:
        with p.open("rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise DataFileError(str(p), [_not_a_file(p)])
            return f.read()
    except OSError as exc:
        raise DataFileError(str(p), [Problem(str(p), f"cannot read: {exc.strerror}")]) from None


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem = Problem(f"{name}:1", "UTF-16 text (expected UTF-8: save the file as UTF-8)")
        raise DataFileError(name, [problem])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Count the line of the bad byte so the user can find it.
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(f"{name}:{line}", f"not UTF-8 ({exc.reason} at byte {exc.start})")
        raise DataFileError(name, [problem]) from None


def _check_nul(text: str, name: str) -> None:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataFileError(
            name,
            [
                Problem(
                    f"{name}:{line}",
                    "contains a NUL byte (binary or UTF-16 data; expected UTF-8 text)",
                )
            ],
        )


def _header(first: list[str] | None, name: str, header: tuple[str, ...]) -> int:
    """The number of columns of a file whose first row is ``first``.

    A measurements file may have the ``note`` column after ``source``.
    """
    if first is None:
        raise DataFileError(
            name, [Problem(f"{name}:1", f"empty file (expected the header {','.join(header)})")]
        )
    got = tuple(c.strip() for c in first)
    if got == header or (header == MEASUREMENT_HEADER and got == (*header, NOTE_COLUMN)):
        return len(got)
    raise DataFileError(
        name, [Problem(f"{name}:1", f"header is {','.join(got)!r}, expected {','.join(header)!r}")]
    )


def _records(
    stream: IO[str], name: str, header: tuple[str, ...]
) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header, each with its line (the last line of the row).

    Raises:
        DataFileError: an empty file, a wrong header, text that is not valid CSV.
    """
    reader = csv.reader(stream, strict=True)
    try:
        _header(next(reader, None), name, header)
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise DataFileError(
            name, [Problem(f"{name}:{reader.line_num}", f"not valid CSV: {exc}")]
        ) from None


def _rows(text: str, name: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    _check_nul(text, name)
    return list(_records(io.StringIO(text, newline=""), name, header))


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


# -- one row at a time ----------------------------------------------------------------

Item = Measurement | Recognition | ReportedCount


def _row_item(
    name: str, line: int, row: list[str], cat: Catalogue, width: int
) -> tuple[Item | None, list[Problem]]:
    """Read one row of a measurements file: its item, or its problems (every one).

    This is the reference reading of a row; the columnar reader sends here the rows
    it does not decide alone and the rows with a problem (to word it).
    """
    place = f"{name}:{line}"
    if len(row) != width:
        return None, [Problem(place, f"expected {width} fields, got {len(row)}: {_shown_row(row)}")]
    too_long = [h for h, c in zip(_columns(width), row, strict=True) if len(c) > _MAX_FIELD]
    if too_long:
        return None, [
            Problem(f"{place}:{too_long[0]}", f"field longer than {_MAX_FIELD} characters")
        ]
    unit, indicator, period = (c.strip() for c in row[:3])
    value, source = _cell(row[3]), _cell(row[4])
    note = _cell(row[5]) if width > 5 else ""
    problems = [
        Problem(f"{place}:{col}", "empty")
        for col, cell in (
            ("unit", unit),
            ("indicator", indicator),
            ("period", period),
            ("value", value),
        )
        if not cell
    ]
    if problems:
        return None, problems
    if not (unit.isdigit() and unit.isascii()):
        return None, [Problem(f"{place}:unit", f"{unit!r} is not an official unit code (digits)")]
    if indicator == RECOGNITION_INDICATOR or indicator in REPORTED_COUNT_INDICATORS:
        if note:
            what = "recognition" if indicator == RECOGNITION_INDICATOR else "reported count"
            return None, [Problem(f"{place}:note", f"a {what} has no note (put it in the source)")]
        if indicator == RECOGNITION_INDICATOR:
            return _recognition_row(place, unit, period, value, source)
        return _reported_row(place, unit, indicator, period, value, source)
    if indicator not in cat:
        return None, [Problem(f"{place}:indicator", f"unknown indicator {indicator!r}")]
    try:
        per = as_period(period, where=f"{place}:period")
        m = Measurement(
            unit, indicator, value, per, source, note, catalogue=cat, where=f"{place}:value"
        )
    except ThdxError as exc:
        return None, [Problem("", str(exc))]
    return m, []


def _columns(width: int) -> tuple[str, ...]:
    return (*MEASUREMENT_HEADER, NOTE_COLUMN)[:width]


def _recognition_row(
    place: str, unit: str, period: str, value: str, source: str
) -> tuple[Item | None, list[Problem]]:
    day = _day_or_none(period)
    if day is None:
        return None, [
            Problem(
                f"{place}:period",
                f"{period!r} is not a day (a recognition's period is the date of its "
                "decision, 'YYYY-MM-DD')",
            )
        ]
    return Recognition(unit=unit, on=day, decision=value, source=source), []


def _reported_row(
    place: str, unit: str, indicator: str, period: str, value: str, source: str
) -> tuple[Item | None, list[Problem]]:
    m = _COUNT_VALUE.fullmatch(value)
    if m is None:
        return None, [
            Problem(
                f"{place}:value",
                f"{value!r} is not a reported count (expected 'count/total' such as "
                "'114/558', or 'count'; whole numbers ≥ 0, at most 9 digits)",
            )
        ]
    try:
        per = as_period(period, where=f"{place}:period")
    except ThdxError as exc:
        return None, [Problem("", str(exc))]
    total = None if m.group(2) is None else int(m.group(2))
    level = REPORTED_COUNT_INDICATORS[indicator]
    try:
        return ReportedCount(unit, level, per, int(m.group(1)), total, source), []
    except ThdxError as exc:
        return None, [Problem(f"{place}:value", str(exc))]


def _day_or_none(text: str) -> _dt.date | None:
    """The day ``text`` names ('YYYY-MM-DD'), or None."""
    try:
        p = as_period(text)
    except ThdxError:
        return None
    return p.start if p.start == p.end else None


def _parse_rows(
    records: Iterable[tuple[int, list[str]]], name: str, cat: Catalogue, width: int
) -> tuple[list[Item], list[Problem], list[bool]]:
    """Read every row one at a time (the reference reader): the items, every problem
    (two different values for one unit, indicator and period included), and per
    measurement whether its value was a plain number."""
    items: list[Item] = []
    plain: list[bool] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, _dt.date, _dt.date], tuple[int, Measurement]] = {}
    for line, row in records:
        if _blank(row):
            continue  # a blank line carries no data
        item, found = _row_item(name, line, row, cat, width)
        if found:
            problems.extend(found)
            continue
        if isinstance(item, Measurement):
            key = (item.unit, item.indicator, item.period.start, item.period.end)
            if key in seen:
                first_line, first = seen[key]
                if (first.magnitude, first.cohort) != (item.magnitude, item.cohort):
                    problems.append(_differs(name, line, _cell(row[3]), first, first_line))
                continue
            seen[key] = (line, item)
            plain.append(_value_kind(row[3])[0] == _PLAIN)
        if item is not None:
            items.append(item)
    return items, problems, plain


def _differs(name: str, line: int, value: str, first: Measurement, first_line: int) -> Problem:
    return Problem(
        f"{name}:{line}:value",
        f"{value!r} differs from {first.shown()!r} on line {first_line} for the same unit "
        f"{first.unit!r}, indicator {first.indicator!r} and period {str(first.period)!r}",
    )


# -- the columnar reader ----------------------------------------------------------------


class _NulByte(Exception):
    """A NUL byte met while streaming a file (the whole-file path words the problem)."""


class _Checked(io.BufferedIOBase):
    """A binary stream that refuses NUL bytes and reports how much has been read."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self._raw = raw
        self._total = total
        self._progress = progress
        self._done = 0

    def readable(self) -> bool:
        return True

    def read1(self, size: int | None = -1) -> bytes:
        data = self._raw.read(size if size is not None and size > 0 else 1 << 20)
        if b"\x00" in data:
            raise _NulByte
        self._done += len(data)
        if self._progress is not None and data:
            self._progress(self._done, self._total)
        return data

    read = read1

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Source:
    """Where the text of a measurements file comes from (a path, bytes or a str); each
    :meth:`open` reads it again from its start."""

    def __init__(
        self,
        name: str,
        *,
        path: Path | None = None,
        data: bytes | None = None,
        text: str | None = None,
    ) -> None:
        self.name, self.path, self.data, self.text = name, path, data, text
        self.size = len(data) if data is not None else len(text) if text is not None else 0

    def open(self, progress: Progress | None = None) -> IO[str]:
        """The text as a stream (newline="", as the csv module wants).

        Raises:
            DataFileError: the file cannot be read, or is UTF-16.
        """
        if self.text is not None:
            return io.StringIO(self.text, newline="")
        raw: IO[bytes]
        if self.path is None:
            raw = io.BytesIO(self.data or b"")
        else:
            try:
                raw = self.path.open("rb", buffering=0)
                st = os.fstat(raw.fileno())
                self.size = st.st_size
            except OSError as exc:
                problem = Problem(str(self.path), f"cannot read: {exc.strerror}")
                raise DataFileError(str(self.path), [problem]) from None
            if not stat.S_ISREG(st.st_mode):
                raw.close()
                raise DataFileError(str(self.path), [_not_a_file(self.path)])
        try:
            head = raw.read(2)
            raw.seek(0)
        except OSError as exc:
            raw.close()
            raise DataFileError(
                self.name, [Problem(self.name, f"cannot read: {exc.strerror}")]
            ) from None
        if head in (b"\xff\xfe", b"\xfe\xff"):
            raw.close()
            problem = Problem(
                f"{self.name}:1", "UTF-16 text (expected UTF-8: save the file as UTF-8)"
            )
            raise DataFileError(self.name, [problem])
        text = io.TextIOWrapper(
            cast(Any, _Checked(raw, self.size, progress)), encoding="utf-8-sig", newline=""
        )
        # Decode 64 KiB at a time (8 KiB by default): fewer calls, same text.
        with contextlib.suppress(AttributeError):
            text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]
        return text

    def whole(self) -> str:
        """The whole text, decoded and checked as one (for the problem of a bad byte)."""
        if self.text is not None:
            text = self.text
        else:
            raw = self.data if self.path is None else _read_bytes(self.path)
            text = _decode(raw or b"", self.name)
        _check_nul(text, self.name)
        return text

    @contextlib.contextmanager
    def records(self) -> Iterator[Iterator[tuple[int, list[str]]]]:
        """The rows after the header with their lines, streamed."""
        try:
            with self.open() as stream:
                yield _records(stream, self.name, MEASUREMENT_HEADER)
        except (UnicodeDecodeError, _NulByte):
            self.whole()
            raise  # pragma: no cover - the whole text raises first


#: Distinct value texts remembered at a time (the memory stays bounded).
_VALUE_CACHE = 1 << 16

# The kinds of value text, decided once per distinct text.
_PLAIN, _PERCENT, _RANK_TEXT, _OTHER, _BAD = 0, 1, 2, 3, 4
_RANK_TEXT_RE = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")


def _is_number(text: str, number: float) -> bool:
    """Whether ``float(text)`` read a number of thdx's form (float() also reads
    "1_000", non-ASCII digits, "nan" and "inf")."""
    return text.isascii() and "_" not in text and math.isfinite(number)


def _value_kind(raw: str) -> tuple[int, float, float]:
    """The kind of a value cell and its magnitude (and cohort, for a rank) as far as
    it is known without the indicator: a plain number, a percentage ("92.5 %"), a
    rank ("5/34"), other text (read for its indicator), or bad."""
    text = _cell(raw)
    if len(raw) > _MAX_FIELD or len(text) > MAX_VALUE_LENGTH:
        return _BAD, math.nan, math.nan
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return (
            (_PLAIN, number, math.nan) if _is_number(text, number) else (_BAD, math.nan, math.nan)
        )
    text = text.strip()
    if text.endswith("%"):
        head = text[:-1].rstrip()
        try:
            number = float(head)
        except ValueError:
            pass
        else:
            if _is_number(head, number):
                return _PERCENT, number, math.nan
            return _BAD, math.nan, math.nan
    m = _RANK_TEXT_RE.fullmatch(text)
    if m:
        rank, cohort = int(m.group(1)), int(m.group(2))
        if 1 <= rank <= cohort:
            return _RANK_TEXT, float(rank), float(cohort)
        return _BAD, math.nan, math.nan
    return (_OTHER, math.nan, math.nan) if text else (_BAD, math.nan, math.nan)


def _percent_share(ind: Indicator) -> bool:
    """A share in percent: a plain number ≤ 1 for it may be a fraction by mistake."""
    return ind.kind is IndicatorKind.SHARE and ind.unit == "percent"


def _value_for(text: str, ind: Indicator) -> tuple[float, int | None]:
    """A value text read for ``ind`` as Measurement reads it (range not checked)."""
    if ind.kind is IndicatorKind.RANK:
        return _parse_rank(text, ind, "")
    return to_magnitude(text, ind.unit), None


# The indicator put in a row with a note, to set it aside (not a valid id: no clash).
_NOTED = "\x00noted"
# The indicator code of a row that is not a measurement of a known indicator.
_UNKNOWN, _RESERVED, _BLANK, _FIELDS = -1, -2, -3, -4


class _Reader:
    """The columnar reader of a measurements file: one pass over its rows.

    Each row's unit code, indicator, period, source and value text is coded by its
    position among the distinct ones seen, and each distinct one is decided once (a
    valid code, a known indicator, a period, a value's kind and magnitude). The work
    per row is a few dict lookups, so the cost stays near the csv module's own. Rows
    that it does not decide alone (recognitions, reported counts, notes, a percentage
    for an indicator not in percent…) are read by :func:`_row_item` afterwards; the
    rows with a problem are only known by their ordinal here, and worded later.
    """

    def __init__(self, cat: Catalogue, width: int) -> None:
        self.cat = cat
        self.width = width
        self.unit_names: list[str] = []
        self.ind_names: list[str] = []
        self.periods: list[Period] = []
        self.source_names: list[str] = []
        self.texts: list[str] = []
        self._final: dict[str, dict[Any, int]] = {
            "unit": {},
            "ind": {},
            "period": {},
            "source": {},
            "text": {},
        }
        # Per distinct value text seen: its magnitude; for one that is not a plain
        # number, its kind, cohort and text number too.
        self._numbers = array("d")
        self._special: dict[int, tuple[int, float, int]] = {}
        # Per row (its ordinal: its place among the rows after the header).
        self._u = self._k = self._p = self._s = self._v = np.zeros(0, dtype=np.int32)
        #: Rows read one at a time (recognitions, reported counts, notes…), by ordinal.
        self.aside: list[tuple[int, list[str]]] = []
        #: The rows with a note, by ordinal (in :attr:`aside` as rows of five columns).
        self.noted: dict[int, list[str]] = {}
        #: Ordinals of the rows with a problem.
        self.bad: list[int] = []

    # -- distinct values -----------------------------------------------------------

    def code(self, table: str, key: Any, names: list[Any]) -> int:
        """The position of ``key`` among the distinct values of ``table``."""
        final = self._final[table]
        c = final.get(key)
        if c is None:
            c = final[key] = len(names)
            names.append(key)
        return c

    def _unit(self, raw: str) -> int:
        code = raw.strip()
        if len(raw) > _MAX_FIELD or not (code.isdigit() and code.isascii()):
            return -1
        return self.code("unit", code, self.unit_names)

    def _indicator(self, raw: str) -> int:
        ind = raw.strip()
        if ind == RECOGNITION_INDICATOR or ind in REPORTED_COUNT_INDICATORS or raw == _NOTED:
            return _RESERVED
        if len(raw) > _MAX_FIELD or ind not in self.cat:
            return _UNKNOWN
        return self.code("ind", ind, self.ind_names)

    def _period(self, raw: str) -> int:
        if len(raw) > _MAX_FIELD:
            return -1
        try:
            per = as_period(raw.strip())
        except ThdxError:
            return -1
        return self.code("period", per, self.periods)

    def _source(self, raw: str) -> int:
        if len(raw) > _MAX_FIELD:
            return -1
        return self.code("source", _cell(raw), self.source_names)

    def _value(self, raw: str) -> int:
        kind, number, cohort = _value_kind(raw)
        at = len(self._numbers)
        self._numbers.append(number)
        if kind != _PLAIN:
            text = self.code("text", _cell(raw), self.texts) if kind == _OTHER else -1
            self._special[at] = (kind, cohort, text)
        return at

    # -- the rows -----------------------------------------------------------------

    def read(self, rows: Iterable[list[str]]) -> None:
        """Read the rows after the header, in file order.

        The loop is written out for speed: a dict lookup per cell (a call only for a
        text not seen before) and list appends (which CPython runs fastest); the
        lists become arrays at the end.
        """
        units: dict[str, int] = {}
        inds: dict[str, int] = {}
        periods: dict[str, int] = {}
        sources: dict[str, int] = {}
        values: dict[str, int] = {}
        ug, vg = units.get, values.get
        aside, bad = self.aside, self.bad
        reserved = _RESERVED
        numbers, add_number = self._numbers, self._numbers.append
        cache, longest, caching = _VALUE_CACHE, MAX_VALUE_LENGTH, True
        if self.width > len(MEASUREMENT_HEADER):
            rows = self._notes_aside(rows)
        rows = iter(rows)
        U: list[int] = []
        K: list[int] = []
        P: list[int] = []
        S: list[int] = []
        V: list[int] = []
        for row in rows:
            try:
                unit, ind, per, val, src = row
                # Few distinct indicators, periods and sources: a miss is rare.
                k = inds[ind]
                p = periods[per]
                s = sources[src]
            except KeyError:
                k = inds[ind] if ind in inds else inds.setdefault(ind, self._indicator(ind))
                p = periods[per] if per in periods else periods.setdefault(per, self._period(per))
                s = sources[src] if src in sources else sources.setdefault(src, self._source(src))
            except ValueError:
                if _blank(row):
                    K.append(_BLANK)
                else:
                    bad.append(len(U))
                    K.append(_FIELDS)
                U.append(-1)
                P.append(-1)
                S.append(-1)
                V.append(-1)
                continue
            if k == reserved:
                aside.append((len(U), row))
            u = ug(unit)
            if u is None:
                u = units[unit] = self._unit(unit)
            v = vg(val)
            if v is None:
                # A value not seen before: a plain number is read inline.
                try:
                    x = float(val)
                except ValueError:
                    v = self._value(val)
                else:
                    if x - x == 0.0 and val.isascii() and "_" not in val and len(val) <= longest:
                        v = len(numbers)
                        add_number(x)
                    else:
                        v = self._value(val)
                if caching:
                    if len(values) >= cache:
                        # Mostly distinct values (levels in VND): remember no more.
                        caching = len(U) >= 4 * cache
                        values.clear()
                    values[val] = v
            U.append(u)
            K.append(k)
            P.append(p)
            S.append(s)
            V.append(v)
        n = len(U)
        self._u, self._k, self._p, self._s, self._v = (
            np.fromiter(column, np.int32, n) for column in (U, K, P, S, V)
        )
        if self.noted:
            self.aside = [(o, self.noted.get(o, row)) for o, row in aside]

    def _notes_aside(self, rows: Iterable[list[str]]) -> Iterator[list[str]]:
        """The rows of a file with a note column, as rows of five columns: a row with
        a note is read one at a time (its indicator replaced by one that sets it
        aside, the row itself kept in :attr:`noted`); a row of another length is
        given so that it has another length still."""
        noted = self.noted
        ordinal = itertools.count()
        for row in rows:
            o = next(ordinal)
            if len(row) != 6:
                yield [*row, ""] if len(row) == 5 else row
            elif row[5].strip():
                noted[o] = row
                yield [row[0], _NOTED, *row[2:5]]
            else:
                yield row[:5]

    # -- the columns, checked against their indicators -------------------------------

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """The measurement rows without a problem, one array per column (each row's
        unit, indicator, period and source as its position among the distinct ones);
        the ordinals of the other rows with a problem are added to :attr:`bad`."""
        u, k, p, s, v = self._u, self._k, self._p, self._s, self._v
        n_values = len(self._numbers)
        kinds = np.zeros(n_values, dtype=np.int8)
        cohort_of = np.full(n_values, np.nan)
        text_of = np.full(n_values, -1, dtype=np.int32)
        for at, (kind_at, cohort_at, text_at) in self._special.items():
            kinds[at], cohort_of[at], text_of[at] = kind_at, cohort_at, text_at
        inds = [self.cat[i] for i in self.ind_names]
        percent = np.array([i.unit == "percent" for i in inds] or [False], dtype=bool)
        rank = np.array([i.kind is IndicatorKind.RANK for i in inds] or [False], dtype=bool)
        known = k >= 0
        kk = np.where(known, k, 0)
        kind = np.where(v >= 0, kinds[np.maximum(v, 0)] if len(kinds) else _BAD, _BAD)
        # A percentage for an indicator not in percent, a rank for another kind of
        # indicator: left to the row-by-row reader (which reads the whole file again,
        # should it accept them).
        odd = known & (((kind == _PERCENT) & ~percent[kk]) | ((kind == _RANK_TEXT) & ~rank[kk]))
        ok = known & (u >= 0) & (p >= 0) & (s >= 0) & (kind != _BAD) & ~odd
        aside = [o for o, _ in self.aside]
        ok[aside] = False
        problem = ~ok & (k != _BLANK) & (k != _RESERVED) & (k != _FIELDS)
        problem[aside] = False
        self.bad.extend(np.flatnonzero(problem).tolist())
        rows = np.flatnonzero(ok)
        vv = v[rows]
        cols: dict[str, npt.NDArray[Any]] = {
            "ordinal": rows.astype(np.int64),
            "u": u[rows].astype(np.int64),
            "k": k[rows].astype(np.int64),
            "p": p[rows].astype(np.int64),
            "s": s[rows],
            "kind": kind[rows],
            "value": np.frombuffer(self._numbers, dtype=float)[vv],
            "cohort": cohort_of[vv],
            "text": text_of[vv],
        }
        del u, k, p, s, v, kinds, kk, kind, vv
        self._u = self._k = self._p = self._s = self._v = np.zeros(0, dtype=np.int32)
        if not len(rows):
            return cols
        k = cols["k"]
        other = np.flatnonzero(cols["kind"] == _OTHER)
        if len(other):
            self._read_texts(cols, other, inds)
        rank_rows = rank[k]
        cols["cohort"] = np.where(rank_rows, cols["cohort"], np.nan)
        values, cohorts = cols["value"], cols["cohort"]
        good = np.isfinite(values)
        suspect = _out_of_range(values, cohorts, k, inds, rank_rows) & good
        for i in np.flatnonzero(suspect).tolist():
            x, c = float(values[i]), float(cohorts[i])
            if _range_problem(inds[int(k[i])], x, x) or x > c:
                good[i] = False
        good &= self._cohorts_fit(cols, inds)
        if not good.all():
            self.bad.extend(cols["ordinal"][~good].tolist())
            cols = {name: col[good] for name, col in cols.items()}
        return cols

    def _read_texts(
        self, cols: dict[str, npt.NDArray[Any]], rows: npt.NDArray[np.intp], inds: list[Indicator]
    ) -> None:
        """Read the value texts of ``rows`` as Measurement reads them, once per text
        and indicator (NaN: refused, worded later)."""
        n = max(1, len(inds))
        pairs = cols["text"][rows].astype(np.int64) * n + cols["k"][rows]
        distinct, inverse = np.unique(pairs, return_inverse=True)
        values = np.empty(len(distinct))
        cohorts = np.empty(len(distinct))
        for j, pair in enumerate(distinct.tolist()):
            try:
                values[j], cohort = _value_for(self.texts[pair // n], inds[pair % n])
            except ThdxError:
                values[j], cohort = math.nan, None
            cohorts[j] = math.nan if cohort is None else cohort
        cols["value"][rows] = values[inverse.reshape(-1)]
        cols["cohort"][rows] = cohorts[inverse.reshape(-1)]

    def _cohorts_fit(
        self, cols: dict[str, npt.NDArray[Any]], inds: list[Indicator]
    ) -> npt.NDArray[np.bool_]:
        """Per row, whether its cohort, if any, fits its data year (RANK_COHORTS)."""
        k, cohorts = cols["k"], cols["cohort"]
        fits = np.ones(len(k), dtype=bool)
        ruled = np.array([ind.id in RANK_COHORTS for ind in inds], dtype=bool)
        if not ruled.any():
            return fits
        rows = np.flatnonzero(ruled[k] & ~np.isnan(cohorts))
        if not len(rows):
            return fits
        keys = np.stack([k[rows], cols["p"][rows], cohorts[rows].astype(np.int64)], axis=1)
        distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
        good = np.array(
            [
                _cohort_problem(inds[kk].id, self.periods[pp], 1, cc) is None
                for kk, pp, cc in distinct.tolist()
            ],
            dtype=bool,
        )
        fits[rows] = good[inverse.reshape(-1)]
        return fits


def _read_columns(source: _Source, cat: Catalogue, progress: Progress | None) -> _Reader:
    """Stream the file through a :class:`_Reader`.

    Raises:
        DataFileError: the file as a whole (unreadable, not UTF-8, NUL bytes, no or
            a wrong header, not valid CSV).
    """
    name = source.name
    if source.text is not None:
        _check_nul(source.text, name)
    try:
        with source.open(progress) as stream:
            reader = csv.reader(stream, strict=True)
            try:
                rd = _Reader(cat, _header(next(reader, None), name, MEASUREMENT_HEADER))
                rd.read(reader)
            except csv.Error as exc:
                problem = Problem(f"{name}:{reader.line_num}", f"not valid CSV: {exc}")
                raise DataFileError(name, [problem]) from None
    except (UnicodeDecodeError, _NulByte):
        source.whole()  # words the problem (the line of the bad byte)
        raise  # pragma: no cover - the whole text raises first
    return rd


def _parse(
    source: _Source, catalogue: Catalogue | None, progress: Progress | None, stacklevel: int
) -> MeasurementSet:
    """Read a measurements file into a set (see :func:`read_measurements`)."""
    name = source.name
    cat = default_catalogue() if catalogue is None else catalogue
    rd = _read_columns(source, cat, progress)
    if progress is not None:
        progress(source.size, source.size)
    cols = rd.columns()
    # The rows set aside, one at a time (their problems are worded again, with lines).
    measured: list[tuple[int, Measurement, bool]] = []
    others: list[Item] = []
    for ordinal, row in rd.aside:
        item, found = _row_item(name, 0, row, cat, rd.width)
        if found:
            rd.bad.append(ordinal)
        elif isinstance(item, Measurement):
            measured.append((ordinal, item, _value_kind(row[3])[0] == _PLAIN))
        elif item is not None:
            others.append(item)
    table = _Table(rd, cols, measured)
    if rd.bad:
        first, later = table.repeats()
        differs = table.differ(first, later)
        return _with_problems(
            source, cat, rd, table, first[differs], later[differs], stacklevel + 1
        )
    repeats: list[tuple[int, int]] = []
    try:
        data = table.build(rd, cat, others, repeats)
    except ThdxError as exc:
        raise DataFileError(name, [Problem(name, str(exc))]) from None
    if repeats:
        first, later = (np.array(x, dtype=np.int64) for x in zip(*repeats, strict=True))
        return _with_problems(source, cat, rd, table, first, later, stacklevel + 1)
    table.warn(name, rd, cat, stacklevel + 1)
    return data


class _Table:
    """The measurements of a file as columns: the rows the columnar reader kept and
    the ones read one at a time, in file order by ``ordinal``."""

    def __init__(
        self,
        rd: _Reader,
        cols: dict[str, npt.NDArray[Any]],
        measured: list[tuple[int, Measurement, bool]],
    ) -> None:
        self.ordinal: IntArray = cols["ordinal"]
        self.u: IntArray = cols["u"]
        self.k: IntArray = cols["k"]
        self.p: IntArray = cols["p"]
        self.s: npt.NDArray[np.int32] = cols["s"]
        self.value: FloatArray = cols["value"]
        self.cohort: FloatArray = cols["cohort"]
        self.plain: npt.NDArray[np.bool_] = cols["kind"] == _PLAIN
        self.objects: list[Measurement | None] = [None] * len(self.u)
        if not measured:
            return
        extra = [
            (
                o,
                rd.code("unit", m.unit, rd.unit_names),
                rd.code("ind", m.indicator, rd.ind_names),
                rd.code("period", m.period, rd.periods),
                rd.code("source", m.source, rd.source_names),
                m.magnitude,
                math.nan if m.cohort is None else m.cohort,
                plain,
            )
            for o, m, plain in measured
        ]
        parts = list(zip(*extra, strict=True))
        # In file order: the first of rows with one key is the one kept.
        order = np.argsort(np.concatenate([self.ordinal, parts[0]]), kind="stable")
        self.ordinal = np.concatenate([self.ordinal, parts[0]])[order]
        self.u = np.concatenate([self.u, parts[1]]).astype(np.int64)[order]
        self.k = np.concatenate([self.k, parts[2]]).astype(np.int64)[order]
        self.p = np.concatenate([self.p, parts[3]]).astype(np.int64)[order]
        self.s = np.concatenate([self.s, np.array(parts[4], dtype=np.int32)])[order]
        self.value = np.concatenate([self.value, parts[5]]).astype(float)[order]
        self.cohort = np.concatenate([self.cohort, parts[6]]).astype(float)[order]
        self.plain = np.concatenate([self.plain, parts[7]]).astype(bool)[order]
        objects = [*self.objects, *(m for _, m, _ in measured)]
        self.objects = [objects[i] for i in order.tolist()]

    def repeats(self) -> tuple[IntArray, IntArray]:
        """For every row whose unit, indicator and period an earlier row has: that
        row (``later``) and the first row with them (``first``)."""
        n = len(self.u)
        if n < 2:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        order = np.lexsort((self.ordinal, self.p, self.k, self.u))
        u, k, p = self.u[order], self.k[order], self.p[order]
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(u[1:], u[:-1], out=new[1:])
        new[1:] |= (k[1:] != k[:-1]) | (p[1:] != p[:-1])
        if new.all():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        return order[start[~new]], order[~new]

    def differ(self, first: IntArray, later: IntArray) -> npt.NDArray[np.bool_]:
        """Per repeat, whether its value (or cohort) differs from the first's."""
        a, b = self.cohort[first], self.cohort[later]
        same_cohort = (a == b) | (np.isnan(a) & np.isnan(b))
        return np.asarray((self.value[first] != self.value[later]) | ~same_cohort)

    def build(
        self, rd: _Reader, cat: Catalogue, others: list[Item], repeats: list[tuple[int, int]]
    ) -> MeasurementSet:
        """The set (identical repeats once; the pairs of different values for one unit,
        indicator and period are appended to ``repeats``, as rows of this table)."""
        sources = list(map(rd.source_names.__getitem__, self.s.tolist()))
        return MeasurementSet._from_parts(
            cat,
            rd.unit_names,
            self.u,
            rd.ind_names,
            self.k,
            rd.periods,
            self.p,
            self.value,
            sources,
            self.cohort,
            self.objects,
            recognitions=[r for r in others if isinstance(r, Recognition)],
            reported=[c for c in others if isinstance(c, ReportedCount)],
            repeats=repeats,
        )

    def warn(self, name: str, rd: _Reader, cat: Catalogue, stacklevel: int) -> None:
        """Warn when every share given as a plain number is ≤ 1 (some above 0)."""
        share = np.array([_percent_share(cat[i]) for i in rd.ind_names], dtype=bool)
        if not share.any():
            return
        rows = np.flatnonzero(self.plain & share[self.k])
        if not len(rows):
            return
        top = int(rows[np.argmax(self.value[rows])])
        largest = float(self.value[top])
        if 0 < largest <= 1:
            message = fraction_warning(name, largest, rd.ind_names[int(self.k[top])])
            warnings.warn(message, ThdxWarning, stacklevel=stacklevel + 1)


def _with_problems(
    source: _Source,
    cat: Catalogue,
    rd: _Reader,
    table: _Table,
    first: IntArray,
    later: IntArray,
    stacklevel: int,
) -> MeasurementSet:
    """Word every problem of the file, each with its line, and raise them.

    The rows concerned are read again, one at a time (:func:`_row_item`), in a second
    pass over the file. Should the reference reading accept a row the columnar reader
    refused, the whole file is read by the reference reader instead.

    Raises:
        DataFileError: every problem, in file order.
    """
    name = source.name
    bad = set(rd.bad)
    firsts = dict(zip(later.tolist(), first.tolist(), strict=True))
    by_ordinal = {int(table.ordinal[r]): r for r in (*later.tolist(), *first.tolist())}
    lines: dict[int, int] = {}
    problems: list[tuple[int, list[Problem]]] = []
    later_cells: dict[int, str] = {}
    with source.records() as records:
        for ordinal, (line, row) in enumerate(records):
            if ordinal in bad:
                found = _row_item(name, line, row, cat, rd.width)[1]
                if not found:
                    return _parse_slowly(source, cat, stacklevel + 1)
                problems.append((line, found))
            elif ordinal in by_ordinal:
                lines[by_ordinal[ordinal]] = line
                later_cells[by_ordinal[ordinal]] = _cell(row[3])
    for r, f in firsts.items():
        ind = cat[rd.ind_names[int(table.k[f])]]
        m = table.objects[f] or Measurement._trusted(
            rd.unit_names[int(table.u[f])],
            ind.id,
            float(table.value[f]),
            ind.unit,
            rd.periods[int(table.p[f])],
            cohort=None if math.isnan(table.cohort[f]) else int(table.cohort[f]),
        )
        problems.append((lines[r], [_differs(name, lines[r], later_cells[r], m, lines[f])]))
    problems.sort(key=lambda x: x[0])
    raise DataFileError(name, [p for _, found in problems for p in found])


def _parse_slowly(source: _Source, cat: Catalogue, stacklevel: int) -> MeasurementSet:
    """Read a measurements file with the reference reader, one row at a time."""
    name = source.name
    with source.records() as records:
        items, problems, plain = _parse_rows(records, name, cat, _width(source))
    if problems:
        raise DataFileError(name, problems)
    try:
        data = MeasurementSet(items, catalogue=cat)
    except ThdxError as exc:
        raise DataFileError(name, [Problem(name, str(exc))]) from None
    measured = [m for m in items if isinstance(m, Measurement)]
    shares = [
        m.magnitude
        for m, p in zip(measured, plain, strict=True)
        if p and _percent_share(cat[m.indicator])
    ]
    if shares and 0 < max(shares) <= 1:
        top = next(m for m in measured if m.magnitude == max(shares))
        warnings.warn(
            fraction_warning(name, max(shares), top.indicator),
            ThdxWarning,
            stacklevel=stacklevel + 1,
        )
    return data


def _width(source: _Source) -> int:
    with source.open() as stream:
        return _header(next(csv.reader(stream), None), source.name, MEASUREMENT_HEADER)


def parse_measurements(
    text: str | bytes,
    *,
    name: str = "<data>",
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> MeasurementSet:
    """Parse measurement CSV text (see :func:`read_measurements`).

    Raises:
        ArgumentTypeError: ``text`` is neither a str nor bytes.
        DataFileError: listing every bad row with its line and column.

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1.
    """
    given = cast(object, text)
    if isinstance(given, bytes | bytearray):
        source = _Source(name, data=bytes(given))
    elif isinstance(given, str):
        try:
            given.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: no file could hold it
            line = given.count("\n", 0, exc.start) + 1
            problem = Problem(
                f"{name}:{line}", f"{given[exc.start]!r} is a lone surrogate, not a character"
            )
            raise DataFileError(name, [problem]) from None
        source = _Source(name, text=given[1:] if given.startswith("\ufeff") else given)
    else:
        msg = f"parse_measurements: text must be a str or bytes, got {text!r}"
        raise ArgumentTypeError(msg)
    return _parse(source, catalogue, progress, stacklevel=2)


def read_measurements(
    path: str | os.PathLike[str],
    *,
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> MeasurementSet:
    """Read a measurements CSV file into a MeasurementSet.

    The file is streamed: its rows are read in chunks and checked column by column,
    so a file of a million rows takes about twice the time the csv module takes to
    iterate it, in memory about twice its size.

    Args:
        path: the file (UTF-8, with or without BOM).
        catalogue: indicators to check against (default: the shipped catalogue).
        progress: called as ``progress(done, total)`` with the bytes read so far and
            the file's size, at least once a MiB and once at the end (a progress bar).

    Raises:
        ArgumentTypeError: ``path`` is not a path (None, bytes, a number).
        DataFileError: the file cannot be read (a NUL byte in the path included), or
            listing every bad row with its line and column: the first 20 in full,
            the others counted by kind.

    Warns:
        ThdxWarning: every share given as a plain number is ≤ 1 (0.925 is read as
            0.925 %, not 92.5 %).
    """
    p = _path(path, "read_measurements")
    return _parse(_Source(str(p), path=p), catalogue, progress, stacklevel=2)


def read_reported_counts(path: str | os.PathLike[str]) -> list[ReportedCount]:
    """Read counts of completed units published for a whole level.

    Header: ``unit,level,period,count,total,source`` (total may be empty).

    Raises:
        ArgumentTypeError: ``path`` is not a path.
        DataFileError: listing every bad row (two different counts for one unit,
            level and period included).
    """
    p = _path(path, "read_reported_counts")
    return _reported(_decode(_read_bytes(p), str(p)), str(p))


def _reported(text: str, name: str) -> list[ReportedCount]:
    out: list[ReportedCount] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, Period], tuple[int, ReportedCount]] = {}
    for line, row in _rows(text, name, REPORTED_COUNT_HEADER):
        if _blank(row):
            continue  # a blank line carries no data
        if len(row) != len(REPORTED_COUNT_HEADER):
            problems.append(
                Problem(f"{name}:{line}", f"expected 6 fields, got {len(row)}: {_shown_row(row)}")
            )
            continue
        cells = dict(zip(REPORTED_COUNT_HEADER, (c.strip() for c in row), strict=True))
        cells["source"] = _cell(row[5])
        found: list[Problem] = []

        def bad(col: str, msg: str, found: list[Problem] = found, line: int = line) -> None:
            found.append(Problem(f"{name}:{line}:{col}", msg))

        for col in ("unit", "level", "period", "count"):
            if not cells[col]:
                bad(col, "empty")
        unit, level, count, total = cells["unit"], cells["level"], cells["count"], cells["total"]
        if unit and not (unit.isdigit() and unit.isascii()):
            bad("unit", f"{unit!r} is not an official unit code (digits)")
        if level and level not in ("district", "commune"):
            bad("level", f"{level!r} is not a level (expected 'district' or 'commune')")
        period = None
        if cells["period"]:
            try:
                period = as_period(cells["period"], where=f"{name}:{line}:period")
            except ThdxError as exc:
                found.append(Problem("", str(exc)))
        for col, cell in (("count", count), ("total", total)):
            if cell and not _WHOLE.fullmatch(cell):
                bad(col, f"{cell!r} is not a whole number ≥ 0 (at most 9 digits)")
        if not found and total and int(count) > int(total):
            bad("count", f"the count {int(count)} exceeds the total {int(total)}")
        if found or period is None:
            problems.extend(found)
            continue
        rc = ReportedCount(
            unit, level, period, int(count), int(total) if total else None, cells["source"]
        )
        key = (unit, level, period)
        if key in seen:
            first_line, first = seen[key]
            if (first.count, first.total) != (rc.count, rc.total):
                bad(
                    "count",
                    f"{_count_text(rc)!r} differs from {_count_text(first)!r} on line "
                    f"{first_line} for the same unit {unit!r}, level {level!r} and period "
                    f"{str(period)!r}",
                )
                problems.extend(found)
            continue
        seen[key] = (line, rc)
        out.append(rc)
    if problems:
        raise DataFileError(name, problems)
    return out


def _count_text(c: ReportedCount) -> str:
    return f"{c.count}" if c.total is None else f"{c.count}/{c.total}"


UNITS_HEADER = ("code", "name", "kind", "parent_code", "valid_from", "valid_until", "successors")


def read_units(path: str | os.PathLike[str]) -> Hierarchy:
    """Read administrative units into a Hierarchy (for a province other than Thanh Hóa).

    Header: ``code,name,kind,parent_code,valid_from,valid_until,successors``; the last
    three may be empty (``successors`` holds codes separated by spaces). A unit whose
    code was reused appears once per era, with its validity.

    Raises:
        ArgumentTypeError: ``path`` is not a path.
        DataFileError: listing every bad row with its line, or the hierarchy's problems.
    """
    p = _path(path, "read_units")
    name = str(p)
    units: list[AdministrativeUnit] = []
    problems: list[Problem] = []
    for line, row in _rows(_decode(_read_bytes(p), name), name, UNITS_HEADER):
        if _blank(row):
            continue
        if len(row) != len(UNITS_HEADER):
            problems.append(Problem(f"{name}:{line}", f"expected 7 fields, got {len(row)}"))
            continue
        code, unit_name, kind, parent, start, end, succ = (c.strip() for c in row)
        try:
            units.append(
                AdministrativeUnit(
                    code=code,
                    name=unit_name,
                    kind=kind,
                    parent=parent or None,
                    valid_from=start or None,
                    valid_until=end or None,
                    successors=tuple(succ.split()),
                )
            )
        except ThdxError as exc:
            problems.append(Problem(f"{name}:{line}", str(exc)))
    if problems:
        raise DataFileError(name, problems)
    try:
        return Hierarchy(units)
    except ThdxError as exc:
        raise DataFileError(name, [Problem(name, str(exc))]) from None


def example_data() -> MeasurementSet:
    """The bundled published figures for Thanh Hóa (DX index ranks 2020–2024, the
    digital-economy share 2023, the 114 communes recognised for 2023), each with its
    source."""
    files = resources.files("thdx").joinpath("data")
    name = "thdx/data/example_measurements.csv"
    data = parse_measurements(files.joinpath("example_measurements.csv").read_bytes(), name=name)
    counts = _reported(
        files.joinpath("example_reported_counts.csv").read_text(encoding="utf-8"),
        "thdx/data/example_reported_counts.csv",
    )
    return data.with_items(counts)


# -- writing ----------------------------------------------------------------------------


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
    target = None if path is None else _path(path, "write_measurements")
    own = [m for m in data if not m.derived_from]
    with_note = any(m.note for m in own)
    blank = [""] if with_note else []
    lines = [_csv_line([*MEASUREMENT_HEADER, *([NOTE_COLUMN] if with_note else [])])]
    for m in own:
        cells = [
            m.unit,
            m.indicator,
            str(m.period),
            _value_text(m, data.catalogue),
            _escape(m.source),
        ]
        lines.append(_csv_line([*cells, *([_escape(m.note)] if with_note else [])]))
    for r in data.recognitions:
        cells = [
            r.unit,
            RECOGNITION_INDICATOR,
            r.on.isoformat(),
            _escape(r.decision),
            _escape(r.source),
        ]
        lines.append(_csv_line([*cells, *blank]))
    for c in data.reported_counts:
        cells = [
            c.unit,
            _INDICATOR_OF_LEVEL[c.level],
            str(c.period),
            _count_text(c),
            _escape(c.source),
        ]
        lines.append(_csv_line([*cells, *blank]))
    text = "".join(lines)
    if target is not None:
        target.write_text(text, encoding="utf-8", newline="")
    return text


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
