"""The engine: a rulebook, data and a hierarchy compiled into a plan, run into a Report.

``thdx.engine.compile(rulebook, data, units=..., as_of=...)`` gives a :class:`Plan`
whose ``run()`` is the Report of :func:`thdx.evaluate`; ``compile(rule, data,
codes=..., as_of=...)`` a :class:`RulePlan` over a batch of units.
"""

from thdx.engine._evaluate import (
    compile,
    evaluate,
    evaluate_rule,
)
from thdx.engine._plan import Plan, RulePlan

__all__ = [
    "Plan",
    "RulePlan",
    "compile",
    "evaluate",
    "evaluate_rule",
]
