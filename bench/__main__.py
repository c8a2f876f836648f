"""Run the benchmarks of ``bench/`` and print their figures: ``python -m bench`` (``make bench``).

A benchmark is a module of this package with a ``run()`` function; they run in
alphabetical order, or only those named: ``python -m bench jobs search``. The
exit status is 1 if one of them failed to run (a missed target is printed, not
an error). ``BENCH_SCALE`` (between 0 and 1, 1 by default) shrinks every size
for a smoke test (see :func:`bench.engines.scaled`); the figures then say so.
"""

import importlib
import os
import pkgutil
import platform
import sys

import bench
from bench.engines import SCALE


def main(names: list[str]) -> int:
    # The figures depend on the machine and on what else runs on it: say so.
    load = f"{os.getloadavg()[0]:.2f}".replace(".", ",") if hasattr(os, "getloadavg") else "?"
    print(
        f"Bancs d’essai : {os.cpu_count()} cœurs, charge moyenne {load} sur la dernière "
        f"minute, Python {platform.python_version()}, {platform.platform(terse=True)}"
    )
    if SCALE != 1:
        print(f"Tailles réduites : BENCH_SCALE={SCALE:g}, les chiffres ne valent pas verdict")
    available = sorted(
        info.name
        for info in pkgutil.iter_modules(bench.__path__)
        if hasattr(importlib.import_module(f"bench.{info.name}"), "run")
    )
    unknown = sorted(set(names) - set(available))
    if unknown:
        print(f"Banc d’essai inconnu : {', '.join(unknown)} ; au choix : {', '.join(available)}")
        return 2
    succeeded = True
    for name in names or available:
        succeeded &= importlib.import_module(f"bench.{name}").run()
    return 0 if succeeded else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
