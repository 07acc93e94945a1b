"""Laws of thdx.progress, checked on generated series and on generated scenarios.

Every class quotes the law it checks; the scenarios come from :mod:`thdx.strategies`.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import thdx
from thdx import strategies as ts
from thdx.model import AdministrativeUnit, Hierarchy, Period
from thdx.progress import ORDER, Progress, ProgressStatus, assess, assess_rulebook, classify
from thdx.rules import Compare, Completed, CountUnits, Target
from thdx.store import Measurement, MeasurementSet, Recognition, ReportedCount

S = ProgressStatus
AS_OF = "2031-06-30"


def goal(threshold: float, comparator: str = ">=") -> Target:
    """A goal on labour productivity (a level) by 2030."""
    return Target(
        "law.level",
        Compare("labour_productivity", comparator, threshold),
        "2030",
        "province",
        "(law)",
        threshold_unit="million_VND / worker",
    )


def data(values: dict[int, float]) -> MeasurementSet:
    return MeasurementSet(
        [Measurement("38", "labour_productivity", v, y) for y, v in values.items()]
    )


def run(threshold: float, values: dict[int, float], comparator: str = ">=") -> Progress:
    return assess(goal(threshold, comparator), data(values), unit="38", as_of=AS_OF)


VALUES = st.floats(1.0, 1e6, allow_nan=False, allow_infinity=False)
YEARS = st.lists(st.integers(2020, 2030), min_size=2, max_size=8, unique=True).map(sorted)


@st.composite
def series(draw: st.DrawFn, *, order: str = "any") -> dict[int, float]:
    years = draw(YEARS)
    values = draw(st.lists(VALUES, min_size=len(years), max_size=len(years), unique=True))
    if order == "falling":
        values.sort(reverse=True)
    return dict(zip(years, values, strict=True))


def without_notes(p: Progress) -> dict[str, object]:
    d = p.to_dict()
    del d["notes"]
    return d


class TestAchieved:
    """A series whose latest value already meets the threshold is ACHIEVED."""

    @given(series(), st.floats(0.0, 1.0))
    def test_at_or_past_the_threshold(self, values: dict[int, float], share: float) -> None:
        latest = values[max(values)]
        p = run(latest * share, values)
        assert S.ACHIEVED == p.status

    @given(series(), st.floats(1.0, 100.0))
    def test_lower_is_better(self, values: dict[int, float], factor: float) -> None:
        p = run(values[max(values)] * factor, values, "<=")
        assert S.ACHIEVED == p.status


class TestFalling:
    """A falling series for a higher-is-better goal it does not meet is DETERIORATION."""

    @given(series(order="falling"), st.floats(1.001, 100.0))
    def test_falling(self, values: dict[int, float], factor: float) -> None:
        p = run(values[max(values)] * factor, values)
        assert S.DETERIORATION == p.status
        assert p.ratio is None or p.ratio < 0  # None: the base was at the threshold


class TestMonotone:
    """R rises with the latest value (all else equal), and so does the status."""

    @given(VALUES, VALUES, VALUES, st.integers(2021, 2029), st.floats(1.0, 1e3))
    def test_ratio_rises_with_the_latest(
        self, base: float, a: float, b: float, year: int, factor: float
    ) -> None:
        low, high = sorted((a, b))
        threshold = base * factor
        p = run(threshold, {2020: base, year: low})
        q = run(threshold, {2020: base, year: high})
        assume(p.ratio is not None and q.ratio is not None)
        assert p.ratio is not None
        assert q.ratio is not None
        assert p.ratio <= q.ratio + 1e-12 * max(1.0, abs(q.ratio))
        assert ORDER.index(p.status) <= ORDER.index(q.status)


class TestTwoPoints:
    """No progress without two points: no rate, no ratio; at most ACHIEVED."""

    @given(st.integers(2020, 2030), VALUES, VALUES, st.sampled_from([">=", "<="]))
    def test_one_point(self, year: int, value: float, threshold: float, comparator: str) -> None:
        p = run(threshold, {year: value, 2019: value / 2}, comparator)  # 2019: before the base
        assert (None, None, None) == (p.observed_rate, p.ratio, p.required_rate)
        met = thdx.Comparator.parse(comparator).holds(value, threshold)
        assert (S.ACHIEVED if met else S.NOT_AVAILABLE) == p.status


class TestBands:
    """A banded status is the band of its ratio; rates and projections are finite."""

    @given(series(), VALUES, st.sampled_from([">=", "<=", ">", "<"]))
    def test_status_is_the_band(
        self, values: dict[int, float], threshold: float, comparator: str
    ) -> None:
        p = run(threshold, values, comparator)
        if p.ratio is not None and p.status is not S.ACHIEVED:
            assert classify(p.ratio) == p.status
        json.dumps(p.to_dict(), allow_nan=False)
        assert all(
            x is None or math.isfinite(x)
            for x in (p.observed_rate, p.required_rate, p.required_pace, p.projected)
        )


# -- the status never depends on data after as_of -----------------------------------------------


def cut(data: MeasurementSet, as_of: dt.date) -> MeasurementSet:
    """The data of ``data`` up to ``as_of``: periods ending, recognitions dated by then."""
    kept: list[Measurement | Recognition | ReportedCount] = [
        m for m in data if not m.derived_from and m.period.end <= as_of
    ]
    kept += [r for r in data.recognitions if r.on <= as_of]
    kept += [c for c in data.reported_counts if c.period.end <= as_of]
    return MeasurementSet(kept, catalogue=data.catalogue)


def same(a: Progress, b: Progress) -> None:
    assert without_notes(a) == without_notes(b)
    unused = "unused_after_as_of"
    assert [k for k in a.note_keys if not k.startswith(unused)] == [
        k for k in b.note_keys if not k.startswith(unused)
    ]


TEN = Hierarchy(
    [AdministrativeUnit(code="38", name="Tỉnh", kind="tỉnh")]
    + [
        AdministrativeUnit(code=str(100 + i), name=f"Xã {i}", kind="xã", parent="38")
        for i in range(10)
    ]
)
COUNT = Target("law.count", CountUnits("commune", Completed(), ">=", 8), "2026", "commune", "(law)")


class TestAsOf:
    """The status (and every number) never depends on data after ``as_of``."""

    @given(
        st.dictionaries(st.integers(2018, 2032), VALUES, max_size=10),
        st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31)),
    )
    def test_values(self, values: dict[int, float], as_of: dt.date) -> None:
        full = data(values)
        target = goal(500.0)
        same(
            assess(target, full, unit="38", as_of=as_of),
            assess(target, cut(full, as_of), unit="38", as_of=as_of),
        )

    @given(
        st.dictionaries(st.integers(2020, 2023), st.integers(1, 63), max_size=4),
        st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
    )
    def test_ranks(self, ranks: dict[int, int], as_of: dt.date) -> None:
        full = MeasurementSet(
            [Measurement("38", "dx_index_rank", f"{r}/63", y) for y, r in ranks.items()]
        )
        target = thdx.resolution_06().target("2030.overall.dx_rank_top10")
        same(
            assess(target, full, unit="38", as_of=as_of),
            assess(target, cut(full, as_of), unit="38", as_of=as_of),
        )

    @given(
        st.lists(
            st.tuples(st.integers(0, 9), st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31))),
            max_size=12,
        ),
        st.dates(dt.date(2020, 6, 1), dt.date(2027, 12, 31)),
    )
    def test_units(self, recs: list[tuple[int, dt.date]], as_of: dt.date) -> None:
        full = MeasurementSet([Recognition(str(100 + i), d, "QĐ") for i, d in recs])
        same(
            assess(COUNT, full, unit="38", as_of=as_of, hierarchy=TEN),
            assess(COUNT, cut(full, as_of), unit="38", as_of=as_of, hierarchy=TEN),
        )

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors])
    @given(ts.random_scenarios())
    def test_scenarios(self, s: ts.Scenario) -> None:
        """On generated rulebooks, units and data: nothing raises, every rendering is
        JSON and text in both languages, and the data after as_of changes nothing."""
        full = assess_rulebook(s.rulebook, s.data, as_of=s.as_of, hierarchy=s.hierarchy)
        part = assess_rulebook(
            s.rulebook, cut(s.data, s.as_of), as_of=s.as_of, hierarchy=s.hierarchy
        )
        for tid, p in full.items():
            json.dumps(p.to_dict(), allow_nan=False)
            assert tid in p.text("vi")
            same(p, part[tid])


class TestPeriods:
    """A Point's period is a Period; the latest is never after as_of."""

    @given(series(), st.dates(dt.date(2020, 1, 1), dt.date(2031, 1, 1)))
    def test_latest_not_after_as_of(self, values: dict[int, float], as_of: dt.date) -> None:
        p = assess(goal(100.0), data(values), unit="38", as_of=as_of)
        if p.latest is not None:
            assert isinstance(p.latest.period, Period)
            assert p.latest.period.end <= as_of
