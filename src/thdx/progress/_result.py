"""The result of a progress assessment: :class:`Progress`, its points and plan years,
and its renderings (JSON-ready data, text in English or Vietnamese).

>>> p = Progress(target="t", unit="38", as_of=datetime.date(2024, 6, 30),
...              status=ProgressStatus.NOT_AVAILABLE, method=ProgressMethod.CAGR,
...              deadline=Period.year(2030), threshold=30.0, unit_of_measure="percent",
...              rate_unit="percent / year")
>>> p.to_dict()["status"], p.text().splitlines()[0]
('not_available', 't, unit 38, as of 2024-06-30: progress not available')
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import Any

import attrs

from thdx.model._languages import check_lang
from thdx.model._periods import Period
from thdx.model._quantities import _format_number, format_quantity
from thdx.progress._errors import ProgressError
from thdx.progress._notes import NoteArg, ProgressNote, ProgressNoteCode
from thdx.progress._status import ProgressMethod, ProgressStatus, classify
from thdx.rules._vocabulary import Comparator, tolerance

__all__ = ["SCHEMA", "Draft", "Goal", "PlanYear", "Point", "Progress"]

#: The version of the JSON shape of :meth:`Progress.to_dict`.
SCHEMA = "thdx.progress/1"


def _finite_or_none(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{attribute.name} must be a finite number or None, got {value!r}"
        raise ProgressError(msg)


@attrs.frozen
class Point:
    """One value of a series: its period and its value (in the progress's unit)."""

    period: Period
    value: float = attrs.field(validator=_finite_or_none)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"period", "value"}``."""
        return {"period": str(self.period), "value": self.value}


@attrs.frozen
class PlanYear:
    """One year of a plan: its cumulative ``quota`` of units and the units known to
    have ``completed`` by its end (None: that year has no count yet)."""

    year: int
    quota: float = attrs.field(validator=_finite_or_none)
    completed: float | None = attrs.field(default=None, validator=_finite_or_none)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"year", "quota", "completed"}``."""
        return {"year": self.year, "quota": self.quota, "completed": self.completed}


def _notes(value: Iterable[ProgressNote]) -> tuple[ProgressNote, ...]:
    return tuple(value)


def _plan(value: Iterable[PlanYear]) -> tuple[PlanYear, ...]:
    return tuple(value)


_NUMBER = attrs.field(default=None, validator=_finite_or_none)


@attrs.frozen(kw_only=True)
class Progress:
    """How far a goal is on its way before its deadline, beside (never instead of) its
    verdict.

    Rates are in ``rate_unit``: percent a year for ``cagr`` and ``growth_remaining``
    (the observed and the required compound growth), ranks a year for ``rank_trend``,
    units a year for ``units_plan`` and ``units_pace``. ``base``, ``latest``,
    ``projected`` and ``threshold`` are in ``unit_of_measure``.

    Attributes:
        status: the :class:`ProgressStatus`.
        method: how it was computed (a :class:`ProgressMethod`, its value a code).
        observed_rate: the pace observed from the base to the latest value.
        required_rate: the pace the goal required from the base (or the plan's pace).
        ratio: observed over required (Open SDG's *R*; for ``units_plan``, the units
            completed since the base over those the plan asked for).
        base, latest: the first and the last value used (a :class:`Point`), or None.
        required_pace: the pace required from the latest value to meet the threshold
            by the deadline (None when no time is left).
        projected: the value at the deadline at the observed pace.
        projected_year: the first year whose end the threshold is reached at the
            observed pace (the latest year when already achieved; None: never).
        plan: the plan's yearly quotas beside the units completed (unit goals).
        notes: why, and what was set aside (typed :class:`ProgressNote`\\ s).
    """

    target: str
    unit: str
    as_of: datetime.date
    status: ProgressStatus
    method: ProgressMethod
    deadline: Period
    threshold: float | None = attrs.field(validator=_finite_or_none)
    unit_of_measure: str
    rate_unit: str
    observed_rate: float | None = _NUMBER
    required_rate: float | None = _NUMBER
    ratio: float | None = _NUMBER
    base: Point | None = None
    latest: Point | None = None
    required_pace: float | None = _NUMBER
    projected: float | None = _NUMBER
    projected_year: int | None = None
    plan: tuple[PlanYear, ...] = attrs.field(default=(), converter=_plan)
    notes: tuple[ProgressNote, ...] = attrs.field(default=(), converter=_notes)

    @property
    def note_keys(self) -> list[str]:
        """The compact keys of the notes (``base_zero:2020``), for tests and logs."""
        return [n.key for n in self.notes]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (versioned by ``"schema"``), notes in their JSON shape."""
        return {
            "schema": SCHEMA,
            "target": self.target,
            "unit": self.unit,
            "as_of": self.as_of.isoformat(),
            "status": self.status.value,
            "method": self.method.value,
            "deadline": str(self.deadline),
            "threshold": self.threshold,
            "unit_of_measure": self.unit_of_measure,
            "rate_unit": self.rate_unit,
            "observed_rate": self.observed_rate,
            "required_rate": self.required_rate,
            "ratio": self.ratio,
            "base": None if self.base is None else self.base.to_dict(),
            "latest": None if self.latest is None else self.latest.to_dict(),
            "required_pace": self.required_pace,
            "projected": self.projected,
            "projected_year": self.projected_year,
            "plan": [p.to_dict() for p in self.plan],
            "notes": [n.to_dict() for n in self.notes],
        }

    def text(self, lang: str = "en") -> str:
        """The assessment as text, in English (``"en"``) or Vietnamese (``"vi"``).

        Raises:
            LanguageError: any other language.
        """
        return "\n".join(_lines(self, check_lang(lang)))

    def summary(self, lang: str = "en") -> str:
        """One line: the status, the ratio R of the pace observed to the pace required,
        and the year the threshold is reached at the observed pace.

        Raises:
            LanguageError: a language other than ``"en"`` or ``"vi"``.
        """
        lang = check_lang(lang)
        words = [f"{'tiến độ' if lang == 'vi' else 'progress'}: {self.status.label(lang)}"]
        if self.ratio is not None and self.status is not ProgressStatus.ACHIEVED:
            words.append(f"R = {self.ratio:.2f}")
        if self.projected_year is not None and self.status is not ProgressStatus.ACHIEVED:
            reached = "đạt vào năm" if lang == "vi" else "reached in"
            words.append(f"{reached} {self.projected_year}")
        return "; ".join(words)

    def __str__(self) -> str:
        return self.text("en")


# -- text --------------------------------------------------------------------------

_WORDS = {
    "en": {
        "head": "{0}, unit {1}, as of {2}: {3}",
        "method": "method: {0}",
        "values": "base {0} ({1}); latest {2} ({3}); threshold {4} by {5}",
        "latest": "latest {0} ({1}); threshold {2} by {3}",
        "threshold": "threshold {0} by {1}",
        "rates": "observed {0}; required from the base {1}; ratio {2}",
        "observed": "observed {0}",
        "pace": "required from the latest value: {0}",
        "projected": "at the observed pace: {0} by the deadline",
        "reached": "the threshold is reached at the end of {0} at the observed pace",
        "met": "the threshold is met by the latest value ({0})",
        "never": "at the observed pace the threshold is not reached",
        "plan": "plan: {0}",
        "plan_year": "{0}: {1} of {2}",
        "plan_none": "{0}: {1} (no count yet)",
        "notes": "notes:",
        "/year": "/year",
        "units": "units",
        "rank": "rank",
        "ranks": "ranks",
    },
    "vi": {
        "head": "{0}, đơn vị {1}, đến ngày {2}: {3}",
        "method": "phương pháp: {0}",
        "values": "gốc {0} ({1}); mới nhất {2} ({3}); chỉ tiêu {4} đến {5}",
        "latest": "mới nhất {0} ({1}); chỉ tiêu {2} đến {3}",
        "threshold": "chỉ tiêu {0} đến {1}",
        "rates": "thực tế {0}; cần đạt từ năm gốc {1}; tỷ số {2}",
        "observed": "thực tế {0}",
        "pace": "cần đạt từ giá trị mới nhất: {0}",
        "projected": "theo tốc độ hiện nay: {0} vào thời hạn",
        "reached": "theo tốc độ hiện nay, đạt chỉ tiêu vào cuối năm {0}",
        "met": "giá trị mới nhất đã đạt chỉ tiêu ({0})",
        "never": "theo tốc độ hiện nay, không đạt được chỉ tiêu",
        "plan": "kế hoạch: {0}",
        "plan_year": "{0}: {1}/{2}",
        "plan_none": "{0}: {1} (chưa có số liệu)",
        "notes": "ghi chú:",
        "/year": "/năm",
        "units": "đơn vị",
        "rank": "hạng",
        "ranks": "hạng",
    },
}


def _number(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _value(x: float, unit: str, lang: str, digits: int | None = None) -> str:
    """A value in its unit; ``digits`` rounds it (a projection is no measurement)."""
    words = _WORDS[lang]
    number = _format_number(x) if digits is None else _number(x, digits)
    if unit == "rank":
        return f"{words['rank']} {number}"
    if unit == "administrative_unit":
        return f"{number} {words['units']}"
    return format_quantity(x, unit).replace(_format_number(x), number, 1)


def _shown(
    x: float, threshold: float | None, unit: str, lang: str, digits: int | None = None
) -> str:
    """A value as text, with the digits it takes not to show a value that differs from
    the threshold (by more than the tolerance of comparisons) as the threshold."""
    text = _value(x, unit, lang, digits)
    if (
        threshold is None
        or abs(x - threshold) <= tolerance(threshold)
        or text != _value(threshold, unit, lang)
    ):
        return text
    more = next((d for d in range(5, 18) if f"{x:.{d}g}" != f"{threshold:.{d}g}"), 17)
    return _value(x, unit, lang).replace(_format_number(x), f"{x:.{more}g}", 1)


def _rate(x: float, unit: str, lang: str) -> str:
    words = _WORDS[lang]
    per = words["/year"]
    if unit == "percent / year":
        return f"{_number(x, 2)} %{per}"
    if unit == "rank / year":
        return f"{_number(x, 2)} {words['ranks']}{per}"
    return f"{_number(x, 2)} {words['units']}{per}"


def _lines(p: Progress, lang: str) -> list[str]:
    w = _WORDS[lang]
    unit = p.unit_of_measure
    out = [w["head"].format(p.target, p.unit, p.as_of.isoformat(), p.status.label(lang))]
    out.append("  " + w["method"].format(p.method.label(lang)))
    thr = "–" if p.threshold is None else _value(p.threshold, unit, lang)
    dl = str(p.deadline)
    if p.base is not None and p.latest is not None and p.base != p.latest:
        out.append(
            "  "
            + w["values"].format(
                _shown(p.base.value, p.threshold, unit, lang),
                p.base.period,
                _shown(p.latest.value, p.threshold, unit, lang),
                p.latest.period,
                thr,
                dl,
            )
        )
    elif p.latest is not None:
        latest = _shown(p.latest.value, p.threshold, unit, lang)
        out.append("  " + w["latest"].format(latest, p.latest.period, thr, dl))
    else:
        out.append("  " + w["threshold"].format(thr, dl))
    if p.observed_rate is not None:
        obs = _rate(p.observed_rate, p.rate_unit, lang)
        if p.required_rate is not None:
            req = _rate(p.required_rate, p.rate_unit, lang)
            ratio = "–" if p.ratio is None else _number(p.ratio, 2)
            out.append("  " + w["rates"].format(obs, req, ratio))
        else:
            out.append("  " + w["observed"].format(obs))
    if p.required_pace is not None:
        out.append("  " + w["pace"].format(_rate(p.required_pace, p.rate_unit, lang)))
    if p.projected is not None:
        projected = _shown(p.projected, p.threshold, unit, lang, digits=2)
        out.append("  " + w["projected"].format(projected))
    if p.status is ProgressStatus.ACHIEVED:
        out.append("  " + w["met"].format(p.latest.period if p.latest else p.projected_year))
    elif p.projected_year is not None:
        out.append("  " + w["reached"].format(p.projected_year))
    elif p.observed_rate is not None:
        out.append("  " + w["never"])
    if p.plan:
        years = [
            w["plan_none"].format(y.year, _number(y.quota, 2))
            if y.completed is None
            else w["plan_year"].format(y.year, _number(y.completed, 2), _number(y.quota, 2))
            for y in p.plan
        ]
        out.append("  " + w["plan"].format("; ".join(years)))
    if p.notes:
        out.append("  " + w["notes"])
        out.extend(f"  - {n.text(lang)}" for n in p.notes)
    return out


# -- building ------------------------------------------------------------------------


@attrs.frozen
class Goal:
    """What a target asks, as the methods read it: a comparator and a threshold in
    ``unit`` (internal)."""

    comparator: Comparator
    threshold: float
    unit: str


@attrs.define
class Draft:
    """A progress being computed: its fields so far and its notes (internal)."""

    target: str
    unit: str
    as_of: datetime.date
    deadline: Period
    threshold: float | None
    method: ProgressMethod = ProgressMethod.NONE
    unit_of_measure: str = ""
    rate_unit: str = ""
    status: ProgressStatus = ProgressStatus.NOT_AVAILABLE
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None
    base: Point | None = None
    latest: Point | None = None
    required_pace: float | None = None
    projected: float | None = None
    projected_year: int | None = None
    plan: list[PlanYear] = attrs.Factory(list)
    notes: list[ProgressNote] = attrs.Factory(list)

    def note(self, code: ProgressNoteCode, *args: NoteArg) -> None:
        """Add a note (once: an equal note is not repeated)."""
        note = ProgressNote(code, args)
        if note not in self.notes:
            self.notes.append(note)

    def band(self, observed: float, required: float, *, achieved: bool) -> None:
        """Set the ratio ``observed / |required|`` and, unless ``achieved``, the status
        of its band. Without a required rate (zero: the base already met the
        threshold), a value that moved the wrong way is a deterioration; a quotient too
        large for a float keeps the band of its sign, and a note."""
        if required == 0:
            self.ratio = None
            if not achieved and observed < 0:
                self.status = ProgressStatus.DETERIORATION
            return
        try:
            ratio = observed / abs(required)
        except OverflowError:  # pragma: no cover - float division gives inf
            ratio = math.copysign(math.inf, observed)
        if not math.isfinite(ratio):
            self.note(ProgressNoteCode.RATIO_UNBOUNDED)
        self.ratio = ratio if math.isfinite(ratio) else None
        if not achieved:
            self.status = classify(ratio)

    def finish(self) -> Progress:
        """The frozen :class:`Progress`."""
        return Progress(**attrs.asdict(self, recurse=False))
