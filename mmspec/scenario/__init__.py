"""The scenario format: parse, run, judge and report."""
