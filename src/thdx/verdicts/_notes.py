"""Typed notes: a special case of a verdict as a code (:class:`NoteCode`) with typed
arguments. Text in English or Vietnamese, the compact key and JSON are renderings of a
note; nothing is ever parsed back from text.

>>> import datetime
>>> n = Note(NoteCode.NO_DATA, (datetime.date(2025, 12, 31),))
>>> n.key
'no_data:2025-12-31'
>>> n.text("vi")
'không có số liệu dùng được đến 2025-12-31'
>>> n.to_dict()["args"]
['2025-12-31']
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

import attrs

from thdx.model._languages import check_lang, json_arg, level_text, plain_arg
from thdx.model._levels import Level
from thdx.model._periods import Period

__all__ = ["GrowthMethod", "MethodStep", "Note", "NoteArg", "NoteCode"]


def _years(first: int, last: int) -> str:
    """``2021–2025``, or ``2025`` for a single year."""
    return str(first) if first == last else f"{first}–{last}"


@attrs.frozen
class MethodStep:
    """One step of a growth computation: ``levels`` of two years (``first`` is the base
    year), ``rates`` (the yearly rates of ``first``..``last``) or ``published`` (an
    average published for ``first``..``last``)."""

    kind: str
    first: int
    last: int

    def text(self, lang: str) -> str:
        if self.kind == "levels":
            if lang == "vi":
                return f"mức năm {self.first} và {self.last}"
            return f"levels {self.first} and {self.last}"
        if lang == "vi":
            return f"các tốc độ tăng hàng năm {_years(self.first, self.last)}"
        return f"the yearly rates {_years(self.first, self.last)}"


@attrs.frozen
class GrowthMethod:
    """How an average annual growth was computed: an ``average`` ('compound',
    'arithmetic' or 'published') over one or more :class:`MethodStep` (a chain of levels
    and yearly rates has several). ``str()`` is the English sentence.

    >>> m = GrowthMethod("compound", (MethodStep("levels", 2020, 2023),
    ...                                MethodStep("rates", 2024, 2025)))
    >>> str(m)
    'compound from levels 2020 and 2023 chained with the yearly rates 2024–2025'
    >>> m.code
    'chain'
    """

    average: str
    steps: tuple[MethodStep, ...]

    @property
    def code(self) -> str:
        """A stable code — ``levels``, ``rates``, ``chain``, ``arithmetic`` or ``published``."""
        if self.average != "compound":
            return self.average
        return self.steps[0].kind if len(self.steps) == 1 else "chain"

    def text(self, lang: str = "en") -> str:
        """The method in English or Vietnamese."""
        vi = check_lang(lang) == "vi"
        s = self.steps
        if self.average == "published":
            if vi:
                return f"số bình quân đã công bố giai đoạn {_years(s[0].first, s[0].last)}"
            return f"published average for {s[0].first}–{s[0].last}"
        if self.average == "arithmetic":
            head = "bình quân cộng " if vi else "arithmetic mean of "
            return head + s[0].text(lang)
        joined = (" nối với " if vi else " chained with ").join(p.text(lang) for p in s)
        if vi and self.code == "rates":
            return "bình quân nhân " + joined
        return ("bình quân nhân, từ " if vi else "compound from ") + joined

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the code and the steps."""
        return {
            "code": self.code,
            "steps": [{"kind": p.kind, "first": p.first, "last": p.last} for p in self.steps],
        }

    def __str__(self) -> str:
        return self.text("en")


#: The types a note's arguments may have.
NoteArg = int | float | str | _dt.date | Period | Level | GrowthMethod


class NoteCode(enum.StrEnum):
    """The kinds of note a verdict can carry (their texts: :data:`TEMPLATES`)."""

    AFTER_DAY = "after_day"
    AFTER_DEADLINE = "after_deadline"
    BREAKDOWN_ABSENT = "breakdown_absent"
    CARRIED = "carried"
    CARRIED_UNITS = "carried_units"
    ERA_CURRENT = "era_current"
    ERA_ENDED = "era_ended"
    GROWTH_MISSING = "growth_missing"
    GROWTH_NOT_STARTED = "growth_not_started"
    GROWTH_OTHER = "growth_other"
    GROWTH_OUT_OF_RANGE = "growth_out_of_range"
    GROWTH_PARTIAL = "growth_partial"
    GROWTH_UNUSED = "growth_unused"
    INCOMPLETE = "incomplete"
    NO_DATA = "no_data"
    NO_HIERARCHY = "no_hierarchy"
    NO_UNITS = "no_units"
    PARTS_DIFFER = "parts_differ"
    PASS_RULE_UNKNOWN = "pass_rule_unknown"  # noqa: S105 - not a password
    REPORTED = "reported"
    REPORTED_BOUND = "reported_bound"
    REPORTED_DISAGREES = "reported_disagrees"
    REPORTED_IMPOSSIBLE = "reported_impossible"
    REPORTED_OTHER_ERA = "reported_other_era"
    REPORTED_TOTAL_DIFFERS = "reported_total_differs"
    STANDING = "standing"
    UNIT_ENDED = "unit_ended"
    UNIT_GONE = "unit_gone"
    UNITS_STANDING = "units_standing"
    UNREACHABLE = "unreachable"
    UNUSED_AFTER_AS_OF = "unused_after_as_of"
    UNUSED_AFTER_DAY = "unused_after_day"
    UNUSED_OTHER_ERA = "unused_other_era"
    UNUSED_OUTSIDE = "unused_outside"
    UNUSED_SUB_UNITS = "unused_sub_units"


def _json(arg: NoteArg) -> Any:
    if isinstance(arg, GrowthMethod):
        return arg.to_dict()
    return json_arg(arg)


@attrs.frozen
class Note:
    """A special case of a verdict: a ``code`` and its typed ``args``.

    ``text(lang)`` reads it in English or Vietnamese, ``key`` is the compact form
    ``code:arg:arg`` (for tests and logs), ``to_dict()`` is its JSON shape, the same at
    every level of a report.
    """

    code: NoteCode
    args: tuple[NoteArg, ...] = ()

    @property
    def key(self) -> str:
        """``code:arg:arg``, e.g. ``standing:2024:2025``."""
        return ":".join([self.code.value, *map(plain_arg, self.args)])

    def text(self, lang: str = "en") -> str:
        """The note in English or Vietnamese."""
        lang = check_lang(lang)
        args: list[str] = []
        for a in self.args:
            if isinstance(a, GrowthMethod):
                args.append(a.text(lang))
            elif isinstance(a, Level) and lang == "vi":
                args.append(level_text(a, lang))
            else:
                args.append(plain_arg(a))
        if self.code is NoteCode.REPORTED_OTHER_ERA and args[2]:
            args[2] = f" of {args[2]}" if lang == "en" else f"/{args[2]}"
        return TEMPLATES[lang][self.code].format(*args)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"code", "args", "text"}`` (the text in English)."""
        return {"code": self.code.value, "args": [_json(a) for a in self.args], "text": self.text()}

    def __str__(self) -> str:
        return self.text("en")


#: Each note's text in each language; ``{0}``... are its arguments.
TEMPLATES: dict[str, dict[NoteCode, str]]
_RAW = {
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
TEMPLATES = {lang: {NoteCode(k): v for k, v in texts.items()} for lang, texts in _RAW.items()}
