"""The interface every backend implements, and the model's backend.

A backend runs a scenario's actions on one machine (SimPy's backend contract in spirit: the run loop is
written once, against this interface).  The model (:class:`ModelBackend`) is the reference; the live kernel
(mmspec/oracle/live.py ``LiveRun``) is one more backend with the same shape, observed the same way.
"""

from __future__ import annotations

from typing import Protocol

from mmspec.era import Era
from mmspec.errors import MmspecError
from mmspec.mm.ledger import Ledger
from mmspec.mm.mm_types import Kernel
from mmspec.mm.outcome import Outcome
from mmspec.model.actions import Action
from mmspec.model.boot import Setup, boot
from mmspec.model.step import Step, step
from mmspec.oracle.model_side import observe_model
from mmspec.oracle.observe import Observation


class Unsupported(MmspecError):
    """The backend cannot perform what the scenario asks; the message says what and why."""


class Backend(Protocol):
    def start(self, setup: Setup) -> None:
        """Build the initial state a scenario's declarations describe.

        :raises Unsupported: the backend cannot build it
        """

    def step(self, action: Action) -> Outcome:
        """Perform one action and return what it returned to its caller.

        :raises Unsupported: the backend cannot perform it
        """

    def observe(self) -> Observation:
        """The state as the live kernel's interfaces show it (mmspec/oracle/observe.py)."""

    def close(self) -> None:
        """Release whatever the run holds, on every path."""


class ModelBackend:
    """The model under one era.  After each :meth:`step`, ``last`` holds the whole :class:`Step` (the kernel
    log, a BUG, the note) and ``kernel`` the state, for the run loop's invariants and account.  With a
    ``ledger``, every state of the run records into it (mmspec/mm/ledger.py)."""

    def __init__(self, era: Era, ledger: Ledger | None = None) -> None:
        self.era = era
        self.kernel = Kernel()
        self.last: Step | None = None
        self.ledger = ledger  # the reference ledger to keep, if the run asked for one

    def start(self, setup: Setup) -> None:
        self.kernel = boot(setup)
        if self.ledger is not None:
            self.ledger.boot(self.kernel)

    def step(self, action: Action) -> Outcome:
        if self.ledger is not None:
            self.ledger.next_step()
        self.last = step(self.kernel, self.era, action)
        self.kernel = self.last.kernel
        return self.last.outcome

    def observe(self) -> Observation:
        return observe_model(self.kernel, self.era)

    def close(self) -> None:
        pass
