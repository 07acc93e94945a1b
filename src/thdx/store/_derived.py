"""Derived indicators: a ratio of two measured indicators (digital economy value /
GRDP), computed where both parts are measured and the ratio is not.

>>> import thdx
>>> data = thdx.MeasurementSet.from_columns(
...     unit=["38", "38"], indicator=["digital_economy_value", "grdp"],
...     period=["2024", "2024"], value=[20e12, 100e12])
>>> m = data.get("38", "digital_economy_share", "2024")
>>> m.magnitude, m.source
(20.0, 'derived: digital_economy_value / grdp')
"""

from __future__ import annotations

import functools

import attrs
import numpy as np
import numpy.typing as npt

from thdx.model._errors import MeasurementError
from thdx.model._indicators import Catalogue, Indicator
from thdx.model._measurement import Measurement
from thdx.model._periods import Period
from thdx.model._unit_registry import convert
from thdx.store._columns import Lazy, OneValue, Parts, Tail, row_measurement

__all__ = ["add_derived", "ratio_factor"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def ratio_factor(num: Indicator, den: Indicator, ind: Indicator) -> float:
    """The factor from ``num / den`` to the unit of the derived indicator ``ind``.

    Two parts in one unit make a pure number, read without pint (100 for percent).
    """
    if num.unit == den.unit and ind.unit in ("percent", "dimensionless"):
        return 100.0 if ind.unit == "percent" else 1.0
    return convert(1.0, f"({num.unit}) / ({den.unit})", ind.unit)


def _where(ind: Indicator, code: str, period: Period) -> str:
    return f"derived {ind.id!r} for unit {code!r}, period {str(period)!r}"


def _derived_source(ind: Indicator) -> str:
    return f"derived: {ind.numerator} / {ind.denominator}"


def derived_measurement(
    catalogue: Catalogue,
    code: str,
    ind_id: str,
    period: Period,
    ratio: float,
    *parts: Measurement | tuple[str, float, str, float],
) -> Measurement:
    """The Measurement of a derived value, from its two parts (a part given as its
    indicator, value, source and cohort is built here)."""
    ind = catalogue[ind_id]
    pair = tuple(
        x if isinstance(x, Measurement) else row_measurement(catalogue, code, x[0], period, *x[1:])
        for x in parts
    )
    return Measurement._trusted(
        code, ind.id, ratio, ind.unit, period, source=_derived_source(ind), derived_from=pair
    )


def _last_of_each(rows: IntArray, key: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct keys in order of first appearance, and the last row of each (what
    a dict of key → row, filled in row order, holds)."""
    if not len(key):
        return key, rows
    order = np.argsort(key, kind="stable")
    by_key = key[order]
    new = np.empty(len(key), dtype=bool)
    new[:1] = True
    np.not_equal(by_key[1:], by_key[:-1], out=new[1:])
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:], len(key)) - 1
    in_order = np.argsort(order[firsts], kind="stable")
    return by_key[firsts][in_order], rows[order[lasts]][in_order]


@attrs.frozen(eq=False)
class _Made:
    """The Measurements of derived rows, each made when asked for (what
    :class:`thdx.store._columns.OneValue` holds for them: no object per row).

    Row ``t`` is the ratio ``ratios[t]`` of indicator ``inds[which[t]]`` for unit
    ``codes[units[t]]`` and period ``periods[pers[t]]``; its parts are the rows given
    whose fields are ``num``/``den`` (value, cohort, source, Measurement) at ``t``."""

    catalogue: Catalogue
    codes: list[str]
    periods: list[Period]
    inds: list[Indicator]
    which: IntArray
    units: IntArray
    pers: IntArray
    ratios: FloatArray
    num: tuple[FloatArray, FloatArray, list[str], list[Lazy]]
    den: tuple[FloatArray, FloatArray, list[str], list[Lazy]]

    def _part(
        self, fields: tuple[FloatArray, FloatArray, list[str], list[Lazy]], t: int, indicator: str
    ) -> Measurement | tuple[str, float, str, float]:
        values, cohorts, sources, objects = fields
        obj = objects[t]
        if isinstance(obj, Measurement):
            return obj
        return (indicator, float(values[t]), sources[t], float(cohorts[t]))

    def __call__(self, t: int) -> Lazy:
        ind = self.inds[int(self.which[t])]
        return functools.partial(
            derived_measurement,
            self.catalogue,
            self.codes[int(self.units[t])],
            ind.id,
            self.periods[int(self.pers[t])],
            float(self.ratios[t]),
            self._part(self.num, t, str(ind.numerator)),
            self._part(self.den, t, str(ind.denominator)),
        )


def add_derived(catalogue: Catalogue, parts: Parts) -> Parts:
    """The rows with those of derived indicators computable from their two parts added.

    A derived value is computed only where it was not measured directly, from
    the numerator and denominator of the same unit and period. A new indicator
    id is appended to ``parts.ind_names``; ``parts.sources`` and ``parts.objects``
    are extended.

    Raises:
        MeasurementError: a derived value outside its indicator's range, or one whose
            denominator is 0.
    """
    derived = [ind for ind in catalogue.values() if ind.derived]
    if not derived:
        return parts
    unit_names, u, ind_names, k = parts.unit_names, parts.u, parts.ind_names, parts.k
    periods, p, values, cohorts = parts.periods, parts.p, parts.values, parts.cohorts
    sources, objects = parts.sources, parts.objects
    code_of = {name: i for i, name in enumerate(ind_names)}
    wanted = {ind.numerator for ind in derived} | {ind.denominator for ind in derived}
    wanted |= {ind.id for ind in derived}
    codes = [code_of[name] for name in wanted if name in code_of]
    # Only the rows of the parts and of the derived indicators, in row order.
    rows = np.flatnonzero(np.isin(k, codes)) if codes else np.zeros(0, dtype=np.int64)
    rk, npe = k[rows], max(1, len(periods))
    rkey = u[rows] * npe + p[rows]

    def of(ind_id: str) -> tuple[IntArray, IntArray]:
        """An indicator's distinct (unit, period) keys, in order, and each one's last row."""
        at = rk == code_of.get(ind_id, -1)
        return _last_of_each(rows[at], rkey[at])

    new_u: list[IntArray] = []
    new_k: list[int] = []
    new_p: list[IntArray] = []
    new_values: list[FloatArray] = []
    made: list[tuple[Indicator, IntArray, IntArray, FloatArray]] = []
    for ind in derived:
        num_id, den_id = str(ind.numerator), str(ind.denominator)
        num_key, num_row = of(num_id)
        den_key, den_row = of(den_id)
        own_key, _ = of(ind.id)
        # Numerator keys with a denominator and no value of the derived indicator.
        at = np.searchsorted(den_key, num_key, sorter=np.argsort(den_key))
        den_sorted = den_key[np.argsort(den_key)]
        found = at < len(den_key)
        found[found] = den_sorted[at[found]] == num_key[found]
        found &= ~np.isin(num_key, own_key)
        if not found.any():
            continue
        i = num_row[found]
        j = den_row[np.argsort(den_key)[at[found]]]
        den = values[j]
        zero = np.flatnonzero(den == 0)
        stop = int(zero[0]) if len(zero) else len(i)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = values[i] / np.where(den == 0, 1.0, den)
        if len(i):
            ratio *= ratio_factor(catalogue[num_id], catalogue[den_id], ind)
        for t, r in enumerate(ratio[:stop].tolist()):
            problem = ind.check_range(r, shown=r, where=None)
            if problem:
                code, per = unit_names[int(u[i[t]])], periods[int(p[i[t]])]
                raise MeasurementError(f"{_where(ind, code, per)}: {problem}")
        if stop < len(i):
            code, per = unit_names[int(u[i[stop]])], periods[int(p[i[stop]])]
            msg = (
                f"{_where(ind, code, per)}: its denominator {den_id!r} is 0, so the ratio "
                "does not exist"
            )
            raise MeasurementError(msg)
        if ind.id not in code_of:
            code_of[ind.id] = len(ind_names)
            ind_names.append(ind.id)
        new_u.append(u[i])
        new_k += [code_of[ind.id]] * len(i)
        new_p.append(p[i])
        new_values.append(ratio)
        made.append((ind, i, j, ratio))
    if not made:
        return parts
    m = len(new_k)
    for ind, i, _, _ in made:
        for _ in range(len(i)):
            sources.append(_derived_source(ind))
    maker = _maker(catalogue, parts, made)
    column: object = objects  # a list, or a OneValue (from_columns) cast to one
    if isinstance(column, OneValue):
        column.extend_made(m, maker)
    else:
        objects.extend(maker(t) for t in range(m))
    extra_u = np.concatenate(new_u).astype(np.int64)
    extra_k = np.array(new_k, dtype=np.int64)
    extra_p = np.concatenate(new_p).astype(np.int64)
    extra_values = np.concatenate(new_values).astype(float)
    if parts.tail is None and int(extra_k.min()) > (int(k.max()) if len(k) else -1):
        # Every derived row sorts after the rows given: kept apart, no column copied.
        return attrs.evolve(parts, tail=Tail(extra_u, extra_k, extra_p, extra_values))
    return attrs.evolve(
        parts,
        u=np.concatenate([u, extra_u]),
        k=np.concatenate([k, extra_k]),
        p=np.concatenate([p, extra_p]),
        values=np.concatenate([values, extra_values]),
        cohorts=np.concatenate([cohorts, np.full(m, np.nan)]),
    )


def _maker(
    catalogue: Catalogue, parts: Parts, made: list[tuple[Indicator, IntArray, IntArray, FloatArray]]
) -> _Made:
    """What makes the derived rows' Measurements, their parts' fields read from the
    rows now (the long columns given are let go once sorted)."""
    i = np.concatenate([x[1] for x in made])
    j = np.concatenate([x[2] for x in made])
    which = np.repeat(np.arange(len(made)), [len(x[1]) for x in made])

    def fields(rows: IntArray) -> tuple[FloatArray, FloatArray, list[str], list[Lazy]]:
        at = rows.tolist()
        return (
            parts.values[rows],
            parts.cohorts[rows],
            [parts.sources[r] for r in at],
            [parts.objects[r] for r in at],
        )

    return _Made(
        catalogue,
        parts.unit_names,
        parts.periods,
        [x[0] for x in made],
        which,
        parts.u[i],
        parts.p[i],
        np.concatenate([x[3] for x in made]),
        fields(i),
        fields(j),
    )
