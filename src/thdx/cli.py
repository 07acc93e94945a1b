"""The ``thdx`` command line: list goals, check files, evaluate data, run the demo.

thdx goals [--lang vi|en] [--compare programme_749]
thdx check FILE...            measurements, reported counts, units (CSV), rulebooks or
                              criteria sets (TOML, JSON): each told by its content
thdx evaluate DATA.csv... [--rulebook FILE] [--criteria FILE] [--units FILE] [--carry-over]
                      [--as-of DATE] [--lang vi|en] [--format text|json|csv|html]
                      [--out FILE] [--unit CODE | --level LEVEL] [--fail-on not_met|unknown]
thdx demo [--as-of DATE] [--lang vi|en] [--format text|json|csv|html] [--out FILE]
          [--unit|--level] [--fail-on] [--also programme_749]
thdx test PATH...             run scenario files (*.thdx.toml): 0 all pass, 1 a case fails
thdx --version

``--unit CODE`` prints the verdicts of one unit, ``--level LEVEL`` those of every unit
of a level (the goals judged for them, and the province's value goals broken down by
that level). ``--lang`` governs every output, the note texts of JSON included; the
scorecard prints the day the data were judged on (``--as-of``, by default today).

Results go to standard output, errors and warnings to standard error. Exit status: 0
when done; 1 when a verdict printed has a status named by ``--fail-on`` (for CI
pipelines); 2 for bad input (each problem printed on standard error) or a usage error;
3, as a last resort, for an exception that is not a ThdxError (a bug of thdx: one line
on standard error, no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as _dt
import json
import os
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from thdx._cli_files import check_file
from thdx._cli_units import (
    Parser,
    options_wording,
    the_unit,
)
from thdx._version import __version__
from thdx.engine._evaluate import evaluate
from thdx.io import example_data, read_measurements, read_units
from thdx.model._coerce import as_day as as_of_day
from thdx.model._errors import ProblemsError, ThdxError
from thdx.model._hierarchy import Hierarchy
from thdx.model._levels import Level
from thdx.model._quantities import format_quantity
from thdx.progress import ProgressStatus
from thdx.rulebooks import (
    compare_rulebooks,
    evaluate_many,
    load_criteria,
    load_rulebook,
    plan_qd969,
    programme_749,
    resolution_06,
    thanh_hoa_units,
)
from thdx.rules import Rulebook
from thdx.store._measurement_set import MeasurementSet
from thdx.verdicts._json import record
from thdx.verdicts._status import Route, Status
from thdx.verdicts._text import counts_text
from thdx.verdicts._verdict import Report, Verdict

__all__ = ["main"]

#: A file read with a progress bar is at least this big (bytes), and the bar appears
#: only after this many seconds: small files and quick reads show nothing.
_PROGRESS_BYTES = 8 << 20
_PROGRESS_AFTER = 0.5

#: The exit statuses (see the module's docstring).
EXIT_DONE, EXIT_FAILED, EXIT_BAD, EXIT_BUG = 0, 1, 2, 3


def _progress(path: str | os.PathLike[str]) -> Callable[[int, int], None] | None:
    """A progress bar on standard error for reading a big file, in a terminal only."""
    if not sys.stderr.isatty():
        return None
    name, start, shown = Path(path).name, time.monotonic(), [-1]

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if total < _PROGRESS_BYTES or percent == shown[0]:
            return
        if shown[0] < 0 and (done >= total or time.monotonic() - start < _PROGRESS_AFTER):
            return  # not shown yet: not worth starting at the end, or still quick
        shown[0] = percent
        bar = "#" * (percent // 5)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rreading {name}: [{bar:<20}] {percent:3d} % of {total >> 20} MB{end}")
        sys.stderr.flush()

    return report


_STATUS = {
    "en": {"met": "MET", "not_met": "NOT MET", "unknown": "UNKNOWN", "not_applicable": "N/A"},
    "vi": {
        "met": "ĐẠT",
        "not_met": "KHÔNG ĐẠT",
        "unknown": "CHƯA RÕ",
        "not_applicable": "K.ÁP DỤNG",
    },
}


def _goals(lang: str, out: TextIO) -> int:
    rb = resolution_06()
    out.write(f"{rb.number} — {rb.title if lang == 'vi' else rb.title_en}\n")
    by = "hạn" if lang == "vi" else "by"
    for t in rb.targets:
        thr = t.threshold_magnitude
        comp = t.comparator.value if t.comparator else ""
        unit = "" if t.threshold_unit in ("administrative_unit", "rank") else t.threshold_unit
        shown = format_quantity(thr, unit) if thr is not None else ""
        text = t.clause if lang == "vi" else t.label_en
        out.write(f"{t.id:38} {comp:2} {shown:>8}  {by} {t.deadline}  {text}\n")
    for d in rb.directions:
        out.write(f"{d.id:38} {'':13}  {d.text if lang == 'vi' else d.label_en}\n")
    return 0


def _check(paths: Sequence[str], rulebook: Rulebook | None, out: TextIO, err: TextIO) -> int:
    """Check each file as what its content says it is: one line on ``out`` for a good
    file, its problems on ``err`` for a bad one."""
    status = EXIT_DONE
    base = (rulebook or resolution_06()).catalogue
    for path in paths:
        p = Path(path)
        try:
            check_file(p, base, _progress(p), out)
        except ProblemsError as exc:
            status = EXIT_BAD
            _say(err, options_wording(str(exc)))
        except ThdxError as exc:
            status = EXIT_BAD
            _say(err, f"{p}: {options_wording(str(exc))}")
    return status


def _scorecard(report: Report, lang: str, out: TextIO, scope: _Scope | None = None) -> None:
    rb = report.rulebook
    whose = ""
    if scope is not None and scope.unit is not None:
        whose = f" — {scope.name} ({scope.unit})"
    elif scope is not None and scope.level is not None:
        whose = f" — {_LEVELS[lang][scope.level.value]}"
    out.write(
        f"{rb.number}{whose} — {'bảng đánh giá' if lang == 'vi' else 'scorecard'} "
        f"{'tính đến' if lang == 'vi' else 'as of'} {report.as_of}\n"
    )
    header = ("goal", "status", "value", "threshold", "period", "final", "unit")
    if lang == "vi":
        header = ("mục tiêu", "kết quả", "giá trị", "chỉ tiêu", "kỳ số liệu", "cuối cùng", "đơn vị")
    by_unit = scope is not None and scope.level is not None
    out.write(
        f"{header[0]:34} {f'{header[6]:11} ' if by_unit else ''}{header[1]:10} "
        f"{header[2]:>12} {header[3]:>12}  {header[4]:10} {header[5]}\n"
    )
    progress = report.progress_table()
    for v in report.verdicts() if scope is None else scope.verdicts:
        unit = "" if v.unit_of_measure in ("administrative_unit", "rank") else v.unit_of_measure
        if v.measurements and v.measurements[0].cohort is not None and v.value is not None:
            value = v.measurements[0].shown()
        else:
            value = format_quantity(v.value, unit) if v.value is not None else "—"
        thr = v.threshold
        comp = v.target.comparator.value if v.target.comparator else ""
        threshold = f"{comp}{format_quantity(thr, unit)}" if thr is not None else ""
        final = ("có" if v.final else "không") if lang == "vi" else ("yes" if v.final else "no")
        if v.status.value in ("unknown", "not_applicable"):
            final = "—"
        period = str(v.period) if v.period is not None else "—"
        unit_cell = f"{v.unit:11} " if by_unit else ""
        out.write(
            f"{v.target.id:34} {unit_cell}{_STATUS[lang][v.status.value]:10} {value:>12} "
            f"{threshold:>12}  {period:10} {final}\n"
        )
        c = v.counts
        if c is not None and c.total and v.route is not Route.REPORTED:
            out.write(f"{'':34}   · {counts_text(c, lang)} ({c.on})\n")
        for n in v.notes:
            out.write(f"{'':34}   · {n.text(lang)}\n")
        p = progress.get(v.target.id) if v.unit == rb.jurisdiction else None
        if p is not None and p.status is not ProgressStatus.NOT_AVAILABLE:
            out.write(f"{'':34}   · {p.summary(lang)}\n")
    counts = dict.fromkeys(Status, 0)
    for v in report.verdicts() if scope is None else scope.verdicts:
        counts[v.status] += 1
    if scope is not None and not scope.verdicts:
        out.write(
            ("không có mục tiêu nào được đánh giá" if lang == "vi" else "no goal judged") + "\n"
        )
    out.write(", ".join(f"{_STATUS[lang][s.value]}: {n}" for s, n in counts.items()) + "\n")


def _rulebook(path: str) -> Rulebook:
    return load_rulebook(path, base=resolution_06().catalogue)


_LEVELS = {
    "en": {"province": "the province", "district": "every district", "commune": "every commune"},
    "vi": {
        "province": "cấp tỉnh",
        "district": "từng đơn vị cấp huyện",
        "commune": "từng đơn vị cấp xã",
    },
}


@attrs.frozen
class _Scope:
    """The verdicts of one unit (``--unit``) or of every unit of a level (``--level``)."""

    verdicts: list[Verdict]
    unit: str | None = None
    name: str = ""
    level: Level | None = None


def _report(
    rb: Rulebook,
    data: MeasurementSet,
    units: Hierarchy,
    as_of: str | None,
    breakdown: Sequence[Level] = (),
) -> Report:
    if as_of is not None and not as_of.strip():
        msg = "--as-of: an empty date (give a day such as 2025-12-31, or leave the option out)"
        raise ThdxError(msg)
    day = as_of or _dt.date.today().isoformat()
    return evaluate(rb, data, units=units, as_of=day, breakdown=breakdown)


def _day(as_of: str | None) -> _dt.date:
    """The day of ``--as-of`` (today by default), to look up the unit of ``--unit``."""
    return as_of_day(as_of or _dt.date.today().isoformat(), error=ThdxError, what="--as-of")


def _scoped(
    rb: Rulebook,
    data: MeasurementSet,
    units: Hierarchy,
    args: argparse.Namespace,
) -> tuple[Report, _Scope | None]:
    """The report, and the verdicts ``--unit`` or ``--level`` asks for (None: all)."""
    if args.unit is not None:
        name = the_unit(units, args.unit, _day(args.as_of))
        level = units.get(args.unit, _day(args.as_of)).level
        below = [level] if level is not Level.PROVINCE else []
        report = _report(rb, data, units, args.as_of, below)
        return report, _Scope(report.all_verdicts(units=args.unit), unit=args.unit, name=name)
    if args.level is not None:
        level = Level(args.level)
        below = [level] if level is not Level.PROVINCE else []
        report = _report(rb, data, units, args.as_of, below)
        return report, _Scope(report.all_verdicts(levels=level), level=level)
    return _report(rb, data, units, args.as_of), None


def resolution_06_report(data: MeasurementSet, as_of: str | None) -> Report:
    """Evaluate Resolution 06 on ``data`` with Thanh Hóa's units (today by default)."""
    return _report(resolution_06(), data, thanh_hoa_units(), as_of)


def _print(
    report: Report,
    scope: _Scope | None,
    lang: str,
    fmt: str,
    fail_on: Sequence[str],
    out: TextIO,
) -> int:
    """Print the report (or the verdicts of ``scope``) in ``fmt``; the exit status."""
    shown = report.verdicts() if scope is None else scope.verdicts
    if fmt == "json":
        if scope is None:
            out.write(report.to_json(lang=lang) + "\n")
            return _exit(shown, fail_on)
        # The report's JSON (its schema), with the verdicts of the unit or level only.
        doc: dict[str, Any] = report.to_dict(lang=lang)
        wanted = {(v.target.id, v.unit, v.role) for v in shown}
        doc["verdicts"] = [
            e for e in doc["verdicts"] if (e["target"], e["unit"], e["role"]) in wanted
        ]
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        out.write(report.to_html(lang=lang))
    elif fmt == "csv":
        records = report.to_records() if scope is None else [record(v) for v in shown]
        fields = list(records[0]) if records else list(record(next(iter(report))))
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(records)
    else:
        _scorecard(report, lang, out, scope)
    return _exit(shown, fail_on)


def _exit(shown: Sequence[Verdict], fail_on: Sequence[str]) -> int:
    """The exit status: 1 when a verdict shown has a status ``--fail-on`` names."""
    failed = {Status(s) for s in fail_on}
    return EXIT_FAILED if any(v.status in failed for v in shown) else EXIT_DONE


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status.

    Args:
        argv: the arguments (default: ``sys.argv[1:]``).
        out: where results go (default: standard output).
        err: where errors and warnings go (default: standard error).
    """
    stream = out or sys.stdout
    errors = err or sys.stderr
    parser = Parser(prog="thdx", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"thdx {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("goals", help="list the goals of Resolution 06-NQ/TU")
    g.add_argument("--lang", choices=("en", "vi"), default="en")
    g.add_argument(
        "--compare",
        choices=("programme_749",),
        help="the goals side by side with Decision 749/QĐ-TTg's (the national programme)",
    )
    c = sub.add_parser(
        "check", help="validate data, units, rulebook or criteria files (told by content)"
    )
    c.add_argument("files", nargs="+")
    c.add_argument("--rulebook", help="check data against this rulebook's indicators")
    for name, helptext in (
        ("evaluate", "evaluate a data file"),
        ("demo", "evaluate the example data"),
    ):
        e = sub.add_parser(name, help=helptext)
        if name == "evaluate":
            e.add_argument("data", nargs="+", help="measurement CSV files (one catalogue)")
            e.add_argument("--rulebook", help="a rulebook file (default: Resolution 06-NQ/TU)")
            e.add_argument("--criteria", help="a criteria set deciding unit completion")
            e.add_argument(
                "--units", help="administrative units CSV (default: Thanh Hóa's official lists)"
            )
            e.add_argument(
                "--carry-over",
                action="store_true",
                help="count recognitions of units merged in a reform for their successors",
            )
        e.add_argument("--as-of", default=None, help="evaluation date (default: today)")
        e.add_argument("--lang", choices=("en", "vi"), default="en")
        e.add_argument(
            "--format",
            choices=("text", "json", "csv", "html"),
            default="text",
            help="text (a scorecard), json (the report), csv (one row per target × unit) "
            "or html (one self-contained page)",
        )
        e.add_argument("--out", help="write the output to this file (default: standard output)")
        e.add_argument("--json", action="store_true", help="the same as --format json")
        scope = e.add_mutually_exclusive_group()
        scope.add_argument("--unit", metavar="CODE", help="the verdicts of this unit only")
        scope.add_argument(
            "--level",
            choices=tuple(lv.value for lv in Level),
            help="the verdicts of every unit of this level",
        )
        e.add_argument(
            "--fail-on",
            action="append",
            default=[],
            choices=("not_met", "unknown"),
            help="exit with status 1 when a verdict printed has this status (may be repeated)",
        )
        e.add_argument(
            "--also",
            choices=("programme_749",),
            help="also judge the data against Decision 749/QĐ-TTg (the national programme) "
            "and print the two side by side after the scorecard (text output)",
        )
    from thdx.scenarios import _cli as scenarios_cli  # `thdx test` (scenario files)

    scenarios_cli.add_parser(sub)
    # argparse writes its usage errors to sys.stderr and --version to sys.stdout.
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(stream):
        args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            # Each warning once, as a line on standard error (whatever filter is set).
            warnings.simplefilter("default")
            warnings.showwarning = _warner(errors)
            return _run(args, stream, errors)
    except ThdxError as exc:
        _say(errors, f"error: {options_wording(str(exc))}")
        return EXIT_BAD
    except BrokenPipeError:  # the reader (| head) has gone: not an error of ours
        # As the Python docs advise: point stdout at devnull so the interpreter's
        # final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the output cannot be written (a full disk, a closed stream)
        _say(errors, f"error: cannot write the output: {exc.strerror or exc}")
        return EXIT_BAD
    except UnicodeError as exc:  # the terminal's encoding cannot show the text
        enc = getattr(stream, "encoding", None) or "?"
        _say(errors, f"error: the output cannot be written in the encoding {enc!r}: {exc}")
        return EXIT_BAD
    except Exception as exc:  # the last resort: one line, never a traceback
        _say(errors, _internal_error(exc))
        return EXIT_BUG


def _run(args: argparse.Namespace, stream: TextIO, errors: TextIO) -> int:
    """Run the command ``args`` names."""
    if args.command == "goals" and args.compare:
        stream.write(compare_rulebooks(resolution_06(), programme_749()).to_text())
        return 0
    if args.command == "test":
        from thdx.scenarios import _cli as scenarios_cli

        return scenarios_cli.run(args, stream)
    if args.command == "goals":
        return _goals(args.lang, stream)
    if args.command == "check":
        rulebook = _rulebook(args.rulebook) if args.rulebook else None
        return _check(args.files, rulebook, stream, errors)
    if args.command == "demo":
        rb, data, units = resolution_06(), example_data(), thanh_hoa_units()
    else:
        rb = _rulebook(args.rulebook) if args.rulebook else resolution_06()
        if args.criteria or args.carry_over:
            criteria = load_criteria(args.criteria, base=rb.catalogue) if args.criteria else None
            rb = rb.with_completion(criteria, carry_over=args.carry_over)
        first = args.data[0]
        data = read_measurements(first, catalogue=rb.catalogue, progress=_progress(first))
        for more in args.data[1:]:
            data = data.with_items(
                read_measurements(more, catalogue=rb.catalogue, progress=_progress(more))
            )
        units = read_units(args.units) if args.units else thanh_hoa_units()
    fmt = "json" if args.json else args.format
    if args.also and (fmt != "text" or args.unit or args.level):
        raise ThdxError("--also prints a table beside the scorecard: use it with --format text")
    report, scope = _scoped(rb, data, units, args)
    if args.command == "demo":
        report.plan = plan_qd969()  # unit goals' progress against the plan's quotas
    if args.also:
        status = _print(report, scope, args.lang, fmt, args.fail_on, stream)
        both = {rb.number: rb, "749/QĐ-TTg": programme_749(rb.jurisdiction)}
        many = evaluate_many(both, data, units=units, as_of=report.as_of)
        stream.write("\n" + many.to_text())
        return status
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            return _print(report, scope, args.lang, fmt, args.fail_on, f)
    return _print(report, scope, args.lang, fmt, args.fail_on, stream)


def _warner(errors: TextIO) -> Callable[..., None]:
    """A ``warnings.showwarning`` that writes a warning as one line on ``errors``."""

    def show(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
        _say(errors, f"warning: {options_wording(str(message))}")

    return show


def _say(stream: TextIO, line: str) -> None:
    """Write one line, whatever the stream's encoding (unshowable characters escaped),
    and never raise: a message about a failure must not fail in turn."""
    enc = getattr(stream, "encoding", None) or "utf-8"
    text = line.encode(enc, "backslashreplace").decode(enc, "replace")
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def _internal_error(exc: BaseException) -> str:
    """One line for an exception thdx should have turned into a ThdxError (a bug)."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:200] + "…"
    detail = f": {text}" if text else ""
    return f"thdx: internal error ({type(exc).__name__}{detail}); please report this as a bug"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
