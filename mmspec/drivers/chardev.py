"""The model's character driver: its file_operations (->mmap, ->release), its vm_operations tables and
the driver event revoke.

Each device is a preset (see :mod:`mmspec.drivers.presets`) with overridable keys; its ``fault`` key is the
driver's strategy, which decides the vm_ops table ->mmap installs and the checks ->mmap makes.  ->mmap
refuses MAP_PRIVATE where the driver does (spufs returns -EINVAL unless VM_SHARED), sets the driver's VM
flags and vm_ops, and for the prefilling strategies calls remap_pfn_range() or vm_insert_page() over the
VMA.  The tables are registered with mm/ (:mod:`mmspec.mm.ops`) when this module is imported, as a driver's
module_init() would: mm/ calls the driver only through them.
"""

from __future__ import annotations

from mmspec.drivers.handlers import driver_fault
from mmspec.era import Era
from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import remap_pfn_range, unmap_mapping_range, vm_insert_page
from mmspec.mm.mm_types import VM, Device, DeviceFault, DeviceMemory, Kernel, Ops, Vma, replace
from mmspec.mm.ops import FileOperations, VmOperations, register_chrdev, register_vm_ops
from mmspec.mm.outcome import OK, Outcome, errno
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


def mspec_mmap_checks(vma: Vma) -> Outcome:
    """The checks of mspec_mmap() in drivers/char/mspec.c, the ->mmap of the ``nopfn`` strategy (a ->nopfn
    handler returning the frame, as mspec_nopfn()): a mapping that does not start at offset 0 is -EINVAL
    and one that is not writable is -EPERM (the driver maps uncached memory for writing only).  They belong
    to the strategy, so every device with ``fault=nopfn`` gets them, whatever its preset."""
    if vma.pgoff != 0:
        return errno("EINVAL")
    if not vma.has(VM.VM_WRITE):
        return errno("EPERM")
    return OK


@kernel_function("->mmap")
def device_mmap(k: Kernel, era: Era, mm: str, vma: Vma) -> tuple[Vma, Outcome]:
    """The driver's ``f_op->mmap`` (spufs_mem_mmap() in arch/powerpc/platforms/cell/spufs/file.c,
    mspec_mmap() in drivers/char/mspec.c, packet_mmap() in net/packet/af_packet.c, io_uring_mmap() in
    io_uring/, or the preset's strategy) for the device behind ``vma``: returns the VMA as the driver left
    it and ok or an errno."""
    dev = k.devices[vma.obj]
    if not vma.has(VM.VM_SHARED) and not dev.private_ok:
        return vma, errno("EINVAL")
    if dev.fault is DeviceFault.NOPFN:
        refused = mspec_mmap_checks(vma)
        if not refused.is_ok:
            return vma, refused
    vma = replace(vma, flags=vma.flags | dev.flags, ops=_OPS[dev.fault])
    k.put_vma(mm, vma)
    if dev.fault in (DeviceFault.REMAP, DeviceFault.INSERT, DeviceFault.INSERT_NOFAULT) and vma.pgoff + vma.pages > len(
        dev.frames
    ):
        return vma, errno("EINVAL")
    if dev.fault is DeviceFault.REMAP:
        return remap_pfn_range(k, era, mm, vma, dev.frames[vma.pgoff], vma.pages)
    if dev.fault in (DeviceFault.INSERT, DeviceFault.INSERT_NOFAULT):
        for i in range(vma.pages):
            vma, out = vm_insert_page(k, era, mm, vma, vma.start + i, dev.frames[vma.pgoff + i])
            if not out.is_ok:
                return vma, out
    return vma, OK


def device_revoke(k: Kernel, era: Era, dev: Device) -> None:
    """A driver revoking its mappings, as spufs does at a context switch (spu_unmap_mappings() in
    arch/powerpc/platforms/cell/spufs/context.c): unmap_mapping_range(mapping, 0, size, even_cows=1)."""
    unmap_mapping_range(k, era, dev.name, even_cows=True)


@kernel_function("->release")
def device_release(k: Kernel, dev: Device) -> None:
    """The driver's ``f_op->release`` drops its own references: put_page() (__free_page()/vfree() in the
    driver) on each page it allocated.
    Reserved frames keep the platform's base reference; I/O frames have no struct page."""
    if dev.memory is DeviceMemory.RAM:
        for pfn in dev.frames:
            put_page(k, pfn)
    k.devices[dev.name] = replace(dev, released=True)


# The driver's tables, by the hook its strategy provides (_OPS above says which strategy gets which).
CHARDEV_NOPAGE_VM_OPS = VmOperations("chardev_nopage_vm_ops", nopage=driver_fault)
CHARDEV_NOPFN_VM_OPS = VmOperations("chardev_nopfn_vm_ops", nopfn=driver_fault)
CHARDEV_FAULT_VM_OPS = VmOperations("chardev_fault_vm_ops", fault=driver_fault)
CHARDEV_NOFAULT_VM_OPS = VmOperations("chardev_nofault_vm_ops")  # open/close only, like AF_PACKET's ring
CHARDEV_FOPS = FileOperations("chardev_fops", mmap=device_mmap, release=device_release)

register_vm_ops(Ops.DRIVER_NOPAGE, CHARDEV_NOPAGE_VM_OPS)
register_vm_ops(Ops.DRIVER_NOPFN, CHARDEV_NOPFN_VM_OPS)
register_vm_ops(Ops.DRIVER_FAULT, CHARDEV_FAULT_VM_OPS)
register_vm_ops(Ops.NOFAULT, CHARDEV_NOFAULT_VM_OPS)
register_chrdev(CHARDEV_FOPS)
