"""The model's projection onto the live observables (fs/proc/task_mmu.c, fs/proc/page.c rules)."""

from __future__ import annotations

from helpers import after

from mmspec.era import resolve_era
from mmspec.oracle.model_side import observe_model

E = resolve_era("6.18")


def _pages(text: str, proc: str = "P1", label: str = "A") -> list:  # type: ignore[type-arg]
    return list(observe_model(after(text, E), E).as_dict()[proc][label].pages)


def test_zero_page_is_present_uncounted_and_not_file() -> None:
    (p,) = _pages("P1: mmap A anon pages=1 private rw\nP1: read A[0]\n")
    assert (p.state, p.frame, p.mapcount, p.exclusive_bit, p.file_bit) == ("present", "Z", 0, False, False)
    assert p.flags == ("zero",)


def test_pfnmap_reads_as_holes() -> None:
    pages = _pages("device d preset=remap-pfn memory=ram pages=1\nP1: mmap A dev:d shared rw\n")
    assert [p.state for p in pages] == ["none"]


def test_shared_page_after_fork_is_not_exclusive() -> None:
    text = "P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: fork P2\n"
    (p,) = _pages(text)
    assert (p.frame, p.mapcount, p.exclusive_bit) == ("p0", 2, False)
    assert "exclusive" not in p.flags and "anon" in p.flags


def test_mlocked_page_is_unevictable() -> None:
    (p,) = _pages("P1: mmap A anon pages=1 private rw\nP1: mlock A\n")
    assert {"unevictable", "mlocked", "anon"} <= set(p.flags)
