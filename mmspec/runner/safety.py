"""The safety matrix, `mmspec check`'s main job: every mapping strategy (each preset, shared and, where the
driver allows it, private) against every era, explored within fixed bounds."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import Any

from mmspec.check.engine import HALT_GRACE, Options, Progress, memory_limit
from mmspec.drivers.presets import PRESETS
from mmspec.era import ERAS, Era
from mmspec.errors import EraMismatch
from mmspec.model.era_memo import EraMemo
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

    @property
    def interrupted(self) -> bool:
        """Its check was stopped by Ctrl-C: a partial report."""
        return self.result is not None and self.result.report.interrupted


@dataclass(frozen=True)
class MatrixResult:
    """The cells of :func:`run_matrix` with their rows and eras, for display: a notebook shows the matrix with
    each cell linked to its counterexamples, replayed step by step."""

    cells: tuple[Cell, ...]
    rows: tuple[Row, ...]
    eras: tuple[Era, ...]

    def _repr_html_(self) -> str:
        from mmspec.report.html import fragment, matrix_views

        return fragment(matrix_views(list(self.cells), list(self.rows), list(self.eras)))


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
    return (
        f'title "{row.label} under {era.name}"\n'
        f"era {era.name}\n"
        f"device d preset={row.preset} pages=1\n"
        f"explore procs=2 depth={depth} ops={MATRIX_OPS} shared={'yes' if row.sharing == 'shared' else 'no'}\n"
    )


def run_cell(row: Row, era: Era, opts: Options, progress: Progress | None = None) -> Cell:
    # The cell has no file: its name only names the saved counterexamples; their header names the command.
    sc = parse_text(cell_text(row, era, opts.depth), f"matrix/{row.preset}.{row.sharing}.mm")
    origin = f"mmspec check --matrix --preset {row.preset} --era {era.name}`, row `{row.label}"
    try:
        return Cell(row, era, run_check(sc, era, opts, progress, origin=origin, shared=_row_memo(row, opts)))
    except EraMismatch as e:
        return Cell(row, era, None, e.diagnostics[0].message.split(": ", 1)[-1])


_ROW_MEMO: tuple[tuple[Row, Options], EraMemo] | None = None


def _row_memo(row: Row, opts: Options) -> EraMemo:
    """The model's results shared by the cells of one row that this process runs: the row's eras run the
    same scenario, and most of their steps read no switch on which they differ (mmspec/model/era_memo.py).
    One row at a time: rows run in order, and the memo of a row is dropped when the next begins."""
    global _ROW_MEMO
    if _ROW_MEMO is None or _ROW_MEMO[0] != (row, opts):
        _ROW_MEMO = ((row, opts), EraMemo())
    return _ROW_MEMO[1]


def _drop_row_memo() -> None:
    global _ROW_MEMO
    _ROW_MEMO = None


Job = tuple[Row, Era, Options]


MATRIX_OPTIONS = Options(depth=MATRIX_DEPTH)  # frozen: safe as a default


def run_matrix(
    rows: list[Row],
    eras: list[Era] | None = None,
    opts: Options = MATRIX_OPTIONS,
    on_cell: Callable[[Cell], None] | None = None,
) -> list[Cell]:
    """Every (row, era) cell, in row-major order.  With ``opts.workers > 1`` the rows are spread over worker
    processes (a row's cells run in one, in order); the result is the same.  The limits of ``opts`` apply to each
    cell; ``max_memory`` is shared out among the workers.

    Ctrl-C (or ``on_cell`` raising KeyboardInterrupt) stops the matrix within a second or so: it returns the
    cells done, plus the cells that were running, with partial reports marked interrupted
    (:attr:`Cell.interrupted`); the rest are not run and not returned."""
    per_cell = replace(opts, workers=1, ray=None, max_memory=memory_limit(opts) // max(1, opts.workers))
    by_row = [[(row, era, per_cell) for era in (eras or list(ERAS))] for row in rows]
    jobs = [job for row_jobs in by_row for job in row_jobs]
    if opts.ray is not None:
        return _run_ray(jobs, opts.ray, on_cell)
    if opts.workers <= 1:
        try:
            return _run_here(jobs, on_cell)
        finally:
            _drop_row_memo()
    return _run_pool(by_row, opts.workers, on_cell)


class _Flag:
    def __init__(self) -> None:
        self.set = False

    def raise_if_set(self, *_: object) -> None:
        """A progress callback: stops a cell's search once the flag is set."""
        if self.set:
            raise KeyboardInterrupt


@contextmanager
def _sigint_flag() -> Iterator[_Flag]:
    """Ctrl-C sets the flag instead of raising wherever the matrix happens to be (a cell's search installs
    its own handler while it runs, and reports the interrupt itself)."""
    flag = _Flag()

    def handler(signum: int, frame: object) -> None:
        flag.set = True

    if threading.current_thread() is not threading.main_thread():
        yield flag
        return
    old = signal.signal(signal.SIGINT, handler)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, old)


def _run_here(jobs: list[Job], on_cell: Callable[[Cell], None] | None) -> list[Cell]:
    cells: list[Cell] = []
    with _sigint_flag() as flag:
        try:
            for job in jobs:
                if flag.set:
                    break
                cells.append(run_cell(*job, progress=flag.raise_if_set))
                if on_cell:
                    on_cell(cells[-1])
                if cells[-1].interrupted:
                    break
        except KeyboardInterrupt:
            pass
    return cells


_CANCEL: Any = None  # in a matrix worker process: the parent's "stop" event


def _init_worker(cancel: Any) -> None:
    global _CANCEL
    _CANCEL = cancel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; a running search still sees Ctrl-C


def _cancelled(*_: object) -> None:
    if _CANCEL is not None and _CANCEL.is_set():
        raise KeyboardInterrupt


def _run_row(jobs: list[Job]) -> list[Cell]:
    """In a worker: the cells of one row, in order (a whole row, so that they share its era memo), until
    the parent sets the event: the cell then running stops (partial, interrupted) and no other starts.  An
    interrupted cell sets the event itself (Ctrl-C, which stops the whole matrix): the other workers stop
    their cells at once and start no other, so no more cells are interrupted than there are workers,
    whatever the timing."""
    cells: list[Cell] = []
    for job in jobs:
        if _CANCEL is not None and _CANCEL.is_set():
            break
        cells.append(run_cell(*job, progress=_cancelled))
        if cells[-1].interrupted:
            if _CANCEL is not None:
                _CANCEL.set()
            break
    _drop_row_memo()
    return cells


def _run_ray_cell(job: Job) -> Cell:
    """In a Ray task: a cell (Ray's cancel raises KeyboardInterrupt in it, which stops its search)."""
    return run_cell(*job)


def _run_ray(jobs: list[Job], address: str, on_cell: Callable[[Cell], None] | None) -> list[Cell]:
    from mmspec.check.ray_engine import run_tasks

    cells: list[Cell] = []
    with _sigint_flag() as flag:
        # Once the flag is set, run_tasks cancels the cells not done and gives those that finished anyway.
        for cell in run_tasks(address, _run_ray_cell, jobs, lambda: flag.set):
            if cell is None:
                continue
            cells.append(cell)
            if on_cell and not flag.set:
                try:
                    on_cell(cell)
                except KeyboardInterrupt:
                    flag.set = True
            flag.set = flag.set or cell.interrupted
    return cells


def _run_pool(rows: list[list[Job]], workers: int, on_cell: Callable[[Cell], None] | None) -> list[Cell]:
    """The cells of ``rows`` in ``workers`` processes, a row at a time each (a row's eras share the model's
    results through the row's era memo, which lives in one process)."""
    ctx = get_context("fork")
    cancel = ctx.Event()
    cells: list[Cell] = []
    with _sigint_flag() as flag:
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(cancel,))
        futures = [pool.submit(_run_row, row) for row in rows]
        done = 0
        try:
            for fut in futures:  # in order, so on_cell sees row-major order
                while flag.set or not wait([fut], timeout=0.1).done:
                    if flag.set:
                        raise KeyboardInterrupt
                done += 1
                row = fut.result()
                cells += row
                for cell in row:
                    if on_cell:
                        on_cell(cell)
                # Ctrl-C reached the worker first (a terminal signals the whole group): its last cell stopped.
                if row and row[-1].interrupted:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            return cells + _stop_pool(pool, futures[done:], cancel)
        pool.shutdown()
    return cells


def _stop_pool(pool: ProcessPoolExecutor, futures: list[Future[list[Cell]]], cancel: Any) -> list[Cell]:
    """Stop the cells that run, cancel the others, and tear the pool down; the cells that finished, in
    order, complete or partial."""
    cancel.set()
    for f in futures:
        f.cancel()
    deadline = time.monotonic() + 2 * HALT_GRACE
    pending = {f for f in futures if not f.cancelled()}
    while pending and time.monotonic() < deadline:
        _, pending = wait(pending, timeout=deadline - time.monotonic(), return_when=FIRST_COMPLETED)
    procs = _processes(pool)  # before shutdown, which forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        proc.join(timeout=max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.terminate()
    done: list[Cell] = []
    for f in futures:
        if f.done() and not f.cancelled() and f.exception() is None:
            done += f.result()
    return done


def _processes(pool: ProcessPoolExecutor) -> list[Any]:
    """The pool's worker processes (a private attribute: the executor has no public way to kill them)."""
    procs = getattr(pool, "_processes", None) or {}
    return list(procs.values())
