"""The table of actions: what a process, a driver or the VM does in one step.

Each action type is one frozen dataclass, and the class is the action's whole entry in the table (herd7's
``linux-kernel.def`` in spirit: the vocabulary as one thin table over a few primitives).  It declares

* ``WORDS``, the scenario words that write it (docs/format.md), and :meth:`parse`, which reads its
  arguments through the parser's :class:`Args`;
* :meth:`text`, its scenario line (the inverse of :meth:`parse`, for counterexamples and generated files);
* :meth:`apply`, how the model performs it on a kernel state (the system call's entry point in ``mm/``);
* :meth:`live_problem` and :meth:`live`, why the live kernel cannot perform it and how it does
  (mmspec/oracle/live.py's primitives, behind :class:`LiveOps`);
* ``EXPLORE``, ``SCOPE`` and :meth:`explore`, the operations of an `explore` line that enable it and the
  instances the checker tries in a state;
* :meth:`quiet`, whether it touches only its own process's state (the partial-order reduction's
  independence, mmspec/model/machine.py);
* :meth:`mmap_sem`, how it takes its process's mmap_sem, which decides what waits for a call stopped in
  flight (:func:`waits`; docs/model.md, "Interleaving points").

The parser, the counterexample writer, the model's step, the live backend, the fuzzer and the checker all read
:data:`ACTIONS`; adding an action is one class here plus its model function in ``mm/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from mmspec.drivers.chardev import device_release, device_revoke
from mmspec.era import Era, GupFast, Pin, WipeOnFork
from mmspec.errors import MmspecError
from mmspec.mm.fault import FaultStopped, user_access, user_store_begin, user_store_finish
from mmspec.mm.filemap import unlock_page
from mmspec.mm.fork import dup_mmap, dup_mmap_begin, dup_mmap_resume
from mmspec.mm.gup import (
    FastMiss,
    GupResult,
    get_user_pages,
    get_user_pages_fast,
    gup_begin,
    gup_fast_grab,
    gup_fast_read,
    gup_retry,
    unpin_user_page,
)
from mmspec.mm.madvise import madvise_behavior, madvise_dontneed, madvise_pageout
from mmspec.mm.mlock import mlock_fixup
from mmspec.mm.mm_types import (
    VM,
    Foll,
    ForkLocals,
    GupLocals,
    InFlight,
    Kernel,
    Ref,
    Source,
    Vma,
    VmFlags,
    fast_records,
    replace,
)
from mmspec.mm.mmap import do_mmap_pgoff, do_munmap, exit_mmap
from mmspec.mm.mprotect import mprotect_fixup
from mmspec.mm.outcome import Outcome, errno, ok, signal
from mmspec.mm.ptrace import remote_store
from mmspec.mm.swap import put_page
from mmspec.mm.truncate import vmtruncate
from mmspec.mm.vmscan import reclaim
from mmspec.scenario.limits import MAX_OFFSET, MAX_PAGES

if TYPE_CHECKING:
    from mmspec.model.boot import Setup
    from mmspec.model.machine import ExploreSpec

# The madvise() advice a scenario may give (docs/format.md); the oracle maps each to its MADV_* number.
ADVICE = ("dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork", "pageout")

# A mapping's protection as scenarios spell it (docs/format.md).
PROTS = {"r": VM.VM_READ, "rw": VM.VM_READ | VM.VM_WRITE, "none": 0}


def prot_text(prot: VmFlags) -> str:
    """The scenario word for a protection (the inverse of PROTS)."""
    return "rw" if prot & VM.VM_WRITE else "r" if prot & VM.VM_READ else "none"


class NotApplicable(MmspecError):
    """The action names something the state does not have (a process, mapping, reference, device)."""


END = 1 << 30  # a token index past the last one: Args.fail() then points at the end of the line


class Args(Protocol):
    """How an action's :meth:`Action.parse` reads its step line (implemented by mmspec/scenario/parse.py).

    Positions are token indexes on the line: 0 is the subject (``P1:``), 1 the operation word.  Every
    method that reads a token raises the parser's error, with the token's column and a hint, when it is
    missing or malformed."""

    subject: str
    task: str  # the task of the subject (`P1/T2:`), T1 when the line names only the process
    line: int
    released: set[str]  # the devices (dev:NAME) a `release` step released so far

    def text(self, i: int) -> str | None: ...
    def word(self, i: int, what: str) -> str: ...
    def name(self, i: int, what: str) -> str: ...
    def integer(self, i: int, what: str, skip: int = 0, least: int = ..., most: int = ...) -> int: ...
    def choice(self, i: int, what: str, options: tuple[str, ...]) -> str: ...
    def fail(self, i: int, message: str, hint: str = "", skip: int = 0) -> Exception: ...
    def page(self, i: int) -> tuple[str, int]: ...
    def mapping(self, i: int) -> str: ...
    def ref(self, i: int) -> str: ...
    def new_process(self, i: int) -> str: ...
    def source(self, i: int) -> tuple[Source, str, int | None]: ...
    # what the parser tracks so that a later typo is reported with its position
    def define_mapping(self, label: str, pages: int) -> None: ...
    def define_ref(self, ref: str) -> None: ...
    def fork_process(self, child: str) -> None: ...
    def end_process(self) -> None: ...
    def new_thread(self, i: int) -> str: ...
    def end_thread(self) -> None: ...
    def start_call(self, until: str) -> None: ...
    def resume_call(self, until: str) -> None: ...


class LiveOps(Protocol):
    """The live backend's primitives (mmspec/oracle/live.py LiveRun) that :meth:`Action.live` calls."""

    def call(self, proc: str, cmd: str, *args: object) -> Any: ...
    def span(self, proc: str, label: str) -> tuple[int, int]: ...
    def mmap(self, a: Mmap) -> str: ...
    def fork(self, proc: str, child: str) -> None: ...
    def exit(self, proc: str) -> None: ...
    def gup(self, a: Gup) -> str: ...
    def holder(self, ref: str, proc: str, release: bool = False) -> str: ...
    def reclaim(self) -> None: ...
    def truncate(self, obj: str, pages: int) -> None: ...


@dataclass
class LiveCheck:
    """What :meth:`Action.live_problem` needs beyond the action: the setup, the references taken so far
    (name -> with FOLL_PIN) in step order, and whether the oracle may create a swapfile."""

    setup: Setup
    allow_swap: bool
    pinned: dict[str, bool]


class Sem(Enum):
    """How a step takes its own process's mmap_sem."""

    NONE = "none"  # not at all (reclaim, truncate, the driver's events: rmap and i_mmap locks only)
    READ = "read"  # down_read(): faults, get_user_pages(), MADV_DONTNEED, ...
    WRITE = "write"  # down_write(): mmap, munmap, mprotect, mlock, fork's dup_mmap(), most madvise()


# The named points where a call in flight may stop (docs/model.md, "Interleaving points"), by the word of
# the call that stops there: get_user_pages()' retry: label, fork's write-protect window, GUP-fast between
# its PTE read and its grab, and the end of do_wp_page()'s anon reuse after the page-table lock is dropped
# (a user store).
CALL_POINTS = {"gup": "retry", "poke": "retry", "fork": "wrprotect", "gup fast": "grab", "write": "reuse"}
POINTS = tuple(dict.fromkeys(CALL_POINTS.values()))
AGAIN = ("retry", "wrprotect")  # the points a call may reach again after it resumed from one
# The points where the stopped call holds mmap_sem for read (get_user_pages()' loop, a write fault): a step
# that takes it for write waits.  (A stopped fork holds it for write, GUP-fast holds nothing.)
READ_LOCKED = ("retry", "reuse")
STOPPED_NOT_LIVE = "a call stopped in flight, or a thread's, has no live counterpart (a race cannot be forced)"


class Scope(Enum):
    """Where the checker offers an action, in this order: per process (first its new mappings, then per
    mapped page, per mapping, and its fork and exit), then per held reference, per device, and once."""

    PROCESS_FIRST = 1
    PAGE = 2
    MAPPING = 3
    PROCESS_LAST = 4
    REF = 5
    DEVICE = 6
    GLOBAL = 7


@dataclass(frozen=True)
class Where:
    """The place the checker asks about: a process, one of its mappings and a page of it, a reference or
    a device (only the parts its scope names are set)."""

    k: Kernel
    spec: ExploreSpec
    era: Era
    proc: str = ""
    label: str = ""
    index: int = 0
    ref: str = ""
    device: str = ""
    task: str = "T1"


Applied = tuple[Outcome, str]  # what the action returned, and a note for the step's account


class Action:
    """The interface every entry of :data:`ACTIONS` implements (see the module docstring)."""

    WORDS: ClassVar[tuple[str, ...]] = ()
    SUBJECT: ClassVar[str] = "process"  # "process", "device" or "" (a line of its own, like `reclaim`)
    EXPLORE: ClassVar[tuple[str, ...]] = ()
    SCOPE: ClassVar[Scope] = Scope.GLOBAL
    # Whether the action records its task itself (a call that can stop in flight, a thread's exit); the
    # others run in a task other than T1 wrapped in :class:`OnTask`.
    TASKED: ClassVar[bool] = False

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        """The action a step line writes with ``word``, and the index of the first token after it."""
        raise NotImplementedError

    def mmap_sem(self) -> Sem:
        """How the system call takes its process's mmap_sem (mmap_lock from 5.8): what it waits for while
        another task of the process has a call in flight, which holds it for read."""
        return Sem.NONE

    def reads(self) -> bool:
        """Whether the step returns a value (so `== V` may follow it)."""
        return False

    def text(self) -> str:
        raise NotImplementedError

    def apply(self, k: Kernel, era: Era) -> Applied:
        """Perform the action on ``k`` (a clone the caller owns) under ``era``.

        :raises NotApplicable: the action names something ``k`` does not have
        """
        raise NotImplementedError

    def live_problem(self, ctx: LiveCheck) -> str | None:
        """Why the live kernel cannot perform this action (None: it can).  May record facts in ``ctx``."""
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        """Perform the action on the live kernel: the outcome name and the value a load read."""
        raise NotImplementedError

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        """The instances the checker tries at ``at`` (the spec's ops enable them)."""
        return iter(())

    def quiet(self, k: Kernel) -> bool:
        """Touches only its own process's VMAs, PTEs and counters, and allocates nothing that takes a place
        in the LRU or the allocator's order (machine.independent)."""
        return False


# -- lookups shared by the entries ---------------------------------------------------------------------


def _proc(k: Kernel, proc: str) -> None:
    if proc not in k.mms:
        raise NotApplicable(f"process {proc} does not exist (it has not been forked, or it exited)")


def _range(k: Kernel, proc: str, label: str) -> tuple[int, int]:
    _proc(k, proc)
    where = k.names.get((proc, label))
    if where is None:
        raise NotApplicable(f"{proc} has no mapping {label}")
    return where


def _vma(k: Kernel, proc: str, label: str) -> Vma | None:
    """The VMA at the start of ``label``'s range: None once it was unmapped (or not inherited)."""
    start, _ = _range(k, proc, label)
    return k.find_vma(proc, start)


def _page(k: Kernel, proc: str, label: str, index: int) -> int:
    start, pages = _range(k, proc, label)
    if not 0 <= index < pages:
        raise NotApplicable(f"{label}[{index}] is outside {label}, which has {pages} pages")
    return start + index


def _ref(k: Kernel, name: str) -> Ref:
    ref = k.refs.get(name)
    if ref is None:
        raise NotApplicable(f"no page reference {name} is held")
    return ref


def _release_ref(k: Kernel, era: Era, ref: Ref) -> None:
    """put_page() for a FOLL_GET reference, unpin_user_page() for a FOLL_PIN one."""
    if ref.pin:
        unpin_user_page(k, era, ref.pfn)
    else:
        put_page(k, ref.pfn, era)  # a no-op on a PG_reserved page before 2.6.15-rc1


def _private_anon(k: Kernel, proc: str, label: str) -> Vma | None:
    vma = k.vma_by_label(proc, label)
    return vma if vma is not None and vma.source is Source.ANON and not vma.has(VM.VM_SHARED) else None


# -- tasks and calls in flight -------------------------------------------------------------------------------


def _subject(proc: str, task: str) -> str:
    """A step line's subject: ``P1`` for the first task, ``P1/T2`` for another."""
    return proc if task == "T1" else f"{proc}/{task}"


def _task(k: Kernel, proc: str, task: str) -> None:
    _proc(k, proc)
    if task != "T1" and task not in k.threads.get(proc, ()):
        raise NotApplicable(f"{proc} has no task {task} (create it with '{proc}: thread {task}')")


def _until(args: Args, i: int, word: str) -> tuple[str, int]:
    """An optional `until POINT` at token ``i`` of a ``word`` step (a key of :data:`CALL_POINTS`): the point,
    and the index after it."""
    if args.text(i) != "until":
        return "", i
    point = args.choice(i + 1, f"an interleaving point: {CALL_POINTS[word]}", (CALL_POINTS[word],))
    args.start_call(point)
    return point, i + 2


def _until_text(until: str) -> str:
    return f" until {until}" if until else ""


def _gup_failed(res: GupResult) -> Outcome:
    if res.errno == "LIVELOCK":
        return signal("LIVELOCK", "follow_page() never finds the page that the fault installed")
    return errno(res.errno or "EFAULT")


def _foll_text(foll: Foll) -> str:
    flags = [
        name for name, on in (("FOLL_WRITE", foll.write), ("FOLL_FORCE", foll.force), ("FOLL_COW", foll.cow)) if on
    ]
    return "|".join(flags) or "no FOLL_WRITE"


def _drive(k: Kernel, era: Era, proc: str, task: str, fl: InFlight, call: GupLocals | GupResult, until: str) -> Applied:
    """Run get_user_pages()' loop from its retry: label to the end, or, with ``until``, one pass to the next
    arrival at retry: after a fault, where the call is saved in the task's in-flight record; at the end the
    caller's tail runs (the reference is held, or the kernel's store)."""
    while isinstance(call, GupLocals):
        call = gup_retry(k, era, proc, call)
        if until and isinstance(call, GupLocals):
            k.inflight[(proc, task)] = replace(fl, gup=call)
            return ok(), f"{_subject(proc, task)} stopped at retry: after fault {call.faults} ({_foll_text(call.foll)})"
    k.inflight.pop((proc, task), None)
    vpn = fl.gup.vpn
    if fl.caller == "poke":
        if call.pfn is None:
            if call.errno == "LIVELOCK":
                return _gup_failed(call), ""
            return errno("EIO", f"get_user_pages() failed with {call.errno}: mem_rw() copied nothing"), ""
        remote_store(k, proc, vpn, call.pfn, fl.value)
        return ok(), f"stored {fl.value} to pfn {call.pfn:#x}"
    if call.pfn is None:
        return _gup_failed(call), ""
    _hold(k, proc, fl, call.pfn)
    return ok(), f"{fl.ref} holds pfn {call.pfn:#x}"


def _slow_gup(k: Kernel, era: Era, proc: str, fl: InFlight) -> GupResult:
    """GUP-fast's fallback (__gup_longterm_unlocked() in mm/gup.c): get_user_pages() of its page under
    mmap_lock for read; the reference is held if it found the page."""
    res = get_user_pages(k, era, proc, fl.gup.vpn, fl.write, pin=fl.gup.foll.pin)
    if res.pfn is not None:
        _hold(k, proc, fl, res.pfn)
    return res


def _hold(k: Kernel, proc: str, fl: InFlight, pfn: int) -> None:
    """The reference a GUP call in flight (``fl``) took on ``pfn`` is held, under the scenario's name."""
    k.refs[fl.ref] = Ref(fl.ref, proc, pfn, fl.gup.vpn, fl.label, fl.write, fl.gup.foll.pin, fl.longterm)


# -- process system calls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mmap(Action):
    """mmap(): do_mmap_pgoff() of ``pages`` pages of ``obj`` (a file or device; "" for anon and zero)."""

    proc: str
    label: str
    source: Source
    obj: str
    pages: int
    shared: bool
    prot: VmFlags
    offset: int = 0
    fmode_write: bool = True  # the file was opened O_RDWR (open=rw, the default) or O_RDONLY (open=r)

    WORDS = ("mmap",)
    EXPLORE = ("mmap",)
    SCOPE = Scope.PROCESS_FIRST

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        label = args.name(2, "a mapping name")
        source, obj, pages = args.source(3)
        shared: bool | None = None
        prot: VmFlags | None = None
        offset = 0
        fmode_write = True
        i = 4
        while (tok := args.text(i)) is not None and tok != "->":
            if tok in ("shared", "private"):
                shared = tok == "shared"
            elif tok in PROTS:
                prot = PROTS[tok]
            elif tok.startswith("pages="):
                pages = args.integer(i, "a number of pages", skip=6, least=1, most=MAX_PAGES)
            elif tok in ("open=r", "open=rw"):
                if source is not Source.FILE:
                    raise args.fail(
                        i, f"'{tok}' is for files", "the open mode is a file's: mmap F file:f private r open=r"
                    )
                fmode_write = tok == "open=rw"
            elif tok.startswith("offset="):
                # A negative offset is refused here, as bad input; the model refuses it too, with the
                # kernel's -EOVERFLOW (do_mmap_pgoff(), mmspec/mm/mmap.py), for callers of the API.
                offset = args.integer(i, "a page offset", skip=7, least=0, most=MAX_OFFSET)
            else:
                raise args.fail(
                    i,
                    f"unexpected '{tok[:60]}' in mmap",
                    "expected shared|private, r|rw|none, pages=N, offset=N or open=r|rw",
                )
            i += 1
        if shared is None:
            raise args.fail(
                END,
                "mmap needs 'shared' or 'private'",
                f"for example: {args.subject}: mmap {label} anon pages=1 private rw",
            )
        if prot is None:
            raise args.fail(END, "mmap needs a protection: r, rw or none", "for example: ... shared rw")
        pages = 1 if pages is None else pages
        if pages < 1:
            raise args.fail(
                3,
                f"{obj.replace(':', ' ')} has no pages, so the mapping needs pages=N",
                f"for example: {args.subject}: mmap {label} {obj} pages=1 shared r",
            )
        if source is Source.DEV and obj in args.released:
            name = obj.partition(":")[2]
            raise args.fail(
                3,
                f"device {name} was released: its file is closed, so it cannot be mapped again",
                "the driver's ->release runs when the last reference to the open file goes",
            )
        args.define_mapping(label, pages)
        return cls(args.subject, label, source, obj, pages, shared, prot, offset, fmode_write), i

    def text(self) -> str:
        src = self.source.value if self.source in (Source.ANON, Source.ZERO) else self.obj
        offset = f" offset={self.offset}" if self.offset else ""
        share = "shared" if self.shared else "private"
        mode = "" if self.fmode_write else " open=r"
        return f"{self.proc}: mmap {self.label} {src} pages={self.pages} {share} {prot_text(self.prot)}{offset}{mode}"

    def mmap_sem(self) -> Sem:
        return Sem.WRITE

    def apply(self, k: Kernel, era: Era) -> Applied:
        _proc(k, self.proc)
        if k.vma_by_label(self.proc, self.label) is not None:
            raise NotApplicable(f"{self.proc} already has a mapping {self.label}; munmap it first or pick another name")
        if self.obj and self.obj not in k.files and self.obj not in k.devices:
            raise NotApplicable(f"no object {self.obj}")
        if self.obj in k.devices and k.devices[self.obj].released:
            # The driver's ->release runs when the last reference to the open file goes (__fput()): no
            # process holds the file any more, so none can mmap it.
            raise NotApplicable(
                f"device {self.obj.removeprefix('dev:')} was released: its file is closed, so it cannot be mapped again"
            )
        return do_mmap_pgoff(
            k,
            era,
            self.proc,
            self.label,
            self.source,
            self.obj,
            self.pages,
            self.shared,
            self.prot,
            self.offset,
            self.fmode_write,
        ).outcome, ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return run.mmap(self), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        labels = [lb for (mm, lb) in at.k.names if mm == at.proc]
        if "mmap" in at.spec.ops and len(labels) < at.spec.maps:
            label = f"M{len(labels)}"
            for src in at.spec.sources:
                if src in at.k.devices and at.k.devices[src].released:
                    continue  # its file was closed (Mmap.apply)
                for shared in at.spec.shared:
                    for prot in at.spec.prots:
                        yield mmap_action(at.proc, label, src, at.spec.pages, shared, prot)

    def quiet(self, k: Kernel) -> bool:
        return self.source is Source.ANON and not self.shared


def mmap_action(proc: str, label: str, src: str, pages: int, shared: bool, prot: str) -> Mmap:
    """The Mmap of a scenario SOURCE word (`anon`, `zero`, `file:F`, `dev:D`) and protection word."""
    kind, _, name = src.partition(":")
    return Mmap(proc, label, Source(kind), f"{kind}:{name}" if name else "", pages, shared, PROTS[prot])


@dataclass(frozen=True)
class Access(Action):
    """A load (``write`` False) or store of ``value`` by the process to page ``index`` of a mapping: the
    MMU's access, and handle_mm_fault() when the PTE does not allow it."""

    proc: str
    label: str
    index: int
    write: bool
    value: int = 0
    task: str = "T1"
    until: str = ""  # a store: stop at do_wp_page()'s reuse point (CALL_POINTS) if its fault gets there

    WORDS = ("read", "write")
    EXPLORE = ("read", "write")
    SCOPE = Scope.PAGE
    TASKED = True

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        label, index = args.page(2)
        if word == "read":
            return cls(args.subject, label, index, False, task=args.task), 3
        value, i = 1000 + args.line, 3  # a fresh value: unique per line
        if args.text(3) == "=":
            args.word(4, "a value after '='")
            value, i = args.integer(4, "a value"), 5
        until, i = _until(args, i, "write")
        return cls(args.subject, label, index, True, value, args.task, until), i

    def reads(self) -> bool:
        return not self.write

    def mmap_sem(self) -> Sem:
        return Sem.READ

    def text(self) -> str:
        where, who = f"{self.label}[{self.index}]", _subject(self.proc, self.task)
        if not self.write:
            return f"{who}: read {where}"
        return f"{who}: write {where} = {self.value}{_until_text(self.until)}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        _task(k, self.proc, self.task)
        vpn = _page(k, self.proc, self.label, self.index)
        if not self.until:
            return user_access(k, era, self.proc, vpn, self.write, self.value), ""
        got = user_store_begin(k, era, self.proc, vpn, self.value)
        if isinstance(got, Outcome):
            return got, ""
        k.inflight[(self.proc, self.task)] = InFlight(
            "write",
            "reuse",
            GupLocals(vpn, Foll(write=True), got.faults),
            self.label,
            self.index,
            value=self.value,
            write=True,
            page=got.pfn if got.locked else -1,
        )
        held = f", pfn {got.pfn:#x} still locked and not referenced" if got.locked else f", pfn {got.pfn:#x} unlocked"
        return ok(), f"{_subject(self.proc, self.task)} stopped at reuse: the PTE writable, the PT lock dropped{held}"

    def live_problem(self, ctx: LiveCheck) -> str | None:
        if self.until or self.task != "T1":
            return STOPPED_NOT_LIVE
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        addr, _ = run.span(self.proc, self.label)
        name, value = run.call(self.proc, "access", addr + self.index * PAGE_SIZE, self.write, self.value)
        return name, value

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "read" in at.spec.ops:
            yield cls(at.proc, at.label, at.index, False, task=at.task)
        if "write" in at.spec.ops:
            yield cls(at.proc, at.label, at.index, True, 1, at.task, "reuse" if at.spec.threads > 1 else "")

    def quiet(self, k: Kernel) -> bool:
        vma = _private_anon(k, self.proc, self.label)
        if vma is None:
            return False
        pte = k.pte(self.proc, vma.start + self.index)
        return pte is not None and pte.present and pte.read and (pte.write or not self.write)


PAGE_SIZE = 4096  # the live side's page size (x86-64)


@dataclass(frozen=True)
class Gup(Action):
    """get_user_pages() (or, with ``pin``, pin_user_pages()) of one page, holding the reference under the
    name ``ref``; live, a vmsplice() into a pipe (FOLL_GET) or an io_uring registered buffer (FOLL_PIN)."""

    proc: str
    label: str
    index: int
    write: bool
    ref: str
    pin: bool = False
    longterm: bool = False
    force: bool = False  # FOLL_FORCE
    task: str = "T1"
    until: str = ""  # stop at this point (POINTS) instead of running to the end
    fast: bool = False  # get_user_pages_fast() / pin_user_pages_fast(): the lockless walk first

    WORDS = ("gup",)
    EXPLORE = ("gup", "pin", "gup-fast", "pin-fast")
    SCOPE = Scope.PAGE
    TASKED = True

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        label, index = args.page(2)
        i, write, pin, longterm, force = 3, False, False, False, False
        if args.text(i) in ("write", "read"):
            write, i = args.text(i) == "write", i + 1
        if args.text(i) == "pin":
            pin, i = True, i + 1
        if args.text(i) == "longterm":
            if not pin:
                raise args.fail(
                    i,
                    "'longterm' needs 'pin' before it",
                    "FOLL_LONGTERM goes with FOLL_PIN: ... write pin longterm as H",
                )
            longterm, i = True, i + 1
        if args.text(i) == "force":
            force, i = True, i + 1
        fast = args.text(i) == "fast"
        if fast:
            if force:
                raise args.fail(
                    i,
                    "'fast' takes no 'force'",
                    "get_user_pages_fast() has no FOLL_FORCE caller: ... write pin fast as H",
                )
            i += 1
        if args.word(i, "'as REF'") != "as":
            raise args.fail(
                i,
                f"expected 'as REF', got '{args.text(i)}'",
                f"for example: {args.subject}: gup A[0] write pin longterm as H",
            )
        args.word(i + 1, "a reference name after 'as'")
        ref = args.name(i + 1, "a reference name")
        args.define_ref(ref)
        until, i = _until(args, i + 2, "gup fast" if fast else "gup")
        return cls(args.subject, label, index, write, ref, pin, longterm, force, args.task, until, fast), i

    def text(self) -> str:
        how = (
            ("write" if self.write else "read")
            + (" pin" if self.pin else "")
            + (" longterm" if self.longterm else "")
            + (" force" if self.force else "")
            + (" fast" if self.fast else "")
        )
        return f"{_subject(self.proc, self.task)}: gup {self.label}[{self.index}] {how} as {self.ref}{_until_text(self.until)}"

    def mmap_sem(self) -> Sem:
        return Sem.NONE if self.fast else Sem.READ  # GUP-fast's walk takes no lock; its fallback waits

    def apply(self, k: Kernel, era: Era) -> Applied:
        if self.ref in k.refs or any(c.ref == self.ref for c in k.inflight.values()):
            raise NotApplicable(f"reference {self.ref} is already held")
        vpn = _page(k, self.proc, self.label, self.index)
        if self.fast:
            return self.apply_fast(k, era, vpn)
        if not self.until and self.task == "T1" and not self.force:
            return self.finish(k, get_user_pages(k, era, self.proc, vpn, self.write, pin=self.pin), vpn)
        call = gup_begin(k, era, self.proc, vpn, self.write, pin=self.pin, force=self.force)
        _task(k, self.proc, self.task)
        fl = InFlight(
            "gup", "retry", GupLocals(vpn, Foll()), self.label, self.index, self.ref, 0, self.write, self.longterm
        )
        if isinstance(call, GupLocals):
            fl = replace(fl, gup=call)
        return _drive(k, era, self.proc, self.task, fl, call, self.until)

    def apply_fast(self, k: Kernel, era: Era, vpn: int) -> Applied:
        """get_user_pages_fast() / pin_user_pages_fast(): the lockless walk (with ``until grab``, stopped
        between its PTE read and its grab); :func:`_fast_end` after it."""
        if era.gup_fast is GupFast.ABSENT:
            raise NotApplicable(
                f"get_user_pages_fast() arrived in 2.6.27 (8174c430e445); era {era.name} has only get_user_pages()"
            )
        _task(k, self.proc, self.task)
        fl = InFlight(
            "gup",
            "grab",
            GupLocals(vpn, Foll(write=self.write, get=not self.pin, pin=self.pin)),
            self.label,
            self.index,
            self.ref,
            0,
            self.write,
            self.longterm,
        )
        if not self.until:
            return _fast_end(
                k, era, self.proc, self.task, fl, get_user_pages_fast(k, era, self.proc, vpn, self.write, self.pin)
            )
        got = gup_fast_read(k, era, self.proc, vpn, self.write, self.pin)
        if isinstance(got, FastMiss):
            return _fast_end(k, era, self.proc, self.task, fl, got)
        k.inflight[(self.proc, self.task)] = replace(fl, pte=got)
        return ok(), (
            f"{_subject(self.proc, self.task)} stopped at grab: gup_pte_range() read {self.label}[{self.index}]'s "
            f"PTE (pfn {got.pfn:#x}{', writable' if got.write else ''}) with interrupts off"
        )

    def finish(self, k: Kernel, res: GupResult, vpn: int) -> Applied:
        """The end of an uninterrupted call: the reference is held, or the errno."""
        if res.pfn is None:
            return _gup_failed(res), ""
        k.refs[self.ref] = Ref(self.ref, self.proc, res.pfn, vpn, self.label, self.write, self.pin, self.longterm)
        return ok(), f"{self.ref} holds pfn {res.pfn:#x}"

    def live_problem(self, ctx: LiveCheck) -> str | None:
        if self.fast:
            return "GUP-fast has no live counterpart yet (io_uring and vmsplice() take the slow path's references)"
        if self.write and not self.pin:
            return "a write get_user_pages() without pin has no live counterpart (FOLL_PIN: io_uring buffers)"
        if self.pin and not self.write:
            return "a read-only pin has no live counterpart (io_uring registers buffers writable)"
        ctx.pinned[self.ref] = self.pin
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return run.gup(self), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        spec = at.spec
        taken = {*at.k.refs, *(c.ref for c in at.k.inflight.values() if c.ref)}
        if any(op in spec.ops for op in cls.EXPLORE) and len(taken) < spec.refs:
            ref = next(f"H{n}" for n in range(spec.refs + 1) if f"H{n}" not in taken)
            until = "retry" if spec.threads > 1 else ""
            fast = at.era.gup_fast is not GupFast.ABSENT
            pin = at.era.pin is Pin.PIN_BIAS
            for write in (False, True):
                if "gup" in spec.ops:
                    yield cls(at.proc, at.label, at.index, write, ref, task=at.task, until=until)
                if "pin" in spec.ops and pin:
                    yield cls(at.proc, at.label, at.index, write, ref, pin=True, task=at.task, until=until)
                grab = "grab" if spec.threads > 1 else ""
                if "gup-fast" in spec.ops and fast:
                    yield cls(at.proc, at.label, at.index, write, ref, task=at.task, until=grab, fast=True)
                if "pin-fast" in spec.ops and fast and pin:
                    yield cls(at.proc, at.label, at.index, write, ref, pin=True, task=at.task, until=grab, fast=True)


@dataclass(frozen=True)
class Munmap(Action):
    """munmap() of a whole mapping: do_munmap().  Unmapping a range with nothing mapped succeeds."""

    proc: str
    label: str

    WORDS = ("munmap",)
    EXPLORE = ("munmap",)
    SCOPE = Scope.MAPPING

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        return cls(args.subject, args.mapping(2)), 3

    def mmap_sem(self) -> Sem:
        return Sem.WRITE

    def text(self) -> str:
        return f"{self.proc}: munmap {self.label}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        vma = _vma(k, self.proc, self.label)
        if vma is not None:
            do_munmap(k, era, self.proc, vma)
        return ok(), ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return str(run.call(self.proc, "munmap", *run.span(self.proc, self.label))), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "munmap" in at.spec.ops:
            yield cls(at.proc, at.label)


def _mapped_vma(k: Kernel, proc: str, label: str) -> Vma | Outcome:
    """The VMA a range call acts on, or the -ENOMEM of find_vma() finding none in the range."""
    vma = _vma(k, proc, label)
    return errno("ENOMEM", "no VMA in the range") if vma is None else vma


@dataclass(frozen=True)
class Mprotect(Action):
    """mprotect() of a whole mapping: mprotect_fixup()."""

    proc: str
    label: str
    prot: VmFlags

    WORDS = ("mprotect",)
    EXPLORE = ("mprotect",)
    SCOPE = Scope.MAPPING

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        label = args.mapping(2)
        return cls(args.subject, label, PROTS[args.choice(3, "a protection: r, rw or none", tuple(PROTS))]), 4

    def mmap_sem(self) -> Sem:
        return Sem.WRITE

    def text(self) -> str:
        return f"{self.proc}: mprotect {self.label} {prot_text(self.prot)}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        vma = _mapped_vma(k, self.proc, self.label)
        if isinstance(vma, Outcome):
            return vma, ""
        return mprotect_fixup(k, era, self.proc, vma, self.prot), ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return str(run.call(self.proc, "mprotect", *run.span(self.proc, self.label), prot_text(self.prot))), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "mprotect" in at.spec.ops:
            yield from (cls(at.proc, at.label, PROTS[p]) for p in ("r", "rw"))

    def quiet(self, k: Kernel) -> bool:
        return _private_anon(k, self.proc, self.label) is not None


@dataclass(frozen=True)
class Madvise(Action):
    """madvise() of a whole mapping with one of :data:`ADVICE`."""

    proc: str
    label: str
    advice: str

    WORDS = ("madvise",)
    EXPLORE = ("dontneed", "dontfork", "dofork", "wipeonfork")
    SCOPE = Scope.MAPPING

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        label = args.mapping(2)
        return cls(args.subject, label, args.choice(3, "an advice: dontneed, dontfork or dofork", ADVICE)), 4

    def mmap_sem(self) -> Sem:
        # madvise_need_mmap_write(): MADV_DONTNEED and MADV_PAGEOUT run under the read lock in 4.x and later;
        # taken so in every era here (2.6.19 took it for write for every advice: docs/model.md).
        return Sem.READ if self.advice in ("dontneed", "pageout") else Sem.WRITE

    def text(self) -> str:
        return f"{self.proc}: madvise {self.label} {self.advice}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        vma = _mapped_vma(k, self.proc, self.label)
        if isinstance(vma, Outcome):
            return vma, ""
        if self.advice == "dontneed":
            return madvise_dontneed(k, era, self.proc, vma), ""
        if self.advice == "pageout":
            return madvise_pageout(k, era, self.proc, vma), ""
        return madvise_behavior(k, era, self.proc, vma, self.advice), ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return str(run.call(self.proc, "madvise", *run.span(self.proc, self.label), self.advice)), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        for advice in cls.EXPLORE:
            if advice in at.spec.ops and (advice != "wipeonfork" or at.era.wipeonfork is WipeOnFork.PRESENT):
                yield cls(at.proc, at.label, advice)


@dataclass(frozen=True)
class Mlock(Action):
    """mlock() (``lock``) or munlock() of a whole mapping: mlock_fixup()."""

    proc: str
    label: str
    lock: bool

    WORDS = ("mlock", "munlock")
    EXPLORE = ("mlock", "munlock")
    SCOPE = Scope.MAPPING

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        return cls(args.subject, args.mapping(2), word == "mlock"), 3

    def mmap_sem(self) -> Sem:
        return Sem.WRITE

    def text(self) -> str:
        return f"{self.proc}: {'mlock' if self.lock else 'munlock'} {self.label}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        vma = _mapped_vma(k, self.proc, self.label)
        if isinstance(vma, Outcome):
            return vma, ""
        return mlock_fixup(k, era, self.proc, vma, self.lock), ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return str(run.call(self.proc, "mlock", *run.span(self.proc, self.label), self.lock)), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "mlock" in at.spec.ops:
            yield cls(at.proc, at.label, True)
        if "munlock" in at.spec.ops:
            yield cls(at.proc, at.label, False)


@dataclass(frozen=True)
class Fork(Action):
    """fork(): dup_mmap() into a new process ``child``; with ``until wrprotect`` it stops in the first
    write-protect window of copy_present_pte() (docs/model.md, "Interleaving points")."""

    proc: str
    child: str
    task: str = "T1"
    until: str = ""

    WORDS = ("fork",)
    EXPLORE = ("fork",)
    SCOPE = Scope.PROCESS_LAST
    TASKED = True

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        child = args.new_process(2)
        args.fork_process(child)
        until, i = _until(args, 3, "fork")
        return cls(args.subject, child, args.task, until), i

    def mmap_sem(self) -> Sem:
        return Sem.WRITE

    def text(self) -> str:
        return f"{_subject(self.proc, self.task)}: fork {self.child}{_until_text(self.until)}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        _task(k, self.proc, self.task)
        if self.child in k.mms:
            raise NotApplicable(f"process {self.child} already exists")
        if not self.until:
            return _forked(dup_mmap(k, era, self.proc, self.child))
        got = dup_mmap_begin(k, era, self.proc, self.child, stop=True)
        return _fork_drive(k, era, self.proc, self.task, got)

    def live_problem(self, ctx: LiveCheck) -> str | None:
        if self.until or self.task != "T1":
            return STOPPED_NOT_LIVE
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        run.fork(self.proc, self.child)
        return "ok", None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "fork" in at.spec.ops and len(at.k.mms) < at.spec.procs:
            child = next(f"P{n}" for n in range(1, at.spec.procs + 2) if f"P{n}" not in at.k.mms)
            # Only GUP-fast runs in the write-protect window (docs/check.md, "Races"): without it, stopping
            # there would add states and no behaviour.
            fast = at.spec.threads > 1 and ("gup-fast" in at.spec.ops or "pin-fast" in at.spec.ops)
            yield cls(at.proc, child, at.task, "wrprotect" if fast else "")


def _fast_end(k: Kernel, era: Era, proc: str, task: str, fl: InFlight, got: GupResult | FastMiss) -> Applied:
    """The end of GUP-fast's walk: the reference is held; or it took no page and falls back to the slow
    get_user_pages() under mmap_lock for read (__gup_longterm_unlocked() in mm/gup.c), which sleeps while a
    fork of the process holds that lock for write: the call then waits in the task's in-flight record
    (``mmap_lock``), and the fork's end runs it (:func:`_wake_readers`)."""
    k.inflight.pop((proc, task), None)
    if isinstance(got, GupResult):
        if got.pfn is None:
            return _gup_failed(got), ""
        _hold(k, proc, fl, got.pfn)
        return ok(), f"lockless: {fl.ref} holds pfn {got.pfn:#x}"
    forker = _forking(k, proc)
    if forker:
        k.inflight[(proc, task)] = replace(fl, phase="mmap_lock", pte=None, seq_changed=False)
        return ok(), (
            f"{_subject(proc, task)} falls back to get_user_pages() ({got.value}) and sleeps in "
            f"mmap_read_lock(): {forker}'s fork holds mmap_lock for write"
        )
    res = _slow_gup(k, era, proc, fl)
    if res.pfn is None:
        return _gup_failed(res), ""
    return ok(), f"slow path ({got.value}): {fl.ref} holds pfn {res.pfn:#x}"


def _forked(copied: list[str]) -> Applied:
    return ok(), ("copied PTEs of " + ", ".join(copied)) if copied else "no PTEs copied"


def _fork_drive(k: Kernel, era: Era, proc: str, task: str, got: list[str] | ForkLocals) -> Applied:
    """After a pass of dup_mmap(): stopped in a write-protect window (saved in the task's in-flight record),
    or at its end, where mmap_write_unlock() hands mmap_lock to the tasks that sleep in mmap_read_lock()."""
    if isinstance(got, ForkLocals):
        k.inflight[(proc, task)] = InFlight("fork", "wrprotect", GupLocals(got.vpn, Foll()), "", 0, fork=got)
        return ok(), (
            f"{_subject(proc, task)} stopped at wrprotect: copy_present_pte() of {_page_name(k, proc, got.vpn)} "
            "passed the pinned check; ptep_set_wrprotect() comes next"
        )
    k.inflight.pop((proc, task), None)
    outcome, note = _forked(got)
    woken = _wake_readers(k, era, proc)
    return outcome, "; ".join([note, *woken])


def _page_name(k: Kernel, proc: str, vpn: int) -> str:
    """``A[0]``: the mapping label and index of a page of ``proc``."""
    for (mm, label), (start, pages) in sorted(k.names.items()):
        if mm == proc and start <= vpn < start + pages:
            return f"{label}[{vpn - start}]"
    return f"page {vpn:#x}"


def _forking(k: Kernel, proc: str) -> str:
    """The task of ``proc`` with a fork in flight (it holds mmap_lock for write), or ""."""
    for (m, t), fl in sorted(k.inflight.items()):
        if m == proc and fl.caller == "fork":
            return _subject(m, t)
    return ""


def _wake_readers(k: Kernel, era: Era, proc: str) -> list[str]:
    """mmap_write_unlock() at the end of a fork: the rwsem hands the lock to the tasks of ``proc`` asleep in
    mmap_read_lock() (a GUP-fast that fell back), and each runs its get_user_pages() to the end, in task
    order, before any other step (the model does not interleave other steps there)."""
    notes = []
    for (m, t), fl in sorted(k.inflight.items()):
        if m != proc or fl.phase != "mmap_lock":
            continue
        del k.inflight[(m, t)]
        res = _slow_gup(k, era, m, fl)
        if res.pfn is None:
            notes.append(f"{_subject(m, t)} woke: get_user_pages() failed with {res.errno}")
            continue
        notes.append(f"{_subject(m, t)} woke: get_user_pages(): {fl.ref} holds pfn {res.pfn:#x}")
    return notes


@dataclass(frozen=True)
class Exit(Action):
    """exit(): exit_mmap(), then the references the process held are released (the pipe or ring closes)."""

    proc: str
    task: str = "T1"

    WORDS = ("exit",)
    EXPLORE = ("exit",)
    SCOPE = Scope.PROCESS_LAST
    TASKED = True

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        if args.task == "T1":
            args.end_process()
        else:
            args.end_thread()
        return cls(args.subject, args.task), 2

    def text(self) -> str:
        return f"{_subject(self.proc, self.task)}: exit"

    def apply(self, k: Kernel, era: Era) -> Applied:
        _task(k, self.proc, self.task)
        if self.task != "T1":
            # A thread's exit: the mm stays, held by the other tasks (mmput() of a count above one).
            rest = tuple(t for t in k.threads[self.proc] if t != self.task)
            if rest:
                k.threads[self.proc] = rest
            else:
                del k.threads[self.proc]
            return ok(), ""
        # exit_group(): the other tasks die first; a call in flight sees fatal_signal_pending() at its
        # retry: label and returns without a page, so it holds nothing to release.  A store stopped at reuse
        # is inside do_wp_page(): it finishes its fault (unlock_page() of a page it holds locked) before it
        # returns to user mode to die.
        for key in [key for key in k.inflight if key[0] == self.proc]:
            if k.inflight[key].page >= 0:
                unlock_page(k, k.inflight[key].page)
            del k.inflight[key]
        k.threads.pop(self.proc, None)
        exit_mmap(k, era, self.proc)
        for ref in [r for r in k.refs.values() if r.holder == self.proc]:
            del k.refs[ref.name]
            _release_ref(k, era, ref)
        del k.mms[self.proc], k.vmas[self.proc]
        k.names = {key: v for key, v in k.names.items() if key[0] != self.proc}
        return ok(), ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        run.exit(self.proc)
        return "ok", None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "exit" in at.spec.ops:
            yield cls(at.proc, at.task)


@dataclass(frozen=True)
class Truncate(Action):
    """ftruncate() of a file to ``pages`` pages: vmtruncate() (mm/truncate.py); live, ftruncate() of the memfd."""

    proc: str
    obj: str
    pages: int

    WORDS = ("truncate",)
    EXPLORE = ("truncate",)
    SCOPE = Scope.GLOBAL

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        source, obj, _ = args.source(2)
        if source is not Source.FILE:
            raise args.fail(
                2, f"truncate takes a file, got '{args.text(2)}'", "for example: truncate file:data pages=0"
            )
        if not (args.word(3, "pages=N") or "").startswith("pages="):
            raise args.fail(3, f"expected pages=N, got '{args.text(3)}'", "the new size in pages, for example pages=0")
        pages = args.integer(3, "a number of pages", skip=6, least=0, most=MAX_PAGES)
        return cls(args.subject, obj, pages), 4

    def text(self) -> str:
        return f"{self.proc}: truncate {self.obj} pages={self.pages}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        _proc(k, self.proc)
        vmtruncate(k, era, self.obj, self.pages)
        return ok(), ""

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        run.truncate(self.obj, self.pages)
        return "ok", None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        # The first live process shortens each file by one page: every truncation the bounds reach, in order.
        if "truncate" in at.spec.ops and at.k.mms:
            for obj in sorted(at.k.files):
                if not at.k.files[obj].shmem and at.k.files[obj].pages > 0:
                    yield cls(min(at.k.mms), obj, at.k.files[obj].pages - 1)


@dataclass(frozen=True)
class Poke(Action):
    """A write of ``value`` to page ``index`` of a mapping through /proc/PID/mem (or PTRACE_POKEDATA):
    access_process_vm() → get_user_pages(FOLL_FORCE|FOLL_WRITE) → the kernel's store (mm/ptrace.py)."""

    proc: str
    label: str
    index: int
    value: int
    task: str = "T1"
    until: str = ""

    WORDS = ("poke",)
    EXPLORE = ("poke",)
    SCOPE = Scope.PAGE
    TASKED = True

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        label, index = args.page(2)
        i, value = 3, 1000 + args.line  # a fresh value, as for write
        if args.text(3) == "=":
            args.word(4, "a value after '='")
            value, i = args.integer(4, "a value"), 5
        until, i = _until(args, i, "poke")
        return cls(args.subject, label, index, value, args.task, until), i

    def text(self) -> str:
        return (
            f"{_subject(self.proc, self.task)}: poke {self.label}[{self.index}] = {self.value}{_until_text(self.until)}"
        )

    def mmap_sem(self) -> Sem:
        return Sem.READ

    def apply(self, k: Kernel, era: Era) -> Applied:
        _task(k, self.proc, self.task)
        vpn = _page(k, self.proc, self.label, self.index)
        call = gup_begin(k, era, self.proc, vpn, True, force=True)
        fl = InFlight("poke", "retry", GupLocals(vpn, Foll()), self.label, self.index, value=self.value, write=True)
        if isinstance(call, GupLocals):
            fl = replace(fl, gup=call)
        return _drive(k, era, self.proc, self.task, fl, call, self.until)

    def live_problem(self, ctx: LiveCheck) -> str | None:
        if self.until or self.task != "T1":
            return STOPPED_NOT_LIVE
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        addr, _ = run.span(self.proc, self.label)
        return str(run.call(self.proc, "poke", addr + self.index * PAGE_SIZE, self.value)), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "poke" in at.spec.ops:
            yield cls(at.proc, at.label, at.index, 1, at.task, "retry" if at.spec.threads > 1 else "")


@dataclass(frozen=True)
class Resume(Action):
    """A task's call in flight continues from the point where it stopped: to its end, or (``until``) to
    the next arrival at that point."""

    proc: str
    task: str = "T1"
    until: str = ""

    WORDS = ("resume",)
    TASKED = True

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        until, i = "", 2
        if args.text(2) == "until":
            until = args.choice(3, "an interleaving point: " + ", ".join(POINTS), POINTS)
            i = 4
        args.resume_call(until)
        return cls(args.subject, args.task, until), i

    def text(self) -> str:
        return f"{_subject(self.proc, self.task)}: resume{_until_text(self.until)}"

    def mmap_sem(self) -> Sem:
        return Sem.READ  # already held since the call began

    def apply(self, k: Kernel, era: Era) -> Applied:
        fl = k.inflight.get((self.proc, self.task))
        if fl is None:
            raise NotApplicable(f"{_subject(self.proc, self.task)} has no call in flight to resume")
        if fl.caller == "write":
            if self.until:
                raise NotApplicable(f"a store stopped at reuse has no later point to stop at ('{self.text()}')")
            del k.inflight[(self.proc, self.task)]
            stopped = FaultStopped(fl.page, fl.page >= 0, fl.gup.faults)
            return user_store_finish(k, era, self.proc, fl.gup.vpn, fl.value, stopped), ""
        if self.until and self.until != fl.phase:
            raise NotApplicable(f"{_subject(self.proc, self.task)} stopped at {fl.phase}, not at {self.until}")
        if fl.phase == "grab":
            assert fl.pte is not None
            grabbed = gup_fast_grab(
                k, era, self.proc, fl.gup.vpn, fl.pte, fl.write, fl.gup.foll.pin, seq_changed=fl.seq_changed
            )
            return _fast_end(k, era, self.proc, self.task, fl, grabbed)
        if fl.fork is not None:
            got = dup_mmap_resume(k, era, self.proc, fl.fork, stop=bool(self.until))
            return _fork_drive(k, era, self.proc, self.task, got)
        return _drive(k, era, self.proc, self.task, fl, fl.gup, self.until)

    def live_problem(self, ctx: LiveCheck) -> str | None:
        return "a call stopped in flight has no live counterpart (a race cannot be forced on the live kernel)"


@dataclass(frozen=True)
class Thread(Action):
    """clone(CLONE_VM|CLONE_THREAD): a new task ``child`` of the process, sharing its mm (copy_mm() only
    takes a reference on the mm: no copy, no mmap_sem)."""

    proc: str
    child: str

    WORDS = ("thread",)
    EXPLORE = ("thread",)
    SCOPE = Scope.PROCESS_LAST

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        return cls(args.subject, args.new_thread(2)), 3

    def text(self) -> str:
        return f"{self.proc}: thread {self.child}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        _proc(k, self.proc)
        if self.child == "T1" or self.child in k.threads.get(self.proc, ()):
            raise NotApplicable(f"{self.proc} already has a task {self.child}")
        k.threads[self.proc] = tuple(sorted((*k.threads.get(self.proc, ()), self.child)))
        return ok(), ""

    def live_problem(self, ctx: LiveCheck) -> str | None:
        return "threads have no live counterpart yet (the agents are single-threaded)"

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        have = at.k.threads.get(at.proc, ())
        if "thread" in at.spec.ops and at.task == "T1" and 1 + len(have) < at.spec.threads:
            yield cls(at.proc, next(f"T{n}" for n in range(2, at.spec.threads + 2) if f"T{n}" not in have))


@dataclass(frozen=True)
class OnTask(Action):
    """An action run by a task other than the process's first (`P1/T2: madvise A dontneed`): the same
    system call on the shared mm, by another task."""

    proc: str
    task: str
    action: Action

    def text(self) -> str:
        return _subject(self.proc, self.task) + self.action.text().removeprefix(self.proc)

    def reads(self) -> bool:
        return self.action.reads()

    def mmap_sem(self) -> Sem:
        return self.action.mmap_sem()

    def apply(self, k: Kernel, era: Era) -> Applied:
        _task(k, self.proc, self.task)
        return self.action.apply(k, era)

    def live_problem(self, ctx: LiveCheck) -> str | None:
        return "threads have no live counterpart yet (the agents are single-threaded)"

    def quiet(self, k: Kernel) -> bool:
        return self.action.quiet(k)


def resume_of(k: Kernel, proc: str, task: str) -> Resume:
    """What the checker offers a task inside a call: to go on to the call's next stop where it can stop
    again (get_user_pages()' retry:, fork's next write-protect window), or to its end (a store stopped at
    reuse, a GUP-fast stopped at grab, a sleeper woken)."""
    phase = k.inflight[(proc, task)].phase
    return Resume(proc, task, phase if phase in AGAIN else "")


def task_of(action: Action) -> str:
    """The task that performs ``action`` (T1 unless it says another)."""
    task = getattr(action, "task", "T1")
    return task if isinstance(task, str) else "T1"


def waits(k: Kernel, action: Action) -> str | None:
    """Why ``action`` cannot run now, because of a call in flight (None: it can): the task itself is
    inside that call, or the action takes mmap_sem for write while another task of its process holds it
    for read in a call stopped in flight."""
    if not k.inflight:
        return None
    forks = {m: (t, fl.fork) for (m, t), fl in sorted(k.inflight.items()) if fl.fork is not None}
    inner = action.action if isinstance(action, OnTask) else action
    if forks and isinstance(inner, (Reclaim, Truncate, Revoke)):
        m, (t, _) = next(iter(forks.items()))
        return (
            f"'{action.text()}' takes page-table locks that {_subject(m, t)}'s fork holds in copy_page_range(); "
            f"resume it first"
        )
    proc = getattr(action, "proc", None)
    if not isinstance(proc, str):
        return None
    task = task_of(action)
    for m, (t, fork) in forks.items():
        if fork.child == proc:
            return f"{proc} does not run until its fork returns ({_subject(m, t)}: resume)"
    mine = k.inflight.get((proc, task))
    if mine is not None and not isinstance(action, Resume):
        return f"{_subject(proc, task)} is inside its {mine.caller} (stopped at {mine.phase}:); resume it first"
    if mine is not None and mine.phase == "mmap_lock":
        return f"{_subject(proc, task)} sleeps in mmap_read_lock() until {_forking(k, proc)}'s fork returns"
    # A call resumed takes no new lock: what it holds it took before the fork began (a sleeper is above).
    if proc in forks and forks[proc][0] != task and action.mmap_sem() is not Sem.NONE and mine is None:
        sem = "read" if action.mmap_sem() is Sem.READ else "write"
        return (
            f"'{action.text()}' takes {proc}'s mmap_lock for {sem}, which {_subject(proc, forks[proc][0])}'s fork "
            f"holds for write until it resumes to its end"
        )
    if action.mmap_sem() is Sem.WRITE:
        for (m, t), fl in sorted(k.inflight.items()):
            if m == proc and t != task and fl.phase in READ_LOCKED:
                return (
                    f"'{action.text()}' takes {proc}'s mmap_sem for write, which {_subject(m, t)}'s {fl.caller} "
                    f"holds for read until it resumes to its end"
                )
    return None


# -- references held outside the page tables -------------------------------------------------------------
# The model keeps references by name: any process may read or drop one (a pipe's reader need not be its
# writer), so the live side routes them to the agent that holds the pipe or ring (LiveOps.holder).


@dataclass(frozen=True)
class ReadRef(Action):
    """Read the page a held reference names (read() of the pipe that a vmsplice() filled)."""

    proc: str
    ref: str

    WORDS = ("readref",)

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        return cls(args.subject, args.ref(2)), 3

    def reads(self) -> bool:
        return True

    def text(self) -> str:
        return f"{self.proc}: readref {self.ref}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        return ok(k.read_frame(_ref(k, self.ref).pfn)), ""

    def live_problem(self, ctx: LiveCheck) -> str | None:
        if ctx.pinned.get(self.ref):
            return (
                "reading a pinned reference has no live counterpart (an io_uring registered buffer is read only by I/O)"
            )
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        name, value = run.call(run.holder(self.ref, self.proc), "readref", self.ref)
        return name, value


@dataclass(frozen=True)
class PutRef(Action):
    """Drop a held reference: put_page() for FOLL_GET, unpin_user_page() for FOLL_PIN."""

    proc: str
    ref: str

    WORDS = ("putref",)
    EXPLORE = ("putref",)
    SCOPE = Scope.REF

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        return cls(args.subject, args.ref(2)), 3

    def text(self) -> str:
        return f"{self.proc}: putref {self.ref}"

    def apply(self, k: Kernel, era: Era) -> Applied:
        ref = _ref(k, self.ref)
        del k.refs[self.ref]
        _release_ref(k, era, ref)
        return ok(), ""

    def live_problem(self, ctx: LiveCheck) -> str | None:
        ctx.pinned.pop(self.ref, None)
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        return str(run.call(run.holder(self.ref, self.proc, release=True), "putref", self.ref)), None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "putref" in at.spec.ops:
            yield cls(at.k.refs[at.ref].holder, at.ref)


# -- driver events and the VM ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Revoke(Action):
    """The driver revokes its mappings: unmap_mapping_range(even_cows=1), as spufs at a context switch."""

    device: str

    WORDS = ("revoke",)
    SUBJECT = "device"
    EXPLORE = ("revoke",)
    SCOPE = Scope.DEVICE

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        return cls(f"dev:{args.subject}"), 2

    def text(self) -> str:
        return f"{self.device.removeprefix('dev:')}: revoke"

    def apply(self, k: Kernel, era: Era) -> Applied:
        device_revoke(k, era, k.devices[self.device])
        return ok(), ""

    def live_problem(self, ctx: LiveCheck) -> str | None:
        return "driver events (revoke, release) have no live counterpart"

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "revoke" in at.spec.ops:
            yield cls(at.device)


@dataclass(frozen=True)
class Release(Action):
    """The driver's ->release: it drops the references to its own pages."""

    device: str

    WORDS = ("release",)
    SUBJECT = "device"
    EXPLORE = ("release",)
    SCOPE = Scope.DEVICE

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        args.released.add(f"dev:{args.subject}")
        return cls(f"dev:{args.subject}"), 2

    def text(self) -> str:
        return f"{self.device.removeprefix('dev:')}: release"

    def apply(self, k: Kernel, era: Era) -> Applied:
        dev = k.devices[self.device]
        if dev.released:
            raise NotApplicable(f"device {self.device.removeprefix('dev:')} was already released")
        device_release(k, dev)
        return ok(), ""

    def live_problem(self, ctx: LiveCheck) -> str | None:
        return "driver events (revoke, release) have no live counterpart"

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        # The driver's release runs when the last reference to its file goes: after the last VMA.
        if "release" in at.spec.ops and not at.k.devices[at.device].released and not at.k.i_mmap.get(at.device):
            yield cls(at.device)


@dataclass(frozen=True)
class Reclaim(Action):
    """Memory pressure: try_to_free_pages() until a pass changes nothing (mm/vmscan.py reclaim()).

    Live, the only deterministic reclaim is MADV_PAGEOUT, so the live backend pages out every private
    anonymous mapping of every process, and refuses (model-only) a reclaim that would also reach pages
    MADV_PAGEOUT leaves alone: file, shared or device mappings, and pages mapped by several processes
    (docs/oracle.md)."""

    WORDS = ("reclaim",)
    SUBJECT = ""
    EXPLORE = ("reclaim",)
    SCOPE = Scope.GLOBAL

    @classmethod
    def parse(cls, args: Args, word: str) -> tuple[Action, int]:
        if (tok := args.text(1)) is not None and tok != "->":
            raise args.fail(1, f"unexpected '{tok[:60]}' after reclaim", "reclaim takes no arguments")
        return cls(), 1

    def text(self) -> str:
        return "reclaim"

    def apply(self, k: Kernel, era: Era) -> Applied:
        passes = reclaim(k, era)
        return ok(), f"{passes} reclaim passes changed the state"

    def live_problem(self, ctx: LiveCheck) -> str | None:
        if ctx.setup.swap_pages is None:
            return "reclaim without a swap device (the live reclaim is MADV_PAGEOUT, which needs swap)"
        if not ctx.allow_swap:
            return "reclaim needs a swapfile, which only --allow-swap (or MMSPEC_ALLOW_SWAP=1) lets the oracle create"
        return None

    def live(self, run: LiveOps) -> tuple[str, int | None]:
        run.reclaim()
        return "ok", None

    @classmethod
    def explore(cls, at: Where) -> Iterator[Action]:
        if "reclaim" in at.spec.ops:
            yield cls()


# The table, in the order the checker offers actions within a scope.
ACTIONS: tuple[type[Action], ...] = (
    Mmap,
    Access,
    Gup,
    Munmap,
    Mprotect,
    Madvise,
    Mlock,
    Fork,
    Exit,
    Poke,
    Resume,
    Thread,
    Truncate,
    ReadRef,
    PutRef,
    Revoke,
    Release,
    Reclaim,
)

# Scenario words: a process's operations, a device's events, and the statements that stand alone.
WORDS: dict[str, type[Action]] = {w: cls for cls in ACTIONS for w in cls.WORDS}
PROC_OPS = tuple(w for cls in ACTIONS if cls.SUBJECT == "process" for w in cls.WORDS)
DEVICE_OPS = tuple(w for cls in ACTIONS if cls.SUBJECT == "device" for w in cls.WORDS)
STATEMENTS = tuple(w for cls in ACTIONS if cls.SUBJECT == "" for w in cls.WORDS)
EXPLORE_OPS = tuple(op for cls in ACTIONS for op in cls.EXPLORE)


def by_scope(scope: Scope) -> tuple[type[Action], ...]:
    return tuple(cls for cls in ACTIONS if cls.SCOPE is scope and cls.EXPLORE)


fast_records(__name__)
