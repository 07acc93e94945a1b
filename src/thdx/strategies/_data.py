"""Strategies for data fitting a rulebook and a hierarchy, and whole scenarios."""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from hypothesis import strategies as st

from thdx.model._hierarchy import Hierarchy
from thdx.model._indicators import (
    Catalogue,
    Indicator,
    IndicatorKind,
)
from thdx.model._levels import Level
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period
from thdx.model._unit_registry import convert
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import rule_indicators
from thdx.rules._vocabulary import (
    Growth,
)
from thdx.store._measurement_set import MeasurementSet
from thdx.strategies._defaults import hierarchy_or_default, rulebook_or_default
from thdx.strategies._edges import boundary_dates
from thdx.strategies._rulebooks import rulebooks
from thdx.strategies._units import hierarchies
from thdx.strategies._values import (
    _CLEAN_TEXT,
    _MAX_LEVEL,
    _value_forms,
    periods,
    quantities,
    recognitions,
)

# -- data for a rulebook and a hierarchy ---------------------------------------------------


def _span(rulebook: Rulebook) -> tuple[int, int]:
    firsts: list[int] = []
    lasts: list[int] = []
    for t in rulebook.targets:
        firsts.append(t.deadline.first_year - 2)
        lasts.append(t.deadline.last_year + 1)
        if isinstance(t.rule, Growth):
            firsts.append(t.rule.window.first_year - 1)
    first = max(min(firsts), 1001)
    return first, min(max(lasts), first + 12, 9999)


def _indicators_read(rulebook: Rulebook) -> list[Indicator]:
    cat = rulebook.catalogue
    wanted: set[str] = set()
    for t in rulebook.targets:
        wanted |= rule_indicators(t.rule)
    for ind_id in list(wanted):
        ind = cat.get(ind_id)
        if ind is not None and ind.derived:
            wanted |= {str(ind.numerator), str(ind.denominator)}
    return [cat[i] for i in sorted(wanted) if i in cat]


def _part_ids(catalogue: Catalogue) -> set[str]:
    return {
        str(p)
        for ind in catalogue.values()
        if ind.derived
        for p in (ind.numerator, ind.denominator)
    }


@st.composite
def _measurement_set(draw: st.DrawFn, rulebook: Rulebook, hierarchy: Hierarchy) -> MeasurementSet:
    cat = rulebook.catalogue
    first, last = _span(rulebook)
    year_list = list(range(first, last + 1))
    main_codes = list(
        dict.fromkeys([rulebook.jurisdiction, *(c for t in rulebook.targets for c in t.units)])
    )
    sub_codes = sorted({u.code for u in hierarchy} - set(main_codes), key=int)
    read = _indicators_read(rulebook)
    parts = _part_ids(cat)
    plain = [i for i in read if i.id not in parts]
    values: dict[tuple[str, str, Period], float] = {}
    sources: dict[tuple[str, str], str] = {}
    series = st.lists(st.sampled_from(year_list), unique=True, max_size=min(len(year_list), 7))
    for code in main_codes:
        for ind in plain:
            for y in draw(series):
                values[(code, ind.id, Period.year(y))] = draw(quantities(ind))
    keys = st.tuples(
        st.sampled_from(main_codes + sub_codes),
        st.sampled_from(plain) if plain else st.nothing(),
        periods(min_year=first, max_year=last),
    )
    for code, ind, per in draw(st.lists(keys, max_size=6)) if plain else []:
        values[(code, ind.id, per)] = draw(quantities(ind))
    # Derived shares: draw the two parts together, so that every ratio is a valid share.
    for ind in cat.values():
        if not (ind.derived and {ind.numerator, ind.denominator} <= {i.id for i in read}):
            continue
        num, den = cat[str(ind.numerator)], cat[str(ind.denominator)]
        factor = convert(1.0, f"({num.unit}) / ({den.unit})", ind.unit)
        for y in draw(st.lists(st.sampled_from(year_list), unique=True, max_size=4)):
            code = draw(st.sampled_from(main_codes))
            whole = draw(st.floats(1.0, _MAX_LEVEL, allow_subnormal=False))
            share = draw(st.floats(0.0, 99.0)) if ind.kind is IndicatorKind.SHARE else 1.0
            values[(code, den.id, Period.year(y))] = whole
            values[(code, num.id, Period.year(y))] = share / factor * whole
    items: list[Measurement | Recognition | ReportedCount] = []
    for (code, ind_id, per), magnitude in values.items():
        ind = cat[ind_id]
        value = (
            draw(_value_forms(ind, magnitude, per)) if ind.kind is IndicatorKind.RANK else magnitude
        )
        if (code, ind_id) not in sources:  # one publication per series
            sources[(code, ind_id)] = draw(_CLEAN_TEXT)
        items.append(Measurement(code, ind_id, value, per, sources[(code, ind_id)], catalogue=cat))
    if any(u.level is not Level.PROVINCE for u in hierarchy):
        items += draw(st.lists(recognitions(hierarchy), max_size=8))
    published: set[tuple[Level, int]] = set()  # one count per level and period
    for _ in range(draw(st.integers(0, 2))):
        total = draw(st.none() | st.integers(0, 30))
        level = draw(st.sampled_from((Level.DISTRICT, Level.COMMUNE)))
        year = draw(st.sampled_from(year_list))
        if (level, year) in published:
            continue
        published.add((level, year))
        items.append(
            ReportedCount(
                unit=rulebook.jurisdiction,
                level=level,
                period=Period.year(year),
                count=draw(st.integers(0, 30 if total is None else total)),
                total=total,
                source=draw(_CLEAN_TEXT),
            )
        )
    return MeasurementSet(draw(st.permutations(items)), catalogue=cat)


def measurement_sets(
    rulebook: Rulebook | None = None, hierarchy: Hierarchy | None = None
) -> st.SearchStrategy[MeasurementSet]:
    """Data consistent with a rulebook and a hierarchy, with some values missing.

    With no arguments, data for Resolution 06-NQ/TU (``thdx.resolution_06()``) and
    Thanh Hóa's units of both eras (``thdx.thanh_hoa_units()``).

    Yearly series (with gaps) of every indicator the rulebook reads for its
    jurisdiction and the units its targets name, a few more values for units of the
    hierarchy and for periods of every form, the two parts of derived shares drawn
    together (so every ratio is a valid share), recognitions of the hierarchy's
    units, and counts published for the jurisdiction. Years run from two before the
    earliest deadline (or the year before a growth window) to one after the latest.
    Checked against ``rulebook.catalogue``.

    Args:
        rulebook: the targets the data is for (default: Resolution 06-NQ/TU).
        hierarchy: the units the data is about (default: Thanh Hóa's, both eras).
    """
    return _measurement_set(rulebook_or_default(rulebook), hierarchy_or_default(hierarchy))


# -- everything together -----------------------------------------------------------------


class Scenario(NamedTuple):
    """A rulebook, the units it is about, data for both, and an evaluation date."""

    rulebook: Rulebook
    hierarchy: Hierarchy
    data: MeasurementSet
    as_of: _dt.date


@st.composite
def _random_scenario(draw: st.DrawFn) -> Scenario:
    hierarchy = draw(hierarchies())
    province = next(u.code for u in hierarchy if u.level is Level.PROVINCE)
    codes = sorted({u.code for u in hierarchy if u.level is not Level.PROVINCE}, key=int)
    rulebook = draw(rulebooks(jurisdiction=province, units=codes))
    return draw(_scenario(rulebook, hierarchy))


@st.composite
def _scenario(draw: st.DrawFn, rulebook: Rulebook, hierarchy: Hierarchy) -> Scenario:
    data = draw(measurement_sets(rulebook, hierarchy))
    first, last = _span(rulebook)
    days = st.dates(_dt.date(first, 1, 1), _dt.date(last, 12, 31))
    as_of = draw(st.one_of(days, boundary_dates(rulebook, hierarchy)))
    return Scenario(rulebook, hierarchy, data, as_of)


def scenarios(
    rulebook: Rulebook | None = None, hierarchy: Hierarchy | None = None
) -> st.SearchStrategy[Scenario]:
    """A rulebook, its units, data for both (:func:`measurement_sets`), and an ``as_of``.

    With no arguments: Resolution 06-NQ/TU, Thanh Hóa's units of both eras, and data
    for them, so application code may read ``report.verdict("2025.gov.satisfaction")``.
    The date falls within the years of the data (so some data lies after it), often
    on a boundary (:func:`boundary_dates`: a deadline's first or last day, the day
    after it, the day of a reform or the day before it).

    Args:
        rulebook: the targets (default: Resolution 06-NQ/TU).
        hierarchy: the units (default: Thanh Hóa's, both eras).

    >>> import thdx
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(scenarios())
    ... def test_satisfaction_is_judged(s: Scenario) -> None:
    ...     report = thdx.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
    ...     assert report.verdict("2025.gov.satisfaction").unit == "38"
    >>> test_satisfaction_is_judged()
    """
    return _scenario(rulebook_or_default(rulebook), hierarchy_or_default(hierarchy))


def random_scenarios() -> st.SearchStrategy[Scenario]:
    """A generated hierarchy, a generated rulebook about its province (:func:`rulebooks`,
    :func:`hierarchies`), data for both, and an ``as_of`` date: for laws that must
    hold for every rulebook, not only Resolution 06-NQ/TU.
    """
    return _random_scenario()
