"""Hypothesis strategies for thdx objects (the public face is :mod:`thdx.strategies`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Literal, NamedTuple

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "thdx.strategies._strategies needs Hypothesis: pip install 'thdx[strategies]'"
    raise ImportError(msg) from exc

from thdx.model._indicators import (
    Catalogue,
    Direction,
    Indicator,
    IndicatorKind,
    Pillar,
    default_catalogue,
)
from thdx.model._periods import Period
from thdx.model._quantities import convert
from thdx.model._units import AdministrativeUnit, Hierarchy, Level
from thdx.rules._rulebook import Guideline, Rulebook
from thdx.rules._targets import Target, rule_indicators
from thdx.rules._vocabulary import (
    Comparator,
    Compare,
    Completed,
    CountUnits,
    Growth,
    Rule,
    ShareUnits,
)
from thdx.store._measurements import (
    Measurement,
    MeasurementSet,
    Recognition,
    ReportedCount,
    fitting_cohorts,
)

__all__ = [
    "Scenario",
    "hierarchies",
    "measurement_sets",
    "measurements",
    "periods",
    "quantities",
    "recognitions",
    "rulebooks",
    "scenarios",
]

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
    code = unit if unit is not None else draw(_CODES)
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
        unit: the unit code; default: any code.
        catalogue: the indicators to draw from and check against (default: the
            shipped catalogue).
        period: the period; default: any period of :func:`periods`.

    Each measurement is valid alone; a MeasurementSet refuses two different values
    for one unit, indicator and period, and a derived share out of range computed
    from its two parts (:func:`measurement_sets` draws sets that go together).
    """
    return _measurement(indicator, unit, catalogue, period)


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
def _recognition_of_code(draw: st.DrawFn, codes: tuple[str, ...] | None) -> Recognition:
    code = draw(st.sampled_from(codes)) if codes else draw(_CODES)
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
            None (any code).

    Raises:
        ValueError: ``units`` is an empty sequence.
    """
    if isinstance(units, Hierarchy):
        versions = tuple(u for u in units if u.level is not Level.PROVINCE) or tuple(units)
        return _recognition_of_unit(versions)
    if units is not None and not list(units):
        msg = "recognitions(units=...) needs at least one unit code"
        raise ValueError(msg)
    return _recognition_of_code(tuple(units) if units is not None else None)


# -- hierarchies ---------------------------------------------------------------------------

_DISTRICT_KINDS = ("huyện", "thị xã", "thành phố")
_COMMUNE_KINDS = ("xã", "phường", "thị trấn")


@st.composite
def _hierarchy(draw: st.DrawFn, province: str | None, reform: bool | None) -> Hierarchy:
    per_district = draw(st.lists(st.integers(0, 3), max_size=3))
    has_reform = draw(st.booleans()) if reform is None else reform
    n_new = draw(st.integers(1, 4)) if has_reform else 0
    needed = len(per_district) + sum(per_district) + n_new
    exclude = {int(province)} if province is not None else set()
    pool = st.integers(1, 99_999).filter(lambda c: c not in exclude)
    codes = [
        str(c) for c in draw(st.lists(pool, min_size=needed + 1, max_size=needed + 1, unique=True))
    ]
    prov = province if province is not None else codes[0]
    it = iter(codes[1:])
    reform_day = (
        draw(st.dates(_dt.date(2019, 1, 1), _dt.date(2030, 12, 31))) if has_reform else None
    )
    new_codes = [next(it) for _ in range(n_new)]
    units = [AdministrativeUnit(code=prov, name=f"Tỉnh {draw(_NAMES)}", kind="tỉnh")]
    for n_communes in per_district:
        d_code, d_kind = next(it), draw(st.sampled_from(_DISTRICT_KINDS))
        units.append(
            AdministrativeUnit(
                code=d_code,
                name=f"{d_kind.capitalize()} {draw(_NAMES)}",
                kind=d_kind,
                parent=prov,
                valid_until=reform_day,
            )
        )
        for _ in range(n_communes):
            c_kind = draw(st.sampled_from(_COMMUNE_KINDS))
            successors = (
                draw(st.lists(st.sampled_from(new_codes), unique=True, max_size=2))
                if new_codes
                else []
            )
            units.append(
                AdministrativeUnit(
                    code=next(it),
                    name=f"{c_kind.capitalize()} {draw(_NAMES)}",
                    kind=c_kind,
                    parent=d_code,
                    valid_until=reform_day,
                    successors=tuple(successors),
                )
            )
    for code in new_codes:
        c_kind = draw(st.sampled_from(("xã", "phường")))
        units.append(
            AdministrativeUnit(
                code=code,
                name=f"{c_kind.capitalize()} {draw(_NAMES)}",
                kind=c_kind,
                parent=prov,
                level="commune",
                valid_from=reform_day,
            )
        )
    return Hierarchy(units)


def hierarchies(
    *, province: str | None = None, reform: bool | None = None
) -> st.SearchStrategy[Hierarchy]:
    """Small valid Hierarchies: a province, up to 3 districts with up to 3 communes each.

    With a reform (drawn 2019–2030, like the 1 Jul 2025 one), every district and
    commune ends on the reform day and 1–4 new communes directly under the province
    begin on it; each old commune names 0–2 of them as its successors.

    Args:
        province: the province's code (default: any code).
        reform: True or False to force or forbid a reform (default: either).

    Raises:
        ValueError: ``province`` is not a code of digits.
    """
    if province is not None and not (province.isdigit() and province.isascii()):
        msg = f"province must be a code of digits, got {province!r}"
        raise ValueError(msg)
    return _hierarchy(province, reform)


# -- rulebooks ---------------------------------------------------------------------------

_UNITS = {
    IndicatorKind.SHARE: ("percent",),
    IndicatorKind.COUNT: ("enterprise", "household", "person"),
    IndicatorKind.LEVEL: ("VND", "million_VND", "million_VND / worker"),
    IndicatorKind.GROWTH_RATE: ("percent",),
    IndicatorKind.RANK: ("rank",),
}
_BETTER = {
    Direction.HIGHER: (Comparator.GE, Comparator.GT),
    Direction.LOWER: (Comparator.LE, Comparator.LT),
}


_INDICATOR_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_TARGET_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,15}", fullmatch=True)
_KINDS = st.sampled_from(list(IndicatorKind))
_DIRECTIONS = st.sampled_from(list(Direction))
_PILLARS = st.sampled_from(list(Pillar))


@st.composite
def _indicators(draw: st.DrawFn) -> list[Indicator]:
    ids = draw(
        st.lists(
            _INDICATOR_IDS,
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    out: list[Indicator] = []
    for i, ind_id in enumerate(ids):
        kind = draw(_KINDS) if i else IndicatorKind.LEVEL
        if kind is IndicatorKind.RANK:
            direction = Direction.LOWER
        elif kind is IndicatorKind.GROWTH_RATE:
            direction = Direction.HIGHER
        else:
            direction = draw(_DIRECTIONS)
        out.append(
            Indicator(
                id=ind_id,
                name_vi=draw(_nonempty(_CLEAN_TEXT)),
                name_en=draw(_nonempty(_CLEAN_TEXT)),
                pillar=draw(_PILLARS),
                unit=draw(st.sampled_from(_UNITS[kind])),
                kind=kind,
                direction=direction,
                note=draw(st.sampled_from(("", "cohort: 63 provinces")))
                if kind is IndicatorKind.RANK
                else "",
            )
        )
    if draw(st.booleans()):  # a derived share: the ratio of two measured levels
        taken = {i.id for i in out}
        num, den, ratio = (f"{p}_{len(out)}" for p in ("part", "whole", "ratio"))
        if not taken & {num, den, ratio}:
            unit = draw(st.sampled_from(("VND", "million_VND")))
            for ind_id in (num, den):
                out.append(Indicator(ind_id, ind_id, ind_id, "economy", unit, "level"))
            out.append(
                Indicator(
                    ratio,
                    ratio,
                    ratio,
                    "economy",
                    "percent",
                    "share",
                    numerator=num,
                    denominator=den,
                )
            )
    return out


_DEADLINES = st.one_of(
    st.integers(2020, 2032).map(Period.year),
    st.builds(lambda y, q: Period.parse(f"{y}-Q{q}"), st.integers(2020, 2032), st.integers(1, 4)),
)


@st.composite
def _target(
    draw: st.DrawFn, tid: str, indicators: Sequence[Indicator], codes: Sequence[str]
) -> Target:
    growable = [i for i in indicators if i.kind in (IndicatorKind.LEVEL, IndicatorKind.COUNT)]
    rates = [i for i in indicators if i.kind is IndicatorKind.GROWTH_RATE]
    measures = ["value", "count", "share"] + (["growth"] if growable else [])
    measures += ["completed"] if codes else []
    measure = draw(st.sampled_from(measures))
    deadline = draw(_DEADLINES)
    scope: Level = Level.PROVINCE
    units: tuple[str, ...] = ()
    rule: Rule
    if measure == "value":
        ind = draw(st.sampled_from(list(indicators)))
        comp = draw(st.sampled_from(_BETTER[ind.direction]))
        rule = Compare(ind.id, comp, draw(quantities(ind)))
        unit = ind.unit
    elif measure == "growth":
        ind = draw(st.sampled_from(growable))
        last = deadline.last_year
        first = draw(st.integers(last - 5, last))
        rate = draw(st.sampled_from([None, *rates])) if rates else None
        method: Literal["compound", "arithmetic"] = "compound"
        if rate is not None and draw(st.booleans()):
            method = "arithmetic"
        comp = draw(st.sampled_from(_BETTER[ind.direction]))
        threshold = draw(st.floats(-20.0, 30.0, allow_subnormal=False))
        rule = Growth(ind.id, f"{first}/{last}", comp, threshold, rate.id if rate else None, method)
        deadline = Period.year(last)
        unit = "percent"
    elif measure in ("count", "share"):
        scope = draw(st.sampled_from((Level.DISTRICT, Level.COMMUNE)))
        comp = draw(st.sampled_from(_BETTER[Direction.HIGHER]))
        if measure == "count":
            rule = CountUnits(scope, Completed(), comp, float(draw(st.integers(0, 12))))
            unit = "administrative_unit"
        else:
            rule = ShareUnits(scope, Completed(), comp, draw(st.floats(0.0, 100.0)))
            unit = "percent"
    else:
        scope = draw(st.sampled_from((Level.DISTRICT, Level.COMMUNE)))
        rule = Completed()
        unit = ""
    if measure == "completed" or (measure in ("value", "growth") and codes and draw(st.booleans())):
        units = tuple(
            draw(st.lists(st.sampled_from(list(codes)), min_size=1, max_size=3, unique=True))
        )
    return Target(
        id=tid,
        rule=rule,
        deadline=deadline,
        scope=scope,
        clause=draw(_SOME_TEXT),
        threshold_unit=unit,
        label_en=draw(_ANY_TEXT),
        pillar=draw(st.none() | _PILLARS),
        units=units,
        clause_verbatim=draw(_BOOLEANS),
    )


@st.composite
def _rulebook(draw: st.DrawFn, jurisdiction: str | None, units: Sequence[str] | None) -> Rulebook:
    indicators = draw(_indicators())
    codes = list(units) if units is not None else draw(st.lists(_CODES, max_size=3, unique=True))
    ids = draw(
        st.lists(
            _TARGET_IDS,
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    targets = [draw(_target(tid, indicators, codes)) for tid in ids]
    dir_ids = draw(st.lists(_SOME_TEXT, max_size=2, unique=True))
    directions = [Guideline(d, draw(_SOME_TEXT), draw(_ANY_TEXT)) for d in dir_ids]
    return Rulebook(
        id=draw(_SOME_TEXT),
        number=draw(_SOME_TEXT),
        title=draw(_SOME_TEXT),
        jurisdiction=jurisdiction if jurisdiction is not None else draw(_CODES),
        catalogue=Catalogue(indicators),
        targets=targets,
        directions=directions,
        title_en=draw(_ANY_TEXT),
        issuer=draw(_ANY_TEXT),
        issuer_en=draw(_ANY_TEXT),
        # Issued on or before every deadline's end (a goal is not set for the past).
        issued=draw(
            st.none()
            | st.dates(
                _dt.date(2015, 1, 1),
                min((t.deadline.end for t in targets), default=_dt.date(2030, 12, 31)),
            )
        ),
        source=draw(_ANY_TEXT),
        own_indicators=[i.id for i in indicators],
    )


def rulebooks(
    *, jurisdiction: str | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[Rulebook]:
    """Small valid Rulebooks, built through the public API, that a file can hold.

    Each declares 1–4 indicators of its own (sometimes a derived share) and 1–5
    targets: values, compound or arithmetic growth over a window ending at the
    deadline, counts and shares of completed district or commune-level units, and
    completion of named units. Comparators point the indicator's better way (``>=``
    or ``>`` when higher is better, ``<=`` or ``<`` for ranks), so raising a
    higher-is-better value never turns a verdict from MET to NOT_MET. Texts are any
    Unicode. ``loads_rulebook(dump_rulebook(rb)) == rb`` for every one.

    Args:
        jurisdiction: the code the rulebook is about (default: any code).
        units: the codes that targets assigned to named units may name (default:
            up to 3 codes drawn at random; an empty sequence means none).
    """
    return _rulebook(jurisdiction, units)


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


def measurement_sets(rulebook: Rulebook, hierarchy: Hierarchy) -> st.SearchStrategy[MeasurementSet]:
    """Data consistent with a rulebook and a hierarchy, with some values missing.

    Yearly series (with gaps) of every indicator the rulebook reads for its
    jurisdiction and the units its targets name, a few more values for units of the
    hierarchy and for periods of every form, the two parts of derived shares drawn
    together (so every ratio is a valid share), recognitions of the hierarchy's
    units, and counts published for the jurisdiction. Years run from two before the
    earliest deadline (or the year before a growth window) to one after the latest.
    Checked against ``rulebook.catalogue``.
    """
    return _measurement_set(rulebook, hierarchy)


# -- everything together -----------------------------------------------------------------


class Scenario(NamedTuple):
    """A rulebook, the units it is about, data for both, and an evaluation date."""

    rulebook: Rulebook
    hierarchy: Hierarchy
    data: MeasurementSet
    as_of: _dt.date


@st.composite
def _scenario(draw: st.DrawFn) -> Scenario:
    hierarchy = draw(hierarchies())
    province = next(u.code for u in hierarchy if u.level is Level.PROVINCE)
    codes = sorted({u.code for u in hierarchy if u.level is not Level.PROVINCE}, key=int)
    rulebook = draw(rulebooks(jurisdiction=province, units=codes))
    data = draw(measurement_sets(rulebook, hierarchy))
    first, last = _span(rulebook)
    as_of = draw(st.dates(_dt.date(first, 1, 1), _dt.date(last, 12, 31)))
    return Scenario(rulebook, hierarchy, data, as_of)


def scenarios() -> st.SearchStrategy[Scenario]:
    """A hierarchy, a rulebook about its province, data for both, and an ``as_of`` date.

    The date falls within the years of the data, so some data lies after it.
    """
    return _scenario()
