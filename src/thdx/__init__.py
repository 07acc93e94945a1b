"""thdx: Resolution 06-NQ/TU of Thanh Hóa province (digital transformation) as code.

Typed domain objects, the resolution's goals as a declarative rulebook, and an engine
that evaluates measured data against it and explains every verdict.

>>> import thdx
>>> rb = thdx.resolution_06()
>>> rb.target("2025.gov.satisfaction").threshold_magnitude
90.0

The public names live in layered subpackages (``thdx.model``, ``thdx.store``,
``thdx.rules``, ``thdx.progress``, ``thdx.verdicts``, ``thdx.engine``,
``thdx.rulebooks``, ``thdx.io``); this module imports each on first use (PEP 562), so
``import thdx`` imports neither numpy nor pint nor the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thdx import _hooks
from thdx._lazy import lazy_exports
from thdx._version import __version__ as __version__

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pint

    from thdx.engine import evaluate as evaluate
    from thdx.io import example_data as example_data
    from thdx.io import parse_measurements as parse_measurements
    from thdx.io import read_measurements as read_measurements
    from thdx.io import read_reported_counts as read_reported_counts
    from thdx.io import read_units as read_units
    from thdx.io import write_measurements as write_measurements
    from thdx.model import AdministrativeUnit as AdministrativeUnit
    from thdx.model import ArgumentTypeError as ArgumentTypeError
    from thdx.model import Catalogue as Catalogue
    from thdx.model import DataFileError as DataFileError
    from thdx.model import Direction as Direction
    from thdx.model import DuplicateMeasurementError as DuplicateMeasurementError
    from thdx.model import EvaluationError as EvaluationError
    from thdx.model import EvaluationTypeError as EvaluationTypeError
    from thdx.model import Hierarchy as Hierarchy
    from thdx.model import HierarchyError as HierarchyError
    from thdx.model import Indicator as Indicator
    from thdx.model import IndicatorKind as IndicatorKind
    from thdx.model import Kind as Kind
    from thdx.model import LanguageError as LanguageError
    from thdx.model import Level as Level
    from thdx.model import MeasurementError as MeasurementError
    from thdx.model import Period as Period
    from thdx.model import PeriodError as PeriodError
    from thdx.model import Pillar as Pillar
    from thdx.model import Problem as Problem
    from thdx.model import ProblemsError as ProblemsError
    from thdx.model import QuantityError as QuantityError
    from thdx.model import RulebookError as RulebookError
    from thdx.model import RuleError as RuleError
    from thdx.model import ThdxError as ThdxError
    from thdx.model import ThdxWarning as ThdxWarning
    from thdx.model import UnknownIndicatorError as UnknownIndicatorError
    from thdx.model import UnknownTargetError as UnknownTargetError
    from thdx.model import UnknownUnitError as UnknownUnitError
    from thdx.model import default_catalogue as default_catalogue
    from thdx.progress import Progress as Progress
    from thdx.progress import ProgressError as ProgressError
    from thdx.progress import ProgressMethod as ProgressMethod
    from thdx.progress import ProgressStatus as ProgressStatus
    from thdx.rulebooks import ComparedTargets as ComparedTargets
    from thdx.rulebooks import ManyReports as ManyReports
    from thdx.rulebooks import RulebookComparison as RulebookComparison
    from thdx.rulebooks import compare_rulebooks as compare_rulebooks
    from thdx.rulebooks import criteria_qd1829 as criteria_qd1829
    from thdx.rulebooks import dump_criteria as dump_criteria
    from thdx.rulebooks import dump_rulebook as dump_rulebook
    from thdx.rulebooks import evaluate_many as evaluate_many
    from thdx.rulebooks import load_criteria as load_criteria
    from thdx.rulebooks import load_rulebook as load_rulebook
    from thdx.rulebooks import loads_criteria as loads_criteria
    from thdx.rulebooks import loads_rulebook as loads_rulebook
    from thdx.rulebooks import plan_qd969 as plan_qd969
    from thdx.rulebooks import programme_749 as programme_749
    from thdx.rulebooks import resolution_06 as resolution_06
    from thdx.rulebooks import thanh_hoa_units as thanh_hoa_units
    from thdx.rules import AllOf as AllOf
    from thdx.rules import AnyOf as AnyOf
    from thdx.rules import AtLeast as AtLeast
    from thdx.rules import Comparator as Comparator
    from thdx.rules import Compare as Compare
    from thdx.rules import Completed as Completed
    from thdx.rules import CountUnits as CountUnits
    from thdx.rules import CriteriaSet as CriteriaSet
    from thdx.rules import Criterion as Criterion
    from thdx.rules import Growth as Growth
    from thdx.rules import Guideline as Guideline
    from thdx.rules import PassRule as PassRule
    from thdx.rules import Rulebook as Rulebook
    from thdx.rules import ShareUnits as ShareUnits
    from thdx.rules import Target as Target
    from thdx.store import Measurement as Measurement
    from thdx.store import MeasurementSet as MeasurementSet
    from thdx.store import Recognition as Recognition
    from thdx.store import ReportedCount as ReportedCount
    from thdx.verdicts import Counts as Counts
    from thdx.verdicts import GrowthMethod as GrowthMethod
    from thdx.verdicts import LoadedReport as LoadedReport
    from thdx.verdicts import LoadedVerdict as LoadedVerdict
    from thdx.verdicts import MethodStep as MethodStep
    from thdx.verdicts import Note as Note
    from thdx.verdicts import NoteCode as NoteCode
    from thdx.verdicts import Report as Report
    from thdx.verdicts import ReportJSONError as ReportJSONError
    from thdx.verdicts import Route as Route
    from thdx.verdicts import Status as Status
    from thdx.verdicts import SubVerdict as SubVerdict
    from thdx.verdicts import Verdict as Verdict
    from thdx.verdicts import VerdictRecord as VerdictRecord
    from thdx.verdicts import report_schema as report_schema

    Q_: type[pint.Quantity]


#: The public names, by the subpackage that defines them (imported on first use).
_PUBLIC: dict[str, str] = {
    "thdx.engine": ("evaluate"),
    "thdx.io": (
        "example_data parse_measurements read_measurements read_reported_counts"
        " read_units write_measurements"
    ),
    "thdx.model": (
        "AdministrativeUnit ArgumentTypeError Catalogue DataFileError Direction"
        " DuplicateMeasurementError EvaluationError EvaluationTypeError Hierarchy"
        " HierarchyError Indicator IndicatorKind Kind LanguageError Level MeasurementError"
        " Period PeriodError Pillar Problem ProblemsError QuantityError RuleError"
        " RulebookError ThdxError ThdxWarning UnknownIndicatorError UnknownTargetError"
        " UnknownUnitError default_catalogue"
    ),
    "thdx.progress": ("Progress ProgressError ProgressMethod ProgressStatus"),
    "thdx.rulebooks": (
        "criteria_qd1829 dump_criteria dump_rulebook load_criteria load_rulebook"
        " loads_criteria loads_rulebook plan_qd969 resolution_06 thanh_hoa_units"
        " ComparedTargets ManyReports RulebookComparison compare_rulebooks evaluate_many"
        " programme_749"
    ),
    "thdx.rules": (
        "AllOf AnyOf AtLeast Comparator Compare Completed CountUnits CriteriaSet"
        " Criterion Growth Guideline PassRule Rulebook ShareUnits Target"
    ),
    "thdx.store": ("Measurement MeasurementSet Recognition ReportedCount"),
    "thdx.verdicts": (
        "Counts GrowthMethod LoadedReport LoadedVerdict MethodStep Note NoteCode Report"
        " ReportJSONError Route Status SubVerdict Verdict VerdictRecord report_schema"
    ),
}
_names, _load = lazy_exports("thdx", _PUBLIC, globals())
__all__ = sorted(["Q_", *_names])


def _shipped_indicators() -> Iterable[object]:
    """The indicators of the shipped rulebooks: the model's default catalogue."""
    from thdx.rulebooks import shipped_indicators

    return shipped_indicators()


def _shipped_units(name: str) -> object:
    """The shipped unit list named by a rulebook's ``units``: its default hierarchy."""
    from thdx.rulebooks import shipped_units

    return shipped_units(name)


_hooks.default_indicators = _shipped_indicators
_hooks.shipped_units = _shipped_units


def _from_frame(*args: Any, **kwargs: Any) -> object:
    """``MeasurementSet.from_frame``: the io layer reads the frame as it reads a file."""
    from thdx.io._frames import from_frame

    return from_frame(*args, **kwargs)


def _to_frame(data: Any) -> object:
    """``MeasurementSet.to_frame``: the io layer gives the cells a file would hold."""
    from thdx.io._frames import to_frame

    return to_frame(data)


_hooks.from_frame, _hooks.to_frame = _from_frame, _to_frame


def _sql_evaluate(*args: Any, **kwargs: Any) -> object:
    """``thdx.evaluate(..., backend="duckdb")``: :func:`thdx.sql.evaluate`."""
    from thdx.sql import evaluate

    return evaluate(*args, **kwargs)


_hooks.sql_evaluate = _sql_evaluate


def __getattr__(name: str) -> Any:
    if name == "Q_":
        from thdx.model._unit_registry import registry

        return registry().Quantity
    return _load(name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
