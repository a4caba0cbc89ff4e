"""The operation tables through which mm/ calls drivers and filesystems: ``struct vm_operations_struct``
(include/linux/mm.h) and ``struct file_operations`` (include/linux/fs.h).

mm/ never imports a driver.  As in the kernel, a driver fills in its tables and registers them
(register_chrdev() in fs/char_dev.c; the model's drivers do it when :mod:`mmspec.drivers` is imported),
and mm/ calls through them: ``file->f_op->mmap`` at mmap time, ``vma->vm_ops->fault`` (``->nopage``,
``->nopfn``) at fault time.

What a VMA keeps in the state is its :class:`~mmspec.mm.mm_types.Ops` value, the name of its table:
states, fingerprints and state counts see only that enum, never a table.  :func:`vm_ops` resolves the
name to the table registered under it (``vma->vm_ops``); ``Ops.NONE`` is ``vm_ops == NULL``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mmspec.errors import ModelBug
from mmspec.mm.mm_types import Device, Kernel, Ops, Vma

if TYPE_CHECKING:
    from mmspec.era import Era
    from mmspec.mm.filemap import NopageResult
    from mmspec.mm.outcome import Outcome

# ->nopage(vma, address), ->nopfn(vma, address), ->fault(vma, vmf): what the handler returns for the page
# at ``vpn`` of ``vma`` (a page with a reference, a pfn, a pfn the handler inserts itself, or SIGBUS).
FaultHandler = Callable[[Kernel, Vma, int], "NopageResult"]
# ->mmap(file, vma): the VMA as the driver left it and what the call returned.
MmapHook = Callable[[Kernel, "Era", str, Vma], "tuple[Vma, Outcome]"]
# ->release(inode, file) of the last opener: the driver drops what it allocated.
ReleaseHook = Callable[[Kernel, Device], None]


@dataclass(frozen=True)
class VmOperations:
    """Model of ``struct vm_operations_struct`` (include/linux/mm.h) with the hooks the model uses.

    ``nopage`` exists until 2.6.25 and ``nopfn`` until 2.6.26, ``fault`` from 2.6.23
    (:class:`~mmspec.era.Nopage`, :class:`~mmspec.era.Nopfn`, :class:`~mmspec.era.FaultHook`); a table
    that sets both ``nopage`` and ``fault`` (the page cache's) is the same table across eras, and
    handle_mm_fault() uses ``fault`` where the era has it.  ``map_pages`` says that the table has
    ``->map_pages = filemap_map_pages`` (3.15+, :class:`~mmspec.era.FaultAround`).  A table with no hook at
    all is ``vm_ops`` without a fault handler (open/close only).
    """

    name: str
    nopage: FaultHandler | None = None
    nopfn: FaultHandler | None = None
    fault: FaultHandler | None = None
    map_pages: bool = False


@dataclass(frozen=True)
class FileOperations:
    """Model of ``struct file_operations`` (include/linux/fs.h) with the hooks the model uses: ``mmap``
    (called by do_mmap_pgoff(), which re-reads vm_flags and vm_ops afterwards) and ``release``."""

    name: str
    mmap: MmapHook
    release: ReleaseHook | None = None


_VM_OPS: dict[Ops, VmOperations] = {}
_CHRDEV_FOPS: list[FileOperations] = []


def register_vm_ops(ops: Ops, table: VmOperations) -> None:
    """Make ``table`` the ``vm_operations_struct`` of every VMA whose ``ops`` is ``ops`` (a driver's or
    filesystem's static ``const struct vm_operations_struct``).  Registering the same table again is a
    no-op; a different table under a taken name is a model bug."""
    if ops is Ops.NONE:
        raise ModelBug("Ops.NONE is vm_ops == NULL and has no table")
    old = _VM_OPS.setdefault(ops, table)
    if old is not table:
        raise ModelBug(f"two vm_operations tables registered as {ops.value}: {old.name} and {table.name}")


def vm_ops(vma: Vma) -> VmOperations | None:
    """``vma->vm_ops``: the registered table, or None for ``vm_ops == NULL`` (an anonymous VMA)."""
    if vma.ops is Ops.NONE:
        return None
    table = _VM_OPS.get(vma.ops)
    if table is None:
        raise ModelBug(
            f"no vm_operations table is registered as {vma.ops.value}: import mmspec.drivers "
            "before running a model with devices"
        )
    return table


def register_chrdev(fops: FileOperations) -> None:
    """Model of register_chrdev() in fs/char_dev.c: the character driver behind every ``dev:`` object
    (the model has one driver, parameterised by each device's declaration).  Idempotent."""
    if fops in _CHRDEV_FOPS:
        return
    if _CHRDEV_FOPS:
        raise ModelBug(f"a second character driver {fops.name} registered after {_CHRDEV_FOPS[0].name}")
    _CHRDEV_FOPS.append(fops)


def chrdev_fops(dev: Device) -> FileOperations:
    """``filp->f_op`` after chrdev_open() (fs/char_dev.c) of ``dev``: its driver's file_operations."""
    if not _CHRDEV_FOPS:
        raise ModelBug(f"no character driver is registered for {dev.name}: import mmspec.drivers first")
    return _CHRDEV_FOPS[0]
