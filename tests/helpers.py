"""Helpers shared by the test files (one home, imported as ``from helpers import ...``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from thdx.verdicts import Note


def keys(notes: Mapping[int, Sequence[Note]] | Sequence[Note]) -> object:
    """The compact keys of an engine node's notes: a list for a unit's notes, a dict of
    lists for a node's ``notes`` (unit position → notes)."""
    if isinstance(notes, Mapping):
        return {i: [n.key for n in ns] for i, ns in notes.items()}
    return [n.key for n in notes]
