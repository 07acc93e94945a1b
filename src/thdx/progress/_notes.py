"""Typed notes of a progress assessment: a code (:class:`ProgressNoteCode`) with typed
arguments. Text in English or Vietnamese, the compact key and JSON are renderings of a
note; nothing is parsed back from text (as the verdicts' notes).

>>> import datetime
>>> n = ProgressNote(ProgressNoteCode.BASE_ZERO, (Period.year(2020),))
>>> n.key
'base_zero:2020'
>>> n.text("vi")
'giá trị năm gốc (2020) bằng 0: không tính được tốc độ tăng bình quân nhân từ đó'
>>> n.to_dict()["args"]
['2020']
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

import attrs

from thdx.model._languages import check_lang, json_arg, level_text, plain_arg
from thdx.model._levels import Level
from thdx.model._periods import Period

__all__ = ["NoteArg", "ProgressNote", "ProgressNoteCode"]

#: The types a note's arguments may have.
NoteArg = int | float | str | _dt.date | Period | Level


class ProgressNoteCode(enum.StrEnum):
    """The kinds of note a progress can carry (their texts: :data:`TEMPLATES`)."""

    BASE_LATER = "base_later"
    BASE_MET = "base_met"
    BASE_ZERO = "base_zero"
    CARRY_OVER_NOT_USED = "carry_over_not_used"
    COHORTS_MIXED = "cohorts_mixed"
    CRITERIA_NOT_USED = "criteria_not_used"
    DEADLINE_REACHED = "deadline_reached"
    ERA_BREAK = "era_break"
    ERA_ENDED = "era_ended"
    ERA_ENDS = "era_ends"
    GROWTH_FROM_LEVELS = "growth_from_levels"
    GROWTH_FROM_RATES = "growth_from_rates"
    GROWTH_MISSING = "growth_missing"
    NO_DATA = "no_data"
    NO_HIERARCHY = "no_hierarchy"
    NO_UNITS = "no_units"
    NOT_ASSESSED = "not_assessed"
    NOT_COMPUTABLE = "not_computable"
    ONE_POINT = "one_point"
    OPPOSITE_SIGNS = "opposite_signs"
    PLAN_NO_QUOTA = "plan_no_quota"
    PLAN_OTHER_ERA = "plan_other_era"
    PLAN_OTHER_UNIT = "plan_other_unit"
    PROJECTION_CAPPED = "projection_capped"
    RANK_FLOOR = "rank_floor"
    RATIO_UNBOUNDED = "ratio_unbounded"
    RECOGNISED_ONLY = "recognised_only"
    REPORTED = "reported"
    THRESHOLD_SIGN = "threshold_sign"
    UNITS_CEASE = "units_cease"
    UNREACHABLE = "unreachable"
    UNUSED_AFTER_AS_OF = "unused_after_as_of"
    UNUSED_AFTER_DEADLINE = "unused_after_deadline"
    UNUSED_BEFORE_BASE = "unused_before_base"
    UNUSED_NOT_YEAR = "unused_not_year"
    UNUSED_AFTER_DAY = "unused_after_day"
    WINDOW_NOT_STARTED = "window_not_started"


@attrs.frozen
class ProgressNote:
    """A special case of a progress assessment: a ``code`` and its typed ``args``.

    ``text(lang)`` reads it in English or Vietnamese, ``key`` is the compact form
    ``code:arg:arg`` (for tests and logs), ``to_dict()`` its JSON shape (the shape of
    the verdicts' notes: ``{"code", "args", "text"}``).
    """

    code: ProgressNoteCode
    args: tuple[NoteArg, ...] = ()

    @property
    def key(self) -> str:
        """``code:arg:arg``, e.g. ``base_later:2020:2021``."""
        return ":".join([self.code.value, *map(plain_arg, self.args)])

    def text(self, lang: str = "en") -> str:
        """The note in English or Vietnamese.

        Raises:
            LanguageError: a language other than 'en' and 'vi'.
        """
        lang = check_lang(lang)
        args = [level_text(a, lang) if isinstance(a, Level) else plain_arg(a) for a in self.args]
        return TEMPLATES[lang][self.code].format(*args)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"code", "args", "text"}`` (the text in English)."""
        return {
            "code": self.code.value,
            "args": [json_arg(a) for a in self.args],
            "text": self.text(),
        }

    def __str__(self) -> str:
        return self.text("en")


_RAW: dict[str, dict[str, str]] = {
    "en": {
        "base_later": "no value for the base year {0}: the base is the first later value, {1}",
        "base_met": "the base value ({0}) already met the threshold: no growth was required",
        "base_zero": "the base value ({0}) is zero: no compound growth can be computed from it",
        "carry_over_not_used": "recognitions of predecessor units are not carried over here",
        "cohorts_mixed": "the ranks are among cohorts of different sizes ({0}): the trend "
        "mixes them",
        "criteria_not_used": "completion by the criteria set {0!r} is not counted here, only "
        "recognitions and published counts",
        "deadline_reached": "the latest value is for the deadline {0}: no time is left, no "
        "pace is required",
        "era_break": "the units counted changed between {0} and {1} (administrative reform): "
        "the pace is measured from {1} on",
        "era_ended": "the {0}-level units of the era this goal was set in ceased on {1}: "
        "counted up to their last day, {2}",
        "era_ends": "the {0}-level units of the era this goal was set in cease on {1}: the "
        "projection is to their last day, {2}",
        "growth_from_levels": "growth so far: compound, from the levels of {0} and {1}",
        "growth_from_rates": "growth so far: compound, from the yearly rates {0}–{1}",
        "growth_missing": "no level of {0} with a later one, nor the yearly rates from {1}: "
        "no growth so far",
        "no_data": "no usable data up to {0}",
        "no_hierarchy": "a count of units needs the administrative units (hierarchy=)",
        "no_units": "no {0}-level units exist under the unit on {1}",
        "not_assessed": "progress is not assessed for a goal of this kind ({0})",
        "not_computable": "the values are too large or too small for a growth to be computed",
        "one_point": "one usable value only ({0}): a pace needs two",
        "opposite_signs": "the base {0} and the latest value {1} have opposite signs: no "
        "compound growth joins them",
        "plan_no_quota": "the plan has no quota for {0}: progress is measured against the "
        "goal's threshold",
        "plan_other_era": "the plan's quotas are about other units (another era): not used",
        "plan_other_unit": "the plan {0} is for unit {1}: its quotas are not used",
        "projection_capped": "the projection is capped at {0}, the most the value can be",
        "rank_floor": "the trend passes rank 1: the projection is rank 1",
        "ratio_unbounded": "the growth required is too small for a ratio: the status follows "
        "the sign of the growth observed",
        "recognised_only": "counts are of units known to have completed (a recognition or a "
        "published count in the data): at least so many",
        "reported": "the published count {0} (for {1}) is used where it exceeds the units "
        "recognised one by one",
        "threshold_sign": "the threshold {0} and the base {1} have opposite signs: no compound "
        "growth reaches it",
        "units_cease": "the {0}-level units counted cease on {1}, before the deadline: the "
        "projection is over units that will not exist then",
        "unreachable": "the threshold {0} exceeds the {1} {2}-level units that exist",
        "unused_after_as_of": "not used: {0} value(s) for periods ending after {1}",
        "unused_after_deadline": "not used: {0} value(s) for years after the deadline {1}",
        "unused_before_base": "not used: {0} value(s) for years before the base year {1}",
        "unused_not_year": "not used: {0} value(s) for periods other than whole years",
        "unused_after_day": "not counted: {0} recognition(s) dated after {1}, the last day "
        "counted (in a year not yet ended, after the deadline or after the units' era)",
        "window_not_started": "no year of the window {0} has ended by {1}",
    },
    "vi": {
        "base_later": "không có số liệu năm gốc {0}: lấy giá trị đầu tiên sau đó, {1}",
        "base_met": "giá trị gốc ({0}) đã đạt chỉ tiêu: không cần tăng thêm",
        "base_zero": "giá trị năm gốc ({0}) bằng 0: không tính được tốc độ tăng bình quân "
        "nhân từ đó",
        "carry_over_not_used": "không chuyển công nhận của đơn vị trước sắp xếp",
        "cohorts_mixed": "các thứ hạng thuộc các nhóm xếp hạng có quy mô khác nhau ({0}): "
        "xu hướng gộp chúng lại",
        "criteria_not_used": "không tính hoàn thành theo bộ tiêu chí {0!r}, chỉ tính quyết "
        "định công nhận và số công bố",
        "deadline_reached": "giá trị mới nhất là của kỳ hạn {0}: không còn thời gian, không "
        "tính tốc độ cần đạt",
        "era_break": "các đơn vị được đếm thay đổi giữa {0} và {1} (sắp xếp đơn vị hành "
        "chính): tốc độ tính từ {1}",
        "era_ended": "các đơn vị {0} của thời kỳ đặt mục tiêu đã chấm dứt từ ngày {1}: đếm "
        "đến ngày cuối cùng của chúng, {2}",
        "era_ends": "các đơn vị {0} của thời kỳ đặt mục tiêu chấm dứt từ ngày {1}: dự báo "
        "đến ngày cuối cùng của chúng, {2}",
        "growth_from_levels": "tăng trưởng đến nay: bình quân nhân, từ mức năm {0} và {1}",
        "growth_from_rates": "tăng trưởng đến nay: bình quân nhân các tốc độ tăng hàng năm {0}–{1}",
        "growth_missing": "không có mức năm {0} cùng một mức năm sau, cũng không có các tốc "
        "độ tăng hàng năm từ {1}: chưa tính được tăng trưởng",
        "no_data": "không có số liệu dùng được đến {0}",
        "no_hierarchy": "đếm đơn vị cần danh mục đơn vị hành chính (hierarchy=)",
        "no_units": "không có đơn vị {0} nào trực thuộc vào ngày {1}",
        "not_assessed": "không đánh giá tiến độ cho loại mục tiêu này ({0})",
        "not_computable": "các giá trị quá lớn hoặc quá nhỏ, không tính được tốc độ tăng",
        "one_point": "chỉ có một giá trị dùng được ({0}): cần hai giá trị để tính tốc độ",
        "opposite_signs": "giá trị gốc {0} và giá trị mới nhất {1} trái dấu: không tính được "
        "tốc độ tăng bình quân nhân",
        "plan_no_quota": "kế hoạch không có chỉ tiêu cho năm {0}: tiến độ so với chỉ tiêu "
        "của mục tiêu",
        "plan_other_era": "chỉ tiêu của kế hoạch thuộc các đơn vị khác (thời kỳ khác): không dùng",
        "plan_other_unit": "kế hoạch {0} dành cho đơn vị {1}: không dùng chỉ tiêu của nó",
        "projection_capped": "giá trị dự báo được giới hạn ở {0}, mức cao nhất có thể",
        "rank_floor": "xu hướng vượt qua hạng 1: dự báo là hạng 1",
        "ratio_unbounded": "tốc độ cần đạt quá nhỏ để tính tỷ số: đánh giá theo chiều của "
        "tốc độ thực tế",
        "recognised_only": "chỉ đếm các đơn vị đã biết là hoàn thành (có quyết định công nhận "
        "hoặc số công bố trong dữ liệu): ít nhất là ngần ấy",
        "reported": "dùng số công bố {0} ({1}) khi lớn hơn số đơn vị được công nhận theo "
        "từng đơn vị",
        "threshold_sign": "chỉ tiêu {0} và giá trị gốc {1} trái dấu: không tốc độ tăng bình "
        "quân nhân nào đạt được",
        "units_cease": "các đơn vị {0} được đếm chấm dứt từ ngày {1}, trước thời hạn: dự báo "
        "tính trên các đơn vị khi đó không còn",
        "unreachable": "chỉ tiêu {0} lớn hơn số {1} đơn vị {2} hiện có",
        "unused_after_as_of": "không dùng {0} số liệu của các kỳ kết thúc sau {1}",
        "unused_after_deadline": "không dùng {0} số liệu của các năm sau thời hạn {1}",
        "unused_before_base": "không dùng {0} số liệu của các năm trước năm gốc {1}",
        "unused_not_year": "không dùng {0} số liệu của các kỳ không trọn năm",
        "unused_after_day": "không tính {0} quyết định công nhận sau {1}, ngày cuối cùng "
        "được đếm (trong năm chưa kết thúc, sau thời hạn hoặc sau thời kỳ của các đơn vị)",
        "window_not_started": "chưa có năm nào của giai đoạn {0} kết thúc đến {1}",
    },
}

#: Each note's text in each language; ``{0}``... are its arguments.
TEMPLATES: dict[str, dict[ProgressNoteCode, str]] = {
    lang: {ProgressNoteCode(k): v for k, v in texts.items()} for lang, texts in _RAW.items()
}
