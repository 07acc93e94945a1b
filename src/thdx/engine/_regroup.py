"""Nodes joined and reordered: one rule over units judged in several groups (the
kernel of :class:`~thdx.engine._steps.Regroup`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import attrs
import numpy as np

from thdx.engine._completion import ROUTE_NONE
from thdx.engine._steps import Regroup, Runner
from thdx.verdicts._node import Node

__all__ = ["run_regroup"]

T = TypeVar("T")


def run_regroup(step: Regroup, rt: Runner) -> Node:
    """The groups of ``step`` run, joined, and put back in the batch's order."""
    joined = _concat([rt.run(p) for p in step.parts])
    return _reorder(joined, np.argsort(step.order))


def _materialise(node: Node) -> None:
    """Write a node's lazy and common notes into its per-unit notes (before joining)."""
    for i in range(len(node.codes)):
        got = node.notes_of(i)
        if got:
            node.notes[i] = got
    node.lazy, node.common_notes = None, []
    for child in node.children:
        _materialise(child)


def _concat(parts: list[Node]) -> Node:
    """One node for the batches of ``parts`` (the same rule over different units)."""
    for p in parts:
        _materialise(p)
    sizes = [len(p.codes) for p in parts]
    offsets = np.cumsum([0, *sizes])[:-1].tolist()

    def joined(get: Callable[[Node], dict[int, T]]) -> dict[int, T]:
        return {o + i: v for p, o in zip(parts, offsets, strict=True) for i, v in get(p).items()}

    def listed(get: Callable[[Node], list[T] | None], fill: T) -> list[T] | None:
        if all(get(p) is None for p in parts):
            return None
        return [x for p, n in zip(parts, sizes, strict=True) for x in (get(p) or [fill] * n)]

    def stacked(get: Callable[[Node], np.ndarray | None], fill: object) -> np.ndarray | None:
        if all(get(p) is None for p in parts):
            return None
        arrays = [get(p) for p in parts]
        return np.concatenate(
            [a if a is not None else np.full(n, fill) for a, n in zip(arrays, sizes, strict=True)]
        )

    first = parts[0]
    children = [_concat([p.children[k] for p in parts]) for k in range(len(first.children))]
    members = None
    if first.members is not None and first.children:
        child_sizes = [len(p.children[0].codes) for p in parts]
        child_offsets = np.cumsum([0, *child_sizes])[:-1].tolist()
        members = [
            m + o for p, o in zip(parts, child_offsets, strict=True) for m in (p.members or [])
        ]
    return Node(
        first.rule,
        [c for p in parts for c in p.codes],
        np.concatenate([p.status for p in parts]),
        np.concatenate([p.value for p in parts]),
        np.concatenate([p.final for p in parts]),
        rows=stacked(lambda p: p.rows, -1),
        children=children,
        periods=listed(lambda p: p.periods, None),
        notes=joined(lambda p: p.notes),
        methods=listed(lambda p: p.methods, None),
        counts=listed(lambda p: p.counts, None),
        routes=stacked(lambda p: p.routes, ROUTE_NONE),
        recognitions=joined(lambda p: p.recognitions),
        reported=joined(lambda p: p.reported),
        members=members,
        used_rows=joined(lambda p: p.used_rows),
        incomplete=stacked(lambda p: p.incomplete, False),
    )


def _reorder(node: Node, perm: np.ndarray) -> Node:
    """``node`` with its units in the order ``perm`` gives (children left as they are)."""
    where = {int(old): int(new) for new, old in enumerate(perm.tolist())}

    def moved(d: dict[int, T]) -> dict[int, T]:
        return {where[i]: v for i, v in d.items()}

    def taken(xs: list[T] | None) -> list[T] | None:
        return None if xs is None else [xs[int(i)] for i in perm]

    return attrs.evolve(
        node,
        codes=[node.codes[int(i)] for i in perm],
        status=node.status[perm],
        value=node.value[perm],
        final=node.final[perm],
        rows=None if node.rows is None else node.rows[perm],
        periods=taken(node.periods),
        notes=moved(node.notes),
        methods=taken(node.methods),
        counts=taken(node.counts),
        routes=None if node.routes is None else node.routes[perm],
        recognitions=moved(node.recognitions),
        reported=moved(node.reported),
        members=taken(node.members),
        used_rows=moved(node.used_rows),
        incomplete=None if node.incomplete is None else node.incomplete[perm],
    )
