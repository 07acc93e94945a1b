"""Errors raised by thdx.

Every error is a :class:`ThdxError` and also the builtin that fits it
(:class:`ValueError` for a bad value, :class:`KeyError` for an unknown name), so
``except ValueError`` keeps working in code that does not know thdx.

Messages say what was expected, show the bad value with ``repr`` and where it came
from. An input with several problems raises one error listing them all
(:attr:`ProblemsError.problems`).

>>> from thdx.errors import ThdxError, UnknownIndicatorError
>>> err = UnknownIndicatorError("no_such", where="measurement")
>>> isinstance(err, ThdxError) and isinstance(err, KeyError)
True
>>> print(err)
measurement: unknown indicator 'no_such'
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "DataFileError",
    "DuplicateMeasurementError",
    "HierarchyError",
    "LanguageError",
    "MeasurementError",
    "PeriodError",
    "Problem",
    "ProblemsError",
    "QuantityError",
    "RulebookError",
    "ThdxError",
    "UnknownIndicatorError",
    "UnknownTargetError",
    "UnknownUnitError",
]


class ThdxError(Exception):
    """Base class of every error thdx raises."""


class _KeyErrorMixin(KeyError):
    """A KeyError whose ``str()`` is its message, not the repr of its key."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _prefix(where: str | None, msg: str) -> str:
    return f"{where}: {msg}" if where else msg


class PeriodError(ThdxError, ValueError):
    """A period that cannot be parsed or makes no sense (end before start)."""


class LanguageError(ThdxError, ValueError):
    """A language other than the supported ones ("en", "vi")."""


class QuantityError(ThdxError, ValueError):
    """A value that is not a number, has the wrong unit, or lies outside its range."""


class MeasurementError(ThdxError, ValueError):
    """A measurement that cannot be accepted (bad value, unit, period or rank)."""


class HierarchyError(ThdxError, ValueError):
    """Administrative units that do not form a valid hierarchy."""


class DuplicateMeasurementError(ThdxError, ValueError):
    """Two different values for the same unit x indicator x period."""


class UnknownIndicatorError(ThdxError, _KeyErrorMixin):
    """An indicator id that the catalogue does not hold."""

    def __init__(self, indicator: str, *, where: str | None = None) -> None:
        self.indicator = indicator
        self.where = where
        super().__init__(_prefix(where, f"unknown indicator {indicator!r}"))


class UnknownUnitError(ThdxError, _KeyErrorMixin):
    """An administrative-unit code or name that the hierarchy does not hold, or that
    names several units (a reused code without a day, an ambiguous name).

    ``message``, when given, replaces the default "unknown administrative unit ..."."""

    def __init__(
        self,
        code: str,
        *,
        where: str | None = None,
        detail: str = "",
        message: str | None = None,
    ) -> None:
        self.code = code
        self.where = where
        if message is None:
            message = f"unknown administrative unit {code!r}" + (f" ({detail})" if detail else "")
        super().__init__(_prefix(where, message))


class UnknownTargetError(ThdxError, _KeyErrorMixin):
    """A target id that the rulebook or report does not hold."""

    def __init__(self, target: str, *, where: str | None = None, detail: str = "") -> None:
        self.target = target
        self.where = where
        msg = f"unknown target {target!r}"
        super().__init__(_prefix(where, msg + (f" ({detail})" if detail else "")))


@attrs.frozen
class Problem:
    """One problem found in an input, with its place.

    ``where`` is a path in a rulebook (``targets[3].threshold``) or a place in a
    file (``data.csv:4:value``).
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ProblemsError(ThdxError, ValueError):
    """Every problem found in one input, raised together."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        n = len(self.problems)
        head = f"{source}: {n} problem{'s' if n != 1 else ''}"
        super().__init__(head + "".join(f"\n  {p}" for p in self.problems))


class RulebookError(ProblemsError):
    """A rulebook file (or mapping) with one or more problems."""


class DataFileError(ProblemsError):
    """A data file (measurements, units) with one or more bad rows."""
