"""Tests of the thdx command line (thdx.cli.main): goals, check, evaluate and demo."""

from __future__ import annotations

import datetime as dt
import io
import json
from importlib import resources
from pathlib import Path

import pytest

import thdx
from thdx.cli import main, resolution_06_report

GOAL_IDS = [t.id for t in thdx.resolution_06().targets]
DIRECTION_IDS = [d.id for d in thdx.resolution_06().directions]


def run(*argv: str) -> tuple[int, str]:
    """Run the command line; its exit status and output (standard error must be empty)."""
    status, out, err = run3(*argv)
    assert "" == err
    return status, out


def run3(*argv: str) -> tuple[int, str, str]:
    """Run the command line; its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def shipped(name: str) -> bytes:
    """A shipped data file."""
    return resources.files("thdx").joinpath("data", name).read_bytes()


# -- goals ------------------------------------------------------------------------------


def test_goals_in_english() -> None:
    """goals --lang en: the title, the 22 goals with threshold and deadline, the 7 directions."""
    status, out = run("goals", "--lang", "en")
    lines = out.splitlines()
    assert (
        0,
        "06-NQ/TU — Resolution on digital transformation of Thanh Hóa province to 2025, "
        "orientation to 2030",
        30,
        GOAL_IDS + DIRECTION_IDS,
        "2025.gov.satisfaction                  >=     90 %  by 2025  Citizens and businesses "
        "satisfied with how state agencies handle administrative procedures",
        "2025.soc.communes_completed            >=      300  by 2025  Commune-level units "
        "(communes, wards, townships) that completed digital transformation under the "
        "provincial criteria",
        "2025.overall.dx_rank_top10             <=       10  by 2025  Among the 10 leading "
        "provinces/cities in digital transformation",
        "direction.cybersecurity                               Ensure network safety and "
        "security and information protection in digital transformation",
    ) == (
        status,
        lines[0],
        len(lines),
        [line.split()[0] for line in lines[1:]],
        lines[1 + GOAL_IDS.index("2025.gov.satisfaction")],
        lines[1 + GOAL_IDS.index("2025.soc.communes_completed")],
        lines[1],
        lines[-1],
    )


def test_goals_default_language_is_english() -> None:
    """Without --lang the goals are listed in English."""
    assert run("goals", "--lang", "en") == run("goals")


def test_goals_in_vietnamese() -> None:
    """goals --lang vi: the Vietnamese title and the verbatim clauses, 'hạn' for deadline."""
    status, out = run("goals", "--lang", "vi")
    lines = out.splitlines()
    assert (
        0,
        "06-NQ/TU — Nghị quyết số 06-NQ/TU về Chuyển đổi số tỉnh Thanh Hóa đến năm 2025, "
        "định hướng đến 2030",
        30,
        "2025.gov.satisfaction                  >=     90 %  hạn 2025  Có 90% người dân, "
        "doanh nghiệp trở lên hài lòng với giải quyết thủ tục hành chính của các cơ quan "
        "nhà nước.",
        "2025.econ.productivity_growth          >=    9.6 %  hạn 2025  Giai đoạn 2021 - 2025 "
        "năng suất lao động tăng bình quân hàng năm 9,6% trở lên.",
    ) == (
        status,
        lines[0],
        len(lines),
        lines[1 + GOAL_IDS.index("2025.gov.satisfaction")],
        lines[1 + GOAL_IDS.index("2025.econ.productivity_growth")],
    )


def test_goals_bad_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown --lang is refused by argparse (exit status 2, message on stderr)."""
    with pytest.raises(SystemExit) as info:
        main(["goals", "--lang", "fr"])
    err = capsys.readouterr().err
    assert (2, True) == (
        info.value.code,
        "argument --lang: invalid choice: 'fr' (choose from " in err,
    )


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A command is required."""
    with pytest.raises(SystemExit) as info:
        main([])
    assert (2, True) == (
        info.value.code,
        "the following arguments are required: command" in capsys.readouterr().err,
    )


# -- check ------------------------------------------------------------------------------

GOOD_CSV = (
    "unit,indicator,period,value,source\n"
    "38,satisfaction_share,2025,92.5 %,SIPAS\n"
    "16000,dx_completed,2023-12-20,QĐ 1,\n"
)
BAD_CSV = (
    "unit,indicator,period,value,source\n"
    "38,satisfaction_share,2025,101 %,x\n"
    "3x,grdp,2024,1 VND,\n"
    "38,nope,2024,1,\n"
)


def files(tmp_path: Path) -> dict[str, Path]:
    """Good and bad data, rulebook and criteria files in tmp_path."""
    rulebook = shipped("resolution_06.toml").decode("utf-8")
    bad_rulebook = (
        rulebook.replace('threshold = "90 %"', 'threshold = "9,0 %"')
        .replace('scope = "province"', 'scope = "nation"', 1)
        .replace('indicator = "eid_users_share"', 'indicator = "happiness"', 1)
    )
    paths = {
        "good.csv": GOOD_CSV,
        "bad.csv": BAD_CSV,
        "good.toml": rulebook,
        "bad.toml": bad_rulebook,
        "broken.toml": "x = \n",
        "criteria.toml": shipped("criteria_qd1829.toml").decode("utf-8"),
        "bad-criteria.toml": shipped("criteria_qd1829.toml")
        .decode("utf-8")
        .replace('level = "commune"', 'level = "village"'),
        "good.json": thdx.dump_rulebook(thdx.resolution_06(), format="json"),
    }
    out = {}
    for name, text in paths.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def test_check_good_files(tmp_path: Path) -> None:
    """check on good data, rulebook (TOML and JSON) and criteria files: exit 0, one line each."""
    f = files(tmp_path)
    status, out = run(
        "check",
        str(f["good.csv"]),
        str(f["good.toml"]),
        str(f["good.json"]),
        str(f["criteria.toml"]),
    )
    assert (
        0,
        f"{f['good.csv']}: ok, 1 measurements, 1 recognitions\n"
        f"{f['good.toml']}: ok, rulebook '06-NQ/TU' with 22 targets\n"
        f"{f['good.json']}: ok, rulebook '06-NQ/TU' with 22 targets\n"
        f"{f['criteria.toml']}: ok, criteria set 'qd1829.commune' with 3 criteria\n",
    ) == (status, out)


def test_check_bad_data_prints_every_problem(tmp_path: Path) -> None:
    """check on a bad data file: exit 1 and every bad row with its line and column."""
    f = files(tmp_path)
    p = f["bad.csv"]
    assert (
        2,
        "",
        f"{p}: 3 problems\n"
        f"  {p}:2:value: '101 %' is outside 0–100 % for share indicator 'satisfaction_share'\n"
        f"  {p}:3:unit: '3x' is not an official unit code (1 to 10 ASCII digits, such as '38')\n"
        f"  {p}:4:indicator: unknown indicator 'nope'\n",
    ) == run3("check", str(p))


def test_check_bad_rulebook_prints_every_problem(tmp_path: Path) -> None:
    """check on a bad rulebook: exit 1 and every problem with its path in the file."""
    p = files(tmp_path)["bad.toml"]
    assert (
        2,
        f"{p}: 3 problems\n"
        "  targets[0].scope: 'nation' is not a scope (expected 'province', 'district' or "
        "'commune')\n"
        "  targets[6].threshold: '9,0 %' is not a quantity (expected a number with an optional "
        "unit, e.g. '92.5 %')\n"
        "  targets[7].indicator: unknown indicator 'happiness'\n",
    ) == run3("check", str(p))[::2]


def test_check_broken_toml_and_bad_criteria(tmp_path: Path) -> None:
    """A file that is not TOML and a criteria set with a bad level are both reported."""
    f = files(tmp_path)
    assert (
        2,
        f"{f['broken.toml']}: 1 problem\n  not valid TOML: Invalid value (at line 1, column 5)\n"
        f"{f['bad-criteria.toml']}: 1 problem\n"
        "  criteria_set.level: 'village' is not a level (expected 'district' or 'commune')\n",
    ) == run3("check", str(f["broken.toml"]), str(f["bad-criteria.toml"]))[::2]


def test_check_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    """Every file is checked; one bad file makes the exit status 2 (bad input)."""
    f = files(tmp_path)
    missing = tmp_path / "missing.csv"
    status, out, err = run3(
        "check", str(missing), str(f["good.csv"]), str(tmp_path / "missing.toml")
    )
    assert (
        2,
        f"{f['good.csv']}: ok, 1 measurements, 1 recognitions\n",
        f"{missing}: 1 problem\n  {missing}: cannot read: No such file or directory\n"
        f"{tmp_path / 'missing.toml'}: 1 problem\n"
        f"  {tmp_path / 'missing.toml'}: cannot read: No such file or directory\n",
    ) == (status, out, err)


def test_check_non_utf8_rulebook(tmp_path: Path) -> None:
    """A rulebook that is not UTF-8 is reported, not crashed on."""
    p = tmp_path / "latin.toml"
    p.write_bytes('title = "Thé"\n'.encode("latin-1"))
    assert (
        2,
        f"{p}: 1 problem\n  not UTF-8 text (invalid continuation byte at byte 11)\n",
    ) == run3("check", str(p))[::2]


# -- evaluate and demo ------------------------------------------------------------------


def test_evaluate_a_data_file(tmp_path: Path) -> None:
    """evaluate prints the scorecard: one line per goal, MET for 92.5 % satisfaction in 2025."""
    p = files(tmp_path)["good.csv"]
    status, out = run("evaluate", str(p), "--as-of", "2025-12-31")
    lines = out.splitlines()
    sat = next(line for line in lines if line.startswith("2025.gov.satisfaction "))
    assert (
        0,
        "06-NQ/TU — scorecard as of 2025-12-31",
        "goal                               status            value    threshold  period     final",
        "2025.gov.satisfaction              MET              92.5 %       >=90 %  2025       yes",
    ) == (status, lines[0], lines[1], sat)


def test_evaluate_in_vietnamese(tmp_path: Path) -> None:
    """evaluate --lang vi uses Vietnamese headings, statuses and notes."""
    p = files(tmp_path)["good.csv"]
    status, out = run("evaluate", str(p), "--as-of", "2025-12-31", "--lang", "vi")
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("2030.gov.satisfaction "))
    assert (
        0,
        "06-NQ/TU — bảng đánh giá tính đến 2025-12-31",
        "mục tiêu                           kết quả         giá trị     chỉ tiêu  "
        "kỳ số liệu cuối cùng",
        "2030.gov.satisfaction              KHÔNG ĐẠT        92.5 %       >=98 %  2025       không",
        "                                     · chưa phải kết quả cuối cùng: đánh giá theo số liệu "
        "2025, không phải kỳ 2030",
    ) == (status, lines[0], lines[1], lines[i], lines[i + 1])


def test_evaluate_json(tmp_path: Path) -> None:
    """evaluate --json prints the report as JSON with a schema version and 22 verdicts."""
    p = files(tmp_path)["good.csv"]
    status, out = run("evaluate", str(p), "--as-of", "2025-12-31", "--json")
    doc = json.loads(out)
    sat = next(v for v in doc["verdicts"] if v["target"] == "2025.gov.satisfaction")
    assert (0, 2, "2025-12-31", 22, ("met", True, 92.5)) == (
        status,
        doc["schema_version"],
        doc["as_of"],
        len([v for v in doc["verdicts"] if v["role"] == "target"]),
        (sat["status"], sat["final"], sat["value"]),
    )


def test_evaluate_bad_data_file(tmp_path: Path) -> None:
    """evaluate on a bad data file prints every problem after 'error:' on standard
    error, nothing on standard output, and exits 2."""
    p = files(tmp_path)["bad.csv"]
    assert (
        2,
        "",
        f"error: {p}: 3 problems\n"
        f"  {p}:2:value: '101 %' is outside 0–100 % for share indicator 'satisfaction_share'\n"
        f"  {p}:3:unit: '3x' is not an official unit code (1 to 10 ASCII digits, such as '38')\n"
        f"  {p}:4:indicator: unknown indicator 'nope'\n",
    ) == run3("evaluate", str(p))


def test_evaluate_bad_as_of(tmp_path: Path) -> None:
    """A bad --as-of is reported, naming the option."""
    p = files(tmp_path)["good.csv"]
    assert (
        2,
        "error: --as-of: 'soon' is not a period (expected a year '2025', half '2025-H1', "
        "quarter '2025-Q3', month '2025-06', day '2025-06-30' or range '2021/2025')\n",
    ) == run3("evaluate", str(p), "--as-of", "soon")[::2]


def demo_lines() -> tuple[int, list[str]]:
    """The demo scorecard as of 27 Nov 2026."""
    status, out = run("demo", "--as-of", "2026-11-27")
    return status, out.splitlines()


def test_demo_prints_the_22_goals() -> None:
    """demo --as-of 2026-11-27 prints a line for each of the 22 goals, in rulebook order."""
    status, lines = demo_lines()
    goal_lines = [line.split()[0] for line in lines if line.split()[0] in GOAL_IDS]
    assert (0, "06-NQ/TU — scorecard as of 2026-11-27", GOAL_IDS) == (status, lines[0], goal_lines)


def test_demo_statuses_match_the_report() -> None:
    """Each printed status is the report's, and the last line sums them up."""
    _, lines = demo_lines()
    report = resolution_06_report(thdx.example_data(), "2026-11-27")
    words = {"met": "MET", "not_met": "NOT MET", "unknown": "UNKNOWN", "not_applicable": "N/A"}
    printed = {
        line.split()[0]: line[35:45].strip() for line in lines if line.split()[0] in GOAL_IDS
    }
    expected = {v.target.id: words[v.status.value] for v in report.verdicts()}
    summary = ", ".join(f"{words[s.value]}: {n}" for s, n in report.summary().items())
    assert (expected, summary) == (printed, lines[-1])


def test_demo_rank_lines() -> None:
    """The rank goals show rank/cohort of the latest data, marked not final."""
    _, lines = demo_lines()
    i = next(i for i, line in enumerate(lines) if line.startswith("2025.overall.dx_rank_top10 "))
    assert (
        "2025.overall.dx_rank_top10         MET                5/34         <=10  2024       no",
        "                                     · not final: judged on data for 2024, not for the "
        "deadline period 2025",
    ) == (lines[i], lines[i + 1])


def test_demo_json() -> None:
    """demo --json prints the report of the example data as JSON."""
    status, out = run("demo", "--as-of", "2026-11-27", "--json")
    doc = json.loads(out)
    own = [v["target"] for v in doc["verdicts"] if v["role"] == "target"]
    assert (0, GOAL_IDS) == (status, own)


def test_demo_defaults_to_today() -> None:
    """Without --as-of the evaluation date is today."""
    _, out = run("demo")
    assert f"06-NQ/TU — scorecard as of {dt.date.today().isoformat()}" == out.splitlines()[0]


def test_check_reports_a_single_error_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error that is not a list of problems is printed after the file's name."""
    import thdx._cli_files

    def broken(path: object, **kwargs: object) -> thdx.MeasurementSet:
        raise thdx.MeasurementError("something specific")

    monkeypatch.setattr(thdx._cli_files, "read_measurements", broken)
    p = files(tmp_path)["good.csv"]
    assert (2, "", f"{p}: something specific\n") == run3("check", str(p))


def test_broken_pipe_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the reader goes away (thdx goals | head), exit 0 and silence stdout."""
    import os
    import sys

    import thdx.cli

    calls: list[tuple[str, object]] = []

    def goals(lang: str, out: object) -> int:
        raise BrokenPipeError

    class Stdout:
        def fileno(self) -> int:
            return 99

    monkeypatch.setattr(thdx.cli, "_goals", goals)
    monkeypatch.setattr(sys, "stdout", Stdout())

    def fake_open(path: str, flags: int) -> int:
        calls.append(("open", path))
        return 42

    def fake_dup2(a: int, b: int) -> None:
        calls.append(("dup2", (a, b)))

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "dup2", fake_dup2)
    assert (0, [("open", os.devnull), ("dup2", (42, 99))]) == (run("goals")[0], calls)
