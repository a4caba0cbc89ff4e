"""The pytest plugin: .mm files as test items, one per era, checks marked; failures show the account."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from mmspec.cli.run import seed_scenarios

ROOT = Path(__file__).resolve().parent.parent
SEED = dict(seed_scenarios())
STOCK = SEED["seed/spufs+fork+exit.mm"]
PROPOSAL = SEED["seed/spufs-reserved+fork+exit.proposal.mm"]

ERA_DEPENDENT = """\
title "the zero page across eras"
era 2.6.19
eras 2.6.19..2.6.29
P1: mmap A anon pages=1 private rw
P1: read A[0] == 0
expect until 2.6.23 P1:A[0] zero
expect since 2.6.24 until 2.6.29 P1:A[0] count=1 mapcount=1 anon
"""

CHECK = """\
title "a small check"
era 2.6.19+reserved
device spu preset=spufs-reserved pages=1
explore procs=1 depth=2 ops=mmap,read,munmap
expect violation mapcount-mismatch
"""


def _installed() -> bool:
    """Whether the package is installed with its entry point (then pytest loads the plugin by itself, and
    ``-p mmspec.pytest_plugin`` would register it twice)."""
    return any(e.value == "mmspec.pytest_plugin" for e in entry_points(group="pytest11"))


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    load = [] if _installed() else ["-p", "mmspec.pytest_plugin"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *load, "-p", "no:cacheprovider", "-rA", *args, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )


def test_scenarios_and_checks_are_collected_and_run(tmp_path: Path) -> None:
    (tmp_path / "stock.mm").write_text(STOCK)
    (tmp_path / "wrong.mm").write_text(PROPOSAL.replace("count=4 mapcount=3", "count=1 mapcount=0"))
    (tmp_path / "zero.mm").write_text(ERA_DEPENDENT)
    (tmp_path / "small.check.mm").write_text(CHECK)
    (tmp_path / "bad.mm").write_text("era 2.6.19\nP1: frobnicate A\n")
    (tmp_path / "conftest.py").write_text("")
    out = _pytest(tmp_path, "-v")
    text = out.stdout
    assert out.returncode == 1, text
    assert "stock.mm[2.6.19] PASSED" in text
    assert "wrong.mm[2.6.19+reserved] FAILED" in text
    for era in ("2.6.19", "2.6.21", "2.6.23", "2.6.24", "2.6.26", "2.6.29"):
        assert f"zero.mm[{era}] PASSED" in text, era
    assert "zero.mm[2.6.19+reserved]" not in text  # an `eras` range includes no hypothetical era
    assert "small.check.mm[2.6.19+reserved] PASSED" in text
    # the failure: the steps, the violations and the failed expectation, readable
    assert "2. line 9: P1: write A[0] = 7" in text
    assert "violation mapcount-mismatch" in text
    assert "✗ line 23: expect spu[0] count=1 mapcount=0 reserved  (count=4 mapcount=3" in text
    assert "Verdict: FAIL" in text
    # ... and why: each violation's call chain, then the ledger of the page it concerns
    assert "      via write > do_page_fault > handle_mm_fault > do_no_page > page_add_file_rmap" in text
    assert "Reference ledger (mmspec explain):" in text
    assert "spu[0] (pfn 0x10000): count 1 mapcount 0 at boot, count 4 mapcount 3 at the end" in text
    assert "  unpaired: do_no_page get (get_page) at step 2 (line 9) for P1 A[0]: never put — " in text
    assert "bad.mm:2:" in text  # a file that does not parse: its diagnostics
    assert "2 failed, 10 passed" in text, text


def test_checks_can_be_left_out(tmp_path: Path) -> None:
    (tmp_path / "stock.mm").write_text(STOCK)
    (tmp_path / "small.check.mm").write_text(CHECK)
    out = _pytest(tmp_path, "-m", "not mmspec_check")
    assert out.returncode == 0, out.stdout
    assert "1 passed, 1 deselected" in out.stdout


def test_entry_point_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '[project.entry-points.pytest11]\nmmspec = "mmspec.pytest_plugin"' in text


def test_bug_files_are_zoo_items(tmp_path: Path) -> None:
    # a bug file is one item judged as `mmspec zoo` judges it; a pending one is skipped with its reason; a
    # bug the check misses under a release that resolves exactly fails
    bugs = ROOT / "scenarios" / "bugs"
    (tmp_path / "ok.mm").write_text((bugs / "pin-mprotect-wrong-cow.mm").read_text())
    (tmp_path / "pending.mm").write_text((bugs / "pte-special-protnone.mm").read_text())
    missed = (bugs / "pin-mprotect-wrong-cow.mm").read_text().replace("ops=pin,mprotect,write", "ops=pin,write")
    missed = missed.replace("buggy=5.18", "buggy=5.9")  # a release that resolves to its own rules
    (tmp_path / "missed.mm").write_text(missed)
    (tmp_path / "conftest.py").write_text("")
    out = _pytest(tmp_path, "-v")
    text = out.stdout
    assert out.returncode == 1, text
    assert "ok.mm[zoo] PASSED" in text
    assert "pending.mm[zoo] SKIPPED" in text and "pending: the model lacks protnone" in text
    assert "missed.mm[zoo] FAILED" in text and "pin-incoherent not found under 5.9" in text
    assert "1 failed, 1 passed, 1 skipped" in text, text
