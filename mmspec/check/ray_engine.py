"""Ray as the distributed engine (optional: ``pip install -e '.[ray]'``).

A search with ``Options.ray`` set runs its levels on Ray actors instead of forked worker processes: the same
owner-computes protocol (:func:`mmspec.check.engine._serve` on a :class:`~mmspec.check.engine._Frontier`
in each actor), so the result is the one worker's, byte for byte.  The parent (the Ray driver) keeps the
visited set (a fingerprint and three array slots a state) and merges each level in (parent id, action
index) order; the actors hold the frontier and the level's successors, which is where the memory goes.

Fingerprints are Python hashes, which depend on the interpreter's hash seed: a forked worker inherits
the parent's, a Ray actor starts its own interpreter.  Every actor is therefore started with one fixed
``PYTHONHASHSEED``, and the parent asks an actor for the fingerprints it needs (initial states, paths of
counterexamples) instead of computing them itself.

The safety matrix's cells run as Ray tasks (:func:`run_tasks`), one search per task.

``address`` is "local" (start a Ray instance in this process, on this machine's cores) or anything
``ray.init(address=...)`` takes: "auto", "HOST:6379", or "ray://HOST:10001" for Ray Client.  The actors
and tasks get this package's code through the runtime environment (``py_modules``), so the cluster's
nodes need Ray and Python of the same version, not mmspec.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from mmspec.check.engine import (
    HALT_GRACE,
    POLL,
    WORKER_LOST,
    Machine,
    Options,
    _Frontier,
    _replay,
    _serve,
    _Stop,
    _Ticker,
    _Watch,
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


ADDR_NO_RANDOMIZE = 0x0040000
HASH_MISMATCH = (
    "Ray's workers fingerprint states differently (Python < 3.12 hashes None by address: start each node "
    "with `setarch -R ray start ...`, or use Python 3.12 or later)"
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
            with _no_aslr():
                ray.init(**kwargs)
        else:
            ray.init(address=address, **kwargs)
    return ray


@contextmanager
def _no_aslr() -> Iterator[None]:
    """Start the local Ray instance's processes without address-space randomisation (Linux personality
    ADDR_NO_RANDOMIZE, inherited by every process they start; this process's own layout is unchanged).
    Python before 3.12 hashes None by its address, and the model's fingerprints hash tuples holding None:
    forked workers share the address, Ray's workers share it only without randomisation.  Where the
    personality cannot be set, the actors' fingerprints are compared anyway (:meth:`RayWorkers.fingerprints`)."""
    libc: Any = None
    old = -1
    if sys.version_info < (3, 12) and sys.platform == "linux":
        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            old = libc.personality(0xFFFFFFFF)
            if old != -1:
                libc.personality(old | ADDR_NO_RANDOMIZE)
    try:
        yield
    finally:
        if old != -1:
            libc.personality(old)


class _ActorWatch(_Ticker):
    """An actor's side of the limits: it stops when the parent calls ``halt`` (the actor runs two threads,
    so the call comes in while a level is being expanded)."""

    def __init__(self, halted: threading.Event) -> None:
        self.halted = halted

    def check(self) -> None:
        self.next_check = self.steps + 128
        if self.halted.is_set():
            raise _Stop("halt")


class _Actor:
    """One worker of a search, as a Ray actor."""

    def __init__(self, factory: Callable[[], Machine[Any, Any]], opts: Options) -> None:
        self.machine, self.opts = factory(), opts
        self.front = _Frontier(self.machine, opts)
        self.halted = threading.Event()
        self.watch = _ActorWatch(self.halted)

    def serve(self, cmd: str, arg: Any) -> Any:
        self.watch.level_done = 0
        return _serve(self.front, cmd, arg, self.watch)

    def halt(self) -> None:
        self.halted.set()  # the search ends after a stop: the flag is never cleared

    def fingerprints(self, states: list[Any]) -> list[int]:
        return [self.machine.fingerprint(s, self.opts.symmetry) for s in states]

    def replay(self, inv: str, n: int, path: list[int], target: int) -> Any:
        return _replay(self.machine, self.opts, inv, n, path, target)


class RayWorkers:
    """``opts.workers`` Ray actors (at least one), each owning a part of the frontier; the
    :class:`mmspec.check.engine.Workers` a search uses with ``Options.ray``."""

    def __init__(self, factory: Callable[[], Machine[Any, Any]], opts: Options) -> None:
        assert opts.ray is not None
        self.ray = ray = connect(opts.ray)
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if cpus < max(1, opts.workers):  # an actor takes a CPU: the others would wait for one forever
            raise _Stop(f"the Ray cluster has {cpus} CPUs, fewer than the {opts.workers} workers asked for")
        actor = ray.remote(num_cpus=1, max_concurrency=2, runtime_env=ENV)(_Actor)
        self.actors = [actor.remote(factory, opts) for _ in range(max(1, opts.workers))]
        self.size = len(self.actors)

    def call(self, cmd: str, args: list[Any], watch: _Watch) -> tuple[list[Any], str | None]:
        ray = self.ray
        refs = [a.serve.remote(cmd, arg) for a, arg in zip(self.actors, args, strict=True)]
        pending = {ref: n for n, ref in enumerate(refs)}
        answers: list[Any] = [None] * self.size
        reason = None
        try:
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=POLL)
                for ref in ready:
                    answers[pending.pop(ref)] = self._get(ref)
                watch.check()
        except _Stop as stop:
            reason = stop.reason
        if reason is not None and pending:
            for n in pending.values():
                self.actors[n].halt.remote()
            ready, _ = ray.wait(list(pending), num_returns=len(pending), timeout=HALT_GRACE)
            for ref in ready:
                with suppress(_Stop):
                    answers[pending.pop(ref)] = self._get(ref)
        return answers, reason

    def _get(self, ref: Any) -> Any:
        try:
            return self.ray.get(ref)
        except self.ray.exceptions.RayError:  # the actor died (its node went away, out of memory)
            raise _Stop(WORKER_LOST) from None

    def fingerprints(self, states: list[Any]) -> list[int]:
        """The initial states' fingerprints, which every actor must compute alike (else the search stops)."""
        each: list[list[int]] = self.ray.get([a.fingerprints.remote(states) for a in self.actors])
        if any(fps != each[0] for fps in each):
            raise _Stop(HASH_MISMATCH)
        return each[0]

    def replay(self, inv: str, n: int, path: list[int], target: int) -> Any:
        return self.ray.get(self.actors[0].replay.remote(inv, n, path, target))

    def close(self) -> None:
        for a in self.actors:
            self.ray.kill(a)


def run_tasks(address: str, fn: Callable[[J], R], jobs: Sequence[J], stop: Callable[[], bool]) -> Iterator[R | None]:
    """``fn(job)`` for each job as a Ray task (one CPU each), the results in the jobs' order.  Once ``stop()``
    is true the tasks not yet done are cancelled: a running one gets a KeyboardInterrupt (a search reports
    it as interrupted) and is awaited for :data:`HALT_GRACE` seconds; the rest give None."""
    ray = connect(address)
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
