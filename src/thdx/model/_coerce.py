"""One home for the small coercions every layer needs: a day, a unit code and a member
of an enum (a level is one: ``as_enum(Level, ...)``), each with one wording of its error.

The error *class* is the caller's (a rulebook raises RulebookError, a unit list
HierarchyError...), so each error still names the layer it came from; the *words* are
these, so a user reads the same sentence wherever a bad day or code is met.

>>> as_day("2025-06-30")
datetime.date(2025, 6, 30)
>>> as_day("2025")
Traceback (most recent call last):
...
thdx.model._errors.PeriodError: '2025' is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')
>>> is_code("380"), is_code("٣٨"), is_code("12345678901")
(True, False, False)
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TypeVar

from thdx.model._errors import PeriodError, ThdxError

__all__ = [
    "MAX_CODE_LENGTH",
    "as_day",
    "as_enum",
    "code_problem",
    "is_code",
    "shown",
]

#: The longest official unit code accepted (the statistics office's codes have 2 to 5
#: digits; 10 leaves room for other countries' schemes).
MAX_CODE_LENGTH = 10

#: How much of a bad value an error message shows.
_SHOWN = 80

_E = TypeVar("_E", bound=enum.Enum)


def shown(value: object) -> str:
    """``repr(value)``, cut to a readable length (a hostile value can be huge)."""
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 5]}…{text[-4:]}"


def is_code(value: object) -> bool:
    """An official unit code: a string of 1 to :data:`MAX_CODE_LENGTH` ASCII digits."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_CODE_LENGTH
        and value.isascii()
        and value.isdigit()
    )


def code_problem(value: object) -> str | None:
    """Why ``value`` is not an official unit code, or None when it is one."""
    if is_code(value):
        return None
    numeric = isinstance(value, int) and not isinstance(value, bool)
    numeric |= getattr(getattr(value, "dtype", None), "kind", "") in ("i", "u")
    hint = " (a number, not a string: read the column as text, e.g. dtype=str)" if numeric else ""
    return (
        f"{shown(value)} is not an official unit code "
        f"(1 to {MAX_CODE_LENGTH} ASCII digits, such as '38'){hint}"
    )


def as_day(value: object, *, error: type[ThdxError] = PeriodError, what: str = "") -> _dt.date:
    """``value`` as a day: a :class:`datetime.date` (a datetime gives its date) or an
    ISO text ``'YYYY-MM-DD'``. A year, a quarter or a range is not a day and is refused,
    never read as its first or last day. ``what`` names the value in the message."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    label = f"{what}: " if what else ""
    msg = f"{label}{shown(value)} is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')"
    raise error(msg)


def as_enum(
    cls: type[_E], value: object, *, error: type[ThdxError], what: str | None = None
) -> _E:
    """``value`` as a member of ``cls`` (a member, or its value)."""
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except (ValueError, TypeError):
        known = ", ".join(repr(m.value) for m in cls)
        name = what or cls.__name__
        msg = f"{shown(value)} is not a {name} (expected one of {known})"
        raise error(msg) from None
