"""Strategies for rulebooks: indicators, targets of every measure, directions."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Literal

from hypothesis import strategies as st

from thdx.model._indicators import (
    Catalogue,
    Direction,
    Indicator,
    IndicatorKind,
    Pillar,
)
from thdx.model._levels import Level
from thdx.model._periods import Period
from thdx.rules import (
    Comparator,
    Compare,
    Completed,
    CountUnits,
    Growth,
    Guideline,
    Rule,
    Rulebook,
    ShareUnits,
    Target,
)
from thdx.strategies._values import (
    _ANY_TEXT,
    _BOOLEANS,
    _CLEAN_TEXT,
    _CODES,
    _SOME_TEXT,
    _nonempty,
    quantities,
)

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
