"""Tests of thdx.errors: the error hierarchy and how each error formats its message."""

from __future__ import annotations

import pytest

import thdx
from thdx.errors import (
    DataFileError,
    DuplicateMeasurementError,
    HierarchyError,
    MeasurementError,
    PeriodError,
    Problem,
    ProblemsError,
    QuantityError,
    RulebookError,
    ThdxError,
    UnknownIndicatorError,
    UnknownTargetError,
    UnknownUnitError,
)

VALUE_ERRORS = [
    PeriodError,
    QuantityError,
    MeasurementError,
    HierarchyError,
    DuplicateMeasurementError,
]
KEY_ERRORS = [UnknownIndicatorError, UnknownTargetError, UnknownUnitError]


@pytest.mark.parametrize("cls", VALUE_ERRORS)
def test_value_errors_are_thdx_errors_and_value_errors(cls: type[Exception]) -> None:
    """Each bad-value error is both a ThdxError and a ValueError."""
    assert (True, True, False) == (
        issubclass(cls, ThdxError),
        issubclass(cls, ValueError),
        issubclass(cls, KeyError),
    )


@pytest.mark.parametrize("cls", KEY_ERRORS)
def test_unknown_name_errors_are_thdx_errors_and_key_errors(cls: type[Exception]) -> None:
    """Each unknown-name error is both a ThdxError and a KeyError."""
    assert (True, True) == (issubclass(cls, ThdxError), issubclass(cls, KeyError))


@pytest.mark.parametrize("cls", [RulebookError, DataFileError])
def test_problems_errors_are_value_errors(cls: type[Exception]) -> None:
    """Rulebook and data-file errors are ProblemsErrors, hence ThdxErrors and ValueErrors."""
    assert (True, True, True) == (
        issubclass(cls, ProblemsError),
        issubclass(cls, ThdxError),
        issubclass(cls, ValueError),
    )


def test_every_error_is_exported_from_the_package() -> None:
    """thdx exposes every error class at the top level."""
    names = {c.__name__ for c in [*VALUE_ERRORS, *KEY_ERRORS, RulebookError, DataFileError]}
    assert set() == {n for n in names | {"ThdxError", "Problem"} if not hasattr(thdx, n)}


def test_unknown_indicator_message_without_where() -> None:
    """An unknown indicator's message names it; str() is the message, not a repr."""
    err = UnknownIndicatorError("no_such")
    assert ("unknown indicator 'no_such'", "no_such", None) == (str(err), err.indicator, err.where)


def test_unknown_indicator_message_with_where() -> None:
    """The place comes first."""
    assert "data.csv:4:indicator: unknown indicator 'x'" == str(
        UnknownIndicatorError("x", where="data.csv:4:indicator")
    )


def test_unknown_target_message_with_where_and_detail() -> None:
    """An unknown target names the id, its place and the detail."""
    err = UnknownTargetError("2099.x", where="rulebook 06-NQ/TU", detail="no such goal")
    assert ("rulebook 06-NQ/TU: unknown target '2099.x' (no such goal)", "2099.x") == (
        str(err),
        err.target,
    )


def test_unknown_target_message_plain() -> None:
    """Without where and detail, just the id."""
    assert "unknown target 't'" == str(UnknownTargetError("t"))


def test_unknown_unit_message_with_detail() -> None:
    """An unknown unit names the code and the detail."""
    err = UnknownUnitError("380", detail="no unit had this code on 2025-07-01")
    assert ("unknown administrative unit '380' (no unit had this code on 2025-07-01)", "380") == (
        str(err),
        err.code,
    )


def test_unknown_unit_message_replaced_by_message() -> None:
    """``message`` replaces the default text; ``where`` still comes first."""
    err = UnknownUnitError("hoa", where="lookup", message="the name 'hoa' is ambiguous")
    assert ("lookup: the name 'hoa' is ambiguous", "hoa") == (str(err), err.code)


def test_key_error_mixin_without_args_is_empty() -> None:
    """A bare key-error subclass prints as an empty string, not as '()'."""
    err = UnknownUnitError.__new__(UnknownUnitError)
    assert "" == str(err)


def test_problem_str_with_and_without_place() -> None:
    """A problem prints as 'where: message', or the message alone without a place."""
    assert ("a.csv:2:value: bad", "bad") == (
        str(Problem("a.csv:2:value", "bad")),
        str(Problem("", "bad")),
    )


def test_problems_error_lists_every_problem_with_a_count() -> None:
    """The message heads with the source and the count, then one indented line per problem."""
    err = DataFileError("a.csv", [Problem("a.csv:2", "x"), Problem("a.csv:3:unit", "y")])
    assert ("a.csv: 2 problems\n  a.csv:2: x\n  a.csv:3:unit: y", "a.csv", 2) == (
        str(err),
        err.source,
        len(err.problems),
    )


def test_problems_error_singular() -> None:
    """One problem is 'problem', not 'problems'."""
    assert "r.toml: 1 problem\n  targets[0].id: missing" == str(
        RulebookError("r.toml", [Problem("targets[0].id", "missing")])
    )


def test_problems_error_keeps_problems_as_a_tuple() -> None:
    """The problems are kept, in order, as an immutable tuple."""
    problems = [Problem("b", "2"), Problem("a", "1")]
    assert (Problem("b", "2"), Problem("a", "1")) == ProblemsError("s", problems).problems


def test_key_errors_can_be_caught_as_key_error() -> None:
    """Code that knows nothing of thdx can catch an unknown unit as a KeyError."""
    with pytest.raises(KeyError) as info:
        thdx.thanh_hoa_units().get("99999")
    assert "unknown administrative unit '99999'" == str(info.value)


def test_bad_input_doc_names_existing_tests() -> None:
    """Every test docs/bad-input.md names exists, and every file/row/value entry names one."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "bad-input.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", doc)
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not (root / path).is_file()
        or f"def {name}(" not in (root / path).read_text(encoding="utf-8")
    ]
    tested = doc[: doc.index("## Rulebook level")]
    entries = re.split(r"\n### ", tested)[1:]
    untested = [e.split("\n", 1)[0] for e in entries if "`tests/" not in e]
    assert ([], [], True) == (missing, untested, len(named) > 40)
