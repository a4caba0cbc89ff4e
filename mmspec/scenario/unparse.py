"""The inverse of the parser for steps: the scenario line of an action (docs/format.md), so that a
counterexample or a generated scenario is a file `mmspec run` reads back to the same actions.  Each action
writes its own line (:meth:`mmspec.model.actions.Action.text`)."""

from __future__ import annotations

from mmspec.model import actions as A


def action_text(a: A.Action) -> str:
    """The scenario line of an action (docs/format.md)."""
    return a.text()
