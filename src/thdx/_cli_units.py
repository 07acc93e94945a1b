"""Helpers of the command line: the verdicts of one unit or of every unit of a level
(``--unit``, ``--level``), note texts of the JSON output in the language asked for,
messages that name options (``--units``) rather than keyword arguments (``units=``),
and "did you mean" for a mistyped command, option or choice.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
from collections.abc import Iterable
from typing import NoReturn

from thdx.model._coerce import is_code
from thdx.model._errors import ThdxError, UnknownUnitError, close_matches
from thdx.model._hierarchy import Hierarchy
from thdx.rulebooks._documents import short

__all__: list[str] = []

#: Keyword arguments of the Python API named in library messages, and the options of
#: the command line that give them.
_OPTIONS = {"units": "--units", "as_of": "--as-of", "breakdown": "--level"}
_KEYWORD = re.compile(r"(?<![\w-])(units|as_of|breakdown)=")
_PREFIX = re.compile(r"^(\s*)(as_of): ", re.MULTILINE)


#: A line of a message longer than this is cut (a huge argument echoed back).
_LONGEST_LINE = 1000


def options_wording(message: str) -> str:
    """A library message as the command line words it: ``units=`` is ``--units``, and
    a line longer than 1,000 characters cut short (a huge argument echoed back).

    >>> options_wording("the data names units that units= does not hold")
    'the data names units that --units does not hold'
    >>> options_wording("as_of: 'soon' is not a period")
    "--as-of: 'soon' is not a period"
    """
    message = _KEYWORD.sub(lambda m: _OPTIONS[m.group(1)], message)
    message = _PREFIX.sub(lambda m: m.group(1) + _OPTIONS[m.group(2)] + ": ", message)
    return "\n".join(map(_bounded, message.split("\n")))


def _bounded(line: str) -> str:
    if len(line) <= _LONGEST_LINE:
        return line
    return f"{line[: _LONGEST_LINE // 2]}…({len(line)} characters)"


def the_unit(units: Hierarchy, code: str, day: _dt.date) -> str:
    """The name of the unit asked for by ``--unit`` (its code checked).

    Raises:
        ThdxError: not a unit code (the value cut short), or UnknownUnitError: a code
            the units do not hold on ``day``, with the codes closest to it.
    """
    if not is_code(code):
        msg = f"--unit: {short(code)} is not a unit code (1 to 10 ASCII digits, such as '38')"
        raise ThdxError(msg)
    if code not in units:
        near = close_matches(code, sorted({u.code for u in units}))
        raise UnknownUnitError(code, where="--unit", suggestions=near)
    try:
        return units.get(code, day).name
    except UnknownUnitError as exc:
        raise UnknownUnitError(code, where="--unit", message=str(exc)) from None


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors suggest the closest command, option or choice."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, with a "did you mean", and exit with 2."""
        self.print_usage(sys.stderr)
        said = options_wording(message + self._suggestion(message))
        self.exit(2, f"{self.prog}: error: {said}\n")

    def _suggestion(self, message: str) -> str:
        bad = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if bad:
            choices = re.findall(r"'([^']*)'", bad.group(2)) or bad.group(2).split(", ")
            near = close_matches(bad.group(1), choices, n=1)
            return f" (did you mean {near[0]!r}?)" if near else ""
        unknown = re.search(r"unrecognized arguments: (.*)", message)
        if unknown:
            options = sorted(set(_options_of(self)))
            for word in unknown.group(1).split():
                near = close_matches(word.split("=")[0], options, n=1)
                if word.startswith("-") and near:
                    return f" (did you mean {near[0]!r}?)"
        return ""


def _options_of(parser: argparse.ArgumentParser) -> Iterable[str]:
    """Every option string of a parser and of its subcommands."""
    for action in parser._actions:
        yield from action.option_strings
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _options_of(sub)
