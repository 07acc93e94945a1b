"""The :class:`MeasurementSet`: measurements, recognitions and reported counts, stored
as columns of plain numbers so the engine can evaluate every unit of a level at once.

>>> m = Measurement(unit="38", indicator="satisfaction_share", value="92.5 %",
...                 period="2025", source="SIPAS 2025")
>>> r = Measurement(unit="38", indicator="dx_index_rank", value="5/34", period="2024")
>>> data = MeasurementSet([m, r])
>>> len(data)
2
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._errors import ArgumentTypeError, MeasurementError, ThdxWarning
from thdx.model._indicators import Catalogue, IndicatorKind, default_catalogue
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period, as_period
from thdx.store import _checks, _frames
from thdx.store._codes import unit_column
from thdx.store._columns import Columns, Lazy, OneValue, Parts, row_measurement
from thdx.store._dedupe import kept_once, unique_counts, unique_recognitions
from thdx.store._derived import add_derived
from thdx.store._select import Ask, Selector
from thdx.store._sort import sort_rows

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Item", "MeasurementSet"]

Item = Measurement | Recognition | ReportedCount

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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

    catalogue: Catalogue
    reported_counts: tuple[ReportedCount, ...]

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
        n = len(measurements)
        cohorts = (np.nan if m.cohort is None else m.cohort for m in measurements)
        self._init_columns(
            [
                Parts(
                    *_checks.factorise([m.unit for m in measurements]),
                    *_checks.factorise([m.indicator for m in measurements]),
                    *_checks.factorise([m.period for m in measurements]),
                    np.fromiter((m.magnitude for m in measurements), float, n),
                    [m.source for m in measurements],
                    np.fromiter(cohorts, float, n),
                    list(measurements),
                )
            ]
        )
        self._set_recognitions(recognitions)
        self.reported_counts = unique_counts(reported)

    @classmethod
    def from_columns(
        cls,
        *,
        unit: Sequence[str],
        indicator: Sequence[str],
        period: Sequence[Period | str],
        value: Sequence[float | str] | FloatArray,
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
            value: the magnitude of each row, in the indicator's canonical unit; a
                rank may be given with its cohort, as text ("11/63").
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
        value, cohort = _frames.rank_texts(value, cohort, indicator, self.catalogue)
        for name, col in (("unit", unit), ("indicator", indicator), ("period", period)):
            _checks.check_column(col, name)
        if source is not None:
            _checks.check_column(source, "source")
        n = len(unit)
        values = _checks.number_column(value, "value")
        cohorts = None if cohort is None else _checks.number_column(cohort, "cohort")
        if not (len(indicator) == len(period) == len(values) == n) or (
            (source is not None and len(source) != n)
            or (cohorts is not None and (cohorts.ndim != 1 or len(cohorts) != n))
        ):
            also = "source" if cohorts is None else "source, cohort"
            msg = f"from_columns: unit, indicator, period, value (and {also}) differ in length"
            raise MeasurementError(msg)
        periods, p = _checks.period_column(period)
        ind_names, k = _checks.factorise(indicator)
        inds = [self.catalogue.get_or_raise(ind_id, where="from_columns") for ind_id in ind_names]
        is_rank = np.array([ind.kind is IndicatorKind.RANK for ind in inds], dtype=bool)
        if cohorts is None and is_rank.any():
            msg = "from_columns: rank indicators need a cohort; pass Measurement objects"
            raise MeasurementError(msg)
        if not np.isfinite(values).all():
            i = int(np.flatnonzero(~np.isfinite(values))[0])
            msg = f"row {i}: {float(values[i])!r} is not a finite number"
            raise MeasurementError(msg)
        rank_rows = is_rank[k] if is_rank.any() else np.zeros(n, dtype=bool)
        if cohorts is None:
            cohorts = np.full(n, np.nan)
        else:
            _checks.check_cohorts(cohorts, rank_rows, k, inds)
        _checks.check_ranges(values, cohorts, k, inds, rank_rows)
        _checks.check_cohort_eras(cohorts, k, inds, values, p, periods)
        try:
            unit_names, u, numbers = unit_column(unit)
        except TypeError:  # an unhashable value, and so no unit code: find it row by row
            unit_names, u, numbers = list(unit), np.arange(n, dtype=np.int64), None
        _checks.check_unit_codes(unit_names, u)
        # Without a source column every row's source is "" (and no Measurement is built).
        blank = cast(list[str], OneValue(n, ""))
        sources = blank if source is None else _checks.source_column(source)
        note = _checks.fractions_note("from_columns", values, k, inds)
        lazy = cast(list[Lazy], OneValue(n, None))  # a Measurement is built when asked for
        given = [
            Parts(unit_names, u, ind_names, k, periods, p, values, sources, cohorts, lazy, numbers)
        ]
        del u, k, p, values, cohorts  # held by ``given`` alone: gone once sorted (a lower peak)
        self._init_columns(given)
        self._set_recognitions(list(recognitions))
        self.reported_counts = ()
        if note is not None:
            warnings.warn(note, ThdxWarning, stacklevel=2)
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
        lazy = cast(list[Lazy], objects)
        rows = Parts(unit_names, u, ind_names, k, periods, p, values, sources, cohorts, lazy)
        self._init_columns([rows], repeats)
        self._set_recognitions(list(recognitions))
        self.reported_counts = unique_counts(reported)
        return self

    # -- construction -------------------------------------------------------------

    def _init_columns(
        self, given: list[Parts], repeats: list[tuple[int, int]] | None = None
    ) -> None:
        """Index the rows (derived values added, sorted, each key once).

        Rows with the same unit, indicator and period are kept once (the first, in
        the order given). Two different values for one of them raise a
        DuplicateMeasurementError, unless ``repeats`` is given: each pair (the first
        row, a later row with another value), as positions in the rows given, is
        appended to it, and the later row left out. ``given`` holds the rows as given
        (emptied: the rows as given are let go once derived values are added)."""
        parts = add_derived(self.catalogue, given.pop())
        ordered = sort_rows(parts)
        # The columns as given are let go before the view is built (a lower peak).
        none, nan = np.zeros(0, dtype=np.int64), np.zeros(0)
        parts = attrs.evolve(parts, u=none, k=none, p=none, values=nan, cohorts=nan)
        rows = kept_once(ordered, parts, self.catalogue, repeats)
        del ordered
        cols = Columns._of(rows, parts)
        self._columns = cols
        self._select = Selector(cols)
        self._order = rows.order
        self._sources = parts.sources
        self._objects = parts.objects
        # The private names the engine reads until it reads columns() (see Columns).
        self._u, self._k, self._p = cols.unit, cols.indicator, cols.period
        self._start, self._end = cols.start, cols.end
        self._value, self._cohort = cols.value, cols.cohort
        self._periods = cols.periods
        self._unit_codes = cols.unit_codes
        self._unit_index = cols._positions
        self._ind_names = cols.indicators
        self._ind_codes = {c: i for i, c in enumerate(cols.indicators)}
        self._slices = cols._slices

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._columns._freeze()

    def _set_recognitions(self, recognitions: list[Recognition]) -> None:
        # Identical repeats are kept once, as for measurements.
        self._recognitions = unique_recognitions(recognitions)

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

    def columns(self) -> Columns:
        """The measurements as read-only columns of plain numbers (see :class:`Columns`).

        >>> data = MeasurementSet.from_columns(unit=["38"], indicator=["grdp"],
        ...                                    period=["2024"], value=[1e14])
        >>> cols = data.columns()
        >>> cols.value[cols.rows_of("grdp")].tolist(), cols.unit_codes
        ([100000000000000.0], ('38',))
        """
        return self._columns

    @property
    def recognitions_by_unit(self) -> Mapping[str, tuple[Recognition, ...]]:
        """The recognitions of each unit code that has any, oldest first (read-only)."""
        return MappingProxyType(self._recognitions)

    def row(self, row: int) -> Measurement:
        """The measurement stored at an internal row (used by traces)."""
        original = int(self._order[row])
        obj = self._objects[original]
        if callable(obj):  # a derived value
            obj = self._objects[original] = obj()
        if obj is None:
            cols = self._columns
            obj = self._objects[original] = row_measurement(
                self.catalogue,
                cols.unit_codes[int(cols.unit[row])],
                cols.indicators[int(cols.indicator[row])],
                cols.periods[int(cols.period[row])],
                float(cols.value[row]),
                self._sources[original],
                float(cols.cohort[row]),
            )
        return obj

    @property
    def recognitions(self) -> tuple[Recognition, ...]:
        """Every recognition, by unit then date."""
        return tuple(r for rs in self._recognitions.values() for r in rs)

    def recognitions_of(self, unit: str) -> tuple[Recognition, ...]:
        """The recognitions of one unit code, oldest first."""
        return self._recognitions.get(unit, ())

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
        return self._select.latest(Ask(indicator, codes, valid_from, as_of, prefer))

    def exact(self, indicator: str, codes: Sequence[str], period: Period) -> IntArray:
        """Per requested unit, the row for exactly ``period``, or -1."""
        return self._select.exact(indicator, codes, period)

    def values_at(self, rows: IntArray) -> FloatArray:
        """Magnitudes of the given rows; NaN where the row is -1."""
        return self._select.values_at(rows)

    def period_of(self, row: int) -> Period:
        """The period of an internal row."""
        return self._columns.periods[int(self._columns.period[row])]

    def to_records(self) -> list[dict[str, Any]]:
        """Every measurement as a JSON-ready dict."""
        return [m.to_dict() for m in self]

    def _repr_html_(self) -> str:
        """The set in a notebook: its size and its first measurements (HTML)."""
        from thdx.model._html import measurements_html

        shown = [self.row(r) for r in range(min(len(self), 20))]
        return measurements_html(
            shown,
            total=len(self),
            recognitions=self.recognitions,
            reported=len(self.reported_counts),
        )

    # -- DataFrames (the extra thdx[pandas]) -------------------------------------------

    @classmethod
    def from_frame(
        cls, df: pd.DataFrame, *, catalogue: Catalogue | None = None, source: str = "<frame>"
    ) -> MeasurementSet:
        """Read a pandas DataFrame of a measurements file's columns (``unit``,
        ``indicator``, ``period``, ``value``, optionally ``source`` and ``note``) with
        the file's rules: recognitions and reported counts as rows, ranks with their
        cohort ("11/63"), codes as text (a ``unit`` column of numbers is refused), a
        missing cell (None, NaN) as an empty cell; every problem at once, each with its
        row's label (see :mod:`thdx.io._frames`). ``source`` names the frame in problems.

        Raises:
            ImportError: pandas, the extra ``thdx[pandas]``, is not installed.
            ArgumentTypeError: ``df`` is not a DataFrame.
            DataFileError: every problem of the columns, else of the rows.

        >>> import pandas as pd
        >>> df = pd.DataFrame({"unit": ["38"], "indicator": ["dx_index_rank"],
        ...                    "period": [2023], "value": ["11/63"]})
        >>> MeasurementSet.from_frame(df).get("38", "dx_index_rank", "2023").shown()
        '11/63'
        """
        read = _frames.hook("from_frame")
        return cast(MeasurementSet, read(df, catalogue=catalogue, source=source))

    def to_frame(self) -> pd.DataFrame:
        """The set as a DataFrame of a measurements file's columns and cells, all text:
        the rows :func:`thdx.write_measurements` writes (derived values left out);
        :meth:`from_frame` reads it back equal.

        Raises:
            ImportError: pandas, the extra ``thdx[pandas]``, is not installed.
        """
        return cast("pd.DataFrame", _frames.hook("to_frame")(self))
