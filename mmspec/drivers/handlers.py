"""The fault handlers of the model's character devices: what ->nopage, ->nopfn and ->fault return.

A handler that inserts a pfn itself (vm_insert_pfn(), vm_insert_mixed()) is modelled as returning that
instruction ("insert_pfn", "insert_mixed"); the core then performs the insertion, so the handlers stay
free of mm/memory.c.  The spufs handler follows spufs_mem_mmap_nopage() in
arch/powerpc/platforms/cell/spufs/file.c (2.6.19/20): pfn_to_page(local store + offset) after
page_cache_get().  That handler has no bounds check; the model's SIGBUS past the device is a modelling
choice (spufs_ps_nopage() does check).
"""

from __future__ import annotations

from mmspec.mm.filemap import NOPAGE_SIGBUS, NopageResult
from mmspec.mm.ledger import HANDLER, kernel_function
from mmspec.mm.mm_types import DeviceFault, Kernel, Vma
from mmspec.mm.swap import get_page

_INSERTS = {
    DeviceFault.NOPFN_INSERT: "insert_pfn",
    DeviceFault.FAULT_PFN: "insert_pfn",
    DeviceFault.FAULT_MIXED: "insert_mixed",
    DeviceFault.NOPFN: "pfn",
}


@kernel_function(HANDLER)
def driver_fault(k: Kernel, vma: Vma, vpn: int) -> NopageResult:
    """A driver's fault hook (spufs_mem_mmap_nopage(), later _nopfn() and _fault(), in
    arch/powerpc/platforms/cell/spufs/file.c, mspec_nopfn() in drivers/char/mspec.c, or the preset's
    strategy) for the device frame at the VMA's offset: a page with a reference for the
    caller (none for the ``nopage-noref`` bug), a pfn to insert or to map, or SIGBUS past the device or
    after the driver released it."""
    dev = k.devices[vma.obj]
    off = vma.linear_index(vpn)
    if off >= len(dev.frames) or dev.released:
        return NOPAGE_SIGBUS
    pfn = dev.frames[off]
    if dev.fault in _INSERTS:
        return NopageResult(_INSERTS[dev.fault], pfn)
    if dev.fault not in (DeviceFault.NOPAGE_NOREF, DeviceFault.FAULT_NOREF):
        get_page(k, pfn)  # page_cache_get()
    return NopageResult("page", pfn)
