"""Sphinx helpers of the thdx documentation (loaded by docs/conf.py).

* ``pycon`` code fences are doctests. A page's examples are plain Markdown fences
  (```` ```pycon ````), so the page reads well on GitHub, and the doctest builder runs
  them as it runs ```` ```{doctest} ```` blocks (same group, ``default``, so a page's
  examples share their names in order).
* The CLI reference, ``_generated/cli.md``, is written from ``thdx --help`` and the
  ``--help`` of each subcommand when the build starts, so it cannot drift from the code.
* Cross-references by a short name (``Progress``, ``ProgressStatus.LIMITED``) or by a
  private module's path (``thdx.progress._result.Progress``) are resolved to the public
  documentation of the object (``thdx.Progress``), so the build can be nitpicky.
"""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import re
import typing

#: The language of a code fence that is run as a doctest.
DOCTEST_LANGUAGE = "pycon"

# The layer packages, where a short name is looked for after :mod:`thdx`.
_LAYERS = (
    "thdx.model",
    "thdx.store",
    "thdx.rules",
    "thdx.progress",
    "thdx.verdicts",
    "thdx.engine",
    "thdx.rulebooks",
    "thdx.io",
    "thdx.strategies",
)


def _mark_doctests(app: typing.Any, doctree: typing.Any) -> None:
    """Mark every ``pycon`` literal block of a page as a doctest of the default group."""
    from docutils import nodes

    for node in doctree.findall(nodes.literal_block):
        if node.get("language") == DOCTEST_LANGUAGE and "testnodetype" not in node:
            node["testnodetype"] = "doctest"
            node["groups"] = ["default"]
            node["options"] = {}


def _candidates(target: str) -> list[str]:
    """Public names that a short or private reference may mean, most likely first."""
    parts = target.split(".")
    if parts[0] == "thdx":
        # thdx.progress._result.Progress -> thdx.progress.Progress, thdx.Progress
        private = [i for i, p in enumerate(parts) if p.startswith("_") and i < len(parts) - 1]
        if not private:
            return [f"thdx.{'.'.join(parts[2:])}"] if len(parts) > 2 else []
        tail = parts[private[-1] + 1 :]
        head = parts[: private[0]]
        return [".".join([*head, *tail]), ".".join(["thdx", *tail])]
    return [f"{prefix}.{target}" for prefix in ("thdx", *_LAYERS)]


def _context_object(node: typing.Any, name: str) -> tuple[bool, object]:
    """The object ``name`` is in the module (or the class's module) a reference is in."""
    import importlib
    import sys

    modules = [node.get("py:module")]
    owner = node.get("py:class")
    if modules[0] and owner:
        cls = getattr(sys.modules.get(modules[0]), owner.split(".")[0], None)
        modules.append(getattr(cls, "__module__", None))
    # autodoc names the docstring a reference is in: "docstring of thdx.x._y.func".
    where = re.search(r"docstring of ([\w.]+)", str(node.source or ""))
    if where:
        parts = where.group(1).split(".")
        modules += [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    for modname in filter(None, modules):
        try:
            module = importlib.import_module(modname)
        except ImportError:
            continue
        if hasattr(module, name):
            return True, getattr(module, name)
    return False, None


def _public_names(obj: object, name: str) -> list[str]:
    """Where ``obj`` is exported under ``name``: :mod:`thdx`, then the layers."""
    import importlib

    found = []
    for modname in ("thdx", *_LAYERS):
        try:
            module = importlib.import_module(modname)
        except ImportError:
            continue
        if name in getattr(module, "__all__", ()) and getattr(module, name, None) is obj:
            found.append(f"{modname}.{name}")
    return found


def _resolve(
    app: typing.Any, env: typing.Any, node: typing.Any, contnode: typing.Any
) -> typing.Any:
    """``missing-reference``: link a Python reference to the public name it means.

    Tried in order: the public names the text may mean (``thdx.X``, ``thdx.layer.X``);
    the object the name is bound to where the reference is written, under its public
    name; for a member (``ProgressStatus.LIMITED``) that has no entry of its own, its
    owner's entry. A name bound there to a private helper, which has no entry, is shown
    as text.
    """
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    target = node["reftarget"]

    def first(names: list[str], roles: tuple[str, ...]) -> typing.Any:
        for name in names:
            for role in roles:
                found = domain.resolve_xref(
                    env, node["refdoc"], app.builder, role, name, node, contnode
                )
                if found is not None:
                    return found
        return None

    roles = (node["reftype"], "obj")
    found = first(_candidates(target), roles)
    head, _, rest = target.partition(".")
    bound, obj = _context_object(node, head)
    if found is None and bound:
        names = _public_names(obj, head)
        found = first([f"{n}.{rest}" if rest else n for n in names], roles)
        if found is None and rest:
            found = first(names, ("class", "obj"))
        if found is None and not names:
            return contnode  # a private helper: no entry to link to
    if found is None and "." in target:
        owner = target.rsplit(".", 1)[0]
        found = first(_candidates(owner), ("class", "obj"))
    if found is None and node.get("py:class") and node["reftype"] in ("attr", "meth"):
        # an attribute of the class being documented that has no entry of its own
        owner = f"{node.get('py:module') or 'thdx'}.{node['py:class']}"
        found = first([owner], ("class",))
    return found


# -- the CLI reference -------------------------------------------------------------------


def _help(argv: list[str]) -> str:
    """What ``thdx ARGV`` prints (``--help``), at a fixed width."""
    from thdx.cli import main

    out = io.StringIO()
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main(argv)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return out.getvalue().rstrip()


def _subcommands(top: str) -> list[str]:
    """The subcommands ``thdx --help`` lists (``{goals,check,evaluate,demo}``)."""
    found = re.search(r"\{([\w,-]+)\}", top)
    if found is None:
        raise RuntimeError(f"no subcommands in `thdx --help`:\n{top}")
    return found.group(1).split(",")


def cli_page() -> str:
    """The text of ``_generated/cli.md``."""
    top = _help(["--help"])
    lines = [
        "# Command line",
        "",
        "<!-- Generated by docs/_ext/thdx_docs.py from `thdx --help`: do not edit. -->",
        "",
        "The `thdx` command is installed with the package (`python -m thdx` is the same). "
        "This page is written from its `--help` each time the documentation is built. "
        "Exit status: 0 done, 1 a verdict has a status named by `--fail-on`, 2 bad input "
        "or usage, 3 a bug of thdx.",
        "",
        "```text",
        "$ thdx --help",
        top,
        "```",
        "",
    ]
    for name in _subcommands(top):
        lines += [f"## `thdx {name}`", "", "```text", f"$ thdx {name} --help"]
        lines += [_help([name, "--help"]), "```", ""]
    return "\n".join(lines)


def _write_cli(app: typing.Any) -> None:
    target = pathlib.Path(app.srcdir) / "_generated" / "cli.md"
    text = cli_page()
    target.parent.mkdir(exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: typing.Any) -> dict[str, typing.Any]:
    """Register the doctest fences, the reference resolver and the CLI page."""
    app.connect("doctree-read", _mark_doctests)
    app.connect("missing-reference", _resolve)
    app.connect("builder-inited", _write_cli)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
