"""The docs stay true: generated tables are current, and the README's commands and example work."""

from __future__ import annotations

import re

from conftest import ROOT

import mmspec
from mmspec.docgen import SECTIONS, render


def test_generated_doc_sections_are_current() -> None:
    for path, sections in SECTIONS.items():
        text = (ROOT / path).read_text()
        assert render(text, sections) == text, f"{path} is stale: run python -m mmspec.docgen"


def test_readme_first_scenario_passes() -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## A first scenario\s+```\n(.*?)```", readme, re.S)
    assert block is not None
    result = mmspec.run(block.group(1))
    assert result.passed and result.violation_ids == []


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", readme, re.S)
    assert block is not None
    assert block.group(1).strip().splitlines() == [
        "pip install -e . && mmspec check",
        "pip install -e '.[test]' && python -m pytest",
    ]


def test_files_md_lists_every_module() -> None:
    text = (ROOT / "docs" / "FILES.md").read_text()
    listed = set(re.findall(r"^\| `(mmspec/[^`]+)`", text, re.M))
    actual = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "mmspec").rglob("*")
        if p.suffix in (".py", ".mm") and "__pycache__" not in p.parts
    }
    assert sorted(actual - listed) == [], "add these to docs/FILES.md"
    assert sorted(listed - actual) == [], "docs/FILES.md names files that do not exist"


def test_no_merge_conflict_markers_are_left() -> None:
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)
    files = [*ROOT.glob("*.md"), *ROOT.glob("docs/**/*.md"), *ROOT.glob("mmspec/**/*.py"), *ROOT.glob("tests/**/*.py")]
    assert [str(p.relative_to(ROOT)) for p in files if marker.search(p.read_text(encoding="utf-8"))] == []
