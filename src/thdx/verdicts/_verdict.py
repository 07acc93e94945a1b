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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import attrs
import numpy as np

from thdx.model._coerce import as_enum
from thdx.model._errors import (
    EvaluationError,
    UnknownTargetError,
    UnknownUnitError,
    close_matches,
)
from thdx.model._hierarchy import Hierarchy
from thdx.model._indicators import Catalogue
from thdx.model._levels import Level
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period
from thdx.progress import DEFAULT_BASE_YEAR, Progress, assess
from thdx.rules._targets import Target
from thdx.rules._vocabulary import Rule
from thdx.store._frames import pandas_module
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._json import record, report_dict, report_json, verdict_dict
from thdx.verdicts._node import Node
from thdx.verdicts._notes import GrowthMethod, Note
from thdx.verdicts._status import (
    ROUTES,
    STATUSES,
    UNKNOWN,
    Counts,
    Route,
    Status,
)
from thdx.verdicts._text import explain

if TYPE_CHECKING:
    import pandas as pd

    from thdx.rules._rulebook import Rulebook

__all__ = ["Counts", "Report", "Route", "Status", "SubVerdict", "Verdict"]


class _Trace:
    """What a verdict and each step of its trace share: the engine's result for one
    unit (``_node`` at position ``_i``) and the data it read."""

    _node: Node
    _i: int
    _data: MeasurementSet
    as_of: _dt.date

    @property
    def notes(self) -> tuple[Note, ...]:
        """Special cases worth knowing (not final, unreachable, incomplete criteria…)."""
        return tuple(self._node.notes_of(self._i))

    @property
    def note_keys(self) -> tuple[str, ...]:
        """The notes' compact keys (``standing:2024:2025``), for tests and logs."""
        return tuple(n.key for n in self._node.notes_of(self._i))

    @property
    def route(self) -> Route | None:
        """How a completion was decided: recognition, criteria, reported, or none."""
        if self._node.routes is None:
            return None
        return ROUTES[int(self._node.routes[self._i])]

    @property
    def measurements(self) -> tuple[Measurement, ...]:
        """The measurements used directly."""
        n = self._node
        if self._i in n.used_rows:
            return tuple(self._data.row(r) for r in n.used_rows[self._i])
        if n.rows is not None and n.rows[self._i] >= 0:
            return (self._data.row(int(n.rows[self._i])),)
        return ()

    @property
    def recognitions(self) -> tuple[Recognition, ...]:
        """The recognitions that decided a completion."""
        return self._node.recognitions.get(self._i, ())

    @property
    def catalogue(self) -> Catalogue:
        """The indicators of the data judged (their names in Vietnamese and English)."""
        return self._data.catalogue

    @property
    def children(self) -> tuple[SubVerdict, ...]:
        """The steps combined here: sub-rules, or one per unit of a rollup."""
        n = self._node
        if n.members is not None:
            return tuple(
                SubVerdict(n.children[0], int(j), self._data, self.as_of)
                for j in n.members[self._i]
            )
        return tuple(SubVerdict(c, self._i, self._data, self.as_of) for c in n.children)


@attrs.frozen
class Verdict(_Trace):
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

    @property
    def progress(self) -> Progress | None:
        """Progress toward the target before its deadline (see :meth:`Report.progress`),
        beside the verdict and never changing it; None for a final verdict, a target
        that does not apply (NOT_APPLICABLE), or a verdict built outside a report."""
        if self.final or self.status is Status.NOT_APPLICABLE or self._report is None:
            return None
        return self._report.progress(self.target.id, self.unit)

    @property
    def threshold(self) -> float | None:
        """The threshold, in ``target.threshold_unit``."""
        return self.target.threshold_magnitude

    @property
    def unit_of_measure(self) -> str:
        """The unit of ``value`` and ``threshold``."""
        return self.target.threshold_unit

    @property
    def method(self) -> GrowthMethod | None:
        """For growth: how the average was computed."""
        return self._node.methods[self._i] if self._node.methods else None

    @property
    def counts(self) -> Counts | None:
        """For counts and shares of units: passed, failed, unknown, total."""
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


@attrs.frozen
class SubVerdict(_Trace):
    """A step inside a verdict's trace: one sub-rule for one unit."""

    _node: Node = attrs.field(alias="node", repr=False)
    _i: int = attrs.field(alias="i")
    _data: MeasurementSet = attrs.field(alias="data", repr=False)
    as_of: _dt.date

    @property
    def rule(self) -> Rule:
        """The sub-rule."""
        return self._node.rule

    @property
    def unit(self) -> str:
        """The unit code."""
        return self._node.codes[self._i]

    @property
    def status(self) -> Status:
        """The sub-rule's status for the unit."""
        return STATUSES[int(self._node.status[self._i])]

    @property
    def value(self) -> float | None:
        """The value compared, if any."""
        v = float(self._node.value[self._i])
        return None if np.isnan(v) else v


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
        #: The hierarchy the evaluation used (None: none was given).
        self.units = units
        #: The plan whose yearly quotas unit goals' progress is measured against.
        self.plan = plan
        self._nodes = nodes
        self._breakdowns = breakdowns

    def _make(self, target: Target, node: Node, i: int) -> Verdict:
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
        )

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
                return self._make(t, bnode, bnode.index(code))
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

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per target × unit (for tables and DataFrames)."""
        return [record(v) for v in self.verdicts()]

    def to_dict(self) -> dict[str, Any]:
        """The whole report, traces included, as a JSON-ready mapping."""
        return report_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON (``schema_version`` names its form).

        Raises:
            ArgumentTypeError: (a TypeError) ``indent`` is not None or a whole number.
            EvaluationError: (a ValueError) ``indent`` is a whole number outside 0..16.
        """
        return report_json(self, indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """The records of :meth:`to_records` as a pandas DataFrame, one row each (the
        extra ``thdx[pandas]``).

        Raises:
            ImportError: pandas is not installed.
        """
        pandas = pandas_module("Report.to_frame")
        return cast("pd.DataFrame", pandas.DataFrame(self.to_records()))
