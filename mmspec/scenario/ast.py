"""The parsed form of a scenario file (docs/format.md): setup, steps and expectations, with positions."""

from __future__ import annotations

from dataclasses import dataclass, field

from mmspec.model.actions import Action
from mmspec.model.boot import Setup


@dataclass(frozen=True)
class Pos:
    line: int
    col: int


@dataclass(frozen=True)
class StepLine:
    """One step: the action, the outcome it must have (``ok`` by default) and the value a read must see."""

    action: Action
    text: str
    pos: Pos
    outcome: str = "ok"
    value: int | None = None
    outcome_pos: Pos | None = None


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
    """An `expect` line, checked on the final state.

    ``kind``: "no-violations", "violation" (``ident``), "page" (``target`` with ``fields`` and ``flags``)
    or "rss" (``proc`` with ``fields``).
    """

    kind: str
    text: str
    pos: Pos
    ident: str = ""
    target: PageTarget | None = None
    proc: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    flags: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Scenario:
    path: str
    title: str
    era: str | None
    era_pos: Pos | None
    setup: Setup
    steps: tuple[StepLine, ...]
    expects: tuple[Expect, ...]
    device_names: tuple[str, ...] = field(default_factory=tuple)
