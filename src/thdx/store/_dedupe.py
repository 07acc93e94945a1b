"""One rule for facts given more than once: identical repeats are kept once (the first),
two different values for one key are refused, naming both.

:func:`repeats` finds the rows that repeat an earlier row's key, :func:`differ` tells
which of them hold another value; the MeasurementSet (and a file reader) decide what
to do with those. Reported counts and recognitions, held as objects, follow the same
rule through :func:`unique_counts` and :func:`unique_recognitions`.

>>> import numpy as np
>>> first, later = repeats(np.array([1, 1, 1, 2]), np.array([5, 5, 5, 5]))
>>> first.tolist(), later.tolist()
([0, 0], [1, 2])
>>> differ(np.array([1.0, 1.0, 2.0, 3.0]), np.full(4, np.nan), first, later).tolist()
[False, True]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from thdx.model._errors import DuplicateMeasurementError
from thdx.model._indicators import Catalogue
from thdx.model._levels import Level
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import Period
from thdx.model._quantities import format_quantity
from thdx.store._columns import Parts, Sorted

__all__ = ["differ", "kept_once", "repeats", "unique_counts", "unique_recognitions"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def repeats(*keys: npt.NDArray[np.integer]) -> tuple[IntArray, IntArray]:
    """The rows that repeat the key of the row before them, and the first row of each.

    Args:
        keys: the parts of each row's key (unit, indicator, period positions), the rows
            sorted so that equal keys are next to each other, in the order they came in.

    Returns:
        ``first`` and ``later``: for each row whose key the row before it has (in row
        order), the first row with that key and the row itself.
    """
    n = len(keys[0]) if keys else 0
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(keys[0][1:], keys[0][:-1], out=new[1:])
    for key in keys[1:]:
        new[1:] |= key[1:] != key[:-1]
    if new.all():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    later = np.flatnonzero(~new)
    start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
    return start[later], later


def differ(
    values: FloatArray, cohorts: FloatArray, first: IntArray, later: IntArray
) -> npt.NDArray[np.bool_]:
    """Per repeat, whether its value or its cohort (NaN: none) differs from the first's."""
    a, b = cohorts[first], cohorts[later]
    same_cohort = (a == b) | (np.isnan(a) & np.isnan(b))
    return np.asarray((values[first] != values[later]) | ~same_cohort)


def kept_once(
    rows: Sorted, parts: Parts, catalogue: Catalogue, pairs: list[tuple[int, int]] | None = None
) -> Sorted:
    """The sorted rows with each unit, indicator and period once: the first given.

    Raises:
        DuplicateMeasurementError: two different values (or cohorts) for one key,
            both shown with their sources; unless ``pairs`` is given: then each pair
            (the first row, a later row with another value), as positions in the rows
            given, is appended to it, and the later row left out.
    """
    one_period = len(rows.periods) == 1
    first, later = repeats(rows.u, rows.k) if one_period else repeats(rows.u, rows.k, rows.p)
    if not len(later):
        return rows
    differs = np.flatnonzero(differ(rows.values, rows.cohorts, first, later))
    if len(differs) and pairs is None:
        # The later row, and the row before it (a repeat of the first, or the first).
        j = int(later[differs[0]])
        ind = catalogue[parts.ind_names[int(rows.k[j])]]
        one, other = (
            _shown_with_source(
                float(rows.values[r]),
                float(rows.cohorts[r]),
                ind.unit,
                parts.sources[int(rows.order[r])],
            )
            for r in (j - 1, j)
        )
        msg = (
            f"two different values for unit {parts.unit_names[int(rows.u[j])]!r}, indicator "
            f"{ind.id!r}, period {str(rows.periods[int(rows.p[j])])!r}: {one} and {other}"
        )
        raise DuplicateMeasurementError(msg)
    if pairs is not None:
        order = rows.order
        pairs.extend(
            zip(order[first[differs]].tolist(), order[later[differs]].tolist(), strict=True)
        )
    keep = np.ones(len(rows.u), dtype=bool)
    keep[later] = False
    return rows.keep(keep)


def _shown_with_source(magnitude: float, cohort: float, unit: str, source: str) -> str:
    """A stored value as text for messages: a rank with its cohort, then its source."""
    text = (
        f"{int(magnitude)}/{int(cohort)}" if cohort == cohort else format_quantity(magnitude, unit)
    )
    return f"{text!r}" + (f" (source {source!r})" if source else "")


def _shown_count(c: ReportedCount) -> str:
    text = f"{c.count}" + (f" of {c.total}" if c.total is not None else "")
    return text + (f" (source {c.source!r})" if c.source else "")


def unique_counts(counts: Iterable[ReportedCount]) -> tuple[ReportedCount, ...]:
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


def unique_recognitions(
    recognitions: Iterable[Recognition],
) -> Mapping[str, tuple[Recognition, ...]]:
    """The recognitions of each unit code, oldest first; identical repeats once.

    Two recognitions of one unit that differ (another day or decision) are both kept:
    a unit may be recognised again.
    """
    by_unit: dict[str, list[Recognition]] = {}
    for r in sorted(
        dict.fromkeys(recognitions), key=lambda r: (r.unit, r.on, r.decision, r.source)
    ):
        by_unit.setdefault(r.unit, []).append(r)
    return {code: tuple(rs) for code, rs in by_unit.items()}
