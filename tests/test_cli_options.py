"""Another province from files only: read_units and the CLI's --rulebook/--units options."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import thdx
from thdx.cli import main

RULEBOOK = """\
schema_version = 1

[rulebook]
id = "x/99"
number = "99-NQ/TU"
title = "Nghị quyết 99"
jurisdiction = "99"

[[indicators]]
id = "online_dossier_share"
name_vi = "Tỷ lệ hồ sơ trực tuyến"
name_en = "Dossiers handled online"
pillar = "government"
unit = "percent"
kind = "share"

[[targets]]
id = "2027.online"
clause = "80% hồ sơ được giải quyết trực tuyến."
deadline = "2027"
scope = "province"
measure = "value"
indicator = "online_dossier_share"
comparator = ">="
threshold = "80 %"

[[targets]]
id = "2027.communes"
clause = "Có 2 xã trở lên hoàn thành chuyển đổi số."
deadline = "2027"
scope = "commune"
measure = "count"
of = "completed"
comparator = ">="
threshold = "2"
"""

UNITS = """\
code,name,kind,parent_code,valid_from,valid_until,successors
99,Tỉnh X,tỉnh,,,,
991,Huyện A,huyện,99,,2026-01-01,
99001,Xã Một,xã,991,,2026-01-01,99010
99002,Xã Hai,xã,991,,2026-01-01,99010
99003,Xã Ba,xã,991,,2026-01-01,99011
99010,Xã Mới,xã,99,2026-01-01,,
99011,Xã Ba Mới,xã,99,2026-01-01,,
"""

DATA = """\
unit,indicator,period,value,source
99,online_dossier_share,2027,83.4 %,report
99001,dx_completed,2025-11-02,QĐ 10/QĐ-UBND,decision
99011,dx_completed,2027-05-20,QĐ 25/QĐ-UBND,decision
"""


def _files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("rb.toml", RULEBOOK), ("units.csv", UNITS), ("data.csv", DATA)):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def _run(*args: str) -> tuple[int, str]:
    buf = io.StringIO()
    code = main(list(args), out=buf)
    return code, buf.getvalue()


def test_read_units_builds_the_hierarchy_across_a_reform(tmp_path: Path) -> None:
    """read_units gives units per era with their lineage."""
    h = thdx.read_units(_files(tmp_path)["units.csv"])
    assert [("99", "991", "99001", "99002", "99003"), ("99", "99010", "99011")] == [
        tuple(u.code for u in h.at(day)) for day in ("2025-12-31", "2026-01-01")
    ]
    assert ["99001", "99002"] == [u.code for u in h.predecessors("99010")]


def test_read_units_reports_every_bad_row(tmp_path: Path) -> None:
    """Every bad row of a units file is reported at once, with its line."""
    p = tmp_path / "u.csv"
    p.write_text(
        "code,name,kind,parent_code,valid_from,valid_until,successors\n"
        "99,Tỉnh X,tỉnh,,,,\n"
        "9x,Xã,xã,99,,,\n"
        "991,Huyện,làng,99,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(thdx.DataFileError) as info:
        thdx.read_units(p)
    assert [f"{p}:3", f"{p}:4"] == [q.where for q in info.value.problems]


def test_evaluate_another_province_from_files(tmp_path: Path) -> None:
    """thdx evaluate with --rulebook and --units judges another province's goals."""
    f = _files(tmp_path)
    code, out = _run(
        "evaluate",
        str(f["data.csv"]),
        "--rulebook",
        str(f["rb.toml"]),
        "--units",
        str(f["units.csv"]),
        "--as-of",
        "2027-12-31",
        "--json",
    )
    verdicts = {v["target"]: v for v in json.loads(out)["verdicts"] if v["role"] == "target"}
    assert (0, "met", "unknown") == (
        code,
        verdicts["2027.online"]["status"],
        verdicts["2027.communes"]["status"],
    )
    assert verdicts["2027.communes"]["counts"]["passed"] == 1


def test_carry_over_option_counts_a_merged_units_recognition(tmp_path: Path) -> None:
    """--carry-over lets 99001's 2025 recognition count for its successor 99010."""
    f = _files(tmp_path)
    args = (
        "evaluate",
        str(f["data.csv"]),
        "--rulebook",
        str(f["rb.toml"]),
        "--units",
        str(f["units.csv"]),
        "--as-of",
        "2027-12-31",
        "--json",
    )
    plain = json.loads(_run(*args)[1])["verdicts"]
    carried = json.loads(_run(*args, "--carry-over")[1])["verdicts"]
    status = [
        next(v["status"] for v in vs if v["target"] == "2027.communes") for vs in (plain, carried)
    ]
    assert ["unknown", "met"] == status


def test_check_data_against_a_rulebook(tmp_path: Path) -> None:
    """thdx check --rulebook reads data with that rulebook's indicators."""
    f = _files(tmp_path)
    assert _run("check", str(f["data.csv"]))[0] == 2
    code, out = _run("check", str(f["data.csv"]), "--rulebook", str(f["rb.toml"]))
    assert (0, f"{f['data.csv']}: ok, 1 measurements, 2 recognitions\n") == (code, out)


def test_also_prints_the_programme_beside_resolution_06() -> None:
    """--also programme_749: after the scorecard, one line per goal with a column per
    rulebook; the digital economy's 20 % for 2025 is a goal of both (the example data's
    share is below it, so both columns say NOT_MET)."""
    import io

    from thdx.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(["demo", "--as-of", "2025-12-31", "--also", "programme_749"], out=out, err=err)
    text = out.getvalue()
    assert (0, "") == (status, err.getvalue())
    table = text[text.index("\nindicator") :].splitlines()
    assert table[1].split()[-2:] == ["06-NQ/TU", "749/QĐ-TTg"]
    row = next(
        line for line in table if line.startswith("digital_economy_share") and " 2025 " in line
    )
    assert row.split()[-2:] == ["NOT_MET", "NOT_MET"]


def test_also_needs_the_text_format() -> None:
    import io

    from thdx.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(["demo", "--also", "programme_749", "--format", "json"], out=out, err=err)
    assert (2, "") == (status, out.getvalue())
    assert "--also" in err.getvalue()
