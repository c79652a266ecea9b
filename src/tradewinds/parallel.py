"""Executors for many independent solves (Monte Carlo draws, scenario sweeps).

``get_executor`` returns a standard :class:`concurrent.futures.Executor`: a serial
one (runs in the caller, for debugging and small runs), a process pool, or a Dask
distributed client's executor (a ``LocalCluster`` on this machine, or an existing
scheduler by address). Dask is an optional extra; asking for it without it
installed raises :class:`MissingDependencyError` naming the extra.

``map_batched`` cuts the work into batches so each task does enough work to pay
for its scheduling and pickling (one GE solve is ~15 ms; a task of 1 solve would
spend most of its time in overhead), and returns the results in input order, so
the output never depends on which worker ran what.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from tradewinds.errors import MissingDependencyError, ScenarioError

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
_DASK_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


def _warm_worker() -> None:
    import importlib

    importlib.import_module("tradewinds.models.montecarlo")


def _run_batch(fn: Callable[[T], R], batch: Sequence[T]) -> list[R]:
    return [fn(x) for x in batch]


def _run_shared_batch(fn: Callable[[Any, T], R], shared: Any, batch: Sequence[T]) -> list[R]:
    return [fn(shared, x) for x in batch]


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
) -> list[R]:
    """``[fn(x) for x in items]`` on the executor, in batches, results in input order.

    Default batch size: at least 4 batches per worker (load balance) and 32 in all (so
    ``on_batch(items_done, items_total)`` reports progress often enough to show and to
    cancel: it may raise to stop the run), but at least 8 items per batch (overhead). At
    most two batches per worker are in flight (one on a serial executor), so a cancelled
    run stops soon.

    ``shared``: data every call needs (a model's matrices): then ``fn(shared, item)``.
    A process pool gets it with each batch; a Dask cluster gets it once (scattered to
    every worker before the first batch), so batches carry only their items."""
    n = len(items)
    if n == 0:
        return []
    size = batch_size or max(8, -(-n // max(4 * max(workers, 1), 32)))
    parts = batches(items, size)
    window = 1 if isinstance(executor, SerialExecutor) else 2 * max(workers, 1)
    todo = iter(parts)
    pending: deque[Any] = deque()  # concurrent or Dask futures
    client = dask_client(executor) if shared is not None else None
    payload = client.scatter(shared, broadcast=True) if client is not None else shared

    def submit_next() -> None:
        part = next(todo, None)
        if part is None:
            return
        if shared is None:
            pending.append(executor.submit(_run_batch, fn, part))
        elif client is not None:  # the scattered future is resolved on the worker
            pending.append(client.submit(_run_shared_batch, fn, payload, part, pure=False))
        else:
            pending.append(executor.submit(_run_shared_batch, fn, payload, part))

    for _ in range(window):
        submit_next()
    out: list[R] = []
    while pending:
        out.extend(pending.popleft().result())
        if on_batch is not None:
            on_batch(len(out), n)  # items done of all (draws or sweep points)
        submit_next()
    return out
