"""Laws of the engine, the loader and the file formats, checked on generated data.

Every class quotes the law it checks; the data comes from :mod:`thdx.strategies`, and
only the public API is used: a rule is judged as the target of a rulebook, through
:func:`thdx.evaluate`, for the units it is assigned to.

The slow laws (those over whole generated scenarios, rulebooks and data sets) are marked
``slow``: ``pytest -m "not slow"`` leaves them out of a quick run.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx import strategies as ts
from thdx.io import parse_measurements, write_measurements
from thdx.model import (
    AdministrativeUnit,
    Catalogue,
    Direction,
    Hierarchy,
    Indicator,
    IndicatorKind,
    Level,
    Period,
)
from thdx.rulebooks import dump_rulebook, load_rulebook, loads_rulebook
from thdx.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    Growth,
    Rule,
    ShareUnits,
)
from thdx.store import Measurement, MeasurementSet, Recognition, ReportedCount
from thdx.verdicts import SCHEMA_VERSION, NoteCode, Report, Status

MET, NOT_MET, UNKNOWN, NA = Status.MET, Status.NOT_MET, Status.UNKNOWN, Status.NOT_APPLICABLE
#: The order of Kleene's logic: NOT_MET < UNKNOWN < MET.
RANK = {NOT_MET: 0, UNKNOWN: 1, MET: 2}

# -- helpers --------------------------------------------------------------------------

SHARES = [
    Indicator(f"s{j}", f"chỉ số {j}", f"share {j}", "government", "percent", "share")
    for j in range(8)
]
SHARE_CATALOGUE = Catalogue(SHARES)
#: A rule that does not apply to a unit with no district-level units under it.
NOT_APPLICABLE_LEAF = CountUnits(Level.DISTRICT, Completed(), ">=", 1)
VALUE_OF = {MET: 75.0, NOT_MET: 25.0}
#: The units of a grid: a province and six communes, none with district-level units.
GRID_CODES = [str(100 + i) for i in range(6)]
GRID_UNITS = Hierarchy(
    [
        AdministrativeUnit(code="38", name="Tỉnh Thanh Hóa", kind="tỉnh"),
        *(AdministrativeUnit(code=c, name=f"Xã {c}", kind="xã", parent="38") for c in GRID_CODES),
    ]
)


def judge(
    rules: Sequence[Rule],
    data: MeasurementSet,
    codes: Sequence[str],
    *,
    units: Hierarchy,
    as_of: dt.date | str,
    deadline: Period | str,
) -> list[list[thdx.Verdict]]:
    """The verdicts of each rule for every unit of ``codes``, through :func:`thdx.evaluate`:
    each rule is a target assigned to those units (one batch per rule)."""
    province = next(u.code for u in units if u.level is Level.PROVINCE)
    targets = [
        thdx.Target(f"law.{j}", rule, deadline, "province", "Luật.", units=tuple(codes))
        for j, rule in enumerate(rules)
    ]
    rb = thdx.Rulebook(
        id="laws",
        number="laws",
        title="Luật",
        jurisdiction=province,
        catalogue=data.catalogue,
        targets=targets,
    )
    report = thdx.evaluate(rb, data, units=units, as_of=as_of)
    return [[report.verdict(t.id, code) for code in codes] for t in targets]


class Grid:
    """Statuses of leaf rules (columns) for units (rows), and the data that yields them."""

    def __init__(self, rows: list[list[Status]], na_columns: list[bool]) -> None:
        self.rows = [
            [NA if na else s for s, na in zip(row, na_columns, strict=True)] for row in rows
        ]
        self.leaves: list[Rule] = [
            NOT_APPLICABLE_LEAF if na else Compare(f"s{j}", ">=", 50.0)
            for j, na in enumerate(na_columns)
        ]
        self.codes = GRID_CODES[: len(rows)]
        cells = [
            (code, f"s{j}", VALUE_OF[s])
            for code, row in zip(self.codes, self.rows, strict=True)
            for j, s in enumerate(row)
            if s in VALUE_OF
        ]
        self.data = MeasurementSet.from_columns(
            unit=[c[0] for c in cells],
            indicator=[c[1] for c in cells],
            period=["2024"] * len(cells),
            value=[c[2] for c in cells],
            catalogue=SHARE_CATALOGUE,
        )

    def evaluate(self, rule: Rule) -> list[Status]:
        """The statuses of ``rule`` for every unit, in one batch, on the 2024 data as of
        its last day (the deadline)."""
        (batch,) = judge(
            [rule], self.data, self.codes, units=GRID_UNITS, as_of="2024-12-31", deadline="2024"
        )
        return [v.status for v in batch]


@st.composite
def grids(draw: st.DrawFn, *, max_leaves: int = 5, na: bool = True) -> Grid:
    """Up to 6 units × 1–``max_leaves`` leaves, some leaves not applicable."""
    n = draw(st.integers(1, max_leaves))
    known = st.sampled_from((MET, NOT_MET, UNKNOWN))
    rows = draw(st.lists(st.lists(known, min_size=n, max_size=n), min_size=1, max_size=6))
    na_columns = draw(st.lists(st.booleans() if na else st.just(False), min_size=n, max_size=n))
    return Grid(rows, na_columns)


def ref_all(statuses: Sequence[Status]) -> Status:
    """Kleene "and", by hand: the worst applicable status; NA when none applies."""
    applicable = [s for s in statuses if s is not NA]
    if not applicable:
        return NA
    worst = MET
    for s in applicable:
        if RANK[s] < RANK[worst]:
            worst = s
    return worst


def ref_any(statuses: Sequence[Status]) -> Status:
    """Kleene "or", by hand: the best applicable status; NA when none applies."""
    applicable = [s for s in statuses if s is not NA]
    if not applicable:
        return NA
    best = NOT_MET
    for s in applicable:
        if RANK[s] > RANK[best]:
            best = s
    return best


def ref_at_least(k: int, statuses: Sequence[Status]) -> Status:
    """At least k, by hand: MET iff passes ≥ k; NOT_MET iff passes + unknowns < k."""
    if all(s is NA for s in statuses):
        return NA
    passes = sum(s is MET for s in statuses)
    unknowns = sum(s is UNKNOWN for s in statuses)
    if passes >= k:
        return MET
    if passes + unknowns < k:
        return NOT_MET
    return UNKNOWN


def ref_bounds(holds: Callable[[float], bool], outcomes: Sequence[float]) -> Status:
    """MET if every possible outcome holds, NOT_MET if none does, else UNKNOWN."""
    results = [holds(x) for x in outcomes]
    if all(results):
        return MET
    if not any(results):
        return NOT_MET
    return UNKNOWN


def trace(report: Report) -> list[tuple[object, ...]]:
    """Everything a user reads of each verdict, in order."""
    return [
        (
            v.target.id,
            v.unit,
            v.status,
            v.final,
            v.value,
            v.period,
            v.note_keys,
            v.method,
            v.counts,
            v.route,
            v.measurements,
            v.recognitions,
        )
        for v in report
    ]


def without_after_as_of(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """``trace`` rows without the note counting data after as_of."""
    out = []
    for row in rows:
        notes = tuple(n for n in row[6] if not n.startswith("unused_after_as_of:"))  # type: ignore[attr-defined]
        out.append((*row[:6], notes, *row[7:]))
    return out


def after_as_of_count(v: thdx.Verdict) -> int:
    """How many data items after as_of a verdict names (0 when it names none)."""
    for n in v.note_keys:
        if n.startswith("unused_after_as_of:"):
            return int(n.split(":")[1])
    return 0


def items_of(data: MeasurementSet) -> list[Measurement | Recognition | ReportedCount]:
    """The items a set was built from (derived rows left out: the set derives them)."""
    return [
        *(m for m in data if not m.derived_from),
        *data.recognitions,
        *data.reported_counts,
    ]


def key(m: Measurement) -> tuple[str, str, Period]:
    """What identifies a measurement in a set: unit, indicator, period."""
    return (m.unit, m.indicator, m.period)


def no_derived_clash(ms: list[Measurement]) -> bool:
    """Whether no unit and period has both parts of a derived indicator."""
    parts = _parts(thdx.default_catalogue())
    seen = [(m.unit, m.period) for m in ms if m.indicator in parts]
    return len(seen) == len(set(seen))


def evaluate(
    s: ts.Scenario, data: MeasurementSet | None = None, *, rulebook: thdx.Rulebook | None = None
) -> Report:
    """Evaluate a scenario (on other data, or another rulebook, if given)."""
    return thdx.evaluate(
        rulebook or s.rulebook, s.data if data is None else data, units=s.hierarchy, as_of=s.as_of
    )


def count_statuses(
    rule: Rule, h: Hierarchy, day: dt.date, data: MeasurementSet
) -> Iterator[tuple[str, Status]]:
    """Each unit of ``h`` on ``day`` and the status of ``rule`` for it, judged on that day
    (the deadline: a count over the units of the day, not of another era)."""
    codes = [u.code for u in h.at(day)]
    (batch,) = judge([rule], data, codes, units=h, as_of=day, deadline=Period.day(day))
    return ((v.unit, v.status) for v in batch)


def note_dicts(d: object) -> Iterator[dict[str, object]]:
    """Every note of a verdict's JSON, at every level of its trace."""
    if isinstance(d, dict):
        yield from d.get("notes", [])
        for child in d.get("children", []):
            yield from note_dicts(child)


# -- Kleene's logic ---------------------------------------------------------------------


class TestAllOfIsKleeneAnd:
    """'one NOT_MET child makes an "all" NOT_MET even if others are UNKNOWN'
    (DESIGN.md); an "all" of rules that do not apply does not apply either."""

    @given(grids())
    def test_matches_reference(self, grid: Grid) -> None:
        """AllOf over a batch equals the hand-written Kleene "and" for every unit."""
        expected = [ref_all(row) for row in grid.rows]
        assert expected == grid.evaluate(AllOf(grid.leaves))

    @given(grids())
    def test_one_not_met_decides(self, grid: Grid) -> None:
        """Every unit with a NOT_MET child is NOT_MET, whatever the other children are."""
        actual = grid.evaluate(AllOf(grid.leaves))
        for row, status in zip(grid.rows, actual, strict=True):
            if NOT_MET in row:
                assert NOT_MET == status


class TestAnyOfIsKleeneOr:
    """'one MET makes AnyOf MET' even beside UNKNOWNs (rules.AnyOf); an "any" of rules
    that do not apply does not apply either."""

    @given(grids())
    def test_matches_reference(self, grid: Grid) -> None:
        """AnyOf over a batch equals the hand-written Kleene "or" for every unit."""
        expected = [ref_any(row) for row in grid.rows]
        assert expected == grid.evaluate(AnyOf(grid.leaves))

    @given(grids())
    def test_one_met_decides(self, grid: Grid) -> None:
        """Every unit with a MET child is MET, whatever the other children are."""
        actual = grid.evaluate(AnyOf(grid.leaves))
        for row, status in zip(grid.rows, actual, strict=True):
            if MET in row:
                assert MET == status


class TestCombinationsCommute:
    """'Combinations follow Kleene's three-valued logic' (DESIGN.md): the order of the
    rules of AllOf, AnyOf and AtLeast never matters."""

    @given(grids(), st.data())
    def test_permuted_children(self, grid: Grid, data: st.DataObject) -> None:
        """Permuting the children leaves every status of every combination unchanged."""
        order = data.draw(st.permutations(range(len(grid.leaves))))
        shuffled = [grid.leaves[j] for j in order]
        k = data.draw(st.integers(0, len(grid.leaves) + 1))
        for make in (AllOf, AnyOf, lambda rules: AtLeast(k, rules)):
            assert grid.evaluate(make(grid.leaves)) == grid.evaluate(make(shuffled))


class TestCombinationsAssociate:
    """Kleene's "and" and "or" are associative: nesting a combination of the same kind
    inside another changes nothing."""

    @given(grids(), st.data())
    def test_nested(self, grid: Grid, data: st.DataObject) -> None:
        """AllOf(a…, AllOf(b…)) equals AllOf(a…, b…), and the same for AnyOf."""
        cut = data.draw(st.integers(0, len(grid.leaves) - 1))
        head, tail = grid.leaves[:cut], grid.leaves[cut:]
        assert grid.evaluate(AllOf(grid.leaves)) == grid.evaluate(AllOf([*head, AllOf(tail)]))
        assert grid.evaluate(AnyOf(grid.leaves)) == grid.evaluate(AnyOf([*head, AnyOf(tail)]))


class TestCombinationIdentities:
    """Identities of Kleene's logic: a single rule combined is itself; MET is the
    identity of "all", NOT_MET that of "any"; a rule that does not apply is ignored."""

    @given(grids(max_leaves=1, na=False))
    def test_single_rule(self, grid: Grid) -> None:
        """AllOf([r]), AnyOf([r]) and AtLeast(1, [r]) have the statuses of r."""
        leaf = grid.leaves[0]
        expected = grid.evaluate(leaf)
        assert expected == grid.evaluate(AllOf([leaf]))
        assert expected == grid.evaluate(AnyOf([leaf]))
        assert expected == grid.evaluate(AtLeast(1, [leaf]))

    @given(grids(na=False), st.data())
    def test_identity_elements(self, grid: Grid, data: st.DataObject) -> None:
        """Adding an always-MET rule to AllOf, an always-NOT_MET one to AnyOf, changes nothing."""
        always_met = Compare("s7", ">=", 50.0)  # every unit measures 75 %
        never_met = Compare("s7", "<", 50.0)
        values = MeasurementSet.from_columns(
            unit=grid.codes,
            indicator=["s7"] * len(grid.codes),
            period=["2024"] * len(grid.codes),
            value=[75.0] * len(grid.codes),
            catalogue=SHARE_CATALOGUE,
        )
        grid.data = MeasurementSet([*grid.data, *values], catalogue=SHARE_CATALOGUE)
        at = data.draw(st.integers(0, len(grid.leaves)))
        with_met = [*grid.leaves[:at], always_met, *grid.leaves[at:]]
        with_not_met = [*grid.leaves[:at], never_met, *grid.leaves[at:]]
        assert grid.evaluate(AllOf(grid.leaves)) == grid.evaluate(AllOf(with_met))
        assert grid.evaluate(AnyOf(grid.leaves)) == grid.evaluate(AnyOf(with_not_met))

    @given(grids(na=False))
    def test_not_applicable_is_ignored(self, grid: Grid) -> None:
        """A rule that does not apply changes no AllOf and no AnyOf of applicable rules."""
        with_na = [*grid.leaves, NOT_APPLICABLE_LEAF]
        assert grid.evaluate(AllOf(grid.leaves)) == grid.evaluate(AllOf(with_na))
        assert grid.evaluate(AnyOf(grid.leaves)) == grid.evaluate(AnyOf(with_na))


class TestAtLeastBounds:
    """'At least k of the rules hold (MET iff known passes ≥ k; NOT_MET iff passes
    plus unknowns < k)' (rules.AtLeast)."""

    @given(grids(), st.data())
    def test_matches_reference(self, grid: Grid, data: st.DataObject) -> None:
        """AtLeast(k) over a batch equals the hand-written count for every unit and k."""
        k = data.draw(st.integers(0, len(grid.leaves) + 1))
        expected = [ref_at_least(k, row) for row in grid.rows]
        assert expected == grid.evaluate(AtLeast(k, grid.leaves))


# -- counts and shares of units ---------------------------------------------------------

LEVELS = st.sampled_from((Level.DISTRICT, Level.COMMUNE))
DAYS = st.dates(dt.date(2018, 1, 1), dt.date(2032, 12, 31))


@st.composite
def unit_statuses(
    draw: st.DrawFn,
) -> tuple[Hierarchy, dt.date, Level, dict[str, Status], MeasurementSet]:
    """A hierarchy, a day, a level, a status per unit of that level, and its data."""
    h = draw(ts.hierarchies())
    day, level = draw(DAYS), draw(LEVELS)
    subs = [u.code for u in h.units_of(level, day)]
    statuses = {code: draw(st.sampled_from((MET, NOT_MET, UNKNOWN))) for code in subs}
    known = [(c, VALUE_OF[s]) for c, s in statuses.items() if s in VALUE_OF]
    data = MeasurementSet.from_columns(
        unit=[c for c, _ in known],
        indicator=["satisfaction_share"] * len(known),
        period=[Period.day(day)] * len(known),
        value=[v for _, v in known],
    )
    return h, day, level, statuses, data


def ref_counts(
    h: Hierarchy, day: dt.date, level: Level, code: str, statuses: dict[str, Status]
) -> tuple[int, int, int]:
    """Passes, unknowns and total of the units of ``level`` under ``code`` on ``day``."""
    members = [statuses[u.code] for u in h.units_of(level, day, under=code)]
    return sum(s is MET for s in members), sum(s is UNKNOWN for s in members), len(members)


def ref_rollup(
    comparator: Comparator,
    threshold: float,
    h: Hierarchy,
    day: dt.date,
    level: Level,
    code: str,
    statuses: dict[str, Status],
    *,
    share: bool = False,
) -> Status:
    """A count (``share``: in percent) of the units of ``level`` under ``code`` compared
    with ``threshold``, by hand: NA without units, else the status over every count the
    unknown units allow."""
    passes, unknowns, total = ref_counts(h, day, level, code, statuses)
    if total == 0:
        return NA
    counts = range(passes, passes + unknowns + 1)
    return ref_bounds(
        lambda x: comparator.holds(x, threshold),
        [k * 100.0 / total for k in counts] if share else counts,
    )


COMPARATORS = st.sampled_from((Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT))


class TestCountUnitsBounds:
    """'a count of units is MET when the units known to pass reach the threshold,
    NOT_MET when even all unknown units passing could not reach it, else UNKNOWN'
    (DESIGN.md)."""

    @given(unit_statuses(), st.integers(0, 12), COMPARATORS | st.just(Comparator.EQ))
    def test_matches_reference(
        self,
        case: tuple[Hierarchy, dt.date, Level, dict[str, Status], MeasurementSet],
        n: int,
        comparator: Comparator,
    ) -> None:
        """CountUnits equals the status over every count the unknown units allow."""
        h, day, level, statuses, data = case
        rule = CountUnits(level, Compare("satisfaction_share", ">=", 50.0), comparator, n)
        for code, actual in count_statuses(rule, h, day, data):
            assert ref_rollup(comparator, n, h, day, level, code, statuses) == actual

    @given(unit_statuses(), st.integers(0, 12))
    def test_at_least_n(
        self,
        case: tuple[Hierarchy, dt.date, Level, dict[str, Status], MeasurementSet],
        n: int,
    ) -> None:
        """'≥ n' is MET iff known passes ≥ n, NOT_MET iff known passes + unknowns < n."""
        h, day, level, statuses, data = case
        rule = CountUnits(level, Compare("satisfaction_share", ">=", 50.0), ">=", n)
        for code, actual in count_statuses(rule, h, day, data):
            passes, unknowns, total = ref_counts(h, day, level, code, statuses)
            if total:
                assert (passes >= n) == (actual is MET)
                assert (passes + unknowns < n) == (actual is NOT_MET)

    @given(ts.hierarchies(), DAYS, LEVELS, st.integers(0, 6), st.data())
    def test_recognitions(
        self, h: Hierarchy, day: dt.date, level: Level, n: int, data: st.DataObject
    ) -> None:
        """A unit counts as passing iff recognised on or before the day, while it existed."""
        recs = data.draw(st.lists(ts.recognitions(h), max_size=8)) if len(h) > 1 else []
        rule = CountUnits(level, Completed(), ">=", n)
        for code, actual in count_statuses(rule, h, day, MeasurementSet(recs)):
            members = h.units_of(level, day, under=code)
            passes = sum(
                any(
                    r.unit == u.code and r.on <= day and (u.valid_from or r.on) <= r.on
                    for r in recs
                )
                for u in members
            )
            unknowns = len(members) - passes  # no criteria: never NOT_MET
            expected = (
                NA
                if not members
                else ref_bounds(lambda x: x >= n, range(passes, passes + unknowns + 1))
            )
            assert expected == actual


class TestShareUnitsBounds:
    """'a share of units is MET when the units known to pass reach the threshold, NOT_MET
    when even all unknown units passing could not reach it, else UNKNOWN' (DESIGN.md,
    for counts; a share is the count in percent of the units that exist)."""

    @given(unit_statuses(), st.integers(0, 100), COMPARATORS)
    def test_matches_reference(
        self,
        case: tuple[Hierarchy, dt.date, Level, dict[str, Status], MeasurementSet],
        threshold: int,
        comparator: Comparator,
    ) -> None:
        """ShareUnits equals the status over every share the unknown units allow."""
        h, day, level, statuses, data = case
        rule = ShareUnits(level, Compare("satisfaction_share", ">=", 50.0), comparator, threshold)
        for code, actual in count_statuses(rule, h, day, data):
            expected = ref_rollup(comparator, threshold, h, day, level, code, statuses, share=True)
            assert expected == actual


# -- monotonicity -------------------------------------------------------------------------


def _parts(catalogue: Catalogue) -> set[str]:
    return {str(p) for i in catalogue.values() if i.derived for p in (i.numerator, i.denominator)}


def _better(cat: Catalogue, m: Measurement, fraction: float) -> Measurement:
    """``m`` moved ``fraction`` of the way towards the best value of its indicator."""
    ind, v = cat[m.indicator], m.magnitude
    if ind.kind is IndicatorKind.RANK:
        rank = max(1, math.floor(v - fraction * (v - 1)))
        value: object = f"{rank}/{m.cohort}" if m.cohort is not None else rank
    elif ind.direction is Direction.LOWER:
        value = v * (1 - fraction)
    elif ind.kind is IndicatorKind.SHARE:
        value = v + fraction * (100.0 - v)
    else:
        value = v + fraction * max(abs(v), 1.0) * 10
    return Measurement(m.unit, m.indicator, value, m.period, m.source, catalogue=cat)


def _monotone_targets(rb: thdx.Rulebook, indicator: str) -> list[thdx.Target]:
    """Targets whose status can only improve when ``indicator`` improves."""

    def monotone(r: Rule) -> bool:
        if isinstance(r, Compare):
            return r.indicator == indicator
        return (
            isinstance(r, Growth)
            and r.rate_indicator == indicator
            and rb.catalogue[r.indicator].direction is Direction.HIGHER
        )

    return [t for t in rb.targets if monotone(t.rule)]


@pytest.mark.slow
class TestMonotonicity:
    """'raising a higher-is-better value never turns MET into NOT_MET; the reverse for
    lower-is-better ranks' (the brief): improving one measurement never worsens a
    verdict on it (NOT_MET < UNKNOWN < MET)."""

    @given(ts.random_scenarios(), st.data())
    def test_improving_a_value(self, s: ts.Scenario, data: st.DataObject) -> None:
        """Moving one measurement towards its better end never lowers a status."""
        cat = s.rulebook.catalogue
        parts = _parts(cat)
        candidates = [
            m
            for m in s.data
            if not m.derived_from
            and m.indicator not in parts
            and _monotone_targets(s.rulebook, m.indicator)
        ]
        if not candidates:
            return
        m = data.draw(st.sampled_from(candidates))
        better = _better(cat, m, data.draw(st.floats(0.0, 1.0)))
        rest = [
            x for x in items_of(s.data) if not (isinstance(x, Measurement) and key(x) == key(m))
        ]
        before = evaluate(s)
        after = evaluate(s, MeasurementSet([*rest, better], catalogue=cat))
        for t in _monotone_targets(s.rulebook, m.indicator):
            for b in before.verdicts():
                if b.target.id != t.id or b.status is NA:
                    continue
                a = after.verdict(t.id, b.unit)
                assert RANK[b.status] <= RANK[a.status], (b.explain(), a.explain())

    @given(st.lists(st.integers(1, 63), min_size=1, max_size=6), st.data())
    def test_better_rank(self, ranks: list[int], data: st.DataObject) -> None:
        """A better (lower) DX index rank never turns the top-10 goals from MET to NOT_MET."""
        years = range(2020, 2020 + len(ranks))

        def cohort(year: int) -> int:
            """63 provinces ranked up to data year 2023, 34 from 2024 (context.md)."""
            return 63 if year <= 2023 else 34

        ranks = [min(r, cohort(y)) for r, y in zip(ranks, years, strict=False)]
        ms = [
            Measurement("38", "dx_index_rank", f"{r}/{cohort(y)}", y, "DTI")
            for r, y in zip(ranks, years, strict=False)
        ]
        i = data.draw(st.integers(0, len(ms) - 1))
        improved = data.draw(st.integers(1, ranks[i]))
        better = [
            *ms[:i],
            Measurement("38", "dx_index_rank", f"{improved}/{cohort(years[i])}", years[i]),
            *ms[i + 1 :],
        ]
        rb = thdx.resolution_06()
        as_of = data.draw(st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31)))
        before = thdx.evaluate(rb, MeasurementSet(ms), as_of=as_of)
        after = thdx.evaluate(rb, MeasurementSet(better), as_of=as_of)
        for tid in ("2025.overall.dx_rank_top10", "2030.overall.dx_rank_top10"):
            assert RANK[before.verdict(tid).status] <= RANK[after.verdict(tid).status]


# -- invariance ---------------------------------------------------------------------------


@pytest.mark.slow
class TestOrderOfData:
    """'order of measurements never changes a verdict' (the brief)."""

    @given(ts.random_scenarios(), st.data())
    def test_permuted_items(self, s: ts.Scenario, data: st.DataObject) -> None:
        """The same items in another order give the same verdicts, traces included."""
        shuffled = data.draw(st.permutations(items_of(s.data)))
        again = MeasurementSet(shuffled, catalogue=s.rulebook.catalogue)
        assert trace(evaluate(s)) == trace(evaluate(s, again))


@pytest.mark.slow
class TestBatchEqualsUnitByUnit:
    """'a rule is evaluated over all units of a level at once' (DESIGN.md) and gives
    what it gives for each unit alone."""

    @given(ts.random_scenarios())
    def test_every_target(self, s: ts.Scenario) -> None:
        """Each target assigned to every unit at once judges each unit as the same target
        assigned to that unit alone: the same status, finality and value."""
        codes = list(dict.fromkeys([s.rulebook.jurisdiction, *(u.code for u in s.hierarchy)]))
        targets = []
        for t in s.rulebook.targets:
            targets.append(attrs.evolve(t, id=f"{t.id}.all", units=tuple(codes)))
            targets.extend(
                attrs.evolve(t, id=f"{t.id}.u{i}", units=(code,)) for i, code in enumerate(codes)
            )
        report = evaluate(s, rulebook=attrs.evolve(s.rulebook, targets=targets))
        for t in s.rulebook.targets:
            for i, code in enumerate(codes):
                one = report.verdict(f"{t.id}.u{i}", code)
                batch = report.verdict(f"{t.id}.all", code)
                assert (code, one.status, one.final, one.value) == (
                    code,
                    batch.status,
                    batch.final,
                    batch.value,
                )


@pytest.mark.slow
class TestDataAfterAsOf:
    """'Data for periods after `as_of` is never used' (DESIGN.md): adding it never
    changes a verdict, except that 'every datum the evaluation holds but does not use
    … is named in the notes, with counts' (DESIGN.md): only the count of items after
    as_of changes."""

    @given(ts.random_scenarios(), st.data())
    def test_adding_later_data(self, s: ts.Scenario, data: st.DataObject) -> None:
        """Measurements ending, recognitions dated, counts published after as_of change nothing."""
        cat = s.rulebook.catalogue
        plain = sorted(set(cat) - _parts(cat))
        codes = sorted({s.rulebook.jurisdiction, *(u.code for u in s.hierarchy)}, key=int)
        later = ts.periods(min_year=s.as_of.year, max_year=s.as_of.year + 6).filter(
            lambda p: p.end > s.as_of
        )
        taken = {(m.unit, m.indicator, m.period) for m in s.data}
        extra: list[Measurement | Recognition | ReportedCount] = []
        for ind_id in data.draw(st.lists(st.sampled_from(plain), max_size=6)) if plain else []:
            code, period = data.draw(st.sampled_from(codes)), data.draw(later)
            if (code, ind_id, period) in taken:
                continue
            taken.add((code, ind_id, period))
            extra.append(data.draw(ts.measurements(ind_id, code, cat, period=period)))
        day_after = s.as_of + dt.timedelta(days=1)
        for code in data.draw(st.lists(st.sampled_from(codes), max_size=3)):
            on = data.draw(st.dates(day_after, day_after + dt.timedelta(days=3000)))
            extra.append(Recognition(unit=code, on=on, decision="QĐ 1/QĐ-UBND"))
        # One count per level and period (two different ones are refused).
        counted = {(c.level, c.period) for c in s.data.reported_counts}
        for level in data.draw(st.lists(LEVELS, max_size=2)):
            period = data.draw(later)
            if (level, period) not in counted:
                counted.add((level, period))
                extra.append(
                    ReportedCount(s.rulebook.jurisdiction, level, period, count=3, total=5)
                )
        more = MeasurementSet([*items_of(s.data), *extra], catalogue=cat)
        before, after = evaluate(s), evaluate(s, more)
        assert without_after_as_of(trace(before)) == without_after_as_of(trace(after))
        for old, new in zip(before, after, strict=True):
            assert after_as_of_count(old) <= after_as_of_count(new)
        named = sum(after_as_of_count(v) for v in after) - sum(after_as_of_count(v) for v in before)
        assert (named > 0) <= bool(extra)


# -- never raises ---------------------------------------------------------------------------


@pytest.mark.slow
class TestGeneratedDataEvaluates:
    """'Everything generated must be valid: constructing never raises, evaluating
    never raises' (the brief), nor does explaining or serialising a verdict."""

    @given(ts.random_scenarios())
    def test_scenario(self, s: ts.Scenario) -> None:
        """Every verdict of a generated scenario explains itself in both languages."""
        report = thdx.evaluate(
            s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of, breakdown=("district", "commune")
        )
        own = [r for r in report.to_records() if r["role"] == "target"]
        assert len(report) == len(own)
        for v in report:
            assert v.explain("en").startswith(f"{v.target.id} — unit {v.unit}: ")
            assert v.explain("vi").startswith(f"{v.target.id} — đơn vị {v.unit}: ")

    @given(st.data())
    def test_resolution_06(self, data: st.DataObject) -> None:
        """Generated data for the shipped resolution and units evaluates at any date."""
        rb, units = thdx.resolution_06(), thdx.thanh_hoa_units()
        ms = data.draw(ts.measurement_sets(rb, units))
        as_of = data.draw(st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)))
        report = thdx.evaluate(rb, ms, units=units, as_of=as_of)
        assert 22 == len(report)


# -- round trips ----------------------------------------------------------------------------


@pytest.mark.slow
class TestRulebookRoundTrip:
    """'loads_rulebook(dump_rulebook(rb)) == rb' (rulebook.dump_rulebook), in TOML
    and in JSON."""

    @given(ts.rulebooks())
    def test_toml(self, rb: thdx.Rulebook) -> None:
        """Dumping to TOML and loading gives an equal rulebook."""
        assert rb == loads_rulebook(dump_rulebook(rb))

    @given(ts.rulebooks())
    def test_json(self, rb: thdx.Rulebook) -> None:
        """Dumping to JSON and loading gives an equal rulebook."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "rulebook.json"
            path.write_text(dump_rulebook(rb, format="json"), encoding="utf-8")
            assert rb == load_rulebook(path)


@pytest.mark.slow
class TestMeasurementsRoundTrip:
    """'MeasurementSet → write_measurements → parse_measurements gives equal
    measurements' (the brief), recognitions included."""

    @given(ts.random_scenarios())
    def test_csv(self, s: ts.Scenario) -> None:
        """Writing a set as CSV and parsing it back gives the same measurements."""
        back = parse_measurements(write_measurements(s.data), catalogue=s.data.catalogue)
        assert sorted(s.data, key=key) == sorted(back, key=key)
        assert s.data.recognitions == back.recognitions

    @given(st.lists(ts.measurements(), max_size=8, unique_by=key).filter(no_derived_clash))
    def test_csv_any_measurements(self, ms: list[Measurement]) -> None:
        """Any generated measurements survive a CSV round trip."""
        data = MeasurementSet(ms)
        back = parse_measurements(write_measurements(data))
        assert sorted(data, key=key) == sorted(back, key=key)


@pytest.mark.slow
class TestReportJson:
    """'as JSON with a versioned schema' (DESIGN.md): Report.to_json parses as JSON
    carrying schema_version and one entry per record (Report.all_verdicts)."""

    @given(ts.random_scenarios())
    def test_parses(self, s: ts.Scenario) -> None:
        """The JSON names its schema, the rulebook, the date, and every verdict's status."""
        report = evaluate(s)
        doc = json.loads(report.to_json())
        assert (SCHEMA_VERSION, s.rulebook.id, s.as_of.isoformat()) == (
            doc["schema_version"],
            doc["rulebook"],
            doc["as_of"],
        )
        assert [(v.target.id, v.unit, v.status.value) for v in report.all_verdicts()] == [
            (d["target"], d["unit"], d["status"]) for d in doc["verdicts"]
        ]

    @given(ts.random_scenarios())
    def test_shape(self, s: ts.Scenario) -> None:
        """The JSON reads back as the report's mapping; each verdict's entry begins with
        its flat record (``method_code`` the method's code); every note, at every level of
        the trace, is ``{code, args, text}`` with a known code."""
        report = evaluate(s)
        doc = json.loads(report.to_json(indent=None))
        assert report.to_dict() == doc
        records = report.to_records()
        assert records == [
            {k: d[k] for k in r} for r, d in zip(records, doc["verdicts"], strict=True)
        ]
        for v, r in zip(report.all_verdicts(), records, strict=True):
            assert (v.method.code if v.method else None) == r["method_code"]
        codes = {c.value for c in NoteCode}
        for d in doc["verdicts"]:
            for note in note_dicts(d):
                assert (["code", "args", "text"], True) == (list(note), note["code"] in codes)


class TestPeriodRoundTrip:
    """'``str(period)`` is always the shortest of these forms, and parsing it gives
    back an equal period' (periods.py)."""

    @given(ts.periods(min_year=1000, max_year=9999))
    def test_parse_str(self, p: Period) -> None:
        """Period.parse(str(p)) == p."""
        assert p == Period.parse(str(p))
