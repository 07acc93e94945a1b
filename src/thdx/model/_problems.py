"""One collector of problems: every problem of an input, each with its place, raised
together at the end in one error of the caller's class.

Modelled on packaging's ``_ErrorCollector``: a reader goes on after a problem, adds it
(or lets :meth:`Problems.guard` turn a :class:`~thdx.model._errors.ThdxError` into one),
and calls :meth:`Problems.finalize` when it is done, which raises one
:class:`~thdx.model._errors.ProblemsError` (a RulebookError, a DataFileError...) listing
them all. A problem that stops the reading (a file that cannot be read) is raised at
once with :meth:`Problems.fail`, with the problems found before it.

>>> from thdx.model._errors import RulebookError
>>> c = Problems("rb.toml", RulebookError)
>>> c.add("targets[0].id", "missing")
>>> c.guard("targets[1].deadline", lambda: int("x")) is None
Traceback (most recent call last):
...
ValueError: invalid literal for int() with base 10: 'x'
>>> from thdx.model._periods import as_period
>>> where = "targets[1].deadline"
>>> c.guard(where, lambda: as_period("soon", where=where)) is None
True
>>> c.finalize()
Traceback (most recent call last):
...
thdx.model._errors.RulebookError: rb.toml: 2 problems
  targets[0].id: missing
  targets[1].deadline: 'soon' is not a period (...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NoReturn, TypeVar, cast

from thdx.model._errors import Problem, ProblemsError, ThdxError

__all__ = ["Problems"]

_T = TypeVar("_T")


class Problems:
    """The problems of one input (``source``: a file, ``<string>``), raised as one
    ``error`` (a :class:`~thdx.model._errors.ProblemsError` class) at the end."""

    def __init__(self, source: str, error: type[ProblemsError] = ProblemsError) -> None:
        self.source = source
        self.error = error
        self.problems: list[Problem] = []

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def add(self, where: str, message: str) -> None:
        """Add a problem at ``where`` (a path in a document, ``file:line:column``)."""
        self.problems.append(Problem(where, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found elsewhere, each with its own place."""
        self.problems.extend(problems)

    def guard(self, where: str, fn: Callable[[], _T]) -> _T | None:
        """``fn()``, or None when it raises a ThdxError, which is added as a problem at
        ``where`` (without the ``where:`` its message may begin with; a ProblemsError
        adds each of its problems). Any other exception is a bug and goes through."""
        try:
            return fn()
        except ProblemsError as exc:
            self.extend(exc.problems)
        except ThdxError as exc:
            message = str(exc)
            prefix = f"{where}: "
            self.add(where, message[len(prefix) :] if message.startswith(prefix) else message)
        return None

    def finish(self, where: str, fn: Callable[[], _T]) -> _T:
        """What the input makes, ``fn()``, once it has no problem: raise the problems
        collected, if any; else ``fn()``, a ThdxError it raises raised as a problem at
        ``where`` (as :meth:`guard` words it)."""
        self.finalize()
        result = self.guard(where, fn)
        self.finalize()
        return cast(_T, result)

    def finalize(self) -> None:
        """Raise every problem added, in one error; do nothing when there is none."""
        if self.problems:
            raise self.error(self.source, self.problems)

    def fail(self, where: str, message: str) -> NoReturn:
        """Add a problem that stops the reading, and raise every problem now."""
        self.add(where, message)
        raise self.error(self.source, self.problems)
