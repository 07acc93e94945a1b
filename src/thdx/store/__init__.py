"""The store layer: the columnar MeasurementSet that holds measurements, recognitions
and published counts, and :class:`Columns`, its read-only view for the engine.

The value objects it holds (Measurement, Recognition, ReportedCount, the rank cohorts)
are defined in the model layer and re-exported here.
"""

from thdx.model._measurement import Measurement
from thdx.model._measurement_cohorts import RANK_COHORTS, CohortEra, fitting_cohorts
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.store._columns import Columns
from thdx.store._measurement_set import MeasurementSet

__all__ = [
    "RANK_COHORTS",
    "CohortEra",
    "Columns",
    "Measurement",
    "MeasurementSet",
    "Recognition",
    "ReportedCount",
    "fitting_cohorts",
]
