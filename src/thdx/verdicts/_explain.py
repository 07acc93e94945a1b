"""Explanations of verdicts: as text in English or Vietnamese, and as JSON-ready data."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from thdx.model._errors import LanguageError
from thdx.model._quantities import _format_number, format_quantity
from thdx.rules._vocabulary import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    Growth,
    Rule,
    Score,
    ShareUnits,
    Undetermined,
)

if TYPE_CHECKING:
    from thdx.verdicts._verdict import Status, SubVerdict, Verdict

__all__ = ["Note", "explain", "method_text", "record", "verdict_dict"]

_STATUS = {
    "en": {
        "met": "MET",
        "not_met": "NOT MET",
        "unknown": "UNKNOWN",
        "not_applicable": "NOT APPLICABLE",
    },
    "vi": {
        "met": "ĐẠT",
        "not_met": "KHÔNG ĐẠT",
        "unknown": "CHƯA RÕ",
        "not_applicable": "KHÔNG ÁP DỤNG",
    },
}

_NOTES = {
    "en": {
        "standing": "not final: judged on data for {0}, not for the deadline period {1}",
        "no_data": "no usable data up to {0}",
        "growth_missing": "growth needs every year of the window; missing: {0}",
        "growth_partial": "not final: growth over {0} only, the window is {1}",
        "incomplete": "relies on the incomplete criteria set {0!r}: passing its known part "
        "does not show completion",
        "carried": "recognition carried over from a predecessor unit (option carry_over)",
        "no_units": "not applicable: no {0}-level units exist on {1}",
        "unreachable": "unreachable: the threshold {0} exceeds the {1} {2}-level units that exist",
        "reported_disagrees": "the published count {0} (for {2}) disagrees with the {1} units "
        "known from unit-level data; unit-level data is used",
        "reported": "decided on the count {0} published for the whole level (for {1}), not "
        "on unit-level data",
        "no_hierarchy": "no administrative units were given (units=)",
        "reported_other_era": "the published count {0}{2} (for {1}) is about other units than "
        "the {3} counted here (another era) and is not used",
        "reported_impossible": "the published count {0} (for {1}) exceeds the {2} units "
        "counted here: it is not used",
        "reported_total_differs": "the published count is of {0} units; {1} exist on the "
        "day judged",
        "era_ended": "the {0}-level units of the era this goal was set in ceased on {1} "
        "(administrative reform): judged over the units that existed on its last day, {2}",
        "era_current": "the {0}-level units of the era this goal was set in ceased on {1}; "
        "counted, as asked (count_era='current'), over the units of {2}",
        "pass_rule_unknown": "the pass rule of criteria set {0!r} is not public: its known "
        "criteria cannot decide completion",
        "growth_other": "{0} gives {1} % (not used)",
        "parts_differ": "its parts for the same period ({1} / {2}) give {0}; the value "
        "measured directly is used",
        "growth_unused": "not used: {0} value(s) of later years of the window that no "
        "method can chain to the years before (after a gap)",
        "growth_not_started": "no year of the window {0} has ended by {1}",
        "growth_out_of_range": "growth over {0} cannot be computed from these values "
        "(a base level of zero or below, or a value out of range)",
        "breakdown_absent": "no {0}-level units exist on {1}: the breakdown by {0} is empty",
        "unused_after_as_of": "not used: {0} data item(s) for periods or days after {1}",
        "unused_outside": "not used: {0} data item(s) about units outside {1}",
        "unused_other_era": "not counted: {0} data item(s) about units that do not exist on "
        "{1} (another era)",
        "unused_after_day": "not counted: {0} data item(s) dated, or for periods beginning, "
        "after {1}, the day judged",
        "reported_bound": "at least {0} units completed by {1} (a count published for the "
        "whole level): the others are unknown, so the count does not decide",
        "units_standing": "not final: {0} unit(s) judged on data older than the deadline period",
        "unused_sub_units": "not used by this goal: {0} data item(s) about units under the "
        "one judged (evaluate with breakdown= to judge them)",
        "unit_gone": "not applicable: unit {0} does not exist on {1}",
        "after_deadline": "data for periods after the deadline period {0} is not used",
        "after_day": "data for periods ending after {0}, the day judged, is not used",
        "carried_units": "{0} units counted through recognitions carried over from their "
        "predecessors (option carry_over)",
        "unit_ended": "unit {0} no longer exists: judged on its last day, {1}",
    },
    "vi": {
        "standing": "chưa phải kết quả cuối cùng: đánh giá theo số liệu {0}, không phải kỳ {1}",
        "no_data": "không có số liệu dùng được đến {0}",
        "growth_missing": "tăng trưởng cần số liệu mọi năm của giai đoạn; thiếu: {0}",
        "growth_partial": "chưa phải kết quả cuối cùng: tăng trưởng giai đoạn {0}, giai đoạn "
        "mục tiêu là {1}",
        "incomplete": "dựa trên bộ tiêu chí chưa đầy đủ {0!r}: đạt phần đã biết chưa chứng tỏ "
        "hoàn thành",
        "carried": "công nhận được chuyển từ đơn vị trước sắp xếp (tùy chọn carry_over)",
        "no_units": "không áp dụng: không còn đơn vị {0} vào ngày {1}",
        "unreachable": "không thể đạt: chỉ tiêu {0} lớn hơn số {1} đơn vị {2} hiện có",
        "reported_disagrees": "số công bố {0} ({2}) khác với {1} đơn vị theo số liệu từng đơn "
        "vị; dùng số liệu từng đơn vị",
        "reported": "đánh giá theo số {0} công bố cho cả cấp ({1}), không theo từng đơn vị",
        "no_hierarchy": "chưa có danh mục đơn vị hành chính (units=)",
        "reported_other_era": "số công bố {0}{2} ({1}) thuộc các đơn vị khác với {3} đơn vị "
        "được đếm ở đây (thời kỳ khác), không dùng",
        "reported_impossible": "số công bố {0} ({1}) lớn hơn {2} đơn vị được đếm ở đây: không dùng",
        "reported_total_differs": "số công bố tính trên {0} đơn vị; ngày đánh giá có {1} đơn vị",
        "era_ended": "các đơn vị {0} của thời kỳ đặt mục tiêu đã chấm dứt từ ngày {1} (sắp "
        "xếp đơn vị hành chính): đánh giá trên các đơn vị tồn tại vào ngày cuối cùng, {2}",
        "era_current": "các đơn vị {0} của thời kỳ đặt mục tiêu đã chấm dứt từ ngày {1}; "
        "theo yêu cầu (count_era='current'), đếm trên các đơn vị ngày {2}",
        "pass_rule_unknown": "quy tắc đạt của bộ tiêu chí {0!r} chưa được công bố: các tiêu "
        "chí đã biết không đủ để kết luận hoàn thành",
        "growth_other": "{0} cho kết quả {1} % (không dùng)",
        "parts_differ": "các thành phần cùng kỳ ({1} / {2}) cho {0}; dùng giá trị đo trực tiếp",
        "growth_unused": "không dùng: {0} giá trị của các năm sau trong giai đoạn không nối "
        "được với các năm trước (sau một năm thiếu)",
        "growth_not_started": "chưa có năm nào của giai đoạn {0} kết thúc đến {1}",
        "growth_out_of_range": "không tính được tăng trưởng giai đoạn {0} từ các giá trị này "
        "(mức năm gốc bằng 0 hoặc âm, hoặc giá trị vượt giới hạn)",
        "breakdown_absent": "không có đơn vị {0} vào ngày {1}: không có kết quả chi tiết theo {0}",
        "unused_after_as_of": "{0} số liệu của các kỳ hoặc ngày sau {1} không được dùng",
        "unused_outside": "{0} số liệu về các đơn vị ngoài {1} không được dùng",
        "unused_other_era": "{0} số liệu về các đơn vị không tồn tại vào ngày {1} (thời kỳ "
        "khác) không được tính",
        "unused_after_day": "{0} số liệu có ngày hoặc kỳ bắt đầu sau ngày đánh giá {1} không "
        "được tính",
        "reported_bound": "ít nhất {0} đơn vị đã hoàn thành đến {1} (số công bố cho cả cấp): "
        "các đơn vị khác chưa rõ, nên số này chưa đủ để kết luận",
        "units_standing": "chưa phải kết quả cuối cùng: {0} đơn vị được đánh giá theo số liệu "
        "trước kỳ hạn",
        "unused_sub_units": "{0} số liệu về các đơn vị trực thuộc không được dùng cho mục tiêu "
        "này (dùng breakdown= để đánh giá từng đơn vị)",
        "unit_gone": "không áp dụng: đơn vị {0} không tồn tại vào ngày {1}",
        "after_deadline": "không dùng số liệu các kỳ sau kỳ hạn {0}",
        "after_day": "không dùng số liệu các kỳ kết thúc sau ngày đánh giá {0}",
        "carried_units": "{0} đơn vị được tính theo công nhận chuyển từ đơn vị trước sắp xếp "
        "(tùy chọn carry_over)",
        "unit_ended": "đơn vị {0} không còn tồn tại: đánh giá vào ngày cuối cùng {1}",
    },
}

_ROUTE_VI = {
    "recognition": "quyết định công nhận",
    "carried_recognition": "công nhận chuyển từ đơn vị trước sắp xếp",
    "criteria": "bộ tiêu chí",
    "reported": "số công bố cho cả cấp",
}

_LEVEL_VI = {"district": "cấp huyện", "commune": "cấp xã", "province": "cấp tỉnh"}


@attrs.frozen
class Note:
    """A special case of a verdict, with a stable ``code`` and its arguments."""

    code: str
    args: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str) -> Note:
        """Read the engine's compact form ``code:arg:arg``."""
        code, *args = raw.split(":")
        return cls(code, tuple(args))

    def text(self, lang: str = "en") -> str:
        """The note in English or Vietnamese."""
        args = list(self.args)
        if lang == "vi" and self.code in (
            "no_units",
            "unreachable",
            "era_ended",
            "era_current",
            "breakdown_absent",
        ):
            args = [_LEVEL_VI.get(a, a) for a in args]
        if self.code == "reported_other_era" and len(args) == 4:
            args[2] = (f" of {args[2]}" if lang == "en" else f"/{args[2]}") if args[2] else ""
        if self.code == "growth_other" and args:
            args[0] = method_text(args[0], lang)
        return _NOTES[_lang(lang)][self.code].format(*args)

    def __str__(self) -> str:
        return self.text("en")


def _lang(lang: str) -> str:
    if lang not in _STATUS:
        msg = f"lang must be 'en' or 'vi', got {lang!r}"
        raise LanguageError(msg)
    return lang


def _comparison(comp: Comparator, thr: str, lang: str) -> str:
    """``at least 90 %`` / ``từ 90 % trở lên``."""
    if lang == "en":
        return f"{comp.words_en} {thr}"
    return f"từ {thr} trở lên" if comp is Comparator.GE else f"{comp.words_vi} {thr}"


_METHOD_VI = (
    (re.compile(r"compound from levels (\d+) and (\d+)"), r"bình quân nhân, từ mức năm \1 và \2"),
    (
        re.compile(r"compound from the yearly rates (.+)"),
        r"bình quân nhân các tốc độ tăng hàng năm \1",
    ),
    (
        re.compile(r"arithmetic mean of the yearly rates (.+)"),
        r"bình quân cộng các tốc độ tăng hàng năm \1",
    ),
    (re.compile(r"published average for (.+)"), r"số bình quân đã công bố giai đoạn \1"),
)


def method_text(method: str, lang: str) -> str:
    """A growth method ("compound from levels 2020 and 2025") in English or Vietnamese."""
    if _lang(lang) == "vi" and " chained with " in method:
        parts = method.removeprefix("compound from ").split(" chained with ")
        return "bình quân nhân, từ " + " nối với ".join(map(_chain_part_vi, parts))
    if _lang(lang) == "vi":
        for pattern, repl in _METHOD_VI:
            if pattern.fullmatch(method):
                return pattern.sub(repl, method)
    return method


def _chain_part_vi(part: str) -> str:
    """One step of a chained growth method in Vietnamese."""
    if part.startswith("levels "):
        return "mức năm " + part.removeprefix("levels ").replace(" and ", " và ")
    return "các tốc độ tăng hàng năm " + part.removeprefix("the yearly rates ")


def _fmt(magnitude: float, unit: str) -> str:
    if unit in ("administrative_unit", "rank"):
        return format_quantity(magnitude, "")
    return format_quantity(magnitude, unit)


def _shown_value(v: Verdict) -> str:
    """The verdict's value as text, with as many digits as it takes not to contradict
    the status: 89.99995 % is not shown as 90 % beside NOT MET for "at least 90 %"."""
    value, unit = float(v.value or 0.0), v.unit_of_measure
    shown = _fmt(value, unit)
    comp, thr = v.target.comparator, v.threshold
    if comp is None or thr is None or shown != _fmt(thr, unit):
        return shown
    if comp.holds(value, thr) == comp.holds(thr, thr):
        return shown  # equal within the tolerance, and judged so: no contradiction
    digits = next((d for d in range(5, 18) if f"{value:.{d}g}" != f"{thr:.{d}g}"), 17)
    return shown.replace(_format_number(value), f"{value:.{digits}g}", 1)


def _status_text(status: Status, lang: str) -> str:
    return _STATUS[lang][status.value]


def _requirement(v: Verdict, lang: str) -> str:
    catalogue = v._data.catalogue

    def name(indicator: str) -> str:
        ind = catalogue.get(indicator)
        if ind is None or lang == "en":
            return indicator
        return ind.name_vi

    return _rule_text(v.target.rule, v.unit_of_measure, lang, name)


def _rule_text(r: Rule, unit: str, lang: str, name: Callable[[str], str] = str) -> str:
    """What a rule requires, in words; ``unit`` is the unit of its threshold."""
    en = lang == "en"
    if isinstance(r, AllOf | AnyOf | AtLeast | Score | Undetermined):
        # Sub-rules' thresholds are shown as plain numbers: their units are not known here.
        parts = "; ".join(_rule_text(c, "", lang, name) for c in r.rules)
        if isinstance(r, AllOf):
            head = "all of" if en else "tất cả"
        elif isinstance(r, AnyOf):
            head = "any of" if en else "một trong"
        elif isinstance(r, AtLeast):
            head = f"at least {r.k} of" if en else f"ít nhất {r.k} trong"
        elif isinstance(r, Score):
            cut = format_quantity(r.at_least, "")
            head = (
                f"a score of at least {cut} points from"
                if en
                else f"đạt từ {cut} điểm trở lên theo"
            )
        else:
            head = "a combination not made public of" if en else "kết hợp chưa công bố của"
        return f"{head} ({parts})"
    if not isinstance(r, Compare | Growth | CountUnits | ShareUnits):
        return "completed digital transformation" if en else "hoàn thành chuyển đổi số"
    words = _comparison(r.comparator, _fmt(r.threshold, unit), lang)
    if isinstance(r, Growth):
        what = (
            f"average annual growth of {r.indicator} over {r.window}"
            if en
            else f"{name(r.indicator)}: tăng bình quân hàng năm giai đoạn {r.window}"
        )
        return f"{what} {words}"
    if isinstance(r, CountUnits | ShareUnits):
        lv = r.level.value if en else _LEVEL_VI[r.level.value]
        kind = "number" if isinstance(r, CountUnits) else "share"
        if en:
            return f"{kind} of {lv}-level units that completed digital transformation {words}"
        kind_vi = "số" if isinstance(r, CountUnits) else "tỷ lệ"
        return f"{kind_vi} đơn vị {lv} hoàn thành chuyển đổi số {words}"
    return f"{name(r.indicator)} {words}"


def _measurement_line(m: Any, lang: str) -> str:
    src = f", {'source' if lang == 'en' else 'nguồn'}: {m.source}" if m.source else ""
    # shown() already writes a rank with its cohort ("5/34").
    return f"{m.indicator} = {m.shown()} [{m.period}]{src}"


def explain(v: Verdict, lang: str = "en") -> str:
    """The verdict as readable text, trace included."""
    lang = _lang(lang)
    en = lang == "en"
    t = v.target
    head = f"{t.id} — {'unit' if en else 'đơn vị'} {v.unit}: {_status_text(v.status, lang)}"
    if v.status.value in ("met", "not_met"):
        head += (
            f" ({'final' if v.final else 'not final'})"
            if en
            else (" (kết quả cuối cùng)" if v.final else " (chưa phải kết quả cuối cùng)")
        )
    lines = [head]
    if t.label_en and en:
        lines.append(f"  goal: {t.label_en}")
    lines.append(
        f"  {'required' if en else 'yêu cầu'}: {_requirement(v, lang)}"
        f"{' by' if en else ', hạn'} {t.deadline}"
    )
    if v.value is not None:
        shown = _shown_value(v)
        if v.method:
            shown += f" ({method_text(v.method, lang)})"
        lines.append(
            f"  {'value' if en else 'giá trị'}: {shown}"
            + (f" [{v.period}]" if v.period is not None else "")
        )
    c = v.counts
    if c is not None:
        if en:
            lines.append(
                f"  units on {c.on}: {c.passed} completed, {c.failed} not, {c.unknown} unknown, "
                f"of {c.total}"
            )
        else:
            lines.append(
                f"  đơn vị ngày {c.on}: {c.passed} hoàn thành, {c.failed} chưa, "
                f"{c.unknown} chưa rõ, "
                f"trên {c.total}"
            )
    if v.route is not None and v.route.value != "none":
        route = v.route.value if en else _ROUTE_VI.get(v.route.value, v.route.value)
        lines.append(f"  {'decided by' if en else 'căn cứ'}: {route}")
    for rec in v.recognitions:
        lines.append(f"  {'recognition' if en else 'công nhận'}: {rec.decision} ({rec.on})")
    for m in v.measurements:
        line = _measurement_line(m, lang)
        if v.value is not None and m.magnitude == v.value and m.cohort is None:
            # The value compared, with the digits the value line shows.
            line = line.replace(_fmt(v.value, v.unit_of_measure), _shown_value(v), 1)
        lines.append(f"  {'data' if en else 'số liệu'}: {line}")
    for note in v.notes:
        lines.append(f"  {'note' if en else 'lưu ý'}: {Note.parse(note).text(lang)}")
    clause_word = "clause" if en else "trích"
    lines.append(f"  {clause_word}: «{t.clause}»")
    return "\n".join(lines)


def _sub_dict(s: SubVerdict, depth: int) -> dict[str, Any]:
    d: dict[str, Any] = {
        "rule": type(s.rule).__name__,
        "unit": s.unit,
        "status": s.status.value,
        "value": s.value,
    }
    if isinstance(s.rule, Compare):
        d["indicator"] = s.rule.indicator
        d["comparator"] = s.rule.comparator.value
        d["threshold"] = s.rule.threshold
    if s.route is not None:
        d["route"] = s.route.value
    if s.measurements:
        d["measurements"] = [m.to_dict() for m in s.measurements]
    if s.recognitions:
        d["recognitions"] = [r.to_dict() for r in s.recognitions]
    if s.notes:
        d["notes"] = [Note.parse(n).text("en") for n in s.notes]
    if (depth > 0 and not isinstance(s.rule, Completed | Compare)) or (
        depth > 0 and isinstance(s.rule, Completed) and s.children
    ):
        d["children"] = [_sub_dict(c, depth - 1) for c in s.children]
    return d


def verdict_dict(v: Verdict, *, depth: int = 3) -> dict[str, Any]:
    """The verdict with its trace, JSON-ready."""
    d = record(v)
    d["measurements"] = [m.to_dict() for m in v.measurements]
    d["recognitions"] = [r.to_dict() for r in v.recognitions]
    d["notes"] = [
        {"code": n.code, "args": list(n.args), "text": n.text("en")}
        for n in map(Note.parse, v.notes)
    ]
    d["clause"] = v.target.clause
    if v.counts is not None:
        d["counts"] = v.counts.to_dict()
    if v.reported_count is not None:
        rc = v.reported_count
        d["reported_count"] = {
            "count": rc.count,
            "total": rc.total,
            "period": str(rc.period),
            "source": rc.source,
        }
    if depth > 0:
        d["children"] = [_sub_dict(c, depth - 1) for c in v.children]
    return d


def record(v: Verdict) -> dict[str, Any]:
    """One flat row for the verdict (no trace)."""
    return {
        "target": v.target.id,
        "unit": v.unit,
        "status": v.status.value,
        "final": v.final,
        "value": v.value,
        "threshold": v.threshold,
        "comparator": v.target.comparator.value if v.target.comparator else None,
        "unit_of_measure": v.unit_of_measure,
        "period": str(v.period) if v.period is not None else None,
        "deadline": str(v.target.deadline),
        "as_of": v.as_of.isoformat(),
        "route": v.route.value if v.route is not None else None,
        "method": v.method,
    }
