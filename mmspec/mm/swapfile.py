"""Model of swap slot accounting (mm/swapfile.c, 2.6.19).

``swap_map[slot]`` counts the swap PTEs that hold the slot plus one for the swap cache while the slot's
page is in it.  Slots are handed out lowest first.
"""

from __future__ import annotations

from mmspec.mm.ledger import kernel_function
from mmspec.mm.mm_types import PG, Kernel, replace


def _set_map(k: Kernel, slot: int, value: int) -> None:
    assert k.swap is not None
    m = list(k.swap.swap_map)
    m[slot] = value
    k.swap = replace(k.swap, swap_map=tuple(m))


def get_swap_page(k: Kernel) -> int | None:
    """Model of get_swap_page() in mm/swapfile.c → scan_swap_map(): the lowest free slot, with swap_map = 1 (the swap
    cache's count).  Slot 0 holds the swap header and is never handed out."""
    if k.swap is None:
        return None
    for slot, count in enumerate(k.swap.swap_map):
        if count == 0 and slot > 0:
            _set_map(k, slot, 1)
            return slot
    return None


def swap_duplicate(k: Kernel, slot: int) -> None:
    """Model of swap_duplicate() in mm/swapfile.c: swap_map + 1 (fork of a swap PTE, try_to_unmap_one,
    add_to_swap_cache)."""
    assert k.swap is not None
    _set_map(k, slot, k.swap.swap_map[slot] + 1)


def swap_free(k: Kernel, slot: int) -> None:
    """Model of swap_free() in mm/swapfile.c / swap_entry_free(): swap_map - 1."""
    assert k.swap is not None
    _set_map(k, slot, k.swap.swap_map[slot] - 1)


def vm_swap_full(k: Kernel) -> bool:
    """Model of vm_swap_full() in mm/swapfile.c: more than half of the usable swap slots (all but the header) in use."""
    if k.swap is None:
        return False
    used = sum(1 for c in k.swap.swap_map if c)
    return used * 2 > k.swap.slots - 1


def can_share_swap_page(k: Kernel, pfn: int) -> bool:
    """Model of can_share_swap_page() in mm/swapfile.c (page locked): page_mapcount, plus the slot's other users
    when the
    page is in the swap cache, must be exactly 1."""
    page = k.page(pfn)
    c = page.mapcount
    if c <= 1 and page.has(PG.PG_swapcache) and k.swap is not None:
        c += k.swap.swap_map[page.private] - 1
    return c == 1


@kernel_function()
def try_to_free_swap(k: Kernel, pfn: int) -> bool:
    """Model of try_to_free_swap() in mm/swapfile.c (2.6.29+; folio_free_swap() in 6.x; the same steps sit
    inline in 2.6.19's callers): a swap-cache page not under writeback whose slot no swap PTE uses any more
    (swap_map 1, the cache's own count) leaves the swap cache and is dirtied, its data now only in memory."""
    from mmspec.mm.swap_state import delete_from_swap_cache

    page = k.page(pfn)
    if not page.has(PG.PG_swapcache) or page.has(PG.PG_writeback) or k.swap is None:
        return False
    if k.swap.swap_map[page.private] != 1:
        return False
    delete_from_swap_cache(k, pfn)
    k.set_flags(pfn, set_=PG.PG_dirty)
    return True


@kernel_function()
def remove_exclusive_swap_page(k: Kernel, pfn: int) -> bool:
    """Model of remove_exclusive_swap_page() in mm/swapfile.c: a swap-cache page held only by the caller and the cache
    (count 2) whose slot has no other user (swap_map 1) leaves the swap cache and is dirtied."""
    return k.page(pfn).count == 2 and try_to_free_swap(k, pfn)


@kernel_function()
def free_swap_and_cache(k: Kernel, slot: int) -> None:
    """Model of free_swap_and_cache() in mm/swapfile.c (zap of a swap PTE): swap_map - 1; if only the swap cache is left
    and its page is otherwise unused (count 2 with our lookup reference), drop it from the cache."""
    from mmspec.mm.swap import get_page, put_page

    assert k.swap is not None
    swap_free(k, slot)
    if k.swap.swap_map[slot] != 1:
        return
    pfn = k.swap.cached(slot)
    if pfn is None:
        return
    get_page(k, pfn)  # find_get_page()
    if k.page(pfn).count == 2 or vm_swap_full(k):
        try_to_free_swap(k, pfn)
    put_page(k, pfn)
