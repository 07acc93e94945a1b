"""Tests of the renderings of thdx.verdicts: verdicts as text (English and Vietnamese,
``_text``), notes, and the JSON-ready forms (``_json``: verdict_dict, record)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Literal

import attrs
import pytest
from helpers import rulebook_of

import thdx
from thdx import Level, Measurement, MeasurementSet, Recognition, ReportedCount, Verdict
from thdx.model import Period
from thdx.progress import Progress
from thdx.verdicts import (
    GrowthMethod,
    MethodStep,
    Note,
    NoteCode,
    explain,
    method_text,
    record,
    verdict_dict,
)
from thdx.verdicts._notes import TEMPLATES, NoteArg

RANK_CLAUSE = (
    "Phấn đấu đến năm 2025, tỉnh Thanh Hóa trong nhóm 10 tỉnh, thành phố dẫn đầu cả nước về "
    "chuyển đổi số; đến năm 2030 tiếp tục trong nhóm 10 tỉnh, thành phố dẫn đầu cả nước về "
    "chuyển đổi số và trong nhóm 5 tỉnh, thành phố dẫn đầu về chính quyền số."
)
COMMUNE_CLAUSE = (
    "Có 06 huyện, thị xã, thành phố trở lên và 300 xã, phường, thị trấn trở lên hoàn thành "
    "chuyển đổi số, theo Bộ tiêu chí đánh giá chuyển đổi số tỉnh Thanh Hóa."
)
PLAN_CLAUSE = (
    "Quyết định số 969/QĐ-UBND ngày 18/3/2022 của UBND tỉnh Thanh Hóa giao 12 đơn vị cấp "
    "huyện hoàn thành chuyển đổi số đến năm 2025: thành phố Thanh Hóa, thành phố Sầm Sơn, thị "
    "xã Bỉm Sơn, thị xã Nghi Sơn và các huyện Hoằng Hóa, Quảng Xương, Vĩnh Lộc, Ngọc Lặc, Quan "
    "Hóa, Cẩm Thủy, Yên Định, Thường Xuân."
)


def rank_verdict() -> Verdict:
    """Top-10 DX rank by 2025, judged on the example data as of 27 Nov 2026."""
    report = thdx.evaluate(
        thdx.resolution_06(), thdx.example_data(), units=thdx.thanh_hoa_units(), as_of="2026-11-27"
    )
    return report.verdict("2025.overall.dx_rank_top10")


def growth_verdict() -> Verdict:
    """Productivity growth 2021–2025 from levels growing 10 % a year."""
    data = MeasurementSet(
        [
            Measurement("38", "labour_productivity", 100 * 1.1**i, str(2020 + i), "GSO")
            for i in range(6)
        ]
    )
    report = thdx.evaluate(thdx.resolution_06(), data, as_of="2025-12-31")
    return report.verdict("2025.econ.productivity_growth")


def plan_verdict() -> Verdict:
    """Thanh Hóa city (380) recognised in Dec 2024, plan QĐ 969, as of 30 Jun 2025: the
    district's last day (the level ends on 1 Jul 2025), so the verdict is final."""
    data = MeasurementSet([Recognition("380", "2024-12-20", "QĐ 99/QĐ-UBND", "Công báo")])
    report = thdx.evaluate(
        thdx.plan_qd969(), data, units=thdx.thanh_hoa_units(), as_of="2025-06-30"
    )
    return report.verdict("qd969.2025.district.380", unit="380")


def count_verdict() -> Verdict:
    """300 communes recognised and a published count of 310, as of 30 Jun 2025."""
    units = thdx.thanh_hoa_units()
    # Communes that existed in 2024 (not those formed on 1 Jan 2025).
    old = units.units_of(Level.COMMUNE, "2025-06-30")
    communes = [u.code for u in old if u.valid_from is None]
    recs = [Recognition(c, "2024-12-01", f"QĐ {i}") for i, c in enumerate(communes[:300])]
    rc = ReportedCount("38", "commune", "2025-H1", 310, 549, "report")
    data = MeasurementSet([*recs, rc])
    report = thdx.evaluate(thdx.resolution_06(), data, units=units, as_of="2025-06-30")
    return report.verdict("2025.soc.communes_completed")


def criteria_verdict() -> Verdict:
    """Communes judged by the incomplete QĐ 1829 criteria; commune 16000 meets all three."""
    rb = thdx.resolution_06().with_completion(thdx.criteria_qd1829())
    data = MeasurementSet(
        [
            Measurement("16000", "cashless_electricity_household_share", 70, "2024", "EVN"),
            Measurement("16000", "adults_digital_signature_share", 40, "2024"),
            Measurement("16000", "ehr_updated_share", 96, "2024"),
        ],
        catalogue=rb.catalogue,
    )
    report = thdx.evaluate(rb, data, units=thdx.thanh_hoa_units(), as_of="2025-06-30")
    return report.verdict("2025.soc.communes_completed")


# -- explain: text ----------------------------------------------------------------------


def test_explain_rank_in_english() -> None:
    """A standing rank verdict: status, goal, requirement, value, data with cohort, note, clause."""
    assert (
        "2025.overall.dx_rank_top10 — unit 38: MET (not final)\n"
        "  goal: Among the 10 leading provinces/cities in digital transformation\n"
        "  required: dx_index_rank at most 10 by 2025\n"
        "  value: 5 [2024]\n"
        "  data: dx_index_rank = 5/34 [2024], source: DTI 2024 (Bộ KH&CN, QĐ 405/QĐ-BKHCN)\n"
        "  note: not final: judged on data for 2024, not for the deadline period 2025\n"
        # Rank 5 is already at most 10: before the deadline, the target is achieved.
        "  progress: target achieved\n"
        f"  clause: «{RANK_CLAUSE}»" == explain(rank_verdict(), "en")
    )


def test_explain_rank_in_vietnamese() -> None:
    """The same verdict in Vietnamese (no English goal label)."""
    assert (
        "2025.overall.dx_rank_top10 — đơn vị 38: ĐẠT (chưa phải kết quả cuối cùng)\n"
        "  yêu cầu: Thứ hạng chuyển đổi số của tỉnh trong cả nước không quá 10, hạn 2025\n"
        "  giá trị: 5 [2024]\n"
        "  số liệu: dx_index_rank = 5/34 [2024], nguồn: DTI 2024 (Bộ KH&CN, QĐ 405/QĐ-BKHCN)\n"
        "  lưu ý: chưa phải kết quả cuối cùng: đánh giá theo số liệu 2024, không phải kỳ 2025\n"
        "  tiến độ: đã đạt chỉ tiêu\n"
        f"  trích: «{RANK_CLAUSE}»" == explain(rank_verdict(), "vi")
    )


def test_verdict_explain_method_is_explain() -> None:
    """Verdict.explain is thdx.verdicts.explain, English by default."""
    v = rank_verdict()
    assert (explain(v, "en"), explain(v, "vi")) == (v.explain(), v.explain(lang="vi"))


def test_explain_growth() -> None:
    """A final growth verdict names the window, the method and the two levels used."""
    assert (
        "2025.econ.productivity_growth — unit 38: MET (final)\n"
        "  goal: Average annual growth of labour productivity over 2021–2025\n"
        "  required: average annual growth of labour_productivity over 2021/2025 at least 9.6 % "
        "by 2025\n"
        "  value: 10 % (compound from levels 2020 and 2025) [2021/2025]\n"
        "  data: labour_productivity = 100 million VND/worker [2020], source: GSO\n"
        "  data: labour_productivity = 161.051 million VND/worker [2025], source: GSO\n"
        "  clause: «Giai đoạn 2021 - 2025 năng suất lao động tăng bình quân hàng năm 9,6% trở "
        "lên.»" == explain(growth_verdict(), "en")
    )


def test_explain_growth_in_vietnamese() -> None:
    """The Vietnamese requirement of a growth target."""
    lines = explain(growth_verdict(), "vi").splitlines()
    assert (
        "2025.econ.productivity_growth — đơn vị 38: ĐẠT (kết quả cuối cùng)",
        "  yêu cầu: Năng suất lao động: tăng bình quân hàng năm giai đoạn 2021/2025 "
        "từ 9.6 % trở lên, hạn 2025",
    ) == (lines[0], lines[1])


def test_explain_recognition_route() -> None:
    """A completion target: the route and the recognition that decided it."""
    assert (
        "qd969.2025.district.380 — unit 380: MET (final)\n"
        "  goal: Thanh Hóa city (Thành phố Thanh Hóa, code 380) completes digital "
        "transformation by 2025\n"
        "  required: completed digital transformation by 2025\n"
        "  decided by: recognition\n"
        "  recognition: QĐ 99/QĐ-UBND (2024-12-20)\n"
        f"  clause: «{PLAN_CLAUSE}»" == explain(plan_verdict(), "en")
    )


def test_explain_recognition_route_in_vietnamese() -> None:
    """The route is translated too."""
    assert (
        "qd969.2025.district.380 — đơn vị 380: ĐẠT (kết quả cuối cùng)\n"
        "  yêu cầu: hoàn thành chuyển đổi số, hạn 2025\n"
        "  căn cứ: quyết định công nhận\n"
        "  công nhận: QĐ 99/QĐ-UBND (2024-12-20)\n"
        f"  trích: «{PLAN_CLAUSE}»" == explain(plan_verdict(), "vi")
    )


def test_explain_count_of_units() -> None:
    """A count of units shows the counts on the day and a disagreeing published count."""
    assert (
        "2025.soc.communes_completed — unit 38: MET (not final)\n"
        "  goal: Commune-level units (communes, wards, townships) that completed digital "
        "transformation under the provincial criteria\n"
        "  required: number of commune-level units that completed digital transformation at "
        "least 300 by 2025\n"
        "  value: 300\n"
        "  units on 2025-06-30: 300 completed, 0 not, 249 unknown, of 549\n"
        "  note: the published count 310 (for 2025-H1) disagrees with the 300 units known from "
        "unit-level data; unit-level data is used\n"
        # 300 communes known (and 310 published): the goal of 300 is already reached.
        "  progress: target achieved\n"
        f"  clause: «{COMMUNE_CLAUSE}»" == explain(count_verdict(), "en")
    )


def test_explain_count_of_units_in_vietnamese() -> None:
    """The counts line and the note in Vietnamese."""
    assert (
        "2025.soc.communes_completed — đơn vị 38: ĐẠT (chưa phải kết quả cuối cùng)\n"
        "  yêu cầu: số đơn vị cấp xã hoàn thành chuyển đổi số từ 300 trở lên, hạn 2025\n"
        "  giá trị: 300\n"
        "  đơn vị ngày 2025-06-30: 300 hoàn thành, 0 chưa, 249 chưa rõ, trên 549\n"
        "  lưu ý: số công bố 310 (2025-H1) khác với 300 đơn vị theo số liệu từng đơn vị; dùng số "
        "liệu từng đơn vị\n"
        "  tiến độ: đã đạt chỉ tiêu\n"
        f"  trích: «{COMMUNE_CLAUSE}»" == explain(count_verdict(), "vi")
    )


def test_explain_unknown_has_no_finality() -> None:
    """An UNKNOWN verdict says neither final nor not final."""
    assert (
        "2025.soc.communes_completed — unit 38: UNKNOWN"
        == (explain(criteria_verdict(), "en").splitlines()[0])
    )


def test_explain_share_of_units_in_both_languages() -> None:
    """A share of units is described as a share."""
    report = thdx.evaluate(
        thdx.resolution_06(), MeasurementSet(), units=thdx.thanh_hoa_units(), as_of="2026-01-01"
    )
    v = report.verdict("2030.soc.communes_completed")
    assert (
        "  required: share of commune-level units that completed digital transformation at "
        "least 80 % by 2030",
        "  yêu cầu: tỷ lệ đơn vị cấp xã hoàn thành chuyển đổi số từ 80 % trở lên, hạn 2030",
    ) == (explain(v, "en").splitlines()[2], explain(v, "vi").splitlines()[1])


@pytest.mark.parametrize("lang", ["fr", "EN", ""])
def test_explain_unknown_language(lang: str) -> None:
    """Only 'en' and 'vi' are known."""
    with pytest.raises(ValueError, match=r"^lang must be 'en' or 'vi', got ") as info:
        explain(rank_verdict(), lang)
    assert f"lang must be 'en' or 'vi', got {lang!r}" == str(info.value)


# -- notes ------------------------------------------------------------------------------

D = datetime.date
G = GrowthMethod("compound", (MethodStep("rates", 2021, 2025),))
W = Period.parse("2021/2025")

NOTE_ARGS: dict[NoteCode, tuple[NoteArg, ...]] = {
    NoteCode.STANDING: (Period.parse("2024"), Period.parse("2025")),
    NoteCode.NO_DATA: (D(2025, 12, 31),),
    NoteCode.GROWTH_MISSING: ("2020,2021",),
    NoteCode.GROWTH_PARTIAL: (Period.parse("2021/2024"), W),
    NoteCode.INCOMPLETE: ("qd1829.commune",),
    NoteCode.CARRIED: (),
    NoteCode.NO_UNITS: (Level.DISTRICT, D(2025, 12, 31)),
    NoteCode.UNREACHABLE: (300.0, 166, Level.COMMUNE),
    NoteCode.REPORTED_DISAGREES: (310, 300, Period.parse("2024")),
    NoteCode.REPORTED: (114, Period.parse("2023")),
    NoteCode.NO_HIERARCHY: (),
    NoteCode.REPORTED_OTHER_ERA: (114, Period.parse("2023"), "558", 166),
    NoteCode.REPORTED_TOTAL_DIFFERS: (558, 559),
    NoteCode.ERA_ENDED: (Level.COMMUNE, D(2025, 7, 1), D(2025, 6, 30)),
    NoteCode.ERA_CURRENT: (Level.COMMUNE, D(2025, 7, 1), D(2025, 12, 31)),
    NoteCode.PASS_RULE_UNKNOWN: ("qd1829.commune",),
    NoteCode.GROWTH_OTHER: (G, 9.7),
    NoteCode.GROWTH_OUT_OF_RANGE: (W,),
    NoteCode.BREAKDOWN_ABSENT: (Level.DISTRICT, D(2025, 12, 31)),
    NoteCode.UNUSED_AFTER_AS_OF: (2, D(2025, 12, 31)),
    NoteCode.UNUSED_OUTSIDE: (3, "38"),
    NoteCode.UNUSED_OTHER_ERA: (166, D(2025, 6, 30)),
    NoteCode.UNUSED_AFTER_DAY: (4, D(2025, 6, 30)),
    NoteCode.UNUSED_SUB_UNITS: (5,),
    NoteCode.UNITS_STANDING: (1,),
    NoteCode.AFTER_DAY: (D(2025, 6, 30),),
    NoteCode.REPORTED_IMPOSSIBLE: (600, Period.parse("2024"), 558),
    NoteCode.PARTS_DIFFER: ("20 %", "digital_economy_value", "grdp"),
    NoteCode.GROWTH_UNUSED: (1,),
    NoteCode.GROWTH_NOT_STARTED: (Period.parse("2026/2030"), D(2025, 12, 31)),
    NoteCode.AFTER_DEADLINE: (Period.parse("2025"),),
    NoteCode.CARRIED_UNITS: (3,),
    NoteCode.REPORTED_BOUND: (114, Period.parse("2023")),
    NoteCode.UNIT_ENDED: ("380", D(2025, 6, 30)),
    NoteCode.UNIT_GONE: ("380", D(2025, 12, 31)),
}


def test_every_note_has_both_languages() -> None:
    """English and Vietnamese know every note code."""
    assert ([], []) == (
        [c for c in NoteCode if c not in TEMPLATES["en"]],
        [c for c in NoteCode if c not in TEMPLATES["vi"]],
    )


@pytest.mark.parametrize("code", list(NoteCode))
def test_every_note_formats_in_both_languages(code: NoteCode) -> None:
    """Each note formats with its typed arguments, leaving no placeholder behind."""
    note = Note(code, NOTE_ARGS[code])
    texts = [note.text("en"), note.text("vi"), str(note)]
    assert ([], texts[0]) == ([t for t in texts if "{" in t or not t], texts[2])


def test_note_key_is_the_compact_form() -> None:
    """A note's key writes its code and arguments as ``code:arg:arg``."""
    note = Note(NoteCode.STANDING, (Period.parse("2024"), Period.parse("2025")))
    assert ("standing:2024:2025", "standing") == (note.key, note.code.value)


def test_note_without_arguments() -> None:
    """A note code alone has no arguments."""
    note = Note(NoteCode.CARRIED)
    assert ("carried", "recognition carried over from a predecessor unit") == (
        note.key,
        note.text()[:48],
    )


def test_note_json_is_code_typed_args_and_text() -> None:
    """A note's JSON: its code, its arguments as JSON values, its English text."""
    note = Note(NoteCode.GROWTH_OTHER, (G, 9.7))
    assert {
        "code": "growth_other",
        "args": [{"code": "rates", "steps": [{"kind": "rates", "first": 2021, "last": 2025}]}, 9.7],
        "text": "compound from the yearly rates 2021–2025 gives 9.7 % (not used)",
    } == note.to_dict()


@pytest.mark.parametrize(
    ("note", "en", "vi"),
    [
        (
            Note(NoteCode.NO_UNITS, (Level.DISTRICT, D(2025, 12, 31))),
            "not applicable: no district-level units exist on 2025-12-31",
            "không áp dụng: không còn đơn vị cấp huyện vào ngày 2025-12-31",
        ),
        (
            Note(NoteCode.UNREACHABLE, (300.0, 166, Level.COMMUNE)),
            "unreachable: the threshold 300 exceeds the 166 commune-level units that exist",
            "không thể đạt: chỉ tiêu 300 lớn hơn số 166 đơn vị cấp xã hiện có",
        ),
        (
            Note(NoteCode.NO_DATA, (D(2025, 12, 31),)),
            "no usable data up to 2025-12-31",
            "không có số liệu dùng được đến 2025-12-31",
        ),
    ],
)
def test_note_texts(note: Note, en: str, vi: str) -> None:
    """Level names are translated in Vietnamese notes."""
    assert (en, vi) == (note.text("en"), note.text("vi"))


def test_note_unknown_language() -> None:
    """A note in another language is refused."""
    with pytest.raises(ValueError, match=r"^lang must") as info:
        Note(NoteCode.CARRIED).text("de")
    assert "lang must be 'en' or 'vi', got 'de'" == str(info.value)


# -- JSON-ready forms -------------------------------------------------------------------


def test_record_is_flat() -> None:
    """record gives one flat, JSON-ready row without the trace."""
    assert {
        "target": "2025.overall.dx_rank_top10",
        "unit": "38",
        # rank_verdict() is evaluated without units=: the rulebook's default
        # hierarchy (Thanh Hóa's units) names the province.
        "unit_name": "Tỉnh Thanh Hóa",
        "level": "province",
        "role": "target",
        "counted_in": None,
        "status": "met",
        "final": False,
        "value": 5.0,
        "threshold": 10.0,
        "comparator": "<=",
        "unit_of_measure": "rank",
        "period": "2024",
        "deadline": "2025",
        "as_of": "2026-11-27",
        "route": None,
        "method": None,
        "method_code": None,
        # Ranks 15, 12, 15, 11, 5 (2020–2024): the least-squares slope is −21/10 = −2.1 a
        # year against (10 − 15) / (2025 − 2020) = −1 required: R = 2.1; rank 5 already
        # meets "at most 10", so the target is achieved.
        "progress_status": "achieved",
        "progress_ratio": pytest.approx(2.1),
    } == record(rank_verdict())


def test_record_of_growth_names_the_method_as_text_and_code() -> None:
    """A flat row keeps the method's English text and adds its code."""
    assert ("compound from levels 2020 and 2025", "levels") == (
        record(growth_verdict())["method"],
        record(growth_verdict())["method_code"],
    )


def test_method_text_is_the_method_in_a_language() -> None:
    """method_text reads a growth method in English or Vietnamese."""
    v = growth_verdict()
    assert v.method is not None
    assert ("compound from levels 2020 and 2025", "bình quân nhân, từ mức năm 2020 và 2025") == (
        method_text(v.method, "en"),
        method_text(v.method, "vi"),
    )


def test_verdict_dict_of_a_rank() -> None:
    """verdict_dict adds the measurements, notes (code, args, text) and clause."""
    d = verdict_dict(rank_verdict())
    assert (
        [
            {
                "unit": "38",
                "indicator": "dx_index_rank",
                "value": 5.0,
                "unit_of_measure": "rank",
                "period": "2024",
                "source": "DTI 2024 (Bộ KH&CN, QĐ 405/QĐ-BKHCN)",
                "cohort": 34,
            }
        ],
        [],
        [
            {
                "code": "standing",
                "args": ["2024", "2025"],
                "text": "not final: judged on data for 2024, not for the deadline period 2025",
            }
        ],
        RANK_CLAUSE,
        [],
        False,
    ) == (
        d["measurements"],
        d["recognitions"],
        d["notes"],
        d["clause"],
        d["children"],
        "counts" in d,
    )


def test_verdict_dict_is_json_serialisable() -> None:
    """Every verdict dict survives json.dumps and json.loads unchanged."""
    for v in (rank_verdict(), growth_verdict(), plan_verdict(), count_verdict()):
        d = v.to_dict()
        assert d == json.loads(json.dumps(d, ensure_ascii=False))


def test_verdict_dict_of_a_count() -> None:
    """A count of units carries its counts and the published count it compared with."""
    d = verdict_dict(count_verdict())
    assert (
        {
            "level": "commune",
            "passed": 300,
            "failed": 0,
            "unknown": 249,
            "total": 549,
            "on": "2025-06-30",
        },
        {"count": 310, "total": 549, "period": "2025-H1", "source": "report"},
        549,
        {
            "rule": "Completed",
            "unit": "14755",
            "status": "met",
            "value": None,
            "route": "recognition",
            "recognitions": [
                {"unit": "14755", "on": "2024-12-01", "decision": "QĐ 0", "source": ""}
            ],
        },
    ) == (d["counts"], d["reported_count"], len(d["children"]), d["children"][0])


def test_verdict_dict_of_a_recognition() -> None:
    """A completion decided by recognition lists it."""
    d = verdict_dict(plan_verdict())
    assert (
        "recognition",
        [{"unit": "380", "on": "2024-12-20", "decision": "QĐ 99/QĐ-UBND", "source": "Công báo"}],
    ) == (d["route"], d["recognitions"])


def test_verdict_dict_trace_of_criteria() -> None:
    """The trace goes down to each criterion compared, with the measurement used."""
    d = verdict_dict(criteria_verdict())
    (commune,) = [c for c in d["children"] if c["unit"] == "16000"]
    (all_of,) = commune["children"]
    first = all_of["children"][0]
    assert (
        "Completed",
        "none",
        [
            "relies on the incomplete criteria set 'qd1829.commune': passing its known part "
            "does not show completion",
            "the pass rule of criteria set 'qd1829.commune' is not public: its known criteria "
            "cannot decide completion",
        ],
        ("Undetermined", "unknown", 3),
        {
            "rule": "Compare",
            "unit": "16000",
            "status": "met",
            "value": 70.0,
            "indicator": "cashless_electricity_household_share",
            "comparator": ">=",
            "threshold": 60.0,
            "measurements": [
                {
                    "unit": "16000",
                    "indicator": "cashless_electricity_household_share",
                    "value": 70.0,
                    "unit_of_measure": "percent",
                    "period": "2024",
                    "source": "EVN",
                }
            ],
            # The criterion is judged on 2024 data for a 2025 goal: a standing.
            "notes": [
                {
                    "code": "standing",
                    "args": ["2024", "2025"],
                    "text": "not final: judged on data for 2024, not for the deadline period 2025",
                }
            ],
        },
    ) == (
        commune["rule"],
        commune["route"],
        [n["text"] for n in commune["notes"]],
        (all_of["rule"], all_of["status"], len(all_of["children"])),
        first,
    )


@pytest.mark.parametrize(("depth", "levels"), [(0, 0), (1, 1), (2, 2), (3, 3)])
def test_verdict_dict_depth_limits_the_trace(depth: int, levels: int) -> None:
    """depth bounds how many levels of children are included."""

    def height(d: dict[str, object]) -> int:
        children = d.get("children")
        if not isinstance(children, list) or not children:
            return 0
        return 1 + max(height(c) for c in children)

    assert levels == height(verdict_dict(criteria_verdict(), depth=depth))


def combination_verdict(rule: thdx.AllOf | thdx.AnyOf | thdx.AtLeast) -> Verdict:
    """A target combining two comparisons, judged on data meeting both."""
    target = thdx.Target(
        id="x.combination", rule=rule, deadline="2025", scope="province", clause="Hai điều kiện."
    )
    rb = rulebook_of(target)
    data = MeasurementSet(
        [
            Measurement("38", "satisfaction_share", 92, "2025"),
            Measurement("38", "eid_users_share", 60, "2025"),
        ]
    )
    return thdx.evaluate(rb, data, as_of="2025-12-31").verdict("x.combination")


SAT_90 = thdx.Compare("satisfaction_share", ">=", 90.0)
EID_50 = thdx.Compare("eid_users_share", ">=", 50.0)
SAT_VI = "Tỷ lệ người dân, doanh nghiệp hài lòng với giải quyết thủ tục hành chính"
EID_VI = (
    "Tỷ lệ người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến "
    "được định danh và xác thực điện tử"
)


@pytest.mark.parametrize(
    ("rule", "en", "vi"),
    [
        (
            thdx.AllOf([SAT_90, EID_50]),
            "all of (satisfaction_share at least 90; eid_users_share at least 50) by 2025",
            f"tất cả ({SAT_VI} từ 90 trở lên; {EID_VI} từ 50 trở lên), hạn 2025",
        ),
        (
            thdx.AnyOf([SAT_90, thdx.AtLeast(1, [EID_50])]),
            "any of (satisfaction_share at least 90; at least 1 of "
            "(eid_users_share at least 50)) by 2025",
            f"một trong ({SAT_VI} từ 90 trở lên; ít nhất 1 trong ({EID_VI} từ 50 trở lên)), "
            "hạn 2025",
        ),
    ],
)
def test_explain_combination_names_its_parts(
    rule: thdx.AllOf | thdx.AnyOf | thdx.AtLeast, en: str, vi: str
) -> None:
    """A combination of rules is described by its parts, not as a completion."""
    v = combination_verdict(rule)
    assert (f"  required: {en}", f"  yêu cầu: {vi}") == (
        explain(v, "en").splitlines()[1],
        explain(v, "vi").splitlines()[1],
    )


@pytest.mark.parametrize("code", list(NoteCode))
def test_english_and_vietnamese_notes_differ(code: NoteCode) -> None:
    """Each language has its own text: an English note is never the Vietnamese one."""
    assert TEMPLATES["en"][code] != TEMPLATES["vi"][code]
    assert "đ" not in TEMPLATES["en"][code].lower()


def test_a_growth_rate_error_names_the_value_as_given() -> None:
    """ "-150 %/year" is refused under its own spelling, "/year" included."""
    with pytest.raises(thdx.MeasurementError, match=r"'-150 %/year' is below -100 %"):
        Measurement("38", "labour_productivity_growth", "-150 %/year", "2021")


# -- the renderings read only the public face of a verdict --------------------------------------


@attrs.frozen
class Step:
    """A step of a trace as plain data (the shape the renderings read)."""

    rule: thdx.rules.Rule
    unit: str
    status: thdx.Status
    value: float | None
    route: thdx.Route | None
    measurements: tuple[Measurement, ...]
    recognitions: tuple[Recognition, ...]
    notes: tuple[Note, ...]
    children: tuple[Step, ...]
    catalogue: thdx.Catalogue


@attrs.frozen
class Snapshot:
    """A verdict as plain data, copied from its public attributes."""

    target: thdx.Target
    unit: str
    unit_name: str | None
    level: Level | None
    role: Literal["target", "breakdown", "counted"]
    counted_in: str | None
    status: thdx.Status
    final: bool
    value: float | None
    period: Period | None
    as_of: datetime.date
    threshold: float | None
    unit_of_measure: str
    method: GrowthMethod | None
    counts: thdx.Counts | None
    reported_count: ReportedCount | None
    progress: Progress | None
    route: thdx.Route | None
    measurements: tuple[Measurement, ...]
    recognitions: tuple[Recognition, ...]
    notes: tuple[Note, ...]
    children: tuple[Step, ...]
    catalogue: thdx.Catalogue


def step(s: thdx.SubVerdict) -> Step:
    """The step and its own steps, as plain data."""
    fields = {f.name: getattr(s, f.name) for f in attrs.fields(Step)}
    return Step(**{**fields, "children": tuple(step(c) for c in s.children)})


def snapshot(v: Verdict) -> Snapshot:
    """The verdict and its trace, as plain data."""
    fields = {f.name: getattr(v, f.name) for f in attrs.fields(Snapshot)}
    return Snapshot(**{**fields, "children": tuple(step(c) for c in v.children)})


@pytest.mark.parametrize(
    "make", [rank_verdict, growth_verdict, plan_verdict, count_verdict, criteria_verdict]
)
def test_renderings_read_only_the_public_face(make: Callable[[], Verdict]) -> None:
    """Text and JSON of a plain copy of a verdict's public attributes are the verdict's."""
    v = make()
    copy = snapshot(v)
    assert (v.explain("en"), v.explain("vi"), v.to_dict(), record(v)) == (
        explain(copy, "en"),
        explain(copy, "vi"),
        verdict_dict(copy),
        record(copy),
    )
