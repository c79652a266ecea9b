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


def _no_flag_metavars() -> None:
    """Typer's Rich help prints a type beside every option, ``<bool>`` even beside an
    on/off flag such as ``--allow-partial`` that takes no value: a flag shows none."""
    from typer import core

    cls = getattr(core, "TyperOption", None)
    orig = getattr(cls, "display_type_rich", None)
    if cls is None or orig is None or getattr(orig, "_tradewinds", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False):
            return None
        out: str | None = orig(self, ctx)
        return out

    display_type_rich._tradewinds = True  # type: ignore[attr-defined]
    cls.display_type_rich = display_type_rich


_no_flag_metavars()
P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """One clean line on stderr for our errors; exit 2 (data/usage) or 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (TradewindsError, OSError, MemoryError, RecursionError) as raw:
            from tradewinds.errors import translate

            exc = translate(raw)  # a file that cannot be written, memory: typed here
            if exc is None or state["debug"]:
                raise
            from rich.markup import escape

            from tradewinds.cli.output import err

            # the message may quote what the user typed ('[/x]'): escaped, so Rich prints it
            # as written instead of reading it as markup
            err.print(
                f"[bold red]error[/] ({type(exc).__name__}): {escape(str(exc))}",
                highlight=False,
                soft_wrap=True,
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
        from rich.markup import escape

        p.add_task(escape(description), total=None)  # a file named '[bold]x.csv' stays so
        yield


def save_chart(fig: Any, path: Path) -> None:
    from tradewinds.cli.output import err
    from tradewinds.reports.figures import write_figure

    written = write_figure(fig, path)
    from rich.markup import escape

    err.print(escape(f"chart written to {written}"))


def check_out_file(path: Path, *, flag: str = "--out") -> Path:
    """An output file's path, checked before any work: not a folder, and no file where
    one of its folders should be (the folders themselves are made when missing)."""
    from tradewinds.errors import DataValidationError

    p = Path(path)
    if p.is_dir():
        raise DataValidationError(
            f"{flag} {p} is a folder", file=str(p), fix="give a file name, e.g. out/report.html"
        )
    for parent in p.parents:
        if parent.exists():
            if not parent.is_dir():
                raise DataValidationError(
                    f"{flag} {p}: {parent} is a file, not a folder",
                    file=str(parent),
                    fix="give a path whose folders are folders",
                )
            break
    return p


MANIFEST = ".tradewinds-manifest.json"


def prepare_out_dir(folder: Path, *, overwrite: bool) -> None:
    """Make ``folder`` ready for a run's outputs: a new or empty folder is used as it is;
    a non-empty one is refused unless ``overwrite``, which then removes only the files
    tradewinds wrote there before (listed in its manifest) and leaves everything else."""
    import json

    from tradewinds.errors import DataValidationError

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataValidationError(
            f"--out {folder} is a file, not a folder", file=str(folder), fix="name a folder"
        )
    for parent in folder.parents:  # a file where a folder of the path should be
        if parent.exists():
            if not parent.is_dir():
                raise DataValidationError(
                    f"--out {folder}: {parent} is a file, not a folder",
                    file=str(parent),
                    fix="give a path whose folders are folders",
                )
            break
    if not folder.exists() or not any(folder.iterdir()):
        return
    if not overwrite:
        raise DataValidationError(
            f"--out folder {folder} is not empty",
            file=str(folder),
            fix="name a new or empty folder, or pass --overwrite to replace the files of the "
            "previous run there (other files are kept)",
        )
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return
    try:
        names = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        names = []
    for name in names:
        p = folder / str(name)
        # only plain names inside the folder (a manifest is data: never a path outside)
        if Path(str(name)).name == str(name) and p.is_file():
            p.unlink()
    manifest.unlink()


def write_manifest(folder: Path, paths: list[Path]) -> Path:
    """Record what a run wrote into ``folder`` (what ``--overwrite`` may remove later)."""
    import json

    p = Path(folder) / MANIFEST
    names = sorted({x.name for x in paths if x.parent.resolve() == Path(folder).resolve()})
    p.write_text(json.dumps({"written_by": "tradewinds", "files": names}, indent=1))
    return p


def exclusive(**flags: object) -> None:
    """Refuse flags that contradict each other (at most one of ``flags`` may be given)."""
    from tradewinds.errors import DataValidationError

    given = [k for k, v in flags.items() if v not in (None, False)]
    if len(given) > 1:
        names = " and ".join("--" + k.replace("_", "-") for k in given)
        raise DataValidationError(
            f"{names} contradict each other", fix="give one of them, not both"
        )
