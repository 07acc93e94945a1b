"""Tests of thdx.rulebooks: the safe loader, its messages, dumping, and the shipped data."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import thdx
from thdx.model import Catalogue, Indicator, Problem, RulebookError
from thdx.rulebooks import (
    criteria_qd1829,
    dump_criteria,
    dump_rulebook,
    load_criteria,
    load_rulebook,
    loads_criteria,
    loads_rulebook,
    plan_qd969,
    resolution_06,
)
from thdx.rulebooks._criteria import criteria_from_dict
from thdx.rulebooks._dump import criteria_to_dict, rulebook_to_dict, to_toml
from thdx.rulebooks._loader import rulebook_from_dict
from thdx.rules import (
    Compare,
    Completed,
    CountUnits,
    CriteriaSet,
    Criterion,
    Guideline,
    Rulebook,
    ShareUnits,
    Target,
)

HEAD = """schema_version = 1

[rulebook]
id = "t"
number = "1-NQ"
title = "Nghị quyết thử"
jurisdiction = "38"
"""

TARGET = """
[[targets]]
id = "2025.gov.satisfaction"
clause = "Có 90% người dân"
deadline = "2025"
scope = "province"
measure = "value"
indicator = "satisfaction_share"
comparator = ">="
threshold = "90 %"
"""

GROWTH = """
[[targets]]
id = "g"
clause = "Giai đoạn 2021 - 2025"
deadline = "2025"
scope = "province"
measure = "growth"
indicator = "labour_productivity"
window = "2021/2025"
comparator = ">="
threshold = "9.6 %"
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

INDICATOR = """
[[indicators]]
id = "x_share"
name_vi = "Tỷ lệ X"
name_en = "X"
pillar = "society"
unit = "percent"
kind = "share"
"""

PERIODS = (
    "(expected a year '2025', half '2025-H1', quarter '2025-Q3', month '2025-06', "
    "day '2025-06-30' or range '2021/2025')"
)


def problems(text: str | bytes) -> list[str]:
    """The problems the loader reports for this text (shipped indicators as base)."""
    with pytest.raises(RulebookError) as info:
        loads_rulebook(text, base=thdx.default_catalogue())
    assert info.value.source == "<string>"
    return [str(p) for p in info.value.problems]


def edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` (which must be there)."""
    assert old in text
    return text.replace(old, new)


# -- a valid file ----------------------------------------------------------------------------


def test_load_a_minimal_rulebook() -> None:
    """A minimal file loads into typed objects."""
    rb = loads_rulebook(HEAD + TARGET + GROWTH + COUNT, base=thdx.default_catalogue())
    assert (
        ("t", "1-NQ", "38"),
        [Compare("satisfaction_share", ">=", 90.0), CountUnits("commune", Completed(), ">=", 300)],
    ) == ((rb.id, rb.number, rb.jurisdiction), [rb.targets[0].rule, rb.targets[2].rule])
    assert ("percent", "percent", "administrative_unit") == tuple(
        t.threshold_unit for t in rb.targets
    )


def test_a_unit_code_of_non_ascii_digits_is_refused() -> None:
    """'٣٨380' (Arabic-Indic digits, then ASCII ones) is no unit code: str.isdigit()
    accepts it, a rulebook does not, as jurisdiction or as a target's unit."""
    code = "is not an official unit code (1 to 10 ASCII digits, such as '38')"
    head = HEAD.replace('jurisdiction = "38"', 'jurisdiction = "٣٨380"')
    units = TARGET + 'units = ["380", "٣٨380"]\n'
    assert [
        f"targets[0].units[1]: '٣٨380' {code}",
        f"rulebook.jurisdiction: '٣٨380' {code}",
    ] == problems(head + units)
    completed = (
        '[[targets]]\nid = "d"\nclause = "c"\ndeadline = "2025"\nscope = "district"\n'
        'measure = "completed"\nunits = ["٣٨380"]\n'
    )
    assert [
        "targets[0].units: a 'completed' target needs units = [\"<code>\", ...], got ['٣٨380']"
    ] == problems(HEAD + completed)


def test_issued_may_be_a_toml_date() -> None:
    """issued may be a TOML date as well as text."""
    rb = loads_rulebook(HEAD + "issued = 2021-11-10\n" + TARGET, base=thdx.default_catalogue())
    assert "2021-11-10" == (rb.issued.isoformat() if rb.issued else None)


def test_load_a_rulebook_from_bytes_with_bom() -> None:
    """UTF-8 bytes, with a byte-order mark, load like text."""
    rb = loads_rulebook(("\ufeff" + HEAD + TARGET).encode(), base=thdx.default_catalogue())
    assert "Nghị quyết thử" == rb.title


def test_thresholds_in_other_units_are_converted() -> None:
    """A threshold of 0.9 (dimensionless) is 90 percent."""
    rb = loads_rulebook(edit(HEAD + TARGET, '"90 %"', "0.9"), base=thdx.default_catalogue())
    assert 0.9 == rb.targets[0].threshold_magnitude
    rb = loads_rulebook(
        edit(HEAD + TARGET, '"90 %"', '"0.9 dimensionless"'), base=thdx.default_catalogue()
    )
    assert 90.0 == rb.targets[0].threshold_magnitude


# -- every problem class, with its exact message ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            edit(HEAD + TARGET, '"satisfaction_share"', '"happiness"'),
            ["targets[0].indicator: unknown indicator 'happiness'"],
            id="unknown indicator",
        ),
        pytest.param(
            edit(HEAD + TARGET, '"90 %"', '"90 VND"'),
            [
                "targets[0].threshold: '90 VND' has unit 'VND', which cannot be converted to "
                "'percent'"
            ],
            id="unit of wrong dimension",
        ),
        pytest.param(
            edit(HEAD + GROWTH, '"9.6 %"', '"9.6 %/year"'),
            [
                "targets[0].threshold: '9.6 %/year' has unit '%/year', which cannot be "
                "converted to 'percent'"
            ],
            id="a rate for a percent",
        ),
        pytest.param(
            HEAD + TARGET + TARGET,
            ["targets[1].id: duplicate target id '2025.gov.satisfaction' (first at targets[0])"],
            id="duplicate target id",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'deadline = "2025"', 'deadline = "2025-13"'),
            [f"targets[0].deadline: '2025-13' is not a period {PERIODS}"],
            id="bad deadline",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'deadline = "2025"', "deadline = 20255"),
            ["targets[0].deadline: year 20255 lies outside 1000..9999"],
            id="deadline year out of range",
        ),
        pytest.param(
            edit(HEAD + GROWTH, '"2021/2025"', '"2025/2021"'),
            ["targets[0].window: '2025/2021': period ends before it starts"],
            id="window ends before it starts",
        ),
        pytest.param(
            edit(HEAD + GROWTH, '"2021/2025"', '"2021-Q2/2025"'),
            [
                "targets[0]: growth window must be whole years ('2021/2025'), got "
                "'2021-04-01/2025-12-31'"
            ],
            id="window not whole years",
        ),
        pytest.param(
            edit(HEAD + TARGET, '">="', '"≥"'),
            [
                "targets[0].comparator: '≥' is not a comparator (expected one of '>=', '>', "
                "'<=', '<', '==')"
            ],
            id="unknown comparator",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'comparator = ">="\n', ""),
            ["targets[0].comparator: missing"],
            id="missing comparator",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'deadline = "2025"\n', ""),
            ["targets[0].deadline: missing"],
            id="missing deadline",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'threshold = "90 %"\n', ""),
            ["targets[0].threshold: missing"],
            id="missing threshold",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'scope = "province"\n', ""),
            ["targets[0].scope: missing"],
            id="missing scope",
        ),
        pytest.param(
            edit(HEAD + TARGET, '"90 %"', '"9,6 %"'),
            [
                "targets[0].threshold: '9,6 %' is not a quantity (expected a number with an "
                "optional unit, e.g. '92.5 %')"
            ],
            id="comma decimal threshold",
        ),
        pytest.param(
            edit(HEAD + TARGET, "clause =", 'clasue = "x"\nclause ='),
            ["targets[0].clasue: unknown key (did you mean 'clause'?)"],
            id="unknown key in a target",
        ),
        pytest.param(
            "colour = 1\n" + HEAD + TARGET,
            ["colour: unknown key"],
            id="unknown key at the top",
        ),
        pytest.param(
            HEAD + 'colour = "red"\n' + TARGET,
            ["rulebook.colour: unknown key"],
            id="unknown key in [rulebook]",
        ),
        pytest.param(
            edit(HEAD + TARGET, '"province"', '"nation"'),
            [
                "targets[0].scope: 'nation' is not a scope (expected 'province', 'district' or "
                "'commune')"
            ],
            id="unknown scope",
        ),
        pytest.param(
            edit(HEAD + TARGET, '"value"', '"values"'),
            [
                "targets[0].measure: 'values' is not a measure (expected one of 'value', "
                "'growth', 'count', 'share', 'completed')"
            ],
            id="unknown measure",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'clause = "Có 90% người dân"', 'clause = ""'),
            ["targets[0].clause: expected a non-empty string, got ''"],
            id="empty clause",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'id = "2025.gov.satisfaction"', 'id = ""'),
            ["targets[0].id: expected a non-empty string, got ''"],
            id="empty target id",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'clause = "Có 90% người dân"', "clause = 90"),
            ["targets[0].clause: expected a string, got 90"],
            id="clause not text",
        ),
        pytest.param(
            edit(HEAD + TARGET, 'id = "2025.gov.satisfaction"', 'id = "2025 gov"'),
            ["targets[0]: target id must be letters, digits, '.', '_' or '-', got '2025 gov'"],
            id="bad target id",
        ),
        pytest.param(
            edit(HEAD + TARGET, "scope =", 'pillar = "culture"\nscope ='),
            [
                "targets[0].pillar: 'culture' is not a pillar (expected one of 'government', "
                "'economy', 'society', 'overall')"
            ],
            id="unknown pillar",
        ),
        pytest.param(
            edit(HEAD + GROWTH, 'window = "2021/2025"\n', ""),
            ["targets[0].window: missing"],
            id="missing window",
        ),
        pytest.param(
            edit(HEAD + GROWTH, "window", 'rate_indicator = "satisfaction_share"\nwindow'),
            ["targets[0].rate_indicator: indicator 'satisfaction_share' is not a growth rate"],
            id="rate indicator not a rate",
        ),
        pytest.param(
            edit(HEAD + GROWTH, "window", 'rate_indicator = "nope"\nwindow'),
            ["targets[0].rate_indicator: unknown indicator 'nope'"],
            id="unknown rate indicator",
        ),
        pytest.param(
            edit(HEAD + GROWTH, "window", 'method = "arithmetic"\nwindow'),
            ["targets[0]: an arithmetic average of growth needs rate_indicator (yearly rates)"],
            id="arithmetic growth without rates",
        ),
        pytest.param(
            edit(HEAD + COUNT, "threshold = 300", "threshold = 2.5"),
            ["targets[0].threshold: 2.5 is not a count of units (a whole number ≥ 0)"],
            id="count not whole",
        ),
        pytest.param(
            edit(HEAD + COUNT, 'scope = "commune"', 'scope = "province"'),
            ["targets[0].scope: a count or share of units needs scope 'district' or 'commune'"],
            id="count over the province",
        ),
        pytest.param(
            edit(HEAD + COUNT, 'of = "completed"', 'of = "recognised"'),
            ["targets[0].of: 'recognised' is not what units are counted by (expected 'completed')"],
            id="count of something else",
        ),
        pytest.param(
            edit(HEAD + COUNT, 'measure = "count"', 'measure = "completed"'),
            [
                "targets[0].of: does not apply to a 'completed' target",
                "targets[0].comparator: does not apply to a 'completed' target",
                "targets[0].threshold: does not apply to a 'completed' target",
                "targets[0].units: a 'completed' target needs units = [\"<code>\", ...], got None",
            ],
            id="completion without units",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('"percent"', '"furlong"') + TARGET,
            ["indicators[0].unit: unknown unit 'furlong'"],
            id="indicator with an unknown unit",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('"share"', '"ratio"') + TARGET,
            [
                "indicators[0]: 'ratio' is not a kind of indicator (expected one of 'share', "
                "'count', 'level', 'growth_rate', 'rank')"
            ],
            id="indicator of an unknown kind",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('name_en = "X"\n', "") + TARGET,
            ["indicators[0].name_en: missing"],
            id="indicator missing a field",
        ),
        pytest.param(
            HEAD + INDICATOR + INDICATOR + TARGET,
            ["indicators[1].id: duplicate indicator id 'x_share'"],
            id="duplicate indicator id",
        ),
        pytest.param(
            HEAD + INDICATOR.replace("x_share", "satisfaction_share") + TARGET,
            ["indicators: indicator 'satisfaction_share' is declared twice, differently"],
            id="indicator clashing with the base",
        ),
        pytest.param(
            HEAD + 'issued = "2021-11"\n' + TARGET,
            [
                "rulebook.issued: '2021-11' is not a day (expected 'YYYY-MM-DD', such as "
                "'2025-12-31')"
            ],
            id="issued not a day",
        ),
        pytest.param(
            HEAD + TARGET + '\n[[directions]]\nid = "d1"\n',
            ["directions[0].text: missing"],
            id="direction without text",
        ),
        pytest.param(
            "indicators = 5\n" + HEAD + TARGET,
            ["indicators: expected an array of tables [[indicators]]"],
            id="indicators not an array",
        ),
        pytest.param(
            "indicators = [5]\n" + HEAD + TARGET,
            ["indicators[0]: expected a table"],
            id="indicator not a table",
        ),
        pytest.param(
            HEAD + INDICATOR.replace('name_vi = "Tỷ lệ X"', "name_vi = 1") + TARGET,
            ["indicators[0].name_vi: expected a string, got 1"],
            id="indicator field not text",
        ),
        pytest.param(
            HEAD + edit(COUNT, "threshold = 300", 'threshold = "' + "9" * 400 + '"'),
            [
                "targets[0].threshold: '9999999999999999999…(402 characters) is too large for "
                "a count of units"
            ],
            id="count too large",
        ),
        pytest.param(
            HEAD + edit(COUNT, "threshold = 300", "threshold = " + "9" * 5000),
            [
                "not readable TOML: Exceeds the limit (4300 digits) for integer string "
                "conversion: value has 5000 digits; use sys.set_int_max_str_digits() to "
                "increase the limit"
            ],
            id="integer beyond Python's digit limit",
        ),
        pytest.param(
            HEAD + edit(GROWTH, "window", "rate_indicator = 5\nwindow"),
            ["targets[0].rate_indicator: expected a string, got 5"],
            id="rate indicator not text",
        ),
        pytest.param(
            HEAD
            + edit(COUNT, 'measure = "count"', 'measure = "completed"\nunits = ["38a"]').replace(
                'of = "completed"\ncomparator = ">="\nthreshold = 300\n', ""
            ),
            ["targets[0].units: a 'completed' target needs units = [\"<code>\", ...], got ['38a']"],
            id="completion of a unit that is not a code",
        ),
        pytest.param(
            "targets = [5]\n" + HEAD,
            ["targets[0]: expected a table"],
            id="target not a table",
        ),
        pytest.param(
            "directions = [5]\n" + HEAD + TARGET,
            ["directions[0]: expected a table"],
            id="direction not a table",
        ),
        pytest.param(
            "not toml = = ",
            ["not valid TOML: Expected '=' after a key in a key/value pair (at line 1, column 5)"],
            id="not TOML",
        ),
        pytest.param(
            b"\xff\xfe",
            ["not UTF-8 text (invalid start byte at byte 0)"],
            id="not UTF-8",
        ),
        pytest.param(
            edit(HEAD, "schema_version = 1", "schema_version = 2") + TARGET,
            ["schema_version: expected 1, got 2"],
            id="wrong schema_version",
        ),
        pytest.param(
            edit(HEAD, "schema_version = 1\n", "") + TARGET,
            ["schema_version: expected 1, got None"],
            id="no schema_version",
        ),
        pytest.param(
            HEAD,
            ["targets: expected a non-empty array of tables [[targets]]"],
            id="no targets",
        ),
        pytest.param(
            "schema_version = 1\n" + TARGET,
            [
                "rulebook: missing table [rulebook]",
                "rulebook.id: missing",
                "rulebook.number: missing",
                "rulebook.title: missing",
                "rulebook.jurisdiction: missing",
            ],
            id="no [rulebook] table",
        ),
    ],
)
def test_loader_problem(text: str, expected: list[str]) -> None:
    """Each kind of problem is reported with its path and an exact message."""
    assert expected == problems(text)


def test_several_problems_are_reported_at_once() -> None:
    """Every problem of a file is reported in one error, in file order."""
    text = (
        HEAD
        + edit(TARGET, '"satisfaction_share"', '"happiness"')
        + edit(edit(TARGET, '"90 %"', '"9,6 %"'), 'id = "2025.gov.satisfaction"', 'id = "b"')
        + TARGET.replace('deadline = "2025"', 'deadline = "2025-13"')
        + edit(edit(COUNT, '">="', '"=>"'), "threshold = 300", "threshold = -1")
    )
    with pytest.raises(RulebookError) as info:
        loads_rulebook(text, base=thdx.default_catalogue())
    assert [
        "targets[0].indicator: unknown indicator 'happiness'",
        "targets[1].threshold: '9,6 %' is not a quantity (expected a number with an optional "
        "unit, e.g. '92.5 %')",
        "targets[2].id: duplicate target id '2025.gov.satisfaction' (first at targets[0])",
        "targets[3].comparator: '=>' is not a comparator (expected one of '>=', '>', '<=', '<', "
        "'==')",
        "targets[3].threshold: -1 is not a count of units (a whole number ≥ 0)",
    ] == [str(p) for p in info.value.problems]
    assert str(info.value).startswith("<string>: 5 problems\n  targets[0].indicator: ")


def test_rulebook_error_is_a_value_error() -> None:
    """A RulebookError is a ValueError carrying its problems as data."""
    with pytest.raises(ValueError, match=r"^<string>: 1 problem\n  targets\[0\]\.comparator"):
        loads_rulebook(edit(HEAD + TARGET, '">="', '"=>"'), base=thdx.default_catalogue())


def test_unknown_indicator_without_a_base() -> None:
    """Without base=, a file may use only the indicators it declares."""
    with pytest.raises(RulebookError) as info:
        loads_rulebook(HEAD + TARGET)
    assert ["targets[0].indicator: unknown indicator 'satisfaction_share'"] == [
        str(p) for p in info.value.problems
    ]


# -- files --------------------------------------------------------------------------------


def test_load_rulebook_file_toml_and_json(tmp_path: Path) -> None:
    """load_rulebook reads TOML, and JSON of the same structure from a .json file."""
    rb = resolution_06()
    (tmp_path / "r.toml").write_text(dump_rulebook(rb), encoding="utf-8")
    (tmp_path / "r.json").write_text(dump_rulebook(rb, format="json"), encoding="utf-8")
    assert rb == load_rulebook(tmp_path / "r.toml") == load_rulebook(str(tmp_path / "r.json"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.toml", None, "{path}: cannot read: No such file or directory"),
        ("bad.json", '{"a": ', "not valid JSON: Expecting value: line 1 column 7 (char 6)"),
        ("list.json", "[1]", "expected a JSON object"),
        ("bad.toml", "a = = 1", "not valid TOML: Invalid value (at line 1, column 5)"),
    ],
)
def test_load_rulebook_file_problems(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    """A file that cannot be read or parsed is one problem naming the file."""
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        load_rulebook(path)
    assert f"{path}: 1 problem\n  {message.format(path=path)}" == str(info.value)


# -- dumping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [resolution_06, plan_qd969])
def test_shipped_rulebooks_round_trip(make: Callable[[], Rulebook]) -> None:
    """The shipped rulebooks load back equal from their TOML and JSON dumps."""
    rb = make()
    base = resolution_06().catalogue if rb is not resolution_06() else None
    assert rb == loads_rulebook(dump_rulebook(rb), base=base)
    assert rb == rulebook_from_dict(json.loads(dump_rulebook(rb, format="json")), base=base)


def test_arithmetic_growth_round_trips() -> None:
    """An arithmetic growth target, with its rate indicator, dumps and loads back equal."""
    text = edit(
        HEAD + GROWTH,
        "window",
        'rate_indicator = "labour_productivity_growth"\nmethod = "arithmetic"\nwindow',
    )
    rb = loads_rulebook(text, base=thdx.default_catalogue())
    assert ("arithmetic", "labour_productivity_growth") == (
        rb.targets[0].rule.method,  # type: ignore[union-attr]
        rb.targets[0].rule.rate_indicator,  # type: ignore[union-attr]
    )
    assert rb == loads_rulebook(dump_rulebook(rb), base=thdx.default_catalogue())


def test_count_threshold_may_be_a_whole_float() -> None:
    """A count threshold of 300.0 (or "300") is the count 300."""
    for thr in ("300.0", '"300"'):
        text = edit(HEAD + COUNT, "threshold = 300", f"threshold = {thr}")
        assert 300.0 == loads_rulebook(text).targets[0].threshold_magnitude


def test_dump_is_stable() -> None:
    """Dumping a loaded dump gives the same text."""
    text = dump_rulebook(resolution_06())
    assert text == dump_rulebook(loads_rulebook(text))


def test_dump_format_refused() -> None:
    """Only TOML and JSON can be written."""
    with pytest.raises(ValueError, match=r"^format must be 'toml' or 'json', got 'yaml'$"):
        dump_rulebook(resolution_06(), format="yaml")


def test_dump_escapes_every_control_character() -> None:
    """Text with control characters (DEL included) dumps to TOML that loads back equal."""
    odd = attrs.evolve(resolution_06(), title_en="a\x7fb\x00c\x1f\td\ne\u2028")
    assert odd == loads_rulebook(dump_rulebook(odd))


def test_to_toml_writes_scalars_tables_and_arrays() -> None:
    """to_toml writes scalars, empty arrays, tables, then arrays of tables."""
    doc = {"a": 1, "b": True, "c": [1, "x"], "e": [], "t": {"k": 1.5}, "arr": [{"x": 1}, {"x": 2}]}
    expected = (
        'a = 1\nb = true\nc = [1, "x"]\ne = []\n\n[t]\nk = 1.5\n\n[[arr]]\nx = 1\n\n'
        "[[arr]]\nx = 2\n"
    )
    assert expected == to_toml(doc)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (math.nan, ValueError, "cannot write nan to TOML"),
        (math.inf, ValueError, "cannot write inf to TOML"),
        (None, TypeError, "cannot write None to TOML"),
        ({1, 2}, TypeError, "cannot write {1, 2} to TOML"),
    ],
)
def test_to_toml_refuses(value: object, error: type[Exception], message: str) -> None:
    """Values TOML cannot hold are refused, named."""
    with pytest.raises(error) as info:
        to_toml({"a": value})
    assert message == str(info.value)


def test_rulebook_to_dict_leaves_out_empty_fields() -> None:
    """Optional fields that are empty are not written."""
    rb = loads_rulebook(HEAD + TARGET, base=thdx.default_catalogue())
    assert {
        "schema_version": 1,
        "rulebook": {"id": "t", "number": "1-NQ", "title": "Nghị quyết thử", "jurisdiction": "38"},
        "indicators": [],
        "targets": [
            {
                "id": "2025.gov.satisfaction",
                "clause": "Có 90% người dân",
                "deadline": "2025",
                "scope": "province",
                "measure": "value",
                "indicator": "satisfaction_share",
                "comparator": ">=",
                "threshold": 90.0,
            }
        ],
        "directions": [],
    } == rulebook_to_dict(rb)


# -- the Rulebook class ---------------------------------------------------------------------


def test_resolution_06_shape() -> None:
    """Resolution 06: 22 targets, 7 directions, jurisdiction 38, issued 10 Nov 2021."""
    rb = resolution_06()
    assert ("06-NQ/TU", 22, 7, "38", "2021-11-10") == (
        rb.number,
        len(rb.targets),
        len(rb.directions),
        rb.jurisdiction,
        rb.issued.isoformat() if rb.issued else None,
    )
    assert all(isinstance(d, Guideline) and d.text for d in rb.directions)


def test_plan_qd969_shape() -> None:
    """The plan: 16 targets (12 districts, 4 commune quotas), no indicators of its own."""
    plan = plan_qd969()
    assert (16, (), resolution_06().catalogue) == (
        len(plan.targets),
        plan.own_indicators,
        plan.catalogue,
    )
    assert 12 == sum(t.measure == "completed" for t in plan.targets)


def test_with_completion_swaps_every_completion_rule() -> None:
    """with_completion puts its criteria into every count and share, and their indicators
    into the catalogue."""
    cs = criteria_qd1829()
    rb = resolution_06().with_completion(cs, carry_over=True)
    expected = Completed(criteria=cs, carry_over=True)
    rules = [t.rule for t in rb.targets if isinstance(t.rule, CountUnits | ShareUnits)]
    assert [expected] * 4 == [r.rule for r in rules]
    assert "ehr_updated_share" in rb.catalogue
    assert resolution_06().targets[0] == rb.targets[0]
    plan = plan_qd969().with_completion()
    assert Completed() == plan.targets[0].rule


def test_rulebook_target_unknown() -> None:
    """Rulebook.target raises a KeyError naming the id and the rulebook."""
    with pytest.raises(KeyError) as info:
        resolution_06().target("nope")
    assert "rulebook 06-NQ/TU: unknown target 'nope'" == str(info.value)


# -- criteria sets ---------------------------------------------------------------------------


def test_criteria_qd1829() -> None:
    """The known part of QĐ 1829: 3 criteria, all required, marked incomplete."""
    cs = criteria_qd1829()
    assert ("qd1829.commune", False, [60.0, 30.0, 95.0]) == (
        cs.id,
        cs.complete,
        [c.threshold for c in cs.criteria],
    )


def test_criteria_round_trip(tmp_path: Path) -> None:
    """A criteria set dumps to TOML that loads back equal, from text and from a file."""
    cs = CriteriaSet(
        "cs",
        "Bộ",
        "commune",
        [Criterion("a", "satisfaction_share", ">=", 50, "A", "Â", points=2.0)],
        pass_rule="score",
        score_at_least=2,
        title_en="Set",
        decision="1/QĐ",
        note="n",
        issued="2024-01-01",
    )
    text = dump_criteria(cs)
    assert cs == loads_criteria(text, base=thdx.default_catalogue())
    (tmp_path / "cs.toml").write_text(text, encoding="utf-8")
    assert cs == load_criteria(tmp_path / "cs.toml", base=thdx.default_catalogue())
    shipped = criteria_qd1829()
    assert shipped == loads_criteria(dump_criteria(shipped))
    at_least = attrs.evolve(cs, pass_rule="at_least", at_least=1, score_at_least=None)
    assert at_least == loads_criteria(dump_criteria(at_least), base=thdx.default_catalogue())


CRITERIA = dump_criteria(criteria_qd1829())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            edit(CRITERIA, 'pass_rule = "unknown"', 'pass_rule = "most"'),
            [
                "criteria_set: 'most' is not a pass rule (expected one of 'all', 'at_least', "
                "'score', 'unknown')"
            ],
            id="unknown pass rule",
        ),
        pytest.param(
            edit(CRITERIA, 'pass_rule = "unknown"', 'pass_rule = "at_least"\nat_least = "2"'),
            [
                "criteria_set: criteria set 'qd1829.commune': pass rule 'at_least' needs "
                "at_least between 0 and 3, got '2'"
            ],
            id="at_least as text",
        ),
        pytest.param(
            edit(CRITERIA, 'pass_rule = "unknown"', 'pass_rule = "score"\nscore_at_least = "2"'),
            [
                "criteria_set: criteria set 'qd1829.commune': score_at_least must be a finite "
                "number, got '2'"
            ],
            id="score cut-off as text",
        ),
        pytest.param(
            edit(CRITERIA, "threshold = 95.0", 'threshold = 95.0\npoints = "two"'),
            ["criteria[2]: points must be a finite number, got 'two'"],
            id="points as text",
        ),
        pytest.param(
            edit(CRITERIA, 'level = "commune"', 'level = "province"'),
            ["criteria_set.level: 'province' is not a level (expected 'district' or 'commune')"],
            id="criteria for the province",
        ),
        pytest.param(
            edit(CRITERIA, 'indicator = "ehr_updated_share"', 'indicator = "nope"'),
            ["criteria[2].indicator: unknown indicator 'nope'"],
            id="criterion on an unknown indicator",
        ),
        pytest.param(
            edit(
                CRITERIA,
                'comparator = ">="\nthreshold = 95.0',
                'comparator = "=>"\nthreshold = 95.0',
            ),
            [
                "criteria[2].comparator: '=>' is not a comparator (expected one of '>=', '>', "
                "'<=', '<', '==')"
            ],
            id="criterion with an unknown comparator",
        ),
        pytest.param(
            edit(CRITERIA, "complete = false", "complete = false\ncolour = 1"),
            ["criteria_set.colour: unknown key"],
            id="unknown key",
        ),
    ],
)
def test_criteria_loader_problem(text: str, expected: list[str]) -> None:
    """Each problem of a criteria file is reported with its path and an exact message."""
    with pytest.raises(RulebookError) as info:
        loads_criteria(text)
    assert expected == [str(p) for p in info.value.problems]


def test_criteria_from_an_empty_mapping() -> None:
    """An empty mapping reports the schema and the missing table, not each of its keys."""
    with pytest.raises(RulebookError) as info:
        criteria_from_dict({})
    assert [
        Problem("schema_version", "expected 1, got None"),
        Problem("criteria_set", "missing table [criteria_set]"),
    ] == list(info.value.problems)


def test_criteria_complete_must_be_a_boolean() -> None:
    """complete = "false" (a string) is refused, not read as true."""
    doc = json.loads(json.dumps(criteria_to_dict_of_shipped()))
    doc["criteria_set"]["complete"] = "false"
    with pytest.raises(RulebookError) as info:
        criteria_from_dict(doc)
    assert [Problem("criteria_set.complete", "expected true or false, got 'false'")] == list(
        info.value.problems
    )


def test_criteria_entry_not_a_table() -> None:
    """A criteria entry that is not a table is reported."""
    doc = json.loads(json.dumps(criteria_to_dict_of_shipped()))
    doc["criteria"].append(5)
    with pytest.raises(RulebookError) as info:
        criteria_from_dict(doc)
    assert ["criteria[3]: expected a table"] == [str(p) for p in info.value.problems]


def criteria_to_dict_of_shipped() -> dict[str, object]:
    """The shipped criteria set in the file's structure."""

    return criteria_to_dict(criteria_qd1829())


def test_load_criteria_missing_file(tmp_path: Path) -> None:
    """A criteria file that cannot be read is one problem naming it."""
    path = tmp_path / "none.toml"
    with pytest.raises(RulebookError) as info:
        load_criteria(path)
    assert f"{path}: 1 problem\n  {path}: cannot read: No such file or directory" == str(info.value)


def test_catalogue_of_a_rulebook_with_its_own_indicators() -> None:
    """A rulebook's own indicators join the base catalogue; dumping writes only its own."""
    rb = loads_rulebook(HEAD + INDICATOR + TARGET, base=thdx.default_catalogue())
    assert ("x_share",) == rb.own_indicators
    assert (
        Indicator("x_share", "Tỷ lệ X", "X", "society", "percent", "share")
        == rb.catalogue["x_share"]
    )
    assert ["x_share"] == [i["id"] for i in rulebook_to_dict(rb)["indicators"]]
    assert isinstance(rb.catalogue, Catalogue)
    assert isinstance(rb.targets[0], Target)
