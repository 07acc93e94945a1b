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
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs
import numpy as np
import numpy.typing as npt

from .admin import Level
from .errors import DuplicateMeasurementError, MeasurementError, PeriodError, QuantityError
from .indicators import Catalogue, Indicator, IndicatorKind, default_catalogue
from .periods import Period, as_period
from .quantities import convert, format_quantity, to_magnitude

if TYPE_CHECKING:
    import pint

__all__ = ["Measurement", "MeasurementSet", "Recognition", "ReportedCount"]

#: The lower bound of a unit that existed before any data (no ``valid_from``).
_NO_BOUND = int(np.iinfo(np.int64).min)

# ASCII digits only, at most 9 of them: int() of a longer text can be slow or refused.
_RANK = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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


def _value(value: object, ind: Indicator, where: str) -> tuple[float, int | None]:
    if ind.kind is IndicatorKind.RANK:
        magnitude, cohort = _parse_rank(value, ind, where)
    else:
        try:
            magnitude = to_magnitude(value, ind.unit, where=where)
        except QuantityError as exc:
            raise MeasurementError(str(exc)) from exc
        cohort = None
    problem = ind.check_range(magnitude, shown=value, where=where)
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
        source: where the figure comes from (publication, decision number).
        note: free text.
        catalogue: the indicators to check against (default: the shipped ones).
        where: where the value came from, for error messages (``data.csv:4``).

    Raises:
        UnknownIndicatorError: the indicator is not in the catalogue.
        MeasurementError: the value cannot be converted or is out of range.
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
        source: str = "",
        note: str = "",
        *,
        catalogue: Catalogue | None = None,
        where: str | None = None,
    ) -> None:
        place = where or f"measurement {unit!r}/{indicator!r}/{period!s}"
        if not _is_code(unit):
            msg = f"{place}: unit must be an official unit code (digits), got {unit!r}"
            raise MeasurementError(msg)
        ind = (default_catalogue() if catalogue is None else catalogue).get_or_raise(
            indicator, where=place
        )
        per = as_period(period, where=place)
        magnitude, cohort = _value(value, ind, place)
        self.__attrs_init__(
            unit, indicator, magnitude, ind.unit, per, str(source), str(note), cohort, ()
        )

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
        from .quantities import registry

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


def _code(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _is_code(value):
        msg = f"{attribute.name} must be an official unit code (digits), got {value!r}"
        raise MeasurementError(msg)


@attrs.frozen
class Recognition:
    """An official decision that a unit completed digital transformation on a date.

    >>> Recognition(unit="14758", on="2023-12-20", decision="QĐ 123/QĐ-UBND").on
    datetime.date(2023, 12, 20)
    """

    unit: str = attrs.field(validator=_code)
    on: _dt.date = attrs.field(converter=_to_day)
    decision: str = attrs.field(validator=_nonempty)
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of this recognition."""
        return {
            "unit": self.unit,
            "on": self.on.isoformat(),
            "decision": self.decision,
            "source": self.source,
        }


def _count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "total":
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{attribute.name} must be a whole number ≥ 0, got {value!r}"
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
        source: the publication.

    >>> ReportedCount(unit="38", level="commune", period="2023", count=114, total=558).count
    114
    """

    unit: str = attrs.field(validator=_code)
    level: Level = attrs.field(converter=_to_level)
    period: Period = attrs.field(converter=_to_period)
    count: int = attrs.field(validator=_count)
    total: int | None = attrs.field(default=None, validator=_count)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if self.total is not None and self.count > self.total:
            msg = f"reported count {self.count} exceeds its total {self.total}"
            raise MeasurementError(msg)


Item = Measurement | Recognition | ReportedCount


def _shown_with_source(magnitude: float, cohort: float, unit: str, source: str) -> str:
    """A stored value as text for messages: a rank with its cohort, then its source."""
    text = (
        f"{int(magnitude)}/{int(cohort)}" if cohort == cohort else format_quantity(magnitude, unit)
    )
    return f"{text!r}" + (f" (source {source!r})" if source else "")


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
            [m.unit for m in measurements],
            [m.indicator for m in measurements],
            [m.period for m in measurements],
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
        self.reported_counts: tuple[ReportedCount, ...] = tuple(reported)

    @classmethod
    def from_columns(
        cls,
        *,
        unit: Sequence[str],
        indicator: Sequence[str],
        period: Sequence[Period | str],
        value: Sequence[float] | FloatArray,
        source: Sequence[str] | None = None,
        recognitions: Iterable[Recognition] = (),
        catalogue: Catalogue | None = None,
    ) -> MeasurementSet:
        """Build from columns of plain numbers already in the canonical units (fast).

        Every value is still checked: finite, inside its indicator's range.

        >>> s = MeasurementSet.from_columns(unit=["38"], indicator=["satisfaction_share"],
        ...                                 period=["2025"], value=[92.5])
        >>> s.get("38", "satisfaction_share", "2025").magnitude
        92.5
        """
        self = cls.__new__(cls)
        self.catalogue = default_catalogue() if catalogue is None else catalogue
        n = len(unit)
        try:
            values = np.asarray(value, dtype=float)
        except (TypeError, ValueError) as exc:
            msg = f"from_columns: value must be a column of numbers ({exc})"
            raise MeasurementError(msg) from None
        if not (len(indicator) == len(period) == len(values) == n) or (
            source is not None and len(source) != n
        ):
            msg = "from_columns: unit, indicator, period, value (and source) differ in length"
            raise MeasurementError(msg)
        periods = [
            p if isinstance(p, Period) else as_period(p, where=f"row {i}")
            for i, p in enumerate(period)
        ]
        for ind_id in set(indicator):
            ind = self.catalogue.get_or_raise(ind_id, where="from_columns")
            if ind.kind is IndicatorKind.RANK:
                msg = "from_columns: rank indicators need a cohort; pass Measurement objects"
                raise MeasurementError(msg)
        bad = ~np.isfinite(values)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            msg = f"row {i}: {float(values[i])!r} is not a finite number"
            raise MeasurementError(msg)
        for i, (ind_id, v) in enumerate(zip(indicator, values.tolist(), strict=True)):
            problem = self.catalogue[ind_id].check_range(v, shown=v, where=None)
            if problem:
                raise MeasurementError(f"row {i}: {problem}")
        for i, code in enumerate(unit):
            if not _is_code(code):
                msg = f"row {i}: unit must be an official unit code (digits), got {code!r}"
                raise MeasurementError(msg)
        self._init_columns(
            list(unit),
            list(indicator),
            periods,
            values,
            list(source) if source is not None else [""] * n,
            np.full(n, np.nan),
            [None] * n,
        )
        self._set_recognitions(list(recognitions))
        self.reported_counts = ()
        return self

    # -- construction -------------------------------------------------------------

    def _init_columns(
        self,
        units: list[str],
        indicators: list[str],
        periods: list[Period],
        values: FloatArray,
        sources: list[str],
        cohorts: FloatArray,
        objects: list[Measurement | None],
    ) -> None:
        values, cohorts = self._add_derived(
            units, indicators, periods, values, sources, cohorts, objects
        )
        unit_codes: dict[str, int] = {}
        ind_codes: dict[str, int] = {}
        u = np.fromiter(
            (unit_codes.setdefault(c, len(unit_codes)) for c in units), np.int64, len(units)
        )
        k = np.fromiter(
            (ind_codes.setdefault(c, len(ind_codes)) for c in indicators), np.int64, len(units)
        )
        start = np.fromiter((p.start_ordinal for p in periods), np.int64, len(units))
        end = np.fromiter((p.end_ordinal for p in periods), np.int64, len(units))
        # Sort by indicator, unit, end ascending, start descending: the last row of a
        # unit's group is its latest and, among equal ends, its longest period.
        order = np.lexsort((-start, end, u, k))
        u, k, start, end = u[order], k[order], start[order], end[order]
        values, cohorts = values[order], cohorts[order]
        same = (
            (u[1:] == u[:-1])
            & (k[1:] == k[:-1])
            & (start[1:] == start[:-1])
            & (end[1:] == end[:-1])
        )
        keep = np.ones(len(u), dtype=bool)
        if same.any():
            unit_names = list(unit_codes)
            ind_names = list(ind_codes)
            for i in np.flatnonzero(same).tolist():
                a, b = values[i], values[i + 1]
                if a != b or not (
                    cohorts[i] == cohorts[i + 1]
                    or (np.isnan(cohorts[i]) and np.isnan(cohorts[i + 1]))
                ):
                    p = periods[int(order[i])]
                    ind = self.catalogue[ind_names[int(k[i])]]
                    first, second = (
                        _shown_with_source(
                            float(values[j]),
                            float(cohorts[j]),
                            ind.unit,
                            sources[int(order[j])],
                        )
                        for j in (i, i + 1)
                    )
                    msg = (
                        f"two different values for unit {unit_names[int(u[i])]!r}, indicator "
                        f"{ind.id!r}, period {str(p)!r}: {first} and {second}"
                    )
                    raise DuplicateMeasurementError(msg)
                keep[i + 1] = False
        order = order[keep]
        self._u, self._k = u[keep], k[keep]
        self._start, self._end = start[keep], end[keep]
        self._value, self._cohort = values[keep], cohorts[keep]
        self._order = order
        self._periods = periods
        self._sources = sources
        self._objects = objects
        self._unit_codes = list(unit_codes)
        self._unit_index = unit_codes
        self._last_batch: tuple[Sequence[str], IntArray] | None = None
        self._max_end: dict[str, int] = {}
        self._last_rows: dict[str, tuple[IntArray, IntArray]] = {}
        self._ind_codes = ind_codes
        # Rows are sorted by indicator: each indicator owns one contiguous slice.
        self._slices: dict[str, tuple[int, int]] = {}
        if len(self._k):
            bounds = np.flatnonzero(np.r_[True, self._k[1:] != self._k[:-1]])
            ends = np.r_[bounds[1:], len(self._k)]
            names = list(ind_codes)
            for b, e in zip(bounds.tolist(), ends.tolist(), strict=True):
                self._slices[names[int(self._k[b])]] = (b, e)

    def _add_derived(
        self,
        units: list[str],
        indicators: list[str],
        periods: list[Period],
        values: FloatArray,
        sources: list[str],
        cohorts: FloatArray,
        objects: list[Measurement | None],
    ) -> tuple[FloatArray, FloatArray]:
        """Append the rows of derived indicators computable from their two parts.

        A derived value is computed only where it was not measured directly, from
        the numerator and denominator of the same unit and period.
        """
        derived = [ind for ind in self.catalogue.values() if ind.derived]
        if not derived:
            return values, cohorts
        wanted = (
            {ind.numerator for ind in derived}
            | {ind.denominator for ind in derived}
            | {ind.id for ind in derived}
        )
        index: dict[tuple[str, str, Period], int] = {}
        for i, ind_id in enumerate(indicators):
            if ind_id in wanted:
                index[(units[i], ind_id, periods[i])] = i
        extra: list[tuple[str, str, Period, float, Measurement]] = []
        for ind in derived:
            num_id, den_id = str(ind.numerator), str(ind.denominator)
            for (code, ind_id, per), i in index.items():
                if ind_id != num_id or (code, ind.id, per) in index:
                    continue
                j = index.get((code, den_id, per))
                if j is None or values[j] == 0:
                    continue
                num, den = self.catalogue[num_id], self.catalogue[den_id]
                factor = convert(1.0, f"({num.unit}) / ({den.unit})", ind.unit)
                ratio = float(values[i] / values[j] * factor)
                problem = ind.check_range(ratio, shown=ratio, where=None)
                if problem:
                    msg = f"derived {ind.id!r} for unit {code!r}, period {str(per)!r}: {problem}"
                    raise MeasurementError(msg)
                parts = (
                    self._object(i, units, indicators, periods, values, sources, objects),
                    self._object(j, units, indicators, periods, values, sources, objects),
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
                extra.append((code, ind.id, per, ratio, m))
        if not extra:
            return values, cohorts
        for code, ind_id, per, _ratio, m in extra:
            units.append(code)
            indicators.append(ind_id)
            periods.append(per)
            sources.append(m.source)
            objects.append(m)
        new_values = np.array([e[3] for e in extra], dtype=float)
        return (
            np.concatenate([values, new_values]),
            np.concatenate([cohorts, np.full(len(extra), np.nan)]),
        )

    def _object(
        self,
        i: int,
        units: Sequence[str],
        indicators: Sequence[str],
        periods: Sequence[Period],
        values: FloatArray,
        sources: Sequence[str],
        objects: Sequence[Measurement | None],
    ) -> Measurement:
        obj = objects[i]
        if obj is None:
            ind = self.catalogue[indicators[i]]
            obj = Measurement._trusted(
                units[i], ind.id, float(values[i]), ind.unit, periods[i], sources[i]
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
            ind = self.catalogue[list(self._ind_codes)[int(self._k[row])]]
            obj = Measurement._trusted(
                self._unit_codes[int(self._u[row])],
                ind.id,
                float(self._value[row]),
                ind.unit,
                self._periods[original],
                self._sources[original],
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
        get = self._unit_index.get
        req = np.fromiter((get(c, -1) for c in codes), np.int64, len(codes))
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
        (``valid_from``, ordinals per requested unit) are never used. -1: no row.
        """
        lo, hi = self._slices.get(indicator, (0, 0))
        req = self._requested(codes)
        if hi == lo:
            return np.full(len(codes), -1, dtype=np.int64)
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
        out = np.full(len(rows), np.nan)
        ok = rows >= 0
        out[ok] = self._value[rows[ok]]
        return out

    def period_of(self, row: int) -> Period:
        """The period of an internal row."""
        return self._periods[int(self._order[row])]

    def to_records(self) -> list[dict[str, Any]]:
        """Every measurement as a JSON-ready dict."""
        return [m.to_dict() for m in self]
