"""Derived values kept apart from the long columns (Parts.tail) until sorted."""

from __future__ import annotations

import numpy as np
import pytest

import thdx


def _columns(units: list[str], shuffle: bool | None) -> dict[str, list[object]]:
    rows = [
        (code, ind, year, value)
        for code in units
        for year in ("2023", "2024")
        for ind, value in (("digital_economy_value", 20e12), ("grdp", 100e12))
    ]
    rows += [(code, "satisfaction_share", "2024", 90.0) for code in units]
    if shuffle:
        rows = [rows[i] for i in np.random.default_rng(3).permutation(len(rows))]
    elif shuffle is None:  # already in the set's order: by indicator, unit, period
        rows.sort(key=lambda r: (r[1], r[0], r[2]))
    return {
        "unit": [r[0] for r in rows],
        "indicator": [r[1] for r in rows],
        "period": [r[2] for r in rows],
        "value": [r[3] for r in rows],
    }


@pytest.mark.parametrize("shuffle", [False, True, None])
@pytest.mark.parametrize("given_share", [False, True])
def test_derived_rows_sorted_among_the_rows_given(shuffle: bool | None, given_share: bool) -> None:
    cols = _columns(["01", "38", "79"], shuffle)
    if given_share:  # the derived indicator also given: its rows mix with the derived
        for name, x in (("unit", "38"), ("indicator", "digital_economy_share")):
            cols[name].append(x)
        cols["period"].append("2024")
        cols["value"].append(33.0)
    data = thdx.MeasurementSet.from_columns(**cols)  # type: ignore[arg-type]
    c = data.columns()
    key = list(zip(c.indicator.tolist(), c.unit.tolist(), c.period.tolist(), strict=True))
    assert key == sorted(key)
    assert len(set(key)) == len(key)
    for code in ("01", "38", "79"):
        for year in ("2023", "2024"):
            m = data.get(code, "digital_economy_share", year)
            assert m is not None
            if given_share and (code, year) == ("38", "2024"):
                assert m.magnitude == 33.0
            else:
                assert m.magnitude == 20.0
                assert m.source == "derived: digital_economy_value / grdp"
                assert len(m.derived_from) == 2
    assert len(data) == len(cols["unit"]) + 6 - (1 if given_share else 0)
    lo_hi = c.rows_of("digital_economy_share")
    assert lo_hi.stop - lo_hi.start == 6
    assert np.isnan(c.cohort[lo_hi]).all()
