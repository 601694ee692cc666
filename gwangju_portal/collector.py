"""How a serving process sets Python's garbage collector: gunicorn.conf.py before forking each worker, and the
in-process benchmark (benchmarks/catalogue.py) the same way."""

import gc

# A busy page allocates tens of thousands of objects, many of them in reference cycles. With Python's default
# thresholds (700, 10, 10) a worker ran a full collection every dozen pages or so, a pause of 60-70 ms at 100,000
# programs (benchmarks/README.md); collecting the youngest objects after 50,000 allocations instead of 700 makes
# those pauses rare, for a few megabytes more of garbage waiting between collections.
THRESHOLDS = (50_000, 20, 10)


def prepare_for_serving():
    """Before a fork: the app's objects are frozen out of the collector's reach, so that a worker's full
    collections do not walk them again and again and the forked memory stays shared (gc.freeze in Python's docs);
    the thresholds are inherited by the forked worker."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
