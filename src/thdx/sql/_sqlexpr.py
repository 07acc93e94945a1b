"""Small builders over ``sqlglot.exp`` and the three-valued formulas of the engine in
SQL: thresholds within the tolerance, bounds of a count, Kleene's combinations."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from thdx.engine._steps import Kleene, KleeneOp
from thdx.rules._vocabulary import Comparator, tolerance
from thdx.sql._deps import need

__all__ = ["OUTPUT", "B", "E", "bounds", "holds", "kleene_status", "retable"]

#: The columns of the query's result, in order, with their SQL types.
OUTPUT: tuple[tuple[str, str], ...] = (
    ("node", "INT"),
    ("pos", "INT"),
    ("status", "INT"),
    ("value", "DOUBLE"),
    ("final", "INT"),
    ("row_id", "BIGINT"),
    ("route", "INT"),
    ("passed", "BIGINT"),
    ("failed", "BIGINT"),
    ("unknown", "BIGINT"),
    ("total", "BIGINT"),
)

E = Any  # a sqlglot expression (sqlglot has no type information for mypy --strict)


class B:
    """Small builders over ``sqlglot.exp``."""

    def __init__(self) -> None:
        self.x = need("sqlglot").exp

    def col(self, name: str, table: str | None = None) -> E:
        return self.x.column(name, table=table)

    def num(self, v: float) -> E:
        """A number literal: an integer as it is, a float as a DOUBLE (``1.5e0``) so
        that no dialect reads it as a DECIMAL."""
        if isinstance(v, bool) or not isinstance(v, int | float):
            msg = f"not a number: {v!r}"
            raise TypeError(msg)
        if isinstance(v, int):
            return (
                self.x.Literal.number(v) if v >= 0 else self.x.Neg(this=self.x.Literal.number(-v))
            )
        if not math.isfinite(v):
            msg = f"not a finite number: {v!r}"
            raise ValueError(msg)
        text = repr(abs(v))
        if "e" not in text:
            text += "e0"
        lit = self.x.Literal.number(text)
        return self.x.Neg(this=lit) if v < 0 else lit

    def s(self, v: str) -> E:
        return self.x.Literal.string(v)

    def null(self, typ: str) -> E:
        return self.x.cast(self.x.null(), typ, copy=False)

    def eq(self, a: E, b: E) -> E:
        return self.x.EQ(this=a, expression=b)

    def op(self, kind: str, a: E, b: E) -> E:
        cls = {"<=": "LTE", "<": "LT", ">=": "GTE", ">": "GT", "<>": "NEQ", "+": "Add"}
        cls.update({"-": "Sub", "*": "Mul", "/": "Div"})
        return self.x.Paren(this=getattr(self.x, cls[kind])(this=a, expression=b))

    def and_(self, *xs: E) -> E:
        return self.x.and_(*xs, copy=False) if len(xs) > 1 else xs[0]

    def or_(self, *xs: E) -> E:
        return self.x.or_(*xs, copy=False) if len(xs) > 1 else xs[0]

    def case(self, whens: Sequence[tuple[E, E]], default: E) -> E:
        c = self.x.Case()
        for cond, then in whens:
            c = c.when(cond, then, copy=False)
        return self.x.Paren(this=c.else_(default, copy=False))

    def flag(self, cond: E) -> E:
        """1 where ``cond`` holds, else 0 (never NULL)."""
        return self.case([(cond, self.num(1))], self.num(0))

    def least(self, xs: Sequence[E]) -> E:
        return xs[0] if len(xs) == 1 else self.x.Least(this=xs[0], expressions=list(xs[1:]))

    def greatest(self, xs: Sequence[E]) -> E:
        return xs[0] if len(xs) == 1 else self.x.Greatest(this=xs[0], expressions=list(xs[1:]))

    def total(self, xs: Sequence[E]) -> E:
        out = xs[0] if xs else self.num(0)
        for x in xs[1:]:
            out = self.op("+", out, x)
        return out

    def double(self, e: E) -> E:
        return self.x.cast(e, "DOUBLE", copy=False)

    def alias(self, e: E, name: str) -> E:
        return self.x.alias_(e, name, copy=False)

    def table(self, name: str, alias: str) -> E:
        return self.x.alias_(self.x.to_table(name), alias, table=True, copy=False)


def holds(b: B, cmp: Comparator, x: E, threshold: float) -> E:
    """``x <cmp> threshold`` within the engine's tolerance (``Comparator.apply``)."""
    tol = tolerance(threshold)
    if cmp is Comparator.GE:
        return b.op(">=", x, b.num(threshold - tol))
    if cmp is Comparator.GT:
        return b.op(">", x, b.num(threshold + tol))
    if cmp is Comparator.LE:
        return b.op("<=", x, b.num(threshold + tol))
    if cmp is Comparator.LT:
        return b.op("<", x, b.num(threshold - tol))
    return b.op("<=", b.x.Abs(this=b.op("-", x, b.num(threshold))), b.num(tol))


def bounds(b: B, cmp: Comparator, threshold: float, lo: E, hi: E) -> E:
    """The three-valued status of ``x <cmp> threshold`` for every x in [lo, hi]
    (``thdx.engine._reported.bounds``)."""
    at_lo, at_hi = holds(b, cmp, lo, threshold), holds(b, cmp, hi, threshold)
    met = (b.and_(at_lo, at_hi), b.num(2))
    if cmp is Comparator.EQ:
        inside = b.and_(
            holds(b, Comparator.LE, lo, threshold), holds(b, Comparator.GE, hi, threshold)
        )
        return b.case([met, (inside, b.num(1))], b.num(0))
    neither = b.and_(b.x.not_(at_lo), b.x.not_(at_hi))
    return b.case([met, (neither, b.num(0))], b.num(1))


def kleene_status(b: B, step: Kleene, st: Sequence[E], orig: Sequence[E]) -> E:
    """The combined status of the parts' statuses ``st`` (``orig``: the parts' own,
    which say which are NOT_APPLICABLE) — ``thdx.engine._kleene._status``."""
    na = step.na_parts
    is_na = [b.eq(s, b.num(3)) for s in orig]
    if step.op is KleeneOp.ALL:
        if not st:
            return b.num(3)
        out = b.least(
            [b.case([(w, b.num(2))], s) for w, s in zip(is_na, st, strict=True)] if na else list(st)
        )
    elif step.op is KleeneOp.ANY:
        if not st:
            return b.num(3)
        out = b.greatest(
            [b.case([(w, b.num(-1))], s) for w, s in zip(is_na, st, strict=True)]
            if na
            else list(st)
        )
    elif step.op is KleeneOp.AT_LEAST:
        met = b.total([b.flag(b.eq(s, b.num(2))) for s in st])
        unknown = b.total([b.flag(b.eq(s, b.num(1))) for s in st])
        out = b.case(
            [
                (b.op(">=", met, b.num(step.k)), b.num(2)),
                (b.op("<", b.op("+", met, unknown), b.num(step.k)), b.num(0)),
            ],
            b.num(1),
        )
    elif step.op is KleeneOp.SCORE:
        known = b.total(
            [
                b.op("*", b.flag(b.eq(s, b.num(2))), b.num(p))
                for s, p in zip(st, step.points, strict=True)
            ]
        )
        maybe = b.total(
            [
                b.op("*", b.flag(b.eq(s, b.num(1))), b.num(p))
                for s, p in zip(st, step.points, strict=True)
            ]
        )
        potential = b.op("+", known, maybe)
        out = b.case(
            [
                (holds(b, Comparator.GE, known, step.at_least), b.num(2)),
                (holds(b, Comparator.GE, potential, step.at_least), b.num(1)),
            ],
            b.num(0),
        )
    else:
        out = b.num(1)
    if not na or not st:
        return out
    return b.case([(b.and_(*is_na), b.num(3))], out)


def retable(b: B, node: E, old: str, new: str) -> E:
    """``node`` read from table ``new`` where it was read from ``old``."""
    if isinstance(node, b.x.Column) and node.table == old:
        return b.col(node.name, new)
    return node
