"""Errors of the progress assessment: a bad argument, named with its value."""

from __future__ import annotations

from thdx.model._errors import ArgumentTypeError, ThdxError

__all__ = ["ProgressError", "ProgressTypeError"]


class ProgressError(ThdxError, ValueError):
    """An argument of :func:`~thdx.progress.assess` that cannot be used as given (a
    unit that is not a code, a day that is not a day, a base year outside 1000..9999)."""


class ProgressTypeError(ProgressError, ArgumentTypeError):
    """An argument of :func:`~thdx.progress.assess` of the wrong type (also a TypeError):
    data that is not a MeasurementSet, a target that is not a Target."""
