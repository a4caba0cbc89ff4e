"""The action table (mmspec/model/actions.py) is complete: every entry parses, writes, applies and is used by
the corpus; its explore operations are the ones docs/check.md lists; words do not collide."""

from __future__ import annotations

import dataclasses
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
            # live_problem() reads no field of these entries; the placeholder fills the required ones.
            required = [f for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
            action = cls(*(["dev:d"] + [0] * (len(required) - 1)))  # type: ignore[call-arg]
            assert action.live_problem(A.LiveCheck(Setup(), True, {})) is not None


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
    steps = [sl.action for p in sorted(SCENARIOS.rglob("*.mm")) for sl in parse_file(p).steps]
    used = {type(a.action if isinstance(a, A.OnTask) else a) for a in steps}
    assert used == set(A.ACTIONS)
