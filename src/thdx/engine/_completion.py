"""Completion of a unit: the kernel of :class:`~thdx.engine._steps.Completion`.

A unit completed digital transformation when an official decision recognised it (on
or before the day judged, and not before it existed as the same unit), when a unit it
succeeded was recognised (``carry_over``), or when its criteria set passes. Every
verdict names the route that decided it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

import numpy as np

from thdx.engine._data import MIN_ORD
from thdx.engine._kleene import run_kleene
from thdx.engine._steps import Completion, Criteria, Runner
from thdx.model._errors import UnknownUnitError
from thdx.model._hierarchy import Hierarchy
from thdx.model._measurement_records import Recognition
from thdx.rules._vocabulary import PassRule
from thdx.verdicts._node import Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import MET, NA, NOT_MET, UNKNOWN

__all__ = [
    "ROUTE_CARRIED",
    "ROUTE_CRITERIA",
    "ROUTE_NONE",
    "ROUTE_REC",
    "ROUTE_REPORTED",
    "run_completion",
    "run_criteria",
]

#: The route that decided a verdict (the positions in :data:`thdx.verdicts.ROUTES`).
ROUTE_NONE, ROUTE_REC, ROUTE_CARRIED, ROUTE_CRITERIA, ROUTE_REPORTED = 0, 1, 2, 3, 4


def run_completion(step: Completion, rt: Runner) -> Node:
    """Completion of every unit of the batch: by recognition, else by its criteria."""
    rule, ctx, codes, valid_from = step.rule, step.scope, step.batch.codes, step.batch.valid_from
    recognitions = rt.cols.recognitions
    hierarchy = rt.hierarchy
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    routes = np.full(n, ROUTE_NONE, dtype=np.int8)
    life = step.lifetimes
    final = np.fromiter(life.final, bool, n)
    node = Node(rule, codes, status, np.full(n, np.nan), final, routes=routes)
    node.notes = {i: [note] for i, note in life.notes.items()}
    for i, code in enumerate(codes):
        day = life.days[i]
        if day is None:  # no unit had this code on the day judged
            status[i] = NA
            continue
        held = recognitions.get(code)
        if held is None:
            continue
        recs = _recognised(held, int(valid_from[i]), day)
        if recs:
            status[i], routes[i] = MET, ROUTE_REC
            node.recognitions[i] = recs
    if rule.carry_over and hierarchy is not None:
        for i in np.flatnonzero((status != MET) & (status != NA)).tolist():
            carried = _carried(hierarchy, recognitions, codes[i], ctx.day)
            if carried:
                status[i], routes[i] = MET, ROUTE_CARRIED
                node.recognitions[i] = carried
                node.notes[i] = [Note(NC.CARRIED)]
    if rule.criteria is not None and step.criteria is not None:
        cs = rule.criteria
        crit = run_criteria(step.criteria, rt)
        node.children.append(crit)
        open_ = (status != MET) & (status != NA)
        decided = open_ & (crit.status != UNKNOWN)
        status[decided] = crit.status[decided]
        routes[decided] = ROUTE_CRITERIA
        # Judged on criteria data older than the deadline period: a standing.
        final[decided] = crit.final[decided]
        if not cs.complete:
            node.incomplete = open_
            for i in np.flatnonzero(open_).tolist():
                node.notes.setdefault(i, []).append(Note(NC.INCOMPLETE, (cs.id,)))
        if cs.pass_rule is PassRule.UNKNOWN:
            for i in np.flatnonzero(open_).tolist():
                node.notes.setdefault(i, []).append(Note(NC.PASS_RULE_UNKNOWN, (cs.id,)))
    return node


def _recognised(
    recs: Sequence[Recognition], valid_from: int, day: _dt.date
) -> tuple[Recognition, ...]:
    return tuple(r for r in recs if r.on <= day and r.on.toordinal() >= valid_from)


def _carried(
    h: Hierarchy, recognitions: Mapping[str, Sequence[Recognition]], code: str, day: _dt.date
) -> tuple[Recognition, ...]:
    """Recognitions of the units that ``code`` succeeded on the day it began."""
    try:
        unit = h.get(code, day)
    except UnknownUnitError:
        return ()
    out: list[Recognition] = []
    for old in h.predecessors(code):
        if unit.valid_from is None or old.valid_until != unit.valid_from:
            continue
        start = old.valid_from.toordinal() if old.valid_from else MIN_ORD
        out.extend(_recognised(recognitions.get(old.code, ()), start, old.valid_until))
    return tuple(out)


def run_criteria(step: Criteria, rt: Runner) -> Node:
    """A criteria set over the batch. Criteria are judged on the data of the goal's
    deadline period when it exists, else as a standing on older data (never final)."""
    cs = step.criteria
    node = run_kleene(step.kleene, rt)
    if not cs.complete:
        # The missing criteria could change the result: an incomplete set never shows
        # completion, and fails a unit only when its pass rule is "all".
        undecided = node.status == MET
        if cs.pass_rule is not PassRule.ALL:
            undecided |= node.status == NOT_MET
        node.status = np.where(undecided, UNKNOWN, node.status).astype(np.int8)
    return node
