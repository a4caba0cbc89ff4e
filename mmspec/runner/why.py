"""Why: what a run's reference ledger (mmspec/mm/ledger.py) says about each page, and the call chain of
each violation.

A page's story pairs each get with a put and each rmap add with an rmap remove, and explains each one left
unpaired by the skips that came after it (vm_normal_page() = NULL in zap_pte_range(): "no put").  The
kernel's counts are plain integers, so which put releases which get is a reading, not a fact; the
reading here pairs an entry with the earliest open one of the same PTE (``owner``) and otherwise with the
earliest open one, which makes every PTE's fault meet its own unmap whenever the chain names the PTE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from mmspec.mm.ledger import EntryKind, Ledger, LedgerEntry
from mmspec.model.invariants import Violation

_OPENS = {EntryKind.GET: EntryKind.PUT, EntryKind.MAP: EntryKind.UNMAP}
_CLOSES = {v: k for k, v in _OPENS.items()}
_PFN = re.compile(r"^(0x[0-9a-f]+)")


@dataclass(frozen=True)
class Pair:
    """A get and the put that released ``amount`` units of it (or an rmap add and its remove), as positions
    in the page's entries."""

    opened: int
    closed: int
    amount: int


@dataclass(frozen=True)
class Unpaired:
    """An entry (a position in the page's entries) with ``amount`` units never given back, and the skips
    that explain it: the paths that should have released it and did not."""

    entry: int
    amount: int
    skipped_by: tuple[int, ...]


@dataclass
class PageStory:
    """One page's ledger: its entries in order, the pairs, and what stayed open."""

    pfn: int
    name: str  # spu[0], or the pfn
    baseline: tuple[int, int] | None  # (count, mapcount) at boot; None for a page allocated during the run
    entries: list[LedgerEntry] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    unpaired: list[Unpaired] = field(default_factory=list)

    def unpaired_text(self, u: Unpaired) -> str:
        """``unpaired: do_no_page get at step 2 (line 9) for P1 A[0]: never put — zap_pte_range skipped it
        at step 6 (line 13) for P1 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, ...``"""
        e = self.entries[u.entry]
        what, undo = ("get", "put") if e.kind is EntryKind.GET else ("rmap add", "removed")
        amount = f" ({u.amount} of {e.delta})" if u.amount != e.delta else ""
        maker = _maker(e).split(":")[0]
        head = f"{maker} {what} ({e.function}) at step {e.step} (line {e.line}){_for(e)}{amount}: never {undo}"
        if not u.skipped_by:
            return head + " by the end of the run"
        why = "; ".join(
            f"{k.function} skipped it at step {k.step} (line {k.line}){_for(k)}: {k.note}"
            for k in (self.entries[m] for m in u.skipped_by)
        )
        return f"{head} — {why}"

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.name,
            "pfn": self.pfn,
            "boot": None if self.baseline is None else {"count": self.baseline[0], "mapcount": self.baseline[1]},
            "entries": [e.to_json() for e in self.entries],
            "pairs": [{"opened": p.opened, "closed": p.closed, "amount": p.amount} for p in self.pairs],
            "unpaired": [
                {"entry": u.entry, "amount": u.amount, "skipped_by": list(u.skipped_by), "text": self.unpaired_text(u)}
                for u in self.unpaired
            ],
        }


# The functions that only carry a reference: an entry is told by the path above them.
_CARRIERS = frozenset(
    {"get_page", "put_page", "put_page_testzero", "release_pages", "free_pages_and_swap_cache", "alloc_page"}
)


def _maker(e: LedgerEntry) -> str:
    """The path that made an entry, as the account names it: the nearest function above the reference
    carriers and the fault hook (``do_no_page`` for the get its ->nopage took, ``tlb_finish_mmu`` for a
    gathered put), with the rmap function for an rmap add or remove (``do_no_page: page_add_file_rmap``)."""
    above = [n for n in e.chain[1:-1] if n not in _CARRIERS and not n.startswith("->")]
    if e.kind in (EntryKind.MAP, EntryKind.UNMAP):
        return f"{above[-1]}: {e.function}" if above else e.function
    if e.function in _CARRIERS or e.function.startswith("->"):
        return above[-1] if above else e.function
    return e.function


def headline(e: LedgerEntry) -> str:
    """One entry as the issue spells it: ``do_no_page: get (->nopage's reference)``,
    ``do_no_page: page_add_file_rmap``, ``zap_pte_range: vm_normal_page() = NULL (VM_RESERVED): no put, ...``."""
    if e.kind is EntryKind.SKIP:
        return f"{e.function}: {e.note}"
    if e.kind in (EntryKind.MAP, EntryKind.UNMAP):
        text = _maker(e)
    else:
        text = f"{_maker(e)}: {e.kind}"
        if e.kind is EntryKind.GET and len(e.chain) > 1 and e.chain[-2].startswith("->"):
            text += f" ({e.chain[-2]}'s reference)"  # the fault hook took it for its caller
        elif "tlb_finish_mmu" in e.chain:
            text += " (the mmu_gather's reference)"
    return text + (f" ({e.note})" if e.note else "")


def _for(e: LedgerEntry) -> str:
    return f" for {e.owner}" if e.owner else ""


def story(ledger: Ledger, pfn: int, name: str = "") -> PageStory:
    """The ledger of ``pfn``, paired."""
    s = PageStory(pfn, name or f"{pfn:#x}", ledger.baseline.get(pfn), ledger.of(pfn))
    open_: dict[EntryKind, list[list[int]]] = {EntryKind.GET: [], EntryKind.MAP: []}  # [position, units left]
    skips: list[int] = []
    for n, e in enumerate(s.entries):
        if e.kind in _OPENS:
            open_[e.kind].append([n, e.delta])
        elif e.kind in _CLOSES:
            units = -e.delta
            live = [o for o in open_[_CLOSES[e.kind]] if o[1] > 0]
            while units > 0 and live:  # what is left releases references the run found at boot
                o = next((o for o in live if e.owner and s.entries[o[0]].owner == e.owner), live[0])
                take = min(units, o[1])
                o[1] -= take
                units -= take
                s.pairs.append(Pair(o[0], n, take))
                live = [o for o in live if o[1] > 0]
        elif e.kind is EntryKind.SKIP:
            skips.append(n)
    for kind in (EntryKind.GET, EntryKind.MAP):
        undo, used = _OPENS[kind], set()
        for n, left in open_[kind]:
            if left <= 0:
                continue
            owner = s.entries[n].owner
            later = [m for m in skips if m > n and m not in used and undo in s.entries[m].instead]
            same = [m for m in later if owner and s.entries[m].owner == owner]
            loose = [m for m in later if not owner or not s.entries[m].owner]
            chosen = (same or loose)[:1]
            used.update(chosen)
            s.unpaired.append(Unpaired(n, left, tuple(chosen)))
    s.unpaired.sort(key=lambda u: u.entry)
    s.pairs.sort(key=lambda p: (p.opened, p.closed))
    return s


def violation_pfn(v: Violation) -> int | None:
    """The page a violation is about, when its object is one (``0x1000``, ``0x1000#2``)."""
    m = _PFN.match(v.key)
    return int(m.group(1), 16) if m else None


def violation_chain(v: Violation, ledger: Ledger) -> tuple[str, ...]:
    """The call chain that led to ``v``: the chain of the last ledger entry of its page in its step (of its
    page up to its step, for a state found wrong later; of its process, for an mm's counters), else of the
    step's last entry, else the step's system call alone."""
    pfn = violation_pfn(v)
    upto = [e for e in ledger.entries if e.step <= v.step]
    here = [e for e in upto if e.step == v.step]
    if pfn is not None:
        mine = [e for e in here if e.pfn == pfn] or [e for e in upto if e.pfn == pfn]
    else:
        mm = v.key.split("#")[0]
        mine = [e for e in here if e.owner.startswith(mm + " ")]
    found = mine or here
    if found:
        return found[-1].chain
    word = ledger.steps[v.step - 1][1] if 0 < v.step <= len(ledger.steps) else ""
    return (word,) if word else ()


def with_chains(violations: list[Violation], ledger: Ledger) -> list[Violation]:
    return [replace(v, chain=violation_chain(v, ledger)) for v in violations]
