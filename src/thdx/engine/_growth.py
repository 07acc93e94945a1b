"""Average annual growth over a window: the kernel of :class:`~thdx.engine._steps.GrowthOver`.

"Average annual growth over 2021–2025" is compound: from the levels of 2020 and 2025,
from the five yearly rates, or from levels and rates chained; a published average
for the window (or the part of it covered) is a method too. The most complete method
wins, and the verdict names it; another method that gives a different rate is named
in the notes.
"""

from __future__ import annotations

import datetime as _dt
import math

import attrs
import numpy as np

from thdx.engine._steps import GrowthOver, Runner
from thdx.model._periods import Period
from thdx.rules._vocabulary import Comparator, Growth
from thdx.verdicts._node import F8, Node
from thdx.verdicts._notes import GrowthMethod, MethodStep, Note
from thdx.verdicts._notes import NoteCode as NC
from thdx.verdicts._status import MET, NOT_MET, UNKNOWN

__all__ = ["run_growth"]


@attrs.frozen
class _GrowthResult:
    """One way of computing a growth average from the data of one unit."""

    rate: float
    end: int  # the last year covered
    method: GrowthMethod
    rows: tuple[int, ...]


def run_growth(step: GrowthOver, rt: Runner) -> Node:
    """The average annual growth of every unit of the batch, by the most complete
    method its data allows, and what it means for the threshold."""
    rule, codes, scope = step.rule, step.batch.codes, step.scope
    value = rt.cols.value
    n = len(codes)
    status = np.full(n, UNKNOWN, dtype=np.int8)
    values = np.full(n, np.nan)
    final = np.zeros(n, dtype=bool)
    first, last = rule.window.first_year, rule.window.last_year
    as_of = scope.day  # data after the day judged is never used
    level_rows = {y: rt.rows(g) for y, g in step.levels}
    rate_rows = {y: rt.rows(g) for y, g in step.rates}
    avg_rows = {y: rt.rows(g) for y, g in step.averages}
    periods: list[Period | None] = [None] * n
    methods: list[GrowthMethod | None] = [None] * n
    node = Node(rule, codes, status, values, final, periods=periods, methods=methods)
    for i in range(n):
        found = _growth_results(value, rule, level_rows, rate_rows, avg_rows, i)
        finite = [r for r in found if math.isfinite(r.rate)]
        if not finite:
            held = any(
                col[i] >= 0 for table in (level_rows, rate_rows, avg_rows) for col in table.values()
            )
            if found:
                node.notes[i] = [Note(NC.GROWTH_OUT_OF_RANGE, (rule.window,))]
            elif not held:
                node.notes[i] = [Note(NC.NO_DATA, (scope.day,))]
            elif not any(Period.year(y).end <= as_of for y in range(first, last + 1)):
                node.notes[i] = [Note(NC.GROWTH_NOT_STARTED, (rule.window, scope.day))]
            else:
                missing = _missing_years(level_rows, rate_rows, first, last, i, as_of)
                node.notes[i] = [Note(NC.GROWTH_MISSING, (missing,))]
            continue
        # The most complete method wins; among equally complete ones, the order of
        # _growth_results (levels, yearly rates, levels chained with rates, published).
        end = max(r.end for r in finite)
        best, *others = [r for r in finite if r.end == end]
        values[i] = best.rate
        status[i] = MET if rule.comparator.holds(best.rate, rule.threshold) else NOT_MET
        final[i] = best.end == last
        periods[i] = Period.parse(f"{first}/{best.end}")
        methods[i] = best.method
        node.used_rows[i] = best.rows
        notes: list[Note] = []
        if not final[i]:
            notes.append(Note(NC.GROWTH_PARTIAL, (periods[i], rule.window)))  # type: ignore[arg-type]
        for other in others:
            if not Comparator.EQ.holds(other.rate, best.rate):
                notes.append(Note(NC.GROWTH_OTHER, (other.method, other.rate)))
        # Values of later years of the window that no method could chain (a level with
        # no level or rates before it, a rate beyond a gap) are named, not dropped.
        beyond = [
            int(col[i])
            for table in (level_rows, rate_rows)
            for year, col in table.items()
            if year > best.end and col[i] >= 0
        ]
        if beyond:
            notes.append(Note(NC.GROWTH_UNUSED, (len(beyond),)))
        if notes:
            node.notes[i] = notes
    if step.after:
        # Levels or rates for years after the window, up to as_of, are set aside.
        later = np.zeros(n, dtype=bool)
        for g in step.after:
            later |= rt.rows(g) >= 0
        for i in np.flatnonzero(later).tolist():
            node.notes.setdefault(i, []).append(Note(NC.AFTER_DEADLINE, (rule.window.last_year,)))
    return node


def _growth_results(
    value: F8,
    rule: Growth,
    level_rows: dict[int, np.ndarray],
    rate_rows: dict[int, np.ndarray],
    avg_rows: dict[int, np.ndarray],
    i: int,
) -> list[_GrowthResult]:
    """Every way the data of unit ``i`` gives the average, in order of preference."""
    first = rule.window.first_year
    out: list[_GrowthResult] = []
    rates = _consecutive(rate_rows, first, i)
    if rule.method == "arithmetic":
        if rates:
            got = [float(value[r]) for r in rates]
            end = first + len(got) - 1
            how = GrowthMethod("arithmetic", (MethodStep("rates", first, end),))
            out.append(_GrowthResult(sum(got) / len(got), end, how, tuple(rates)))
        return out
    base = level_rows.get(first - 1)
    p0 = float(value[base[i]]) if base is not None and base[i] >= 0 else math.nan
    level_years = [y for y in sorted(level_rows) if y >= first and level_rows[y][i] >= 0]
    if p0 <= 0 and level_years:
        # A base level of zero or below gives no growth: say so, not "missing".
        how = GrowthMethod("compound", (MethodStep("levels", first - 1, level_years[-1]),))
        out.append(_GrowthResult(math.nan, level_years[-1], how, ()))
    if p0 > 0 and level_years:
        end = level_years[-1]
        ratio = float(value[level_rows[end][i]]) / p0
        how = GrowthMethod("compound", (MethodStep("levels", first - 1, end),))
        rows = (int(base[i]), int(level_rows[end][i]))  # type: ignore[index]
        out.append(_GrowthResult(_compound(ratio, end - first + 1), end, how, rows))
    if rates:
        product = math.prod(1.0 + float(value[r]) / 100.0 for r in rates)
        end = first + len(rates) - 1
        how = GrowthMethod("compound", (MethodStep("rates", first, end),))
        out.append(_GrowthResult(_compound(product, len(rates)), end, how, tuple(rates)))
    for levels_first in (True, False):
        chained = _chain(value, level_rows, rate_rows, first, i, levels_first=levels_first)
        if chained is not None and all(chained.method != r.method for r in out):
            out.append(chained)
    published = [y for y in sorted(avg_rows) if avg_rows[y][i] >= 0]
    if published:
        end = published[-1]
        row = int(avg_rows[end][i])
        how = GrowthMethod("published", (MethodStep("published", first, end),))
        out.append(_GrowthResult(float(value[row]), end, how, (row,)))
    return out


def _chain(
    values: F8,
    level_rows: dict[int, np.ndarray],
    rate_rows: dict[int, np.ndarray],
    first: int,
    i: int,
    *,
    levels_first: bool,
) -> _GrowthResult | None:
    """Levels and yearly rates chained over the window: from a year with a level, to
    the latest later level, or through the yearly rates of the years after it (levels up
    to 2024 and a 2025 rate; a 2021 rate and levels 2021 and 2025). Each step takes the
    levels when it can (``levels_first``) or whichever reaches further. None unless it
    mixes the two kinds (each alone is a method of its own)."""

    def value(row: int) -> float:
        return float(values[row])

    def level(y: int) -> int:
        got = level_rows.get(y)
        return int(got[i]) if got is not None else -1

    t, ratio = first - 1, 1.0
    parts: list[MethodStep] = []
    rows: list[int] = []
    kinds: set[str] = set()
    while True:
        here = level(t)
        later = [y for y in sorted(level_rows) if y > t and level(y) >= 0]
        by_levels = later[-1] if here >= 0 and value(here) > 0 and later else None
        run: list[int] = []
        y = t + 1
        while y in rate_rows and rate_rows[y][i] >= 0:
            run.append(int(rate_rows[y][i]))
            y += 1
        if by_levels is None and not run:
            break
        if by_levels is not None and (levels_first or by_levels >= t + len(run)):
            ratio *= value(level(by_levels)) / value(here)
            parts.append(MethodStep("levels", t, by_levels))
            rows += [here, level(by_levels)]
            kinds.add("levels")
            t = by_levels
        else:
            ratio *= math.prod(1.0 + value(r) / 100.0 for r in run)
            parts.append(MethodStep("rates", t + 1, t + len(run)))
            rows += run
            kinds.add("rates")
            t += len(run)
    if len(kinds) < 2 or t < first:
        return None
    how = GrowthMethod("compound", tuple(parts))
    return _GrowthResult(_compound(ratio, t - first + 1), t, how, tuple(dict.fromkeys(rows)))


def _consecutive(rows: dict[int, np.ndarray], start: int, i: int) -> list[int]:
    """The rows of unit ``i`` for every year from ``start`` on; none when a year is
    missing before a later one is given (a gap inside the years covered: no number)."""
    got: list[int] = []
    year = start
    while year in rows and rows[year][i] >= 0:
        got.append(int(rows[year][i]))
        year += 1
    if any(y >= year and rows[y][i] >= 0 for y in rows):
        return []
    return got


def _compound(ratio: float, years: int) -> float:
    """The average yearly rate, in percent, of a growth by ``ratio`` over ``years``:
    a level that fell to zero is −100 % a year; a negative ratio has no rate."""
    if ratio == 0:
        return -100.0
    if not ratio > 0:
        return math.nan
    try:
        return float((ratio ** (1.0 / years) - 1.0) * 100.0)
    except OverflowError:
        return math.inf


def _missing_years(
    level_rows: dict[int, np.ndarray],
    rate_rows: dict[int, np.ndarray],
    first: int,
    last: int,
    i: int,
    as_of: _dt.date,
) -> str:
    missing = [
        y
        for y in range(first, last + 1)
        if Period.year(y).end <= as_of
        and not (y in rate_rows and rate_rows[y][i] >= 0)
        and not (y in level_rows and level_rows[y][i] >= 0)
    ]
    if (
        first - 1 in level_rows
        and level_rows[first - 1][i] < 0
        and not any(y in rate_rows and rate_rows[y][i] >= 0 for y in range(first, last + 1))
    ):
        missing.insert(0, first - 1)
    return ",".join(map(str, missing)) or "all"
