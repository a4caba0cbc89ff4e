"""Rules found by reading v2.6.19 against the model (docs/model.md, "review against the source")."""

from __future__ import annotations

from helpers import STOCK, after, page, pte, vma

from mmspec.era import resolve_era
from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import PG
from mmspec.runner.run import execute
from mmspec.scenario.parse import parse_text


def test_mmap_zero_private_prefills_zero_page() -> None:
    # drivers/char/mem.c mmap_zero() -> zeromap_page_range(): every page maps ZERO_PAGE at mmap time.
    k = after("P1: mmap A zero pages=2 private rw\n")
    assert k.page(ZERO_PFN).mapcount == 2 and k.page(ZERO_PFN).count == 3
    assert k.counters("P1").file_rss == 2
    assert not pte(k, "P1", "A").write


def test_shmem_page_survives_reclaim() -> None:
    k = after("swap pages=8\nP1: mmap A anon pages=1 shared rw\nP1: write A[0] = 5\nreclaim\nP1: read A[0] == 5\n")
    assert page(k, "P1", "A").data == 5


def test_rmap_walk_follows_the_anon_vma_list_not_names() -> None:
    # try_to_unmap_anon() visits the parent first and stops at its VM_LOCKED VMA: nothing is unmapped,
    # whatever the child is called.
    for child in ("P2", "C"):
        k = after(
            f"swap pages=8\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: mlock A\n"
            f"P1: fork {child}\nreclaim\n"
        )
        assert pte(k, child, "A").present, child


def test_swap_in_uses_vm_page_prot_of_a_shared_vma() -> None:
    # insert-page VMA after revoke: the write fault makes an anon page (do_anonymous_page); after
    # swap-out, a read swap-in maps it writable because vm_page_prot of a shared writable VMA is.
    k = after(
        "swap pages=8\ndevice d preset=insert-page\nP1: mmap A dev:d shared rw\nd: revoke\n"
        "P1: write A[0] = 5\nreclaim\nreclaim\nP1: read A[0] == 5\n"
    )
    assert pte(k, "P1", "A").write


def test_mlock_returns_the_prefault_error() -> None:
    # 2.6.19 mlock_fixup() sets VM_LOCKED and locked_vm before make_pages_present(); page 1 lies beyond the
    # one-page device, so ->nopage gives SIGBUS, get_user_pages() returns 1 < 2 pages and
    # make_pages_present() returns -1, which sys_mlock() passes on as -EPERM.
    text = "device d preset=ram-nopage pages=1\nP1: mmap A dev:d pages=2 shared rw\nP1: mlock A -> EPERM\n"
    result = execute(parse_text(text), STOCK)
    assert result.passed
    assert result.final is not None and result.final.counters("P1").locked_vm == 2


def test_mprotect_to_the_same_protection_changes_nothing() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: mprotect A rw\n")
    assert pte(k, "P1", "A").write


def test_swap_slot_zero_is_the_header() -> None:
    k = after("swap pages=8\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nreclaim\n")
    assert pte(k, "P1", "A").swap == 1


def test_swap_in_after_major_fault_keeps_swap_cache_even_when_swap_is_full() -> None:
    # swap of 2 slots (1 usable after the header): vm_swap_full() holds, but the pagevec reference of the
    # page read in by this fault makes remove_exclusive_swap_page() fail.
    k = after("swap pages=2\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nreclaim\nP1: read A[0]\n")
    p = page(k, "P1", "A")
    assert p.has(PG.PG_swapcache) and p.count == 2
    assert vma(k, "P1", "A").anon_vma is not None


def test_a_page_freed_from_the_swap_cache_is_dirtied() -> None:
    # 6.18 do_swap_page(): a write fault frees the swap cache of a page no one else uses
    # (should_try_to_free_swap() → folio_free_swap(), mm/swapfile.c), which deletes it from the cache and
    # sets it dirty: its only copy is now in memory, so a later reclaim must write it out again.
    k = after(
        "swap pages=16\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: madvise A pageout\n"
        "P1: write A[0] = 2\n",
        resolve_era("6.18"),
    )
    p = page(k, "P1", "A")
    assert not p.has(PG.PG_swapcache) and p.has(PG.PG_dirty)
