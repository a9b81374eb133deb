"""Run a big build's per-page work on every core: forked workers that share the parent's memory.

Only where it pays: starting workers and sending pages back costs tens of milliseconds, so a
journal with fewer than `PARALLEL_PAGES` pages renders in one process. Workers are forked (never
spawned), so the journal, the views and the compiled templates are not pickled to them; only the
rendered bytes come back, and they are put back together in the pages' own order, so the output is
the same as a single-process build, byte for byte. Used by the one-shot `build()` only: a watcher
has threads, and forking a process with threads is unsafe.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# Below this many items, one process is faster (measured on a 2-core machine: at 1,000 entries two
# processes now win, since workers write their pages themselves and send back only a digest each).
PARALLEL_PAGES = 400
CHUNK = 100  # items per task: small enough to keep every worker busy to the end

_JOB: tuple[Callable[[Sequence[Any]], Any], Sequence[Any]] | None = None


def worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and worker_count() > 1


def forks(count: int, threshold: int | None = None) -> bool:
    """Whether `map_chunks` runs `count` items in forked workers."""
    limit = PARALLEL_PAGES if threshold is None else threshold
    return count >= limit and count > CHUNK and can_fork()


# How long a stopped pool's terminate() may take before its workers are killed.
_END_SECONDS = 2.0


def map_chunks(
    work: Callable[[Sequence[T]], Any],
    items: Sequence[T],
    threshold: int | None = None,
    meanwhile: Callable[[], Any] | None = None,
) -> list[Any]:
    """`[work(chunk) for chunk in chunks of items]`, on every core when there are enough items.

    `work` runs in forked workers and must return something picklable; results keep the chunks' order.
    `meanwhile` is called once in this process, while the workers work (or after, without workers):
    for work of another kind that would otherwise wait for them.
    """
    global _JOB
    spans = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    if not forks(len(items), threshold):
        results = [work(items[a:b]) for a, b in spans]
        if meanwhile is not None:
            meanwhile()
        return results
    _JOB = (work, items)
    pool: multiprocessing.pool.Pool | None = None
    try:
        # The workers are forked with Ctrl-C blocked: one pressed while they start reaches this
        # process once the pool is in `pool` (the mask restored), never a worker before it ignores it.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = _QuietPool(
                min(worker_count(), len(spans)),
                _ignore_interrupts,
                context=multiprocessing.get_context("fork"),
            )
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        pending = pool.map_async(_run_span, spans, chunksize=1)
        if meanwhile is not None:
            meanwhile()
        results = pending.get()
    except BaseException:
        # Stopped (Ctrl-C, most often): workers ignore Ctrl-C, and one left running would wait for
        # work forever, holding the terminal's output open.
        if pool is not None:
            _end_stopped(pool)
        raise
    else:
        # Every result is in: each worker is told there is no more work and leaves by itself. Not
        # terminate(): it takes the task queue's lock and then signals the workers, and one that does
        # not die of SIGTERM (a handler inherited from this process) would wait for that lock forever.
        pool.close()
        pool.join()
        return results
    finally:
        _JOB = None


def _end_stopped(pool: multiprocessing.pool.Pool) -> None:
    """End a pool stopped part way. Its terminate() stops reading results before it sends the workers
    their end, so a worker still sending a large result blocks it for good, holding the lock terminate
    waits for: it is given a moment, then the workers are killed (the build is being abandoned)."""
    ender = threading.Thread(target=pool.terminate, daemon=True)
    ender.start()
    ender.join(_END_SECONDS)
    if ender.is_alive():
        for worker in multiprocessing.active_children():
            if isinstance(worker, _QuietWorker):
                worker.kill()


def _run_span(span: tuple[int, int]) -> Any:
    assert _JOB is not None, "map_chunks sets the job before forking"
    work, items = _JOB
    return work(items[span[0] : span[1]])


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: it stops the build and ends the workers (map_chunks' finally)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by `_start_pool`


class _QuietWorker(multiprocessing.context.ForkProcess):
    """A pool worker that leaves in silence when its build is gone (killed, or stopped by Ctrl-C):
    a result it can no longer send is nobody's problem, and its traceback would end up on the
    terminal after the shell's prompt is back."""

    def run(self) -> None:
        try:
            super().run()
        except (BrokenPipeError, ConnectionResetError, EOFError, KeyboardInterrupt):
            raise SystemExit(1) from None


class _QuietPool(multiprocessing.pool.Pool):
    @staticmethod
    def Process(ctx, *args, **kwds):  # multiprocessing's name for the hook
        return _QuietWorker(*args, **kwds)
