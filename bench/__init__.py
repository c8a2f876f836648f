"""Benchmarks of Territoires numériques, run by ``make bench`` (``python -m bench``).

Each benchmark module measures something on SQLite and on PostgreSQL, in
databases of its own, and prints its figures with the ratio to a reference
measured in the same run (see :mod:`bench.engines`).
"""
