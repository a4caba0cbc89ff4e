"""The grammar fuzz (benchmarks/fuzz_inputs.py) in the default suite: a short sample of mutated corpus files,
each of which must end in a result or the tool's input error (ScenarioError), never another exception; the
command-line sample must exit 0, 1 or 2 without a traceback.  The full run (100,000 cases, with timings)
is `python benchmarks/fuzz_inputs.py`."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_inputs import api_case, cli_case, corpus, mutate, token_pool

TEXTS = corpus()
POOL = token_pool(TEXTS)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.randoms(use_true_random=False))
def test_mutated_corpus_files_through_the_api(rng: random.Random) -> None:
    assert api_case(mutate(rng, TEXTS, POOL)) in ("result", "input error")


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_mutated_corpus_files_through_the_cli(tmp_path: Path, rng: random.Random) -> None:
    assert cli_case(mutate(rng, TEXTS, POOL), tmp_path) in ("result", "input error")


def test_the_corpus_is_found() -> None:
    assert len(TEXTS) > 100 and POOL
