"""The model's character devices: their ->mmap methods and driver events (revoke, release).

Each device is a preset (see :mod:`mmspec.drivers.presets`) with overridable keys.  ->mmap refuses
MAP_PRIVATE where the driver does (spufs returns -EINVAL unless VM_SHARED), sets the driver's VM flags and
vm_ops, and for the prefilling strategies calls remap_pfn_range() or vm_insert_page() over the VMA.
"""

from __future__ import annotations

from dataclasses import replace

from mmspec.era import Era
from mmspec.mm.memory import remap_pfn_range, unmap_mapping_range, vm_insert_page
from mmspec.mm.mm_types import VM, Device, DeviceFault, DeviceMemory, Kernel, Ops, Vma
from mmspec.mm.swap import put_page

_OPS = {
    DeviceFault.NOPAGE: Ops.DRIVER_NOPAGE,
    DeviceFault.NOPAGE_NOREF: Ops.DRIVER_NOPAGE,
    DeviceFault.NOPFN: Ops.DRIVER_NOPFN,
    DeviceFault.NOPFN_INSERT: Ops.DRIVER_NOPFN,
    DeviceFault.FAULT: Ops.DRIVER_FAULT,
    DeviceFault.FAULT_NOREF: Ops.DRIVER_FAULT,
    DeviceFault.FAULT_PFN: Ops.DRIVER_FAULT,
    DeviceFault.FAULT_MIXED: Ops.DRIVER_FAULT,
    DeviceFault.REMAP: Ops.NONE,
    DeviceFault.INSERT: Ops.NONE,
    DeviceFault.INSERT_NOFAULT: Ops.NOFAULT,
    DeviceFault.NONE: Ops.NONE,
}


def device_mmap(k: Kernel, era: Era, mm: str, vma: Vma, dev: Device) -> tuple[Vma, str | None]:
    """The driver's ``f_op->mmap`` (spufs_mem_mmap() in arch/powerpc/platforms/cell/spufs/file.c,
    mspec_mmap() in drivers/char/mspec.c, packet_mmap() in net/packet/af_packet.c, io_uring_mmap() in
    io_uring/, or the preset's strategy): returns the VMA as the driver left it, or an errno name."""
    if not vma.has(VM.VM_SHARED) and not dev.private_ok:
        return vma, "EINVAL"
    if dev.preset == "nopfn":  # mspec_mmap(): offset 0 only (-EINVAL), writable only (-EPERM)
        if vma.pgoff != 0:
            return vma, "EINVAL"
        if not vma.has(VM.VM_WRITE):
            return vma, "EPERM"
    vma = replace(vma, flags=vma.flags | dev.flags, ops=_OPS[dev.fault])
    k.put_vma(mm, vma)
    if dev.fault in (DeviceFault.REMAP, DeviceFault.INSERT, DeviceFault.INSERT_NOFAULT) and vma.pgoff + vma.pages > len(dev.frames):
        return vma, "EINVAL"
    if dev.fault is DeviceFault.REMAP:
        return remap_pfn_range(k, era, mm, vma, dev.frames[vma.pgoff], vma.pages)
    if dev.fault in (DeviceFault.INSERT, DeviceFault.INSERT_NOFAULT):
        for i in range(vma.pages):
            vma, err = vm_insert_page(k, era, mm, vma, vma.start + i, dev.frames[vma.pgoff + i])
            if err is not None:
                return vma, err
    return vma, None


def device_revoke(k: Kernel, era: Era, dev: Device) -> None:
    """A driver revoking its mappings, as spufs does at a context switch (spu_unmap_mappings() in
    arch/powerpc/platforms/cell/spufs/context.c): unmap_mapping_range(mapping, 0, size, even_cows=1)."""
    unmap_mapping_range(k, era, dev.name, even_cows=True)


def device_release(k: Kernel, dev: Device) -> None:
    """The driver's ``f_op->release`` drops its own references: put_page() (__free_page()/vfree() in the
    driver) on each page it allocated.
    Reserved frames keep the platform's base reference; I/O frames have no struct page."""
    if dev.memory is DeviceMemory.RAM:
        for pfn in dev.frames:
            put_page(k, pfn)
    k.devices[dev.name] = replace(dev, released=True)
