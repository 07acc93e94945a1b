"""The engine's entry points: :func:`evaluate`, :func:`evaluate_rule` and :func:`compile`.

Every rule is evaluated over a batch of units at once, on plain magnitudes already in
canonical units: the statuses of a batch are a small-integer array (NOT_MET 0,
UNKNOWN 1, MET 2, NOT_APPLICABLE 3) and Kleene's three-valued logic is ``min`` and
``max`` over it. No pint Quantity is built here. A rulebook (or a rule), the data and
the units compile once into a plan (:mod:`thdx.engine._plan`) that numpy runs.

>>> import thdx
>>> rb = thdx.resolution_06()
>>> m = thdx.Measurement(unit="38", indicator="satisfaction_share", value="92.5 %",
...                      period="2025", source="SIPAS 2025")
>>> report = thdx.evaluate(rb, thdx.MeasurementSet([m]), as_of="2025-12-31")
>>> v = report.verdict("2025.gov.satisfaction")
>>> v.status, v.final
(<Status.MET: 'met'>, True)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Literal, cast, overload

from thdx import _hooks
from thdx.engine._compile import Compiler
from thdx.engine._data import columns
from thdx.engine._hierarchy import valid_from
from thdx.engine._plan import Plan, RulePlan
from thdx.engine._steps import Scope, TargetPlan
from thdx.model._errors import (
    EvaluationError,
    EvaluationTypeError,
    UnknownUnitError,
    close_matches,
    did_you_mean,
)
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._periods import Period, as_period
from thdx.rules._rulebook import Rulebook
from thdx.rules._vocabulary import Rule
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._node import Node
from thdx.verdicts._verdict import Report

__all__ = ["EvaluationError", "EvaluationTypeError", "compile", "evaluate", "evaluate_rule"]


def _day(value: _dt.date | str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    p = as_period(value, where="as_of")
    return p.end


def evaluate(
    rulebook: Rulebook,
    data: MeasurementSet,
    *,
    units: Hierarchy | None = None,
    as_of: _dt.date | str | None = None,
    breakdown: Level | str | Sequence[Level | str] = (),
    count_era: Literal["set", "current"] = "set",
    plan: Rulebook | None = None,
    backend: Literal["numpy", "duckdb"] = "numpy",
) -> Report:
    """Judge every target of ``rulebook`` on ``data`` as of a date.

    The same as ``compile(rulebook, data, ...).run()``.

    Args:
        rulebook: the targets (``thdx.resolution_06()`` or a loaded file).
        data: measurements, recognitions and reported counts.
        units: the administrative units (needed for counts and shares of units and
            for breakdowns; default: the unit list the rulebook names, ``Rulebook.units``
            — the official units of Thanh Hóa for :func:`thdx.resolution_06` — else
            none). To judge a rulebook without any, evolve it:
            ``attrs.evolve(rulebook, units=None)``.
        as_of: the evaluation date (default: today). Data for periods ending after
            it is never used. A period such as "2025" means its last day.
        breakdown: levels for which value and growth targets of the province are
            also judged unit by unit (who lags).
        count_era: how a goal stated as a *number* of units is judged when every unit
            of its level that existed when the rulebook was issued ceased before the
            deadline (the 2025 reform): ``"set"`` (the default) judges it over the
            units of that era on the era's last day; ``"current"`` over the units
            of the evaluation day (recognitions carried over only with
            ``carry_over``). Either way the verdict says so.
        plan: a plan whose yearly quotas the progress of unit goals is measured
            against (``thdx.plan_qd969()`` for Resolution 06); it never changes a
            verdict (see :meth:`thdx.Report.progress`).
        backend: ``"numpy"`` (in process, the default) or ``"duckdb"``: the plan
            compiled to SQL and run on an embedded DuckDB (:func:`thdx.sql.evaluate`,
            the extra ``thdx[sql]``); the same Report.

    Returns:
        A :class:`~thdx.Report`.

    Raises:
        TypeError: ``data`` is not a MeasurementSet, ``units`` not a Hierarchy, or
            ``plan`` not a Rulebook.
        ValueError: a breakdown level or ``count_era`` that does not exist.
    """
    if backend != "numpy":
        report = _other_backend(backend, rulebook, data, units, as_of, breakdown, count_era)
        report.plan = plan
        return report
    given: object = plan
    if given is not None and not isinstance(given, Rulebook):
        kind = type(given).__name__
        msg = f"plan must be a thdx.Rulebook (such as thdx.plan_qd969()), got {kind}"
        raise EvaluationTypeError(msg)
    report = compile(
        rulebook, data, units=units, as_of=as_of, breakdown=breakdown, count_era=count_era
    ).run()
    report.plan = plan
    return report


def _other_backend(backend: str, *args: object) -> Report:
    from thdx import _hooks

    if backend != "duckdb" or _hooks.sql_evaluate is None:
        msg = f"backend must be 'numpy' or 'duckdb', got {backend!r}"
        raise EvaluationError(msg)
    rulebook, data, units, as_of, breakdown, count_era = args
    got = _hooks.sql_evaluate(
        rulebook, data, units=units, as_of=as_of, breakdown=breakdown, count_era=count_era
    )
    assert isinstance(got, Report)
    return got


def evaluate_rule(
    rule: Rule,
    data: MeasurementSet,
    codes: Sequence[str],
    *,
    units: Hierarchy | None = None,
    as_of: _dt.date | str,
    deadline: Period | str | None = None,
) -> Node:
    """Evaluate one rule over a batch of unit codes (the engine's batch entry point).

    The same as ``compile(rule, data, codes=codes, ...).run()``. Returns the internal
    result arrays (``status``, ``value``, ``final``); statuses are the integers of
    :attr:`thdx.Status.code`.
    """
    return compile(rule, data, codes=codes, units=units, as_of=as_of, deadline=deadline).run()


@overload
def compile(
    what: Rulebook,
    data: MeasurementSet,
    *,
    units: Hierarchy | None = ...,
    as_of: _dt.date | str | None = ...,
    breakdown: Level | str | Sequence[Level | str] = ...,
    count_era: Literal["set", "current"] = ...,
) -> Plan: ...


@overload
def compile(
    what: Rule,
    data: MeasurementSet,
    *,
    codes: Sequence[str],
    units: Hierarchy | None = ...,
    as_of: _dt.date | str,
    deadline: Period | str | None = ...,
) -> RulePlan: ...


def compile(
    what: Rulebook | Rule,
    data: MeasurementSet,
    *,
    codes: Sequence[str] | None = None,
    units: Hierarchy | None = None,
    as_of: _dt.date | str | None = None,
    deadline: Period | str | None = None,
    breakdown: Level | str | Sequence[Level | str] = (),
    count_era: Literal["set", "current"] = "set",
) -> Plan | RulePlan:
    """Compile a rulebook, or one rule over a batch of units, into a plan.

    Compiling resolves once what a run needs: the positions of the units among the
    data's, the sub-units each count counts and the era it is judged in, and per
    (indicator, day) the row of every unit to judge on, as dense arrays. Run the plan
    with ``plan.run()``, as often as needed.

    >>> import thdx
    >>> from thdx.engine import compile
    >>> m = thdx.Measurement(unit="38", indicator="satisfaction_share", value="92.5 %",
    ...                      period="2025")
    >>> plan = compile(thdx.resolution_06(), thdx.MeasurementSet([m]), as_of="2025-12-31")
    >>> plan.run().verdict("2025.gov.satisfaction").status
    <Status.MET: 'met'>
    >>> rule = thdx.Compare("satisfaction_share", ">=", 90)
    >>> compile(rule, thdx.MeasurementSet([m]), codes=["38"], as_of="2025").run().status
    array([2], dtype=int8)

    Args:
        what: a :class:`~thdx.Rulebook`, or a rule (then ``codes`` names the units).
        data: measurements, recognitions and reported counts.
        codes: for a rule, the unit codes to judge it for.
        units: the administrative units (see :func:`thdx.evaluate`; for a rulebook,
            the default is the unit list it names).
        as_of: the evaluation date (default, for a rulebook: today).
        deadline: for a rule, the period by whose end it must hold (default: none,
            the latest data up to ``as_of``).
        breakdown: for a rulebook, see :func:`thdx.evaluate`.
        count_era: for a rulebook, see :func:`thdx.evaluate`.

    Returns:
        A :class:`~thdx.engine.Plan` for a rulebook (``run()`` gives a Report), a
        :class:`~thdx.engine.RulePlan` for a rule (``run()`` gives the result arrays).
    """
    if codes is not None:
        if as_of is None:
            msg = "compile(rule, ...) needs as_of="
            raise EvaluationTypeError(msg)
        return _compile_rule(what, data, codes, units, as_of, deadline)  # type: ignore[arg-type]
    book = cast(Rulebook, what)  # compile_targets refuses anything else
    cx, used, day, targets = compile_targets(book, data, units, as_of, breakdown, count_era)
    return Plan(book, data, used, day, targets, *cx.resolve())


def _compile_rule(
    rule: Rule,
    data: MeasurementSet,
    codes: Sequence[str],
    units: Hierarchy | None,
    as_of: _dt.date | str,
    deadline: Period | str | None,
) -> RulePlan:
    day = _day(as_of)
    dl = as_period(deadline) if deadline is not None else None
    scope = Scope(day, dl, min(day, dl.end) if dl is not None else day)
    cx = Compiler(data, units)
    batch = cx.batch(codes, valid_from(units, codes, scope.day))
    root = cx.step(rule, scope, batch)
    return RulePlan(rule, data, units, root, *cx.resolve())


def compile_targets(
    rulebook: Rulebook,
    data: MeasurementSet,
    units: Hierarchy | None,
    as_of: _dt.date | str | None,
    breakdown: Level | str | Sequence[Level | str],
    count_era: str,
) -> tuple[Compiler, Hierarchy | None, _dt.date, tuple[TargetPlan, ...]]:
    """Check the arguments of an evaluation and compile every target of ``rulebook``:
    the compiler (its gathers), the units used (``units`` or the rulebook's default),
    the day and the targets' plans. The numpy plan and the SQL backend both start here.
    """
    given: tuple[object, object] = (data, units)  # checked at run time too
    book: object = rulebook
    if not all(hasattr(book, a) for a in ("targets", "jurisdiction", "catalogue")):
        msg = (
            "rulebook must be a thdx.Rulebook (thdx.resolution_06(), thdx.load_rulebook(...)), "
            f"got {type(book).__name__}"
        )
        raise EvaluationTypeError(msg)
    if not isinstance(given[0], MeasurementSet):
        msg = (
            f"data must be a thdx.MeasurementSet, got {type(given[0]).__name__} "
            "(wrap measurements in thdx.MeasurementSet([...]))"
        )
        raise EvaluationTypeError(msg)
    if given[1] is not None and not isinstance(given[1], Hierarchy):
        msg = f"units must be a thdx.Hierarchy, got {type(given[1]).__name__}"
        raise EvaluationTypeError(msg)
    if count_era not in ("set", "current"):
        msg = f"count_era must be 'set' or 'current', got {count_era!r}"
        raise EvaluationError(msg)
    day = _day(as_of) if as_of is not None else _dt.date.today()
    given_units = units
    units = default_units(rulebook, units)
    if units is not None:
        _check_units(rulebook, data, units, day, default=given_units is None)
    if isinstance(breakdown, Level | str):
        levels: list[object] = [breakdown]
    elif isinstance(breakdown, list | tuple):
        levels = list(breakdown)
    else:
        msg = f"breakdown must be a level, its name or a list of them, got {breakdown!r}"
        raise EvaluationTypeError(msg)
    bd_levels = [_breakdown_level(lv) for lv in levels]
    cx = Compiler(data, units)
    targets = tuple(
        cx.target(
            t,
            rulebook.jurisdiction,
            day,
            issued=rulebook.issued,
            count_era=count_era,
            breakdown=bd_levels,
        )
        for t in rulebook.targets
    )
    return cx, units, day, targets


def default_units(rulebook: Rulebook, units: Hierarchy | None) -> Hierarchy | None:
    """``units``, or when None the shipped unit list the rulebook names as its default
    (``Rulebook.units``: ``"thanh_hoa"`` for Resolution 06), or None.

    >>> import thdx
    >>> len(default_units(thdx.resolution_06(), None)) == len(thdx.thanh_hoa_units())
    True
    """
    name = getattr(rulebook, "units", None)
    if units is not None or not isinstance(name, str):
        return units
    get = _hooks.shipped_units
    if get is None:  # pragma: no cover - thdx/__init__ always sets it
        msg = "the shipped unit lists are not available (import thdx first)"
        raise EvaluationError(msg)
    got = get(name)
    if not isinstance(got, Hierarchy):  # pragma: no cover - the hook returns one
        msg = f"the shipped unit list {name!r} is not a thdx.Hierarchy"
        raise EvaluationTypeError(msg)
    return got


def _breakdown_level(value: object) -> Level:
    if isinstance(value, Level):
        return value
    if not isinstance(value, str):
        msg = f"breakdown level must be a thdx.Level or its name, got {value!r}"
        raise EvaluationTypeError(msg)
    try:
        return Level(value)
    except ValueError:
        known = ", ".join(repr(lv.value) for lv in Level)
        near = did_you_mean(close_matches(value, [lv.value for lv in Level]))
        msg = f"breakdown level {value!r} does not exist (expected one of {known}){near}"
        raise EvaluationError(msg) from None


def _check_units(
    rulebook: Rulebook,
    data: MeasurementSet,
    units: Hierarchy,
    day: _dt.date,
    *,
    default: bool = False,
) -> None:
    """Refuse data about units that ``units`` does not know: it would be ignored.
    ``default``: ``units`` is the rulebook's default (named so in the message).

    Recognitions dated after ``day`` are not checked: they are not used anyway.
    """
    if rulebook.jurisdiction not in units:
        detail = (
            f"the jurisdiction of rulebook {rulebook.number} is not among units=; "
            "pass that province's units (thdx.read_units)"
        )
        raise UnknownUnitError(rulebook.jurisdiction, detail=detail)
    cols = columns(data)
    problems: list[tuple[str, str]] = []  # (code, why)
    unknown = sorted(
        {c for c in (*cols.unit_codes, *cols.recognitions) if c not in units}
        | {rc.unit for rc in data.reported_counts if rc.unit not in units}
        | {c for t in rulebook.targets for c in t.units if c not in units}
    )
    problems.extend((c, "no such unit") for c in unknown)
    for r in data.recognitions:
        if (
            r.on <= day
            and r.unit in units
            and not any(v.exists_on(r.on) for v in units.versions(r.unit))
        ):
            problems.append((r.unit, f"recognised on {r.on}, when no unit had this code"))
    if problems:
        listed = [f"{code!r} ({why})" for code, why in problems[:_MAX_LISTED]]
        more = len(problems) - _MAX_LISTED
        shown = ", ".join(listed) + (f" and {more} more" if more > 0 else "")
        held = (
            f"the rulebook's default units ({getattr(rulebook, 'units', None)!r}; pass "
            "units= for others) do"
            if default
            else "units= does"
        )
        msg = f"the data names units that {held} not hold: {shown}"
        raise UnknownUnitError(problems[0][0], message=msg)


#: How many unknown units an error lists before "and N more".
_MAX_LISTED = 10
