"""Device presets: named driver mmap strategies, each with the keys a `device` line may override, and
the era rules that decide whether a driver of that shape can exist in a kernel."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import (
    Era,
    FaultHook,
    InsertPageFlag,
    InsertPfn,
    MixedMap,
    Nopage,
    Nopfn,
    Reserved,
    SpecialRule,
)
from mmspec.era.history import related, since
from mmspec.mm.mm_types import VM, DeviceFault, DeviceMemory, VmFlags

PAGE_FAULTS = (DeviceFault.NOPAGE, DeviceFault.NOPAGE_NOREF)


@dataclass(frozen=True)
class Preset:
    name: str
    fault: DeviceFault
    memory: DeviceMemory
    flags: VmFlags
    private_ok: bool
    pages: int
    summary: str


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "spufs",
            DeviceFault.NOPAGE,
            DeviceMemory.RESERVED,
            VM.VM_IO,
            False,
            1,
            "Cell SPE local store (spufs_mem_mmap_nopage): ->nopage returns PG_reserved struct pages with a get; "
            "VM_IO as of v2.6.20 (commit 5c3ecd659b; v2.6.19 itself set no flag); shared only",
        ),
        Preset(
            "spufs-reserved",
            DeviceFault.NOPAGE,
            DeviceMemory.RESERVED,
            VM.VM_IO | VM.VM_RESERVED,
            False,
            1,
            "spufs with VM_IO|VM_RESERVED, the flags the 2006 mail discusses (no release set both)",
        ),
        Preset(
            "ram-nopage",
            DeviceFault.NOPAGE,
            DeviceMemory.RAM,
            0,
            True,
            1,
            "driver-allocated normal pages (like spufs' saved context in vmalloc memory) served by ->nopage; private and shared",
        ),
        Preset(
            "remap-pfn",
            DeviceFault.REMAP,
            DeviceMemory.IO,
            0,
            True,
            1,
            "remap_pfn_range() of the device frames at mmap time (memory=io: no struct page; memory=ram: driver pages)",
        ),
        Preset(
            "insert-page",
            DeviceFault.INSERT,
            DeviceMemory.RAM,
            0,
            True,
            1,
            "vm_insert_page() of driver-allocated normal pages at mmap time (VM_INSERTPAGE, VM_MIXEDMAP from 3.7); no vm_ops",
        ),
        Preset(
            "nopfn",
            DeviceFault.NOPFN,
            DeviceMemory.RAM,
            VM.VM_IO | VM.VM_LOCKED | VM.VM_RESERVED | VM.VM_PFNMAP,
            False,
            1,
            "a ->nopfn handler on a VM_PFNMAP VMA, as mspec_mmap()/mspec_nopfn() in drivers/char/mspec.c (2.6.19-2.6.26): "
            "uncached RAM, shared and writable only, offset 0",
        ),
        Preset(
            "spufs-nopfn",
            DeviceFault.NOPFN_INSERT,
            DeviceMemory.IO,
            VM.VM_IO | VM.VM_PFNMAP,
            False,
            1,
            "the 2.6.21 spufs (78bde53e351b): ->nopfn calls vm_insert_pfn() and returns NOPFN_REFAULT; VM_IO|VM_PFNMAP; "
            "shared only",
        ),
        Preset(
            "fault-page",
            DeviceFault.FAULT,
            DeviceMemory.RAM,
            0,
            True,
            1,
            "->fault returns a driver page with a reference (2.6.23+); private and shared",
        ),
        Preset(
            "insert-pfn",
            DeviceFault.FAULT_PFN,
            DeviceMemory.IO,
            VM.VM_IO | VM.VM_PFNMAP,
            False,
            1,
            "->fault calls vm_insert_pfn()/vmf_insert_pfn() and returns VM_FAULT_NOPAGE (2.6.26+; spufs from 2.6.27); shared only",
        ),
        Preset(
            "mixedmap",
            DeviceFault.FAULT_MIXED,
            DeviceMemory.RAM,
            VM.VM_MIXEDMAP,
            True,
            1,
            "->fault calls vm_insert_mixed()/vmf_insert_mixed() on a VM_MIXEDMAP VMA (2.6.26+), over RAM (memory=ram) or I/O",
        ),
        Preset(
            "packet-ring",
            DeviceFault.INSERT_NOFAULT,
            DeviceMemory.RAM,
            0,
            True,
            1,
            "AF_PACKET's ring (packet_mmap()): vm_insert_page() of kernel pages at mmap; vm_ops without a fault hook",
        ),
        Preset(
            "io-uring-ring",
            DeviceFault.INSERT_NOFAULT,
            DeviceMemory.RAM,
            VM.VM_DONTEXPAND,
            True,
            1,
            "an io_uring SQ ring (io_uring_mmap(), 6.x): vm_insert_pages() of kernel pages at mmap, VM_DONTEXPAND; "
            "no fault hook; private too (io_region_mmap() never checks VM_SHARED: a store copies the page)",
        ),
    )
}


def era_problem(fault: DeviceFault, flags: VmFlags, era: Era) -> str | None:
    """Why a driver with this fault strategy and these VM flags cannot exist in ``era``, or None.  The
    releases and commits come from the switch table (:mod:`mmspec.era.history`)."""
    if fault in PAGE_FAULTS and era.nopage is Nopage.REMOVED:
        c = since(Nopage.REMOVED)
        return (
            f"->nopage was removed in {c.version} by commit {c.cited}; "
            "a driver returns its page from ->fault instead (fault=fault, preset fault-page)"
        )
    if fault in (DeviceFault.NOPFN, DeviceFault.NOPFN_INSERT) and era.nopfn is Nopfn.ABSENT:
        c = since(Nopfn.AVAILABLE)
        return (
            f"->nopfn arrived in {c.version} with commit {c.cited}; before it a driver of raw pfns called "
            "remap_pfn_range() at mmap time (fault=remap)"
        )
    if fault in (DeviceFault.INSERT, DeviceFault.INSERT_NOFAULT) and era.insert_page_flag is InsertPageFlag.ABSENT:
        c = since(InsertPageFlag.NO_FLAG)
        return (
            f"vm_insert_page() arrived in {c.version} with commit {c.cited}; before it drivers mapped pages "
            "from ->nopage (fault=nopage) or marked them PG_reserved for remap_page_range() (fault=remap)"
        )
    if flags & VM.VM_PFNMAP and era.special_rule in (SpecialRule.PAGE_RESERVED, SpecialRule.VMA_RESERVED):
        c = since(SpecialRule.PFNMAP_LINEAR)
        return f"VM_PFNMAP arrived in {c.version} with commit {c.cited}; before it drivers set VM_RESERVED"
    if flags & VM.VM_INSERTPAGE and era.insert_page_flag in (InsertPageFlag.ABSENT, InsertPageFlag.NO_FLAG):
        c = since(InsertPageFlag.INSERTPAGE)
        return f"VM_INSERTPAGE arrived in {c.version} with commit {c.cited}"
    if fault is DeviceFault.NOPFN and era.nopfn is Nopfn.REMOVED:
        c = since(Nopfn.REMOVED)
        return (
            f"->nopfn was removed in {c.version} by commit {c.cited}; "
            "drivers call vmf_insert_pfn() from ->fault instead (fault=fault-pfn, preset insert-pfn)"
        )
    if fault is DeviceFault.NOPFN_INSERT and era.nopfn is not Nopfn.REFAULT:
        refault, insert, gone = since(Nopfn.REFAULT), since(InsertPfn.PFNMAP), since(Nopfn.REMOVED)
        return (
            f"NOPFN_REFAULT with vm_insert_pfn() exists from {refault.version} ({refault.commit}, {insert.commit}) "
            f"until ->nopfn was removed in {gone.version} ({gone.commit}); later drivers use ->fault (preset insert-pfn)"
        )
    if fault in (DeviceFault.FAULT, DeviceFault.FAULT_NOREF) and era.fault_hook is FaultHook.ABSENT:
        c = since(FaultHook.NO_PFNMAP)
        return f"->fault arrived in {c.version} with commit {c.cited}; before it drivers used ->nopage (fault=nopage)"
    if fault is DeviceFault.FAULT_PFN and flags & VM.VM_MIXEDMAP and era.mixedmap is MixedMap.ABSENT:
        mixed, insert = since(MixedMap.PRESENT), since(InsertPfn.PFNMAP_OR_MIXEDMAP)
        return f"VM_MIXEDMAP and vm_insert_pfn() on it arrived in {mixed.version} ({mixed.commit}, {insert.commit})"
    if fault is DeviceFault.FAULT_PFN and (
        era.fault_hook is not FaultHook.PFNMAP_OK or era.insert_pfn is InsertPfn.ABSENT
    ):
        c = since(FaultHook.PFNMAP_OK)
        return (
            f'->fault on a VM_PFNMAP VMA is allowed from {c.version} ({c.commit}, "{c.subject}"); '
            "before it such drivers used ->nopfn (preset nopfn or spufs-nopfn)"
        )
    if (fault is DeviceFault.FAULT_MIXED or flags & VM.VM_MIXEDMAP) and era.mixedmap is MixedMap.ABSENT:
        mixed, insert_mixed = since(MixedMap.PRESENT), related(MixedMap)[0]
        return f"VM_MIXEDMAP and vm_insert_mixed() arrived in {mixed.version} ({mixed.commit}, {insert_mixed.commit})"
    if flags & (VM.VM_RESERVED | VM.VM_INSERTPAGE) and era.reserved is Reserved.REMOVED:
        reserved, insertpage = since(Reserved.REMOVED), since(InsertPageFlag.MIXEDMAP)
        return (
            f"VM_RESERVED and VM_INSERTPAGE were removed in {reserved.version} ({reserved.commit}, "
            f"{insertpage.commit}); drivers set VM_DONTEXPAND|VM_DONTDUMP (or VM_IO) instead"
        )
    if flags & VM.VM_DONTDUMP and era.reserved is Reserved.PRESENT:
        dontdump = related(Reserved)[0]
        return f"VM_DONTDUMP exists from {dontdump.version} ({dontdump.commit}); before it drivers set VM_RESERVED"
    return None
