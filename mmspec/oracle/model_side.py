"""The model's observation of a state, as the live kernel would report it: the one projection function.

Field by field, with the kernel source each follows (6.18):

* PTE state: pagemap's PM_PRESENT / PM_SWAP (pte_to_pagemap_entry() in fs/proc/task_mmu.c).  VM_PFNMAP VMAs
  are skipped by the page walker (walk_page_test(): "VM_PFNMAP ... skip"), so their pages read as holes.
* Frame label: the PFN of a present PTE (the zero page is ``Z``), swap slot of a swap PTE.
* mapcount: /proc/kpagecount, folio_precise_page_mapcount() (fs/proc/page.c): the PTEs that map the page
  through rmap; 0 for the zero page and for frames without struct page.
* Exclusive bit: PM_MMAP_EXCLUSIVE, set when vm_normal_page() gives a page whose precise mapcount is 1.
* File bit: PM_FILE, set when vm_normal_page() gives a page that is not PageAnon (so not for the 4 KiB zero
  page or special PTEs).
* Flags (stable_page_flags() in fs/proc/page.c): ANON (PageAnon), ZERO_PAGE, SWAPCACHE, OWNER_2 (which is
  PG_anon_exclusive on anon folios), MMAP (page_mapped()), LRU, and UNEVICTABLE/MLOCKED for a page that a
  VM_LOCKED VMA maps (mlock_folio()).
* Value: the page's datum, only for present PTEs (the live side reads it through /proc/PID/mem, which does
  not fault a present page).
* Per VMA: VmFlags (show_smap_vma_flags()) restricted to observe.VMFLAGS, smaps Rss (present PTEs whose
  vm_normal_page() is non-NULL) and Anonymous (those that are PageAnon).
"""

from __future__ import annotations

from mmspec.era import Era
from mmspec.mm.memory import ZERO_PFN, vm_normal_page
from mmspec.mm.mm_types import PG, VM, Kernel, Vma, VmFlags
from mmspec.oracle.observe import FLAGS, VMFLAGS, Labeler, MapObs, Observation, PageObs

# The VM flag behind each smaps VmFlags name the oracle compares (observe.VMFLAGS, in that order).
_VMFLAG_BITS = tuple(
    zip(
        VMFLAGS,
        (
            VM.VM_READ,
            VM.VM_WRITE,
            VM.VM_SHARED,
            VM.VM_DONTCOPY,
            VM.VM_WIPEONFORK,
            VM.VM_LOCKED,
            VM.VM_IO,
            VM.VM_PFNMAP,
            VM.VM_MIXEDMAP,
            VM.VM_DONTEXPAND,
        ),
        strict=True,
    )
)


def vmflags(flags: VmFlags) -> tuple[str, ...]:
    return tuple(name for name, bit in _VMFLAG_BITS if flags & bit)


def observe_model(k: Kernel, era: Era) -> Observation:
    """The observation the live kernel would give of state ``k`` (see the module docstring)."""
    labels = Labeler()
    locked = _locked_pages(k, era)
    procs = []
    for proc in sorted(k.mms):
        maps = []
        for (mm, label), (start, pages) in sorted(k.names.items()):
            if mm != proc:
                continue
            vma = k.find_vma(proc, start)
            if vma is None:
                continue
            obs = [_page(k, era, proc, vma, start + i, labels, locked) for i in range(pages)]
            rss = sum(1 for o in obs if o.state == "present" and (o.file_bit or "anon" in o.flags))
            anon = sum(1 for o in obs if o.state == "present" and "anon" in o.flags)
            maps.append((label, MapObs(vmflags(vma.flags), rss, anon, tuple(obs))))
        procs.append((proc, tuple(maps)))
    return Observation(tuple(procs))


def _locked_pages(k: Kernel, era: Era) -> set[int]:
    out = set()
    for mm, vmas in k.vmas.items():
        for vma in vmas:
            if vma.has(VM.VM_LOCKED):
                for vpn, pte in k.ptes_of(mm, vma):
                    if pte.present:
                        pfn = vm_normal_page(k, era, vma, vpn, pte, report=False)
                        if pfn is not None:
                            out.add(pfn)
    return out


def _page(k: Kernel, era: Era, mm: str, vma: Vma, vpn: int, labels: Labeler, locked: set[int]) -> PageObs:
    pte = k.pte(mm, vpn)
    if pte is None or vma.has(VM.VM_PFNMAP):
        return PageObs("none")
    if not pte.present:
        return PageObs("swap", labels.swap(pte.swap))
    pfn = pte.pfn
    normal = vm_normal_page(k, era, vma, vpn, pte, report=False)
    page = k.pages.get(pfn)
    flags = []
    if page is not None and not page.free:
        if page.anon:
            flags.append("anon")
        if pfn == ZERO_PFN:
            flags.append("zero")
        if page.has(PG.PG_swapcache):
            flags.append("swapcache")
        if page.anon and page.anon_exclusive:
            flags.append("exclusive")
        if page.mapcount > 0:
            flags.append("mmap")
        if page.has(PG.PG_lru):
            flags.append("lru")
        if pfn in locked:
            flags += ["unevictable", "mlocked"]
    mapcount = page.mapcount if page is not None else 0
    return PageObs(
        "present",
        labels.frame(pfn, zero=pfn == ZERO_PFN),
        mapcount,
        exclusive_bit=normal is not None and mapcount == 1,
        file_bit=normal is not None and page is not None and not page.anon,
        flags=tuple(f for f in FLAGS if f in flags),
        value=k.read_frame(pfn),
    )
