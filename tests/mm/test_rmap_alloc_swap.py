"""mm/rmap.c, mm/page_alloc.c, mm/swap.c, mm/swapfile.c and mm/vmscan.c rules (reference sections 6, 8, 9)."""

from __future__ import annotations

import pytest
from helpers import after, page, pte, vma

from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import PG
from mmspec.mm.outcome import KernelBug
from mmspec.mm.page_alloc import alloc_page, free_hot_cold_page
from mmspec.mm.rmap import page_remove_rmap
from mmspec.mm.swap import put_page
from mmspec.mm.swapfile import can_share_swap_page


def test_page_remove_rmap_below_zero_is_a_bug() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\n")
    pfn = pte(k, "P1", "A").pfn
    page_remove_rmap(k, pfn)
    with pytest.raises(KernelBug) as bug:
        page_remove_rmap(k, pfn)
    assert bug.value.invariant == "mapcount-underflow"
    assert "Eeek! page_mapcount(page) went negative! (-1)" in bug.value.message


def test_anon_mapping_survives_unmap_until_free() -> None:
    # page->mapping of an anon page is left set at the last unmap; free_hot_cold_page() clears it.
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: gup A[0] as H\nP1: munmap A\n")
    ref = k.refs["H"]
    p = k.page(ref.pfn)
    assert p.anon and p.mapcount == 0 and p.count == 1
    assert p.mapping is not None and p.mapping.anon_vma not in k.anon_vmas  # type: ignore[union-attr]


def test_free_hot_cold_page_reserved_page_is_reported_and_kept() -> None:
    k = after("")
    k.set_page(ZERO_PFN, count=0)
    free_hot_cold_page(k, ZERO_PFN)
    assert [e.kind for e in k.klog] == ["bad_page"]
    assert not k.page(ZERO_PFN).free and k.page(ZERO_PFN).has(PG.PG_reserved)


def test_free_hot_cold_page_mapped_page_is_fixed_up_and_freed() -> None:
    k = after("")
    pfn = alloc_page(k)
    k.set_page(pfn, count=0, mapcount=1)
    free_hot_cold_page(k, pfn)
    assert [e.kind for e in k.klog] == ["bad_page", "freed"]
    assert k.page(pfn).free and k.page(pfn).mapcount == 0


def test_alloc_page_reuses_the_last_freed_frame() -> None:
    # free_hot_cold_page() puts a freed page at the head of the per-CPU hot list and buffered_rmqueue()
    # takes from the head: the last page freed is the first reused (mm/page_alloc.c, 2.6.19).
    k = after("")
    a, b = alloc_page(k), alloc_page(k)
    put_page(k, a)
    put_page(k, b)
    assert alloc_page(k) == b and alloc_page(k) == a


def test_put_page_on_zero_count_underflows_silently() -> None:
    k = after("")
    pfn = alloc_page(k)
    put_page(k, pfn)
    put_page(k, pfn)  # no CONFIG_DEBUG_VM: -1 and nothing freed again
    assert k.page(pfn).count == -1
    assert [e.kind for e in k.klog] == ["freed", "put_zero"]


SWAP = "swap pages=8\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 5\n"


def test_reclaim_swaps_out_an_unreferenced_anon_page() -> None:
    k = after(SWAP + "reclaim\n")
    p = pte(k, "P1", "A")
    assert not p.present and k.swap is not None and k.swap.swap_map[p.swap] == 1
    assert k.swap.data[p.swap] == 5 and k.swap.cached(p.swap) is None
    assert k.counters("P1").anon_rss == 0


def test_reclaim_without_swap_keeps_anon_pages() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 5\nreclaim\n")
    assert pte(k, "P1", "A").present


def test_mlocked_page_is_added_to_swap_cache_but_stays_mapped() -> None:
    # shrink_page_list(): add_to_swap() comes before try_to_unmap(), which fails on VM_LOCKED.
    k = after(SWAP + "P1: mlock A\nreclaim\n")
    p = page(k, "P1", "A")
    assert p.has(PG.PG_swapcache) and p.count == 2 and p.mapcount == 1


def test_do_swap_page_fork_while_swapped_shares_the_slot() -> None:
    k = after(SWAP + "reclaim\nP1: fork P2\nP2: read A[0] == 5\n")
    child = page(k, "P2", "A")
    parent = pte(k, "P1", "A")
    assert not parent.present and k.swap is not None
    # slot: the parent's swap PTE + the swap cache; the child's PTE count went with swap_free()
    assert k.swap.swap_map[parent.swap] == 2
    assert child.has(PG.PG_swapcache) and child.count == 2 and child.mapcount == 1
    assert not can_share_swap_page(k, child.pfn)  # mapcount 1 + the parent's swap reference


def test_driver_pages_never_reach_the_lru() -> None:
    k = after(
        "device spu preset=spufs\ndevice r preset=ram-nopage\nswap pages=4\n"
        "P1: mmap A dev:spu shared rw\nP1: mmap B dev:r shared rw\nP1: read A[0]\nP1: read B[0]\nreclaim\n"
    )
    for label in ("A", "B"):
        p = page(k, "P1", label)
        assert not p.has(PG.PG_lru) and pte(k, "P1", label).present
    assert vma(k, "P1", "A").has(__import__("mmspec").mm.mm_types.VM.VM_IO)
