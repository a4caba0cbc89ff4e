"""What the oracle observes after each step, and how two observations are compared.

For every live process and every mapping the scenario named (that still has a VMA): the VMA's VmFlags (a
subset), its Rss and anonymous Rss (smaps), and per page: the PTE state (none, present, swap), the frame as a
symbolic label (``Z`` for the zero page, ``p0``, ``p1``... in first-seen order), the frame's mapcount
(/proc/kpagecount), the pagemap "exclusively mapped" and "file" bits, the page flags that are deterministic
(anon, zero, swapcache, anon-exclusive, mmap, lru, unevictable, mlocked), the swap entry as a label (``s0``,
...) and the value a read would see (only for present pages, so observing never faults).  Labels are given
in one scan order (processes by name, mappings by name, pages by index), so equal labels mean the same frame
and the labels of two sides can be compared as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VMFLAGS = ("rd", "wr", "sh", "dc", "wf", "lo", "io", "pf", "mm", "de")
FLAGS = ("anon", "zero", "swapcache", "exclusive", "mmap", "lru", "unevictable", "mlocked")


@dataclass(frozen=True)
class PageObs:
    state: str  # "none" | "present" | "swap"
    frame: str = ""  # label of the frame or swap entry
    mapcount: int | None = None
    exclusive_bit: bool = False  # pagemap bit 56: precise mapcount == 1
    file_bit: bool = False  # pagemap bit 61: not an anon page (and not the 4 KiB zero page)
    flags: tuple[str, ...] = ()
    value: int | None = None

    def text(self) -> str:
        if self.state == "none":
            return "-"
        if self.state == "swap":
            return f"swap {self.frame}"
        bits = ("X" if self.exclusive_bit else "") + ("F" if self.file_bit else "")
        return f"{self.frame} c{self.mapcount} {bits or '.'} {'|'.join(self.flags) or '-'} ={self.value}"


@dataclass(frozen=True)
class MapObs:
    vmflags: tuple[str, ...]
    rss: int  # pages
    anon: int  # pages
    pages: tuple[PageObs, ...]


@dataclass(frozen=True)
class Observation:
    """proc -> label -> MapObs (mappings without a VMA are absent)."""

    procs: tuple[tuple[str, tuple[tuple[str, MapObs], ...]], ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, dict[str, MapObs]]:
        return {p: dict(maps) for p, maps in self.procs}


class Labeler:
    """Symbolic names for frames and swap entries, in first-seen order."""

    def __init__(self) -> None:
        self.frames: dict[object, str] = {}
        self.swaps: dict[object, str] = {}

    def frame(self, key: object, zero: bool = False) -> str:
        if zero:
            return "Z"
        return self.frames.setdefault(key, f"p{len(self.frames)}")

    def swap(self, key: object) -> str:
        return self.swaps.setdefault(key, f"s{len(self.swaps)}")


def differences(model: Observation, live: Observation) -> list[str]:
    """Each field that differs, as one line per place."""
    out = []
    m, lv = model.as_dict(), live.as_dict()
    for proc in sorted(set(m) | set(lv)):
        if proc not in m or proc not in lv:
            out.append(f"{proc}: {'only the model' if proc in m else 'only the live kernel'} has this process")
            continue
        for label in sorted(set(m[proc]) | set(lv[proc])):
            a, b = m[proc].get(label), lv[proc].get(label)
            where = f"{proc}:{label}"
            if a is None or b is None:
                out.append(f"{where}: {'only the model' if b is None else 'only the live kernel'} has this VMA")
                continue
            if a.vmflags != b.vmflags:
                out.append(f"{where} VmFlags: model {' '.join(a.vmflags)} / live {' '.join(b.vmflags)}")
            if (a.rss, a.anon) != (b.rss, b.anon):
                out.append(f"{where} Rss: model {a.rss} (anon {a.anon}) / live {b.rss} (anon {b.anon})")
            for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=False)):
                if pa != pb:
                    fields = [
                        f
                        for f in ("state", "frame", "mapcount", "exclusive_bit", "file_bit", "flags", "value")
                        if getattr(pa, f) != getattr(pb, f)
                    ]
                    out.append(f"{where}[{i}] {', '.join(fields)}: model {pa.text()} / live {pb.text()}")
    return out
