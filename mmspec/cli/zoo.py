"""`mmspec zoo`: run the bug zoo (scenarios/bugs/) and print one row per bug (docs/bugs.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from mmspec.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, Problem, console, emit_json, load, report
from mmspec.runner.zoo import PENDING, Entry, Side, bug_files, default_directory, judge_bug
from mmspec.scenario.parse import BUG_PENDING


def _release(side: Side) -> str:
    """A release as the table shows it: with the era it ran as when that is not its own rule set."""
    if not side.era:
        return f"{side.release} (no era)"
    return side.release if side.exact else f"{side.release} (as {side.era})"


def _length(entry: Entry) -> str:
    if entry.buggy is None or entry.buggy.length is None:
        return "—"
    return str(entry.buggy.length)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the table.")
def zoo(files: tuple[str, ...], as_json: bool) -> None:
    """Run the bug zoo: each bug FILE (default: every file of scenarios/bugs/) under its last buggy release
    and its first fixed release. Exit 1 if a bug is missed or a fixed release still breaks."""
    paths: list[str] = []
    for f in files or (str(default_directory()),):
        p = Path(f)
        paths += [str(x) for x in bug_files(p)] if p.is_dir() else [f]
    scenarios, bad = load(paths)
    entries: list[Entry] = []
    for sc in scenarios:
        if sc.bug is None:
            hint = "a bug file starts with 'bug name=... fixed=... buggy=... fixed-in=... invariant=... url=...'"
            bad.append(Problem(sc.path, 1, 1, "not a bug file: it has no 'bug' line", hint))
            continue
        entries.append(judge_bug(sc))
    report(bad, as_json)
    if as_json:
        emit_json("bugs", [e.to_json() for e in entries], bad)
    else:
        render(entries)
    if bad:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_OK if all(e.passed for e in entries) else EXIT_FAILED)


def render(entries: list[Entry]) -> None:
    out = console()
    ran = [e for e in entries if e.verdict != PENDING]
    pending = [e for e in entries if e.verdict == PENDING]
    t = Table(
        "bug",
        "CVE",
        "buggy release",
        "fixed release",
        "invariant",
        "length",
        "verdict",
        title="The bug zoo: each bug found in the last release before its fix, and absent from the fix",
        title_justify="left",
    )
    for e in ran:
        assert e.buggy is not None and e.fixed is not None
        verdict = e.verdict if e.passed else f"[bold red]{e.verdict}[/]"
        t.add_row(
            escape(e.bug.name),
            e.bug.cve or "—",
            escape(_release(e.buggy)),
            escape(_release(e.fixed)),
            e.bug.invariant,
            _length(e),
            verdict,
        )
    out.print(t)
    for e in ran:
        for side in (e.buggy, e.fixed):
            if side is not None and side.note:
                out.print(f"  {escape(e.bug.name)} at {escape(side.release)}: {escape(side.note)}")
        if e.fixed is not None and e.fixed.others:
            others = ", ".join(e.fixed.others)
            out.print(
                f"  {escape(e.bug.name)} at {escape(e.fixed.release)}: also breaks {others} (not this bug's invariant)"
            )
    if pending:
        p = Table(
            "bug",
            "CVE",
            "buggy",
            "fixed",
            "waits for",
            title="Pending: the model cannot express these yet",
            title_justify="left",
        )
        for e in pending:
            needs = ", ".join(e.bug.pending)
            p.add_row(escape(e.bug.name), e.bug.cve or "—", escape(e.bug.buggy), escape(e.bug.fixed_in), escape(needs))
        out.print(p)
        used = sorted({c for e in pending for c in e.bug.pending})
        for c in used:
            out.print(f"  {c}: {escape(BUG_PENDING[c])}")
    failed = [e for e in ran if not e.passed]
    fallback = [e for e in ran if e.fallback]
    line = f"{len(ran)} bugs run: {len(ran) - len(failed)} found, then fixed; {len(failed)} failed; {len(pending)} pending."
    out.print(line)
    if fallback:
        out.print(
            f"{len(fallback)} ran a release under an older landmark era's rules (marked 'as ERA'): "
            + ", ".join(escape(e.bug.name) for e in fallback)
        )
