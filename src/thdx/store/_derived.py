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
from thdx.store._columns import Lazy, Parts, Tail, row_measurement

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

    def part(i: int, indicator: str) -> Measurement | tuple[str, float, str, float]:
        """Input row ``i``: its Measurement, or what builds one when asked."""
        obj = objects[i]
        if obj is None or not isinstance(obj, Measurement):
            return (indicator, float(values[i]), sources[i], float(cohorts[i]))
        return obj

    extra: list[tuple[int, str, int, float, Lazy]] = []
    for ind in derived:
        num_id, den_id = str(ind.numerator), str(ind.denominator)
        factor: float | None = None
        for (uu, ind_id, pp), i in index.items():
            if ind_id != num_id or (uu, ind.id, pp) in index:
                continue
            j = index.get((uu, den_id, pp))
            if j is None:
                continue
            code, per = unit_names[uu], periods[pp]
            if values[j] == 0:
                msg = (
                    f"{_where(ind, code, per)}: its denominator {den_id!r} is 0, so the ratio "
                    "does not exist"
                )
                raise MeasurementError(msg)
            if factor is None:
                factor = ratio_factor(catalogue[num_id], catalogue[den_id], ind)
            ratio = float(values[i] / values[j] * factor)
            problem = ind.check_range(ratio, shown=ratio, where=None)
            if problem:
                msg = f"{_where(ind, code, per)}: {problem}"
                raise MeasurementError(msg)
            # Built when asked for (MeasurementSet.row): most never are.
            m = functools.partial(
                derived_measurement,
                catalogue,
                code,
                ind.id,
                per,
                ratio,
                part(i, num_id),
                part(j, den_id),
            )
            extra.append((uu, ind.id, pp, ratio, m))
    if not extra:
        return parts
    ind_codes = {name: i for i, name in enumerate(ind_names)}
    new_k: list[int] = []
    for _uu, ind_id, _pp, _ratio, lazy in extra:
        if ind_id not in ind_codes:
            ind_codes[ind_id] = len(ind_names)
            ind_names.append(ind_id)
        new_k.append(ind_codes[ind_id])
        sources.append(_derived_source(catalogue[ind_id]))
        objects.append(lazy)
    extra_u = np.array([e[0] for e in extra], dtype=np.int64)
    extra_k = np.array(new_k, dtype=np.int64)
    extra_p = np.array([e[2] for e in extra], dtype=np.int64)
    extra_values = np.array([e[3] for e in extra], dtype=float)
    if parts.tail is None and int(extra_k.min()) > (int(k.max()) if len(k) else -1):
        # Every derived row sorts after the rows given: kept apart, no column copied.
        return attrs.evolve(parts, tail=Tail(extra_u, extra_k, extra_p, extra_values))
    return attrs.evolve(
        parts,
        u=np.concatenate([u, extra_u]),
        k=np.concatenate([k, extra_k]),
        p=np.concatenate([p, extra_p]),
        values=np.concatenate([values, extra_values]),
        cohorts=np.concatenate([cohorts, np.full(len(extra), np.nan)]),
    )
