"""Tests of a report's JSON form: its JSON Schema (shipped, versioned), real reports
valid against it, compact output without traces, note texts in the report's language,
and reading a report back (Report.from_json)."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import thdx
from thdx import Status
from thdx import strategies as ts
from thdx.progress import ProgressStatus
from thdx.verdicts import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    LoadedReport,
    NoteCode,
    ReportJSONError,
    Route,
)

DAYS = ("2023-12-31", "2024-12-31", "2025-06-30", "2025-12-31", "2031-01-01")


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    """A validator of the shipped schema (checked as a draft 2020-12 schema first)."""
    schema = thdx.report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@functools.cache
def example_report(as_of: str, breakdown: bool = False) -> thdx.Report:
    """Resolution 06 on the shipped example data (Thanh Hóa's units by default)."""
    levels = ["district"] if breakdown else []
    return thdx.evaluate(thdx.resolution_06(), thdx.example_data(), as_of=as_of, breakdown=levels)


def problems(doc: Any) -> list[str]:
    """The schema's complaints about ``doc``, each with its path."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(doc)]


# -- the schema ---------------------------------------------------------------------------


def test_schema_is_versioned() -> None:
    """The schema's $id names the version every report carries."""
    schema = thdx.report_schema()
    assert ("urn:thdx:schema:report:2", SCHEMA_ID, 2, {"const": 2}) == (
        schema["$id"],
        schema["$id"],
        SCHEMA_VERSION,
        schema["properties"]["schema_version"],
    )
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]


def test_report_schema_is_a_fresh_copy() -> None:
    """Changing the mapping returned does not change the next one."""
    thdx.report_schema()["$id"] = "changed"
    assert SCHEMA_ID == thdx.report_schema()["$id"]


def test_schema_enums_are_the_codes_of_the_library() -> None:
    """The statuses, routes, note codes and progress statuses the schema allows are
    exactly the library's."""
    defs = thdx.report_schema()["$defs"]
    assert (
        [s.value for s in Status],
        [r.value for r in Route],
        sorted(c.value for c in NoteCode),
        [*(s.value for s in ProgressStatus), None],
    ) == (
        defs["status"]["enum"],
        defs["route"]["enum"],
        sorted(defs["note"]["properties"]["code"]["enum"]),
        defs["verdict"]["properties"]["progress_status"]["enum"],
    )


def test_schema_requires_every_record_key() -> None:
    """A verdict of the schema has every key of a record (thdx.VerdictRecord) and notes."""
    required = thdx.report_schema()["$defs"]["verdict"]["required"]
    assert [*thdx.VerdictRecord.__annotations__, "notes"] == required


@pytest.mark.parametrize("as_of", ["2024-12-31", "2025-12-31"])
@pytest.mark.parametrize("traces", [True, False])
def test_real_reports_are_valid(as_of: str, traces: bool) -> None:
    """The example data's reports, with every trace or none, in both languages, and
    with a breakdown by district, are valid against the schema."""
    for lang in ("en", "vi"):
        doc = json.loads(example_report(as_of).to_json(traces=traces, lang=lang))
        assert [] == problems(doc)
    assert [] == problems(json.loads(example_report(as_of, True).to_json(traces=traces)))


def test_schema_refuses_what_is_not_a_report() -> None:
    """A misspelt status, a missing key and an unknown key are each refused."""
    doc = json.loads(example_report("2025-12-31").to_json(traces=False))
    doc["verdicts"][0]["status"] = "mett"
    del doc["verdicts"][1]["role"]
    doc["verdicts"][2]["extra"] = 1
    got = problems(doc)
    assert 3 == len(got)
    assert any(p.startswith("['verdicts', 0, 'status']") for p in got)


@settings(max_examples=15, deadline=None)
@given(ts.scenarios(), st.booleans(), st.sampled_from(["en", "vi"]))
def test_generated_reports_are_valid_and_read_back(s: ts.Scenario, traces: bool, lang: str) -> None:
    """Law: any report is valid against the schema; to_json → from_json → to_json is
    the same text, and the records read back are the records."""
    r = thdx.evaluate(s.rulebook, s.data, units=s.hierarchy, as_of=s.as_of)
    text = r.to_json(traces=traces, lang=lang)
    assert [] == problems(json.loads(text))
    back = thdx.Report.from_json(text)
    assert text == back.to_json(traces=traces)
    assert r.to_records() == back.to_records()


# -- compact output and languages -------------------------------------------------------


def test_compact_json_has_records_and_notes_only() -> None:
    """traces=False writes each verdict's record and notes, nothing of the trace."""
    doc = json.loads(example_report("2025-12-31").to_json(traces=False))
    keys = {k for v in doc["verdicts"] for k in v}
    assert {*thdx.VerdictRecord.__annotations__, "notes"} == keys
    assert doc["traces"] is False


def test_compact_json_is_smaller() -> None:
    """Leaving the traces out makes the report smaller."""
    r = example_report("2025-12-31")
    assert len(r.to_json(traces=False, indent=None)) < len(r.to_json(indent=None))


def test_json_verdicts_are_the_records() -> None:
    """The verdicts of the JSON are the records of to_records, in their order."""
    r = example_report("2025-12-31")
    doc = json.loads(r.to_json(traces=False))
    keys = list(thdx.VerdictRecord.__annotations__)
    assert r.to_records() == [{k: v[k] for k in keys} for v in doc["verdicts"]]


def test_note_texts_follow_lang() -> None:
    """to_json(lang="vi") writes every note's text in Vietnamese: the text of its code
    and arguments; lang is named at the top."""
    r = example_report("2025-12-31")
    vi = json.loads(r.to_json(lang="vi"))
    en = json.loads(r.to_json(lang="en"))
    assert ("vi", "en") == (vi["lang"], en["lang"])
    v = r.verdict("2025.soc.communes_completed")
    got = next(x for x in vi["verdicts"] if x["target"] == v.target.id and x["unit"] == "38")
    assert [n.text("vi") for n in v.notes] == [n["text"] for n in got["notes"]]
    assert [n.text("en") for n in v.notes] != [n.text("vi") for n in v.notes]


def test_json_states_the_day_used() -> None:
    """The report's JSON names its as_of day (at the top and in every verdict)."""
    doc = json.loads(example_report("2024-12-31").to_json(traces=False))
    assert {"2024-12-31"} == {doc["as_of"], *(v["as_of"] for v in doc["verdicts"])}


def test_report_text_states_the_day_used() -> None:
    """Report.explain starts with the rulebook, the as_of day and the status counts."""
    r = example_report("2025-12-31")
    counts = r.summary()
    head = (
        f"06-NQ/TU — as of 2025-12-31: {counts[Status.MET]} MET, "
        f"{counts[Status.NOT_MET]} NOT MET, {counts[Status.UNKNOWN]} UNKNOWN, "
        f"{counts[Status.NOT_APPLICABLE]} NOT APPLICABLE"
    )
    assert head == r.explain().splitlines()[0]
    assert r.explain("vi").startswith("06-NQ/TU — tính đến ngày 2025-12-31: ")


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"traces": "no"}, thdx.ArgumentTypeError),
        ({"lang": "fr"}, thdx.LanguageError),
        ({"indent": -1}, thdx.EvaluationError),
    ],
)
def test_json_options_are_checked(kw: dict[str, Any], error: type[Exception]) -> None:
    """A bad traces, lang or indent is refused with its own error."""
    with pytest.raises(error):
        example_report("2025-12-31").to_json(**kw)


# -- reading back ---------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", DAYS)
def test_read_back_answers_as_the_report(as_of: str) -> None:
    """A report read back answers verdict(), verdicts(), summary() and to_records() as
    the report does, and writes the same JSON."""
    r = example_report(as_of, True)
    text = r.to_json()
    back = thdx.Report.from_json(text)
    assert isinstance(back, LoadedReport)
    assert text == back.to_json()
    assert r.to_json(traces=False) == back.to_json(traces=False)
    assert r.to_records() == back.to_records()
    assert r.summary() == back.summary()
    assert [v.status for v in r.verdicts()] == [v.status for v in back.verdicts()]
    assert len(r) == len(back)
    for tid in ("2025.gov.satisfaction", "2025.soc.communes_completed"):
        v, w = r.verdict(tid), back.verdict(tid)
        assert (v.unit, v.status, v.final, v.value, v.note_keys) == (
            w.unit,
            w.status,
            w.final,
            w.value,
            w.note_keys,
        )


def test_read_back_answers_for_a_counted_commune() -> None:
    """A commune behind the count goal has its verdict in a report read back too."""
    r = example_report("2025-12-31")
    back = thdx.Report.from_json(r.to_json(traces=False).encode("utf-8"))
    w = back.verdict("2025.soc.communes_completed", unit="15865")
    assert ("counted", "38", r.verdict("2025.soc.communes_completed", "15865").status) == (
        w.role,
        w.counted_in,
        w.status,
    )
    with pytest.raises(thdx.UnknownUnitError):
        back.verdict("2025.soc.communes_completed", unit="99999")
    with pytest.raises(thdx.UnknownTargetError):
        back.verdict("2099.nothing")


def test_read_back_selects_records_as_the_report() -> None:
    """to_records(targets=, units=, levels=) selects the same records after reading."""
    r = example_report("2024-12-31", True)
    back = thdx.Report.from_json(r.to_json(traces=False))
    for kw in (
        {"targets": "2025.gov.satisfaction"},
        {"units": ["380", "15865"]},
        {"levels": "district"},
    ):
        assert r.to_records(**kw) == back.to_records(**kw)


def test_read_back_keeps_its_language_only() -> None:
    """A report read back writes its texts in the language it was written in; another
    language is refused (its texts are as written)."""
    back = thdx.Report.from_json(example_report("2025-12-31").to_json(lang="vi", traces=False))
    assert "vi" == back.lang
    with pytest.raises(thdx.LanguageError, match=r"texts in 'vi' only, not 'en'"):
        back.to_json(lang="en")


def report_text(**changes: Any) -> str:
    """A compact report's JSON with top-level keys changed (None: removed)."""
    doc = json.loads(example_report("2025-12-31").to_json(traces=False))
    for k, v in changes.items():
        if v is None:
            doc.pop(k)
        else:
            doc[k] = v
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"a": 1, "a": 2}', "the key 'a' appears twice"),
        ('{"schema_version": NaN}', "NaN is not a JSON value"),
        ("[]", "expected a JSON object (a report)"),
        ('{"schema_version": 1}', "schema_version: 1 is not the version this thdx reads (2)"),
        (report_text(lang="fr"), "lang: expected one of 'en', 'vi', got 'fr'"),
        (report_text(as_of="31/12/2025"), "as_of: expected a day (YYYY-MM-DD), got '31/12/2025'"),
        (report_text(extra=1), "extra: unknown key"),
        (report_text(verdicts=None), "verdicts: missing"),
        (report_text(verdicts=[1]), "verdicts[0]: expected an object (a verdict)"),
    ],
)
def test_from_json_refuses_what_is_not_a_report(text: str, message: str) -> None:
    """Each malformed report is refused with a ReportJSONError naming the problem."""
    with pytest.raises(ReportJSONError, match=r"^<report JSON>: ") as got:
        thdx.Report.from_json(text)
    assert any(message in str(p) for p in got.value.problems), str(got.value)


def test_from_json_names_every_problem_at_once() -> None:
    """Bad fields in several verdicts are all named, each with its path."""
    doc = json.loads(example_report("2025-12-31").to_json(traces=False))
    doc["verdicts"][0]["status"] = "mett"
    doc["verdicts"][3]["final"] = "yes"
    del doc["verdicts"][5]["unit"]
    doc["verdicts"][6]["measurements"] = []
    with pytest.raises(ReportJSONError) as got:
        thdx.Report.from_json(json.dumps(doc))
    assert [
        "verdicts[0].status: expected one of 'met', 'not_met', 'unknown', 'not_applicable', "
        "got 'mett'",
        "verdicts[3].final: expected true or false, got 'yes'",
        "verdicts[5].unit: missing",
        "verdicts[6].measurements: a trace in a report written without traces",
    ] == [str(p) for p in got.value.problems]


def test_from_json_refuses_deep_nesting_and_bad_bytes() -> None:
    """JSON nested beyond what the parser recurses into, and bytes that are not UTF-8,
    are each one ReportJSONError, not a crash."""
    with pytest.raises(ReportJSONError, match="not readable JSON"):
        thdx.Report.from_json("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ReportJSONError, match=r"not UTF-8 text \(invalid start byte at byte 0\)"):
        thdx.Report.from_json(b"\xff{}")


def test_from_json_takes_text_only() -> None:
    """A mapping is not JSON text: a TypeError that says what to pass."""
    with pytest.raises(
        thdx.ArgumentTypeError, match=r"takes the JSON text \(str or bytes\), got dict"
    ):
        thdx.Report.from_json({})  # type: ignore[arg-type]


# -- DataFrames -------------------------------------------------------------------------------


def test_to_frame_has_one_typed_row_per_record() -> None:
    """to_frame: one row per record, status/role/level as categories, numbers as
    nullable floats, final as boolean."""
    pd = pytest.importorskip("pandas")
    r = example_report("2025-12-31")
    df = r.to_frame()
    rows = r.to_records()
    assert (len(rows), list(thdx.VerdictRecord.__annotations__)) == (len(df), list(df.columns))
    assert ["category", "category", "category", "Float64", "Float64", "boolean"] == [
        str(df[c].dtype) for c in ("status", "role", "level", "value", "threshold", "final")
    ]
    assert [s.value for s in Status] == list(df["status"].cat.categories)
    assert [x["value"] for x in rows] == [None if pd.isna(x) else x for x in df["value"]]
    sub = r.to_frame(levels="district")
    assert [x["unit"] for x in r.to_records(levels="district")] == list(sub["unit"])
    assert {"district"} == set(sub["level"])


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_frame raises ImportError naming thdx[pandas]."""
    import importlib

    real = importlib.import_module

    def no_pandas(name: str, *args: Any) -> Any:
        if name == "pandas":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_pandas)
    with pytest.raises(ImportError, match=r"pip install 'thdx\[pandas\]'"):
        example_report("2025-12-31").to_frame()
