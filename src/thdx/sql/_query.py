"""The steps of a plan as one SQL query, built with sqlglot's expression builders.

Every step becomes a common table expression with the same columns: per unit of its
batch (``pos``), the status (an integer: NOT_MET 0, UNKNOWN 1, MET 2, NOT_APPLICABLE
3, never NULL), the value (DOUBLE, NULL for none), the finality (0 or 1), the row
used, the route of a completion, and a count's passed, failed, unknown and total.
Kleene's "all of" and "any of" are ``LEAST`` and ``GREATEST`` over the integers, as
the engine's ``min`` and ``max``; thresholds are moved by the engine's tolerance
before they are written (:attr:`thdx.engine._steps.Threshold.bound`).

Values from the rulebook and the units (indicator ids, unit codes, numbers) are
sqlglot literals, quoted by the dialect's generator, never pasted into SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence

from thdx.engine._steps import (
    Completion,
    CountOver,
    Criteria,
    Kleene,
    KleeneOp,
    Step,
    Threshold,
)
from thdx.rules._vocabulary import PassRule
from thdx.sql._facts import COLUMNS, Facts
from thdx.sql._sqlexpr import OUTPUT, B, E, bounds, holds, kleene_status, retable

__all__ = ["END", "OUTPUT", "PREFER", "gathered", "query"]

#: Orders the rows a gather may use: the preferred period first, then the latest end,
#: then the longest period (the engine's order of rows, :mod:`thdx.store._columns`).
PREFER = 2**41
END = 2**20


class _Query:
    def __init__(self, facts: Facts, measurements: str, recognitions: str, inline: bool) -> None:
        self.b = B()
        self.f = facts
        self.m = measurements
        self.r = recognitions
        self.inline = inline
        self.ctes: list[tuple[str, E]] = []
        self.first: E = None

    # -- the tables of facts and the gathers ---------------------------------------------

    def facts_tables(self) -> None:
        b = self.b
        for name, cols in COLUMNS.items():
            rows = self.f.rows[name]
            if not self.inline:
                continue
            if rows:
                tuples = [
                    b.x.Tuple(
                        expressions=[self._value(v, t) for v, (_, t) in zip(r, cols, strict=True)]
                    )
                    for r in rows
                ]
                values = b.x.Values(
                    expressions=tuples,
                    alias=b.x.TableAlias(
                        this=b.x.to_identifier("t"),
                        columns=[b.x.to_identifier(c) for c, _ in cols],
                    ),
                )
                sel = b.x.select(*[b.col(c, "t") for c, _ in cols]).from_(values)
            else:
                sel = b.x.select(*[b.alias(b.null(t), c) for c, t in cols]).where(
                    b.eq(b.num(1), b.num(0))
                )
            self.ctes.append((name, sel))

    def _value(self, v: object, typ: str) -> E:
        b = self.b
        if v is None:
            return b.null(typ)
        if isinstance(v, str):
            return b.s(v)
        assert isinstance(v, int)
        return b.x.cast(b.num(v), typ) if typ != "INT" else b.num(v)

    def gathered(self) -> None:
        """Every gather at once: one pass over the measurements, each unit's row
        chosen by ARG_MAX over a key (preferred period, then end, then length)."""
        b = self.b
        g, u, m = "g", "u", "m"
        prefer = b.and_(
            b.x.Not(this=b.x.Is(this=b.col("ps", g), expression=b.x.null())),
            b.eq(b.col("start_day", m), b.col("ps", g)),
            b.eq(b.col("end_day", m), b.col("pe", g)),
            b.op("<=", b.col("pe", g), b.col("upto", g)),
        )
        length = b.least([b.op("-", b.col("end_day", m), b.col("start_day", m)), b.num(END - 1)])
        key = b.op(
            "+",
            b.op(
                "+",
                b.case([(prefer, b.num(PREFER))], b.num(0)),
                b.op("*", b.col("end_day", m), b.num(END)),
            ),
            length,
        )
        exact = b.and_(
            b.eq(b.col("is_exact", g), b.num(1)),
            b.eq(b.col("start_day", m), b.col("ps", g)),
            b.eq(b.col("end_day", m), b.col("pe", g)),
        )
        latest = b.and_(
            b.eq(b.col("is_exact", g), b.num(0)),
            b.op("<=", b.col("end_day", m), b.col("upto", g)),
            b.op(">=", b.col("end_day", m), b.col("gather_from", u)),
        )
        inner = (
            b.x.select(
                b.col("gid", g),
                b.col("pos", u),
                b.col("row_id", m),
                b.col("value", m),
                b.col("start_day", m),
                b.col("end_day", m),
                b.alias(key, "k"),
            )
            .from_(b.table("thdx_gathers", g))
            .join(b.table("thdx_units", u), on=b.eq(b.col("bid", u), b.col("bid", g)))
            .join(
                b.table(self.m, m),
                on=b.and_(
                    b.eq(b.col("indicator", m), b.col("indicator", g)),
                    b.eq(b.col("unit", m), b.col("code", u)),
                ),
            )
            .where(b.or_(exact, latest), copy=False)
        )

        def arg(c: str) -> E:
            return b.alias(b.x.ArgMax(this=b.col(c, "q"), expression=b.col("k", "q")), c)

        sel = (
            b.x.select(
                b.col("gid", "q"),
                b.col("pos", "q"),
                arg("row_id"),
                arg("value"),
                arg("start_day"),
                arg("end_day"),
            )
            .from_(b.x.alias_(b.x.Subquery(this=inner), "q", table=True))
            .group_by(b.col("gid", "q"), b.col("pos", "q"))
        )
        if self.inline:
            self.ctes.append(("thdx_gathered", sel))
        else:  # run first, into a table the steps read (see :func:`gathered`)
            self.first = sel

    # -- steps ---------------------------------------------------------------------------

    def name(self, step: Step) -> str:
        return f"thdx_s{self.f.steps[id(step)]}"

    def units(self, bid: int) -> tuple[E, E]:
        b = self.b
        return b.table("thdx_units", "u"), b.eq(b.col("bid", "u"), b.num(bid))

    def out(self, pos: E, status: E, value: E | None, final: E, **more: E) -> list[E]:
        b = self.b
        cols = [b.alias(pos, "pos"), b.alias(b.x.cast(status, "INT"), "status")]
        cols.append(b.alias(b.double(value) if value is not None else b.null("DOUBLE"), "value"))
        cols.append(b.alias(b.x.cast(final, "INT"), "final"))
        for c, t in OUTPUT[5:]:
            cols.append(b.alias(b.x.cast(more[c], t) if c in more else b.null(t), c))
        return cols

    def step(self, step: Step) -> None:
        if isinstance(step, Threshold):
            sel = self.threshold(step)
        elif isinstance(step, Kleene):
            sel = self.kleene(step)
        elif isinstance(step, Criteria):
            sel = self.criteria(step)
        elif isinstance(step, Completion):
            sel = self.completion(step)
        elif isinstance(step, CountOver):
            sel = self.count(step)
        else:  # Regroup, GrowthOver: the engine's kernels, after the query
            return
        self.ctes.append((self.name(step), sel))

    def threshold(self, step: Threshold) -> E:
        b = self.b
        g = b.col
        gid = self.f.gathers[step.src]
        units, where = self.units(self.f.batches[id(step.batch)])
        value = g("value", "ga")
        missing = b.x.Is(this=g("end_day", "ga"), expression=b.x.null())
        status = b.case(
            [(missing, b.num(1)), (holds(b, step.comparator, value, step.threshold), b.num(2))],
            b.num(0),
        )
        if step.final_period is None:
            final = b.flag(b.x.not_(missing))
        else:
            fs, fe = step.final_period
            final = b.flag(
                b.and_(b.eq(g("start_day", "ga"), b.num(fs)), b.eq(g("end_day", "ga"), b.num(fe)))
            )
        on = b.and_(b.eq(g("gid", "ga"), b.num(gid)), b.eq(g("pos", "ga"), g("pos", "u")))
        return (
            b.x.select(*self.out(g("pos", "u"), status, value, final, row_id=g("row_id", "ga")))
            .from_(units, copy=False)
            .join(b.table("thdx_gathered", "ga"), on=on, join_type="left", copy=False)
            .where(where, copy=False)
        )

    def kleene(self, step: Kleene) -> E:
        b = self.b
        units, where = self.units(self.f.batches[id(step.batch)])
        inner = b.x.select(b.col("pos", "u")).from_(units, copy=False).where(where, copy=False)
        st: list[E] = []
        fin: list[E] = []
        for j, a in enumerate(step.args):
            t = f"a{j}"
            inner = inner.join(
                b.table(self.name(a), t), on=b.eq(b.col("pos", t), b.col("pos", "u")), copy=False
            )
            inner = inner.select(
                b.alias(b.col("status", t), f"st{j}"),
                b.alias(b.col("final", t), f"f{j}"),
                copy=False,
            )
            st.append(b.col(f"st{j}", "k"))
            fin.append(b.col(f"f{j}", "k"))
        status = kleene_status(b, step, st, st)
        value = None
        if step.op is KleeneOp.SCORE:
            value = b.total(
                [
                    b.op("*", b.flag(b.eq(s, b.num(2))), b.num(p))
                    for s, p in zip(st, step.points, strict=True)
                ]
            )
        if step.known_final:
            final = b.flag(b.x.NEQ(this=b.col("status", "k2"), expression=b.num(1)))
        else:
            na = step.na_parts
            settled = [
                b.or_(b.eq(f, b.num(1)), b.eq(s, b.num(3))) if na else b.eq(f, b.num(1))
                for s, f in zip(st, fin, strict=True)
            ]
            every = b.and_(*settled) if settled else b.x.true()
            here = b.col("status", "k2")
            if step.op is KleeneOp.ALL or step.op is KleeneOp.ANY:
                code = 0 if step.op is KleeneOp.ALL else 2
                some = [b.and_(c, b.eq(s, b.num(code))) for c, s in zip(settled, st, strict=True)]
                decided = b.and_(b.eq(here, b.num(code)), b.or_(*some)) if some else b.x.false()
            else:
                alone_st = [b.case([(c, s)], b.num(1)) for c, s in zip(settled, st, strict=True)]
                alone = kleene_status(b, step, alone_st, st)
                decided = b.and_(b.eq(alone, here), b.x.NEQ(this=here, expression=b.num(1)))
            final = b.flag(b.or_(every, decided))
        # Two levels: the status first, then what its finality reads of it.
        mid = b.x.select(b.x.Star(), b.alias(status, "status")).from_(
            b.x.alias_(b.x.Subquery(this=inner), "k", table=True)
        )
        if value is not None:
            mid = mid.select(b.alias(value, "score"))
        val = b.col("score", "k2") if value is not None else None
        # Copied: its column nodes are shared with the status (built without copies).
        final = final.transform(lambda n: retable(b, n, "k", "k2"), copy=True)
        return b.x.select(*self.out(b.col("pos", "k2"), b.col("status", "k2"), val, final)).from_(
            b.x.alias_(b.x.Subquery(this=mid), "k2", table=True)
        )

    def criteria(self, step: Criteria) -> E:
        b = self.b
        cs = step.criteria
        c = b.col
        status = c("status", "c")
        if not cs.complete:
            undecided = [b.num(2)] if cs.pass_rule is PassRule.ALL else [b.num(2), b.num(0)]
            status = b.case([(b.x.In(this=status, expressions=undecided), b.num(1))], status)
        return b.x.select(*self.out(c("pos", "c"), status, c("value", "c"), c("final", "c"))).from_(
            b.table(self.name(step.kleene), "c")
        )

    def completion(self, step: Completion) -> E:
        b = self.b
        c = b.col
        sid = self.f.steps[id(step)]
        bid = self.f.batches[id(step.batch)]
        units, where = self.units(bid)
        rec = (
            b.x.select(c("pos", "u2"))
            .from_(b.table("thdx_units", "u2"))
            .join(
                b.table("thdx_life", "l2"),
                on=b.and_(b.eq(c("cid", "l2"), b.num(sid)), b.eq(c("pos", "l2"), c("pos", "u2"))),
            )
            .join(
                b.table(self.r, "r"),
                on=b.and_(
                    b.eq(c("unit", "r"), c("code", "u2")),
                    b.op("<=", c("on_day", "r"), c("day", "l2")),
                    b.op(">=", c("on_day", "r"), c("valid_from", "u2")),
                ),
            )
            .where(b.eq(c("bid", "u2"), b.num(bid)))
            .group_by(c("pos", "u2"))
        )
        carry = (
            b.x.select(c("pos", "k"))
            .from_(b.table("thdx_carry", "k"))
            .join(
                b.table(self.r, "r"),
                on=b.and_(
                    b.eq(c("unit", "r"), c("old_code", "k")),
                    b.op(">=", c("on_day", "r"), c("start_day", "k")),
                    b.op("<=", c("on_day", "r"), c("until_day", "k")),
                ),
            )
            .where(b.eq(c("cid", "k"), b.num(sid)))
            .group_by(c("pos", "k"))
        )
        gone = b.x.Is(this=c("day", "l"), expression=b.x.null())
        by_rec = b.x.not_(b.x.Is(this=c("pos", "rh"), expression=b.x.null()))
        by_carry = b.x.not_(b.x.Is(this=c("pos", "ch"), expression=b.x.null()))
        sel = (
            b.x.select()
            .from_(units, copy=False)
            .join(
                b.table("thdx_life", "l"),
                on=b.and_(b.eq(c("cid", "l"), b.num(sid)), b.eq(c("pos", "l"), c("pos", "u"))),
            )
            .join(
                b.x.alias_(b.x.Subquery(this=rec), "rh", table=True),
                on=b.eq(c("pos", "rh"), c("pos", "u")),
                join_type="left",
                copy=False,
            )
            .join(
                b.x.alias_(b.x.Subquery(this=carry), "ch", table=True),
                on=b.eq(c("pos", "ch"), c("pos", "u")),
                join_type="left",
                copy=False,
            )
            .where(where, copy=False)
        )
        whens_st = [(gone, b.num(3)), (by_rec, b.num(2)), (by_carry, b.num(2))]
        whens_fin: list[tuple[E, E]] = []
        whens_route = [(gone, b.num(0)), (by_rec, b.num(1)), (by_carry, b.num(2))]
        if step.criteria is not None and step.rule.criteria is not None:
            sel = sel.join(
                b.table(self.name(step.criteria), "cr"), on=b.eq(c("pos", "cr"), c("pos", "u"))
            )
            decided = b.and_(
                b.x.not_(gone),
                b.x.not_(by_rec),
                b.x.not_(by_carry),
                b.x.NEQ(this=c("status", "cr"), expression=b.num(1)),
            )
            whens_st.append((decided, c("status", "cr")))
            whens_fin.append((decided, c("final", "cr")))
            whens_route.append((decided, b.num(3)))
        status = b.case(whens_st, b.num(1))
        final = b.case(whens_fin, c("final", "l")) if whens_fin else c("final", "l")
        route = b.case(whens_route, b.num(0))
        return sel.select(*self.out(c("pos", "u"), status, None, final, route=route))

    def count(self, step: CountOver) -> E:
        b = self.b
        c = b.col
        bid = self.f.batches[id(step.batch)]
        units, where = self.units(bid)
        rule = step.rule
        settled_ctx = step.scope.settled
        if step.child is None:
            return (
                b.x.select(*self.out(c("pos", "u"), b.num(1), None, b.num(int(settled_ctx))))
                .from_(units, copy=False)
                .where(where, copy=False)
            )
        sid = self.f.steps[id(step)]
        st, fin = c("status", "ch"), c("final", "ch")
        settled = b.or_(b.eq(fin, b.num(1)), b.eq(st, b.num(3)))

        def count_of(cond: E, name: str) -> E:
            return b.alias(b.x.Sum(this=b.flag(cond)), name)

        agg = (
            b.x.select(
                c("pos", "mb"),
                count_of(b.eq(st, b.num(2)), "passed"),
                count_of(b.eq(st, b.num(0)), "failed"),
                count_of(b.eq(st, b.num(1)), "unknown"),
                count_of(b.x.not_(settled), "unsettled"),
                count_of(b.and_(settled, b.eq(st, b.num(2))), "lo_f"),
                count_of(
                    b.or_(b.x.not_(settled), b.x.In(this=st, expressions=[b.num(1), b.num(2)])),
                    "hi_f",
                ),
            )
            .from_(b.table("thdx_members", "mb"))
            .join(
                b.table(self.name(step.child), "ch"), on=b.eq(c("pos", "ch"), c("child_pos", "mb"))
            )
            .where(b.eq(c("cid", "mb"), b.num(sid)))
            .group_by(c("pos", "mb"))
        )

        def n(name: str) -> E:
            return b.x.Coalesce(this=c(name, "a"), expressions=[b.num(0)])

        passed, failed, unknown = n("passed"), n("failed"), n("unknown")
        total = b.op("+", b.op("+", passed, failed), unknown)

        def scaled(x: E) -> E:
            if not step.share:
                return b.double(x)
            # A share in percent: the division in DOUBLE, never by zero.
            den = b.double(b.x.Nullif(this=total, expression=b.num(0)))
            return b.op("/", b.op("*", b.double(x), b.num(100.0)), den)

        lo = scaled(passed)
        hi = scaled(b.op("+", passed, unknown))
        status = bounds(b, rule.comparator, rule.threshold, lo, hi)
        empty = b.eq(total, b.num(0))
        status = b.case([(empty, b.num(3))], status)
        value = b.case([(b.op(">", b.op("+", passed, failed), b.num(0)), lo)], b.null("DOUBLE"))
        if settled_ctx:
            alone = bounds(b, rule.comparator, rule.threshold, scaled(n("lo_f")), scaled(n("hi_f")))
            final = b.case(
                [(empty, b.num(1)), (b.eq(n("unsettled"), b.num(0)), b.num(1))],
                b.flag(b.eq(alone, status)),
            )
        else:
            final = b.num(0)
        return (
            b.x.select(
                *self.out(
                    c("pos", "u"),
                    status,
                    value,
                    final,
                    passed=passed,
                    failed=failed,
                    unknown=unknown,
                    total=total,
                )
            )
            .from_(units, copy=False)
            .join(
                b.x.alias_(b.x.Subquery(this=agg), "a", table=True),
                on=b.eq(c("pos", "a"), c("pos", "u")),
                join_type="left",
                copy=False,
            )
            .where(where, copy=False)
        )

    # -- the whole query -------------------------------------------------------------------

    def build(self, nodes: Sequence[Step]) -> E:
        b = self.b
        self.facts_tables()
        self.gathered()
        for step in self.f.order:
            self.step(step)
        parts = []
        for step in nodes:
            sid = self.f.steps[id(step)]
            cols = [b.alias(b.num(sid), "node")]
            cols += [b.col(c, "s") for c, _ in OUTPUT[1:]]
            parts.append(b.x.select(*cols).from_(b.table(self.name(step), "s")))
        if self.f.growth:
            # The rows of a growth's gathers as they are: node -1 - gid.
            ga = "ga"
            node = b.op("-", b.x.Neg(this=b.num(1)), b.col("gid", ga))
            cols = [b.alias(b.x.cast(node, "INT"), "node"), b.col("pos", ga)]
            cols += [b.alias(b.null("INT"), "status"), b.alias(b.col("value", ga), "value")]
            cols += [b.alias(b.null("INT"), "final"), b.alias(b.col("row_id", ga), "row_id")]
            cols += [b.alias(b.null(t), c) for c, t in OUTPUT[6:]]
            ids = [b.num(gid) for gid in self.f.growth]
            parts.append(
                b.x.select(*cols)
                .from_(b.table("thdx_gathered", ga))
                .where(b.x.In(this=b.col("gid", ga), expressions=ids), copy=False)
            )
        if not parts:
            body = b.x.select(*[b.alias(b.null(t), c) for c, t in OUTPUT]).where(
                b.eq(b.num(1), b.num(0))
            )
        else:
            body = parts[0]
            for p in parts[1:]:
                body = b.x.union(body, p, distinct=False, copy=False)
        order = [
            b.x.Ordered(this=b.x.column(c), desc=False, nulls_first=True) for c in ("node", "pos")
        ]
        wrapped = b.x.select(b.x.Star()).from_(
            b.x.alias_(b.x.Subquery(this=body), "thdx_out", table=True)
        )
        wrapped = wrapped.order_by(*order)
        for name, sel in self.ctes:
            wrapped = wrapped.with_(name, as_=sel, copy=False)
        return wrapped


def gathered(
    facts: Facts,
    *,
    measurements: str = "thdx_measurements",
    recognitions: str = "thdx_recognitions",
) -> E:
    """The query of every gather at once (what ``thdx_gathered`` holds): run into a
    table first when the tables of facts are not inline, so that DuckDB reads the
    measurements once whatever the number of steps that read the gathers."""
    q = _Query(facts, measurements, recognitions, inline=False)
    q.gathered()
    return q.first


def query(
    facts: Facts,
    nodes: Sequence[Step],
    *,
    measurements: str = "thdx_measurements",
    recognitions: str = "thdx_recognitions",
    inline: bool = True,
) -> E:
    """The query that gives the result of every step in ``nodes`` (a sqlglot
    expression); ``inline``: the tables of facts written as VALUES in it (else read
    from tables of those names)."""
    return _Query(facts, measurements, recognitions, inline).build(nodes)
