"""The action table (mmspec/model/actions.py) is complete: every entry parses, writes, applies and is used by
the corpus; its explore operations are the ones docs/check.md lists; words do not collide."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import ROOT, SCENARIOS

from mmspec.era import Era, resolve_era
from mmspec.mm.mm_types import Kernel
from mmspec.model import actions as A
from mmspec.model.machine import ExploreSpec
from mmspec.runner.check import machine_factory
from mmspec.scenario.parse import parse_file, parse_text


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


def _places(k: Kernel, spec: ExploreSpec, era: Era) -> list[tuple[A.Scope, A.Where]]:
    """Every place MmMachine._actions() asks about in ``k``, with its scope (all in the first task)."""
    out = []
    for proc in k.live_mms():
        at = A.Where(k, spec, era, proc)
        out += [(A.Scope.PROCESS_FIRST, at), (A.Scope.PROCESS_LAST, at)]
        for (mm, label), (_, pages) in k.names.items():
            if mm == proc:
                out += [(A.Scope.PAGE, A.Where(k, spec, era, proc, label, i)) for i in range(pages)]
                out.append((A.Scope.MAPPING, A.Where(k, spec, era, proc, label)))
    out += [(A.Scope.REF, A.Where(k, spec, era, ref=r)) for r in k.refs]
    out += [(A.Scope.DEVICE, A.Where(k, spec, era, device=d)) for d in k.devices]
    return [*out, (A.Scope.GLOBAL, A.Where(k, spec, era))]


def test_an_action_offers_nothing_unless_the_ops_name_one_of_its_explore_words() -> None:
    """MmMachine asks only the action classes whose EXPLORE words the spec's ops name: sound only if every
    explore() offers nothing without one, in any state and at any place of its scope."""
    ops = ",".join(A.EXPLORE_OPS)
    sc = parse_text(
        "era 6.18\ndevice d preset=ram-nopage pages=1\nfile f pages=1\nswap pages=3\n"
        f"explore procs=2 depth=4 maps=2 refs=1 threads=2 ops={ops} sources=anon,file:f,dev:d\n"
    )
    era = resolve_era(sc.era)
    machine = machine_factory(sc, era, True)()
    states, frontier = [], machine.init_states()
    while frontier and len(states) < 300:
        states += frontier
        frontier = [machine.next_state(k, a).state for k in frontier for a in machine.actions(k)][:150]
    explored = [c for c in A.ACTIONS if c.EXPLORE]
    offered: set[str] = set()
    for cls in explored:
        without = dataclasses.replace(sc.explore, ops=tuple(op for op in sc.explore.ops if op not in cls.EXPLORE))
        for k in states:
            for scope, at in _places(k, sc.explore, era):
                if scope is cls.SCOPE:
                    if list(cls.explore(at)):
                        offered.add(cls.__name__)
                    assert not list(cls.explore(dataclasses.replace(at, spec=without))), (cls.__name__, at)
    # Not vacuous: with the ops that name them, the classes do offer actions in these states.
    assert len(offered) >= len(explored) - 2, sorted({c.__name__ for c in explored} - offered)
