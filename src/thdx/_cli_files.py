"""What a file given to ``thdx check`` is, told by its content: a measurements file, a
file of reported counts or of administrative units (each by its CSV header), or a
document (JSON when it begins with ``{``, else TOML) holding a rulebook or a criteria
set (a ``[criteria_set]`` table). The file's name does not decide: a units file named
``data.csv`` is checked as units, a JSON rulebook named ``rules.txt`` as JSON.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import TextIO

from thdx.io import (
    MEASUREMENT_HEADER,
    NOTE_COLUMN,
    REPORTED_COUNT_HEADER,
    UNITS_HEADER,
    read_measurements,
    read_reported_counts,
    read_units,
)
from thdx.io._format import Progress
from thdx.model._errors import DataFileError, Problem, RulebookError, close_matches
from thdx.model._indicators import Catalogue
from thdx.rulebooks._criteria import criteria_from_dict
from thdx.rulebooks._documents import MAX_DOCUMENT_SIZE, _parse_json, parse_toml
from thdx.rulebooks._files import read_file
from thdx.rulebooks._loader import checked_jurisdiction, rulebook_from_dict
from thdx.rules import CriteriaSet

__all__: list[str] = []

#: How much of a file is read to tell what it is.
_HEAD = 1 << 16


_LEVELS = ("province", "district", "commune")


class Kind(enum.Enum):
    """What a file is."""

    MEASUREMENTS = "measurements"
    REPORTED_COUNTS = "reported counts"
    UNITS = "units"
    JSON = "a JSON document"
    TOML = "a TOML document"
    UNKNOWN_CSV = "a CSV file of unknown kind"


_NAME = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_ ]*\s*")

_HEADERS = {
    MEASUREMENT_HEADER: Kind.MEASUREMENTS,
    (*MEASUREMENT_HEADER, NOTE_COLUMN): Kind.MEASUREMENTS,
    REPORTED_COUNT_HEADER: Kind.REPORTED_COUNTS,
    UNITS_HEADER: Kind.UNITS,
}


def _head(path: Path) -> bytes | None:
    """The first bytes of the file, None when it cannot be read (the reader chosen by
    the name then words why)."""
    try:
        with path.open("rb") as f:
            return f.read(_HEAD)
    except (OSError, ValueError):
        return None


def kind(path: Path) -> Kind:
    """What the file is, by its content (by its name only when it cannot be read)."""
    head = _head(path)
    suffix = path.suffix.lower()
    if head is None:
        return {".csv": Kind.MEASUREMENTS, ".json": Kind.JSON}.get(suffix, Kind.TOML)
    text = head.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0].rstrip("\r")
    cells = ",".join(c.strip() for c in first.split(","))
    found = _HEADERS.get(tuple(cells.split(",")))
    if found is not None:
        return found
    body = text.lstrip()
    if body.startswith("{"):
        return Kind.JSON
    if not body or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Nothing, or UTF-16 text: the reader its name calls for words the problem.
        return Kind.MEASUREMENTS if suffix == ".csv" else Kind.TOML
    if suffix == ".csv" or _header_like(first):
        # A header close to one thdx reads ("sources" for "source"): its reader says
        # what differs; else none is named.
        near = close_matches(cells, [",".join(h) for h in _HEADERS], n=1)
        return _HEADERS[tuple(near[0].split(","))] if near else Kind.UNKNOWN_CSV
    return Kind.TOML


def _header_like(line: str) -> bool:
    """Whether a first line looks like a CSV header: three names or more, separated
    by commas (a TOML line has ``=``, ``[`` or ``#`` in it)."""
    cells = line.split(",")
    return len(cells) >= 3 and all(_NAME.fullmatch(c) for c in cells)


def _unknown_csv(path: Path) -> DataFileError:
    """The error of a CSV file whose header is none thdx reads."""
    headers = "; ".join(
        f"{what}: {','.join(h)!r}"
        for what, h in (
            ("measurements", MEASUREMENT_HEADER),
            ("reported counts", REPORTED_COUNT_HEADER),
            ("units", UNITS_HEADER),
        )
    )
    msg = f"the first line is the header of no file thdx reads (expected {headers})"
    return DataFileError(str(path), [Problem(f"{path}:1", msg)])


def check_file(path: Path, base: Catalogue, progress: Progress | None, out: TextIO) -> None:
    """Read one file as what its content says it is and print one line about it.

    Raises:
        ThdxError: the file's problems (every one).
    """
    what = kind(path)
    if what is Kind.MEASUREMENTS:
        data = read_measurements(path, catalogue=base, progress=progress)
        out.write(
            f"{path}: ok, {len(data)} measurements, {len(data.recognitions)} recognitions"
            + (f", {len(data.reported_counts)} reported counts" if data.reported_counts else "")
            + "\n"
        )
    elif what is Kind.REPORTED_COUNTS:
        counts = read_reported_counts(path)
        out.write(f"{path}: ok, {len(counts)} reported counts\n")
    elif what is Kind.UNITS:
        units = list(read_units(path))
        levels = {u.level.value for u in units}
        counted = [(sum(u.level.value == lv for u in units), lv) for lv in _LEVELS]
        shown = ", ".join(f"{n} {lv}{'s' if n > 1 else ''}" for n, lv in counted if lv in levels)
        out.write(f"{path}: ok, units file with {len(units)} units ({shown})\n")
    elif what is Kind.UNKNOWN_CSV:
        raise _unknown_csv(path)
    else:
        raw = read_file(path, RulebookError, limit=MAX_DOCUMENT_SIZE + 1)
        name = str(path)
        doc = (
            _parse_json(raw, name, RulebookError)
            if what is Kind.JSON
            else parse_toml(raw, name, RulebookError)
        )
        if "criteria_set" in doc:
            criteria: CriteriaSet = criteria_from_dict(doc, source=name, base=base)
            n = len(criteria.criteria)
            out.write(f"{path}: ok, criteria set {criteria.id!r} with {n} criteria\n")
        else:
            where = checked_jurisdiction(doc)
            rb = rulebook_from_dict(doc, source=name, base=base, jurisdiction=where)
            out.write(f"{path}: ok, rulebook {rb.number!r} with {len(rb.targets)} targets\n")
