"""Measurements, recognitions, reported counts, and the set that indexes them.

A :class:`Measurement` is converted to its indicator's canonical unit once, on
creation; a value that cannot be (wrong dimension, a share above 100 %, a negative
count, NaN) is refused with a message naming it. A :class:`MeasurementSet` stores
its data as columns of plain numbers, so the engine can evaluate every unit of a
level at once.

>>> m = Measurement(unit="38", indicator="satisfaction_share", value="92.5 %",
...                 period="2025", source="SIPAS 2025")
>>> m.magnitude, m.unit_of_measure
(92.5, 'percent')
>>> r = Measurement(unit="38", indicator="dx_index_rank", value="5/34", period="2024")
>>> r.magnitude, r.cohort
(5.0, 34)
>>> data = MeasurementSet([m, r])
>>> len(data)
2
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._errors import (
    ArgumentTypeError,
    DuplicateMeasurementError,
    MeasurementError,
    PeriodError,
    QuantityError,
    ThdxWarning,
)
from thdx.model._indicators import Catalogue, Indicator, IndicatorKind, default_catalogue
from thdx.model._periods import Period, as_period
from thdx.model._quantities import convert, format_quantity, to_magnitude
from thdx.model._units import Level

if TYPE_CHECKING:
    import pint

__all__ = [
    "RANK_COHORTS",
    "CohortEra",
    "Measurement",
    "MeasurementSet",
    "Recognition",
    "ReportedCount",
    "fitting_cohorts",
]

#: The lower bound of a unit that existed before any data (no ``valid_from``).
_NO_BOUND = int(np.iinfo(np.int64).min)

#: MeasurementSet.latest searches an indicator's rows when there are at least
#: _SEARCH_ROWS of them and _SEARCH_COST × units asked × log2(rows) < rows; it scans
#: them otherwise (measured: a scan costs about 2-5 ns a row, a search about 20 µs
#: plus 0.1 µs a unit).
_SEARCH_ROWS = 4096
_SEARCH_COST = 3

# ASCII digits only, at most 9 of them: int() of a longer text can be slow or refused.
_MAX_COHORT = 999_999_999
_RANK = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@attrs.frozen
class CohortEra:
    """The size of the cohort a ranking ranks in, for a span of data years.

    Args:
        cohort: how many are ranked (63 provinces).
        first_year: the first data year of the era (None: from the start).
        last_year: the last data year of the era (None: still so).
        ranked: what is ranked, for messages ("provinces").
    """

    cohort: int
    first_year: int | None = None
    last_year: int | None = None
    ranked: str = "provinces"

    def covers(self, year: int) -> bool:
        """Whether data year ``year`` lies in this era."""
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )

    def __str__(self) -> str:
        if self.first_year is None and self.last_year is not None:
            years = f"up to data year {self.last_year}"
        elif self.last_year is None and self.first_year is not None:
            years = f"from data year {self.first_year}"
        elif self.first_year is not None:
            years = f"in data years {self.first_year}–{self.last_year}"
        else:
            years = "in every data year"
        return f"{self.cohort} {self.ranked} {years}"


#: The provincial rankings (the DTI index and its digital-government pillar) rank the
#: 63 provinces up to data year 2023 and the 34 provinces of the 2025 arrangement from
#: data year 2024 (DTI 2024, QĐ 405/QĐ-BKHCN, ranks the new provinces).
PROVINCE_COHORTS = (CohortEra(63, last_year=2023), CohortEra(34, first_year=2024))

#: The cohort of each rank indicator by data year, by indicator id: a rank of one of
#: these indicators given with its cohort ("5/34") must have the cohort of its data
#: year. It applies to the indicators of these ids in any catalogue (these rankings
#: are national); a rank without cohort, or of another indicator, is not checked.
RANK_COHORTS: Mapping[str, tuple[CohortEra, ...]] = {
    "dx_index_rank": PROVINCE_COHORTS,
    "digital_gov_rank": PROVINCE_COHORTS,
}


def fitting_cohorts(indicator: str, period: Period) -> frozenset[int] | None:
    """The cohorts a rank of ``indicator`` for ``period`` may have, or None (any).

    A period of several data years may have the cohort of any of them.

    >>> sorted(fitting_cohorts("dx_index_rank", Period.parse("2022")))
    [63]
    >>> sorted(fitting_cohorts("dx_index_rank", Period.parse("2023/2024")))
    [34, 63]
    >>> fitting_cohorts("satisfaction_share", Period.parse("2022")) is None
    True
    """
    eras = RANK_COHORTS.get(indicator)
    if eras is None:
        return None
    years = range(period.start.year, period.end.year + 1)
    return frozenset(e.cohort for e in eras if any(map(e.covers, years)))


def _cohort_problem(indicator: str, period: Period, rank: int, cohort: int) -> str | None:
    """Why ``rank/cohort`` does not fit the data year(s) of ``period``, or None."""
    fitting = fitting_cohorts(indicator, period)
    if fitting is None or cohort in fitting:
        return None
    eras = ", ".join(map(str, RANK_COHORTS[indicator]))
    first, last = period.start.year, period.end.year
    years = f"data year {first}" if first == last else f"data years {first}–{last}"
    if not fitting:
        return f"'{rank}/{cohort}' does not fit {years}: {indicator!r} ranks {eras}"
    expected = " or ".join(f"{c}, e.g. '{rank}/{c}'" for c in sorted(fitting, reverse=True))
    return (
        f"'{rank}/{cohort}' does not fit {years}: {indicator!r} ranks {eras} "
        f"(expected a cohort of {expected})"
    )


#: The lowest growth rate, in percent: a level cannot fall by more than all of it.
_LOWEST_GROWTH = -100.0


def _range_problem(ind: Indicator, magnitude: float, shown: object) -> str | None:
    """The message for a magnitude outside its indicator's range, or None if fine."""
    problem = ind.check_range(magnitude, shown=shown, where=None)
    if problem is None and ind.kind is IndicatorKind.GROWTH_RATE and magnitude < _growth_floor(ind):
        problem = (
            f"{shown!r} is below -100 % for growth-rate indicator {ind.id!r} (a level "
            "cannot fall by more than all of it)"
        )
    return problem


def _growth_floor(ind: Indicator) -> float:
    """-100 % (a year) in the unit of a growth-rate indicator; -inf for a unit that is
    neither a percentage nor a percentage a year."""
    return _floor_in(ind.unit)


@functools.lru_cache(maxsize=64)
def _floor_in(unit: str) -> float:
    if unit == "percent":
        return _LOWEST_GROWTH
    for rate in ("percent", "percent / year"):
        try:
            return convert(_LOWEST_GROWTH, rate, unit)
        except QuantityError:
            continue
    return -np.inf


def _text(value: object, field: str = "source", where: str | None = None) -> str:
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


def _parse_rank(value: object, ind: Indicator, where: str) -> tuple[float, int | None]:
    if isinstance(value, str):
        m = _RANK.fullmatch(value)
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


#: "%/year", "% / year", "% per year", "%/năm", "% mỗi năm" after a growth rate.
_PER_YEAR = re.compile(r"(?<=%|t)\s*(?:/\s*(?:year|yr|năm)|per\s+year|mỗi\s+năm)\s*$", re.I)


def _value(value: object, ind: Indicator, period: Period, where: str) -> tuple[float, int | None]:
    if ind.kind is IndicatorKind.RANK:
        magnitude, cohort = _parse_rank(value, ind, where)
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
    problem = _range_problem(ind, magnitude, value)
    if problem is None and cohort is not None:
        problem = _cohort_problem(ind.id, period, int(magnitude), cohort)
    if problem:
        raise MeasurementError(f"{where}: {problem}")
    return magnitude, cohort


@attrs.frozen(init=False)
class Measurement:
    """One value of one indicator for one unit and period, in the canonical unit.

    Args:
        unit: official code of the administrative unit measured.
        indicator: indicator id (must be in ``catalogue``).
        value: a pint Quantity, a plain number (read in the indicator's canonical
            unit), or a string with its unit ("92.5 %", "1.5 trillion VND"); a rank
            is "rank/cohort" ("5/34").
        period: the period measured ("2025", "2025-Q3", "2021/2025").
        source: where the figure comes from (publication, decision number); None
            is no source (stored as "").
        note: free text (None: none).
        catalogue: the indicators to check against (default: the shipped ones).
        where: where the value came from, for error messages (``data.csv:4``).

    A growth rate below -100 % is refused. A rank of a provincial ranking given
    with its cohort must have the cohort of its data year (:data:`RANK_COHORTS`:
    63 provinces up to data year 2023, 34 from data year 2024).

    Raises:
        UnknownIndicatorError: the indicator is not in the catalogue.
        MeasurementError: the value cannot be converted or is out of range (a
            rank whose cohort does not fit its year included); the source or the
            note is neither a text nor None.
        PeriodError: the period is malformed.
    """

    unit: str
    indicator: str
    magnitude: float
    unit_of_measure: str
    period: Period
    source: str
    note: str
    cohort: int | None
    derived_from: tuple[Measurement, ...]

    def __init__(
        self,
        unit: str,
        indicator: str,
        value: object,
        period: Period | str | int,
        source: str | None = "",
        note: str | None = "",
        *,
        catalogue: Catalogue | None = None,
        where: str | None = None,
    ) -> None:
        place = where or f"measurement {unit!r}/{indicator!r}/{period!s}"
        if not _is_code(unit):
            msg = f"{place}: unit must be an official unit code (digits), got {unit!r}"
            raise MeasurementError(msg + _code_hint(unit))
        ind = (default_catalogue() if catalogue is None else catalogue).get_or_raise(
            indicator, where=place
        )
        per = as_period(period, where=place)
        magnitude, cohort = _value(value, ind, per, place)
        src, text = _text(source, "source", place), _text(note, "note", place)
        self.__attrs_init__(unit, indicator, magnitude, ind.unit, per, src, text, cohort, ())

    @classmethod
    def _trusted(
        cls,
        unit: str,
        indicator: str,
        magnitude: float,
        unit_of_measure: str,
        period: Period,
        source: str = "",
        note: str = "",
        cohort: int | None = None,
        derived_from: tuple[Measurement, ...] = (),
    ) -> Measurement:
        """Build from already-validated parts (columns, derived ratios)."""
        obj = object.__new__(cls)
        obj.__attrs_init__(
            unit, indicator, magnitude, unit_of_measure, period, source, note, cohort, derived_from
        )
        return obj

    @property
    def value(self) -> pint.Quantity:
        """The value as a pint Quantity in the canonical unit."""
        from thdx.model._quantities import registry

        return registry().Quantity(self.magnitude, self.unit_of_measure)

    def shown(self) -> str:
        """The value as text, a rank with its cohort ("5/34")."""
        if self.cohort is not None:
            return f"{int(self.magnitude)}/{self.cohort}"
        return format_quantity(self.magnitude, self.unit_of_measure)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of this measurement."""
        d: dict[str, Any] = {
            "unit": self.unit,
            "indicator": self.indicator,
            "value": self.magnitude,
            "unit_of_measure": self.unit_of_measure,
            "period": str(self.period),
            "source": self.source,
        }
        if self.cohort is not None:
            d["cohort"] = self.cohort
        if self.note:
            d["note"] = self.note
        if self.derived_from:
            d["derived_from"] = [m.to_dict() for m in self.derived_from]
        return d


def _to_day(value: _dt.date | str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        p = as_period(value) if isinstance(value, str) else None
    except PeriodError:
        p = None
    if p is None or p.start != p.end:
        msg = f"on must be a day 'YYYY-MM-DD', got {value!r}"
        raise MeasurementError(msg)
    return p.start


def _to_level(value: Level | str) -> Level:
    if value in (Level.DISTRICT, Level.COMMUNE, "district", "commune"):
        return Level(value)
    msg = f"level must be 'district' or 'commune', got {value!r}"
    raise MeasurementError(msg)


def _to_period(value: Period | str | int) -> Period:
    return as_period(value, where="period")


def _nonempty(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name} must be a non-empty string, got {value!r}"
        raise MeasurementError(msg)


def _is_code(value: object) -> bool:
    """An official unit code: a non-empty string of ASCII digits."""
    return isinstance(value, str) and value.isdigit() and value.isascii()


def _code_hint(value: object) -> str:
    """A hint for a code read as a number (pandas reads "38" as 38, "01" as 1)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return " (a number, not a string: read the column as text, e.g. dtype=str)"
    return ""


def _code(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _is_code(value):
        msg = f"{attribute.name} must be an official unit code (digits), got {value!r}"
        raise MeasurementError(msg + _code_hint(value))


@attrs.frozen
class Recognition:
    """An official decision that a unit completed digital transformation on a date.

    ``source`` is a text; None is no source (stored as "").

    >>> Recognition(unit="14758", on="2023-12-20", decision="QĐ 123/QĐ-UBND").on
    datetime.date(2023, 12, 20)
    """

    unit: str = attrs.field(validator=_code)
    on: _dt.date = attrs.field(converter=_to_day)
    decision: str = attrs.field(validator=_nonempty)
    source: str = attrs.field(default="", converter=_text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of this recognition."""
        return {
            "unit": self.unit,
            "on": self.on.isoformat(),
            "decision": self.decision,
            "source": self.source,
        }


#: The largest count of units a ReportedCount may give (files allow 9 digits too).
MAX_COUNT = 999_999_999


def _count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "total":
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        shown = (
            repr(value)
            if not isinstance(value, int) or value.bit_length() < 64
            else "a huge number"
        )
        msg = f"{attribute.name} must be a whole number from 0 to {MAX_COUNT:,}, got {shown}"
        raise MeasurementError(msg)


@attrs.frozen
class ReportedCount:
    """A count of completed units published for a whole level, not per unit.

    Args:
        unit: the unit the count is about (the province, "38").
        level: the level counted (district or commune).
        period: the period it reports on.
        count: units reported as completed.
        total: units of the level at the time, if published.
        source: the publication (None: none, stored as "").

    >>> ReportedCount(unit="38", level="commune", period="2023", count=114, total=558).count
    114
    """

    unit: str = attrs.field(validator=_code)
    level: Level = attrs.field(converter=_to_level)
    period: Period = attrs.field(converter=_to_period)
    count: int = attrs.field(validator=_count)
    total: int | None = attrs.field(default=None, validator=_count)
    source: str = attrs.field(default="", converter=_text)

    def __attrs_post_init__(self) -> None:
        if self.total is not None and self.count > self.total:
            msg = f"reported count {self.count} exceeds its total {self.total}"
            raise MeasurementError(msg)


Item = Measurement | Recognition | ReportedCount


def _shown_count(c: ReportedCount) -> str:
    text = f"{c.count}" + (f" of {c.total}" if c.total is not None else "")
    return text + (f" (source {c.source!r})" if c.source else "")


def _unique_counts(counts: Iterable[ReportedCount]) -> tuple[ReportedCount, ...]:
    """The reported counts, identical repeats once (the first of equal facts kept).

    Raises:
        DuplicateMeasurementError: two different counts (or totals) for one unit,
            level and period, both named.
    """
    seen: dict[tuple[str, Level, Period], ReportedCount] = {}
    for c in counts:
        key = (c.unit, c.level, c.period)
        first = seen.get(key)
        if first is None:
            seen[key] = c
        elif (first.count, first.total) != (c.count, c.total):
            msg = (
                f"two different reported counts for unit {c.unit!r}, level "
                f"{c.level.value!r}, period {str(c.period)!r}: {_shown_count(first)} and "
                f"{_shown_count(c)}"
            )
            raise DuplicateMeasurementError(msg)
    return tuple(seen.values())


def _source_column(column: Sequence[object]) -> list[str]:
    """A column of sources as strings (None: none); anything else is refused."""
    rows = list(column)
    types = set(map(type, rows))
    if types <= {str}:
        return cast(list[str], rows)
    return [_text(x, where=f"row {i}") for i, x in enumerate(rows)]


def _shown_with_source(magnitude: float, cohort: float, unit: str, source: str) -> str:
    """A stored value as text for messages: a rank with its cohort, then its source."""
    text = (
        f"{int(magnitude)}/{int(cohort)}" if cohort == cohort else format_quantity(magnitude, unit)
    )
    return f"{text!r}" + (f" (source {source!r})" if source else "")


T = TypeVar("T")


def _factorise(values: Sequence[T]) -> tuple[list[T], IntArray]:
    """The distinct values in order of first appearance, and each row's position among them.

    Raises:
        TypeError: a value is unhashable.
    """
    rows = values if isinstance(values, list | tuple) else list(values)
    distinct = list(dict.fromkeys(rows))
    position = {x: i for i, x in enumerate(distinct)}
    return distinct, np.fromiter(map(position.__getitem__, rows), np.int64, len(rows))


def _first_row(codes: IntArray, j: int) -> int:
    """The first row whose code is ``j`` (for messages)."""
    return int(np.argmax(codes == j))


def _period_column(column: Sequence[Period | str]) -> tuple[list[Period], IntArray]:
    """The distinct periods of a column and each row's position among them.

    Each distinct value is parsed once.

    Raises:
        PeriodError: naming the first row whose period is malformed.
    """
    rows: Sequence[object] = column if isinstance(column, list | tuple) else list(column)
    try:
        raw, codes = _factorise(rows)
        if not all(type(x) is str or type(x) is Period for x in raw):
            # 2025, 2025.0 and numpy's 2025 are equal keys, but as_period accepts
            # only some of them: keep the types apart.
            keyed, codes = _factorise(list(zip(map(type, rows), rows, strict=True)))
            raw = [x for _, x in keyed]
    except TypeError:  # an unhashable value, and so no period: look at every row
        raw, codes = list(rows), np.arange(len(rows), dtype=np.int64)
    parsed: list[Period] = []
    for j, x in enumerate(raw):
        if isinstance(x, Period):
            parsed.append(x)
            continue
        try:
            parsed.append(as_period(cast(Any, x)))
        except PeriodError as exc:
            raise PeriodError(f"row {_first_row(codes, j)}: {exc}") from None
    distinct, position = _factorise(parsed)
    return distinct, position[codes]


def _ratio_factor(num: Indicator, den: Indicator, ind: Indicator) -> float:
    """The factor from ``num / den`` to the unit of the derived indicator ``ind``.

    Two parts in one unit make a pure number, read without pint (100 for percent).
    """
    if num.unit == den.unit and ind.unit in ("percent", "dimensionless"):
        return 100.0 if ind.unit == "percent" else 1.0
    return convert(1.0, f"({num.unit}) / ({den.unit})", ind.unit)


def _cohort(value: float) -> int | None:
    """A stored cohort (NaN: none) as Measurement.cohort."""
    return None if value != value else int(value)


def _check_cohorts(
    cohorts: FloatArray, rank_rows: npt.NDArray[np.bool_], k: IntArray, inds: list[Indicator]
) -> None:
    """Refuse the first row with a cohort that is not a whole number ≥ 1, or with a
    cohort for an indicator that is not a rank."""
    given = ~np.isnan(cohorts)
    bad = given & (
        ~rank_rows
        | ~np.isfinite(cohorts)
        | (cohorts < 1)
        | (cohorts != np.floor(cohorts))
        | (cohorts > _MAX_COHORT)
    )
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        c = float(cohorts[i])
        if rank_rows[i] and c > _MAX_COHORT and np.isfinite(c):
            msg = f"row {i}: cohort {c!r} is too large (at most {_MAX_COHORT})"
        elif rank_rows[i]:
            msg = f"row {i}: cohort {c!r} is not a whole number ≥ 1"
        else:
            ind_id = inds[int(k[i])].id
            msg = f"row {i}: a cohort ({c!r}) is given for {ind_id!r}, which is not a rank"
        raise MeasurementError(msg)


def _check_cohort_eras(
    cohorts: FloatArray,
    k: IntArray,
    inds: list[Indicator],
    values: FloatArray,
    p: IntArray,
    periods: list[Period],
) -> None:
    """Refuse the first row whose cohort does not fit its data year (RANK_COHORTS)."""
    given = ~np.isnan(cohorts)
    ruled = np.array([ind.id in RANK_COHORTS for ind in inds], dtype=bool)
    rows = np.flatnonzero(given & ruled[k]) if ruled.any() else np.zeros(0, dtype=np.int64)
    if not len(rows):
        return
    # Each distinct (indicator, period, cohort) once, in row order of first appearance.
    triples = np.stack([k[rows], p[rows], cohorts[rows].astype(np.int64)], axis=1)
    distinct, first = np.unique(triples, axis=0, return_index=True)
    for j in np.argsort(first).tolist():
        kk, pp, cc = (int(x) for x in distinct[j])
        i = int(rows[first[j]])
        problem = _cohort_problem(inds[kk].id, periods[pp], int(values[i]), cc)
        if problem:
            raise MeasurementError(f"row {i}: {problem}")


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


def _lowest(ind: Indicator) -> float:
    if ind.kind is IndicatorKind.GROWTH_RATE:
        return _growth_floor(ind)
    return _LOWEST.get(ind.kind, -np.inf)


def _check_ranges(
    values: FloatArray,
    cohorts: FloatArray,
    k: IntArray,
    inds: list[Indicator],
    rank_rows: npt.NDArray[np.bool_],
) -> None:
    """Refuse the first row whose (finite) value is outside its indicator's range, or
    whose rank is outside its cohort."""
    bad = _out_of_range(values, cohorts, k, inds, rank_rows)
    for i in np.flatnonzero(bad).tolist():
        v = float(values[i])
        problem = _range_problem(inds[int(k[i])], v, v)
        if problem:
            raise MeasurementError(f"row {i}: {problem}")
        c = float(cohorts[i])
        if v > c:
            shown = f"{int(v)}/{int(c)}"
            msg = f"row {i}: {shown!r} is not a rank within its cohort (1 ≤ rank ≤ cohort)"
            raise MeasurementError(msg)


def _out_of_range(
    values: FloatArray,
    cohorts: FloatArray,
    k: npt.NDArray[np.integer[Any]],
    inds: list[Indicator],
    rank_rows: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Per row, whether its value may be outside its indicator's range or its rank
    outside its cohort (a superset: :func:`_range_problem` decides)."""
    lowest = np.array([_lowest(ind) for ind in inds], dtype=float)
    highest = np.array([_HIGHEST.get(ind.kind, np.inf) for ind in inds], dtype=float)
    bad: npt.NDArray[np.bool_] = (values < lowest[k]) | (values > highest[k])
    if rank_rows.any():
        bad |= rank_rows & ((values != np.floor(values)) | (values > cohorts))
    return bad


def _check_column(column: object, name: str) -> None:
    """Refuse a column that is not a sequence (a string is one value, not a column)."""
    if (
        isinstance(column, str | bytes | set | frozenset | Mapping)
        or not hasattr(column, "__len__")
        or not hasattr(column, "__getitem__")
    ):
        # A set or a mapping has no row order: rows would follow hashing.
        shown = repr(column) if len(repr(column)) <= 80 else f"a {type(column).__name__}"
        msg = f"from_columns: {name} must be a column (a sequence of values), got {shown}"
        raise MeasurementError(msg)
    if isinstance(column, np.ma.MaskedArray) and np.ma.getmaskarray(column).any():
        row = int(np.flatnonzero(np.ma.getmaskarray(column))[0])
        msg = f"from_columns: {name} has a masked entry in row {row} (give None or NaN instead)"
        raise MeasurementError(msg)


def _number_column(column: object, name: str) -> FloatArray:
    """A column of numbers as a 1-D float array; bools and nested columns refused.

    Raises:
        MeasurementError: naming the column, and the row of a bool.
    """
    what = "of numbers" if name == "value" else "of numbers or None"
    if isinstance(column, np.ma.MaskedArray) and np.ma.getmaskarray(column).any():
        row = int(np.flatnonzero(np.ma.getmaskarray(column))[0])
        msg = f"from_columns: {name} has a masked entry in row {row} (give NaN for a gap)"
        raise MeasurementError(msg)
    if isinstance(column, list | tuple):
        types = set(map(type, column))
        odd = bool in types or np.bool_ in types
    else:
        try:
            arr: npt.NDArray[Any] = np.asarray(column)
        except (TypeError, ValueError) as exc:
            msg = f"from_columns: {name} must be a column {what} ({exc})"
            raise MeasurementError(msg) from None
        column = arr
        if arr.dtype.kind not in "biufO":  # complex, dates, text: not numbers (bools below)
            msg = f"from_columns: {name} must be a column {what}, got dtype {arr.dtype}"
            raise MeasurementError(msg)
        if arr.ndim == 0:
            msg = f"from_columns: {name} must be a column {what}, got {arr.item()!r}"
            raise MeasurementError(msg)
        odd = arr.dtype == np.bool_ or (
            arr.dtype == object and any(isinstance(x, bool | np.bool_) for x in arr.flat)
        )
    if odd:
        rows = cast(Sequence[object], column)
        i = next(i for i, x in enumerate(rows) if isinstance(x, bool | np.bool_))
        msg = (
            f"from_columns: {name} must be a column {what}, got the bool {bool(rows[i])!r} in row "
            f"{i} (write 1 or 0 if a number is meant)"
        )
        raise MeasurementError(msg)
    try:
        values = np.asarray(column, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        msg = f"from_columns: {name} must be a column {what} ({exc})"
        raise MeasurementError(msg) from None
    if values.ndim != 1:
        msg = (
            f"from_columns: {name} must be a column {what} (one dimension), got "
            f"{values.ndim} dimensions, shape {values.shape}"
        )
        raise MeasurementError(msg)
    return values


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


def _warn_fractions(
    where: str, values: FloatArray, k: IntArray, inds: list[Indicator], stacklevel: int
) -> None:
    """Warn (ThdxWarning) when there are shares in percent and every one is ≤ 1 (some
    above 0)."""
    is_share = np.array(
        [ind.kind is IndicatorKind.SHARE and ind.unit == "percent" for ind in inds], dtype=bool
    )
    if not is_share.any():
        return
    rows = np.flatnonzero(is_share[k])
    if not len(rows):
        return
    shares = values[rows]
    top = int(np.argmax(shares))
    largest = float(shares[top])
    if 0 < largest <= 1:
        ind = inds[int(k[rows[top]])].id
        warnings.warn(fraction_warning(where, largest, ind), ThdxWarning, stacklevel=stacklevel + 1)


class MeasurementSet:
    """Measurements, recognitions and reported counts, indexed for evaluation.

    Args:
        items: Measurements, Recognitions and ReportedCounts, in any order.
        catalogue: indicators to check the measurements against (default: the
            shipped catalogue).

    Raises:
        UnknownIndicatorError: a measurement of an indicator not in the catalogue.
        DuplicateMeasurementError: two different values for the same unit,
            indicator and period (identical repeats are kept once).
    """

    def __init__(self, items: Iterable[Item] = (), *, catalogue: Catalogue | None = None) -> None:
        given: object = items
        shelf: object = catalogue
        if shelf is not None and not isinstance(shelf, Catalogue):
            msg = f"catalogue must be a thdx.Catalogue, got {type(shelf).__name__}"
            raise ArgumentTypeError(msg)
        if isinstance(given, str | bytes) or not isinstance(given, Iterable):
            msg = (
                "a MeasurementSet takes an iterable of Measurement, Recognition and "
                f"ReportedCount objects, got {type(given).__name__}"
            )
            raise ArgumentTypeError(msg)
        self.catalogue = default_catalogue() if catalogue is None else catalogue
        measurements: list[Measurement] = []
        recognitions: list[Recognition] = []
        reported: list[ReportedCount] = []
        for item in cast(Iterable[object], items):
            if isinstance(item, Measurement):
                ind = self.catalogue.get_or_raise(
                    item.indicator, where=f"measurement of {item.unit!r}"
                )
                if ind.unit != item.unit_of_measure:
                    msg = (
                        f"measurement {item.unit!r}/{item.indicator!r}/{item.period}: unit "
                        f"{item.unit_of_measure!r} differs from the catalogue's {ind.unit!r}"
                    )
                    raise MeasurementError(msg)
                measurements.append(item)
            elif isinstance(item, Recognition):
                recognitions.append(item)
            elif isinstance(item, ReportedCount):
                reported.append(item)
            else:
                msg = (
                    "a MeasurementSet holds Measurement, Recognition and ReportedCount "
                    f"objects, got {item!r}"
                )
                raise MeasurementError(msg)
        self._init_columns(
            *_factorise([m.unit for m in measurements]),
            *_factorise([m.indicator for m in measurements]),
            *_factorise([m.period for m in measurements]),
            np.fromiter((m.magnitude for m in measurements), float, len(measurements)),
            [m.source for m in measurements],
            np.fromiter(
                (np.nan if m.cohort is None else m.cohort for m in measurements),
                float,
                len(measurements),
            ),
            list(measurements),
        )
        self._set_recognitions(recognitions)
        self.reported_counts: tuple[ReportedCount, ...] = _unique_counts(reported)

    @classmethod
    def from_columns(
        cls,
        *,
        unit: Sequence[str],
        indicator: Sequence[str],
        period: Sequence[Period | str],
        value: Sequence[float] | FloatArray,
        source: Sequence[str] | None = None,
        cohort: Sequence[float | None] | FloatArray | None = None,
        recognitions: Iterable[Recognition] = (),
        catalogue: Catalogue | None = None,
    ) -> MeasurementSet:
        """Build from columns of plain numbers already in the canonical units (fast).

        Every value is still checked: finite, inside its indicator's range. Each
        distinct unit code, indicator and period is checked (and parsed) once.

        Args:
            unit: the unit code of each row.
            indicator: the indicator id of each row.
            period: the period of each row (a Period or its text).
            value: the magnitude of each row, in the indicator's canonical unit.
            source: the source of each row (default: none; None in a row: none).
            cohort: for rank indicators, the size of the cohort each rank is within
                (a whole number ≥ rank); NaN or None where there is none (every row
                that is not a rank, and a rank given without its cohort). Without
                this column, rank indicators are refused.
            recognitions: recognitions to add.
            catalogue: indicators to check against (default: the shipped ones).

        Returns:
            The set.

        Warns:
            ThdxWarning: the value column holds shares and every one is ≤ 1 (and
                not all 0): they look like fractions (0.925 for 92.5 %), but a value
                is read in percent.

        Raises:
            MeasurementError: columns of different lengths, a value or cohort
                column that is not one-dimensional or holds a bool, a value that is
                not a finite number or is outside its indicator's range (a growth
                rate below -100 % included), a bad cohort (or one that does not fit
                its data year, see :data:`RANK_COHORTS`), a rank indicator without a
                cohort column, a source that is neither a text nor None, or a unit
                that is not an official code (the message names the first bad row).
            UnknownIndicatorError: an indicator not in the catalogue.
            PeriodError: a malformed period.
            DuplicateMeasurementError: two different values for the same unit,
                indicator and period.

        >>> s = MeasurementSet.from_columns(unit=["38"], indicator=["satisfaction_share"],
        ...                                 period=["2025"], value=[92.5])
        >>> s.get("38", "satisfaction_share", "2025").magnitude
        92.5
        >>> r = MeasurementSet.from_columns(unit=["38"], indicator=["dx_index_rank"],
        ...                                 period=["2024"], value=[5], cohort=[34])
        >>> r.get("38", "dx_index_rank", "2024").shown()
        '5/34'
        """
        self = cls.__new__(cls)
        self.catalogue = default_catalogue() if catalogue is None else catalogue
        for name, col in (("unit", unit), ("indicator", indicator), ("period", period)):
            _check_column(col, name)
        if source is not None:
            _check_column(source, "source")
        n = len(unit)
        values = _number_column(value, "value")
        cohorts = None if cohort is None else _number_column(cohort, "cohort")
        if not (len(indicator) == len(period) == len(values) == n) or (
            (source is not None and len(source) != n)
            or (cohorts is not None and (cohorts.ndim != 1 or len(cohorts) != n))
        ):
            msg = "from_columns: unit, indicator, period, value (and source) differ in length"
            if cohorts is not None:
                msg = (
                    "from_columns: unit, indicator, period, value (and source, cohort) "
                    "differ in length"
                )
            raise MeasurementError(msg)
        periods, p = _period_column(period)
        ind_names, k = _factorise(indicator)
        inds = [self.catalogue.get_or_raise(ind_id, where="from_columns") for ind_id in ind_names]
        is_rank = np.array([ind.kind is IndicatorKind.RANK for ind in inds], dtype=bool)
        if cohorts is None and is_rank.any():
            msg = "from_columns: rank indicators need a cohort; pass Measurement objects"
            raise MeasurementError(msg)
        bad = ~np.isfinite(values)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            msg = f"row {i}: {float(values[i])!r} is not a finite number"
            raise MeasurementError(msg)
        rank_rows = is_rank[k]
        if cohorts is None:
            cohorts = np.full(n, np.nan)
        else:
            _check_cohorts(cohorts, rank_rows, k, inds)
        _check_ranges(values, cohorts, k, inds, rank_rows)
        _check_cohort_eras(cohorts, k, inds, values, p, periods)
        try:
            unit_names, u = _factorise(unit)
        except TypeError:  # an unhashable value, and so no unit code: find it row by row
            unit_names, u = list(unit), np.arange(n, dtype=np.int64)
        for j, code in enumerate(unit_names):
            if not _is_code(code):
                i = _first_row(u, j)
                msg = f"row {i}: unit must be an official unit code (digits), got {code!r}"
                raise MeasurementError(msg + _code_hint(code))
        self._init_columns(
            unit_names,
            u,
            ind_names,
            k,
            periods,
            p,
            values,
            [""] * n if source is None else _source_column(source),
            cohorts,
            [None] * n,
        )
        self._set_recognitions(list(recognitions))
        self.reported_counts = ()
        _warn_fractions("from_columns", values, k, inds, stacklevel=2)
        return self

    @classmethod
    def _from_parts(
        cls,
        catalogue: Catalogue,
        unit_names: list[str],
        u: IntArray,
        ind_names: list[str],
        k: IntArray,
        periods: list[Period],
        p: IntArray,
        values: FloatArray,
        sources: list[str],
        cohorts: FloatArray,
        objects: list[Measurement | None],
        recognitions: Iterable[Recognition] = (),
        reported: Iterable[ReportedCount] = (),
        repeats: list[tuple[int, int]] | None = None,
    ) -> MeasurementSet:
        """Build from columns that the caller has checked (thdx.io._io's CSV reader):
        distinct values and each row's position among them, as for _init_columns
        (``repeats`` included).

        Raises:
            MeasurementError: a derived value out of range.
            DuplicateMeasurementError: two different values (without ``repeats``),
                or reported counts, for one key.
        """
        self = cls.__new__(cls)
        self.catalogue = catalogue
        self._init_columns(
            unit_names, u, ind_names, k, periods, p, values, sources, cohorts, objects, repeats
        )
        self._set_recognitions(list(recognitions))
        self.reported_counts = _unique_counts(reported)
        return self

    # -- construction -------------------------------------------------------------

    def _init_columns(
        self,
        unit_names: list[str],
        u: IntArray,
        ind_names: list[str],
        k: IntArray,
        periods: list[Period],
        p: IntArray,
        values: FloatArray,
        sources: list[str],
        cohorts: FloatArray,
        objects: list[Measurement | None],
        repeats: list[tuple[int, int]] | None = None,
    ) -> None:
        """Index the rows: each row's unit, indicator and period are given as its
        position in ``unit_names``, ``ind_names`` and ``periods`` (distinct values).

        Rows with the same unit, indicator and period are kept once (the first, in
        the order given). Two different values for one of them raise a
        DuplicateMeasurementError, unless ``repeats`` is given: each pair (the first
        row, a later row with another value), as positions in the rows given, is
        appended to it, and the later row left out."""
        u, k, p, values, cohorts = self._add_derived(
            unit_names, u, ind_names, k, periods, p, values, sources, cohorts, objects
        )
        # Number the distinct periods by end ascending, then start descending: within
        # a unit's group, a larger number is a later (or, for one end, longer) period.
        p_start = np.fromiter((x.start_ordinal for x in periods), np.int64, len(periods))
        p_end = np.fromiter((x.end_ordinal for x in periods), np.int64, len(periods))
        by_rank = np.lexsort((-p_start, p_end))
        rank_of = np.empty(len(periods), dtype=np.int64)
        rank_of[by_rank] = np.arange(len(periods), dtype=np.int64)
        periods = [periods[int(i)] for i in by_rank]
        p_start, p_end = p_start[by_rank], p_end[by_rank]
        p = rank_of[p]
        # Sort by indicator, unit, period number: the last row of a unit's group is
        # its latest and, among equal ends, its longest period. Stable, so repeats
        # keep the order they came in.
        nu, nk, npe = len(unit_names), len(ind_names), len(periods)
        if nk * nu * npe < 2**62:
            order = np.argsort((k * nu + u) * npe + p, kind="stable")
        else:
            order = np.lexsort((p, u, k))
        u, k, p = u[order], k[order], p[order]
        values, cohorts = values[order], cohorts[order]
        same = (u[1:] == u[:-1]) & (k[1:] == k[:-1]) & (p[1:] == p[:-1])
        keep = np.ones(len(u), dtype=bool)
        if same.any():
            first = 0
            for i in np.flatnonzero(same).tolist():
                if repeats is not None and (i == 0 or not same[i - 1]):
                    first = i  # the first row of a run of rows with one key
                j = first if repeats is not None else i
                if values[j] != values[i + 1] or not (
                    cohorts[j] == cohorts[i + 1]
                    or (np.isnan(cohorts[j]) and np.isnan(cohorts[i + 1]))
                ):
                    if repeats is not None:
                        repeats.append((int(order[j]), int(order[i + 1])))
                        keep[i + 1] = False
                        continue
                    ind = self.catalogue[ind_names[int(k[i])]]
                    first_shown, second_shown = (
                        _shown_with_source(
                            float(values[r]),
                            float(cohorts[r]),
                            ind.unit,
                            sources[int(order[r])],
                        )
                        for r in (i, i + 1)
                    )
                    msg = (
                        f"two different values for unit {unit_names[int(u[i])]!r}, indicator "
                        f"{ind.id!r}, period {str(periods[int(p[i])])!r}: {first_shown} and "
                        f"{second_shown}"
                    )
                    raise DuplicateMeasurementError(msg)
                keep[i + 1] = False
            order, u, k, p = order[keep], u[keep], k[keep], p[keep]
            values, cohorts = values[keep], cohorts[keep]
        self._u, self._k = u, k
        self._p = p.astype(np.int32) if npe < 2**31 else p
        self._start, self._end = p_start[p], p_end[p]
        self._value, self._cohort = values, cohorts
        self._value_or_nan: FloatArray | None = None
        self._order = order
        #: The distinct periods, by end then longest first; ``_p`` indexes them.
        self._periods = periods
        self._period_rank = {x: i for i, x in enumerate(periods)}
        self._period_ends = p_end
        self._sources = sources
        self._objects = objects
        self._unit_codes = unit_names
        self._unit_index = {c: i for i, c in enumerate(unit_names)}
        self._last_batch: tuple[Sequence[str], IntArray] | None = None
        self._max_end: dict[str, int] = {}
        self._last_rows: dict[str, tuple[IntArray, IntArray]] = {}
        self._keys: dict[str, IntArray] = {}
        self._ind_names = ind_names
        self._ind_codes = {c: i for i, c in enumerate(ind_names)}
        # Rows are sorted by indicator: each indicator owns one contiguous slice.
        self._slices: dict[str, tuple[int, int]] = {}
        if len(self._k):
            bounds = np.flatnonzero(np.r_[True, self._k[1:] != self._k[:-1]])
            ends = np.r_[bounds[1:], len(self._k)]
            for b, e in zip(bounds.tolist(), ends.tolist(), strict=True):
                self._slices[ind_names[int(self._k[b])]] = (b, e)

    def _add_derived(
        self,
        unit_names: list[str],
        u: IntArray,
        ind_names: list[str],
        k: IntArray,
        periods: list[Period],
        p: IntArray,
        values: FloatArray,
        sources: list[str],
        cohorts: FloatArray,
        objects: list[Measurement | None],
    ) -> tuple[IntArray, IntArray, IntArray, FloatArray, FloatArray]:
        """Append the rows of derived indicators computable from their two parts.

        A derived value is computed only where it was not measured directly, from
        the numerator and denominator of the same unit and period. A new indicator
        id is appended to ``ind_names``; ``sources`` and ``objects`` are extended.

        Returns:
            ``u``, ``k``, ``p``, ``values`` and ``cohorts`` with the derived rows.

        Raises:
            MeasurementError: a derived value outside its indicator's range.
        """
        derived = [ind for ind in self.catalogue.values() if ind.derived]
        if not derived:
            return u, k, p, values, cohorts
        wanted = (
            {ind.numerator for ind in derived}
            | {ind.denominator for ind in derived}
            | {ind.id for ind in derived}
        )
        codes = [i for i, name in enumerate(ind_names) if name in wanted]
        # Only the rows of the parts and of the derived indicators, in row order.
        rows = np.flatnonzero(np.isin(k, codes)) if codes else np.zeros(0, dtype=np.int64)
        index: dict[tuple[int, str, int], int] = {}
        for i, uu, kk, pp in zip(
            rows.tolist(), u[rows].tolist(), k[rows].tolist(), p[rows].tolist(), strict=True
        ):
            index[(uu, ind_names[kk], pp)] = i
        extra: list[tuple[int, str, int, float, Measurement]] = []
        for ind in derived:
            num_id, den_id = str(ind.numerator), str(ind.denominator)
            factor: float | None = None
            for (uu, ind_id, pp), i in index.items():
                if ind_id != num_id or (uu, ind.id, pp) in index:
                    continue
                j = index.get((uu, den_id, pp))
                if j is None:
                    continue
                if values[j] == 0:
                    code, per = unit_names[uu], periods[pp]
                    msg = (
                        f"derived {ind.id!r} for unit {code!r}, period {str(per)!r}: its "
                        f"denominator {den_id!r} is 0, so the ratio does not exist"
                    )
                    raise MeasurementError(msg)
                if factor is None:
                    factor = _ratio_factor(self.catalogue[num_id], self.catalogue[den_id], ind)
                ratio = float(values[i] / values[j] * factor)
                code, per = unit_names[uu], periods[pp]
                problem = ind.check_range(ratio, shown=ratio, where=None)
                if problem:
                    msg = f"derived {ind.id!r} for unit {code!r}, period {str(per)!r}: {problem}"
                    raise MeasurementError(msg)
                parts = (
                    self._object(i, code, num_id, per, values, sources, cohorts, objects),
                    self._object(j, code, den_id, per, values, sources, cohorts, objects),
                )
                m = Measurement._trusted(
                    code,
                    ind.id,
                    ratio,
                    ind.unit,
                    per,
                    source=f"derived: {num_id} / {den_id}",
                    derived_from=parts,
                )
                extra.append((uu, ind.id, pp, ratio, m))
        if not extra:
            return u, k, p, values, cohorts
        ind_codes = {name: i for i, name in enumerate(ind_names)}
        new_k: list[int] = []
        for _uu, ind_id, _pp, _ratio, m in extra:
            if ind_id not in ind_codes:
                ind_codes[ind_id] = len(ind_names)
                ind_names.append(ind_id)
            new_k.append(ind_codes[ind_id])
            sources.append(m.source)
            objects.append(m)
        return (
            np.concatenate([u, np.array([e[0] for e in extra], dtype=np.int64)]),
            np.concatenate([k, np.array(new_k, dtype=np.int64)]),
            np.concatenate([p, np.array([e[2] for e in extra], dtype=np.int64)]),
            np.concatenate([values, np.array([e[3] for e in extra], dtype=float)]),
            np.concatenate([cohorts, np.full(len(extra), np.nan)]),
        )

    def _object(
        self,
        i: int,
        unit: str,
        indicator: str,
        period: Period,
        values: FloatArray,
        sources: Sequence[str],
        cohorts: FloatArray,
        objects: Sequence[Measurement | None],
    ) -> Measurement:
        """The measurement of input row ``i`` (built from its parts if not given)."""
        obj = objects[i]
        if obj is None:
            ind = self.catalogue[indicator]
            obj = Measurement._trusted(
                unit,
                ind.id,
                float(values[i]),
                ind.unit,
                period,
                sources[i],
                cohort=_cohort(float(cohorts[i])),
            )
        return obj

    def _set_recognitions(self, recognitions: list[Recognition]) -> None:
        by_unit: dict[str, list[Recognition]] = {}
        # Identical repeats are kept once, as for measurements.
        unique = dict.fromkeys(recognitions)
        for r in sorted(unique, key=lambda r: (r.unit, r.on, r.decision, r.source)):
            by_unit.setdefault(r.unit, []).append(r)
        self._recognitions = by_unit

    # -- reading ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._u)

    def __iter__(self) -> Iterator[Measurement]:
        for row in range(len(self._u)):
            yield self.row(row)

    def __repr__(self) -> str:
        return (
            f"<MeasurementSet: {len(self)} measurements, "
            f"{sum(map(len, self._recognitions.values()))} recognitions, "
            f"{len(self.reported_counts)} reported counts>"
        )

    def row(self, row: int) -> Measurement:
        """The measurement stored at an internal row (used by traces)."""
        original = int(self._order[row])
        obj = self._objects[original]
        if obj is None:
            ind = self.catalogue[self._ind_names[int(self._k[row])]]
            obj = Measurement._trusted(
                self._unit_codes[int(self._u[row])],
                ind.id,
                float(self._value[row]),
                ind.unit,
                self._periods[int(self._p[row])],
                self._sources[original],
                cohort=_cohort(float(self._cohort[row])),
            )
            self._objects[original] = obj
        return obj

    @property
    def recognitions(self) -> tuple[Recognition, ...]:
        """Every recognition, by unit then date."""
        return tuple(r for rs in self._recognitions.values() for r in rs)

    def recognitions_of(self, unit: str) -> tuple[Recognition, ...]:
        """The recognitions of one unit code, oldest first."""
        return tuple(self._recognitions.get(unit, ()))

    def get(self, unit: str, indicator: str, period: Period | str | int) -> Measurement | None:
        """The measurement for exactly this unit, indicator and period, or None."""
        p = as_period(period)
        rows = self.exact(indicator, [unit], p)
        return None if rows[0] < 0 else self.row(int(rows[0]))

    def measurements(
        self, unit: str | None = None, indicator: str | None = None
    ) -> list[Measurement]:
        """The measurements of a unit and/or an indicator, by indicator, unit, period."""
        mask = np.ones(len(self._u), dtype=bool)
        if unit is not None:
            mask &= self._u == self._unit_index.get(unit, -1)
        if indicator is not None:
            mask &= self._k == self._ind_codes.get(indicator, -1)
        return [self.row(int(i)) for i in np.flatnonzero(mask)]

    def with_items(
        self, items: Iterable[Item], *, catalogue: Catalogue | None = None
    ) -> MeasurementSet:
        """A new set with these items added (checked against ``catalogue``, by default
        this set's); derived values are recomputed, not copied."""
        own = (m for m in self if not m.derived_from)
        return MeasurementSet(
            [*own, *self.recognitions, *self.reported_counts, *items],
            catalogue=catalogue or self.catalogue,
        )

    # -- vectorised selection (used by the engine) ----------------------------------

    def _requested(self, codes: Sequence[str]) -> IntArray:
        # The engine asks about the same batch of units once per rule: remember the
        # positions of the last batch (by identity; batches are not mutated).
        last = self._last_batch
        if last is not None and last[0] is codes:
            return last[1]
        n = len(codes)
        req = np.fromiter(map(self._unit_index.get, codes, itertools.repeat(-1, n)), np.int64, n)
        self._last_batch = (codes, req)
        return req

    def latest(
        self,
        indicator: str,
        codes: Sequence[str],
        valid_from: IntArray,
        as_of: int,
        prefer: Period | None,
    ) -> IntArray:
        """Per requested unit, the row to judge on: ``prefer`` if present, else the latest.

        Rows after ``as_of`` (an ordinal) or ending before the unit existed
        (``valid_from``, ordinals per requested unit) are never used. A batch that is
        small beside the indicator's rows is answered by binary search, a large one
        by one scan of them; both give the same rows.

        Args:
            indicator: the indicator id.
            codes: the unit codes asked about.
            valid_from: per requested unit, the ordinal of its first day (the
                smallest int64: no bound).
            as_of: the ordinal of the last day whose data may be used.
            prefer: the period to use when a unit has it (the deadline), or None.

        Returns:
            Per requested unit, an internal row, or -1 for none.
        """
        lo, hi = self._slices.get(indicator, (0, 0))
        req = self._requested(codes)
        if hi == lo:
            return np.full(len(codes), -1, dtype=np.int64)
        n = hi - lo
        if n >= _SEARCH_ROWS and _SEARCH_COST * len(codes) * n.bit_length() < n:
            return self._latest_search(indicator, lo, hi, req, valid_from, as_of, prefer)
        return self._latest_scan(indicator, lo, hi, req, valid_from, as_of, prefer)

    def _latest_search(
        self,
        indicator: str,
        lo: int,
        hi: int,
        req: IntArray,
        valid_from: IntArray,
        as_of: int,
        prefer: Period | None,
    ) -> IntArray:
        """:meth:`latest` for a small batch: binary search per requested unit."""
        # Within the slice, rows are sorted by unit, then period number (by end, then
        # longest first): key = unit * periods + number increases along the slice.
        keys = self._keys.get(indicator)
        if keys is None:
            npe = len(self._periods)
            keys = self._keys[indicator] = self._u[lo:hi] * npe + self._p[lo:hi]
        base = req * len(self._periods)
        asked = req >= 0
        lower = valid_from
        if len(req) > 1 and int(valid_from.max()) != _NO_BOUND:
            # A unit asked for twice is bounded as the scan bounds it: by the last.
            distinct, inverse = np.unique(req, return_inverse=True)
            if len(distinct) < len(req):
                bound = np.full(len(distinct), _NO_BOUND, dtype=np.int64)
                bound[inverse[asked]] = valid_from[asked]
                lower = bound[inverse]
        # The numbers of the periods ending on or before as_of are 0..top; those
        # ending on or after a unit's lower bound start at first.
        ends = self._period_ends
        top = int(np.searchsorted(ends, as_of, side="right")) - 1
        first = np.searchsorted(ends, lower, side="left")
        at = np.searchsorted(keys, base + top, side="right") - 1
        ok = asked & (at >= 0)
        at = np.maximum(at, 0)
        ok &= keys[at] >= base + first
        best = np.where(ok, at + lo, -1)
        if prefer is not None:
            number = self._period_rank.get(prefer)
            if number is not None and prefer.end_ordinal <= as_of:
                want = base + number
                hit = np.minimum(np.searchsorted(keys, want, side="left"), len(keys) - 1)
                found = asked & (keys[hit] == want) & (lower <= prefer.end_ordinal)
                best = np.where(found, hit + lo, best)
        return best.astype(np.int64, copy=False)

    def _latest_scan(
        self,
        indicator: str,
        lo: int,
        hi: int,
        req: IntArray,
        valid_from: IntArray,
        as_of: int,
        prefer: Period | None,
    ) -> IntArray:
        """:meth:`latest` for a large batch: one pass over the indicator's rows."""
        nu = len(self._unit_codes)
        u, s, e = self._u[lo:hi], self._start[lo:hi], self._end[lo:hi]
        # One extra slot holding -1: a unit without data (req == -1) reads it.
        best = np.full(nu + 1, -1, dtype=np.int64)
        bounded = bool(len(valid_from)) and int(valid_from.max()) != _NO_BOUND
        if not bounded and as_of >= self._slice_end(indicator, e):
            # Every row is usable: the last row of each unit's group, precomputed.
            mask = None
            units_last, rows_last = self._group_last(indicator, u, lo)
            best[units_last] = rows_last
        else:
            mask = e <= as_of
            if bounded:
                lower = np.full(nu + 1, _NO_BOUND, dtype=np.int64)
                has = req >= 0
                lower[req[has]] = valid_from[has]
                mask &= e >= lower[u]
            idx = np.flatnonzero(mask)
            if len(idx):
                uu = u[idx]
                last = np.empty(len(uu), dtype=bool)
                np.not_equal(uu[1:], uu[:-1], out=last[:-1])
                last[-1] = True
                best[uu[last]] = idx[last] + lo
        if prefer is not None:
            hit = (s == prefer.start_ordinal) & (e == prefer.end_ordinal)
            if mask is not None:
                hit &= mask
            hit_idx = np.flatnonzero(hit)
            best[u[hit_idx]] = hit_idx + lo
        return best[req]

    def _slice_end(self, indicator: str, ends: IntArray) -> int:
        got = self._max_end.get(indicator)
        if got is None:
            got = self._max_end[indicator] = int(ends.max())
        return got

    def _group_last(self, indicator: str, u: IntArray, lo: int) -> tuple[IntArray, IntArray]:
        got = self._last_rows.get(indicator)
        if got is None:
            last = np.empty(len(u), dtype=bool)
            np.not_equal(u[1:], u[:-1], out=last[:-1])
            last[-1] = True
            got = self._last_rows[indicator] = (u[last], np.flatnonzero(last) + lo)
        return got

    def exact(self, indicator: str, codes: Sequence[str], period: Period) -> IntArray:
        """Per requested unit, the row for exactly ``period``, or -1."""
        lo, hi = self._slices.get(indicator, (0, 0))
        req = self._requested(codes)
        if hi == lo:
            return np.full(len(codes), -1, dtype=np.int64)
        u = self._u[lo:hi]
        hit = np.flatnonzero(
            (self._start[lo:hi] == period.start_ordinal) & (self._end[lo:hi] == period.end_ordinal)
        )
        best = np.full(len(self._unit_codes), -1, dtype=np.int64)
        best[u[hit]] = hit + lo
        return np.where(req >= 0, best[np.maximum(req, 0)], -1)

    def values_at(self, rows: IntArray) -> FloatArray:
        """Magnitudes of the given rows; NaN where the row is -1."""
        padded = self._value_or_nan
        if padded is None:
            # One NaN after the last value: row -1 reads it, in a single gather.
            padded = self._value_or_nan = np.append(self._value, np.nan)
        return padded[rows]

    def period_of(self, row: int) -> Period:
        """The period of an internal row."""
        return self._periods[int(self._p[row])]

    def to_records(self) -> list[dict[str, Any]]:
        """Every measurement as a JSON-ready dict."""
        return [m.to_dict() for m in self]
