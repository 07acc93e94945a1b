"""thdx: Resolution 06-NQ/TU of Thanh Hóa province (digital transformation) as code.

Typed domain objects, the resolution's goals as a declarative rulebook, and an engine
that evaluates measured data against it and explains every verdict.

>>> import thdx
>>> rb = thdx.resolution_06()
>>> rb.target("2025.gov.satisfaction").threshold_magnitude
90.0

The public names live in layered subpackages (``thdx.model``, ``thdx.store``,
``thdx.rules``, ``thdx.engine``, ``thdx.verdicts``, ``thdx.rulebooks``, ``thdx.io``);
this module imports each on first use, so ``import thdx`` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import pint

    from thdx.engine import (
        evaluate,
    )
    from thdx.io import (
        example_data,
        parse_measurements,
        read_measurements,
        read_reported_counts,
        read_units,
        write_measurements,
    )
    from thdx.model import (
        AdministrativeUnit,
        ArgumentTypeError,
        Catalogue,
        DataFileError,
        Direction,
        DuplicateMeasurementError,
        EvaluationError,
        EvaluationTypeError,
        Hierarchy,
        HierarchyError,
        Indicator,
        IndicatorKind,
        Kind,
        LanguageError,
        Level,
        MeasurementError,
        Period,
        PeriodError,
        Pillar,
        Problem,
        ProblemsError,
        QuantityError,
        RulebookError,
        RuleError,
        ThdxError,
        ThdxWarning,
        UnknownIndicatorError,
        UnknownTargetError,
        UnknownUnitError,
        default_catalogue,
    )
    from thdx.rulebooks import (
        criteria_qd1829,
        dump_criteria,
        dump_rulebook,
        load_criteria,
        load_rulebook,
        loads_criteria,
        loads_rulebook,
        plan_qd969,
        resolution_06,
        thanh_hoa_units,
    )
    from thdx.rules import (
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
        Guideline,
        PassRule,
        Rulebook,
        ShareUnits,
        Target,
    )
    from thdx.store import (
        Measurement,
        MeasurementSet,
        Recognition,
        ReportedCount,
    )
    from thdx.verdicts import (
        Counts,
        GrowthMethod,
        MethodStep,
        Note,
        NoteCode,
        Report,
        Route,
        Status,
        SubVerdict,
        Verdict,
    )

    Q_: type[pint.Quantity]

__version__ = "0.1.0.dev0"

#: Where each public name lives (its subpackage), imported on first use.
_LAZY: dict[str, str] = {
    "AdministrativeUnit": "thdx.model",
    "ArgumentTypeError": "thdx.model",
    "Catalogue": "thdx.model",
    "DataFileError": "thdx.model",
    "Direction": "thdx.model",
    "DuplicateMeasurementError": "thdx.model",
    "EvaluationError": "thdx.model",
    "EvaluationTypeError": "thdx.model",
    "Hierarchy": "thdx.model",
    "HierarchyError": "thdx.model",
    "Indicator": "thdx.model",
    "IndicatorKind": "thdx.model",
    "Kind": "thdx.model",
    "LanguageError": "thdx.model",
    "Level": "thdx.model",
    "MeasurementError": "thdx.model",
    "Period": "thdx.model",
    "PeriodError": "thdx.model",
    "Pillar": "thdx.model",
    "Problem": "thdx.model",
    "ProblemsError": "thdx.model",
    "QuantityError": "thdx.model",
    "RuleError": "thdx.model",
    "RulebookError": "thdx.model",
    "ThdxError": "thdx.model",
    "ThdxWarning": "thdx.model",
    "UnknownIndicatorError": "thdx.model",
    "UnknownTargetError": "thdx.model",
    "UnknownUnitError": "thdx.model",
    "default_catalogue": "thdx.model",
    "Measurement": "thdx.store",
    "MeasurementSet": "thdx.store",
    "Recognition": "thdx.store",
    "ReportedCount": "thdx.store",
    "AllOf": "thdx.rules",
    "AnyOf": "thdx.rules",
    "AtLeast": "thdx.rules",
    "Comparator": "thdx.rules",
    "Compare": "thdx.rules",
    "Completed": "thdx.rules",
    "CountUnits": "thdx.rules",
    "CriteriaSet": "thdx.rules",
    "Criterion": "thdx.rules",
    "Growth": "thdx.rules",
    "Guideline": "thdx.rules",
    "PassRule": "thdx.rules",
    "Rulebook": "thdx.rules",
    "ShareUnits": "thdx.rules",
    "Target": "thdx.rules",
    "evaluate": "thdx.engine",
    "Counts": "thdx.verdicts",
    "GrowthMethod": "thdx.verdicts",
    "MethodStep": "thdx.verdicts",
    "Note": "thdx.verdicts",
    "NoteCode": "thdx.verdicts",
    "Report": "thdx.verdicts",
    "Route": "thdx.verdicts",
    "Status": "thdx.verdicts",
    "SubVerdict": "thdx.verdicts",
    "Verdict": "thdx.verdicts",
    "criteria_qd1829": "thdx.rulebooks",
    "dump_criteria": "thdx.rulebooks",
    "dump_rulebook": "thdx.rulebooks",
    "load_criteria": "thdx.rulebooks",
    "load_rulebook": "thdx.rulebooks",
    "loads_criteria": "thdx.rulebooks",
    "loads_rulebook": "thdx.rulebooks",
    "plan_qd969": "thdx.rulebooks",
    "resolution_06": "thdx.rulebooks",
    "thanh_hoa_units": "thdx.rulebooks",
    "example_data": "thdx.io",
    "parse_measurements": "thdx.io",
    "read_measurements": "thdx.io",
    "read_reported_counts": "thdx.io",
    "read_units": "thdx.io",
    "write_measurements": "thdx.io",
}

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
    "GrowthMethod",
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
    "MethodStep",
    "Note",
    "NoteCode",
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
    "SubVerdict",
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


def _shipped_indicators() -> Iterable[Indicator]:
    """The indicators of the shipped rulebooks: the model's default catalogue."""
    from thdx.rulebooks import shipped_indicators

    return shipped_indicators()


#: The module whose default-catalogue hook this package fills.
_HOOKED = "thdx.model._indicators"


class _CatalogueHook:
    """Fills the model's default-catalogue hook the moment its module is first run.

    ``import thdx`` imports none of the model (nor attrs, numpy or pint): the hook is
    set when ``thdx.model._indicators`` is imported, by whatever imports it first.
    """

    @classmethod
    def find_spec(
        cls, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != _HOOKED:
            return None
        spec = PathFinder.find_spec(name, path, target)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            module.set_default_catalogue_loader(_shipped_indicators)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if _HOOKED in sys.modules:  # thdx re-imported: the model is there already
    sys.modules[_HOOKED].set_default_catalogue_loader(_shipped_indicators)
elif _CatalogueHook not in sys.meta_path:
    sys.meta_path.insert(0, _CatalogueHook)


def __getattr__(name: str) -> Any:
    if name == "Q_":
        from thdx.model._unit_registry import registry

        return registry().Quantity
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'thdx' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
