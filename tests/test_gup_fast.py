"""GUP-fast against fork (issue 11 item 6; the zoo's gup-fast-fork-race).

Ground truth is the kernel's rule per era.  From 5.9-rc7 copy_present_pte() (mm/memory.c) copies a page that
may be pinned (has_pinned and page_maybe_dma_pinned()) and otherwise shares it: get_page(), page_dup_rmap()
and ptep_set_wrprotect(), all under the page-table locks with mmap_lock held for write.  pin_user_pages_fast()
(internal_get_user_pages_fast(), gup_pte_range() in mm/gup.c) takes neither lock: it sets has_pinned, takes a
present, writable (for a write) PTE's page with GUP_PIN_COUNTING_BIAS (1024) and rereads the PTE; any other
PTE sends it to the slow get_user_pages() under mmap_lock.  5.10: a pin between fork's check and its
write-protect survives, and the owner's next write copies the page away from it (pin-incoherent).  5.11
(57efa1fe5957): fork holds mm->write_protect_seq odd across copy_page_range() of a COW VMA, a FOLL_PIN
GUP-fast that sees it odd falls back, and the fallback waits for fork's mmap_lock.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import (
    after,
    assert_parse_errors,
    assert_reduction_agrees,
    assert_replays,
    assert_split_is_whole,
    page,
    pte,
)

from mmspec.check.engine import Options
from mmspec.era import GupFast, resolve_era
from mmspec.mm.memory import GUP_PIN_COUNTING_BIAS
from mmspec.mm.mm_types import PG
from mmspec.model import actions as A
from mmspec.model.machine import ExploreSpec, MmMachine
from mmspec.model.step import NotApplicable, step
from mmspec.runner.check import run_check
from mmspec.runner.run import StepFailed, execute, run_scenario
from mmspec.scenario.parse import parse_file, parse_text

PREFIX = """P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: thread T2
"""
STOPPED = PREFIX + "P1: fork P2 until wrprotect\n"
RACE = STOPPED + "P1/T2: gup A[0] write pin fast as H\nP1: resume\n"


def test_the_switch_dates() -> None:
    assert resolve_era("2.6.26").gup_fast is GupFast.ABSENT
    assert resolve_era("2.6.27").gup_fast is GupFast.LOCKLESS
    assert resolve_era("5.10").gup_fast is GupFast.LOCKLESS
    assert resolve_era("5.11").gup_fast is GupFast.SEQCOUNT
    assert resolve_era("6.18").gup_fast is GupFast.SEQCOUNT


@pytest.mark.parametrize("era", ["5.10", "5.11", "6.18"])
def test_fork_stops_after_the_pinned_check_before_anything_else(era: str) -> None:
    k = after(STOPPED, resolve_era(era))
    fl = k.inflight[("P1", "T1")]
    assert fl.caller == "fork" and fl.phase == "wrprotect" and fl.fork is not None and fl.fork.child == "P2"
    # Nothing of the share yet: no get_page(), no page_dup_rmap(), the parent's PTE still writable, no child PTE.
    assert pte(k, "P1", "A").write and page(k, "P1", "A").count == 1 and page(k, "P1", "A").mapcount == 1
    assert k.pte("P2", pte(k, "P1", "A").pfn) is None and k.counters("P2").anon_rss == 0
    # write_protect_seq is odd only where it exists (5.11+).
    assert k.counters("P1").write_protect_seq_odd is (era != "5.10")


def test_the_race_in_5_10_pins_a_page_fork_then_shares() -> None:
    e = resolve_era("5.10")
    k = after(STOPPED + "P1/T2: gup A[0] write pin fast as H\n", e)
    assert k.refs["H"].pin and page(k, "P1", "A").count == 1 + GUP_PIN_COUNTING_BIAS
    assert k.counters("P1").has_pinned
    k = after(RACE, e)
    shared = page(k, "P1", "A")
    assert not pte(k, "P1", "A").write and not pte(k, "P2", "A").write
    assert pte(k, "P2", "A").pfn == k.refs["H"].pfn and shared.count == 2 + GUP_PIN_COUNTING_BIAS
    result = execute(parse_text(RACE + "P1: write A[0] = 2\nP1: readref H == 1\n"), e)
    assert [v.id for v in result.violations] == ["pin-incoherent"]
    assert result.final is not None and pte(result.final, "P1", "A").pfn != result.final.refs["H"].pfn


@pytest.mark.parametrize("era", ["5.11", "6.18"])
def test_write_protect_seq_sends_the_pin_to_the_slow_path_which_waits_for_fork(era: str) -> None:
    e = resolve_era(era)
    k = after(STOPPED + "P1/T2: gup A[0] write pin fast as H\n", e)
    fl = k.inflight[("P1", "T2")]
    assert fl.phase == "mmap_lock" and "H" not in k.refs and page(k, "P1", "A").count == 1
    assert k.counters("P1").has_pinned  # set before the walk (internal_get_user_pages_fast())
    assert A.waits(k, A.Resume("P1", "T2")) is not None
    k = after(RACE, e)
    # The fork's end woke it: its write fault copied the shared page for P1 and pinned the copy.
    assert k.inflight == {} and not k.counters("P1").write_protect_seq_odd
    assert pte(k, "P1", "A").write and pte(k, "P1", "A").pfn == k.refs["H"].pfn
    assert pte(k, "P2", "A").pfn != k.refs["H"].pfn
    result = execute(parse_text(RACE + "P1: write A[0] = 2\nP1: readref H == 2\n"), e)
    assert result.violations == [] and all(s.passed for s in result.steps)


@pytest.mark.parametrize("era", ["5.9", "5.10", "5.11-rc1", "5.11", "5.19", "6.18"])
@pytest.mark.parametrize(
    "name",
    ["anon+thread+fork-wrprotect+pin-fast-gup-fast-fork", "anon+thread+pin-fast-grab+fork-wrprotect-seqcount-recheck"],
)
def test_the_scripted_scenarios(era: str, name: str) -> None:
    result = run_scenario(parse_file(ROOT / "scenarios" / "races" / f"{name}.mm"), era)
    assert result.passed
    assert ("pin-incoherent" in [v.id for v in result.violations]) is (era in ("5.9", "5.10"))


SETUPS = [
    PREFIX,
    PREFIX + "P1: mmap B anon pages=2 private rw\nP1: write B[1] = 3\nP1: read B[0]\n",
    PREFIX + "P1: gup A[0] write pin as G\n",
    "file f pages=2\nP1: mmap F file:f pages=2 private rw\nP1: read F[0]\nP1: write F[1]\nP1: thread T2\n",
    PREFIX + "P1: mmap S anon pages=1 shared rw\nP1: write S[0] = 4\n",
]


@pytest.mark.parametrize("era", ["2.6.19", "5.8", "5.10", "5.11", "6.18"])
@pytest.mark.parametrize("setup", SETUPS)
def test_a_fork_resumed_window_by_window_ends_where_the_whole_fork_ends(era: str, setup: str) -> None:
    # The split must not change what fork does when nothing runs in its windows.
    if "pin" in setup and era in ("2.6.19", "5.8"):
        era = "5.9"  # FOLL_PIN's has_pinned and fork's early copy: 5.9
    e = resolve_era(era)
    assert_split_is_whole(after(setup, e), e, A.Fork("P1", "P2"), "wrprotect", 4)


@pytest.mark.parametrize("era", ["5.10", "6.18"])
def test_gup_fast_alone_is_pin_user_pages_fast(era: str) -> None:
    e = resolve_era(era)
    # A present writable anon PTE: the lockless walk pins it, PG_referenced, not dirtied, no fault.
    k = after(PREFIX + "P1: gup A[0] write pin fast as H\n", e)
    p = page(k, "P1", "A")
    assert p.count == 1 + GUP_PIN_COUNTING_BIAS and p.has(PG.PG_referenced) and k.refs["H"].pin
    # FOLL_GET: one reference.
    k = after(PREFIX + "P1: gup A[0] read fast as H\n", e)
    assert page(k, "P1", "A").count == 2 and not k.refs["H"].pin
    # No PTE: the slow path faults the page in and pins it, as pin_user_pages() does.
    fast = after("P1: mmap A anon pages=1 private rw\nP1: gup A[0] write pin fast as H\n", e)
    slow = after("P1: mmap A anon pages=1 private rw\nP1: gup A[0] write pin as H\n", e)
    assert page(fast, "P1", "A").count == page(slow, "P1", "A").count == 1 + GUP_PIN_COUNTING_BIAS
    # A read-only PTE for a write (after a fork): the slow path's write fault copies, and the pin is P1's copy.
    k = after(PREFIX + "P1: fork P2\nP1: gup A[0] write pin fast as H\n", e)
    assert k.refs["H"].pfn == pte(k, "P1", "A").pfn != pte(k, "P2", "A").pfn and pte(k, "P1", "A").write


def test_gup_fast_refuses_a_special_pte_and_needs_2_6_27() -> None:
    # 6.18: the zero page's PTE is special (pte_special()), so a read pin falls back; 6.5+ pins no zero page.
    e = resolve_era("6.18")
    res = execute(parse_text("P1: mmap A anon pages=1 private rw\nP1: read A[0]\nP1: gup A[0] read pin fast as H\n"), e)
    assert res.steps[-1].note.startswith("slow path (a special PTE)")
    with pytest.raises(StepFailed, match="8174c430e445"):
        execute(parse_text(PREFIX + "P1: gup A[0] write fast as H\n"), resolve_era("2.6.26"))


def test_lock_rules_while_fork_is_stopped() -> None:
    e = resolve_era("5.10")
    k = after(STOPPED, e)
    # mmap_lock: every step of another task that takes it waits, read or write; GUP-fast does not.
    assert A.waits(k, A.OnTask("P1", "T2", A.Access("P1", "A", 0, True, 3))) is not None
    assert A.waits(k, A.OnTask("P1", "T2", A.Madvise("P1", "A", "dontneed"))) is not None
    assert A.waits(k, A.Gup("P1", "A", 0, True, "H", pin=True, task="T2")) is not None
    assert A.waits(k, A.Gup("P1", "A", 0, True, "H", pin=True, task="T2", fast=True)) is None
    # The page-table locks: reclaim, truncation and revoke wait; the child does not run; T1 only resumes.
    assert A.waits(k, A.Reclaim()) is not None
    assert A.waits(k, A.Access("P2", "A", 0, False)) is not None
    assert A.waits(k, A.Access("P1", "A", 0, False)) is not None
    assert A.waits(k, A.Resume("P1", "T1")) is None
    with pytest.raises(NotApplicable, match="mmap_lock for read, which P1's fork holds for write"):
        step(k, e, A.OnTask("P1", "T2", A.Madvise("P1", "A", "dontneed")))
    # What the checker offers: T1's resume, T2's GUP-fast, nothing of P2.
    spec = ExploreSpec(procs=3, threads=2, depth=4, ops=("read", "write", "pin-fast", "dontneed", "fork", "reclaim"))
    offered = _machine(PREFIX, spec, "5.10").actions(k)
    assert {a.text() for a in offered} == {
        "P1: resume until wrprotect",
        "P1/T2: gup A[0] read pin fast as H0 until grab",
        "P1/T2: gup A[0] write pin fast as H0 until grab",
    }


def test_scenario_errors() -> None:
    bad = {
        STOPPED + "P1/T2: write A[0]\n": "5:8: write takes P1's mmap_lock, which P1's fork holds for write",
        STOPPED + "P2: read A[0]\n": "5:1: P2 does not run until its fork returns",
        STOPPED + "P1: resume until retry\n": "5:18: P1's fork stops at wrprotect, not at retry",
        PREFIX + "P1: fork P2 until retry\n": "4:19: unknown point 'retry' (expected one of: wrprotect)",
        PREFIX + "P1: gup A[0] write force fast as H\n": "4:26: 'fast' takes no 'force'",
        PREFIX
        + "P1: gup A[0] write pin fast as H until retry\n": "4:40: unknown point 'retry' (expected one of: grab)",
        PREFIX + "P1: gup A[0] write pin as H until grab\n": "4:35: unknown point 'grab' (expected one of: retry)",
        PREFIX + "P1/T2: gup A[0] write pin fast as H until grab\nP1/T2: resume until retry\n": "5:21: P1/T2's gup",
    }
    assert_parse_errors(bad)


def test_steps_print_back_as_they_were_written() -> None:
    lines = [
        "P1: fork P2 until wrprotect",
        "P1/T2: gup A[0] write pin longterm fast as H",
        "P1: resume until wrprotect",
        "P1: resume",
        "P1/T2: fork P3",
        "P1/T2: gup A[0] read fast as G",
    ]
    sc = parse_text(PREFIX + "\n".join(lines) + "\n")
    assert [s.action.text() for s in sc.steps[3:]] == lines


CHECK = ROOT / "checks" / "gup-fast-fork.mm"


def _machine(text: str, spec: ExploreSpec, era: str) -> MmMachine:
    sc = parse_text(text)
    return MmMachine(sc.setup, tuple(s.action for s in sc.steps), spec, resolve_era(era))


@pytest.mark.parametrize(("era", "found"), [("5.10", True), ("5.11", False), ("6.18", False)])
def test_the_check(era: str, found: bool, tmp_path: Path) -> None:
    sc = parse_file(CHECK)
    result = run_check(sc, resolve_era(era), Options(depth=7))
    assert result.report.complete
    assert ("pin-incoherent" in result.report.counterexamples) is found
    assert result.report.violated == (["pin-incoherent"] if found else [])
    if found:
        cex = result.report.counterexamples["pin-incoherent"]
        # GUP-fast read the PTE before fork's check and grabs the page inside fork's window.
        assert [a.text() for a in cex.actions] == [
            "P1: gup A[0] write pin fast as H0 until grab",
            "P1/T2: fork P2 until wrprotect",
            "P1: resume",
            "P1/T2: resume until wrprotect",
            "P1: write A[0] = 1 until reuse",  # with threads, stores are offered stopping at do_wp_page()'s reuse
        ]
        text = result.texts["pin-incoherent"]
        assert "P1/T2: resume\n" in text  # the fork ended there: replayed without `until`
        assert text.count("until reuse") == 0  # the store copied, so it never stopped: written without `until`
        assert_replays(text, "pin-incoherent", tmp_path)


@pytest.mark.parametrize("era", ["5.10", "5.11", "6.18"])
def test_reduced_and_unreduced_searches_agree(era: str) -> None:
    assert_reduction_agrees(parse_file(CHECK), era, 7)


def test_without_gup_fast_in_the_ops_fork_runs_whole() -> None:
    # Nothing but GUP-fast can run in the window, so a check without it offers the whole fork.
    k = after(PREFIX, resolve_era("5.10"))
    spec = ExploreSpec(procs=2, threads=2, depth=4, ops=("write", "pin", "fork"))
    forks = [a for a in _machine(PREFIX, spec, "5.10").actions(k) if isinstance(a, A.Fork)]
    assert forks and all(not f.until for f in forks)
    assert dataclasses.replace(forks[0], until="wrprotect").text() == "P1: fork P2 until wrprotect"


GRAB = PREFIX + "P1/T2: gup A[0] write pin fast as H until grab\n"


@pytest.mark.parametrize("era", ["5.10", "5.11"])
def test_gup_fast_stops_between_its_pte_read_and_its_grab(era: str) -> None:
    k = after(GRAB, resolve_era(era))
    fl = k.inflight[("P1", "T2")]
    assert fl.phase == "grab" and fl.pte == pte(k, "P1", "A") and not fl.seq_changed
    assert page(k, "P1", "A").count == 1 and k.counters("P1").has_pinned  # nothing grabbed yet
    # It holds no lock: T1 may take mmap_lock for write.
    assert A.waits(k, A.Munmap("P1", "A")) is None and A.waits(k, A.Fork("P1", "P2")) is None
    # fork's raw_write_seqcount_begin() (5.11+) is seen by the sampled count's recheck.
    k = after(GRAB + "P1: fork P2 until wrprotect\n", resolve_era(era))
    assert k.inflight[("P1", "T2")].seq_changed is (era == "5.11")


def test_the_pte_reread_after_the_grab() -> None:
    # The PTE changed under the stopped walk (a whole fork write-protected it): the grab is dropped and the
    # slow path's write fault copies for P1 (5.10: no seqcount needed for this order).
    e = resolve_era("5.10")
    k = after(GRAB + "P1: fork P2\nP1/T2: resume\n", e)
    assert k.refs["H"].pfn == pte(k, "P1", "A").pfn != pte(k, "P2", "A").pfn
    assert page(k, "P2", "A").count == 1
    # The page was freed under it (munmap): try_grab_compound_head() fails; the slow path finds no VMA.
    res = execute(parse_text(GRAB + "P1: munmap A\nP1/T2: resume\n"), e)
    assert res.steps[-1].outcome.name == "EFAULT" and res.final is not None and "H" not in res.final.refs
