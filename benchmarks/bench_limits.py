"""How promptly the checker's limits stop a large search (run on its own: `python benchmarks/bench_limits.py`;
not part of the tests, which assert on reports, never on wall-clock time).

For a search far too large to finish (the standard configuration of bench_check.py with procs=3, depth 8), with
1 and 2 workers: the wall-clock time a `time_limit` of 3 s really takes, and the peak memory under a
`max_memory` cap, with the reports' stop reasons.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time

from mmspec.check.engine import Options
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.runner.safety import matrix_rows, run_matrix
from mmspec.scenario.parse import parse_text

LARGE = """era 6.18
device d preset=mixedmap pages=1
explore procs=3 depth={depth} maps=2 ops=mmap,read,write,fork,munmap,exit,revoke,release sources=anon,dev:d
"""


def timed(opts: Options, sigint_after: float | None = None) -> str:
    sc = parse_text(LARGE.format(depth=opts.depth))
    timer = threading.Timer(sigint_after, lambda: os.kill(os.getpid(), signal.SIGINT)) if sigint_after else None
    t = time.perf_counter()
    if timer is not None:
        timer.start()
    r = run_check(sc, resolve_era("6.18"), opts).report
    wall = time.perf_counter() - t
    return (
        f"wall {wall:.2f} s, {r.verdict} ({r.stop_reason}), states={r.states} depth_reached={r.depth_reached} "
        f"level {r.level_done}/{r.level_size}, peak_rss={r.peak_rss / 2**20:.0f} MiB"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--time-limit", type=float, default=3.0)
    ap.add_argument("--max-memory-mib", type=int, default=300)
    args = ap.parse_args()
    for w in (1, 2):
        print(f"procs=3 depth={args.depth}, {w} worker(s):")
        print(
            f"  time_limit={args.time_limit:g}: "
            + timed(Options(depth=args.depth, workers=w, time_limit=args.time_limit))
        )
        print(
            f"  max_memory={args.max_memory_mib} MiB: "
            + timed(Options(depth=args.depth, workers=w, max_memory=args.max_memory_mib << 20, time_limit=120))
        )
        print("  SIGINT after 2 s: " + timed(Options(depth=args.depth, workers=w), sigint_after=2.0))
        t = time.perf_counter()
        threading.Timer(2.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        cells = run_matrix(matrix_rows(), None, Options(depth=6, workers=w))
        print(
            f"  matrix depth 6, SIGINT after 2 s: wall {time.perf_counter() - t:.2f} s, {len(cells)} cells returned, "
            f"{sum(c.interrupted for c in cells)} interrupted"
        )


if __name__ == "__main__":
    main()
