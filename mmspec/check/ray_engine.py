"""Ray as the distributed engine (optional: ``pip install -e '.[ray]'``).

A search with ``Options.ray`` set runs on ``Options.workers`` Ray actors (:class:`_Part`, one CPU each), with
the frontier and the visited set partitioned across them, level by level, and the one worker's results,
byte for byte.  Each actor owns the fingerprints ``fp % N == its index``: it keeps their visited entries
(parent fingerprint, the POR bookkeeping, the ordering key) and decides which successors are new, in the
one worker's (parent, action index) order.  A level is: expand (each actor expands the frontier states it
holds, keeps the successors' states, and routes each successor's record to the owner of its fingerprint,
through Ray's object store), merge (each owner the one worker's merge of what was routed to it), keep (each
expander keeps the successors its owners call new, checks their invariants, and holds them as its part of
the next frontier: owner computes, no state is shipped to its owner) and, when the parts come out uneven,
give (states pickled to the actors with fewer).  The driver keeps the counts, the counterexamples and the
level barrier; a counterexample's path is walked back through the owners' parent fingerprints and
replayed on an actor.  States are ordered by keys computed from their first arrival (see ACTIONS), so the
order, the state limit's cut and the first path to each violation are the one worker's whatever the
partition.

Fingerprints are Python hashes, which depend on the interpreter's hash seed: a forked worker inherits
the parent's, a Ray actor starts its own interpreter.  Every actor is therefore started with one fixed
``PYTHONHASHSEED``, and the driver asks the actors for the fingerprints it needs (initial states, paths of
counterexamples) instead of computing them itself.

The safety matrix's cells run as Ray tasks (:func:`run_tasks`), one search per task.

``address`` is "local" (start a Ray instance in this process, on this machine's cores) or anything
``ray.init(address=...)`` takes: "auto", "HOST:6379", or "ray://HOST:10001" for Ray Client.  The actors
and tasks get this package's code through the runtime environment (``py_modules``), so the cluster's
nodes need Ray and Python of the same version, not mmspec.
"""

from __future__ import annotations

import gc
import heapq
import resource
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar

from mmspec.check.engine import (
    HALT_GRACE,
    INTERRUPTED,
    MEMORY_EVERY,
    POLL,
    SEARCH_GC_THRESHOLD,
    SLACK,
    VACUOUS_STUCK,
    WORKER_LOST,
    A,
    Counterexample,
    Machine,
    Options,
    S,
    Succ,
    _expand,
    _replay,
    _Search,
    _Stop,
    _Ticker,
    rss_bytes,
)

INSTALL_HINT = "install the optional extra: pip install -e '.[ray]' (or pip install ray)"
HASH_SEED = "0"  # every actor hashes alike, so fingerprints agree across actors and nodes

J = TypeVar("J")
R = TypeVar("R")


class RayMissing(Exception):
    """Ray is not installed."""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RayMissing(f"Ray is not installed: {INSTALL_HINT}") from None
    return ray


def available() -> bool:
    try:
        _ray()
    except RayMissing:
        return False
    return True


HASH_MISMATCH = (
    "Ray's workers fingerprint states differently (each actor must hash with PYTHONHASHSEED="
    + HASH_SEED
    + " and run this Python version)"
)
ENV = {"env_vars": {"PYTHONHASHSEED": HASH_SEED}}  # each actor's and task's runtime environment


def connect(address: str, num_cpus: int | None = None) -> Any:
    """Join (or, for "local", start, with ``num_cpus`` or all cores) the Ray cluster, once per process; the
    ray module.  The job's runtime environment ships this package's code to the cluster's workers."""
    ray = _ray()
    if not ray.is_initialized():
        package = Path(__file__).resolve().parent.parent
        kwargs: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "runtime_env": {"py_modules": [str(package)], **ENV},
        }
        if address == "local":
            kwargs["num_cpus"] = num_cpus
            ray.init(**kwargs)
        else:
            ray.init(address=address, **kwargs)
    return ray


class _ActorWatch(_Ticker):
    """An actor's side of the limits: it stops when the parent calls ``halt`` (the actor runs threads, so
    the call comes in while a level is being expanded)."""

    level_base = 0  # steps when the level began

    def __init__(self, halted: threading.Event) -> None:
        self.halted = halted

    def check(self) -> None:
        self.next_check = self.steps + 128
        if self.halted.is_set():
            raise _Stop("halt")


# --- The partitioned search -------------------------------------------------------------------------------
#
# Keys.  The one worker numbers states in the order they are first reached: level by level, and within a
# level in (parent id, action index) order.  Here no process sees the whole level, so a state's id is a key
# that sorts the same way and is computed from its first arrival alone: an initial state's key is its
# number; a state first reached in level d from the state with key p by action i has the key
# OFFSET(d) + p * ACTIONS + i, where OFFSET(d) = seeds * (ACTIONS + 1) ** (d - 1) puts every key of level d
# above those of the levels before it (a parent's key is below OFFSET(d)).  Keys grow by 16 bits a level;
# they are kept only for the frontier and for the visited states partial-order reduction may expand again.

_IDLE: list[Any] = []  # actors of finished searches, for the next one (each holds a CPU: see run_tasks)

ACTIONS = 1 << 16  # bound on the actions enabled in one state (more stops the search, saying so)
TOO_MANY_ACTIONS = f"a state has more than {ACTIONS} actions enabled (the Ray engine's bound)"

# A successor routed to the owner of its fingerprint: (parent key, action index, fingerprint, terminal,
# parent fingerprint).
Routed = tuple[int, int, int, bool, int]
# What an owner tells the expander that generated a successor: (parent key, action index, key of the state to
# expand, last action for POR (-1 none, -2 terminal: check, never expand), check the state's invariants,
# fingerprint).
Decision = tuple[int, int, int, int, bool, int]
# The first transition in the level's order that breaks an invariant: ((parent key, action index, 0 for the
# step's violations or 1 for the new state's, place in that tuple), parent fingerprint, fingerprint).
Found = dict[str, tuple[tuple[int, int, int, int], int, int]]


def _offset(seeds: int, depth: int) -> int:
    return int(seeds * (ACTIONS + 1) ** (depth - 1))


def _first(found: Found, more: Found) -> None:
    """Fold ``more`` into ``found``: for each invariant, the transition that comes first."""
    for inv, c in more.items():
        if inv not in found or c[0] < found[inv][0]:
            found[inv] = c


@dataclass(frozen=True)
class _Expanded:
    """An actor's report on its part of a level's expansion."""

    level_done: int
    transitions: int
    pruned: int
    first: tuple[int, int] | None  # the first transition (not pruned) in the level's order
    found: Found
    rss: int
    reason: str | None  # why it stopped before the end


class _Part:
    """One Ray actor of a search.  As an owner, it keeps the visited entries of the fingerprints that are
    its own (``fp % size == index``): the parent's fingerprint, the POR bookkeeping and the key, and decides
    which successors routed to it are new, in the one worker's order.  As an expander, it holds the part of
    the frontier it generated (owner computes: a new state stays where it was generated; states move only to
    even the parts), expands it, and keeps what the owners tell it to."""

    def start(self, factory: Callable[[], Machine[Any, Any]], opts: Options, index: int, size: int) -> None:
        """Begin a search (an actor serves one search after another: starting one costs seconds)."""
        gc.set_threshold(*SEARCH_GC_THRESHOLD)  # the actor's process only searches (engine.search_gc)
        self.machine, self.opts, self.index, self.size = factory(), opts, index, size
        self.halted = threading.Event()
        self.watch = _ActorWatch(self.halted)
        self.rss0 = rss_bytes()
        self.seeds = 1
        # The visited entries this actor owns: fingerprint -> slot in the arrays.
        self.slot: dict[int, int] = {}
        self.parent_fp = array("q")
        self.arrived = array("l")  # as the one worker's: the action a state was expanded after; -1 none
        self.keys: list[int] = []  # while POR may expand a state again (arrived != -1), its key; else 0
        self.init_of: dict[int, int] = {}  # slot of an initial state -> its index in init_states()
        self.new: list[tuple[int, int]] = []  # the level's new states, (parent key, action index) in order
        # The frontier part: (key, state, fingerprint, action that reached it or None), and the last expansion.
        self.items: list[tuple[int, Any, int, Any]] = []
        self.fp_of: dict[int, int] = {}  # key -> fingerprint, of the states just expanded
        self.store: dict[tuple[int, int], Any] = {}
        self.taken: dict[tuple[int, int], Any] = {}
        self.out: list[Succ] = []

    def _rss(self) -> int:
        return max(0, rss_bytes() - self.rss0)

    def status(self) -> tuple[int, int, int]:
        """Called while a level runs (the actor has threads for it): states expanded, steps, memory grown."""
        return self.watch.level_done, self.watch.steps - self.watch.level_base, self._rss()

    def halt(self) -> None:
        self.halted.set()  # the search ends after a stop: the flag is never cleared

    def cpu_seconds(self) -> float:
        """This actor's CPU time so far (the benchmark's measure of the work, whatever the machine's load)."""
        use = resource.getrusage(resource.RUSAGE_SELF)
        return use.ru_utime + use.ru_stime

    def fingerprints(self, states: list[Any]) -> list[int]:
        return [self.machine.fingerprint(s, self.opts.symmetry) for s in states]

    def replay(self, inv: str, n: int, path: list[int], target: int) -> Any:
        return _replay(self.machine, self.opts, inv, n, path, target)

    def _add(self, fp: int, parent_fp: int, arrived: int, key: int) -> int:
        s = self.slot[fp] = len(self.keys)
        self.parent_fp.append(parent_fp)
        self.arrived.append(arrived)
        self.keys.append(key)
        return s

    def seed(self, seeds: int, owned: list[tuple[int, int]], items: list[tuple[int, Any, int]]) -> None:
        """The initial states: (fingerprint, index in init_states()) of those this actor owns, (key, state,
        fingerprint) of those it expands."""
        self.seeds = seeds
        for fp, n in owned:
            self.init_of[self._add(fp, 0, -1, 0)] = n
        self.items = [(key, state, fp, None) for key, state, fp in items]

    def give(self, counts: list[int]) -> list[list[tuple[int, Any, int, Any]]]:
        """Hand ``counts[v]`` frontier states over to actor ``v`` (Ray pickles them)."""
        out: list[list[tuple[int, Any, int, Any]]] = []
        for c in counts:
            cut = len(self.items) - c
            out.append(self.items[cut:])
            del self.items[cut:]
        return out

    def expand(self, depth: int, *shipped: list[tuple[int, Any, int, Any]]) -> list[Any]:
        """Expand this part of the frontier (with the states shipped to it), in key order.  Returns, for each
        owner, (fingerprints of states expanded without pruning, successors in (parent key, action) order),
        then an :class:`_Expanded` for the driver."""
        for part in shipped:
            self.items.extend(part)
        self.items.sort(key=lambda item: item[0])
        self.fp_of = {key: fp for key, _, fp, _ in self.items}
        self.store, self.taken, self.out = {}, {}, []
        watch = self.watch
        watch.level_done, watch.level_base = 0, watch.steps
        reason = None
        try:
            _expand(
                self.machine,
                self.opts,
                [(k, s, last) for k, s, _, last in self.items],
                self.store,
                self.out,
                watch,
                self.taken,
            )
        except _Stop as stop:
            reason = stop.reason
        self.items = []
        resets: list[list[int]] = [[] for _ in range(self.size)]
        routed: list[list[Routed]] = [[] for _ in range(self.size)]
        pruned_from = {r[0] for r in self.out if r[3] == "pruned"}
        for key, fp in self.fp_of.items():
            if key not in pruned_from:
                resets[fp % self.size].append(fp)
        found: Found = {}
        transitions = pruned = 0
        first = None
        for sid, i, fp, outcome, violations, terminal in self.out:
            if outcome == "pruned":
                pruned += 1
                continue
            if i >= ACTIONS:
                reason = TOO_MANY_ACTIONS
            transitions += 1
            first = first or (sid, i)
            routed[fp % self.size].append((sid, i, fp, terminal, self.fp_of[sid]))
            for pos, inv in enumerate(violations):
                found.setdefault(inv, ((sid, i, 0, pos), self.fp_of[sid], fp))
        done = _Expanded(watch.level_done, transitions, pruned, first, found, self._rss(), reason)
        return [*zip(resets, routed, strict=True), done]

    def merge(self, depth: int, *parts: tuple[list[int], list[Routed]]) -> list[Any]:
        """As owner: the one worker's merge (:meth:`mmspec.check.engine._Search._merge`) of the successors
        routed here, in (parent key, action index) order.  Returns, for each expander, what it keeps of its
        successors, in that order, then the number of new states for the driver."""
        arrived, slot, keys, por = self.arrived, self.slot, self.keys, self.opts.por
        for resets, _ in parts:
            for fp in resets:
                arrived[slot[fp]], keys[slot[fp]] = (
                    -1,
                    0,
                )  # expanded without pruning: a later arrival needs nothing more
        offset = _offset(self.seeds, depth)
        decisions: list[list[Decision]] = [[] for _ in range(self.size)]
        queued: dict[int, tuple[int, int]] = {}  # fingerprint -> its place in decisions, for new states
        self.new = []
        tagged = [zip(routed, repeat(w)) for w, (_, routed) in enumerate(parts)]
        for (sid, i, fp, terminal, parent_fp), w in heapq.merge(*tagged):
            if (s := slot.get(fp)) is None:
                key = offset + sid * ACTIONS + i
                self._add(fp, parent_fp, i if por else -1, key if por else 0)
                self.new.append((sid, i))
                if not terminal:
                    queued[fp] = (w, len(decisions[w]))
                decisions[w].append((sid, i, key, i if not terminal else -2, True, fp))
            elif por and not terminal and arrived[s] not in (-1, i):
                key, arrived[s], keys[s] = keys[s], -1, 0  # reached again after another action: prune nothing
                if fp in queued:  # not expanded yet: expand it without pruning
                    q, k = queued[fp]
                    old = decisions[q][k]
                    decisions[q][k] = (old[0], old[1], old[2], -1, old[4], old[5])
                else:  # already expanded with pruning: expand it again, fully
                    decisions[w].append((sid, i, key, -1, False, fp))
        return [*decisions, len(self.new)]

    def new_states(self, n: int) -> list[tuple[int, int]]:
        """The first ``n`` of the level's new states this actor owns."""
        return self.new[:n]

    def upto(self, cut: tuple[int, int]) -> tuple[int, int]:
        """The level's transitions up to ``cut`` and the actions pruned before it (the one worker's merge
        stops there)."""
        transitions = sum(1 for r in self.out if r[3] != "pruned" and (r[0], r[1]) <= cut)
        return transitions, sum(1 for r in self.out if r[3] == "pruned" and (r[0], r[1]) < cut)

    def keep(self, cut: tuple[int, int] | None, *decisions: list[Decision]) -> tuple[int, Found, int] | None:
        """Build this part's next frontier from the owners' decisions (up to ``cut``, the state limit),
        checking the new states' invariants; its size and the first transition to each broken one.  None
        if halted."""
        items: list[tuple[int, Any, int, Any]] = []
        found: Found = {}
        watch = self.watch
        watch.level_done, watch.level_base = 0, watch.steps
        try:
            for sid, i, key, last, check_it, fp in heapq.merge(*decisions):
                if cut is not None and (sid, i) > cut:
                    break
                state = self.store[(sid, i)]
                if check_it:
                    watch.tick()
                    for pos, inv in enumerate(self.machine.state_violations(state)):
                        found.setdefault(inv, ((sid, i, 1, pos), self.fp_of[sid], fp))
                if last != -2:
                    items.append((key, state, fp, self.taken[(sid, i)] if last >= 0 else None))
        except _Stop:
            return None
        self.items, self.store, self.taken, self.out, self.fp_of = items, {}, {}, [], {}
        return len(items), found, self._rss()

    def parents(self, fps: list[int]) -> list[tuple[int, int]]:
        """For each fingerprint: (its first parent's fingerprint, -1), or (0, init index) for an initial state."""
        out = []
        for fp in fps:
            s = self.slot[fp]
            out.append((0, self.init_of[s]) if s in self.init_of else (self.parent_fp[s], -1))
        return out

    def finish(self) -> int:
        """End the search: the memory this part of the visited set took, which is then freed (an idle actor
        waits for the next search)."""
        total = sys.getsizeof(self.slot) + len(self.slot) * sys.getsizeof(1 << 62) + sys.getsizeof(self.keys)
        total += sum(sys.getsizeof(k) for k in self.keys if k) + sys.getsizeof(self.init_of)
        total += sum(a.buffer_info()[1] * a.itemsize for a in (self.parent_fp, self.arrived))
        self.slot, self.parent_fp, self.arrived, self.keys, self.init_of = {}, array("q"), array("l"), [], {}
        self.items, self.store, self.taken, self.out, self.fp_of, self.new = [], {}, {}, [], {}, []
        return total


class RaySearch(_Search[S, A]):
    """A search whose workers are Ray actors (:class:`_Part`), ``opts.workers`` of them (at least one).  The
    driver keeps the counts, the counterexamples and the level barrier; each level is four rounds: expand
    (the successors go to their owners), merge (at the owners), keep (back at the expanders), and, where the
    parts came out uneven, give.  The actors pass the successors to each other through Ray's object store:
    the driver only hands on references."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.actors: list[Any] = []
        self.count = 0  # distinct states numbered
        self.frontier = 0
        self.bytes = 0.0
        self.gives: list[list[Any]] = []
        self.ray: Any = None
        self.halted = False  # the actors were told to halt, or one was lost: they serve no other search
        self.rss: list[int] = []  # each actor's memory growth, as last reported
        self.done: list[int] = []  # and the states of the level it has expanded
        self.steps: list[int] = []

    def _open(self) -> None:
        if self.opts.depth < 1:
            return
        opts = self.opts
        assert opts.ray is not None
        self.ray = ray = connect(opts.ray)
        cpus = int(ray.cluster_resources().get("CPU", 0))
        size = max(1, opts.workers)
        if cpus < size:  # an actor takes a CPU: the others would wait for one forever
            raise _Stop(f"the Ray cluster has {cpus} CPUs, fewer than the {size} workers asked for")
        actor = ray.remote(num_cpus=1, max_concurrency=3, runtime_env=ENV)(_Part)
        self.actors = [_IDLE.pop() if _IDLE else actor.remote() for _ in range(size)]
        self._get([a.start.remote(self.factory, opts, n, size) for n, a in enumerate(self.actors)])
        self.gives = [[] for _ in range(size)]
        self.rss, self.done, self.steps = [0] * size, [0] * size, [0] * size

    def _close(self) -> None:
        if not self.actors:
            return
        try:
            wait = HALT_GRACE if self.halted else 60  # idle: each walks its part of the set, 0.5 s a million
            self.bytes = float(sum(self.ray.get([a.finish.remote() for a in self.actors], timeout=wait)))
        except Exception:  # an actor died or is stuck: the figure is missing, not the report
            self.halted = True
        if self.halted or self.watch.interrupted:  # an actor may still be busy, or gone
            for a in self.actors:
                self.ray.kill(a)
        else:  # kept for the next search in this process
            _IDLE.extend(reversed(self.actors))

    def _visited(self) -> tuple[int, float]:
        if not self.actors:
            return super()._visited()
        return self.count, self.bytes / max(1, self.count)

    def _seed(self) -> list[tuple[int, S, int]]:
        if not self.actors:
            return super()._seed()
        inits = list(self.machine.init_states())
        each: list[list[int]] = self._get([a.fingerprints.remote(inits) for a in self.actors])
        if any(fps != each[0] for fps in each):  # the actors must fingerprint alike
            raise _Stop(HASH_MISMATCH)
        size = len(self.actors)
        owned: list[list[tuple[int, int]]] = [[] for _ in range(size)]
        items: list[list[tuple[int, Any, int]]] = [[] for _ in range(size)]
        seen: set[int] = set()
        for n, (s, fp) in enumerate(zip(inits, each[0], strict=True)):
            if fp in seen:
                continue
            key = len(seen)
            seen.add(fp)
            for inv in self.machine.state_violations(s):
                self.report.counterexamples.setdefault(inv, Counterexample(inv, n, (), ()))
            owned[fp % size].append((fp, n))
            items[key % size].append((key, s, fp))
        self.count = self.frontier = len(seen)
        self._get([a.seed.remote(len(seen), owned[w], items[w]) for w, a in enumerate(self.actors)])
        return []

    def _levels(self, seeds: list[tuple[int, S, int]]) -> None:
        opts, report, watch = self.opts, self.report, self.watch
        size, actors = len(self.actors), self.actors
        depth = 0
        while self.frontier and depth < opts.depth:
            watch.check()
            depth += 1
            watch.begin_level(depth, self.frontier)
            n0 = self.count
            expanded = [
                a.expand.options(num_returns=size + 1).remote(depth, *self.gives[w]) for w, a in enumerate(actors)
            ]
            self.gives = [[] for _ in range(size)]
            self.done, self.steps = [0] * size, [0] * size
            done, reason = self._await([e[size] for e in expanded], expanding=True)
            parts = [d for d in done if d is not None]
            self._memory([d.rss if d is not None else None for d in done])
            transitions, pruned = sum(d.transitions for d in parts), sum(d.pruned for d in parts)
            found: Found = {}
            for d in parts:
                _first(found, d.found)
                reason = reason or d.reason
            if reason is not None:
                watch.level_done = sum(d.level_done for d in parts)
                report.transitions, report.pruned = report.transitions + transitions, report.pruned + pruned
                report.level_done, report.level_size = watch.level_done, watch.level_size
                self._stop_counterexamples(found)
                raise _Stop(reason)
            if depth == 1 and transitions + pruned == 0:
                report.vacuous, report.complete, report.stop_reason = True, False, VACUOUS_STUCK
                return
            merged = [
                a.merge.options(num_returns=size + 1).remote(depth, *[e[o] for e in expanded])
                for o, a in enumerate(actors)
            ]
            new, reason = self._await([m[size] for m in merged])
            added, cut = sum(n or 0 for n in new), None
            limit = opts.max_states
            if reason is None and limit is not None and n0 + added >= limit and (where := self._cut(limit - n0, parts)):
                cut, added = where
                counts = self._get([a.upto.remote(cut) for a in actors])
                transitions, pruned = sum(c[0] for c in counts), sum(c[1] for c in counts)
                report.complete, report.stop_reason = False, f"state limit of {limit}"
            report.transitions, report.pruned = report.transitions + transitions, report.pruned + pruned
            watch.transitions, watch.expanding = report.transitions, False
            if reason is None:
                kept, reason = self._await([a.keep.remote(cut, *[m[w] for m in merged]) for w, a in enumerate(actors)])
            if reason is not None or any(k is None for k in kept):
                self._stop_counterexamples(found)  # the level's new states are dropped, its steps count
                report.level_done = report.level_size = self.frontier
                raise _Stop(reason or INTERRUPTED)
            self._memory([k[2] for k in kept])
            for k in kept:
                _first(found, k[1])
            self.count = n0 + added
            self._counterexamples(found)
            self.frontier = sum(k[0] for k in kept)
            report.depth_reached = depth
            watch.states, watch.transitions = self.count, report.transitions
            watch.level_size, watch.level_done = self.frontier, 0
            if not report.complete:
                return
            if depth < opts.depth:  # the states of the level at the depth bound are never expanded
                self._rebalance([k[0] for k in kept])

    def _memory(self, rss: list[int | None]) -> None:
        for n, r in enumerate(rss):
            if r is not None:
                self.rss[n] = r
        self.watch.workers_rss = sum(self.rss)

    def _cut(self, n: int, parts: list[_Expanded]) -> tuple[tuple[int, int], int] | None:
        """Where the one worker's merge stops for the state limit: after the ``n``-th new state of the level
        (after its first transition when ``n`` < 1; nowhere if every action was pruned), and the new states
        numbered before it."""
        if n < 1:  # the limit was reached before the level: its first transition is the last counted
            firsts = [d.first for d in parts if d.first is not None]
            if not firsts:
                return None
            new = min(heapq.merge(*self._get([a.new_states.remote(1) for a in self.actors])), default=None)
            return min(firsts), int(new == min(firsts))
        news = self._get([a.new_states.remote(n) for a in self.actors])
        return list(heapq.merge(*news))[n - 1], n

    def _rebalance(self, counts: list[int]) -> None:
        """Where the parts are uneven by more than :data:`SLACK` of a fair share, the actors with more hand
        states to those with fewer before the next expansion (the counts decide it, never timing)."""
        size = len(counts)
        fair = -(-sum(counts) // size)
        if max(counts) <= fair + max(2, int(fair * SLACK)):
            return
        plan = [[0] * size for _ in range(size)]
        under = [w for w, c in enumerate(counts) if c < fair]
        for w in range(size):
            while counts[w] > fair:
                v = under[0]
                moved = min(counts[w] - fair, fair - counts[v])
                plan[w][v] += moved
                counts[w] -= moved
                counts[v] += moved
                if counts[v] >= fair:
                    under.pop(0)
        given = []
        for w, row in enumerate(plan):
            if any(row):
                refs = self.actors[w].give.options(num_returns=size).remote(row)
                given.extend(refs)
                for v, c in enumerate(row):
                    if c:
                        self.gives[v].append(refs[v])
        # An actor runs calls in threads, in no set order: its next expansion must not start before it gave.
        self.ray.wait(given, num_returns=len(given), fetch_local=False)

    def _counterexamples(self, found: Found) -> None:
        """Record the first transition to each invariant not yet broken, in the level's order: the paths
        are walked back through the owners' parent fingerprints, then replayed on an actor."""
        todo = sorted((c[0], inv, c[1], c[2]) for inv, c in found.items() if inv not in self.report.counterexamples)
        if not todo:
            return
        size = len(self.actors)
        paths: list[list[int]] = [[parent] for _, _, parent, _ in todo]
        inits = [-1] * len(todo)
        while any(n < 0 for n in inits):
            asks: list[list[int]] = [[] for _ in range(size)]
            for j, path in enumerate(paths):
                if inits[j] < 0:
                    asks[path[-1] % size].append(j)
            refs = [self.actors[o].parents.remote([paths[j][-1] for j in js]) for o, js in enumerate(asks) if js]
            for js, answers in zip([js for js in asks if js], self._get(refs), strict=True):
                for j, (parent, n) in zip(js, answers, strict=True):
                    if n >= 0:
                        inits[j] = n
                        paths[j].pop()  # the initial state is named by its index, not its fingerprint
                    else:
                        paths[j].append(parent)
        cexs = self._get(
            [
                self.actors[0].replay.remote(inv, n, path[::-1], fp)
                for (_, inv, _, fp), n, path in zip(todo, inits, paths, strict=True)
            ]
        )
        for (_, inv, _, _), cex in zip(todo, cexs, strict=True):
            self.report.counterexamples[inv] = cex

    def _stop_counterexamples(self, found: Found) -> None:
        """The counterexamples of a level cut short; an actor lost meanwhile loses them, not the stop's reason."""
        with suppress(_Stop):
            self._counterexamples(found)

    def _get(self, refs: Any) -> Any:
        try:
            return self.ray.get(refs)
        except self.ray.exceptions.RayError:  # an actor died (its node went away, out of memory)
            self.halted = True
            raise _Stop(WORKER_LOST) from None

    def _await(self, refs: list[Any], expanding: bool = False) -> tuple[list[Any], str | None]:
        """Each actor's answer (None from one that gave none), and why the watch stopped the search meanwhile,
        if it did: then the actors still busy are halted and get :data:`HALT_GRACE` seconds to answer.  Every
        :data:`MEMORY_EVERY` seconds the busy actors are asked how far they are and their memory."""
        ray, watch = self.ray, self.watch
        pending = {ref: n for n, ref in enumerate(refs)}
        answers: list[Any] = [None] * len(refs)
        asked: dict[Any, int] = {}
        next_ask = time.monotonic()
        reason = None
        try:
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=POLL)
                for ref in ready:
                    answers[pending.pop(ref)] = self._get(ref)
                self._take_status(asked, expanding)
                if time.monotonic() >= next_ask and not asked:
                    next_ask = time.monotonic() + MEMORY_EVERY
                    asked = {self.actors[n].status.remote(): n for n in pending.values()}
                watch.check()
        except _Stop as stop:
            reason = stop.reason
        if reason is not None and pending:
            self.halted = True
            for n in pending.values():
                self.actors[n].halt.remote()
            ready, _ = ray.wait(list(pending), num_returns=len(pending), timeout=HALT_GRACE)
            for ref in ready:
                with suppress(_Stop):
                    answers[pending.pop(ref)] = self._get(ref)
        return answers, reason

    def _take_status(self, asked: dict[Any, int], expanding: bool) -> None:
        if not asked:
            return
        ready, _ = self.ray.wait(list(asked), num_returns=len(asked), timeout=0)
        for ref in ready:
            n = asked.pop(ref)
            with suppress(self.ray.exceptions.RayError):
                self.done[n], self.steps[n], self.rss[n] = self.ray.get(ref)
        self.watch.workers_rss = sum(self.rss)
        if expanding:
            self.watch.level_done, self.watch.workers_steps = sum(self.done), sum(self.steps)


def idle_cpu_seconds() -> float:
    """The CPU time of the actors kept for the next search, together (for the benchmark)."""
    if not _IDLE:
        return 0.0
    ray = _ray()
    return float(sum(ray.get([a.cpu_seconds.remote() for a in _IDLE])))


def run_tasks(address: str, fn: Callable[[J], R], jobs: Sequence[J], stop: Callable[[], bool]) -> Iterator[R | None]:
    """``fn(job)`` for each job as a Ray task (one CPU each), the results in the jobs' order.  Once ``stop()``
    is true the tasks not yet done are cancelled: a running one gets a KeyboardInterrupt (a search reports
    it as interrupted) and is awaited for :data:`HALT_GRACE` seconds; the rest give None."""
    ray = connect(address)
    while _IDLE:  # the tasks need the CPUs the idle actors hold
        ray.kill(_IDLE.pop())
    task = ray.remote(num_cpus=1, runtime_env=ENV)(fn)
    refs = [task.remote(job) for job in jobs]
    for n, ref in enumerate(refs):
        while not stop() and not ray.wait([ref], timeout=POLL)[0]:
            pass
        if stop():
            yield from _cancelled(ray, refs[n:])
            return
        yield ray.get(ref)


def _cancelled(ray: Any, refs: list[Any]) -> Iterator[Any]:
    for ref in refs:
        ray.cancel(ref)
    ray.wait(refs, num_returns=len(refs), timeout=2 * HALT_GRACE)
    for ref in refs:
        try:
            yield ray.get(ref, timeout=0)
        except Exception:  # cancelled before it ran, or killed: not run
            yield None
