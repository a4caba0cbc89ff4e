"""`mmspec check`: explore the `explore` lines of scenario files, or print the safety matrix."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.status import Status

from mmspec.check.engine import Options, Snapshot
from mmspec.cli.check_report import cell_json, render_check, render_matrix, report_json
from mmspec.cli.common import (
    ERA_HELP,
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    FILES_ARGUMENT,
    HTML_OPTION,
    BadOption,
    Problem,
    console,
    emit_json,
    eras_for,
    fail_option,
    load,
    problems,
    report,
    resolve_eras,
    write_html,
)
from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, Era
from mmspec.errors import ScenarioError
from mmspec.report.html import check_views, matrix_views
from mmspec.runner.check import CheckResult, parse_bytes, run_check, save
from mmspec.runner.safety import MATRIX_DEPTH, Cell, Row, matrix_rows, run_matrix
from mmspec.scenario.ast import Scenario
from mmspec.scenario.limits import EXPLORE_BOUNDS

NO_EXPLORE_HINT = "add one, e.g. 'explore procs=2 depth=6 ops=mmap,read,write,fork,exit', or run it with mmspec run"


@dataclass(frozen=True)
class CheckOptions:
    """Everything `mmspec check` was asked, after the command line is parsed (eras resolved)."""

    eras: tuple[Era, ...] | None = None  # None: each file's own era (for the matrix: every era)
    presets: tuple[str, ...] | None = None  # matrix rows; None: every preset
    depth: int | None = None
    workers: int = 1
    ray: str | None = None  # a Ray cluster's address or "local"
    symmetry: bool = True
    por: bool = True
    random: bool = False
    seed: int = 1
    walks: int = 1000
    time_limit: float | None = None
    max_states: int | None = None
    max_memory: int | None = None  # bytes; None: the engine's default (half of MemAvailable), 0: none
    out: Path = Path("counterexamples")
    as_json: bool = False
    live: bool = False  # show progress on stderr (a terminal, and no --json)
    html: str | None = None  # write the HTML report there

    def engine(self, depth: int) -> Options:
        return Options(
            depth=self.depth or depth,
            symmetry=self.symmetry,
            por=self.por,
            workers=self.workers,
            ray=self.ray,
            time_limit=self.time_limit,
            max_states=self.max_states,
            max_memory=self.max_memory,
        )


MAX_DEPTH = EXPLORE_BOUNDS["depth"][1]


@click.command(name="check")
@FILES_ARGUMENT
@click.option("--era", "era", default=None, help=f"Era instead of each file's own: {ERA_HELP}; the matrix's columns.")
@click.option("--matrix", is_flag=True, help="The safety matrix (the default with no FILES).")
@click.option("--preset", "presets", default=None, help="Matrix rows: a comma list of presets.")
@click.option("--depth", type=int, default=None, help="Override the explore depth.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option(
    "--ray",
    "ray",
    default=None,
    metavar="ADDRESS",
    help="Run on Ray: 'local' (a Ray instance on this machine) or a cluster's address; --workers actors "
    "(the matrix: its cells as Ray tasks).  Needs the extra: pip install -e '.[ray]'.",
)
@click.option("--no-symmetry", is_flag=True, help="Turn symmetry reduction off.")
@click.option("--no-por", is_flag=True, help="Turn partial-order reduction off.")
@click.option("--random", "random_", is_flag=True, help="Random walks instead of breadth-first search.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--walks", type=int, default=1000, show_default=True)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Stop after this many seconds (a partial report).",
)
@click.option(
    "--max-states",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after this many distinct states (a partial report).",
)
@click.option(
    "--max-memory",
    "max_memory",
    default=None,
    metavar="SIZE",
    help="Stop when the search's memory reaches SIZE, e.g. 2G or 512M; 0 for no limit "
    "(default: half of the memory available when it starts).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("counterexamples"),
    show_default=True,
    help="Where counterexample scenarios are saved.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the account.")
@HTML_OPTION
def check(
    files: tuple[str, ...],
    era: str | None,
    matrix: bool,
    presets: str | None,
    depth: int | None,
    workers: int,
    ray: str | None,
    no_symmetry: bool,
    no_por: bool,
    random_: bool,
    seed: int,
    walks: int,
    time_limit: float | None,
    max_states: int | None,
    max_memory: str | None,
    out: Path,
    as_json: bool,
    html: str | None,
) -> None:
    """Explore every action sequence of FILES' `explore` lines within bounds ('-' reads standard input); with
    no FILES (or --matrix), print the safety matrix of mapping strategies against eras."""
    key = "matrix" if matrix or not files else "checks"
    try:
        eras = resolve_eras(era)
        memory = _memory(max_memory)
        preset_names = None if presets is None else _presets(presets)
        if ray is not None:
            _ray_available()
        if depth is not None and not 0 <= depth <= MAX_DEPTH:
            raise BadOption(
                Problem(
                    "--depth",
                    None,
                    None,
                    f"the depth must be from 0 to {MAX_DEPTH}, got {depth}",
                    "docs/format.md lists the limits",
                )
            )
    except BadOption as e:
        fail_option(e, as_json, key)
    opts = CheckOptions(
        eras=None if eras is None else tuple(eras),
        presets=preset_names,
        depth=depth,
        workers=workers,
        ray=ray,
        symmetry=not no_symmetry,
        por=not no_por,
        random=random_,
        seed=seed,
        walks=walks,
        time_limit=time_limit,
        max_states=max_states,
        max_memory=memory,
        out=out,
        as_json=as_json,
        live=sys.stderr.isatty() and not as_json,
        html=html,
    )
    sys.exit(check_matrix(opts) if key == "matrix" else check_files(files, opts))


def _ray_available() -> None:
    """:raises BadOption: --ray without Ray installed"""
    from mmspec.check import ray_engine

    if not ray_engine.available():
        raise BadOption(Problem("--ray", None, None, "Ray is not installed", ray_engine.INSTALL_HINT))


def _memory(value: str | None) -> int | None:
    """``--max-memory`` in bytes (None: not given).

    :raises BadOption: not a size
    """
    if value is None:
        return None
    try:
        return parse_bytes(value)
    except ValueError:
        raise BadOption(
            Problem(
                "--max-memory",
                None,
                None,
                f"expected a size, got '{value}'",
                "bytes, or a number with K, M, G or T, e.g. 2G; 0 for no limit",
            )
        ) from None


def _presets(value: str) -> tuple[str, ...]:
    """The presets a --preset comma list names.

    :raises BadOption: a name that is not a preset, with the closest one
    """
    names = tuple(p.strip() for p in value.split(","))
    for name in names:
        if name not in PRESETS:
            close = difflib.get_close_matches(name, list(PRESETS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known presets: " + ", ".join(PRESETS)
            raise BadOption(Problem("--preset", None, None, f"unknown preset '{name}'", hint))
    return names


def check_files(files: tuple[str, ...], opts: CheckOptions) -> int:
    """Check each file under each of its eras; the exit code."""
    scenarios, errors = load(files)
    jobs: list[tuple[Scenario, Era]] = []
    for sc in scenarios:
        try:
            if sc.explore is None:
                raise ScenarioError([])
            jobs += [(sc, e) for e in eras_for(sc, list(opts.eras) if opts.eras is not None else None)]
        except ScenarioError as e:
            errors += problems(e) or [Problem(sc.path, 1, 1, "this scenario has no explore line", NO_EXPLORE_HINT)]
    report(errors, opts.as_json)
    out, err = console(), console(stderr=True)
    results: list[CheckResult] = []
    for sc, era in jobs:
        try:
            with _status(err if opts.live else None) as status:
                r = _check_one(sc, era, opts, status)
        except ScenarioError as e:  # EraMismatch: the era cannot run the scenario
            found = problems(e)
            report(found, opts.as_json)
            errors += found
            continue
        results.append(r)
        saved = save(r, opts.out) if r.texts else []
        if not opts.as_json:
            render_check(r, saved, out)
        if r.report.interrupted:  # Ctrl-C: what was done is reported, the rest is not run
            break
    if opts.as_json:
        emit_json("checks", [report_json(r) for r in results], errors)
    if opts.html is not None:
        write_html(
            opts.html, [v for j, r in enumerate(results, 1) for v in check_views(r, f"check-{j}")], "mmspec check"
        )
    code = exit_code(results)
    return code if code == EXIT_INTERRUPTED else EXIT_BAD_INPUT if errors else code


def _check_one(sc: Scenario, era: Era, opts: CheckOptions, status: Status | None) -> CheckResult:
    assert sc.explore is not None
    engine = opts.engine(sc.explore.depth)

    def snapshot(s: Snapshot) -> None:
        if status is not None:
            left = f", ~{s.level_seconds_left:.0f} s left in it" if s.level_seconds_left is not None else ""
            status.update(
                f"{sc.path}: {s.states} states, {s.transitions_per_second:.0f} transitions/s, depth {s.depth} "
                f"({s.level_done}/{s.level_size} of the level{left}), {s.rss / 2**20:.0f} MiB"
            )

    walks = (opts.seed, opts.walks, engine.depth) if opts.random else None
    return run_check(sc, era, engine, None, walks, snapshot=snapshot)


@contextmanager
def _status(err: Console | None) -> Iterator[Status | None]:
    """A status line on stderr while a search runs (only on a terminal)."""
    if err is None:
        yield None
        return
    status = Status("exploring", console=err)
    status.start()
    try:
        yield status
    finally:
        status.stop()


def check_matrix(opts: CheckOptions) -> int:
    """The safety matrix of mapping strategies (rows) against eras (columns); the exit code."""
    eras = list(opts.eras) if opts.eras is not None else list(ERAS)
    rows = matrix_rows(list(opts.presets) if opts.presets is not None else None)
    if not rows:
        fail_option(
            BadOption(
                Problem("--preset", None, None, f"no preset among {','.join(opts.presets or ())}", "see mmspec presets")
            ),
            opts.as_json,
            "matrix",
        )
    engine = opts.engine(MATRIX_DEPTH)
    err = console(stderr=True)
    bar = (
        Progress(
            TextColumn("safety matrix"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        if opts.live
        else None
    )
    task = bar.add_task("cells", total=len(rows) * len(eras)) if bar is not None else None
    if bar is not None:
        bar.start()
    try:
        cells = run_matrix(
            rows, eras, engine, (lambda _c: bar.advance(task)) if bar is not None and task is not None else None
        )
    finally:
        if bar is not None:
            bar.stop()
    if opts.as_json:
        emit_json("matrix", [cell_json(c) for c in cells], [])
    else:
        render_matrix(cells, rows, eras, engine.depth, opts.out, console())
    if opts.html is not None:
        write_html(opts.html, matrix_views(cells, rows, eras), "mmspec check: the safety matrix")
    return matrix_exit_code(cells, rows, eras)


def exit_code(results: list[CheckResult]) -> int:
    """`mmspec check FILE...`'s exit code: 130 when Ctrl-C stopped a check (its partial report printed), else
    1 when an expectation failed (a vacuous or partial search fails `expect no violations`), else 0.  Bad
    input (2) is the front-end's."""
    if any(r.report.interrupted for r in results):
        return EXIT_INTERRUPTED
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


def matrix_exit_code(cells: list[Cell], rows: list[Row], eras: list[Era] | None = None) -> int:
    """`mmspec check --matrix`'s exit code: 130 when Ctrl-C stopped it (a cell interrupted, or cells not
    run), else 0 (what the cells show is the matrix's content, not a failure)."""
    cut = len(cells) < len(rows) * len(eras or ERAS) or any(c.interrupted for c in cells)
    return EXIT_INTERRUPTED if cut else EXIT_OK
