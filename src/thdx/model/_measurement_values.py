"""Reading one measured value: a number, a quantity or a text in the indicator's
canonical unit, a rank with its cohort, checked against the indicator's range.

>>> from thdx.model._indicators import default_catalogue
>>> from thdx.model._periods import Period
>>> share = default_catalogue()["satisfaction_share"]
>>> parse_value("92.5 %", share, Period.parse("2025"), "row 1")
(92.5, None)
>>> parse_value("101 %", share, Period.parse("2025"), "row 1")
Traceback (most recent call last):
...
thdx.model._errors.MeasurementError: row 1: '101 %' is outside 0–100 % for share indicator ...
"""

from __future__ import annotations

import functools
import math
import re

from thdx.model._errors import MeasurementError, QuantityError
from thdx.model._indicators import Indicator, IndicatorKind
from thdx.model._measurement_cohorts import RANK, cohort_problem
from thdx.model._periods import Period
from thdx.model._quantities import to_magnitude
from thdx.model._unit_registry import convert

__all__ = [
    "fraction_warning",
    "highest",
    "lowest",
    "parse_rank",
    "parse_value",
    "range_problem",
    "text_field",
]

#: The lowest growth rate, in percent: a level cannot fall by more than all of it.
_LOWEST_GROWTH = -100.0

#: The smallest magnitude of each kind, and the largest: a superset of the values
#: that Indicator.check_range refuses (which then words the message). A growth rate
#: has its own floor (-100 %, in its unit).
_LOWEST = {
    IndicatorKind.SHARE: 0.0,
    IndicatorKind.COUNT: 0.0,
    IndicatorKind.LEVEL: 0.0,
    IndicatorKind.RANK: 1.0,
}
_HIGHEST = {IndicatorKind.SHARE: 100.0}

#: "%/year", "% / year", "% per year", "%/năm", "% mỗi năm" after a growth rate.
_PER_YEAR = re.compile(r"(?<=%|t)\s*(?:/\s*(?:year|yr|năm)|per\s+year|mỗi\s+năm)\s*$", re.I)


def range_problem(ind: Indicator, magnitude: float, shown: object) -> str | None:
    """The message for a magnitude outside its indicator's range, or None if fine."""
    problem = ind.check_range(magnitude, shown=shown, where=None)
    if (
        problem is None
        and ind.kind is IndicatorKind.GROWTH_RATE
        and magnitude < _floor_in(ind.unit)
    ):
        problem = (
            f"{shown!r} is below -100 % for growth-rate indicator {ind.id!r} (a level "
            "cannot fall by more than all of it)"
        )
    return problem


@functools.lru_cache(maxsize=64)
def _floor_in(unit: str) -> float:
    """-100 % (a year) in the unit of a growth-rate indicator; -inf for a unit that is
    neither a percentage nor a percentage a year."""
    if unit == "percent":
        return _LOWEST_GROWTH
    for rate in ("percent", "percent / year"):
        try:
            return convert(_LOWEST_GROWTH, rate, unit)
        except QuantityError:
            continue
    return -math.inf


def lowest(ind: Indicator) -> float:
    """The smallest magnitude an indicator's range may allow (a bound, not the check:
    :func:`range_problem` decides)."""
    if ind.kind is IndicatorKind.GROWTH_RATE:
        return _floor_in(ind.unit)
    return _LOWEST.get(ind.kind, -math.inf)


def highest(ind: Indicator) -> float:
    """The largest magnitude an indicator's range may allow (a bound, as :func:`lowest`)."""
    return _HIGHEST.get(ind.kind, math.inf)


def text_field(value: object, field: str = "source", where: str | None = None) -> str:
    """A source or note: a string, or None for none (""); anything else is refused."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = str(value)
        if any("\ud800" <= c <= "\udfff" for c in text):
            msg = f"{field} {text!r} holds a lone surrogate (not text that UTF-8 can write)"
            raise MeasurementError(f"{where}: {msg}" if where else msg)
        return text
    msg = f"{field} must be a text or None, got {value!r}"
    raise MeasurementError(f"{where}: {msg}" if where else msg)


def parse_rank(value: object, ind: Indicator, where: str) -> tuple[float, int | None]:
    """A rank as its magnitude and its cohort ("5/34": 5.0 and 34; 5: 5.0 and None)."""
    if isinstance(value, str):
        m = RANK.fullmatch(value)
        if m:
            rank, cohort = int(m.group(1)), int(m.group(2))
            if not 1 <= rank <= cohort:
                msg = f"{where}: {value!r} is not a rank within its cohort (1 ≤ rank ≤ cohort)"
                raise MeasurementError(msg)
            return float(rank), cohort
    try:
        magnitude = to_magnitude(value, ind.unit)
    except QuantityError as exc:
        msg = f"{where}: {value!r} is not a rank (expected 'rank/cohort' such as '5/34')"
        raise MeasurementError(msg) from exc
    return magnitude, None


def parse_value(
    value: object, ind: Indicator, period: Period, where: str
) -> tuple[float, int | None]:
    """A value of ``ind`` for ``period`` as its magnitude in the canonical unit and its
    cohort (None but for a rank given with one).

    Raises:
        MeasurementError: the value cannot be read or converted, is outside the
            indicator's range, or is a rank whose cohort does not fit its data year.
    """
    if ind.kind is IndicatorKind.RANK:
        magnitude, cohort = parse_rank(value, ind, where)
    else:
        text = value
        if ind.kind is IndicatorKind.GROWTH_RATE and isinstance(value, str):
            # goals.md gives growth rates in percent per year: "9.7 %/year" is 9.7 % for
            # a year's rate, and for the average yearly rate of a window.
            text = _PER_YEAR.sub("", value, count=1)
        try:
            magnitude = to_magnitude(text, ind.unit, where=where)
        except QuantityError as exc:
            # Name the value as given, "/year" included.
            raise MeasurementError(str(exc).replace(repr(text), repr(value), 1)) from exc
        cohort = None
    problem = range_problem(ind, magnitude, value)
    if problem is None and cohort is not None:
        problem = cohort_problem(ind.id, period, int(magnitude), cohort)
    if problem:
        raise MeasurementError(f"{where}: {problem}")
    return magnitude, cohort


def fraction_warning(where: str, largest: float, indicator: str) -> str:
    """The message warning that every share given as a plain number is ≤ 1."""
    pct = _plain(largest * 100)
    return (
        f"{where}: every share given as a plain number is ≤ 1 (the largest is "
        f"{_plain(largest)}, for {indicator!r}): they look like fractions, but a plain "
        f"number is read as that many percent ({_plain(largest)} is {_plain(largest)} %). "
        f"If {_plain(largest)} means {pct} %, write {pct} or '{pct} %'"
    )


def _plain(x: float) -> str:
    return f"{x:.10g}"
