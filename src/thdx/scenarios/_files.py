r"""Scenario files (``*.thdx.toml``): cases of data, a day and the verdicts expected.

A file is parsed with :mod:`tomllib`, never executed, and checked as a whole: every
problem of every case (an unknown key with the closest known one as a hint, a missing
name, a bad day, a file that cannot be read, a target the rulebook does not have, a
bad row of the data) is collected with its case and key and raised in one
:class:`ScenarioFileError`. Paths are relative to the scenario file.

>>> f = loads_scenarios(
...     '[[case]]\n'
...     'name = "satisfaction exactly at the threshold"\n'
...     'as_of = 2025-12-31\n'
...     'data = "unit,indicator,period,value,source\\n38,satisfaction_share,2025,90 %,SIPAS"\n'
...     '[case.expect]\n'
...     '"2025.gov.satisfaction" = { status = "MET", final = true, value = 90 }\n'
... )
>>> [(c.name, c.as_of.isoformat(), len(c.data)) for c in f.cases]
[('satisfaction exactly at the threshold', '2025-12-31', 1)]
>>> loads_scenarios('[[case]]\nname = "x"\nas_of = 2025-12-31\nexpected = {}\n')
Traceback (most recent call last):
...
thdx.scenarios._files.ScenarioFileError: <string>: 2 problems
  case[0] 'x'.expected: unknown key (did you mean 'expect'?)
  case[0] 'x'.expect: missing: a case needs at least one expected verdict
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import attrs

from thdx.io import parse_measurements, read_measurements, read_units
from thdx.model._coerce import as_day
from thdx.model._errors import Problem, ProblemsError, RulebookError, ThdxError
from thdx.model._hierarchy import Hierarchy
from thdx.model._problems import Problems
from thdx.model._unit_registry import convert
from thdx.rulebooks import (
    MAX_DOCUMENT_SIZE,
    load_criteria,
    load_rulebook,
    plan_qd969,
    resolution_06,
    thanh_hoa_units,
)
from thdx.rulebooks._documents import parse_toml, short
from thdx.rulebooks._fields import key_path, start, unknown_keys
from thdx.rules._rulebook import Rulebook
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._notes import NoteCode
from thdx.verdicts._status import Status

__all__ = [
    "CASE_KEYS",
    "EXPECT_KEYS",
    "SHIPPED_RULEBOOKS",
    "Case",
    "Expectation",
    "ScenarioFile",
    "ScenarioFileError",
    "load_scenarios",
    "loads_scenarios",
]

_T = TypeVar("_T")

#: The keys of a ``[[case]]`` table.
CASE_KEYS = frozenset(
    {
        "name",
        "as_of",
        "rulebook",
        "units",
        "criteria",
        "carry_over",
        "count_era",
        "data",
        "data_file",
        "expect",
    }
)
#: The keys of an expectation table (``"target" = { status = "MET", ... }``).
EXPECT_KEYS = frozenset(
    {"status", "final", "value", "unit", "abs_margin", "rel_margin", "notes_include"}
)
#: The rulebooks a case may name instead of giving a path.
SHIPPED_RULEBOOKS: dict[str, Callable[[], Rulebook]] = {
    "resolution_06": resolution_06,
    "plan_qd969": plan_qd969,
}
_STATUSES = {**{s.name: s for s in Status}, **{s.value: s for s in Status}}
_NOTE_CODES = frozenset(c.value for c in NoteCode)


class ScenarioFileError(ProblemsError):
    """A scenario file (``*.thdx.toml``) with one or more problems, each with its
    case and key (``case[2] 'name'.expect.2025.gov.satisfaction.status``)."""


@attrs.frozen
class Expectation:
    """What one target's verdict must be; None fields are not checked.

    Attributes:
        target: the target id.
        status: the status expected.
        final: whether the verdict must be final.
        value: the value expected, in the target's threshold unit (converted from
            the ``unit`` the file wrote it in).
        unit: the unit of measure the file wrote ``value`` in ("" when it used the
            threshold's unit).
        abs_margin: how far the value may lie from ``value``, in the threshold unit.
        rel_margin: how far, as a fraction of ``value``.
        notes_include: note codes (``"era_ended"``) or full note keys
            (``"standing:2024:2025"``) the verdict's notes must include.
    """

    target: str
    status: Status | None = None
    final: bool | None = None
    value: float | None = None
    unit: str = ""
    abs_margin: float | None = None
    rel_margin: float | None = None
    notes_include: tuple[str, ...] = ()


@attrs.frozen
class Case:
    """One case of a scenario file: everything needed to evaluate it, and what to expect.

    Attributes:
        name: the case's name (unique in its file).
        source: the scenario file (``<string>`` for text).
        index: the case's position in the file (0-based).
        as_of: the evaluation day.
        rulebook: the rulebook (a shipped one, or loaded from a file; with the case's
            criteria set and ``carry_over`` applied).
        units: the hierarchy (Thanh Hóa's units unless the case names a file).
        data: the measurements, recognitions and reported counts.
        count_era: how goals stated as a number of units are judged across a reform
            (``thdx.evaluate(count_era=...)``).
        expect: the expectations, in the file's order.
    """

    name: str
    source: str
    index: int
    as_of: _dt.date
    rulebook: Rulebook = attrs.field(eq=False, repr=False)
    units: Hierarchy = attrs.field(eq=False, repr=False)
    data: MeasurementSet = attrs.field(eq=False, repr=False)
    count_era: Literal["set", "current"]
    expect: tuple[Expectation, ...]

    @property
    def where(self) -> str:
        """The case's place in its file, as problems name it (``case[0] 'name'``)."""
        return _case_place(self.index, self.name)


@attrs.frozen
class ScenarioFile:
    """The cases of one scenario file, in the file's order."""

    source: str
    cases: tuple[Case, ...]


def _quoted(key: str) -> str:
    """A target id as a TOML key: quoted when it holds dots (``"2025.gov.satisfaction"``)."""
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else f'"{short(key)[1:-1]}"'


def _ids(rb: Rulebook) -> set[str]:
    return {t.id for t in rb.targets}


def _case_place(index: int, name: object) -> str:
    return f"case[{index}] {name!r}" if isinstance(name, str) and name else f"case[{index}]"


class _Reader:
    """Reads the cases of one document, collecting every problem in ``c``."""

    def __init__(self, c: Problems, base: Path) -> None:
        self.c = c
        self.base = base
        self._loaded: dict[tuple[str, str], object] = {}

    def once(self, kind: str, path: Path, where: str, load: Callable[[], _T]) -> _T | None:
        """``load()`` once per file (a file shared by cases is read once)."""
        key = (kind, str(path))
        if key not in self._loaded:
            self._loaded[key] = self.c.guard(where, load)
        return cast(_T | None, self._loaded[key])

    def path(self, table: Mapping[str, Any], key: str, where: str) -> Path | None:
        raw = table.get(key)
        if raw is None:
            return None
        place = key_path(where, key)
        if not isinstance(raw, str) or not raw:
            self.c.add(place, f"expected a path (a non-empty string), got {short(raw)}")
            return None
        path = self.base / raw
        if not path.is_file():
            self.c.add(place, f"no such file: {raw!r} (looked for {str(path)!r})")
            return None
        return path

    def rulebook(self, table: Mapping[str, Any], where: str) -> Rulebook | None:
        raw = table.get("rulebook", "resolution_06")
        place = key_path(where, "rulebook")
        if isinstance(raw, str) and raw in SHIPPED_RULEBOOKS:
            return SHIPPED_RULEBOOKS[raw]()
        if isinstance(raw, str) and raw and not any(ch in raw for ch in "/\\."):
            close = difflib.get_close_matches(raw, sorted(SHIPPED_RULEBOOKS), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            shipped = ", ".join(map(repr, sorted(SHIPPED_RULEBOOKS)))
            self.c.add(place, f"{raw!r} is not a shipped rulebook ({shipped}) nor a path{hint}")
            return None
        path = self.path(table, "rulebook", where)
        if path is None:
            return None
        base = resolution_06().catalogue
        return self.once("rulebook", path, place, lambda: load_rulebook(path, base=base))

    def day(self, table: Mapping[str, Any], where: str) -> _dt.date | None:
        if "as_of" not in table:
            self.c.add(key_path(where, "as_of"), "missing: the evaluation day (as_of = 2025-12-31)")
            return None
        value = table["as_of"]
        place = key_path(where, "as_of")
        return self.c.guard(place, lambda: as_day(value, error=ThdxError, what=place))

    def name(self, table: Mapping[str, Any], where: str) -> str:
        raw = table.get("name")
        if not isinstance(raw, str) or not raw.strip():
            got = "missing" if raw is None else f"expected a non-empty string, got {short(raw)}"
            self.c.add(key_path(where, "name"), got)
            return ""
        return raw

    def flag(self, table: Mapping[str, Any], key: str, where: str) -> bool | None:
        raw = table.get(key)
        if raw is not None and not isinstance(raw, bool):
            self.c.add(key_path(where, key), f"expected true or false, got {short(raw)}")
            return None
        return raw

    def number(self, table: Mapping[str, Any], key: str, where: str) -> float | None:
        raw = table.get(key)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
            self.c.add(key_path(where, key), f"expected a number, got {short(raw)}")
            return None
        value = float(raw)
        if key.endswith("_margin") and value < 0:
            self.c.add(key_path(where, key), f"a margin must be 0 or more, got {short(raw)}")
            return None
        return value


def _data(
    r: _Reader, table: Mapping[str, Any], where: str, rb: Rulebook | None
) -> MeasurementSet | None:
    if rb is None:  # the data is checked against the rulebook's indicators: not known
        return None
    cat = rb.catalogue
    if "data" in table and "data_file" in table:
        r.c.add(key_path(where, "data_file"), "give the data inline (data) or as a file, not both")
        return None
    if "data" in table:
        raw = table["data"]
        place = key_path(where, "data")
        if not isinstance(raw, str):
            r.c.add(place, f"expected CSV text (a string), got {short(raw)}")
            return None
        text = textwrap.dedent(raw).strip() + "\n"
        return r.c.guard(place, lambda: parse_measurements(text, name=place, catalogue=cat))
    path = r.path(table, "data_file", where)
    if path is None:
        return None if "data_file" in table else MeasurementSet([], catalogue=cat)
    place = key_path(where, "data_file")
    return r.c.guard(place, lambda: read_measurements(path, catalogue=cat))


def _notes(r: _Reader, raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        r.c.add(where, f"expected a list of note codes (strings), got {short(raw)}")
        return ()
    for i, note in enumerate(raw):
        code = note.split(":", 1)[0]
        if code not in _NOTE_CODES:
            close = difflib.get_close_matches(code, sorted(_NOTE_CODES), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            r.c.add(f"{where}[{i}]", f"{note!r} is not a note code{hint}")
    return tuple(raw)


def _status(r: _Reader, raw: object, where: str) -> Status | None:
    if isinstance(raw, str) and raw in _STATUSES:
        return _STATUSES[raw]
    close = (
        difflib.get_close_matches(raw.upper(), [s.name for s in Status], n=1, cutoff=0.6)
        if isinstance(raw, str)
        else []
    )
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    names = ", ".join(s.name for s in Status)
    r.c.add(where, f"expected a status ({names}), got {short(raw)}{hint}")
    return None


def _expectation(
    r: _Reader, target: str, raw: object, where: str, rb: Rulebook | None
) -> Expectation | None:
    if isinstance(raw, str):
        status = _status(r, raw, where)
        return Expectation(target, status) if status is not None else None
    if not isinstance(raw, Mapping):
        r.c.add(where, f"expected a status or a table of expectations, got {short(raw)}")
        return None
    unknown_keys(r.c, raw, set(EXPECT_KEYS), where)
    if not raw:
        r.c.add(where, "an empty table expects nothing: give at least a status")
    status = _status(r, raw["status"], key_path(where, "status")) if "status" in raw else None
    final = r.flag(raw, "final", where)
    value = r.number(raw, "value", where)
    margins = [r.number(raw, k, where) for k in ("abs_margin", "rel_margin")]
    unit = raw.get("unit", "")
    for key in ("unit", "abs_margin", "rel_margin"):
        if key in raw and "value" not in raw:
            r.c.add(key_path(where, key), "given without a value to compare")
    if not isinstance(unit, str):
        r.c.add(key_path(where, "unit"), f"expected a unit of measure (text), got {short(unit)}")
        unit = ""
    if value is not None and unit and rb is not None and target in _ids(rb):
        to_unit = rb.target(target).threshold_unit
        v = value
        value = r.c.guard(key_path(where, "unit"), lambda: convert(v, unit, to_unit))
    notes = (
        _notes(r, raw["notes_include"], key_path(where, "notes_include"))
        if ("notes_include" in raw)
        else ()
    )
    return Expectation(target, status, final, value, unit, margins[0], margins[1], notes)


def _expect(
    r: _Reader, table: Mapping[str, Any], where: str, rb: Rulebook | None
) -> tuple[Expectation, ...]:
    raw = table.get("expect")
    place = key_path(where, "expect")
    if raw is None or raw == {}:
        r.c.add(place, "missing: a case needs at least one expected verdict")
        return ()
    if not isinstance(raw, Mapping):
        r.c.add(place, f"expected a table of target ids, got {short(raw)}")
        return ()
    out: list[Expectation] = []
    for target, value in raw.items():
        at = f"{place}.{_quoted(target)}"
        if rb is not None and target not in _ids(rb):
            ids = [t.id for t in rb.targets]
            close = difflib.get_close_matches(target, ids, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            r.c.add(at, f"the rulebook {rb.number!r} has no target {target!r}{hint}")
        e = _expectation(r, target, value, at, rb)
        if e is not None:
            out.append(e)
    return tuple(out)


def _case(r: _Reader, table: object, i: int, names: set[str]) -> Case | None:
    if not isinstance(table, Mapping):
        r.c.add(f"case[{i}]", f"expected a table [[case]], got {short(table)}")
        return None
    name = r.name(table, f"case[{i}]")
    where = _case_place(i, name)
    if name in names:
        r.c.add(key_path(where, "name"), f"another case is named {name!r}")
    names.add(name)
    unknown_keys(r.c, table, set(CASE_KEYS), where)
    n = len(r.c)
    as_of = r.day(table, where)
    rb = r.rulebook(table, where)
    criteria_path = r.path(table, "criteria", where)
    carry_over = r.flag(table, "carry_over", where)
    if rb is not None and (criteria_path is not None or carry_over):
        base = rb.catalogue
        crit = (
            r.once(
                "criteria",
                criteria_path,
                key_path(where, "criteria"),
                lambda: load_criteria(criteria_path, base=base),
            )
            if criteria_path is not None
            else None
        )
        if criteria_path is None or crit is not None:
            rb = rb.with_completion(crit, carry_over=bool(carry_over))
    era = table.get("count_era", "set")
    if era not in ("set", "current"):
        r.c.add(key_path(where, "count_era"), f"expected 'set' or 'current', got {short(era)}")
    units_path = r.path(table, "units", where)
    units: Hierarchy | None = thanh_hoa_units()
    if units_path is not None:
        units = r.once(
            "units", units_path, key_path(where, "units"), lambda: read_units(units_path)
        )
    elif "units" in table:
        units = None
    data = _data(r, table, where, rb)
    expect = _expect(r, table, where, rb)
    if len(r.c) > n or as_of is None or rb is None or units is None or data is None:
        return None
    return Case(name, r.c.source, i, as_of, rb, units, data, era, expect)


def _read(doc: object, source: str, base: Path) -> ScenarioFile:
    try:
        c = start(doc, source, RulebookError)
    except RulebookError as exc:
        raise ScenarioFileError(source, exc.problems) from None
    c.error = ScenarioFileError
    d = cast(Mapping[str, Any], doc)
    unknown_keys(c, d, {"case"}, "")
    raw = d.get("case")
    if not isinstance(raw, list) or not raw:
        c.add("case", "expected one or more [[case]] tables, got " + short(raw))
        c.finalize()
    r = _Reader(c, base)
    names: set[str] = set()
    cases = [_case(r, table, i, names) for i, table in enumerate(cast(list[Any], raw))]
    c.finalize()
    return ScenarioFile(source, tuple(x for x in cases if x is not None))


def loads_scenarios(
    text: str | bytes, *, source: str = "<string>", base: str | os.PathLike[str] = "."
) -> ScenarioFile:
    """Read scenario cases from TOML text (see :func:`load_scenarios`).

    Args:
        text: the TOML document.
        source: its name in messages.
        base: the directory its paths are relative to.

    Raises:
        ScenarioFileError: every problem of the document, with its case and key.
    """
    try:
        doc = parse_toml(text, source, RulebookError, "scenario file")
    except RulebookError as exc:
        raise ScenarioFileError(source, exc.problems) from None
    return _read(doc, source, Path(base))


def load_scenarios(path: str | os.PathLike[str]) -> ScenarioFile:
    """Read a scenario file (``*.thdx.toml``): its cases, loaded and checked.

    Each ``[[case]]`` has a ``name``, an ``as_of`` day, optionally a ``rulebook`` (a
    shipped name, ``"resolution_06"`` by default, or a path), ``units`` (a units CSV;
    default Thanh Hóa's), ``criteria`` (a criteria set file), ``carry_over`` and
    ``count_era``, its data inline as CSV text (``data``) or as a file
    (``data_file``), and an ``[case.expect]`` table mapping target ids to a status
    (``"MET"``) or to a table of ``status``, ``final``, ``value``, ``unit``,
    ``abs_margin``, ``rel_margin`` and ``notes_include``. Paths are relative to the
    file.

    Raises:
        ScenarioFileError: the file cannot be read, or every problem of its cases.
    """
    p = Path(path)
    try:
        with p.open("rb") as stream:
            raw = stream.read(MAX_DOCUMENT_SIZE + 1)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        raise ScenarioFileError(str(p), [Problem("", message)]) from None
    return loads_scenarios(raw, source=str(p), base=p.parent)
