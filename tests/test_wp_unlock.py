"""do_wp_page()'s late unlock_page() (5.9-rc4 … 5.9-rc6) and the write fault's reuse point (issue 11 item 6).

Ground truth is the kernel source.  09854ba94c6a ("mm: do_wp_page() simplification", v5.9-rc4) made the anon
reuse path of do_wp_page() (mm/memory.c) trylock_page(), test page_count() and page_mapcount(), call
wp_page_reuse() (which ends with pte_unmap_unlock()) and only then unlock_page().  be068f29034f ("mm: fix
misplaced unlock_page in do_wp_page()", v5.9-rc7) moved unlock_page() before wp_page_reuse(), where every
earlier do_wp_page() had it.  Between pte_unmap_unlock() and unlock_page() the fault holds mmap_lock for read
and no reference; MADV_DONTNEED (mmap_lock for read) can zap the PTE and free the page, and
free_pages_check() (mm/page_alloc.c) reports PG_locked, which is in PAGE_FLAGS_CHECK_AT_FREE ("Bad page
state"); munmap, mprotect and fork take mmap_lock for write and wait.  shrink_page_list() (mm/vmscan.c)
skips a page it cannot trylock.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import after, assert_parse_errors

from mmspec.check.engine import Options
from mmspec.era import NAMED_RCS, WpReuseUnlock, resolve_era
from mmspec.era.history import since
from mmspec.mm.mm_types import PG
from mmspec.model import actions as A
from mmspec.model.fingerprint import canonical, exact
from mmspec.model.step import step
from mmspec.runner.check import run_check
from mmspec.runner.run import execute
from mmspec.scenario.parse import parse_file, parse_text

# A private anon page mapped read-only with page_count 1 and mapcount 1: fork write-protected it, the child
# exited.  P1's next store takes do_wp_page()'s anon reuse.
PREFIX = """P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: exit
P1: thread T2
"""
RACE = PREFIX + "P1: write A[0] = 2 until reuse\nP1/T2: madvise A dontneed\nP1: resume\nP1: read A[0] == 2\n"
WINDOW = ("5.9-rc4", "5.9-rc5", "5.9-rc6")
OUTSIDE = ("2.6.19", "4.8", "5.8", "5.9-rc7", "5.9", "5.10", "5.18", "5.19", "6.18")


@pytest.mark.parametrize("era", WINDOW + OUTSIDE)
def test_the_switch_follows_the_two_commits(era: str) -> None:
    value = resolve_era(era).wp_reuse_unlock
    assert (value is WpReuseUnlock.AFTER_PTL) is (era in WINDOW)
    assert (value is WpReuseUnlock.BEFORE_REUSE) is (era in ("2.6.19", "4.8", "5.8"))


def test_the_switch_is_dated_and_its_window_candidates_resolve() -> None:
    change, fix = since(WpReuseUnlock.AFTER_PTL), since(WpReuseUnlock.RESTORED)
    assert (change.version, change.commit, fix.version, fix.commit) == (
        "5.9-rc4",
        "09854ba94c6a",
        "5.9-rc7",
        "be068f29034f",
    )
    assert {"5.9-rc5", "5.9-rc6"} <= set(NAMED_RCS) and "5.9-rc3" not in NAMED_RCS and "5.9-rc8" not in NAMED_RCS


@pytest.mark.parametrize("era", WINDOW + OUTSIDE)
def test_the_scripted_race(era: str) -> None:
    result = execute(parse_text(RACE), resolve_era(era))
    found = [(v.id, v.step) for v in result.violations]
    # Step 7 is the MADV_DONTNEED (the free of a locked page), step 8 the resume (its unlock_page()).
    assert found == ([("bad-page-state", 7), ("page-use-after-free", 8)] if era in WINDOW else [])
    assert all(s.passed for s in result.steps)  # the store lands (in a new page) in every era


@pytest.mark.parametrize("era", WINDOW + OUTSIDE)
def test_the_page_is_held_locked_at_the_point_only_in_the_window(era: str) -> None:
    k = after(PREFIX + "P1: write A[0] = 2 until reuse\n", resolve_era(era))
    fl = k.inflight[("P1", "T1")]
    pte = k.pte("P1", fl.gup.vpn)
    assert pte is not None and pte.write  # wp_page_reuse() made the PTE writable before the point
    assert (fl.caller, fl.phase) == ("write", "reuse")
    assert k.page(pte.pfn).has(PG.PG_locked) is (era in WINDOW)
    assert fl.page == (pte.pfn if era in WINDOW else -1)


@pytest.mark.parametrize("era", ["5.8", "5.9-rc6", "5.9-rc7", "6.18"])
def test_a_store_that_copies_or_does_not_fault_does_not_stop(era: str) -> None:
    # The point is on the reuse path only: a COW copy (the page still shared with the child) and a store
    # through a writable PTE run to their end.
    shared = "P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: fork P2\nP1: write A[0] = 2 until reuse\n"
    assert after(shared, resolve_era(era)).inflight == {}
    plain = "P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: write A[0] = 2 until reuse\n"
    assert after(plain, resolve_era(era)).inflight == {}


SETUPS = [
    PREFIX,
    "P1: mmap A anon pages=1 private rw\n",
    "P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nP1: fork P2\n",
    "P1: mmap A anon pages=1 private rw\nP1: read A[0]\n",
    "file f pages=1\nP1: mmap A file:f pages=1 private rw\nP1: read A[0]\n",
    "file f pages=1\nP1: mmap A file:f pages=1 shared rw\nP1: read A[0]\n",
    "swap pages=4\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nreclaim\nP1: read A[0]\n",
]


@pytest.mark.parametrize("era", ["2.6.19", "4.8", "5.8", "5.9-rc4", "5.9-rc6", "5.9-rc7", "5.18", "5.19", "6.18"])
@pytest.mark.parametrize("setup", SETUPS)
def test_a_store_stopped_at_reuse_and_resumed_ends_where_the_atomic_store_ends(era: str, setup: str) -> None:
    # The split must not change what a store does when nothing runs in between.
    e = resolve_era(era)
    k = after(setup, e)
    action = parse_text(setup + "P1: write A[0] = 9\n").steps[-1].action
    whole = step(k, e, action)
    part = step(k, e, dataclasses.replace(action, until="reuse"))  # type: ignore[type-var]
    if ("P1", "T1") in part.kernel.inflight:
        assert part.outcome.name == "ok"
        part = step(part.kernel, e, A.Resume("P1", "T1"))
    assert part.kernel.inflight == {}
    assert (part.outcome.name, exact(part.kernel)) == (whole.outcome.name, exact(whole.kernel))


def test_what_waits_while_the_store_is_stopped() -> None:
    e = resolve_era("5.9-rc6")
    k = after(PREFIX + "P1: write A[0] = 2 until reuse\n", e)
    assert A.waits(k, A.Munmap("P1", "A")) is not None  # mmap_lock for write: munmap cannot race
    assert A.waits(k, A.Mprotect("P1", "A", A.PROTS["r"])) is not None
    assert A.waits(k, A.Fork("P1", "P3")) is not None
    assert A.waits(k, A.Access("P1", "A", 0, False)) is not None  # T1 is inside its fault
    assert A.waits(k, A.OnTask("P1", "T2", A.Madvise("P1", "A", "dontneed"))) is None
    assert A.waits(k, A.Access("P1", "A", 0, True, 5, "T2")) is None
    assert A.resume_of(k, "P1", "T1") == A.Resume("P1", "T1")


def test_exit_group_lets_the_stopped_fault_finish_its_unlock() -> None:
    k = after(PREFIX + "P1/T2: write A[0] = 2 until reuse\nP1: exit\n", resolve_era("5.9-rc6"))
    assert k.inflight == {} and "P1" not in k.mms
    assert all(not p.has(PG.PG_locked) for p in k.pages.values())


def test_reclaim_skips_the_locked_page() -> None:
    # shrink_page_list(): a page it cannot trylock is kept.  In the window the reused page is locked, so
    # reclaim leaves it mapped; after be068f29034f the same page is unlocked and reclaim swaps it out.
    text = "swap pages=4\n" + PREFIX + "P1: write A[0] = 2 until reuse\nreclaim\n"
    locked = after(text, resolve_era("5.9-rc6"))
    unlocked = after(text, resolve_era("5.9-rc7"))
    vpn = locked.inflight[("P1", "T1")].gup.vpn
    held, gone = locked.pte("P1", vpn), unlocked.pte("P1", vpn)
    assert held is not None and held.present
    assert gone is not None and not gone.present


def test_parse_and_print_back() -> None:
    lines = ["P1/T2: write A[0] = 3 until reuse", "P1/T2: resume", "P1: write A[0] = 4 until reuse", "P1: resume"]
    sc = parse_text("P1: mmap A anon pages=1 private rw\nP1: thread T2\n" + "\n".join(lines) + "\n")
    assert [s.action.text() for s in sc.steps[2:]] == lines
    assert sc.steps[2].action == A.Access("P1", "A", 0, True, 3, "T2", "reuse")
    head = "P1: mmap A anon pages=1 private rw\nP1: thread T2\n"
    bad = {
        head + "P1: write A[0] until retry\n": "3:22: unknown point 'retry' (expected one of: reuse)",
        head + "P1: gup A[0] as H until reuse\n": "3:25: unknown point 'reuse' (expected one of: retry)",
        head + "P1: read A[0] until reuse\n": "3:15: unexpected 'until'",
        head + "P1: write A[0] until reuse\nP1: resume until reuse\n": "4:18: P1's write stopped at reuse has no later",
        head + "P1: write A[0] until reuse\nP1/T2: munmap A\n": "4:8: munmap takes P1's mmap_sem for write",
        head + "P1: write A[0] until reuse\nP1: read A[0]\n": "4:1: P1 is inside its write, stopped with 'until'",
    }
    assert_parse_errors(bad)


def test_the_state_holds_the_locked_page_and_symmetry_renames_it() -> None:
    e = resolve_era("5.9-rc6")
    stopped = after(PREFIX + "P1: write A[0] = 2 until reuse\n", e)
    done = after(PREFIX + "P1: write A[0] = 2\n", e)
    assert canonical(stopped) != canonical(done) and exact(stopped) != exact(done)
    # The same state with its frame numbered differently has the same canonical fingerprint.
    fl = stopped.inflight[("P1", "T1")]
    moved = stopped.clone()
    page = moved.pages.pop(fl.page)
    new = fl.page + 7
    moved.pages[new] = dataclasses.replace(page, pfn=new)
    moved.ptes = {key: dataclasses.replace(p, pfn=new) if p.pfn == fl.page else p for key, p in moved.ptes.items()}
    moved.lru = tuple(new if p == fl.page else p for p in moved.lru)
    moved.inflight[("P1", "T1")] = dataclasses.replace(fl, page=new)
    assert canonical(moved) == canonical(stopped) and exact(moved) != exact(stopped)


CHECK = ROOT / "checks" / "wp-page-unlock.mm"


@pytest.mark.parametrize(("era", "found"), [("5.8", False), ("5.9-rc6", True), ("5.9-rc7", False), ("6.18", False)])
def test_the_check(era: str, found: bool, tmp_path: Path) -> None:
    result = run_check(parse_file(CHECK), resolve_era(era), Options(depth=6))
    assert result.report.complete
    lengths = {i: len(c.actions) for i, c in result.report.counterexamples.items()}
    # The shortest race: the store stopped at reuse, MADV_DONTNEED (the free), then the resume (the unlock).
    assert lengths == ({"bad-page-state": 2, "page-use-after-free": 3} if found else {})
    if found:
        path = tmp_path / "cex.mm"
        path.write_text(result.texts["page-use-after-free"])
        replay = subprocess.run(
            [sys.executable, "-m", "mmspec", "run", str(path)], capture_output=True, text=True, cwd=ROOT
        )
        assert replay.returncode == 0, replay.stdout + replay.stderr
        assert "bad-page-state" in replay.stdout and "page-use-after-free" in replay.stdout
        assert "until reuse" in result.texts["page-use-after-free"]


@pytest.mark.parametrize("era", ["5.9-rc6", "5.9-rc7", "6.18"])
def test_reduced_and_unreduced_searches_agree(era: str) -> None:
    sc = parse_file(CHECK)
    reduced = run_check(sc, resolve_era(era), Options(depth=6, por=True)).report
    full = run_check(sc, resolve_era(era), Options(depth=6, por=False)).report
    assert (reduced.states, reduced.violated, reduced.complete) == (full.states, full.violated, full.complete)
    assert {i: len(c.actions) for i, c in reduced.counterexamples.items()} == {
        i: len(c.actions) for i, c in full.counterexamples.items()
    }


TWO_PROCS = """era 5.9-rc6
P1: mmap A anon pages=2 private rw
P1: write A[0] = 5
P1: write A[1] = 6
P1: fork P2
P1: thread T2
explore procs=2 threads=2 depth=4 maps=1 pages=2 refs=0 ops=read,write,dontneed,exit
"""


@pytest.mark.parametrize("era", ["5.9-rc6", "6.18"])
def test_reduced_and_unreduced_agree_with_two_processes_and_two_pages(era: str) -> None:
    # Independent steps of different processes around a store stopped at reuse (a page shared after fork).
    sc = parse_text(TWO_PROCS)
    reduced = run_check(sc, resolve_era(era), Options(depth=4, por=True)).report
    full = run_check(sc, resolve_era(era), Options(depth=4, por=False)).report
    assert (reduced.states, reduced.violated, reduced.complete) == (full.states, full.violated, full.complete)
    assert ("bad-page-state" in full.violated) is (era == "5.9-rc6")
