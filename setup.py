"""The optional compiled build (docs/check.md, "A compiled build"): with MMSPEC_MYPYC=1 in the environment
at build time, mypyc compiles the checker's hot modules (mmspec/build.py COMPILED) to C extensions;
without it this is a plain setuptools build of the pure-Python package, the default."""

from __future__ import annotations

import gc
import os
import runpy
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
MYPY = "mypy==2.4.1"  # mypyc ships with mypy; the version mypy checks the sources with (pyproject.toml)


def compiled_paths() -> list[str]:
    """The source files of mmspec.build.COMPILED, read without importing the package (a build environment
    does not have its dependencies)."""
    names: tuple[str, ...] = runpy.run_path(str(HERE / "mmspec" / "build.py"))["COMPILED"]
    return [n.replace(".", "/") + ("/__init__.py" if n == "mmspec.era" else ".py") for n in names]


# The commands that build: the others (egg_info, dist_info: pip asking for metadata) need no extensions,
# and each compilation costs minutes.
BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}

if os.environ.get("MMSPEC_MYPYC") == "1":
    try:
        from mypyc.build import mypycify
    except ImportError:
        # Under pip's build isolation, setuptools first asks for the build's requirements: this returns mypy
        # as one, and pip installs it into the build environment before building.
        setup(setup_requires=[MYPY])
        raise SystemExit(
            f"MMSPEC_MYPYC=1: the build needs mypyc, which comes with mypy: pip install '{MYPY}'"
        ) from None
    if BUILDS & set(sys.argv[1:]):
        opt = os.environ.get("MYPYC_OPT_LEVEL", "3")
        # The optional dependencies (Ray, ...) are missing from pip's isolated build environment: their types
        # are not needed to compile the hot modules, which do not use them (`mypy mmspec` checks them all).
        extensions = mypycify(["--ignore-missing-imports", *compiled_paths()], opt_level=opt, multi_file=True)
        # mypy's objects stay alive to the end: without this, the collection at exit walks them for minutes.
        gc.freeze()
        setup(ext_modules=extensions)
    else:
        setup()
else:
    setup()
