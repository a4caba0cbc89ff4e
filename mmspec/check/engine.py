"""A breadth-first model checker over an abstract machine.  It knows nothing about memory management.

The machine (:class:`Machine`) gives initial states, the actions enabled in a state in a fixed order, the
next state of an action with an explicit outcome and the invariants that transition breaks, a fingerprint
(which may fold symmetric states together) and, optionally, which pairs of actions are independent.

Search: breadth-first by depth level, so the first counterexample found for an invariant is a shortest one;
the search goes on to find every invariant that can break within the bounds.  The visited set keeps only a
64-bit fingerprint per state plus two array slots (parent id and action index), from which a path is
rebuilt by replaying the machine from the initial state.  Levels are expanded in a deterministic order and
the successors merged in (parent id, action index) order, so the result is the same for any number of
workers: with ``workers > 1`` each level's frontier is split by fingerprint into ``workers`` partitions
that separate processes expand (the same partitioning a cluster engine would use across machines).

Partial-order reduction (``por=True``) is the "sorted interleavings" rule: in a state reached by action
``a``, an action ``b`` that the machine says is independent of ``a`` and precedes it in the action order is
not taken, because the path that takes ``b`` before ``a`` reaches the same state at the same depth.  Soundness
argument, for a machine whose independence relation is correct (``a`` and ``b`` are both enabled in either
order, lead to the same state, and each breaks the same invariants whichever runs first): any path can be
rewritten, by swapping adjacent independent actions, into one where each action is not preceded directly
by an independent action that comes later in the order; the rewritten path has the same length, reaches the
same states at its end, and every transition on it breaks the invariants the original one did.  A state
first reached by a path that ends in ``a`` may later be reached by a path ending in another action; its
pruned actions are then expanded too (a per-state record of what was pruned), so state caching loses
nothing.  Hence the reduced search visits exactly the same states and finds the same invariants, with
shortest counterexamples of the same length; it only skips transitions.  Tests check this against the
unreduced search.
"""

from __future__ import annotations

import contextlib
import signal
import time
from array import array
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any, Generic, Protocol, TypeVar

S = TypeVar("S")
A = TypeVar("A", bound=Hashable)


@dataclass(frozen=True)
class Transition(Generic[S]):
    """The result of one action: the next state, the action's outcome, the invariants broken by taking it
    (in the new state or during the step), and whether the new state is terminal (no action leaves it)."""

    state: S
    outcome: str
    violations: tuple[str, ...] = ()
    terminal: bool = False


class Machine(Protocol[S, A]):
    """What the engine needs to know about a system.  Actions must be enumerated in a fixed order."""

    invariant_names: tuple[str, ...]

    def init_states(self) -> Sequence[S]: ...

    def actions(self, state: S) -> Sequence[A]: ...

    def next_state(self, state: S, action: A) -> Transition[S]: ...

    def fingerprint(self, state: S, symmetry: bool) -> int: ...

    def independent(self, state: S, a: A, b: A) -> bool: ...

    def state_violations(self, state: S) -> tuple[str, ...]:
        """The invariants a newly reached or initial state breaks (checked once per distinct state); the
        ones a step breaks by what it does come with its :class:`Transition`."""
        ...


@dataclass(frozen=True)
class Options:
    depth: int = 8
    symmetry: bool = True
    por: bool = True
    workers: int = 1
    time_limit: float | None = None
    max_states: int | None = None


@dataclass(frozen=True)
class Counterexample(Generic[A]):
    """The shortest path found to a transition that breaks ``invariant``: the initial state index and the
    actions, the last of which breaks it."""

    invariant: str
    init: int
    actions: tuple[A, ...]
    outcomes: tuple[str, ...]

    @property
    def length(self) -> int:
        return len(self.actions)


@dataclass
class Report(Generic[A]):
    """What a search found.  ``complete`` is False when it stopped early (time limit, state limit, Ctrl-C):
    then the absence of a violation proves nothing."""

    states: int = 0
    transitions: int = 0
    pruned: int = 0
    depth_reached: int = 0
    seconds: float = 0.0
    complete: bool = True
    stop_reason: str = ""
    counterexamples: dict[str, Counterexample[A]] = field(default_factory=dict)
    bytes_per_state: float = 0.0

    @property
    def violated(self) -> list[str]:
        return sorted(self.counterexamples)


Progress = Callable[[int, int, int, int, float], None]  # states, transitions, depth, queue, seconds


class _Interrupted(Exception):
    pass


# A successor as the expander reports it: (parent id, action index, fingerprint, outcome, violations of the
# step, terminal).  outcome "pruned" marks an action partial-order reduction skipped.
Succ = tuple[int, int, int, str, tuple[str, ...], bool]
# What the search keeps of a level: (parent id, action index, new state id, last action for POR, check the
# new state's invariants).
Keep = tuple[int, int, int, int, bool]


def _expand(machine: Machine[Any, Any], opts: Options, items: list[tuple[int, Any, int]],
            store: dict[tuple[int, int], Any]) -> list[Succ]:
    """Expand (state id, state, last action) items; successors' states go to ``store``."""
    out: list[Succ] = []
    for sid, state, last in items:
        acts = list(machine.actions(state))
        last_action = acts[last] if 0 <= last < len(acts) else None
        for i, act in enumerate(acts):
            if opts.por and last_action is not None and i < last and machine.independent(state, act, last_action):
                out.append((sid, i, 0, "pruned", (), False))
                continue
            t = machine.next_state(state, act)
            store[(sid, i)] = t.state
            out.append((sid, i, machine.fingerprint(t.state, opts.symmetry), t.outcome, t.violations, t.terminal))
    return out


class _Frontier:
    """The states of the current level, and the successors of the last expansion, in this process."""

    def __init__(self, machine: Machine[Any, Any], opts: Options, part: int = 0, parts: int = 1) -> None:
        self.machine, self.opts, self.part, self.parts = machine, opts, part, parts
        self.states: dict[int, Any] = {}  # state id -> state, for the whole frontier
        self.items: list[tuple[int, int]] = []  # (state id, last action) to expand
        self.store: dict[tuple[int, int], Any] = {}

    def seed(self, items: list[tuple[int, Any, int]]) -> None:
        for sid, state, last in items:
            self.states[sid] = state
            self.items.append((sid, last))

    def expand(self) -> list[Succ]:
        mine = [(sid, self.states[sid], last) for sid, last in self.items if sid % self.parts == self.part]
        self.store = {}
        return _expand(self.machine, self.opts, mine, self.store)

    def keep(self, keeps: list[Keep]) -> list[tuple[int, int, tuple[str, ...]]]:
        """Build the next frontier.  A successor another part expanded is rebuilt here by replaying its
        action (a step costs less than shipping a state between processes); the part that expanded a new
        state checks its invariants."""
        states: dict[int, Any] = {}
        items: list[tuple[int, int]] = []
        found = []
        for sid, i, nid, last, check_it in keeps:
            state = self.store.get((sid, i))
            if state is None:
                parent = self.states[sid]
                state = self.machine.next_state(parent, list(self.machine.actions(parent))[i]).state
            elif check_it:
                found.append((sid, i, self.machine.state_violations(state)))
            if last != -2:  # -2: a terminal state (a kernel BUG) is checked, never expanded
                states[nid] = state
                items.append((nid, last))
        self.states, self.items, self.store = states, items, {}
        return found


def _worker(conn: Any, factory: Callable[[], Machine[Any, Any]], opts: Options, part: int, parts: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    front = _Frontier(factory(), opts, part, parts)
    while True:
        cmd, arg = conn.recv()
        if cmd == "seed":
            front.seed(arg)
            conn.send(None)
        elif cmd == "expand":
            conn.send(front.expand())
        elif cmd == "keep":
            conn.send(front.keep(arg))
        else:
            return


class _Pool:
    """``opts.workers`` processes, each holding the whole frontier and expanding the states whose id falls in
    its part (id modulo the number of parts): the partitioning a cluster engine would use across
    machines.  Fork: the workers inherit this interpreter's hash seed, so their fingerprints agree."""

    def __init__(self, factory: Callable[[], Machine[Any, Any]], opts: Options) -> None:
        ctx = get_context("fork")
        self.conns, self.procs = [], []
        for part in range(opts.workers):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(child, factory, opts, part, opts.workers), daemon=True)
            proc.start()
            self.conns.append(parent)
            self.procs.append(proc)

    def call(self, cmd: str, arg: Any = None) -> list[Any]:
        for c in self.conns:
            c.send((cmd, arg))
        return [c.recv() for c in self.conns]

    def close(self) -> None:
        for c, p in zip(self.conns, self.procs, strict=False):
            with contextlib.suppress(OSError):
                c.send(("stop", None))
            p.join(timeout=5)
            if p.is_alive():
                p.kill()


def check(factory: Callable[[], Machine[S, A]], opts: Options = Options(), progress: Progress | None = None) -> Report[A]:
    """Breadth-first search of every state reachable within ``opts.depth`` actions.

    :param factory: builds the machine (called once here and once per worker process)
    """
    machine = factory()
    start = time.monotonic()
    report: Report[A] = Report()
    ids: dict[int, int] = {}
    parent = array("q")
    via = array("l")
    init_of = array("l")
    arrived = array("l")  # the action a state was (first) expanded after; -1 once expanded without pruning
    seeds: list[tuple[int, S, int]] = []
    for n, s in enumerate(machine.init_states()):
        fp = machine.fingerprint(s, opts.symmetry)
        if fp in ids:
            continue
        ids[fp] = len(parent)
        parent.append(-1)
        via.append(-1)
        init_of.append(n)
        arrived.append(-1)
        for inv in machine.state_violations(s):
            report.counterexamples.setdefault(inv, Counterexample(inv, n, (), ()))
        seeds.append((ids[fp], s, -1))
    pool = _Pool(factory, opts) if opts.workers > 1 else None
    local = _Frontier(machine, opts) if pool is None else None
    if pool is not None:
        pool.call("seed", seeds)
    else:
        assert local is not None
        local.seed(seeds)
    expanded: set[int] = {sid for sid, _, _ in seeds}  # the ids in the current frontier
    old_handler = signal.getsignal(signal.SIGINT)

    def _on_sigint(signum: int, frame: object) -> None:
        raise _Interrupted()

    with contextlib.suppress(ValueError):  # ValueError: not the main thread
        signal.signal(signal.SIGINT, _on_sigint)
    depth = 0
    try:
        while expanded and depth < opts.depth:
            if opts.time_limit is not None and time.monotonic() - start > opts.time_limit:
                report.complete, report.stop_reason = False, f"time limit of {opts.time_limit:g} s"
                break
            depth += 1
            if pool is not None:
                results = [r for part in pool.call("expand") for r in part]
            else:
                assert local is not None
                results = local.expand()
            # Merge in (parent id, action index) order, whoever expanded what: the same for any worker count.
            results.sort(key=lambda r: (r[0], r[1]))
            pruned_from = {r[0] for r in results if r[3] == "pruned"}
            for sid in expanded - pruned_from:
                arrived[sid] = -1  # expanded without pruning anything: a later arrival needs nothing more
            keeps: list[Keep] = []
            queued: dict[int, int] = {}  # state id -> its place in keeps, for states first reached in this level
            for sid, i, fp, outcome, _violations, terminal in results:
                if outcome == "pruned":
                    report.pruned += 1
                    continue
                report.transitions += 1
                if fp not in ids:
                    ids[fp] = len(parent)
                    parent.append(sid)
                    via.append(i)
                    init_of.append(init_of[sid])
                    arrived.append(i if opts.por else -1)
                    if not terminal:
                        queued[ids[fp]] = len(keeps)
                    keeps.append((sid, i, ids[fp], i if not terminal else -2, True))
                elif opts.por and not terminal and arrived[ids[fp]] not in (-1, i):
                    # Reached again after another action: nothing may be pruned for it.
                    tid = ids[fp]
                    arrived[tid] = -1
                    if tid in queued:  # not expanded yet: expand it without pruning
                        old = keeps[queued[tid]]
                        keeps[queued[tid]] = (old[0], old[1], old[2], -1, old[4])
                    else:  # already expanded with pruning: expand it again, fully
                        keeps.append((sid, i, tid, -1, False))
                if opts.max_states is not None and len(parent) >= opts.max_states:
                    report.complete, report.stop_reason = False, f"state limit of {opts.max_states}"
                    break
            if pool is not None:
                found = [f for part in pool.call("keep", keeps) for f in part]
            else:
                assert local is not None
                found = local.keep(keeps)
            state_vio = {(sid, i): v for sid, i, v in found}
            for sid, i, fp, outcome, violations, _terminal in results:
                if outcome == "pruned":
                    continue
                for inv in violations + state_vio.get((sid, i), ()):
                    if inv not in report.counterexamples:
                        report.counterexamples[inv] = _path(machine, opts, inv, ids, parent, init_of, sid, fp)
            expanded = {k[2] for k in keeps if k[3] != -2}
            report.depth_reached = depth
            if progress is not None:
                progress(len(parent), report.transitions, depth, len(expanded), time.monotonic() - start)
            if not report.complete:
                break
    except (_Interrupted, KeyboardInterrupt):
        report.complete, report.stop_reason = False, "interrupted"
    finally:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, old_handler)
        if pool is not None:
            pool.close()
    report.states = len(parent)
    report.seconds = time.monotonic() - start
    report.bytes_per_state = _visited_bytes(ids, parent, via, init_of, arrived) / max(1, report.states)
    return report


def _visited_bytes(ids: dict[int, int], *arrays: array) -> float:  # type: ignore[type-arg]
    """Memory of the visited set: the fingerprint table plus the per-state arrays."""
    import sys

    total = sys.getsizeof(ids) + sum(a.buffer_info()[1] * a.itemsize for a in arrays)
    # Each key is a 64-bit int object (small ints are shared; fingerprints are not); values are small ids.
    total += len(ids) * sys.getsizeof(1 << 62)
    return float(total)


def _path(machine: Machine[S, A], opts: Options, inv: str, ids: dict[int, int], parent: array,  # type: ignore[type-arg]
          init_of: array, sid: int, target: int) -> Counterexample[A]:  # type: ignore[type-arg]
    """Rebuild the path to state ``sid`` and the transition from it to a state with fingerprint ``target``
    that breaks ``inv``, by replaying the machine from the initial state.  Each step picks the action whose
    successor has the next fingerprint on the path: symmetric states were folded, so the replayed states
    are equivalent to, not always identical with, the ones the search expanded."""
    chain = [sid]
    while parent[chain[-1]] != -1:
        chain.append(parent[chain[-1]])
    chain.reverse()
    wanted = set(chain)
    fps = {i: fp for fp, i in ids.items() if i in wanted}
    n = init_of[sid]
    state = list(machine.init_states())[n]
    acts: list[A] = []
    outcomes: list[str] = []
    goals = [(fps[c], None) for c in chain[1:]] + [(target, inv)]
    for goal, needs in goals:
        for act in machine.actions(state):
            t = machine.next_state(state, act)
            if machine.fingerprint(t.state, opts.symmetry) == goal and (
                    needs is None or needs in t.violations or needs in machine.state_violations(t.state)):
                acts.append(act)
                outcomes.append(t.outcome)
                state = t.state
                break
        else:  # pragma: no cover - would mean the machine is not deterministic
            raise RuntimeError(f"cannot replay the path to {inv}: machine.actions()/next_state() are not deterministic")
    return Counterexample(inv, n, tuple(acts), tuple(outcomes))


def random_walks(machine: Machine[S, A], seed: int, walks: int, depth: int,
                 progress: Progress | None = None) -> Report[A]:
    """``walks`` random walks of up to ``depth`` actions from the initial states, checking the invariants at
    every step.  Deterministic for a given seed.  The first walk that breaks an invariant gives its
    counterexample (not necessarily a shortest one).  Never complete: it samples.  ``states`` counts the
    states the walks visited, repeats included; ``stop_reason`` says how many walks ran."""
    import random

    rng = random.Random(seed)
    report: Report[A] = Report(complete=False, stop_reason=f"random walks (seed {seed})")
    start = time.monotonic()
    inits = list(machine.init_states())
    done = 0
    try:
        for w in range(walks):
            n = rng.randrange(len(inits))
            state = inits[n]
            acts: list[A] = []
            outcomes: list[str] = []
            for _ in range(depth):
                enabled = list(machine.actions(state))
                if not enabled:
                    break
                act = enabled[rng.randrange(len(enabled))]
                t = machine.next_state(state, act)
                report.transitions += 1
                acts.append(act)
                outcomes.append(t.outcome)
                for inv in t.violations + machine.state_violations(t.state):
                    report.counterexamples.setdefault(inv, Counterexample(inv, n, tuple(acts), tuple(outcomes)))
                state = t.state
                if t.terminal:
                    break
            report.depth_reached = max(report.depth_reached, len(acts))
            done += 1
            if progress is not None and w % 50 == 0:
                progress(w, report.transitions, len(acts), walks - w, time.monotonic() - start)
    except KeyboardInterrupt:
        report.stop_reason += ", interrupted"
    report.stop_reason += f": {done} of {walks} walks"
    report.states = done + report.transitions
    report.seconds = time.monotonic() - start
    return report
