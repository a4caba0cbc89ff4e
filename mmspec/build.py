"""Which build of mmspec runs: the pure-Python package (the default) or the optional compiled build, in
which mypyc compiles the checker's hot modules (setup.py with MMSPEC_MYPYC=1; docs/check.md, "A compiled
build").  This module imports nothing of the model: setup.py reads :data:`COMPILED` from it."""

from __future__ import annotations

import importlib.util

# The modules the compiled build compiles: the checker's hot path outside the kernel functions.  The
# others stay interpreted, in particular
# - the kernel functions (mm/*.py declared with ledger.kernel_function, drivers/*) and mm/ledger.py: the
#   reference ledger builds its call chains by walking Python frames (sys._getframe), which compiled
#   functions do not have, so `mmspec run --why` and `mmspec explain` would lose them;
# - mm/mm_types.py: it writes Kernel.clone() and the records' replace() with exec, assigns Kernel.clone on
#   the class and builds records with object.__new__ and object.__setattr__, none of which a compiled
#   class allows;
# - model/actions.py: its actions are dataclasses that subclass Action, whose tables are class variables;
#   compiled, the dataclass's __init__ assigns them, which a compiled class refuses (read-only);
# - era/switches.py: the switches' enums are documented by their docstrings, read at run time, which
#   compiled enums lose;
# - era/__init__.py: the safety matrix records which switches a step reads through a subclass of Era
#   whose fields are properties (model/era_memo.py), which a compiled class does not allow.
COMPILED: tuple[str, ...] = (
    "mmspec.mm.ops",
    "mmspec.mm.outcome",
    "mmspec.model.boot",
    "mmspec.model.fingerprint",
    "mmspec.model.invariants",
    "mmspec.model.machine",
    "mmspec.model.step",
    "mmspec.model.watch",
)


def compiled() -> tuple[str, ...]:
    """The modules of :data:`COMPILED` that would load from a compiled extension rather than a .py file:
    empty for the pure-Python package (found without running the modules)."""
    found = []
    for name in COMPILED:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is not None and not origin.endswith(".py"):
            found.append(name)
    return tuple(found)


def describe() -> str:
    """One line for ``mmspec --version``: which build runs."""
    n = len(compiled())
    if n == 0:
        return "pure Python"
    return f"compiled with mypyc: {n} of {len(COMPILED)} hot modules" + (
        "" if n == len(COMPILED) else " (a partial build: rebuild it)"
    )
