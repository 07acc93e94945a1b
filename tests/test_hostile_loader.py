"""Hostile and careless rulebooks and criteria sets (issue 9): one case per problem.

Each case asserts the exact problems of the one RulebookError the loader raises. The
cases that once hung or escaped (deep nesting, long dotted keys, huge integers, lone
surrogates) also assert the cheap path: the document is refused before tomllib sees it,
or by a linear walk of what json built. A hard alarm per test turns a hang into a
failure. The command line turns each into exit status 1 and never reaches its
last-resort handler (exit status 2), which is checked on its own.
"""

from __future__ import annotations

import io
import json
import re
import signal
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

import thdx
import thdx.cli as cli
import thdx.rulebooks._documents as documents
from thdx.model import RulebookError
from thdx.rulebooks import (
    MAX_NESTING,
    criteria_qd1829,
    dump_criteria,
    dump_rulebook,
    load_criteria,
    load_rulebook,
    loads_criteria,
    loads_rulebook,
    resolution_06,
)
from thdx.rulebooks._criteria import criteria_from_dict
from thdx.rulebooks._dump import rulebook_to_dict
from thdx.rulebooks._loader import rulebook_from_dict

HEAD = """schema_version = 1

[rulebook]
id = "t"
number = "1-NQ"
title = "Nghị quyết thử"
jurisdiction = "38"
"""
VALUE = """
[[targets]]
id = "v"
clause = "Có 90% người dân"
deadline = "2025"
scope = "province"
measure = "value"
indicator = "satisfaction_share"
comparator = ">="
threshold = "90 %"
"""
RANK = """
[[targets]]
id = "r"
clause = "trong nhóm 10 tỉnh"
deadline = "2025"
scope = "province"
measure = "value"
indicator = "dx_index_rank"
comparator = "<="
threshold = "10"
"""
COUNT = """
[[targets]]
id = "c"
clause = "300 xã"
deadline = "2025"
scope = "commune"
measure = "count"
of = "completed"
comparator = ">="
threshold = 300
"""
SHARE = COUNT.replace('measure = "count"', 'measure = "share"').replace(
    "threshold = 300", 'threshold = "80 %"'
)
COMPLETED = """
[[targets]]
id = "d"
clause = "huyện hoàn thành"
deadline = "2025"
scope = "district"
measure = "completed"
units = ["380"]
"""
INDICATOR = """
[[indicators]]
id = "x_share"
name_vi = "Tỷ lệ X"
name_en = "X"
pillar = "society"
unit = "percent"
kind = "share"
"""
CRITERIA = dump_criteria(criteria_qd1829())
CRITERIA_HEAD = CRITERIA.split("\n[[")[0] + "\n"
CATALOGUE = thdx.default_catalogue()  # built now: some tests make tomllib unusable
POWER = "a unit's power must be a whole number from -4 to 4, such as 'VND ** 2'"
NOT_REGULAR = "not a regular file (a device, a pipe or a directory never ends)"
NOT_A_DAY = "is not a day (expected 'YYYY-MM-DD', such as '2025-12-31')"
CODE = "is not an official unit code (1 to 10 ASCII digits, such as '38')"
LIMIT_DIGITS = (
    "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; "
    "use sys.set_int_max_str_digits() to increase the limit"
)
DEEP = f"arrays and tables nested deeper than {MAX_NESTING} levels (line 8)"


class Hang(Exception):
    """Raised by the alarm: a case ran for longer than the limit."""


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """Fail, rather than stall, a case that runs for more than 5 seconds."""

    def ring(signum: int, frame: object) -> NoReturn:
        raise Hang("still running after 5 s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` (which must be there) replaced by ``new``."""
    assert old in text
    return text.replace(old, new)


def problems(text: object, *, criteria: bool = False) -> list[str]:
    """The problems of the RulebookError the TOML loader raises for ``text``."""
    load = loads_criteria if criteria else loads_rulebook
    with pytest.raises(RulebookError) as info:
        load(text, base=CATALOGUE)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


# -- hangs and escaping exceptions --------------------------------------------------------

NESTED_ARRAYS = HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n" + VALUE
NESTED_TABLES = HEAD + "x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n" + VALUE
DOTTED_KEY = HEAD + "a" + ".a" * 40_000 + " = 1\n" + VALUE
DOTTED_HEADER = HEAD + VALUE + "[" + ".".join(["t"] * 40) + "]\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(NESTED_ARRAYS, [f"not readable TOML: {DEEP}"], id="10 KB of nested arrays"),
        pytest.param(NESTED_TABLES, [f"not readable TOML: {DEEP}"], id="nested inline tables"),
        pytest.param(
            DOTTED_KEY,
            [f"not readable TOML: a dotted key of more than {MAX_NESTING} parts (line 8)"],
            id="80 KB dotted key",
        ),
        pytest.param(
            DOTTED_HEADER,
            [f"not readable TOML: a dotted key of more than {MAX_NESTING} parts (line 18)"],
            id="dotted table header",
        ),
    ],
)
def test_nesting_is_refused_before_tomllib(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    """Deep nesting and long dotted keys are refused by a linear scan, not by tomllib."""

    def refused(text: str) -> NoReturn:
        raise AssertionError("tomllib was reached")

    monkeypatch.setattr(tomllib, "loads", refused)
    assert expected == problems(text)
    lines = CRITERIA_HEAD.count("\n") - HEAD.count("\n")
    in_criteria = [
        re.sub(r"line (\d+)", lambda m: f"line {int(m[1]) + lines}", p) for p in expected
    ]
    assert in_criteria == problems(edit(text, HEAD, CRITERIA_HEAD), criteria=True)


def test_strings_hide_brackets_and_dots_from_the_scan() -> None:
    """Brackets and dots inside strings and comments are not nesting: the file loads."""
    hidden = "[" * 100 + "." * 100 + "{" * 100
    text = edit(HEAD, 'title = "Nghị quyết thử"', f'title = "{hidden}" # {hidden}')
    text += (
        f"title_en = '{hidden}'\nsource = '''{hidden}\n{hidden}'''\nissuer = \"\"\"{hidden}\"\"\"\n"
    )
    rb = loads_rulebook(text + VALUE, base=thdx.default_catalogue())
    assert (hidden, hidden) == (rb.title, rb.title_en)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEAD + edit(COUNT, "threshold = 300", "threshold = " + "9" * 5000),
            [f"not readable TOML: {LIMIT_DIGITS}"],
            id="5,000-digit integer",
        ),
        pytest.param(
            HEAD + edit(VALUE, "Có 90%", "Có \ud800"),
            ["targets[0].clause: contains a lone surrogate '\\ud800' at character 3 (not text)"],
            id="lone surrogate in a str",
        ),
        pytest.param(
            HEAD + edit(VALUE, '"90 %"', '"80 % ** -200"'),
            [f"targets[0].threshold: '80 % ** -200' is not a quantity ({POWER})"],
            id="threshold with a power",
        ),
        pytest.param(
            HEAD + edit(VALUE, '"90 %"', '"5 % ** (9**9**9)"'),
            [f"targets[0].threshold: '5 % ** (9**9**9)' is not a quantity ({POWER})"],
            id="threshold with a power tower",
        ),
        pytest.param(
            HEAD + edit(VALUE, '"90 %"', '"80 %%"'),
            [
                "targets[0].threshold: '80 %%' is not a quantity ('%' is followed by '%' with "
                "no '*' or '/' between them)"
            ],
            id="threshold 80 %%",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('"percent"', '"percent ** -200"') + VALUE,
            [f"indicators[0].unit: 'percent ** -200' is not a unit expression ({POWER})"],
            id="indicator unit with a power",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('"percent"', '"' + "a" * 10_000 + '"') + VALUE,
            [
                "indicators[0].unit: 'aaaaaaaaaaaaaaaaaaa…(10002 characters) is not a unit "
                "expression (longer than 200 characters)"
            ],
            id="10,000-letter indicator unit",
        ),
        pytest.param(
            HEAD + edit(VALUE, "Có 90% người dân", "x" * 10_001),
            ["targets[0].clause: a text of 10001 characters, more than 10000"],
            id="text beyond its limit",
        ),
        pytest.param(
            HEAD + edit(VALUE, 'id = "v"', f'id = "{"v" * 201}"'),
            ["targets[0].id: 201 characters, more than 200"],
            id="id beyond its limit",
        ),
        pytest.param(
            HEAD + VALUE + f'"{"k" * 300}" = 1\n',
            [
                "targets[0]['kkkkkkkkkkkkkkkkkkk…(302 characters)]: a key of 300 characters, "
                "more than 200"
            ],
            id="key beyond its limit",
        ),
    ],
)
def test_hostile_toml_is_one_rulebook_error(text: str, expected: list[str]) -> None:
    """What escaped or hung is now a RulebookError listing its problems."""
    assert expected == problems(text)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            {"schema_version": 1},
            "expected TOML text (str or bytes), got dict (for a mapping, use rulebook_from_dict)",
            id="a dict",
        ),
        pytest.param(None, "expected TOML text (str or bytes), got NoneType", id="None"),
        pytest.param(5, "expected TOML text (str or bytes), got int", id="a number"),
    ],
)
def test_loads_refuses_what_is_not_text(given: object, expected: str) -> None:
    """loads_rulebook(dict) is a RulebookError, not an AttributeError."""
    assert [expected] == problems(given)
    criteria = expected.replace("rulebook_from_dict", "criteria_from_dict")
    assert [criteria] == problems(given, criteria=True)


def test_document_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document beyond MAX_DOCUMENT_SIZE is refused before it is parsed."""
    monkeypatch.setattr(documents, "MAX_DOCUMENT_SIZE", 100)
    text = HEAD + VALUE
    assert [f"{len(text)} characters, more than the 100 thdx reads"] == problems(text)
    size = len(text.encode())
    assert [f"{size} bytes, more than the 100 thdx reads"] == problems(text.encode())


# -- JSON ----------------------------------------------------------------------------------

JSON_TEXT = dump_rulebook(resolution_06(), format="json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            JSON_TEXT.replace('"threshold": 80.0', '"threshold": 80.0, "threshold": 5', 1),
            ["targets[18].threshold: duplicate key: given 2 times in one JSON object"],
            id="duplicate keys",
        ),
        pytest.param(
            edit(JSON_TEXT, '"clause": "Có 90%', '"clause": "\\ud800Có 90%'),
            ["targets[6].clause: contains a lone surrogate '\\ud800' at character 0 (not text)"],
            id="lone surrogate",
        ),
        pytest.param(
            "[" * 100_000 + "]" * 100_000,
            ["not readable JSON: nested too deeply"],
            id="deep arrays",
        ),
        pytest.param(
            '{"a": ' * 100_000 + "1" + "}" * 100_000,
            ["not readable JSON: nested too deeply"],
            id="deep objects",
        ),
        pytest.param(
            '{"a": ' * 40 + "1" + "}" * 40,
            [
                "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a: nested "
                f"deeper than {MAX_NESTING} levels"
            ],
            id="40 levels",
        ),
        pytest.param(
            '{"schema_version": ' + "9" * 5000 + "}",
            [f"not readable JSON: {LIMIT_DIGITS}"],
            id="5,000-digit integer",
        ),
        pytest.param(
            edit(JSON_TEXT, '"threshold": 80.0', '"threshold": NaN'),
            ["not readable JSON: NaN is not a JSON value"],
            id="NaN",
        ),
    ],
)
def test_hostile_json_is_one_rulebook_error(tmp_path: Path, text: str, expected: list[str]) -> None:
    """A JSON rulebook is read strictly: duplicates, surrogates, depth, NaN refused."""
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        load_rulebook(path)
    assert expected == [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "a\0b.toml",
            "'a\\x00b.toml'",
            "'a\\x00b.toml': cannot read: the path contains a NUL byte",
            id="NUL byte",
        ),
        pytest.param(5, "5", "expected a file path, got 5", id="a number"),
    ],
)
def test_bad_paths_are_rulebook_errors(path: object, source: str, expected: str) -> None:
    """A path with a NUL byte, or no path at all, is a RulebookError."""
    for load in (load_rulebook, load_criteria):
        with pytest.raises(RulebookError) as info:
            load(path)  # type: ignore[arg-type]
        assert (source, [expected]) == (info.value.source, [str(p) for p in info.value.problems])


@pytest.mark.parametrize("kind", ["directory", "device"])
def test_a_path_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    """A directory, or a device that never ends (/dev/zero), is refused before anything
    is read, in the words the data readers use."""
    if kind == "device" and not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    path, why = tmp_path, "Is a directory"
    if kind == "device":
        path, why = tmp_path / "z.toml", NOT_REGULAR
        path.symlink_to("/dev/zero")
    for load in (load_rulebook, load_criteria):
        with pytest.raises(RulebookError) as info:
            load(path)
        assert [f"{path}: cannot read: {why}"] == [str(p) for p in info.value.problems]


def _deep(levels: int) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    inner = doc
    for _ in range(levels):
        inner["x"] = {}
        inner = inner["x"]
    return doc


def test_mappings_are_walked_without_recursion() -> None:
    """rulebook_from_dict: a cycle, 10,000 levels or a huge integer give problems quickly."""
    doc = rulebook_to_dict(resolution_06())
    doc["rulebook"]["cycle"] = doc
    doc["targets"][0]["threshold"] = 10**5000
    with pytest.raises(RulebookError) as info:
        rulebook_from_dict(doc)
    assert ["targets[0].threshold: <an integer of about 5001 digits> is too large to be read"] == [
        str(p) for p in info.value.problems
    ]
    del doc["targets"][0]["threshold"]
    with pytest.raises(RulebookError) as info:
        rulebook_from_dict(doc)
    assert ["targets[0].threshold: missing", "rulebook.cycle: unknown key"] == [
        str(p) for p in info.value.problems
    ]
    with pytest.raises(RulebookError) as info:
        criteria_from_dict({"criteria_set": _deep(10_000)})
    assert [
        "criteria_set" + ".x" * (MAX_NESTING - 1) + f": nested deeper than {MAX_NESTING} levels"
    ] == [str(p) for p in info.value.problems]
    with pytest.raises(RulebookError) as info:
        rulebook_from_dict([1])  # type: ignore[arg-type]
    assert ["expected a table (a mapping) of the rulebook's fields, got [1]"] == [
        str(p) for p in info.value.problems
    ]


# -- silent changes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEAD + edit(VALUE, '"90 %"', '"150 %"'),
            [
                "targets[0].threshold: '150 %' is outside 0–100 % for share indicator "
                "'satisfaction_share'"
            ],
            id="share threshold 150 %",
        ),
        pytest.param(
            HEAD + edit(VALUE, '"90 %"', '"-5 %"'),
            [
                "targets[0].threshold: '-5 %' is outside 0–100 % for share indicator "
                "'satisfaction_share'"
            ],
            id="share threshold -5 %",
        ),
        pytest.param(
            HEAD + edit(RANK, '"10"', '"0"'),
            [
                "targets[0].threshold: '0' is not a rank (a whole number ≥ 1) for indicator "
                "'dx_index_rank'"
            ],
            id="rank threshold 0",
        ),
        pytest.param(
            HEAD + edit(RANK, '"10"', "-3"),
            [
                "targets[0].threshold: -3 is not a rank (a whole number ≥ 1) for indicator "
                "'dx_index_rank'"
            ],
            id="rank threshold -3",
        ),
        pytest.param(
            HEAD + edit(SHARE, '"80 %"', '"150 %"'),
            ["targets[0].threshold: '150 %' is outside 0–100 % for a share of units"],
            id="share of units 150 %",
        ),
        pytest.param(
            HEAD + edit(COUNT, "threshold = 300", 'threshold = "٣"'),
            ["targets[0].threshold: '٣' is not a count of units (a whole number ≥ 0)"],
            id="Arabic-Indic count",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('"percent"', '"VND"') + VALUE,
            ["indicators[0].unit: a share is measured in 'percent', got unit 'VND'"],
            id="share in VND",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('"share"', '"rank"') + VALUE,
            ["indicators[0].unit: a rank is measured in 'rank', got unit 'percent'"],
            id="rank in percent",
        ),
        pytest.param(
            HEAD
            + edit(
                INDICATOR, 'kind = "share"', 'kind = "share"\nnumerator = "grdp"\ndenominator = "n"'
            )
            + INDICATOR.replace("x_share", "n")
            .replace('"percent"', '"enterprise"')
            .replace('"share"', '"count"')
            + VALUE,
            [
                "indicators[0].unit: 'grdp' / 'n' is in (VND) / (enterprise), which cannot be "
                "expressed in 'percent'"
            ],
            id="derived VND per enterprise in percent",
        ),
        pytest.param(
            HEAD + VALUE + 'units = [99001, "x", "٣٨380"]\n',
            [
                "targets[0].units[0]: expected a string (an official unit code), got 99001",
                f"targets[0].units[1]: 'x' {CODE}",
                f"targets[0].units[2]: '٣٨380' {CODE}",
            ],
            id="units of another type",
        ),
        pytest.param(
            HEAD + edit(COMPLETED, '["380"]', '["٣٨380"]'),
            [
                "targets[0].units: a 'completed' target needs units = [\"<code>\", ...], "
                "got ['٣٨380']"
            ],
            id="Arabic-Indic unit code",
        ),
        pytest.param(
            HEAD + VALUE + 'clause_verbatim = "false"\n',
            ["targets[0].clause_verbatim: expected true or false, got 'false'"],
            id="clause_verbatim as text",
        ),
        pytest.param(
            HEAD + VALUE + "label_en = 5\n",
            ["targets[0].label_en: expected a string, got 5"],
            id="label_en a number",
        ),
        pytest.param(
            edit(HEAD, "schema_version = 1", "schema_version = 1.0") + VALUE,
            ["schema_version: expected 1, got 1.0"],
            id="schema_version 1.0",
        ),
        pytest.param(
            edit(HEAD, "schema_version = 1", "schema_version = true") + VALUE,
            ["schema_version: expected 1, got True"],
            id="schema_version true",
        ),
        pytest.param(
            edit(HEAD, 'jurisdiction = "38"', 'jurisdiction = "X"') + VALUE,
            [f"rulebook.jurisdiction: 'X' {CODE}"],
            id="jurisdiction X",
        ),
        pytest.param(
            edit(HEAD, 'jurisdiction = "38"', 'jurisdiction = "٣٨"') + VALUE,
            [f"rulebook.jurisdiction: '٣٨' {CODE}"],
            id="Arabic-Indic jurisdiction",
        ),
        pytest.param(
            edit(HEAD, 'jurisdiction = "38"', 'jurisdiction = "٣٨380"') + VALUE,
            [f"rulebook.jurisdiction: '٣٨380' {CODE}"],
            id="Arabic-Indic then ASCII digits in the jurisdiction",
        ),
        pytest.param(
            edit(HEAD, 'jurisdiction = "38"', 'jurisdiction = "12345678901"') + VALUE,
            [f"rulebook.jurisdiction: '12345678901' {CODE}"],
            id="jurisdiction of 11 digits",
        ),
        pytest.param(
            HEAD + VALUE + '\n[directions]\nid = "d"\ntext = "t"\n',
            ["directions: expected an array of tables [[directions]]"],
            id="a [directions] table",
        ),
        pytest.param(
            HEAD + VALUE + 'window = "2021/2025"\nmethod = "arithmetic"\n',
            [
                "targets[0].window: does not apply to a 'value' target",
                "targets[0].method: does not apply to a 'value' target",
            ],
            id="window and method on a value target",
        ),
        pytest.param(
            HEAD + COMPLETED + 'threshold = "5"\n',
            ["targets[0].threshold: does not apply to a 'completed' target"],
            id="threshold on a completed target",
        ),
        pytest.param(
            HEAD + 'issued = "not a date"\n' + VALUE,
            [f"rulebook.issued: 'not a date' {NOT_A_DAY}"],
            id="issued not a date",
        ),
        pytest.param(
            HEAD + "issued = 2021\n" + VALUE,
            [f"rulebook.issued: 2021 {NOT_A_DAY}"],
            id="issued a number",
        ),
        pytest.param(
            HEAD + "issued = 2021-11-10T09:00:00\n" + VALUE,
            [f"rulebook.issued: '2021-11-10T09:00:00' {NOT_A_DAY}"],
            id="issued a date-time",
        ),
        pytest.param(
            edit(HEAD, 'jurisdiction = "38"', 'jurisdiction = "X"')
            + edit(VALUE, '"90 %"', '"150 %"')
            + edit(RANK, 'scope = "province"', 'scope = "province"\nlabel_en = 5'),
            [
                "targets[0].threshold: '150 %' is outside 0–100 % for share indicator "
                "'satisfaction_share'",
                "targets[1].label_en: expected a string, got 5",
                f"rulebook.jurisdiction: 'X' {CODE}",
            ],
            id="every problem at once",
        ),
    ],
)
def test_rulebook_silent_change_is_refused(text: str, expected: list[str]) -> None:
    """What was coerced, dropped or accepted out of range is now refused with its path."""
    assert expected == problems(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            edit(
                CRITERIA,
                '[[criteria]]\nid = "qd1829.society.ehr',
                '[[criterion]]\nid = "qd1829.society.ehr',
            ),
            ["criterion: unknown key (did you mean 'criteria'?)"],
            id="[[criterion]] misspelt",
        ),
        pytest.param(
            'colour = "red"\n' + CRITERIA, ["colour: unknown key"], id="unknown top-level key"
        ),
        pytest.param(
            CRITERIA.split("\n[[criteria]]")[0] + '\n[criteria]\nid = "x"\n',
            ["criteria: expected an array of tables [[criteria]]"],
            id="a [criteria] table",
        ),
        pytest.param(
            edit(CRITERIA, "threshold = 95.0", 'threshold = "150 %"'),
            [
                "criteria[2].threshold: '150 %' is outside 0–100 % for share indicator "
                "'ehr_updated_share'"
            ],
            id="criteria threshold 150 %",
        ),
        pytest.param(
            edit(CRITERIA, 'decision = "1829/QĐ-UBND"', "decision = 50"),
            ["criteria_set.decision: expected a string, got 50"],
            id="decision a number",
        ),
        pytest.param(
            edit(CRITERIA, 'issued = "2023-05-30"', 'issued = "not a date"'),
            [f"criteria_set.issued: 'not a date' {NOT_A_DAY}"],
            id="issued not a date",
        ),
        pytest.param(
            edit(CRITERIA, "schema_version = 1", "schema_version = 1.0"),
            ["schema_version: expected 1, got 1.0"],
            id="schema_version 1.0",
        ),
        pytest.param(
            edit(
                CRITERIA,
                'label_en = "People with a regularly updated electronic health record: at least '
                '95 %"',
                "label_en = 5",
            ),
            ["criteria[2].label_en: expected a string, got 5"],
            id="label_en a number",
        ),
    ],
)
def test_criteria_silent_change_is_refused(text: str, expected: list[str]) -> None:
    """A criteria file is checked at every level: top keys, types, ranges."""
    assert expected == problems(text, criteria=True)


def test_criteria_issued_is_kept_as_a_day() -> None:
    """A criteria set's issued day is read as a day and written back the same."""
    cs = loads_criteria(CRITERIA, base=thdx.default_catalogue())
    assert "2023-05-30" == cs.issued


def test_shipped_documents_still_load_and_round_trip() -> None:
    """Valid input does not change: the shipped files and their JSON dumps load equal."""
    rb = resolution_06()
    assert rb == rulebook_from_dict(json.loads(JSON_TEXT))
    assert criteria_qd1829() == loads_criteria(CRITERIA)


# -- the command line ----------------------------------------------------------------------


HOSTILE_FILES = {
    "nested.toml": NESTED_ARRAYS,
    "dotted.toml": DOTTED_KEY,
    "digits.toml": HEAD + edit(COUNT, "threshold = 300", "threshold = " + "9" * 5000),
    "power.toml": HEAD + edit(VALUE, '"90 %"', '"5 % ** (9**9**9)"'),
    "criteria.toml": edit(CRITERIA, "threshold = 95.0", 'threshold = "80 % ** -200"'),
    "dup.json": JSON_TEXT.replace('"threshold": 80.0', '"threshold": 80.0, "threshold": 5', 1),
    "surrogate.json": edit(JSON_TEXT, '"clause": "Có 90%', '"clause": "\\ud800Có 90%'),
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "data.csv": (
        "unit,indicator,period,value,source\n"
        '38,satisfaction_share,2025,"5 % ** (9**9**9)",\n'
        "38,satisfaction_share,2024,5 %**-200,\n"
        "38,satisfaction_share,2023,5 % ** 10**400,\n"
        "38,satisfaction_share,2022,5 %**999,\n"
        "38,satisfaction_share,2021,5 % ** 1e20,\n"
        "38,satisfaction_share,2020,92.5 %%,\n"
        "38,grdp,2025,287.000 tỷ đồng,\n"
        f"38,grdp,2024,5 {'a' * 5000},\n"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_check_refuses_hostile_files_without_the_last_resort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """thdx check: status 2 (bad input) and the problems, never the last-resort handler."""

    def reached(exc: BaseException) -> NoReturn:
        raise AssertionError(f"the last resort was reached: {exc!r}")

    monkeypatch.setattr(cli, "_internal_error", reached)
    path = tmp_path / name
    path.write_text(HOSTILE_FILES[name], encoding="utf-8", errors="surrogatepass")
    out = io.StringIO()
    assert 2 == cli.main(["check", str(path)], out=io.StringIO(), err=out)
    assert out.getvalue().startswith(f"{path}: ")
    assert "" == capsys.readouterr().err


def test_last_resort_prints_one_line_and_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exception that is not a ThdxError (a bug) is one line on stderr, exit 3."""

    def broken(lang: str, out: object) -> NoReturn:
        raise RuntimeError("something\nwent wrong")

    monkeypatch.setattr(cli, "_goals", broken)
    out = io.StringIO()
    assert 3 == cli.main(["goals"], out=out)
    captured = capsys.readouterr()
    assert (
        "",
        "thdx: internal error (RuntimeError: something went wrong); please report this as a bug\n",
    ) == (out.getvalue(), captured.err)
