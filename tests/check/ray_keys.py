"""What a search found, as comparable text, for the Ray tests: run as a script (``python ray_keys.py CPUS
SPEC...``, each SPEC a JSON object) it starts a local Ray instance with CPUS CPUs and prints one line per
SPEC; :func:`keys` gives the same line in the caller's process, for the one worker's side.

A SPEC names a check file or scenario text ("path" or "text") or the toy machine ("toy": [n, top, k]) and
the search options ("opts": Options fields)."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from mmspec.check.engine import Options, check
from mmspec.check.toy import Counters
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.scenario.parse import parse_file, parse_text


def keys(spec: dict[str, Any], ray: str | None = None) -> str:
    """Everything the search reports but its times and memory, counterexamples in their order; on Ray at
    ``ray`` if given."""
    if "toy" in spec:
        rep = check(partial(Counters, *spec["toy"]), Options(**spec["opts"], ray=ray))
        texts: Any = None
    else:
        sc = parse_file(Path(spec["path"])) if "path" in spec else parse_text(spec["text"])
        assert sc.explore is not None
        r = run_check(sc, resolve_era(sc.era or ""), Options(**{"depth": sc.explore.depth, **spec["opts"]}, ray=ray))
        rep, texts = r.report, r.texts
    cexs = [(c.invariant, c.init, c.actions, c.outcomes) for c in rep.counterexamples.values()]
    found = (rep.states, rep.transitions, rep.pruned, rep.depth_reached, rep.verdict, rep.stop_reason, cexs, texts)
    return repr(found)


if __name__ == "__main__":
    from mmspec.check import ray_engine

    ray_engine.connect("local", num_cpus=int(sys.argv[1]))
    for arg in sys.argv[2:]:
        print(keys(json.loads(arg), "local"), flush=True)
