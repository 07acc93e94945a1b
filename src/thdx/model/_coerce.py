"""One home for the small coercions every layer needs: a day, a unit code, a member of
an enum (a level has its own, :func:`thdx.model._levels.as_level`) and the way a bad
value is shown, each with one wording of its error.

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
import re
from collections.abc import Callable
from typing import TypeVar

from thdx.model._errors import PeriodError, ThdxError, close_matches, did_you_mean

__all__ = [
    "MAX_CODE_LENGTH",
    "as_day",
    "as_enum",
    "code_problem",
    "is_code",
    "safe_repr",
    "short_repr",
    "shown",
]

#: The longest official unit code accepted (the statistics office's codes have 2 to 5
#: digits; 10 leaves room for other countries' schemes).
MAX_CODE_LENGTH = 10

#: How much of a bad value an error message shows.
_SHOWN = 80

#: A day as ISO text: ASCII digits only, so no week date ('2025-W01-1') or other form
#: that ``date.fromisoformat`` also reads.
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_E = TypeVar("_E", bound=enum.Enum)


def safe_repr(value: object) -> str:
    """``repr(value)``, or a description of an integer too long for ``repr``.

    >>> safe_repr(10**5000)
    '<an integer of about 5001 digits>'
    """
    try:
        return repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        bits = value.bit_length() if isinstance(value, int) else 0
        return f"<an integer of about {int(bits * 0.30103) + 1} digits>"


def shown(value: object) -> str:
    """``repr(value)``, cut to a readable length (a hostile value can be huge)."""
    text = safe_repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 5]}…{text[-4:]}"


def short_repr(value: object) -> str:
    """``repr(value)``, cut to its first 20 characters and its length when longer than 60.

    The older cut of the unit grammar and the catalogue, whose messages tests quote;
    new code shows a value with :func:`shown`.

    >>> short_repr("x" * 100)
    "'xxxxxxxxxxxxxxxxxxx…(102 characters)"
    """
    text = safe_repr(value)
    return text if len(text) <= 60 else f"{text[:20]}…({len(text)} characters)"


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
    never read as its first or last day. ``what`` names the value in the message.

    >>> as_day("2025-W01-1", what="on")
    Traceback (most recent call last):
    ...
    thdx.model._errors.PeriodError: on: '2025-W01-1' is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')
    """  # noqa: E501
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and _DAY_RE.fullmatch(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    label = f"{what}: " if what else ""
    msg = f"{label}{shown(value)} is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')"
    raise error(msg)


def as_enum(
    cls: type[_E],
    value: object,
    *,
    error: type[ThdxError],
    what: str | None = None,
    fold: Callable[[str], str] | None = None,
) -> _E:
    """``value`` as a member of ``cls`` (a member, or its value).

    ``fold`` rewrites a text before it is looked up (``str.strip``: ``" >= "`` is
    ``">="``); the message shows the value as given.

    >>> as_enum(enum.Enum("Colour", {"RED": "red"}), " Red", error=ThdxError, what="colour")
    Traceback (most recent call last):
    ...
    thdx.model._errors.ThdxError: ' Red' is not a colour (expected one of 'red')
    """
    if isinstance(value, cls):
        return value
    key = fold(value) if fold is not None and isinstance(value, str) else value
    try:
        return cls(key)
    except (ValueError, TypeError):
        known = ", ".join(repr(m.value) for m in cls)
        name = what or cls.__name__
        # "did you mean" for a word, not for a symbol of two ("=>" is not ">")
        word = isinstance(key, str) and len(key) > 2
        near = close_matches(key, [str(m.value) for m in cls]) if word else ()
        msg = f"{shown(value)} is not a {name} (expected one of {known}){did_you_mean(near)}"
        raise error(msg) from None
