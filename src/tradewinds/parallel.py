"""Executors for many independent solves (Monte Carlo draws, scenario sweeps).

``get_executor`` returns a standard :class:`concurrent.futures.Executor`: a serial
one (runs in the caller, for debugging and small runs), a process pool, or a Dask
distributed client's executor (a ``LocalCluster`` on this machine, or an existing
scheduler by address). Dask is an optional extra; asking for it without it
installed raises :class:`MissingDependencyError` naming the extra.

``map_batched`` cuts the work into batches sized by time (about a quarter of a second
each), so each task does enough work to pay for its scheduling and pickling, and a
cancel (:class:`Stop`, checked between batches and items) or the time limit of a run
takes effect within one batch; it returns the results in input order, so the output
never depends on which worker ran what.
"""

from __future__ import annotations

import copy
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, TypeVar

from tradewinds.errors import Cancelled, MissingDependencyError, RunTimeLimit, ScenarioError

ExecutorKind = Literal["serial", "processes", "dask"]
T = TypeVar("T")
R = TypeVar("R")


class SerialExecutor(Executor):
    """Runs each task at submit time in the calling process."""

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        f: Future[R] = Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as e:  # the future carries it, as a pool's would
            f.set_exception(e)
        return f


@contextmanager
def get_executor(
    kind: str = "serial",
    *,
    workers: int = 2,
    scheduler_address: str | None = None,
) -> Iterator[Executor]:
    """An executor of the given kind, shut down (and its cluster closed) on exit."""
    if kind == "serial":
        yield SerialExecutor()
        return
    if kind == "processes":
        with ProcessPoolExecutor(max_workers=workers) as ex:
            yield ex
        return
    if kind == "dask":
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise MissingDependencyError(
                "distributed", "dask", "the Dask executor (--executor dask)"
            ) from e
        if scheduler_address:
            with Client(scheduler_address) as client:
                yield client.get_executor()
            return
        import dask

        with (
            dask.config.set(_DASK_CONFIG),
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            ) as cluster,
            Client(cluster) as client,
        ):
            # workers import the models once, at start-up, not inside the first batches
            client.run(_warm_worker)
            yield client.get_executor()
        return
    raise ScenarioError(
        f"executor {kind!r} is not serial, processes or dask",
        field="executor",
        fix="use --executor serial, processes or dask",
    )


# Dask settings for many short numeric tasks on a small machine:
# * Dask sets MALLOC_TRIM_THRESHOLD_ in its workers (memory back to the OS sooner); setting
#   it turns glibc's dynamic mmap threshold off, so every one of a solve's ~300 kB
#   temporaries is mapped and unmapped again: page faults, 5-10x the system time of the
#   same draws in one process. The workers keep glibc's default.
# * the workers' statistical profiler samples the task thread every 10 ms (the GIL and a
#   core's time the solves need); nobody reads its profiles here.
# * the event loops' 20 ms tick (it only detects a blocked loop) and the 0.5 s system
#   monitor wake each process and take the GIL from a worker's solves: an idle 2-worker
#   cluster used 0.26 s CPU in 5 s with Dask's defaults, 0.14 s with these. (Work
#   stealing stays on: without it, broadcasting the scattered problem lost its key.)
_DASK_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def _warm_worker() -> None:
    import importlib

    importlib.import_module("tradewinds.models.montecarlo")


def _run_batch(
    fn: Callable[[T], R], batch: Sequence[T], packed: bool = False
) -> tuple[list[R] | bytes, float]:
    t0 = time.perf_counter()
    out = [fn(x) for x in batch]
    return (_pack(out) if packed else out), time.perf_counter() - t0


def _run_shared_batch(
    fn: Callable[[Any, T], R], shared: Any, batch: Sequence[T], packed: bool = False
) -> tuple[list[R] | bytes, float]:
    t0 = time.perf_counter()
    if packed:  # on a Dask worker: compute on its own copy of the scattered data
        shared = _owned(shared)
    out = [fn(shared, x) for x in batch]
    return (_pack(out) if packed else out), time.perf_counter() - t0


_OWNED: dict[int, tuple[Any, Any]] = {}
_OWNED_LOCK = threading.Lock()


def _owned(shared: Any) -> Any:
    """A worker's own copy of data scattered to it, made once: Dask leaves the arrays
    read-only in the message buffer they came in, where they need not be aligned
    (the world matrix was at an offset of 20 bytes: ~10% slower solves)."""
    with _OWNED_LOCK:
        hit = _OWNED.get(id(shared))
        if hit is None or hit[0] is not shared:
            _OWNED.clear()  # one run's data at a time
            hit = _OWNED[id(shared)] = (shared, copy.deepcopy(shared))
        return hit[1]


def _pack(results: list[Any]) -> bytes:
    """A batch's results as one pickle. Dask sends each NumPy array of a result as a
    frame of its own: a batch of 125 Monte Carlo draws (875 small arrays) took 86 ms
    to serialise that way and 2.4 ms as one pickle."""
    return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)


# --------------------------------------------------------------------- stopping


class Stop:
    """A cooperative stop for one run: :meth:`cancel` from any thread (the dashboard's
    Cancel), or a time limit; :meth:`check` raises :class:`Cancelled` (or
    :class:`RunTimeLimit`) in the thread doing the work. :func:`map_batched` checks it
    between items and batches, engines between their steps (:func:`check_stop`)."""

    def __init__(self, *, seconds: float | None = None, setting: str = "") -> None:
        self._event = threading.Event()
        self.seconds = seconds
        self.setting = setting  # the environment variable that sets the time limit
        self.started = time.monotonic()
        self.deadline = None if seconds is None else self.started + seconds
        self.done = 0
        self.total = 0

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def check(self) -> None:
        where = f" after {self.done:,} of {self.total:,} draws or points" if self.total else ""
        if self._event.is_set():
            raise Cancelled(f"cancelled{where}; nothing was kept")
        if self.deadline is not None and time.monotonic() > self.deadline:
            hint = f", or set {self.setting}" if self.setting else ""
            raise RunTimeLimit(
                f"stopped{where}: the run took longer than {self.seconds:,.0f} s, the limit "
                f"for one run. Fix: ask for fewer draws or points, run it from the command "
                f"line with --executor processes{hint} (docs/limits.md)"
            )


_STOP: ContextVar[Stop | None] = ContextVar("tradewinds_stop", default=None)


def current_stop() -> Stop | None:
    """The stop of the run this thread is doing (None outside :func:`stopping`)."""
    return _STOP.get()


def check_stop() -> None:
    """Raise if the current run was cancelled or is over its time (a no-op otherwise)."""
    stop = _STOP.get()
    if stop is not None:
        stop.check()


@contextmanager
def stopping(stop: Stop | None) -> Iterator[Stop | None]:
    """Make ``stop`` the current run's stop in this thread (and what it calls)."""
    token = _STOP.set(stop)
    try:
        yield stop
    finally:
        _STOP.reset(token)


def dask_client(executor: Executor) -> Any | None:
    """The Dask client behind an executor from :func:`get_executor` ("dask"), or None."""
    return (
        getattr(executor, "_client", None)
        if type(executor).__module__.startswith("distributed")
        else None
    )


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[k : k + size] for k in range(0, len(items), size)]


def map_batched(
    fn: Callable[..., R],
    items: Sequence[T],
    executor: Executor,
    *,
    batch_size: int | None = None,
    workers: int = 2,
    on_batch: Callable[[int, int], None] | None = None,
    shared: Any = None,
    batch_seconds: float | None = None,
) -> list[R]:
    """``[fn(x) for x in items]`` on the executor, in batches, results in input order.

    Batches are sized by time, not count: the first is one item; later ones hold as
    many items as take about ``batch_seconds`` (the ``batch_seconds`` limit, 0.25 s by
    default), at the seconds an item of all batches back so far, measured where they
    ran, but at most a quarter of each worker's share (load
    balance). ``batch_size`` fixes the size instead. After each batch
    ``on_batch(items_done, items_total)`` reports progress (it may raise to stop the
    run), and the current :class:`Stop` is checked (also between items when the work runs
    in this process), so cancel and the time limit take effect within one batch. At most
    two batches per worker are in flight (one on a serial executor).

    ``shared``: data every call needs (a model's matrices): then ``fn(shared, item)``.
    A process pool gets it with each batch; a Dask cluster gets it once (scattered to
    every worker before the first batch, copied there once into aligned memory), so
    batches carry only their items. A Dask batch's results come back as one pickle."""
    from tradewinds.limits import value

    n = len(items)
    if n == 0:
        return []
    stop = current_stop()
    target = batch_seconds if batch_seconds is not None else value("batch_seconds")

    def report(done: int) -> None:
        if stop is not None:
            stop.progress(done, n)
        if on_batch is not None:
            on_batch(done, n)  # items done of all (draws or sweep points)
        if stop is not None:
            stop.check()

    if isinstance(executor, SerialExecutor):  # in this thread: stop between items
        out: list[R] = []
        last = time.perf_counter()
        for k, x in enumerate(items):
            if stop is not None:
                stop.progress(k, n)
                stop.check()
            out.append(fn(x) if shared is None else fn(shared, x))
            now = time.perf_counter()
            if now - last >= target or k + 1 == n or (batch_size and (k + 1) % batch_size == 0):
                last = now
                report(k + 1)
        return out

    most = max(1, -(-n // (4 * max(workers, 1))))
    per_item: float | None = None
    timed = [0.0, 0.0]  # seconds and items of the batches back so far
    pos = 0
    window = 2 * max(workers, 1)
    pending: deque[Any] = deque()  # concurrent or Dask futures
    client = dask_client(executor)
    packed = client is not None  # results come back as one pickle a batch
    payload = shared
    if client is not None and shared is not None:
        # hash=False: a key of its own per call. With Dask's content hash two calls on the
        # same data share one key, and the first call's release of it can reach the
        # scheduler after the second scattered it: the second call's tasks then fail with
        # "lost dependencies"
        payload = client.scatter(shared, broadcast=True, hash=False)

    def size() -> int:
        if batch_size:
            return batch_size
        if per_item is None:
            return 1
        return int(min(most, max(1, target / max(per_item, 1e-6))))

    def submit_next() -> None:
        nonlocal pos
        if pos >= n:
            return
        part = items[pos : pos + size()]
        pos += len(part)
        if shared is None:
            pending.append(executor.submit(_run_batch, fn, part, packed))
        elif client is not None:  # the scattered future is resolved on the worker
            pending.append(client.submit(_run_shared_batch, fn, payload, part, packed, pure=False))
        else:
            pending.append(executor.submit(_run_shared_batch, fn, payload, part))

    for _ in range(window):
        submit_next()
    results: list[R] = []
    try:
        while pending:
            got, secs = pending.popleft().result()
            if packed:
                got = pickle.loads(got)  # our own workers' results
            if got:  # seconds an item over all batches back: a worker's slow first
                timed[0] += secs  # item weighs less with every batch
                timed[1] += len(got)
                per_item = timed[0] / timed[1]
            results.extend(got)
            report(len(results))
            submit_next()
    except BaseException:
        for f in pending:  # what has not started never will
            f.cancel()
        raise
    return results
