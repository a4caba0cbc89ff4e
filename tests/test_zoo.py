"""The bug zoo (scenarios/bugs/, `mmspec zoo`): each bug is found under its last buggy release and not under
its fixed one, each counterexample replays with `mmspec run`, bad metadata is FILE:LINE:COL with exit 2.

What a bug's releases must show comes from the kernel's history (each file's `bug` lines cite the commits,
docs/bugs.md explains them), not from the model's output.  A release that resolves to an older landmark
era's rules (no era models it yet) is not judged here: exact_failures() looks only at the releases that
resolve to their own rules, so these tests tighten by themselves as more releases resolve exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SCENARIOS

from mmspec.cli import main
from mmspec.era import resolve_era
from mmspec.errors import ScenarioError
from mmspec.runner.run import execute, judge
from mmspec.runner.zoo import (
    FOUND_THEN_FIXED,
    MISSED,
    PENDING,
    STILL_BROKEN,
    Entry,
    exact_failures,
    judge_bug,
)
from mmspec.scenario.parse import parse_file, parse_text

BUGS = sorted((SCENARIOS / "bugs").glob("*.mm"))
IDS = [p.stem for p in BUGS]
_ENTRIES: dict[Path, Entry] = {}


def entry(path: Path) -> Entry:
    if path not in _ENTRIES:
        _ENTRIES[path] = judge_bug(parse_file(path))
    return _ENTRIES[path]


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_zoo_is_large_enough() -> None:
    entries = [entry(p) for p in BUGS]
    assert len(entries) >= 15
    assert len([e for e in entries if e.verdict != PENDING]) >= 15
    # the bugs issue 10 names, by the CVE or fix that identifies each
    names = {e.bug.name for e in entries}
    for name in (
        "cve-2015-3288-zero-page-write",
        "cve-2020-29374-vmsplice-child",
        "swap-in-missed-cow",
        "pin-fork-wrong-cow",
        "zero-page-cow-leak",
        "gup-reclaim-wrong-cow",
        "vm-insert-page-fork-view",
        "dirty-cow",
    ):
        assert name in names


@pytest.mark.parametrize("path", BUGS, ids=IDS)
def test_bug_found_before_its_fix_and_absent_after(path: Path) -> None:
    e = entry(path)
    if e.verdict == PENDING:
        assert e.buggy is None and e.fixed is None and e.bug.pending
        return
    assert e.buggy is not None and e.fixed is not None
    assert exact_failures(e) == []
    if not e.fallback:  # both releases ran under their own rules: the whole verdict holds
        assert e.verdict == FOUND_THEN_FIXED, (e.verdict, e.buggy.note, e.fixed.note)


@pytest.mark.parametrize("path", [p for p in BUGS if "pending=" not in p.read_text()], ids=lambda p: p.stem)
def test_counterexample_replays_with_run(path: Path, tmp_path: Path) -> None:
    e = entry(path)
    assert e.buggy is not None
    if not e.buggy.found:
        pytest.skip(f"not found under {e.buggy.release} (as {e.buggy.era}): {e.buggy.note}")
    text = e.buggy.counterexample
    sc = parse_text(text, "cex.mm")
    assert sc.bug is None  # the replay is a plain scenario, without the bug lines
    result = execute(sc, resolve_era(e.buggy.era))
    judge(sc, result)
    assert result.passed and e.bug.invariant in result.violation_ids
    # the command line replays it too: exit 0, every expectation (the violation among them) holds
    f = tmp_path / "cex.mm"
    f.write_text(text)
    run = invoke("run", "--quiet", str(f))
    assert run.exit_code == 0, run.output


def test_table_exit_code_and_fallback_marks() -> None:
    result = invoke("zoo")
    entries = [entry(p) for p in BUGS]
    assert result.exit_code == (0 if all(e.passed for e in entries) else 1)
    out = result.output
    assert out.startswith("The bug zoo")
    for e in entries:
        assert e.bug.name in out
    for e in entries:
        for side in (e.buggy, e.fixed):
            if side is not None and side.era and not side.exact:
                assert f"{side.release} (as {side.era})" in out
    assert "Pending: the model cannot express these yet" in out


def test_json_shape() -> None:
    paths = [str(SCENARIOS / "bugs" / n) for n in ("pin-mprotect-wrong-cow.mm", "pte-special-protnone.mm")]
    result = invoke("zoo", "--json", *paths)
    doc = json.loads(result.output)
    assert set(doc) == {"bugs", "errors"} and doc["errors"] == []
    ran, pending = doc["bugs"]
    keys = {
        "path", "title", "name", "cve", "introduced", "fixed", "buggy_release", "fixed_release", "invariant",
        "urls", "pending", "verdict", "passed", "fallback", "buggy", "fixed_run",
    }  # fmt: skip
    assert set(ran) == keys and set(pending) == keys
    side_keys = {"release", "era", "exact", "found", "length", "counterexample", "complete", "other_violations", "note"}
    assert set(ran["buggy"]) == side_keys and set(ran["fixed_run"]) == side_keys
    assert ran["buggy"]["found"] and not ran["fixed_run"]["found"] and ran["fixed_run"]["exact"]
    assert ran["verdict"] == FOUND_THEN_FIXED and ran["invariant"] == "pin-incoherent"
    assert pending["verdict"] == PENDING and pending["buggy"] is None and pending["pending"] == ["protnone"]
    assert pending["name"] == "pte-special-protnone"
    assert result.exit_code == 0


MIN = "bug name=x fixed=abcdef1 buggy=5.18 fixed-in=5.19 invariant=pin-incoherent url=https://example.org/x\n"
PROG = "P1: mmap A anon pages=1 private rw\nP1: write A[0] = 1\n"


def _bug(tmp_path: Path, text: str, name: str = "b.mm") -> str:
    (tmp_path / name).write_text(text)
    return str(tmp_path / name)


def test_missed_and_still_broken_exit_1(tmp_path: Path) -> None:
    # a FOLL_GET reference across fork stays incoherent in every era (only FOLL_PIN was fixed): still broken
    still = MIN + PROG + "explore procs=2 depth=4 refs=1 ops=gup,fork,write\n"
    # nothing in this search can reach a kernel BUG: missed
    missed = (
        MIN.replace("invariant=pin-incoherent", "invariant=kernel-bug") + PROG + "explore procs=1 depth=1 ops=read\n"
    )
    result = invoke("zoo", "--json", _bug(tmp_path, still, "s.mm"), _bug(tmp_path, missed, "m.mm"))
    verdicts = [b["verdict"] for b in json.loads(result.output)["bugs"]]
    assert verdicts == [STILL_BROKEN, MISSED] and result.exit_code == 1


def test_pending_is_listed_apart_and_not_missed(tmp_path: Path) -> None:
    text = MIN.replace("invariant=pin-incoherent", "pending=races")
    result = invoke("zoo", _bug(tmp_path, text))
    assert result.exit_code == 0
    assert "0 bugs run: 0 found, then fixed; 0 failed; 1 pending." in result.output
    assert "races: interleavings" in result.output


BAD = [
    (
        "bug name=Bad fixed=abcdef1\n",
        "b.mm:1:10: a bug name is lower-case letters, digits, '.', '+' and '-', got 'Bad'",
    ),
    ("bug namee=x\n", "b.mm:1:5: unknown bug key 'namee' (did you mean 'name'?)"),
    ("bug fixed=xyz\n", "b.mm:1:11: expected a commit id after fixed=, got 'xyz'"),
    ("bug buggy=four\n", "b.mm:1:11: expected a kernel release after buggy=, got 'four' (such as 4.1 or 2.6.15-rc5)"),
    ("bug invariant=cow-brokn\n", "b.mm:1:15: unknown invariant 'cow-brokn' (did you mean 'cow-broken'?)"),
    ("bug url=ftp://x\n", "b.mm:1:9: expected an http(s) URL, got 'ftp://x'"),
    ("bug pending=threads\n", "b.mm:1:13: unknown missing capability 'threads'"),
    ("bug cve=2015-3288\n", "b.mm:1:9: expected a CVE id, got '2015-3288' (for example cve=CVE-2015-3288)"),
    ("bug name=x\n", "b.mm:1:1: the bug lines lack fixed=, buggy=, fixed-in=, url=, invariant="),
    (MIN + "bug name=y\n", "b.mm:2:5: bug key 'name' given twice (first at line 1) (keep one)"),
    (MIN.replace("fixed-in=5.19", "fixed-in=5.9"), "b.mm:1:46: fixed-in=5.9 is not after buggy=5.18"),
    (MIN + "era 5.18\n" + PROG + "explore procs=1 depth=1 ops=read\n", "b.mm:2:5: a bug file has no 'era' line"),
    (MIN + PROG + "expect violation cow-broken\n", "b.mm:4:1: a bug file has no 'expect' line"),
    (MIN, "b.mm:1:1: a bug file needs an 'explore' line or steps (or mark it pending=CAPABILITY)"),
    (PROG + MIN, "b.mm:3:1: 'bug' must come before the first step (move the declaration to the top)"),
]


@pytest.mark.parametrize("text,line", BAD, ids=[b[1].split(": ", 1)[1][:40] for b in BAD])
def test_bad_metadata_is_file_line_col(tmp_path: Path, text: str, line: str) -> None:
    path = _bug(tmp_path, text)
    with pytest.raises(ScenarioError) as e:
        parse_file(path)
    messages = [str(d).replace(str(tmp_path) + "/", "") for d in e.value.diagnostics]
    assert any(m.startswith(line) for m in messages), messages
    result = invoke("zoo", path)
    assert result.exit_code == 2
    assert line in result.output.replace(str(tmp_path) + "/", "")


def test_a_file_without_bug_lines_is_bad_input(tmp_path: Path) -> None:
    path = _bug(tmp_path, "era 5.9\n" + PROG)
    result = invoke("zoo", path)
    assert result.exit_code == 2
    assert "b.mm:1:1: not a bug file: it has no 'bug' line" in result.output.replace(str(tmp_path) + "/", "")


def test_check_explores_a_bug_file(tmp_path: Path) -> None:
    # `mmspec check FILE --era R` explores a bug file like any check, under the release given; its saved
    # counterexample has no bug lines
    path = str(SCENARIOS / "bugs" / "pin-mprotect-wrong-cow.mm")
    result = invoke("check", path, "--era", "5.9", "--out", str(tmp_path))
    assert result.exit_code == 0 and "pin-incoherent" in result.output
    saved = (tmp_path / "pin-mprotect-wrong-cow.5.9.pin-incoherent.mm").read_text()
    assert "\nbug " not in saved and "expect violation pin-incoherent" in saved


def test_a_bug_written_as_steps(tmp_path: Path) -> None:
    # without an explore line the steps are the bug: CVE-2020-29374's report, judged under 3.7 and 5.9
    text = (
        "bug name=steps fixed=09854ba94c6a buggy=3.7 fixed-in=5.9 invariant=cow-broken url=https://example.org/x\n"
        + PROG
        + "P1: fork P2\nP2: gup A[0] read as H\nP2: munmap A\nP1: write A[0] = 2\n"
    )
    e = judge_bug(parse_text(text, "steps.mm"))
    assert e.verdict == FOUND_THEN_FIXED and not e.fallback
    assert e.buggy is not None and e.buggy.length == 6
    sc = parse_text(e.buggy.counterexample, "cex.mm")
    result = execute(sc, resolve_era("3.7"))
    judge(sc, result)
    assert result.passed and "cow-broken" in result.violation_ids
