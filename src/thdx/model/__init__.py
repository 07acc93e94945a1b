"""The model layer: errors, periods, quantities (one pint registry), administrative units and
their time-aware hierarchy, indicators and catalogues. It knows nothing of rules or files.
"""

from thdx.model import _errors
from thdx.model._administrative_unit import (
    AdministrativeUnit,
    fold_name,
)
from thdx.model._errors import *
from thdx.model._hierarchy import (
    Hierarchy,
)
from thdx.model._indicators import (
    Catalogue,
    Direction,
    Indicator,
    IndicatorKind,
    Pillar,
    default_catalogue,
    set_default_catalogue_loader,
)
from thdx.model._levels import (
    Kind,
    Level,
)
from thdx.model._measurement import Measurement
from thdx.model._measurement_cohorts import RANK_COHORTS, CohortEra, fitting_cohorts
from thdx.model._measurement_records import Recognition, ReportedCount
from thdx.model._periods import (
    Granularity,
    Period,
    as_period,
)
from thdx.model._quantities import MAX_VALUE_LENGTH, format_quantity, to_magnitude
from thdx.model._unit_grammar import (
    MAX_PARENTHESES,
    MAX_POWER,
    MAX_UNIT_LENGTH,
)
from thdx.model._unit_registry import (
    check_unit,
    convert,
    registry,
    same_dimension,
)


def __getattr__(name: str) -> object:
    if name == "Q_":  # pint's Quantity class, built on first use
        from thdx.model._unit_registry import registry

        return registry().Quantity
    msg = f"module 'thdx.model' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "MAX_PARENTHESES",
    "MAX_POWER",
    "MAX_UNIT_LENGTH",
    "MAX_VALUE_LENGTH",
    "Q_",
    "RANK_COHORTS",
    "AdministrativeUnit",
    "Catalogue",
    "CohortEra",
    "Direction",
    "Granularity",
    "Hierarchy",
    "Indicator",
    "IndicatorKind",
    "Kind",
    "Level",
    "Measurement",
    "Period",
    "Pillar",
    "Recognition",
    "ReportedCount",
    "as_period",
    "check_unit",
    "convert",
    "default_catalogue",
    "fitting_cohorts",
    "fold_name",
    "format_quantity",
    "registry",
    "same_dimension",
    "set_default_catalogue_loader",
    "to_magnitude",
]
__all__ += _errors.__all__
