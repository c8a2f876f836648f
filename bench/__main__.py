"""Run every benchmark of ``bench/`` and print their figures: ``python -m bench`` (``make bench``).

A benchmark is a module of this package with a ``run()`` function; they run in
alphabetical order. The exit status is 1 if one of them failed to run (a
missed target is printed, not an error).
"""

import importlib
import os
import pkgutil
import platform
import sys

import bench


def main() -> int:
    # The figures depend on the machine and on what else runs on it: say so.
    load = f"{os.getloadavg()[0]:.2f}".replace(".", ",") if hasattr(os, "getloadavg") else "?"
    print(
        f"Bancs d’essai : {os.cpu_count()} cœurs, charge moyenne {load} sur la dernière "
        f"minute, Python {platform.python_version()}, {platform.platform(terse=True)}"
    )
    succeeded = True
    for module_info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"bench.{module_info.name}")
        if hasattr(module, "run"):
            succeeded &= module.run()
    return 0 if succeeded else 1


if __name__ == "__main__":
    sys.exit(main())
