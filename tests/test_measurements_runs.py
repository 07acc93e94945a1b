"""The runs of equal texts in a column (factorise of a file sorted by indicator)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from thdx.store import _checks


def _reference(rows: list[str]) -> tuple[list[str], list[int]]:
    heads = [i for i in range(len(rows)) if i == 0 or rows[i] != rows[i - 1]]
    return [rows[i] for i in heads], np.diff([*heads, len(rows)]).tolist()


def test_gallop_runs_against_a_reference() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        rows: list[str] = []
        for _ in range(rng.randint(1, 30)):
            rows += [rng.choice("abcd")] * rng.randint(1, rng.choice([1, 3, 40, 300]))
        got = _checks._gallop_runs(rows, 10**9)
        assert got is not None
        assert (got[0], got[1].tolist()) == _reference(rows)


def test_gallop_runs_gives_up_on_many_runs() -> None:
    rows = ["a", "a", "b", "b", "c", "c"]
    assert _checks._gallop_runs(rows, 2) is None
    heads, lengths = _checks._text_runs(rows) or ([], np.zeros(0))
    assert (heads, lengths.tolist()) == (["a", "b", "c"], [2, 2, 2])


def test_factorise_long_runs() -> None:
    rows = ["x"] * 5000 + ["y"] * 3000 + ["x"] * 4000 + ["z"]
    distinct, codes = _checks.factorise(rows)
    assert distinct == ["x", "y", "z"]
    assert codes.tolist() == [0] * 5000 + [1] * 3000 + [0] * 4000 + [2]


def _numbers(rows: list[str]) -> list[int] | None:
    out = []
    for r in rows:
        if not (r.isascii() and r.isdigit() and 1 <= len(r) <= 10):
            return None
        out.append(10 ** len(r) + int(r))
    return out


def test_code_numbers_of_one_width_and_mixed_against_a_reference() -> None:
    from thdx.store import _codes

    rng = random.Random(3)
    odd = "0123456789" * 5 + ",a /:9"
    for _ in range(5000):
        width = rng.randint(0, 12)
        rows = [
            "".join(
                rng.choice(odd if rng.random() < 0.1 else "0123456789")
                for _ in range(width if rng.random() < 0.9 else rng.randint(0, 12))
            )
            for _ in range(rng.randint(1, 8))
        ]
        got, expected = _codes.code_numbers(rows), _numbers(rows)
        assert (None if got is None else got.tolist()) == expected, rows
    assert _codes._one_width(np.frombuffer(b"01,02", dtype=np.uint8), 2, 2) is not None
    assert _codes._one_width(np.frombuffer(b"01,2,", dtype=np.uint8), 2, 2) is None


@given(st.lists(st.integers(0, 300), max_size=200), st.integers(0, 50))
def test_table_argsort_is_the_stable_order_or_refuses_repeats(keys: list[int], extra: int) -> None:
    """The table sort gives the stable order of distinct keys, and None on a repeat
    (then the radix sort, stable, decides)."""
    from thdx.store import _sort

    key = np.array(keys, dtype=np.int64)
    span = (max(keys) + 1 if keys else 1) + extra
    got = _sort._table_argsort(key, span)
    if len(set(keys)) == len(keys):
        assert got is not None
        assert got.tolist() == np.argsort(key, kind="stable").tolist()
    else:
        assert got is None
    assert _sort._radix_argsort(key, span).tolist() == np.argsort(key, kind="stable").tolist()


@given(st.randoms(use_true_random=False), st.booleans())
def test_rows_in_any_order_give_the_same_set(rng: random.Random, repeat: bool) -> None:
    """From columns in any order (with an identical repeat or not): the same set, rows
    by indicator, unit, period."""
    from thdx import MeasurementSet

    rows = [
        (u, ind, str(y), float(y - 2000 + j))
        for j, u in enumerate(["38", "380", "16000", "1"])
        for ind in ("satisfaction_share", "eid_users_share")
        for y in (2023, 2024, 2025)
    ]
    if repeat:
        rows.append(rows[3])
    shuffled = rows[:]
    rng.shuffle(shuffled)
    sets = [
        MeasurementSet.from_columns(
            unit=[r[0] for r in rs],
            indicator=[r[1] for r in rs],
            period=[r[2] for r in rs],
            value=[r[3] for r in rs],
        )
        for rs in (rows, shuffled)
    ]

    def content(s: MeasurementSet) -> list[tuple[str, str, str, float]]:
        return sorted((r["unit"], r["indicator"], r["period"], r["value"]) for r in s.to_records())

    assert content(sets[0]) == content(sets[1]) == sorted(set(rows))
    assert len(sets[1]) == 24
    cols = sets[1].columns()
    keys = list(zip(cols.indicator.tolist(), cols.unit.tolist(), cols.period.tolist(), strict=True))
    assert keys == sorted(keys)
