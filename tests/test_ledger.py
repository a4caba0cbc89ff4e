"""The reference ledger (mmspec/mm/ledger.py), its reading (mmspec/runner/why.py) and `mmspec explain`.

The expected entries are written by hand from Linux 2.6.19's mm/memory.c (../shared/reference/
linux-2.6.19-mm.md): do_no_page() (section 5.3: the ->nopage handler's reference becomes the PTE's,
page_add_file_rmap(), no vm_normal_page() call), copy_one_pte() (section 3: get_page() and
page_dup_rmap() when vm_normal_page() returns a page, nothing when it returns NULL), zap_pte_range()
(section 4: page_remove_rmap() at once, the PTE's reference handed to the mmu_gather and put by
tlb_finish_mmu(); nothing at all when vm_normal_page() returns NULL).
"""

from __future__ import annotations

import glob
import json
from pathlib import Path

from click.testing import CliRunner
from helpers import PROPOSAL, STOCK

from mmspec.cli import main
from mmspec.errors import ScenarioError
from mmspec.mm.ledger import EntryKind, LedgerEntry
from mmspec.model.boot import boot
from mmspec.model.step import step
from mmspec.runner.run import RunResult, execute, scenario_era
from mmspec.runner.why import story
from mmspec.scenario.parse import parse_file, parse_text

SEED = Path(__file__).parent.parent / "mmspec" / "seed"
PROPOSAL_SEED = SEED / "spufs-reserved+fork+exit.proposal.mm"


def _record(text: str, era: object = STOCK) -> RunResult:
    result = execute(parse_text(text), era, record=True)  # type: ignore[arg-type]
    assert result.ledger is not None
    return result


def _brief(e: LedgerEntry) -> tuple[int, str, str, int, int, str]:
    """What the kernel's rules fix about an entry: step, kind, the function that made it, before, after,
    and the PTE it is for."""
    return (e.step, str(e.kind), e.function, e.before, e.after, e.owner)


def _device_pfn(r: RunResult, name: str) -> int:
    assert r.final is not None
    return r.final.devices[f"dev:{name}"].frames[0]


SPUFS = """\
device spu preset=spufs pages=1
P1: mmap A dev:spu pages=1 shared rw
P1: write A[0] = 7
P1: fork P2
P2: read A[0] == 7
P2: exit
"""


def test_do_no_page_and_zap_pte_range_under_stock_2_6_19() -> None:
    r = _record(SPUFS)
    assert r.ledger is not None
    pfn = _device_pfn(r, "spu")
    # boot: the platform's reference (count 1), unmapped
    assert r.ledger.baseline[pfn] == (1, 0)
    got = [_brief(e) for e in r.ledger.of(pfn)]
    assert got == [
        # do_no_page(): ->nopage's page_cache_get(), then page_add_file_rmap()
        (2, "get", "get_page", 1, 2, "P1 A[0]"),
        (2, "map", "page_add_file_rmap", 0, 1, "P1 A[0]"),
        # copy_page_range(): a shared VMA without anon_vma is not copied
        (3, "skip", "copy_page_range", 2, 2, ""),
        # the child's fault: the same as the parent's
        (4, "get", "get_page", 2, 3, "P2 A[0]"),
        (4, "map", "page_add_file_rmap", 1, 2, "P2 A[0]"),
        # zap_pte_range(): page_remove_rmap() at once, the put when tlb_finish_mmu() frees the gather
        (5, "unmap", "page_remove_rmap", 2, 1, "P2 A[0]"),
        (5, "put", "put_page_testzero", 3, 2, "P2 A[0]"),
    ]
    chains = [e.chain for e in r.ledger.of(pfn)]
    assert chains[0] == ("write", "do_page_fault", "handle_mm_fault", "do_no_page", "->nopage", "get_page")
    assert chains[5] == ("exit", "exit_mmap", "unmap_region", "unmap_vmas", "zap_pte_range", "page_remove_rmap")
    assert chains[6][:4] == ("exit", "exit_mmap", "unmap_region", "tlb_finish_mmu")
    s = story(r.ledger, pfn)
    # P2's get and rmap add are given back by its exit; P1's are still held by its PTE
    assert [(s.entries[p.opened].owner, s.entries[p.closed].step) for p in s.pairs] == [("P2 A[0]", 5)] * 2
    assert [(s.entries[u.entry].step, s.entries[u.entry].kind) for u in s.unpaired] == [
        (2, EntryKind.GET),
        (2, EntryKind.MAP),
    ]
    assert all(not u.skipped_by for u in s.unpaired)


def test_zap_pte_range_skips_under_the_proposal() -> None:
    r = _record(SPUFS.replace("preset=spufs", "preset=spufs-reserved"), PROPOSAL)
    assert r.ledger is not None
    pfn = _device_pfn(r, "spu")
    skip = [e for e in r.ledger.of(pfn) if e.step == 5]
    # vm_normal_page() = NULL for the VM_RESERVED VMA: the PTE is cleared, nothing else
    assert [_brief(e) for e in skip] == [(5, "skip", "zap_pte_range", 3, 3, "P2 A[0]")]
    assert skip[0].note == "vm_normal_page() = NULL (VM_RESERVED): no put, no page_remove_rmap"
    assert skip[0].instead == (EntryKind.PUT, EntryKind.UNMAP)
    s = story(r.ledger, pfn)
    assert not s.pairs
    explained = {(s.entries[u.entry].owner, s.entries[u.entry].kind): u.skipped_by for u in s.unpaired}
    # P2's get and rmap add are explained by its exit's skip; P1's stay open, with nothing that skipped them
    assert [s.entries[i].step for i in explained[("P2 A[0]", EntryKind.GET)]] == [5]
    assert [s.entries[i].step for i in explained[("P2 A[0]", EntryKind.MAP)]] == [5]
    assert explained[("P1 A[0]", EntryKind.GET)] == ()


def test_copy_one_pte_gets_and_dups_an_anon_page() -> None:
    r = _record("""\
P1: mmap A anon pages=1 private rw
P1: write A[0] = 5
P1: fork P2
P2: exit
""")
    assert r.ledger is not None and r.final is not None
    pfn = r.final.pte("P1", r.final.names[("P1", "A")][0]).pfn  # type: ignore[union-attr]
    assert [_brief(e) for e in r.ledger.of(pfn)] == [
        # do_anonymous_page(): a new page (count 1) and page_add_new_anon_rmap() (_mapcount 0)
        (2, "get", "alloc_page", 0, 1, "P1 A[0]"),
        (2, "map", "page_add_new_anon_rmap", 0, 1, "P1 A[0]"),
        # copy_one_pte(): get_page() and page_dup_rmap() for the child's PTE
        (3, "get", "get_page", 1, 2, "P2 A[0]"),
        (3, "map", "page_dup_rmap", 1, 2, "P2 A[0]"),
        (4, "unmap", "page_remove_rmap", 2, 1, "P2 A[0]"),
        (4, "put", "put_page_testzero", 2, 1, "P2 A[0]"),
    ]
    assert r.ledger.of(pfn)[2].chain == ("fork", "dup_mmap", "copy_page_range", "copy_one_pte", "get_page")


def test_copy_one_pte_and_zap_skip_a_pfnmap_pte() -> None:
    r = _record("""\
device drv preset=remap-pfn memory=ram pages=1
P1: mmap A dev:drv pages=1 shared rw
P1: fork P2
P2: exit
""")
    assert r.ledger is not None
    pfn = _device_pfn(r, "drv")
    entries = r.ledger.of(pfn)
    # remap_pfn_range() counts nothing (and sets vm_pgoff = pfn only for a COW mapping); VM_PFNMAP is copied
    # at fork, and vm_normal_page() calls every PTE of a non-COW VM_PFNMAP VMA special: copy_one_pte() takes
    # nothing and zap_pte_range() gives nothing back
    assert [_brief(e) for e in entries] == [
        (2, "skip", "copy_one_pte", 1, 1, "P2 A[0]"),
        (3, "skip", "zap_pte_range", 1, 1, "P2 A[0]"),
    ]
    assert entries[0].note == "vm_normal_page() = NULL (VM_PFNMAP, not a COW mapping): no get, no page_dup_rmap"
    assert entries[0].chain == ("fork", "dup_mmap", "copy_page_range", "copy_one_pte")


def _corpus() -> list[str]:
    root = Path(__file__).parent.parent / "scenarios"
    return sorted(glob.glob(str(root / "**" / "*.mm"), recursive=True))


def test_the_ledger_balances_every_step_of_the_corpus() -> None:
    """Every change of a count or mapcount is in the ledger: per step and page, the entries' deltas add up
    to the change between the states (a model edit that bypasses the hooks fails here)."""
    checked = 0
    for path in _corpus():
        sc = parse_file(path)
        if sc.explore_pos is not None:
            continue
        try:
            era = scenario_era(sc)
            r = execute(sc, era, record=True)
        except ScenarioError:
            continue  # a live scenario about eras it has no `era` line for
        assert r.ledger is not None
        k = boot(sc.setup)
        for i, sl in enumerate(sc.steps[: len(r.steps)], start=1):
            st = step(k, era, sl.action)
            if st.bug is not None:
                break
            for pfn in set(k.pages) | set(st.kernel.pages):
                a, b = k.pages.get(pfn), st.kernel.pages.get(pfn)
                want = (
                    (b.count if b else 0) - (a.count if a else 0),
                    (b.mapcount if b else 0) - (a.mapcount if a else 0),
                )
                mine = [e for e in r.ledger.entries if e.step == i and e.pfn == pfn]
                got = (
                    sum(e.delta for e in mine if e.kind in (EntryKind.GET, EntryKind.PUT)),
                    sum(e.delta for e in mine if e.kind in (EntryKind.MAP, EntryKind.UNMAP)),
                )
                assert got == want, f"{path} step {i} pfn {pfn:#x}"
            k = st.kernel
        checked += 1
    assert checked > 150


def test_recording_changes_nothing_but_the_new_fields(tmp_path: Path) -> None:
    """`mmspec run --json` of the corpus: with the ledger, every field but the violations' chains is the
    same as without; without it the chains are null, with it every violation has one."""
    files = [p for p in _corpus() if "/live/" not in p]
    off = CliRunner().invoke(main, ["run", "--json", *files])
    on = CliRunner().invoke(main, ["run", "--json", "--why", *files])
    assert off.exit_code == on.exit_code
    a, b = json.loads(off.stdout), json.loads(on.stdout)
    assert a["runs"] and len(a["runs"]) == len(b["runs"])
    violations = 0
    for ra, rb in zip(a["runs"], b["runs"], strict=True):
        for va, vb in zip(ra["violations"], rb["violations"], strict=True):
            assert va.pop("chain") is None
            assert vb.pop("chain")
            violations += 1
        assert ra == rb
    assert violations > 50


def test_explain_the_seed_proposal_shows_every_fault_unpaired() -> None:
    result = CliRunner().invoke(main, ["explain", str(PROPOSAL_SEED)])
    assert result.exit_code == 0, result.output
    unpaired = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("unpaired:")]
    # three faults (steps 2, 4 and 7), each one get and one rmap add that no unmap gave back
    assert unpaired == [
        "unpaired: do_no_page get (get_page) at step 2 (line 9) for P1 A[0]: never put — zap_pte_range skipped it "
        "at step 6 (line 13) for P1 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, no page_remove_rmap",
        "unpaired: do_no_page rmap add (page_add_file_rmap) at step 2 (line 9) for P1 A[0]: never removed — "
        "zap_pte_range skipped it at step 6 (line 13) for P1 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, "
        "no page_remove_rmap",
        "unpaired: do_no_page get (get_page) at step 4 (line 11) for P2 A[0]: never put — zap_pte_range skipped it "
        "at step 5 (line 12) for P2 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, no page_remove_rmap",
        "unpaired: do_no_page rmap add (page_add_file_rmap) at step 4 (line 11) for P2 A[0]: never removed — "
        "zap_pte_range skipped it at step 5 (line 12) for P2 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, "
        "no page_remove_rmap",
        "unpaired: do_no_page get (get_page) at step 7 (line 14) for P1 A[0]: never put — zap_pte_range skipped it "
        "at step 8 (line 15) for P1 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, no page_remove_rmap",
        "unpaired: do_no_page rmap add (page_add_file_rmap) at step 7 (line 14) for P1 A[0]: never removed — "
        "zap_pte_range skipped it at step 8 (line 15) for P1 A[0]: vm_normal_page() = NULL (VM_RESERVED): no put, "
        "no page_remove_rmap",
    ]
    assert "do_no_page: get (->nopage's reference) for P1 A[0]" in result.stdout
    assert "violation mapcount-mismatch at step 2 (line 9): via write > do_page_fault > handle_mm_fault > " in (
        result.stdout
    )


def test_explain_json_pairs_the_stock_seed() -> None:
    result = CliRunner().invoke(main, ["explain", "--json", "--page", "spu[0]", str(SEED / "spufs+fork+exit.mm")])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    (page,) = doc["explanations"][0]["pages"]
    assert page["page"] == "spu[0]" and page["boot"] == {"count": 1, "mapcount": 0}
    assert page["end"] == {"count": 1, "mapcount": 0, "free": False}
    assert page["unpaired"] == [] and len(page["pairs"]) == 6
    for p in page["pairs"]:  # each fault's get and rmap add meets the unmap of the same PTE
        assert page["entries"][p["opened"]]["owner"] == page["entries"][p["closed"]]["owner"]


def test_explain_unknown_page_is_bad_input() -> None:
    result = CliRunner().invoke(main, ["explain", "--page", "spu[3]", str(PROPOSAL_SEED)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"--page: {PROPOSAL_SEED}: no page spu[3] in the run (its pages: spu[0], or a pfn)"
    )
    result = CliRunner().invoke(main, ["explain", "--page", "spu", str(PROPOSAL_SEED)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("--page: expected a page, got 'spu' (a device page (spu[0])")


def test_explain_bad_file_is_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mm"
    bad.write_text("era 2.6.19\nP1: mmap A anon pages=1 private rw\nP1: frobnicate A\n")
    result = CliRunner().invoke(main, ["explain", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:3:5: ")
    assert "Traceback" not in result.output


def test_explain_under_a_list_of_eras() -> None:
    """An era of a list that cannot run the scenario says why; a lone era that cannot is bad input."""
    result = CliRunner().invoke(main, ["explain", "--era", "2.6.19,6.18", str(PROPOSAL_SEED)])
    assert result.exit_code == 0, result.output
    assert "era 2.6.19\n" in result.stdout
    assert "era 6.18: cannot run: line 6: device spu cannot exist in era 6.18" in result.stdout
    result = CliRunner().invoke(main, ["explain", "--era", "6.18", str(PROPOSAL_SEED)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{PROPOSAL_SEED}:6:8: device spu cannot exist in era 6.18")


def test_check_gives_each_counterexample_its_chain(tmp_path: Path) -> None:
    """The search records nothing; the counterexample's replay does."""
    check = tmp_path / "c.mm"
    check.write_text(
        "era 2.6.19+reserved\ndevice spu preset=spufs-reserved pages=1\n"
        "explore procs=1 depth=2 ops=mmap,read,munmap\nexpect violation mapcount-mismatch\n"
    )
    result = CliRunner().invoke(main, ["check", "--json", "--out", str(tmp_path / "cex"), str(check)])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["checks"]
    chains = {v["id"]: v["chain"] for v in doc["violations"]}
    assert chains["mapcount-mismatch"] == [
        "read",
        "do_page_fault",
        "handle_mm_fault",
        "do_no_page",
        "page_add_file_rmap",
    ]


def test_explain_is_deterministic() -> None:
    runs = [CliRunner().invoke(main, ["explain", *args]) for args in ([], [], ["--json"], ["--json"])]
    assert runs[0].exit_code == 0 and runs[0].stdout == runs[1].stdout
    assert runs[2].exit_code == 0 and runs[2].stdout == runs[3].stdout
