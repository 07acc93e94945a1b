"""The arithmetic of progress, on plain floats: compound growth, least squares, time.

Time is counted in years, ``t = Y`` being the end of year ``Y`` (:func:`year_end_time`):
values for whole years are then exactly a year apart, and a deadline "2030" is at
``t = 2030``. Every function returns None where its answer is not a finite number (a
base of zero, opposite signs, an overflow), never NaN or infinity.

>>> round(compound(8.28 / 5.0, 3), 4), round(compound(30 / 5.0, 10), 4)
(0.1831, 0.1962)
>>> slope, t_mean, v_mean = least_squares([2020, 2021, 2022, 2023], [15, 12, 15, 11])
>>> slope, t_mean, v_mean
(-0.9, 2021.5, 13.25)
>>> year_end_time(datetime.date(2025, 12, 31)), round(year_end_time(datetime.date(2025, 6, 30)), 4)
(2025.0, 2024.4959)
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Sequence

__all__ = [
    "LAST_YEAR",
    "compound",
    "compound_reach",
    "compound_value",
    "first_year_at",
    "least_squares",
    "linear_reach",
    "year_end_time",
]

#: The last calendar year a projection may name (the last year of a Period).
LAST_YEAR = 9999

#: A time this close below a whole year counts as that year (float noise).
_SLACK = 1e-9


def year_end_time(day: datetime.date) -> float:
    """The time of ``day`` in years, ``Y`` being the end of year ``Y`` (31 Dec)."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.year - 1 + day.timetuple().tm_yday / days


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def compound(ratio: float, years: float) -> float | None:
    """The compound yearly rate (a fraction) that multiplies by ``ratio`` in ``years``.

    A ratio of zero (a value that fell to zero) is a rate of −1; a negative ratio
    (opposite signs), a non-finite one or ``years`` ≤ 0 has none.
    """
    if not (years > 0 and math.isfinite(ratio) and ratio >= 0):
        return None
    if ratio == 0:
        return -1.0
    try:
        return _finite(ratio ** (1.0 / years) - 1.0)
    except OverflowError:
        return None


def compound_value(value: float, rate: float, years: float) -> float | None:
    """``value`` grown at the compound ``rate`` for ``years`` (None on overflow)."""
    if rate <= -1.0:
        return 0.0 if years > 0 else value
    try:
        return _finite(value * (1.0 + rate) ** years)
    except OverflowError:
        return None


def compound_reach(t: float, value: float, rate: float, target: float) -> float | None:
    """When ``value`` (at time ``t``), growing at the compound ``rate``, reaches
    ``target``; None when it never does (it moves away, stays, or only tends to it)."""
    if rate <= -1.0 or rate == 0 or value == 0:
        return None
    share = target / value
    if not (share > 0 and math.isfinite(share)):
        return None
    years = math.log(share) / math.log1p(rate)
    return t + years if years > 0 and math.isfinite(years) else None


def least_squares(times: Sequence[float], values: Sequence[float]) -> tuple[float, float, float]:
    """The least-squares line through the points: ``(slope, mean time, mean value)``;
    the line is ``mean value + slope × (t − mean time)``. Needs two distinct times."""
    n = len(times)
    t_mean = math.fsum(times) / n
    v_mean = math.fsum(values) / n
    sxx = math.fsum((t - t_mean) ** 2 for t in times)
    sxy = math.fsum((t - t_mean) * (v - v_mean) for t, v in zip(times, values, strict=True))
    return sxy / sxx, t_mean, v_mean


def linear_reach(t: float, value: float, slope: float, target: float) -> float | None:
    """When the line through ``(t, value)`` with ``slope`` reaches ``target``; None
    when it is flat or runs away from it."""
    if slope == 0:
        return None
    years = (target - value) / slope
    return t + years if math.isfinite(years) and years >= 0 else None


def first_year_at(t: float | None, *, after: int | None = None) -> int | None:
    """The first whole year whose end is at or after time ``t`` (and, with ``after``,
    later than that year); None for no time or one past :data:`LAST_YEAR`."""
    if t is None or not math.isfinite(t):
        return None
    if t > LAST_YEAR:
        return None
    year = math.ceil(t - _SLACK)
    if after is not None:
        year = max(year, after + 1)
    return year if year <= LAST_YEAR else None
