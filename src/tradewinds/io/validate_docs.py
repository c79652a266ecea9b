"""JSON and TOML documents read with limits: size, nesting depth and encoding checked
before parsing, every problem a DataValidationError naming the file, where and the fix."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from tradewinds.errors import DataValidationError
from tradewinds.io.validate import (
    MAX_DEPTH,
    MAX_JSON_BYTES,
    MAX_TOML_BYTES,
    MiB,
    check_file,
    decode_text,
    read_bytes,
    sniff_compression,
)


def _depth_error(kind: str, file: str | None, max_depth: int, where: str) -> DataValidationError:
    return DataValidationError(
        f"{kind} nested more than {max_depth} levels deep{where}",
        file=file,
        fix=f"flatten the document (real {kind} inputs nest a few levels)",
    )


def check_depth(obj: object, *, max_depth: int = MAX_DEPTH, file: str | None, kind: str) -> None:
    """Raise if lists/dicts nest deeper than ``max_depth`` (iterative: no recursion)."""
    stack: list[tuple[object, int, str]] = [(obj, 1, "")]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, dict):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        if depth > max_depth:
            raise _depth_error(kind, file, max_depth, f" (at {path or 'the top'})")
        for k, v in items:
            if isinstance(v, (dict, list)):
                stack.append((v, depth + 1, f"{path}.{k}" if path else str(k)))


def parse_json(
    data: bytes | str,
    *,
    file: str | None,
    max_bytes: int = MAX_JSON_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """JSON with a size cap, a nesting limit and located syntax errors.

    ``NaN``, ``Infinity`` and ``-Infinity`` are kept as those strings, and numbers
    beyond the double range parse to ±inf: the readers' number checks then refuse
    them naming their record and field.
    """
    size = len(data)
    if size > max_bytes:
        raise DataValidationError(
            f"the JSON document is {size / MiB:,.1f} MiB, over the limit of "
            f"{max_bytes / MiB:,.0f} MiB",
            file=file,
            fix="split the download into smaller queries",
        )
    text = decode_text(data, file=file) if isinstance(data, bytes) else data
    if not text.strip():
        raise DataValidationError(
            "the JSON document is empty", file=file, fix="give the saved API response"
        )
    try:
        doc = json.loads(text, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            f"not valid JSON ({exc.msg} at column {exc.colno})",
            file=file,
            row=exc.lineno,
            fix="save the API response unchanged (a cut-off download is not valid JSON)",
        ) from None
    except RecursionError:  # the decoder guards each level; the limit is checked below
        raise _depth_error("JSON", file, max_depth, "") from None
    check_depth(doc, max_depth=max_depth, file=file, kind="JSON")
    return doc


def parse_toml(
    data: bytes | str,
    *,
    file: str | None,
    max_bytes: int = MAX_TOML_BYTES,
    max_depth: int = MAX_DEPTH,
) -> dict[str, Any]:
    """TOML with a size cap, a nesting limit (no RecursionError) and the encoding checked."""
    size = len(data)
    if size > max_bytes:
        raise DataValidationError(
            f"the TOML file is {size / MiB:,.1f} MiB, over the limit of {max_bytes / MiB:,.0f} MiB",
            file=file,
            fix="a scenario or schedule is a few kB: check that this is the file you meant",
        )
    text = decode_text(data, file=file) if isinstance(data, bytes) else data
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        raise DataValidationError(
            f"not valid TOML ({exc})",
            file=file,
            row=getattr(exc, "lineno", None) or (int(at.group(1)) if at else None),
            fix="correct the TOML syntax",
        ) from None
    except RecursionError:
        raise _depth_error("TOML", file, max_depth, "") from None
    check_depth(doc, max_depth=max_depth, file=file, kind="TOML")
    return doc


def load_toml(
    path: Path | str, *, max_bytes: int = MAX_TOML_BYTES, max_depth: int = MAX_DEPTH
) -> dict[str, Any]:
    """A TOML file through :func:`parse_toml` (file checks first: missing, directory …)."""
    p = check_file(path, what="a TOML file")
    size = p.stat().st_size
    if size > max_bytes:
        raise DataValidationError(
            f"the TOML file is {size / MiB:,.1f} MiB, over the limit of {max_bytes / MiB:,.0f} MiB",
            file=str(p),
            fix="a scenario or schedule is a few kB: check that this is the file you meant",
        )
    if sniff_compression(p):
        raise DataValidationError(
            "is a compressed file, not TOML text", file=str(p), fix="give the .toml text file"
        )
    return parse_toml(p.read_bytes(), file=str(p), max_bytes=max_bytes, max_depth=max_depth)


def load_json(
    path: Path | str, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_DEPTH
) -> Any:
    """A JSON file (gzip unpacked) through :func:`parse_json`."""
    p = Path(path)
    data = read_bytes(p, max_bytes=max_bytes, what="a JSON file")
    return parse_json(data, file=str(p), max_bytes=max_bytes, max_depth=max_depth)
