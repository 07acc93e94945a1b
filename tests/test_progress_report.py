"""Progress from a report: ``Report.progress`` and ``Report.progress_table``."""

from __future__ import annotations

import math

import pytest

import thdx
from thdx.progress import ProgressStatus


def share_report(as_of: str = "2024-06-30", **kwargs: object) -> thdx.Report:
    """The issue's example: a digital-economy share of 5.0 % in 2020, 8.28 % in 2023."""
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(unit="38", indicator="digital_economy_share", value=v, period=y)
            for y, v in (("2020", "5 %"), ("2023", "8.28 %"))
        ]
    )
    return thdx.evaluate(thdx.resolution_06(), data, as_of=as_of, **kwargs)  # type: ignore[arg-type]


def test_progress_beside_a_standing_verdict() -> None:
    """(8.28/5)^(1/3) − 1 = 18.31 % observed, 6^(1/10) − 1 = 19.62 % required, R = 0.933:
    MODERATE. The verdict stays what it was: NOT_MET on 2023 data, not final."""
    report = share_report()
    v = report.verdict("2030.econ.digital_economy_share")
    p = report.progress("2030.econ.digital_economy_share")
    observed = (8.28 / 5) ** (1 / 3) - 1
    required = 6 ** (1 / 10) - 1
    assert (thdx.Status.NOT_MET, False) == (v.status, v.final)
    assert ProgressStatus.MODERATE is p.status
    assert p.ratio is not None
    assert math.isclose(p.ratio, observed / required, rel_tol=1e-9)
    assert 0.933 == round(p.ratio, 3)


def test_progress_table_holds_the_open_goals_only() -> None:
    """A goal judged finally is not in the table; an open 2030 goal is."""
    report = share_report(as_of="2031-06-30")
    table = report.progress_table()
    assert "2030.econ.digital_economy_share" in table
    open_ = {v.target.id for v in report.verdicts("38") if not v.final}
    assert set(table) == open_


def test_progress_of_an_unknown_target_names_it() -> None:
    """A typo'd target id is refused with an UnknownTargetError naming it."""
    with pytest.raises(thdx.UnknownTargetError, match=r"2030\.econ\.digital_economy_shar"):
        share_report().progress("2030.econ.digital_economy_shar")


def test_demo_shows_progress_beside_the_open_goals(capsys: pytest.CaptureFixture[str]) -> None:
    """``thdx demo``: the digital-government rank, 12 (2021), 16 (2022), 9 (2023) of 63,
    toward "top 5 by 2030". By hand: the least-squares slope is −3/2 = −1.5 ranks a year;
    the pace required from the base, (5 − 12) / (2030 − 2021) = −7/9 a year; R = 1.5 / (7/9)
    = 1.93, SUBSTANTIAL. The fitted line is at 10.83 in 2023 and reaches 5 after
    5.83 / 1.5 = 3.9 years: in 2027."""
    from thdx.cli import main

    assert 0 == main(["demo"])
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("2030.overall.digital_gov_rank"))
    block = []
    for line in lines[at + 1 :]:
        if not line.startswith(" "):
            break
        block.append(line.strip())
    assert "· progress: substantial progress (on track); R = 1.93; reached in 2027" in block


def test_verdict_progress_is_the_reports() -> None:
    """A verdict still open carries the report's progress; a final one has none."""
    report = share_report()
    v = report.verdict("2030.econ.digital_economy_share")
    assert v.progress == report.progress("2030.econ.digital_economy_share")
    later = share_report(as_of="2031-06-30")  # still no 2030 data: a standing
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(
                unit="38", indicator="digital_economy_share", value="31 %", period="2030"
            )
        ]
    )
    done = thdx.evaluate(thdx.resolution_06(), data, as_of="2031-06-30")
    v30 = done.verdict("2030.econ.digital_economy_share")
    assert (thdx.Status.MET, True, None) == (v30.status, v30.final, v30.progress)
    assert later.verdict("2030.econ.digital_economy_share").progress is not None


def test_explanation_shows_progress_in_both_languages() -> None:
    """The explanation of a goal still open ends with its progress, before the clause:
    R = 0.933 (MODERATE), and 26.86 % projected for 2030, so 30 % is reached in 2031."""
    v = share_report().verdict("2030.econ.digital_economy_share")
    en, vi = v.explain("en").splitlines(), v.explain("vi").splitlines()
    assert (
        "  progress: moderate progress (acceleration needed); R = 0.93; reached in 2031" == en[-2]
    )
    assert vi[-2].startswith("  tiến độ: ")
    assert vi[-2].endswith("R = 0.93; đạt vào năm 2031")


def test_a_target_that_does_not_apply_has_no_progress() -> None:
    """No district-level units exist after 1 Jul 2025: the 2030 district goal is
    NOT_APPLICABLE, and a progress toward it would mean nothing."""
    report = thdx.evaluate(
        thdx.resolution_06(), thdx.example_data(), units=thdx.thanh_hoa_units(), as_of="2026-06-30"
    )
    v = report.verdict("2030.soc.districts_completed")
    assert (thdx.Status.NOT_APPLICABLE, None) == (v.status, v.progress)


def test_json_carries_the_progress_of_goals_still_open() -> None:
    """``Verdict.to_dict()`` (and so the report's JSON) has ``progress`` for a goal still
    open, with the ratio computed above, and none for a final verdict."""
    import json

    report = share_report()
    d = json.loads(report.to_json())
    by_id = {v["target"]: v for v in d["verdicts"]}
    p = by_id["2030.econ.digital_economy_share"]["progress"]
    assert ("moderate", 0.933) == (p["status"], round(p["ratio"], 3))
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(
                unit="38", indicator="digital_economy_share", value="31 %", period="2030"
            )
        ]
    )
    done = thdx.evaluate(thdx.resolution_06(), data, as_of="2031-06-30")
    assert "progress" not in done.verdict("2030.econ.digital_economy_share").to_dict()


def test_the_base_year_is_rulebook_data() -> None:
    """Resolution 06 states its base year, 2020, in its file; a rulebook without one
    measures from the default, 2020; a report measures from the rulebook's year."""
    rb = thdx.resolution_06()
    assert 2020 == rb.base_year
    text = thdx.dump_rulebook(rb)
    later = thdx.loads_rulebook(text.replace("base_year = 2020", "base_year = 2021"))
    assert (rb, 2021) == (thdx.loads_rulebook(text), later.base_year)
    data = thdx.MeasurementSet(
        [
            thdx.Measurement(unit="38", indicator="digital_economy_share", value=v, period=y)
            for y, v in (("2020", "5 %"), ("2021", "6 %"), ("2023", "8.28 %"))
        ]
    )
    p2020 = thdx.evaluate(rb, data, as_of="2024-06-30").progress("2030.econ.digital_economy_share")
    p2021 = thdx.evaluate(later, data, as_of="2024-06-30").progress(
        "2030.econ.digital_economy_share"
    )
    # From 2021: (8.28/6)^(1/2) − 1 = 17.47 % observed, (30/6)^(1/9) − 1 = 19.58 % required.
    assert p2020.base is not None
    assert p2021.base is not None
    assert ("2020", "2021") == (str(p2020.base.period), str(p2021.base.period))
    assert p2021.ratio is not None
    assert math.isclose(p2021.ratio, ((8.28 / 6) ** 0.5 - 1) / (5 ** (1 / 9) - 1), rel_tol=1e-9)


@pytest.mark.parametrize("bad", ["2020", 2020.0, True, 1800, 2200])
def test_a_bad_base_year_is_refused_with_its_path(bad: object) -> None:
    """``base_year`` must be a whole year from 1900 to 2100, named by its path."""
    text = thdx.dump_rulebook(thdx.resolution_06()).replace(
        "base_year = 2020", f"base_year = {bad!r}".replace("'", '"').replace("True", "true")
    )
    with pytest.raises(thdx.RulebookError, match=r"rulebook\.base_year: expected a year from 1900"):
        thdx.loads_rulebook(text)


def test_evaluate_takes_a_plan_and_refuses_anything_else() -> None:
    """``evaluate(plan=)`` keeps the plan on the report (unit goals' progress is measured
    against its quotas); a plan that is not a Rulebook is refused, naming its type."""
    rb, data = thdx.resolution_06(), thdx.example_data()
    report = thdx.evaluate(rb, data, as_of="2025-12-31", plan=thdx.plan_qd969())
    assert report.plan == thdx.plan_qd969()
    with pytest.raises(TypeError, match=r"plan must be a thdx\.Rulebook .*, got str"):
        thdx.evaluate(rb, data, as_of="2025-12-31", plan="qd969")  # type: ignore[arg-type]
