"""Reading data files: measurements (with recognitions) and reported counts, as CSV.

``read_measurements`` reads a UTF-8 CSV (with or without BOM) with the header
``unit,indicator,period,value,source``; ``source`` may be empty. A recognition is a
row whose indicator is ``dx_completed``: its period is the date of the decision and
its value the decision's number. Every bad row is reported at once, each with its
``file:line:column``; nothing is dropped, clipped or guessed.

>>> data = example_data()
>>> len(data) >= 9
True
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from .admin import AdministrativeUnit, Hierarchy
from .errors import DataFileError, Problem, ThdxError
from .indicators import Catalogue, default_catalogue
from .measurements import Measurement, MeasurementSet, Recognition, ReportedCount
from .periods import as_period

__all__ = [
    "MEASUREMENT_HEADER",
    "RECOGNITION_INDICATOR",
    "REPORTED_COUNT_HEADER",
    "UNITS_HEADER",
    "example_data",
    "parse_measurements",
    "read_measurements",
    "read_reported_counts",
    "read_units",
    "write_measurements",
]

MEASUREMENT_HEADER = ("unit", "indicator", "period", "value", "source")
REPORTED_COUNT_HEADER = ("unit", "level", "period", "count", "total", "source")
#: The indicator column value that marks a row as a recognition.
RECOGNITION_INDICATOR = "dx_completed"
_MAX_FIELD = 10_000
# A count in a file: ASCII digits, at most 9 of them (int() of a longer text can fail).
_WHOLE = re.compile(r"[0-9]{1,9}")


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


def _rows(text: str, name: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
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
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, None)
        if first is None:
            raise DataFileError(
                name, [Problem(f"{name}:1", f"empty file (expected the header {','.join(header)})")]
            )
        got = tuple(c.strip() for c in first)
        if got != header:
            raise DataFileError(
                name,
                [
                    Problem(
                        f"{name}:1", f"header is {','.join(got)!r}, expected {','.join(header)!r}"
                    )
                ],
            )
        rows: list[tuple[int, list[str]]] = []
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise DataFileError(
            name, [Problem(f"{name}:{reader.line_num}", f"not valid CSV: {exc}")]
        ) from None
    return rows


def parse_measurements(
    text: str | bytes, *, name: str = "<data>", catalogue: Catalogue | None = None
) -> MeasurementSet:
    """Parse measurement CSV text (see :func:`read_measurements`)."""
    if isinstance(text, bytes):
        text = _decode(text, name)
    elif text.startswith("\ufeff"):
        text = text[1:]
    cat = default_catalogue() if catalogue is None else catalogue
    items: list[Measurement | Recognition] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, _dt.date, _dt.date], tuple[int, Measurement]] = {}
    for line, row in _rows(text, name, MEASUREMENT_HEADER):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line carries no data
        if len(row) != len(MEASUREMENT_HEADER):
            problems.append(
                Problem(f"{name}:{line}", f"expected 5 fields, got {len(row)}: {row!r}")
            )
            continue
        unit, indicator, period, value, source = (c.strip() for c in row)
        too_long = [h for h, c in zip(MEASUREMENT_HEADER, row, strict=True) if len(c) > _MAX_FIELD]
        if too_long:
            problems.append(
                Problem(
                    f"{name}:{line}:{too_long[0]}", f"field longer than {_MAX_FIELD} characters"
                )
            )
            continue
        for col, cell in (
            ("unit", unit),
            ("indicator", indicator),
            ("period", period),
            ("value", value),
        ):
            if not cell:
                problems.append(Problem(f"{name}:{line}:{col}", "empty"))
        if not (unit and indicator and period and value):
            continue
        if not (unit.isdigit() and unit.isascii()):
            problems.append(
                Problem(f"{name}:{line}:unit", f"{unit!r} is not an official unit code (digits)")
            )
            continue
        if indicator == RECOGNITION_INDICATOR:
            day = _day_or_none(period)
            if day is None:
                problems.append(
                    Problem(
                        f"{name}:{line}:period",
                        f"{period!r} is not a day (a recognition's period is the date of its "
                        "decision, 'YYYY-MM-DD')",
                    )
                )
            else:
                items.append(Recognition(unit=unit, on=day, decision=value, source=source))
            continue
        if indicator not in cat:
            problems.append(Problem(f"{name}:{line}:indicator", f"unknown indicator {indicator!r}"))
            continue
        try:
            per = as_period(period, where=f"{name}:{line}:period")
        except ThdxError as exc:
            problems.append(Problem("", str(exc)))
            continue
        try:
            m = Measurement(
                unit, indicator, value, per, source, catalogue=cat, where=f"{name}:{line}:value"
            )
        except ThdxError as exc:
            problems.append(Problem("", str(exc)))
            continue
        key = (unit, indicator, per.start, per.end)
        if key in seen:
            first_line, first = seen[key]
            if (first.magnitude, first.cohort) != (m.magnitude, m.cohort):
                problems.append(
                    Problem(
                        f"{name}:{line}:value",
                        f"{value!r} differs from {first.shown()!r} on line {first_line} for the "
                        f"same unit {unit!r}, indicator {indicator!r} and period {str(per)!r}",
                    )
                )
            continue
        seen[key] = (line, m)
        items.append(m)
    if problems:
        raise DataFileError(name, problems)
    try:
        return MeasurementSet(items, catalogue=cat)
    except ThdxError as exc:
        raise DataFileError(name, [Problem(name, str(exc))]) from None


def _day_or_none(text: str) -> _dt.date | None:
    """The day ``text`` names ('YYYY-MM-DD'), or None."""
    try:
        p = as_period(text)
    except ThdxError:
        return None
    return p.start if p.start == p.end else None


def read_measurements(path: str | Path, *, catalogue: Catalogue | None = None) -> MeasurementSet:
    """Read a measurements CSV file into a MeasurementSet.

    Args:
        path: the file (UTF-8, with or without BOM).
        catalogue: indicators to check against (default: the shipped catalogue).

    Raises:
        DataFileError: listing every bad row with its line and column.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataFileError(str(p), [Problem(str(p), f"cannot read: {exc.strerror}")]) from None
    return parse_measurements(raw, name=str(p), catalogue=catalogue)


def read_reported_counts(path: str | Path) -> list[ReportedCount]:
    """Read counts of completed units published for a whole level.

    Header: ``unit,level,period,count,total,source`` (total may be empty).

    Raises:
        DataFileError: listing every bad row.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataFileError(str(p), [Problem(str(p), f"cannot read: {exc.strerror}")]) from None
    return _reported(_decode(raw, str(p)), str(p))


def _reported(text: str, name: str) -> list[ReportedCount]:
    out: list[ReportedCount] = []
    problems: list[Problem] = []
    for line, row in _rows(text, name, REPORTED_COUNT_HEADER):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line carries no data
        if len(row) != len(REPORTED_COUNT_HEADER):
            problems.append(
                Problem(f"{name}:{line}", f"expected 6 fields, got {len(row)}: {row!r}")
            )
            continue
        cells = dict(zip(REPORTED_COUNT_HEADER, (c.strip() for c in row), strict=True))
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
        out.append(
            ReportedCount(
                unit, level, period, int(count), int(total) if total else None, cells["source"]
            )
        )
    if problems:
        raise DataFileError(name, problems)
    return out


UNITS_HEADER = ("code", "name", "kind", "parent_code", "valid_from", "valid_until", "successors")


def read_units(path: str | Path) -> Hierarchy:
    """Read administrative units into a Hierarchy (for a province other than Thanh Hóa).

    Header: ``code,name,kind,parent_code,valid_from,valid_until,successors``; the last
    three may be empty (``successors`` holds codes separated by spaces). A unit whose
    code was reused appears once per era, with its validity.

    Raises:
        DataFileError: listing every bad row with its line, or the hierarchy's problems.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataFileError(str(p), [Problem(str(p), f"cannot read: {exc.strerror}")]) from None
    name = str(p)
    units: list[AdministrativeUnit] = []
    problems: list[Problem] = []
    for line, row in _rows(_decode(raw, name), name, UNITS_HEADER):
        if not row or (len(row) == 1 and not row[0].strip()):
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


def write_measurements(data: MeasurementSet, path: str | Path | None = None) -> str:
    """Write measurements and recognitions as CSV (the format read_measurements reads).

    Returns the CSV text; writes it to ``path`` too when given.
    """
    lines = [_csv_line(MEASUREMENT_HEADER)]
    for m in data:
        if m.derived_from:
            continue
        lines.append(_csv_line([m.unit, m.indicator, str(m.period), _value_text(m), m.source]))
    for r in data.recognitions:
        lines.append(
            _csv_line([r.unit, RECOGNITION_INDICATOR, r.on.isoformat(), r.decision, r.source])
        )
    text = "".join(lines)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8", newline="")
    return text


def _csv_line(row: Sequence[str]) -> str:
    """One CSV row ending in "\\n", a field holding "\\r" or "\\n" quoted.

    (csv.writer quotes only the characters of its line terminator: with "\\n" it
    would leave a lone "\\r" bare, and the reader would split the row there.)
    """
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow(row)
    return buf.getvalue()[:-2] + "\n"


def _value_text(m: Measurement) -> str:
    if m.cohort is not None:
        return f"{int(m.magnitude)}/{m.cohort}"
    return repr(m.magnitude)
