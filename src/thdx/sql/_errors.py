"""The errors of :mod:`thdx.sql`."""

from __future__ import annotations

from thdx.model._errors import EvaluationError

__all__ = ["NotCompiledError"]


class NotCompiledError(EvaluationError):
    """A rule of a kind the SQL backend does not compile yet (never a wrong answer:
    evaluate that rulebook in process)."""
