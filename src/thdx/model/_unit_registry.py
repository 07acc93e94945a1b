"""The library's single pint unit registry, and conversions between unit expressions.

Import cost: importing pint takes about 0.2 s, so this module does not import it.
The registry is built on first use by :func:`registry` (``Q_`` is a lazy module
attribute), and the common cases never need it (see :mod:`thdx.model._quantities`).

The registry is ``pint.UnitRegistry(None)``: none of pint's default units, only:

* ``percent`` (symbol ``%``), 0.01 of ``dimensionless``;
* ``VND`` (aliases ``đồng``, ``dong``, ``VNĐ``, ``vnd``), its own dimension
  ``[currency]``; the multiples ``thousand_VND``, ``million_VND``, ``billion_VND``
  and ``trillion_VND``; and the plain factors ``thousand`` (``nghìn``, ``ngàn``),
  ``million`` (``triệu``), ``billion`` (``tỷ``, ``tỉ``) and ``trillion``;
* the counts ``person`` (``people``, ``người``), ``worker`` (one person),
  ``enterprise``, ``household`` (``hộ``) and ``administrative_unit``, each but
  ``worker`` its own dimension (there is deliberately no ``unit`` alias);
* ``rank``, its own dimension ``[rank]``;
* ``year`` (``yr``, ``năm``), dimension ``[time]``, for rates such as ``%/year``.

Unit expressions are read by the grammar of :mod:`thdx.model._unit_grammar`, never by
pint's parser: pint only ever sees names of the registry with small powers.

>>> convert(2.5, "tỷ đồng", "million_VND")
2500.0
>>> check_unit("triệu đồng / lao động")
'million_VND / worker'
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

from thdx.model._errors import QuantityError
from thdx.model._unit_grammar import _DEFINITIONS, _checked, _dimension, _key, _Units

if TYPE_CHECKING:
    import pint

    Q_: type[pint.Quantity]

__all__ = ["Q_", "check_unit", "convert", "registry", "same_dimension"]

_registry: Any = None
_registry_lock = threading.Lock()


def registry() -> pint.UnitRegistry:
    """Return the library's single pint unit registry, building it on first use.

    The registry holds only the units thdx needs (see the module docstring).
    Building it imports pint, which is why nothing else in thdx does so eagerly.

    Returns:
        The shared :class:`pint.UnitRegistry`; every call returns the same object.

    >>> ureg = registry()
    >>> ureg is registry()
    True
    >>> ureg.Quantity("1.5 trillion VND").to("billion_VND")
    <Quantity(1500.0, 'billion_VND')>
    """
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = _build_registry()
    return _registry


def _build_registry() -> Any:
    import pint

    ureg = pint.UnitRegistry(None, on_redefinition="raise", cache_folder=None)
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg


def __getattr__(name: str) -> Any:
    """Build ``Q_`` (the registry's Quantity class) only when asked for."""
    if name == "Q_":
        return registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "Q_"})


@functools.lru_cache(maxsize=1024)
def _pint_units(units: _Units) -> Any:
    """The pint units of a parsed expression: canonical names and small powers only."""
    if not units:
        return registry().parse_units("dimensionless")
    return registry().parse_units(" * ".join(f"{name} ** {power}" for name, power in units))


def _target_units(unit: object, where: str | None) -> Any:
    """The pint units of a canonical unit expression; QuantityError if refused."""
    return _pint_units(_checked(unit, where))


@functools.lru_cache(maxsize=1024)
def _factor(source: Any, target: Any) -> float | None:
    """The factor from pint units ``source`` to ``target``; None if they cannot convert.

    It is one division of the two units' factors to the base units, so that, say,
    ``trillion_VND`` to ``billion_VND`` is exactly 1000 (pint's own ``to`` may be
    off by one unit in the last place).
    """
    if source.dimensionality != target.dimensionality:
        return None
    ureg = registry()
    to_base = float(ureg.Quantity(1.0, source).to_root_units().magnitude)
    from_base = float(ureg.Quantity(1.0, target).to_root_units().magnitude)
    return to_base / from_base


def check_unit(unit: str, *, where: str | None = None) -> str:
    """Check that a unit expression is known and return its canonical spelling.

    This builds the registry (and imports pint) on first use.

    Args:
        unit: A unit expression, such as ``"%"``, ``"percent"`` or
            ``"triệu đồng / lao động"``.
        where: Where the unit came from, put in front of an error message.

    Returns:
        pint's spelling of the unit, such as ``"percent"`` or
        ``"million_VND / worker"``; ``"dimensionless"`` for an empty text.

    Raises:
        QuantityError: The text uses an unknown unit name or is not a unit
            expression of the grammar (see the module docstring).

    >>> check_unit("%")
    'percent'
    >>> check_unit("triệu đồng / lao động")
    'million_VND / worker'
    >>> check_unit("furlong", where="targets[2].unit")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: targets[2].unit: unknown unit 'furlong'
    >>> check_unit("percent ** -200")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: 'percent ** -200' is not a unit expression (a unit's power must be a whole number from -4 to 4, such as 'VND ** 2')
    """  # noqa: E501
    return format(_target_units(unit, where), "D")


def same_dimension(a: str, b: str) -> bool:
    """Tell whether two unit expressions measure the same kind of thing.

    Args:
        a: A unit expression.
        b: Another unit expression.

    Returns:
        True if a value in ``a`` can be converted to ``b``.

    Raises:
        QuantityError: Either text is not a known unit expression.

    >>> same_dimension("%", "dimensionless")
    True
    >>> same_dimension("tỷ VND", "million_VND")
    True
    >>> same_dimension("percent", "percent / year")
    False
    """
    return _dimension(a) == _dimension(b)


def convert(magnitude: float, from_unit: str, to_unit: str) -> float:
    """Convert a magnitude from one unit to another.

    Args:
        magnitude: The number, in ``from_unit``.
        from_unit: The unit expression ``magnitude`` is in.
        to_unit: The unit expression to convert to.

    Returns:
        The magnitude in ``to_unit``, as a float.

    Raises:
        QuantityError: A unit is unknown, or the two units measure different
            things.

    >>> convert(1.5, "trillion VND", "million_VND")
    1500000.0
    >>> convert(0.925, "dimensionless", "%")
    92.5
    >>> convert(5, "VND", "percent")
    Traceback (most recent call last):
    ...
    thdx.model._errors.QuantityError: unit 'VND' cannot be converted to 'percent'
    """
    source, target = _checked(from_unit, None), _checked(to_unit, None)
    if _key(source) == _key(target):
        return float(magnitude)
    factor = _factor(_pint_units(source), _pint_units(target))
    if factor is None:
        raise QuantityError(f"unit {from_unit!r} cannot be converted to {to_unit!r}")
    return float(magnitude) * factor
