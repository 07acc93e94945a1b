"""What "the SQL backend agrees with the engine" means, shared by the DuckDB and Spark
tests: every verdict (and sub-verdict) the same status, value (within the engine's
tolerance), finality and route."""

from __future__ import annotations

import math

import attrs

import thdx
from thdx.rules._vocabulary import Growth, Rule, tolerance


def has_growth(rule: Rule) -> bool:
    """Whether ``rule`` holds a growth over a window anywhere."""
    if isinstance(rule, Growth):
        return True
    subs = list(getattr(rule, "rules", ()))
    inner = getattr(rule, "rule", None)
    if inner is not None:
        subs.append(inner)
    return any(has_growth(r) for r in subs)


def without_growth(rb: thdx.Rulebook) -> thdx.Rulebook:
    """``rb`` without its targets that hold a growth (not compiled to SQL yet)."""
    return attrs.evolve(rb, targets=tuple(t for t in rb.targets if not has_growth(t.rule)))


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=tolerance(b))


def _pairs(got: thdx.Report, want: thdx.Report) -> list[tuple[object, object, str]]:
    out: list[tuple[object, object, str]] = []
    for v, w in zip(got, want, strict=True):
        out.append((v, w, f"{w.target.id}@{w.unit}"))
    return out


NOTES = [True]


def assert_agree(got: thdx.Report, want: thdx.Report, *, notes: bool = True) -> int:
    """Assert that two reports agree everywhere (with ``notes``: their notes too); the
    number of verdicts compared."""
    NOTES[0] = notes
    n = 0
    for v, w, where in _pairs(got, want):
        assert v.target.id == w.target.id, where  # type: ignore[attr-defined]
        assert v.unit == w.unit, where  # type: ignore[attr-defined]
        n += _agree(v, w, where)
    for t in want.rulebook.targets:
        for (tid, lv), _ in want._breakdowns.items():
            if tid != t.id:
                continue
            for v, w in zip(got.breakdown(tid, lv), want.breakdown(tid, lv), strict=True):
                n += _agree(v, w, f"{tid}@{w.unit} by {lv.value}")
    return n


def _agree(v: object, w: object, where: str) -> int:
    assert v.status == w.status, (where, v.status, w.status)  # type: ignore[attr-defined]
    assert same_value(v.value, w.value), (where, v.value, w.value)  # type: ignore[attr-defined]
    if hasattr(w, "final"):
        assert v.final == w.final, (where, v.final, w.final)  # type: ignore[attr-defined]
    assert v.route == w.route, (where, v.route, w.route)  # type: ignore[attr-defined]
    if hasattr(w, "method"):
        assert v.method == w.method, (where, v.method, w.method)  # type: ignore[attr-defined]
        assert v.counts == w.counts, (where, v.counts, w.counts)  # type: ignore[attr-defined]
    if NOTES[0]:
        assert v.note_keys == w.note_keys, (where, v.note_keys, w.note_keys)  # type: ignore[attr-defined]
    n = 1
    kids_v, kids_w = v.children, w.children  # type: ignore[attr-defined]
    assert len(kids_v) == len(kids_w), where
    for i, (a, b) in enumerate(zip(kids_v, kids_w, strict=True)):
        n += _agree(a, b, f"{where}/{i}")
    return n
