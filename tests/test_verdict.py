"""The verdict of a run: computed from the run's figures, never written for one scenario."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mmspec.cli import main
from mmspec.cli.run import seed_scenarios
from mmspec.runner.run import run_scenario
from mmspec.runner.verdict import verdict
from mmspec.scenario.parse import parse_text

SEED = dict(seed_scenarios())
STOCK = SEED["seed/spufs+fork+exit.mm"]
PROPOSAL = SEED["seed/spufs-reserved+fork+exit.proposal.mm"]


def test_the_proposal_answer_is_built_from_the_figures() -> None:
    v = verdict(run_scenario(parse_text(PROPOSAL, "p.mm")))
    assert v.summary == "PASS (the violations it expects: mapcount-mismatch, rss-mismatch, refcount-leak)"
    (page,) = v.pages
    assert (page.drift, page.faults, page.per_fault, page.released) == ((3, 3), 3, (1, 1), 0)
    assert "+3 count and +3 mapcount over 3 faults (+1 and +1 per fault)" in page.text()
    assert "never freed" in page.text() and "no underflow" in page.text()
    assert v.first_broken == (("mapcount-mismatch", 2), ("rss-mismatch", 2), ("refcount-leak", 10))
    assert v.answer.startswith("Under 2.6.19+reserved (the 2006 proposal) vm_normal_page() returns NULL")
    assert "gains +1 count and +1 mapcount per fault (count 4, mapcount 3 after 3 faults" in v.answer
    assert "mapcount-mismatch, rss-mismatch (step 2) and refcount-leak (step 10) break." in v.answer
    assert not v.notes


def test_the_stock_answer() -> None:
    v = verdict(run_scenario(parse_text(STOCK, "s.mm")))
    assert v.summary == "PASS (no violations, as expected)"
    assert v.answer.startswith("Under 2.6.19 vm_normal_page() ignores VM_RESERVED")
    assert "ends where it started (count 1, mapcount 0)" in v.answer and "no invariant breaks" in v.answer


def test_other_figures_give_other_sentences() -> None:
    """One fault fewer: the numbers follow the run, not the seed's comments; a failed run says what failed."""
    text = PROPOSAL.replace("P1: read A[0] == 7          # refault: count 4, mapcount 3\n", "")
    r = run_scenario(parse_text(text, "p.mm"))
    v = verdict(r)
    assert not r.passed and v.summary.startswith("FAIL")
    assert "(count 3, mapcount 2 after 2 faults" in v.answer
    assert any("count=4 mapcount=3" in f for f in v.failed)


def test_a_preset_without_the_flag_gets_a_note() -> None:
    text = PROPOSAL.replace("preset=spufs-reserved", "preset=spufs")
    v = verdict(run_scenario(parse_text(text, "p.mm")))
    (note,) = v.notes
    assert "differs from 2.6.19 only in vnp_reserved" in note
    assert "preset spufs" in note and "no VM_RESERVED" in note and "preset spufs-reserved" in note
    v2 = verdict(run_scenario(parse_text(text, "p.mm"), era="2.6.19"))
    assert not v2.notes


def test_seed_prints_the_answers_and_json_has_a_verdict(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["run", "--quiet"])
    assert "Verdict: PASS (the violations it expects: mapcount-mismatch, rss-mismatch, refcount-leak)" in out.output
    answers = out.output.split("per era:\n", 1)[1].splitlines()
    assert answers[0].startswith("  Under 2.6.19 ") and answers[1].startswith("  Under 2.6.19+reserved ")
    doc = json.loads(CliRunner().invoke(main, ["run", "--json"]).output)
    v = doc["runs"][1]["verdict"]
    assert v["pages"][0]["count_drift"] == 3 and v["first_broken"][0] == {"id": "mapcount-mismatch", "step": 2}
    assert "device_pages" in doc["runs"][1]  # the old fields stay
