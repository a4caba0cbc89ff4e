"""Running scenarios: one run loop (run.py) over backends behind one interface (backend.py).

* backend.py: the interface (``start``, ``step``, ``observe``, ``close``) and the model's backend; the live
  kernel's is mmspec/oracle/live.py;
* run.py: the run loop and the judge: `mmspec run` is the model alone, `mmspec oracle` the model and the live
  kernel in lock step (oracle.py), the model's invariants checked in both;
* eras.py: one scenario under several eras;
* check.py and safety.py: `mmspec check`'s explorations of a scenario's `explore` line, and the safety matrix.
"""
