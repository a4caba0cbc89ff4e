"""Print the fingerprints (canonical and exact) of every state within a few steps of a few checks, one per
line: tests/test_state_decl.py runs this in two fresh interpreters and compares their output."""

from __future__ import annotations

import sys

from mmspec.era import resolve_era
from mmspec.runner.check import machine_factory
from mmspec.scenario.parse import parse_text

CHECKS = [
    # every kind of object: anon, shmem, file and device mappings, references, swap
    """era 5.19
device d preset=ram-nopage pages=1
file f pages=1
swap pages=3
explore procs=2 depth=3 maps=2 refs=1 ops=mmap,read,write,fork,munmap,exit,gup,putref,reclaim,release sources=anon,file:f,dev:d
""",
    # calls in flight: a stopped poke, a stopped fork, a stopped GUP-fast
    """era 5.10
file f pages=1
P1: mmap A file:f pages=1 private r open=r
P1: mmap B anon pages=1 private rw
P1: write B[0] = 1
P1: thread T2
explore procs=2 threads=2 depth=3 maps=1 pages=1 refs=1 ops=read,poke,dontneed,write,pin-fast,fork
""",
]


def main() -> None:
    for text in CHECKS:
        sc = parse_text(text)
        machine = machine_factory(sc, resolve_era(sc.era or ""), True)()
        frontier = machine.init_states()
        for _ in range(3):
            successors = [machine.next_state(k, a).state for k in frontier for a in machine.actions(k)]
            for k in successors:
                print(machine.fingerprint(k, True), machine.fingerprint(k, False))
            frontier = successors[:300]
    sys.stdout.flush()


if __name__ == "__main__":
    main()
