"""The rulebooks and criteria set thdx ships, and the indicators they declare (the
model's default catalogue).

>>> resolution_06().number, len(plan_qd969().targets), criteria_qd1829().complete
('06-NQ/TU', 16, False)
>>> programme_749().number
'749/QĐ-TTg'
"""

from __future__ import annotations

import functools
import tomllib
from typing import Any

from thdx.model._errors import ArgumentTypeError, RulebookError
from thdx.model._indicators import Indicator
from thdx.model._problems import Problems
from thdx.rulebooks._criteria import loads_criteria
from thdx.rulebooks._files import shipped
from thdx.rulebooks._indicator_tables import indicators
from thdx.rulebooks._loader import loads_rulebook
from thdx.rules._rulebook import Rulebook
from thdx.rules._vocabulary import CriteriaSet

__all__ = [
    "criteria_qd1829",
    "plan_qd969",
    "programme_749",
    "resolution_06",
    "shipped_indicators",
]

_RESOLUTION_06 = "resolution_06.toml"
_CRITERIA_QD1829 = "criteria_qd1829.toml"
_PLAN_QD969 = "plan_qd969.toml"
_PROGRAMME_749 = "programme_749.toml"
#: The unit the national programme is read for by default: Thanh Hóa province.
_THANH_HOA = "38"


@functools.cache
def _shipped_docs() -> tuple[dict[str, Any], ...]:
    return tuple(
        tomllib.loads(shipped(name).decode("utf-8"))
        for name in (_RESOLUTION_06, _CRITERIA_QD1829, _PROGRAMME_749)
    )


def shipped_indicators() -> list[Indicator]:
    """The indicators declared by the shipped rulebooks and criteria set."""
    out: list[Indicator] = []
    for doc in _shipped_docs():
        c = Problems("shipped data", RulebookError)
        out.extend(indicators(c, doc))
        c.finalize()  # the shipped files are tested: this never raises
    return out


@functools.cache
def resolution_06() -> Rulebook:
    """Resolution 06-NQ/TU of Thanh Hóa (10 Nov 2021), its 22 goals and 7 directions.

    >>> resolution_06().target("2025.soc.communes_completed").threshold_magnitude
    300.0
    """
    return loads_rulebook(shipped(_RESOLUTION_06), source=f"thdx/data/{_RESOLUTION_06}")


@functools.cache
def criteria_qd1829() -> CriteriaSet:
    """The public part of the commune criteria of QĐ 1829/QĐ-UBND (incomplete).

    >>> criteria_qd1829().complete
    False
    """
    return loads_criteria(shipped(_CRITERIA_QD1829), source=f"thdx/data/{_CRITERIA_QD1829}")


@functools.cache
def plan_qd969() -> Rulebook:
    """The plan of QĐ 969/QĐ-UBND: 12 named district-level units and commune quotas.

    >>> len(plan_qd969().targets)
    16
    """
    return loads_rulebook(
        shipped(_PLAN_QD969), source=f"thdx/data/{_PLAN_QD969}", base=resolution_06().catalogue
    )


def programme_749(jurisdiction: str = _THANH_HOA) -> Rulebook:
    """Decision 749/QĐ-TTg (3 Jun 2020), the National Digital Transformation Programme
    to 2025: its goals for 2025 that can be measured for a province, read for
    ``jurisdiction`` (default ``"38"``, Thanh Hóa).

    The file is stated for the nation and loaded by :func:`~thdx.loads_rulebook` with
    ``jurisdiction=``, on Resolution 06's indicators (``base=``), like any user file.

    >>> rb = programme_749()
    >>> rb.number, rb.jurisdiction, rb.stated_for, len(rb.targets)
    ('749/QĐ-TTg', '38', 'nation', 6)
    >>> rb.target("2025.econ.digital_economy_share").benchmark
    True

    Raises:
        ArgumentTypeError: ``jurisdiction`` is not a str.
        RulebookError: ``jurisdiction`` is not a unit code.
    """
    return _programme_749(_text(jurisdiction))


def _text(value: object) -> str:
    if not isinstance(value, str):
        msg = f"programme_749: jurisdiction must be a unit code (a str), got {value!r}"
        raise ArgumentTypeError(msg)
    return value


@functools.cache
def _programme_749(jurisdiction: str) -> Rulebook:
    return loads_rulebook(
        shipped(_PROGRAMME_749),
        source=f"thdx/data/{_PROGRAMME_749}",
        base=resolution_06().catalogue,
        jurisdiction=jurisdiction,
    )
