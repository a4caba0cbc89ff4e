"""Model of page reclaim (mm/vmscan.c, 2.6.19): shrink_active_list() and shrink_page_list(), with
try_to_unmap() (mm/rmap.c), add_to_swap() and pageout().

Reclaim only ever looks at pages on the LRU: a driver's pages, which nobody puts there, are never seen.
The model runs under enough pressure that mapped pages may be reclaimed (``reclaim_mapped``), keeps one
LRU order (insertion order, oldest first; PG_active says which list a page is on, and activation does not
move it), and completes I/O synchronously, so a page written out is freed in the same pass.
:func:`reclaim` repeats passes until one changes nothing, like direct reclaim working down to priority 0.
"""

from __future__ import annotations

from mmspec.era import Era, MlockSpecial, ReclaimBackoff, ReclaimPinned, SpecialRule
from mmspec.mm.filemap import remove_from_page_cache, writepage
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import page_maybe_dma_pinned, vm_normal_page
from mmspec.mm.mm_types import PG, VM, FileMapping, Kernel, KLogKind, Pte, is_shmem, replace
from mmspec.mm.rmap import (
    page_check_address,
    page_referenced,
    page_remove_rmap,
    rmap_walk,
)
from mmspec.mm.swap import get_page, put_page
from mmspec.mm.swap_state import add_to_swap, delete_from_swap_cache, swap_writepage
from mmspec.mm.swapfile import remove_exclusive_swap_page, swap_duplicate

SWAP_SUCCESS, SWAP_AGAIN, SWAP_FAIL = "SWAP_SUCCESS", "SWAP_AGAIN", "SWAP_FAIL"
RECLAIM_PASSES = 8

# The SpecialRule values under which try_to_unmap_one() refuses VM_RESERVED VMAs (2.6.0 … 2.6.15-rc2).
_RESERVED_REFUSED = (SpecialRule.PAGE_RESERVED, SpecialRule.VMA_RESERVED)


@kernel_function(pte=("mm", "vpn"))
def try_to_unmap_one(k: Kernel, era: Era, pfn: int, mm: str, vpn: int) -> str:
    """Model of try_to_unmap_one() in mm/rmap.c (not migration): a VM_LOCKED VMA or a young PTE => SWAP_FAIL.  Else
    clear the PTE (dirty => set_page_dirty); an anon page leaves a swap entry (swap_duplicate,
    anon_rss - 1; from 5.19 an AnonExclusive page passes its exclusive bit to the swap PTE, and one that may
    be pinned is not unmapped), a file page just goes (file_rss - 1); page_remove_rmap; page_cache_release.
    No VM_IO/VM_PFNMAP test; before 2.6.15-rc3 a VM_RESERVED VMA fails like a VM_LOCKED one (dropped by
    101d2be7646b, "[PATCH] unpaged: VM_NONLINEAR VM_RESERVED", in the release whose 6aab341e0a28 ends
    :class:`~mmspec.era.SpecialRule` VMA_RESERVED; read in v2.6.11 … v2.6.15-rc2).  From 2.6.7 to 2.6.12
    (:class:`~mmspec.era.ReclaimBackoff` EXTRA_REF) a swap-cache page whose count is not mapcount + 2 (the
    swap cache and reclaim's isolation reference) fails too: a GUP reference keeps it mapped (v2.6.12
    mm/rmap.c)."""

    vma = k.find_vma(mm, vpn)
    pte = page_check_address(k, pfn, mm, vpn)
    if vma is None or pte is None:
        return SWAP_AGAIN
    if vma.has(VM.VM_LOCKED) or (vma.has(VM.VM_RESERVED) and era.special_rule in _RESERVED_REFUSED):
        return SWAP_FAIL
    if pte.young:
        k.set_pte(mm, vpn, replace(pte, young=False))  # ptep_clear_flush_young()
        return SWAP_FAIL
    page = k.page(pfn)
    if (
        era.reclaim_backoff is ReclaimBackoff.EXTRA_REF
        and page.has(PG.PG_swapcache)
        and page.count != page.mapcount + 2
    ):
        return SWAP_FAIL  # 2.6.7-2.6.12: "don't pull an anonymous page out from under get_user_pages"
    special = vm_normal_page(k, era, vma, vpn, pte) is None
    k.log(
        KLogKind.RECLAIM_UNMAP,
        f"try_to_unmap_one: pfn {pfn:#x} unmapped from {mm}"
        + (", a PTE vm_normal_page() calls special" if special else ""),
        pfn,
        mm,
        special=special,
    )
    if pte.dirty:
        k.set_flags(pfn, set_=PG.PG_dirty)
    page = k.page(pfn)
    if page.anon:
        exclusive = page.anon_exclusive
        if exclusive:
            # page_try_share_anon_rmap() (5.19+): a possibly pinned exclusive page stays mapped; otherwise
            # the exclusive bit moves into the swap PTE.
            if page_maybe_dma_pinned(page):
                return SWAP_FAIL
            k.set_page(pfn, anon_exclusive=False)
        swap_duplicate(k, page.private)
        k.set_pte(mm, vpn, Pte(swap=page.private, exclusive=exclusive))
        k.add_counters(mm, anon_rss=-1)
    else:
        k.set_pte(mm, vpn, None)
        k.add_counters(mm, file_rss=-1)
    page_remove_rmap(k, pfn)
    put_page(k, pfn)
    return SWAP_AGAIN  # as the kernel's: try_to_unmap() decides SUCCESS from page_mapped()


@kernel_function()
def try_to_unmap(k: Kernel, era: Era, pfn: int) -> str:
    """Model of try_to_unmap(page, 0) in mm/rmap.c: unmap from every VMA the rmap walk finds; SWAP_SUCCESS once the
    page is no longer mapped."""
    ret = SWAP_AGAIN
    for mm, _vma, vpn in rmap_walk(k, pfn):
        ret = try_to_unmap_one(k, era, pfn, mm, vpn)
        if ret == SWAP_FAIL:
            break
    if k.page(pfn).mapcount == 0:
        return SWAP_SUCCESS
    return ret


def _page_mapping(k: Kernel, pfn: int) -> str | None:
    """page_mapping(): swapper_space for a swap-cache page, the file for a page-cache page, else None."""
    page = k.page(pfn)
    if page.has(PG.PG_swapcache):
        return "swapper_space"
    if isinstance(page.mapping, FileMapping):
        return page.mapping.name
    return None


def _page_mapping_inuse(k: Kernel, pfn: int) -> bool:
    """page_mapping_inuse(): mapped, in the swap cache, or its file is mmapped by somebody."""
    page = k.page(pfn)
    if page.mapcount > 0 or page.has(PG.PG_swapcache):
        return True
    mapping = _page_mapping(k, pfn)
    return mapping is not None and bool(k.i_mmap.get(mapping))  # mapping_mapped()


def _remove_mapping(k: Kernel, pfn: int) -> bool:
    """Model of remove_mapping() in mm/vmscan.c: only with count == 2 (isolation + cache) and clean; drops the cache."""
    page = k.page(pfn)
    if page.count != 2 or page.has(PG.PG_dirty):
        return False
    if page.has(PG.PG_swapcache):
        delete_from_swap_cache(k, pfn)
    else:
        remove_from_page_cache(k, pfn)
        put_page(k, pfn)
    return True


def _mlocked(k: Kernel, pfn: int) -> bool:
    """try_to_munlock()'s rmap walk: a VM_LOCKED VMA maps the page (PG_mlocked in 2.6.28+)."""
    return any(
        vma.has(VM.VM_LOCKED) and page_check_address(k, pfn, mm, vpn) is not None for mm, vma, vpn in rmap_walk(k, pfn)
    )


@kernel_function("shrink_page_list")
def shrink_page_list_one(k: Kernel, era: Era, pfn: int) -> str:
    """Model of shrink_page_list() in mm/vmscan.c for one isolated inactive page: "activate", "keep" or "freed".

    referenced and in use => activate.  Anon not in swap cache => add_to_swap (no slot => activate).
    Mapped with a mapping => try_to_unmap (FAIL => activate, AGAIN => keep).  Dirty => pageout (referenced
    => keep).  Then remove_mapping (count must be 2) and free the page with the isolation reference.
    """
    page = k.page(pfn)
    if page.has(PG.PG_locked):
        # TestSetPageLocked() (trylock_page() later) fails: another task holds the page lock (a write fault
        # stopped in 5.9-rc4 … rc6's do_wp_page() window, the only holder in the model).
        return "keep"
    if page.has(PG.PG_writeback):
        return "keep"
    referenced = page_referenced(k, era, pfn)
    if referenced and _page_mapping_inuse(k, pfn):
        return "activate"
    page = k.page(pfn)
    if era.mlock_special is not MlockSpecial.LOCK_ALL and _mlocked(k, pfn):
        return "keep"  # 2.6.28+: culled to the unevictable list (page_evictable(), try_to_munlock())
    if page.anon and not page.has(PG.PG_swapcache):
        if era.reclaim_pinned is ReclaimPinned.SKIP and page_maybe_dma_pinned(page):
            return "keep"  # folio_maybe_dma_pinned(): no swap slot for a pinned page
        if not add_to_swap(k, pfn):
            return "activate"
    mapping = _page_mapping(k, pfn)
    if k.page(pfn).mapcount > 0 and mapping is not None:
        ret = try_to_unmap(k, era, pfn)
        if ret == SWAP_FAIL:
            return "activate"
        if ret == SWAP_AGAIN:
            return "keep"
    if k.page(pfn).has(PG.PG_dirty):
        if referenced:
            return "keep"
        if mapping is None or k.page(pfn).count != 2:  # is_page_cache_freeable()
            return "keep"
        if is_shmem(mapping):
            # shmem_writepage() would move the page to the swap cache; not modelled: the model takes its
            # AOP_WRITEPAGE_ACTIVATE path (no free swap slot), which redirties and activates the page.
            return "activate"
        if k.page(pfn).has(PG.PG_swapcache):
            if remove_exclusive_swap_page(k, pfn):  # swap_writepage(): nobody else holds the slot
                return "keep"
            k.set_flags(pfn, clear=PG.PG_dirty)  # clear_page_dirty_for_io()
            swap_writepage(k, pfn)
        else:
            k.set_flags(pfn, clear=PG.PG_dirty)
            writepage(k, pfn)
    if mapping is None or not _remove_mapping(k, pfn):
        return "keep"
    put_page(k, pfn)  # free_it: the isolation reference
    return "freed"


@kernel_function()
def isolate_lru_page(k: Kernel, pfn: int) -> None:
    """Model of isolate_lru_page() in mm/vmscan.c (folio_isolate_lru() in 6.x; the same steps inline in
    2.6.19's isolate_lru_pages()): get_page_unless_zero() takes the isolation reference and PG_lru is
    cleared, which takes the page off the LRU.  The caller has checked that the page is on the LRU with a
    non-zero count."""
    get_page(k, pfn)
    k.set_flags(pfn, clear=PG.PG_lru)


@kernel_function()
def putback_lru_page(k: Kernel, pfn: int, active: bool = False) -> None:
    """Model of putback_lru_page() in mm/vmscan.c (folio_putback_lru() in 6.x; 2.6.19's shrink_inactive_list()
    puts pages back inline): PG_lru again, PG_active too for a page reclaim activated, so the page rejoins
    the tail of the LRU; then put_page() drops the isolation reference."""
    k.set_flags(pfn, set_=PG.PG_lru | (PG.PG_active if active else 0))
    put_page(k, pfn)


def shrink_list_pass(k: Kernel, era: Era) -> None:
    """One pass of shrink_zone() in mm/vmscan.c: shrink_active_list() then shrink_inactive_list().

    Active list: a mapped page stays active if it is anon with no swap configured or page_referenced();
    every other page goes inactive.  Inactive list: each page is isolated (+1, PG_lru cleared), run
    through shrink_page_list(), and put back (PG_lru, PG_active if activated, -1) unless freed.
    """
    active = [pfn for pfn in k.lru if k.page(pfn).has(PG.PG_active)]
    for pfn in active:
        page = k.page(pfn)
        if page.mapcount > 0 and ((k.swap is None and page.anon) or page_referenced(k, era, pfn)):
            continue
        k.set_flags(pfn, clear=PG.PG_active)
    inactive = [pfn for pfn in k.lru if not k.page(pfn).has(PG.PG_active)]
    for pfn in inactive:
        if k.page(pfn).count == 0:
            continue
        isolate_lru_page(k, pfn)
        verdict = shrink_page_list_one(k, era, pfn)
        if verdict == "freed":
            continue
        putback_lru_page(k, pfn, active=verdict == "activate")


def reclaim(k: Kernel, era: Era) -> int:
    """try_to_free_pages() in mm/vmscan.c, as a fixpoint: reclaim until a pass changes nothing (at most
    RECLAIM_PASSES passes).

    :return: the number of passes that changed something
    """
    for n in range(RECLAIM_PASSES):
        before = k.snapshot(but=("lru",))  # a kept page rotating to the LRU tail is no progress
        shrink_list_pass(k, era)
        if k.snapshot(but=("lru",)) == before:
            return n
    return RECLAIM_PASSES


@kernel_function()
def reclaim_pages(k: Kernel, era: Era, pfns: list[int]) -> None:
    """Model of reclaim_pages() → shrink_folio_list(ignore_references=true) (mm/vmscan.c, 5.4+), as
    MADV_PAGEOUT uses it on the pages it isolated: an mlocked page is culled; an anon page gets a swap slot
    (none free: kept), is unmapped and written out.  The write is asynchronous block I/O, so the page is
    still under writeback when shrink_folio_list() looks again and stays in the swap cache (a later swap-in
    finds it there)."""
    for pfn in pfns:
        page = k.page(pfn)
        if page.count == 0 or not page.has(PG.PG_lru):
            continue
        isolate_lru_page(k, pfn)
        pinned = era.reclaim_pinned is ReclaimPinned.SKIP and page_maybe_dma_pinned(page)
        in_swap = (
            not _mlocked(k, pfn)
            and not (pinned and not page.has(PG.PG_swapcache))
            and (page.has(PG.PG_swapcache) or add_to_swap(k, pfn))
        )
        if in_swap and try_to_unmap(k, era, pfn) == SWAP_SUCCESS and k.page(pfn).has(PG.PG_dirty):
            k.set_flags(pfn, clear=PG.PG_dirty)
            swap_writepage(k, pfn)  # completes later: the page is kept in the swap cache
        putback_lru_page(k, pfn)
