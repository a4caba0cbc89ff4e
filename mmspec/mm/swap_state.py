"""Model of the swap cache (mm/swap_state.c, 2.6.19).

A page in the swap cache has PG_swapcache, ``page_private`` = its slot, and one reference held by the
cache; the slot's swap_map holds one count for the cache.  Swap readahead is not modelled: the model
runs with vm.page-cluster = 0, which reads one page per swap-in.
"""

from __future__ import annotations

from mmspec.mm.ledger import kernel_function
from mmspec.mm.mm_types import PG, Kernel, replace
from mmspec.mm.page_alloc import alloc_page
from mmspec.mm.swap import get_page, lru_cache_add_active, put_page
from mmspec.mm.swapfile import get_swap_page, swap_duplicate, swap_free


def _cache_set(k: Kernel, slot: int, pfn: int | None) -> None:
    assert k.swap is not None
    rest = tuple((s, p) for s, p in k.swap.cache if s != slot)
    if pfn is not None:
        rest = tuple(sorted((*rest, (slot, pfn))))
    k.swap = replace(k.swap, cache=rest)


@kernel_function()
def __add_to_swap_cache(k: Kernel, pfn: int, slot: int) -> None:
    """Model of __add_to_swap_cache() in mm/swap_state.c: page_cache_get (+1), PG_swapcache, private = slot."""
    get_page(k, pfn)
    k.set_flags(pfn, set_=PG.PG_swapcache)
    k.set_page(pfn, private=slot)
    _cache_set(k, slot, pfn)


@kernel_function()
def add_to_swap(k: Kernel, pfn: int) -> bool:
    """Model of add_to_swap() in mm/swap_state.c (reclaim): allocate a slot and put the page in the swap cache,
    uptodate and
    dirty.  False when there is no free slot."""
    slot = get_swap_page(k)
    if slot is None:
        return False
    __add_to_swap_cache(k, pfn, slot)
    k.set_flags(pfn, set_=PG.PG_uptodate | PG.PG_dirty)
    return True


@kernel_function()
def delete_from_swap_cache(k: Kernel, pfn: int) -> None:
    """Model of delete_from_swap_cache() in mm/swap_state.c: leave the cache, swap_free() the slot, drop the
    cache's ref."""
    page = k.page(pfn)
    slot = page.private
    k.set_flags(pfn, clear=PG.PG_swapcache)
    k.set_page(pfn, private=-1)
    _cache_set(k, slot, None)
    swap_free(k, slot)
    put_page(k, pfn)


@kernel_function()
def lookup_swap_cache(k: Kernel, slot: int) -> int | None:
    """Model of lookup_swap_cache() in mm/swap_state.c: the cached page, with a reference for the caller."""
    assert k.swap is not None
    pfn = k.swap.cached(slot)
    if pfn is not None:
        get_page(k, pfn)
    return pfn


@kernel_function()
def read_swap_cache_async(k: Kernel, slot: int) -> int:
    """Model of read_swap_cache_async() in mm/swap_state.c: a new page (count 1, the caller's) added to the swap cache
    (add_to_swap_cache: swap_duplicate + cache ref) and the active LRU, filled from the slot.  The read
    completes at once, so the page is uptodate."""
    assert k.swap is not None
    pfn = alloc_page(k, data=k.swap.data[slot])
    swap_duplicate(k, slot)
    __add_to_swap_cache(k, pfn, slot)
    lru_cache_add_active(k, pfn)
    k.set_flags(pfn, set_=PG.PG_uptodate)
    return pfn


def swap_writepage(k: Kernel, pfn: int) -> None:
    """Model of swap_writepage() in mm/page_io.c: the page's contents go to its slot (I/O completes synchronously)."""
    assert k.swap is not None
    page = k.page(pfn)
    data = list(k.swap.data)
    data[page.private] = page.data
    k.swap = replace(k.swap, data=tuple(data))
