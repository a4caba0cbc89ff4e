"""What a search found, as comparable text, for the Ray tests: run as a script (``python ray_keys.py CPUS
SPEC...``, each SPEC a JSON object) it starts a local Ray instance with CPUS CPUs and prints one line per
SPEC; :func:`keys` gives the same line in the caller's process, for the one worker's side.

A SPEC names a check file or scenario text ("path" or "text") or the toy machine ("toy": [n, top, k]) and
the search options ("opts": Options fields); with "interrupt_from": D the search is interrupted (as an
embedder does, from its snapshot hook) inside the first level from depth D on that is seen half-done, and
with "limits" the line is :func:`limits`, how the search stopped, as JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from mmspec.check.engine import Options, Report, Snapshot, check
from mmspec.check.toy import Counters
from mmspec.era import resolve_era
from mmspec.runner.check import run_check
from mmspec.scenario.parse import parse_file, parse_text


def _interrupt_from(depth: int) -> Callable[[Snapshot], None]:
    def hook(snap: Snapshot) -> None:
        if snap.depth >= depth and 0 < snap.level_done < snap.level_size:
            raise KeyboardInterrupt

    return hook


def _search(spec: dict[str, Any], ray: str | None) -> tuple[Report[Any], Any]:
    hook = _interrupt_from(spec["interrupt_from"]) if "interrupt_from" in spec else None
    if "toy" in spec:
        return check(partial(Counters, *spec["toy"]), Options(**spec["opts"], ray=ray), snapshot=hook), None
    sc = parse_file(Path(spec["path"])) if "path" in spec else parse_text(spec["text"])
    assert sc.explore is not None
    opts = Options(**{"depth": sc.explore.depth, **spec["opts"]}, ray=ray)
    r = run_check(sc, resolve_era(sc.era or ""), opts, snapshot=hook)
    return r.report, r.texts


def limits(spec: dict[str, Any], ray: str | None = None) -> str:
    rep, _ = _search(spec, ray)
    return json.dumps(
        {
            "verdict": rep.verdict,
            "stop_reason": rep.stop_reason,
            "interrupted": rep.interrupted,
            "states": rep.states,
            "depth_reached": rep.depth_reached,
            "level_done": rep.level_done,
            "level_size": rep.level_size,
            "peak_rss": rep.peak_rss,
            "memory_limit": rep.memory_limit,
        }
    )


def keys(spec: dict[str, Any], ray: str | None = None) -> str:
    """Everything the search reports but its times and memory, counterexamples in their order; on Ray at
    ``ray`` if given."""
    rep, texts = _search(spec, ray)
    cexs = [(c.invariant, c.init, c.actions, c.outcomes) for c in rep.counterexamples.values()]
    found = (rep.states, rep.transitions, rep.pruned, rep.depth_reached, rep.verdict, rep.stop_reason, cexs, texts)
    return repr(found)


if __name__ == "__main__":
    from mmspec.check import ray_engine

    ray_engine.connect("local", num_cpus=int(sys.argv[1]))
    for arg in sys.argv[2:]:
        spec = json.loads(arg)
        print((limits if spec.get("limits") else keys)(spec, "local"), flush=True)
