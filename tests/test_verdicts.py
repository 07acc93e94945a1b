"""Tests of thdx.verdicts: statuses, verdicts with their traces, and reports."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from helpers import Item, report_on, rulebook_of

import thdx
from thdx import Counts, Level, Route, Status, SubVerdict
from thdx.model import UnknownTargetError, UnknownUnitError
from thdx.rules import AllOf, Compare, Completed, CountUnits
from thdx.store import Measurement, Recognition, ReportedCount
from thdx.verdicts import SCHEMA_VERSION
from thdx.verdicts._node import Node

RB = thdx.resolution_06()
UNITS = thdx.thanh_hoa_units()
AS_OF = "2024-12-31"


def report(items: list[Item], **kw: object) -> thdx.Report:
    """Evaluate a rulebook (Resolution 06 by default) on these items as of 31 Dec 2024."""
    return report_on(items, AS_OF, **kw)


def districts() -> list[str]:
    """The codes of the 26 district-level units of 2024."""
    return [u.code for u in UNITS.units_of(Level.DISTRICT, AS_OF)]


def test_status_codes() -> None:
    """Statuses map to the engine's small integers, NOT_MET < UNKNOWN < MET, NA apart."""
    assert [0, 1, 2, 3] == [
        s.code for s in (Status.NOT_MET, Status.UNKNOWN, Status.MET, Status.NOT_APPLICABLE)
    ]


def test_counts_to_dict() -> None:
    """Counts are JSON-ready."""
    c = Counts(Level.COMMUNE, 3, 1, 2, 6, dt.date(2025, 12, 31))
    assert {
        "level": "commune",
        "passed": 3,
        "failed": 1,
        "unknown": 2,
        "total": 6,
        "on": "2025-12-31",
    } == c.to_dict()


# -- Report -------------------------------------------------------------------------------


def test_report_len_iter_and_verdicts() -> None:
    """A report of Resolution 06 for the province holds 22 verdicts, in target order."""
    r = report([])
    assert 22 == len(r) == len(list(r)) == len(r.verdicts()) == len(r.verdicts("38"))
    assert [t.id for t in RB.targets] == [v.target.id for v in r]
    assert [] == r.verdicts("380")


def test_report_verdict_defaults_to_the_jurisdiction() -> None:
    """report.verdict(target) judges the rulebook's jurisdiction, 38."""
    assert "38" == report([]).verdict("2025.gov.satisfaction").unit


def test_report_verdict_unknown_target() -> None:
    """An unknown target raises UnknownTargetError naming it and the rulebook."""
    with pytest.raises(UnknownTargetError) as info:
        report([]).verdict("2025.gov.nope")
    assert "rulebook 06-NQ/TU: unknown target '2025.gov.nope'" == str(info.value)


def test_report_verdict_unit_not_evaluated() -> None:
    """A unit the target was not evaluated for raises UnknownUnitError saying so."""
    with pytest.raises(UnknownUnitError) as info:
        report([]).verdict("2025.gov.satisfaction", "380")
    assert (
        "unknown administrative unit '380' (target '2025.gov.satisfaction' was not "
        "evaluated for it) (did you mean '38'?)" == str(info.value)
    )


def test_report_verdict_of_assigned_units_defaults_to_the_first() -> None:
    """A target assigned to named units is judged for its first unit by default."""
    v = report([], rulebook=thdx.plan_qd969()).verdict("qd969.2025.district.382")
    assert "382" == v.unit


def test_report_breakdown_and_verdict_of_a_district() -> None:
    """A breakdown judges each district; verdict(unit=...) finds a district in it."""
    items: list[Measurement | Recognition | ReportedCount] = [
        Measurement(code, "satisfaction_share", 80 + i / 2, "2024")
        for i, code in enumerate(districts())
    ]
    r = report(items, breakdown="district")
    rows = r.breakdown("2025.gov.satisfaction", Level.DISTRICT)
    assert districts() == [v.unit for v in rows]
    assert 92.5 == r.verdict("2025.gov.satisfaction", districts()[25]).value
    assert rows == r.breakdown("2025.gov.satisfaction", "district")


def test_report_breakdown_not_evaluated() -> None:
    """Asking for a breakdown that was not computed raises UnknownTargetError saying so."""
    with pytest.raises(UnknownTargetError) as info:
        report([]).breakdown("2025.gov.satisfaction", "commune")
    assert "unknown target '2025.gov.satisfaction' (no breakdown by commune was evaluated)" == str(
        info.value
    )


def test_report_lagging_worst_first() -> None:
    """lagging lists the districts below target, the lowest share first."""
    values = dict(zip(districts()[:3], (85.0, 95.0, 70.0), strict=True))
    items: list[Measurement | Recognition | ReportedCount] = [
        Measurement(c, "satisfaction_share", v, "2024") for c, v in values.items()
    ]
    lag = report(items, breakdown="district").lagging("2025.gov.satisfaction", "district")
    assert [(districts()[2], 70.0), (districts()[0], 85.0)] == [(v.unit, v.value) for v in lag]


def test_report_lagging_ranks_worst_first() -> None:
    """For a rank (lower is better), lagging lists the highest rank first."""
    items: list[Measurement | Recognition | ReportedCount] = [
        # District ranks within the province: no national cohort (a plain rank).
        Measurement(c, "dx_index_rank", r, "2024")
        for c, r in zip(districts()[:3], (12, 40, 3), strict=True)
    ]
    lag = report(items, breakdown="district").lagging("2025.overall.dx_rank_top10", "district")
    assert [40.0, 12.0] == [v.value for v in lag]


def test_report_summary() -> None:
    """summary counts verdicts by status, every status present."""
    r = report([Measurement("38", "satisfaction_share", 92.5, "2024")])
    assert {
        Status.MET: 1,
        Status.NOT_MET: 1,
        Status.UNKNOWN: 20,
        Status.NOT_APPLICABLE: 0,
    } == r.summary()


def test_report_to_records() -> None:
    """to_records gives one flat row per verdict."""
    r = report([Measurement("38", "satisfaction_share", 92.5, "2024")])
    row = r.to_records()[6]
    assert {
        "target": "2025.gov.satisfaction",
        "unit": "38",
        "unit_name": "Tỉnh Thanh Hóa",
        "level": "province",
        "role": "target",
        "counted_in": None,
        "status": "met",
        "final": False,
        "value": 92.5,
        "threshold": 90.0,
        "comparator": ">=",
        "unit_of_measure": "percent",
        "period": "2024",
        "deadline": "2025",
        "as_of": "2024-12-31",
        "route": None,
        "method": None,
        "method_code": None,
        # 92.5 % in 2024 already meets "at least 90 %" by 2025: achieved, from one point
        # (no rate, so no ratio).
        "progress_status": "achieved",
        "progress_ratio": None,
    } == row


def test_report_to_json_has_its_schema() -> None:
    """to_json is JSON with schema_version, the rulebook, the date and every verdict: the
    22 targets' own, and the units behind the count goals (Thanh Hóa's units by default)."""
    doc = json.loads(report([]).to_json(indent=None))
    own = [v for v in doc["verdicts"] if v["role"] == "target"]
    assert (SCHEMA_VERSION, "thanh-hoa/06-NQ-TU", AS_OF, 22) == (
        doc["schema_version"],
        doc["rulebook"],
        doc["as_of"],
        len(own),
    )
    assert SCHEMA_VERSION == 2


def test_report_to_json_keeps_vietnamese() -> None:
    """The JSON keeps Vietnamese text as is, not as escapes."""
    assert "Có 90% người dân" in report([]).to_json()


# -- Verdict --------------------------------------------------------------------------------


def test_verdict_of_a_value() -> None:
    """A value verdict: its threshold, unit, the measurement used, no method or counts."""
    m = Measurement("38", "satisfaction_share", 92.5, "2024", "SIPAS 2024")
    v = report([m]).verdict("2025.gov.satisfaction")
    assert (Status.MET, False, 92.5, 90.0, "percent") == (
        v.status,
        v.final,
        v.value,
        v.threshold,
        v.unit_of_measure,
    )
    assert ((m,), (), None, None, None, None) == (
        v.measurements,
        v.recognitions,
        v.method,
        v.counts,
        v.route,
        v.reported_count,
    )
    assert ("standing:2024:2025",) == v.note_keys


def test_verdicts_compare_by_value() -> None:
    """Two evaluations of the same data give equal verdicts."""
    m = Measurement("38", "satisfaction_share", 92.5, "2024")
    assert report([m]).verdict("2025.gov.satisfaction") == report([m]).verdict(
        "2025.gov.satisfaction"
    )


def test_verdict_of_a_count_and_its_children() -> None:
    """A count verdict has its counts, and one child per unit counted."""
    rec = Recognition(unit=districts()[0], on="2024-03-01", decision="QĐ 1/QĐ-UBND")
    v = report([rec]).verdict("2025.soc.districts_completed")
    # 27 district-level units on 2024-12-31: Đông Sơn merged into TP Thanh Hóa on 1 Jan 2025.
    assert Counts(Level.DISTRICT, 1, 0, 26, 27, dt.date(2024, 12, 31)) == v.counts
    children = v.children
    assert (27, districts()[0], Status.MET, Route.RECOGNITION, (rec,)) == (
        len(children),
        children[0].unit,
        children[0].status,
        children[0].route,
        children[0].recognitions,
    )
    assert (Status.UNKNOWN, Route.NONE, None, (), ()) == (
        children[1].status,
        children[1].route,
        children[1].value,
        children[1].measurements,
        children[1].children,
    )
    assert isinstance(children[0].rule, Completed)


def test_verdict_of_a_published_count() -> None:
    """A count decided on a published figure names it and its route."""
    rc = ReportedCount(unit="38", level="commune", period="2024", count=350, total=558)
    v = report([rc]).verdict("2025.soc.communes_completed")
    assert (Status.MET, rc, Route.REPORTED, 350.0) == (
        v.status,
        v.reported_count,
        v.route,
        v.value,
    )


def test_verdict_of_growth_names_its_method_and_measurements() -> None:
    """A growth verdict names its method and the two levels it used."""
    items: list[Measurement | Recognition | ReportedCount] = [
        Measurement("38", "labour_productivity", v, y) for y, v in ((2020, 100.0), (2024, 146.41))
    ]
    v = report(items).verdict("2025.econ.productivity_growth")
    assert ("compound from levels 2020 and 2024", ["2020", "2024"]) == (
        str(v.method),
        [str(m.period) for m in v.measurements],
    )


def test_verdict_to_dict_and_explain() -> None:
    """A verdict serialises with its clause and explains itself in both languages."""
    v = report([]).verdict("2025.gov.satisfaction")
    d = v.to_dict()
    assert (v.target.clause, "unknown") == (d["clause"], d["status"])
    assert v.explain("vi").startswith("2025.gov.satisfaction — đơn vị 38: CHƯA RÕ")
    assert v.explain().startswith("2025.gov.satisfaction — unit 38: UNKNOWN")


def test_verdict_catalogue_names_its_indicators() -> None:
    """A verdict and its steps know the catalogue of the data judged."""
    r = report([])
    v = r.verdict("2025.gov.satisfaction")
    assert (True, "Tỷ lệ người dân, doanh nghiệp hài lòng") == (
        v.catalogue is r.data.catalogue,
        v.catalogue["satisfaction_share"].name_vi[:38],
    )


# -- SubVerdict and Node ------------------------------------------------------------------------


def goal(rule: thdx.rules.Rule) -> thdx.Rulebook:
    """Resolution 06 with one goal, ``x.goal``: ``rule`` for the province by 2025."""
    return rulebook_of(thdx.Target("x.goal", rule, "2025", "province", "Một mục tiêu."))


def test_sub_verdicts_of_a_combination() -> None:
    """The children of a combination are its sub-rules, each with its own trace."""
    rule = AllOf([Compare("satisfaction_share", ">=", 90), Compare("eid_users_share", ">=", 90)])
    m = Measurement("38", "satisfaction_share", 95, "2024", "SIPAS")
    r = report([m], rulebook=goal(rule))
    subs = r.verdict("x.goal").children
    assert [(Status.MET, 95.0, (m,)), (Status.UNKNOWN, None, ())] == [
        (s.status, s.value, s.measurements) for s in subs
    ]
    assert (("standing:2024:2025",), None, "38", rule.rules[0], dt.date(2024, 12, 31), True) == (
        subs[0].note_keys,
        subs[0].route,
        subs[0].unit,
        subs[0].rule,
        subs[0].as_of,
        subs[0].catalogue is r.data.catalogue,
    )


def test_sub_verdict_children_of_a_nested_rollup() -> None:
    """A rollup inside a trace lists one child per unit it counted."""
    rule = AllOf([CountUnits("district", Completed(), ">=", 1)])
    (sub,) = report([], rulebook=goal(rule)).verdict("x.goal").children
    assert (Status.UNKNOWN, 27) == (sub.status, len(sub.children))


def test_sub_verdict_is_public() -> None:
    """SubVerdict is exported by thdx and thdx.verdicts, and is what children are."""
    (sub,) = report([], rulebook=goal(AllOf([Completed()]))).verdict("x.goal").children
    assert (True, True) == (
        thdx.SubVerdict is thdx.verdicts.SubVerdict is SubVerdict,
        isinstance(sub, thdx.SubVerdict),
    )


def test_node_index_of_an_unknown_code() -> None:
    """Asking a node for a code it did not evaluate raises UnknownUnitError."""
    node = Node(Completed(), ["38"], np.zeros(1, np.int8), np.zeros(1), np.zeros(1, bool))
    assert 0 == node.index("38")
    with pytest.raises(UnknownUnitError) as info:
        node.index("380")
    assert "unknown administrative unit '380' (not evaluated for this target)" == str(info.value)


# -- the modules of thdx.verdicts ---------------------------------------------------------------

VERDICTS = Path(thdx.verdicts.__file__).parent


def imported(module: str) -> set[str]:
    """The modules of thdx.verdicts that one of them imports (TYPE_CHECKING ones too)."""
    tree = ast.parse((VERDICTS / f"{module}.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n.rsplit(".", 1)[1] for n in names if n.startswith("thdx.verdicts.")}


@pytest.mark.parametrize("renderer", ["_text", "_json", "_views"])
def test_renderers_do_not_import_the_verdict_types(renderer: str) -> None:
    """The text and JSON renderings read verdicts through _views, never the verdict types
    (nor each other): no circle with _verdict, which calls them."""
    assert set() == imported(renderer) & {"_verdict", "_text", "_json"}


def test_no_module_of_verdicts_is_long() -> None:
    """Each module of thdx.verdicts holds one concept, in under 500 lines."""
    lengths = {
        p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in VERDICTS.glob("*.py")
    }
    assert {} == {name: n for name, n in lengths.items() if n > 500}
