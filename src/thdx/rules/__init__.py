"""The rules layer: the declarative vocabulary, Target and Rulebook (types only, no files).

Each module's ``__all__`` is the one list of its public names (as ``asyncio`` does).
"""

from thdx.rules import _rulebook, _targets, _vocabulary
from thdx.rules._rulebook import *
from thdx.rules._targets import *
from thdx.rules._vocabulary import *

__all__: list[str] = []
__all__ += _rulebook.__all__
__all__ += _targets.__all__
__all__ += _vocabulary.__all__
