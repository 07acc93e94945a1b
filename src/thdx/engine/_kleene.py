"""Kleene's three-valued combination: the kernel of :class:`~thdx.engine._steps.Kleene`.

Statuses are small integers ordered NOT_MET (0) < UNKNOWN (1) < MET (2), so "all of"
is a minimum and "any of" a maximum; NOT_APPLICABLE (3) parts are left out.
"""

from __future__ import annotations

import numpy as np

from thdx.engine._compare import run_threshold
from thdx.engine._steps import Kleene, KleeneOp, Runner, Threshold
from thdx.rules._vocabulary import Comparator
from thdx.verdicts._node import B1, I8, Node
from thdx.verdicts._status import MET, NA, NOT_MET, UNKNOWN

__all__ = ["combine", "run_kleene"]


def run_kleene(step: Kleene, rt: Runner) -> Node:
    """The combination of the step's parts, each run first."""
    if step.args and all(isinstance(a, Threshold) for a in step.args):
        # Thresholds write their statuses into the rows of one array: no copy.
        st = np.empty((len(step.args), len(step.batch)), dtype=np.int8)
        parts = [run_threshold(a, rt, st[j]) for j, a in enumerate(step.args)]  # type: ignore[arg-type]
        return combine(step, parts, st)
    return combine(step, [rt.run(a) for a in step.args])


def combine(step: Kleene, children: list[Node], st: I8 | None = None) -> Node:
    """The node of ``step`` over its parts' nodes (``st``: their statuses, one row
    per part, when already in one array)."""
    n = len(step.batch)
    if st is None:
        st = np.stack([c.status for c in children]) if children else np.empty((0, n), np.int8)
    na = (st == NA) if step.na_parts else None
    status = _status(step, st, na)
    if step.known_final:
        return _node(step, children, st, status, status != UNKNOWN)
    fin = np.stack([c.final for c in children]) if children else np.empty((0, n), bool)
    settled = fin | na if na is not None else fin
    # Final when every part is, or when the final parts alone already decide it (a
    # final NOT_MET makes "all of" final whatever its UNKNOWN parts).
    final: B1 = np.asarray(settled.all(axis=0))
    if step.op is KleeneOp.ALL:
        final |= (status == NOT_MET) & (settled & (st == NOT_MET)).any(axis=0)
    elif step.op is KleeneOp.ANY:
        final |= (status == MET) & (settled & (st == MET)).any(axis=0)
    else:
        alone = _status(step, np.where(settled, st, UNKNOWN).astype(np.int8), na)
        final |= (alone == status) & (status != UNKNOWN)
    return _node(step, children, st, status, final)


def _node(step: Kleene, children: list[Node], st: I8, status: I8, final: B1) -> Node:
    values = np.full(len(step.batch), np.nan)
    if step.op is KleeneOp.SCORE:
        pts = np.asarray(step.points, dtype=float)[:, None]
        values = ((st == MET) * pts).sum(axis=0).astype(float)
    return Node(step.rule, step.batch.codes, status, values, final, children=children)


def _status(step: Kleene, st: I8, na: B1 | None) -> I8:
    """The combined status of the parts' statuses (one row per part)."""
    n = st.shape[1]
    if step.op is KleeneOp.ALL:
        if not len(st):
            return np.full(n, NA, dtype=np.int8)
        status = (np.where(na, MET, st) if na is not None else st).min(axis=0)
    elif step.op is KleeneOp.ANY:
        if not len(st):
            return np.full(n, NA, dtype=np.int8)
        status = (np.where(na, -1, st) if na is not None else st).max(axis=0)
    elif step.op is KleeneOp.AT_LEAST:
        met = (st == MET).sum(axis=0)
        unknown = (st == UNKNOWN).sum(axis=0)
        status = np.where(met >= step.k, MET, np.where(met + unknown < step.k, NOT_MET, UNKNOWN))
    elif step.op is KleeneOp.SCORE:
        pts = np.asarray(step.points, dtype=float)[:, None]
        known = ((st == MET) * pts).sum(axis=0)
        potential = known + ((st == UNKNOWN) * pts).sum(axis=0)
        reached = Comparator.GE.apply(known, step.at_least)
        reachable = Comparator.GE.apply(potential, step.at_least)
        status = np.where(reached, MET, np.where(reachable, UNKNOWN, NOT_MET))
    else:
        status = np.full(n, UNKNOWN)
    out: I8 = np.asarray(status, dtype=np.int8)
    if na is None:
        return out
    return np.where(na.all(axis=0), np.int8(NA), out).astype(np.int8)
