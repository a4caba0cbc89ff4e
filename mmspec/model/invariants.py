"""The invariant catalog: named facts checked after every step.

Each invariant either mirrors a check the kernel itself makes (bad_page(), the page_remove_rmap() BUG,
print_bad_pte()) or states the accounting rule (docs/invariants.md, "The accounting rule") that the kernel relies on but
never checks.  A violation names its id, the objects involved and what disagreed, like validate_mm().
docs/invariants.md documents each id with a scenario that produces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import AnonExclusive, Era, PinZeroPage, ZeroPage
from mmspec.mm.memory import GUP_PIN_COUNTING_BIAS, ZERO_PFN, vm_normal_page
from mmspec.mm.mm_types import (
    PG,
    VM,
    AnonMapping,
    DeviceMemory,
    FrameKind,
    Kernel,
    KLog,
    KLogKind,
)
from mmspec.mm.outcome import KernelBug


@dataclass(frozen=True)
class InvariantDef:
    id: str
    summary: str
    kernel_check: str


CODES = {
    "mapcount-mismatch": "MM",
    "rss-mismatch": "RS",
    "refcount-underflow": "RU",
    "mapcount-underflow": "MU",
    "bad-page-state": "BP",
    "freed-while-mapped": "FM",
    "refcount-leak": "LK",
    "special-page-reclaimed": "SR",
    "swap-count-mismatch": "SW",
    "dangling-anon-vma": "AV",
    "cow-broken": "CB",
    "kernel-bug": "KB",
    "pin-incoherent": "PI",
    "anon-exclusive-broken": "AX",
    "zero-page-counted": "ZP",
    "livelock": "LL",
}


INVARIANTS: tuple[InvariantDef, ...] = (
    InvariantDef(
        "mapcount-mismatch",
        "a page's mapcount differs from the PTEs for which vm_normal_page() returns it",
        "none in the kernel; the rmap accounting rule (docs/invariants.md)",
    ),
    InvariantDef(
        "rss-mismatch",
        "an mm's file_rss/anon_rss differ from its PTEs that vm_normal_page() accounts",
        "none (check_mm() warns about this only from v4.x)",
    ),
    InvariantDef(
        "refcount-underflow",
        "put_page() on a page whose count is already 0",
        "VM_BUG_ON(page_count(page) == 0) in put_page_testzero(), CONFIG_DEBUG_VM only",
    ),
    InvariantDef(
        "mapcount-underflow",
        "page_remove_rmap() takes a mapcount below zero",
        '"Eeek! page_mapcount(page) went negative!" + BUG() in page_remove_rmap()',
    ),
    InvariantDef(
        "bad-page-state",
        "the free path finds a page mapped, with a mapping, a count or a bad flag",
        "free_pages_check() → bad_page() in mm/page_alloc.c",
    ),
    InvariantDef(
        "freed-while-mapped",
        "a freed page is still mapped by a PTE or held by a reference, a cache or its driver",
        "none: a use-after-free",
    ),
    InvariantDef(
        "refcount-leak",
        "once every process exited and every device is released, a page is held by nobody",
        "none: memory that can never be freed",
    ),
    InvariantDef(
        "special-page-reclaimed",
        "a driver-owned page reaches the LRU or the swap cache, or reclaim unmaps it or a PTE vm_normal_page() calls special",
        "none: reclaim only scans the LRU, which must never hold driver pages",
    ),
    InvariantDef(
        "swap-count-mismatch",
        "swap_map differs from the swap PTEs plus the swap cache's reference",
        "none (swapoff would find the difference)",
    ),
    InvariantDef(
        "dangling-anon-vma",
        "a mapped anon page's anon_vma was freed, or an rmap walk follows a freed anon_vma",
        "none: a use-after-free of the anon_vma (SLAB_DESTROY_BY_RCU)",
    ),
    InvariantDef(
        "cow-broken",
        "a store to a private anon page reaches another process's mapping or reference, or a store hits ZERO_PAGE",
        "none: the COW contract (CVE-2020-29374 is one instance)",
    ),
    InvariantDef(
        "kernel-bug", "a BUG()/BUG_ON() on these paths, with its message", "BUG_ON() in mm/memory.c, mm/rmap.c"
    ),
    InvariantDef(
        "pin-incoherent",
        "a COW moves the holder of a write pin (or GUP reference) off the page it pinned at that address",
        "none: the GUP-after-COW coherency problem that 5.9 (fork copies pinned pages) and 5.19 "
        "(PageAnonExclusive) fixed",
    ),
    InvariantDef(
        "anon-exclusive-broken",
        "5.19+: an anon page mapped writable or pinned that is not AnonExclusive, or an exclusive page mapped twice",
        "VM_BUG_ON_PAGE()/VM_WARN_ON in page_try_dup_anon_rmap(), folio_add_anon_rmap_ptes() and GUP's "
        "sanity checks (CONFIG_DEBUG_VM)",
    ),
    InvariantDef(
        "zero-page-counted",
        "eras with a special zero page (2.6.32+): the zero page's mapcount, or its count beyond GUP references, changes",
        "WARN_ON_ONCE(is_zero_pfn(pfn)) in vm_normal_page() (6.x)",
    ),
    InvariantDef(
        "livelock",
        "get_user_pages() or a user access faults forever: the fault never gives what the retry needs",
        "none: the task spins in the get_user_pages() loop (or re-executes the faulting access)",
    ),
)
INVARIANT_IDS = tuple(i.id for i in INVARIANTS)


@dataclass(frozen=True)
class Violation:
    """One broken invariant, found after step ``step`` (0 = the initial state).  ``chain`` is the call chain
    that led to it, from the step's system call down to the kernel function that broke it, when the run kept
    a reference ledger (mmspec/runner/why.py); empty otherwise."""

    id: str
    key: str
    message: str
    step: int = 0
    line: int = 0
    chain: tuple[str, ...] = ()


def _accounted(k: Kernel, era: Era) -> tuple[dict[int, int], dict[str, tuple[int, int]]]:
    """Per page, the PTEs for which vm_normal_page() returns it; per mm, (file, anon) such PTEs."""
    per_page: dict[int, int] = {}
    per_mm: dict[str, tuple[int, int]] = {}
    for mm in k.live_mms():
        file = anon = 0
        for vma in k.vmas[mm]:
            for vpn, pte in k.ptes_of(mm, vma):
                if not pte.present:
                    continue
                pfn = vm_normal_page(k, era, vma, vpn, pte, report=False)
                if pfn is None:
                    continue
                per_page[pfn] = per_page.get(pfn, 0) + 1
                if k.page(pfn).anon:
                    anon += 1
                else:
                    file += 1
        per_mm[mm] = (file, anon)
    return per_page, per_mm


def _driver_owned(k: Kernel) -> dict[int, str]:
    owned = {}
    for dev in k.devices.values():
        if (dev.memory is DeviceMemory.RAM and not dev.released) or dev.memory is DeviceMemory.RESERVED:
            owned.update({pfn: dev.name for pfn in dev.frames})
    return owned


def quiescent(k: Kernel) -> bool:
    """Every process has exited and every device is released."""
    return not k.mms and all(d.released for d in k.devices.values())


def _page_cache_holders(k: Kernel) -> dict[int, int]:
    held: dict[int, int] = {}
    for space in k.files.values():
        for _, pfn in space.cache:
            held[pfn] = held.get(pfn, 0) + 1
    return held


def check_state(k: Kernel, era: Era) -> list[Violation]:
    """The invariants that are facts about one state."""
    out: list[Violation] = []
    per_page, per_mm = _accounted(k, era)
    for pfn, page in sorted(k.pages.items()):
        if page.free:
            continue
        want = per_page.get(pfn, 0)
        if page.mapcount != want:
            out.append(
                Violation(
                    "mapcount-mismatch",
                    f"{pfn:#x}",
                    f"pfn {pfn:#x}: mapcount {page.mapcount} but {want} PTE(s) map it through vm_normal_page()",
                )
            )
    for mm, (file, anon) in per_mm.items():
        c = k.counters(mm)
        if (c.file_rss, c.anon_rss) != (file, anon):
            out.append(
                Violation(
                    "rss-mismatch",
                    mm,
                    f"{mm}: file_rss={c.file_rss} anon_rss={c.anon_rss} but its accounted PTEs give file={file} anon={anon}",
                )
            )
    out += _check_freed(k)
    owned = _driver_owned(k)
    for pfn, dev in sorted(owned.items()):
        held = k.pages.get(pfn)
        if held is not None and not held.free and held.flags & (PG.PG_lru | PG.PG_swapcache):
            where = "the swap cache" if held.has(PG.PG_swapcache) else "the LRU"
            out.append(Violation("special-page-reclaimed", f"{pfn:#x}", f"pfn {pfn:#x} of {dev} is on {where}"))
    if k.swap is not None:
        # One pass over the PTEs and the pages, then only the slots that are in use or referenced: the
        # work follows what exists, not the size of the swap device.
        swap_ptes: dict[int, int] = {}
        for pte in k.ptes.values():
            if pte.swap >= 0:
                swap_ptes[pte.swap] = swap_ptes.get(pte.swap, 0) + 1
        swap_cached: dict[int, int] = {}
        for p in k.pages.values():
            if not p.free and p.has(PG.PG_swapcache):
                swap_cached[p.private] = swap_cached.get(p.private, 0) + 1
        swap_map = k.swap.swap_map
        used = {s for s, c in enumerate(swap_map) if c} | set(swap_ptes) | set(swap_cached)
        for slot in sorted(s for s in used if 0 <= s < len(swap_map)):
            count = swap_map[slot]
            ptes, cached = swap_ptes.get(slot, 0), swap_cached.get(slot, 0)
            if count != ptes + cached:
                out.append(
                    Violation(
                        "swap-count-mismatch",
                        f"slot{slot}",
                        f"swap slot {slot}: swap_map {count} but {ptes} swap PTE(s) + {cached} swap-cache page(s)",
                    )
                )
    for pfn, page in sorted(k.pages.items()):
        m = page.mapping
        if isinstance(m, AnonMapping) and page.mapcount > 0 and m.anon_vma not in k.anon_vmas:
            out.append(
                Violation(
                    "dangling-anon-vma",
                    f"{pfn:#x}",
                    f"pfn {pfn:#x} is mapped (mapcount {page.mapcount}) but its {m} was freed",
                )
            )
    if era.anon_exclusive is AnonExclusive.TRACKED:
        out += _check_exclusive(k)
    if era.zero_page is ZeroPage.SPECIAL:
        zero = k.page(ZERO_PFN)
        refs = sum(
            1 if not r.pin else GUP_PIN_COUNTING_BIAS if era.pin_zero_page is PinZeroPage.PINNED else 0
            for r in k.refs.values()
            if r.pfn == ZERO_PFN
        )
        if zero.mapcount != 0 or zero.count != 1 + refs:
            out.append(
                Violation(
                    "zero-page-counted",
                    "zero",
                    f"the zero page has count {zero.count} and mapcount {zero.mapcount}; "
                    f"a special zero page keeps count 1 (+{refs} GUP references) and mapcount 0",
                )
            )
    if quiescent(k):
        out += _check_leaks(k)
    return out


def _check_pins(k: Kernel, cow: KLog) -> list[Violation]:
    """A COW copy that moves the holder of a write reference (or pin) off the page the reference holds."""
    out = []
    for ref in sorted(k.refs.values(), key=lambda r: r.name):
        pte = k.pte(ref.holder, ref.vpn)
        if ref.write and ref.holder == cow.mm and ref.pfn == cow.pfn and pte is not None and pte.pfn != ref.pfn:
            kind = "pin" if ref.pin else "reference"
            out.append(
                Violation(
                    "pin-incoherent",
                    ref.name,
                    f"{cow.message}, but {ref.holder}'s write {kind} {ref.name} still holds pfn {ref.pfn:#x}: "
                    f"its later stores no longer reach the pinned page",
                )
            )
    return out


def _check_exclusive(k: Kernel) -> list[Violation]:
    out = []
    maps: dict[int, list[tuple[str, int, bool]]] = {}
    for (mm, vpn), pte in sorted(k.ptes.items()):
        if pte.present and pte.pfn in k.pages and k.pages[pte.pfn].anon:
            maps.setdefault(pte.pfn, []).append((mm, vpn, pte.write))
    pinned = {r.pfn for r in k.refs.values() if r.pin}
    for pfn, where in sorted(maps.items()):
        page = k.page(pfn)
        if page.anon_exclusive and len(where) > 1:
            out.append(
                Violation(
                    "anon-exclusive-broken", f"{pfn:#x}", f"pfn {pfn:#x} is AnonExclusive but mapped {len(where)} times"
                )
            )
        elif not page.anon_exclusive and (any(w for _, _, w in where) or pfn in pinned):
            why = "mapped writable" if any(w for _, _, w in where) else "pinned"
            out.append(Violation("anon-exclusive-broken", f"{pfn:#x}", f"pfn {pfn:#x} is {why} but not AnonExclusive"))
    return out


def _check_freed(k: Kernel) -> list[Violation]:
    out = []
    holders: dict[int, list[str]] = {}
    for (mm, vpn), pte in sorted(k.ptes.items()):
        if pte.present:
            holders.setdefault(pte.pfn, []).append(f"{mm}'s PTE at page {vpn:#x}")
    for ref in sorted(k.refs.values(), key=lambda r: r.name):
        holders.setdefault(ref.pfn, []).append(f"reference {ref.name}")
    for pfn, dev in _driver_owned(k).items():
        holders.setdefault(pfn, []).append(f"driver {dev}")
    for pfn in _page_cache_holders(k):
        holders.setdefault(pfn, []).append("the page cache")
    if k.swap is not None:
        for slot, pfn in k.swap.cache:
            holders.setdefault(pfn, []).append(f"the swap cache (slot {slot})")
    for pfn, who in sorted(holders.items()):
        page = k.pages.get(pfn)
        if page is not None and page.free:
            out.append(
                Violation(
                    "freed-while-mapped", f"{pfn:#x}", f"pfn {pfn:#x} was freed but is still held by {', '.join(who)}"
                )
            )
    return out


def _check_leaks(k: Kernel) -> list[Violation]:
    out = []
    cache = _page_cache_holders(k)
    for pfn, page in sorted(k.pages.items()):
        if page.free:
            continue
        base = 1 if page.kind in (FrameKind.ZERO, FrameKind.SPECIAL) else 0
        swapcache = 1 if page.has(PG.PG_swapcache) else 0
        expected = base + cache.get(pfn, 0) + swapcache
        if page.count > expected or (page.kind is FrameKind.RAM and expected == 0):
            out.append(
                Violation(
                    "refcount-leak",
                    f"{pfn:#x}",
                    f"pfn {pfn:#x}: count {page.count} (mapcount {page.mapcount}) at quiescence but its owners hold {expected}",
                )
            )
    return out


def check_events(k: Kernel, klog: tuple[KLog, ...], bug: KernelBug | None) -> list[Violation]:
    """The invariants that are facts about what happened during one step."""
    out: list[Violation] = []
    for n, e in enumerate(klog):
        match e.kind:
            case KLogKind.BAD_PAGE:
                out.append(Violation("bad-page-state", f"{e.pfn:#x}#{n}", e.message))
            case KLogKind.PUT_ZERO:
                out.append(Violation("refcount-underflow", f"{e.pfn:#x}#{n}", e.message))
            case KLogKind.LIVELOCK:
                out.append(Violation("livelock", f"{e.mm}#{n}", e.message))
            case KLogKind.ANON_VMA_UAF:
                out.append(Violation("dangling-anon-vma", f"{e.pfn:#x}", e.message))
            case KLogKind.RECLAIM_UNMAP if e.special or e.pfn in _driver_owned(k):
                out.append(Violation("special-page-reclaimed", f"{e.pfn:#x}", e.message))
            case KLogKind.STORE:
                out += _check_cow(k, e)
            case KLogKind.COW:
                out += _check_pins(k, e)
    if bug is not None:
        out.append(Violation(bug.invariant, "bug", bug.message))
    return out


def _check_cow(k: Kernel, store: KLog) -> list[Violation]:
    """A store by one process to a private anon page that another process's private mapping, or a
    reference taken from one, still reaches breaks the COW contract."""
    page = k.pages.get(store.pfn)
    if store.pfn == ZERO_PFN:
        return [
            Violation(
                "cow-broken",
                f"{store.pfn:#x}:{store.mm}",
                f"{store.message}: ZERO_PAGE, which every private anonymous read fault maps",
            )
        ]
    if page is None or not page.anon:
        return []
    out = []
    for (mm, vpn), pte in sorted(k.ptes.items()):
        if mm == store.mm or not pte.present or pte.pfn != store.pfn:
            continue
        vma = k.find_vma(mm, vpn)
        if vma is not None and not vma.has(VM.VM_SHARED):
            out.append(
                Violation(
                    "cow-broken",
                    f"{store.pfn:#x}:{mm}",
                    f"{store.message}, which {mm} still maps privately at page {vpn:#x} ({vma.label})",
                )
            )
    for ref in sorted(k.refs.values(), key=lambda r: r.name):
        if ref.holder != store.mm and ref.pfn == store.pfn:
            out.append(
                Violation(
                    "cow-broken",
                    f"{store.pfn:#x}:{ref.name}",
                    f"{store.message}, which {ref.holder}'s reference {ref.name} (taken on its {ref.label}) reads",
                )
            )
    return out
