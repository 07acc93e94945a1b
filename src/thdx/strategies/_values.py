"""Strategies for periods, values, measurements and recognitions."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from hypothesis import strategies as st

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._hierarchy import Hierarchy
from thdx.model._indicators import (
    Catalogue,
    Indicator,
    IndicatorKind,
    default_catalogue,
)
from thdx.model._levels import Level
from thdx.model._measurement import Measurement
from thdx.model._measurement_cohorts import fitting_cohorts
from thdx.model._measurement_records import Recognition
from thdx.model._periods import Period
from thdx.strategies._defaults import hierarchy_or_default

# -- text ------------------------------------------------------------------------------

_SYLLABLES = (
    "Thanh", "Hóa", "Hoằng", "Quảng", "Xương", "Sầm", "Sơn", "Bỉm", "Nghi", "Vĩnh",
    "Lộc", "Ngọc", "Lặc", "Cẩm", "Thủy", "Yên", "Định", "Thường", "Xuân", "Đông",
)  # fmt: skip

#: Text that survives every thdx file format unchanged: no control characters, no
#: surrounding whitespace (the CSV reader strips cells).
_CLEAN_TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x7f"),
    max_size=16,
).map(str.strip)


_NAMES = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map(" ".join)
_ANY_TEXT = st.text(max_size=20)
_SOME_TEXT = st.text(min_size=1, max_size=40)
_BOOLEANS = st.booleans()


def _nonempty(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.filter(bool)


# -- periods -----------------------------------------------------------------------------


def periods(*, min_year: int = 2000, max_year: int = 2035) -> st.SearchStrategy[Period]:
    """Periods of every form: year, half, quarter, month, day, whole-year or day range.

    Args:
        min_year: the earliest year a period may touch (at least 1000).
        max_year: the latest year a period may touch (at most 9999).

    Raises:
        ValueError: the bounds are outside 1000..9999 or in the wrong order.
    """
    if not 1000 <= min_year <= max_year <= 9999:
        msg = f"need 1000 <= min_year <= max_year <= 9999, got {min_year!r} and {max_year!r}"
        raise ValueError(msg)
    years = st.integers(min_year, max_year)
    days = st.dates(_dt.date(min_year, 1, 1), _dt.date(max_year, 12, 31))
    return st.one_of(
        years.map(Period.year),
        st.builds(lambda y, h: Period.parse(f"{y}-H{h}"), years, st.integers(1, 2)),
        st.builds(lambda y, q: Period.parse(f"{y}-Q{q}"), years, st.integers(1, 4)),
        st.builds(lambda y, m: Period.parse(f"{y}-{m:02d}"), years, st.integers(1, 12)),
        days.map(Period.day),
        st.tuples(years, years).map(
            lambda ys: Period(_dt.date(min(ys), 1, 1), _dt.date(max(ys), 12, 31))
        ),
        st.tuples(days, days).map(lambda ds: Period(min(ds), max(ds))),
    )


# -- values --------------------------------------------------------------------------------

#: Upper bound of generated levels and counts: large enough for a GRDP in VND.
_MAX_LEVEL = 1e15
_MAX_RANK = 100


def quantities(indicator: Indicator) -> st.SearchStrategy[float]:
    """Valid magnitudes, in the canonical unit, for an indicator's kind.

    Shares lie in 0–100; counts are whole numbers ≥ 0; levels are ≥ 0 (up to 1e15);
    ranks are whole numbers ≥ 1; growth rates are finite (from -100 %, a level that
    fell to zero, up to +1000 %).
    """
    return _QUANTITIES[indicator.kind]


_QUANTITIES: dict[IndicatorKind, st.SearchStrategy[float]] = {
    IndicatorKind.SHARE: st.floats(0.0, 100.0),
    IndicatorKind.COUNT: st.integers(0, 10**9).map(float),
    IndicatorKind.LEVEL: st.floats(0.0, _MAX_LEVEL, allow_subnormal=False),
    IndicatorKind.RANK: st.integers(1, _MAX_RANK).map(float),
    IndicatorKind.GROWTH_RATE: st.floats(-100.0, 1000.0, allow_subnormal=False),
}
_CODES = st.integers(1, 99_999).map(str)


def _value_forms(
    indicator: Indicator, magnitude: float, period: Period
) -> st.SearchStrategy[object]:
    """Ways to write ``magnitude`` that a Measurement reads back exactly (a rank with a
    cohort that fits its data year, for the rankings whose cohorts are known)."""
    if indicator.kind is IndicatorKind.RANK:
        rank = int(magnitude)
        fitting = fitting_cohorts(indicator.id, period)
        if fitting is None:
            cohorts: st.SearchStrategy[int] = st.integers(rank, rank + 70)
        elif any(c >= rank for c in fitting):
            cohorts = st.sampled_from(sorted(c for c in fitting if c >= rank))
        else:
            return st.just(magnitude)
        return st.one_of(st.just(magnitude), cohorts.map(lambda c: f"{rank}/{c}"))
    return st.booleans().map(lambda text: f"{magnitude!r} {indicator.unit}" if text else magnitude)


@st.composite
def _measurement(
    draw: st.DrawFn,
    indicator: Indicator | str | None,
    unit: str | None,
    catalogue: Catalogue | None,
    period: Period | None,
) -> Measurement:
    cat = catalogue or default_catalogue()
    if indicator is None:
        ind = draw(st.sampled_from(sorted(cat.values(), key=lambda i: i.id)))
    else:
        ind = cat[indicator if isinstance(indicator, str) else indicator.id]
    code = unit if unit is not None else draw(_thanh_hoa_codes())
    per = period if period is not None else draw(periods())
    value = draw(_value_forms(ind, draw(quantities(ind)), per))
    return Measurement(code, ind.id, value, per, draw(_CLEAN_TEXT), catalogue=cat)


def measurements(
    indicator: Indicator | str | None = None,
    unit: str | None = None,
    catalogue: Catalogue | None = None,
    *,
    period: Period | None = None,
) -> st.SearchStrategy[Measurement]:
    """Valid Measurements: a value of the indicator's kind, a period, a source.

    Values are given as a plain number, as text with the canonical unit
    (``"92.5 percent"``) or, for ranks, as ``"rank/cohort"``; the source is clean
    text (it survives a CSV round trip) and the note is empty.

    Args:
        indicator: the indicator (or its id); default: any of ``catalogue``.
        unit: the unit code; default: a code of Thanh Hóa's units (either era).
        catalogue: the indicators to draw from and check against (default: the
            shipped catalogue, which holds Resolution 06-NQ/TU's indicators).
        period: the period; default: any period of :func:`periods`.

    Each measurement is valid alone; a MeasurementSet refuses two different values
    for one unit, indicator and period, and a derived share out of range computed
    from its two parts (:func:`measurement_sets` draws sets that go together).
    """
    return _measurement(indicator, unit, catalogue, period)


def _thanh_hoa_codes() -> st.SearchStrategy[str]:
    return st.sampled_from(sorted({u.code for u in hierarchy_or_default(None)}, key=int))


# -- recognitions ------------------------------------------------------------------------

_FIRST_DAY = _dt.date(2015, 1, 1)
_LAST_DAY = _dt.date(2035, 12, 31)


_DECISIONS = st.builds(
    lambda n, y, who: f"QĐ {n}/QĐ-{who} ({y})",
    st.integers(1, 9999),
    st.integers(2015, 2035),
    st.sampled_from(("UBND", "CT", "BKHCN")),
)


@st.composite
def _recognition_of_unit(draw: st.DrawFn, units: tuple[AdministrativeUnit, ...]) -> Recognition:
    unit = draw(st.sampled_from(units))
    lo = unit.valid_from or _dt.date.min
    hi = unit.valid_until - _dt.timedelta(days=1) if unit.valid_until else _dt.date.max
    first, last = max(lo, _FIRST_DAY), min(hi, _LAST_DAY)
    if last < first:  # a unit that existed only outside 2015–2035
        first = last = lo if lo > _LAST_DAY else hi
    on = draw(st.dates(first, last))
    return Recognition(unit=unit.code, on=on, decision=draw(_DECISIONS), source=draw(_CLEAN_TEXT))


@st.composite
def _recognition_of_code(draw: st.DrawFn, codes: tuple[str, ...]) -> Recognition:
    code = draw(st.sampled_from(codes))
    on = draw(st.dates(_FIRST_DAY, _LAST_DAY))
    return Recognition(unit=code, on=on, decision=draw(_DECISIONS), source=draw(_CLEAN_TEXT))


def recognitions(
    units: Hierarchy | Sequence[str] | None = None,
) -> st.SearchStrategy[Recognition]:
    """Valid Recognitions: a unit, a decision number and a date.

    Args:
        units: a Hierarchy (one of its district- or commune-level units, or its
            province if it has no other, dated while it existed: within 2015–2035
            when it existed then), a sequence of unit codes (dated 2015–2035), or
            None: Thanh Hóa's units of both eras (``thdx.thanh_hoa_units()``).

    Raises:
        ValueError: ``units`` is an empty sequence.
    """
    if units is None:
        units = hierarchy_or_default(None)
    if isinstance(units, Hierarchy):
        versions = tuple(u for u in units if u.level is not Level.PROVINCE) or tuple(units)
        return _recognition_of_unit(versions)
    if units is not None and not list(units):
        msg = "recognitions(units=...) needs at least one unit code"
        raise ValueError(msg)
    return _recognition_of_code(tuple(units))
