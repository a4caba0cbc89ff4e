"""Explicit outcomes of a step: a value, an errno, a signal, or a kernel BUG.  Never a bare None."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from mmspec.errors import MmspecError
from mmspec.mm.mm_types import fast_records


class Kind(Enum):
    OK = "ok"
    ERRNO = "errno"
    SIGNAL = "signal"
    BUG = "bug"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a syscall, access or driver event returned to its caller.

    ``name`` is what a scenario writes after ``->``: ``ok``, an errno (``EINVAL``), a signal
    (``SIGBUS``) or ``BUG``.  ``value`` is the datum a read returned.
    """

    kind: Kind
    name: str
    value: int | None = None
    detail: str = ""

    @property
    def is_ok(self) -> bool:
        return self.kind is Kind.OK

    def __str__(self) -> str:
        if self.kind is Kind.OK and self.value is not None:
            return f"ok ({self.value})"
        return self.name + (f": {self.detail}" if self.detail and self.kind is Kind.BUG else "")


OK = Outcome(Kind.OK, "ok")


def ok(value: int | None = None) -> Outcome:
    return OK if value is None else Outcome(Kind.OK, "ok", value)


def errno(name: str, detail: str = "") -> Outcome:
    return Outcome(Kind.ERRNO, name, detail=detail)


def signal(name: str, detail: str = "") -> Outcome:
    return Outcome(Kind.SIGNAL, name, detail=detail)


OUTCOME_NAMES = (
    "ok",
    "SIGSEGV",
    "SIGBUS",
    "EINVAL",
    "EFAULT",
    "ENOMEM",
    "EBUSY",
    "EPERM",
    "EACCES",
    "ENODEV",
    "EAGAIN",
    "EIO",
    "BUG",
    "LIVELOCK",
)


class KernelBug(MmspecError):
    """Raised inside the model where the kernel executes BUG()/BUG_ON(): the step ends in an oops
    (model.step turns it into the outcome ``BUG``)."""

    def __init__(self, invariant: str, message: str, pfn: int = -1) -> None:
        super().__init__(message)
        self.invariant = invariant
        self.message = message
        self.pfn = pfn


class VmFault(Enum):
    """VM_FAULT_* codes of 2.6.19 (include/linux/mm.h)."""

    OOM = "VM_FAULT_OOM"
    SIGBUS = "VM_FAULT_SIGBUS"
    MINOR = "VM_FAULT_MINOR"
    MAJOR = "VM_FAULT_MAJOR"
    # Model-only: the write fault's anon reuse in do_wp_page() reached the interleaving point after
    # wp_page_reuse() dropped the page-table lock, where its caller asked to stop (the kernel goes on to
    # return VM_FAULT_WRITE; docs/model.md, "Interleaving points").
    REUSED = "reused"


fast_records(__name__)
