"""The rulebook format's ``stated_for`` keys and the loader's ``jurisdiction=``: a goal
stated for a wider level than it is judged for, and a national document measured for
the unit the loader names — with hostile input."""

from __future__ import annotations

import pytest

import thdx
from thdx import RulebookError, RuleError

_NATIONAL = """
schema_version = 1

[rulebook]
id = "vn/1"
number = "1/QĐ-TTg"
title = "Chương trình"
stated_for = "nation"

[[targets]]
id = "2025.econ.de"
clause = "Kinh tế số chiếm 20% GDP"
deadline = "2025"
scope = "province"
measure = "value"
indicator = "digital_economy_share"
comparator = ">="
threshold = "20 %"
"""


def _load(text: str, **kw: object) -> thdx.Rulebook:
    base = thdx.resolution_06().catalogue
    return thdx.loads_rulebook(text, source="t.toml", base=base, **kw)  # type: ignore[arg-type]


def _problems(text: str, **kw: object) -> str:
    with pytest.raises(RulebookError) as info:
        _load(text, **kw)
    return str(info.value)


def test_national_document_takes_the_loaders_jurisdiction() -> None:
    """Stated for the nation, measured for the unit given; its targets inherit the level."""
    rb = _load(_NATIONAL, jurisdiction="38")
    t = rb.targets[0]
    assert ("38", "nation", "nation", True) == (
        rb.jurisdiction,
        rb.stated_for,
        t.stated_for,
        t.benchmark,
    )


def test_national_document_without_a_jurisdiction_says_how_to_give_one() -> None:
    """No jurisdiction in the file nor from the loader: one problem, naming the remedy."""
    assert (
        "t.toml: 1 problem\n  rulebook.jurisdiction: missing: a rulebook stated for the "
        "nation is measured for the unit the loader names (jurisdiction='38')"
    ) == _problems(_NATIONAL)


def test_a_province_document_without_a_jurisdiction_is_refused_even_if_given() -> None:
    """Only a document stated for the nation takes its jurisdiction from the loader."""
    text = _NATIONAL.replace('stated_for = "nation"\n', "")
    assert "rulebook.jurisdiction: missing\n" in _problems(text) + "\n"
    assert (
        "rulebook.jurisdiction: missing: only a rulebook stated for the nation takes its "
        "jurisdiction from the loader (jurisdiction='38' was given)"
    ) in _problems(text, jurisdiction="38")


def test_loader_jurisdiction_must_agree_with_the_files() -> None:
    """A file naming '38' loaded with jurisdiction='40' is a contradiction, reported."""
    text = _NATIONAL.replace('stated_for = "nation"', 'stated_for = "nation"\njurisdiction = "38"')
    assert "38" == _load(text, jurisdiction="38").jurisdiction
    assert (
        "rulebook.jurisdiction: the file names '38', the loader was given jurisdiction='40'"
    ) in _problems(text, jurisdiction="40")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (38, "jurisdiction=: expected a unit code (a str), got 38"),
        ("", "jurisdiction=: "),
        ("3" * 10_000, "jurisdiction=: "),
        ("38\x00", "jurisdiction=: "),
    ],
)
def test_hostile_loader_jurisdiction(given: object, message: str) -> None:
    """A jurisdiction that is not a str unit code is one problem at ``jurisdiction=``."""
    out = _problems(_NATIONAL, jurisdiction=given)
    assert message in out
    assert len(out) < 2_000  # the huge value is shortened, not echoed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"nations"',
            "'nations' is not a level a goal is stated for (expected one of 'nation', "
            "'province', 'district', 'commune'; did you mean 'nation'?)",
        ),
        ('"Nation"', "did you mean 'nation'?"),
        ("1", "1 is not a level a goal is stated for"),
        ('["nation"]', "['nation'] is not a level a goal is stated for"),
        ('{ level = "nation" }', "is not a level a goal is stated for"),
        ('"' + "n" * 5000 + '"', "is not a level a goal is stated for"),
    ],
)
def test_hostile_stated_for_in_rulebook(value: str, message: str) -> None:
    """A typo'd, cased, wrongly typed, nested or huge stated_for is named with its path."""
    text = _NATIONAL.replace('stated_for = "nation"', f"stated_for = {value}")
    out = _problems(text, jurisdiction="38")
    assert "rulebook.stated_for: " in out
    assert message in out


def test_a_target_may_state_a_narrower_level_than_the_rulebook() -> None:
    """A national programme's goal stated for each province is not a benchmark."""
    text = _NATIONAL.replace('measure = "value"', 'stated_for = "province"\nmeasure = "value"')
    t = _load(text, jurisdiction="38").targets[0]
    assert ("province", False) == (t.stated_for, t.benchmark)


def test_a_goal_stated_for_each_commune_is_not_the_provinces() -> None:
    """stated_for below the scope is refused at the target's path."""
    text = _NATIONAL.replace('measure = "value"', 'stated_for = "commune"\nmeasure = "value"')
    assert (
        "targets[0].stated_for: a goal stated for each commune cannot be judged for a "
        "province: stated_for must be that level or a wider one ('nation', 'province')"
    ) in _problems(text, jurisdiction="38")


def test_every_problem_at_once() -> None:
    """A bad rulebook level, a bad target level and a missing jurisdiction: all three."""
    text = _NATIONAL.replace('stated_for = "nation"', 'stated_for = "world"').replace(
        'measure = "value"', 'stated_for = "town"\nmeasure = "value"'
    )
    out = _problems(text)
    assert out.startswith("t.toml: 3 problems\n")
    for path in ("rulebook.stated_for", "targets[0].stated_for", "rulebook.jurisdiction"):
        assert f"  {path}: " in out


def test_resolution_06_is_unchanged() -> None:
    """A rulebook without stated_for keeps '' everywhere: no benchmark."""
    rb = thdx.resolution_06()
    assert ("", set(), set()) == (
        rb.stated_for,
        {t.stated_for for t in rb.targets} - {""},
        {t.id for t in rb.targets if t.benchmark},
    )


def test_count_of_communes_stated_for_the_province_is_allowed() -> None:
    """A count over communes may be stated for the province (the usual case)."""
    rb = thdx.resolution_06()
    t = rb.target("2025.soc.communes_completed")
    import attrs

    stated = attrs.evolve(t, stated_for="province")
    assert (False, "province") == (stated.benchmark, stated.stated_for)
    assert attrs.evolve(t, stated_for="nation").benchmark
    with pytest.raises(RuleError):
        attrs.evolve(t, stated_for="commune")


def test_target_and_rulebook_validate_stated_for_in_code() -> None:
    """Built in code, a bad level is a RuleError naming it."""
    import attrs

    t = thdx.resolution_06().target("2025.gov.satisfaction")
    with pytest.raises(RuleError) as info:
        attrs.evolve(t, stated_for="nations")
    assert (
        "stated_for must be one of 'nation', 'province', 'district', 'commune', got 'nations'"
    ) == str(info.value)
    with pytest.raises(RuleError) as info:
        attrs.evolve(t, stated_for="district")
    assert "a goal stated for each district is not a goal judged for a province" in str(info.value)
    with pytest.raises(RuleError):
        attrs.evolve(thdx.resolution_06(), stated_for="planet")


def test_dumped_target_level_survives_when_it_differs() -> None:
    """A target's own level is written only when it differs from the rulebook's."""
    text = _NATIONAL.replace('measure = "value"', 'stated_for = "province"\nmeasure = "value"')
    rb = _load(text, jurisdiction="38")
    dumped = thdx.dump_rulebook(rb)
    assert (2, rb) == (dumped.count("stated_for"), _load(dumped))


def test_thdx_check_reads_a_national_file_for_thanh_hoa() -> None:
    """`thdx check` on the shipped programme: ok, checked as read for Thanh Hóa."""
    import io
    from importlib import resources

    from thdx.cli import main

    out = io.StringIO()
    path = resources.files("thdx").joinpath("data", "programme_749.toml")
    assert 0 == main(["check", str(path)], out=out)
    assert out.getvalue().endswith(": ok, rulebook '749/QĐ-TTg' with 6 targets\n")
