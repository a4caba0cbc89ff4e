"""The project's exceptions: one root, three kinds that are never mixed (STYLE.md section 7).

* Kernel-legitimate failures are values (:class:`mmspec.mm.outcome.Outcome`), never exceptions.
* :class:`ScenarioError` is a user mistake in a scenario file, reported as ``FILE:LINE:COL: message (hint)``.
* :class:`ModelBug` is the model contradicting itself (its own ``VM_BUG_ON``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def printable(text: str) -> str:
    """``text`` with every control, format or surrogate character written as its escape (``\\x00``,
    ``\\u202e``), so that a message that quotes user input is one printable line."""
    if text.isprintable():
        return text
    return "".join(
        ch.encode("unicode_escape", "backslashreplace").decode("ascii") if unicodedata.category(ch)[0] == "C" else ch
        for ch in text
    )


class MmspecError(Exception):
    """Root of every exception mmspec raises on purpose."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a scenario file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # User text quoted in a message (a token, a path) is shown escaped, never raw.
        for name in ("path", "message", "hint"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ScenarioError(MmspecError):
    """A scenario file is malformed; carries every diagnostic found in one pass."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class EraMismatch(ScenarioError):
    """The scenario uses something its era does not have (or declares it is about other eras): it cannot
    run under that era, and the diagnostics say why."""


class ModelBug(MmspecError):
    """The model broke one of its own assumptions: a bug in mmspec, not in the kernel."""
