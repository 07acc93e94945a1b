"""The defaults every strategy draws for: Resolution 06-NQ/TU and Thanh Hóa's units."""

from __future__ import annotations

from thdx.model._hierarchy import Hierarchy
from thdx.rulebooks import resolution_06, thanh_hoa_units
from thdx.rules._rulebook import Rulebook


def rulebook_or_default(rulebook: Rulebook | None) -> Rulebook:
    """``rulebook``, or Resolution 06-NQ/TU (``thdx.resolution_06()``) when None."""
    return resolution_06() if rulebook is None else rulebook


def hierarchy_or_default(hierarchy: Hierarchy | None) -> Hierarchy:
    """``hierarchy``, or Thanh Hóa's units of both eras (``thdx.thanh_hoa_units()``)."""
    return thanh_hoa_units() if hierarchy is None else hierarchy
