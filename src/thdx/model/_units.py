"""Administrative units and their hierarchy: the old import path of their names.

They live in :mod:`thdx.model._levels` (``Level``, ``Kind``),
:mod:`thdx.model._administrative_unit` (``AdministrativeUnit``, ``fold_name``) and
:mod:`thdx.model._hierarchy` (``Hierarchy``); import them from :mod:`thdx.model`. This
module only keeps the imports of other layers working until they do.
"""

from thdx.model._administrative_unit import AdministrativeUnit as AdministrativeUnit
from thdx.model._administrative_unit import fold_name as fold_name
from thdx.model._hierarchy import Hierarchy as Hierarchy
from thdx.model._hierarchy import levels_under as levels_under
from thdx.model._levels import Kind as Kind
from thdx.model._levels import Level as Level

__all__ = ["AdministrativeUnit", "Hierarchy", "Kind", "Level", "fold_name"]
