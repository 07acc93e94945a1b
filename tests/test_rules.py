"""Tests of thdx.rules: the rule vocabulary, its validation and its messages."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from thdx import Level
from thdx.model import Catalogue, Indicator, Period, ThdxError
from thdx.rules._vocabulary import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Growth,
    PassRule,
    RuleError,
    Score,
    ShareUnits,
    Undetermined,
)

COMPARATORS = "'>=', '>', '<=', '<', '=='"


def criterion(cid: str = "a", points: float = 1.0) -> Criterion:
    """A criterion: satisfaction at least 50 %."""
    return Criterion(cid, "satisfaction_share", ">=", 50.0, points=points)


# -- comparators ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (">=", Comparator.GE),
        (">", Comparator.GT),
        ("<=", Comparator.LE),
        ("<", Comparator.LT),
        ("==", Comparator.EQ),
        (" >= ", Comparator.GE),
        (Comparator.LT, Comparator.LT),
    ],
)
def test_comparator_parse(text: str | Comparator, expected: Comparator) -> None:
    """Comparators parse from their symbols, surrounding spaces ignored."""
    assert expected is Comparator.parse(text)


@pytest.mark.parametrize("text", ["=>", "≥", "", "ge", 5])
def test_comparator_parse_refuses(text: object) -> None:
    """Anything else is refused, the value shown and the known symbols listed."""
    with pytest.raises(RuleError) as info:
        Comparator.parse(text)  # type: ignore[arg-type]
    assert f"{text!r} is not a comparator (expected one of {COMPARATORS})" == str(info.value)


def test_rule_error_is_a_value_error() -> None:
    """RuleError is a ThdxError and a ValueError."""
    assert issubclass(RuleError, ThdxError)
    assert issubclass(RuleError, ValueError)


@pytest.mark.parametrize(
    ("comparator", "results"),
    [
        (">=", (False, True, True)),
        (">", (False, False, True)),
        ("<=", (True, True, False)),
        ("<", (True, False, False)),
        ("==", (False, True, False)),
    ],
)
def test_comparator_holds(comparator: str, results: tuple[bool, bool, bool]) -> None:
    """9, 10 and 11 against 10, for every comparator."""
    c = Comparator.parse(comparator)
    assert results == tuple(c.holds(v, 10.0) for v in (9.0, 10.0, 11.0))


def test_comparator_apply_on_arrays_nan_is_false() -> None:
    """On arrays, NaN (no data) compares False for every comparator."""
    values = np.array([9.0, 10.0, np.nan])
    assert [[False, True, False], [True, True, False]] == [
        Comparator.GE.apply(values, 10.0).tolist(),
        Comparator.LE.apply(values, 10.0).tolist(),
    ]


def test_comparator_words() -> None:
    """Each comparator has English and Vietnamese words."""
    assert [
        ("at least", "từ"),
        ("more than", "trên"),
        ("at most", "không quá"),
        ("less than", "dưới"),
        ("exactly", "bằng"),
    ] == [(c.words_en, c.words_vi) for c in Comparator]


# -- Compare --------------------------------------------------------------------------------


def test_compare_converts() -> None:
    """Compare parses its comparator and stores its threshold as a float."""
    r = Compare("satisfaction_share", ">=", 90)
    assert (Comparator.GE, 90.0, float) == (r.comparator, r.threshold, type(r.threshold))


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        ("90 %", "threshold must be a number in the canonical unit, got '90 %'"),
        (True, "threshold must be a number in the canonical unit, got True"),
        (None, "threshold must be a number in the canonical unit, got None"),
        (math.nan, "threshold must be a finite number, got nan"),
        (math.inf, "threshold must be a finite number, got inf"),
    ],
)
def test_compare_threshold_refused(threshold: object, message: str) -> None:
    """A threshold must be a finite plain number in the canonical unit."""
    with pytest.raises(RuleError) as info:
        Compare("satisfaction_share", ">=", threshold)
    assert message == str(info.value)


def test_rules_are_frozen_and_hashable() -> None:
    """Rules are values: equal when equal, hashable, immutable."""
    a, b = Compare("x", ">=", 1), Compare("x", ">=", 1.0)
    assert (a, hash(a)) == (b, hash(b))
    with pytest.raises(AttributeError):
        a.threshold = 2.0  # type: ignore[misc]


# -- Growth ---------------------------------------------------------------------------------


def test_growth_defaults() -> None:
    """Growth is compound by default, over a parsed window, with no rate indicator."""
    g = Growth("labour_productivity", "2021/2025", ">=", 9.6)
    assert (Period.parse("2021/2025"), "compound", None) == (g.window, g.method, g.rate_indicator)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("x", "2021-Q2/2025", ">=", 1.0),
            "growth window must be whole years ('2021/2025'), got '2021-04-01/2025-12-31'",
        ),
        (
            ("x", "2025-H1", ">=", 1.0),
            "growth window must be whole years ('2021/2025'), got '2025-H1'",
        ),
        (
            ("x", "2021/2025", ">=", 1.0, "y", "mean"),
            "growth method must be 'compound' or 'arithmetic', got 'mean'",
        ),
        (
            ("x", "2021/2025", ">=", 1.0, None, "arithmetic"),
            "an arithmetic average of growth needs rate_indicator (yearly rates)",
        ),
    ],
)
def test_growth_refused(args: tuple[object, ...], message: str) -> None:
    """A growth rule needs whole years, a known method, and rates for an arithmetic mean."""
    with pytest.raises(RuleError) as info:
        Growth(*args)  # type: ignore[arg-type]
    assert message == str(info.value)


# -- combinations ------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [AllOf, AnyOf, lambda rules: AtLeast(1, rules)])
def test_combination_needs_a_rule(make: type[AllOf]) -> None:
    """AllOf, AnyOf and AtLeast refuse an empty list of rules."""
    with pytest.raises(RuleError, match=r"^a combination needs at least one rule$"):
        make([])


def test_combination_keeps_a_tuple() -> None:
    """A combination stores its rules as a tuple, from any iterable."""
    rules = (Compare("x", ">=", 1), Compare("y", ">=", 1))
    assert rules == AllOf(iter(rules)).rules == AnyOf(list(rules)).rules


@pytest.mark.parametrize("k", [-1, True, 1.0, "1"])
def test_at_least_k_refused(k: object) -> None:
    """k must be a whole number ≥ 0 (not a bool, float or text)."""
    with pytest.raises(RuleError) as info:
        AtLeast(k, [Compare("x", ">=", 1)])  # type: ignore[arg-type]
    assert f"k must be a whole number ≥ 0, got {k!r}" == str(info.value)


def test_at_least_zero_is_allowed() -> None:
    """k = 0 is a valid (always met) rule."""
    assert 0 == AtLeast(0, [Compare("x", ">=", 1)]).k


# -- counts and shares ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [CountUnits, ShareUnits])
def test_rollup_converts_level(cls: type[CountUnits]) -> None:
    """Counts and shares take a level by name."""
    r = cls("commune", Completed(), ">=", 300)
    assert (Level.COMMUNE, 300.0) == (r.level, r.threshold)


@pytest.mark.parametrize("cls", [CountUnits, ShareUnits])
def test_rollup_level_refused(cls: type[CountUnits]) -> None:
    """An unknown level is refused with the known ones listed."""
    with pytest.raises(RuleError) as info:
        cls("ward", Completed(), ">=", 1)
    assert "'ward' is not a level (expected 'province', 'district' or 'commune')" == str(info.value)


@pytest.mark.parametrize("level", ["ward", "", 3, None])
def test_a_bad_level_has_one_wording(level: Any) -> None:
    """Counts, shares, criteria sets, a target's scope, a unit and a hierarchy refuse a
    bad level in the same words (each in its own error class; a scope is named so)."""
    from thdx import AdministrativeUnit, Hierarchy, HierarchyError
    from thdx.rules import Target

    h = Hierarchy([AdministrativeUnit(code="38", name="T", kind="tỉnh")])
    asked: list[tuple[type[Exception], Callable[[], object]]] = [
        (RuleError, lambda: CountUnits(level, Completed(), ">=", 1)),
        (RuleError, lambda: ShareUnits(level, Completed(), ">=", 1)),
        (RuleError, lambda: CriteriaSet("cs", "CS", level, [criterion()])),
        (RuleError, lambda: Target("t", Compare("x", ">=", 1), "2025", level, "...")),
        (HierarchyError, lambda: AdministrativeUnit(code="1", name="A", kind="xã", level=level)),
        (HierarchyError, lambda: h.units_of(level, "2025-06-30")),
        (HierarchyError, lambda: h.descendants("38", level, "2025-06-30")),
    ]
    words = []
    for error, ask in asked:
        with pytest.raises(error) as info:
            ask()
        words.append(str(info.value))
    levels = "(expected 'province', 'district' or 'commune')"
    assert [f"{level!r} is not a level {levels}"] * 6 == [words[i] for i in (0, 1, 2, 4, 5, 6)]
    assert f"{level!r} is not a scope {levels}" == words[3]


def test_a_level_is_read_as_the_hierarchy_reads_it() -> None:
    """A rule takes a level's name in any case, with spaces around it, as a unit and a
    hierarchy do (one level coercion)."""
    from thdx.rules import Target

    target = Target("t", Compare("x", ">=", 1), "2025", " Province", "...")
    assert [Level.COMMUNE, Level.DISTRICT, Level.COMMUNE, Level.PROVINCE] == [
        CountUnits("Commune", Completed(), ">=", 1).level,
        ShareUnits(" district ", Completed(), ">=", 1).level,
        CriteriaSet("cs", "CS", "COMMUNE", [criterion()]).level,
        target.scope,
    ]


# -- criteria sets --------------------------------------------------------------------------------


def test_criterion_rule() -> None:
    """A criterion is a Compare rule on its indicator."""
    assert Compare("satisfaction_share", ">=", 50.0) == criterion().rule


def test_criterion_points_refused() -> None:
    """A criterion's points must be a finite number."""
    with pytest.raises(RuleError, match=r"^points must be a finite number, got 'two'$"):
        Criterion("a", "x", ">=", 1.0, points="two")  # type: ignore[arg-type]


def criteria_set(**kw: object) -> CriteriaSet:
    """A commune criteria set of two criteria."""
    args: dict[str, object] = {
        "id": "cs",
        "title": "Bộ tiêu chí",
        "level": "commune",
        "criteria": [criterion("a", 2.0), criterion("b")],
    }
    args.update(kw)
    return CriteriaSet(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"criteria": []}, "criteria set 'cs' has no criteria"),
        (
            {"criteria": [criterion("a"), criterion("a"), criterion("b"), criterion("b")]},
            "criteria set 'cs': duplicate criterion ids ['a', 'b']",
        ),
        (
            {"pass_rule": "at_least"},
            "criteria set 'cs': pass rule 'at_least' needs at_least between 0 and 2, got None",
        ),
        (
            {"pass_rule": "at_least", "at_least": 3},
            "criteria set 'cs': pass rule 'at_least' needs at_least between 0 and 2, got 3",
        ),
        (
            {"pass_rule": "at_least", "at_least": "2"},
            "criteria set 'cs': pass rule 'at_least' needs at_least between 0 and 2, got '2'",
        ),
        (
            {"pass_rule": "at_least", "at_least": True},
            "criteria set 'cs': pass rule 'at_least' needs at_least between 0 and 2, got True",
        ),
        ({"pass_rule": "score"}, "criteria set 'cs': pass rule 'score' needs score_at_least"),
        (
            {"pass_rule": "score", "score_at_least": "2"},
            "criteria set 'cs': score_at_least must be a finite number, got '2'",
        ),
        (
            {"pass_rule": "score", "score_at_least": math.nan},
            "criteria set 'cs': score_at_least must be a finite number, got nan",
        ),
        (
            {"pass_rule": "most"},
            "'most' is not a pass rule (expected one of 'all', 'at_least', 'score', 'unknown')",
        ),
        ({"level": "ward"}, "'ward' is not a level (expected 'province', 'district' or 'commune')"),
    ],
)
def test_criteria_set_refused(kw: dict[str, object], message: str) -> None:
    """Every inconsistent criteria set is refused with a message naming it."""
    with pytest.raises(RuleError) as info:
        criteria_set(**kw)
    assert message == str(info.value)


def test_criteria_set_as_rule() -> None:
    """ALL is an AllOf, AT_LEAST an AtLeast, SCORE a Score with each criterion's points,
    UNKNOWN an Undetermined: each pass rule is a rule of the vocabulary, named in traces."""
    rules = (criterion("a", 2.0).rule, criterion("b").rule)
    assert [
        AllOf(rules),
        AtLeast(1, rules),
        Score(rules, (2.0, 1.0), 2.0),
        Undetermined(rules),
    ] == [
        criteria_set().as_rule(),
        criteria_set(pass_rule="at_least", at_least=1).as_rule(),
        criteria_set(pass_rule="score", score_at_least=2).as_rule(),
        criteria_set(pass_rule="unknown", complete=False).as_rule(),
    ]


def test_criteria_set_pass_rule_from_enum_or_text() -> None:
    """The pass rule may be given as the enum or its value."""
    assert PassRule.SCORE is criteria_set(pass_rule=PassRule.SCORE, score_at_least=1).pass_rule
    assert PassRule.AT_LEAST is criteria_set(pass_rule="at_least", at_least=0).pass_rule


def test_criteria_set_catalogue_adds_its_indicators() -> None:
    """A criteria set's catalogue is the base plus its own indicators."""
    own = Indicator("x_share", "X", "X", "society", "percent", "share")
    cs = criteria_set(indicators=[own])
    base = Catalogue([Indicator("y_share", "Y", "Y", "society", "percent", "share")])
    assert ["y_share", "x_share"] == list(cs.catalogue(base))


def test_completed_defaults() -> None:
    """Completed by default: recognitions only, no carry-over."""
    assert (None, False) == (Completed().criteria, Completed().carry_over)
