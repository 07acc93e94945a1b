"""The peer workload: 10,000 (or 100,000) units × 20 threshold rules, 5 % of values missing.

Every implementation gets the same long-format columns (unit code, indicator, value;
missing values are absent rows), builds what it needs once (timed apart, as
"construction"), then computes a three-valued status per unit — NOT_MET beats
UNKNOWN beats MET — which must agree unit by unit with every other implementation.

The data look like real data, not like the shape that suits a fast path: each rule
has its own pass rate (from 95 % to 99.9 % of the known values), so units fail on
early rules and on late ones and the three statuses are all common; 5 % of the values
are missing at random; and the rows come in no particular order (merged exports), so
the data's order of units is not the order of the units asked about.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from _common import MET, NOT_MET, SEED, UNKNOWN, best_of, fmt_time, version

N_UNITS = 10_000
N_RULES = 20
N_GE = 17  # the other 3 are "<="
MISSING = 0.05
PERIOD = "2025"
AS_OF = "2025-12-31"

Statuses = npt.NDArray[np.int8]


@dataclass
class Workload:
    """The rules and the data, as plain Python and numpy values."""

    codes: list[str]
    indicators: list[str]
    comparators: list[str]
    thresholds: list[float]
    unit_col: list[str]
    indicator_col: list[str]
    value_col: npt.NDArray[np.float64]

    @property
    def rows(self) -> int:
        return len(self.unit_col)


def make_workload(n_units: int = N_UNITS, seed: int = SEED) -> Workload:
    """Values 0–100 % (one decimal); per rule a pass rate between 95 % and 99.9 % of
    the known values; rows in random order."""
    rng = np.random.default_rng(seed)
    codes = [str(1_000_000 + i) for i in range(n_units)]
    indicators = [f"share_{j:02d}" for j in range(N_RULES)]
    comparators = [">="] * N_GE + ["<="] * (N_RULES - N_GE)
    rates = rng.permutation(np.linspace(0.95, 0.999, N_RULES))
    # ">= t" passes 1 - t/100 of uniform values, "<= t" t/100 (the values have one
    # decimal: thresholds at x.x5 keep every comparison away from equality).
    thresholds = [
        round(round(100.0 * (1.0 - p if c == ">=" else p), 1) + (0.05 if c == ">=" else -0.05), 2)
        for c, p in zip(comparators, rates.tolist(), strict=True)
    ]
    values = np.round(rng.uniform(0.0, 100.0, (n_units, N_RULES)), 1)
    present = rng.random((n_units, N_RULES)) >= MISSING
    ui, ki = np.nonzero(present)
    order = rng.permutation(len(ui))  # merged exports: rows in no particular order
    ui, ki = ui[order], ki[order]
    return Workload(
        codes=codes,
        indicators=indicators,
        comparators=comparators,
        thresholds=thresholds,
        unit_col=[codes[i] for i in ui.tolist()],
        indicator_col=[indicators[k] for k in ki.tolist()],
        value_col=values[ui, ki],
    )


@dataclass
class Result:
    """One implementation's figures (or why it could not run)."""

    name: str
    seconds: float = math.nan
    repeat: int = 0
    build_seconds: float = math.nan
    statuses: Statuses | None = None
    skipped: str | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Impl:
    """An implementation: ``build`` (timed apart), then ``run`` timed best of N."""

    name: str
    build: Callable[[Workload], Any]
    run: Callable[[Any], Statuses]
    repeat: int
    quick_repeat: int
    #: Untimed, before every timed run: fresh state (e.g. a new openfisca simulation).
    fresh: Callable[[Any], Any] | None = None
    note: str = ""


# -- numpy: the baseline --------------------------------------------------------------


def _numpy_build(w: Workload) -> dict[str, Any]:
    pos = {c: i for i, c in enumerate(w.codes)}
    kpos = {k: j for j, k in enumerate(w.indicators)}
    ui = np.fromiter(map(pos.__getitem__, w.unit_col), np.int64, w.rows)
    ki = np.fromiter(map(kpos.__getitem__, w.indicator_col), np.int64, w.rows)
    dense = np.full((N_RULES, len(w.codes)), np.nan)
    dense[ki, ui] = w.value_col
    return {
        "values": dense,
        "ge": np.array([c == ">=" for c in w.comparators])[:, None],
        "threshold": np.array(w.thresholds)[:, None],
    }


def _numpy_run(p: dict[str, Any]) -> Statuses:
    v, thr = p["values"], p["threshold"]
    ok = np.where(p["ge"], v >= thr, v <= thr)
    status = np.where(np.isnan(v), np.int8(UNKNOWN), np.where(ok, np.int8(MET), np.int8(NOT_MET)))
    return status.min(axis=0).astype(np.int8)


# -- thdx -------------------------------------------------------------------------------


def _thdx_build(w: Workload) -> dict[str, Any]:
    import thdx

    catalogue = thdx.Catalogue(
        thdx.Indicator(
            id=k,
            name_vi=f"Tỷ lệ {k}",
            name_en=f"Share {k}",
            pillar="overall",
            unit="percent",
            kind="share",
        )
        for k in w.indicators
    )
    data = thdx.MeasurementSet.from_columns(
        unit=w.unit_col,
        indicator=w.indicator_col,
        period=[PERIOD] * w.rows,
        value=w.value_col,
        catalogue=catalogue,
    )
    return {"data": data, "rule": thdx_rule(w), "codes": w.codes}


def thdx_rule(w: Workload) -> Any:
    """The workload as one thdx rule: an AllOf of 20 Compare."""
    import thdx

    return thdx.AllOf(
        thdx.Compare(k, c, t)
        for k, c, t in zip(w.indicators, w.comparators, w.thresholds, strict=True)
    )


def _thdx_run(p: dict[str, Any]) -> Statuses:
    from thdx.engine import evaluate_rule

    node = evaluate_rule(p["rule"], p["data"], p["codes"], as_of=AS_OF)
    return np.asarray(node.status, dtype=np.int8)


def _thdx_plan_build(w: Workload) -> dict[str, Any]:
    from thdx.engine import compile

    p = _thdx_build(w)
    p["plan"] = compile(p["rule"], p["data"], codes=p["codes"], as_of=AS_OF)
    return p


def _thdx_plan_run(p: dict[str, Any]) -> Statuses:
    return np.asarray(p["plan"].run().status, dtype=np.int8)


def _thdx_cold_build(w: Workload) -> dict[str, Any]:
    return {**_thdx_build(w), "workload": w}


def _thdx_cold_fresh(p: dict[str, Any]) -> None:
    # A new MeasurementSet: nothing the engine keeps per set (positions, gathers) is there.
    p["data"] = _thdx_build(p["workload"])["data"]


# -- plain Python -----------------------------------------------------------------------


def _python_build(w: Workload) -> dict[str, Any]:
    pos = {c: i for i, c in enumerate(w.codes)}
    rows: list[dict[str, float]] = [{} for _ in w.codes]
    for u, k, v in zip(w.unit_col, w.indicator_col, w.value_col.tolist(), strict=True):
        rows[pos[u]][k] = v
    rules = [
        (k, c == ">=", t) for k, c, t in zip(w.indicators, w.comparators, w.thresholds, strict=True)
    ]
    return {"rows": rows, "rules": rules}


def _python_run(p: dict[str, Any]) -> Statuses:
    rules = p["rules"]
    out = bytearray(len(p["rows"]))
    for i, row in enumerate(p["rows"]):
        status = MET
        for k, ge, t in rules:
            v = row.get(k)
            if v is None:
                status = UNKNOWN
            elif not (v >= t if ge else v <= t):
                status = NOT_MET
                break
        out[i] = status
    return np.frombuffer(bytes(out), dtype=np.int8).copy()


# -- sqlite3: the rules compiled to SQL (see _sql.py, docs/scale.md) ---------------------


def _sql_build(w: Workload) -> dict[str, Any]:
    import _sql

    from thdx import Period

    con = _sql.connect(w.unit_col, w.indicator_col, w.value_col, Period.parse(PERIOD), w.codes)
    sql, params = _sql.compile_rule(thdx_rule(w), as_of=_dt.date.fromisoformat(AS_OF))
    return {"con": con, "sql": sql, "params": params, "codes": w.codes}


def _sql_run(p: dict[str, Any]) -> Statuses:
    import _sql

    return _sql.run(p["con"], p["sql"], p["params"], p["codes"])


# -- openfisca-core ---------------------------------------------------------------------


def _openfisca_build(w: Workload) -> dict[str, Any]:
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    entity = build_entity(key="unit", plural="units", label="Administrative unit", is_person=True)
    tbs = TaxBenefitSystem([entity])
    names = []
    for j, (k, c, t) in enumerate(zip(w.indicators, w.comparators, w.thresholds, strict=True)):
        tbs.add_variable(
            type(
                k,
                (Variable,),
                {
                    "value_type": float,
                    "entity": entity,
                    "definition_period": DateUnit.YEAR,
                    "default_value": math.nan,
                    "label": k,
                },
            )
        )

        name = f"rule_{j:02d}"
        names.append(name)
        tbs.add_variable(
            type(
                name,
                (Variable,),
                {
                    "value_type": int,
                    "entity": entity,
                    "definition_period": DateUnit.YEAR,
                    "label": name,
                    "formula": _openfisca_formula(k, c == ">=", t),
                },
            )
        )

    def overall(unit: Any, period: Any) -> Any:
        return np.min(np.stack([unit(n, period) for n in names]), axis=0)

    tbs.add_variable(
        type(
            "overall",
            (Variable,),
            {
                "value_type": int,
                "entity": entity,
                "definition_period": DateUnit.YEAR,
                "label": "all rules",
                "formula": overall,
            },
        )
    )
    columns = _numpy_build(w)["values"]
    return {"tbs": tbs, "columns": columns, "indicators": w.indicators, "n": len(w.codes)}


def _openfisca_formula(k: str, ge: bool, t: float) -> Callable[[Any, Any], Any]:
    # openfisca reads a formula's parameter names: (entity, period) only.
    def formula(unit: Any, period: Any) -> Any:
        x = unit(k, period)
        ok = x >= t if ge else x <= t
        return np.where(np.isnan(x), UNKNOWN, np.where(ok, MET, NOT_MET))

    return formula


def _openfisca_fresh(p: dict[str, Any]) -> None:
    from openfisca_core.simulations import SimulationBuilder

    sim = SimulationBuilder().build_default_simulation(p["tbs"], count=p["n"])
    for j, k in enumerate(p["indicators"]):
        sim.set_input(k, PERIOD, p["columns"][j])
    p["sim"] = sim


def _openfisca_run(p: dict[str, Any]) -> Statuses:
    return np.asarray(p["sim"].calculate("overall", PERIOD), dtype=np.int8)


# -- zen-engine (GoRules) -----------------------------------------------------------------


def _contexts(w: Workload) -> list[dict[str, float | None]]:
    pos = {c: i for i, c in enumerate(w.codes)}
    out: list[dict[str, float | None]] = [dict.fromkeys(w.indicators) for _ in w.codes]
    for u, k, v in zip(w.unit_col, w.indicator_col, w.value_col.tolist(), strict=True):
        out[pos[u]][k] = v
    return out


def _zen_expr(k: str, c: str, t: float) -> str:
    return f"{k} == null ? {UNKNOWN} : ({k} {c} {t!r} ? {MET} : {NOT_MET})"


def _zen_graph_build(w: Workload) -> dict[str, Any]:
    import zen

    exprs = [
        {"id": f"e{j}", "key": f"s{j:02d}", "value": _zen_expr(k, c, t)}
        for j, (k, c, t) in enumerate(zip(w.indicators, w.comparators, w.thresholds, strict=True))
    ]
    refs = ", ".join(f"$.s{j:02d}" for j in range(len(exprs)))
    exprs.append({"id": "all", "key": "status", "value": f"min([{refs}])"})
    jdm = {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "Unit", "position": {"x": 0, "y": 0}},
            {
                "id": "rules",
                "type": "expressionNode",
                "name": "Rules",
                "position": {"x": 200, "y": 0},
                "content": {"expressions": exprs},
            },
            {"id": "out", "type": "outputNode", "name": "Status", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "a", "sourceId": "in", "targetId": "rules", "type": "edge"},
            {"id": "b", "sourceId": "rules", "targetId": "out", "type": "edge"},
        ],
    }
    decision = zen.ZenEngine().create_decision(json.dumps(jdm))
    return {"decision": decision, "contexts": _contexts(w)}


def _zen_graph_run(p: dict[str, Any]) -> Statuses:
    evaluate = p["decision"].evaluate
    return np.fromiter(
        (int(evaluate(ctx)["result"]["status"]) for ctx in p["contexts"]),
        np.int8,
        len(p["contexts"]),
    )


def _zen_expr_build(w: Workload) -> dict[str, Any]:
    import zen

    rules = [
        (k, zen.compile_expression(_zen_expr("v", c, t)))
        for k, c, t in zip(w.indicators, w.comparators, w.thresholds, strict=True)
    ]
    return {"rules": rules, "contexts": _contexts(w)}


def _zen_expr_run(p: dict[str, Any]) -> Statuses:
    rules = p["rules"]
    out = bytearray(len(p["contexts"]))
    for i, ctx in enumerate(p["contexts"]):
        status = MET
        for k, expr in rules:
            s = int(expr.evaluate({"v": ctx[k]}))
            if s == NOT_MET:
                status = NOT_MET
                break
            status = min(status, s)
        out[i] = status
    return np.frombuffer(bytes(out), dtype=np.int8).copy()


# -- rule-engine ----------------------------------------------------------------------------


def _rule_engine_build(w: Workload) -> dict[str, Any]:
    import rule_engine

    rules = [
        rule_engine.Rule(_zen_expr(k, c, t))  # the same grammar works in both
        for k, c, t in zip(w.indicators, w.comparators, w.thresholds, strict=True)
    ]
    return {"rules": rules, "contexts": _contexts(w)}


def _rule_engine_run(p: dict[str, Any]) -> Statuses:
    rules = p["rules"]
    out = bytearray(len(p["contexts"]))
    for i, ctx in enumerate(p["contexts"]):
        status = MET
        for r in rules:
            s = int(r.evaluate(ctx))
            if s == NOT_MET:
                status = NOT_MET
                break
            status = min(status, s)
        out[i] = status
    return np.frombuffer(bytes(out), dtype=np.int8).copy()


#: The implementations that call Python per unit: run at 10,000 units only.
SLOW = ("plain", "sqlite3", "zen-engine", "rule-engine")

THDX_WARM = "thdx evaluate_rule(AllOf of 20 Compare)"
THDX_PLAN = "thdx plan.run() (compiled once)"
THDX_COLD = "thdx evaluate_rule, first call on a new set"


def implementations(n_units: int = N_UNITS) -> list[Impl]:
    """Every implementation, the baseline (numpy) first; beyond 10,000 units, only
    the vectorised ones (the others grow linearly from their 10,000-unit figure)."""
    of, zv, rv = version("openfisca-core"), version("zen-engine"), version("rule-engine")
    big = n_units > N_UNITS
    out = [
        Impl("numpy (hand-written, baseline)", _numpy_build, _numpy_run, 30 if big else 50, 10),
        Impl(
            THDX_WARM,
            _thdx_build,
            _thdx_run,
            20,
            7,
            note="compile + run; latest period ≤ as_of per unit from long-format rows",
        ),
        Impl(
            THDX_PLAN,
            _thdx_plan_build,
            _thdx_plan_run,
            20,
            7,
            note="thdx.engine.compile(rule, data, codes=, as_of=) once; run() timed",
        ),
        Impl(
            THDX_COLD,
            _thdx_cold_build,
            _thdx_run,
            5,
            2,
            fresh=_thdx_cold_fresh,
            note="a new MeasurementSet before each run: no positions or gathers kept",
        ),
        Impl("plain Python loop", _python_build, _python_run, 5, 2),
        Impl(
            "sqlite3: the same rule compiled to SQL",
            _sql_build,
            _sql_run,
            3,
            1,
            note="benchmarks/_sql.py; window function for the latest period",
        ),
        Impl(
            f"openfisca-core {of or ''}".strip(),
            _openfisca_build,
            _openfisca_run,
            10,
            3,
            fresh=_openfisca_fresh,
            note="21 formula variables on one entity, vectorised",
        ),
        Impl(
            f"zen-engine {zv or ''} (decision graph per unit)".strip(),
            _zen_graph_build,
            _zen_graph_run,
            2,
            1,
            note="one expression node, 20 expressions + min; 10,000 evaluate() calls",
        ),
        Impl(
            f"zen-engine {zv or ''} (compiled expression per rule)".strip(),
            _zen_expr_build,
            _zen_expr_run,
            2,
            1,
            note="compile_expression ×20; one call per unit and rule",
        ),
        Impl(
            f"rule-engine {rv or ''} (Rule per rule)".strip(),
            _rule_engine_build,
            _rule_engine_run,
            2,
            1,
            note="rule_engine.Rule ×20; one call per unit and rule",
        ),
    ]
    if big:
        out = [i for i in out if not i.name.startswith(SLOW)]
    return out


def _failed(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        name = (exc.name or str(exc)).split(".")[0]
        return f"not installed ({name}); pip install it to include it"
    return f"failed: {type(exc).__name__}: {exc}"


def measure_all(
    impls: list[Impl], w: Workload, *, quick: bool, progress: Callable[[str], None]
) -> list[Result]:
    """Build each implementation once (timed), then time their runs in interleaved
    rounds — numpy, thdx, … numpy, thdx, … — so that load from elsewhere on the machine
    hits every implementation alike; each keeps its best time. A peer that cannot be
    imported or fails is reported, not fatal.
    """
    results = [Result(impl.name, note=impl.note) for impl in impls]
    prepared: list[Any] = [None] * len(impls)
    for k, (impl, res) in enumerate(zip(impls, results, strict=True)):
        try:
            build_repeat = 1 if impl.repeat < 10 or quick else 3
            res.build_seconds, prepared[k] = best_of(
                lambda impl=impl: impl.build(w), build_repeat, gc_off=False
            )
        except Exception as exc:  # a peer failing must not stop the benchmark
            res.skipped = _failed(exc)
    repeats = [impl.quick_repeat if quick else impl.repeat for impl in impls]
    for r in range(max(repeats)):
        for k, (impl, res) in enumerate(zip(impls, results, strict=True)):
            if res.skipped or r >= repeats[k]:
                continue
            p = prepared[k]
            before = (lambda impl=impl, p=p: impl.fresh(p)) if impl.fresh is not None else None
            try:
                t, res.statuses = best_of(lambda impl=impl, p=p: impl.run(p), 1, before=before)
            except Exception as exc:
                res.skipped, res.statuses = _failed(exc), None
                continue
            res.seconds = t if math.isnan(res.seconds) else min(res.seconds, t)
            res.repeat = r + 1
            if r + 1 == repeats[k]:
                progress(f"{res.name}: {fmt_time(res.seconds)} (best of {res.repeat})")
    return results
