"""The rows of a MeasurementSet as columns of plain numbers, sorted for evaluation, and
:class:`Columns`, their public read-only view.

Rows are sorted by indicator, then unit, then period number (periods numbered by end
day, then longest first), so each indicator owns one contiguous slice of rows and the
last row of a unit's group is its latest (and, among equal ends, longest) period.

>>> import thdx
>>> data = thdx.MeasurementSet.from_columns(
...     unit=["38", "380", "38"], indicator=["satisfaction_share"] * 3,
...     period=["2025", "2024", "2024"], value=[92.5, 80.0, 90.0])
>>> cols = data.columns()
>>> cols.unit_codes, cols.unit.tolist(), cols.value.tolist()
(('38', '380'), [0, 0, 1], [90.0, 92.5, 80.0])
>>> rows = cols.rows_of("satisfaction_share")
>>> [str(cols.periods[p]) for p in cols.period[rows]]
['2024', '2025', '2024']
>>> cols.value.flags.writeable
False
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._indicators import Catalogue
from thdx.model._measurement import Measurement, cohort_of
from thdx.model._periods import Period
from thdx.store._codes import CodeTable

__all__ = [
    "Columns",
    "Lazy",
    "OneValue",
    "Parts",
    "Sorted",
    "Tail",
    "row_measurement",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_NO_ROWS = slice(0, 0)

#: A row's Measurement: given, built when asked for (a derived value), or None (built
#: from the row when asked for).
Lazy = Measurement | Callable[[], Measurement] | None


def _frozen(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.flags.writeable = False
    return a


@attrs.frozen(eq=False, repr=False)
class Columns:
    """A read-only columnar view of a MeasurementSet's measurements: the numbers the
    engine evaluates on, without building a Measurement per row.

    Every array has one entry per row and cannot be written to (``flags.writeable``
    is False); they are the set's own arrays, not copies. Rows are sorted by indicator,
    then unit, then period: :meth:`rows_of` gives an indicator's rows as one slice, in
    which the rows of a unit are next to each other, its latest period last. Derived
    values (a ratio of two measured indicators) are rows too; identical repeats are
    kept once.

    Attributes:
        unit: per row, the position of its unit code in :attr:`unit_codes` (int64).
        indicator: per row, the position of its indicator id in :attr:`indicators`
            (int64).
        period: per row, the position of its period in :attr:`periods` (int32, or
            int64 past 2**31 periods).
        start: per row, the ordinal (:meth:`datetime.date.toordinal`) of the first day
            of its period (int64).
        end: per row, the ordinal of the last day of its period (int64).
        value: per row, the magnitude in its indicator's canonical unit (float64).
        cohort: per row, the cohort of a rank given with one ("5/34": 34.0), NaN for
            every other row (float64).
        unit_codes: the distinct unit codes, in the order they first came in.
        indicators: the distinct indicator ids (one of them may have no rows).
        periods: the distinct periods, by last day, then the longest first: of two
            positions, the larger is the later period.
    """

    unit: IntArray
    indicator: IntArray
    period: npt.NDArray[np.int32] | IntArray
    start: IntArray
    end: IntArray
    value: FloatArray
    cohort: FloatArray
    unit_codes: tuple[str, ...]
    indicators: tuple[str, ...]
    periods: tuple[Period, ...]
    #: unit_index as a dict (quicker to ask than a read-only proxy, and picklable).
    _positions: dict[str, int] = attrs.field(alias="positions")
    #: Each indicator's rows, as (start, stop).
    _slices: dict[str, tuple[int, int]] = attrs.field(alias="slices")
    #: The CodeTable of unit_codes, once asked for (see :meth:`positions_of`).
    _table: list[CodeTable] = attrs.field(factory=list, init=False)

    @property
    def unit_index(self) -> Mapping[str, int]:
        """Each unit code's position in :attr:`unit_codes` (read-only)."""
        return MappingProxyType(self._positions)

    def __len__(self) -> int:
        return len(self.unit)

    def _freeze(self) -> None:
        """Make the arrays read-only again (an unpickled array can be written to)."""
        for a in (self.unit, self.indicator, self.period, self.start, self.end):
            _frozen(a)
        _frozen(self.value)
        _frozen(self.cohort)

    def __repr__(self) -> str:
        return (
            f"<Columns: {len(self)} rows, {len(self.unit_codes)} units, "
            f"{len(self._slices)} indicators, {len(self.periods)} periods>"
        )

    def rows_of(self, indicator: str) -> slice:
        """The rows of one indicator (an empty slice for an indicator without rows).

        >>> import thdx
        >>> cols = thdx.MeasurementSet().columns()
        >>> cols.rows_of("satisfaction_share")
        slice(0, 0, None)
        """
        lo_hi = self._slices.get(indicator)
        return _NO_ROWS if lo_hi is None else slice(*lo_hi)

    def position(self, code: str) -> int:
        """The position of a unit code in :attr:`unit_codes`, or -1 for a unit without
        measurements."""
        return self.unit_index.get(code, -1)

    def positions_of(self, codes: Sequence[str]) -> IntArray:
        """Per code, its position in :attr:`unit_codes`, or -1 (:meth:`position` for
        many codes at once, in time linear in their number).

        >>> import thdx
        >>> cols = thdx.MeasurementSet.from_columns(
        ...     unit=["38", "01"], indicator=["grdp"] * 2, period=["2024"] * 2,
        ...     value=[1e14, 2e14]).columns()
        >>> cols.positions_of(["01", "38", "038"]).tolist()
        [1, 0, -1]
        """
        if not self._table:
            self._table.append(CodeTable(self.unit_codes, self._positions))
        return self._table[0].positions(codes)

    @classmethod
    def _of(cls, rows: Sorted, parts: Parts) -> Columns:
        """The view of sorted rows (whose arrays it makes read-only)."""
        unit_names, ind_names = parts.unit_names, parts.ind_names
        positions = dict(zip(unit_names, range(len(unit_names)), strict=True))
        k = rows.k
        # Rows are sorted by indicator: each indicator owns one contiguous slice.
        ends = np.cumsum(np.bincount(k, minlength=len(ind_names))).tolist()
        slices = {
            name: (lo, hi)
            for name, lo, hi in zip(ind_names, [0, *ends][:-1], ends, strict=True)
            if hi > lo
        }
        n, npe = len(k), len(rows.periods)
        p: npt.NDArray[np.int32] | IntArray
        if npe == 1:  # one period (a year's data): no gathers
            p = np.zeros(n, dtype=np.int32)
            start = np.full(n, rows.period_start[0], dtype=np.int64)
            end = np.full(n, rows.period_end[0], dtype=np.int64)
        else:
            p = rows.p.astype(np.int32) if npe < 2**31 else rows.p
            # mode="clip": the positions are the set's own (no check of each one).
            start = np.take(rows.period_start, rows.p, mode="clip")
            end = np.take(rows.period_end, rows.p, mode="clip")
        cols = cls(
            unit=_frozen(rows.u),
            indicator=_frozen(k),
            period=_frozen(p),
            start=_frozen(start),
            end=_frozen(end),
            value=_frozen(rows.values),
            cohort=_frozen(rows.cohorts),
            unit_codes=tuple(unit_names),
            indicators=tuple(ind_names),
            periods=tuple(rows.periods),
            positions=positions,
            slices=slices,
        )
        if parts.unit_numbers is not None:  # the codes' numbers are at hand: the table now
            cols._table.append(CodeTable(cols.unit_codes, positions, parts.unit_numbers))
        return cols


_UNSET = object()


class OneValue:
    """A column whose every row holds one value, but for the rows set or appended later
    (what a list of the value would answer, by integer index, without a list of
    ``n`` entries): the sources and Measurements of rows given as columns."""

    def __init__(self, n: int, value: object) -> None:
        self._n = n
        self._value = value
        self._other: dict[int, object] = {}
        #: Rows made when asked for (see :meth:`extend_made`): first, end, maker.
        self._made: tuple[int, int, Callable[[int], object]] | None = None

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> object:
        if not 0 <= i < self._n:
            raise IndexError(i)
        got = self._other.get(i, _UNSET)
        if got is not _UNSET:
            return got
        made = self._made
        if made is not None and made[0] <= i < made[1]:
            return made[2](i - made[0])
        return self._value

    def extend_made(self, m: int, make: Callable[[int], object]) -> None:
        """Append ``m`` rows, the ``j``-th of them ``make(j)`` each time it is read
        (until set): no object is held per row (once per column)."""
        if self._made is not None:
            raise ValueError("extend_made: rows are made already")
        self._made = (self._n, self._n + m, make)
        self._n += m

    def __setitem__(self, i: int, value: object) -> None:
        if not 0 <= i < self._n:
            raise IndexError(i)
        self._other[i] = value

    def append(self, value: object) -> None:
        self._other[self._n] = value
        self._n += 1


@attrs.frozen(eq=False)
class Parts:
    """Rows as given: each row's unit, indicator and period as its position among the
    distinct ones (``unit_names``, ``ind_names``, ``periods``), its value, source,
    cohort (NaN: none) and Measurement (None: built when asked for)."""

    unit_names: list[str]
    u: IntArray
    ind_names: list[str]
    k: IntArray
    periods: list[Period]
    p: IntArray
    values: FloatArray
    sources: list[str]
    cohorts: FloatArray
    objects: list[Lazy]
    #: Per distinct unit code, its number (thdx.store._codes.code_numbers), if read so.
    unit_numbers: IntArray | None = None
    #: Rows after those of the arrays above (derived values), kept apart so that the
    #: long columns are not copied to add them; see :class:`Tail`.
    tail: Tail | None = None


@attrs.frozen(eq=False)
class Tail:
    """A few rows after the rows given (row ``len(parts.u) + i`` is row ``i`` here),
    without a cohort, each of an indicator whose position is above every given row's
    (so that they sort after all of them)."""

    u: IntArray
    k: IntArray
    p: IntArray
    values: FloatArray


@attrs.frozen(eq=False)
class Sorted:
    """Rows sorted by indicator, unit, period number (see :func:`sort_rows`).

    ``order`` maps each sorted row to the row given; ``periods`` are the distinct
    periods renumbered (``p`` indexes them), ``period_start``/``period_end`` their
    ordinals."""

    order: IntArray
    u: IntArray
    k: IntArray
    p: IntArray
    values: FloatArray
    cohorts: FloatArray
    periods: list[Period]
    period_start: IntArray
    period_end: IntArray

    def keep(self, keep: npt.NDArray[np.bool_]) -> Sorted:
        """Only the rows where ``keep`` is true."""
        return attrs.evolve(
            self,
            order=self.order[keep],
            u=self.u[keep],
            k=self.k[keep],
            p=self.p[keep],
            values=self.values[keep],
            cohorts=self.cohorts[keep],
        )


def row_measurement(
    catalogue: Catalogue,
    unit: str,
    indicator: str,
    period: Period,
    magnitude: float,
    source: str,
    cohort: float,
) -> Measurement:
    """The Measurement of a stored row (a cohort of NaN is none)."""
    ind = catalogue[indicator]
    return Measurement._trusted(
        unit, ind.id, magnitude, ind.unit, period, source, cohort=cohort_of(cohort)
    )
