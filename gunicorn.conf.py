"""gunicorn's settings, read from the working directory wherever the site is served: the
Procfile, ``make serve-production``, and the tests and benchmarks of the served site."""

import gc


def post_worker_init(worker) -> None:
    """Once a worker has loaded the site, what lives then lives as long as the worker: frozen,
    the garbage collector no longer walks it in each full collection. Unfrozen, a full
    collection over the loaded site paused a request for about 100 ms, every few requests
    that build thousands of objects (the rankings of a jury, say)."""
    gc.collect()
    gc.freeze()
