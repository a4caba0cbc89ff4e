"""Benchmark of the live-kernel oracle (run on its own, as root: `python benchmarks/bench_oracle.py`).

Reports scenarios per second for the model side alone (steps and projections), the live side alone, and
both sides with the comparison, over scenarios/live/; then the time of a fuzz run (default 1000 scenarios,
seed 1; the target is under 3 minutes on a 2-core machine)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mmspec.oracle.fuzz import fuzz
from mmspec.oracle.live import LiveRun
from mmspec.runner.backend import Backend, ModelBackend
from mmspec.runner.oracle import host_era, run_oracle
from mmspec.scenario.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent


def side(sc: object, backend: Backend) -> float:
    """Seconds for one backend alone to run a scenario, observing after every step."""
    t = time.perf_counter()
    try:
        backend.start(sc.setup)  # type: ignore[attr-defined]
        backend.observe()
        for sl in sc.steps:  # type: ignore[attr-defined]
            backend.step(sl.action)
            backend.observe()
    finally:
        backend.close()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    scs = [parse_file(p) for p in sorted((ROOT / "scenarios" / "live").glob("*.mm"))]
    era = host_era()
    model = sum(side(sc, ModelBackend(era)) for sc in scs)
    live_t = sum(side(sc, LiveRun(allow_swap=True)) for sc in scs)
    t = time.perf_counter()
    for sc in scs:
        run_oracle(sc, allow_swap=True)
    both = time.perf_counter() - t
    n = len(scs)
    print(
        f"{n} live scenarios: model side {n / model:.0f}/s, live side {n / live_t:.1f}/s, "
        f"both with the comparison {n / both:.1f}/s"
    )
    t = time.perf_counter()
    report = fuzz(1, args.count, None, allow_swap=True)
    secs = time.perf_counter() - t
    print(
        f"fuzz --seed 1 --count {args.count}: {secs:.1f} s ({report.ran / secs:.1f} scenarios/s), "
        f"{len(report.divergences)} divergences"
    )


if __name__ == "__main__":
    main()
