"""The rules layer: the declarative vocabulary, Target and Rulebook (types only, no files)."""

from thdx.rules._rulebook import (
    COUNT_UNIT,
    Guideline,
    Rulebook,
)
from thdx.rules._targets import (
    Target,
    rule_indicators,
)
from thdx.rules._vocabulary import (
    ABS_TOL,
    REL_TOL,
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
    Rule,
    Score,
    ShareUnits,
    Undetermined,
    tolerance,
)

__all__ = [
    "ABS_TOL",
    "COUNT_UNIT",
    "REL_TOL",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Comparator",
    "Compare",
    "Completed",
    "CountUnits",
    "CriteriaSet",
    "Criterion",
    "Growth",
    "Guideline",
    "PassRule",
    "Rule",
    "Rulebook",
    "Score",
    "ShareUnits",
    "Target",
    "Undetermined",
    "rule_indicators",
    "tolerance",
]
