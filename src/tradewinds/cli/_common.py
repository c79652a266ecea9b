"""What every command shares: error translation, progress on stderr, chart saving."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from tradewinds.errors import TradewindsError

state = {"debug": False}
P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """One clean line on stderr for our errors; exit 2 (data/usage) or 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except TradewindsError as exc:
            if state["debug"]:
                raise
            from tradewinds.cli.output import err

            err.print(
                f"[bold red]error[/] ({type(exc).__name__}): {exc}", highlight=False, soft_wrap=True
            )
            sys.exit(exc.exit_code)

    return wrapper


@contextmanager
def progress(description: str) -> Iterator[None]:
    """A spinner on stderr for steps that may take over a second."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tradewinds.cli.output import err

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as p:
        p.add_task(description, total=None)
        yield


def save_chart(fig: Any, path: Path) -> None:
    from tradewinds.cli.output import err
    from tradewinds.reports.figures import write_figure

    written = write_figure(fig, path)
    err.print(f"chart written to {written}")
