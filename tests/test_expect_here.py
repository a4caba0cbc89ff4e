"""Issue 13 item 5: `expect here` lines, checked right after the step above them, and the structured change
fields of the JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mmspec.cli import main
from mmspec.errors import ScenarioError
from mmspec.model.invariants import INVARIANT_IDS
from mmspec.runner.run import run_scenario
from mmspec.scenario.parse import parse_text

COW = """era 2.6.19
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
expect here P1:A[0] count=2 mapcount=2 anon
expect here P2:A[0] count=2 mapcount=2
expect here no violations
P2: write A[0] = 2
expect here P1:A[0] count=1 mapcount=1 value=1
expect here P2:A[0] count=1 mapcount=1 value=2
expect P1:A[0] count=1 mapcount=1
"""

RESERVED = """era 2.6.19+reserved
device spu preset=spufs-reserved pages=1
P1: mmap A dev:spu pages=1 shared rw
expect here no violations
P1: read A[0] == 0
expect here violation mapcount-mismatch
expect here violation rss-mismatch
{extra}P1: munmap A
P1: exit
spu: release
expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
"""


def errors(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as e:
        parse_text(text, "bad.mm")
    return [str(d) for d in e.value.diagnostics]


def test_parse_records_the_step_an_expect_here_follows() -> None:
    sc = parse_text(COW)
    assert [(e.pos.line, e.after, e.where()) for e in sc.expects] == [
        (5, 3, "step 3"),
        (6, 3, "step 3"),
        (7, 3, "step 3"),
        (9, 4, "step 4"),
        (10, 4, "step 4"),
        (11, None, "final"),
    ]


def test_parse_expect_here_with_a_span() -> None:
    sc = parse_text("era 2.6.19\nP1: mmap A anon pages=1 private rw\nexpect here since 5.9 no violations\n")
    (e,) = sc.expects
    assert (e.after, e.kind, str(e.span)) == (1, "no-violations", "since 5.9")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "era 2.6.19\nexpect here no violations\nP1: mmap A anon pages=1 private rw\n",
            "bad.mm:2:8: 'expect here' before the first step "
            "(it checks the state after the step above it; drop 'here' to check the final state)",
        ),
        (
            "era 2.6.19\nP1: mmap A anon pages=1 private rw\nexpect here P1:B[0] count=1\n"
            "P1: mmap B anon pages=1 private rw\n",
            "bad.mm:3:16: P1 has not mapped 'B' by this step (expected one of: A)",
        ),
        (
            "era 2.6.19\nP1: mmap A anon pages=1 private rw\nexpect here P2:A[0] count=1\nP1: fork P2\n",
            "bad.mm:3:13: unknown process 'P2'",
        ),
        (
            "era 2.6.19\nP1: mmap A anon pages=1 private rw\nexpect here\n",
            "bad.mm:3:12: expected what to expect (the line ends too early)",
        ),
        (
            "era 2.6.19\nP1: mmap A anon pages=1 private rw\nexpect here violation nosuch\n",
            "bad.mm:3:23: unknown invariant 'nosuch' (expected one of: " + ", ".join(INVARIANT_IDS) + ")",
        ),
        (
            "era 2.6.19\nP1: mmap A anon pages=1 private rw\nexplore procs=1 depth=1 ops=read\n"
            "expect here no violations\n",
            "bad.mm:4:8: 'expect here' in a check "
            "(a check judges only final `expect violation` and `expect no violations` lines)",
        ),
        (
            "era 2.6.19\nP1: mmap A anon pages=1 private rw\nexpect here no violations\n"
            "explore procs=1 depth=1 ops=read\n",
            "bad.mm:3:8: 'expect here' in a check "
            "(a check judges only final `expect violation` and `expect no violations` lines)",
        ),
    ],
    ids=[
        "before-first-step",
        "not-yet-mapped",
        "not-yet-forked",
        "nothing",
        "unknown-id",
        "in-a-check",
        "in-a-check-before-explore",
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    assert errors(text) == [message]


def test_a_final_expect_may_still_name_a_mapping_made_later() -> None:
    sc = parse_text("era 2.6.19\nexpect P1:A[0] pte=none\nP1: mmap A anon pages=1 private rw\n")
    assert sc.expects[0].after is None


def test_mid_run_expectations_that_hold() -> None:
    r = run_scenario(parse_text(COW))
    assert r.passed
    assert [(e.line, e.step, e.passed, e.actual) for e in r.expectations] == [
        (5, 3, True, "count=2 mapcount=2 flags: anon lru active"),
        (6, 3, True, "count=2 mapcount=2"),
        (7, 3, True, "violations: none"),
        (9, 4, True, "count=1 mapcount=1 value=1"),
        (10, 4, True, "count=1 mapcount=1 value=2"),
        (11, None, True, "count=1 mapcount=1"),
    ]


def test_a_mid_run_expectation_that_fails_fails_the_run(tmp_path: Path) -> None:
    # right after fork the child shares the parent's page: count 2, not 1 (the final state has 1)
    text = COW.replace("expect here P2:A[0] count=2 mapcount=2", "expect here P2:A[0] count=1")
    r = run_scenario(parse_text(text))
    assert not r.passed
    failed = [(e.line, e.step, e.actual) for e in r.expectations if not e.passed]
    assert failed == [(6, 3, "count=2")]
    f = tmp_path / "cow.mm"
    f.write_text(text)
    out = CliRunner().invoke(main, ["run", str(f)])
    assert out.exit_code == 1
    assert "  ✗ line 6, after step 3: expect here P2:A[0] count=1  (count=2)" in out.output
    assert "  ✓ line 11: expect P1:A[0] count=1 mapcount=1  (count=1 mapcount=1)" in out.output
    assert "failed: line 6 (after step 3): expect here P2:A[0] count=1 (got count=2)" in out.output


def test_mid_run_violation_expectations_mean_broken_by_this_point() -> None:
    r = run_scenario(parse_text(RESERVED.format(extra="")))
    assert r.passed
    assert [(e.line, e.step, e.passed) for e in r.expectations[:3]] == [(4, 1, True), (6, 2, True), (7, 2, True)]
    # refcount-leak breaks at step 5 (the release), so it is not broken yet after step 2
    r = run_scenario(parse_text(RESERVED.format(extra="expect here violation refcount-leak\n")))
    assert not r.passed
    bad = [e for e in r.expectations if not e.passed]
    assert [(e.line, e.step, e.actual) for e in bad] == [(8, 2, "violations: mapcount-mismatch, rss-mismatch")]
    # ... and `expect here no violations` after step 2 fails, while the first one (after step 1) held
    r = run_scenario(parse_text(RESERVED.format(extra="expect here no violations\n")))
    assert [(e.line, e.passed) for e in r.expectations if e.text == "expect here no violations"] == [
        (4, True),
        (8, False),
    ]


def test_an_expect_here_names_a_violation_for_the_pass_rule() -> None:
    text = RESERVED.format(extra="").replace("expect violation mapcount-mismatch\n", "")
    r = run_scenario(parse_text(text))
    assert "mapcount-mismatch" in r.expected_violations
    assert r.passed


def test_existing_expectations_are_final() -> None:
    path = Path("scenarios/anon+fork+cow-child-writes.mm")
    r = run_scenario(parse_text(path.read_text(), str(path)))
    assert r.expectations and all(e.step is None and e.where == "final" for e in r.expectations)


def test_example_scenario_asserts_mid_run() -> None:
    path = Path("scenarios/anon+fork+cow-midrun-counts.mm")
    r = run_scenario(parse_text(path.read_text(), str(path)))
    assert r.passed
    assert {e.where for e in r.expectations} == {"step 2", "step 3", "step 4", "final"}


def _json_run(tmp_path: Path, text: str) -> dict[str, Any]:
    f = tmp_path / "s.mm"
    f.write_text(text)
    out = CliRunner().invoke(main, ["run", "--json", str(f)])
    assert out.exit_code == 0, out.output
    run: dict[str, Any] = json.loads(out.output)["runs"][0]
    return run


def test_json_expectations_say_where_they_were_checked(tmp_path: Path) -> None:
    run = _json_run(tmp_path, COW)
    assert [(e["line"], e["checked"], e["after_step"]) for e in run["expectations"]] == [
        (5, "step 3", 3),
        (6, "step 3", 3),
        (7, "step 3", 3),
        (9, "step 4", 4),
        (10, "step 4", 4),
        (11, "final", None),
    ]
    assert set(run["expectations"][0]) == {"line", "text", "passed", "actual", "checked", "after_step"}


def test_json_changes_have_structured_fields(tmp_path: Path) -> None:
    """2.6.19 do_anonymous_page on a private write fault: a new anon page with count 1 and mapcount 1, mapped
    by a present, writable, dirty (and young) PTE; anon_rss goes from 0 to 1."""
    run = _json_run(tmp_path, "era 2.6.19\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 7\n")
    changes = run["steps"][1]["changes"]
    for c in changes:
        assert set(c) == {"what", "name", "before", "after", "before_fields", "after_fields"}
    page, pte, mm = changes
    assert page["what"] == "page" and page["before"] == "-" and page["before_fields"] is None
    after = page["after_fields"]
    assert (after["count"], after["mapcount"], after["data"], after["free"]) == (1, 1, 7, False)
    assert after["flags"][0] == "anon" and "lru" in after["flags"]
    assert pte["what"] == "pte" and pte["name"] == "P1:A[0]"
    assert pte["before_fields"] == {"state": "none"}
    assert pte["after_fields"] == {
        "state": "present",
        "pfn": after["pfn"],
        "frame": page["name"],
        "write": True,
        "dirty": True,
        "young": True,
        "special": False,
    }
    assert mm["before_fields"] == {"file_rss": 0, "anon_rss": 0}
    assert mm["after_fields"] == {"file_rss": 0, "anon_rss": 1}


def test_json_swap_pte_fields(tmp_path: Path) -> None:
    text = "era 2.6.19\nswap pages=2\nP1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\nreclaim\n"
    run = _json_run(tmp_path, text)
    ptes = [c for s in run["steps"] for c in s["changes"] if c["what"] == "pte" and c["after"].startswith("swap")]
    assert ptes, run["steps"][-1]["changes"]
    fields = ptes[-1]["after_fields"]
    assert fields == {"state": "swap", "swap_slot": fields["swap_slot"], "exclusive": False}
    assert ptes[-1]["after"] == f"swap slot {fields['swap_slot']}"
    assert ptes[-1]["before_fields"]["state"] == "present"


def test_an_expect_here_after_a_step_a_bug_kept_from_running_fails() -> None:
    text = (
        "era 2.6.19\ndevice d fault=nopage memory=ram pages=1 flags=VM_IO|VM_PFNMAP private=einval\n"
        "P1: mmap A dev:d pages=1 shared rw\nexpect here no violations\n"
        "P1: read A[0] -> BUG\nexpect here violation kernel-bug\nP1: munmap A\nexpect here P1:A[0] pte=none\n"
        "expect violation kernel-bug\n"
    )
    r = run_scenario(parse_text(text))
    assert r.stopped_at == 2
    assert [(e.line, e.step, e.passed, e.actual) for e in r.expectations] == [
        (4, 1, True, "violations: none"),
        (6, 2, True, "violations: kernel-bug"),
        (8, 3, False, "not checked: the run stopped at step 2"),
        (9, None, True, "violations: kernel-bug"),
    ]
    assert not r.passed
