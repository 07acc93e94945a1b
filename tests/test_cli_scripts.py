"""Tests of the command line in scripts: results on standard output and errors and
warnings on standard error, exit statuses, per-unit output (--unit, --level), files
told by their content (check), messages naming options, "did you mean" for typos (in
the command line and in the Python API's errors), and hostile arguments."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import thdx
from thdx.cli import main
from thdx.io import parse_measurements
from thdx.model import UnknownIndicatorError, UnknownTargetError, UnknownUnitError
from thdx.model._errors import close_matches

HEADER = "unit,indicator,period,value,source\n"
#: Satisfaction of 95 % for the city of Thanh Hóa (district 380) in 2024.
CITY = HEADER + "380,satisfaction_share,2024,95 %,survey 2024\n"
UNITS_HEADER = "code,name,kind,parent_code,valid_from,valid_until,successors\n"


def run3(*argv: str) -> tuple[int, str, str]:
    """Run the command line; its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The message of a usage error (exit status 2) on standard error."""
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    captured = capsys.readouterr()
    assert (2, "") == (info.value.code, captured.out)
    return captured.err.splitlines()[-1]


def write(tmp_path: Path, name: str, text: str) -> Path:
    """A file of ``text`` in tmp_path."""
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- standard output and standard error, in a real process -------------------------------


def test_error_goes_to_stderr_not_into_the_json(tmp_path: Path) -> None:
    """`thdx evaluate bad.csv --json > o.json`: exit 2, nothing on stdout, the error on
    stderr."""
    bad = write(tmp_path, "bad.csv", HEADER + "38,grpd,2024,1,\n")
    done = subprocess.run(
        [sys.executable, "-m", "thdx", "evaluate", str(bad), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (
        2,
        "",
        f"error: {bad}: 1 problem\n  {bad}:2:indicator: unknown indicator 'grpd' "
        "(did you mean 'grdp'?)\n",
    ) == (done.returncode, done.stdout, done.stderr)


def test_warning_goes_to_stderr(tmp_path: Path) -> None:
    """A warning (shares that look like fractions) is one line on stderr; the scorecard
    is on stdout and the exit status 0."""
    p = write(tmp_path, "d.csv", HEADER + "38,satisfaction_share,2024,0.5,\n")
    status, out, err = run3("evaluate", str(p), "--as-of", "2025-06-30")
    assert 0 == status
    assert out.startswith("06-NQ/TU — scorecard as of 2025-06-30\n")
    assert err.startswith(f"warning: {p}: every share given as a plain number is ≤ 1")
    assert 1 == len(err.splitlines())


# -- per-unit output ----------------------------------------------------------------------


def test_unit_scorecard_hand_computed(tmp_path: Path) -> None:
    """--unit 380 as of 2025-06-30: 95 % ≥ 90 % meets the 2025 goal, on 2024 data, so
    not final; 95 % < 98 % misses the 2030 goal (not final either)."""
    p = write(tmp_path, "d.csv", CITY)
    status, out, err = run3("evaluate", str(p), "--as-of", "2025-06-30", "--unit", "380")
    lines = out.splitlines()
    assert (0, "") == (status, err)
    assert "06-NQ/TU — Thành phố Thanh Hóa (380) — scorecard as of 2025-06-30" == lines[0]
    assert (
        "2025.gov.satisfaction              MET                95 %       >=90 %  2024       no"
        in lines
    )
    assert (
        "2030.gov.satisfaction              NOT MET            95 %       >=98 %  2024       no"
        in lines
    )


def test_unit_verdicts_are_the_reports() -> None:
    """Each goal printed for a unit has the status the report gives that unit."""
    status, out, _ = run3("demo", "--as-of", "2025-06-30", "--unit", "380", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    report = thdx.evaluate(
        thdx.resolution_06(),
        thdx.example_data(),
        units=thdx.thanh_hoa_units(),
        as_of="2025-06-30",
        breakdown="district",
    )
    assert 0 == status
    assert {"380"} == {r["unit"] for r in rows}
    assert [r["status"] for r in rows] == [
        report.verdict(r["target"], unit="380").status.value for r in rows
    ]


def test_level_rows_are_units_of_that_level(tmp_path: Path) -> None:
    """--level district: one row per goal × district that existed on the day, the
    province left out; the city's satisfaction met."""
    p = write(tmp_path, "d.csv", CITY)
    status, out, _ = run3(
        "evaluate", str(p), "--as-of", "2025-06-30", "--level", "district", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    units = thdx.thanh_hoa_units()
    day = dt.date(2025, 6, 30)
    districts = {u.code for u in units if u.level.value == "district" and u.exists_on(day)}
    assert 0 == status
    assert {r["unit"] for r in rows} == districts
    sat = [r for r in rows if (r["target"], r["unit"]) == ("2025.gov.satisfaction", "380")]
    assert ["met"] == [r["status"] for r in sat]


def test_unit_json_names_the_unit(tmp_path: Path) -> None:
    """--unit --json: the report's JSON (valid against its schema) with only the unit's
    verdicts, each naming the unit, and the date."""
    import jsonschema

    import thdx

    p = write(tmp_path, "d.csv", CITY)
    _, out, _ = run3("evaluate", str(p), "--as-of", "2025-06-30", "--unit", "380", "--json")
    doc = json.loads(out)
    jsonschema.validate(doc, thdx.report_schema())
    assert ("2025-06-30", thdx.verdicts.SCHEMA_VERSION) == (doc["as_of"], doc["schema_version"])
    assert doc["verdicts"]
    assert {("380", "Thành phố Thanh Hóa")} == {
        (v["unit"], v["unit_name"]) for v in doc["verdicts"]
    }


def test_a_unit_that_no_longer_exists(tmp_path: Path) -> None:
    """District 380 ended on 2025-07-01 (the reform): asked for later, it is refused."""
    p = write(tmp_path, "d.csv", CITY)
    status, out, err = run3("evaluate", str(p), "--as-of", "2025-12-31", "--unit", "380")
    assert (2, "") == (status, out)
    assert err.startswith("error: --unit: unknown administrative unit '380' (no unit had")


def test_fail_on_looks_at_the_verdicts_printed(tmp_path: Path) -> None:
    """--fail-on not_met with --unit 380: the 2030 goal is NOT MET, so exit 1; for
    district 381 (no data: every goal UNKNOWN) exit 0, and 1 with --fail-on unknown."""
    p = write(tmp_path, "d.csv", CITY)
    day = ("--as-of", "2025-06-30")
    assert 1 == run3("evaluate", str(p), *day, "--unit", "380", "--fail-on", "not_met")[0]
    assert 0 == run3("evaluate", str(p), *day, "--unit", "381", "--fail-on", "not_met")[0]
    assert 1 == run3("evaluate", str(p), *day, "--unit", "381", "--fail-on", "unknown")[0]


# -- --lang governs every output ----------------------------------------------------------


def note_texts(doc: object) -> list[str]:
    """The text of every note of a JSON document, at any depth."""
    found: list[str] = []
    if isinstance(doc, dict):
        if set(doc) == {"code", "args", "text"}:
            found.append(doc["text"])
        for v in doc.values():
            found += note_texts(v)
    elif isinstance(doc, list):
        for v in doc:
            found += note_texts(v)
    return found


def test_json_note_texts_follow_lang() -> None:
    """--lang vi --json: every note text (of verdicts, steps and progress) is the
    Vietnamese text of its note; --lang en the English."""
    report = thdx.evaluate(
        thdx.resolution_06(), thdx.example_data(), units=thdx.thanh_hoa_units(), as_of="2025-12-31"
    )
    report.plan = thdx.plan_qd969()
    v = report.verdict("2030.gov.satisfaction")
    (note,) = v.notes
    vi = note_texts(json.loads(run3("demo", "--as-of", "2025-12-31", "--json", "--lang", "vi")[1]))
    en = note_texts(json.loads(run3("demo", "--as-of", "2025-12-31", "--json")[1]))
    assert note.text("vi") in vi
    assert note.text("vi") not in en
    assert note.text("en") in en
    assert len(vi) == len(en)
    assert not set(vi) & set(en)  # no note left in English


# -- check tells a file by its content ----------------------------------------------------


def test_check_tells_files_by_content(tmp_path: Path) -> None:
    """A units file named data.csv, measurements in a .txt file, a JSON rulebook named
    rules.txt, reported counts, a criteria set with another extension."""
    units = write(
        tmp_path,
        "data.csv",
        UNITS_HEADER + "99,Tỉnh Thử,tỉnh,,,,\n991,Huyện Một,huyện,99,,,\n9911,Xã Hai,xã,991,,,\n",
    )
    data = write(tmp_path, "data.txt", CITY)
    rules = write(tmp_path, "rules.txt", thdx.dump_rulebook(thdx.resolution_06(), format="json"))
    counts = write(
        tmp_path, "counts.csv", "unit,level,period,count,total,source\n38,commune,2023,114,558,\n"
    )
    criteria = write(tmp_path, "criteria.cfg", thdx.dump_criteria(thdx.criteria_qd1829()))
    status, out, err = run3("check", *map(str, (units, data, rules, counts, criteria)))
    assert (
        0,
        f"{units}: ok, units file with 3 units (1 province, 1 district, 1 commune)\n"
        f"{data}: ok, 1 measurements, 0 recognitions\n"
        f"{rules}: ok, rulebook '06-NQ/TU' with 22 targets\n"
        f"{counts}: ok, 1 reported counts\n"
        f"{criteria}: ok, criteria set 'qd1829.commune' with 3 criteria\n",
        "",
    ) == (status, out, err)


def test_check_a_toml_rulebook_whose_first_line_has_commas(tmp_path: Path) -> None:
    """A TOML comment with commas on its first line is not taken for a CSV header."""
    text = "# Resolution 99, Province X, illustrative\n" + (
        Path(__file__).parent.parent / "docs" / "examples" / "province-x.toml"
    ).read_text(encoding="utf-8")
    p = write(tmp_path, "rulebook", text)
    assert (0, f"{p}: ok, rulebook '99-NQ/TU' with 3 targets\n", "") == run3("check", str(p))


def test_check_a_units_file_with_a_bad_row(tmp_path: Path) -> None:
    """A units file is checked as units: its problems are the units reader's."""
    p = write(tmp_path, "u.csv", UNITS_HEADER + "99,Tỉnh Thử,tỉnh,,,,\nx9,Huyện,huyện,99,,,\n")
    status, out, err = run3("check", str(p))
    assert (2, "") == (status, out)
    assert err.startswith(f"{p}: 1 problem\n  {p}:3")


def test_check_a_csv_of_unknown_kind(tmp_path: Path) -> None:
    """A CSV whose header is no file thdx reads: the known headers are listed."""
    p = write(tmp_path, "x.csv", "a,b,c\n1,2,3\n")
    status, out, err = run3("check", str(p))
    assert (2, "") == (status, out)
    assert (
        f"{p}: 1 problem\n  {p}:1: the first line is the header of no file thdx reads "
        "(expected measurements: 'unit,indicator,period,value,source'; reported counts: "
        "'unit,level,period,count,total,source'; units: "
        "'code,name,kind,parent_code,valid_from,valid_until,successors')\n"
    ) == err


def test_check_a_mistyped_header_is_read_as_the_closest_kind(tmp_path: Path) -> None:
    """A header close to the measurements header: the measurements reader says what
    differs."""
    p = write(tmp_path, "d.txt", "unit,indicator,period,value,sources\n38,grdp,2024,1,\n")
    status, out, err = run3("check", str(p))
    assert (2, "") == (status, out)
    assert (
        f"{p}: 1 problem\n  {p}:1: header is 'unit,indicator,period,value,sources', "
        "expected 'unit,indicator,period,value,source'\n"
    ) == err


# -- messages name options ------------------------------------------------------------------


def test_messages_name_options_not_keywords(tmp_path: Path) -> None:
    """A units file without the rulebook's province: the message names --units."""
    units = write(tmp_path, "u.csv", UNITS_HEADER + "99,Tỉnh Thử,tỉnh,,,,\n")
    data = write(tmp_path, "d.csv", HEADER + "99,grdp,2024,1,\n")
    status, out, err = run3("evaluate", str(data), "--units", str(units), "--as-of", "2025")
    assert (2, "") == (status, out)
    assert "--units" in err
    assert "units=" not in err


# -- did you mean -------------------------------------------------------------------------


def test_unknown_unit_code_suggests(tmp_path: Path) -> None:
    """--unit 3800: the closest codes are suggested."""
    status, out, err = run3("demo", "--as-of", "2025-06-30", "--unit", "3800")
    assert (2, "") == (status, out)
    assert err.startswith("error: --unit: unknown administrative unit '3800' (did you mean '380'")


def test_typo_in_a_command_an_option_or_a_choice(capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped command, option or choice: argparse's message and the closest one."""
    assert usage_error(capsys, "evalute", "x.csv").endswith("(did you mean 'evaluate'?)")
    assert usage_error(capsys, "demo", "--as_of", "2025").endswith("(did you mean '--as-of'?)")
    assert usage_error(capsys, "demo", "--level", "comune").endswith("(did you mean 'commune'?)")
    assert usage_error(capsys, "demo", "--lang", "vie").endswith("(did you mean 'vi'?)")


def test_unit_and_level_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--unit and --level exclude each other."""
    line = usage_error(capsys, "demo", "--unit", "38", "--level", "commune")
    assert line.endswith("argument --level: not allowed with argument --unit")


def test_api_errors_suggest() -> None:
    """UnknownTargetError, UnknownIndicatorError and UnknownUnitError name the closest
    ids, in the message and as ``suggestions``."""
    with pytest.raises(UnknownTargetError) as target:
        thdx.resolution_06().target("2025.gov.satisfacton")
    with pytest.raises(UnknownIndicatorError) as indicator:
        thdx.default_catalogue()["grpd"]
    with pytest.raises(UnknownUnitError) as unit:
        thdx.thanh_hoa_units().lookup("Thanh Hoaa")
    assert ("2025.gov.satisfaction", "2030.gov.satisfaction") == target.value.suggestions
    assert str(target.value).endswith(
        "(did you mean '2025.gov.satisfaction' or '2030.gov.satisfaction'?)"
    )
    assert ("grdp",) == indicator.value.suggestions
    assert "unknown indicator 'grpd' (did you mean 'grdp'?)" == str(indicator.value)
    assert "Tỉnh Thanh Hóa" in unit.value.suggestions


def test_report_unit_suggests() -> None:
    """report.verdict(target, unit=) for a unit not judged names those closest."""
    report = thdx.evaluate(
        thdx.resolution_06(),
        thdx.example_data(),
        units=thdx.thanh_hoa_units(),
        as_of="2025-06-30",
        breakdown="district",
    )
    with pytest.raises(UnknownUnitError) as info:
        report.verdict("2025.gov.satisfaction", unit="3811")
    assert "381" in info.value.suggestions


def test_level_names_suggest() -> None:
    """A mistyped level name, in evaluate(breakdown=) and Report.breakdown; a symbol of
    two characters ('=>') gets no suggestion (the closest, '>', is not what was meant)."""
    rb, units = thdx.resolution_06(), thdx.thanh_hoa_units()
    with pytest.raises(thdx.EvaluationError, match=r"\(did you mean 'commune'\?\)$"):
        thdx.evaluate(rb, thdx.example_data(), units=units, as_of="2025", breakdown="comune")
    report = thdx.evaluate(rb, thdx.example_data(), units=units, as_of="2025")
    with pytest.raises(thdx.EvaluationError) as info:
        report.breakdown("2025.gov.satisfaction", "distrct")
    assert (
        "'distrct' is not a level (expected one of 'province', 'district', 'commune') "
        "(did you mean 'district'?)" == str(info.value)
    )
    with pytest.raises(thdx.RuleError) as symbol:
        thdx.Comparator.parse("=>")
    assert "did you mean" not in str(symbol.value)


def test_far_and_huge_ids_get_no_suggestion() -> None:
    """Nothing close, nothing suggested; a huge id is not compared at all (no hang)."""
    assert () == close_matches("happiness", ["grdp", "dx_index_rank"])
    assert () == close_matches("2025.gov.happiness", [t.id for t in thdx.resolution_06().targets])
    start = time.monotonic()
    assert () == close_matches("g" * 1_000_000, ["grdp"] * 10_000)
    assert time.monotonic() - start < 1


def test_suggestions_survive_pickling() -> None:
    """An error rebuilt from a pickle keeps its suggestions and message."""
    err = UnknownUnitError("3800", where="--unit", suggestions=("380",))
    back = pickle.loads(pickle.dumps(err))
    assert (str(err), ("380",)) == (str(back), back.suggestions)


def test_data_row_with_a_mistyped_indicator_suggests() -> None:
    """A data file's unknown indicator names the closest known one."""
    with pytest.raises(thdx.DataFileError) as info:
        parse_measurements(HEADER + "38,satisfaction_shares,2024,90,\n")
    assert [
        "<data>:2:indicator: unknown indicator 'satisfaction_shares' "
        "(did you mean 'satisfaction_share'?)"
    ] == [str(p) for p in info.value.problems]


# -- hostile arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("9" * 100_000, "'9999999999999999999…(100002 characters)"),
        ("٣٨", "'٣٨'"),
        ("\x00", "'\\x00'"),
        ("", "''"),
    ],
)
def test_hostile_unit(unit: str, shown: str) -> None:
    """A huge, non-ASCII, NUL or empty --unit: one short line naming it."""
    status, out, err = run3("demo", "--unit", unit)
    assert (
        2,
        "",
        f"error: --unit: {shown} is not a unit code (1 to 10 ASCII digits, such as '38')\n",
    ) == (
        status,
        out,
        err,
    )


def test_huge_as_of_is_cut_short() -> None:
    """A 100,000-character --as-of: the message line is cut, never 100 KB."""
    status, out, err = run3("demo", "--as-of", "2" * 100_000)
    assert (2, "") == (status, out)
    assert err.startswith("error: --as-of: '2222")
    assert err.endswith("…(100143 characters)\n")
    assert len(err) < 600


def test_huge_choice_is_cut_short(capsys: pytest.CaptureFixture[str]) -> None:
    """A 100,000-character --level: argparse's message is cut too."""
    line = usage_error(capsys, "demo", "--level", "c" * 100_000)
    assert line.startswith("thdx demo: error: argument --level: invalid choice: 'ccc")
    assert len(line) < 600


@pytest.mark.slow
class TestHostileArguments:
    """'Any text given to --unit, --as-of or as an option ends in exit status 0, 1 or 2,
    never 3 (a bug); an error leaves standard output empty' (the brief: errors on
    standard error, a clear message for hostile input)."""

    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from(["--unit", "--as-of"]), st.text(max_size=300))
    def test_option_values(self, option: str, value: str) -> None:
        """A value of --unit or --as-of: done or refused, never a bug."""
        status, out, err = exit_of("demo", option, value, "--format", "csv")
        assert status in (0, 2)
        if status == 2 and err.startswith("error: "):  # else argparse's usage error
            assert "" == out
            assert all(len(line) <= 1100 for line in err.splitlines())

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.text(max_size=40), max_size=4))
    def test_any_arguments(self, argv: list[str]) -> None:
        """Any arguments after a command: a usage error (2) or an answer, never a bug."""
        assert exit_of("check", *argv)[0] in (0, 2)


def exit_of(*argv: str) -> tuple[int, str, str]:
    """The exit status of the command line (argparse's SystemExit included), its
    standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    try:
        status = main(list(argv), out=out, err=err)
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()
