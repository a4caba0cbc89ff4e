"""The same input gives the same output, byte for byte, run after run and process after process."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner
from conftest import ROOT, SCENARIOS

from mmspec.cli import main


def test_json_output_is_identical_across_runs() -> None:
    files = [str(p) for p in sorted(SCENARIOS.glob("*.mm"))]
    first = CliRunner().invoke(main, ["run", "--json", *files])
    second = CliRunner().invoke(main, ["run", "--json", *files])
    assert first.output == second.output
    doc = json.loads(first.output)
    assert len(doc["runs"]) + len({e["path"] for e in doc["errors"]}) == len(files)


def test_text_output_is_identical_across_processes() -> None:
    # A fresh interpreter each time, with a different hash seed: nothing may depend on set or dict order
    # of hashed strings.
    outs = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "mmspec", "run"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        )
        outs.append(proc.stdout)
        assert proc.returncode == 0, proc.stderr
    assert outs[0] == outs[1] and "2 passed, 0 failed" in outs[0]
