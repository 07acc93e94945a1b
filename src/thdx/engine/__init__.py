"""The engine: a rulebook, data and a hierarchy evaluated into a Report of Verdicts."""

from thdx.engine._evaluate import (
    evaluate,
    evaluate_rule,
)

__all__ = [
    "evaluate",
    "evaluate_rule",
]
