"""The live-kernel oracle: run a scenario as real processes on the host kernel and as the model's era for
that kernel, observe both the same way after every step, and compare.

* observe.py: what is observed and how two observations are compared (symbolic frame labels);
* model_side.py: the projection of a model state onto those observations, as the kernel would report them;
* live.py and agent.py: the controller and the processes it drives on the live kernel;
* run.py: both sides, step by step, with the first divergence.
"""
