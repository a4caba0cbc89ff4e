"""The `mmspec` command line: run scenarios, and list eras, presets and invariants.

Exit codes: 0 every run passed, 1 some expectation failed, 2 bad input (every malformed file is reported
as FILE:LINE:COL and the other files still run).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, SWITCHES, UnknownEra, era_diff, resolve_era
from mmspec.errors import ScenarioError
from mmspec.model.invariants import INVARIANTS
from mmspec.runner.eras import run_all_eras
from mmspec.scenario.parse import parse_file, parse_text
from mmspec.scenario.report import matrix_json, render, render_matrix, to_json
from mmspec.runner.run import RunResult, run_scenario


def seed_scenarios() -> list[tuple[str, str]]:
    """The built-in `seed` set: the 2006 question as scenarios, one per era (name, text)."""
    folder = resources.files("mmspec") / "seed"
    return sorted((f"seed/{p.name}", p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".mm"))


@click.group()
@click.version_option(package_name="mmspec")
def main() -> None:
    """mmspec: an executable specification of the Linux memory manager's page-mapping rules."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--era", "era", default=None,
              help="Run under this era (a name or a version) instead of the file's own; 'all' runs every era.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the account.")
@click.option("--quiet", is_flag=True, help="Only the verdicts, violations and expectations, no step tables.")
def run(files: tuple[Path, ...], era: str | None, as_json: bool, quiet: bool) -> None:
    """Run scenario FILES (default: the built-in seed set, the 2006 question under both eras)."""
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    results: list[RunResult] = []
    errors: list[str] = []
    jobs = [(str(f), None) for f in files] if files else [(name, text) for name, text in seed_scenarios()]
    matrices: list[dict[str, object]] = []
    for name, text in jobs:
        try:
            sc = parse_file(name) if text is None else parse_text(text, name)
            if era == "all":
                cells = run_all_eras(sc)
                matrices.append(matrix_json(name, cells))
                if not as_json:
                    render_matrix(name, cells, console)
                results += [c.result for c in cells if c.result is not None]
                continue
            result = run_scenario(sc, era)
        except ScenarioError as e:
            errors += [str(d) for d in e.diagnostics]
            if not as_json:
                for d in e.diagnostics:
                    err.print(str(d), markup=False)
            continue
        results.append(result)
        if not as_json:
            render(result, console, quiet)
    if as_json:
        doc = {"matrix": matrices} if era == "all" else {"runs": [to_json(r) for r in results]}
        click.echo(json.dumps({**doc, "errors": errors}, indent=2, sort_keys=True))
    elif len(jobs) > 1:
        passed = sum(r.passed for r in results)
        console.print(f"{passed} passed, {len(results) - passed} failed" + (f", {len(jobs) - len(results)} not run (bad input)" if errors else ""))
    if errors:
        sys.exit(2)
    sys.exit(0 if all(r.passed for r in results) else 1)


@main.command()
@click.option("--diff", nargs=2, metavar="A B", default=None, help="Show the switches that differ between two eras.")
def eras(diff: tuple[str, str] | None) -> None:
    """List the eras and their rule switches, or (--diff A B) what changed between two eras."""
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    if diff is not None:
        try:
            a, b = (resolve_era(x) for x in diff)
        except UnknownEra as e:
            raise click.UsageError(str(e)) from None
        changed = era_diff(a, b)
        t = Table("switch", a.name, b.name, "changed by", title=f"{a.name} → {b.name}: {len(changed)} switches differ",
                  title_justify="left")
        for s, va, vb in changed:
            t.add_row(s.field, va.value, vb.value, "\n".join(f"v{v} {c} (\"{subj}\")" for v, c, subj in s.changes))
        console.print(t)
        return
    t = Table("era", "", "description", title="Eras (a version resolves to the newest era at or below it)",
              title_justify="left")
    for e in ERAS:
        t.add_row(e.name, "hypothetical" if e.hypothetical else "", e.description)
    console.print(t)
    t = Table("switch", *[e.name for e in ERAS], title="Switch values per era", title_justify="left")
    for s in SWITCHES:
        t.add_row(s.field, *[getattr(e, s.field).value for e in ERAS])
    console.print(t)
    for s in SWITCHES:
        console.print(f"[bold]{s.field}[/]: {s.summary}. " + s.history, markup=True)
        if s.uncertain or s.modelled_from:
            extra = [s.uncertain] if s.uncertain else []
            if s.modelled_from:
                extra.append(f"modelled from era {s.modelled_from}")
            console.print("  [dim](" + "; ".join(extra) + ")[/]", markup=True)


@main.command()
def presets() -> None:
    """List the device presets."""
    console = Console(highlight=False)
    t = Table("preset", "fault", "memory", "flags", "private", "description")
    from mmspec.mm.mm_types import vm_flags_str

    for p in PRESETS.values():
        t.add_row(p.name, p.fault.value, p.memory.value, vm_flags_str(p.flags), "allowed" if p.private_ok else "einval", p.summary)
    console.print(t)


@main.command()
def invariants() -> None:
    """List the invariant ids with what each asserts."""
    console = Console(highlight=False)
    t = Table("id", "asserts", "kernel check it mirrors")
    for i in INVARIANTS:
        t.add_row(i.id, i.summary, i.kernel_check)
    console.print(t)


@main.command(name="check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--era", "era", default=None, help="Era (name or version) for FILES; for --matrix a comma list.")
@click.option("--matrix", is_flag=True, help="The safety matrix (the default with no FILES).")
@click.option("--preset", "presets", default=None, help="Matrix rows: a comma list of presets.")
@click.option("--depth", type=int, default=None, help="Override the explore depth.")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes.")
@click.option("--no-symmetry", is_flag=True, help="Turn symmetry reduction off.")
@click.option("--no-por", is_flag=True, help="Turn partial-order reduction off.")
@click.option("--random", "random_", is_flag=True, help="Random walks instead of breadth-first search.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--walks", type=int, default=1000, show_default=True)
@click.option("--time-limit", type=float, default=None, help="Stop after this many seconds (a partial report).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("counterexamples"),
              show_default=True, help="Where counterexample scenarios are saved.")
@click.option("--json", "as_json", is_flag=True)
def check_cmd(files: tuple[Path, ...], era: str | None, matrix: bool, presets: str | None, depth: int | None,
              workers: int, no_symmetry: bool, no_por: bool, random_: bool, seed: int, walks: int,
              time_limit: float | None, out: Path, as_json: bool) -> None:
    """Explore every action sequence of FILES' `explore` lines within bounds; with no FILES (or --matrix),
    print the safety matrix of mapping strategies against eras."""
    from mmspec.scenario import checkcli

    checkcli.main(files, era, matrix, presets, depth, workers, no_symmetry, no_por, random_, seed, walks,
                  time_limit, out, as_json)


@contextlib.contextmanager
def _swap_leftover_is_fatal() -> Iterator[None]:
    """A swapfile the oracle could not switch off ends the command (exit 3) with the message that names it;
    a signal that ended a live run (after its cleanup) exits 128 + the signal number (130, 143, 129)."""
    from mmspec.oracle.live import Interrupted, SwapoffFailed

    try:
        yield
    except SwapoffFailed as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(3)
    except Interrupted as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)


@main.command(name="oracle")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--allow-swap", is_flag=True, help="Let scenarios that declare swap create a swapfile (removed after).")
def oracle_cmd(files: tuple[Path, ...], as_json: bool, allow_swap: bool) -> None:
    """Run FILES on the live kernel and on the model's era for it, and compare them after every step."""
    from mmspec.oracle import report

    with _swap_leftover_is_fatal():
        report.main(files, as_json, allow_swap)


@main.command(name="fuzz")
@click.option("--oracle", is_flag=True, help="Compare each random scenario with the live kernel (required).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--count", type=int, default=100, show_default=True)
@click.option("--allow-swap", is_flag=True, help="Also generate swap and reclaim (creates a swapfile, removed after).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("divergences"), show_default=True)
def fuzz_cmd(oracle: bool, seed: int, count: int, allow_swap: bool, out: Path) -> None:
    """Random scenarios on the model and the live kernel; every divergence is shrunk and saved."""
    import time

    from mmspec.oracle.fuzz import fuzz
    from mmspec.runner.oracle import allow_swap_default

    if not oracle:
        raise click.UsageError("fuzz compares the model with the live kernel: pass --oracle")
    start = time.monotonic()
    with _swap_leftover_is_fatal():
        report = fuzz(seed, count, out, allow_swap or allow_swap_default())
    secs = time.monotonic() - start
    click.echo(f"{report.ran} scenarios in {secs:.1f} s ({report.ran / max(secs, 1e-9):.1f}/s), "
               f"{len(report.divergences)} divergences")
    for kind, text, path in report.divergences:
        click.echo(f"divergence ({kind}): saved to {path}")
        click.echo(text)
    sys.exit(1 if report.divergences else 0)
