"""The library of case scenarios shipped with tradewinds (one TOML file each).

Names are names: :func:`library_scenario` reads only files of this folder, and only by
a name of the form the ``name`` field allows (lower-case letters, digits, ``-``,
``_``, ``.``; no ``/`` and no ``..``), so text from a form, a URL or a Compare entry
can never reach a file elsewhere. A scenario file is read by :func:`load_scenario`,
or by :func:`scenario_ref` where the caller allows files (the command line and the
Python API, for a path the user gave that exists).
"""

from __future__ import annotations

import difflib
import re
from importlib.resources import files
from pathlib import Path

from tradewinds.errors import ScenarioError, UnknownCodeError
from tradewinds.scenarios.model import Scenario, load_scenario

#: what a library name may be (the Scenario name pattern, without "..")
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")


def _folder() -> Path:
    return Path(str(files("tradewinds.scenarios.library")))


def library_names() -> list[str]:
    return sorted(p.stem for p in _folder().glob("*.toml"))


def is_name(text: str) -> bool:
    """True for a library-style name (never a path)."""
    return bool(NAME.fullmatch(text)) and ".." not in text


def check_name(text: str, *, field: str = "scenario") -> str:
    """``text`` if it is a name; else a ScenarioError saying names are not paths."""
    if not isinstance(text, str) or not is_name(text):
        shown = repr(text)[:80]
        raise ScenarioError(
            f"{shown} is not a scenario name (a name has lower-case letters, digits, '-', "
            "'_' and '.', never '/' or '..')",
            field=field,
            fix="give a name from `tradewinds scenarios list`; a scenario file is read from "
            "the command line (tradewinds run FILE.toml) or with load_scenario(path)",
        )
    return text


def library_path(name: str) -> Path:
    check_name(name)
    folder = _folder()
    p = folder / f"{name}.toml"
    if not p.is_file() or p.resolve().parent != folder.resolve():
        raise UnknownCodeError(
            "scenario",
            name,
            suggestions=difflib.get_close_matches(name, library_names(), n=3, cutoff=0.4),
            fix="see `tradewinds scenarios list`, or give a .toml file",
        )
    return p


def library_scenario(name: str) -> Scenario:
    """A library scenario by name (only: a path is refused, see :func:`scenario_ref`)."""
    return load_scenario(library_path(name))


def scenario_ref(ref: str | Path, *, files: bool) -> tuple[Scenario, str]:
    """A scenario by reference, and where it came from ("library" or the file's path).

    ``files=True`` (the command line, the Python API): a library name is the library's
    scenario; otherwise a reference that is an existing file is read as a scenario file,
    one that looks like a path (a ``/`` or ``.toml``) but does not exist is "file not
    found", and anything else is an unknown scenario with the close library names.
    ``files=False`` (the dashboard, anything a remote user types): names only."""
    text = str(ref)
    if files:
        p = Path(text).expanduser()
        named = is_name(text) and p.suffix != ".toml" and not isinstance(ref, Path)
        looks_like_path = "/" in text or "\\" in text or p.suffix == ".toml"
        if named and text in library_names():  # a library name is the library's
            return library_scenario(text), "library"
        if p.is_file() or (not named and (looks_like_path or p.exists())):
            return load_scenario(p), str(p)  # missing, a directory …: typed errors
        if not named:  # 'Liberation-Day-2025': neither a name nor a file
            close = difflib.get_close_matches(text.lower(), library_names(), n=3)
            did = f"did you mean {', '.join(map(repr, close))}? " if close else ""
            raise UnknownCodeError(
                "scenario",
                text,
                fix=f"{did}names are lower-case (`tradewinds scenarios list`); a file is "
                "given by its path, e.g. ./mine.toml",
            )
    return library_scenario(check_name(text)), "library"
