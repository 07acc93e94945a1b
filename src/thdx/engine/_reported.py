"""Counts of units published for a whole level, beside or instead of unit-level data.

A published count ("412 communes completed in 2024") is about the units of the era
its period lies in; it decides a count where unit-level data is missing, as a lower
bound when it is older than the day judged, and is compared with unit-level data
where there is some.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from thdx.engine._completion import ROUTE_NONE, ROUTE_REPORTED
from thdx.engine._hierarchy import descendants
from thdx.engine._steps import Runner, Scope
from thdx.model._measurement_records import ReportedCount
from thdx.rules._vocabulary import Comparator, CountUnits, ShareUnits
from thdx.verdicts._node import Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import MET, NOT_MET, UNKNOWN

__all__ = ["bounds", "reported"]


def bounds(comparator: Comparator, threshold: float, lo: float, hi: float) -> int:
    """Three-valued status of ``x <op> threshold`` for every x in [lo, hi]."""
    at_lo, at_hi = comparator.holds(lo, threshold), comparator.holds(hi, threshold)
    if at_lo and at_hi:
        return MET
    if comparator is Comparator.EQ:
        inside = Comparator.LE.holds(lo, threshold) and Comparator.GE.holds(hi, threshold)
        return UNKNOWN if inside else NOT_MET
    if not at_lo and not at_hi:
        return NOT_MET
    return UNKNOWN


def _reported_order(rc: ReportedCount) -> tuple[int, int, int, int, str]:
    """Newest period first, then the longest; ties broken on the content, never on
    the order the data came in."""
    total = -1 if rc.total is None else rc.total
    return (rc.period.end_ordinal, -rc.period.start_ordinal, rc.count, total, rc.source)


def reported(
    ctx: Scope,
    rt: Runner,
    node: Node,
    i: int,
    rule: CountUnits | ShareUnits,
    counts: tuple[int, int, int],
    era: tuple[_dt.date, _dt.date],
    *,
    share: bool,
) -> None:
    """Use or compare a count published for the whole level.

    A published count is about the units of the era its period lies in (``era``: from
    the first day one of the units counted here existed to the last). A period that runs
    across the era's bounds (a count "for 2025", across the 1 Jul 2025 reform) is
    about these units only when its total is their number. Periods ending after
    ``as_of`` or beginning after the day judged are never used.
    """
    passed, unknown, total = counts
    held = [
        rc
        for rc in rt.data.reported_counts
        if rc.unit == node.codes[i] and rc.level is rule.level and rc.period.end <= ctx.as_of
    ]
    candidates = [rc for rc in held if rc.period.start <= ctx.day]
    late = [rc for rc in held if rc.period.start > ctx.day]
    if late:
        node.notes.setdefault(i, []).append(Note(NC.UNUSED_AFTER_DAY, (len(late), ctx.day)))
    if not candidates:
        return
    h = rt.hierarchy

    def only_era(rc: ReportedCount) -> bool:
        """No unit of the level exists in the period outside the era (the level was
        created or abolished at its bounds): a count for the period is about these."""
        outside = []
        if rc.period.start < era[0]:
            outside.append(era[0] - _dt.timedelta(days=1))
        if rc.period.end > era[1]:
            outside.append(era[1] + _dt.timedelta(days=1))
        return h is not None and not any(
            descendants(h, node.codes[i], rule.level, d) for d in outside
        )

    def about_these(rc: ReportedCount) -> bool:
        if era[0] <= rc.period.start and rc.period.end <= era[1]:
            return True
        if not (rc.period.end >= era[0] and rc.period.start <= era[1]):
            return False
        return rc.total == total if rc.total is not None else only_era(rc)

    mine = [rc for rc in candidates if about_these(rc)]
    if not mine:
        newest = max(candidates, key=_reported_order)
        of = "" if newest.total is None else str(newest.total)
        node.notes.setdefault(i, []).append(
            Note(NC.REPORTED_OTHER_ERA, (newest.count, newest.period, of, total))
        )
        return
    rc = max(mine, key=_reported_order)
    if rc.count > total or (rc.total is not None and rc.count > rc.total):
        # More units completed than exist: the count cannot be about these units.
        node.notes.setdefault(i, []).append(
            Note(NC.REPORTED_IMPOSSIBLE, (rc.count, rc.period, total))
        )
        return
    node.reported[i] = rc
    if rc.total is not None and rc.total != total:
        node.notes.setdefault(i, []).append(Note(NC.REPORTED_TOTAL_DIFFERS, (rc.total, total)))
    if total > unknown:
        # Unit-level data exists: it wins; say whether the published count agrees.
        if rc.count != passed:
            node.notes.setdefault(i, []).append(
                Note(NC.REPORTED_DISAGREES, (rc.count, passed, rc.period))
            )
        return
    # A count for a period that covers the day judged is the count of that day; an
    # older one is a lower bound (units complete, they do not un-complete): the others
    # are unknown, as they would be with the same facts given unit by unit.
    exact = rc.period.end >= ctx.day
    out_of = rc.total or total
    lo = float(rc.count) * (100.0 / out_of if share else 1.0)
    most = 100.0 if share else float(max(total, rc.count))
    hi = lo if exact else most
    status = bounds(rule.comparator, rule.threshold, lo, hi)
    node.value[i] = lo
    node.status[i] = status
    if node.periods is None:
        node.periods = [None] * len(node.codes)
    node.periods[i] = rc.period
    # Decided by the count only where the bounds decide it; final then as unit-level
    # facts would be (a lower bound that reaches the threshold stays reached).
    node.final[i] = bool(node.final[i]) and status != UNKNOWN
    if status == UNKNOWN:
        node.notes.setdefault(i, []).append(Note(NC.REPORTED_BOUND, (rc.count, rc.period)))
        return
    if node.routes is None:
        node.routes = np.full(len(node.codes), ROUTE_NONE, dtype=np.int8)
    node.routes[i] = ROUTE_REPORTED
    node.notes.setdefault(i, []).append(Note(NC.REPORTED, (rc.count, rc.period)))
