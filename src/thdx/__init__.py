"""thdx: Resolution 06-NQ/TU of Thanh Hóa province (digital transformation) as code.

Typed domain objects, the resolution's goals as a declarative rulebook, and an engine
that evaluates measured data against it and explains every verdict.

>>> import thdx
>>> rb = thdx.resolution_06()
>>> rb.target("2025.gov.satisfaction").threshold_magnitude
90.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .admin import AdministrativeUnit, Hierarchy, Kind, Level
from .engine import evaluate
from .errors import (
    ArgumentTypeError,
    DataFileError,
    DuplicateMeasurementError,
    EvaluationError,
    EvaluationTypeError,
    HierarchyError,
    LanguageError,
    MeasurementError,
    PeriodError,
    Problem,
    ProblemsError,
    QuantityError,
    RulebookError,
    ThdxError,
    ThdxWarning,
    UnknownIndicatorError,
    UnknownTargetError,
    UnknownUnitError,
)
from .indicators import Catalogue, Direction, Indicator, IndicatorKind, Pillar, default_catalogue
from .io import (
    example_data,
    parse_measurements,
    read_measurements,
    read_reported_counts,
    read_units,
    write_measurements,
)
from .measurements import Measurement, MeasurementSet, Recognition, ReportedCount
from .periods import Period
from .rulebook import (
    Guideline,
    Rulebook,
    criteria_qd1829,
    dump_criteria,
    dump_rulebook,
    load_criteria,
    load_rulebook,
    loads_criteria,
    loads_rulebook,
    plan_qd969,
    resolution_06,
)
from .rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparator,
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Growth,
    PassRule,
    RuleError,
    ShareUnits,
)
from .targets import Target
from .thanh_hoa import thanh_hoa_units
from .verdicts import Counts, Report, Route, Status, Verdict

if TYPE_CHECKING:
    import pint

    Q_: type[pint.Quantity]

__version__ = "0.1.0.dev0"

__all__ = [
    "Q_",
    "AdministrativeUnit",
    "AllOf",
    "AnyOf",
    "ArgumentTypeError",
    "AtLeast",
    "Catalogue",
    "Comparator",
    "Compare",
    "Completed",
    "CountUnits",
    "Counts",
    "CriteriaSet",
    "Criterion",
    "DataFileError",
    "Direction",
    "DuplicateMeasurementError",
    "EvaluationError",
    "EvaluationTypeError",
    "Growth",
    "Guideline",
    "Hierarchy",
    "HierarchyError",
    "Indicator",
    "IndicatorKind",
    "Kind",
    "LanguageError",
    "Level",
    "Measurement",
    "MeasurementError",
    "MeasurementSet",
    "PassRule",
    "Period",
    "PeriodError",
    "Pillar",
    "Problem",
    "ProblemsError",
    "QuantityError",
    "Recognition",
    "Report",
    "ReportedCount",
    "Route",
    "RuleError",
    "Rulebook",
    "RulebookError",
    "ShareUnits",
    "Status",
    "Target",
    "ThdxError",
    "ThdxWarning",
    "UnknownIndicatorError",
    "UnknownTargetError",
    "UnknownUnitError",
    "Verdict",
    "criteria_qd1829",
    "default_catalogue",
    "dump_criteria",
    "dump_rulebook",
    "evaluate",
    "example_data",
    "load_criteria",
    "load_rulebook",
    "loads_criteria",
    "loads_rulebook",
    "parse_measurements",
    "plan_qd969",
    "read_measurements",
    "read_reported_counts",
    "read_units",
    "resolution_06",
    "thanh_hoa_units",
    "write_measurements",
]


def __getattr__(name: str) -> Any:
    if name == "Q_":
        from .quantities import registry

        return registry().Quantity
    msg = f"module 'thdx' has no attribute {name!r}"
    raise AttributeError(msg)
