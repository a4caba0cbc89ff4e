"""`mmspec explain`: run scenarios with the reference ledger and print, per page, every change of its count
and mapcount with the call chain that made it, the gets paired with their puts and the rmap adds with
their removes, and why each unpaired one stayed open (mmspec/runner/why.py)."""

from __future__ import annotations

import re
import sys
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from mmspec.cli.common import (
    ERA_HELP,
    EXIT_BAD_INPUT,
    EXIT_OK,
    FILES_ARGUMENT,
    BadOption,
    Problem,
    console,
    emit_json,
    eras_for,
    fail_option,
    load,
    parse_named,
    problems,
    report,
    resolve_eras,
)
from mmspec.cli.run import seed_scenarios
from mmspec.era import Era
from mmspec.errors import EraMismatch, ScenarioError
from mmspec.mm.ledger import EntryKind, LedgerEntry
from mmspec.mm.memory import ZERO_PFN
from mmspec.runner.run import RunResult, run_scenario
from mmspec.runner.why import PageStory, headline, story, violation_pfn
from mmspec.scenario.ast import Scenario

_PAGE = re.compile(r"^(?:(?P<file>file:)?(?P<name>[A-Za-z_][\w.-]*)\[(?P<index>\d+)\]|(?P<pfn>0x[0-9a-fA-F]+))$")
PAGE_HELP = "a device page (spu[0]), a file page (file:data[0]) or a pfn (0x10000)"


@click.command(name="explain")
@FILES_ARGUMENT
@click.option("--page", "page", default=None, help=f"Only this page: {PAGE_HELP}.")
@click.option("--era", "era", default=None, help=f"Run under this era instead of each file's own: {ERA_HELP}.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the account.")
def explain(files: tuple[str, ...], page: str | None, era: str | None, as_json: bool) -> None:
    """Explain the counts of FILES' pages ('-' reads standard input; default: the built-in seed set): the
    reference ledger of each page, its gets paired with puts and rmap adds with removes, and why the
    unpaired ones were never given back."""
    try:
        eras = resolve_eras(era)
        if page is not None and not _PAGE.match(page.strip()):
            raise BadOption(Problem("--page", None, None, f"expected a page, got '{page}'", PAGE_HELP))
    except BadOption as e:
        fail_option(e, as_json, "explanations")
    scenarios, errors = load(files) if files else parse_named(seed_scenarios())
    report(errors, as_json)
    out = console()
    docs: list[dict[str, Any]] = []
    for sc in scenarios:
        try:
            runs, cannot = _runs(sc, eras)
        except ScenarioError as e:
            found = problems(e)
            report(found, as_json)
            errors += found
            continue
        for era_name, reason in cannot:
            if as_json:
                docs.append({"scenario": sc.path, "era": era_name, "cannot_run": reason, "pages": [], "violations": []})
            else:
                _line(out, f"{sc.path}  era {era_name}: cannot run: {reason}")
        for result in runs:
            try:
                stories = page_stories(result, page)
            except BadOption as e:
                report([e.problem], as_json)
                errors.append(e.problem)
                continue
            if as_json:
                docs.append(explain_json(result, stories))
            else:
                render_explain(result, stories, out)
    if as_json:
        emit_json("explanations", docs, errors)
    sys.exit(EXIT_BAD_INPUT if errors else EXIT_OK)


def _runs(sc: Scenario, eras: list[Era] | None) -> tuple[list[RunResult], list[tuple[str, str]]]:
    """The recorded runs of ``sc`` under its eras, and (era, why) for each era of a list that cannot run it
    (one era named alone, or the file's own, that cannot is bad input, as for `mmspec run`).

    :raises ScenarioError: bad input
    """
    chosen = eras_for(sc, eras)
    runs: list[RunResult] = []
    cannot: list[tuple[str, str]] = []
    for era in chosen:
        try:
            runs.append(run_scenario(sc, era.name, record=True))
        except EraMismatch as e:
            if len(chosen) == 1:
                raise
            cannot.append((era.name, "; ".join(f"line {d.line}: {d.message}" for d in e.diagnostics)))
    return runs, cannot


def page_names(result: RunResult) -> dict[int, str]:
    """The names the account gives pages: device pages as ``spu[0]``, file pages of the final state as
    ``file:data[0]``, the zero page as ``zero page``."""
    k = result.final
    assert k is not None
    names: dict[int, str] = {}
    for dev in sorted(k.devices.values(), key=lambda d: d.name):
        for i, pfn in enumerate(dev.frames):
            names[pfn] = f"{dev.name.removeprefix('dev:')}[{i}]"
    for obj in sorted(k.files):
        for index, pfn in sorted(k.files[obj].cache):
            names.setdefault(pfn, f"{obj}[{index}]")
    names.setdefault(ZERO_PFN, "zero page")
    return names


def page_stories(result: RunResult, page: str | None) -> list[PageStory]:
    """The stories of the pages asked for: ``page``, or every page the ledger has entries for (named pages
    first, then by pfn).

    :raises BadOption: ``page`` names no page of the run
    """
    ledger = result.ledger
    assert ledger is not None
    names = page_names(result)
    if page is None:
        pfns = sorted({e.pfn for e in ledger.entries}, key=lambda p: (p not in names, p))
        return [story(ledger, p, names.get(p, "")) for p in pfns]
    m = _PAGE.match(page.strip())
    assert m is not None
    if m.group("pfn"):
        pfn = int(m.group("pfn"), 16)
        if pfn not in ledger.baseline and pfn not in {e.pfn for e in ledger.entries}:
            raise BadOption(Problem("--page", None, None, f"{result.path}: no page {page} in the run", _known(names)))
        return [story(ledger, pfn, names.get(pfn, ""))]
    wanted = page.strip()
    hit = [p for p, n in names.items() if n == wanted]
    if not hit:
        raise BadOption(Problem("--page", None, None, f"{result.path}: no page {wanted} in the run", _known(names)))
    return [story(ledger, hit[0], wanted)]


def _known(names: dict[int, str]) -> str:
    named = [n for n in names.values() if n != "zero page"]
    return "its pages: " + ", ".join(named) + ", or a pfn" if named else "it has no named page; give a pfn"


def explain_json(result: RunResult, stories: list[PageStory]) -> dict[str, Any]:
    k = result.final
    assert k is not None
    pages = []
    for s in stories:
        doc = s.to_json()
        p = k.pages.get(s.pfn)
        doc["end"] = None if p is None else {"count": p.count, "mapcount": p.mapcount, "free": p.free}
        pages.append(doc)
    return {
        "scenario": result.path,
        "era": result.era.name,
        "pages": pages,
        "violations": [
            {"id": v.id, "step": v.step, "line": v.line, "object": v.key, "chain": list(v.chain)}
            for v in result.violations
        ],
    }


def _entry_text(e: LedgerEntry) -> str:
    owner = f" for {e.owner}" if e.owner else ""
    chain = " > ".join(e.chain)
    if e.kind is EntryKind.SKIP:
        return f"{'skip':<6} {'':<14} {e.function}{owner}: {e.note}  [{chain}]"
    return f"{e.kind!s:<6} {e.field + f' {e.before}→{e.after}':<14} {headline(e)}{owner}  [{chain}]"


def render_explain(result: RunResult, stories: list[PageStory], out: Console) -> None:
    """The account of ``explain``: per page its entries by step, the pairs, the unpaired ones and why."""
    out.print(Text.from_markup(f"[bold]{_esc(result.path)}[/]  era [bold]{result.era.name}[/]"))
    if not stories:
        out.print("  no page's count or mapcount changed")
    texts = {s.index: s.text for s in result.steps}
    k = result.final
    assert k is not None
    for s in stories:
        end = k.pages.get(s.pfn)
        boot = (
            "allocated during the run"
            if s.baseline is None
            else f"count {s.baseline[0]} mapcount {s.baseline[1]} at boot"
        )
        now = (
            ""
            if end is None
            else f", count {end.count} mapcount {end.mapcount} at the end" + (" (free)" if end.free else "")
        )
        _line(out, f"{s.name} (pfn {s.pfn:#x}): {boot}{now}")
        step = -1
        for e in s.entries:
            if e.step != step:
                step = e.step
                _line(out, f"  step {e.step}, line {e.line}: {texts.get(e.step, '')}")
            _line(out, f"    {_entry_text(e)}")
        for p in s.pairs:
            a, b = s.entries[p.opened], s.entries[p.closed]
            what = "get" if a.kind is EntryKind.GET else "rmap add"
            undo = "put" if a.kind is EntryKind.GET else "rmap remove"
            amount = "" if p.amount == 1 else f" ×{p.amount}"
            _line(
                out,
                f"  paired: {what} at step {a.step} (line {a.line}: {headline(a)}{_for(a)}) with {undo} at step "
                f"{b.step} (line {b.line}: {headline(b)}{_for(b)}){amount}",
            )
        for u in s.unpaired:
            _line(out, f"  unpaired: {s.unpaired_text(u)}")
        if not s.entries:
            _line(out, "  its count and mapcount never changed during the run")
        elif not s.unpaired:
            _line(out, "  every get was put and every rmap add removed (or the page started with them)")
    for v in result.violations:
        pfn = violation_pfn(v)
        if pfn is None or any(s.pfn == pfn for s in stories):
            _line(out, f"violation {v.id} at step {v.step} (line {v.line}): via {' > '.join(v.chain) or '?'}")
    out.print()


def _for(e: LedgerEntry) -> str:
    return f" for {e.owner}" if e.owner else ""


def _line(out: Console, text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _esc(text: str) -> str:
    return text.replace("[", r"\[")
