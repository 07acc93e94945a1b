"""Progress of a goal on a count or a share of units that completed digital
transformation, against a plan's yearly quotas (QĐ 969/QĐ-UBND) or the goal's pace.

The series is the number of units of the goal's level under the unit assessed, at the
end of each year from the base year to ``as_of``, that are known to have completed: a
:class:`~thdx.Recognition` dated by then (and not before the unit began), or, where
larger, a count published for the whole level (a :class:`~thdx.ReportedCount`) of the
same units. Both are lower bounds: a unit without a recognition in the data is not
known to have completed, so every count here is "at least". A count goal whose era
ended (the 1 Jul 2025 reform) is counted up to the era's last day, as the verdict is.

- ``units_plan``: with a plan that gives a cumulative quota for the latest year, the
  ratio is the units completed since the base over those the plan asked for since
  then, ``(c1 − c0) / (q − c0)``, banded as the Open SDG ratio;
- ``units_pace``: otherwise, the units completed a year ``(c1 − c0) / (t1 − t0)``
  against the pace the goal requires from the base, ``(T − c0) / (tT − t0)``.

The projection is linear in completed units a year (the observed pace kept up), capped
at the units that exist; a share is over the units counted at the latest point. The
pace is measured on the points since the last change of the units counted (where fewer
than half of the units of a point were counted at the one before: a reform).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence

import attrs

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._measurement_records import ReportedCount
from thdx.model._periods import Period
from thdx.progress._math import first_year_at, linear_reach, year_end_time
from thdx.progress._notes import ProgressNoteCode as NC
from thdx.progress._result import Draft, Goal, PlanYear, Point
from thdx.progress._status import ProgressMethod, ProgressStatus
from thdx.rules._rulebook import Rulebook
from thdx.rules._vocabulary import Comparator, Completed, CountUnits, ShareUnits
from thdx.store._measurement_set import MeasurementSet

__all__ = ["assess_units", "plan_quotas"]

_DAY = _dt.timedelta(days=1)
Key = frozenset[tuple[str, _dt.date | None]]


@attrs.frozen
class _Count:
    day: _dt.date
    completed: int
    total: int
    keys: Key

    @property
    def period(self) -> Period:
        d = self.day
        return Period.year(d.year) if (d.month, d.day) == (12, 31) else Period.day(d)


def _keys(units: Sequence[AdministrativeUnit]) -> Key:
    return frozenset((u.code, u.valid_from) for u in units)


def _same_era(earlier: Key, later: Key) -> bool:
    """At least half of the units of ``later`` were counted in ``earlier``."""
    return 2 * len(earlier & later) >= len(later)


def plan_quotas(plan: Rulebook, level: Level) -> dict[int, float]:
    """A plan's cumulative quota of completed units of ``level`` by year.

    From its targets on a number of units (``count ≥ q`` by year Y, over the whole
    level); failing those, from its targets naming units to complete by year Y (each
    year's quota the named units due by then).
    """
    counts: dict[int, float] = {}
    named: dict[int, set[str]] = {}
    for t in plan.targets:
        rule, year = t.rule, t.deadline.last_year
        if not (t.deadline.is_whole_years and t.deadline.first_year == year):
            continue
        if (
            isinstance(rule, CountUnits)
            and rule.level is level
            and isinstance(rule.rule, Completed)
            and rule.comparator is Comparator.GE
            and not t.units
        ):
            counts[year] = max(counts.get(year, 0.0), rule.threshold)
        elif isinstance(rule, Completed) and t.units and t.scope is level:
            named.setdefault(year, set()).update(t.units)
    if counts:
        return dict(sorted(counts.items()))
    out: dict[int, float] = {}
    due: set[str] = set()
    for year in sorted(named):
        due |= named[year]
        out[year] = float(len(due))
    return out


def _era_last(
    h: Hierarchy, unit: str, level: Level, anchor: _dt.date, by: _dt.date
) -> _dt.date | None:
    """The last day of the era of ``anchor`` when every unit of it ceases by ``by``."""
    seen = h.descendants(unit, level, anchor)
    if not seen or any(u.valid_until is None or u.valid_until > by for u in seen):
        return None
    return max(u.valid_until for u in seen if u.valid_until is not None) - _DAY


def _counts(
    draft: Draft, data: MeasurementSet, h: Hierarchy, level: Level, days: list[_dt.date]
) -> tuple[list[_Count], bool]:
    """The count at each day, and whether the data holds any fact about these units."""
    out: list[_Count] = []
    facts = False
    cache: dict[_dt.date, Key] = {}

    def keys_on(day: _dt.date) -> Key:
        if day not in cache:
            cache[day] = _keys(h.descendants(draft.unit, level, day))
        return cache[day]

    reported = [
        rc
        for rc in data.reported_counts
        if rc.unit == draft.unit and rc.level is level and rc.period.end <= draft.as_of
    ]
    used: list[ReportedCount] = []
    for day in days:
        units = h.descendants(draft.unit, level, day)
        if not units:
            continue
        keys = _keys(units)
        done = 0
        for u in units:
            recs = [r for r in data.recognitions_of(u.code) if r.on <= day]
            facts |= bool(recs)
            if any(u.valid_from is None or r.on >= u.valid_from for r in recs):
                done += 1
        for rc in reported:
            if (
                rc.period.end <= day
                and rc.count <= len(units)
                and _same_era(keys_on(rc.period.end), keys)
            ):
                facts = True
                if rc.count > done:
                    done = rc.count
                    if rc not in used:
                        used.append(rc)
        out.append(_Count(day, done, len(units), keys))
    for rc in used:
        draft.note(NC.REPORTED, rc.count, rc.period)
    return out, facts


def assess_units(
    draft: Draft,
    goal: Goal,
    rule: CountUnits | ShareUnits,
    data: MeasurementSet,
    *,
    base_year: int,
    hierarchy: Hierarchy | None,
    plan: Rulebook | None,
    anchor: _dt.date,
) -> None:
    """Assess a goal on a count or share of completed units into ``draft``."""
    share = isinstance(rule, ShareUnits)
    draft.method = ProgressMethod.UNITS_PACE
    draft.unit_of_measure = "percent" if share else "administrative_unit"
    draft.rate_unit = "administrative_unit / year"
    if not isinstance(rule.rule, Completed):
        draft.note(NC.NOT_ASSESSED, f"{'share' if share else 'count'} of units by another rule")
        draft.method = ProgressMethod.NONE
        return
    if hierarchy is None:
        draft.note(NC.NO_HIERARCHY)
        return
    if rule.rule.criteria is not None:
        draft.note(NC.CRITERIA_NOT_USED, rule.rule.criteria.id)
    if rule.rule.carry_over:
        draft.note(NC.CARRY_OVER_NOT_USED)
    level, deadline_end = rule.level, draft.deadline.end
    stop = min(draft.as_of, deadline_end)
    t_end = year_end_time(deadline_end)
    era_last = _era_last(hierarchy, draft.unit, level, anchor, deadline_end) if not share else None
    if era_last is not None and era_last < stop:
        draft.note(NC.ERA_ENDED, level, era_last + _DAY, era_last)
        stop = era_last
    if era_last is not None:
        t_end = year_end_time(era_last)
        if era_last > stop:
            draft.note(NC.ERA_ENDS, level, era_last + _DAY, era_last)
    days = [_dt.date(y, 12, 31) for y in range(base_year, stop.year + 1)]
    days = [d for d in days if d <= stop]
    if stop == era_last and stop not in days and stop.year >= base_year:
        days.append(stop)
    counts, facts = _counts(draft, data, hierarchy, level, days)
    if not facts:
        draft.note(NC.NO_DATA, draft.as_of)
        return
    draft.note(NC.RECOGNISED_ONLY)
    _set_aside(draft, data, hierarchy, level, counts[-1].day, stop)
    horizon = t_end if era_last is not None else None
    _assess_counts(
        draft,
        goal,
        counts,
        hierarchy,
        share=share,
        level=level,
        t_end=t_end,
        plan=plan,
        horizon=horizon,
    )
    _ceasing(draft, hierarchy, level, counts[-1], deadline_end, share=share)


def _set_aside(
    draft: Draft, data: MeasurementSet, h: Hierarchy, level: Level, last: _dt.date, stop: _dt.date
) -> None:
    """Name the recognitions not counted: dated after the last day counted (a year not
    yet ended, after the deadline, after the era of the units counted) or after as_of,
    and the published counts for periods ending after as_of."""
    as_of = draft.as_of
    codes = {u.code for day in {stop, as_of} for u in h.descendants(draft.unit, level, day)}
    dates = [r.on for r in data.recognitions if r.unit in codes]
    later = sum(1 for on in dates if last < on <= as_of)
    after = sum(1 for on in dates if on > as_of)
    after += sum(
        1
        for rc in data.reported_counts
        if rc.unit == draft.unit and rc.level is level and rc.period.end > as_of
    )
    if later:
        draft.note(NC.UNUSED_AFTER_DAY, later, last)
    if after:
        draft.note(NC.UNUSED_AFTER_AS_OF, after, as_of)


def _ceasing(
    draft: Draft, h: Hierarchy, level: Level, latest: _Count, end: _dt.date, *, share: bool
) -> None:
    """For a share, note when most units counted cease before the deadline's end."""
    if not share or latest.day >= end:
        return
    ends = Counter(
        u.valid_until
        for u in h.descendants(draft.unit, level, latest.day)
        if u.valid_until is not None and u.valid_until <= end
    )
    if ends and 2 * sum(ends.values()) > latest.total:
        draft.note(NC.UNITS_CEASE, level, ends.most_common(1)[0][0])


def _value(c: float, total: int, *, share: bool) -> float:
    return c * 100.0 / total if share else c


def _assess_counts(
    draft: Draft,
    goal: Goal,
    counts: list[_Count],
    hierarchy: Hierarchy,
    *,
    share: bool,
    level: Level,
    t_end: float,
    plan: Rulebook | None,
    horizon: float | None,
) -> None:
    if not counts:
        draft.note(NC.NO_UNITS, level, draft.as_of)
        return
    start = 0
    for i in range(1, len(counts)):
        if not _same_era(counts[i - 1].keys, counts[i].keys):
            draft.note(NC.ERA_BREAK, counts[i - 1].day, counts[i].day)
            start = i
    era = counts[start:]
    base, latest = era[0], era[-1]
    draft.base = Point(base.period, _value(base.completed, base.total, share=share))
    draft.latest = Point(latest.period, _value(latest.completed, latest.total, share=share))
    achieved = goal.comparator.holds(draft.latest.value, goal.threshold)
    if achieved:
        draft.status = ProgressStatus.ACHIEVED
        draft.projected_year = latest.day.year
    wanted = goal.threshold * latest.total / 100.0 if share else goal.threshold
    quotas = _quotas(draft, plan, hierarchy, level, counts)
    if len(era) < 2:
        if not achieved:
            draft.note(NC.ONE_POINT, latest.period)
        return
    t0, t1 = year_end_time(base.day), year_end_time(latest.day)
    pace = (latest.completed - base.completed) / (t1 - t0)
    draft.observed_rate = pace
    quota = quotas.get(latest.day.year)
    if quota is not None:
        draft.method = ProgressMethod.UNITS_PLAN
        draft.required_rate = (quota - base.completed) / (t1 - t0)
        if quota > base.completed:
            asked = quota - base.completed
            draft.band(latest.completed - base.completed, asked, achieved=achieved)
        elif not achieved:
            # The plan asked for no more than the base: on plan unless the count fell.
            on_plan = latest.completed >= quota
            draft.status = ProgressStatus.SUBSTANTIAL if on_plan else ProgressStatus.DETERIORATION
    elif t_end > t0:
        if quotas:
            draft.note(NC.PLAN_NO_QUOTA, latest.day.year)
        draft.required_rate = (wanted - base.completed) / (t_end - t0)
        draft.band(pace, draft.required_rate, achieved=achieved)
    _project(
        draft, goal, latest, pace, wanted, t1, t_end, share=share, level=level, horizon=horizon
    )


def _project(
    draft: Draft,
    goal: Goal,
    latest: _Count,
    pace: float,
    wanted: float,
    t1: float,
    t_end: float,
    *,
    share: bool,
    level: Level,
    horizon: float | None,
) -> None:
    if wanted > latest.total and goal.comparator in (Comparator.GE, Comparator.GT):
        draft.note(NC.UNREACHABLE, goal.threshold, latest.total, level)
    left = t_end - t1
    if left <= 0:
        draft.note(NC.DEADLINE_REACHED, draft.deadline)
        draft.projected = draft.latest.value if draft.latest is not None else None
        return
    if draft.status is not ProgressStatus.ACHIEVED:
        draft.required_pace = (wanted - latest.completed) / left
    projected = latest.completed + pace * left
    if projected > latest.total:
        shown = "100 %" if share else f"{latest.total}"
        draft.note(NC.PROJECTION_CAPPED, shown)
    projected = min(max(projected, 0.0), float(latest.total))
    draft.projected = _value(projected, latest.total, share=share)
    if draft.status is not ProgressStatus.ACHIEVED and pace > 0 and wanted <= latest.total:
        reach = linear_reach(t1, latest.completed, pace, wanted)
        if horizon is not None and reach is not None and reach > horizon:
            reach = None  # the units counted cease before: never, for these units
        draft.projected_year = first_year_at(reach, after=latest.day.year)


def _quotas(
    draft: Draft,
    plan: Rulebook | None,
    h: Hierarchy,
    level: Level,
    counts: list[_Count],
) -> dict[int, float]:
    """The plan's quotas that apply (also shown in ``draft.plan``), or none (noted)."""
    if plan is None:
        return {}
    if plan.jurisdiction != draft.unit:
        draft.note(NC.PLAN_OTHER_UNIT, plan.number, plan.jurisdiction)
        return {}
    quotas = plan_quotas(plan, level)
    if not quotas:
        return {}
    # The quotas are about the units of the plan's day, not about other units.
    planned = None if plan.issued is None else _keys(h.descendants(draft.unit, level, plan.issued))
    by_year = {c.day.year: c for c in counts if planned is None or _same_era(planned, c.keys)}
    draft.plan = [
        PlanYear(y, q, float(by_year[y].completed) if y in by_year else None)
        for y, q in quotas.items()
    ]
    if planned is not None and not _same_era(planned, counts[-1].keys):
        draft.note(NC.PLAN_OTHER_ERA)
        return {}
    return quotas
