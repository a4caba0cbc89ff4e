"""The output of `mmspec check`: check reports, counterexamples, and the safety matrix (text and JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from mmspec.cli.tables import grid
from mmspec.era import Era
from mmspec.model.invariants import CODES
from mmspec.runner.check import CheckResult, save
from mmspec.runner.safety import MATRIX_OPS, SEED_ERA, SEED_ROW, Cell, Row

_DECLARATIONS = ("title", "era", "device", "file", "swap", "process", "expect")


def report_json(r: CheckResult) -> dict[str, Any]:
    rep = r.report
    return {
        "scenario": r.path,
        "era": r.era.name,
        "bounds": {
            "procs": r.spec.procs,
            "depth": r.spec.depth,
            "ops": list(r.spec.ops),
            "maps": r.spec.maps,
            "pages": r.spec.pages,
            "refs": r.spec.refs,
            "threads": r.spec.threads,
        },
        "states": rep.states,
        "transitions": rep.transitions,
        "pruned": rep.pruned,
        "depth_reached": rep.depth_reached,
        "seconds": round(rep.seconds, 3),
        "complete": rep.complete,
        "verdict": rep.verdict,
        "stop_reason": rep.stop_reason,
        "interrupted": rep.interrupted,
        "level_done": rep.level_done,
        "level_size": rep.level_size,
        "peak_rss": rep.peak_rss,
        "memory_limit": rep.memory_limit,
        "violations": [
            {"id": inv, "length": cex.length, "scenario": r.texts[inv], "chain": list(r.chains.get(inv, ()))}
            for inv, cex in sorted(rep.counterexamples.items())
        ],
        "expectations": [
            {"line": line, "text": text, "passed": ok, "actual": why} for line, text, ok, why in r.expectations
        ],
        "passed": r.passed,
    }


def render_check(r: CheckResult, saved: list[Path], console: Console) -> None:
    rep = r.report
    status = {
        "complete": "complete",
        "partial": f"PARTIAL ({rep.stop_reason}): no claim about what was not explored",
        "vacuous": f"VACUOUS ({rep.stop_reason}): nothing could happen, nothing is proved",
    }[rep.verdict]
    console.print(
        Text.from_markup(
            f"[bold]{escape(r.path)}[/]  era [bold]{r.era.name}[/]  "
            f"procs={r.spec.procs}{f' threads={r.spec.threads}' if r.spec.threads > 1 else ''} "
            f"depth={r.spec.depth} ops={','.join(r.spec.ops)}"
        )
    )
    console.print(
        f"  states={rep.states} transitions={rep.transitions} pruned={rep.pruned} "
        f"depth={rep.depth_reached} sec={rep.seconds:.2f} peak={rep.peak_rss / 2**20:.0f} MiB  {status}",
        markup=False,
    )
    if not rep.counterexamples and rep.verdict != "vacuous":
        console.print("  no violations" + (" within the bounds" if rep.verdict == "complete" else " found so far"))
    for inv, cex in sorted(rep.counterexamples.items()):
        console.print(Text.from_markup(f"  [red]{inv}[/]: shortest counterexample, {cex.length} steps"))
        for step in r.texts[inv].splitlines():
            if step and not step.startswith("#") and not step.startswith(_DECLARATIONS):
                console.print(f"      {step}", markup=False, highlight=False)
        if r.chains.get(inv):
            console.print(f"      via {' > '.join(r.chains[inv])}", markup=False, highlight=False, soft_wrap=True)
    for p in saved:
        console.print(f"  saved {p}  (replay: mmspec run {p})", markup=False, highlight=False)
    for line, text, ok, why in r.expectations:
        mark = "[green]✓[/]" if ok else "[red]✗[/]"
        console.print(Text.from_markup(f"  {mark} line {line}: {escape(text)}  [dim]({escape(why)})[/]"))
    console.print()


def render_matrix(cells: list[Cell], rows: list[Row], eras: list[Era], depth: int, out: Path, console: Console) -> None:
    """The safety matrix, its legend, and the seed question's shortest counterexample (saved under ``out``)."""
    by = {(c.row, c.era.name): c for c in cells}
    columns = [(e.name, [_cell_markup(by.get((row, e.name))) for row in rows]) for e in eras]
    for t in grid(
        f"Safety matrix: procs=2 depth={depth} ops={MATRIX_OPS}",
        "strategy",
        [r.label for r in rows],
        columns,
        console.width,
    ):
        console.print(t)
    console.print(
        "✓ = safe within the bounds (a complete search found no violation); n/a = no such driver in that "
        "era; otherwise each invariant broken, with the length of its shortest counterexample:"
    )
    seen = sorted({inv for c in cells if c.result is not None for inv in c.result.report.counterexamples})
    console.print("  " + "  ".join(f"{CODES[inv]} {inv}" for inv in seen))
    stopped: dict[str, int] = {}
    for c in cells:
        if c.result is not None and c.result.report.verdict != "complete":
            stopped[c.result.report.stop_reason] = stopped.get(c.result.report.stop_reason, 0) + 1
    for reason, n in sorted(stopped.items()):
        console.print(f"{n} cell(s) stopped early ({reason}): they make no claim beyond what they found.", markup=False)
    missing = len(rows) * len(eras) - len(cells)
    if missing:
        console.print(f"{missing} cell(s) not run (interrupted).")
    seed = next((c for c in cells if (c.row.preset, c.row.sharing) == SEED_ROW and c.era.name == SEED_ERA), None)
    if seed is not None and seed.result is not None and seed.result.texts:
        inv = min(seed.result.report.counterexamples.values(), key=lambda c: (c.length, c.invariant)).invariant
        saved = save(seed.result, out)
        console.print(
            f"\nThe 2006 question (spufs-reserved, shared, under {SEED_ERA}): shortest counterexample, for {inv}:"
        )
        console.print(seed.result.texts[inv], markup=False, highlight=False)
        console.print(
            f"Saved with the others of that cell in {out}/ (replay: mmspec run {saved[0].parent}/FILE).", markup=False
        )


def _cell_markup(c: Cell | None) -> str:
    if c is None:
        return "[dim]not run[/]"
    if c.result is None:
        return "[dim]n/a[/]"
    rep = c.result.report
    if not rep.counterexamples:
        return {"complete": "[green]✓[/]", "partial": "[yellow]partial[/]", "vacuous": "[yellow]vacuous[/]"}[
            rep.verdict
        ]
    return "[red]" + " ".join(f"{CODES[inv]}{cex.length}" for inv, cex in sorted(rep.counterexamples.items())) + "[/]"


def cell_json(c: Cell) -> dict[str, Any]:
    return {
        "preset": c.row.preset,
        "sharing": c.row.sharing,
        "era": c.era.name,
        "reason": c.reason,
        "check": report_json(c.result) if c.result is not None else None,
    }
