"""Initial states: the kernel as a scenario's declarations leave it before the first step."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import (
    PG,
    AddressSpace,
    Device,
    DeviceDecl,
    DeviceMemory,
    FrameKind,
    Kernel,
    MmCounters,
    Page,
    SwapInfo,
)
from mmspec.mm.page_alloc import alloc_page

RESERVED_BASE = 0x10000  # memmap'd device frames (the SPE local store)
IO_BASE = 0x80000  # frames without struct page
FRAME_STRIDE = 0x100


@dataclass(frozen=True)
class Setup:
    """What a scenario declares: devices, files, swap and the processes that exist at start."""

    devices: tuple[DeviceDecl, ...] = ()
    files: tuple[tuple[str, int], ...] = ()
    swap_pages: int | None = None
    processes: tuple[str, ...] = ("P1",)


def boot(setup: Setup) -> Kernel:
    """Build the initial kernel: ZERO_PAGE (PG_reserved, its base reference), files with zeroed disks,
    device frames, the swap device and the empty mms of the initial processes."""
    k = Kernel()
    k.add_page(Page(ZERO_PFN, FrameKind.ZERO, count=1, flags=PG.PG_reserved, owner="kernel"))
    for i, d in enumerate(setup.devices):
        frames: list[int] = []
        for j in range(d.pages):
            if d.memory is DeviceMemory.RAM:
                pfn = alloc_page(k)
                k.set_page(pfn, owner=f"dev:{d.name}")
            elif d.memory is DeviceMemory.ZERO:
                pfn = ZERO_PFN
            elif d.memory is DeviceMemory.RESERVED:
                pfn = RESERVED_BASE + i * FRAME_STRIDE + j
                k.add_page(Page(pfn, FrameKind.SPECIAL, count=1, flags=PG.PG_reserved, owner="platform"))
            else:
                pfn = IO_BASE + i * FRAME_STRIDE + j
                k.io_data[pfn] = 0
            frames.append(pfn)
        obj = f"dev:{d.name}"
        k.devices[obj] = Device(obj, d, tuple(frames))
    for name, pages in setup.files:
        obj = f"file:{name}"
        k.files[obj] = AddressSpace(obj, pages, disk=(0,) * pages)
    if setup.swap_pages is not None:
        n = setup.swap_pages
        k.swap = SwapInfo(n, (0,) * n, (0,) * n)
    for p in setup.processes:
        k.mms[p] = MmCounters()
        k.vmas[p] = ()
    return k
