"""Actions: plain data for what a process, a driver or the VM does in one step."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.mm.mm_types import VM, Source


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
    advice: str  # dontneed | dontfork | dofork | wipeonfork | keeponfork


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


Action = Mmap | Access | Fork | Munmap | Mprotect | Madvise | Mlock | Exit | Gup | ReadRef | PutRef | Revoke | Release | Reclaim
