"""Strategies for hierarchies of administrative units, with and without the 2025 reform."""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

from thdx.model._administrative_unit import AdministrativeUnit
from thdx.model._coerce import is_code
from thdx.model._hierarchy import Hierarchy
from thdx.strategies._defaults import hierarchy_or_default
from thdx.strategies._values import _NAMES

# -- hierarchies ---------------------------------------------------------------------------

_DISTRICT_KINDS = ("huyện", "thị xã", "thành phố")
_COMMUNE_KINDS = ("xã", "phường", "thị trấn")


@st.composite
def _hierarchy(draw: st.DrawFn, province: str | None, reform: bool | None) -> Hierarchy:
    per_district = draw(st.lists(st.integers(0, 3), max_size=3))
    has_reform = draw(st.booleans()) if reform is None else reform
    n_new = draw(st.integers(1, 4)) if has_reform else 0
    needed = len(per_district) + sum(per_district) + n_new
    exclude = {int(province)} if province is not None else set()
    pool = st.integers(1, 99_999).filter(lambda c: c not in exclude)
    codes = [
        str(c) for c in draw(st.lists(pool, min_size=needed + 1, max_size=needed + 1, unique=True))
    ]
    prov = province if province is not None else codes[0]
    it = iter(codes[1:])
    reform_day = (
        draw(st.dates(_dt.date(2019, 1, 1), _dt.date(2030, 12, 31))) if has_reform else None
    )
    new_codes = [next(it) for _ in range(n_new)]
    units = [AdministrativeUnit(code=prov, name=f"Tỉnh {draw(_NAMES)}", kind="tỉnh")]
    for n_communes in per_district:
        d_code, d_kind = next(it), draw(st.sampled_from(_DISTRICT_KINDS))
        units.append(
            AdministrativeUnit(
                code=d_code,
                name=f"{d_kind.capitalize()} {draw(_NAMES)}",
                kind=d_kind,
                parent=prov,
                valid_until=reform_day,
            )
        )
        for _ in range(n_communes):
            c_kind = draw(st.sampled_from(_COMMUNE_KINDS))
            successors = (
                draw(st.lists(st.sampled_from(new_codes), unique=True, max_size=2))
                if new_codes
                else []
            )
            units.append(
                AdministrativeUnit(
                    code=next(it),
                    name=f"{c_kind.capitalize()} {draw(_NAMES)}",
                    kind=c_kind,
                    parent=d_code,
                    valid_until=reform_day,
                    successors=tuple(successors),
                )
            )
    for code in new_codes:
        c_kind = draw(st.sampled_from(("xã", "phường")))
        units.append(
            AdministrativeUnit(
                code=code,
                name=f"{c_kind.capitalize()} {draw(_NAMES)}",
                kind=c_kind,
                parent=prov,
                level="commune",
                valid_from=reform_day,
            )
        )
    return Hierarchy(units)


def hierarchies(
    *, province: str | None = None, reform: bool | None = None
) -> st.SearchStrategy[Hierarchy]:
    """Small valid Hierarchies: a province, up to 3 districts with up to 3 communes each.

    With a reform (drawn 2019–2030, like the 1 Jul 2025 one), every district and
    commune ends on the reform day and 1–4 new communes directly under the province
    begin on it; each old commune names 0–2 of them as its successors.

    Args:
        province: the province's code (default: any code).
        reform: True or False to force or forbid a reform (default: either).

    Raises:
        ValueError: ``province`` is not a code of digits.
    """
    if province is not None and not is_code(province):
        msg = f"province must be a code of digits, got {province!r}"
        raise ValueError(msg)
    return _hierarchy(province, reform)


def administrative_units(
    hierarchy: Hierarchy | None = None,
) -> st.SearchStrategy[AdministrativeUnit]:
    """Units of a hierarchy, every version of each (both eras of a reformed level).

    Args:
        hierarchy: the units to draw from (default: Thanh Hóa's, both eras:
            ``thdx.thanh_hoa_units()``).

    Shrinks toward the first unit listed (the province).
    """
    return st.sampled_from(list(hierarchy_or_default(hierarchy)))
