"""mm/memory.c rules, each test named after the kernel function and case; ground truth is the rule as the
2.6.19 source states it (reference linux-2.6.19-mm.md sections 1, 3, 4, 5, 7)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import PROPOSAL, STOCK, after, page, pte, vma

from mmspec.mm.memory import (
    ZERO_PFN,
    copy_page_range,
    is_cow_mapping,
    remap_pfn_range,
    vm_insert_page,
    vm_normal_page,
)
from mmspec.mm.mm_types import VM, MmCounters, Pte
from mmspec.mm.outcome import KernelBug, errno
from mmspec.runner.run import execute
from mmspec.scenario.parse import parse_text

SHARED_RW = VM.VM_READ | VM.VM_WRITE | VM.VM_SHARED | VM.VM_MAYSHARE | VM.VM_MAYWRITE | VM.VM_MAYREAD


@pytest.mark.parametrize(
    "flags,cow",
    [
        (VM.VM_MAYWRITE, True),  # private, may become writable
        (VM.VM_MAYWRITE | VM.VM_WRITE, True),
        (VM.VM_SHARED | VM.VM_MAYWRITE, False),
        (0, False),  # private read-only file opened O_RDONLY: cannot be written, not COW
        (VM.VM_MAYSHARE, False),  # MAP_SHARED of a read-only file: VM_SHARED|VM_MAYWRITE dropped
    ],
)
def test_is_cow_mapping(flags: int, cow: bool) -> None:
    assert is_cow_mapping(flags) is cow


REMAP_IO = "device d preset=remap-pfn memory=io pages=2\n"


def test_vm_normal_page_pfnmap_linear_pte_is_special() -> None:
    k = after(REMAP_IO + "P1: mmap A dev:d pages=2 private rw\n")
    v = vma(k, "P1", "A")
    assert v.pgoff == pte(k, "P1", "A").pfn  # remap_pfn_range() set vm_pgoff = pfn for a COW mapping
    assert vm_normal_page(k, STOCK, v, v.start + 1, pte(k, "P1", "A", 1)) is None


def test_vm_normal_page_pfnmap_cow_off_the_rule_is_a_page() -> None:
    # A private remap_pfn_range VMA after a COW: the anon copy breaks the linear rule.
    k = after(REMAP_IO + "P1: mmap A dev:d pages=2 private rw\nP1: write A[0] = 1\n")
    v = vma(k, "P1", "A")
    p = pte(k, "P1", "A")
    assert vm_normal_page(k, STOCK, v, v.start, p) == p.pfn
    assert k.page(p.pfn).anon


def test_vm_normal_page_pfnmap_non_cow_is_always_special() -> None:
    k = after("device d preset=remap-pfn memory=ram pages=1\nP1: mmap A dev:d pages=1 shared rw\n")
    v = vma(k, "P1", "A")
    p = pte(k, "P1", "A")
    assert k.pfn_valid(p.pfn)
    moved = replace(v, pgoff=v.pgoff + 5)  # off the linear rule, still not COW
    assert vm_normal_page(k, STOCK, moved, v.start, p) is None


def test_vm_normal_page_ignores_vm_io_vm_reserved_and_pagereserved() -> None:
    k = after("device spu preset=spufs-reserved\nP1: mmap A dev:spu shared rw\nP1: read A[0]\n")
    v = vma(k, "P1", "A")
    assert v.has(VM.VM_IO) and v.has(VM.VM_RESERVED)
    p = pte(k, "P1", "A")
    assert vm_normal_page(k, STOCK, v, v.start, p) == p.pfn
    assert vm_normal_page(k, PROPOSAL, v, v.start, p) is None  # the 2006 proposal


def test_vm_normal_page_reports_pfn_without_struct_page() -> None:
    k = after("P1: mmap A anon pages=1 private rw\n")
    v = vma(k, "P1", "A")
    assert vm_normal_page(k, STOCK, v, v.start, Pte(0x80000, young=True)) is None
    assert [e.kind for e in k.klog] == ["bad_pte"]


def test_copy_page_range_skips_vma_without_anon_vma() -> None:
    # Read faults map ZERO_PAGE without anon_vma_prepare(): fork copies nothing.
    k = after("P1: mmap A anon pages=1 private rw\nP1: read A[0]\nP1: fork P2\n")
    assert vma(k, "P1", "A").anon_vma is None
    assert k.pte("P2", vma(k, "P2", "A").start) is None
    assert k.page(ZERO_PFN).mapcount == 1


def test_copy_page_range_always_copies_vm_insertpage() -> None:
    k = after("device d preset=insert-page\nP1: mmap A dev:d shared rw\nP1: fork P2\n")
    pfn = pte(k, "P2", "A").pfn
    assert k.page(pfn).count == 3  # driver 1 + two PTEs
    assert k.page(pfn).mapcount == 2
    assert k.counters("P2").file_rss == 1


def test_copy_one_pte_write_protects_parent_and_child_of_cow_mapping() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: fork P2\n")
    parent, child = pte(k, "P1", "A"), pte(k, "P2", "A")
    assert parent.pfn == child.pfn
    assert not parent.write and not child.write
    assert child.dirty and not child.young  # a private child keeps dirty; every child copy is old
    assert k.page(parent.pfn).mapcount == 2 and k.page(parent.pfn).count == 2


def test_copy_one_pte_shared_child_is_clean() -> None:
    k = after("device d preset=insert-page\nP1: mmap A dev:d shared rw\nP1: write A[0] = 1\nP1: fork P2\n")
    assert pte(k, "P1", "A").dirty
    assert not pte(k, "P2", "A").dirty


def test_do_anonymous_page_read_maps_zero_page_counted_as_file() -> None:
    k = after("P1: mmap A anon pages=2 private rw\nP1: read A[0]\nP1: read A[1]\n")
    assert pte(k, "P1", "A").pfn == ZERO_PFN and not pte(k, "P1", "A").write
    assert k.page(ZERO_PFN).count == 3 and k.page(ZERO_PFN).mapcount == 2
    assert k.counters("P1") == replace(k.counters("P1"), file_rss=2, anon_rss=0)


def test_do_wp_page_reuses_anon_page_mapped_once() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: fork P2\nP2: exit\nP1: write A[0] = 2\n")
    p = page(k, "P1", "A")
    assert (p.count, p.mapcount, p.data) == (1, 1, 2)


def test_do_wp_page_copies_shared_anon_page() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: fork P2\nP1: write A[0] = 2\n")
    old, new = page(k, "P2", "A"), page(k, "P1", "A")
    assert old.pfn != new.pfn
    assert (old.count, old.mapcount, old.data) == (1, 1, 1)
    assert (new.count, new.mapcount, new.data) == (1, 1, 2)


def test_do_wp_page_from_zero_page_releases_it() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: read A[0]\nP1: write A[0] = 3\n")
    assert k.page(ZERO_PFN).count == 1 and k.page(ZERO_PFN).mapcount == 0
    assert k.counters("P1").file_rss == 0 and k.counters("P1").anon_rss == 1


def test_do_wp_page_special_old_page_copies_from_user_address() -> None:
    k = after(REMAP_IO + "P1: mmap A dev:d pages=1 private rw\nP1: write A[0] = 9\n")
    p = page(k, "P1", "A")
    assert p.anon and p.data == 9
    assert k.counters("P1").anon_rss == 1 and k.counters("P1").file_rss == 0


def test_do_no_page_bugs_on_vm_pfnmap() -> None:
    text = "device d fault=nopage memory=ram flags=VM_PFNMAP\nP1: mmap A dev:d shared rw\nP1: read A[0] -> BUG\n"
    result = execute(parse_text(text), STOCK)
    assert result.stopped_at == 2
    assert [v.id for v in result.violations] == ["kernel-bug"]


def test_remap_pfn_range_partial_cow_mapping_is_einval() -> None:
    k = after("P1: mmap A anon pages=2 private rw\n")
    v = vma(k, "P1", "A")
    _, err = remap_pfn_range(k, STOCK, "P1", v, 0x80000, 1)
    assert err == errno("EINVAL")


def test_remap_pfn_range_bugs_on_a_set_pte() -> None:
    k = after("P1: mmap A anon pages=1 shared rw\nP1: read A[0]\n")
    with pytest.raises(KernelBug):
        remap_pfn_range(k, STOCK, "P1", vma(k, "P1", "A"), 0x80000, 1)


def test_vm_insert_page_refuses_anon_and_busy() -> None:
    k = after("P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: mmap B anon pages=1 shared rw\n")
    anon = pte(k, "P1", "A").pfn
    b = vma(k, "P1", "B")
    b2, err = vm_insert_page(k, STOCK, "P1", b, b.start, anon)
    assert err == errno("EINVAL") and b2.has(VM.VM_INSERTPAGE)  # the flag is set before the checks
    k2 = after("device d preset=insert-page pages=2\nP1: mmap A dev:d pages=2 shared rw\n")
    a = vma(k2, "P1", "A")
    _, err = vm_insert_page(k2, STOCK, "P1", a, a.start, k2.devices["dev:d"].frames[1])
    assert err == errno("EBUSY")


def test_copy_page_range_returns_false_for_skipped_vma() -> None:
    k = after("P1: mmap A anon pages=1 private rw\n")
    k.mms["P9"], k.vmas["P9"] = MmCounters(), ()
    assert copy_page_range(k, STOCK, "P9", "P1", vma(k, "P1", "A"), vma(k, "P1", "A")) is False
