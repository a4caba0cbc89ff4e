"""The model checker: a breadth-first search engine that knows nothing of mm (engine.py), toy machines
that test it (toy.py), and the adapter that turns a scenario's `explore` line into a machine (in
mmspec.model.machine)."""
