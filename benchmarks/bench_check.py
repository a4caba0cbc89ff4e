"""Benchmark of `mmspec check` (run on its own: `python benchmarks/bench_check.py`; not part of the tests).

Reports, for fixed check configurations: distinct states per second with one worker, total time, peak
memory, bytes per visited state, the reductions from symmetry (states) and partial-order reduction
(transitions), and the speed-up of 2 workers over 1, all measured in one run.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

from mmspec.check.engine import Options
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.runner.safety import MATRIX_DEPTH, matrix_rows, run_matrix
from mmspec.scenario.parse import parse_text

STANDARD = """era 6.18
device d preset=mixedmap pages=1
explore procs=2 depth={depth} maps=2 ops=mmap,read,write,fork,munmap,exit,revoke,release sources=anon,dev:d
"""
# The Dirty COW check (checks/dirty-cow.mm): two tasks, a /proc/PID/mem write, reads and MADV_DONTNEED.
DIRTY_COW = """era {era}
file f pages=1
P1: mmap A file:f pages=1 private r open=r
P1: thread T2
explore procs=1 threads=2 depth={depth} maps=1 pages=1 ops=read,poke,dontneed
"""
# Two tasks on two anon pages: where the reduction's independence between tasks applies.
TWO_TASKS = """era 6.18
P1: mmap A anon pages=2 private rw
P1: write A[0] = 5
P1: write A[1] = 6
P1: thread T2
explore procs=1 threads=2 depth={depth} maps=1 pages=2 ops=read,write,poke,dontneed
"""
ANON = """era 2.6.19
explore procs=2 depth={depth} maps=2 ops=mmap,read,write,fork,exit,mprotect sources=anon shared=no
"""


def run(text: str, depth: int, era: str = "", **opts: object) -> tuple[float, object]:
    sc = parse_text(text.format(depth=depth, era=era))
    era = resolve_era(sc.era or "")
    t = time.perf_counter()
    r = run_check(sc, era, Options(depth=depth, **opts))  # type: ignore[arg-type]
    return time.perf_counter() - t, r.report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=6)
    args = ap.parse_args()
    d = args.depth
    print(f"standard configuration (era 6.18, mixedmap + anon, procs=2 maps=2 depth={d}):")
    tracemalloc.start()
    t1, r1 = run(STANDARD, d, workers=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t1, r1 = run(STANDARD, d, workers=1)  # timed again without tracemalloc's overhead
    t2, r2 = run(STANDARD, d, workers=2)
    assert (r1.states, r1.violated) == (r2.states, r2.violated)  # type: ignore[attr-defined]
    print(f"  states={r1.states} transitions={r1.transitions} seconds={t1:.2f}")  # type: ignore[attr-defined]
    print(f"  distinct states per second, 1 worker: {r1.states / t1:,.0f}")  # type: ignore[attr-defined]
    print(f"  2 workers: {t2:.2f} s, speed-up {t1 / t2:.2f}x")
    print(f"  bytes per visited state (visited set): {r1.bytes_per_state:.0f}")  # type: ignore[attr-defined]
    print(
        f"  peak traced memory of the search: {peak / 2**20:.1f} MiB; max RSS of this process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    ts, rs = run(STANDARD, d, symmetry=False, por=False)
    tn, rn = run(STANDARD, d, symmetry=True, por=False)
    print(
        f"  symmetry: {rs.states} -> {rn.states} states ({rs.states / rn.states:.2f}x), "  # type: ignore[attr-defined]
        f"{ts:.2f} s -> {tn:.2f} s"
    )
    print(f"anon configuration (era 2.6.19, private anon, procs=2 maps=2 depth={d}):")
    tp, rp = run(ANON, d, por=False)
    tq, rq = run(ANON, d, por=True)
    print(
        f"  partial-order reduction: {rp.transitions} -> {rq.transitions} transitions "  # type: ignore[attr-defined]
        f"({rp.transitions / max(1, rq.transitions):.2f}x), states {rp.states} -> {rq.states}, "  # type: ignore[attr-defined]
        f"{tp:.2f} s -> {tq:.2f} s, {rq.states / tq:,.0f} states/s"
    )  # type: ignore[attr-defined]
    for name, text, eras in (("Dirty COW check", DIRTY_COW, ("4.8", "4.9", "6.18")), ("two tasks", TWO_TASKS, ("",))):
        for era in eras:
            tp, rp = run(text, d, era, por=False)
            tq, rq = run(text, d, era, por=True)
            print(
                f"{name} {era or '6.18'} (threads=2, depth={d}): partial-order reduction "
                f"{rp.states} -> {rq.states} states, {rp.transitions} -> {rq.transitions} transitions, "  # type: ignore[attr-defined]
                f"{rq.pruned} pruned, {tp:.2f} s -> {tq:.2f} s, violations {rq.violated}"  # type: ignore[attr-defined]
            )
    rows = matrix_rows()
    for w in (1, 2):
        t = time.perf_counter()
        run_matrix(rows, None, Options(depth=MATRIX_DEPTH, workers=w))
        print(f"safety matrix (depth {MATRIX_DEPTH}), {w} worker(s): {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
