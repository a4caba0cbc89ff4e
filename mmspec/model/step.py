"""One step of the machine: apply an action to a state and return the next state with its outcome.

``step()`` is pure: it clones the state, runs the action's model (its entry in
:data:`mmspec.model.actions.ACTIONS`) on the clone, and turns a kernel BUG() into an explicit outcome.
Errors a user can make in an action (an unknown mapping, a process that does not exist) raise
``NotApplicable``: the checker never generates them, and the scenario layer reports them as scenario errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmspec.era import Era
from mmspec.mm.mm_types import Kernel, KLog, fast_records
from mmspec.mm.outcome import KernelBug, Kind, Outcome
from mmspec.model.actions import Action, NotApplicable, waits

__all__ = ["NotApplicable", "Step", "step"]


@dataclass(frozen=True)
class Step:
    """The state after an action, what the action returned, and what the kernel reported meanwhile."""

    kernel: Kernel
    outcome: Outcome
    klog: tuple[KLog, ...]
    bug: KernelBug | None = None
    note: str = ""


def step(k: Kernel, era: Era, action: Action) -> Step:
    """Apply ``action`` to a copy of ``k`` under ``era``.

    :raises NotApplicable: the action names a process, mapping, reference or device that does not exist, or
        it waits for a call in flight (:func:`~mmspec.model.actions.waits`)
    """
    problem = waits(k, action)
    if problem is not None:
        raise NotApplicable(problem)
    nk = k.clone()
    try:
        outcome, note = action.apply(nk, era)
    except KernelBug as bug:
        return Step(nk, Outcome(Kind.BUG, "BUG", detail=bug.message), tuple(nk.klog), bug)
    return Step(nk, outcome, tuple(nk.klog), None, note)


fast_records(__name__)
