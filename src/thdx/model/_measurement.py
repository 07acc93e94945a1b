"""One measured value: a :class:`Measurement` of one indicator for one unit and period.

A Measurement is converted to its indicator's canonical unit once, on creation; a
value that cannot be (wrong dimension, a share above 100 %, a negative count, NaN) is
refused with a message naming it.

>>> m = Measurement(unit="38", indicator="satisfaction_share", value="92.5 %",
...                 period="2025", source="SIPAS 2025")
>>> m.magnitude, m.unit_of_measure
(92.5, 'percent')
>>> r = Measurement(unit="38", indicator="dx_index_rank", value="5/34", period="2024")
>>> r.magnitude, r.cohort
(5.0, 34)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from thdx.model._coerce import code_problem
from thdx.model._errors import MeasurementError
from thdx.model._indicators import Catalogue, default_catalogue
from thdx.model._measurement_values import parse_value, text_field
from thdx.model._periods import Period, as_period
from thdx.model._quantities import format_quantity

if TYPE_CHECKING:
    import pint

__all__ = ["Measurement", "cohort_of"]


def cohort_of(value: float) -> int | None:
    """A stored cohort (a float, NaN for none) as :attr:`Measurement.cohort`."""
    return None if value != value else int(value)


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
    with its cohort must have the cohort of its data year (:data:`thdx.model.RANK_COHORTS`:
    63 provinces up to data year 2023, 34 from data year 2024).

    Raises:
        UnknownIndicatorError: the indicator is not in the catalogue.
        MeasurementError: the unit is not an official code (1 to 10 ASCII digits),
            the value cannot be converted or is out of range (a rank whose cohort
            does not fit its year included); the source or the note is neither a
            text nor None.
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
        problem = code_problem(unit)
        if problem is not None:
            msg = f"{place}: unit: {problem}"
            raise MeasurementError(msg)
        ind = (default_catalogue() if catalogue is None else catalogue).get_or_raise(
            indicator, where=place
        )
        per = as_period(period, where=place)
        magnitude, cohort = parse_value(value, ind, per, place)
        src, text = text_field(source, "source", place), text_field(note, "note", place)
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
        from thdx.model._unit_registry import registry

        return registry().Quantity(self.magnitude, self.unit_of_measure)

    def __repr__(self) -> str:
        """Python that builds this measurement again (with ``from thdx import Measurement``):
        the value as a plain number in the canonical unit, a rank with its cohort."""
        value = f"'{int(self.magnitude)}/{self.cohort}'" if self.cohort is not None else None
        parts = [
            f"unit={self.unit!r}",
            f"indicator={self.indicator!r}",
            f"value={value or repr(self.magnitude)}",
            f"period={str(self.period)!r}",
        ]
        if self.source:
            parts.append(f"source={self.source!r}")
        if self.note:
            parts.append(f"note={self.note!r}")
        return f"Measurement({', '.join(parts)})"

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
