"""Model of page reference and LRU helpers in mm/swap.c and include/linux/mm.h (2.6.19).

Despite its name, mm/swap.c is about the LRU lists and releasing pages, not about swapping.

The per-CPU pagevecs of lru_cache_add() are drained at once: the model shows settled counts, the values
after lru_add_drain().  The transient pagevec reference is therefore never visible.
"""

from __future__ import annotations

from mmspec.era import Era, PageReserved
from mmspec.mm.ledger import EntryKind, count_changed, kernel_function, skipped
from mmspec.mm.mm_types import PG, Kernel, KLogKind
from mmspec.mm.page_alloc import free_hot_cold_page


@kernel_function()
def get_page(k: Kernel, pfn: int) -> None:
    """Model of get_page() / page_cache_get() in include/linux/mm.h: count + 1."""
    count = k.page(pfn).count
    k.set_page(pfn, count=count + 1)
    if k.ledger is not None:
        count_changed(k, pfn, count, count + 1)


@kernel_function()
def put_page_testzero(k: Kernel, pfn: int) -> bool:
    """Model of put_page_testzero() in include/linux/mm.h: atomic_dec_and_test(&page->_count).

    Without CONFIG_DEBUG_VM a put on count 0 is not caught: the count goes to -1 and nothing is freed.
    The model records the underflow in the kernel log (the VM_BUG_ON a DEBUG_VM kernel would hit).
    """
    page = k.page(pfn)
    if page.count <= 0:
        k.log(KLogKind.PUT_ZERO, f"put_page on pfn {pfn:#x} whose count is {page.count}", pfn)
    k.set_page(pfn, count=page.count - 1)
    if k.ledger is not None:
        count_changed(k, pfn, page.count, page.count - 1)
    return page.count - 1 == 0


def reserved_put_ignored(k: Kernel, era: Era | None, pfn: int) -> bool:
    """Whether put_page() leaves this page alone: a PG_reserved page before 2.6.15-rc1
    (:class:`~mmspec.era.PageReserved` HONOURED; include/linux/mm.h put_page() and mm/swap.c
    release_pages() in 2.6.0 … 2.6.14)."""
    return era is not None and era.page_reserved is PageReserved.HONOURED and k.page(pfn).has(PG.PG_reserved)


@kernel_function()
def put_page(k: Kernel, pfn: int, era: Era | None = None) -> None:
    """Model of put_page() / page_cache_release() (include/linux/mm.h, mm/swap.c): drop a reference; at zero,
    __page_cache_release() takes the page off the LRU and free_hot_page() frees it.  Before 2.6.15-rc1 a
    PG_reserved page is ignored (:func:`reserved_put_ignored`); ``era`` is None only where the page cannot
    be PG_reserved (LRU, swap-cache and page-cache pages)."""
    if reserved_put_ignored(k, era, pfn):
        if k.ledger is not None:
            skipped(k, pfn, "put_page(): PG_reserved page, ignored (before 2.6.15-rc1)", (EntryKind.PUT,))
        return
    if put_page_testzero(k, pfn):
        _page_cache_release(k, pfn)


@kernel_function()
def release_pages(k: Kernel, pfns: list[int]) -> None:
    """Model of release_pages() (mm/swap.c): put each page; pages reaching zero leave the LRU and are
    freed through free_hot_cold_page()."""
    for pfn in pfns:
        if put_page_testzero(k, pfn):
            _page_cache_release(k, pfn)


def _page_cache_release(k: Kernel, pfn: int) -> None:
    k.set_flags(pfn, clear=PG.PG_lru | PG.PG_active)
    free_hot_cold_page(k, pfn)


def lru_cache_add_active(k: Kernel, pfn: int) -> None:
    """Model of lru_cache_add_active() in mm/swap.c then lru_add_drain(): the page lands on the active list
    (PG_lru|PG_active).  The pagevec's transient reference is taken and dropped within the drain."""
    k.set_flags(pfn, set_=PG.PG_lru | PG.PG_active)


def lru_cache_add(k: Kernel, pfn: int) -> None:
    """Model of lru_cache_add() in mm/swap.c then lru_add_drain(): the page lands on the inactive list (PG_lru)."""
    k.set_flags(pfn, set_=PG.PG_lru)


def mark_page_accessed(k: Kernel, pfn: int) -> None:
    """Model of mark_page_accessed() (mm/swap.c): inactive, referenced and on the LRU => activate and
    clear PG_referenced; else set PG_referenced."""
    page = k.page(pfn)
    if page.has(PG.PG_lru) and not page.has(PG.PG_active) and page.has(PG.PG_referenced):
        k.set_flags(pfn, set_=PG.PG_active, clear=PG.PG_referenced)
    elif not page.has(PG.PG_referenced):
        k.set_flags(pfn, set_=PG.PG_referenced)
