"""One model state as an SVG diagram: processes, their VMAs (with flags) and PTEs on the left; the frames
(struct pages with count, mapcount and flags, I/O frames without struct page) grouped by owner in the
middle; the swap slots and the swap cache on the right.  Edges: present PTE -> frame, swap PTE -> slot,
swap-cache page -> slot, GUP reference -> frame.

Every drawn object has an id (:func:`signatures`) and ``data-kind`` / ``data-id`` attributes, so that a test
can count them and the page's script can find them.  The layout is a pure function of the state and the
marks: the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from mmspec.mm.memory import ZERO_PFN
from mmspec.mm.mm_types import (
    FileMapping,
    Kernel,
    Page,
    Pte,
    Vma,
    VmFlags,
    is_shmem,
    pg_flag_names,
    vm_flag_names,
)
from mmspec.scenario.diff import frame_name

# Geometry (px).  Sized for the corpus: a few processes, a few mappings of up to 16 pages each.
LINE = 14  # one text line
PAD = 6
PROC_W = 250  # process header and VMA boxes
CELL_W, CELL_H = 46, 34  # one PTE
MAX_CELLS = 16  # a VMA with more pages shows only its PTEs that exist
FRAME_W = 250
SLOT_W, SLOT_H = 170, 2 * LINE + 2 * PAD
GAP = 10
EDGE_ROOM = 110  # between the PTE cells and the frames


@dataclass(frozen=True)
class Marks:
    """What to highlight: objects the step changed, objects a violation concerns (id -> invariant ids),
    and objects that differ from the same step under another era."""

    changed: frozenset[str] = frozenset()
    violated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    differ: frozenset[str] = frozenset()


def _short_vm(flags: VmFlags) -> list[str]:
    return [name[3:] for name in vm_flag_names(flags)]


def _short_pg(page: Page) -> list[str]:
    out = ["anon"] if page.anon else []
    if page.anon_exclusive:
        out.append("exclusive")
    out += [name[3:] for name in pg_flag_names(page.flags)]
    if page.free:
        out.append("FREE")
    return out


def _wrap(words: list[str], width: int) -> list[str]:
    """Words joined by spaces into lines of at most ``width`` characters (a word is never cut)."""
    lines: list[str] = []
    for w in words:
        if lines and len(lines[-1]) + 1 + len(w) <= width:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return lines or [""]


def _pte_bits(pte: Pte) -> str:
    if not pte.present:
        return f"swp {pte.swap}" + ("x" if pte.exclusive else "")
    bits = "".join(c for c, on in (("w", pte.write), ("d", pte.dirty), ("y", pte.young), ("s", pte.special)) if on)
    return bits or "r"


def _pte_sig(pte: Pte) -> str:
    return f"pfn {pte.pfn:#x} {_pte_bits(pte)}" if pte.present else _pte_bits(pte)


def _page_sig(page: Page) -> str:
    return f"count {page.count} mapcount {page.mapcount} data {page.data} {' '.join(_short_pg(page))}"


def _vma_sig(v: Vma) -> str:
    return f"{v.start:#x}-{v.end:#x} {' '.join(_short_vm(v.flags))} {v.source.value} {v.obj}"


def _frames(k: Kernel) -> set[int]:
    """Every frame the diagram draws: struct pages, device frames, and what PTEs and references point at."""
    pfns = set(k.pages)
    for dev in k.devices.values():
        pfns.update(dev.frames)
    pfns.update(p.pfn for p in k.ptes.values() if p.present)
    pfns.update(r.pfn for r in k.refs.values())
    return pfns


def _slots(k: Kernel) -> list[int]:
    """The swap slots drawn: in use, in the swap cache, or named by a swap PTE."""
    if k.swap is None:
        return []
    used = {i for i, n in enumerate(k.swap.swap_map) if n}
    used.update(slot for slot, _ in k.swap.cache)
    used.update(p.swap for p in k.ptes.values() if not p.present)
    return sorted(used)


def signatures(k: Kernel) -> dict[str, str]:
    """Every drawn object's id and a text of its state: two states differ in an object iff its texts do."""
    out: dict[str, str] = {}
    for mm in k.live_mms():
        c = k.counters(mm)
        out[f"proc:{mm}"] = f"file_rss {c.file_rss} anon_rss {c.anon_rss}"
        for v in k.vmas.get(mm, ()):
            out[f"vma:{mm}:{v.id}"] = _vma_sig(v)
    for (mm, vpn), pte in k.ptes.items():
        out[f"pte:{mm}:{vpn}"] = _pte_sig(pte)
    for pfn in _frames(k):
        page = k.pages.get(pfn)
        out[f"frame:{pfn}"] = _page_sig(page) if page else "io"
    if k.swap is not None:
        cache = dict(k.swap.cache)
        for slot in _slots(k):
            out[f"slot:{slot}"] = f"swap_map {k.swap.swap_map[slot]} cache {cache.get(slot, -1)}"
    for name, ref in k.refs.items():
        out[f"ref:{name}"] = f"{ref.holder} {ref.pfn:#x} {ref.write} {ref.pin}"
    for name, dev in k.devices.items():
        out[f"dev:{name}"] = f"released {dev.released}"
    return out


def changed_ids(before: Kernel | None, after: Kernel) -> frozenset[str]:
    """The objects whose state differs between two states (new ones included; none without ``before``)."""
    if before is None:
        return frozenset()
    a, b = signatures(before), signatures(after)
    return frozenset(i for i, s in b.items() if a.get(i) != s)


def violation_ids(k: Kernel, key: str) -> list[str]:
    """The drawn objects a violation's key names: a frame (``0x..``, with ``#n`` or ``:who`` after it), a
    swap slot (``slotN``), a process, a GUP reference (and its frame), or the zero page."""
    head = key.split("#")[0].split(":")[0]
    if head.startswith("0x"):
        try:
            return [f"frame:{int(head, 16)}"]
        except ValueError:
            return []
    if head.startswith("slot") and head[4:].isdigit():
        return [f"slot:{int(head[4:])}"]
    if head == "zero":
        return [f"frame:{ZERO_PFN}"]
    if key in k.refs:
        return [f"ref:{key}", f"frame:{k.refs[key].pfn}"]
    if head in k.mms:
        return [f"proc:{head}"]
    return []


class _Canvas:
    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.edges: list[str] = []
        self.boxes: list[str] = []

    def classes(self, oid: str, base: str) -> str:
        cls = [base]
        if oid in self.marks.changed:
            cls.append("changed")
        if oid in self.marks.differ:
            cls.append("differ")
        if oid in self.marks.violated:
            cls.append("violated")
        return " ".join(cls)

    def box(self, oid: str, kind: str, x: int, y: int, w: int, h: int, lines: Iterable[str], base: str = "") -> None:
        title = ""
        if oid in self.marks.violated:
            title = f"<title>{escape('violates ' + ', '.join(self.marks.violated[oid]))}</title>"
        out = [
            f'<g class="{self.classes(oid, base or kind)}" data-kind="{kind}" data-id="{escape(oid)}">{title}',
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3"/>',
        ]
        for i, text in enumerate(lines):
            out.append(f'<text x="{x + PAD}" y="{y + PAD + LINE * i + 11}">{escape(text)}</text>')
        if oid in self.marks.violated:
            out.append(f'<text class="badge" x="{x + w - PAD}" y="{y + 12}" text-anchor="end">✗</text>')
        out.append("</g>")
        self.boxes.append("".join(out))

    def edge(self, kind: str, oid: str, src: tuple[int, int], dst: tuple[int, int], target: str, cell: bool) -> None:
        """A curve from ``src`` to ``dst``.  From a PTE cell (``src`` its bottom-centre) the curve leaves by
        the bottom, or by the top when the target lies above the cell, so that it does not loop back."""
        (sx, sy), (dx, dy) = src, dst
        if cell and dy < sy - CELL_H:
            sy -= CELL_H
            c1 = f"{sx},{sy - 28}"
        else:
            c1 = f"{sx},{sy + 28}" if cell else f"{sx + 60},{sy}"
        path = f"M{sx},{sy} C{c1} {dx - 70},{dy} {dx},{dy}"
        self.edges.append(
            f'<path class="{self.classes(oid, kind)}" data-kind="{kind}" data-from="{escape(oid)}" '
            f'data-to="{escape(target)}" d="{path}"/>'
        )


def _frame_groups(k: Kernel) -> list[tuple[str, list[int]]]:
    """The frames in drawing order, grouped by owner: each device, the zero page, each file, the rest."""
    left = _frames(k)
    groups: list[tuple[str, list[int]]] = []
    for name in sorted(k.devices):
        dev = k.devices[name]
        state = " (released)" if dev.released else ""
        groups.append(
            (f"device {name[4:]}: {dev.preset}, {dev.fault.value}{state}", [p for p in dev.frames if p in left])
        )
        left -= set(dev.frames)
    if ZERO_PFN in left:
        groups.append(("the zero page", [ZERO_PFN]))
        left.discard(ZERO_PFN)
    files: dict[str, list[int]] = {}
    for pfn in sorted(left):
        page = k.pages.get(pfn)
        if page is not None and isinstance(page.mapping, FileMapping):
            name = page.mapping.name
            files.setdefault("shmem " + name if is_shmem(name) else "file " + name, []).append(pfn)
    for name in sorted(files):
        groups.append((name, sorted(files[name], key=lambda p: (k.pages[p].index, p))))
        left -= set(files[name])
    if left:
        groups.append(("anonymous and other frames", sorted(left)))
    return groups


def _frame_lines(k: Kernel, pfn: int) -> list[str]:
    page = k.pages.get(pfn)
    name = frame_name(k, pfn)
    head = name if name.startswith("pfn") else f"{name}  pfn {pfn:#x}"
    if page is None:
        return [head, "I/O frame: no struct page"]
    if page.free:  # one line: a free frame matters only as where a page went
        return [f"{head}  free (count {page.count})"]
    # Every flag shown: a long set wraps between flags (swapcache is the key fact of a swap scenario).
    return [
        head,
        f"count {page.count}  mapcount {page.mapcount}  data {page.data}",
        *_wrap(_short_pg(page) or ["-"], 38),
    ]


# The arrowhead the edges share, defined once per page (a marker inside a hidden diagram would not draw).
DEFS = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" style="position:absolute" aria-hidden="true">'
    '<defs><marker id="mmspec-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="9" markerHeight="9" '
    'markerUnits="userSpaceOnUse" '
    'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs></svg>'
)


def draw(k: Kernel, marks: Marks | None = None) -> str:
    """The SVG of state ``k`` with ``marks`` highlighted."""
    cv = _Canvas(marks or Marks())
    y = GAP
    cells: dict[tuple[str, int], tuple[int, int]] = {}  # (mm, vpn) of a PTE drawn -> its bottom-centre
    widest = 0
    ref_at: dict[str, tuple[int, int]] = {}  # reference name -> its right-middle
    for mm in k.live_mms():
        c = k.counters(mm)
        cv.box(
            f"proc:{mm}",
            "proc",
            GAP,
            y,
            PROC_W,
            LINE + 2 * PAD,
            [f"{mm}   file_rss {c.file_rss}  anon_rss {c.anon_rss}"],
        )
        y += LINE + 2 * PAD + 4
        for v in k.vmas.get(mm, ()):
            what = v.obj or v.source.value
            lines = [f"{v.label}  {v.start:#x}-{v.end:#x}  {what}", *_wrap(_short_vm(v.flags), 34)]
            h = max(len(lines) * LINE + 2 * PAD, CELL_H)
            cv.box(f"vma:{mm}:{v.id}", "vma", GAP + 12, y, PROC_W - 12, h, lines)
            vpns = list(range(v.start, v.end))
            if len(vpns) > MAX_CELLS:
                vpns = [vpn for vpn in vpns if (mm, vpn) in k.ptes]
            for j, vpn in enumerate(vpns):
                x = GAP + PROC_W + 8 + j * CELL_W
                pte = k.ptes.get((mm, vpn))
                oid = f"pte:{mm}:{vpn}"
                kind = "pte-none" if pte is None else "pte" if pte.present else "pte-swap"
                cv.box(
                    oid, kind, x, y, CELL_W - 4, CELL_H, [f"[{vpn - v.start}]", "-" if pte is None else _pte_bits(pte)]
                )
                cells[(mm, vpn)] = (x + (CELL_W - 4) // 2, y + CELL_H)
                widest = max(widest, j + 1)
            y += h + 6
        y += GAP
    for name in sorted(k.refs):
        ref = k.refs[name]
        kind = "pin" if ref.pin else "gup"
        text = f"{kind} {name}: {ref.holder} {ref.label}" + (" write" if ref.write else "")
        cv.box(f"ref:{name}", "ref", GAP, y, PROC_W, LINE + 2 * PAD, [text])
        ref_at[name] = (GAP + PROC_W, y + (LINE + 2 * PAD) // 2)
        y += LINE + 2 * PAD + 4
    left_h = y

    fx = GAP + PROC_W + 8 + max(widest, 2) * CELL_W + EDGE_ROOM
    fy = GAP
    frame_at: dict[int, tuple[int, int]] = {}  # pfn -> its left-middle
    for title, pfns in _frame_groups(k):
        cv.boxes.append(f'<text class="group" x="{fx}" y="{fy + 11}">{escape(title)}</text>')
        fy += LINE + 4
        for pfn in pfns:
            page = k.pages.get(pfn)
            kind = "page" if page is not None else "io-frame"
            base = kind + (" free" if page is not None and page.free else "")
            lines = _frame_lines(k, pfn)
            h = (len(lines) if page is not None and page.free else max(len(lines), 3)) * LINE + 2 * PAD
            cv.box(f"frame:{pfn}", kind, fx, fy, FRAME_W, h, lines, base)
            frame_at[pfn] = (fx, fy + h // 2)
            fy += h + 6
        fy += GAP

    sx = fx + FRAME_W + EDGE_ROOM
    sy = GAP
    slot_at: dict[int, tuple[int, int]] = {}
    if k.swap is not None:
        cache = dict(k.swap.cache)
        used = sum(1 for n in k.swap.swap_map if n)
        cv.boxes.append(f'<text class="group" x="{sx}" y="{sy + 11}">swap: {used} of {k.swap.slots} slots used</text>')
        sy += LINE + 4
        for slot in _slots(k):
            lines = [f"slot {slot}  swap_map {k.swap.swap_map[slot]}"]
            lines.append(f"swap cache: {frame_name(k, cache[slot])}" if slot in cache else "not in the swap cache")
            cv.box(f"slot:{slot}", "swap-slot", sx, sy, SLOT_W, SLOT_H, lines)
            slot_at[slot] = (sx, sy + SLOT_H // 2)
            sy += SLOT_H + 6
        for slot, pfn in sorted(cache.items()):
            if pfn in frame_at and slot in slot_at:
                fx0, fy0 = frame_at[pfn]
                cv.edge("swapcache-edge", f"frame:{pfn}", (fx0 + FRAME_W, fy0), slot_at[slot], f"slot:{slot}", False)

    for (mm, vpn), at in sorted(cells.items()):
        pte = k.ptes.get((mm, vpn))
        oid = f"pte:{mm}:{vpn}"
        if pte is None:
            continue
        if pte.present and pte.pfn in frame_at:
            cv.edge("pte-edge", oid, at, frame_at[pte.pfn], f"frame:{pte.pfn}", True)
        elif not pte.present and pte.swap in slot_at:
            cv.edge("swap-edge", oid, at, slot_at[pte.swap], f"slot:{pte.swap}", True)
    for name in sorted(k.refs):
        ref = k.refs[name]
        if ref.pfn in frame_at:
            cv.edge("ref-edge", f"ref:{name}", ref_at[name], frame_at[ref.pfn], f"frame:{ref.pfn}", False)

    width = (sx + SLOT_W + GAP) if k.swap is not None else fx + FRAME_W + GAP
    height = max(left_h, fy, sy) + GAP
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="state" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">' + "".join(cv.edges) + "".join(cv.boxes) + "</svg>"
    )
