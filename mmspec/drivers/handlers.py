"""The fault handlers of the model's character devices: ->nopage and ->nopfn (2.6.19 vm_ops).

The spufs handler follows spufs_mem_mmap_nopage() in arch/powerpc/platforms/cell/spufs/file.c (2.6.19/20):
it returns pfn_to_page(local store + offset) after page_cache_get(), and NOPAGE_SIGBUS past the area.
"""

from __future__ import annotations

from mmspec.mm.filemap import NOPAGE_SIGBUS, NopageResult
from mmspec.mm.mm_types import DeviceFault, Kernel, Vma


def driver_nopage(k: Kernel, vma: Vma, vpn: int) -> NopageResult:
    """A driver's ->nopage: the device frame at the VMA's offset, with a reference for the caller
    (none for the ``nopage-noref`` bug); NOPAGE_SIGBUS past the device or after release."""
    dev = k.devices[vma.obj]
    off = vma.linear_index(vpn)
    if off >= len(dev.frames) or dev.released:
        return NOPAGE_SIGBUS
    pfn = dev.frames[off]
    if dev.fault is not DeviceFault.NOPAGE_NOREF:
        k.set_page(pfn, count=k.page(pfn).count + 1)  # page_cache_get()
    return NopageResult("page", pfn)


def driver_nopfn(k: Kernel, vma: Vma, vpn: int) -> int | None:
    """A driver's ->nopfn (mspec-style): the frame at the VMA's offset, or None for NOPFN_SIGBUS."""
    dev = k.devices[vma.obj]
    off = vma.linear_index(vpn)
    if off >= len(dev.frames) or dev.released:
        return None
    return dev.frames[off]
