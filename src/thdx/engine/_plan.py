"""Compiled plans: what :func:`thdx.engine.compile` returns, and how one is run.

A :class:`Plan` holds, per target of a rulebook, its step tree (:mod:`thdx.engine._steps`)
and the rows every gather of the plan resolved to; :meth:`Plan.run` runs the steps
with numpy and returns the :class:`~thdx.Report` that :func:`thdx.evaluate` returns. A
:class:`RulePlan` is one rule over a batch of units; its run gives the engine's result
arrays (:class:`~thdx.verdicts._node.Node`).

A plan is bound to the objects it was compiled with (the data, the hierarchy, the
day): run it as often as needed; compile again for other data or another day.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from thdx.engine._run import NumpyRunner
from thdx.engine._steps import (
    Completion,
    CountOver,
    Criteria,
    Exact,
    Gather,
    Kleene,
    Regroup,
    Step,
    TargetPlan,
)
from thdx.engine._unused import Unused
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.rules._vocabulary import Rule
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, F8, I8, I64, Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._verdict import Report

if TYPE_CHECKING:
    from thdx.rules._rulebook import Rulebook

__all__ = ["Plan", "RulePlan", "walk"]


@attrs.frozen(eq=False)
class Plan:
    """A rulebook compiled over a MeasurementSet, a Hierarchy and an evaluation date.

    Attributes:
        rulebook: the rulebook compiled.
        data: the measurements it reads.
        hierarchy: the units (None: counts and shares of units have none to count).
        as_of: the evaluation date.
        targets: per target, its steps (:class:`~thdx.engine._steps.TargetPlan`).
        rows: per gather of the plan, the rows it read (-1: none).
        values: per latest-value gather, the values of those rows (NaN: none).
    """

    rulebook: Rulebook
    data: MeasurementSet
    hierarchy: Hierarchy | None
    as_of: _dt.date
    targets: tuple[TargetPlan, ...]
    rows: Mapping[Gather | Exact, I64]
    values: Mapping[Gather, tuple[F8, B1, I8]]

    def run(self) -> Report:
        """Run every step: the Report of :func:`thdx.evaluate`."""
        runner = NumpyRunner(self.data, self.hierarchy, self.rows, self.values)
        unused = Unused(self.data, self.hierarchy, self.rulebook.jurisdiction, self.as_of)
        nodes: dict[str, Node] = {}
        breakdowns: dict[tuple[str, Level], Node] = {}
        for tp in self.targets:
            node = runner.run(tp.root)
            for lv in tp.absent:
                node.common_notes.append(Note(NC.BREAKDOWN_ABSENT, (lv, tp.scope.day)))
            broken = []
            for lv, step in tp.breakdowns:
                broken.append(runner.run(step))
                breakdowns[(tp.target.id, lv)] = broken[-1]
            unused.note(tp, node, broken)
            nodes[tp.target.id] = node
        return Report(self.rulebook, self.data, self.as_of, nodes, breakdowns, units=self.hierarchy)

    def steps(self) -> Iterator[Step]:
        """Every step of the plan, each target's root first."""
        for tp in self.targets:
            yield from walk(tp.root)
            for _, step in tp.breakdowns:
                yield from walk(step)


@attrs.frozen(eq=False)
class RulePlan:
    """One rule compiled over a batch of units (see :func:`thdx.engine.compile`)."""

    rule: Rule
    data: MeasurementSet
    hierarchy: Hierarchy | None
    root: Step
    rows: Mapping[Gather | Exact, I64]
    values: Mapping[Gather, tuple[F8, B1, I8]]

    def run(self) -> Node:
        """Run the steps: per unit of the batch, its status, value and finality (the
        statuses are the integers of :attr:`thdx.Status.code`)."""
        return NumpyRunner(self.data, self.hierarchy, self.rows, self.values).run(self.root)

    def steps(self) -> Iterator[Step]:
        """Every step of the plan, the root first."""
        return walk(self.root)


def walk(step: Step) -> Iterator[Step]:
    """``step`` and every step under it, depth first."""
    yield step
    if isinstance(step, Kleene):
        for a in step.args:
            yield from walk(a)
    elif isinstance(step, Criteria):
        yield from walk(step.kleene)
    elif isinstance(step, Completion) and step.criteria is not None:
        yield from walk(step.criteria)
    elif isinstance(step, CountOver) and step.child is not None:
        yield from walk(step.child)
    elif isinstance(step, Regroup):
        for p in step.parts:
            yield from walk(p)
