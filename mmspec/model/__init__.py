"""The machine layer over the pure kernel model: actions, one step, initial states and invariants."""
