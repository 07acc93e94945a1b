"""Two rulebooks side by side: their targets matched by what they measure and by
deadline, each pair's thresholds, which one is stricter, and the targets only one side
has.

Targets match when they measure the same thing — the same indicator's value, the same
indicator's growth, the count or the share of completed units of the same level — by the
same deadline. One target is *stricter* than another when every value that meets it
meets the other and not the reverse: the set of values each accepts (``>= 20 %`` accepts
[20, ∞), ``> 80 %`` accepts (80, ∞), a rank ``<= 5`` accepts [1, 5]) decides, so the
indicator's direction is respected without being guessed from the comparator: for a
share a higher floor is stricter, for a rank a lower ceiling.

>>> import thdx
>>> cmp = compare_rulebooks(thdx.resolution_06(), thdx.programme_749())
>>> row = cmp.row("digital_economy_share", "2025")
>>> row.a.threshold_magnitude, row.b.threshold_magnitude, row.stricter
(20.0, 20.0, 'same')
>>> cmp.row("labour_productivity (growth)", "2025").stricter   # 9.6 % a year against 7 %
'a'
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from thdx.model._errors import ArgumentTypeError, UnknownTargetError
from thdx.rules._rulebook import Rulebook
from thdx.rules._targets import Target
from thdx.rules._vocabulary import Comparator, Compare, CountUnits, Growth, ShareUnits

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ComparedTargets",
    "RulebookComparison",
    "compare_rulebooks",
    "html_table",
    "match_key",
    "pair_targets",
    "stricter_of",
]

Stricter = Literal["a", "b", "same", "incomparable"]

#: (lower bound, its openness, upper bound, its openness) of the values a target accepts.
_Interval = tuple[float, bool, float, bool]


def match_key(t: Target) -> str | None:
    """What a target measures, as the key targets are matched by (None: a target of
    named units or a combination, matched with nothing).

    >>> import thdx
    >>> rb = thdx.resolution_06()
    >>> match_key(rb.target("2025.gov.satisfaction"))
    'satisfaction_share'
    >>> match_key(rb.target("2025.econ.productivity_growth"))
    'labour_productivity (growth)'
    >>> match_key(rb.target("2025.soc.communes_completed"))
    'completed commune-level units (count)'
    """
    r = t.rule
    if t.units:
        return None
    if isinstance(r, Compare):
        return r.indicator
    if isinstance(r, Growth):
        return f"{r.indicator} (growth)"
    if isinstance(r, CountUnits | ShareUnits):
        how = "count" if isinstance(r, CountUnits) else "share"
        return f"completed {r.level.value}-level units ({how})"
    return None


def _interval(comparator: Comparator, threshold: float) -> _Interval:
    inf = math.inf
    return {
        Comparator.GE: (threshold, False, inf, True),
        Comparator.GT: (threshold, True, inf, True),
        Comparator.LE: (-inf, True, threshold, False),
        Comparator.LT: (-inf, True, threshold, True),
        Comparator.EQ: (threshold, False, threshold, False),
    }[comparator]


def _within(a: _Interval, b: _Interval) -> bool:
    """Whether every value of ``a`` is in ``b``."""
    a_lo, a_lo_open, a_hi, a_hi_open = a
    b_lo, b_lo_open, b_hi, b_hi_open = b
    lo_ok = a_lo > b_lo or (a_lo == b_lo and (a_lo_open or not b_lo_open))
    hi_ok = a_hi < b_hi or (a_hi == b_hi and (a_hi_open or not b_hi_open))
    return lo_ok and hi_ok


def stricter_of(
    a: tuple[Comparator, float], b: tuple[Comparator, float]
) -> Literal["a", "b", "same", "incomparable"]:
    """Which of two (comparator, threshold) pairs accepts fewer values.

    >>> stricter_of((Comparator.GE, 50.0), (Comparator.GT, 50.0))
    'b'
    >>> stricter_of((Comparator.LE, 5.0), (Comparator.LE, 10.0))
    'a'
    >>> stricter_of((Comparator.GE, 5.0), (Comparator.LE, 10.0))
    'incomparable'
    """
    ia, ib = _interval(*a), _interval(*b)
    a_in_b, b_in_a = _within(ia, ib), _within(ib, ia)
    if a_in_b and b_in_a:
        return "same"
    if a_in_b:
        return "a"
    if b_in_a:
        return "b"
    return "incomparable"


def _converted(t: Target, unit: str) -> float | None:
    """The threshold of ``t`` in ``unit`` (None when it cannot be converted)."""
    m = t.threshold_magnitude
    if m is None:
        return None
    if t.threshold_unit == unit:
        return m
    from thdx.model._unit_registry import registry

    try:
        return float(registry().Quantity(m, t.threshold_unit or "dimensionless").to(unit).m)
    except (TypeError, AttributeError, ValueError):  # pint: dimensionality, undefined unit
        return None


def _judge(a: Target, b: Target, ra: Rulebook, rb: Rulebook) -> tuple[Stricter, str]:
    """Which of two matched targets is stricter, and why they cannot be compared."""
    ind_a, ind_b = a.indicator, b.indicator
    if ind_a and ind_b and ind_a in ra.catalogue and ind_b in rb.catalogue:
        da, db = ra.catalogue[ind_a].direction, rb.catalogue[ind_b].direction
        if da is not db:
            return "incomparable", f"the rulebooks disagree on the direction of {ind_a!r}"
    wa, wb = a.window, b.window
    if wa is not None and wb is not None and wa != wb:
        return "incomparable", f"growth over different windows: {wa} and {wb}"
    ca, cb = a.comparator, b.comparator
    ta, tb = a.threshold_magnitude, _converted(b, a.threshold_unit)
    if ca is None or cb is None or ta is None or tb is None:
        return "incomparable", (
            f"thresholds in units that do not convert: {a.threshold_unit!r} and "
            f"{b.threshold_unit!r}"
        )
    return stricter_of((ca, ta), (cb, tb)), ""


@attrs.frozen
class ComparedTargets:
    """One row of a comparison: a target of each side measuring the same thing by the
    same deadline, or a target only one side has (the other is None)."""

    #: What the targets measure (see :func:`match_key`); the target id of a target that
    #: nothing can match (one of named units, or a combination).
    key: str
    #: The deadline both are judged by.
    deadline: str
    a: Target | None
    b: Target | None
    #: ``"a"`` or ``"b"`` (the stricter side), ``"same"``, ``"incomparable"``, or None
    #: when only one side has the target.
    stricter: Stricter | None
    #: Why a matched pair is incomparable ("" otherwise).
    note: str = ""

    @property
    def only(self) -> Literal["a", "b"] | None:
        """The side that alone has this target (None for a matched pair)."""
        if self.a is None:
            return "b"
        if self.b is None:
            return "a"
        return None


def _side(prefix: str, t: Target | None) -> dict[str, Any]:
    if t is None:
        return {
            f"{prefix}_target": None,
            f"{prefix}_comparator": None,
            f"{prefix}_threshold": None,
            f"{prefix}_unit": None,
            f"{prefix}_deadline": None,
            f"{prefix}_stated_for": None,
        }
    return {
        f"{prefix}_target": t.id,
        f"{prefix}_comparator": t.comparator.value if t.comparator else None,
        f"{prefix}_threshold": t.threshold_magnitude,
        f"{prefix}_unit": t.threshold_unit or None,
        f"{prefix}_deadline": str(t.deadline),
        f"{prefix}_stated_for": t.stated_for or None,
    }


def _shown(t: Target | None) -> str:
    if t is None:
        return "—"
    thr = t.threshold_magnitude
    if thr is None or t.comparator is None:
        return t.measure
    unit = " %" if t.threshold_unit == "percent" else ""
    nation = " (nation)" if t.benchmark and t.stated_for == "nation" else ""
    return f"{t.comparator.value} {thr:g}{unit}{nation}"


@attrs.frozen
class RulebookComparison:
    """The targets of two rulebooks side by side (see :func:`compare_rulebooks`)."""

    #: The numbers of the two rulebooks (``"06-NQ/TU"``, ``"749/QĐ-TTg"``).
    a_name: str
    b_name: str
    rows: tuple[ComparedTargets, ...]

    def __iter__(self) -> Iterator[ComparedTargets]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def matched(self) -> tuple[ComparedTargets, ...]:
        """The rows where both sides have a target."""
        return tuple(r for r in self.rows if r.only is None)

    def only(self, side: Literal["a", "b"]) -> tuple[ComparedTargets, ...]:
        """The rows of targets only ``side`` has."""
        return tuple(r for r in self.rows if r.only == side)

    def row(self, key: str, deadline: str) -> ComparedTargets:
        """The first row for a key (see :attr:`ComparedTargets.key`) and a deadline.

        Raises:
            UnknownTargetError: (a KeyError) no such row.
        """
        for r in self.rows:
            if r.key == key and r.deadline == deadline:
                return r
        raise UnknownTargetError(key, detail=f"no row for deadline {deadline!r}")

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: ``indicator``, ``deadline``, ``a_target``,
        ``a_comparator``, ``a_threshold``, ``a_unit``, ``a_deadline``,
        ``a_stated_for``, the same for ``b``, ``stricter``, ``only`` and ``note``."""
        return [
            {
                "indicator": r.key,
                "deadline": r.deadline,
                **_side("a", r.a),
                **_side("b", r.b),
                "stricter": r.stricter,
                "only": r.only,
                "note": r.note,
            }
            for r in self.rows
        ]

    def to_frame(self) -> pd.DataFrame:
        """The records as a pandas DataFrame (needs the ``pandas`` extra).

        Raises:
            ImportError: pandas is not installed, naming the extra.
        """
        frame: pd.DataFrame = _pandas().DataFrame.from_records(
            self.to_records(), columns=list(_COLUMNS)
        )
        return frame

    def to_html(self) -> str:
        """The records as an HTML table (texts escaped); notebooks show it."""
        caption = f"{self.a_name} (a) and {self.b_name} (b) side by side"
        return html_table(caption, self.to_records(), _COLUMNS)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """The comparison as a plain-text table (``thdx goals --compare``)."""
        head = f"{'indicator':40} {'by':4}  {self.a_name:>14}  {self.b_name:>20}  stricter"
        lines = [head, "-" * len(head)]
        for r in self.rows:
            who = {"a": self.a_name, "b": self.b_name}.get(r.stricter or "", r.stricter or "")
            if r.only:
                who = f"only {self.a_name if r.only == 'a' else self.b_name}"
            lines.append(
                f"{r.key[:40]:40} {r.deadline:4}  {_shown(r.a):>14}  {_shown(r.b):>20}  {who}"
                + (f" ({r.note})" if r.note else "")
            )
        return "\n".join(lines) + "\n"


_COLUMNS = (
    "indicator", "deadline",
    "a_target", "a_comparator", "a_threshold", "a_unit", "a_deadline", "a_stated_for",
    "b_target", "b_comparator", "b_threshold", "b_unit", "b_deadline", "b_stated_for",
    "stricter", "only", "note",
)  # fmt: skip


def html_table(caption: str, records: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A self-contained HTML table of records (every text escaped; None shown as —)."""
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{'—' if rec.get(c) is None else esc(format(rec.get(c)))}</td>" for c in columns
        )
        + "</tr>"
        for rec in records
    )
    return (
        f'<table class="thdx-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        msg = "to_frame needs pandas: pip install 'thdx[pandas]'"
        raise ImportError(msg) from exc
    return pandas


def _check(value: object, name: str) -> Rulebook:
    if not isinstance(value, Rulebook):
        msg = f"compare_rulebooks: {name} must be a Rulebook, got {type(value).__name__}"
        raise ArgumentTypeError(msg)
    return value


def pair_targets(
    books: Sequence[Rulebook],
) -> list[tuple[str, str, list[Target | None]]]:
    """The targets of several rulebooks matched by (:func:`match_key`, deadline): one
    entry per match, holding each rulebook's target or None. Within one rulebook,
    targets of one key and deadline pair in their order; the rest stand alone."""
    rows: list[tuple[str, str, list[Target | None]]] = []
    open_rows: dict[tuple[str, str], list[int]] = {}
    for side, book in enumerate(books):
        used: dict[tuple[str, str], int] = {}
        for t in book.targets:
            key = match_key(t)
            deadline = str(t.deadline)
            if key is not None:
                k = (key, deadline)
                n = used.get(k, 0)
                used[k] = n + 1
                candidates = open_rows.setdefault(k, [])
                if n < len(candidates):
                    rows[candidates[n]][2][side] = t
                    continue
                candidates.append(len(rows))
            cells: list[Target | None] = [None] * len(books)
            cells[side] = t
            rows.append((key if key is not None else t.id, deadline, cells))
    return rows


def compare_rulebooks(a: Rulebook, b: Rulebook) -> RulebookComparison:
    """The targets of ``a`` and ``b`` side by side.

    Targets match by what they measure (:func:`match_key`) and deadline; a matched
    pair says which side is stricter (``"a"``, ``"b"``, ``"same"`` or
    ``"incomparable"``, with the reason in ``note``); a target without a match is a
    row of its own, ``only`` naming its side. Rows follow ``a``'s targets, then the
    ones only ``b`` has.

    Args:
        a: a rulebook (``thdx.resolution_06()``).
        b: another (``thdx.programme_749()``).

    Returns:
        A :class:`RulebookComparison`: ``to_records()``, ``to_frame()``, ``to_text()``.

    Raises:
        ArgumentTypeError: ``a`` or ``b`` is not a Rulebook.

    >>> import thdx
    >>> cmp = thdx.compare_rulebooks(thdx.resolution_06(), thdx.programme_749())
    >>> len(cmp.matched), len(cmp.only("a")), len(cmp.only("b"))
    (2, 20, 4)
    """
    ra, rb = _check(a, "a"), _check(b, "b")
    out: list[ComparedTargets] = []
    for key, deadline, (ta, tb) in pair_targets([ra, rb]):
        if ta is not None and tb is not None:
            stricter, note = _judge(ta, tb, ra, rb)
            out.append(ComparedTargets(key, deadline, ta, tb, stricter, note))
        else:
            out.append(ComparedTargets(key, deadline, ta, tb, None))
    return RulebookComparison(ra.number, rb.number, tuple(out))
