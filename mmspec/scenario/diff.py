"""What one step changed: struct pages, PTEs and mm counters, as rows for the step report."""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import FileMapping, Kernel, MmCounters, Page, Pte, is_shmem


@dataclass(frozen=True)
class Change:
    what: str  # "page", "pte", "mm", "swap"
    name: str
    before: str
    after: str


def frame_name(k: Kernel, pfn: int) -> str:
    """A readable name for a frame: ZERO_PAGE, DEVICE[i], file:NAME[i], or its PFN."""
    if pfn == ZERO_PFN:
        return "ZERO_PAGE"
    for dev in k.devices.values():
        if pfn in dev.frames:
            return f"{dev.name[4:]}[{dev.frames.index(pfn)}]"
    page = k.pages.get(pfn)
    if page is not None and isinstance(page.mapping, FileMapping) and not is_shmem(page.mapping.name):
        return f"{page.mapping.name}[{page.index}]"
    return f"pfn {pfn:#x}"


def page_text(p: Page | None) -> str:
    if p is None:
        return "-"
    if p.free:
        return "free"
    flags = [f.name[3:] for f in type(p.flags) if f & p.flags and f.name]
    if p.anon:
        flags.insert(0, "anon")
    if p.anon_exclusive:
        flags.insert(1, "exclusive")
    return f"count={p.count} mapcount={p.mapcount} data={p.data} " + ("|".join(flags) or "-")


def pte_text(k: Kernel, pte: Pte | None) -> str:
    if pte is None:
        return "none"
    if not pte.present:
        return f"swap slot {pte.swap}" + (" exclusive" if pte.exclusive else "")
    bits = "".join(c for c, on in (("w", pte.write), ("d", pte.dirty), ("y", pte.young), ("s", pte.special)) if on)
    return f"{frame_name(k, pte.pfn)} {bits or '-'}"


def counters_text(c: MmCounters | None) -> str:
    if c is None:
        return "-"
    return f"file_rss={c.file_rss} anon_rss={c.anon_rss}"


def _vpn_name(k: Kernel, mm: str, vpn: int) -> str:
    vma = k.find_vma(mm, vpn)
    return f"{mm}:{vma.label}[{vpn - vma.start}]" if vma else f"{mm}:{vpn:#x}"


def diff_states(a: Kernel, b: Kernel) -> list[Change]:
    """The pages, PTEs, rss counters and swap slots that differ between two states, in a stable order."""
    out: list[Change] = []
    for pfn in sorted(set(a.pages) | set(b.pages)):
        pa, pb = a.pages.get(pfn), b.pages.get(pfn)
        if pa != pb and page_text(pa) != page_text(pb):
            out.append(Change("page", frame_name(b if pb else a, pfn), page_text(pa), page_text(pb)))
    for key in sorted(set(a.ptes) | set(b.ptes)):
        ta, tb = a.ptes.get(key), b.ptes.get(key)
        if ta != tb:
            mm, vpn = key
            name = _vpn_name(b, mm, vpn) if b.find_vma(mm, vpn) else _vpn_name(a, mm, vpn)
            out.append(Change("pte", name, pte_text(a, ta), pte_text(b, tb)))
    for mm in sorted(set(a.mms) | set(b.mms)):
        ca, cb = a.mms.get(mm), b.mms.get(mm)
        if counters_text(ca) != counters_text(cb):
            out.append(Change("mm", mm, counters_text(ca), counters_text(cb)))
    if a.swap is not None and b.swap is not None and a.swap.swap_map != b.swap.swap_map:
        for slot, (x, y) in enumerate(zip(a.swap.swap_map, b.swap.swap_map, strict=False)):
            if x != y:
                out.append(Change("swap", f"swap slot {slot}", f"swap_map={x}", f"swap_map={y}"))
    return out
