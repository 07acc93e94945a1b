"""Counts and shares of units: the kernel of :class:`~thdx.engine._steps.CountOver`.

A count of units is MET when the units known to pass reach the threshold, NOT_MET
when even all unknown units passing could not reach it, else UNKNOWN. It is final
when the units judged finally decide it alone; a count published for the whole level
stands in for unit-level data where there is none (:mod:`thdx.engine._reported`).
"""

from __future__ import annotations

import numpy as np

from thdx.engine._completion import ROUTE_CARRIED
from thdx.engine._reported import bounds as _bounds
from thdx.engine._reported import reported
from thdx.engine._steps import Completion, CountOver, Runner
from thdx.rules._vocabulary import Comparator
from thdx.verdicts._node import Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import MET, NA, NOT_MET, UNKNOWN, Counts

__all__ = ["run_count"]


def run_count(step: CountOver, rt: Runner) -> Node:
    """Per unit of the batch, the count (or share) of its sub-units that pass, in
    three values, with the counts, the finality and the published counts."""
    rule, ctx, codes = step.rule, step.scope, step.batch.codes
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    values = np.full(n, np.nan)
    counts: list[Counts | None] = [None] * n
    if step.child is None:
        node = Node(rule, codes, status, values, np.full(n, ctx.settled), counts=counts)
        node.common_notes.append(Note(NC.NO_HIERARCHY))
        return node
    final = np.full(n, ctx.settled, dtype=bool)
    node = Node(rule, codes, status, values, final, counts=counts)
    if step.era_note is not None:
        node.common_notes.append(step.era_note)
    child = rt.run(step.child)
    node.children.append(child)
    node.members = list(step.members)
    sets = step.child
    criteria = sets.criteria.criteria.id if isinstance(sets, Completion) and sets.criteria else None
    _lift_completion_notes(node, child, criteria)
    is_share = step.share
    for i in range(n):
        st = child.status[node.members[i]]
        passed = int((st == MET).sum())
        failed = int((st == NOT_MET).sum())
        unknown = int((st == UNKNOWN).sum())
        total = passed + failed + unknown
        counts[i] = Counts(rule.level, passed, failed, unknown, total, ctx.day)
        if total == 0:
            status[i] = NA
            node.notes[i] = [Note(NC.NO_UNITS, (rule.level, ctx.day))]
            continue
        lo, hi = float(passed), float(passed + unknown)
        if is_share:
            lo, hi = lo * 100.0 / total, hi * 100.0 / total
        values[i] = lo if passed + failed else np.nan
        status[i] = _bounds(rule.comparator, rule.threshold, lo, hi)
        # Counted on standings from data older than the deadline: not final, unless
        # the units judged finally decide the count alone.
        settled = child.final[node.members[i]] | (st == NA)
        if final[i] and not settled.all():
            alone = np.where(settled, st, UNKNOWN)
            lo_f, hi_f = (
                float((alone == MET).sum()),
                float((alone != NOT_MET).sum() - (alone == NA).sum()),
            )
            if is_share:
                lo_f, hi_f = lo_f * 100.0 / total, hi_f * 100.0 / total
            final[i] = _bounds(rule.comparator, rule.threshold, lo_f, hi_f) == status[i]
            if not final[i]:
                node.notes.setdefault(i, []).append(
                    Note(NC.UNITS_STANDING, (int((~settled).sum()),))
                )
        reported(ctx, rt, node, i, rule, (passed, unknown, total), step.eras[i], share=is_share)
        if (
            status[i] == NOT_MET
            and not is_share
            and rule.comparator in (Comparator.GE, Comparator.GT, Comparator.EQ)
            and rule.threshold > total
        ):
            node.notes.setdefault(i, []).append(
                Note(NC.UNREACHABLE, (float(rule.threshold), total, rule.level))
            )
    return node


def _lift_completion_notes(node: Node, child: Node, incomplete: str | None) -> None:
    """Say on the rollup itself when units were counted by carried recognitions or
    judged on an incomplete criteria set (the per-unit trace says which)."""
    if child.routes is not None:
        carried = int((child.routes == ROUTE_CARRIED).sum())
        if carried:
            node.common_notes.append(Note(NC.CARRIED_UNITS, (carried,)))
    if incomplete is not None and child.incomplete is not None and child.incomplete.any():
        node.common_notes.append(Note(NC.INCOMPLETE, (incomplete,)))
