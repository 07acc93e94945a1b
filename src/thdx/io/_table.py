"""The measurements of a file as columns: the rows the columnar reader kept and the ones
the reference reader read, in file order; their repeats found, the set built, the
warning about shares that look like fractions given.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from thdx.io._columns import Reader
from thdx.io._row_reader import Item
from thdx.io._values import PLAIN, percent_share
from thdx.model._errors import ThdxWarning
from thdx.model._indicators import Catalogue
from thdx.model._measurement import Measurement
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._measurement_values import fraction_warning
from thdx.store._measurement_set import MeasurementSet

__all__: list[str] = []

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Table:
    """The measurements of a file as columns: the rows the columnar reader kept and
    the ones read one at a time, in file order by ``ordinal``."""

    def __init__(
        self,
        rd: Reader,
        cols: dict[str, npt.NDArray[Any]],
        measured: list[tuple[int, Measurement, bool]],
    ) -> None:
        self.ordinal: IntArray = cols["ordinal"]
        self.u: IntArray = cols["u"]
        self.k: IntArray = cols["k"]
        self.p: IntArray = cols["p"]
        self.s: npt.NDArray[np.int32] = cols["s"]
        self.value: FloatArray = cols["value"]
        self.cohort: FloatArray = cols["cohort"]
        self.plain: npt.NDArray[np.bool_] = cols["kind"] == PLAIN
        self.objects: list[Measurement | None] = [None] * len(self.u)
        if not measured:
            return
        extra = [
            (
                o,
                rd.code("unit", m.unit, rd.unit_names),
                rd.code("ind", m.indicator, rd.ind_names),
                rd.code("period", m.period, rd.periods),
                rd.code("source", m.source, rd.source_names),
                m.magnitude,
                math.nan if m.cohort is None else m.cohort,
                plain,
            )
            for o, m, plain in measured
        ]
        parts = list(zip(*extra, strict=True))
        # In file order: the first of rows with one key is the one kept.
        order = np.argsort(np.concatenate([self.ordinal, parts[0]]), kind="stable")
        self.ordinal = np.concatenate([self.ordinal, parts[0]])[order]
        self.u = np.concatenate([self.u, parts[1]]).astype(np.int64)[order]
        self.k = np.concatenate([self.k, parts[2]]).astype(np.int64)[order]
        self.p = np.concatenate([self.p, parts[3]]).astype(np.int64)[order]
        self.s = np.concatenate([self.s, np.array(parts[4], dtype=np.int32)])[order]
        self.value = np.concatenate([self.value, parts[5]]).astype(float)[order]
        self.cohort = np.concatenate([self.cohort, parts[6]]).astype(float)[order]
        self.plain = np.concatenate([self.plain, parts[7]]).astype(bool)[order]
        objects = [*self.objects, *(m for _, m, _ in measured)]
        self.objects = [objects[i] for i in order.tolist()]

    def repeats(self) -> tuple[IntArray, IntArray]:
        """For every row whose unit, indicator and period an earlier row has: that
        row (``later``) and the first row with them (``first``)."""
        n = len(self.u)
        if n < 2:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        order = np.lexsort((self.ordinal, self.p, self.k, self.u))
        u, k, p = self.u[order], self.k[order], self.p[order]
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(u[1:], u[:-1], out=new[1:])
        new[1:] |= (k[1:] != k[:-1]) | (p[1:] != p[:-1])
        if new.all():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        return order[start[~new]], order[~new]

    def differ(self, first: IntArray, later: IntArray) -> npt.NDArray[np.bool_]:
        """Per repeat, whether its value (or cohort) differs from the first's."""
        a, b = self.cohort[first], self.cohort[later]
        same_cohort = (a == b) | (np.isnan(a) & np.isnan(b))
        return np.asarray((self.value[first] != self.value[later]) | ~same_cohort)

    def build(
        self, rd: Reader, cat: Catalogue, others: list[Item], repeats: list[tuple[int, int]]
    ) -> MeasurementSet:
        """The set (identical repeats once; the pairs of different values for one unit,
        indicator and period are appended to ``repeats``, as rows of this table)."""
        sources = list(map(rd.source_names.__getitem__, self.s.tolist()))
        return MeasurementSet._from_parts(
            cat,
            rd.unit_names,
            self.u,
            rd.ind_names,
            self.k,
            rd.periods,
            self.p,
            self.value,
            sources,
            self.cohort,
            self.objects,
            recognitions=[r for r in others if isinstance(r, Recognition)],
            reported=[c for c in others if isinstance(c, ReportedCount)],
            repeats=repeats,
        )

    def warn(self, name: str, rd: Reader, cat: Catalogue, stacklevel: int) -> None:
        """Warn when every share given as a plain number is ≤ 1 (some above 0)."""
        share = np.array([percent_share(cat[i]) for i in rd.ind_names], dtype=bool)
        if not share.any():
            return
        rows = np.flatnonzero(self.plain & share[self.k])
        if not len(rows):
            return
        top = int(rows[np.argmax(self.value[rows])])
        largest = float(self.value[top])
        if 0 < largest <= 1:
            message = fraction_warning(name, largest, rd.ind_names[int(self.k[top])])
            warnings.warn(message, ThdxWarning, stacklevel=stacklevel + 1)
