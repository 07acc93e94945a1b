"""Explanations of verdicts: as text in English or Vietnamese, and as JSON-ready data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
from thdx.verdicts._notes import _LEVEL_VI, GrowthMethod, check_lang

if TYPE_CHECKING:
    from thdx.verdicts._verdict import Status, SubVerdict, Verdict

__all__ = ["explain", "method_text", "record", "verdict_dict"]

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

_ROUTE_VI = {
    "recognition": "quyết định công nhận",
    "carried_recognition": "công nhận chuyển từ đơn vị trước sắp xếp",
    "criteria": "bộ tiêu chí",
    "reported": "số công bố cho cả cấp",
}


def _lang(lang: str) -> str:
    return check_lang(lang)


def _comparison(comp: Comparator, thr: str, lang: str) -> str:
    """``at least 90 %`` / ``từ 90 % trở lên``."""
    if lang == "en":
        return f"{comp.words_en} {thr}"
    return f"từ {thr} trở lên" if comp is Comparator.GE else f"{comp.words_vi} {thr}"


def method_text(method: GrowthMethod, lang: str) -> str:
    """A growth method in English or Vietnamese."""
    return method.text(lang)


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
            shown += f" ({v.method.text(lang)})"
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
        lines.append(f"  {'note' if en else 'lưu ý'}: {note.text(lang)}")
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
        d["notes"] = [n.to_dict() for n in s.notes]
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
    d["notes"] = [n.to_dict() for n in v.notes]
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
        "method": str(v.method) if v.method is not None else None,
    }
