"""Two processes share the work of a large directory: forked, so both inherit the records.

Reading 45,000 records, serialising 30,000 calendar entries and writing 135,000 files
are CPU-bound, and the machines that build sites (CI runners) have two cores. Forking
passes the records to the workers without sending them; only results travel back.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

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


_OPEN: set[Background[Any]] = set()


class Background(Generic[T]):
    """A value made in a forked process while this one goes on with other work.

    The directory's search index takes about 1.5 s at national scale, one core's work,
    and nothing needs it until the directory page is rendered: made beside the other
    producers and MkDocs' own pages, it costs the build no time where a second core is
    free. With one core, or where processes cannot fork, it is made at once, here.

    A plain fork and a pipe, not a process pool: a pool keeps a thread running in this
    process, and the calendars' workers forked meanwhile would inherit a process with
    threads (which Python 3.12 warns about, rightly).
    """

    def __init__(self, make: Callable[[], T]) -> None:
        self._pid = 0
        self._pipe = -1
        self._owner = os.getpid()
        self._value: T | None = None
        if worker_count(MAX_WORKERS, 0) < 2:
            self._value = make()
            return
        reader, writer = os.pipe()
        gc.freeze()  # the child's collector must not walk, and so copy, what it inherits
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            os.close(reader)
            os.close(writer)
            raise
        if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
            os.close(reader)
            _send(writer, make)
        gc.unfreeze()
        os.close(writer)
        self._pid, self._pipe = pid, reader
        _OPEN.add(self)

    def result(self) -> T:
        """The value, waiting for it if it is still being made (its error, if it failed)."""
        if self._pid:
            with os.fdopen(self._pipe, "rb") as pipe:
                payload = pipe.read()
            self._pipe = -1
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            _OPEN.discard(self)
            if not payload:
                raise RuntimeError(f"the background process ended without a result "
                                   f"(exit status {os.waitstatus_to_exitcode(status)})")
            made, value = pickle.loads(payload)
            if not made:
                raise value
            self._value = value
        return self._value  # type: ignore[return-value]

    def close(self) -> None:
        """Stop the process: a build that failed before it needed the value. Only the
        process that started it may (a forked one inherits the list of open ones)."""
        if self._pid and os.getpid() == self._owner:
            with suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._pipe)
            self._pid, self._pipe = 0, -1
        _OPEN.discard(self)


def _send(writer: int, make: Callable[[], Any]) -> NoReturn:  # pragma: no cover - child
    """Make the value and send it, or the error, through ``writer``; then end at once,
    running none of the parent's exit handlers and flushing none of its buffers."""
    status = 0
    try:
        try:
            payload = pickle.dumps((True, make()), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # sent to the build, which raises it
            try:
                payload = pickle.dumps((False, exc))
            except Exception:
                payload = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def close_all() -> None:
    """End every background process still open (a build that failed before using them)."""
    for background in list(_OPEN):
        background.close()
