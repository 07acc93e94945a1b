"""Decision 749/QĐ-TTg as a shipped rulebook: every encoded target's clause, threshold
and deadline pinned against the passages of the decision that public pages quote (copied
here, not read from the data file), and verdicts worked out by hand."""

from __future__ import annotations

from importlib import resources

import pytest

import thdx
from thdx import Measurement, MeasurementSet, Status

#: The passages of the decision's list of 2025 goals, as quoted by the pages the data
#: file cites (the decision's words only, the pages' own prose left out).
PASSAGES = {
    # http://thinhvuongvietnam.com/Content/chuong-trinh-chuyen-doi-so-quoc-gia-den-nam-2025-dinh-huong-den-nam-2030-323516
    "TV": (
        "- 80% dịch vụ công trực tuyến mức độ 4, được cung cấp trên nhiều phương tiện truy "
        "cập khác nhau, bao gồm cả thiết bị di động;\n"
        "- 90% hồ sơ công việc tại cấp bộ, tỉnh; 80% hồ sơ công việc tại cấp huyện và 60% "
        "hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng (trừ hồ sơ công việc "
        "thuộc phạm vi bí mật nhà nước);"
    ),
    # https://thukyluat.vn/news/thong-bao-van-ban-moi/muc-tieu-den-2025-vn-thuoc-nhom-50-nuoc-dan-dau-ve-cong-nghe-thong-tin-75497.html
    "TKL": (
        "• 80% dịch vụ công trực tuyến mức độ 4, được cung cấp trên nhiều phương tiện truy "
        "cập khác nhau, bao gồm cả thiết bị di động;\n"
        "• Kinh tế số chiếm 20% GDP;\n"
        "• Hạ tầng băng rộng cáp quang phủ trên 80% hộ gia đình, 100% xã;"
    ),
    # https://vovworld.vn./vi-VN/kinh-te/phe-duyet-chuong-trinh-chuyen-doi-so-quoc-gia-den-nam-2025-dinh-huong-den-nam-2030-867595.vov
    "VOV": (
        "kinh tế số chiếm 20% GDP; tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt tối "
        "thiểu 10%; năng suất lao động hàng năm tăng tối thiểu 7%"
    ),
}

#: Each target: the passage quoting it, the figure as the passage writes it, and what
#: the figure means (comparator, threshold, deadline, indicator, stated for).
EXPECTED = {
    "2025.gov.level4_online_services": (
        "TV", "80%", ">=", 80.0, "2025", "level4_online_services_share", "nation",
    ),
    "2025.gov.online_work_dossiers": (
        "TV", "90%", ">=", 90.0, "2025", "online_work_dossier_share", "province",
    ),
    "2025.econ.digital_economy_share": (
        "TKL", "20%", ">=", 20.0, "2025", "digital_economy_share", "nation",
    ),
    "2025.econ.productivity_growth": (
        "VOV", "tối thiểu 7%", ">=", 7.0, "2025", "labour_productivity", "nation",
    ),
    "2025.soc.fibre_households": (
        "TKL", "trên 80%", ">", 80.0, "2025", "fibre_household_share", "nation",
    ),
    "2025.soc.fibre_communes": (
        "TKL", "100% xã", ">=", 100.0, "2025", "fibre_commune_share", "nation",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def rb() -> thdx.Rulebook:
    """The shipped programme, read for Thanh Hóa."""
    return thdx.programme_749()


def test_the_encoded_targets_are_exactly_these(rb: thdx.Rulebook) -> None:
    """Six goals for 2025 are encoded, none for 2030 (their wording is not established)."""
    assert list(EXPECTED) == [t.id for t in rb.targets]


@pytest.mark.parametrize("tid", list(EXPECTED))
def test_clause_is_quoted_from_its_cited_passage(rb: thdx.Rulebook, tid: str) -> None:
    """The clause is an exact substring of the passage it cites, and holds the figure."""
    passage, figure, *_ = EXPECTED[tid]
    t = rb.target(tid)
    assert t.clause in PASSAGES[passage]
    assert figure in t.clause
    assert t.clause_verbatim


@pytest.mark.parametrize("tid", list(EXPECTED))
def test_threshold_deadline_and_indicator(rb: thdx.Rulebook, tid: str) -> None:
    """Comparator, threshold, deadline, indicator and stated-for level, as the text says."""
    _, _, comparator, threshold, deadline, indicator, stated = EXPECTED[tid]
    t = rb.target(tid)
    assert t.comparator is not None
    assert (comparator, threshold, deadline, indicator, stated, "percent") == (
        t.comparator.value,
        t.threshold_magnitude,
        str(t.deadline),
        t.indicator,
        t.stated_for,
        t.threshold_unit,
    )


def test_productivity_growth_is_read_over_2021_2025(rb: thdx.Rulebook) -> None:
    """'hàng năm tăng tối thiểu 7%' is the compound average over 2021–2025."""
    t = rb.target("2025.econ.productivity_growth")
    assert ("growth", "2021/2025") == (t.measure, str(t.window))


def test_metadata(rb: thdx.Rulebook) -> None:
    """Number, issuer, date, stated for the nation, measured for Thanh Hóa."""
    assert ("749/QĐ-TTg", "Thủ tướng Chính phủ", "2020-06-03", "nation", "38") == (
        rb.number,
        rb.issuer,
        str(rb.issued),
        rb.stated_for,
        rb.jurisdiction,
    )


def test_benchmarks_are_the_goals_stated_for_the_nation(rb: thdx.Rulebook) -> None:
    """Every goal but the one stated for each province is a benchmark for the province."""
    assert ["2025.gov.online_work_dossiers"] == [t.id for t in rb.targets if not t.benchmark]


def test_reuses_resolution_06_indicators_and_declares_four(rb: thdx.Rulebook) -> None:
    """The digital economy and productivity indicators are Resolution 06's own objects."""
    r06 = thdx.resolution_06().catalogue
    assert r06["digital_economy_share"] == rb.catalogue["digital_economy_share"]
    assert r06["labour_productivity"] == rb.catalogue["labour_productivity"]
    assert (
        "level4_online_services_share",
        "online_work_dossier_share",
        "fibre_household_share",
        "fibre_commune_share",
    ) == rb.own_indicators


def test_loaded_by_the_public_loader(rb: thdx.Rulebook) -> None:
    """programme_749() is what a user gets from loads_rulebook on the shipped file."""
    text = resources.files("thdx").joinpath("data", "programme_749.toml").read_bytes()
    mine = thdx.loads_rulebook(
        text,
        source="thdx/data/programme_749.toml",
        base=thdx.resolution_06().catalogue,
        jurisdiction="38",
    )
    assert mine == rb


def test_read_for_another_province() -> None:
    """The same programme, read for another unit: only the jurisdiction changes."""
    other = thdx.programme_749("40")
    assert ("40", [t.id for t in thdx.programme_749().targets]) == (
        other.jurisdiction,
        [t.id for t in other.targets],
    )


def test_a_bad_jurisdiction_is_refused() -> None:
    """A jurisdiction that is not a unit code is a RulebookError naming it."""
    with pytest.raises(thdx.RulebookError) as info:
        thdx.programme_749("thanh hoa")
    assert "jurisdiction=: " in str(info.value)
    assert "'thanh hoa'" in str(info.value)


def test_dump_round_trip(rb: thdx.Rulebook) -> None:
    """The dumped programme loads back equal, without a jurisdiction argument."""
    text = thdx.dump_rulebook(rb)
    assert 'stated_for = "nation"' in text
    assert thdx.loads_rulebook(text, base=thdx.resolution_06().catalogue) == rb


# -- verdicts worked out by hand ----------------------------------------------------------


def _data(*rows: tuple[str, str, object]) -> MeasurementSet:
    return MeasurementSet(
        [Measurement(unit="38", indicator=i, period=p, value=v) for i, p, v in rows]
    )


def _status(data: MeasurementSet, tid: str) -> Status:
    report = thdx.evaluate(thdx.programme_749(), data, as_of="2025-12-31")
    return report.verdict(tid).status


@pytest.mark.parametrize(
    ("value", "expected"),
    [("20 %", Status.MET), ("19.9 %", Status.NOT_MET), ("20.1 %", Status.MET)],
)
def test_digital_economy_at_the_threshold(value: str, expected: Status) -> None:
    """'chiếm 20% GDP' read as at least 20 %: exactly 20 % meets it."""
    data = _data(("digital_economy_share", "2025", value))
    assert expected == _status(data, "2025.econ.digital_economy_share")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("80 %", Status.NOT_MET), ("80.1 %", Status.MET), ("79 %", Status.NOT_MET)],
)
def test_fibre_households_above_80(value: str, expected: Status) -> None:
    """'trên 80%' is above 80 %: exactly 80 % does not meet it."""
    data = _data(("fibre_household_share", "2025", value))
    assert expected == _status(data, "2025.soc.fibre_households")


def test_productivity_growth_exactly_7_percent_meets_749_not_06() -> None:
    """Levels 100 (2020) and 140.25517307 (2025): (1.4025517307)^(1/5) - 1 = 7.000 %
    (1.07^5 = 1.4025517307), which meets the programme's 7 % and misses 06's 9.6 %."""
    data = _data(
        ("labour_productivity", "2020", 100.0),
        ("labour_productivity", "2025", 140.25517307),
    )
    assert Status.MET == _status(data, "2025.econ.productivity_growth")
    r06 = thdx.evaluate(thdx.resolution_06(), data, as_of="2025-12-31")
    assert Status.NOT_MET == r06.verdict("2025.econ.productivity_growth").status


def test_no_data_is_unknown_never_not_met() -> None:
    """Without data every goal of the programme is UNKNOWN."""
    report = thdx.evaluate(thdx.programme_749(), MeasurementSet([]), as_of="2025-12-31")
    assert {Status.UNKNOWN} == {v.status for v in report}


def test_a_jurisdiction_that_is_not_a_str_is_refused() -> None:
    """A list or a number is an ArgumentTypeError (also a TypeError), not a cache error."""
    for bad in (["38"], 38):
        with pytest.raises(thdx.ArgumentTypeError) as info:
            thdx.programme_749(bad)  # type: ignore[arg-type]
        assert f"programme_749: jurisdiction must be a unit code (a str), got {bad!r}" == str(
            info.value
        )


def test_loaded_once_per_jurisdiction() -> None:
    """The same jurisdiction gives the same object (loaded once)."""
    assert thdx.programme_749() is thdx.programme_749("38")


def test_a_benchmark_says_so_in_its_explanation() -> None:
    """A goal stated for the nation, judged for Thanh Hóa, says it is a benchmark in
    both languages; the goal stated for each province does not."""
    report = thdx.evaluate(thdx.programme_749(), thdx.MeasurementSet([]), as_of="2025-12-31")
    national = report.verdict("2025.econ.digital_economy_share")
    assert "  stated for: the nation (a benchmark" in national.explain()
    assert "  mục tiêu của: cả nước (để đối chiếu" in national.explain(lang="vi")
    own = report.verdict("2025.gov.online_work_dossiers").explain()
    assert "stated for" not in own
