"""Verdicts and reports: what an evaluation returns.

A :class:`Report` keeps the engine's per-rule results as arrays over units and
builds a :class:`Verdict` only when asked, so evaluating every commune of the
country does not create millions of objects nobody reads. A verdict's trace is a
tree of :class:`SubVerdict`. Their renderings live apart: text in
:mod:`thdx.verdicts._text`, JSON in :mod:`thdx.verdicts._json`; both read the shapes of
:mod:`thdx.verdicts._views`, so they never import this module.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._coerce import as_enum
from thdx.model._errors import (
    EvaluationError,
    UnknownTargetError,
    UnknownUnitError,
    close_matches,
)
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._measurement_records import ReportedCount
from thdx.model._periods import Period
from thdx.progress import DEFAULT_BASE_YEAR, Progress, assess
from thdx.rules._targets import Target
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._frame import records_frame
from thdx.verdicts._html import report_html, report_repr, verdict_html, verdict_repr
from thdx.verdicts._json import report_dict, verdict_dict
from thdx.verdicts._json import report_json as _report_json
from thdx.verdicts._loaded import LoadedReport
from thdx.verdicts._node import Node
from thdx.verdicts._notes import GrowthMethod
from thdx.verdicts._read_report import load_report
from thdx.verdicts._records import (
    Entry,
    Role,
    VerdictRecord,
    counted,
    entries,
    record,
    select,
    unit_on,
)
from thdx.verdicts._report_html import report_page
from thdx.verdicts._status import (
    STATUSES,
    UNKNOWN,
    Counts,
    Route,
    Status,
)
from thdx.verdicts._text import explain, report_text
from thdx.verdicts._trace import SubVerdict, Trace

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from thdx.rules._rulebook import Rulebook

__all__ = ["Counts", "Report", "Route", "Status", "SubVerdict", "Verdict"]


@attrs.frozen
class Verdict(Trace):
    """The outcome of one target for one unit, with the trace that explains it.

    Attributes:
        target: the target judged.
        unit: the code of the unit judged.
        status: MET, NOT_MET, UNKNOWN or NOT_APPLICABLE.
        final: True when judged on data for the deadline period (or, for counts,
            on the deadline day); False for a standing on older data.
        value: the value compared (canonical unit), None when unknown.
        period: the period of the data used, None when none was used.
        as_of: the evaluation date.
    """

    target: Target
    unit: str
    status: Status
    final: bool
    value: float | None
    period: Period | None
    as_of: _dt.date
    _node: Node = attrs.field(repr=False, eq=False, alias="node")
    _i: int = attrs.field(repr=False, eq=False, alias="i")
    _data: MeasurementSet = attrs.field(repr=False, eq=False, alias="data")
    _report: Report | None = attrs.field(default=None, repr=False, eq=False, alias="report")
    #: ``"target"``, ``"breakdown"`` or ``"counted"`` (see :class:`thdx.VerdictRecord`).
    role: Role = "target"
    #: The unit whose count this unit is part of (a unit behind a count or share).
    counted_in: str | None = None
    _on: _dt.date | None = attrs.field(default=None, repr=False, eq=False, alias="on")

    @property
    def progress(self) -> Progress | None:
        """Progress toward the target before its deadline (see :meth:`Report.progress`),
        beside the verdict and never changing it; None for a final verdict, a target
        that does not apply (NOT_APPLICABLE), a unit counted toward a goal (its
        progress is the goal's), or a verdict built outside a report."""
        if (
            self.final
            or self.status is Status.NOT_APPLICABLE
            or self._report is None
            or self.role == "counted"
        ):
            return None
        return self._report.progress(self.target.id, self.unit)

    @property
    def _unit(self) -> AdministrativeUnit | None:
        h = self._report.units if self._report is not None else None
        return unit_on(h, self.unit, self._on or self.as_of)

    @property
    def unit_name(self) -> str | None:
        """The unit's name in the report's hierarchy (None without one)."""
        u = self._unit
        return u.name if u is not None else None

    @property
    def level(self) -> Level | None:
        """The unit's level in the report's hierarchy (None without one)."""
        u = self._unit
        return u.level if u is not None else None

    @property
    def threshold(self) -> float | None:
        """The threshold, in ``target.threshold_unit`` (None for a counted unit: the
        threshold is its count's)."""
        if self.role == "counted":
            return None
        return self.target.threshold_magnitude

    @property
    def unit_of_measure(self) -> str:
        """The unit of ``value`` and ``threshold``."""
        return self.target.threshold_unit

    @property
    def method(self) -> GrowthMethod | None:
        """How the average was computed, for a growth target."""
        return self._node.methods[self._i] if self._node.methods else None

    @property
    def counts(self) -> Counts | None:
        """How many units passed, failed, are unknown, of how many (for counts and
        shares of units; else None)."""
        return self._node.counts[self._i] if self._node.counts else None

    @property
    def reported_count(self) -> ReportedCount | None:
        """A count published for the whole level, when one was used or compared."""
        return self._node.reported.get(self._i)

    def explain(self, lang: str = "en") -> str:
        """The verdict as text, in English (``"en"``) or Vietnamese (``"vi"``)."""
        return explain(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """The verdict and its trace as a JSON-ready mapping."""
        return verdict_dict(self)

    def __repr__(self) -> str:
        return verdict_repr(self)

    def _repr_html_(self) -> str:
        """The verdict in a notebook: its badge, explanation and trace (HTML)."""
        return verdict_html(self, units=self._report.units if self._report else None)


class Report:
    """The verdicts of one evaluation, built on demand from the engine's arrays."""

    def __init__(
        self,
        rulebook: Rulebook,
        data: MeasurementSet,
        as_of: _dt.date,
        nodes: dict[str, Node],
        breakdowns: dict[tuple[str, Level], Node],
        *,
        units: Hierarchy | None = None,
        plan: Rulebook | None = None,
    ) -> None:
        self.rulebook = rulebook
        self.data = data
        self.as_of = as_of
        #: The hierarchy the evaluation used (None when none was given).
        self.units = units
        #: The plan whose yearly quotas unit goals' progress is measured against.
        self.plan = plan
        self._nodes = nodes
        self._breakdowns = breakdowns

    def _make(
        self,
        target: Target,
        node: Node,
        i: int,
        role: Role = "target",
        counted_in: str | None = None,
        day: _dt.date | None = None,
    ) -> Verdict:
        value = float(node.value[i])
        period = node.periods[i] if node.periods is not None else None
        if period is None and node.rows is not None and node.rows[i] >= 0:
            period = self.data.period_of(int(node.rows[i]))
        return Verdict(
            target=target,
            unit=node.codes[i],
            status=STATUSES[int(node.status[i])],
            # An UNKNOWN verdict judged nothing: it is never final.
            final=bool(node.final[i]) and int(node.status[i]) != UNKNOWN,
            value=None if np.isnan(value) else value,
            period=period,
            as_of=self.as_of,
            node=node,
            i=i,
            data=self.data,
            report=self,
            role=role,
            counted_in=counted_in,
            on=day,
        )

    def _of(self, e: Entry) -> Verdict:
        return self._make(e.target, e.node, e.i, e.role, e.counted_in, e.day)

    def verdict(self, target: str, unit: str | None = None) -> Verdict:
        """The verdict of a target for a unit (default: the rulebook's jurisdiction).

        Raises:
            UnknownTargetError: the rulebook has no such target.
            UnknownUnitError: the target was not evaluated for that unit.
        """
        t = self.rulebook.target(target)
        node = self._nodes[t.id]
        code = (
            unit
            if unit is not None
            else (self.rulebook.jurisdiction if not t.units else t.units[0])
        )
        if code in node.codes:
            return self._make(t, node, node.index(code))
        for (tid, _level), bnode in self._breakdowns.items():
            if tid == t.id and code in bnode.codes:
                return self._make(t, bnode, bnode.index(code), "breakdown")
        for i, parent in enumerate(node.codes):
            for e in counted(t, node, i, parent, self.as_of):
                if e.node.codes[e.i] == code:
                    return self._of(e)
        codes = [
            *node.codes,
            *(c for (tid, _), b in self._breakdowns.items() if tid == t.id for c in b.codes),
        ]
        near = close_matches(code, codes)
        raise UnknownUnitError(
            code, detail=f"target {t.id!r} was not evaluated for it", suggestions=near
        )

    def verdicts(self, unit: str | None = None) -> list[Verdict]:
        """Every verdict (of one unit, if given), in the rulebook's target order."""
        out: list[Verdict] = []
        for t in self.rulebook.targets:
            node = self._nodes[t.id]
            for i, code in enumerate(node.codes):
                if unit is None or code == unit:
                    out.append(self._make(t, node, i))
        return out

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.verdicts())

    def __len__(self) -> int:
        return sum(len(n.codes) for n in self._nodes.values())

    def breakdown(self, target: str, level: Level | str) -> list[Verdict]:
        """The target judged for every unit of ``level`` (see ``evaluate(breakdown=)``).

        Raises:
            UnknownTargetError: no breakdown was computed for this target and level.
            EvaluationError: (a ValueError) ``level`` is not a level.
        """
        lv = as_enum(Level, level, error=EvaluationError, what="level")
        t = self.rulebook.target(target)
        node = self._breakdowns.get((t.id, lv))
        if node is None:
            raise UnknownTargetError(t.id, detail=f"no breakdown by {lv.value} was evaluated")
        return [self._make(t, node, i) for i in range(len(node.codes))]

    def lagging(self, target: str, level: Level | str) -> list[Verdict]:
        """The units of a breakdown that do not meet the target, worst value first."""
        bad = [v for v in self.breakdown(target, level) if v.status is Status.NOT_MET]
        t = self.rulebook.target(target)
        ind = self.rulebook.catalogue.get(t.indicator or "")
        lower_better = ind is not None and ind.direction.value == "lower"
        return sorted(bad, key=lambda v: v.value or 0.0, reverse=lower_better)

    def explain(self, lang: str = "en") -> str:
        """The report as text: the rulebook, the ``as_of`` day used and the count of each
        status, then every verdict of :meth:`verdicts` explained (``lang`` "en" or "vi").

        Raises:
            LanguageError: (a ValueError) ``lang`` is not ``"en"`` or ``"vi"``.
        """
        return report_text(self, lang)

    def summary(self, unit: str | None = None) -> dict[Status, int]:
        """How many verdicts have each status."""
        counts = dict.fromkeys(Status, 0)
        for v in self.verdicts(unit):
            counts[v.status] += 1
        return counts

    def progress(
        self,
        target: str,
        unit: str | None = None,
        *,
        base_year: int | None = None,
        plan: Rulebook | None = None,
    ) -> Progress:
        """Progress toward ``target`` for ``unit`` (default: the rulebook's jurisdiction) on
        the data up to ``as_of``: beside the verdict, never changing it (see
        :func:`thdx.progress.assess`), from ``base_year`` (default: the rulebook's
        ``base_year``, else 2020). Unit goals are measured against ``plan``'s yearly
        quotas (default: the report's ``plan``: ``evaluate(..., plan=plan_qd969())``).

        Raises:
            UnknownTargetError: the rulebook has no such target.
        """
        t = self.rulebook.target(target)
        return assess(
            t,
            self.data,
            unit=unit if unit is not None else self.rulebook.jurisdiction,
            as_of=self.as_of,
            base_year=base_year if base_year is not None else self._base_year,
            hierarchy=self.units,
            plan=plan if plan is not None else self.plan,
            issued=self.rulebook.issued,
        )

    @property
    def _base_year(self) -> int:
        """The rulebook's ``base_year``, or :data:`thdx.progress.DEFAULT_BASE_YEAR`."""
        rb_year = self.rulebook.base_year
        return rb_year if rb_year is not None else DEFAULT_BASE_YEAR

    def progress_table(self, *, base_year: int | None = None) -> dict[str, Progress]:
        """Progress toward every target of the rulebook whose verdict for the
        jurisdiction is not final (the goals still open on this data), by target id."""
        out: dict[str, Progress] = {}
        for t in self.rulebook.targets:
            node = self._nodes[t.id]
            code = self.rulebook.jurisdiction if not t.units else t.units[0]
            if code in node.codes and not self._make(t, node, node.index(code)).final:
                out[t.id] = self.progress(t.id, code, base_year=base_year)
        return out

    def all_verdicts(
        self,
        *,
        targets: str | Iterable[str] | None = None,
        units: str | Iterable[str] | None = None,
        levels: Level | str | Iterable[Level | str] | None = None,
    ) -> list[Verdict]:
        """Every verdict the report holds, of the given targets, units and levels (each
        default: all): each target's own, the units counted behind a count or share
        of units (``role="counted"``) and its breakdowns (``role="breakdown"``), in
        the rulebook's target order. A unit's level is the report's hierarchy's; with
        none, ``levels`` selects nothing.

        Raises:
            UnknownTargetError: a target id the rulebook does not have.
            ArgumentTypeError: a selection that is not a text or texts.
            EvaluationError: a level that does not exist.
        """
        chosen = select(self.rulebook, targets, units, levels)
        every = entries(chosen.targets, self._nodes, self._breakdowns, self.as_of)
        out = [
            self._of(e) for e in every if chosen.units is None or e.node.codes[e.i] in chosen.units
        ]
        if chosen.levels is not None:
            out = [v for v in out if v.level in chosen.levels]
        return out

    def to_records(
        self,
        *,
        targets: str | Iterable[str] | None = None,
        units: str | Iterable[str] | None = None,
        levels: Level | str | Iterable[Level | str] | None = None,
    ) -> list[VerdictRecord]:
        """One flat record per target × unit (for tables and DataFrames), every unit
        behind a count or share of units and every breakdown included; see
        :meth:`all_verdicts` for the selection, :class:`thdx.VerdictRecord` for the keys.

        >>> import thdx
        >>> report = thdx.evaluate(thdx.resolution_06(), thdx.example_data(),
        ...                        as_of="2025-12-31")
        >>> rows = report.to_records(targets="2025.soc.communes_completed")
        >>> rows[0]["unit"], rows[0]["role"], len(rows)
        ('38', 'target', 550)
        >>> rows[1]["role"], rows[1]["counted_in"], rows[1]["level"]
        ('counted', '38', 'commune')
        """
        return [record(v) for v in self.all_verdicts(targets=targets, units=units, levels=levels)]

    def to_frame(self, **select: Any) -> Any:
        """The records of :meth:`to_records` (its ``targets``, ``units``, ``levels``) as a
        :class:`pandas.DataFrame`: one row per record, ``status``, ``role`` and
        ``level`` as categories, ``value``, ``threshold`` and ``progress_ratio`` as
        nullable floats (``Float64``), ``final`` as a boolean.

        Raises:
            ImportError: pandas is not installed (``pip install 'thdx[pandas]'``).
        """
        return records_frame(self.to_records(**select))

    @classmethod
    def from_json(cls, text: str | bytes) -> LoadedReport:
        """A report read back from :meth:`to_json`'s text: a
        :class:`~thdx.LoadedReport` with the same read API (``verdict()``,
        ``verdicts()``, ``to_records()``, ``summary()``, ``to_json()``).

        Raises:
            ReportJSONError: (a ValueError) not the JSON of a report, listing every
                problem with its path.
        """
        return load_report(text)

    def to_dict(self, *, traces: bool = True, lang: str = "en") -> dict[str, Any]:
        """The whole report as a JSON-ready mapping: every verdict of
        :meth:`all_verdicts`, with its trace unless ``traces`` is False, its notes'
        texts in ``lang``."""
        return report_dict(self, traces=traces, lang=lang)

    def to_json(self, *, indent: int | None = 2, traces: bool = True, lang: str = "en") -> str:
        """The report as JSON (``schema_version`` names its form, whose JSON Schema is
        :func:`thdx.report_schema`): every verdict of :meth:`all_verdicts` (the units
        behind counts and the breakdowns too), each with its record's keys and its
        notes (texts in ``lang``), and its trace unless ``traces`` is False (compact).
        Read it back with :meth:`from_json`.

        Raises:
            ArgumentTypeError: (a TypeError) ``indent`` is not None or a whole number,
                or ``traces`` not a bool.
            EvaluationError: (a ValueError) ``indent`` is a whole number outside 0..16.
            LanguageError: (a ValueError) ``lang`` is not ``"en"`` or ``"vi"``.
        """
        report_json = functools.partial(_report_json, traces=traces, lang=lang)
        return report_json(self, indent=indent)

    def __repr__(self) -> str:
        return report_repr(self)

    def _repr_html_(self) -> str:
        """The scorecard in a notebook (HTML, statuses as coloured badges)."""
        return report_html(self)

    def to_html(self, *, lang: str = "vi") -> str:
        """The report as one self-contained HTML page: scorecard, charts (inline SVG),
        the units behind each unit goal, every explanation, in ``lang`` ("vi" or "en").

        Raises:
            LanguageError: ``lang`` is not ``"en"`` or ``"vi"``.
        """
        breakdowns = [(lv, self.breakdown(t, lv)) for t, lv in self._breakdowns]
        return report_page(self, lang=lang, breakdowns=breakdowns)

    def plot(self, target: str, unit: str | None = None) -> Figure:
        """A matplotlib figure of one goal (the ``plot`` extra): a unit goal's units
        completed by year against the plan's quotas, a value goal's series against its
        threshold and deadline (see :func:`thdx.verdicts._plot.plot_target`)."""
        from thdx.verdicts._plot import plot_target

        return plot_target(self, target, unit)

    def plot_scorecard(self) -> Figure:
        """A matplotlib figure of the scorecard: goals by pillar and status (``plot`` extra)."""
        from thdx.verdicts._plot import plot_scorecard

        return plot_scorecard(self)
