"""A value against a threshold: the kernel of :class:`~thdx.engine._steps.Threshold`.

True → MET (2), False → NOT_MET (0); nothing gathered → UNKNOWN (1). A verdict is final
where the row judged is the deadline period's; the notes (a standing on older data, no
data, data after the day judged) are written only when a verdict is read.
"""

from __future__ import annotations

import datetime as _dt

import attrs
import numpy as np

from thdx.engine._steps import Runner, Threshold
from thdx.model._periods import Period
from thdx.model._quantities import format_quantity
from thdx.rules._vocabulary import Comparator, Compare
from thdx.store._derived import ratio_factor
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import B1, I8, Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC

__all__ = ["run_threshold"]

#: The comparison of a value with the threshold moved by the tolerance (``bound``).
_UFUNCS: dict[Comparator, np.ufunc] = {
    Comparator.GE: np.greater_equal,
    Comparator.GT: np.greater,
    Comparator.LE: np.less_equal,
    Comparator.LT: np.less,
}


def run_threshold(step: Threshold, rt: Runner, out: I8 | None = None) -> Node:
    """The statuses, values and finality of a comparison over its batch (the
    statuses written into ``out`` when given)."""
    rows = rt.rows(step.src)
    values, known, unknown = rt.values(step.src)
    # True → MET (2), False → NOT_MET (0); a missing value (NaN) compares False, and is
    # then marked UNKNOWN (1): status = 2 × passed | unknown.
    compare = _UFUNCS.get(step.comparator)
    if compare is None:  # equality: within the tolerance on either side
        passed = step.comparator.apply(values, step.threshold)
    else:
        passed = compare(values, step.bound)
    status = np.left_shift(passed, 1, dtype=np.int8, out=out)
    status |= unknown
    codes = step.batch.codes
    scope = step.scope
    dl = scope.deadline
    if dl is None or step.final_period is None:
        return Node(step.rule, codes, status, values, known, rows=rows)
    final: B1 = np.zeros(len(codes), dtype=bool)
    if known.any():
        r = rows[known]
        start, end = step.final_period
        final[known] = (rt.cols.start[r] == start) & (rt.cols.end[r] == end)
    node = Node(step.rule, codes, status, values, final, rows=rows)
    _note_parts(step.rule, rt.data, node)
    later: B1 = np.zeros(len(codes), dtype=bool)
    if step.later is not None and not final.all():
        # Data after the day judged exists and was set aside: say so, beside a standing
        # on older data as well as where nothing else was found.
        later = rt.rows(step.later) > rows
    after = Note(NC.AFTER_DAY, (scope.day,)) if scope.before_end else Note(NC.AFTER_DEADLINE, (dl,))
    node.lazy = _CompareNotes(
        standing=known & ~final,
        no_data=~known,
        later=later,
        deadline=dl,
        day=scope.day,
        after=after,
        data=rt.data,
    )
    return node


def _note_parts(rule: Compare, data: MeasurementSet, node: Node) -> None:
    """A derived indicator measured directly (a digital economy share of 19 %) beside
    its two parts for the same period (which give 20 %): the value used is the one
    measured, and the parts' ratio, when it differs, is named, not dropped."""
    ind = data.catalogue.get(rule.indicator)
    if ind is None or not ind.derived or node.rows is None:
        return
    num, den = str(ind.numerator), str(ind.denominator)
    for i in np.flatnonzero(node.rows >= 0).tolist():
        used = data.row(int(node.rows[i]))
        if used.derived_from:
            continue
        a = data.get(used.unit, num, used.period)
        b = data.get(used.unit, den, used.period)
        if a is None or b is None or b.magnitude == 0:
            continue
        factor = ratio_factor(data.catalogue[num], data.catalogue[den], ind)
        ratio = a.magnitude / b.magnitude * factor
        if not Comparator.EQ.holds(ratio, used.magnitude):
            shown = format_quantity(ratio, ind.unit)
            node.notes.setdefault(i, []).append(Note(NC.PARTS_DIFFER, (shown, num, den)))


@attrs.frozen
class _CompareNotes:
    """The notes of a comparison, written only when a verdict is read (a country's
    criteria have hundreds of thousands of them)."""

    standing: np.ndarray
    no_data: np.ndarray
    later: np.ndarray
    deadline: Period
    day: _dt.date
    after: Note
    data: MeasurementSet

    def __call__(self, node: Node, i: int) -> list[Note]:
        out: list[Note] = []
        if self.standing[i]:
            period = self.data.period_of(int(node.rows[i]))  # type: ignore[index]
            out.append(Note(NC.STANDING, (period, self.deadline)))
        if self.no_data[i]:
            out.append(Note(NC.NO_DATA, (self.day,)))
        if self.later[i]:
            out.append(self.after)
        return out
