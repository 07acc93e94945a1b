"""The shipped rulebooks, criteria sets and unit lists as data files; the safe loader and
the dumper.
"""

from thdx.model._coerce import MAX_CODE_LENGTH
from thdx.rulebooks._compare import ComparedTargets, RulebookComparison, compare_rulebooks
from thdx.rulebooks._criteria import load_criteria, loads_criteria
from thdx.rulebooks._documents import (
    MAX_DOCUMENT_SIZE,
    MAX_ID_LENGTH,
    MAX_NESTING,
    MAX_TEXT_LENGTH,
    SCHEMA_VERSION,
)
from thdx.rulebooks._dump import dump_criteria, dump_rulebook
from thdx.rulebooks._loader import load_rulebook, loads_rulebook
from thdx.rulebooks._many import ManyReports, evaluate_many
from thdx.rulebooks._shipped import (
    criteria_qd1829,
    plan_qd969,
    programme_749,
    resolution_06,
    shipped_indicators,
)
from thdx.rulebooks._thanh_hoa import (
    HISTORY_FROM,
    REFORM_DATE,
    UNIT_LISTS,
    shipped_units,
    thanh_hoa_units,
)

__all__ = [
    "HISTORY_FROM",
    "MAX_CODE_LENGTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_ID_LENGTH",
    "MAX_NESTING",
    "MAX_TEXT_LENGTH",
    "REFORM_DATE",
    "SCHEMA_VERSION",
    "UNIT_LISTS",
    "ComparedTargets",
    "ManyReports",
    "RulebookComparison",
    "compare_rulebooks",
    "criteria_qd1829",
    "dump_criteria",
    "dump_rulebook",
    "evaluate_many",
    "load_criteria",
    "load_rulebook",
    "loads_criteria",
    "loads_rulebook",
    "plan_qd969",
    "programme_749",
    "resolution_06",
    "shipped_indicators",
    "shipped_units",
    "thanh_hoa_units",
]
