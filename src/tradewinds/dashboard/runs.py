"""Where the dashboard's runs compute: a few worker threads shared by every session.

A run (the Scenario page's Run, the Compare page's two scenarios) never computes in the
server's event loop: it goes to :data:`POOL`, which computes ``dashboard_runs`` at once
and lets ``dashboard_queue`` more wait; one more is refused at once with the reason
(:class:`Busy`), and each session runs one at a time. Every run carries a
:class:`~tradewinds.parallel.Stop`: Cancel sets it, the engines stop within one batch,
and the run's slot is free only when its thread has stopped, so the page says
"cancelled" only then. Runs are capped in time (``dashboard_run_seconds``) and, by the
engines, in memory (docs/limits.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tradewinds import limits
from tradewinds.errors import TradewindsError
from tradewinds.parallel import Stop

R = TypeVar("R")


class Busy(TradewindsError):
    """The dashboard refused a run (the server is full, or this session runs one)."""

    exit_code = 2


@dataclass
class RunPool:
    """A bounded pool of run threads (see the module)."""

    workers: int = 0
    queue: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _active: int = 0  # computing or waiting
    _sessions: set[str] = field(default_factory=set)
    _pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self.workers = self.workers or limits.count("dashboard_runs")
            self.queue = self.queue if self.queue else limits.count("dashboard_queue")
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="tradewinds-run")
        return self._pool

    @property
    def active(self) -> int:
        return self._active

    def submit(self, session: str, fn: Callable[[], R], stop: Stop) -> Future[R]:
        """Start ``fn`` (which checks ``stop``) for ``session``, or raise :class:`Busy`."""
        with self._lock:
            ex = self._executor()
            if session in self._sessions:
                raise Busy(
                    "this session is already running a scenario (Scenario or Compare page). "
                    "Fix: wait for it to finish, or press Cancel"
                )
            if self._active >= self.workers + self.queue:
                raise Busy(
                    f"the server is busy: {self.workers} run(s) computing and {self.queue} "
                    "waiting, its limit (TRADEWINDS_DASHBOARD_RUNS, TRADEWINDS_DASHBOARD_QUEUE; "
                    "docs/limits.md). Fix: try again when one finishes"
                )
            self._active += 1
            self._sessions.add(session)

        def job() -> R:
            try:
                stop.check()  # cancelled while it waited: never starts
                return fn()
            finally:
                with self._lock:
                    self._active -= 1
                    self._sessions.discard(session)

        try:
            return ex.submit(job)
        except BaseException:
            with self._lock:
                self._active -= 1
                self._sessions.discard(session)
            raise

    def waiting(self) -> int:
        """Runs waiting for a worker (not yet computing)."""
        return max(0, self._active - self.workers)


POOL = RunPool()


def new_stop() -> Stop:
    """A dashboard run's stop: Cancel, and the dashboard's time limit."""
    return Stop(
        seconds=limits.value("dashboard_run_seconds"), setting="TRADEWINDS_DASHBOARD_RUN_SECONDS"
    )


def message(exc: BaseException) -> str:
    """What the page shows for an error: a typed error as the command line prints it;
    anything else named as the bug it is (the session stays connected)."""
    if isinstance(exc, TradewindsError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return (
            "the run ran out of memory. Fix: ask for fewer draws or points "
            "(TRADEWINDS_MAX_RUN_MEMORY caps what a run may ask; docs/limits.md)"
        )
    return f"unexpected {type(exc).__name__}: {exc}. Fix: this is a bug; please report it"


def guarded(show: Callable[[str], None]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a reactive effect so that no error disconnects the session: errors are
    shown with ``show`` instead (Shiny's own silent stops pass through)."""
    import functools

    from shiny.types import SilentException

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except SilentException:
                raise
            except Exception as exc:
                show(message(exc))
                return None

        return wrapper

    return deco


def safe_filename(name: object, suffix: str, *, default: str = "scenario") -> str:
    """A download's file name from user text: letters, digits, '.', '_' and '-' only, no
    leading dot, at most 80 characters, then ``suffix``."""
    import re

    text = re.sub(r"[^A-Za-z0-9._-]+", "-", str(name or "")).strip(".-_")[:80]
    text = re.sub(r"\.{2,}", ".", text)
    return f"{text or default}{suffix}"


def task_status(task: Any, running: str) -> str:
    """What a page says of its run (a Shiny extended task fed by :data:`POOL`): ``running``
    while it computes (the text refreshes every half second), the typed error or
    "cancelled: nothing changed" when it failed, "done" when it finished."""
    from shiny import reactive

    from tradewinds.errors import Cancelled

    st = task.status()
    if st == "running":
        reactive.invalidate_later(0.5)
        return running
    if st == "error":
        try:
            task.result()
        except Cancelled as e:
            return f"{e}: nothing changed"
        except Exception as e:
            return f"error: {message(e)}"
    return {"initial": "", "success": "done"}.get(st, st)


def start_task(
    session: Any,
    task: Any,
    work: Callable[[Stop], Any],
    stop: list[Stop | None],
    show: Callable[[str], None],
) -> None:
    """``work(stop)`` on :data:`POOL` for ``session``, fed to the Shiny extended ``task``;
    ``stop[0]`` becomes its stop (for :func:`cancel_when_closed`). A refused run (the
    session's or the pool's limit) is shown with ``show`` and nothing starts."""
    st = new_stop()
    try:
        job = POOL.submit(session.id, lambda: work(st), st)
    except TradewindsError as e:
        show(str(e))
        return
    stop[0] = st
    task(job)


def cancel_when_closed(session: Any, stop: list[Stop | None]) -> None:
    """A closed browser tab cancels the run its session started (``stop[0]``)."""

    def ended() -> None:
        if stop[0] is not None:
            stop[0].cancel()

    session.on_ended(ended)
