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
import gc
import os
import pickle
import resource
import signal
import time
from array import array
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
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
    """Bounds and limits of a search.  ``depth`` < 1 gives a vacuous search.

    ``time_limit`` (seconds) and ``max_memory`` (bytes of resident memory, the search's processes together)
    are checked every :data:`CHECK_EVERY` steps, also inside a level and in the workers; ``max_states``
    (distinct states) as states are numbered, so where it stops does not depend on timing or workers.
    ``max_memory`` None means :func:`default_max_memory`, 0 no limit.  ``progress_every`` is the least time
    between two progress calls (0: at every check, which tests use to stop at a given step count)."""

    depth: int = 8
    symmetry: bool = True
    por: bool = True
    workers: int = 1
    time_limit: float | None = None
    max_states: int | None = None
    max_memory: int | None = None
    progress_every: float = 0.25
    ray: str | None = None  # a Ray cluster's address, or "local": the workers are Ray actors there


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


# Stop reasons (``Report.stop_reason``); the limits' reasons carry their value, e.g. "time limit of 3 s".
INTERRUPTED = "interrupted"
WORKER_LOST = "a worker process died"
VACUOUS_DEPTH = "vacuous: depth < 1"
VACUOUS_STUCK = "vacuous: no action is possible in the initial states"


@dataclass
class Report(Generic[A]):
    """What a search found.  ``complete`` is False when the absence of a violation proves nothing: it
    stopped early (``stop_reason``: a limit, "interrupted") or it was vacuous (no transition was possible:
    depth < 1, or no action enabled in any initial state).  ``verdict`` names the three cases.

    ``states`` counts the distinct states whose invariants were checked: after a stop inside level d, every
    state within d - 1 steps (``depth_reached``), the level's new states are dropped; its transitions that
    were taken count in ``transitions`` and the invariants they broke are reported (their counterexamples
    are still shortest: every shorter path was explored).  ``level_done`` of ``level_size`` states of that
    level had been expanded.  ``peak_rss`` is the most resident memory (bytes) seen, all of the search's
    processes together; ``memory_limit`` the limit that applied (0: none)."""

    states: int = 0
    transitions: int = 0
    pruned: int = 0
    depth_reached: int = 0
    seconds: float = 0.0
    complete: bool = True
    stop_reason: str = ""
    counterexamples: dict[str, Counterexample[A]] = field(default_factory=dict)
    bytes_per_state: float = 0.0
    vacuous: bool = False
    # Ctrl-C came (or a progress callback raised KeyboardInterrupt): the search stopped, or, when it came after
    # the last step, it is complete all the same; either way the caller should stop too.
    interrupted: bool = False
    level_done: int = 0
    level_size: int = 0
    peak_rss: int = 0
    memory_limit: int = 0

    @property
    def violated(self) -> list[str]:
        return sorted(self.counterexamples)

    @property
    def verdict(self) -> str:
        """ "complete", "partial" (stopped early: ``stop_reason`` says why) or "vacuous"."""
        return "vacuous" if self.vacuous else "complete" if self.complete else "partial"


Progress = Callable[[int, int, int, int, float], None]  # states, transitions, depth, queue, seconds


@dataclass(frozen=True)
class Snapshot:
    """Where a search is, for a progress display: ``states`` grows at the end of each level (states are
    numbered then), ``transitions`` and ``level_done`` inside it too."""

    states: int
    transitions: int
    depth: int  # the level being expanded
    level_size: int  # states in its frontier
    level_done: int  # of those, expanded
    seconds: float
    level_seconds: float  # since the level began
    rss: int  # resident memory now, bytes, all processes

    @property
    def transitions_per_second(self) -> float:
        return self.transitions / max(self.seconds, 1e-9)

    @property
    def level_seconds_left(self) -> float | None:
        """What the level has left at its own rate so far; later levels are unknown."""
        if self.level_done == 0:
            return None
        return self.level_seconds * (self.level_size - self.level_done) / self.level_done


SnapshotHook = Callable[[Snapshot], None]

CHECK_EVERY = 128  # steps between looks at the clock, memory and Ctrl-C: a step costs 20-200 µs
MEMORY_EVERY = 0.1  # seconds between samples of resident memory
HALT_GRACE = 1.0  # seconds a worker gets to hand back its partial level before it is killed
SLACK = 1 / 32  # how uneven the workers' parts of a level may be before states are shipped to even them
STEAL_MIN = 8  # states a worker must have left to expand before it gives half of them to an idle one
POLL = 0.05  # seconds the parent waits for its workers between two looks at the limits


def rss_bytes() -> int:
    """This process's resident memory: /proc/self/statm (a few µs), else the peak from getrusage."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def default_max_memory() -> int:
    """Half of MemAvailable when the search starts (room for the rest of the machine, and no swapping: a
    search that swaps is too slow to be useful), or 4 GiB where /proc/meminfo cannot be read."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 // 2
    except (OSError, ValueError, IndexError):
        pass
    return 4 << 30


def memory_limit(opts: Options) -> int:
    """The memory limit a search applies, in bytes; 0 for none."""
    return default_max_memory() if opts.max_memory is None else max(0, opts.max_memory)


# CPython's cyclic collector runs a young collection every 700 net allocations of tracked objects, and
# every so often a full one that walks every live object, the whole frontier included.  A search allocates
# millions of small records, tuples and dicts, none in a cycle (the standard configuration's search frees
# about 200 objects by collection in all), so the collector took about 30% of its time.  During a search
# it runs a young collection every SEARCH_GC_THRESHOLD allocations instead, and full ones far more rarely;
# acyclic garbage is freed by reference counting as before, so memory is unchanged.
SEARCH_GC_THRESHOLD = (100_000, 50, 100)


@contextlib.contextmanager
def search_gc() -> Iterator[None]:
    """Collector thresholds for a search (:data:`SEARCH_GC_THRESHOLD`), the caller's restored after it."""
    old = gc.get_threshold()
    gc.set_threshold(*SEARCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)


class _Stop(Exception):
    """A limit was reached or the user interrupted; ``reason`` is the report's stop reason.  Only its
    reason is passed on, never the exception: its traceback holds the frames of the level (every state of
    it), and an exception kept in one of those frames is a cycle that keeps them alive until the cyclic
    collector runs (seconds of freeing, later, in the next search)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Ticker:
    """Counts steps, and every :data:`CHECK_EVERY` of them calls :meth:`check` (``tick`` is cheap enough to
    call per step)."""

    steps = 0
    next_check = CHECK_EVERY
    level_done = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps >= self.next_check:
            self.check()

    def check(self) -> None:
        raise NotImplementedError


class _Watch(_Ticker):
    """The parent's limits, checked every :data:`CHECK_EVERY` steps (``tick`` is cheap enough to call per
    step), and its progress calls.  Ctrl-C only sets a flag, acted on at the next check, so the search stops
    between steps with its data consistent; a second Ctrl-C raises at once, unless the search is already
    winding down (``closing``: the report is then a second away)."""

    def __init__(self, opts: Options, start: float, progress: Progress | None, snapshot: SnapshotHook | None) -> None:
        self.opts, self.start, self.progress, self.snapshot = opts, start, progress, snapshot
        self.deadline = None if opts.time_limit is None else start + opts.time_limit
        self.limit = memory_limit(opts)
        self.interrupted = self.closing = False
        self.steps = 0
        self.next_check = CHECK_EVERY
        self.next_memory = 0.0
        self.next_progress = start + opts.progress_every
        self.rss = self.peak = 0
        self.workers_rss = self.workers_steps = 0  # the latest sums the workers reported
        self.states = self.transitions = self.depth = self.level_size = self.level_done = 0
        self.level_start = start
        self.level_base = 0  # steps when the level began
        self.expanding = False  # the level's steps are transitions not yet counted in self.transitions

    def on_sigint(self, signum: int, frame: object) -> None:
        if self.interrupted and not self.closing:
            raise KeyboardInterrupt
        self.interrupted = True

    def check(self) -> None:
        self.next_check = self.steps + CHECK_EVERY
        if self.interrupted:
            raise _Stop(INTERRUPTED)
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            assert self.opts.time_limit is not None
            raise _Stop(f"time limit of {self.opts.time_limit:g} s")
        if now >= self.next_memory:
            self.sample(now)
        if now >= self.next_progress and (self.progress is not None or self.snapshot is not None):
            self.call_progress(now)

    def sample(self, now: float) -> None:
        self.next_memory = now + MEMORY_EVERY
        self.rss = rss_bytes() + self.workers_rss
        self.peak = max(self.peak, self.rss)
        if self.limit and self.rss > self.limit:
            raise _Stop(f"memory limit of {round(self.limit / 2**20, 1):g} MiB")

    def call_progress(self, now: float) -> None:
        """A callback that raises KeyboardInterrupt interrupts the search (how an embedder cancels it)."""
        self.next_progress = now + self.opts.progress_every
        try:
            if self.progress is not None:
                self.progress(
                    self.states,
                    self.transitions + self.level_transitions(),
                    self.depth,
                    self.level_size - self.level_done,
                    now - self.start,
                )
            if self.snapshot is not None:
                self.snapshot(
                    Snapshot(
                        self.states,
                        self.transitions + self.level_transitions(),
                        self.depth,
                        self.level_size,
                        self.level_done,
                        now - self.start,
                        now - self.level_start,
                        self.rss,
                    )
                )
        except KeyboardInterrupt:
            raise _Stop(INTERRUPTED) from None

    def begin_level(self, depth: int, size: int) -> None:
        self.depth, self.level_size, self.level_done = depth, size, 0
        self.level_start = time.monotonic()
        self.level_base, self.workers_steps, self.expanding = self.steps, 0, True

    def level_transitions(self) -> int:
        return self.steps - self.level_base + self.workers_steps if self.expanding else 0


# A successor as the expander reports it: (parent id, action index, fingerprint, outcome, violations of the
# step, terminal).  outcome "pruned" marks an action partial-order reduction skipped.
Succ = tuple[int, int, int, str, tuple[str, ...], bool]
# What the search keeps of a level: (parent id, action index, new state id, last action for POR, check the
# new state's invariants).
Keep = tuple[int, int, int, int, bool]


def _expand(
    machine: Machine[Any, Any],
    opts: Options,
    items: list[tuple[int, Any, Any]],
    store: dict[tuple[int, int], Any],
    out: list[Succ],
    watch: _Ticker,
    taken: dict[tuple[int, int], Any],
) -> None:
    """Expand (state id, state, last action) items into ``out``, in order, consuming ``items``: those still in
    it are not started, and may be taken away meanwhile (work stealing).  Successors' states go to ``store``
    and the actions that reached them to ``taken``.  ``watch`` may stop it (raise) between steps: ``out`` then holds
    what was done.  The last action is the action itself (None for none): its index in this state's list
    can differ from its index in the parent's, when the step changed what is offered."""
    items.reverse()  # taken from the end, so that a steal (_Frontier.split) cuts off the last ones cheaply
    while items:
        sid, state, last_action = items.pop()
        acts = list(machine.actions(state))
        last = -1
        if last_action is not None:
            with contextlib.suppress(ValueError):
                last = acts.index(last_action)
        for i, act in enumerate(acts):
            if opts.por and last > i and machine.independent(state, act, acts[last]):
                out.append((sid, i, 0, "pruned", (), False))
                continue
            watch.tick()
            t = machine.next_state(state, act)
            store[(sid, i)] = t.state
            taken[(sid, i)] = act
            out.append((sid, i, machine.fingerprint(t.state, opts.symmetry), t.outcome, t.violations, t.terminal))
        watch.level_done += 1


class _Frontier:
    """The part of the current level that this process owns, and the successors of its last expansion.

    Owner computes: a successor stays with the process that generated it (its state is in ``store``), so
    building the next frontier costs no step; states move between processes only to rebalance the parts
    (:meth:`give` and :meth:`take`), pickled, which costs about two steps a state."""

    def __init__(self, machine: Machine[Any, Any], opts: Options) -> None:
        self.machine, self.opts = machine, opts
        self.states: dict[int, Any] = {}  # state id -> state, for this part of the frontier
        self.items: list[tuple[int, Any]] = []  # (state id, the action that reached it or None) to expand
        self.store: dict[tuple[int, int], Any] = {}
        self.taken: dict[tuple[int, int], Any] = {}  # (parent id, action index) -> that action
        self.todo: list[tuple[int, Any, Any]] = []  # while expanding: the states not started, last first

    def seed(self, items: list[tuple[int, Any, int]]) -> int:
        for sid, state, _last in items:  # an initial state was reached by no action
            self.states[sid] = state
            self.items.append((sid, None))
        return len(self.items)

    def take(self, shipped: list[tuple[int, bytes, Any]]) -> None:
        """States another part gave up to this one (see :meth:`give`)."""
        for sid, blob, last in shipped:
            self.states[sid] = pickle.loads(blob)
            self.items.append((sid, last))

    def give(self, sids: list[int]) -> list[tuple[int, bytes, Any]]:
        """Hand states of this part over to another one: (state id, pickled state, last action)."""
        wanted = set(sids)
        last_of = {sid: last for sid, last in self.items if sid in wanted}
        self.items = [item for item in self.items if item[0] not in wanted]
        return [(sid, pickle.dumps(self.states.pop(sid), pickle.HIGHEST_PROTOCOL), last_of[sid]) for sid in sids]

    def expand(self, watch: _Ticker) -> tuple[list[Succ], str | None]:
        """The successors of this part of the frontier, and why the expansion stopped if it did not end."""
        self.store, self.taken = {}, {}
        return self._expand([(sid, self.states[sid], last) for sid, last in self.items], watch)

    def expand_stolen(self, stolen: list[tuple[int, bytes, Any]], watch: _Ticker) -> tuple[list[Succ], str | None]:
        """The successors of states another part gave up while expanding (:meth:`split`), added to this
        part's successors of the level."""
        return self._expand([(sid, pickle.loads(blob), last) for sid, blob, last in stolen], watch)

    def _expand(self, todo: list[tuple[int, Any, Any]], watch: _Ticker) -> tuple[list[Succ], str | None]:
        self.todo = todo
        out: list[Succ] = []
        try:
            _expand(self.machine, self.opts, todo, self.store, out, watch, self.taken)
        except _Stop as stop:
            return out, stop.reason
        finally:
            self.todo = []
        return out, None

    def split(self) -> list[tuple[int, bytes, Any]]:
        """Half of the states this part has not started expanding, given up to an idle worker (work
        stealing): (state id, pickled state, last action).  Nothing when too few are left to be worth it."""
        todo = self.todo  # in reverse order (_expand): its head is the part's tail
        n = len(todo) // 2 if len(todo) >= STEAL_MIN else 0
        given, todo[:n] = todo[:n], []
        return [(sid, pickle.dumps(state, pickle.HIGHEST_PROTOCOL), last) for sid, state, last in reversed(given)]

    def keep(self, keeps: list[Keep], watch: _Ticker) -> list[tuple[int, int, tuple[str, ...]]]:
        """Build the next frontier from this part's kept successors (all of them in ``store``: the parent
        sends each part only the entries whose parent state it expanded), checking the invariants of the
        new states."""
        states: dict[int, Any] = {}
        items: list[tuple[int, Any]] = []
        found = []
        for sid, i, nid, last, check_it in keeps:
            state, act = self.store[(sid, i)], self.taken[(sid, i)]
            if check_it:
                watch.tick()
                found.append((sid, i, self.machine.state_violations(state)))
            if last != -2:  # -2: a terminal state (a kernel BUG) is checked, never expanded
                states[nid] = state
                items.append((nid, act if last >= 0 else None))
        self.states, self.items, self.store, self.taken = states, items, {}, {}
        return found


class _WorkerWatch(_Ticker):
    """A worker's side of the limits: it sends the parent its progress and memory, and stops when the
    parent sends "halt", and hands over half of the states it has not started when the parent sends
    "steal" (the only two messages that come while a worker is busy).  The memory it reports is
    its growth since the fork: what it had then it shares with the parent, which counts it already."""

    def __init__(self, conn: Connection, front: _Frontier) -> None:
        self.conn, self.front = conn, front
        self.rss_at_fork = rss_bytes()
        self.steps = self.level_done = self.level_base = 0
        self.next_check = CHECK_EVERY
        self.next_report = 0.0

    def check(self) -> None:
        self.next_check = self.steps + CHECK_EVERY
        while self.conn.poll():
            cmd, _ = self.conn.recv()
            if cmd != "steal":
                raise _Stop("halt")
            self.conn.send(("stolen", self.front.split()))
        now = time.monotonic()
        if now >= self.next_report:
            self.next_report = now + MEMORY_EVERY
            grown = max(0, rss_bytes() - self.rss_at_fork)
            self.conn.send(("progress", (self.level_done, self.steps - self.level_base, grown)))


def _serve(front: _Frontier, cmd: str, arg: Any, watch: _Ticker) -> Any:
    """A worker's answer to one command of the level loop (the same for a process and a Ray actor)."""
    if cmd == "seed":
        return front.seed(arg)
    if cmd == "expand":
        front.take(arg)
        out, _ = front.expand(watch)  # halted or not, the parent gets what was done
        return out, watch.level_done
    if cmd == "stolen":
        out, _ = front.expand_stolen(arg, watch)
        return out, watch.level_done
    assert cmd == "keep"
    keeps, give = arg
    try:
        found = front.keep(keeps, watch)
    except _Stop:
        return None
    return found, front.give(give)


def _worker(conn: Connection, factory: Callable[[], Machine[Any, Any]], opts: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    gc.set_threshold(*SEARCH_GC_THRESHOLD)  # this process only searches (search_gc)
    front = _Frontier(factory(), opts)
    watch = _WorkerWatch(conn, front)
    while True:
        cmd, arg = conn.recv()
        watch.level_done, watch.level_base = 0, watch.steps
        if cmd in ("halt", "steal"):  # came after this worker had finished: nothing to stop or give
            continue
        if cmd == "stop":
            return
        conn.send(("done", _serve(front, cmd, arg, watch)))


class Workers(Protocol):
    """Where a search's levels are expanded when not in its own process: worker processes (:class:`_Pool`).
    Each worker runs :func:`_serve` on a :class:`_Frontier`.  (A search on Ray partitions the visited set
    too, so it has its own level loop: :mod:`mmspec.check.ray_engine`.)"""

    size: int

    def call(self, cmd: str, args: list[Any], watch: _Watch) -> tuple[list[Any], str | None]: ...

    def fingerprints(self, states: list[Any]) -> list[int]: ...

    def replay(self, inv: str, n: int, path: list[int], target: int) -> Any: ...

    def close(self) -> None: ...

    # state id -> the worker that expanded it in the last expand, where that is not its owner
    moved: dict[int, int]


class _Pool:
    """``opts.workers`` processes, each owning a part of the frontier: the states it generated (owner
    computes), rebalanced by the parent.  Fork: the workers inherit this interpreter's hash seed, so their
    fingerprints agree with the parent's.

    While the workers are busy the parent waits on their pipes, taking in their progress reports (states
    expanded, memory) and checking the limits at least every :data:`POLL` seconds; on a stop it tells them
    to halt, takes what they did, and kills any that does not answer within :data:`HALT_GRACE` seconds."""

    def __init__(self, factory: Callable[[], Machine[Any, Any]], opts: Options, machine: Machine[Any, Any]) -> None:
        self.machine, self.opts = machine, opts
        ctx = get_context("fork")
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        for _ in range(opts.workers):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(child, factory, opts), daemon=True)
            proc.start()
            self.conns.append(parent)
            self.procs.append(proc)
        self.size = len(self.conns)
        self.rss = [0] * self.size
        self.done = [0] * self.size
        self.base = [0] * self.size
        self.steps = [0] * self.size
        self.lost = False  # a worker died: the level cannot be complete
        self.stealing = False  # in an expand: a worker that finishes takes states from one still busy
        self.asked: dict[int, int] = {}  # busy worker asked to give states -> the idle worker they are for
        self.dry: set[int] = set()  # busy workers that had too few states left to give
        self.moved: dict[int, int] = {}  # state id -> the worker that expanded it instead of its owner

    def call(self, cmd: str, args: list[Any], watch: _Watch) -> tuple[list[Any], str | None]:
        """Each worker's answer to ``cmd`` with its own argument (None from a worker that gave none), and
        why the watch stopped the search meanwhile, if it did.  In an expand, workers steal work: see
        :meth:`_steal`."""
        for c, arg in zip(self.conns, args, strict=True):
            c.send((cmd, arg))
        answers: list[Any] = [None] * self.size
        pending = set(range(self.size))
        self.done = [0] * self.size
        self.base = [0] * self.size  # states a worker expanded in its earlier answers to this call
        self.steps = [0] * self.size
        self.stealing, self.asked, self.dry, self.moved = cmd == "expand", {}, set(), {}
        reason = None
        try:
            while pending:
                self._receive(pending, answers, watch, timeout=POLL)
                if self.lost:
                    raise _Stop(WORKER_LOST)
                watch.check()
        except _Stop as stop:
            reason = stop.reason
        if reason is not None:
            self.stealing = False
            self.halt(pending, answers, watch)
        return answers, reason

    def _steal(self, idle: int, pending: set[int]) -> None:
        """Work stealing: ask the busy worker with the least progress to give half of the states it has not
        started to the worker ``idle``, which has finished its part (the expansions of a level vary in
        cost, so equal parts do not finish together).  The results do not depend on who expanded what:
        the merge sorts them, and each kept successor is built where it was generated."""
        busy = [w for w in pending if w not in self.asked and w not in self.dry]
        if self.stealing and busy:
            victim = min(busy, key=lambda w: (self.done[w], w))
            self.asked[victim] = idle
            self.conns[victim].send(("steal", None))

    def _stolen(self, victim: int, given: list[tuple[int, bytes, Any]], pending: set[int]) -> None:
        """A busy worker's answer to a steal: the states go to the idle worker that asked for them."""
        thief = self.asked.pop(victim)
        if not given:
            self.dry.add(victim)
            self._steal(thief, pending)
        elif self.stealing:  # (a stop came meanwhile: the states are not expanded)
            for sid, _blob, _last in given:
                self.moved[sid] = thief
            self.conns[thief].send(("stolen", given))
            pending.add(thief)
            self.dry.discard(thief)

    def fingerprints(self, states: list[Any]) -> list[int]:
        return [self.machine.fingerprint(s, self.opts.symmetry) for s in states]

    def replay(self, inv: str, n: int, path: list[int], target: int) -> Any:
        return _replay(self.machine, self.opts, inv, n, path, target)

    def _receive(self, pending: set[int], answers: list[Any], watch: _Watch, timeout: float) -> None:
        by_conn = {id(self.conns[p]): p for p in pending}
        for ready in wait([self.conns[p] for p in pending], timeout):
            part = by_conn[id(ready)]
            try:
                kind, payload = self.conns[part].recv()
            except (EOFError, OSError):  # the worker died (killed, out of memory): its part is lost
                pending.discard(part)
                self.lost = True
                continue
            if kind == "progress":
                done, self.steps[part], self.rss[part] = payload
                self.done[part] = self.base[part] + done
                watch.level_done, watch.workers_steps, watch.workers_rss = (
                    sum(self.done),
                    sum(self.steps),
                    sum(self.rss),
                )
            elif kind == "stolen":
                self._stolen(part, payload, pending)
            else:
                pending.discard(part)
                if answers[part] is None:
                    answers[part] = payload
                else:  # an expand of stolen states: (successors, states expanded), added to the earlier ones
                    answers[part] = (answers[part][0] + payload[0], answers[part][1] + payload[1])
                self.base[part] = self.done[part] = answers[part][1] if self.stealing else 0
                if part in self.asked:  # it finished before it saw the steal: the thief asks elsewhere
                    self._steal(self.asked.pop(part), pending)
                self._steal(part, pending)

    def halt(self, pending: set[int], answers: list[Any], watch: _Watch) -> None:
        for p in pending:
            with contextlib.suppress(OSError):
                self.conns[p].send(("halt", None))
        deadline = time.monotonic() + HALT_GRACE
        while pending and time.monotonic() < deadline:
            self._receive(pending, answers, watch, timeout=deadline - time.monotonic())
        for p in pending:
            self.procs[p].kill()

    def close(self) -> None:
        for c in self.conns:
            with contextlib.suppress(OSError):
                c.send(("stop", None))
        deadline = time.monotonic() + HALT_GRACE
        for p in self.procs:
            p.join(timeout=max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join()


def check(
    factory: Callable[[], Machine[S, A]],
    opts: Options = Options(),
    progress: Progress | None = None,
    snapshot: SnapshotHook | None = None,
) -> Report[A]:
    """Breadth-first search of every state reachable within ``opts.depth`` actions, until a limit of
    ``opts`` or Ctrl-C (SIGINT, or ``progress``/``snapshot`` raising KeyboardInterrupt) stops it: then a
    partial report of what was done, with the reason.

    :param factory: builds the machine (called once here and once per worker process)
    :param progress: called a few times a second (``opts.progress_every``), inside levels too, with (states,
        transitions, depth, states of the level not yet expanded, seconds)
    :param snapshot: the same, with more detail (:class:`Snapshot`)
    """
    if opts.ray is not None:  # the visited set partitioned across Ray actors
        from mmspec.check.ray_engine import RaySearch

        return RaySearch(factory, opts, progress, snapshot).run()
    return _Search(factory, opts, progress, snapshot).run()


class _Search(Generic[S, A]):
    """One breadth-first search: the visited set, and the level loop."""

    def __init__(
        self,
        factory: Callable[[], Machine[S, A]],
        opts: Options,
        progress: Progress | None,
        snapshot: SnapshotHook | None,
    ) -> None:
        self.factory, self.opts = factory, opts
        self.machine = factory()
        self.start = time.monotonic()
        self.watch = _Watch(opts, self.start, progress, snapshot)
        self.report: Report[A] = Report(memory_limit=self.watch.limit)
        self.ids: dict[int, int] = {}
        self.parent = array("q")
        self.via = array("l")
        self.init_of = array("l")
        self.arrived = array("l")  # the action a state was (first) expanded after; -1 once expanded without pruning
        self.pool: Workers | None = None
        self.local: _Frontier | None = None
        self.owner: dict[int, int] = {}  # with a pool: frontier state id -> the worker that holds its state
        self.ship: list[list[tuple[int, bytes, int]]] = []  # states for each worker to take before expanding

    def run(self) -> Report[A]:
        report, watch = self.report, self.watch
        installed, old_handler = True, None
        try:
            old_handler = signal.signal(signal.SIGINT, watch.on_sigint)
        except ValueError:  # not the main thread: Ctrl-C is not ours to handle
            installed = False
        try:
            with search_gc():
                self._search()
        except _Stop as stop:
            self._stopped(stop.reason)
        except KeyboardInterrupt:  # a second Ctrl-C, or one outside the checks
            self._stopped(INTERRUPTED)
        finally:
            watch.closing = True
            self._close()
            if installed:
                signal.signal(signal.SIGINT, old_handler)
        with contextlib.suppress(_Stop):
            watch.sample(time.monotonic())
        report.interrupted = report.interrupted or watch.interrupted
        report.peak_rss = watch.peak
        report.states, report.bytes_per_state = self._visited()
        report.seconds = time.monotonic() - self.start
        return report

    def _search(self) -> None:
        report, watch = self.report, self.watch
        self._open()
        seeds = self._seed()
        watch.sample(time.monotonic())
        if self.opts.depth < 1:
            report.vacuous, report.complete, report.stop_reason = True, False, VACUOUS_DEPTH
        else:
            self._levels(seeds)

    def _open(self) -> None:
        """Start the workers, if the search has any."""
        if self.opts.depth >= 1 and self.opts.workers > 1:
            self.pool = _Pool(self.factory, self.opts, self.machine)
            self.ship = [[] for _ in range(self.pool.size)]

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def _visited(self) -> tuple[int, float]:
        """The distinct states numbered, and the visited set's bytes per state."""
        states = len(self.parent)
        return states, _visited_bytes(self.ids, self.parent, self.via, self.init_of, self.arrived) / max(1, states)

    def _stopped(self, reason: str) -> None:
        self.report.complete, self.report.stop_reason = False, reason
        self.report.interrupted = reason == INTERRUPTED

    def _number(self, fp: int, sid: int, i: int, init: int) -> int:
        nid = self.ids[fp] = len(self.parent)
        self.parent.append(sid)
        self.via.append(i)
        self.init_of.append(init)
        self.arrived.append(i if self.opts.por and sid >= 0 else -1)
        return nid

    def _seed(self) -> list[tuple[int, S, int]]:
        seeds: list[tuple[int, S, int]] = []
        inits = list(self.machine.init_states())
        if self.pool is not None:  # the workers' fingerprints, whose hash seed may not be this process's
            fps = self.pool.fingerprints(inits)
        else:
            fps = [self.machine.fingerprint(s, self.opts.symmetry) for s in inits]
        for n, (s, fp) in enumerate(zip(inits, fps, strict=True)):
            if fp in self.ids:
                continue
            sid = self._number(fp, -1, -1, n)
            for inv in self.machine.state_violations(s):
                self.report.counterexamples.setdefault(inv, Counterexample(inv, n, (), ()))
            seeds.append((sid, s, -1))
        return seeds

    def _levels(self, seeds: list[tuple[int, S, int]]) -> None:
        opts, report, watch = self.opts, self.report, self.watch
        if self.pool is not None:
            parts: list[list[tuple[int, S, int]]] = [[] for _ in range(self.pool.size)]
            for k, seed in enumerate(seeds):
                parts[k % self.pool.size].append(seed)
                self.owner[seed[0]] = k % self.pool.size
            _, reason = self.pool.call("seed", parts, watch)
            if reason is not None:
                raise _Stop(reason)
        else:
            self.local = _Frontier(self.machine, opts)
            self.local.seed(seeds)
        expanded: set[int] = {sid for sid, _, _ in seeds}  # the ids in the current frontier
        depth = 0
        while expanded and depth < opts.depth:
            watch.check()
            depth += 1
            watch.begin_level(depth, len(expanded))
            results = self._expand_level()
            if depth == 1 and not results:
                report.vacuous, report.complete, report.stop_reason = True, False, VACUOUS_STUCK
                return
            n0 = len(self.parent)
            keeps = self._merge(results, expanded)
            watch.transitions, watch.expanding = report.transitions, False
            try:
                found = self._keep(keeps, last=depth == opts.depth)
            except _Stop:
                self._forget(n0, results)  # the level's new states were not all checked
                self._step_violations(results)
                report.level_done = report.level_size = len(expanded)
                raise
            state_vio = {(sid, i): v for sid, i, v in found}
            for sid, i, fp, outcome, violations, _terminal in results:
                if outcome == "pruned":
                    continue
                for inv in violations + state_vio.get((sid, i), ()):
                    if inv not in report.counterexamples:
                        report.counterexamples[inv] = self._path(inv, sid, fp)
            expanded = {k[2] for k in keeps if k[3] != -2}
            report.depth_reached = depth
            watch.states, watch.transitions = len(self.parent), report.transitions
            watch.level_size, watch.level_done = len(expanded), 0
            if not report.complete:
                return

    def _expand_level(self) -> list[Succ]:
        """The successors of the frontier, sorted by (parent id, action index): the order of the merge, the
        same whoever expanded what.  On a stop, records what the partial level found, then re-raises."""
        watch = self.watch
        if self.pool is not None:
            parts, reason = self.pool.call("expand", self.ship, watch)
            self.ship = [[] for _ in range(self.pool.size)]
            self.owner.update(self.pool.moved)  # their successors are where they were expanded
            results = [r for part in parts if part for r in part[0]]
            watch.level_done = sum(part[1] for part in parts if part)
        else:
            assert self.local is not None
            results, reason = self.local.expand(watch)
        results.sort(key=lambda r: (r[0], r[1]))
        if reason is not None:
            self.report.transitions += sum(1 for r in results if r[3] != "pruned")
            self.report.pruned += sum(1 for r in results if r[3] == "pruned")
            self.report.level_done, self.report.level_size = watch.level_done, watch.level_size
            self._step_violations(results)
            raise _Stop(reason)
        return results

    def _merge(self, results: list[Succ], expanded: set[int]) -> list[Keep]:
        """Number the new states of a level, in results order; what to keep of it."""
        opts, report, ids, arrived = self.opts, self.report, self.ids, self.arrived
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
                nid = self._number(fp, sid, i, self.init_of[sid])
                if not terminal:
                    queued[nid] = len(keeps)
                keeps.append((sid, i, nid, i if not terminal else -2, True))
            elif opts.por and not terminal and arrived[ids[fp]] not in (-1, i):
                # Reached again after another action: nothing may be pruned for it.
                tid = ids[fp]
                arrived[tid] = -1
                if tid in queued:  # not expanded yet: expand it without pruning
                    old = keeps[queued[tid]]
                    keeps[queued[tid]] = (old[0], old[1], old[2], -1, old[4])
                else:  # already expanded with pruning: expand it again, fully
                    keeps.append((sid, i, tid, -1, False))
            if opts.max_states is not None and len(self.parent) >= opts.max_states:
                report.complete, report.stop_reason = False, f"state limit of {opts.max_states}"
                break
        return keeps

    def _keep(self, keeps: list[Keep], last: bool) -> list[tuple[int, int, tuple[str, ...]]]:
        """Check the new states of a level and keep them as the next frontier; ``last`` for the level at the
        depth bound, whose states are never expanded."""
        if self.pool is not None:
            return self._keep_parts(self.pool, keeps, last)
        assert self.local is not None
        return self.local.keep(keeps, self.watch)

    def _keep_parts(self, pool: Workers, keeps: list[Keep], last: bool) -> list[tuple[int, int, tuple[str, ...]]]:
        """Owner computes: each worker gets only the kept entries whose parent state it expanded (their
        successors are in its store), and keeps them for the next level; where the parts come out uneven,
        surplus states are handed to the workers with the fewest (shipped with the next expand), except
        after the ``last`` level, which no expand follows."""
        mine: list[list[Keep]] = [[] for _ in range(pool.size)]
        owner: dict[int, int] = {}
        for k in keeps:
            w = self.owner[k[0]]
            mine[w].append(k)
            if k[3] != -2:
                owner[k[2]] = w
        give, dest = ([[] for _ in mine], {}) if last else _rebalance(mine)
        parts, reason = pool.call("keep", list(zip(mine, give, strict=True)), self.watch)
        if reason is not None:
            raise _Stop(reason)
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for part_found, given in parts:
            found.extend(part_found)
            for item in given:
                self.ship[dest[item[0]]].append(item)
                owner[item[0]] = dest[item[0]]
        self.owner = owner
        return found

    def _forget(self, n: int, results: list[Succ]) -> None:
        """Drop the states numbered from ``n`` on (all reached by ``results``)."""
        for r in results:
            if r[3] != "pruned" and self.ids.get(r[2], -1) >= n:
                del self.ids[r[2]]
        for a in (self.parent, self.via, self.init_of, self.arrived):
            del a[n:]

    def _step_violations(self, results: list[Succ]) -> None:
        """The invariants broken by the steps of a level cut short (the states it reached go unchecked)."""
        for sid, _i, fp, _outcome, violations, _terminal in results:
            for inv in violations:
                if inv not in self.report.counterexamples:
                    self.report.counterexamples[inv] = self._path(inv, sid, fp)

    def _path(self, inv: str, sid: int, fp: int) -> Counterexample[A]:
        n, goals = _chain(self.ids, self.parent, self.init_of, sid)
        if self.pool is not None:  # replayed where the fingerprints were made
            cex: Counterexample[A] = self.pool.replay(inv, n, goals, fp)
            return cex
        return _replay(self.machine, self.opts, inv, n, goals, fp)


def _rebalance(mine: list[list[Keep]]) -> tuple[list[list[int]], dict[int, int]]:
    """Which next-level states each worker hands over, and to whom, when the parts are uneven by more than
    :data:`SLACK` of a fair share (shipping a state costs about a third of expanding it).  Deterministic:
    the parts' sizes decide it, never timing."""
    counts = [sum(1 for k in part if k[3] != -2) for part in mine]
    fair = -(-sum(counts) // len(counts))
    give: list[list[int]] = [[] for _ in mine]
    dest: dict[int, int] = {}
    if max(counts) <= fair + max(2, int(fair * SLACK)):
        return give, dest
    under = [w for w, c in enumerate(counts) if c < fair]
    for w, part in enumerate(mine):
        surplus = counts[w] - fair
        for k in reversed(part):
            if surplus <= 0:
                break
            if k[3] == -2:
                continue
            while counts[under[0]] >= fair:
                under.pop(0)
            give[w].append(k[2])
            dest[k[2]] = under[0]
            counts[under[0]] += 1
            surplus -= 1
    return give, dest


def _visited_bytes(ids: dict[int, int], *arrays: array) -> float:  # type: ignore[type-arg]
    """Memory of the visited set: the fingerprint table plus the per-state arrays."""
    import sys

    total = sys.getsizeof(ids) + sum(a.buffer_info()[1] * a.itemsize for a in arrays)
    # Each key is a 64-bit int object (small ints are shared; fingerprints are not); values are small ids.
    total += len(ids) * sys.getsizeof(1 << 62)
    return float(total)


def _chain(
    ids: dict[int, int],
    parent: array,  # type: ignore[type-arg]
    init_of: array,  # type: ignore[type-arg]
    sid: int,
) -> tuple[int, list[int]]:
    """The initial state of state ``sid`` and the fingerprints of the states on its path after it."""
    chain = [sid]
    while parent[chain[-1]] != -1:
        chain.append(parent[chain[-1]])
    chain.reverse()
    wanted = set(chain)
    fps = {i: fp for fp, i in ids.items() if i in wanted}
    return init_of[sid], [fps[c] for c in chain[1:]]


def _replay(machine: Machine[S, A], opts: Options, inv: str, n: int, path: list[int], target: int) -> Counterexample[A]:
    """Rebuild the path from initial state ``n`` through the fingerprints ``path`` and the transition from
    its end to a state with fingerprint ``target`` that breaks ``inv``, by replaying the machine.  Each step
    picks the action whose successor has the next fingerprint on the path: symmetric states were folded, so
    the replayed states are equivalent to, not always identical with, the ones the search expanded."""
    state = list(machine.init_states())[n]
    acts: list[A] = []
    outcomes: list[str] = []
    goals: list[tuple[int, str | None]] = [(fp, None) for fp in path] + [(target, inv)]
    for goal, needs in goals:
        for act in machine.actions(state):
            t = machine.next_state(state, act)
            if machine.fingerprint(t.state, opts.symmetry) == goal and (
                needs is None or needs in t.violations or needs in machine.state_violations(t.state)
            ):
                acts.append(act)
                outcomes.append(t.outcome)
                state = t.state
                break
        else:  # pragma: no cover - would mean the machine is not deterministic
            raise RuntimeError(f"cannot replay the path to {inv}: machine.actions()/next_state() are not deterministic")
    return Counterexample(inv, n, tuple(acts), tuple(outcomes))


def random_walks(
    machine: Machine[S, A], seed: int, walks: int, depth: int, progress: Progress | None = None
) -> Report[A]:
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
        report.interrupted = True
    report.stop_reason += f": {done} of {walks} walks"
    if report.transitions == 0 and not report.interrupted:
        report.vacuous = True
        report.stop_reason = VACUOUS_DEPTH if depth < 1 else VACUOUS_STUCK
    report.states = done + report.transitions
    report.seconds = time.monotonic() - start
    return report
