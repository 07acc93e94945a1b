"""Tests of thdx.model._errors: the error hierarchy and how each error formats its message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thdx
from thdx.model import (
    ArgumentTypeError,
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
    ThdxWarning,
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


# -- pickling: errors travel between processes ------------------------------------------


def _all_error_classes() -> list[type[ThdxError]]:
    """Every ThdxError subclass thdx defines, in any module (imported first)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(thdx.__path__):
        if info.name not in ("strategies", "pytest_plugin", "__main__"):
            importlib.import_module(f"thdx.{info.name}")
    found: list[type[ThdxError]] = []
    todo: list[type[ThdxError]] = [ThdxError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(
        {c for c in found if c.__module__.startswith("thdx")}, key=lambda c: c.__qualname__
    )


#: How to build an error whose class takes more than a message.
EXAMPLES: dict[str, Any] = {
    "UnknownIndicatorError": lambda: UnknownIndicatorError("x", where="d.csv:4:indicator"),
    "UnknownUnitError": lambda: UnknownUnitError("380", where="w", detail="no unit on 2025-07-01"),
    "UnknownTargetError": lambda: UnknownTargetError("2099.x", where="rb", detail="none"),
    "ProblemsError": lambda: ProblemsError("s", [Problem("a", "b", kind="k")]),
    "RulebookError": lambda: RulebookError("r.toml", [Problem("targets[0].id", "missing")]),
    "DataFileError": lambda: DataFileError(
        "d.csv", [Problem(f"d.csv:{i}", "x") for i in range(25)]
    ),
    "ReportJSONError": lambda: thdx.ReportJSONError(
        "<report JSON>", [Problem("verdicts[0].status", "expected a status")]
    ),
}


def _example(cls: type[ThdxError]) -> ThdxError:
    make = EXAMPLES.get(cls.__name__)
    if make is None and issubclass(cls, ProblemsError):  # any other file's errors
        return cls("f.toml", [Problem("case[0].name", "missing")])
    return make() if make else cls(f"a {cls.__name__} message: 'x'")


def _state(err: BaseException) -> tuple[object, ...]:
    return (type(err), str(err), err.args, vars(err), getattr(err, "__notes__", None))


ERROR_CLASSES = _all_error_classes()


def test_every_error_class_is_found() -> None:
    """The pickling test covers the errors of errors.py and of the other modules."""
    names = {c.__name__ for c in ERROR_CLASSES}
    assert {"ThdxError", "UnknownIndicatorError", "RulebookError", "RuleError"} <= names


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_errors_survive_pickling(cls: type[ThdxError]) -> None:
    """pickle.loads(pickle.dumps(e)) is an error of the same class with the same message,
    args and attributes (UnknownIndicatorError came back with its message doubled, and
    unpickling a RulebookError raised TypeError)."""
    import pickle

    err = _example(cls)
    err.add_note("a note added on the way")
    assert _state(err) == _state(pickle.loads(pickle.dumps(err)))


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_errors_survive_copying(cls: type[ThdxError]) -> None:
    """copy.copy and copy.deepcopy (which use the same protocol) keep them whole too."""
    import copy

    err = _example(cls)
    assert (_state(err), _state(err)) == (_state(copy.copy(err)), _state(copy.deepcopy(err)))


@given(
    st.text(max_size=30),
    st.none() | st.text(max_size=30),
    st.text(max_size=30),
    st.lists(st.tuples(st.text(max_size=10), st.text(max_size=10)), max_size=30),
)
def test_pickling_keeps_any_message(
    name: str, where: str | None, detail: str, problems: list[tuple[str, str]]
) -> None:
    """For any texts, the errors that build their message come back unchanged."""
    import pickle

    errors: list[ThdxError] = [
        UnknownIndicatorError(name, where=where),
        UnknownUnitError(name, where=where, detail=detail),
        UnknownUnitError(name, message=detail),
        UnknownTargetError(name, where=where, detail=detail),
        DataFileError(name, [Problem(w, m) for w, m in problems]),
        RulebookError(name, [Problem(w, m) for w, m in problems]),
    ]
    assert [_state(e) for e in errors] == [_state(pickle.loads(pickle.dumps(e))) for e in errors]


def test_errors_cross_processes() -> None:
    """An error raised in a worker process arrives whole (multiprocessing pickles it)."""
    import concurrent.futures
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
        future = pool.submit(thdx.thanh_hoa_units().get, "99999")
        with pytest.raises(UnknownUnitError) as info:
            future.result()
    assert ("unknown administrative unit '99999'", "99999") == (str(info.value), info.value.code)


# -- long reports: the first problems in full, the rest counted by kind ------------------


def test_a_long_report_lists_twenty_and_counts_the_rest_by_kind() -> None:
    """Past 20 problems, the message counts the others by kind, the commonest first; the
    kind is the column and the message without its values, or the kind given."""
    problems = [
        Problem(f"d.csv:{i}:unit", f"'{i}x' is not an official unit code") for i in range(22)
    ]
    problems += [Problem("", f"d.csv:{i}:value: '{i}' is negative") for i in range(30, 33)]
    problems += [Problem("d.csv:40", "odd", kind="a kind of its own")]
    err = DataFileError("d.csv", problems)
    lines = str(err).splitlines()
    assert (
        "d.csv: 26 problems",
        "  d.csv:19:unit: '19x' is not an official unit code",
        [
            "  … and 6 more, by kind:",
            "    3 × value: … is negative",
            "    2 × unit: … is not an official unit code",
            "    1 × a kind of its own",
        ],
        26,
    ) == (lines[0], lines[20], lines[21:], len(err.problems))


def test_twenty_problems_are_all_listed() -> None:
    """Up to 20 problems, the message lists every one (no count line)."""
    err = DataFileError("d.csv", [Problem(f"d.csv:{i}", "x") for i in range(20)])
    assert (21, "  d.csv:19: x") == (len(str(err).splitlines()), str(err).splitlines()[-1])


def test_a_problem_kind_does_not_change_equality() -> None:
    """Problems compare by place and message; the kind only groups the counts."""
    assert Problem("a", "b") == Problem("a", "b", kind="k")


# -- the other classes -------------------------------------------------------------------


def test_thdx_warning_is_a_user_warning() -> None:
    """ThdxWarning is a UserWarning (shown by default, filtered by class)."""
    assert (True, False) == (
        issubclass(ThdxWarning, UserWarning),
        issubclass(ThdxWarning, ThdxError),
    )


def test_argument_type_error_is_a_type_error() -> None:
    """ArgumentTypeError is both a ThdxError and a TypeError (not a ValueError)."""
    assert (True, True, False) == (
        issubclass(ArgumentTypeError, ThdxError),
        issubclass(ArgumentTypeError, TypeError),
        issubclass(ArgumentTypeError, ValueError),
    )


def test_every_error_and_warning_is_exported_in_a_sorted_all() -> None:
    """Every class of errors.py, RuleError and ThdxWarning are thdx's own names, listed in
    a sorted ``__all__``."""
    import thdx.model._errors

    wanted = {*thdx.model._errors.__all__, "RuleError", "LanguageError", "ProblemsError"}
    exported = set(thdx.__all__)
    assert (set(), [n for n in thdx.__all__ if n != "Q_"]) == (
        wanted - exported,
        sorted(n for n in thdx.__all__ if n != "Q_"),
    )
    assert thdx.RuleError is __import__("thdx.model").model.RuleError


# -- one wording per kind of bad value (thdx.model._coerce, thdx.model._levels) -----------

NOT_A_DAY = "is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')"


@pytest.mark.parametrize(
    "value", ["2025", "2025-Q3", "2025-06", "2025-W27-2", "2025-02-30", "٢٠٢٥-٠٦-٣٠", 2025, None]
)
def test_as_day_has_one_wording_in_the_caller_s_class(value: object) -> None:
    """A bad day is refused in the same words whatever the layer's error class; an ISO
    week date ('2025-W27-2', which date.fromisoformat reads) is not a day either."""
    from thdx.model._coerce import as_day

    words = set()
    for error in (PeriodError, HierarchyError, MeasurementError, thdx.RuleError):
        with pytest.raises(error) as info:
            as_day(value, error=error, what="on")
        words.add(str(info.value))
    assert {f"on: {value!r} {NOT_A_DAY}"} == words


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-30", "2025-06-30"),
        (dt.date(2025, 1, 1), "2025-01-01"),
        (dt.datetime(2025, 6, 30, 23, 59), "2025-06-30"),
    ],
)
def test_as_day_reads_a_day(value: object, expected: str) -> None:
    """ISO text, a date, or a datetime (its date) is a day."""
    from thdx.model._coerce import as_day

    assert expected == as_day(value).isoformat()


def test_a_huge_integer_is_shown_not_raised() -> None:
    """An int too long for repr() (more than 4300 digits) is described, so that the
    coercions raise their own error for it rather than a bare ValueError."""
    from thdx.model._coerce import as_day, as_enum, code_problem, shown

    huge = 10**5000
    described = "<an integer of about 5001 digits>"
    with pytest.raises(HierarchyError) as day:
        as_day(huge, error=HierarchyError)
    with pytest.raises(MeasurementError) as pillar:
        as_enum(thdx.Pillar, huge, error=MeasurementError, what="pillar")
    assert (described, True, True, True) == (
        shown(huge),
        str(day.value).startswith(described),
        str(pillar.value).startswith(described),
        str(code_problem(huge)).startswith(described),
    )


def test_as_enum_shows_the_value_as_given() -> None:
    """A folded text is looked up, the text as given is shown."""
    from thdx.model._coerce import as_enum

    with pytest.raises(thdx.RuleError) as info:
        as_enum(thdx.Pillar, " Culture ", error=thdx.RuleError, what="pillar", fold=str.strip)
    assert str(info.value).startswith("' Culture ' is not a pillar (expected one of ")


def test_code_problem_has_one_wording() -> None:
    """A unit code is 1 to 10 ASCII digits; a number gets a hint to read it as text."""
    from thdx.model._coerce import code_problem

    expected = "is not an official unit code (1 to 10 ASCII digits, such as '38')"
    hint = " (a number, not a string: read the column as text, e.g. dtype=str)"
    assert [None, None, f"'٣٨' {expected}", f"'' {expected}", f"38 {expected}{hint}"] == [
        code_problem("38"),
        code_problem("1234567890"),
        code_problem("٣٨"),
        code_problem(""),
        code_problem(38),
    ]


@pytest.mark.parametrize("value", ["ward", "", 2, None, "province "])
def test_as_level_among_some_levels(value: object) -> None:
    """Levels outside ``among`` are refused, and the message lists ``among``."""
    from thdx.model._levels import Level, as_level

    with pytest.raises(MeasurementError) as info:
        as_level(value, error=MeasurementError, among=(Level.DISTRICT, Level.COMMUNE))
    assert f"{value!r} is not a level (expected 'district' or 'commune')" == str(info.value)
