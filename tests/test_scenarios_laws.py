"""Laws of scenario files, over generated reports of Resolution 06 (thdx.strategies)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import thdx
from thdx import strategies as ts
from thdx.scenarios import load_scenarios, run_case


def _case_file(report: thdx.Report, folder: Path, wrong: str | None = None) -> Path:
    """A scenario file expecting the report's own verdicts for the province (``wrong``:
    that target expects another status)."""
    thdx.write_measurements(report.data, folder / "data.csv")
    lines = [
        "[[case]]",
        'name = "generated"',
        f"as_of = {report.as_of.isoformat()}",
        'data_file = "data.csv"',
        "[case.expect]",
    ]
    for v in report.verdicts("38"):
        status = v.status
        if v.target.id == wrong:
            status = next(s for s in thdx.Status if s is not v.status)
        fields = [f'status = "{status.name}"', f"final = {str(v.final).lower()}"]
        if v.value is not None:
            fields.append(f"value = {v.value!r}")
        lines.append(f'"{v.target.id}" = {{ {", ".join(fields)} }}')
    path = folder / "generated.thdx.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


class TestExpectingTheVerdicts:
    """A case that expects what the engine says passes; one wrong status is the one
    mismatch reported (the file, its data written by write_measurements, round-trips)."""

    @settings(max_examples=30, deadline=None)
    @given(ts.reports(), st.data())
    def test_own_verdicts_pass(self, report: thdx.Report, data: st.DataObject) -> None:
        """Expecting each verdict's status, finality and value passes; changing one
        status gives exactly one mismatch, of that target's status."""
        wrong = data.draw(st.sampled_from([t.id for t in report.rulebook.targets]))
        with tempfile.TemporaryDirectory() as tmp:
            (case,) = load_scenarios(_case_file(report, Path(tmp))).cases
            assert run_case(case).passed
            (bad,) = load_scenarios(_case_file(report, Path(tmp), wrong)).cases
            mismatches = run_case(bad).mismatches
        assert [(wrong, "status")] == [(m.target, m.key) for m in mismatches]
