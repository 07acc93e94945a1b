"""The languages thdx renders in, and how a typed note argument is written: one home for
the verdicts' notes and the progress notes.

>>> check_lang("vi"), plain_arg(Level.COMMUNE), plain_arg(9.70), level_text(Level.COMMUNE, "vi")
('vi', 'commune', '9.7', 'cấp xã')
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from thdx.model._errors import LanguageError
from thdx.model._levels import Level
from thdx.model._quantities import format_quantity

__all__ = ["LANGS", "check_lang", "json_arg", "level_text", "plain_arg"]

#: The languages of every rendering: English and Vietnamese.
LANGS = ("en", "vi")


def check_lang(lang: object) -> str:
    """``lang`` if it is a language the renderings know ('en' or 'vi').

    Raises:
        LanguageError: any other value, named.
    """
    if not isinstance(lang, str) or lang not in LANGS:
        msg = f"lang must be 'en' or 'vi', got {lang!r}"
        raise LanguageError(msg)
    return lang


def level_text(level: Level, lang: str) -> str:
    """A level as a note's text names it: ``commune`` / ``cấp xã``."""
    return level.label_vi if lang == "vi" else level.value


def plain_arg(arg: object) -> str:
    """A note's argument as its key (and, mostly, its text) writes it: a day in ISO
    form, a level by its value, a float in the fewest digits that show it."""
    if isinstance(arg, _dt.date):
        return arg.isoformat()
    if isinstance(arg, Level):
        return arg.value
    if isinstance(arg, float):
        return format_quantity(arg, "")
    return str(arg)


def json_arg(arg: object) -> Any:
    """A note's argument as JSON: numbers as numbers, the rest as :func:`plain_arg`."""
    if isinstance(arg, int | float) and not isinstance(arg, bool):
        return arg
    return plain_arg(arg)
