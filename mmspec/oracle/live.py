"""The live backend: a scenario's processes as real processes on the host kernel, driven step by step.

The controller (this process) pins itself to one CPU, becomes the child subreaper, and forks one agent
(mmspec/oracle/agent.py) per initial scenario process; a scenario `fork` makes the agent fork, so the child
inherits its address space as the scenario's child does.  After each step the controller waits for swap
writeback to finish, drains the per-CPU LRU batches of every CPU (madvise(MADV_COLD) on a page of its own, run
on each CPU in turn) and reads, as root, /proc/PID/pagemap, /proc/kpagecount, /proc/kpageflags,
/proc/PID/smaps and /proc/PID/mem.  One run at a time per machine: the controller holds an exclusive flock on
LOCK_PATHS (runs share CPU 0, the per-CPU batches and the swap priority).

Each scenario mapping lives at a fixed, 2 MiB-aligned address with unmapped space around it, so no VMA merges
and fault-around cannot reach a neighbour; THP is off for it (MADV_NOHUGEPAGE).  Nothing outlives a run:
agents are killed and reaped, and a swapfile the run created is switched off and removed, in ``close()``.
While a run is live, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` (after ``close()`` if they arrive
during a step that must not be cut, such as swapon or close itself).  SIGKILL cannot be caught: every directory
a run creates is named after its owner (``mmspec-swap-PID.START-*``, ``mmspec-access-PID.START-*``), and the next
run, under the lock, switches off and removes what a dead owner left (:func:`_recover`).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mmspec.errors import MmspecError
from mmspec.mm.mm_types import Source
from mmspec.mm.outcome import Kind, Outcome
from mmspec.model import actions as A
from mmspec.model.boot import Setup
from mmspec.oracle import agent as AG
from mmspec.oracle.observe import FLAGS, Labeler, MapObs, Observation, PageObs
from mmspec.runner.backend import Unsupported

BASE = 0x600000000000
STRIDE = 4 << 20  # 4 MiB per mapping name: 2 MiB aligned, never adjacent to another mapping
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1
KPF = {"anon": 12, "zero": 24, "swapcache": 13, "mmap": 11, "lru": 5, "unevictable": 18, "mlocked": 33, "exclusive": 34}
LIVE_PRESETS = {"packet-ring", "io-uring-ring"}
# Machine-wide: two runs at once would both pin to CPU 0, share its LRU batches, and (both swapfiles at
# priority 32000) put each other's pages into their swapfiles.  /run/lock is root's; /tmp is the fallback.
LOCK_PATHS = (Path("/run/lock/mmspec-oracle.lock"), Path("/tmp/mmspec-oracle.lock"))  # not TMPDIR: one per machine
WRITEBACK_WAIT = 2.0  # seconds to wait for swap writeback before an observation
CAUGHT = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # raise Interrupted while a run is live
# A run's directories carry their owner: pid and start time (field 22 of /proc/PID/stat, so a reused pid is
# not mistaken for the owner).  mkdtemp creates the name atomically: no window where a directory has no owner.
OWNED = re.compile(r"mmspec-(swap|access)-(\d+)\.(\d+)-[^/]*")


class SwapoffFailed(MmspecError):
    """swapoff of the run's swapfile failed twice; the file is left in place (still active) and named.  Also
    raised by start() while such a leftover is still active and its owner still runs (or is unknown): later
    runs would swap into it."""


class Interrupted(MmspecError):
    """SIGINT, SIGTERM or SIGHUP ended a live run; :meth:`LiveRun.close` has run.  A command exits with
    :attr:`exit_code`, the shell's convention (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}; the live run was cleaned up")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@dataclass
class Capabilities:
    root: bool
    kpage: bool
    reasons: tuple[str, ...]


def capabilities() -> Capabilities:
    """What this machine lets the oracle observe."""
    reasons = []
    root = os.geteuid() == 0
    if not root:
        reasons.append("not root: pagemap PFNs, /proc/kpagecount and /proc/kpageflags are unreadable")
    kpage = os.access("/proc/kpagecount", os.R_OK) and os.access("/proc/kpageflags", os.R_OK)
    if root and not kpage:
        reasons.append("/proc/kpagecount or /proc/kpageflags is missing")
    return Capabilities(root, kpage, tuple(reasons))


def unsupported_reason(setup: Setup, steps: list[A.Action], allow_swap: bool) -> str | None:
    """Why the live kernel cannot run these steps (each action's :meth:`~mmspec.model.actions.Action.live_problem`,
    in step order), or None."""
    for d in setup.devices:
        if d.preset not in LIVE_PRESETS:
            return f"device {d.name} ({d.preset}) has no live counterpart (live presets: {', '.join(sorted(LIVE_PRESETS))})"
    ctx = A.LiveCheck(setup, allow_swap, {})
    for a in steps:
        why = a.live_problem(ctx)
        if why is not None:
            return why
    if setup.swap_pages is not None and not allow_swap:
        return "the scenario declares swap, which only --allow-swap (or MMSPEC_ALLOW_SWAP=1) lets the oracle create"
    return None


_ACCESS: Any = None


def _build_access() -> Any:
    """Compile and load the access helper once per process (the compiler's output is removed at once; if
    this process is killed first, the directory's name says whose it was, and the next run removes it)."""
    global _ACCESS
    if _ACCESS is not None:
        return _ACCESS
    d = _owned_dir("access")
    try:
        (d / "access.c").write_text(AG.ACCESS_C)
        subprocess.run(
            ["cc", "-shared", "-fPIC", "-O1", "-o", str(d / "access.so"), str(d / "access.c")],
            check=True,
            capture_output=True,
            preexec_fn=_dies_with(os.getpid()),
        )
        lib = ctypes.CDLL(str(d / "access.so"))
    finally:
        shutil.rmtree(d, ignore_errors=True)
    lib.mm_access.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_long, ctypes.POINTER(ctypes.c_long)]
    lib.mm_access.restype = ctypes.c_int
    _ACCESS = lib
    return lib


class LiveRun:
    """One scenario on the live kernel: the live backend (mmspec/runner/backend.py's interface)."""

    def __init__(self, allow_swap: bool = False) -> None:
        self.setup = Setup()
        self.allow_swap = allow_swap
        self.agents: dict[str, tuple[socket.socket, int]] = {}
        self.addrs: dict[str, int] = {}  # label -> its fixed address
        self.at: dict[tuple[str, str], int] = {}  # (process, label) -> where the mapping is
        self.pages: dict[tuple[str, str], int] = {}
        self.private_anon: set[tuple[str, str]] = set()  # mappings that MADV_PAGEOUT's reclaim reaches
        self.fds: dict[str, int] = {}
        self.scratch: Path | None = None
        self.swapfile: Path | None = None
        self.access: Any = None
        self.uring: set[str] = set()
        self.holders: dict[str, str] = {}  # reference name -> the process whose gup took it
        self.lock_fd: int | None = None
        self.affinity: set[int] = set()  # the CPUs this process could run on before start() pinned it
        self.previous: dict[int, Any] = {}  # the signal handlers start() replaced
        self.defer = 0  # > 0: inside a section a signal must not cut (the signal is raised at its end)
        self.pending: int | None = None  # a signal that arrived while deferred

    # -- life cycle ----------------------------------------------------------------------------------

    def start(self, setup: Setup) -> None:
        """Take the lock, recover what dead runs left, and build the state.

        :raises SwapoffFailed: a leftover swapfile is active and its owner still runs (or cannot be told)
        :raises Interrupted: SIGINT, SIGTERM or SIGHUP arrived (the caller's close() cleans up)
        """
        self.setup = setup
        self._catch_signals()
        self.lock_fd = _lock()
        with self._uninterrupted():
            try:
                _recover(Path(tempfile.gettempdir()))
            except SwapoffFailed:
                os.close(self.lock_fd)
                self.lock_fd = None
                raise
            self.access = _build_access()
        self.affinity = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {0})
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        self.dummy = AG.libc.mmap(None, AG.PAGE, 3, AG.MAP_PRIVATE | AG.MAP_ANONYMOUS, -1, 0)
        for name, pages in self.setup.files:
            fd = os.memfd_create(f"mmspec-{name}", 0)
            os.ftruncate(fd, pages * AG.PAGE)
            self.fds[f"file:{name}"] = fd
        self.fds["zero"] = os.open("/dev/zero", os.O_RDWR)
        for d in self.setup.devices:
            self.fds[f"dev:{d.name}"] = self._device(d.preset, d.pages)
            if d.preset == "io-uring-ring":
                self.uring.add(f"dev:{d.name}")
        if self.setup.swap_pages is not None:
            self._swapon(max(self.setup.swap_pages, 16))
        for proc in self.setup.processes:
            self._spawn(proc)

    def _device(self, preset: str, pages: int) -> int:
        if preset == "packet-ring":
            sock = socket.socket(17, socket.SOCK_RAW, 0)  # AF_PACKET, protocol 0: no traffic
            req = struct.pack("IIII", AG.PAGE, pages, 2048, pages * 2)  # tpacket_req: 4 KiB blocks, order-0 pages
            sock.setsockopt(263, 5, req)  # SOL_PACKET, PACKET_RX_RING
            self._keep = [*getattr(self, "_keep", []), sock]
            return sock.fileno()
        params = (ctypes.c_char * 120)()  # io_uring_setup(1): an SQ ring of one page at offset 0
        fd = AG.libc.syscall(AG.SYS_IO_URING_SETUP, 1, params)
        if fd < 0:
            raise Unsupported("io_uring_setup failed")
        return int(fd)

    def _swapon(self, pages: int) -> None:
        """Create and switch on the swapfile in an owned scratch directory; a signal waits until swapon has
        returned, so that ``swapfile`` says whether there is one to switch off."""
        with self._uninterrupted():
            self.scratch = _owned_dir("swap")
            path = self.scratch / "swapfile"
            with open(path, "wb") as f:
                f.write(b"\0" * pages * AG.PAGE)
            os.chmod(path, 0o600)
            subprocess.run(["mkswap", str(path)], check=True, capture_output=True, preexec_fn=_dies_with(os.getpid()))
            subprocess.run(
                ["swapon", "-p", "32000", str(path)],
                check=True,
                capture_output=True,
                preexec_fn=_dies_with(os.getpid()),
            )
            self.swapfile = path

    def _spawn(self, proc: str) -> None:
        with self._uninterrupted():  # an agent the controller does not know of yet would never be told to go
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:
                try:
                    _become_agent(self, ours)
                    AG.Agent(theirs, self.access).serve()
                finally:
                    os._exit(0)
            theirs.close()
            self.agents[proc] = (ours, pid)

    # -- signals ---------------------------------------------------------------------------------------

    def _catch_signals(self) -> None:
        """SIGINT, SIGTERM and SIGHUP raise Interrupted until close() restores the previous handlers."""
        if threading.current_thread() is not threading.main_thread():  # only the main thread may set them
            return
        for signum in CAUGHT:
            self.previous[signum] = signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: object) -> None:
        if self.defer:
            self.pending = self.pending or signum
            return
        raise Interrupted(signum)

    @contextlib.contextmanager
    def _uninterrupted(self) -> Iterator[None]:
        """A section a signal must not cut: the signal is raised when it ends (if it ends normally)."""
        self.defer += 1
        try:
            yield
        finally:
            self.defer -= 1
        if self.pending is not None and not self.defer:
            signum, self.pending = self.pending, None
            raise Interrupted(signum)

    def _restore_signals(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous.clear()

    def close(self) -> None:
        """Kill and reap every agent, switch off and remove the swapfile, close the fds, restore the signal
        handlers: on every path.  A signal that arrives meanwhile is raised once all that is done.

        :raises SwapoffFailed: swapoff failed twice; the swapfile is then left in place, still active
        :raises Interrupted: SIGINT, SIGTERM or SIGHUP arrived during close()
        """
        with self._uninterrupted():
            try:
                self._teardown()
            finally:
                try:
                    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)  # start() made us the subreaper
                    if self.affinity:
                        os.sched_setaffinity(0, self.affinity)
                        self.affinity = set()
                finally:
                    if self.lock_fd is not None:
                        os.close(self.lock_fd)  # releases the flock, whatever happened above
                        self.lock_fd = None
                    self._restore_signals()

    def _teardown(self) -> None:
        for sock, pid in self.agents.values():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            sock.close()
        self.agents.clear()
        while True:  # the subreaper also collects grandchildren whose parent agent died
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                time.sleep(0.01)
        for fd in self.fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds.clear()
        for sock in getattr(self, "_keep", []):
            sock.detach()
        self.swapfile = None
        if self.scratch is not None:
            # Only what /proc/swaps shows active is switched off: a signal may have come before swapon (or
            # killed swapon), and swapoff of a file never swapped on fails.
            for path in _active_swapfiles():
                if Path(path).parent == self.scratch:
                    try:
                        _swapoff(Path(path))
                    except SwapoffFailed:
                        self.scratch = None  # keep the directory: the file in it is still a swap device
                        raise
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    # -- steps ---------------------------------------------------------------------------------------

    def _addr(self, label: str) -> int:
        return self.addrs.setdefault(label, BASE + STRIDE * len(self.addrs))

    def _where(self, proc: str, label: str) -> int:
        return self.at.get((proc, label), self._addr(label))

    def step(self, a: A.Action) -> Outcome:
        """Run one action (its table entry's :meth:`~mmspec.model.actions.Action.live` calls the primitives
        below) and return its outcome as the model spells it."""
        name, value = a.live(self)
        kind = Kind.OK if name == "ok" else Kind.SIGNAL if name.startswith("SIG") else Kind.ERRNO
        return Outcome(kind, name, value)

    # -- the primitives of mmspec.model.actions.LiveOps ----------------------------------------------

    def call(self, proc: str, cmd: str, *args: object) -> Any:
        sock, _ = self.agents[proc]
        AG.send(sock, (cmd, args))
        return AG.recv(sock)

    def span(self, proc: str, label: str) -> tuple[int, int]:
        """Where ``proc`` has mapping ``label``, and its pages."""
        return self._where(proc, label), self.pages[(proc, label)]

    def mmap(self, a: A.Mmap) -> str:
        fd = -1 if a.source is Source.ANON else self.fds["zero" if a.source is Source.ZERO else a.obj]
        fixed = 0 if a.obj in self.uring else self._addr(a.label)
        name, where = self.call(
            a.proc, "mmap", fixed, a.pages, A.prot_text(a.prot), a.shared, fd, a.offset, not a.fmode_write
        )
        if name == "ok":
            self._forget_at(a.proc, where)
            self.pages[(a.proc, a.label)] = a.pages
            self.at[(a.proc, a.label)] = where
            if a.source in (Source.ANON, Source.ZERO) and not a.shared:
                self.private_anon.add((a.proc, a.label))
        return str(name)

    def _forget_at(self, proc: str, where: int) -> None:
        """A new mapping at ``where`` is the only one there: a label of ``proc`` that was there is gone
        (munmap, MADV_DONTFORK before a fork).  Only a kernel-placed io_uring ring can land where another
        label was (the fixed addresses are one per label); left in place, the observation would show the new
        VMA under the old label too, and steps on the old label would act on the new one.  The old label
        falls back to its own fixed address, where nothing is mapped, as in the model."""
        for key in [k for k, at in self.at.items() if k[0] == proc and at == where]:
            del self.at[key]

    def fork(self, proc: str, child: str) -> None:
        with self._uninterrupted():  # the child must be in ``agents`` before a signal is raised
            ours, theirs = socket.socketpair()
            sock, _ = self.agents[proc]
            AG.send(sock, ("fork", ()))
            socket.send_fds(sock, [b"f"], [theirs.fileno()])
            theirs.close()
            _, pid = AG.recv(sock)
            AG.recv(ours)  # ("ready", pid)
            self.agents[child] = (ours, pid)
        for table in (self.pages, self.at):
            table.update({(child, lb): v for (p, lb), v in list(table.items()) if p == proc})
        self.private_anon |= {(child, lb) for (p, lb) in self.private_anon if p == proc}

    def exit(self, proc: str) -> None:
        self.call(proc, "exit")
        sock, pid = self.agents.pop(proc)
        sock.close()
        _reap(pid)
        self.holders = {r: p for r, p in self.holders.items() if p != proc}  # exit released them

    def gup(self, a: A.Gup) -> str:
        addr = self._where(a.proc, a.label) + a.index * AG.PAGE
        out = self.call(a.proc, "pin" if a.pin else "vmsplice", a.ref, addr)
        if out == "ok":
            self.holders[a.ref] = a.proc
        return str(out)

    def holder(self, ref: str, proc: str, release: bool = False) -> str:
        """The process whose pipe or ring holds ``ref`` (``proc`` if unknown); ``release`` forgets it."""
        return self.holders.pop(ref, proc) if release else self.holders.get(ref, proc)

    def truncate(self, obj: str, pages: int) -> None:
        """ftruncate() of the file's memfd (the controller's descriptor: every agent shares the file)."""
        os.ftruncate(self.fds[obj], pages * AG.PAGE)

    def reclaim(self) -> None:
        """The model's reclaim as the live kernel can do it deterministically: MADV_PAGEOUT of every private
        anonymous mapping of every process, in scan order.  MADV_PAGEOUT (madvise_cold_or_pageout_pte_range()
        in mm/madvise.c) reaches only those, and leaves a page that another mapping shares, while reclaim
        reaches every page on the LRU: a reclaim with such pages mapped is refused."""
        reached: list[tuple[str, str]] = []
        beyond: list[str] = []
        for proc, maps in self.observe().procs:
            for label, m in maps:
                mine = (proc, label) in self.private_anon
                if mine:
                    reached.append((proc, label))
                beyond += [
                    f"{proc}:{label}[{i}]"
                    for i, page in enumerate(m.pages)
                    if page.state == "present" and "zero" not in page.flags and (not mine or (page.mapcount or 0) > 1)
                ]
        if beyond:
            raise Unsupported(
                f"reclaim with pages mapped shared, from a file or a device, or by several processes "
                f"({', '.join(beyond)}) has no live counterpart (the live reclaim is MADV_PAGEOUT, "
                "which reaches only private anonymous pages mapped once)"
            )
        for proc, label in reached:
            addr, n = self.span(proc, label)
            self.call(proc, "madvise", addr, n, "pageout")

    # -- observation ---------------------------------------------------------------------------------

    def observe(self) -> Observation:
        self._settle()
        labels = Labeler()
        procs = []
        with open("/proc/kpagecount", "rb") as kc, open("/proc/kpageflags", "rb") as kf:
            for proc in sorted(self.agents):
                pid = self.agents[proc][1]
                vmas = _smaps(pid)
                maps = []
                for (p, label), n in sorted(self.pages.items()):
                    if p != proc:
                        continue
                    addr = self._where(proc, label)
                    if addr not in vmas:
                        continue
                    flags, rss, anon = vmas[addr]
                    pages = tuple(self._page(pid, addr + i * AG.PAGE, labels, kc, kf) for i in range(n))
                    maps.append((label, MapObs(flags, rss, anon, pages)))
                procs.append((proc, tuple(maps)))
        return Observation(tuple(procs))

    def _settle(self) -> None:
        """Make the LRU flags and reference counts independent of timing before an observation.

        Swap writeback completes in block I/O completion, possibly on another CPU, where
        folio_rotate_reclaimable() parks the folio in that CPU's rotate batch with an extra reference (seen
        as a kept swap cache on a later write swap-in).  So: wait for writeback to end, then run
        lru_add_drain() (madvise(MADV_COLD) on our own page) on every CPU this process was allowed before it
        pinned itself (every online CPU unless it runs under taskset or a cpuset), then pin back.  A wait
        that times out or a CPU that cannot be reached is warned about: the observation may then depend on
        timing."""
        if self.swapfile is not None:  # only a run that swaps waits (the counter is machine-wide)
            deadline = time.monotonic() + WRITEBACK_WAIT
            while _writeback_kb() > 0:
                if time.monotonic() >= deadline:
                    warnings.warn(
                        f"swap writeback still running after {WRITEBACK_WAIT} s; observing anyway", stacklevel=2
                    )
                    break
                time.sleep(0.001)
        here = os.sched_getaffinity(0)
        try:
            for cpu in sorted(self.affinity or here):
                try:
                    os.sched_setaffinity(0, {cpu})  # takes effect at once: the caller migrates before returning
                except OSError as e:  # gone offline or out of our cpuset since start()
                    warnings.warn(f"cannot drain CPU {cpu}'s LRU batches: {e}", stacklevel=2)
                    continue
                AG.libc.madvise(self.dummy, AG.PAGE, AG.MADV["cold"])
        finally:
            os.sched_setaffinity(0, here)

    def _page(self, pid: int, addr: int, labels: Labeler, kc: Any, kf: Any) -> PageObs:
        with open(f"/proc/{pid}/pagemap", "rb") as pm:
            pm.seek((addr // AG.PAGE) * 8)
            entry = int.from_bytes(pm.read(8), "little")
        if entry >> 63 & 1:
            pfn = entry & ((1 << 55) - 1)
            kc.seek(pfn * 8)
            count = int.from_bytes(kc.read(8), "little")
            kf.seek(pfn * 8)
            bits = int.from_bytes(kf.read(8), "little")
            flags = [f for f in FLAGS if bits >> KPF[f] & 1]
            if "exclusive" in flags and "anon" not in flags:
                flags.remove("exclusive")  # OWNER_2 is PG_anon_exclusive only on anon folios
            zero = "zero" in flags
            with open(f"/proc/{pid}/mem", "rb") as mem:
                mem.seek(addr)
                value = int.from_bytes(mem.read(8), "little", signed=True)
            return PageObs(
                "present",
                labels.frame(pfn, zero=zero),
                count,
                bool(entry >> 56 & 1),
                bool(entry >> 61 & 1),
                tuple(flags),
                value,
            )
        if entry >> 62 & 1:
            return PageObs("swap", labels.swap(entry & ((1 << 55) - 1)))
        return PageObs("none")


def _lock() -> int:
    """Open the machine-wide lock file and take the exclusive flock, waiting for a running oracle to end."""
    last: OSError | None = None
    for path in LOCK_PATHS:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as e:
            last = e
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        return fd
    raise OSError(f"cannot open an oracle lock file ({', '.join(map(str, LOCK_PATHS))}): {last}")


def _start_time(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot), or None if there is no such live process (a
    zombie has exited: it is dead for our purposes)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else int(fields[19])


def _dies_with(parent: int) -> Callable[[], None]:
    """A preexec_fn: the helper (cc, mkswap, swapon) gets SIGKILL when the controller dies, so that a killed
    run's helper does not go on writing or swapping on behind the next run's recovery."""

    def child() -> None:
        AG.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the controller died before prctl()
            os._exit(1)

    return child


def _owned_dir(kind: str) -> Path:
    """A new directory in the temp dir whose name says which process owns it (see OWNED)."""
    pid = os.getpid()
    return Path(tempfile.mkdtemp(prefix=f"mmspec-{kind}-{pid}.{_start_time(pid)}-"))


def _owner(name: str) -> tuple[int, int] | None:
    """The owner (pid, start time) a directory's name records; None for a name without one."""
    m = OWNED.fullmatch(name)
    return None if m is None else (int(m[2]), int(m[3]))


def _alive(owner: tuple[int, int]) -> bool:
    return _start_time(owner[0]) == owner[1]


def _active_swapfiles() -> list[str]:
    """Every active swap file or device, as /proc/swaps names it (octal escapes such as \\040 decoded)."""
    with open("/proc/swaps") as f:
        names = [line.split()[0] for line in f.readlines()[1:] if line.strip()]
    return [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), n) for n in names]


def _swapoff(path: Path) -> None:
    """Switch the swapfile off, retrying once.  Deleting an active swapfile would leave swap space that no
    path names, so on a second failure the file stays and the error says where it is."""
    err = ""
    for attempt in range(2):
        r = subprocess.run(["swapoff", str(path)], capture_output=True, text=True, check=False)
        if r.returncode == 0:
            return
        err = r.stderr.strip() or f"exit status {r.returncode}"
        if attempt == 0:
            time.sleep(0.2)
    raise SwapoffFailed(
        f"swapoff {path} failed twice ({err}); the swapfile is still active and was left in "
        f"place: switch it off and remove it by hand (swapoff {path} && rm -r {path.parent})"
    )


def _recover(tmp: Path) -> None:
    """Under the lock, before a run: switch off and remove what dead runs left (a SIGKILL skips close()).

    Every run creates its directories under the lock and removes them before releasing it, so a directory
    seen here is a leftover: of a dead run (removed, with a warning on stderr naming it), or of a live
    process whose close() failed (kept).  An active mmspec swapfile whose owner lives or cannot be told
    (a directory named by an older mmspec) stops the run: it would swap into it.

    :raises SwapoffFailed: such a swapfile is active, or a dead run's swapfile cannot be switched off
    """
    active = [Path(p) for p in _active_swapfiles() if "/mmspec-swap-" in p]
    refuse = []
    for path in active:
        owner = _owner(path.parent.name)
        if owner is None or _alive(owner):
            refuse.append(str(path) if owner is None else f"{path}, whose run {owner[0]} is still running")
            continue
        _swapoff(path)
        shutil.rmtree(path.parent, ignore_errors=True)
        _warn(f"switched off and removed {path}, left active by oracle run {owner[0]}, which is no longer running")
    busy = {p.parent for p in active}
    for d in sorted(tmp.glob("mmspec-swap-*")) + sorted(tmp.glob("mmspec-access-*")):
        owner = _owner(d.name)
        if d in busy or not d.is_dir() or (owner is not None and _alive(owner)):
            continue
        shutil.rmtree(d, ignore_errors=True)
        who = "an oracle run of an older mmspec" if owner is None else f"oracle run {owner[0]}"
        _warn(f"removed {d}, left by {who}, which is no longer running")
    if refuse:
        raise SwapoffFailed(
            f"an earlier oracle run left its swapfile active ({'; '.join(refuse)}); this run "
            "would swap into it: switch it off and remove it first"
        )


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def leftovers(pid: int) -> list[str]:
    """What process ``pid``'s oracle runs left: active swapfiles and directories in the temp dir that it
    owns.  The names say the owner, so this needs no lock: other runs on the machine are not counted."""
    mine = [
        f"active swapfile {p}"
        for p in _active_swapfiles()
        if (o := _owner(Path(p).parent.name)) is not None and o[0] == pid
    ]
    tmp = Path(tempfile.gettempdir())
    return mine + [
        f"directory {d}" for d in sorted(tmp.glob("mmspec-*-*")) if (o := _owner(d.name)) is not None and o[0] == pid
    ]


def _become_agent(run: LiveRun, ours: socket.socket) -> None:
    """In a freshly forked agent: drop what belongs to the controller.  Its signal handlers would raise
    Interrupted here; the lock would outlive the controller; and the other agents' sockets (and our own
    end) must close when the controller dies, so that every agent reads EOF then and exits."""
    for signum in run.previous:
        signal.signal(signum, signal.SIG_DFL)
    ours.close()
    for sock, _ in run.agents.values():
        sock.close()
    if run.lock_fd is not None:
        os.close(run.lock_fd)


def _writeback_kb() -> int:
    """/proc/meminfo Writeback: pages under writeback, machine-wide, in kB.  The global counter lags the
    per-CPU deltas (a page's writeback starts on one CPU and ends on another, each delta under the fold
    threshold), so unfolded it read 0 in every run, the diverging ones included; reading
    /proc/sys/vm/stat_refresh as root folds them first (it changes no setting; it runs a work item on every
    CPU and waits for them, which measurably also lets pending completions finish: 100/100 under load)."""
    with open("/proc/sys/vm/stat_refresh") as f:
        f.read()
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("Writeback:"):
                return int(line.split()[1])
    return 0


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _smaps(pid: int) -> dict[int, tuple[tuple[str, ...], int, int]]:
    """VMA start -> (VmFlags in observe.VMFLAGS, Rss pages, Anonymous pages)."""
    from mmspec.oracle.observe import VMFLAGS

    out: dict[int, tuple[tuple[str, ...], int, int]] = {}
    start, rss, anon = -1, 0, 0
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split(None, 1)[0]
            if "-" in head and not head.endswith(":"):
                start = int(head.split("-")[0], 16)
            elif head == "Rss:":
                rss = int(line.split()[1]) // 4
            elif head == "Anonymous:":
                anon = int(line.split()[1]) // 4
            elif head == "VmFlags:":
                have = set(line.split()[1:])
                out[start] = (tuple(f for f in VMFLAGS if f in have), rss, anon)
    return out
