"""Edge cases of the engine found by mutation testing (nox -s mutation)."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import keys

import thdx
from thdx import Level, Route, Status
from thdx.engine import evaluate_rule

PERCENT = thdx.Indicator(
    id="p", name_vi="p", name_en="p", pillar="society", unit="percent", kind="share"
)
LEVEL = thdx.Indicator(
    id="lv", name_vi="lv", name_en="lv", pillar="economy", unit="million_VND / worker", kind="level"
)
RATE = thdx.Indicator(
    id="r", name_vi="r", name_en="r", pillar="economy", unit="percent", kind="growth_rate"
)
CAT = thdx.Catalogue([PERCENT, LEVEL, RATE])


def _units() -> thdx.Hierarchy:
    """A province 1 with district 10 and communes 100, 101, 102 (until 2025-07-01), then
    commune 200 (from 2025-07-01, successor of 100 and 101)."""
    reform = dt.date(2025, 7, 1)
    return thdx.Hierarchy(
        [
            thdx.AdministrativeUnit(code="1", name="Tỉnh", kind="tỉnh"),
            thdx.AdministrativeUnit(
                code="10", name="Huyện", kind="huyện", parent="1", valid_until=reform
            ),
            *(
                thdx.AdministrativeUnit(
                    code=c,
                    name=f"Xã {c}",
                    kind="xã",
                    parent="10",
                    valid_until=reform,
                    successors=("200",) if c != "102" else (),
                )
                for c in ("100", "101")
            ),
            thdx.AdministrativeUnit(
                code="102", name="Xã 102", kind="xã", parent="10", valid_until=reform
            ),
            thdx.AdministrativeUnit(
                code="200", name="Xã 200", kind="xã", parent="1", valid_from=reform
            ),
        ]
    )


def _m(unit: str, ind: str, value: float, period: str) -> thdx.Measurement:
    return thdx.Measurement(unit, ind, value, period, catalogue=CAT)


def _growth(*items: thdx.Measurement, as_of: str) -> tuple[Status, tuple[str, ...]]:
    rule = thdx.Growth("lv", "2021/2025", ">=", 5.0, rate_indicator="r")
    data = thdx.MeasurementSet(items, catalogue=CAT)
    node = evaluate_rule(rule, data, ["1"], as_of=as_of, deadline="2025")
    return thdx.verdicts._status.STATUSES[int(node.status[0])], tuple(keys(node.notes.get(0, [])))  # type: ignore[arg-type]


def test_growth_note_with_only_the_base_level() -> None:
    """With only the 2020 level, every year of the window is named missing, not 2020."""
    expected = (Status.UNKNOWN, ("growth_missing:2021,2022,2023,2024,2025",))
    assert expected == _growth(_m("1", "lv", 100, "2020"), as_of="2025-12-31")


def test_growth_note_with_one_rate() -> None:
    """A year with a rate is not missing; the base level is not asked for beside rates."""
    expected = (Status.UNKNOWN, ("growth_missing:2021,2022,2024,2025",))
    assert expected == _growth(_m("1", "r", 5, "2023"), as_of="2025-12-31")


def test_growth_note_counts_years_ending_on_as_of() -> None:
    """With no data of the growth's indicators at all, the note says so: no usable data
    up to as_of (a year ending on as_of is due)."""
    p = thdx.Period.parse("2023")
    expected = (Status.UNKNOWN, ("no_data:2023-12-31",))
    assert expected == _growth(_m("1", "p", 1, "2020"), as_of=str(p.end))


def _score_set(complete: bool = True) -> thdx.CriteriaSet:
    return thdx.CriteriaSet(
        id="score",
        title="score",
        level="commune",
        criteria=(
            thdx.Criterion("a", "p", ">=", 50, points=3),
            thdx.Criterion("b", "lv", ">=", 10, points=2),
        ),
        pass_rule="score",
        score_at_least=3,
        complete=complete,
    )


@pytest.mark.parametrize(
    ("items", "status"),
    [
        ((("p", 60),), Status.MET),  # 3 points known
        ((("p", 40), ("lv", 20)), Status.NOT_MET),  # 2 points, nothing unknown
        ((("lv", 20),), Status.UNKNOWN),  # 2 known, 3 possible
        ((("p", 40),), Status.NOT_MET),  # 0 known, 2 possible < 3
    ],
)
def test_score_pass_rule(items: tuple[tuple[str, float], ...], status: Status) -> None:
    """A score rule is MET when the known points reach the cut, NOT_MET when even all
    unknown criteria could not reach it; final once the final parts alone decide it."""
    data = thdx.MeasurementSet([_m("100", i, v, "2024") for i, v in items], catalogue=CAT)
    node = evaluate_rule(
        thdx.Completed(_score_set()), data, ["100"], units=_units(), as_of="2024-12-31"
    )
    child = node.children[0]
    got = (
        thdx.verdicts._status.STATUSES[int(node.status[0])],
        len(child.children),
        bool(child.final[0]),
    )
    assert (status, 2, status is not Status.UNKNOWN) == got


def test_incomplete_score_never_met() -> None:
    """Passing an incomplete score set is UNKNOWN, with the set named."""
    data = thdx.MeasurementSet([_m("100", "p", 60, "2024")], catalogue=CAT)
    node = evaluate_rule(
        thdx.Completed(_score_set(complete=False)),
        data,
        ["100"],
        units=_units(),
        as_of="2024-12-31",
    )
    assert (thdx.verdicts._status.UNKNOWN, ["incomplete:score"]) == (
        int(node.status[0]),
        keys(node.notes[0]),
    )


def test_completion_final_on_the_deadline_day() -> None:
    """Completion judged on the deadline's last day is final; the day before it is not."""
    data = thdx.MeasurementSet([thdx.Recognition(unit="100", on="2024-05-01", decision="QĐ 1")])
    finals = [
        bool(
            evaluate_rule(
                thdx.Completed(), data, ["100"], units=_units(), as_of=day, deadline="2024"
            ).final[0]
        )
        for day in ("2024-12-31", "2024-12-30")
    ]
    assert [True, False] == finals


def test_completion_of_a_unit_not_yet_existing_is_final_na() -> None:
    """A named unit that does not exist yet on the day is NOT_APPLICABLE, final."""
    node = evaluate_rule(
        thdx.Completed(), thdx.MeasurementSet(), ["200"], units=_units(), as_of="2025-01-01"
    )
    assert (thdx.verdicts._status.NA, True) == (int(node.status[0]), bool(node.final[0]))


def test_carried_recognitions_are_in_the_trace() -> None:
    """A carried completion lists the predecessor's recognition that decided it."""
    rec = thdx.Recognition(unit="101", on="2024-05-01", decision="QĐ 7")
    node = evaluate_rule(
        thdx.Completed(carry_over=True),
        thdx.MeasurementSet([rec]),
        ["200"],
        units=_units(),
        as_of="2025-12-31",
    )
    assert (Route.CARRIED_RECOGNITION, (rec,)) == (
        thdx.verdicts._status.ROUTES[int(node.routes[0])] if node.routes is not None else None,
        node.recognitions[0],
    )


def test_all_of_with_a_not_applicable_part_is_final() -> None:
    """A NOT_APPLICABLE part does not keep an AllOf from being MET and final."""
    rule = thdx.AllOf([thdx.Compare("p", ">=", 50), thdx.Completed()])
    data = thdx.MeasurementSet([_m("200", "p", 60, "2024")], catalogue=CAT)
    node = evaluate_rule(rule, data, ["200"], units=_units(), as_of="2025-01-01", deadline="2024")
    got = ([int(c.status[0]) for c in node.children], int(node.status[0]), bool(node.final[0]))
    assert (
        [thdx.verdicts._status.MET, thdx.verdicts._status.NA],
        thdx.verdicts._status.MET,
        True,
    ) == got


def test_reported_count_ending_on_the_first_day_of_the_era_is_used() -> None:
    """A count published for the reform's first day is about the new units."""
    rule = thdx.CountUnits("commune", thdx.Completed(), ">=", 1)
    data = thdx.MeasurementSet(
        [thdx.ReportedCount(unit="1", level="commune", period="2025-07-01", count=1, total=1)]
    )
    node = evaluate_rule(rule, data, ["1"], units=_units(), as_of="2025-12-31")
    assert (thdx.verdicts._status.MET, 1.0) == (int(node.status[0]), float(node.value[0]))


def test_unit_data_with_more_failures_than_passes_still_wins() -> None:
    """Unit-level results win over a published count even when most units failed."""
    cs = thdx.CriteriaSet(
        id="c", title="c", level="commune", criteria=(thdx.Criterion("a", "p", ">=", 50),)
    )
    data = thdx.MeasurementSet(
        [
            _m("100", "p", 60, "2024"),
            _m("101", "p", 10, "2024"),
            _m("102", "p", 10, "2024"),
            thdx.ReportedCount(unit="1", level="commune", period="2024", count=3, total=3),
        ],
        catalogue=CAT,
    )
    rule = thdx.CountUnits("commune", thdx.Completed(cs), ">=", 2)
    node = evaluate_rule(rule, data, ["1"], units=_units(), as_of="2024-12-31")
    assert (thdx.verdicts._status.NOT_MET, 1.0, ["reported_disagrees:3:1:2024"]) == (
        int(node.status[0]),
        float(node.value[0]),
        keys(node.notes[0]),
    )


def test_newest_reported_count_is_used_whatever_the_order() -> None:
    """Of two published counts, the newer period decides; a tie goes to the larger count."""
    rule = thdx.CountUnits("commune", thdx.Completed(), ">=", 2)
    counts = [
        thdx.ReportedCount(unit="1", level="commune", period="2023", count=3, total=3),
        thdx.ReportedCount(unit="1", level="commune", period="2024", count=1, total=3),
        thdx.ReportedCount(unit="1", level="commune", period="2024-H2", count=2),
    ]
    values = []
    for order in (counts, counts[::-1]):
        node = evaluate_rule(
            rule, thdx.MeasurementSet(order), ["1"], units=_units(), as_of="2024-12-31"
        )
        values.append(float(node.value[0]))
    assert [1.0, 1.0] == values


def test_level_is_a_level() -> None:
    """Counting a level that is not a level is refused, naming it."""
    with pytest.raises(thdx.rules._vocabulary.RuleError, match="'village' is not a level"):
        thdx.CountUnits("village", thdx.Completed(), ">=", 1)
    assert Level.COMMUNE is thdx.CountUnits("commune", thdx.Completed(), ">=", 1).level


def test_score_cut_of_zero_is_met_without_data() -> None:
    """A score cut-off of 0 is reached by every unit, even one without data."""
    cs = thdx.CriteriaSet(
        id="zero",
        title="zero",
        level="commune",
        criteria=(thdx.Criterion("a", "p", ">=", 50),),
        pass_rule="score",
        score_at_least=0,
    )
    node = evaluate_rule(
        thdx.Completed(cs), thdx.MeasurementSet(), ["100"], units=_units(), as_of="2024-12-31"
    )
    assert (thdx.verdicts._status.MET, Route.CRITERIA) == (
        int(node.status[0]),
        thdx.verdicts._status.ROUTES[int(node.routes[0])] if node.routes is not None else None,
    )


def test_a_unit_bounded_by_its_first_day_on_empty_data_is_unknown() -> None:
    """Commune 200 began on 2025-07-01 (its data is bounded by that day): with no data
    at all, the gather found nothing to bound and the verdict is UNKNOWN (the engine
    once indexed the empty columns and failed)."""
    rule = thdx.Compare("p", ">=", 50)
    data = thdx.MeasurementSet([], catalogue=CAT)
    node = evaluate_rule(rule, data, ["200"], units=_units(), as_of="2025-12-31")
    assert node.status.tolist() == [Status.UNKNOWN.code]


def test_the_data_units_in_their_order_and_in_another_order_agree() -> None:
    """A batch that is the data's own units in order reads the gathered arrays as they
    are; in any other order it gathers: the verdicts are the same, unit by unit."""
    rule = thdx.AllOf([thdx.Compare("p", ">=", 50), thdx.Compare("r", "<=", 5)])
    data = thdx.MeasurementSet(
        [_m(c, "p", v, "2024") for c, v in (("100", 60), ("101", 40), ("102", 70))]
        + [_m(c, "r", v, "2024") for c, v in (("100", 4), ("102", 6))],
        catalogue=CAT,
    )
    ordered = evaluate_rule(rule, data, ["100", "101", "102"], as_of="2024-12-31")
    shuffled = evaluate_rule(rule, data, ["102", "100", "101"], as_of="2024-12-31")
    met, not_met = Status.MET.code, Status.NOT_MET.code
    assert ordered.status.tolist() == [met, not_met, not_met]
    assert shuffled.status.tolist() == [not_met, met, not_met]
    again = evaluate_rule(rule, data, ["100", "101", "102"], as_of="2024-12-31")
    assert again.status.tolist() == ordered.status.tolist()
    assert [c.status.tolist() for c in again.children] == [[2, 0, 2], [2, 1, 0]]


def test_a_compiled_plan_runs_as_often_as_needed_and_equals_evaluate() -> None:
    """thdx.engine.compile(...).run() is thdx.evaluate(...), every time it is run."""
    from thdx.engine import compile

    rb = thdx.resolution_06()
    data = thdx.example_data()
    units = thdx.thanh_hoa_units()
    plan = compile(rb, data, units=units, as_of="2025-12-31")
    first, second = plan.run(), plan.run()
    direct = thdx.evaluate(rb, data, units=units, as_of="2025-12-31")
    want = direct.to_records()
    assert first.to_records() == want
    assert second.to_records() == want
    assert any(True for _ in plan.steps())
