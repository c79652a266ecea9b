"""The tradewinds error family.

Every error says what was wrong, where, and what to do. The CLI catches
:class:`TradewindsError` once and prints one clean line (exit 2 for data and
usage errors, 1 otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence


class TradewindsError(Exception):
    """Base of every error tradewinds raises on purpose."""

    exit_code = 1


class DataValidationError(TradewindsError, ValueError):
    """Input data is malformed. Names the file, row, column and the fix.

    ``row`` is the 1-based line number in the file (the header is line 1), or the
    1-based row of a frame when there is no file.
    """

    exit_code = 2

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.row = row
        self.column = column
        self.fix = fix
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        msg = self.problem
        if where:
            msg = f"{', '.join(where)}: {msg}"
        if self.fix:
            msg = f"{msg}. Fix: {self.fix}"
        return msg

    def __str__(self) -> str:  # KeyError subclasses would otherwise repr() the message
        return self._format()


class UnknownCodeError(DataValidationError, KeyError):
    """A country, HS code or dataset id that tradewinds does not know; suggests close matches."""

    def __init__(
        self,
        kind: str,
        code: str,
        *,
        suggestions: Sequence[str] = (),
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.kind = kind
        self.code = code
        self.suggestions = list(suggestions)
        if fix is None:
            listing = {"product group": "groups", "country": "countries", "HS code": "hs"}
            # only the kinds `tradewinds codes` lists name a command
            see = f" (see `tradewinds codes {listing[kind]}`)" if kind in listing else ""
            fix = (
                f"did you mean {', '.join(repr(s) for s in self.suggestions)}?"
                if self.suggestions
                else f"use a known {kind}{see}; check its spelling"
            )
        super().__init__(f"unknown {kind} {code!r}", file=file, row=row, column=column, fix=fix)


class ScenarioError(TradewindsError, ValueError):
    """A scenario is impossible or malformed. Names the field and the fix."""

    exit_code = 2

    def __init__(self, problem: str, *, field: str | None = None, fix: str | None = None) -> None:
        self.problem = problem
        self.field = field
        self.fix = fix
        msg = f"{field}: {problem}" if field else problem
        if fix:
            msg = f"{msg}. Fix: {fix}"
        super().__init__(msg)


class ConvergenceError(TradewindsError, RuntimeError):
    """A solver did not converge; carries the last residual."""

    def __init__(self, message: str, *, residual: float, iterations: int) -> None:
        self.residual = residual
        self.iterations = iterations
        super().__init__(f"{message} (max residual {residual:.3g} after {iterations} iterations)")


class StoreError(TradewindsError):
    """The trade store cannot do what was asked (missing dataset, locked, corrupt)."""

    exit_code = 2


class MissingDependencyError(TradewindsError, ImportError):
    """An optional dependency is missing; names the extra to install (or, for a
    dependency of tradewinds itself, the package)."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        fix = (
            f"pip install 'tradewinds[{extra}]'"
            if extra
            else f"pip install '{package}' (a dependency of tradewinds: reinstall tradewinds)"
        )
        super().__init__(f"{purpose} needs the package {package!r}. Fix: {fix}")


class MissingProgramError(TradewindsError, FileNotFoundError):
    """A program tradewinds runs (headless Chromium for PDF) is not on this machine."""

    def __init__(self, program: str, purpose: str, fix: str) -> None:
        self.program = program
        super().__init__(f"{purpose} needs the program {program!r}, not found. Fix: {fix}")


class RenderError(TradewindsError, RuntimeError):
    """An external renderer (headless Chromium) failed; nothing was written."""


class Cancelled(TradewindsError):
    """A long run was cancelled by its user (between two batches); nothing was kept."""


class RunTimeLimit(Cancelled):
    """A run went over its time limit (docs/limits.md) and was stopped; nothing was kept."""

    exit_code = 2


class PortInUseError(TradewindsError, OSError):
    """The dashboard cannot bind its address."""

    exit_code = 2

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(
            f"cannot serve on {host}:{port} ({reason}). Fix: pick another --port, or stop "
            "the program that holds it"
        )


class InputOutputError(DataValidationError):
    """A file or folder could not be read or written (missing, in the way, not allowed,
    the disk full); names the path and the fix."""


_OS_FIXES = {
    2: ("does not exist", "check the path; a folder for an output must exist or be creatable"),
    13: ("permission denied", "choose a file or folder you may read or write"),
    1: ("operation not permitted", "choose a file or folder you may read or write"),
    17: ("a file is in the way", "remove it, or choose another name: a folder is needed there"),
    20: ("a file is in the way (not a folder)", "give a path whose folders are folders"),
    21: ("is a folder, not a file", "give a file name, e.g. out/report.html"),
    28: ("the disk is full", "free some space or write elsewhere"),
    30: ("the file system is read-only", "write to another folder"),
    36: ("the file name is too long", "give a shorter name"),
}


def translate(exc: BaseException) -> TradewindsError | None:
    """The typed error for an exception of the system that reached an edge (the CLI, the
    dashboard, the Python API), or None when it is a bug to be shown as one: a file or
    folder problem names the path and the fix; running out of memory names the limits."""
    if isinstance(exc, TradewindsError):
        return exc
    if isinstance(exc, OSError) and getattr(exc, "filename", None) is not None:
        what, fix = _OS_FIXES.get(exc.errno or 0, (exc.strerror or str(exc), "check the path"))
        return InputOutputError(what, file=str(exc.filename), fix=fix)
    if isinstance(exc, MemoryError):
        return TradewindsError(
            "out of memory. Fix: ask for fewer draws or points, or a smaller input "
            "(TRADEWINDS_MAX_RUN_MEMORY caps what a run may ask; docs/limits.md)"
        )
    if isinstance(exc, RecursionError):
        return DataValidationError(
            "the input nests too deeply to read", fix="flatten it (see docs/limits.md)"
        )
    return None
