"""compare_rulebooks: targets matched by what they measure and deadline, the stricter side
worked out by hand, one-sided targets, the table's forms, and the law of strictness."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx import Comparator
from thdx.cli import main
from thdx.rulebooks._compare import stricter_of

_HEAD = """
schema_version = 1

[rulebook]
id = "x/{n}"
number = "{n}"
title = "Rulebook {n}"
jurisdiction = "38"

[[indicators]]
id = "x_rank"
name_vi = "Thứ hạng X"
name_en = "Rank X"
pillar = "overall"
unit = "rank"
kind = "rank"
direction = "{rank_direction}"
"""

_TARGET = """
[[targets]]
id = "{id}"
clause = "{id}"
deadline = "{deadline}"
scope = "province"
measure = "value"
indicator = "{indicator}"
comparator = "{comparator}"
threshold = "{threshold}"
"""


def book(
    n: str, *targets: tuple[str, str, str, str], rank_direction: str = "lower"
) -> thdx.Rulebook:
    """A rulebook named ``n`` with value targets (indicator, comparator, threshold,
    deadline), on Resolution 06's indicators and a rank ``x_rank``."""
    text = _HEAD.format(n=n, rank_direction=rank_direction)
    for i, (indicator, comparator, threshold, deadline) in enumerate(targets):
        text += _TARGET.format(
            id=f"t{i}.{indicator}",
            indicator=indicator,
            comparator=comparator,
            threshold=threshold,
            deadline=deadline,
        )
    return thdx.loads_rulebook(text, base=thdx.resolution_06().catalogue)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # a share: a higher floor is stricter: 90 % > 80 %.
        (("satisfaction_share", ">=", "90 %"), ("satisfaction_share", ">=", "80 %"), "a"),
        # 'đạt 50% trở lên' (>= 50) against 'trên 50%' (> 50): above is stricter.
        (("epayment_account_share", ">=", "50 %"), ("epayment_account_share", ">", "50 %"), "b"),
        (("epayment_account_share", ">", "50 %"), ("epayment_account_share", ">", "50 %"), "same"),
        # a rank, lower is better: top 5 (<= 5) is stricter than top 10 (<= 10).
        (("x_rank", "<=", "10"), ("x_rank", "<=", "5"), "b"),
        # exactly 100 % is stricter than at least 100 %? Both accept only 100 (a share
        # cannot exceed it), but as sets of numbers == 100 ⊂ >= 100.
        (("eid_users_share", "==", "100 %"), ("eid_users_share", ">=", "100 %"), "a"),
        # a floor and a ceiling: neither includes the other.
        (
            ("satisfaction_share", ">=", "50 %"),
            ("satisfaction_share", "<=", "90 %"),
            "incomparable",
        ),
    ],
)
def test_stricter_by_hand(a: tuple[str, str, str], b: tuple[str, str, str], expected: str) -> None:
    """Which side is stricter, worked out from the sets of values each accepts."""
    cmp = thdx.compare_rulebooks(book("A", (*a, "2025")), book("B", (*b, "2025")))
    (row,) = cmp.rows
    assert (expected, a[0], "2025") == (row.stricter, row.key, row.deadline)


def test_rank_lt_6_against_le_5() -> None:
    """'< 6' accepts [.., 6) and '<= 5' accepts [.., 5]: 5.5 meets only the first, so
    '<= 5' is stricter as sets of numbers (a rank is whole, but the law is on numbers)."""
    cmp = thdx.compare_rulebooks(
        book("A", ("x_rank", "<", "6", "2025")), book("B", ("x_rank", "<=", "5", "2025"))
    )
    assert "b" == cmp.rows[0].stricter


def test_matched_only_by_deadline_too() -> None:
    """The same indicator by other deadlines does not match: two one-sided rows."""
    cmp = thdx.compare_rulebooks(
        book("A", ("satisfaction_share", ">=", "90 %", "2025")),
        book("B", ("satisfaction_share", ">=", "98 %", "2030")),
    )
    assert [("a", "2025", None), ("b", "2030", None)] == [
        (r.only, r.deadline, r.stricter) for r in cmp
    ]


def test_directions_that_disagree_are_incomparable() -> None:
    """Two catalogues that disagree on an indicator's direction cannot be compared."""
    a = book("A", ("x_rank", "<=", "5", "2025"))
    b = book("B", ("x_rank", "<=", "10", "2025"), rank_direction="higher")
    (row,) = thdx.compare_rulebooks(a, b).rows
    assert ("incomparable", "the rulebooks disagree on the direction of 'x_rank'") == (
        row.stricter,
        row.note,
    )


def test_duplicate_targets_pair_in_order() -> None:
    """Two targets of one key on side a, one on side b: the first pairs, the second alone."""
    a = book(
        "A",
        ("satisfaction_share", ">=", "90 %", "2025"),
        ("satisfaction_share", ">=", "95 %", "2025"),
    )
    b = book("B", ("satisfaction_share", ">=", "92 %", "2025"))
    cmp = thdx.compare_rulebooks(a, b)
    assert [
        ("t0.satisfaction_share", "t0.satisfaction_share", "b"),
        ("t1.satisfaction_share", None, None),
    ] == [(r.a.id if r.a else None, r.b.id if r.b else None, r.stricter) for r in cmp]


def test_resolution_06_against_programme_749() -> None:
    """Hand-read: the digital economy 20 % of GRDP against 20 % of GDP (same floor, the
    national one a benchmark); productivity 9.6 % a year against 7 % (06 stricter);
    20 goals only 06 has, 4 only the programme has."""
    cmp = thdx.compare_rulebooks(thdx.resolution_06(), thdx.programme_749())
    de = cmp.row("digital_economy_share", "2025")
    lp = cmp.row("labour_productivity (growth)", "2025")
    assert ("same", "", "nation") == (de.stricter, de.note, de.b.stated_for if de.b else None)
    assert ("a", 9.6, 7.0) == (
        lp.stricter,
        lp.a.threshold_magnitude if lp.a else None,
        lp.b.threshold_magnitude if lp.b else None,
    )
    assert (2, 20, 4) == (len(cmp.matched), len(cmp.only("a")), len(cmp.only("b")))
    assert [
        "level4_online_services_share",
        "online_work_dossier_share",
        "fibre_household_share",
        "fibre_commune_share",
    ] == [r.key for r in cmp.only("b")]


def test_reversed_sides_swap_the_verdict() -> None:
    """compare(b, a) names the other side stricter for every matched row."""
    r06, p749 = thdx.resolution_06(), thdx.programme_749()
    swap = {"a": "b", "b": "a", "same": "same", "incomparable": "incomparable"}
    ab = {(r.key, r.deadline): r.stricter for r in thdx.compare_rulebooks(r06, p749).matched}
    ba = {(r.key, r.deadline): r.stricter for r in thdx.compare_rulebooks(p749, r06).matched}
    assert ab == {k: swap[v] for k, v in ba.items() if v is not None}


def test_records_and_frame() -> None:
    """to_records: one dict per row with both sides; to_frame: the same columns."""
    cmp = thdx.compare_rulebooks(thdx.resolution_06(), thdx.programme_749())
    rec = next(r for r in cmp.to_records() if r["indicator"] == "digital_economy_share")
    assert {
        "indicator": "digital_economy_share",
        "deadline": "2025",
        "a_target": "2025.econ.digital_economy_share",
        "a_comparator": ">=",
        "a_threshold": 20.0,
        "a_unit": "percent",
        "a_deadline": "2025",
        "a_stated_for": None,
        "b_target": "2025.econ.digital_economy_share",
        "b_comparator": ">=",
        "b_threshold": 20.0,
        "b_unit": "percent",
        "b_deadline": "2025",
        "b_stated_for": "nation",
        "stricter": "same",
        "only": None,
        "note": "",
    } == rec
    pytest.importorskip("pandas")
    frame = cmp.to_frame()
    assert (len(cmp), list(rec)) == (len(frame), list(frame.columns))


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_frame raises ImportError naming the extra."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    cmp = thdx.compare_rulebooks(thdx.resolution_06(), thdx.programme_749())
    with pytest.raises(ImportError) as info:
        cmp.to_frame()
    assert "to_frame needs pandas: pip install 'thdx[pandas]'" == str(info.value)


def test_not_a_rulebook() -> None:
    """A path or None is refused with the argument's name."""
    with pytest.raises(thdx.ArgumentTypeError) as info:
        thdx.compare_rulebooks(thdx.resolution_06(), "programme_749.toml")  # type: ignore[arg-type]
    assert "compare_rulebooks: b must be a Rulebook, got str" == str(info.value)


def test_row_not_found() -> None:
    """row() of a key that is not there is an UnknownTargetError (a KeyError)."""
    cmp = thdx.compare_rulebooks(thdx.resolution_06(), thdx.programme_749())
    with pytest.raises(KeyError):
        cmp.row("digital_economy_share", "2027")


def test_cli_goals_compare() -> None:
    """`thdx goals --compare programme_749` prints the table, 06 stricter on productivity."""
    out = io.StringIO()
    assert 0 == main(["goals", "--compare", "programme_749"], out=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["indicator", "by", "06-NQ/TU", "749/QĐ-TTg", "stricter"]
    growth = next(line for line in lines if line.startswith("labour_productivity (growth)  "))
    assert growth.split()[-5:] == [">=", "7", "%", "(nation)", "06-NQ/TU"]
    assert 2 + 26 == len(lines)


# -- the law of strictness ------------------------------------------------------------------

_COMPARATORS = st.sampled_from(list(Comparator))
_THRESHOLDS = st.sampled_from([0.0, 5.0, 10.0, 50.0, 80.0, 100.0])
_OPS = {
    Comparator.GE: lambda x, t: x >= t,
    Comparator.GT: lambda x, t: x > t,
    Comparator.LE: lambda x, t: x <= t,
    Comparator.LT: lambda x, t: x < t,
    Comparator.EQ: lambda x, t: x == t,
}
#: Probe values: every threshold, and numbers just beside it.
_PROBES = sorted({t + d for t in (0.0, 5.0, 10.0, 50.0, 80.0, 100.0) for d in (-0.5, 0.0, 0.5)})


def _accepted(c: Comparator, t: float) -> set[float]:
    return {x for x in _PROBES if _OPS[c](x, t)}


class TestStrictness:
    """Law: a side is stricter exactly when the values it accepts are a proper subset of
    the other's; 'same' when the sets are equal; swapping the sides swaps the answer."""

    @given(_COMPARATORS, _THRESHOLDS, _COMPARATORS, _THRESHOLDS)
    def test_agrees_with_the_sets_of_values(
        self, ca: Comparator, ta: float, cb: Comparator, tb: float
    ) -> None:
        """The answer agrees with the probed sets of accepted values."""
        got = stricter_of((ca, ta), (cb, tb))
        sa, sb = _accepted(ca, ta), _accepted(cb, tb)
        if got == "same":
            assert sa == sb
        elif got == "a":
            assert sa < sb
        elif got == "b":
            assert sb < sa
        else:
            assert not sa <= sb
            assert not sb <= sa

    @given(_COMPARATORS, _THRESHOLDS, _COMPARATORS, _THRESHOLDS)
    def test_antisymmetric(self, ca: Comparator, ta: float, cb: Comparator, tb: float) -> None:
        """Swapping the sides swaps 'a' and 'b' and keeps 'same' and 'incomparable'."""
        swap = {"a": "b", "b": "a", "same": "same", "incomparable": "incomparable"}
        assert swap[stricter_of((ca, ta), (cb, tb))] == stricter_of((cb, tb), (ca, ta))


def test_html_escapes_every_text() -> None:
    """to_html is a table whose texts are escaped (a hostile rulebook number included)."""
    import attrs

    a = attrs.evolve(thdx.resolution_06(), number="<script>x</script>")
    out = thdx.compare_rulebooks(a, thdx.programme_749())._repr_html_()
    assert "<script>" not in out
    assert "&lt;script&gt;x&lt;/script&gt; (a)" in out
    assert 1 + 26 == out.count("<tr>")


def test_thresholds_in_units_that_do_not_convert() -> None:
    """One catalogue's x_rank is a rank, the other's a percentage: incomparable, said so."""
    a = book("A", ("x_rank", "<=", "5", "2025"))
    text = thdx.dump_rulebook(book("B", ("x_rank", "<=", "5", "2025")))
    text = text.replace('unit = "rank"', 'unit = "percent"').replace(
        'kind = "rank"', 'kind = "share"'
    )
    b = thdx.loads_rulebook(text.replace("threshold = 5.0", 'threshold = "5 %"'))
    (row,) = thdx.compare_rulebooks(a, b).rows
    assert ("incomparable", "thresholds in units that do not convert: 'rank' and 'percent'") == (
        row.stricter,
        row.note,
    )


def test_growth_over_other_windows_is_incomparable() -> None:
    """Productivity growth over 2021–2025 and over 2023–2025 by one deadline: incomparable."""
    r06 = thdx.resolution_06()
    text = thdx.dump_rulebook(thdx.programme_749()).replace('"2021/2025"', '"2023/2025"')
    p = thdx.loads_rulebook(text, base=r06.catalogue)
    row = thdx.compare_rulebooks(r06, p).row("labour_productivity (growth)", "2025")
    assert ("incomparable", "growth over different windows: 2021/2025 and 2023/2025") == (
        row.stricter,
        row.note,
    )
