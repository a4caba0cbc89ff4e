"""Grammar fuzz of the scenario format: mutated corpus files must give a result or the tool's input error.

Run on its own (not part of the tests; tests/test_fuzz_inputs.py runs a short sample of the same cases)::

    python benchmarks/fuzz_inputs.py                 # 100,000 cases through the API, 500 through the CLI
    python benchmarks/fuzz_inputs.py --cases 2000 --cli-cases 100 --seed 7

Each case is a corpus file (scenarios/**/*.mm, checks/*.mm) with one to three mutations: lines deleted,
duplicated, swapped or taken from another file; a token replaced by a token of another file or by an extreme
integer (huge, negative, 0, hex, the limits and one past them, 5000 digits); a character inserted (accented,
NUL, ESC, a bidi control, a BOM, U+2028, a lone surrogate); CRLF or CR-only line ends; a BOM; a very long
line.  Through the API (:func:`mmspec.run`, with :func:`~mmspec.scenario.parse.parse_text` first), a case
must end in a result or a :class:`~mmspec.errors.ScenarioError`; through the CLI (``mmspec run --json``), in
exit code 0, 1 or 2 without a traceback.  A check (a file with an `explore` line) is parsed, and `run` must
refuse it: the fuzz never starts a search, so it cannot hang on one.

The report: cases, exceptions other than the input error (must be 0), inputs over 1 s (must be 0, measured
here as the process's CPU time, time.process_time(), never in a test, so that other work on a shared
machine is not taken for the input's cost; a case over 1 s is run twice more and counts as slow only if the
fastest of its runs is, and the largest wall-clock time is reported too), and the maximum and median time per input.  A case that
runs over 30 s is stopped with SIGALRM and counted as a hang.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import mmspec  # noqa: E402
from mmspec.errors import ScenarioError  # noqa: E402
from mmspec.scenario.limits import MAX_OFFSET, MAX_PAGES, MAX_SWAP_PAGES, MAX_VALUE  # noqa: E402

CORPUS_GLOBS = ("scenarios/**/*.mm", "checks/*.mm")
SLOW = 1.0  # seconds: an input over this is reported
HANG = 30  # seconds: a case still running is stopped and counted as a hang

EXTREME_INTS = (
    "0",
    "-1",
    "-5",
    "1",
    "2",
    "7",
    "0x10",
    "0xffffffffffffffffffff",
    str(10**30),
    str(2**63),
    str(2**63 - 1),
    str(2**64),
    "9223372036854775807",
    "2147483648",
    "-9223372036854775808",
    "1" * 5000,
    "0" * 50,
    "010",
    "1_0",
    str(MAX_PAGES),
    str(MAX_PAGES + 1),
    str(MAX_SWAP_PAGES),
    str(MAX_SWAP_PAGES + 1),
    str(MAX_OFFSET + 1),
    str(MAX_VALUE),
    str(-MAX_VALUE - 1),
    "0x",
    "-0",
    "+3",
    "٣",
)
ODD_CHARS = (
    "é",
    "\x00",
    "\x1b",
    "\x7f",
    "\u202e",
    "\ufeff",
    "\u2028",
    "\x85",
    "\ud800",
    "\t",
    "\x0c",
    "日本",
    '"',
    "#",
    "[",
    "]",
    ":",
    "=",
    "->",
    "==",
)
_INT = re.compile(r"-?(?:0x[0-9a-fA-F]+|[0-9]+)")


def corpus(root: Path = ROOT) -> list[str]:
    """The texts of the corpus files, in a fixed order."""
    files = sorted({p for g in CORPUS_GLOBS for p in root.glob(g)})
    return [p.read_text(encoding="utf-8") for p in files]


def token_pool(texts: list[str]) -> list[str]:
    """Every distinct token of the corpus, sorted (a fixed order, so a seed gives the same cases)."""
    return sorted({t for text in texts for line in text.splitlines() for t in line.split()})


def _replace_token(rng: random.Random, line: str, pool: list[str]) -> str:
    toks = line.split(" ")
    if not toks:
        return line
    i = rng.randrange(len(toks))
    tok = toks[i]
    m = _INT.search(tok) if rng.random() < 0.6 else None
    if m is not None:
        toks[i] = tok[: m.start()] + rng.choice(EXTREME_INTS) + tok[m.end() :]
    else:
        toks[i] = rng.choice(pool)
    return " ".join(toks)


def mutate(rng: random.Random, texts: list[str], pool: list[str]) -> str:
    """One fuzz case: a corpus text with one to three mutations (see the module docstring)."""
    text = rng.choice(texts)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(11)
        n = len(lines)
        i = rng.randrange(n) if n else 0
        if kind == 0 and n:
            del lines[i]
        elif kind == 1 and n:
            lines.insert(i, lines[i])
        elif kind == 2 and n > 1:
            j = rng.randrange(n)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind in (3, 4, 5) and n:
            lines[i] = _replace_token(rng, lines[i], pool)
        elif kind == 6 and n:
            pos = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:pos] + rng.choice(ODD_CHARS) + lines[i][pos:]
        elif kind == 7:
            other = rng.choice(texts).split("\n")
            lines.insert(i, rng.choice(other))
        elif kind == 8 and n:
            lines[i] = lines[i] + " " + rng.choice(pool) * rng.choice((100, 2000, 20000))
        elif kind == 9:
            lines = ["\ufeff" + lines[0], *lines[1:]] if lines else ["\ufeff"]
        else:
            return rng.choice(("\r\n", "\r")).join(lines)
    return "\n".join(lines)


@dataclass
class Tally:
    """What a fuzz run found."""

    cases: int = 0
    results: int = 0
    input_errors: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (the case, what went wrong)
    times: list[float] = field(default_factory=list)
    slow: list[tuple[float, str]] = field(default_factory=list)
    wall: float = 0.0  # the largest wall-clock time of a case

    def summary(self, title: str) -> str:
        med = statistics.median(self.times) if self.times else 0.0
        top = max(self.times) if self.times else 0.0
        return (
            f"{title}: {self.cases} cases, {self.results} results, {self.input_errors} input errors, "
            f"{len(self.failures)} other exceptions, {len(self.slow)} inputs over {SLOW:g} s, "
            f"max {top * 1000:.1f} ms, median {med * 1000:.2f} ms (CPU time; max wall {self.wall * 1000:.0f} ms)"
        )


class Hang(Exception):
    pass


@contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def api_case(text: str) -> str:
    """Run one case through the API: "result" or "input error".

    :raises Exception: anything else (a bug the fuzz found)
    """
    try:
        sc = mmspec.parse_text(text, "fuzz.mm")
    except ScenarioError:
        return "input error"
    try:
        mmspec.run_scenario(sc)
    except ScenarioError:
        return "input error"
    if sc.explore is not None:
        raise AssertionError("run accepted a check (a file with an explore line)")
    return "result"


def cli_case(text: str, workdir: Path) -> str:
    """Run one case through ``mmspec run --json`` (click's CliRunner, in process): "result" or "input error".

    :raises AssertionError: an exit code other than 0, 1, 2, or a traceback
    """
    from click.testing import CliRunner

    from mmspec.cli import main

    path = workdir / "fuzz.mm"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    r = CliRunner().invoke(main, ["run", "--json", str(path)])
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(r.exception)))
    if r.exit_code not in (0, 1, 2):
        raise AssertionError(f"exit code {r.exit_code}")
    if "Traceback" in r.output:
        raise AssertionError("a traceback in the output")
    return "input error" if r.exit_code == 2 else "result"


def _retimed(text: str, workdir: Path, cli: bool) -> float:
    """The fastest of two more runs of a case that took over SLOW: on a shared machine a load spike can
    stretch one run, and the figure is meant to be the input's cost."""
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        with _alarm(HANG):
            cli_case(text, workdir) if cli else api_case(text)
        best = min(best, time.process_time() - t0)
    return best


def fuzz(cases: int, seed: int, cli: bool = False, progress: bool = False) -> Tally:
    texts = corpus()
    pool = token_pool(texts)
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(cases):
            text = mutate(rng, texts, pool)
            t0, w0 = time.process_time(), time.perf_counter()
            failed = False
            try:
                with _alarm(HANG):
                    got = cli_case(text, Path(tmp)) if cli else api_case(text)
            except BaseException as e:  # every other exception is what the fuzz looks for
                if isinstance(e, KeyboardInterrupt):
                    raise
                got, failed = "", True
                tally.failures.append((text, "".join(traceback.format_exception(e))[-2000:]))
            dt = time.process_time() - t0
            tally.wall = max(tally.wall, time.perf_counter() - w0)
            if dt > SLOW and not failed:
                dt = min(dt, _retimed(text, Path(tmp), cli))
            tally.cases += 1
            tally.times.append(dt)
            tally.results += got == "result"
            tally.input_errors += got == "input error"
            if dt > SLOW:
                tally.slow.append((dt, text))
            if progress and (n + 1) % 5000 == 0:
                print(tally.summary(f"  after {n + 1}"), flush=True)
    return tally


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=100_000, help="cases through the API")
    ap.add_argument("--cli-cases", type=int, default=500, help="cases through the command line")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=3, help="failing and slow cases to print")
    ap.add_argument("--save", type=Path, default=None, help="write every failing and slow case whole into DIR")
    args = ap.parse_args()
    bad = 0
    for title, cases, cli, seed in (
        ("API", args.cases, False, args.seed),
        ("CLI", args.cli_cases, True, args.seed + 1),
    ):
        t0 = time.perf_counter()
        tally = fuzz(cases, seed, cli=cli, progress=not cli)
        print(tally.summary(title) + f" ({time.perf_counter() - t0:.0f} s in all)", flush=True)
        for text, what in tally.failures[: args.show]:
            print(f"--- failing case:\n{text[:2000]!r}\n{what}")
        for dt, text in sorted(tally.slow, reverse=True)[: args.show]:
            print(f"--- slow case ({dt:.2f} s):\n{text[:2000]!r}")
        bad += len(tally.failures) + len(tally.slow)
        if args.save is not None:  # the printed cases are cut at 2,000 characters; these replay exactly
            args.save.mkdir(parents=True, exist_ok=True)
            cases_found = [("fail", t) for t, _ in tally.failures] + [("slow", t) for _, t in tally.slow]
            for n, (kind, text) in enumerate(cases_found):
                (args.save / f"{title.lower()}-{kind}-{n}.mm").write_bytes(text.encode("utf-8", "surrogatepass"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
