"""Small builders for unit tests: a kernel after some scenario steps, and lookups into it."""

from __future__ import annotations

import pytest

from mmspec.era import Era, resolve_era
from mmspec.errors import ScenarioError
from mmspec.mm.mm_types import Kernel, Page, Pte, Vma
from mmspec.runner.run import execute
from mmspec.scenario.parse import parse_text

STOCK = resolve_era("2.6.19")
PROPOSAL = resolve_era("2.6.19+reserved")


def after(text: str, era: Era = STOCK) -> Kernel:
    """The final kernel state of scenario ``text`` (no `era` line needed); its `== V` reads and `-> OUTCOME`
    steps must hold."""
    result = execute(parse_text(text), era)
    assert result.final is not None
    failed = [s for s in result.steps if not s.passed]
    assert not failed, f"step did not do what the text says: {failed[0]}"
    return result.final


def vma(k: Kernel, proc: str, label: str) -> Vma:
    v = k.vma_by_label(proc, label)
    assert v is not None
    return v


def pte(k: Kernel, proc: str, label: str, index: int = 0) -> Pte:
    p = k.pte(proc, vma(k, proc, label).start + index)
    assert p is not None
    return p


def page(k: Kernel, proc: str, label: str, index: int = 0) -> Page:
    return k.page(pte(k, proc, label, index).pfn)


def assert_parse_errors(bad: dict[str, str]) -> None:
    """Each scenario text of ``bad`` is refused, with its message (as ``s.mm:LINE:COL: ...``) in the error."""
    for text, message in bad.items():
        with pytest.raises(ScenarioError) as err:
            parse_text(text, "s.mm")
        assert message in str(err.value), (text, str(err.value))
