"""Model of mm/memory.c (Linux 2.6.0 to 6.18, per era): vm_normal_page(), fork's page-table copy,
unmapping, the page faults and the driver helpers remap_pfn_range(), vm_insert_page(), vm_insert_pfn()
and vm_insert_mixed().

The one rule everything here hangs on (docs/invariants.md, "The accounting rule"): a present PTE for which vm_normal_page()
returns a page owns one reference, one mapcount and one unit of its mm's file_rss or anon_rss; a PTE for
which it returns NULL owns nothing.  vm_normal_page() is consulted by fork (copy_one_pte), unmap
(zap_pte_range), do_wp_page and follow_page; it is *not* consulted by the paths that install PTEs
(do_no_page/__do_fault, do_anonymous_page, do_swap_page, insert_page), which account unconditionally.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import (
    AnonExclusive,
    DirtyTracking,
    Era,
    FaultAround,
    FaultHook,
    ForkCopy,
    ForkPinned,
    GupFast,
    InsertPageFlag,
    InsertPfn,
    InsertZeroPage,
    MlockSpecial,
    NoFaultHandler,
    PageReserved,
    PteSpecial,
    RemapPfn,
    Reserved,
    SpecialRule,
    SwapinCow,
    VnpReserved,
    WpReuseAnon,
    WpReuseSwap,
    WpReuseUnlock,
    WpSharedSpecial,
    ZeroCowRef,
    ZeroPage,
)
from mmspec.mm.filemap import trylock_page, unlock_page
from mmspec.mm.ledger import EntryKind, kernel_function, skipped

# Imported for its registration of generic_file_vm_ops and shmem_vm_ops (mmspec.mm.ops).
from mmspec.mm.mm_types import (
    PG,
    VM,
    FileMapping,
    Kernel,
    KLogKind,
    Page,
    Pte,
    Source,
    Vma,
    VmFlags,
    fast_records,
    replace,
    vm_flags_str,
)
from mmspec.mm.ops import vm_ops
from mmspec.mm.outcome import OK, KernelBug, Outcome, VmFault, errno
from mmspec.mm.page_alloc import alloc_page
from mmspec.mm.rmap import (
    anon_vma_prepare,
    page_add_anon_rmap,
    page_add_file_rmap,
    page_add_new_anon_rmap,
    page_dup_rmap,
    page_remove_rmap,
)
from mmspec.mm.swap import get_page, lru_cache_add_active, mark_page_accessed, put_page
from mmspec.mm.swap_state import (
    delete_from_swap_cache,
    lookup_swap_cache,
    read_swap_cache_async,
)
from mmspec.mm.swapfile import (
    can_share_swap_page,
    free_swap_and_cache,
    remove_exclusive_swap_page,
    swap_duplicate,
    swap_free,
    try_to_free_swap,
    vm_swap_full,
)
from mmspec.mm.tlb import MmuGather, tlb_finish_mmu, tlb_gather_mmu, tlb_remove_page

# ZERO_PAGE(addr): one shared frame in the kernel image.
ZERO_PFN = 0x10
# GUP_PIN_COUNTING_BIAS (include/linux/mm.h, 5.7+): what one FOLL_PIN adds to a small page's refcount.
GUP_PIN_COUNTING_BIAS = 1024


def is_cow_mapping(flags: VmFlags) -> bool:
    """Model of is_cow_mapping() (mm/memory.c): private and potentially writable."""
    return flags & (VM.VM_SHARED | VM.VM_MAYWRITE) == VM.VM_MAYWRITE


def pte_prot_writable(era: Era, vma: Vma) -> bool:
    """Whether ``vma->vm_page_prot`` (protection_map[] in mm/mmap.c) grants write: shared and writable,
    unless vma_wants_writenotify() (include/linux/mm.h, from 2.6.19: :class:`~mmspec.era.DirtyTracking`)
    starts PTEs read-only to track dirtying, which in the model holds for shared writable mappings of
    regular files."""
    if not (vma.has(VM.VM_SHARED) and vma.has(VM.VM_WRITE)):
        return False
    return vma.source is not Source.FILE or era.dirty_tracking is DirtyTracking.NONE


def vm_normal_page(k: Kernel, era: Era, vma: Vma, vpn: int, pte: Pte, report: bool = True) -> int | None:
    """Model of vm_normal_page() in mm/memory.c: the page a present PTE maps, or None for a "special" PTE
    (one that owns no reference, mapcount or rss).

    With the special PTE bit (:class:`~mmspec.era.PteSpecial`): the bit alone decides; a special PTE in a
    VMA that is neither VM_PFNMAP nor VM_MIXEDMAP is expected only for the zero page and is otherwise
    reported (print_bad_pte()).  Without it: a VM_MIXEDMAP PTE is normal iff its pfn has a struct page;
    in VM_PFNMAP a PTE on the linear rule (pfn == vm_pgoff + offset) is special, and so is every PTE of a
    non-COW PFNMAP VMA, while a COW PFNMAP PTE off the rule is a COW-broken anon page; the zero pfn is
    special once the zero page is (2.6.32+).  A pfn without a struct page is reported and special.  VM_IO,
    VM_RESERVED and PageReserved are never consulted, except under the hypothetical
    :class:`~mmspec.era.VnpReserved`.

    :param vma: ``struct vm_area_struct *`` containing ``vpn``
    :param pte: the present ``pte_t`` at ``vpn``
    :param report: log print_bad_pte() (the invariant checks, which are not the kernel, do not)
    :return: the PFN of the normal page, or None
    """
    return None if special_pte_reason(k, era, vma, vpn, pte, report) else pte.pfn


def special_pte_reason(k: Kernel, era: Era, vma: Vma, vpn: int, pte: Pte, report: bool = False) -> str:
    """Why vm_normal_page() returns NULL for a present PTE (the rule that applies, as the ledger prints
    it), or "" when it returns the page.  vm_normal_page() is this test; the parameters are its own.  (Where
    a test joins a switch with a fact of the state, the fact comes first: the safety matrix reuses a result
    under every era that agrees on the switches read, model/era_memo.py.)"""
    if vma.has(VM.VM_RESERVED) and era.vnp_reserved is VnpReserved.RETURNS_NULL:
        return "VM_RESERVED"
    pfn = pte.pfn
    if era.special_rule is SpecialRule.PAGE_RESERVED:
        # 2.6.0 … 2.6.14 (zap_pte_range(), copy_one_pte()): no struct page or PG_reserved, any VMA, unreported.
        if not k.pfn_valid(pfn):
            return "no struct page"
        return "PG_reserved page" if k.page(pfn).has(PG.PG_reserved) else ""
    if vma.has(VM.VM_RESERVED) and era.special_rule is SpecialRule.VMA_RESERVED:
        return "VM_RESERVED (never touch, 2.6.15-rc1)"
    if era.pte_special is PteSpecial.BIT:
        if pte.special:
            if vma.flags & (VM.VM_PFNMAP | VM.VM_MIXEDMAP) or pfn == ZERO_PFN:
                return "pte_special()"
            if report:
                _bad_pte(k, vma, vpn, pfn, "special PTE outside VM_PFNMAP/VM_MIXEDMAP")
            return "pte_special() outside VM_PFNMAP/VM_MIXEDMAP"
    else:
        if vma.has(VM.VM_MIXEDMAP):
            return "" if k.pfn_valid(pfn) else "VM_MIXEDMAP, no struct page"
        if vma.has(VM.VM_PFNMAP):
            if pfn == vma.pgoff + (vpn - vma.start):
                return "VM_PFNMAP, pfn on the linear rule"
            if not is_cow_mapping(vma.flags) and era.special_rule is SpecialRule.PFNMAP_NONCOW:
                return "VM_PFNMAP, not a COW mapping"
        if pfn == ZERO_PFN and era.zero_page is ZeroPage.SPECIAL:
            return "the zero page"
    if not k.pfn_valid(pfn):
        if report:
            _bad_pte(k, vma, vpn, pfn, "pfn has no struct page")
        return "no struct page"
    return ""


def _bad_pte(k: Kernel, vma: Vma, vpn: int, pfn: int, why: str) -> None:
    """print_bad_pte() (print_bad_page_map() in 6.18): report and treat the PTE as special."""
    k.log(
        KLogKind.BAD_PTE,
        f"Bad page map: pfn {pfn:#x} at page {vpn:#x} ({why}; vm_flags={vm_flags_str(vma.flags)})",
        pfn,
    )


def _skip(k: Kernel, era: Era, vma: Vma, vpn: int, pte: Pte, what: str, instead: tuple[EntryKind, ...]) -> None:
    """Record in the ledger that vm_normal_page() returned NULL for a PTE whose pfn has a struct page."""
    if k.pfn_valid(pte.pfn):
        # Before 2.6.15-rc3 there is no vm_normal_page(): zap and fork test the page or the VMA themselves.
        test = "vm_normal_page() = NULL" if era.special_rule in _VM_NORMAL_PAGE else "no page for the core"
        skipped(k, pte.pfn, f"{test} ({special_pte_reason(k, era, vma, vpn, pte)}): {what}", instead)


# The SpecialRule values under which the decision is vm_normal_page()'s (2.6.15-rc3 on).
_VM_NORMAL_PAGE = (SpecialRule.PFNMAP_LINEAR, SpecialRule.PFNMAP_NONCOW)


def page_maybe_dma_pinned(page: Page) -> bool:
    """Model of page_maybe_dma_pinned() in include/linux/mm.h for a small page: refcount >=
    GUP_PIN_COUNTING_BIAS (5.7+)."""
    return page.count >= GUP_PIN_COUNTING_BIAS


# --- fork ------------------------------------------------------------------------------------------------


@kernel_function(pte=("dst", "vpn"))
def copy_present_page(k: Kernel, era: Era, dst: str, dst_vma: Vma, vpn: int, pfn: int) -> None:
    """Model of copy_present_page() in mm/memory.c (5.9+): the child gets its own copy of a page that may
    be pinned for DMA: a new anon page (data copied, count 1, mapcount 1, AnonExclusive from 5.19) on the
    LRU, anon rss + 1, and a PTE that is dirty and writable if the VMA is.  The parent's PTE is untouched."""
    new = alloc_page(k, data=k.read_frame(pfn))
    map_new_anon_page(k, era, dst, dst_vma, vpn, new, Pte(new, write=dst_vma.has(VM.VM_WRITE), dirty=True, young=True))
    k.add_counters(dst, anon_rss=1)


@kernel_function(pte=("dst", "vpn"))
def copy_one_pte(
    k: Kernel,
    era: Era,
    dst: str,
    src: str,
    vma: Vma,
    dst_vma: Vma,
    vpn: int,
    pte: Pte,
    stop: bool = False,
    shared: bool = False,
) -> bool:
    """Model of copy_one_pte() in mm/memory.c (copy_nonpresent_pte()/copy_present_pte() from 5.9).

    A swap entry: swap_duplicate(), copied as is; from 5.19 its exclusive marker is cleared in the parent.
    A present PTE: page = vm_normal_page().  If the page may be pinned (:class:`~mmspec.era.ForkPinned`),
    the child gets a copy (copy_present_page()) and nothing else happens.  Otherwise get_page(),
    page_dup_rmap() (5.19: AnonExclusive cleared) and the child's rss + 1.  Then, in a COW mapping, the
    parent's PTE and the child's copy are write-protected; in a shared one the child's copy is clean; the
    child's copy is old.  A special PTE is copied the same way with no count, mapcount or rss; before
    2.6.15-rc3 (:class:`~mmspec.era.SpecialRule` PAGE_RESERVED, VMA_RESERVED) it is copied verbatim before the
    write-protect (2.6.14 copy_one_pte(): ``goto out_set_pte``), so it stays writable and young.

    With ``stop``, a writable PTE of a normal page in a COW mapping that the pinned check let through stops
    right after that check, before anything else (get_page(), page_dup_rmap(), ptep_set_wrprotect()): the
    window of copy_present_pte() in which only lockless GUP-fast can run (docs/model.md, "Interleaving
    points"); the return value says it stopped.  ``shared`` resumes there: the check is not made again
    (fork holds the PT lock, so the PTE is what it read, and the decision stands).
    """
    if not pte.present:
        swap_duplicate(k, pte.swap)
        if pte.exclusive:
            pte = replace(pte, exclusive=False)
            k.set_pte(src, vpn, pte)
        k.set_pte(dst, vpn, pte)
        return False
    cow = is_cow_mapping(vma.flags)
    pfn = vm_normal_page(k, era, vma, vpn, pte)
    if pfn is not None:
        page = k.page(pfn)
        pinned = k.counters(src).has_pinned and page_maybe_dma_pinned(k.page(pfn))
        if not shared and (
            (era.fork_pinned is ForkPinned.COPY_MAYBE_PINNED and cow and pinned)
            or (era.fork_pinned is ForkPinned.COPY_EXCLUSIVE_PINNED and page.anon and page.anon_exclusive and pinned)
        ):
            copy_present_page(k, era, dst, dst_vma, vpn, pfn)
            return False
        if stop and cow and pte.write:
            return True
        get_page(k, pfn)
        if page.anon_exclusive:
            k.set_page(pfn, anon_exclusive=False)
        page_dup_rmap(k, pfn)
        if page.anon:
            k.add_counters(dst, anon_rss=1)
        else:
            k.add_counters(dst, file_rss=1)
    else:
        if k.ledger is not None:
            _skip(k, era, vma, vpn, pte, "no get, no page_dup_rmap", (EntryKind.GET, EntryKind.MAP))
        if era.special_rule in (SpecialRule.PAGE_RESERVED, SpecialRule.VMA_RESERVED):
            # Before 2.6.15-rc3 the test comes before the COW write-protect: copied as is, writable stays writable.
            k.set_pte(dst, vpn, pte)
            return False
    child = pte
    if cow:
        if pte.write:
            k.set_pte(src, vpn, replace(pte, write=False))  # ptep_set_wrprotect()
        child = replace(child, write=False)
    if vma.has(VM.VM_SHARED):
        child = replace(child, dirty=False)
    k.set_pte(dst, vpn, replace(child, young=False))
    return False


def fork_copies(era: Era, vma: Vma) -> bool:
    """The skip rule of copy_page_range() in mm/memory.c (vma_needs_copy() in 6.x): before 2.6.14 every VMA
    (:class:`~mmspec.era.ForkCopy`); then copy when the VMA has an anon_vma or one of the flags whose PTEs a
    fault could not rebuild: VM_RESERVED (2.6.14 … 2.6.15-rc2), VM_PFNMAP (2.6.15-rc3) and VM_INSERTPAGE
    (2.6.15-rc6), then (3.7+) VM_PFNMAP and VM_MIXEDMAP (hugetlb and nonlinear VMAs are not modelled)."""
    if era.fork_copy is ForkCopy.ALL:
        return True
    if era.special_rule in (SpecialRule.PAGE_RESERVED, SpecialRule.VMA_RESERVED):
        always = VM.VM_RESERVED
    else:
        always = VM.VM_PFNMAP | _INSERT_FLAG.get(era.insert_page_flag, 0)
    return bool(vma.flags & always) or vma.anon_vma is not None


# The flag vm_insert_page() sets, which fork then copies (none in 2.6.15-rc4 and rc5).
_INSERT_FLAG = {InsertPageFlag.INSERTPAGE: VM.VM_INSERTPAGE, InsertPageFlag.MIXEDMAP: VM.VM_MIXEDMAP}


@kernel_function()
def copy_page_range(
    k: Kernel, era: Era, dst: str, src: str, vma: Vma, dst_vma: Vma, stop: bool = False, resume: int | None = None
) -> bool | int:
    """Model of copy_page_range() in mm/memory.c: copy the parent's PTEs of ``vma`` into the child when
    :func:`fork_copies` says so ("a page fault will fill them correctly" otherwise).  Uses the *parent*
    VMA's flags, pgoff and anon_vma.

    From 5.11 (57efa1fe5957, :class:`~mmspec.era.GupFast` SEQCOUNT) the copy of a COW VMA runs inside
    raw_write_seqcount_begin()/end() of the parent's mm->write_protect_seq: the count is odd meanwhile
    (``MmCounters.write_protect_seq_odd``), which GUP-fast reads.  With ``stop`` the copy stops in a PTE's
    write-protect window (:func:`copy_one_pte`) and returns that page; ``resume`` is such a page, where the
    copy goes on.

    :return: whether the PTEs were copied, or the page at which the copy stopped
    """
    seq = era.gup_fast is GupFast.SEQCOUNT and is_cow_mapping(vma.flags)
    if resume is None:
        if not fork_copies(era, vma):
            if k.ledger is not None:
                for _vpn, pte in k.ptes_of(src, vma):
                    if pte.present and k.pfn_valid(pte.pfn):
                        flags = vm_flags_str(VM.VM_PFNMAP | _INSERT_FLAG.get(era.insert_page_flag, 0))
                        why = f"VMA not copied (no anon_vma, none of {flags}): no get, the child refaults"
                        skipped(k, pte.pfn, why, (EntryKind.GET, EntryKind.MAP))
            return False
        if seq:
            k.mms[src] = replace(k.counters(src), write_protect_seq_odd=True)  # raw_write_seqcount_begin()
            # A GUP-fast of this mm stopped in its walk sampled the count before: its recheck will see it moved.
            for key, fl in list(k.inflight.items()):
                if key[0] == src and fl.phase == "grab":
                    k.inflight[key] = replace(fl, seq_changed=True)
        todo = list(k.ptes_of(src, vma))
    else:
        held = k.pte(src, resume)
        assert held is not None  # fork holds the PT lock across the window: the PTE is the one it read
        copy_one_pte(k, era, dst, src, vma, dst_vma, resume, held, shared=True)
        todo = [(vpn, pte) for vpn, pte in k.ptes_of(src, vma) if vpn > resume]
    for vpn, pte in todo:
        if copy_one_pte(k, era, dst, src, vma, dst_vma, vpn, pte, stop=stop):
            return vpn
    if seq:
        k.mms[src] = replace(k.counters(src), write_protect_seq_odd=False)  # raw_write_seqcount_end()
    return True


# --- unmap -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZapDetails:
    """struct zap_details: ``check_mapping`` set means "only pages of this mapping" (truncation-style,
    even_cows == 0).  unmap_page_range() turns details with neither field set into NULL (a full zap)."""

    check_mapping: str | None = None


def set_page_dirty(k: Kernel, pfn: int) -> None:
    """Model of set_page_dirty() in mm/page-writeback.c: for mapping-less pages just TestSetPageDirty."""
    k.set_flags(pfn, set_=PG.PG_dirty)


@kernel_function(pte=("mm", "vpn"))
def zap_pte_range(
    k: Kernel, era: Era, tlb: MmuGather, mm: str, vma: Vma, start: int, end: int, details: ZapDetails | None
) -> None:
    """Model of zap_pte_range() in mm/memory.c.

    Present PTE: page = vm_normal_page(); with ``details.check_mapping`` a page of another mapping (a
    private COW copy, and also a driver page whose mapping is NULL) is skipped and stays mapped.  The PTE is
    cleared.  A NULL page ends there: no rss, no rmap, no put.  Otherwise anon_rss - 1, or (dirty PTE =>
    set_page_dirty, young => mark_page_accessed) file_rss - 1; page_remove_rmap(); tlb_remove_page() hands
    the PTE's reference to the gather.  Swap PTE: left alone with details, else free_swap_and_cache().
    """
    for vpn in range(start, end):
        pte = k.pte(mm, vpn)
        if pte is None:
            continue
        if not pte.present:
            if details is not None:
                continue
            free_swap_and_cache(k, pte.swap)
            k.set_pte(mm, vpn, None)
            continue
        pfn = vm_normal_page(k, era, vma, vpn, pte)
        if details is not None and pfn is not None and details.check_mapping is not None:
            mapping = k.page(pfn).mapping
            if not (isinstance(mapping, FileMapping) and mapping.name == details.check_mapping):
                continue
        k.set_pte(mm, vpn, None)
        if pfn is None:
            if k.ledger is not None:
                _skip(k, era, vma, vpn, pte, "no put, no page_remove_rmap", (EntryKind.PUT, EntryKind.UNMAP))
            continue
        if k.page(pfn).anon:
            k.add_counters(mm, anon_rss=-1)
        else:
            if pte.dirty:
                set_page_dirty(k, pfn)
            if pte.young:
                mark_page_accessed(k, pfn)
            k.add_counters(mm, file_rss=-1)
        page_remove_rmap(k, pfn)
        tlb_remove_page(tlb, pfn)


@kernel_function()
def unmap_vmas(
    k: Kernel, era: Era, tlb: MmuGather, mm: str, vmas: list[Vma], start: int, end: int, details: ZapDetails | None
) -> None:
    """Model of unmap_vmas() → unmap_page_range() in mm/memory.c, over [start, end) of each VMA."""
    for vma in vmas:
        lo, hi = max(start, vma.start), min(end, vma.end)
        if lo < hi:
            zap_pte_range(k, era, tlb, mm, vma, lo, hi, details)


@kernel_function()
def zap_page_range(k: Kernel, era: Era, mm: str, vma: Vma, start: int, end: int, details: ZapDetails | None) -> None:
    """Model of zap_page_range() in mm/memory.c (MADV_DONTNEED, unmap_mapping_range): lru_add_drain, gather, unmap_vmas,
    tlb_finish_mmu."""
    tlb = tlb_gather_mmu()
    unmap_vmas(k, era, tlb, mm, [vma], start, end, details)
    tlb_finish_mmu(k, tlb)


@kernel_function()
def unmap_mapping_range(k: Kernel, era: Era, obj: str, even_cows: bool, first: int = 0) -> None:
    """Model of unmap_mapping_range(mapping, first page, to the end, even_cows) in mm/memory.c: bump
    truncate_count (racing do_no_page() retries) and zap, in every VMA of the mapping in every mm, the pages
    that map object offsets from ``first`` on (unmap_mapping_range_vma()).  even_cows == 1 gives details
    with no check_mapping, i.e. a full zap (swap entries and private COW copies included)."""
    if obj in k.files:
        k.files[obj] = replace(k.files[obj], truncate_count=k.files[obj].truncate_count + 1)
    details = None if even_cows else ZapDetails(check_mapping=obj)
    for vma_id in k.i_mmap.get(obj, ()):
        hit = k.vma_by_id(vma_id)
        if hit is not None:
            mm, vma = hit
            start = vma.start + max(0, first - vma.pgoff)
            if start < vma.end:
                zap_page_range(k, era, mm, vma, start, vma.end, details)


# --- faults ----------------------------------------------------------------------------------------------


def _exclusive(k: Kernel, era: Era, pfn: int) -> None:
    """Mark a page just mapped with RMAP_EXCLUSIVE (5.19+)."""
    if era.anon_exclusive is AnonExclusive.TRACKED:
        k.set_page(pfn, anon_exclusive=True)


def map_new_anon_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int, entry: Pte) -> None:
    """The sequence every path of mm/memory.c runs to map a page it has just allocated as anonymous
    (do_anonymous_page(), the COW copy of do_wp_page()/wp_page_copy(), the private copy of do_no_page()/
    __do_fault() and fork's copy_present_page()): lru_cache_add_active() and page_add_new_anon_rmap() in
    2.6.19 (folio_add_new_anon_rmap() and folio_add_lru_vma() in 6.x), which give the page _mapcount 0, its
    anon_vma and the LRU; from 5.19 RMAP_EXCLUSIVE makes it PageAnonExclusive
    (:class:`~mmspec.era.AnonExclusive`); then set_pte_at() of ``entry``.

    The rss counter is the caller's: inc_mm_counter(anon_rss), or do_wp_page()'s move from file_rss.  The
    LRU add comes before the rmap, as in 2.6.19; the kernel's order of these steps and of the PTE store
    differs between paths and releases but is not observable in the model (nothing else runs in between;
    the caller has run anon_vma_prepare(), so the rmap cannot BUG), except that an rmap BUG in
    copy_present_page() (a child VMA without anon_vma) leaves the page on the LRU as before.
    """
    lru_cache_add_active(k, pfn)
    page_add_new_anon_rmap(k, pfn, vma, vpn)
    _exclusive(k, era, pfn)
    k.set_pte(mm, vpn, entry)


@kernel_function(pte=("mm", "vpn"))
def do_anonymous_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of do_anonymous_page() in mm/memory.c (pte_none in a VMA without a fault handler).

    From 4.2 a VM_SHARED VMA gets SIGBUS.  A write fault, or any fault while there is no zero page
    (2.6.24-2.6.31): anon_vma_prepare(), a new zeroed page (count 1, AnonExclusive from 5.19), anon_rss + 1,
    active LRU, page_add_new_anon_rmap(), a dirty PTE, writable if VM_WRITE.  A read fault maps the zero
    page with vm_page_prot (:class:`~mmspec.era.ZeroPage`): before 2.6.24 ZERO_PAGE with page_cache_get(),
    page_add_file_rmap() and file_rss + 1 (before 2.6.15-rc1, the PG_reserved ZERO_PAGE with no count at all);
    from 2.6.32 a special PTE that counts nothing.  A read fault
    prepares no anon_vma.
    """
    if era.no_fault_handler is NoFaultHandler.SIGBUS and vma.has(VM.VM_SHARED):
        return VmFault.SIGBUS
    if write or era.zero_page is ZeroPage.NONE:
        vma = anon_vma_prepare(k, mm, vma)
        pfn = alloc_page(k, data=0)
        k.add_counters(mm, anon_rss=1)
        map_new_anon_page(k, era, mm, vma, vpn, pfn, Pte(pfn, write=vma.has(VM.VM_WRITE), dirty=True, young=True))
        return VmFault.MINOR
    if era.zero_page is ZeroPage.REFCOUNTED:
        get_page(k, ZERO_PFN)
        k.add_counters(mm, file_rss=1)
        page_add_file_rmap(k, ZERO_PFN)
    special = era.pte_special is PteSpecial.BIT and era.zero_page is ZeroPage.SPECIAL
    k.set_pte(mm, vpn, Pte(ZERO_PFN, write=pte_prot_writable(era, vma), young=True, special=special))
    return VmFault.MINOR


def _uncounted(k: Kernel, era: Era, vma: Vma, pfn: int) -> bool:
    """Whether do_no_page() maps the handler's page with no rss and no rmap (its reference is kept): a
    PG_reserved page in 2.6.0 … 2.6.14 (rss only for a page that is not reserved; page_add_file_rmap()
    ignores reserved pages), or any page of a VM_RESERVED VMA in 2.6.15-rc1 and rc2 (b5810039a54e)."""
    if era.page_reserved is PageReserved.HONOURED:
        return k.page(pfn).has(PG.PG_reserved)
    return era.special_rule is SpecialRule.VMA_RESERVED and vma.has(VM.VM_RESERVED)


def _install_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int, write: bool) -> VmFault:
    """The part do_no_page() (2.6.19) and __do_fault()/finish_fault() (2.6.23+) share: a write fault in a
    private VMA copies the handler's page into a new anon page at once and releases it; otherwise the
    handler's reference becomes the PTE's, with file_rss + 1 and page_add_file_rmap() (neither for the
    pages :func:`_uncounted` names, before 2.6.15-rc3)."""
    anon = False
    if write and not vma.has(VM.VM_SHARED):
        vma = anon_vma_prepare(k, mm, vma)
        copy = alloc_page(k, data=k.read_frame(pfn))
        put_page(k, pfn, era)
        pfn, anon = copy, True
    writable = (write and vma.has(VM.VM_WRITE)) or pte_prot_writable(era, vma)
    entry = Pte(pfn, write=writable, dirty=write, young=True)
    if anon:
        k.add_counters(mm, anon_rss=1)
        map_new_anon_page(k, era, mm, vma, vpn, pfn, entry)
    else:
        k.set_pte(mm, vpn, entry)
        if _uncounted(k, era, vma, pfn):
            if k.ledger is not None:
                skipped(k, pfn, "do_no_page(): no rss, no page_add_file_rmap; the handler's reference stays", ())
            return VmFault.MINOR
        k.add_counters(mm, file_rss=1)
        page_add_file_rmap(k, pfn)
        if write:
            set_page_dirty(k, pfn)  # set_page_dirty_balance() under a temporary get/put
    return VmFault.MINOR


@kernel_function(pte=("mm", "vpn"))
def do_no_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of do_no_page() in mm/memory.c (pte_none, ``vm_ops->nopage``; until 2.6.25).

    BUG_ON(VM_PFNMAP).  The handler returns a page *with a reference the caller now owns*, or
    NOPAGE_SIGBUS / NOPAGE_OOM.  A write fault in a private VMA copies the page into a new anon page at once
    (anon_vma_prepare, copy, page_cache_release of the handler's page).  Then the PTE is set: anon copy =>
    anon_rss + 1, active LRU, page_add_new_anon_rmap; otherwise file_rss + 1 and page_add_file_rmap(), the
    handler's reference becoming the PTE's.  No vm_normal_page() call and no look at VM_IO, VM_RESERVED
    or PageReserved: whatever the handler returns is accounted as a normal page.
    """
    if vma.has(VM.VM_PFNMAP):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_no_page: BUG_ON(vma->vm_flags & VM_PFNMAP)")
    ops = vm_ops(vma)
    assert ops is not None and ops.nopage is not None
    res = ops.nopage(k, vma, vpn)
    if res.kind == "sigbus":
        return VmFault.SIGBUS
    return _install_page(k, era, mm, vma, vpn, res.pfn, write)


# fault_around_bytes (mm/memory.c, default 64 KiB) in pages.
FAULT_AROUND_PAGES = 16


@kernel_function(pte=("mm", "v"))
def do_fault_around(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int) -> bool:
    """Model of do_fault_around() in mm/memory.c with ->map_pages = filemap_map_pages() (mm/filemap.c),
    3.15+ read faults on page-cache and shmem VMAs.

    Every page already in the page cache within the aligned FAULT_AROUND_PAGES window around ``vpn``
    (clipped to the VMA and the object's size) whose PTE is none is mapped, as a prefault: a reference,
    _mapcount + 1 and file_rss + 1 each, the VMA's protection, no mark_page_accessed() and nothing
    allocated.  The window is aligned relative to the VMA start: scenario mappings stand for 2 MiB-aligned
    mappings (as the oracle places them), where that is the same as aligning the address, and never cross
    a page table.

    :return: whether the faulting page itself got mapped (then ->fault is not called)
    """
    space = k.files[vma.obj]
    first = vma.start + (vpn - vma.start) // FAULT_AROUND_PAGES * FAULT_AROUND_PAGES
    for v in range(first, min(first + FAULT_AROUND_PAGES, vma.end)):
        pfn = space.cached(vma.linear_index(v)) if vma.linear_index(v) < space.pages else None
        if pfn is None or k.pte(mm, v) is not None:
            continue
        get_page(k, pfn)
        k.set_pte(mm, v, Pte(pfn, write=pte_prot_writable(era, vma), young=True))
        k.add_counters(mm, file_rss=1)
        page_add_file_rmap(k, pfn)
    return k.pte(mm, vpn) is not None


@kernel_function(pte=("mm", "vpn"))
def __do_fault(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of __do_fault() + finish_fault() in mm/memory.c (``vm_ops->fault``, 2.6.23+).

    Until 2.6.25 BUG_ON(VM_PFNMAP).  The handler either returns a page with a reference (installed as in
    do_no_page()), or inserts a pfn itself with vm_insert_pfn()/vm_insert_mixed() and returns
    VM_FAULT_NOPAGE (the core touches nothing), or VM_FAULT_SIGBUS.
    """
    if vma.has(VM.VM_PFNMAP) and era.fault_hook is FaultHook.NO_PFNMAP:
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: __do_fault: BUG_ON(vma->vm_flags & VM_PFNMAP)")
    ops = vm_ops(vma)
    assert ops is not None and ops.fault is not None
    res = ops.fault(k, vma, vpn)
    if res.kind == "sigbus":
        return VmFault.SIGBUS
    if res.kind == "insert_pfn":
        vm_insert_pfn(k, era, mm, vma, vpn, res.pfn)
        return VmFault.MINOR  # VM_FAULT_NOPAGE
    if res.kind == "insert_mixed":
        vm_insert_mixed(k, era, mm, vma, vpn, res.pfn)
        return VmFault.MINOR
    return _install_page(k, era, mm, vma, vpn, res.pfn, write)


@kernel_function(pte=("mm", "vpn"))
def do_no_pfn(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool) -> VmFault:
    """Model of do_no_pfn() in mm/memory.c (pte_none, ``vm_ops->nopfn``; 2.6.19-2.6.26).

    BUG_ON(!VM_PFNMAP) and BUG_ON(is_cow_mapping).  NOPFN_SIGBUS => SIGBUS.  A returned pfn becomes a raw
    PTE with no count, mapcount or rss.  From 2.6.21 a handler may instead install the PTE with
    vm_insert_pfn() and return NOPFN_REFAULT, after which the core does nothing.
    """
    if not vma.has(VM.VM_PFNMAP):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_no_pfn: BUG_ON(!(vma->vm_flags & VM_PFNMAP))")
    if is_cow_mapping(vma.flags):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_no_pfn: BUG_ON(is_cow_mapping(vma->vm_flags))")
    ops = vm_ops(vma)
    assert ops is not None and ops.nopfn is not None
    res = ops.nopfn(k, vma, vpn)
    if res.kind == "sigbus":
        return VmFault.SIGBUS
    if res.kind == "insert_pfn":  # the handler's vm_insert_pfn(), then NOPFN_REFAULT
        vm_insert_pfn(k, era, mm, vma, vpn, res.pfn)
        return VmFault.MINOR
    writable = (write and vma.has(VM.VM_WRITE)) or pte_prot_writable(era, vma)
    k.set_pte(mm, vpn, Pte(res.pfn, write=writable, dirty=write, young=True))
    return VmFault.MINOR


def _reuse_swap_page(k: Kernel, era: Era, pfn: int) -> bool:
    """can_share_swap_page() (2.6.19) / reuse_swap_page() (2.6.29+, mm/swapfile.c): mapcount plus the slot's
    other users is 1; from 2.6.29 a page so reused also leaves the swap cache, dirtied
    (:class:`~mmspec.era.WpReuseSwap`)."""
    reuse = can_share_swap_page(k, pfn)
    page = k.page(pfn)
    if reuse and era.wp_reuse_swap is WpReuseSwap.DROP and page.has(PG.PG_swapcache) and not page.has(PG.PG_writeback):
        delete_from_swap_cache(k, pfn)
        k.set_flags(pfn, set_=PG.PG_dirty)
    return reuse


def _reuse_page_count(k: Kernel, pfn: int, pagevec: int = 0) -> bool:
    """can_share_swap_page() in mm/swapfile.c before 2.6.13 (:class:`~mmspec.era.WpReuseAnon` PAGE_COUNT; read
    in v2.6.12), for any page do_wp_page() finds (the page lock is never contended in the model): page_count
    1 and not PG_reserved; or page_count 2, in the swap cache, and exclusive_swap_page(): the slot used by
    the swap cache alone.  (A count of 3 with PagePrivate falls through to a recheck that demands 2.)
    ``pagevec``: a reference the per-CPU LRU pagevec still holds (do_swap_page() of a page it read in)."""
    page = k.page(pfn)
    count = page.count + pagevec
    if count == 1:
        return not page.has(PG.PG_reserved)
    if count == 2 and page.has(PG.PG_swapcache):
        return k.swap is not None and k.swap.swap_map[page.private] == 1
    return False


def _reuse_anon(k: Kernel, era: Era, pfn: int) -> bool:
    """Whether do_wp_page() (mm/memory.c) may reuse an anon page (:class:`~mmspec.era.WpReuseAnon`)."""
    page = k.page(pfn)
    if era.wp_reuse_anon is WpReuseAnon.PAGE_COUNT:
        return _reuse_page_count(k, pfn)
    if era.wp_reuse_anon is WpReuseAnon.MAPCOUNT:
        return _reuse_swap_page(k, era, pfn)  # under TestSetPageLocked, which never fails here
    if era.wp_reuse_anon is WpReuseAnon.ANON_EXCLUSIVE and page.anon_exclusive:
        return True
    if page.has(PG.PG_locked):
        # 5.9's trylock_page() fails (another task's fault holds the page locked): copy.  Only a write fault
        # stopped in 5.9-rc4 … rc6's window holds a page lock in the model (:class:`~mmspec.era.WpReuseUnlock`).
        return False
    if era.wp_reuse_anon is WpReuseAnon.REFCOUNT:
        return page.count == 1 and page.mapcount == 1
    # 5.18's do_wp_page(), then wp_can_reuse_anon_folio(): refcount <= 1 + swap cache, free the swap cache,
    # then refcount == 1.
    if page.count > 1 + (1 if page.has(PG.PG_swapcache) else 0):
        return False
    try_to_free_swap(k, pfn)  # folio_free_swap(): when no swap PTE uses the slot any more
    return k.page(pfn).count == 1


@kernel_function(pte=("mm", "vpn"))
def do_wp_page(
    k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pte: Pte, unshare: bool = False, stop: bool = False
) -> VmFault:
    """Model of do_wp_page() in mm/memory.c: a write fault on a present, read-only PTE (or, from 5.19,
    an UNSHARE fault that GUP raises before pinning a shared anon page read-only).

    old_page = vm_normal_page().  NULL in a shared writable VMA: from 2.6.26 the PTE is made writable in
    place (wp_pfn_shared); otherwise NULL goes straight to the copy.  An anon page is reused per
    :class:`~mmspec.era.WpReuseAnon` (and marked AnonExclusive from 5.19).  A non-anon page in a shared
    writable VMA is reused and dirtied.  Anything else is copied: a new anon page (zeroed for the zero
    page, else copied, from the user address when old_page is NULL) replaces the PTE; the old page loses its
    mapcount and the PTE's reference, and rss moves from file to anon.  An UNSHARE copy maps read-only.
    Before 2.6.13 (:class:`~mmspec.era.WpReuseAnon` PAGE_COUNT) any page, not only an anon one, is reused by
    its page_count.  Before 2.6.15-rc1 a PG_reserved old page (the ZERO_PAGE) is copied with rss + 1 and no
    page_remove_rmap(); its temporary reference is taken before 2.6.8 (:class:`~mmspec.era.ZeroCowRef`
    LEAK) and never dropped, since put_page() ignores it.

    The anon reuse decides under the page lock (trylock_page(): a locked page is copied) and unlocks it
    before wp_page_reuse(), except in 5.9-rc4 … rc6 (:class:`~mmspec.era.WpReuseUnlock` AFTER_PTL,
    09854ba94c6a until be068f29034f), where unlock_page() follows wp_page_reuse()'s pte_unmap_unlock().
    With ``stop`` (a scripted or explored interleaving), an anon reuse returns :attr:`VmFault.REUSED` at
    the point after the page-table lock was dropped, leaving the page locked in those candidates: the
    caller (mmspec/mm/fault.py) finishes with unlock_page().
    """
    if era.special_rule in (SpecialRule.PAGE_RESERVED, SpecialRule.VMA_RESERVED):
        # Before 2.6.15-rc3 do_wp_page() takes any pfn_valid() page, PG_reserved ones included; a pfn without
        # struct page is a "bogus page" (2.6.14) or a bad PTE (rc1), VM_FAULT_OOM; rc1 BUGs on VM_RESERVED.
        if vma.has(VM.VM_RESERVED) and era.special_rule is SpecialRule.VMA_RESERVED:
            raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: do_wp_page: BUG_ON(vma->vm_flags & VM_RESERVED)")
        if not k.pfn_valid(pte.pfn):
            return VmFault.OOM
        old: int | None = pte.pfn
    else:
        old = vm_normal_page(k, era, vma, vpn, pte)
    shared_writable = vma.flags & (VM.VM_WRITE | VM.VM_SHARED) == VM.VM_WRITE | VM.VM_SHARED
    reuse = False
    locked = False  # 5.9-rc4 … rc6: the page stays locked past wp_page_reuse()
    anon_reuse = False
    if old is None and shared_writable and era.wp_shared_special is WpSharedSpecial.REUSE:
        reuse = True
    elif old is not None and k.page(old).anon:
        reuse = anon_reuse = _reuse_anon(k, era, old)
        if reuse:
            _exclusive(k, era, old)
            locked = era.wp_reuse_unlock is WpReuseUnlock.AFTER_PTL and not unshare and trylock_page(k, old)
    elif old is not None and shared_writable:
        set_page_dirty(k, old)  # dirty_page: set_page_dirty_balance() under a get/put
        reuse = True
    elif old is not None and era.wp_reuse_anon is WpReuseAnon.PAGE_COUNT:
        reuse = _reuse_page_count(k, old)
    if reuse:
        if not unshare:
            # wp_page_reuse(): the PTE made young, dirty and writable, then pte_unmap_unlock().
            k.set_pte(mm, vpn, replace(pte, young=True, dirty=True, write=vma.has(VM.VM_WRITE)))
        if stop and anon_reuse and not unshare:
            return VmFault.REUSED  # the interleaving point: the PT lock dropped, the page locked if ``locked``
        if locked:
            assert old is not None
            unlock_page(k, old)
        return VmFault.MINOR
    reserved = old is not None and era.page_reserved is PageReserved.HONOURED and k.page(old).has(PG.PG_reserved)
    if old is not None and not (reserved and era.zero_cow_ref is ZeroCowRef.SKIP):
        get_page(k, old)  # the temporary reference (before 2.6.8 also on a PG_reserved page, never dropped)
    vma = anon_vma_prepare(k, mm, vma)
    new = alloc_page(k, data=0 if pte.pfn == ZERO_PFN else k.read_frame(pte.pfn))
    k.log(KLogKind.COW, f"{mm}: COW at page {vpn:#x} replaces pfn {pte.pfn:#x} with pfn {new:#x}", pte.pfn, mm)
    if old is not None and not reserved:
        page_remove_rmap(k, old)
        if not k.page(old).anon:
            k.add_counters(mm, file_rss=-1, anon_rss=1)
    else:
        k.add_counters(mm, anon_rss=1)  # a NULL old page, or (before 2.6.15-rc1) a PG_reserved one: rss + 1
    map_new_anon_page(
        k, era, mm, vma, vpn, new, Pte(new, write=vma.has(VM.VM_WRITE) and not unshare, dirty=not unshare, young=True)
    )
    if old is not None:
        put_page(k, old, era)  # new_page = old_page; page_cache_release(new_page): the old PTE's reference
        put_page(k, old, era)  # page_cache_release(old_page): the temporary reference
    return VmFault.MINOR


@kernel_function(pte=("mm", "vpn"))
def do_swap_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pte: Pte, write: bool) -> VmFault:
    """Model of do_swap_page() in mm/memory.c: a fault on a swap PTE.

    lookup_swap_cache() (+1) or read_swap_cache_async() (a new page in the swap cache, swap_map + 1 for
    the cache); mark_page_accessed; anon_rss + 1; the PTE maps the page with vm_page_prot;
    page_add_anon_rmap(); swap_free() of the PTE's count.  Which page may be written at once:

    * until 5.17, a write fault when can_share_swap_page() holds (reuse_swap_page() from 2.6.29: the same
      test, which also takes the reused page out of the swap cache); otherwise the swap cache is dropped with
      remove_exclusive_swap_page() when swap is more than half full (or, from 2.6.28, the VMA is mlocked);
    * from 5.18 (:class:`~mmspec.era.SwapinCow`), the swap cache is freed first when this fault is its
      only other user (or swap is full, or the VMA mlocked), and a write fault maps the page writable if
      its refcount is then 1;
    * from 5.19, a page whose swap PTE had the exclusive marker, or whose refcount is 1 once the swap cache
      was freed, is mapped AnonExclusive and writable if VM_WRITE, even for a read fault.

    A page this fault read in still has lru_cache_add_active()'s per-CPU pagevec reference (nothing drained
    it), so the count tests above fail for it.  A write fault on a still-shared page continues in
    do_wp_page().  The lookup reference becomes the PTE's.
    """
    slot = pte.swap
    pfn = lookup_swap_cache(k, slot)
    if pfn is None:
        pfn = read_swap_cache_async(k, slot)
        fault = VmFault.MAJOR
    else:
        fault = VmFault.MINOR
    pagevec = 1 if fault is VmFault.MAJOR else 0
    mark_page_accessed(k, pfn)
    k.add_counters(mm, anon_rss=1)
    new = Pte(pfn, young=True, write=pte_prot_writable(era, vma))  # mk_pte(page, vma->vm_page_prot)
    locked = vma.has(VM.VM_LOCKED) and era.mlock_special is not MlockSpecial.LOCK_ALL
    if era.swapin_cow is SwapinCow.REFCOUNT:
        tracked = era.anon_exclusive is AnonExclusive.TRACKED
        exclusive = tracked and pte.exclusive
        swap_free(k, slot)
        page = k.page(pfn)
        if page.has(PG.PG_swapcache) and (vm_swap_full(k) or locked or (write and page.count + pagevec == 2)):
            try_to_free_swap(k, pfn)  # should_try_to_free_swap(); folio_free_swap() from 6.x
        if (exclusive or k.page(pfn).count + pagevec == 1) and (write or tracked):
            new = replace(new, write=vma.has(VM.VM_WRITE), dirty=write)
            write = False
        k.set_pte(mm, vpn, new)
        page_add_anon_rmap(k, pfn, vma, vpn)
        if tracked and (new.write or exclusive):
            k.set_page(pfn, anon_exclusive=True)
    elif era.wp_reuse_anon is WpReuseAnon.PAGE_COUNT:
        # Before 2.6.13 (v2.6.12 do_swap_page()): swap_free() first, then the page_count test.
        swap_free(k, slot)
        if write and _reuse_page_count(k, pfn, pagevec):
            new = replace(new, write=vma.has(VM.VM_WRITE), dirty=True)
            write = False
        k.set_pte(mm, vpn, new)
        page_add_anon_rmap(k, pfn, vma, vpn)
        if (vm_swap_full(k) or locked) and not pagevec:
            remove_exclusive_swap_page(k, pfn)
    else:
        if write and _reuse_swap_page(k, era, pfn):
            new = replace(new, write=vma.has(VM.VM_WRITE), dirty=True)
            write = False
        k.set_pte(mm, vpn, new)
        page_add_anon_rmap(k, pfn, vma, vpn)
        swap_free(k, slot)
        if (vm_swap_full(k) or locked) and not pagevec:
            remove_exclusive_swap_page(k, pfn)
    if write:
        do_wp_page(k, era, mm, vma, vpn, new)
    return fault


@kernel_function(pte=("mm", "vpn"))
def handle_mm_fault(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, write: bool, stop: bool = False) -> VmFault:
    """Model of handle_mm_fault() → handle_pte_fault() in mm/memory.c.

    pte_none: a VMA without vm_ops => do_anonymous_page; ``vma->vm_ops->fault`` => __do_fault (2.6.23+;
    page-cache and shmem VMAs use it from then on, with do_no_page's accounting; from 3.15 the read faults
    of a table with ->map_pages first fault around, do_fault_around()); ->nopage => do_no_page; ->nopfn =>
    do_no_pfn; vm_ops with none of them => do_anonymous_page until 4.1, SIGBUS from 4.2.  The hooks are
    called through the VMA's table (:func:`mmspec.mm.ops.vm_ops`), never a driver directly.  Swap PTE =>
    do_swap_page.  Present: a write to a read-only PTE => do_wp_page (``stop``: to its interleaving point,
    :attr:`VmFault.REUSED`, when it reuses an anon page); otherwise only young/dirty change.
    """
    pte = k.pte(mm, vpn)
    if pte is None:
        ops = vm_ops(vma)
        if ops is None:
            return do_anonymous_page(k, era, mm, vma, vpn, write)
        if ops.fault is not None and era.fault_hook is not FaultHook.ABSENT:
            # do_read_fault(): only tables with ->map_pages (the page cache's) fault around.
            if (
                not write
                and ops.map_pages
                and era.fault_around is FaultAround.MAP_PAGES
                and do_fault_around(k, era, mm, vma, vpn)
            ):
                return VmFault.MINOR
            return __do_fault(k, era, mm, vma, vpn, write)
        if ops.nopage is not None:
            return do_no_page(k, era, mm, vma, vpn, write)
        if ops.nopfn is not None:
            return do_no_pfn(k, era, mm, vma, vpn, write)
        if era.no_fault_handler is NoFaultHandler.SIGBUS:
            return VmFault.SIGBUS
        return do_anonymous_page(k, era, mm, vma, vpn, write)
    if not pte.present:
        return do_swap_page(k, era, mm, vma, vpn, pte, write)
    if write and not pte.write:
        return do_wp_page(k, era, mm, vma, vpn, pte, stop=stop)
    k.set_pte(mm, vpn, replace(pte, young=True, dirty=pte.dirty or write))
    return VmFault.MINOR


# --- driver helpers --------------------------------------------------------------------------------------


@kernel_function()
def remap_pfn_range(k: Kernel, era: Era, mm: str, vma: Vma, pfn: int, pages: int) -> tuple[Vma, Outcome]:
    """Model of remap_pfn_range() in mm/memory.c over the whole VMA.

    A COW mapping must be remapped whole (else -EINVAL, before any flag is set) and gets vm_pgoff = pfn
    (the linear rule vm_normal_page() relies on).  Sets VM_IO|VM_RESERVED|VM_PFNMAP, from 3.7
    VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP (:class:`~mmspec.era.Reserved`).  Each PTE is a raw pfn
    (special with pte_special) with no count, mapcount or rss; a PTE that is not none is a BUG.  Before
    2.6.15-rc6 (:class:`~mmspec.era.RemapPfn`): vm_pgoff = pfn for every VMA (rc3 … rc5); VM_IO|VM_RESERVED
    and no VM_PFNMAP (2.6.10/11 … rc2), no flag at all before; before rc1 a pfn whose page is neither
    PG_reserved nor without struct page gets no PTE.

    :return: the updated VMA and ok or the errno
    """
    rule = era.remap_pfn
    if rule is RemapPfn.PFNMAP_PGOFF or (rule is RemapPfn.PFNMAP_COW_PGOFF and is_cow_mapping(vma.flags)):
        if pages != vma.pages:
            return vma, errno("EINVAL")
        vma = replace(vma, pgoff=pfn)
    if rule in (RemapPfn.RESERVED_PAGES, RemapPfn.ALL_PFNS):
        vma = replace(vma, flags=vma.flags | VM.VM_IO | VM.VM_RESERVED)
    elif rule is RemapPfn.RESERVED_PAGES_NO_FLAGS:
        pass
    elif era.reserved is Reserved.PRESENT:
        vma = replace(vma, flags=vma.flags | VM.VM_IO | VM.VM_RESERVED | VM.VM_PFNMAP)
    else:
        vma = replace(vma, flags=vma.flags | VM.VM_IO | VM.VM_PFNMAP | VM.VM_DONTEXPAND | VM.VM_DONTDUMP)
    k.put_vma(mm, vma)
    special = era.pte_special is PteSpecial.BIT
    only_reserved = rule in (RemapPfn.RESERVED_PAGES_NO_FLAGS, RemapPfn.RESERVED_PAGES)
    for i in range(pages):
        vpn = vma.start + i
        if only_reserved and k.pfn_valid(pfn + i) and not k.page(pfn + i).has(PG.PG_reserved):
            continue  # before 2.6.15-rc1 an ordinary RAM page is silently left unmapped
        if k.pte(mm, vpn) is not None:
            raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: remap_pte_range: BUG_ON(!pte_none(*pte))")
        k.set_pte(mm, vpn, Pte(pfn + i, write=pte_prot_writable(era, vma), young=True, special=special))
    return vma, OK


@kernel_function()
def zeromap_page_range(k: Kernel, era: Era, mm: str, vma: Vma) -> None:
    """Model of zeromap_page_range() in mm/memory.c (until 2.6.23), which mmap_zero() in
    drivers/char/mem.c runs over every private /dev/zero mapping at mmap time: per page,
    page_cache_get(ZERO_PAGE), page_add_file_rmap(), file_rss + 1 and a write-protected PTE; a PTE that is
    not none is a BUG (2.6.20 returns -EEXIST instead).  Before 2.6.15-rc1 (:class:`~mmspec.era.ZeroPage`
    RESERVED) the PG_reserved ZERO_PAGE gets no reference, mapcount or rss."""
    for vpn in range(vma.start, vma.end):
        if era.zero_page is ZeroPage.REFCOUNTED:
            get_page(k, ZERO_PFN)
            page_add_file_rmap(k, ZERO_PFN)
            k.add_counters(mm, file_rss=1)
        if k.pte(mm, vpn) is not None:
            raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: zeromap_pte_range: BUG_ON(!pte_none(*pte))")
        k.set_pte(mm, vpn, Pte(ZERO_PFN, young=True))


@kernel_function(pte=("mm", "vpn"))
def insert_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int) -> Outcome:
    """Model of insert_page() in mm/memory.c: PageAnon => -EINVAL; PTE not none => -EBUSY; else
    get_page(), file_rss + 1, page_add_file_rmap() and a normal PTE with vm_page_prot.  From 6.11 the zero
    page gets a special PTE and no counts (:class:`~mmspec.era.InsertZeroPage`)."""
    if k.page(pfn).anon:
        return errno("EINVAL")
    if k.pte(mm, vpn) is not None:
        return errno("EBUSY")
    if pfn == ZERO_PFN and era.insert_zero_page is InsertZeroPage.SPECIAL:
        k.set_pte(mm, vpn, Pte(pfn, young=True, special=True))
        return OK
    get_page(k, pfn)
    k.add_counters(mm, file_rss=1)
    page_add_file_rmap(k, pfn)
    k.set_pte(mm, vpn, Pte(pfn, write=pte_prot_writable(era, vma), young=True))
    return OK


@kernel_function(pte=("mm", "vpn"))
def vm_insert_page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int) -> tuple[Vma, Outcome]:
    """Model of vm_insert_page() in mm/memory.c.

    Address outside the VMA => -EFAULT; page_count 0 => -EINVAL; sets VM_INSERTPAGE, from 3.7 VM_MIXEDMAP
    (a VM_PFNMAP VMA is then a BUG), even if the insert fails; then :func:`insert_page`.

    :return: the updated VMA and ok or the errno
    """
    if not vma.contains(vpn):
        return vma, errno("EFAULT")
    if not k.pfn_valid(pfn) or k.page(pfn).count == 0:
        return vma, errno("EINVAL")
    if era.insert_page_flag is InsertPageFlag.INSERTPAGE:
        vma = replace(vma, flags=vma.flags | VM.VM_INSERTPAGE)
    elif not vma.has(VM.VM_MIXEDMAP):
        if vma.has(VM.VM_PFNMAP):
            raise KernelBug(
                "kernel-bug", "kernel BUG at mm/memory.c: vm_insert_page: BUG_ON(vma->vm_flags & VM_PFNMAP)"
            )
        vma = replace(vma, flags=vma.flags | VM.VM_MIXEDMAP)
    k.put_vma(mm, vma)
    return vma, insert_page(k, era, mm, vma, vpn, pfn)


@kernel_function(pte=("mm", "vpn"))
def vm_insert_pfn(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int) -> Outcome:
    """Model of vm_insert_pfn() / vmf_insert_pfn() → insert_pfn() in mm/memory.c (2.6.21+).

    BUG unless the VMA is VM_PFNMAP (2.6.21) or exactly one of VM_PFNMAP/VM_MIXEDMAP (2.6.26+); BUG on a
    COW PFNMAP VMA; BUG on a MIXEDMAP VMA with a pfn that has a struct page.  A PTE that is present =>
    -EBUSY (VM_FAULT_NOPAGE for vmf_insert_pfn()).  Else a raw pfn PTE (special with pte_special) with
    vm_page_prot and no count, mapcount or rss.
    """
    pfnmap, mixed = vma.has(VM.VM_PFNMAP), vma.has(VM.VM_MIXEDMAP)
    if era.insert_pfn is InsertPfn.PFNMAP and not pfnmap:
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: vm_insert_pfn: BUG_ON(!(vma->vm_flags & VM_PFNMAP))")
    if era.insert_pfn is InsertPfn.PFNMAP_OR_MIXEDMAP and pfnmap == mixed:
        raise KernelBug(
            "kernel-bug", "kernel BUG at mm/memory.c: vm_insert_pfn: BUG_ON(!(vma->vm_flags & (VM_PFNMAP|VM_MIXEDMAP)))"
        )
    if pfnmap and is_cow_mapping(vma.flags):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: vm_insert_pfn: BUG_ON(is_cow_mapping(vma->vm_flags))")
    if mixed and k.pfn_valid(pfn):
        raise KernelBug("kernel-bug", "kernel BUG at mm/memory.c: vm_insert_pfn: BUG_ON(VM_MIXEDMAP && pfn_valid(pfn))")
    if k.pte(mm, vpn) is not None:
        return errno("EBUSY")
    k.set_pte(
        mm, vpn, Pte(pfn, write=pte_prot_writable(era, vma), young=True, special=era.pte_special is PteSpecial.BIT)
    )
    return OK


@kernel_function(pte=("mm", "vpn"))
def vm_insert_mixed(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, pfn: int) -> Outcome:
    """Model of vm_insert_mixed() / vmf_insert_mixed() in mm/memory.c (2.6.26+).

    BUG unless VM_MIXEDMAP.  With pte_special every pfn gets a special PTE and no counts, RAM included;
    without it a pfn with a struct page goes through insert_page() (counted) and the rest get raw PTEs.
    From 6.11 the zero page always gets a special PTE.
    """
    if not vma.has(VM.VM_MIXEDMAP):
        raise KernelBug(
            "kernel-bug", "kernel BUG at mm/memory.c: vm_insert_mixed: BUG_ON(!(vma->vm_flags & VM_MIXEDMAP))"
        )
    special = era.pte_special is PteSpecial.BIT or (pfn == ZERO_PFN and era.insert_zero_page is InsertZeroPage.SPECIAL)
    if not special and k.pfn_valid(pfn):
        return insert_page(k, era, mm, vma, vpn, pfn)
    if k.pte(mm, vpn) is not None:
        return errno("EBUSY")
    k.set_pte(mm, vpn, Pte(pfn, write=pte_prot_writable(era, vma), young=True, special=special))
    return OK


fast_records(__name__)
