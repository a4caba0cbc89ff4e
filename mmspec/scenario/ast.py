"""The parsed form of a scenario file (docs/format.md): setup, steps and expectations, with positions."""

from __future__ import annotations

from dataclasses import dataclass, field

from mmspec.era import Era, parse_version
from mmspec.era.releases import release_name
from mmspec.model.actions import Action
from mmspec.model.boot import Setup
from mmspec.model.machine import ExploreSpec


def checked_at(step: int | None) -> str:
    """Where an expectation is checked: after step ``step`` (`expect here`), or on the final state (None)."""
    return "final" if step is None else f"step {step}"


@dataclass(frozen=True)
class Pos:
    line: int
    col: int


@dataclass(frozen=True)
class Span:
    """The eras a qualified line applies to: ``since`` and ``until`` are inclusive version bounds."""

    since: tuple[int, ...] | None = None
    until: tuple[int, ...] | None = None

    def covers(self, era: Era) -> bool:
        v = era.version
        return (self.since is None or v >= self.since) and (self.until is None or v <= self.until)

    def __str__(self) -> str:
        parts = []
        if self.since is not None:
            parts.append("since " + release_name(self.since))
        if self.until is not None:
            parts.append("until " + release_name(self.until))
        return " ".join(parts)


ALWAYS = Span()


@dataclass(frozen=True)
class StepLine:
    """One step: the action, the outcomes it must have (``ok`` by default) and the values a read must see,
    each for a span of eras; the first clause whose span covers the era applies."""

    action: Action
    text: str
    pos: Pos
    outcomes: tuple[tuple[str, Span], ...] = ()
    values: tuple[tuple[int, Span], ...] = ()

    def outcome(self, era: Era) -> str:
        return next((o for o, span in self.outcomes if span.covers(era)), "ok")

    def value(self, era: Era) -> int | None:
        return next((v for v, span in self.values if span.covers(era)), None)


@dataclass(frozen=True)
class PageTarget:
    """Which page an expectation is about: a device page, a file page, or the page a process maps."""

    kind: str  # "dev" | "file" | "mapped"
    name: str  # device name, file name, or mapping label
    index: int
    proc: str = ""

    def __str__(self) -> str:
        if self.kind == "mapped":
            return f"{self.proc}:{self.name}[{self.index}]"
        if self.kind == "file":
            return f"file:{self.name}[{self.index}]"
        return f"{self.name}[{self.index}]"


@dataclass(frozen=True)
class Expect:
    """An `expect` line, checked on the final state, or with ``expect here`` on the state right after step
    ``after`` (1-based; None for a final expectation).

    ``kind``: "no-violations", "violation" (``ident``), "page" (``target`` with ``fields`` and ``flags``)
    or "rss" (``proc`` with ``fields``).
    """

    kind: str
    text: str
    pos: Pos
    span: Span = ALWAYS
    ident: str = ""
    target: PageTarget | None = None
    proc: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    flags: tuple[tuple[str, bool], ...] = ()
    after: int | None = None

    def where(self) -> str:
        """Where the expectation is checked: ``step N`` or ``final``."""
        return checked_at(self.after)


@dataclass(frozen=True)
class BugInfo:
    """A bug file's metadata, from its `bug` lines (docs/format.md#bug-files, docs/bugs.md): the bug, the
    commits that introduced and fixed it, the last release with it (``buggy``) and the first without it
    (``fixed_in``), the invariant that shows it, its sources, and, for a bug the model cannot express yet,
    the capabilities it is ``pending`` on."""

    name: str
    fixed: str
    buggy: str
    fixed_in: str
    invariant: str
    urls: tuple[str, ...]
    cve: str = ""
    introduced: str = ""
    pending: tuple[str, ...] = ()
    pos: Pos = Pos(1, 1)


@dataclass(frozen=True)
class Scenario:
    path: str
    title: str
    era: str | None
    era_pos: Pos | None
    setup: Setup
    steps: tuple[StepLine, ...]
    expects: tuple[Expect, ...]
    device_pos: tuple[tuple[str, Pos], ...] = field(default_factory=tuple)
    eras: tuple[str, ...] = ()  # the `eras` line: era names or VERSION..VERSION ranges; empty = every era
    eras_pos: Pos | None = None
    explore: ExploreSpec | None = None  # a check: the `explore` line (mmspec check)
    explore_pos: Pos | None = None
    text: str = ""  # the source, for counterexample files
    bug: BugInfo | None = None  # a bug file's `bug` lines (scenarios/bugs/, `mmspec zoo`)

    def about(self, era: Era) -> bool:
        """Whether the scenario's `eras` line (if any) includes ``era``."""
        if not self.eras:
            return True
        for item in self.eras:
            lo, dots, hi = item.partition("..")
            if not dots:
                if era.name == item or (not era.hypothetical and "+" not in item and _version(item) == era.version):
                    return True
            elif (
                not era.hypothetical
                and (not lo or era.version >= _version(lo))
                and (not hi or era.version <= _version(hi))
            ):
                return True
        return False


def _version(text: str) -> tuple[int, ...]:
    version = parse_version(text)
    assert version is not None, text  # the parser checked it
    return version
