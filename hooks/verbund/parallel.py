"""Two processes share the work of a large directory: forked, so both inherit the records.

Reading 45,000 records, serialising 30,000 calendar entries and writing 135,000 files
are CPU-bound, and the machines that build sites (CI runners) have two cores. Forking
passes the records to the workers without sending them; only results travel back.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

MAX_WORKERS = 2


def worker_count(jobs: int, minimum: int) -> int:
    """How many processes should share ``jobs`` pieces of work: this one alone below
    ``minimum`` (starting workers costs more than it saves), on one core, or where the
    system cannot fork."""
    cores = min(os.cpu_count() or 1, MAX_WORKERS)
    if jobs < minimum or cores < 2:
        return 1
    import multiprocessing as mp  # imported only now: checking one file need not pay

    return cores if "fork" in mp.get_all_start_methods() else 1


@contextmanager
def forked_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes forked from this one.

    Meanwhile the objects this process holds are frozen for the garbage collector: the
    workers never free them, and a collection in a worker that walked them would touch,
    and so copy, every memory page they live on.
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            yield pool
    finally:
        gc.unfreeze()  # a long `mkdocs serve` must be able to free this build's objects
