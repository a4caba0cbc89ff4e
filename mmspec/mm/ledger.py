"""The reference ledger: every change to a struct page's ``_count`` and ``_mapcount``, and the non-events
that explain a leak (vm_normal_page() = NULL in zap_pte_range() or copy_one_pte(): no put, no get), each
with the kernel function that made it and the chain of kernel functions that led there.

Recorded only when a run asks for it: a :class:`Ledger` rides on ``Kernel.ledger`` (shared by clone(), out
of every fingerprint), and the few model functions that change a count (get_page(), put_page_testzero(),
the page_*_rmap() functions, alloc_page(), bad_page(), the pin bias of get_user_pages()) call
:func:`count_changed` or :func:`mapcount_changed` only when it is set: the checker, which never sets it,
pays one attribute test per call.

The call chain costs nothing while nothing records: the model functions that appear in it are declared once,
at import, with :func:`kernel_function` (which returns the function itself, no wrapper); only a recording
walks the Python frames (``sys._getframe``, not inspect.stack(), which reads source files) and keeps the
declared ones, outermost first.  A declaration may name the parameters that say which PTE the function
works on (``pte=("mm", "vpn")``); the innermost such frame gives the entry's ``owner``, e.g. ``P1 A[0]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from mmspec.mm.mm_types import Kernel

F = TypeVar("F", bound=Callable[..., Any])


class EntryKind(StrEnum):
    """What a ledger entry records."""

    GET = "get"  # _count went up
    PUT = "put"  # _count went down
    MAP = "map"  # _mapcount went up (an rmap add)
    UNMAP = "unmap"  # _mapcount went down (an rmap remove)
    SKIP = "skip"  # a path that accounts for a page did not: vm_normal_page() returned NULL


# The driver's or filesystem's fault hook, named after the vm_operations field its caller called.
HANDLER = "<handler>"
_HANDLER_FIELD = {"do_no_page": "->nopage", "__do_fault": "->fault", "do_no_pfn": "->nopfn"}


@dataclass(frozen=True, slots=True)
class Traced:
    """A model function declared for the call chain: the kernel name it models and, optionally, the names
    of its parameters (or locals) that hold the mm and the page number of the PTE it works on."""

    name: str
    pte: tuple[str, str] | None = None


_TRACED: dict[CodeType, Traced] = {}


def kernel_function(name: str | None = None, pte: tuple[str, str] | None = None) -> Callable[[F], F]:
    """Declare a model function for the ledger's call chain, under the kernel's name for it (default: the
    Python name, which the project keeps equal to the kernel's).  Returns the function unchanged."""

    def declare(fn: F) -> F:
        _TRACED[fn.__code__] = Traced(name or fn.__name__, pte)
        return fn

    return declare


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One change of a page's count or mapcount, or one skip.

    ``delta`` is the change of ``_count`` (get, put) or of page_mapcount() (map, unmap), 0 for a skip;
    ``before`` and ``after`` the field's values.  ``function`` is the kernel function that made the change
    (the innermost of ``chain``); ``chain`` starts with the step's system call or event (``write``,
    ``fork``, ``exit``, ``revoke``, ...).  ``owner`` is the PTE the change is for (``P1 A[0]``), empty when
    it is not for a PTE or the chain does not say.  ``instead`` lists, for a skip, what did not happen.
    """

    step: int
    line: int
    pfn: int
    kind: EntryKind
    delta: int
    before: int
    after: int
    function: str
    chain: tuple[str, ...]
    owner: str = ""
    note: str = ""
    instead: tuple[EntryKind, ...] = ()

    @property
    def field(self) -> str:
        return "mapcount" if self.kind in (EntryKind.MAP, EntryKind.UNMAP) else "count"

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "line": self.line,
            "pfn": self.pfn,
            "kind": str(self.kind),
            "field": None if self.kind is EntryKind.SKIP else self.field,
            "delta": self.delta,
            "before": self.before,
            "after": self.after,
            "function": self.function,
            "chain": list(self.chain),
            "owner": self.owner,
            "note": self.note,
            "instead": [str(i) for i in self.instead],
        }


@dataclass
class Ledger:
    """The ledger of one run.  ``steps`` gives, per step (from 1), its line and the word that starts its
    chain; the run calls :meth:`next_step` before each step and :meth:`boot` on the initial state."""

    steps: Sequence[tuple[int, str]] = ()
    entries: list[LedgerEntry] = field(default_factory=list)
    baseline: dict[int, tuple[int, int]] = field(default_factory=dict)  # pfn -> (count, mapcount) at boot
    step: int = 0
    # The PTEs zap_pte_range() unmapped in this step, per pfn, whose references the mmu_gather still holds:
    # tlb_finish_mmu() puts them in that order, so each put is for the PTE whose unmap gathered it.
    gathered: dict[int, list[str]] = field(default_factory=dict)

    def boot(self, k: Kernel) -> None:
        """Take the initial state's counts as the baseline and attach the ledger to it."""
        self.baseline = {pfn: (p.count, p.mapcount) for pfn, p in sorted(k.pages.items())}
        k.ledger = self

    def next_step(self) -> None:
        self.step += 1
        self.gathered = {}

    def _where(self) -> tuple[int, str]:
        return self.steps[self.step - 1] if 0 < self.step <= len(self.steps) else (0, "")

    def add(
        self,
        k: Kernel,
        pfn: int,
        kind: EntryKind,
        before: int,
        after: int,
        note: str = "",
        instead: tuple[EntryKind, ...] = (),
    ) -> None:
        line, word = self._where()
        chain, owner = _chain(k, sys._getframe(2))
        chain = ((word,) if word else ()) + chain
        if kind is EntryKind.UNMAP and owner and "zap_pte_range" in chain:
            self.gathered.setdefault(pfn, []).append(owner)
        elif kind is EntryKind.PUT and not owner and "tlb_finish_mmu" in chain and self.gathered.get(pfn):
            owner = self.gathered[pfn].pop(0)
        self.entries.append(
            LedgerEntry(
                self.step,
                line,
                pfn,
                kind,
                after - before,
                before,
                after,
                chain[-1] if chain else "",
                chain,
                owner,
                note,
                instead,
            )
        )

    def of(self, pfn: int) -> list[LedgerEntry]:
        return [e for e in self.entries if e.pfn == pfn]


def _chain(k: Kernel, frame: FrameType | None) -> tuple[tuple[str, ...], str]:
    """The declared kernel functions on the Python stack from ``frame`` out, outermost first, and the PTE
    the innermost one that names a PTE works on."""
    names: list[str] = []
    owner = ""
    while frame is not None:
        t = _TRACED.get(frame.f_code)
        if t is not None:
            names.append(t.name)
            if t.pte is not None and not owner:
                local = frame.f_locals
                mm, vpn = local.get(t.pte[0]), local.get(t.pte[1])
                if isinstance(mm, str) and isinstance(vpn, int):
                    owner = pte_name(k, mm, vpn)
        frame = frame.f_back
    names.reverse()
    for i, name in enumerate(names):
        if name == HANDLER:
            names[i] = _HANDLER_FIELD.get(names[i - 1], "->fault") if i else "->fault"
    return tuple(names), owner


def pte_name(k: Kernel, mm: str, vpn: int) -> str:
    """A PTE as the scenario names it: ``P1 A[0]`` (the mapping the process calls it by), else the page number."""
    for (proc, label), (start, pages) in sorted(k.names.items()):
        if proc == mm and start <= vpn < start + pages:
            return f"{mm} {label}[{vpn - start}]"
    return f"{mm} page {vpn:#x}"


def count_changed(k: Kernel, pfn: int, before: int, after: int, note: str = "") -> None:
    """Record a change of ``pfn``'s ``_count`` (the caller tests ``k.ledger`` first)."""
    assert k.ledger is not None
    if after != before:
        k.ledger.add(k, pfn, EntryKind.GET if after > before else EntryKind.PUT, before, after, note)


def mapcount_changed(k: Kernel, pfn: int, before: int, after: int, note: str = "") -> None:
    """Record a change of ``pfn``'s page_mapcount() (the caller tests ``k.ledger`` first)."""
    assert k.ledger is not None
    if after != before:
        k.ledger.add(k, pfn, EntryKind.MAP if after > before else EntryKind.UNMAP, before, after, note)


def skipped(k: Kernel, pfn: int, note: str, instead: tuple[EntryKind, ...]) -> None:
    """Record a non-event: a path that accounts for ``pfn`` did not (the caller tests ``k.ledger`` first)."""
    assert k.ledger is not None
    page = k.pages.get(pfn)
    count = page.count if page is not None else 0
    k.ledger.add(k, pfn, EntryKind.SKIP, count, count, note, instead)
