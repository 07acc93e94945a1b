"""The store layer: measurements, recognitions, published counts and the columnar
MeasurementSet that holds them.
"""

from thdx.store._measurements import (
    RANK_COHORTS,
    CohortEra,
    Measurement,
    MeasurementSet,
    Recognition,
    ReportedCount,
    fitting_cohorts,
)

__all__ = [
    "RANK_COHORTS",
    "CohortEra",
    "Measurement",
    "MeasurementSet",
    "Recognition",
    "ReportedCount",
    "fitting_cohorts",
]
