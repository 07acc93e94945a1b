"""DataFrames in and out of a :class:`~thdx.store.MeasurementSet`, and rank texts in a
value column.

A frame is read as a measurements file is, which is the io layer's work: the store
reaches it through :mod:`thdx._hooks` (filled by ``import thdx``), never by importing
upward. A rank given with its cohort ("11/63") in the value column of
``MeasurementSet.from_columns`` (a column of a DataFrame) is split here into the rank
and the cohort, as :class:`~thdx.model.Measurement` reads it.

>>> from thdx.model import default_catalogue
>>> rank_texts(["11/63", 5.0], None, ["dx_index_rank", "grdp"], default_catalogue())
([11.0, 5.0], [63.0, nan])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from thdx import _hooks
from thdx.model._errors import MeasurementError, ThdxError
from thdx.model._indicators import Catalogue, IndicatorKind
from thdx.model._measurement_values import parse_rank

__all__: list[str] = []


def pandas_module(who: str) -> ModuleType:
    """pandas, imported now; an ImportError naming the extra when it is not installed."""
    try:
        import pandas
    except ImportError as exc:
        msg = f"{who} needs pandas, the optional extra: pip install 'thdx[pandas]'"
        raise ImportError(msg) from exc
    return pandas


def hook(name: str) -> Callable[..., object]:
    """The io layer's reader (``from_frame``) or writer (``to_frame``) of frames."""
    fn: Callable[..., object] | None = getattr(_hooks, name)
    if fn is None:  # pragma: no cover - ``import thdx`` fills it before the store loads
        msg = f"MeasurementSet.{name}: thdx._hooks.{name} is not set (import thdx first)"
        raise ThdxError(msg)
    return fn


def rank_texts(
    value: Any, cohort: Any, indicator: Sequence[str], catalogue: Catalogue
) -> tuple[Any, Any]:
    """``value`` and ``cohort`` with each rank text of a rank indicator ("11/63") split
    into its rank (in ``value``) and its cohort (in ``cohort``); both as given when the
    value column holds no text (a column of numbers is never scanned).

    Raises:
        MeasurementError: a rank text whose cohort the cohort column contradicts, or
            that is not a rank within its cohort.
    """
    kind = getattr(getattr(value, "dtype", None), "kind", "O")
    if kind in "biuf" or isinstance(value, str | bytes) or not hasattr(value, "__len__"):
        return value, cohort
    cells = list(value)
    texts = [i for i, x in enumerate(cells) if isinstance(x, str) and "/" in x]
    if not texts or len(indicator) != len(cells):
        return value, cohort  # no rank text; or columns of different lengths (refused later)
    cohorts: list[Any] = [math.nan] * len(cells) if cohort is None else list(cohort)
    if len(cohorts) != len(cells):
        return value, cohort
    for i in texts:
        ind = catalogue.get(str(indicator[i]))
        if ind is None or ind.kind is not IndicatorKind.RANK:
            continue
        rank, of = parse_rank(cells[i], ind, f"row {i}")
        given = cohorts[i]
        absent = given is None or (isinstance(given, float) and math.isnan(given))
        if not absent and given != of:
            msg = (
                f"row {i}: the value {cells[i]!r} has the cohort {of}, the cohort column {given!r}"
            )
            raise MeasurementError(msg)
        cells[i], cohorts[i] = rank, float(of) if of is not None else math.nan
    return cells, cohorts
