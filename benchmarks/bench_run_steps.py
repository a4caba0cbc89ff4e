"""The cost of one step of `mmspec run` as the machine grows (run on its own:
`python benchmarks/bench_run_steps.py`; not part of the tests, which never time anything).

Each scenario maps and populates (mlock) ``procs`` anonymous mappings of 256 pages, a device of 256 pages
and a file of 256 pages, then runs the same 200 single-page writes.  The figure is the median time per write step
(the model's step, the invariant watch, the change list and the device figures): the time between the run
loop's consecutive calls of the model backend's step(), over the writes only.  The invariant
checks after a step look only at what the step touched (mmspec/model/watch.py), so the time per step should
barely grow with the machine; what still grows with it is Kernel.clone()'s shallow copy of the page and PTE
tables, a C-level copy.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

from mmspec.mm.outcome import Outcome
from mmspec.model.actions import Action
from mmspec.runner.backend import ModelBackend
from mmspec.runner.run import run_scenario
from mmspec.scenario.parse import parse_text

WRITES = 200


def scenario(procs: int, writes: int = WRITES) -> str:
    lines = ["era 6.18", "device d preset=fault-page pages=256", "file f pages=256", "swap pages=1024"]
    lines += [f"process P{p}" for p in range(2, procs + 1)]
    for p in range(1, procs + 1):
        lines += [f"P{p}: mmap A anon private rw pages=256", f"P{p}: mlock A"]
    lines += [
        "P1: mmap D dev:d shared rw pages=256",
        "P1: mlock D",
        "P1: mmap F file:f shared rw pages=256",
        "P1: mlock F",
    ]
    lines += [f"P{1 + i % procs}: write A[{i % 256}] = {i + 1}" for i in range(writes)]
    return "\n".join(lines) + "\n"


def per_write(text: str) -> float:
    """The median time from one write step's start to the next step's start."""
    stamps: list[float] = []
    original = ModelBackend.step

    def timed(self: ModelBackend, action: Action) -> Outcome:
        stamps.append(time.perf_counter())
        return original(self, action)

    ModelBackend.step = timed  # type: ignore[method-assign]
    try:
        run_scenario(parse_text(text))
    finally:
        ModelBackend.step = original  # type: ignore[method-assign]
    gaps = [b - a for a, b in itertools.pairwise(stamps)][-(WRITES - 1) :]
    return statistics.median(gaps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procs", default="1,4,16,32", help="machine sizes, in processes of 256 mapped pages")
    args = ap.parse_args()
    base = None
    print(f"{'procs':>5} {'mapped pages':>12} {'per write step':>15} {'vs smallest':>12}")
    for procs in (int(p) for p in args.procs.split(",")):
        per = per_write(scenario(procs))
        base = base or per
        print(f"{procs:>5} {procs * 256 + 512:>12} {per * 1e6:>12.0f} µs {per / base:>11.2f}×")


if __name__ == "__main__":
    main()
