"""Actions: plain data for what a process, a driver or the VM does in one step."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.mm.mm_types import VM, Source

# The madvise() advice a scenario may give (docs/format.md); the oracle maps each to its MADV_* number.
ADVICE = ("dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork", "pageout")

# A mapping's protection as scenarios spell it (docs/format.md).
PROTS = {"r": VM.VM_READ, "rw": VM.VM_READ | VM.VM_WRITE, "none": VM(0)}


def prot_text(prot: VM) -> str:
    """The scenario word for a protection (the inverse of PROTS)."""
    return "rw" if prot & VM.VM_WRITE else "r" if prot & VM.VM_READ else "none"


@dataclass(frozen=True)
class Mmap:
    proc: str
    label: str
    source: Source
    obj: str
    pages: int
    shared: bool
    prot: VM
    offset: int = 0


@dataclass(frozen=True)
class Access:
    """A load (``write`` False) or store of ``value`` by the process to page ``index`` of a mapping."""

    proc: str
    label: str
    index: int
    write: bool
    value: int = 0


@dataclass(frozen=True)
class Fork:
    proc: str
    child: str


@dataclass(frozen=True)
class Munmap:
    proc: str
    label: str


@dataclass(frozen=True)
class Mprotect:
    proc: str
    label: str
    prot: VM


@dataclass(frozen=True)
class Madvise:
    proc: str
    label: str
    advice: str  # one of ADVICE


@dataclass(frozen=True)
class Mlock:
    proc: str
    label: str
    lock: bool


@dataclass(frozen=True)
class Exit:
    proc: str


@dataclass(frozen=True)
class Gup:
    """get_user_pages() of one page, holding the reference under the name ``ref``."""

    proc: str
    label: str
    index: int
    write: bool
    ref: str
    pin: bool = False
    longterm: bool = False


@dataclass(frozen=True)
class ReadRef:
    proc: str
    ref: str


@dataclass(frozen=True)
class PutRef:
    proc: str
    ref: str


@dataclass(frozen=True)
class Revoke:
    device: str


@dataclass(frozen=True)
class Release:
    device: str


@dataclass(frozen=True)
class Reclaim:
    pass


def mmap_action(proc: str, label: str, src: str, pages: int, shared: bool, prot: str) -> Mmap:
    """The Mmap of a scenario SOURCE word (`anon`, `zero`, `file:F`, `dev:D`) and protection word."""
    kind, _, name = src.partition(":")
    return Mmap(proc, label, Source(kind), f"{kind}:{name}" if name else "", pages, shared, PROTS[prot])


Action = Mmap | Access | Fork | Munmap | Mprotect | Madvise | Mlock | Exit | Gup | ReadRef | PutRef | Revoke | Release | Reclaim
