"""The optional compiled build (setup.py with MMSPEC_MYPYC=1; docs/check.md, "A compiled build") gives the
pure-Python package's output byte for byte, times aside: `mmspec check` on every file in checks/ and the
default safety matrix, and `mmspec run --json` (with and without the ledger's call chains) over the
scenario corpus.

Opt-in: set MMSPEC_TEST_MYPYC=1 (CI does).  The build takes minutes: it compiles into a temporary
directory with this environment's mypy and setuptools (the extra `.[fast]`), which then runs in
subprocesses with that directory first on PYTHONPATH."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS

from mmspec.build import COMPILED

pytestmark = pytest.mark.skipif(
    os.environ.get("MMSPEC_TEST_MYPYC") != "1",
    reason="builds the compiled package (minutes): set MMSPEC_TEST_MYPYC=1",
)

CHECKS = sorted((ROOT / "checks").glob("*.mm"))
CORPUS = sorted(SCENARIOS.rglob("*.mm"))


@pytest.fixture(scope="module")
def compiled_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package with the compiled build's extensions beside its sources, in a temporary directory: setup.py
    build_ext with MMSPEC_MYPYC=1, run on a copy of the sources (so that nothing is built into them)."""
    tmp = tmp_path_factory.mktemp("compiled")
    src, tree = tmp / "src", tmp / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "*.pyd")
    for where in (src, tree):
        shutil.copytree(ROOT / "mmspec", where / "mmspec", ignore=ignore)
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    r = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--build-lib", str(tree)],
        cwd=src,
        capture_output=True,
        text=True,
        env={**os.environ, "MMSPEC_MYPYC": "1"},
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return tree


def _mmspec(tree: Path, *args: str, cwd: Path) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("MMSPEC_MYPYC", None)
    r = subprocess.run([sys.executable, "-m", "mmspec", *args], capture_output=True, text=True, env=env, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def _timeless(text: str) -> str:
    """Output without what varies from run to run: times and memory (as tests/check/test_workers.py)."""
    text = re.sub(r'"(seconds|peak_rss|bytes_per_state|memory_limit)": [0-9.e+]+', r'"\1": 0', text)
    text = re.sub(r"(sec|peak)=[0-9.]+( MiB)?", r"\1=0", text)
    return re.sub(r"\b[0-9]+\.[0-9]+ ?s\b", "0 s", text)


def test_the_build_compiles_every_listed_module(compiled_tree: Path) -> None:
    code, out, err = _mmspec(compiled_tree, "--version", cwd=compiled_tree)
    assert code == 0, err
    assert f"compiled with mypyc: {len(COMPILED)} of {len(COMPILED)} hot modules" in out
    code, out, err = _mmspec(ROOT, "--version", cwd=ROOT)
    assert code == 0 and "(pure Python)" in out, out + err


# Two workers as well: they hand states over pickled, which compiled classes must survive.
TWO_WORKERS = [str(ROOT / "checks" / "spufs-reserved.proposal.mm"), "--workers", "2"]


@pytest.mark.parametrize(
    "args",
    [[str(p)] for p in CHECKS] + [[], TWO_WORKERS] + [[str(p), "--json"] for p in CHECKS],
    ids=[p.stem for p in CHECKS] + ["matrix", "two-workers"] + [p.stem + "-json" for p in CHECKS],
)
def test_check_output_is_the_pure_packages(compiled_tree: Path, args: list[str], tmp_path: Path) -> None:
    outs = []
    for name, tree in (("pure", ROOT), ("compiled", compiled_tree)):
        code, out, err = _mmspec(tree, "check", *args, "--out", str(tmp_path / name), cwd=tmp_path)
        assert code in (0, 1), err
        outs.append((code, _timeless(out).replace(str(tmp_path / name), "OUT")))
    assert outs[0][1].strip() and outs[0] == outs[1]
    # the counterexamples the checks saved, too
    saved = [sorted((p.name, p.read_text()) for p in (tmp_path / n).glob("*")) for n in ("pure", "compiled")]
    assert saved[0] == saved[1]


@pytest.mark.parametrize("why", [[], ["--why"]], ids=["run", "run-why"])
def test_run_json_over_the_corpus_is_the_pure_packages(compiled_tree: Path, why: list[str], tmp_path: Path) -> None:
    files = [str(p) for p in CORPUS]
    pure = _mmspec(ROOT, "run", "--json", *why, *files, cwd=tmp_path)
    compiled = _mmspec(compiled_tree, "run", "--json", *why, *files, cwd=tmp_path)
    assert json.loads(pure[1])  # a document, not an empty output
    assert _timeless(pure[1]) == _timeless(compiled[1]) and pure[0] == compiled[0] and pure[2] == compiled[2]
