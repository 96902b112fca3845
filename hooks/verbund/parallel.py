"""Two processes share the work of a large directory: forked, so both inherit the records.

Reading 45,000 records, serialising 30,000 calendar entries and writing 135,000 files
are CPU-bound, and the machines that build sites (CI runners) have two cores. Forking
passes the records to the workers without sending them; only results travel back.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")

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


_MAKERS: dict[int, Callable[[], Any]] = {}
"""What a background process is to make, by token: the process is forked with this in
its memory and is sent only the token (the function's data would cost more to send
than to make)."""
_OPEN: set[Background[Any]] = set()


def _make(token: int) -> Any:
    return _MAKERS[token]()


class Background(Generic[T]):
    """A value made in a forked process while this one goes on with other work.

    The directory's search index takes about 1.5 s at national scale, one core's work,
    and nothing needs it until the directory page is rendered: made beside the other
    producers and MkDocs' own pages, it costs the build no time where a second core is
    free. With one core, or where processes cannot fork, it is made at once, here.
    """

    def __init__(self, make: Callable[[], T]) -> None:
        self._stack = ExitStack()
        self._future: Future[T] | None = None
        self._value: T | None = None
        if worker_count(MAX_WORKERS, 0) < 2:
            self._value = make()
            return
        _MAKERS[id(self)] = make  # kept until closed: the pool may fork when it likes
        _OPEN.add(self)
        try:
            pool = self._stack.enter_context(forked_pool(1))
            self._future = pool.submit(_make, id(self))
        except BaseException:
            self.close()
            raise

    def result(self) -> T:
        """The value, waiting for it if it is still being made (its error, if it failed)."""
        if self._future is not None:
            try:
                self._value = self._future.result()
            finally:
                self.close()
        return self._value  # type: ignore[return-value]

    def close(self) -> None:
        """Let the process go: after the value arrived, or when a build failed first."""
        if self._future is not None:
            self._future.cancel()
            self._future = None
        self._stack.close()
        _MAKERS.pop(id(self), None)
        _OPEN.discard(self)


def close_all() -> None:
    """End every background process still open (a build that failed before using them)."""
    for background in list(_OPEN):
        background.close()
