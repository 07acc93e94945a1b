"""Verdicts as text, in English or Vietnamese: the status, what the goal requires, the
value and the data used, the notes and the clause of the resolution.

The functions here read a verdict through :class:`~thdx.verdicts._views.VerdictView`;
:meth:`thdx.Verdict.explain` calls :func:`explain`.
"""

from __future__ import annotations

from collections.abc import Callable

from thdx.model._languages import check_lang
from thdx.model._measurement import Measurement
from thdx.model._quantities import _format_number, format_quantity
from thdx.progress import ProgressStatus
from thdx.rules._vocabulary import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparator,
    Compare,
    CountUnits,
    Growth,
    Rule,
    Score,
    ShareUnits,
    Undetermined,
)
from thdx.verdicts._notes import GrowthMethod
from thdx.verdicts._status import Counts, Status
from thdx.verdicts._views import ReportView, VerdictView

__all__ = ["counts_text", "explain", "method_text", "report_text", "status_text"]

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


def _shown_value(v: VerdictView) -> str:
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


def status_text(status: Status, lang: str = "en") -> str:
    """A status as the explanation writes it: ``NOT MET``, ``KHÔNG ĐẠT``..."""
    return _STATUS[check_lang(lang)][status.value]


def counts_text(c: Counts, lang: str = "en") -> str:
    """How many units passed, failed, are unknown, of how many (without the day)."""
    if check_lang(lang) == "en":
        return f"{c.passed} completed, {c.failed} not, {c.unknown} unknown, of {c.total}"
    return f"{c.passed} hoàn thành, {c.failed} chưa, {c.unknown} chưa rõ, trên {c.total}"


def _requirement(v: VerdictView, lang: str) -> str:
    catalogue = v.catalogue

    def name(indicator: str) -> str:
        ind = catalogue.get(indicator)
        if ind is None or lang == "en":
            return indicator
        return ind.name_vi

    rule = v.target.rule
    if v.role == "counted" and isinstance(rule, CountUnits | ShareUnits):
        # A unit behind a count: what it must do, and the count it is part of.
        of = _rule_text(rule, v.unit_of_measure, lang, name)
        inner = _rule_text(rule.rule, "", lang, name)
        if lang == "en":
            return f"{inner} (counted for unit {v.counted_in}: {of})"
        return f"{inner} (tính cho đơn vị {v.counted_in}: {of})"
    return _rule_text(rule, v.unit_of_measure, lang, name)


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
        lv = r.level.value if en else r.level.label_vi
        kind = "number" if isinstance(r, CountUnits) else "share"
        if en:
            return f"{kind} of {lv}-level units that completed digital transformation {words}"
        kind_vi = "số" if isinstance(r, CountUnits) else "tỷ lệ"
        return f"{kind_vi} đơn vị {lv} hoàn thành chuyển đổi số {words}"
    return f"{name(r.indicator)} {words}"


def _measurement_line(m: Measurement, lang: str) -> str:
    src = f", {'source' if lang == 'en' else 'nguồn'}: {m.source}" if m.source else ""
    # shown() already writes a rank with its cohort ("5/34").
    return f"{m.indicator} = {m.shown()} [{m.period}]{src}"


#: The level a goal is stated for, in English and Vietnamese (see ``Target.stated_for``).
_STATED_FOR = {
    "nation": ("the nation", "cả nước"),
    "province": ("a province", "cấp tỉnh"),
    "district": ("a district", "cấp huyện"),
    "commune": ("a commune", "cấp xã"),
}


def explain(v: VerdictView, lang: str = "en") -> str:
    """The verdict as readable text, trace included.

    Raises:
        LanguageError: (a ValueError) ``lang`` is not ``"en"`` or ``"vi"``.
    """
    lang = check_lang(lang)
    en = lang == "en"
    t = v.target
    head = f"{t.id} — {'unit' if en else 'đơn vị'} {v.unit}: {status_text(v.status, lang)}"
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
    if t.benchmark:
        wide = _STATED_FOR[t.stated_for][0 if en else 1]
        lines.append(
            f"  stated for: {wide} (a benchmark: a goal of a wider level, read for this unit)"
            if en
            else f"  mục tiêu của: {wide} (để đối chiếu: mục tiêu của cấp rộng hơn, "
            "áp dụng cho đơn vị này)"
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
        lines.append(f"  {'units on' if en else 'đơn vị ngày'} {c.on}: {counts_text(c, lang)}")
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
    progress = v.progress
    if progress is not None and progress.status is not ProgressStatus.NOT_AVAILABLE:
        lines.append(f"  {progress.summary(lang)}")
    clause_word = "clause" if en else "trích"
    lines.append(f"  {clause_word}: «{t.clause}»")
    return "\n".join(lines)


def report_text(r: ReportView, lang: str = "en") -> str:
    """A report as text: a head line naming the rulebook, the ``as_of`` day used and
    the count of each status, then every verdict of its targets (:func:`explain`),
    separated by blank lines.

    Raises:
        LanguageError: (a ValueError) ``lang`` is not ``"en"`` or ``"vi"``.
    """
    lang = check_lang(lang)
    verdicts = r.verdicts()
    counts = {st: sum(v.status is st for v in verdicts) for st in Status}
    shown = ", ".join(f"{n} {status_text(st, lang)}" for st, n in counts.items() if n)
    day = r.as_of.isoformat()
    head = (
        f"{r.rulebook.number} — as of {day}: {shown}"
        if lang == "en"
        else f"{r.rulebook.number} — tính đến ngày {day}: {shown}"
    )
    return "\n\n".join([head, *(explain(v, lang) for v in verdicts)])
