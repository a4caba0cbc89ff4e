"""The action table (mmspec/model/actions.py) is complete: every entry parses, writes, applies and is used by
the corpus; its explore operations are the ones docs/check.md lists; words do not collide."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, SCENARIOS

from mmspec.model import actions as A
from mmspec.scenario.parse import parse_file


@pytest.mark.parametrize("cls", A.ACTIONS, ids=lambda c: c.__name__)
def test_every_entry_implements_the_interface(cls: type[A.Action]) -> None:
    for method in ("parse", "text", "apply"):
        assert getattr(cls, method) is not getattr(A.Action, method), f"{cls.__name__} lacks {method}"
    assert cls.WORDS, f"{cls.__name__} has no scenario word"


def test_an_action_without_a_live_counterpart_says_why() -> None:
    from mmspec.model.boot import Setup

    for cls in A.ACTIONS:
        if cls.live is A.Action.live:
            assert cls.live_problem(cls("dev:d"), A.LiveCheck(Setup(), True, {})) is not None  # type: ignore[call-arg]


def test_words_and_explore_ops_are_unique() -> None:
    words = [w for cls in A.ACTIONS for w in cls.WORDS]
    assert len(words) == len(set(words))
    assert len(A.EXPLORE_OPS) == len(set(A.EXPLORE_OPS))


def test_docs_list_every_explore_operation() -> None:
    text = (ROOT / "docs" / "check.md").read_text()
    row = re.search(r"\| `ops` \| required \| the operations to explore: `([^`]*)`", text)
    assert row is not None
    assert set(row.group(1).split()) == set(A.EXPLORE_OPS)


def test_the_corpus_uses_every_action() -> None:
    used = {type(sl.action) for p in sorted(SCENARIOS.rglob("*.mm")) for sl in parse_file(p).steps}
    assert used == set(A.ACTIONS)
