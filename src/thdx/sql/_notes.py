"""The notes of the engine's kernels, written from the query's result.

The query gives statuses, values, finality, routes and counts; what explains them (a
standing on older data, no data, data after the day judged, units still standing,
an incomplete criteria set, a carried recognition) is written here with the engine's
note types and rules, so that a verdict reads the same on both paths. Notes that
name a row of the data are written only for a :class:`~thdx.MeasurementSet` (files
have no rows in Python).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from thdx.engine._compare import _CompareNotes, _note_parts
from thdx.engine._completion import _carried, _recognised
from thdx.engine._rollup import _lift_completion_notes
from thdx.engine._steps import Completion, CountOver, Threshold
from thdx.model._hierarchy import Hierarchy
from thdx.model._measurement_records import Recognition
from thdx.rules._vocabulary import Comparator, PassRule
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, I64, Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import NA, NOT_MET

__all__ = ["completion_notes", "count_notes", "threshold_notes", "unreachable_notes"]


def threshold_notes(step: Threshold, data: MeasurementSet, node: Node, later: I64 | None) -> None:
    """As :func:`thdx.engine._compare.run_threshold` (``later``: the rows of
    ``step.later``, when it has one)."""
    scope, dl = step.scope, step.scope.deadline
    if dl is None or step.final_period is None or node.rows is None:
        return
    rows, final = node.rows, node.final
    known: B1 = rows >= 0
    _note_parts(step.rule, data, node)
    set_aside: B1 = np.zeros(len(rows), dtype=bool)
    if later is not None and not final.all():
        set_aside = later > rows
    after = Note(NC.AFTER_DAY, (scope.day,)) if scope.before_end else Note(NC.AFTER_DEADLINE, (dl,))
    node.lazy = _CompareNotes(
        standing=known & ~final,
        no_data=~known,
        later=set_aside,
        deadline=dl,
        day=scope.day,
        after=after,
        data=data,
    )


def count_notes(step: CountOver, node: Node, child: Node, totals: I64) -> None:
    """As :func:`thdx.engine._rollup.run_count`, before the published counts."""
    rule, ctx = step.rule, step.scope
    sets = step.child
    criteria = sets.criteria.criteria.id if isinstance(sets, Completion) and sets.criteria else None
    _lift_completion_notes(node, child, criteria)
    for i, members in enumerate(step.members):
        total = int(totals[i])
        if total == 0:
            node.notes[i] = [Note(NC.NO_UNITS, (rule.level, ctx.day))]
            continue
        st = child.status[members]
        settled = child.final[members] | (st == NA)
        if ctx.settled and not settled.all() and not node.final[i]:
            node.notes.setdefault(i, []).append(Note(NC.UNITS_STANDING, (int((~settled).sum()),)))


def unreachable_notes(step: CountOver, node: Node, totals: I64) -> None:
    """A number of units above the number there are (after the published counts)."""
    rule = step.rule
    if step.share or rule.comparator not in (Comparator.GE, Comparator.GT, Comparator.EQ):
        return
    for i in range(len(node.codes)):
        total = int(totals[i])
        if total and node.status[i] == NOT_MET and rule.threshold > total:
            node.notes.setdefault(i, []).append(
                Note(NC.UNREACHABLE, (float(rule.threshold), total, rule.level))
            )


def completion_notes(
    step: Completion,
    node: Node,
    open_: B1,
    recognitions: Mapping[str, Sequence[Recognition]],
    hierarchy: Hierarchy | None,
) -> None:
    """As :func:`thdx.engine._completion.run_completion` (``open_``: not decided by a
    recognition, and a unit on the day judged): the recognitions each verdict used,
    and its notes."""
    routes = node.routes
    assert routes is not None
    life, valid_from, codes = step.lifetimes, step.batch.valid_from, step.batch.codes
    for i in np.flatnonzero(routes == 1).tolist():
        day = life.days[i]
        assert day is not None
        node.recognitions[i] = _recognised(recognitions.get(codes[i], ()), int(valid_from[i]), day)
    for i in np.flatnonzero(routes == 2).tolist():
        if hierarchy is not None:
            node.recognitions[i] = _carried(hierarchy, recognitions, codes[i], step.scope.day)
        node.notes[i] = [Note(NC.CARRIED)]
    cs = step.rule.criteria
    if cs is None or step.criteria is None:
        return
    if not cs.complete:
        for i in np.flatnonzero(open_).tolist():
            node.notes.setdefault(i, []).append(Note(NC.INCOMPLETE, (cs.id,)))
    if cs.pass_rule is PassRule.UNKNOWN:
        for i in np.flatnonzero(open_).tolist():
            node.notes.setdefault(i, []).append(Note(NC.PASS_RULE_UNKNOWN, (cs.id,)))
