"""The fast paths of ``MeasurementSet.from_columns`` give what the general ones give.

Rows sorted by indicator are sorted within each indicator apart; derived values are
found with arrays (no dictionary per row) and their Measurements made when asked for;
a unit column of codes of mixed widths is read as numbers digit by digit.
"""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx.store import _checks, _codes, _columns, _sort

NUM, DEN, SHARE = "digital_economy_value", "grdp", "digital_economy_share"


@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 30), st.integers(0, 5)), max_size=300),
    st.booleans(),
)
def test_sorting_within_each_indicator_is_the_stable_sort(
    rows: list[tuple[int, int, int]], by_period: bool
) -> None:
    """Rows sorted by indicator (with repeats, gaps in the codes, and within each
    indicator in any order or by period then unit): the stable sort by indicator, unit,
    period, as numpy's lexsort gives it."""
    rows.sort(key=lambda r: (r[0], r[2], r[1]) if by_period else r[0])
    k = np.array([r[0] for r in rows], dtype=np.int64)
    u = np.array([r[1] for r in rows], dtype=np.int64)
    p = np.array([r[2] for r in rows], dtype=np.int64)
    for n_periods in (6, 1):
        pp = p if n_periods > 1 else np.zeros_like(p)
        order, su, sp = _sort._sort_within(k, u, pp, 31, n_periods)
        want = np.lexsort((pp, u, k))
        assert order.tolist() == want.tolist()
        assert su.tolist() == u[want].tolist()
        assert sp.tolist() == pp[want].tolist()


def _columns_of(rows: list[tuple[str, str, str, float]]) -> dict[str, list[object]]:
    return {
        "unit": [r[0] for r in rows],
        "indicator": [r[1] for r in rows],
        "period": [r[2] for r in rows],
        "value": [r[3] for r in rows],
    }


@given(st.randoms(use_true_random=False), st.integers(1, 40), st.booleans())
def test_rows_by_indicator_then_period_give_the_set_of_any_order(
    rng: random.Random, n_units: int, repeat: bool
) -> None:
    """A file by indicator, then year, then unit (the fast path: sorted within each
    indicator apart), with missing rows and an identical repeat, gives the same columns
    as the same rows shuffled (the general sort); the derived shares (rows after the
    rows given) are the same in both."""
    codes = [f"{i:05d}" for i in rng.sample(range(1, 99_999), n_units)]
    rows = [
        (code, ind, str(year), float(rng.randint(0, 100) + (100 if ind == DEN else 0)))
        for ind in (NUM, DEN, "satisfaction_share")
        for year in (2022, 2023, 2024)
        for code in codes
        if rng.random() < 0.8
    ]
    if repeat and rows:
        rows.insert(rng.randrange(len(rows)), rows[rng.randrange(len(rows))])
    shuffled = rows[:]
    rng.shuffle(shuffled)
    sets = [thdx.MeasurementSet.from_columns(**_columns_of(rs)) for rs in (rows, shuffled)]  # type: ignore[arg-type]

    def content(s: thdx.MeasurementSet) -> list[tuple[str, str, str, float]]:
        c = s.columns()
        return [
            (c.unit_codes[uu], c.indicators[kk], str(c.periods[pp]), v)
            for uu, kk, pp, v in zip(
                c.unit.tolist(),
                c.indicator.tolist(),
                c.period.tolist(),
                c.value.tolist(),
                strict=True,
            )
        ]

    for data, given_rows in zip(sets, (rows, shuffled), strict=True):
        c = data.columns()
        # The stable sort of the rows given by the set's own numbering, repeats once.
        pos = {str(x): i for i, x in enumerate(c.periods)}

        keys = {r: (c.indicators.index(r[1]), c.unit_index[r[0]], pos[r[2]]) for r in given_rows}
        want = list(dict.fromkeys(sorted(given_rows, key=keys.__getitem__)))
        got = content(data)
        assert [r for r in got if r[1] != SHARE] == want
        shares = {(r[0], r[2]): r[3] for r in got if r[1] == SHARE}
        assert shares == _reference_shares(given_rows)
        last = [r[1] == SHARE for r in got]
        assert last == sorted(last)  # the derived rows after every row given


def _reference_shares(
    rows: list[tuple[str, str, str, float]],
) -> dict[tuple[str, str], float]:
    """Per (unit, period): the share given, else digital economy value / GRDP × 100."""
    given_rows = {(u, ind, per): v for u, ind, per, v in rows}
    out: dict[tuple[str, str], float] = {}
    for u, ind, per, v in rows:
        if ind == SHARE:
            out[(u, per)] = v
        elif ind == NUM and (u, SHARE, per) not in given_rows and (u, DEN, per) in given_rows:
            out[(u, per)] = float(np.float64(v) / np.float64(given_rows[(u, DEN, per)]) * 100.0)
    return out


@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["01", "38", "380", "16000"]),
            st.sampled_from([NUM, DEN, SHARE]),
            st.sampled_from(["2023", "2024"]),
        ),
        st.floats(0.05, 1.0),
        max_size=30,
    ),
    st.randoms(use_true_random=False),
)
def test_derived_values_are_the_ratio_where_not_given(
    facts: dict[tuple[str, str, str], float], rng: random.Random
) -> None:
    """Every (unit, period) with both parts and no share given gets the share
    value / GRDP × 100, from its two parts; a given share is kept; rows given twice
    (identically) change nothing."""
    rows = []
    for (u, ind, per), x in facts.items():
        # GRDP above the digital economy value: every share within 0–100 %.
        value = {NUM: x * 1e12, DEN: 2e12, SHARE: round(100 * x, 1)}[ind]
        rows.append((u, ind, per, value))
    rows += [rows[i] for i in range(0, len(rows), 3)]
    rng.shuffle(rows)
    if not rows:
        return
    data = thdx.MeasurementSet.from_columns(**_columns_of(rows))  # type: ignore[arg-type]
    want = _reference_shares(rows)
    cols = data.columns()
    lo_hi = cols.rows_of(SHARE)
    assert lo_hi.stop - lo_hi.start == len(want)
    for (u, per), share in want.items():
        m = data.get(u, SHARE, per)
        assert m is not None
        assert m.magnitude == share
        if (u, SHARE, per) in facts:
            assert m.derived_from == ()
        else:
            assert m.source == f"derived: {NUM} / {DEN}"
            assert [x.indicator for x in m.derived_from] == [NUM, DEN]
            assert [x.magnitude for x in m.derived_from] == [facts[(u, NUM, per)] * 1e12, 2e12]
    again = pickle.loads(pickle.dumps(data))
    assert [again.row(i) for i in range(len(again))] == [data.row(i) for i in range(len(data))]


def test_the_first_bad_derived_value_in_row_order_is_named() -> None:
    """Two bad ratios: the one whose numerator comes first is refused (a zero
    denominator, or a share above 100 %: 300e12 / 100e12 × 100 = 300 %)."""
    units = ["39", "39", "38", "38"]
    inds = [NUM, DEN] * 2
    cases = [
        ([300e12, 100e12, 1e12, 0.0], "'39', period '2024': 300.0 is outside 0–100 %"),
        ([1e12, 0.0, 300e12, 100e12], "'39', period '2024': its denominator 'grdp' is 0"),
    ]
    for values, message in cases:
        with pytest.raises(thdx.MeasurementError, match=message):
            thdx.MeasurementSet.from_columns(
                unit=units, indicator=inds, period=["2024"] * 4, value=values
            )


def test_made_rows_of_a_one_value_column() -> None:
    col = _columns.OneValue(2, None)
    col.extend_made(3, lambda j: f"made {j}")
    col[3] = "set"
    col.append("after")
    assert [col[i] for i in range(len(col))] == [None, None, "made 0", "set", "made 2", "after"]
    with pytest.raises(IndexError):
        col[6]
    with pytest.raises(ValueError, match="made already"):
        col.extend_made(1, str)


def test_a_row_that_is_not_a_text_far_down_a_column_of_runs() -> None:
    """The texts are told chunk by chunk: a number in the last chunk is found."""
    rows: list[object] = ["satisfaction_share"] * (3 * _checks._CHUNK)
    assert _checks._all_texts(rows)  # type: ignore[arg-type]
    rows[-2] = 5
    assert not _checks._all_texts(rows)  # type: ignore[arg-type]
    assert _checks._text_runs(rows) is None
    with pytest.raises(thdx.ThdxError, match="5"):
        thdx.MeasurementSet.from_columns(
            unit=["38"] * len(rows),
            indicator=rows,  # type: ignore[arg-type]
            period=[str(2000 + i % 20) for i in range(len(rows))],
            value=np.zeros(len(rows)),
        )


@given(st.lists(st.integers(0, 10**10 - 1), min_size=1, max_size=60), st.data())
def test_codes_of_mixed_widths_read_as_numbers(numbers: list[int], data: st.DataObject) -> None:
    """Codes of 1 to 10 digits (leading zeros kept): 10**len + int(code) each; a code
    with a character that is not an ASCII digit (a comma, an Arabic-Indic digit) or an
    empty code: none."""
    rows = [str(x).zfill(data.draw(st.integers(len(str(x)), 10))) for x in numbers]
    got = _codes.code_numbers(rows)
    assert got is not None
    assert got.tolist() == [10 ** len(r) + int(r) for r in rows]
    at = data.draw(st.integers(0, len(rows) - 1))
    for bad in ("", "٣٨380", "38,0", "3a", "12345678901"):
        assert _codes.code_numbers([*rows[:at], bad, *rows[at + 1 :]]) is None


@given(
    st.lists(st.tuples(st.integers(0, 3), st.floats(-150, 150), st.booleans()), max_size=400),
    st.booleans(),
)
def test_values_out_of_range_by_runs_and_row_by_row(
    rows: list[tuple[int, float, bool]], in_runs: bool
) -> None:
    """Rows in runs of one indicator (judged a run at a time) or not: the rows flagged
    are those whose value is outside its indicator's range, or whose rank is not a
    whole number within its cohort (cohort 50)."""
    from thdx.model._measurement_values import highest, lowest

    if in_runs:
        rows.sort(key=lambda r: r[0])
    catalogue = thdx.default_catalogue()
    inds = [
        catalogue[i]
        for i in ("satisfaction_share", "labour_productivity_growth", "grdp", "dx_index_rank")
    ]
    k = np.array([r[0] for r in rows], dtype=np.int64)
    values = np.array([r[1] for r in rows], dtype=float)
    rank_rows = k == 3
    cohorts = np.where(rank_rows, 50.0, np.nan)
    got = _checks.out_of_range(values, cohorts, k, inds, rank_rows)
    want = [
        not lowest(inds[j]) <= v <= highest(inds[j]) or (j == 3 and (v != int(v) or v > 50))
        for j, v, _ in rows
    ]
    assert got.tolist() == want
