"""Benchmark of `mmspec check` (run on its own: `python benchmarks/bench_check.py`; not part of the tests).

Reports, for fixed check configurations, all measured in one run (the machine is shared and noisy: compare
figures from the same run only): the standard configuration on the code of a pinned commit from before the
engine work of issue 12 (checked out into a temporary git worktree and run in a subprocess) and on this
code, and their ratio; distinct states per second with one worker, total time, peak memory, bytes per
visited state; the speed-up of 2 workers over 1 and of Ray with 2 local workers; two 1-worker searches at
once against one alone (what the machine lets 2 processes gain); where one worker's time goes, and the ratio
to the pinned commit that the model's step, as it is, allows; the states per second of a larger
configuration (procs=3); with --compiled DIR, the standard configuration under the pure package
and the optional compiled build (docs/check.md, "A compiled build"); the reductions from symmetry (states) and partial-order reduction
(transitions); the safety matrix's time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from mmspec.check.engine import Options, Report
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
# The fork/GUP-fast check (checks/gup-fast-fork.mm) on two pages: fork stopped in its write-protect window.
GUP_FAST_FORK = """era {era}
P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: thread T2
explore procs=2 threads=2 depth={depth} maps=1 pages=2 refs=1 ops=write,pin-fast,fork,putref
"""
# do_wp_page()'s late unlock_page() (checks/wp-page-unlock.mm): a store stopped at reuse, MADV_DONTNEED.
WP_UNLOCK = """era {era}
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: exit
P1: thread T2
explore procs=1 threads=2 depth={depth} maps=1 pages=1 refs=0 ops=read,write,dontneed
"""
# Two tasks on two anon pages: where the reduction's independence between tasks applies.
TWO_TASKS = """era 6.18
P1: mmap A anon pages=2 private rw
P1: write A[0] = 5
P1: write A[1] = 6
P1: thread T2
explore procs=1 threads=2 depth={depth} maps=1 pages=2 ops=read,write,poke,dontneed
"""
LARGE = """era 6.18
device d preset=mixedmap pages=1
explore procs=3 depth={depth} maps=2 ops=mmap,read,write,fork,munmap,exit,revoke,release sources=anon,dev:d
"""
BEFORE = "441be89"  # main before issue 12's engine work
ROOT = Path(__file__).resolve().parent.parent
# Run in a subprocess with PYTHONPATH at a checkout, as `mmspec check` runs: the standard configuration, with
# argv[3] workers (1 without it).  CPU time counts the worker processes too.
CHILD = """
import json, resource, sys, time
from mmspec.check.engine import Options
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.scenario.parse import parse_text
def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
sc = parse_text(sys.argv[1])
workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
t, c = time.perf_counter(), cpu()
r = run_check(sc, resolve_era(sc.era or ""), Options(depth=int(sys.argv[2]), workers=workers)).report
print(json.dumps({"states": r.states, "transitions": r.transitions, "seconds": time.perf_counter() - t,
                  "cpu": cpu() - c}))
"""
ANON = """era 2.6.19
explore procs=2 depth={depth} maps=2 ops=mmap,read,write,fork,exit,mprotect sources=anon shared=no
"""


def run(text: str, depth: int, era: str = "", **opts: Any) -> tuple[float, Report[Any]]:
    sc = parse_text(text.format(depth=depth, era=era))
    t = time.perf_counter()
    r = run_check(sc, resolve_era(sc.era or ""), Options(depth=depth, **opts))
    return time.perf_counter() - t, r.report


def cpu_seconds() -> float:
    """User and system CPU time of this process and of its children that have ended."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


# The default safety matrix, one worker (in a subprocess at a checkout): time and CPU time.
MATRIX_CHILD = """
import json, time
from mmspec.check.engine import Options
from mmspec.runner.safety import MATRIX_DEPTH, matrix_rows, run_matrix
t, c = time.perf_counter(), time.process_time()
cells = run_matrix(matrix_rows(), None, Options(depth=MATRIX_DEPTH, workers=1))
print(json.dumps({"states": sum(x.result.report.states for x in cells if x.result), "seconds": time.perf_counter() - t,
                  "cpu": time.process_time() - c}))
"""


# Where one worker's time goes (in a subprocess at this tree): each part of a transition timed around its
# call, the parts disjoint.  The step is the model itself (the kernel functions on a clone of the state);
# the others are the checker's work around it.  The timers add a little to every part.
BREAKDOWN_CHILD = """
import json, sys, time
import mmspec.model.machine as M
from mmspec.check.engine import Options
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.scenario.parse import parse_text
spent = {}
def timed(name, fn):
    def wrapper(*args):
        t = time.perf_counter_ns()
        try:
            return fn(*args)
        finally:
            spent[name] = spent.get(name, 0) + time.perf_counter_ns() - t
    return wrapper
M.step = timed("step", M.step)
M.exact_hash_after = timed("exact hash", M.exact_hash_after)
M.check_events = timed("events", M.check_events)
M.check_state = timed("invariants", M.check_state)
M.MmMachine._actions = timed("actions", M.MmMachine._actions)
M.CanonicalMemo.fingerprint = timed("canonical form", M.CanonicalMemo.fingerprint)
sc = parse_text(sys.argv[1])
t = time.perf_counter_ns()
r = run_check(sc, resolve_era(sc.era or ""), Options(depth=int(sys.argv[2]), workers=1)).report
total = time.perf_counter_ns() - t
print(json.dumps({"states": r.states, "total": total / 1e9, **{k: v / 1e9 for k, v in spent.items()}}))
"""


def start_subprocess(tree: Path, text: str, depth: int, child: str = CHILD, workers: int = 1) -> subprocess.Popen[str]:
    """A child run of ``text`` at the checkout ``tree``, started; :func:`result` waits for its answer."""
    return subprocess.Popen(
        [sys.executable, "-c", child, text.format(depth=depth), str(depth), str(workers)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdout=subprocess.PIPE,
        text=True,
    )


def result(proc: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, out)
    answer: dict[str, float] = json.loads(out.splitlines()[-1])
    return answer


def in_subprocess(tree: Path, text: str, depth: int, child: str = CHILD, workers: int = 1) -> dict[str, float]:
    return result(start_subprocess(tree, text, depth, child, workers))


def before_and_after(d: int, rounds: int) -> float:
    """The standard configuration and the default safety matrix, one worker, on the pinned commit and on
    this code, alternately, each ``rounds`` times; each side's best CPU time counts (other work on a shared
    machine only adds to it).  Returns the ratio on the standard configuration."""
    print(f"before ({BEFORE}) and after (this tree), 1 worker, each in a subprocess:")
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), BEFORE], check=True, capture_output=True
        )
        try:
            runs = [
                (what, name, in_subprocess(where, STANDARD, d, child))
                for _ in range(rounds)
                for what, child in (("standard configuration", CHILD), ("safety matrix", MATRIX_CHILD))
                for name, where in (("before", tree), ("after", ROOT))
            ]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    ratios: dict[str, float] = {}
    for what in ("standard configuration", "safety matrix"):
        print(f"  {what}:")
        rate: dict[str, float] = {}
        for w, name, r in runs:
            if w != what:
                continue
            print(
                f"    {name}: states={r['states']:.0f} seconds={r['seconds']:.2f} cpu={r['cpu']:.2f} "
                f"states/s (cpu)={r['states'] / r['cpu']:,.0f}"
            )
            rate[name] = max(rate.get(name, 0.0), r["states"] / r["cpu"])
        ratios[what] = rate["after"] / rate["before"]
        print(f"    ratio after/before (states per CPU second, best of {rounds}): {ratios[what]:.2f}x")
    return ratios["standard configuration"]


def breakdown(d: int, ratio: float) -> None:
    """Where one worker's time goes on the standard configuration, and what that bounds: the ratio to the
    pinned commit if every part but the step cost nothing, or every part but the step, the actions and the
    canonical form (what a search with symmetry cannot skip), and how much of the present time 4x would
    have to cut.  Made of ``ratio`` (this code against the pinned commit, measured alternately) and the
    parts' shares of one run, so that the machine's drift between runs does not enter."""
    r = in_subprocess(ROOT, STANDARD, d, BREAKDOWN_CHILD)
    total = r["total"]
    parts = ["step", "canonical form", "exact hash", "invariants", "events", "actions"]
    rest = total - sum(r[p] for p in parts)
    print(f"  where one worker's time goes ({total:.2f} s, each part timed around its calls):")
    print("    " + ", ".join(f"{p} {r[p]:.2f} s ({r[p] / total:.0%})" for p in parts) + f", the engine {rest:.2f} s")
    step_only, needed = r["step"], r["step"] + r["actions"] + r["canonical form"]
    print(
        f"    the most the ratio to {BEFORE} could be with these parts as they are: {ratio * total / step_only:.1f}x "
        f"if all but the step cost nothing, {ratio * total / needed:.1f}x if all but the step, the actions and "
        f"the canonical form cost nothing; 4x needs {1 - ratio / 4:.0%} of the present time cut"
    )


def concurrent(d: int) -> None:
    """Two independent 1-worker searches at once, against one alone just before and just after: how much
    two busy processes slow each other on this machine at the time, which bounds what 2 workers can gain
    whatever the engine does (the machine's speed drifts, so the comparison is made within minutes)."""
    before = in_subprocess(ROOT, STANDARD, d)["seconds"]
    both = [result(p) for p in [start_subprocess(ROOT, STANDARD, d) for _ in range(2)]]
    after = in_subprocess(ROOT, STANDARD, d)["seconds"]
    alone, slowest = (before + after) / 2, max(b["seconds"] for b in both)
    print(
        f"  two 1-worker searches at once: {both[0]['seconds']:.2f} s and {both[1]['seconds']:.2f} s, against "
        f"{before:.2f} s and {after:.2f} s alone just before and after: 2 processes did {2 * alone / slowest:.2f}x "
        "the work of one"
    )


def pure_and_compiled(d: int, compiled: Path, rounds: int) -> None:
    """The standard configuration, one worker, on this tree (pure Python) and on the compiled build in
    ``compiled`` (MMSPEC_MYPYC=1 pip install --no-deps --target DIR .), alternately, each
    in a subprocess; the best of ``rounds`` runs of each."""
    print(f"pure Python (this tree) and compiled ({compiled}), standard configuration, 1 worker, best of {rounds}:")
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for name, where in (("pure", ROOT), ("compiled", compiled)):
            r = in_subprocess(where, STANDARD, d)
            if name not in best or r["cpu"] < best[name]["cpu"]:
                best[name] = r
    assert best["pure"]["states"] == best["compiled"]["states"], best
    rate = {name: r["states"] / r["cpu"] for name, r in best.items()}
    for name, r in best.items():
        print(f"  {name}: states={r['states']:.0f} cpu={r['cpu']:.2f} states/s (cpu)={rate[name]:,.0f}")
    print(f"  ratio compiled/pure (states per CPU second): {rate['compiled'] / rate['pure']:.2f}x")


def ray_speedup(d: int, t1: float) -> None:
    from mmspec.check import ray_engine

    if not ray_engine.available():
        print(f"  Ray: not installed ({ray_engine.INSTALL_HINT})")
        return
    ray_engine.connect("local", num_cpus=2)  # started before the clock: a local start costs seconds
    run(STANDARD, 1, workers=2, ray="local")  # and so do the actors, which then serve the searches below
    for w in (1, 2):
        c0, a0 = cpu_seconds(), ray_engine.idle_cpu_seconds()
        t, r = run(STANDARD, d, workers=w, ray="local")
        cpu = cpu_seconds() - c0 + ray_engine.idle_cpu_seconds() - a0
        print(
            f"  Ray, {w} local worker(s): {t:.2f} s, speed-up {t1 / t:.2f}x over 1 process, CPU time (driver and "
            f"actors) {cpu:.1f} s (states={r.states}, visited set {r.bytes_per_state:.0f} bytes/state "
            f"over the actors, peak RSS {r.peak_rss / 2**20:.0f} MiB: the driver and the actors' growth)"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--large-depth", type=int, default=7)
    ap.add_argument("--large-states", type=int, default=30000, help="where the larger configuration stops")
    ap.add_argument("--quick", action="store_true", help="skip the reductions and the matrix")
    ap.add_argument(
        "--compiled",
        type=Path,
        metavar="DIR",
        help="also compare with the compiled build installed in DIR (docs/check.md, 'A compiled build')",
    )
    ap.add_argument("--compiled-only", action="store_true", help="with --compiled: only that comparison")
    ap.add_argument(
        "--rounds", type=int, default=2, help="runs of each side (before/after, pure/compiled), alternately"
    )
    args = ap.parse_args()
    d = args.depth
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    if args.compiled is not None:
        pure_and_compiled(d, args.compiled.resolve(), args.rounds)
        if args.compiled_only:
            print(f"load average at end: {os.getloadavg()[0]:.2f}")
            return
    ratio = before_and_after(d, args.rounds)
    print(f"standard configuration (era 6.18, mixedmap + anon, procs=2 maps=2 depth={d}):")
    tracemalloc.start()
    t1, r1 = run(STANDARD, d, workers=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # 1 and 2 workers alternately, each in a fresh process as `mmspec check` runs (workers forked from this
    # one would inherit its heap, grown by the searches before, and copy it page by page as they write), each
    # credited with its best wall time.
    one: list[float] = []
    two: list[float] = []
    cpu1 = cpu2 = 0.0
    for _ in range(args.rounds):
        a = in_subprocess(ROOT, STANDARD, d, workers=1)
        b = in_subprocess(ROOT, STANDARD, d, workers=2)
        assert (a["states"], a["transitions"]) == (b["states"], b["transitions"]) == (r1.states, r1.transitions)
        one.append(a["seconds"])
        two.append(b["seconds"])
        cpu1, cpu2 = cpu1 + a["cpu"], cpu2 + b["cpu"]
    t1, t2 = min(one), min(two)
    print(f"  states={r1.states} transitions={r1.transitions} seconds={t1:.2f}")
    print(f"  distinct states per second, 1 worker: {r1.states / t1:,.0f}")
    print(
        f"  2 workers: {t2:.2f} s, speed-up {t1 / t2:.2f}x (best of {args.rounds} each; the pairs in turn: "
        + ", ".join(f"{a / b:.2f}x" for a, b in zip(one, two, strict=True))
        + ")"
    )
    # CPU time does not depend on what else the machine runs: the work 2 workers did, against one worker's.
    print(f"  2 workers' CPU time (parent and workers) / 1 worker's: {cpu2 / cpu1:.2f}")
    concurrent(d)
    breakdown(d, ratio)
    ray_speedup(d, t1)
    print(f"  1 worker's CPU time: {cpu1 / args.rounds:.1f} s")
    print(f"  bytes per visited state (visited set): {r1.bytes_per_state:.0f}")
    print(
        f"  peak traced memory of the search: {peak / 2**20:.1f} MiB; peak RSS of the search: "
        f"{r1.peak_rss / 2**20:.0f} MiB; max RSS of this process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    tl, rl = run(LARGE, args.large_depth, workers=1, max_states=args.large_states)
    print(
        f"larger configuration (procs=3 maps=2 depth={args.large_depth}, stopped at --large-states "
        f"{args.large_states}: {rl.verdict}), 1 worker: states={rl.states} "
        f"seconds={tl:.1f} states/s={rl.states / tl:,.0f} bytes/state={rl.bytes_per_state:.0f}"
    )
    if args.quick:
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        return
    ts, rs = run(STANDARD, d, symmetry=False, por=False)
    tn, rn = run(STANDARD, d, symmetry=True, por=False)
    print(f"  symmetry: {rs.states} -> {rn.states} states ({rs.states / rn.states:.2f}x), {ts:.2f} s -> {tn:.2f} s")
    print(f"anon configuration (era 2.6.19, private anon, procs=2 maps=2 depth={d}):")
    tp, rp = run(ANON, d, por=False)
    tq, rq = run(ANON, d, por=True)
    print(
        f"  partial-order reduction: {rp.transitions} -> {rq.transitions} transitions "
        f"({rp.transitions / max(1, rq.transitions):.2f}x), states {rp.states} -> {rq.states}, "
        f"{tp:.2f} s -> {tq:.2f} s, {rq.states / tq:,.0f} states/s"
    )
    races = (
        ("Dirty COW check", DIRTY_COW, ("4.8", "4.9", "6.18")),
        ("fork/GUP-fast check", GUP_FAST_FORK, ("5.10", "5.11")),
        ("wp-page-unlock check", WP_UNLOCK, ("5.9-rc6", "5.9-rc7")),
        ("two tasks", TWO_TASKS, ("",)),
    )
    for name, text, eras in races:
        for era in eras:
            tp, rp = run(text, d, era, por=False)
            tq, rq = run(text, d, era, por=True)
            print(
                f"{name} {era or '6.18'} (threads=2, depth={d}): partial-order reduction "
                f"{rp.states} -> {rq.states} states, {rp.transitions} -> {rq.transitions} transitions, "
                f"{rq.pruned} pruned, {tp:.2f} s -> {tq:.2f} s, violations {rq.violated}"
            )
    rows = matrix_rows()
    for w in (1, 2):
        t = time.perf_counter()
        run_matrix(rows, None, Options(depth=MATRIX_DEPTH, workers=w))
        print(f"safety matrix (depth {MATRIX_DEPTH}), {w} worker(s): {time.perf_counter() - t:.1f} s")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
