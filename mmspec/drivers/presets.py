"""Device presets: named driver mmap strategies, each with the keys a `device` line may override."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.mm.mm_types import VM, DeviceFault, DeviceMemory


@dataclass(frozen=True)
class Preset:
    name: str
    fault: DeviceFault
    memory: DeviceMemory
    flags: VM
    private_ok: bool
    pages: int
    summary: str


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("spufs", DeviceFault.NOPAGE, DeviceMemory.RESERVED, VM.VM_IO, False, 1,
               "Cell SPE local store (spufs_mem_mmap_nopage): ->nopage returns PG_reserved struct pages with a get; "
               "VM_IO as of v2.6.20 (commit 5c3ecd659b; v2.6.19 itself set no flag); shared only"),
        Preset("spufs-reserved", DeviceFault.NOPAGE, DeviceMemory.RESERVED, VM.VM_IO | VM.VM_RESERVED, False, 1,
               "spufs with VM_IO|VM_RESERVED, the flags the 2006 mail discusses (no release set both)"),
        Preset("ram-nopage", DeviceFault.NOPAGE, DeviceMemory.RAM, VM(0), True, 1,
               "driver-allocated normal pages (like spufs' saved context in vmalloc memory) served by ->nopage; private and shared"),
        Preset("remap-pfn", DeviceFault.REMAP, DeviceMemory.IO, VM(0), True, 1,
               "remap_pfn_range() of the device frames at mmap time (memory=io: no struct page; memory=ram: driver pages)"),
        Preset("insert-page", DeviceFault.INSERT, DeviceMemory.RAM, VM(0), True, 1,
               "vm_insert_page() of driver-allocated normal pages at mmap time (sets VM_INSERTPAGE)"),
        Preset("nopfn", DeviceFault.NOPFN, DeviceMemory.RAM, VM.VM_IO | VM.VM_LOCKED | VM.VM_RESERVED | VM.VM_PFNMAP, False, 1,
               "a ->nopfn handler on a VM_PFNMAP VMA, as mspec_mmap()/mspec_nopfn() in drivers/char/mspec.c (2.6.19): "
               "uncached RAM, shared and writable only, offset 0"),
    )
}
