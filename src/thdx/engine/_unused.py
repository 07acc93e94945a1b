"""Nothing dropped in silence: the data about a target that an evaluation holds and
does not use, named with counts in the target's notes."""

from __future__ import annotations

import datetime as _dt
import weakref
from collections.abc import Sequence

import numpy as np

from thdx.engine._data import MAX_ORD, MIN_ORD, columns
from thdx.engine._hierarchy import (
    alive,
    first_day,
    first_ordinals,
    inside,
    levels_ever,
    memoised,
)
from thdx.engine._steps import TargetPlan
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._measurement_records import Recognition
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import Node
from thdx.verdicts._notes import Note
from thdx.verdicts._notes import NoteCode as NC

__all__ = ["Unused"]


class Unused:
    """Names, with counts, the data about a target that the evaluation holds and did
    not use: after ``as_of``, outside the jurisdiction, about units not counted on the
    day judged (another era), after that day, about sub-units of a unit judged on its
    own data (``note``). Older data superseded by newer data of the same unit is not
    listed: it is the series the value comes from, not data set aside. Data about units
    of another level than a count's, or not under the units judged, belongs to other
    goals and is not listed either.

    What depends only on the data and the units is computed once per evaluation.
    """

    def __init__(
        self, data: MeasurementSet, h: Hierarchy | None, jurisdiction: str, as_of: _dt.date
    ) -> None:
        self.data, self.h, self.jurisdiction = data, h, jurisdiction
        self.cols = cols = columns(data)
        self.as_of = as_of.toordinal()
        self.codes = cols.unit_codes
        n = len(self.codes)
        # Masks over the data's unit codes, kept while the data and the units live.
        memo: dict[object, np.ndarray] = {}  # keys: levels, codes, ("rows", …)
        if h is not None:
            per_h = cols.memo.setdefault("unused", weakref.WeakKeyDictionary())
            memo = per_h.setdefault(h, {})  # type: ignore[attr-defined]
        self._under = memo
        self.levels: dict[Level, np.ndarray] = {}
        if h is not None:
            if any(lv not in memo for lv in Level):
                # Per data unit code, the levels any unit with that code ever had.
                ever = levels_ever(h)
                had = np.fromiter((ever.get(c, 0) for c in self.codes), np.int64, n)
                for bit, lv in enumerate(Level):
                    memo[lv] = (had >> bit) & 1 == 1
            self.levels = {lv: memo[lv] for lv in Level}
        # Recognitions of units under the jurisdiction, and a count of the others.
        whole = inside(h, jurisdiction) if h is not None else None
        self.recs = [
            (code, recs)
            for code, recs in cols.recognitions.items()
            if whole is None or code in whole
        ]
        out = [
            r.on.toordinal()
            for code, recs in cols.recognitions.items()
            if whole is not None and code not in whole
            for r in recs
        ]
        self.recs_outside = sum(1 for on in out if on <= self.as_of)
        self.recs_outside_after = len(out) - self.recs_outside

    def under(self, code: str) -> np.ndarray | None:
        """Per data unit code, whether the unit was ever under ``code`` (or is it)."""
        if self.h is None:
            return None
        got = self._under.get(code)
        if got is None:
            index = self.cols.unit_index
            at = [index[c] for c in inside(self.h, code) if c in index]
            got = self._under[code] = np.zeros(len(self.codes), dtype=bool)
            got[at] = True
        return got

    def per_unit(self, indicator: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Per data unit code, the indicator's rows ending after as_of, and the others."""
        cols = self.cols
        lo, hi = cols.slices.get(indicator, (0, 0))
        if hi == lo:
            return None
        key = ("rows", indicator, self.as_of)
        got = self._under.get(key)
        if got is None:
            at, late = cols.u[lo:hi], cols.end[lo:hi] > self.as_of
            n = len(self.codes)
            got = np.stack(
                [np.bincount(at[late], minlength=n), np.bincount(at[~late], minlength=n)]
            )
            self._under[key] = got
        return got[0], got[1]

    def mask(self, codes: Sequence[str], out: np.ndarray | None = None) -> np.ndarray:
        """Per data unit code, whether it is among ``codes`` (or already in ``out``)."""
        if out is None:
            out = np.zeros(len(self.codes) + 1, dtype=bool)
        out[self.cols.positions(codes)[0]] = True
        return out

    def note(self, tp: TargetPlan, node: Node, broken: list[Node]) -> None:
        """Name, in ``node``'s common notes, the data about the target held and not used."""
        data, h, ctx = self.data, self.h, tp.scope
        rollups = _rollups(node)
        day = ctx.day
        # Each unit counted by a rollup: the ordinals of its first day (as the same
        # unit) and of the day after its last.
        spans: dict[str, tuple[int, int]] = {}
        level: Level | None = None
        counted_codes: list[tuple[str, ...]] = []
        starts = np.full(len(self.codes) + 1, MIN_ORD, dtype=np.int64)
        for roll in rollups:
            if h is None or not roll.children or roll.counts is None or roll.members is None:
                continue
            sub = roll.children[0].codes
            groups: dict[_dt.date, list[np.ndarray]] = {}
            for counted, members in zip(roll.counts, roll.members, strict=True):
                if counted is None:
                    continue
                if level is None:
                    day, level = counted.on, counted.level
                groups.setdefault(counted.on, []).append(members)
            for when, members_ in groups.items():
                every = np.sort(np.concatenate(members_))  # np.unique imports numpy.ma
                at = every[np.r_[True, every[1:] != every[:-1]][: len(every)]].tolist()
                codes = tuple(sub[j] for j in at)
                found, first = _spans_memo(h, codes, when)
                spans.update(found)
                counted_codes.append(codes)
                starts[self.cols.positions(codes)[0]] = first
        starts = starts[:-1]
        judged = list(node.codes)
        used = self.mask(judged)
        for codes in counted_codes:
            self.mask(codes, used)
        for b in broken:
            self.mask(b.codes, used)
        used = used[:-1]
        seen = {*judged, *spans, *(c for b in broken for c in b.codes)}  # codes evaluated
        under_j = self.under(self.jurisdiction)
        outside = ~under_j if under_j is not None else np.zeros_like(used)
        relevant = np.zeros_like(used)
        for code in judged:
            under = self.under(code)
            relevant |= under if under is not None else True
        if level is not None and level in self.levels:
            relevant &= self.levels[level]
        other = ~used & ~outside & relevant
        after = n_out = n_other = later = 0
        for ind in sorted(tp.indicators):
            got = self.per_unit(ind)
            if got is None:
                continue
            late_n, now_n = got
            mine = used | other | outside
            after += int(late_n[mine].sum())
            n_out += int(now_n[outside].sum())
            n_other += int(now_n[other].sum())
            if spans and (starts[used] > MIN_ORD).any():
                # Rows about units counted, from before the unit existed (a reused code).
                lo, hi = self.cols.slices[ind]
                at, e = self.cols.u[lo:hi], self.cols.end[lo:hi]
                n_other += int(((e <= self.as_of) & used[at] & (e < starts[at])).sum())
        if tp.reads_completion:
            taken = _used_recognitions(node)
            covered = frozenset().union(*(inside(h, c) for c in judged)) if h is not None else None
            if rollups or self.jurisdiction in judged:
                n_out += self.recs_outside
                after += self.recs_outside_after
            for code, recs in self.recs:
                is_out = False
                if code not in seen:
                    if covered is not None and code not in covered:
                        continue  # not under the units judged: another goal's unit
                    if (
                        level is not None
                        and h is not None
                        and code in h
                        and all(u.level is not level for u in h.versions(code))
                    ):
                        continue  # a unit of another level: another goal's
                for r in recs:
                    on = r.on.toordinal()
                    if r in taken:
                        continue
                    if on > self.as_of:
                        after += 1
                    elif is_out:
                        n_out += 1
                    elif code not in seen or not _within(spans.get(code), on):
                        n_other += 1
                    elif r.on > day:
                        later += 1
        if rollups and level is not None:
            after += sum(
                1
                for rc in data.reported_counts
                if rc.unit in judged and rc.level is level and rc.period.end > ctx.as_of
            )
        notes = node.common_notes
        if after:
            notes.append(Note(NC.UNUSED_AFTER_AS_OF, (after, ctx.as_of)))
        if n_out:
            notes.append(Note(NC.UNUSED_OUTSIDE, (n_out, self.jurisdiction)))
        if n_other and rollups:
            notes.append(Note(NC.UNUSED_OTHER_ERA, (n_other, day)))
        elif n_other:
            notes.append(Note(NC.UNUSED_SUB_UNITS, (n_other,)))
        if later:
            notes.append(Note(NC.UNUSED_AFTER_DAY, (later, day)))


def _spans_memo(
    h: Hierarchy, codes: tuple[str, ...], on: _dt.date
) -> tuple[dict[str, tuple[int, int]], np.ndarray]:
    return memoised(h, ("spans", on, codes), lambda: _spans(h, codes, on))


def _spans(
    h: Hierarchy, codes: Sequence[str], on: _dt.date
) -> tuple[dict[str, tuple[int, int]], np.ndarray]:
    """Per unit counted on ``on``: the ordinals of its first day (as the same unit) and
    of the day after its last; and the first days as an array (in ``codes``' order)."""
    out: dict[str, tuple[int, int]] = {}
    now = alive(h, on)
    firsts = first_ordinals(h)
    for code in codes:
        u = now.get(code) or h.get(code, on)
        begun = firsts.get(id(u))
        if begun is None:  # not one of h's units
            day = first_day(h, u)
            begun = day.toordinal() if day is not None else MIN_ORD
        out[code] = (begun, u.valid_until.toordinal() if u.valid_until is not None else MAX_ORD)
    first = np.fromiter((out[c][0] for c in codes), np.int64, len(codes))
    return out, first


def _rollups(node: Node) -> list[Node]:
    """The count and share nodes in a node's tree (outermost first)."""
    found: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop(0)
        if n.counts is not None:
            found.append(n)
            continue  # what it counts is judged by its own children
        stack.extend(n.children)
    return found


def _used_recognitions(node: Node) -> set[Recognition]:
    """Every recognition a node or its children used (carried ones included)."""
    used = {r for recs in node.recognitions.values() for r in recs}
    for child in node.children:
        used |= _used_recognitions(child)
    return used


def _within(span: tuple[int, int] | None, day: int) -> bool:
    """Whether ``day`` (an ordinal) lies in ``span`` (first day, day after the last)."""
    return span is None or span[0] <= day < span[1]
