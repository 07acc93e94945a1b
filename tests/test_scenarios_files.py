"""Tests of scenario files: reading, every problem at once, running a case."""

from __future__ import annotations

from pathlib import Path

import pytest

import thdx
from thdx.scenarios import (
    CASE_KEYS,
    EXPECT_KEYS,
    ScenarioFileError,
    load_scenarios,
    loads_scenarios,
    run_case,
    scenario_files,
)

SATISFACTION_90 = '''
[[case]]
name = "at 90"
as_of = 2025-12-31
data = """
unit,indicator,period,value,source
38,satisfaction_share,2025,90 %,SIPAS 2025
"""
[case.expect]
"2025.gov.satisfaction" = { status = "MET", final = true, value = 0.9, unit = "" }
'''


def problems(text: str, base: Path | None = None) -> list[str]:
    """The problems of a scenario document, as ``where: message`` lines."""
    with pytest.raises(ScenarioFileError) as info:
        loads_scenarios(text, base=base or Path("."))
    return [str(p) for p in info.value.problems]


class TestReading:
    """A valid file gives its cases, loaded and checked."""

    def test_a_case(self) -> None:
        """Name, day, data and expectations are read; the rulebook is Resolution 06."""
        (case,) = loads_scenarios(SATISFACTION_90.replace(', unit = ""', "")).cases
        assert ("at 90", "2025-12-31", 0) == (case.name, case.as_of.isoformat(), case.index)
        assert case.rulebook is thdx.resolution_06()
        assert case.units is thdx.thanh_hoa_units()
        assert [("38", "satisfaction_share", 90.0)] == [
            (m.unit, m.indicator, m.magnitude) for m in case.data
        ]
        (e,) = case.expect
        assert ("2025.gov.satisfaction", thdx.Status.MET, True, 0.9) == (
            e.target,
            e.status,
            e.final,
            e.value,
        )

    def test_value_converted_from_its_unit(self) -> None:
        """A value written in another unit is converted to the threshold's: 0.9 → 90 %."""
        text = SATISFACTION_90.replace('unit = ""', 'unit = "dimensionless"')
        (case,) = loads_scenarios(text).cases
        assert 90.0 == pytest.approx(case.expect[0].value)

    def test_status_spellings(self) -> None:
        """A status is its name (MET) or its value (met); nothing else."""
        text = SATISFACTION_90.replace('status = "MET"', 'status = "met"')
        assert thdx.Status.MET is loads_scenarios(text).cases[0].expect[0].status

    def test_paths_relative_to_the_file(self, tmp_path: Path) -> None:
        """data_file is read relative to the scenario file, not the working directory."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "d.csv").write_text(
            "unit,indicator,period,value,source\n38,satisfaction_share,2025,95 %,x\n", "utf-8"
        )
        f = tmp_path / "sub" / "a.thdx.toml"
        f.write_text(
            '[[case]]\nname = "f"\nas_of = 2025-12-31\ndata_file = "d.csv"\n'
            '[case.expect]\n"2025.gov.satisfaction" = "MET"\n',
            "utf-8",
        )
        (case,) = load_scenarios(f).cases
        assert [95.0] == [m.magnitude for m in case.data]
        assert run_case(case).passed

    def test_keys_documented(self) -> None:
        """The keys a case and an expectation take."""
        expected_case = {
            "name",
            "as_of",
            "rulebook",
            "units",
            "criteria",
            "carry_over",
            "count_era",
            "data",
            "data_file",
            "expect",
        }
        assert expected_case == CASE_KEYS
        expected = {"status", "final", "value", "unit", "abs_margin", "rel_margin"}
        assert expected | {"notes_include"} == EXPECT_KEYS


class TestProblems:
    """Every problem of a file is reported at once, with its case and key."""

    def test_typos_with_hints(self) -> None:
        """Misspelled keys, statuses, targets, note codes and rulebooks: did you mean."""
        text = """
[[case]]
nmae = "x"
name = "typos"
as_of = 2025-12-31
rulebook = "resolution06"

[case.expect]
"2025.gov.satisfaction" = { stauts = "MET" }

[[case]]
name = "more typos"
as_of = 2025-12-31
[case.expect]
"2025.gov.satisfactoin" = "MET"
"2025.gov.eid_users" = { status = "NOT MET", notes_include = ["era_endd"] }
"""
        assert [
            "case[0] 'typos'.nmae: unknown key (did you mean 'name'?)",
            "case[0] 'typos'.rulebook: 'resolution06' is not a shipped rulebook"
            " ('plan_qd969', 'resolution_06') nor a path (did you mean 'resolution_06'?)",
            "case[0] 'typos'.expect.\"2025.gov.satisfaction\".stauts: unknown key"
            " (did you mean 'status'?)",
            "case[1] 'more typos'.expect.\"2025.gov.satisfactoin\": the rulebook '06-NQ/TU'"
            " has no target '2025.gov.satisfactoin' (did you mean '2025.gov.satisfaction'?)",
            "case[1] 'more typos'.expect.\"2025.gov.eid_users\".status: expected a status"
            " (MET, NOT_MET, UNKNOWN, NOT_APPLICABLE), got 'NOT MET' (did you mean 'NOT_MET'?)",
            "case[1] 'more typos'.expect.\"2025.gov.eid_users\".notes_include[0]:"
            " 'era_endd' is not a note code (did you mean 'era_ended'?)",
        ] == problems(text)

    def test_missing_and_malformed(self, tmp_path: Path) -> None:
        """Missing fields, bad days, absent files, both forms of data, bad types."""
        text = """
[[case]]
as_of = "2025-13-01"
data = "x"
data_file = "d.csv"
units = "nowhere.csv"
count_era = "now"
carry_over = "yes"

[[case]]
name = "second"
as_of = 2025-12-31
[case.expect]
"2025.gov.satisfaction" = { value = "90 %", abs_margin = -1, unit = 5 }
"2025.gov.eid_users" = 3
"""
        found = problems(text, tmp_path)
        nowhere = str(tmp_path / "nowhere.csv")
        assert [
            "case[0].name: missing",
            "case[0].as_of: '2025-13-01' is not a day (expected 'YYYY-MM-DD', such as"
            " '2025-12-31')",
            "case[0].carry_over: expected true or false, got 'yes'",
            "case[0].count_era: expected 'set' or 'current', got 'now'",
            f"case[0].units: no such file: 'nowhere.csv' (looked for {nowhere!r})",
            "case[0].data_file: give the data inline (data) or as a file, not both",
            "case[0].expect: missing: a case needs at least one expected verdict",
            "case[1] 'second'.expect.\"2025.gov.satisfaction\".value: expected a number,"
            " got '90 %'",
            "case[1] 'second'.expect.\"2025.gov.satisfaction\".abs_margin: a margin must be"
            " 0 or more, got -1",
            "case[1] 'second'.expect.\"2025.gov.satisfaction\".unit: expected a unit of"
            " measure (text), got 5",
            "case[1] 'second'.expect.\"2025.gov.eid_users\": expected a status or a table of"
            " expectations, got 3",
        ] == found

    def test_bad_data_rows(self) -> None:
        """A bad row of the inline data is a problem of the case's data key."""
        text = SATISFACTION_90.replace("90 %,SIPAS", "190 %,SIPAS")
        (found,) = problems(text)
        assert found.startswith("case[0] 'at 90'.data:2:value: ")
        assert "190" in found

    def test_duplicate_names(self) -> None:
        """Two cases of one name are refused (items of one file need distinct names)."""
        text = SATISFACTION_90 + SATISFACTION_90
        assert ["case[1] 'at 90'.name: another case is named 'at 90'"] == problems(text)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", "case: expected one or more [[case]] tables, got None"),
            ("case = 3", "case: expected one or more [[case]] tables, got 3"),
            ("case = [3]", "case[0]: expected a table [[case]], got 3"),
            ("cases = []\n[[case]]\nname='a'", "cases: unknown key (did you mean 'case'?)"),
        ],
    )
    def test_shape(self, text: str, expected: str) -> None:
        """A document without [[case]] tables is refused with its first problem named."""
        assert expected == problems(text)[0]

    def test_not_toml(self) -> None:
        """Text that is not TOML is refused as a whole, never guessed at."""
        with pytest.raises(ScenarioFileError, match=r"^<string>: 1 problem\n  not valid TOML"):
            loads_scenarios("[[case]\nname = ")

    def test_nested_too_deeply(self) -> None:
        """A hostile nesting is refused without a RecursionError."""
        text = "x = " + "[" * 100_000 + "]" * 100_000
        with pytest.raises(ScenarioFileError, match="not readable TOML"):
            loads_scenarios(text)

    def test_huge_file(self, tmp_path: Path) -> None:
        """A file over the size limit is refused before it is parsed."""
        from thdx.rulebooks import MAX_DOCUMENT_SIZE

        f = tmp_path / "huge.thdx.toml"
        f.write_bytes(b"# " + b"x" * MAX_DOCUMENT_SIZE + b"\n")
        with pytest.raises(ScenarioFileError, match=r"huge\.thdx\.toml: 1 problem"):
            load_scenarios(f)

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 are refused, not decoded by a guess."""
        f = tmp_path / "latin.thdx.toml"
        f.write_bytes('[[case]]\nname = "Hóa"\n'.encode("latin-1"))
        with pytest.raises(ScenarioFileError, match="UTF-8"):
            load_scenarios(f)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A file that cannot be read names itself."""
        with pytest.raises(ScenarioFileError, match=r"cannot read the file: No such file"):
            load_scenarios(tmp_path / "absent.thdx.toml")

    def test_is_a_thdx_error(self) -> None:
        """ScenarioFileError is a ThdxError and a ValueError."""
        assert issubclass(ScenarioFileError, thdx.ThdxError)
        assert issubclass(ScenarioFileError, ValueError)


class TestRunning:
    """run_case compares every expectation and explains a failure."""

    def test_every_mismatch_listed(self) -> None:
        """All the expectations a verdict missed, expected then actual, then the trace."""
        text = SATISFACTION_90.replace(
            '{ status = "MET", final = true, value = 0.9, unit = "" }',
            '{ status = "NOT_MET", final = false, value = 91, notes_include = ["standing"] }',
        )
        outcome = run_case(loads_scenarios(text).cases[0])
        assert not outcome.passed
        assert [
            "2025.gov.satisfaction: status: expected NOT_MET, got MET",
            "2025.gov.satisfaction: final: expected false, got true",
            "2025.gov.satisfaction: value: expected 91 %, got 90 %",
            "2025.gov.satisfaction: notes_include: expected standing, got no notes",
        ] == [str(m) for m in outcome.mismatches]
        lines = outcome.explain().splitlines()
        assert "case[0] 'at 90' in <string>: 4 expectation(s) not met" == lines[0]
        assert "--- 2025.gov.satisfaction ---" in lines
        assert "2025.gov.satisfaction — unit 38: MET (final)" in lines

    def test_margins(self) -> None:
        """A value within the margin passes; outside it fails, showing the margin."""
        text = SATISFACTION_90.replace(
            'value = 0.9, unit = ""', "value = 90.5, abs_margin = 0.5"
        ).replace('status = "MET", final = true, ', "")
        assert run_case(loads_scenarios(text).cases[0]).passed
        tight = text.replace("abs_margin = 0.5", "abs_margin = 0.49")
        (m,) = run_case(loads_scenarios(tight).cases[0]).mismatches
        assert "value: expected 90.5 % ± 0.49 %, got 90 %" in str(m)
        relative = text.replace("abs_margin = 0.5", "rel_margin = 0.006")  # 0.543 >= 0.5
        assert run_case(loads_scenarios(relative).cases[0]).passed

    def test_exact_by_default(self) -> None:
        """Without a margin, the comparison's tolerance only (1e-9 relative)."""
        text = SATISFACTION_90.replace('value = 0.9, unit = ""', "value = 90.000001")
        (m,) = run_case(loads_scenarios(text).cases[0]).mismatches
        assert "value" == m.key

    def test_note_keys_and_codes(self) -> None:
        """notes_include matches a note's code or its full key."""
        text = SATISFACTION_90.replace("2025,90 %", "2025-Q4,90 %").replace(
            '{ status = "MET", final = true, value = 0.9, unit = "" }',
            '{ notes_include = ["standing", "standing:2025-Q4:2025"] }',
        )
        assert run_case(loads_scenarios(text).cases[0]).passed

    def test_evaluation_refusal_is_a_file_problem(self) -> None:
        """Data the evaluation refuses (a recognition of a unit that no longer existed)
        is a problem of the case, raised as ScenarioFileError."""
        text = (
            '[[case]]\nname = "gone"\nas_of = 2025-12-31\n'
            'data = "unit,indicator,period,value,source\\n386,dx_completed,2025-07-01,QĐ 1,x"\n'
            '[case.expect]\n"2025.soc.districts_completed" = "MET"\n'
        )
        with pytest.raises(ScenarioFileError, match=r"case\[0\] 'gone': .*'386'"):
            run_case(loads_scenarios(text).cases[0])

    def test_scenario_files(self, tmp_path: Path) -> None:
        """Directories give their *.thdx.toml files, recursively and sorted; files
        given are kept; each once; an absent path is refused."""
        (tmp_path / "b").mkdir()
        for name in ("b/z.thdx.toml", "a.thdx.toml", "c.toml"):
            (tmp_path / name).write_text("", "utf-8")
        got = scenario_files([tmp_path, tmp_path / "a.thdx.toml"])
        assert [tmp_path / "a.thdx.toml", tmp_path / "b" / "z.thdx.toml"] == got
        with pytest.raises(ScenarioFileError, match="no such file or directory"):
            scenario_files([tmp_path / "nope"])
