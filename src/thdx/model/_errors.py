"""Errors raised by thdx.

Every error is a :class:`ThdxError` and also the builtin that fits it
(:class:`ValueError` for a bad value, :class:`KeyError` for an unknown name), so
``except ValueError`` keeps working in code that does not know thdx.

Messages say what was expected, show the bad value with ``repr`` and where it came
from. An input with several problems raises one error listing them all
(:attr:`ProblemsError.problems`).

>>> from thdx.model._errors import ThdxError, UnknownIndicatorError
>>> err = UnknownIndicatorError("no_such", where="measurement")
>>> isinstance(err, ThdxError) and isinstance(err, KeyError)
True
>>> print(err)
measurement: unknown indicator 'no_such'

Errors survive pickling (multiprocessing, Dask and pytest-xdist send them between
processes): an error is rebuilt from the arguments it was created with, so it comes
back with the same class, message and attributes.

>>> import pickle
>>> str(pickle.loads(pickle.dumps(err)))
"measurement: unknown indicator 'no_such'"
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Self

import attrs

__all__ = [
    "ArgumentTypeError",
    "DataFileError",
    "DuplicateMeasurementError",
    "EvaluationError",
    "EvaluationTypeError",
    "HierarchyError",
    "LanguageError",
    "MeasurementError",
    "PeriodError",
    "Problem",
    "ProblemsError",
    "QuantityError",
    "RuleError",
    "RulebookError",
    "ThdxError",
    "ThdxWarning",
    "UnknownIndicatorError",
    "UnknownTargetError",
    "UnknownUnitError",
]


def _rebuild(cls: type[ThdxError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> ThdxError:
    """Unpickle an error: create it again from the arguments it was created with."""
    return cls(*args, **kwargs)


class ThdxError(Exception):
    """Base class of every error thdx raises.

    The arguments an error is created with are kept, so that pickling rebuilds it by
    calling its class again (as pint's errors do with ``__reduce__``): the default
    pickling of exceptions passes ``self.args`` (the finished message) to
    ``__init__``, which doubles the message of an error that builds its own, or
    fails for one that needs more than one argument.
    """

    _init_args: tuple[tuple[Any, ...], dict[str, Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        self = super().__new__(cls, *args, **kwargs)
        self._init_args = (args, kwargs)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        args, kwargs = getattr(self, "_init_args", (self.args, {}))
        state = {k: v for k, v in self.__dict__.items() if k != "_init_args"}
        return (_rebuild, (type(self), args, kwargs), state or None)


class ThdxWarning(UserWarning):
    """Base class of the warnings thdx gives: input that is read as documented but
    looks like a mistake (every share of a file ≤ 1, as if written as a fraction).

    Turn them into errors with ``warnings.simplefilter("error", thdx.ThdxWarning)``.
    """


class ArgumentTypeError(ThdxError, TypeError):
    """An argument of the wrong type: ``None`` or a number where a file path is
    expected, a string where a sequence of codes is, something else than an
    AdministrativeUnit in a Hierarchy."""


class RuleError(ThdxError, ValueError):
    """A rule that cannot be built as given."""


class EvaluationError(ThdxError, ValueError):
    """An argument of :func:`thdx.evaluate` that cannot be used as given."""


class EvaluationTypeError(EvaluationError, ArgumentTypeError):
    """An argument of :func:`thdx.evaluate` of the wrong type (also a TypeError)."""


class _KeyErrorMixin(KeyError):
    """A KeyError whose ``str()`` is its message, not the repr of its key."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _prefix(where: str | None, msg: str) -> str:
    return f"{where}: {msg}" if where else msg


def close_matches(word: object, choices: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """The ``n`` choices closest to ``word`` (difflib's ratio ≥ 0.6), best first: the
    "did you mean" of an unknown id; none for a word that is not a text or is huge.

    >>> close_matches("grpd", ["grdp", "population", "grdp_per_capita"])
    ('grdp',)
    """
    if not isinstance(word, str) or len(word) > _LONGEST_SUGGESTED:
        return ()
    near = difflib.get_close_matches(word, list(choices), n=max(n, 10), cutoff=0.6)
    return tuple([c for c in near if _tails_close(word, c)][:n])


def _tails_close(a: str, b: str) -> bool:
    """Whether two ids are close where they differ: after the prefix they share, their
    tails are close too (a typo), or differ by a character or two ("16213", "16214").
    A long shared prefix ("2025.gov.") alone makes difflib find ids close."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    ta, tb = a[i:], b[i:]
    if not ta or not tb or max(len(ta), len(tb)) <= 2:  # one begins the other, or a slip
        return True
    return difflib.SequenceMatcher(None, ta, tb).ratio() >= 0.6


#: An id longer than this gets no suggestion (difflib's cost grows with its length).
_LONGEST_SUGGESTED = 200


def did_you_mean(suggestions: Sequence[str]) -> str:
    """The end of a message naming close ids: " (did you mean 'a' or 'b'?)"."""
    if not suggestions:
        return ""
    shown = [repr(s) for s in suggestions]
    words = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    return f" (did you mean {words}?)"


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
    """An indicator id that the catalogue does not hold.

    ``suggestions``: the known ids closest to it (:func:`close_matches`), named in the
    message as "did you mean …".

    >>> print(UnknownIndicatorError("grpd", suggestions=("grdp",)))
    unknown indicator 'grpd' (did you mean 'grdp'?)
    """

    def __init__(
        self, indicator: str, *, where: str | None = None, suggestions: Sequence[str] = ()
    ) -> None:
        self.indicator = indicator
        self.where = where
        self.suggestions = tuple(suggestions)
        msg = f"unknown indicator {indicator!r}" + did_you_mean(self.suggestions)
        super().__init__(_prefix(where, msg))


class UnknownUnitError(ThdxError, _KeyErrorMixin):
    """An administrative-unit code or name that the hierarchy does not hold, or that
    names several units (a reused code without a day, an ambiguous name).

    ``message``, when given, replaces the default "unknown administrative unit ...";
    ``suggestions`` (the known codes or names closest to it) end the message as "did
    you mean …"."""

    def __init__(
        self,
        code: str,
        *,
        where: str | None = None,
        detail: str = "",
        message: str | None = None,
        suggestions: Sequence[str] = (),
    ) -> None:
        self.code = code
        self.where = where
        self.suggestions = tuple(suggestions)
        if message is None:
            message = f"unknown administrative unit {code!r}" + (f" ({detail})" if detail else "")
        super().__init__(_prefix(where, message + did_you_mean(self.suggestions)))


class UnknownTargetError(ThdxError, _KeyErrorMixin):
    """A target id that the rulebook or report does not hold (``suggestions``: the
    ids closest to it, named in the message as "did you mean …")."""

    def __init__(
        self,
        target: str,
        *,
        where: str | None = None,
        detail: str = "",
        suggestions: Sequence[str] = (),
    ) -> None:
        self.target = target
        self.where = where
        self.suggestions = tuple(suggestions)
        msg = f"unknown target {target!r}" + (f" ({detail})" if detail else "")
        super().__init__(_prefix(where, msg + did_you_mean(self.suggestions)))


@attrs.frozen
class Problem:
    """One problem found in an input, with its place.

    ``where`` is a path in a rulebook (``targets[3].threshold``) or a place in a
    file (``data.csv:4:value``).
    """

    where: str
    message: str
    #: What sort of problem it is, for the counts of a long report ("empty",
    #: "unknown indicator"); by default the message with its values left out.
    kind: str = attrs.field(default="", eq=False, repr=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


# Quoted values ('x', "x") and numbers: what differs between problems of one kind.
_VALUES = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[+-]?\d+(?:[.,]\d+)*")
# A place in front of a message ("d.csv:4:value: "), with its column.
_PLACE = re.compile(r"\S+:\d+(?::(\w+))?: ")
_COLUMN = re.compile(r":\d+:(\w+)$")


def _kind_of(problem: Problem) -> str:
    """The kind of a problem: the one given, or its column and message without its
    place and values ("value: … is not a quantity (…)")."""
    if problem.kind:
        return problem.kind
    found = _COLUMN.search(problem.where)
    column = found.group(1) if found else ""
    message = problem.message
    place = _PLACE.match(message)
    if place:
        column = place.group(1) or column
        message = message[place.end() :]
    text = _VALUES.sub("…", message).strip()
    return f"{column}: {text}" if column else text


#: How many problems a ProblemsError's message lists in full; the rest are counted.
SHOWN_PROBLEMS = 20


class ProblemsError(ThdxError, ValueError):
    """Every problem found in one input, raised together.

    :attr:`problems` holds every problem; the message lists the first
    :data:`SHOWN_PROBLEMS` in full and counts the rest by kind, so that a file of a
    million bad rows gives a readable message, not one of many megabytes.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        n = len(self.problems)
        head = f"{source}: {n} problem{'s' if n != 1 else ''}"
        shown = self.problems[:SHOWN_PROBLEMS]
        text = head + "".join(f"\n  {p}" for p in shown)
        rest = self.problems[SHOWN_PROBLEMS:]
        if rest:
            counts = Counter(map(_kind_of, rest))
            text += f"\n  … and {len(rest)} more, by kind:" + "".join(
                f"\n    {c} × {kind}" for kind, c in counts.most_common()
            )
        super().__init__(text)


class RulebookError(ProblemsError):
    """A rulebook file (or mapping) with one or more problems."""


class DataFileError(ProblemsError):
    """A data file (measurements, units) with one or more bad rows."""
