"""The names this module held before the store was split, for the modules that still
import them from here (the engine, io, strategies, verdicts, the CLI).

The value objects now live in the model layer (``thdx.model._measurement*``), the set
in ``thdx.store._measurement_set`` and the modules beside it; new code imports public
names from ``thdx.store`` and other names from the module that defines them.
"""

from __future__ import annotations

from thdx.model._measurement import Measurement
from thdx.model._measurement_cohorts import PROVINCE_COHORTS as PROVINCE_COHORTS
from thdx.model._measurement_cohorts import RANK_COHORTS, CohortEra, cohort_problem, fitting_cohorts
from thdx.model._measurement_records import MAX_COUNT as MAX_COUNT
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._measurement_values import fraction_warning as fraction_warning
from thdx.model._measurement_values import parse_rank, range_problem
from thdx.store._checks import out_of_range
from thdx.store._derived import ratio_factor
from thdx.store._measurement_set import MeasurementSet

__all__ = [
    "RANK_COHORTS",
    "CohortEra",
    "Measurement",
    "MeasurementSet",
    "Recognition",
    "ReportedCount",
    "fitting_cohorts",
]

# Their old private names (thdx.io._io and thdx.engine import them from here).
_cohort_problem = cohort_problem
_out_of_range = out_of_range
_parse_rank = parse_rank
_range_problem = range_problem
_ratio_factor = ratio_factor
