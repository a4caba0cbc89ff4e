"""The rules before 2.6.19, each against the kernel source of its release.

Expectations are written by hand from the sources docs/research/pre-2.6.19-rules.md read (v2.6.11 …
v2.6.19 tags of the mainline history, `git show vX:mm/memory.c`; the 2.6.0 tree for 2.6.0), never from the
model's output.  docs/research/era-commits.md ("Before 2.6.19") lists each commit and how it was checked.
"""

from __future__ import annotations

import pytest
from helpers import after, page, pte, vma

from mmspec.era import resolve_era
from mmspec.errors import EraMismatch
from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import VM
from mmspec.runner.run import execute
from mmspec.scenario.parse import parse_text

R2_6_0, R2_6_7, R2_6_8, R2_6_12, R2_6_13, R2_6_14 = (
    resolve_era(r) for r in ("2.6.0", "2.6.7", "2.6.8", "2.6.12", "2.6.13", "2.6.14")
)
RC1, RC2, RC3, RC5, RC6 = (resolve_era(f"2.6.15-rc{n}") for n in (1, 2, 3, 5, 6))

SPUFS = "device spu preset=spufs pages=1\nP1: mmap A dev:spu pages=1 shared rw\n"


def test_zero_page_read_fault_counts_nothing_before_2_6_15_rc1() -> None:
    # 2.6.14 do_anonymous_page(): a read maps ZERO_PAGE with no page_cache_get(), no rss and (reserved)
    # no rmap; b5810039a54e (rc1) takes a reference, file_rss and page_add_file_rmap().
    k = after("P1: mmap A anon pages=1 private rw\nP1: read A[0] == 0\n", R2_6_14)
    zero = k.page(ZERO_PFN)
    assert (zero.count, zero.mapcount, k.counters("P1").file_rss) == (1, 0, 0)
    k = after("P1: mmap A anon pages=1 private rw\nP1: read A[0] == 0\n", RC1)
    zero = k.page(ZERO_PFN)
    assert (zero.count, zero.mapcount, k.counters("P1").file_rss) == (2, 1, 1)


@pytest.mark.parametrize(("era", "leaked"), [(R2_6_0, 1), (R2_6_7, 1), (R2_6_8, 0), (R2_6_14, 0)])
def test_cow_from_zero_page_leaks_one_reference_until_2_6_8(era: object, leaked: int) -> None:
    # 2.6.0 do_wp_page(): page_cache_get(old_page) unconditionally, page_cache_release() a no-op for the
    # PG_reserved ZERO_PAGE; Dave Hansen's fix (2.6.8-rc1 shortlog) skips the get for reserved pages.
    # The copy adds rss (old page reserved) and does no page_remove_rmap().
    k = after("P1: mmap A anon pages=1 private rw\nP1: read A[0] == 0\nP1: write A[0] = 1\n", era)  # type: ignore[arg-type]
    assert k.page(ZERO_PFN).count == 1 + leaked and k.page(ZERO_PFN).mapcount == 0
    assert k.counters("P1").anon_rss == 1 and page(k, "P1", "A").anon


def test_spufs_reserved_pages_have_no_rss_or_mapcount_and_keep_the_reference() -> None:
    # 2.6.14 do_no_page(): rss only "if (!PageReserved(new_page))"; page_add_file_rmap() returns at once for
    # a reserved page; the handler's reference stays (zap_pte_range() skips reserved pages, put_page()
    # ignores them).  Boot count 1 + the nopage get.
    k = after(SPUFS + "P1: read A[0] == 0\nP1: munmap A\n", R2_6_14)
    frame = k.devices["dev:spu"].frames[0]
    assert (k.page(frame).count, k.page(frame).mapcount) == (2, 0)
    assert k.counters("P1").file_rss == 0


def test_fork_copies_a_reserved_pte_verbatim_before_2_6_15_rc3() -> None:
    # 2.6.14 copy_one_pte(): "if (!page || PageReserved(page)) goto out_set_pte" comes before the COW
    # write-protect: no get_page(), no rss, no page_dup_rmap(), and the PTE is copied as it is.  (2.6.13:
    # 2.6.14's lazy fork would skip this VMA, which has no anon_vma and no VM_RESERVED.)
    text = "device d fault=nopage memory=reserved pages=1\nP1: mmap A dev:d pages=1 private rw\nP1: read A[0] == 0\nP1: fork P2\n"
    k = after(text, R2_6_13)
    frame = k.devices["dev:d"].frames[0]
    assert pte(k, "P2", "A") == pte(k, "P1", "A")
    assert k.page(frame).count == 2 and k.counters("P2").file_rss == 0


def test_fork_copies_every_vma_before_2_6_14() -> None:
    # d992895ba2b2 (2.6.14) skips VMAs without anon_vma unless VM_HUGETLB|VM_NONLINEAR|VM_RESERVED: a
    # shared file mapping's PTEs are copied in 2.6.13 and refaulted in 2.6.14.
    text = "file f pages=1\nP1: mmap A file:f pages=1 shared rw\nP1: read A[0] == 0\nP1: fork P2\n"
    assert k_has_pte(after(text, R2_6_13), "P2")
    assert not k_has_pte(after(text, R2_6_14), "P2")


def k_has_pte(k: object, proc: str) -> bool:
    from mmspec.mm.mm_types import Kernel

    assert isinstance(k, Kernel)
    return k.pte(proc, vma(k, proc, "A").start) is not None


def test_page_count_reuse_before_2_6_13_copies_a_gup_referenced_page() -> None:
    # 2.6.12 can_share_swap_page(): page_count 1 (not reserved) reuses; a GUP reference makes it 2 and,
    # outside the swap cache, forces a copy.  c475a8ab625d (2.6.13) counts mappings: mapcount 1 reuses.
    text = "P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: mprotect A r\nP1: gup A[0] read as H\nP1: mprotect A rw\nP1: write A[0] = 2\n"
    before = after(text, R2_6_12)
    assert before.refs["H"].pfn != pte(before, "P1", "A").pfn
    later = after(text, R2_6_13)
    assert later.refs["H"].pfn == pte(later, "P1", "A").pfn


def test_reclaim_backs_off_from_a_gup_referenced_swap_cache_page_2_6_7_to_2_6_12() -> None:
    # 2.6.12 try_to_unmap_one(): PageSwapCache and page_count != page_mapcount + 2 -> SWAP_FAIL.
    text = "swap pages=2\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: gup A[0] write as H\nreclaim\n"
    for era, unmapped in ((resolve_era("2.6.6"), True), (R2_6_7, False), (R2_6_12, False), (R2_6_13, True)):
        k = after(text, era)
        assert (not pte(k, "P1", "A").present) is unmapped, era.name


def test_vm_reserved_never_touch_in_2_6_15_rc1_and_rc2() -> None:
    # b5810039a54e zap_pte_range(): "if (vma->vm_flags & VM_RESERVED)" the PTE is cleared and nothing else;
    # do_no_page(): no rss and no rmap in a VM_RESERVED VMA, the handler's reference kept.  rc3's
    # vm_normal_page() no longer looks at VM_RESERVED.
    text = "device d fault=nopage memory=ram flags=VM_RESERVED pages=1\nP1: mmap A dev:d pages=1 shared rw\nP1: read A[0] == 0\n"
    k = after(text, RC2)
    frame = k.devices["dev:d"].frames[0]
    assert (k.page(frame).count, k.page(frame).mapcount, k.counters("P1").file_rss) == (2, 0, 0)
    k = after(text + "P1: munmap A\n", RC2)
    assert k.page(frame).count == 2
    k = after(text + "P1: munmap A\n", RC3)
    assert k.page(frame).count == 1


def test_gup_vma_filter_by_release() -> None:
    # get_user_pages(): VM_IO (2.6.14), VM_IO|VM_RESERVED (b5810039a54e, rc1), VM_IO again (ed5297a94090, rc3).
    text = "device d fault=nopage memory=ram flags=VM_RESERVED pages=1\nP1: mmap A dev:d pages=1 shared rw\n"
    gup = "P1: gup A[0] read as H -> EFAULT\n"
    after(text + gup, RC1)
    after(text + "P1: gup A[0] read as H\n", R2_6_14)
    after(text + "P1: gup A[0] read as H\n", RC3)


def test_gup_takes_no_reference_on_a_reserved_page_before_2_6_15_rc1() -> None:
    # 2.6.14 get_user_pages(): "if (!PageReserved(page)) page_cache_get(page)".
    k = after(
        SPUFS.replace("preset=spufs", "preset=spufs flags=none") + "P1: read A[0] == 0\nP1: gup A[0] read as H\n",
        R2_6_14,
    )
    frame = k.devices["dev:spu"].frames[0]
    assert k.page(frame).count == 2  # boot + nopage, nothing for H


def test_remap_pfn_range_leaves_ram_pages_unmapped_before_2_6_15_rc1() -> None:
    # 2.6.14 remap_pte_range(): a PTE only "if (!pfn_valid(pfn) || PageReserved(pfn_to_page(pfn)))";
    # VM_IO|VM_RESERVED set (2.6.11); b5810039a54e maps every pfn; 6aab341e0a28 adds VM_PFNMAP.
    text = "device d preset=remap-pfn memory=ram pages=1\nP1: mmap A dev:d pages=1 shared rw\n"
    k = after(text, R2_6_14)
    assert k.pte("P1", vma(k, "P1", "A").start) is None
    assert vma(k, "P1", "A").flags & (VM.VM_IO | VM.VM_RESERVED | VM.VM_PFNMAP) == VM.VM_IO | VM.VM_RESERVED
    k = after(text, RC1)
    assert pte(k, "P1", "A").pfn == k.devices["dev:d"].frames[0]
    assert not vma(k, "P1", "A").flags & VM.VM_PFNMAP
    k = after(text, RC3)
    assert vma(k, "P1", "A").flags & VM.VM_PFNMAP and vma(k, "P1", "A").pgoff == k.devices["dev:d"].frames[0]
    k = after(text, RC6)
    assert vma(k, "P1", "A").pgoff == 0  # shared: vm_pgoff left alone from rc6 (7fc7e2eeecb5)


def test_vm_insert_page_sets_no_flag_until_2_6_15_rc6() -> None:
    # a145dd411eb2 (rc4) sets no VMA flag, so a lazy fork skips the VMA; 4d7672b46244 (rc6) adds VM_INSERTPAGE.
    text = "device d preset=insert-page pages=1\nP1: mmap A dev:d pages=1 shared rw\nP1: write A[0] = 7\nP1: fork P2\n"
    assert not k_has_pte(after(text, RC5), "P2")
    assert k_has_pte(after(text, RC6), "P2")


@pytest.mark.parametrize(
    ("preset", "release", "says"),
    [
        ("nopfn", "2.6.18", "->nopfn arrived in 2.6.19"),
        ("insert-page", "2.6.15-rc3", "vm_insert_page() arrived in 2.6.15-rc4"),
    ],
)
def test_drivers_that_cannot_exist_yet(preset: str, release: str, says: str) -> None:
    sc = parse_text(f"device d preset={preset} pages=1\nP1: mmap A dev:d pages=1 shared rw\n")
    with pytest.raises(EraMismatch) as e:
        execute(sc, resolve_era(release))
    assert says in str(e.value)


def test_vm_pfnmap_flag_does_not_exist_before_2_6_15_rc3() -> None:
    sc = parse_text("device d fault=nopage memory=ram flags=VM_PFNMAP pages=1\nP1: mmap A dev:d pages=1 shared rw\n")
    with pytest.raises(EraMismatch, match=r"VM_PFNMAP arrived in 2\.6\.15-rc3"):
        execute(sc, RC2)


def test_shared_file_ptes_are_writable_until_2_6_19() -> None:
    # d08b3851da41 (2.6.19) vma_wants_writenotify(): a shared writable file mapping starts read-only; before
    # it protection_map[] gives VM_SHARED|VM_WRITE a writable vm_page_prot.
    text = "file f pages=1\nP1: mmap A file:f pages=1 shared rw\nP1: read A[0] == 0\n"
    assert pte(after(text, resolve_era("2.6.18")), "P1", "A").write
    assert not pte(after(text, resolve_era("2.6.19")), "P1", "A").write


def test_private_writable_vm_reserved_is_refused_in_2_6_15_rc1_and_rc2() -> None:
    # b5810039a54e do_mmap_pgoff()/mprotect_fixup(): "MAP_PRIVATE, PROT_WRITE mmap of VM_RESERVED memory ...
    # is deprecated" and -EACCES; 83e9b7e929d1 (rc3) allows it again.
    dev = "device d fault=nopage memory=ram flags=VM_RESERVED pages=1\n"
    after(dev + "P1: mmap A dev:d pages=1 private rw -> EACCES\n", RC1)
    after(dev + "P1: mmap A dev:d pages=1 private r\nP1: mprotect A rw -> EACCES\n", RC2)
    after(dev + "P1: mmap A dev:d pages=1 private rw\n", RC3)
    after(dev + "P1: mmap A dev:d pages=1 private rw\n", R2_6_14)
