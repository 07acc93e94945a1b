"""The SQL backend on Resolution 06 over Thanh Hóa's units: commune criteria, counts of
units across the 2025 reform, recognitions carried over, published counts; and
hand-computed thresholds, combinations and files."""

from __future__ import annotations

import datetime as _dt

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

from hypothesis import given, settings
from hypothesis import strategies as st
from sql.agree import assert_agree

import thdx
import thdx.sql
from thdx import Level, MeasurementSet, Recognition, ReportedCount
from thdx.rules._vocabulary import tolerance

UNITS = thdx.thanh_hoa_units()
CRITERIA = thdx.criteria_qd1829()
CATALOGUE = thdx.resolution_06().with_completion(CRITERIA).catalogue
OLD = UNITS.units_of(Level.COMMUNE, "2025-06-30")
NEW = UNITS.units_of(Level.COMMUNE, "2025-12-31")
DAYS = ["2024-06-30", "2024-12-31", "2025-06-30", "2025-07-01", "2025-12-31", "2026-06-30"]
PERIODS = ["2024", "2025-H1", "2025", "2024-Q4", "2025-06"]


@st.composite
def commune_data(draw: st.DrawFn) -> MeasurementSet:
    """Criteria values near their thresholds (exactly at one too), for communes of
    both eras, recognitions, and sometimes a published count."""
    communes = draw(st.lists(st.sampled_from(OLD + NEW), max_size=12, unique_by=lambda u: u.code))
    unit, indicator, period, value = [], [], [], []
    for u in communes:
        for c in CRITERIA.criteria:
            for p in draw(st.lists(st.sampled_from(PERIODS), max_size=2, unique=True)):
                t = c.rule.threshold
                tol = tolerance(t)
                v = draw(
                    st.sampled_from([t, t - tol / 2, t - 2 * tol, t + 1, max(t - 5, 0), 100.0])
                )
                unit.append(u.code)
                indicator.append(c.rule.indicator)
                period.append(p)
                value.append(min(v, 100.0))
    recs = [
        Recognition(
            unit=u.code,
            on=draw(st.sampled_from(["2024-05-01", "2025-03-01", "2025-09-01"])),
            decision=f"QĐ {i}/QĐ-UBND",
        )
        for i, u in enumerate(
            draw(st.lists(st.sampled_from(OLD + NEW), max_size=6, unique_by=lambda u: u.code))
        )
        if draw(st.booleans()) or u.exists_on(_dt.date(2025, 3, 1))
    ]
    recs = [r for r in recs if any(v.exists_on(r.on) for v in UNITS.versions(r.unit))]
    ms = MeasurementSet.from_columns(
        unit=unit,
        indicator=indicator,
        period=period,
        value=value,
        recognitions=recs,
        catalogue=CATALOGUE,
    )
    if draw(st.booleans()):
        count = draw(st.integers(0, 558))
        rc = ReportedCount(unit="38", level="commune", period="2024", count=count, total=558)
        ms = MeasurementSet([*ms, *ms.recognitions, rc], catalogue=CATALOGUE)
    return ms


@given(commune_data(), st.sampled_from(DAYS), st.booleans(), st.sampled_from(["set", "current"]))
@settings(max_examples=30, deadline=None)
def test_resolution_06_on_communes_agrees(
    data: MeasurementSet, day: str, carry: bool, era: str
) -> None:
    rb = thdx.resolution_06().with_completion(CRITERIA, carry_over=carry)
    got = thdx.sql.evaluate(rb, data, units=UNITS, as_of=day, count_era=era)  # type: ignore[arg-type]
    want = thdx.evaluate(rb, data, units=UNITS, as_of=day, count_era=era)  # type: ignore[arg-type]
    assert assert_agree(got, want) > len(rb.targets)
