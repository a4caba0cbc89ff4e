"""The safety matrix, `mmspec check`'s main job: every mapping strategy (each preset, shared and, where the
driver allows it, private) against every era, explored within fixed bounds."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context

from mmspec.check.engine import Options
from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, Era
from mmspec.errors import EraMismatch
from mmspec.runner.check import CheckResult, run_check
from mmspec.scenario.parse import parse_text

MATRIX_OPS = "mmap,read,write,fork,munmap,exit,revoke,release"
MATRIX_DEPTH = 5

# The question of the 2006 mail, whose shortest counterexample is printed under the matrix.
SEED_ROW, SEED_ERA = ("spufs-reserved", "shared"), "2.6.19+reserved"


@dataclass(frozen=True)
class Row:
    preset: str
    sharing: str  # "shared" | "private"

    @property
    def label(self) -> str:
        return f"{self.preset} {self.sharing}"


@dataclass(frozen=True)
class Cell:
    row: Row
    era: Era
    result: CheckResult | None
    reason: str = ""  # why the era has no such driver


def matrix_rows(presets: list[str] | None = None) -> list[Row]:
    rows = []
    for name, p in PRESETS.items():
        if presets is not None and name not in presets:
            continue
        rows.append(Row(name, "shared"))
        if p.private_ok:
            rows.append(Row(name, "private"))
    return rows


def cell_text(row: Row, era: Era, depth: int) -> str:
    """The check a matrix cell runs, as scenario text (so its counterexamples replay with mmspec run)."""
    return (f'title "{row.label} under {era.name}"\n'
            f"era {era.name}\n"
            f"device d preset={row.preset} pages=1\n"
            f"explore procs=2 depth={depth} ops={MATRIX_OPS} shared={'yes' if row.sharing == 'shared' else 'no'}\n")


def run_cell(row: Row, era: Era, opts: Options) -> Cell:
    sc = parse_text(cell_text(row, era, opts.depth), f"matrix/{row.preset}.{row.sharing}.mm")
    try:
        return Cell(row, era, run_check(sc, era, opts))
    except EraMismatch as e:
        return Cell(row, era, None, e.diagnostics[0].message.split(": ", 1)[-1])


def _run_cell(args: tuple[Row, Era, Options]) -> Cell:
    return run_cell(*args)


def run_matrix(rows: list[Row], eras: list[Era] | None = None, opts: Options = Options(depth=MATRIX_DEPTH),
               on_cell: Callable[[Cell], None] | None = None) -> list[Cell]:
    """Every (row, era) cell.  With ``opts.workers > 1`` the cells are spread over worker processes (each
    cell's search runs in one); the result is the same, in row-major order."""
    jobs = [(row, era, replace(opts, workers=1)) for row in rows for era in (eras or list(ERAS))]
    if opts.workers <= 1:
        cells = []
        for job in jobs:
            cells.append(_run_cell(job))
            if on_cell:
                on_cell(cells[-1])
        return cells
    with ProcessPoolExecutor(opts.workers, mp_context=get_context("fork")) as pool:
        cells = []
        for cell in pool.map(_run_cell, jobs, chunksize=4):
            cells.append(cell)
            if on_cell:
                on_cell(cell)
        return cells
