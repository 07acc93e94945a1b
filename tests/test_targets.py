"""Tests of Target, and of the 22 goals of Resolution 06 as the rulebook encodes them."""

from __future__ import annotations

from pathlib import Path

import pytest

import thdx
from thdx import Level, Pillar
from thdx.model import Period, PeriodError, UnknownTargetError
from thdx.rules import Target, rule_indicators
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
    RuleError,
    ShareUnits,
)

REFERENCE = Path("/work/shared/reference")
SOURCE = (
    (REFERENCE / "resolution-06-NQ-TU.vi.md").read_text(encoding="utf-8")
    if REFERENCE.is_dir()
    else ""
)

# The 22 goals of reference/goals.md: id, comparator, threshold, deadline, measure, scope,
# and a phrase of the verbatim clause that carries the number.
GOALS = [
    ("2025.overall.dx_rank_top10", "<=", 10, "2025", "value", "province", "nhóm 10 tỉnh"),
    ("2030.overall.dx_rank_top10", "<=", 10, "2030", "value", "province", "nhóm 10 tỉnh"),
    ("2030.overall.digital_gov_rank_top5", "<=", 5, "2030", "value", "province", "nhóm 5 tỉnh"),
    ("2025.gov.systems_connected", ">=", 100, "2025", "value", "province", "100% hệ thống"),
    ("2025.gov.online_inspections", ">=", 50, "2025", "value", "province", "50% hoạt động"),
    ("2025.gov.level4_services", ">=", 100, "2025", "value", "province", "100% hồ sơ"),
    ("2025.gov.satisfaction", ">=", 90, "2025", "value", "province", "Có 90% người dân"),
    ("2025.gov.eid_users", ">=", 100, "2025", "value", "province", "100% người dân"),
    ("2025.econ.digital_economy_share", ">=", 20, "2025", "value", "province", "20%"),
    ("2025.econ.productivity_growth", ">=", 9.6, "2025", "growth", "province", "9,6%"),
    ("2025.econ.dx_enterprises", ">=", 50, "2025", "value", "province", "50%"),
    ("2025.soc.districts_completed", ">=", 6, "2025", "count", "district", "06 huyện"),
    ("2025.soc.communes_completed", ">=", 300, "2025", "count", "commune", "300 xã"),
    ("2025.soc.epayment_accounts", ">=", 50, "2025", "value", "province", "50%"),
    ("2030.gov.satisfaction", ">=", 98, "2030", "value", "province", "98% người dân"),
    ("2030.gov.online_inspections", ">=", 70, "2030", "value", "province", "70% hoạt động"),
    ("2030.econ.digital_economy_share", ">=", 30, "2030", "value", "province", "30%"),
    ("2030.econ.productivity_growth", ">=", 8.1, "2030", "growth", "province", "8,1%"),
    ("2030.econ.dx_enterprises", ">=", 80, "2030", "value", "province", "80%"),
    ("2030.soc.districts_completed", ">=", 100, "2030", "share", "district", "100%"),
    ("2030.soc.communes_completed", ">=", 80, "2030", "share", "commune", "80%"),
    ("2030.soc.epayment_accounts", ">=", 80, "2030", "value", "province", "80%"),
]

RB = thdx.resolution_06()


def test_the_rulebook_has_exactly_the_22_goals_in_order() -> None:
    """The rulebook's targets are the 22 goals of goals.md, in its order."""
    assert [g[0] for g in GOALS] == [t.id for t in RB.targets]


@pytest.mark.parametrize(
    ("tid", "comparator", "threshold", "deadline", "measure", "scope", "phrase"), GOALS
)
def test_goal(
    tid: str,
    comparator: str,
    threshold: float,
    deadline: str,
    measure: str,
    scope: str,
    phrase: str,
) -> None:
    """Each goal has the threshold, comparator, deadline, measure and scope of goals.md."""
    t = RB.target(tid)
    assert (Comparator(comparator), float(threshold), Period.parse(deadline)) == (
        t.comparator,
        t.threshold_magnitude,
        t.deadline,
    )
    assert (measure, Level(scope)) == (t.measure, t.scope)
    assert phrase in t.source


@pytest.mark.skipif(not SOURCE, reason="the reference text is not available")
@pytest.mark.parametrize("tid", [g[0] for g in GOALS])
def test_goal_clause_is_verbatim(tid: str) -> None:
    """Each goal's clause is an exact substring of the resolution's source text."""
    t = RB.target(tid)
    assert t.clause_verbatim
    assert t.clause in SOURCE


@pytest.mark.parametrize(
    ("tid", "quantity"),
    [
        ("2025.gov.satisfaction", "90 percent"),
        ("2025.overall.dx_rank_top10", "10 rank"),
        ("2025.soc.communes_completed", "300 administrative_unit"),
        ("2030.soc.communes_completed", "80 percent"),
        ("2025.econ.productivity_growth", "9.6 percent"),
    ],
)
def test_goal_threshold_quantity(tid: str, quantity: str) -> None:
    """The threshold is a pint Quantity in the target's unit."""
    assert thdx.Q_(quantity) == RB.target(tid).threshold


@pytest.mark.parametrize(
    ("tid", "window"),
    [
        ("2025.econ.productivity_growth", "2021/2025"),
        ("2030.econ.productivity_growth", "2026/2030"),
    ],
)
def test_growth_goal_window_and_indicators(tid: str, window: str) -> None:
    """The growth goals run over their five-year windows, from levels or yearly rates."""
    t = RB.target(tid)
    assert (Period.parse(window), "labour_productivity") == (t.window, t.indicator)
    assert {"labour_productivity", "labour_productivity_growth"} == rule_indicators(t.rule)


def test_unknown_goal_raises_key_error_naming_it() -> None:
    """An unknown id raises a KeyError (UnknownTargetError) whose message names it."""
    with pytest.raises(KeyError) as info:
        RB.target("2025.gov.happiness")
    assert isinstance(info.value, UnknownTargetError)
    assert "rulebook 06-NQ/TU: unknown target '2025.gov.happiness'" == str(info.value)
    assert "2025.gov.happiness" == info.value.target


# -- the Target class --------------------------------------------------------------------------


def target(rule: thdx.rules.Rule, **kw: object) -> Target:
    """A target with this rule, due 2025, for the province."""
    args: dict[str, object] = {
        "id": "t.1",
        "rule": rule,
        "deadline": "2025",
        "scope": "province",
        "clause": "Có 90% ...",
    }
    args.update(kw)
    return Target(**args)  # type: ignore[arg-type]


CRITERIA = CriteriaSet("cs", "Bộ", "commune", [Criterion("a", "satisfaction_share", ">=", 50)])


@pytest.mark.parametrize(
    ("rule", "measure", "comparator", "threshold", "indicator"),
    [
        (Compare("x", ">=", 90), "value", Comparator.GE, 90.0, "x"),
        (Growth("x", "2021/2025", ">", 9.6), "growth", Comparator.GT, 9.6, "x"),
        (CountUnits("commune", Completed(), ">=", 300), "count", Comparator.GE, 300.0, None),
        (ShareUnits("commune", Completed(), "<", 80), "share", Comparator.LT, 80.0, None),
        (Completed(), "completed", None, None, None),
        (AllOf([Compare("x", ">=", 1)]), "combination", None, None, None),
        (AnyOf([Compare("x", ">=", 1)]), "combination", None, None, None),
        (AtLeast(1, [Compare("x", ">=", 1)]), "combination", None, None, None),
    ],
)
def test_target_properties(
    rule: thdx.rules.Rule,
    measure: str,
    comparator: Comparator | None,
    threshold: float | None,
    indicator: str | None,
) -> None:
    """measure, comparator, threshold and indicator follow the rule."""
    t = target(rule)
    assert (measure, comparator, threshold, indicator) == (
        t.measure,
        t.comparator,
        t.threshold_magnitude,
        t.indicator,
    )


def test_target_without_threshold_has_no_quantity() -> None:
    """A completion target has no threshold Quantity and no window."""
    t = target(Completed())
    assert (None, None) == (t.threshold, t.window)


def test_target_threshold_without_unit_is_dimensionless() -> None:
    """A threshold with no unit given is a dimensionless Quantity."""
    assert thdx.Q_(5, "dimensionless") == target(Compare("x", ">=", 5)).threshold


def test_target_conversions() -> None:
    """Target converts its deadline, scope, pillar and units."""
    t = target(Compare("x", ">=", 1), scope="district", pillar="economy", units=iter(["380"]))
    assert (Period.year(2025), Level.DISTRICT, Pillar.ECONOMY, ("380",)) == (
        t.deadline,
        t.scope,
        t.pillar,
        t.units,
    )
    assert "Có 90% ..." == t.source


@pytest.mark.parametrize(
    ("kw", "error", "message"),
    [
        (
            {"id": "2025 gov"},
            RuleError,
            "target id must be letters, digits, '.', '_' or '-', got '2025 gov'",
        ),
        ({"id": ""}, RuleError, "target id must be letters, digits, '.', '_' or '-', got ''"),
        (
            {"scope": "nation"},
            RuleError,
            "'nation' is not a scope (expected 'province', 'district' or 'commune')",
        ),
        (
            {"pillar": "culture"},
            RuleError,
            "'culture' is not a pillar (expected one of 'government', 'economy', 'society', "
            "'overall')",
        ),
        (
            {"deadline": "2025-13"},
            PeriodError,
            "'2025-13' is not a period (expected a year '2025', half '2025-H1', quarter "
            "'2025-Q3', month '2025-06', day '2025-06-30' or range '2021/2025')",
        ),
    ],
)
def test_target_refused(kw: dict[str, object], error: type[Exception], message: str) -> None:
    """A bad id, scope, pillar or deadline is refused with a message naming it."""
    with pytest.raises(error) as info:
        target(Compare("x", ">=", 1), **kw)
    assert message == str(info.value)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (Compare("x", ">=", 1), {"x"}),
        (Growth("x", "2021/2025", ">=", 1), {"x"}),
        (Growth("x", "2021/2025", ">=", 1, "r"), {"x", "r"}),
        (AllOf([Compare("x", ">=", 1), AnyOf([Compare("y", ">=", 1)])]), {"x", "y"}),
        (CountUnits("commune", Compare("z", ">=", 1), ">=", 1), {"z"}),
        (ShareUnits("commune", Completed(CRITERIA), ">=", 1), {"satisfaction_share"}),
        (Completed(), set()),
    ],
)
def test_rule_indicators(rule: thdx.rules.Rule, expected: set[str]) -> None:
    """rule_indicators lists every indicator a rule reads, criteria included."""
    assert expected == rule_indicators(rule)
