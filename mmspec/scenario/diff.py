"""What one step changed: struct pages, PTEs and mm counters, as rows for the step report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import FileMapping, Kernel, MmCounters, Page, Pte, is_shmem, pg_flag_names


@dataclass(frozen=True)
class Change:
    """One object a step changed: its kind, its name, and its state before and after, as text and as fields
    (:func:`page_fields`, :func:`pte_fields`, :func:`counters_fields`; None where it does not exist)."""

    what: str  # "page", "pte", "mm", "swap"
    name: str
    before: str
    after: str
    fields_before: dict[str, Any] | None = field(default=None, compare=False)
    fields_after: dict[str, Any] | None = field(default=None, compare=False)


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
    flags = [name[3:] for name in pg_flag_names(p.flags)]
    if p.anon:
        flags.insert(0, "anon")
    if p.anon_exclusive:
        flags.insert(1, "exclusive")
    return f"count={p.count} mapcount={p.mapcount} data={p.data} " + ("|".join(flags) or "-")


def page_fields(p: Page | None) -> dict[str, Any] | None:
    """A struct page as fields: pfn, count, mapcount, data, flags (PG_ names without the prefix, plus
    "anon" and "exclusive" as page_text() shows them) and free; None without a struct page."""
    if p is None:
        return None
    flags = [name[3:] for name in pg_flag_names(p.flags)]
    if p.anon_exclusive:
        flags.insert(0, "exclusive")
    if p.anon:
        flags.insert(0, "anon")
    return {
        "pfn": p.pfn,
        "count": p.count,
        "mapcount": p.mapcount,
        "data": p.data,
        "flags": flags,
        "free": p.free,
    }


def pte_fields(k: Kernel, pte: Pte | None) -> dict[str, Any]:
    """A PTE as fields: state (none, present, swap); for a present one the pfn, the frame's name and the
    bits write, dirty, young, special; for a swap entry the slot and the exclusive marker."""
    if pte is None:
        return {"state": "none"}
    if not pte.present:
        return {"state": "swap", "swap_slot": pte.swap, "exclusive": pte.exclusive}
    return {
        "state": "present",
        "pfn": pte.pfn,
        "frame": frame_name(k, pte.pfn),
        "write": pte.write,
        "dirty": pte.dirty,
        "young": pte.young,
        "special": pte.special,
    }


def counters_fields(c: MmCounters | None) -> dict[str, Any] | None:
    """An mm's rss counters as fields; None without the mm."""
    return None if c is None else {"file_rss": c.file_rss, "anon_rss": c.anon_rss}


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
    """The pages, PTEs, rss counters and swap slots that differ between a state and its successor ``b``, in
    a stable order: only the pages and PTEs the step wrote (``b.dirty_pages``, ``b.dirty_ptes``) are looked
    at, so that the work follows the step, not the size of the machine."""
    out: list[Change] = []
    for pfn in sorted(set(b.dirty_pages)):
        pa, pb = a.pages.get(pfn), b.pages.get(pfn)
        if pa != pb and page_text(pa) != page_text(pb):
            name = frame_name(b if pb else a, pfn)
            out.append(Change("page", name, page_text(pa), page_text(pb), page_fields(pa), page_fields(pb)))
    for key in sorted(set(b.dirty_ptes)):
        ta, tb = a.ptes.get(key), b.ptes.get(key)
        if ta != tb:
            mm, vpn = key
            name = _vpn_name(b, mm, vpn) if b.find_vma(mm, vpn) else _vpn_name(a, mm, vpn)
            out.append(Change("pte", name, pte_text(a, ta), pte_text(b, tb), pte_fields(a, ta), pte_fields(b, tb)))
    for mm in sorted(set(a.mms) | set(b.mms)):
        ca, cb = a.mms.get(mm), b.mms.get(mm)
        if counters_text(ca) != counters_text(cb):
            out.append(Change("mm", mm, counters_text(ca), counters_text(cb), counters_fields(ca), counters_fields(cb)))
    if a.swap is not None and b.swap is not None and a.swap.swap_map != b.swap.swap_map:
        for slot, (x, y) in enumerate(zip(a.swap.swap_map, b.swap.swap_map, strict=False)):
            if x != y:
                out.append(
                    Change(
                        "swap",
                        f"swap slot {slot}",
                        f"swap_map={x}",
                        f"swap_map={y}",
                        {"slot": slot, "swap_map": x},
                        {"slot": slot, "swap_map": y},
                    )
                )
    return out
