"""Model of the generic mmu_gather (include/asm-generic/tlb.h) and mm/swap_state.c's release helpers.

zap_pte_range() hands each normal page's PTE reference to the gather; the references are dropped when
the gather is flushed, after the TLB flush, in the same syscall.  The model uses batch mode (the SMP
case): every page zapped by one syscall is released at tlb_finish_mmu().
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mmspec.mm.ledger import kernel_function
from mmspec.mm.mm_types import PG, Kernel
from mmspec.mm.swap import release_pages
from mmspec.mm.swapfile import remove_exclusive_swap_page


@dataclass
class MmuGather:
    """struct mmu_gather: the pages whose references await the TLB flush."""

    pages: list[int] = field(default_factory=list)


def tlb_gather_mmu() -> MmuGather:
    """Model of tlb_gather_mmu() in include/asm-generic/tlb.h."""
    return MmuGather()


def tlb_remove_page(tlb: MmuGather, pfn: int) -> None:
    """Model of tlb_remove_page() in include/asm-generic/tlb.h: queue the PTE's reference for release after the
    flush."""
    tlb.pages.append(pfn)


@kernel_function()
def free_swap_cache(k: Kernel, pfn: int) -> None:
    """Model of free_swap_cache() in mm/swap_state.c: a swap-cache page whose lock is free gets
    remove_exclusive_swap_page()."""
    if k.page(pfn).has(PG.PG_swapcache):
        remove_exclusive_swap_page(k, pfn)


@kernel_function()
def free_pages_and_swap_cache(k: Kernel, pfns: list[int]) -> None:
    """Model of free_pages_and_swap_cache() in mm/swap_state.c: lru_add_drain(), then free_swap_cache() and
    release_pages() on each chunk."""
    for pfn in pfns:
        free_swap_cache(k, pfn)
    release_pages(k, pfns)


@kernel_function()
def tlb_finish_mmu(k: Kernel, tlb: MmuGather) -> None:
    """Model of tlb_finish_mmu() in include/asm-generic/tlb.h → tlb_flush_mmu(): flush, then release the gathered
    pages."""
    pages, tlb.pages = tlb.pages, []
    free_pages_and_swap_cache(k, pages)
