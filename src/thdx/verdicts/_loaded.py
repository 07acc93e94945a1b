"""A report read back from its JSON form (:meth:`thdx.Report.from_json`).

JSON holds the verdicts, not what they were computed from: the rulebook, the data and
the hierarchy are not in it. So a report read back is a :class:`LoadedReport`, not a
:class:`~thdx.Report`: it has the same read API (``verdict()``, ``verdicts()``,
``all_verdicts()``, ``to_records()``, ``summary()``, ``to_json()``, ``to_frame()``)
over :class:`LoadedVerdict` objects that hold each record's fields typed (a
:class:`~thdx.Status`, a :class:`~thdx.Route`, a :class:`~thdx.Level`...), the notes
as written (their code, arguments and text in the report's ``lang``), and the rest of
the trace as the JSON data it was (measurements, steps...). It cannot explain a
verdict anew, compute progress or render in another language: those need the
rulebook; evaluate again for them.

Reading is strict: the text must be a JSON object of this thdx's ``schema_version``
(:data:`~thdx.verdicts._schema.SCHEMA_VERSION`), without duplicate keys, ``NaN`` or
``Infinity``; every problem is reported at once with its path in one
:class:`ReportJSONError`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from thdx.model._coerce import safe_repr
from thdx.model._errors import (
    ArgumentTypeError,
    LanguageError,
    ProblemsError,
    UnknownTargetError,
    UnknownUnitError,
)
from thdx.model._languages import check_lang, plain_arg
from thdx.model._levels import Level
from thdx.progress import ProgressStatus
from thdx.verdicts._frame import records_frame
from thdx.verdicts._json import dump_json
from thdx.verdicts._records import Role, VerdictRecord, level_set_of, texts
from thdx.verdicts._schema import SCHEMA_VERSION
from thdx.verdicts._status import Route, Status

__all__ = [
    "MAX_REPORT_SIZE",
    "TRACE_KEYS",
    "LoadedNote",
    "LoadedReport",
    "LoadedVerdict",
    "ReportJSONError",
]

#: The largest report text read (characters of a str, bytes of bytes).
MAX_REPORT_SIZE = 256 * 1024 * 1024

#: The keys of a verdict's trace, in the order :meth:`thdx.Report.to_json` writes them.
TRACE_KEYS = (
    "measurements",
    "recognitions",
    "notes",
    "clause",
    "growth_method",
    "counts",
    "reported_count",
    "progress",
    "children",
)


class ReportJSONError(ProblemsError):
    """A text that is not the JSON of a report this thdx reads, with every problem."""


@attrs.frozen
class LoadedNote:
    """A note of a verdict as its JSON wrote it: ``code``, ``args`` (as JSON values)
    and ``text`` (in the report's ``lang``)."""

    code: str
    args: tuple[Any, ...]
    text: str

    @property
    def key(self) -> str:
        """``code:arg:arg``, as :attr:`thdx.Note.key` (for tests and logs)."""
        return ":".join([self.code, *(_plain(a) for a in self.args)])

    def to_dict(self) -> dict[str, Any]:
        """The note's JSON shape, ``{"code", "args", "text"}``."""
        return {"code": self.code, "args": list(self.args), "text": self.text}


def _plain(arg: Any) -> str:
    """A JSON note argument as :func:`thdx.model._languages.plain_arg` wrote it."""
    if isinstance(arg, float):
        return plain_arg(arg)
    if isinstance(arg, dict):  # a growth method
        return str(arg.get("code", ""))
    return str(arg)


@attrs.frozen
class LoadedVerdict:
    """A verdict read back from JSON: the fields of its record (see
    :class:`thdx.VerdictRecord`), typed, its notes, and its trace as JSON data (None
    when the report was written without traces)."""

    target: str
    unit: str
    unit_name: str | None
    level: Level | None
    role: Role
    counted_in: str | None
    status: Status
    final: bool
    value: float | None
    threshold: float | None
    comparator: str | None
    unit_of_measure: str | None
    period: str | None
    deadline: str
    as_of: _dt.date
    route: Route | None
    method: str | None
    method_code: str | None
    progress_status: ProgressStatus | None
    progress_ratio: float | None
    notes: tuple[LoadedNote, ...] = ()
    trace: Mapping[str, Any] | None = attrs.field(default=None, repr=False)

    @property
    def note_keys(self) -> tuple[str, ...]:
        """The notes' compact keys, as :attr:`thdx.Verdict.note_keys`."""
        return tuple(n.key for n in self.notes)

    def record(self) -> VerdictRecord:
        """The verdict's flat record, equal to the one it was written from."""
        return {
            "target": self.target,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "level": self.level.value if self.level is not None else None,
            "role": self.role,
            "counted_in": self.counted_in,
            "status": self.status.value,
            "final": self.final,
            "value": self.value,
            "threshold": self.threshold,
            "comparator": self.comparator,
            "unit_of_measure": self.unit_of_measure,
            "period": self.period,
            "deadline": self.deadline,
            "as_of": self.as_of.isoformat(),
            "route": self.route.value if self.route is not None else None,
            "method": self.method,
            "method_code": self.method_code,
            "progress_status": (
                self.progress_status.value if self.progress_status is not None else None
            ),
            "progress_ratio": self.progress_ratio,
        }

    def to_dict(self, *, traces: bool = True) -> dict[str, Any]:
        """The verdict's JSON shape, as :meth:`thdx.Report.to_json` wrote it (with its
        trace when ``traces`` and the report had one)."""
        d: dict[str, Any] = dict(self.record())
        notes = [n.to_dict() for n in self.notes]
        if not traces or self.trace is None:
            d["notes"] = notes
            return d
        for key in TRACE_KEYS:
            if key == "notes":
                d["notes"] = notes
            elif key in self.trace:
                d[key] = self.trace[key]
        return d


class LoadedReport:
    """A report read back from JSON (see the module's docstring): the verdicts, with
    the read API of :class:`~thdx.Report`.

    Attributes:
        rulebook: the id of the rulebook judged.
        as_of: the evaluation date.
        lang: the language of the notes' texts.
        traces: whether the JSON held the verdicts' traces.
        schema_version: the version of the JSON form.
    """

    def __init__(
        self,
        rulebook: str,
        as_of: _dt.date,
        verdicts: Iterable[LoadedVerdict],
        *,
        lang: str = "en",
        traces: bool = False,
    ) -> None:
        self.rulebook = rulebook
        self.as_of = as_of
        self.lang = check_lang(lang)
        self.traces = traces
        self.schema_version = SCHEMA_VERSION
        self._verdicts = tuple(verdicts)

    def __repr__(self) -> str:
        return (
            f"<LoadedReport {self.rulebook} as of {self.as_of.isoformat()}: "
            f"{len(self._verdicts)} verdicts>"
        )

    def _default_unit(self, target: str) -> str | None:
        return next(
            (v.unit for v in self._verdicts if v.target == target and v.role == "target"), None
        )

    def verdict(self, target: str, unit: str | None = None) -> LoadedVerdict:
        """The verdict of a target for a unit (default: the unit the target names, as
        :meth:`thdx.Report.verdict`), of any role.

        Raises:
            UnknownTargetError: the report has no verdict of that target.
            UnknownUnitError: none of that target for that unit.
        """
        if not any(v.target == target for v in self._verdicts):
            raise UnknownTargetError(target, where=f"report of {self.rulebook}")
        code = unit if unit is not None else self._default_unit(target)
        for v in self._verdicts:
            if v.target == target and v.unit == code:
                return v
        raise UnknownUnitError(str(code), detail=f"target {target!r} has no verdict for it")

    def verdicts(self, unit: str | None = None) -> list[LoadedVerdict]:
        """The verdicts of the targets for the units they name (of one unit, if given),
        as :meth:`thdx.Report.verdicts`."""
        return [
            v for v in self._verdicts if v.role == "target" and (unit is None or v.unit == unit)
        ]

    def __iter__(self) -> Iterator[LoadedVerdict]:
        return iter(self.verdicts())

    def __len__(self) -> int:
        return len(self.verdicts())

    def all_verdicts(
        self,
        *,
        targets: str | Iterable[str] | None = None,
        units: str | Iterable[str] | None = None,
        levels: Level | str | Iterable[Level | str] | None = None,
    ) -> list[LoadedVerdict]:
        """Every verdict, of the given targets, units and levels (as
        :meth:`thdx.Report.all_verdicts`).

        Raises:
            UnknownTargetError: a target id the report has no verdict of.
            ArgumentTypeError: a selection that is not a text or texts.
            EvaluationError: a level that does not exist.
        """
        ids, codes = texts(targets, "targets"), texts(units, "units")
        bad = [safe_repr(x) for x in (*(ids or ()), *(codes or ())) if not isinstance(x, str)]
        if bad:
            msg = "a selection of records takes texts, got " + ", ".join(bad)
            raise ArgumentTypeError(msg)
        known = {v.target for v in self._verdicts}
        for tid in ids or ():
            if tid not in known:
                raise UnknownTargetError(str(tid), where=f"report of {self.rulebook}")
        lvs = level_set_of(texts(levels, "levels"))
        return [
            v
            for v in self._verdicts
            if (ids is None or v.target in ids)
            and (codes is None or v.unit in codes)
            and (lvs is None or v.level in lvs)
        ]

    def to_records(
        self,
        *,
        targets: str | Iterable[str] | None = None,
        units: str | Iterable[str] | None = None,
        levels: Level | str | Iterable[Level | str] | None = None,
    ) -> list[VerdictRecord]:
        """One flat record per verdict (as :meth:`thdx.Report.to_records`)."""
        chosen = self.all_verdicts(targets=targets, units=units, levels=levels)
        return [v.record() for v in chosen]

    def to_frame(self, **select: Any) -> Any:
        """The records as a pandas DataFrame (as :meth:`thdx.Report.to_frame`).

        Raises:
            ImportError: pandas is not installed (``pip install 'thdx[pandas]'``).
        """
        return records_frame(self.to_records(**select))

    def summary(self, unit: str | None = None) -> dict[Status, int]:
        """How many verdicts have each status (as :meth:`thdx.Report.summary`)."""
        counts = dict.fromkeys(Status, 0)
        for v in self.verdicts(unit):
            counts[v.status] += 1
        return counts

    def to_dict(self, *, traces: bool = True, lang: str | None = None) -> dict[str, Any]:
        """The report's JSON shape, as it was read (without traces if ``traces`` is
        False).

        Raises:
            LanguageError: ``lang`` is not the report's: its texts are as written.
        """
        if lang is not None and check_lang(lang) != self.lang:
            msg = (
                f"a report read from JSON has its texts in {self.lang!r} only, not {lang!r} "
                "(evaluate again to render them in another language)"
            )
            raise LanguageError(msg)
        given: object = traces
        if not isinstance(given, bool):
            msg = f"traces must be True or False, got {given!r}"
            raise ArgumentTypeError(msg)
        return {
            "schema_version": self.schema_version,
            "rulebook": self.rulebook,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "traces": traces and self.traces,
            "verdicts": [v.to_dict(traces=traces) for v in self._verdicts],
        }

    def to_json(
        self, *, indent: int | None = 2, traces: bool = True, lang: str | None = None
    ) -> str:
        """The report as JSON text, as :meth:`thdx.Report.to_json` wrote it (see
        :meth:`to_dict`)."""
        dump_json(None, indent=indent)
        return dump_json(self.to_dict(traces=traces, lang=lang), indent=indent)
