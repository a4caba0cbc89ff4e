"""The output of `mmspec check`: check reports, counterexamples, and the safety matrix."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.status import Status
from rich.table import Table
from rich.text import Text

from mmspec.check.engine import Options
from mmspec.era import ERAS, UnknownEra, resolve_era
from mmspec.errors import EraMismatch, ScenarioError
from mmspec.model.invariants import CODES
from mmspec.runner.check import CheckResult, run_check, save
from mmspec.scenario.parse import parse_file
from mmspec.runner.safety import (
    MATRIX_DEPTH,
    MATRIX_OPS,
    SEED_ERA,
    SEED_ROW,
    Cell,
    matrix_rows,
    run_matrix,
)


def _fail(message: str) -> None:
    Console(stderr=True).print(message, markup=False)
    sys.exit(2)


def report_json(r: CheckResult) -> dict[str, Any]:
    rep = r.report
    return {
        "scenario": r.path, "era": r.era.name,
        "bounds": {"procs": r.spec.procs, "depth": r.spec.depth, "ops": list(r.spec.ops), "maps": r.spec.maps,
                   "pages": r.spec.pages, "refs": r.spec.refs},
        "states": rep.states, "transitions": rep.transitions, "pruned": rep.pruned, "depth_reached": rep.depth_reached,
        "seconds": round(rep.seconds, 3), "complete": rep.complete, "stop_reason": rep.stop_reason,
        "violations": [{"id": inv, "length": cex.length, "scenario": r.texts[inv]}
                       for inv, cex in sorted(rep.counterexamples.items())],
        "expectations": [{"line": line, "text": text, "passed": ok, "actual": why}
                         for line, text, ok, why in r.expectations],
        "passed": r.passed,
    }


def render_check(r: CheckResult, saved: list[Path], console: Console) -> None:
    rep = r.report
    status = "complete" if rep.complete else f"PARTIAL ({rep.stop_reason}): no claim about what was not explored"
    console.print(Text.from_markup(f"[bold]{r.path}[/]  era [bold]{r.era.name}[/]  "
                                   f"procs={r.spec.procs} depth={r.spec.depth} ops={','.join(r.spec.ops)}"))
    console.print(f"  states={rep.states} transitions={rep.transitions} pruned={rep.pruned} "
                  f"depth={rep.depth_reached} sec={rep.seconds:.2f}  {status}")
    if not rep.counterexamples:
        console.print("  no violations" + (" within the bounds" if rep.complete else " found so far"))
    for inv, cex in sorted(rep.counterexamples.items()):
        console.print(Text.from_markup(f"  [red]{inv}[/]: shortest counterexample, {cex.length} steps"))
        for line in r.texts[inv].splitlines():
            if line and not line.startswith("#") and not line.startswith(("title", "era", "device", "file", "swap",
                                                                          "process", "expect")):
                console.print(f"      {line}", markup=False, highlight=False)
    for p in saved:
        console.print(f"  saved {p}  (replay: mmspec run {p})", markup=False, highlight=False)
    for line, text, ok, why in r.expectations:
        mark = "[green]✓[/]" if ok else "[red]✗[/]"
        console.print(Text.from_markup(f"  {mark} line {line}: {text.replace('[', chr(92) + '[')}  [dim]({why})[/]"))
    console.print()


def main(files: tuple[Path, ...], era: str | None, matrix: bool, presets: str | None, depth: int | None,
         workers: int, no_symmetry: bool, no_por: bool, random_: bool, seed: int, walks: int,
         time_limit: float | None, out: Path, as_json: bool) -> None:
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 220)
    err = Console(stderr=True)
    live = sys.stderr.isatty() and not as_json
    if matrix or not files:
        _matrix(console, err, live, era, presets, depth, workers, no_symmetry, no_por, time_limit, out, as_json)
        return
    results: list[CheckResult] = []
    for f in files:
        try:
            sc = parse_file(f)
        except ScenarioError as e:
            _fail("\n".join(str(d) for d in e.diagnostics))
        if sc.explore is None:
            _fail(f"{f}:1:1: this scenario has no explore line (add one, e.g. 'explore procs=2 depth=6 "
                  "ops=mmap,read,write,fork,exit', or run it with mmspec run)")
        assert sc.explore is not None
        try:
            the_era = resolve_era(era or sc.era or "")
        except UnknownEra as e:
            _fail(f"{f}:{sc.era_pos.line if sc.era_pos else 1}:1: {e} (known eras: {', '.join(x.name for x in ERAS)})")
        opts = Options(depth=depth or sc.explore.depth, symmetry=not no_symmetry, por=not no_por, workers=workers,
                       time_limit=time_limit)
        status = Status("exploring", console=err) if live else None

        def progress(states: int, transitions: int, d: int, queue: int, secs: float) -> None:
            if status is not None:
                status.update(f"{f}: {states} states ({states / max(secs, 1e-9):.0f}/s), depth {d}, queue {queue}")

        try:
            if status is not None:
                status.start()
            r = run_check(sc, the_era, opts, progress, (seed, walks, opts.depth) if random_ else None)
        except EraMismatch as e:
            _fail("\n".join(str(d) for d in e.diagnostics))
        finally:
            if status is not None:
                status.stop()
        results.append(r)
        saved = save(r, out) if r.texts else []
        if not as_json:
            render_check(r, saved, console)
    if as_json:
        print(json.dumps({"checks": [report_json(r) for r in results]}, indent=2, sort_keys=True))
    sys.exit(0 if all(r.passed for r in results) else 1)


def _matrix(console: Console, err: Console, live: bool, era: str | None, presets: str | None, depth: int | None,
            workers: int, no_symmetry: bool, no_por: bool, time_limit: float | None, out: Path, as_json: bool) -> None:
    try:
        eras = [resolve_era(e) for e in era.split(",")] if era else list(ERAS)
    except UnknownEra as e:
        _fail(f"--era: {e}")
    rows = matrix_rows(presets.split(",") if presets else None)
    if not rows:
        _fail(f"--preset: no preset among {presets}")
    opts = Options(depth=depth or MATRIX_DEPTH, symmetry=not no_symmetry, por=not no_por, workers=workers,
                   time_limit=time_limit)
    bar = Progress(TextColumn("safety matrix"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True) if live else None
    if bar is not None:
        task = bar.add_task("cells", total=len(rows) * len(eras))
        bar.start()
    try:
        cells = run_matrix(rows, eras, opts, (lambda _c: bar.advance(task)) if bar is not None else None)
    finally:
        if bar is not None:
            bar.stop()
    if as_json:
        print(json.dumps({"matrix": [_cell_json(c) for c in cells]}, indent=2, sort_keys=True))
        return
    t = Table(title=f"Safety matrix: procs=2 depth={opts.depth} ops={MATRIX_OPS}",
              title_justify="left")
    t.add_column("strategy")
    for e in eras:
        t.add_column(e.name, justify="center")
    by = {(c.row, c.era.name): c for c in cells}
    for row in rows:
        t.add_row(row.label, *[_cell_markup(by[(row, e.name)]) for e in eras])
    console.print(t)
    partial = [c for c in cells if c.result is not None and not c.result.report.complete]
    console.print("✓ = safe within the bounds (a complete search found no violation); n/a = no such driver in that "
                  "era; otherwise each invariant broken, with the length of its shortest counterexample:")
    seen = sorted({inv for c in cells if c.result is not None for inv in c.result.report.counterexamples})
    console.print("  " + "  ".join(f"{CODES[inv]} {inv}" for inv in seen))
    if partial:
        console.print(f"{len(partial)} cells are partial (time limit): they make no claim.")
    seed = next((c for c in cells if (c.row.preset, c.row.sharing) == SEED_ROW and c.era.name == SEED_ERA), None)
    if seed is not None and seed.result is not None and seed.result.texts:
        inv = min(seed.result.report.counterexamples.values(), key=lambda c: (c.length, c.invariant)).invariant
        saved = save(seed.result, out)
        console.print(f"\nThe 2006 question (spufs-reserved, shared, under {SEED_ERA}): shortest counterexample, "
                      f"for {inv}:")
        console.print(seed.result.texts[inv], markup=False, highlight=False)
        console.print(f"Saved with the others of that cell in {out}/ (replay: mmspec run {saved[0].parent}/FILE).")


def _cell_markup(c: Cell) -> str:
    if c.result is None:
        return "[dim]n/a[/]"
    rep = c.result.report
    if not rep.counterexamples:
        return "[green]✓[/]" if rep.complete else "[yellow]partial[/]"
    return "[red]" + " ".join(f"{CODES[inv]}{cex.length}" for inv, cex in sorted(rep.counterexamples.items())) + "[/]"


def _cell_json(c: Cell) -> dict[str, Any]:
    return {"preset": c.row.preset, "sharing": c.row.sharing, "era": c.era.name, "reason": c.reason,
            "check": report_json(c.result) if c.result is not None else None}
