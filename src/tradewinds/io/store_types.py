"""The store's types and file helpers: what a reader hands the store (DatasetSpec),
what the catalog records (DatasetInfo), content hashes, writers of in-memory tables,
fault points for crash tests, and the checks of a version's files. See
:mod:`tradewinds.io.store` for the layout and the concurrency rules."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.schema import FLOW_COLUMNS, MACRO_COLUMNS

CATALOG = "catalog.json"
LEGACY_CATALOG = "catalog.duckdb"
LOCK = "store.lock"
CATALOG_FORMAT = "tradewinds-catalog/1"
FAULT_POINTS = (
    "start",  # ingest: owner lock taken, tmp folder made, nothing written
    "written",  # ingest: tables written and synced in tmp/, store lock not yet taken
    "locked",  # ingest: store lock held, nothing moved
    "after_move",  # ingest: folder moved into datasets/, catalog not yet committed
    "committed",  # ingest: catalog committed, the replaced version not yet removed
    "cleaned",  # ingest: replaced version moved out, store lock still held
    "remove_committed",  # remove: catalog committed without the dataset, files still there
    "sweeping",  # sweep: halfway through removing leftovers
)

# canonical column order of known tables (virtual columns slot into it)
_CANONICAL = {
    "flows": list(FLOW_COLUMNS),
    "totals": list(FLOW_COLUMNS),
    "macro": list(MACRO_COLUMNS),
}
_TABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")

Writer = Callable[[duckdb.DuckDBPyConnection, Path], Mapping[str, int]]


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """What a reader hands the store: metadata plus a function that writes the tables.

    ``write(con, folder)`` writes ``folder/NAME.parquet`` for each table and returns
    the row count of each. It must raise (DataValidationError) before the store
    registers anything. ``content_hash`` identifies the content (source bytes and
    reader options) and makes re-ingest a no-op; a reader of large files may give
    ``hash_fn`` instead, which the store runs beside the write when the dataset id
    is new (and before it when the id exists, to skip an unchanged file). ``virtual``
    maps a table to columns computed on read (SQL expressions, e.g. ``{"source": "'BACI'"}``).
    """

    id: str
    kind: str
    source: str
    vintage: str
    content_hash: str | None
    write: Writer
    description: str = ""
    coverage: str = ""
    reader: str = ""
    origin: str = ""
    virtual: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    hash_fn: Callable[[], str] | None = None
    #: tables computed from the others (e.g. ``totals``: all-goods sums per partner
    #: pair, for :meth:`TradeStore.sum_flows`); not counted in the dataset's rows
    derived: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    id: str
    kind: str
    source: str
    vintage: str
    description: str
    coverage: str
    rows: int
    content_hash: str
    tables: dict[str, int]
    path: Path
    reader: str
    origin: str
    ingested_at: datetime
    tradewinds_version: str
    virtual: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: bool = field(default=False, compare=False)
    #: bytes of each table's Parquet file (to tell a complete version from a damaged one)
    sizes: dict[str, int] = field(default_factory=dict, compare=False)
    #: True when this ingest rewrote a registered version whose files were missing
    repaired: bool = field(default=False, compare=False)

    def table_path(self, name: str) -> Path:
        return self.path / f"{name}.parquet"

    def as_dict(self) -> dict[str, Any]:
        hidden = {"skipped", "virtual", "sizes", "repaired"}
        d = {k: getattr(self, k) for k in self.__slots__ if k not in hidden}
        d["path"] = str(self.path)
        d["ingested_at"] = self.ingested_at.isoformat(timespec="seconds")
        return d


def file_hash(*paths: Path, extra: str = "") -> str:
    """sha256 of the bytes of ``paths`` (in order) and an ``extra`` string."""
    h = hashlib.sha256()
    for p in paths:
        with Path(p).open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    h.update(extra.encode())
    return h.hexdigest()


def sql_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def fault_point(point: str) -> None:
    """Crash or pause here if ``TRADEWINDS_FAULT`` names this point (crash tests only)."""
    spec = os.environ.get("TRADEWINDS_FAULT")
    if not spec:
        return
    name, _, action = spec.partition(":")
    if name != point:
        return
    marker = os.environ.get("TRADEWINDS_FAULT_MARKER")
    if marker:
        Path(marker).write_text(f"{point} {os.getpid()}")
    if action == "pause":
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline and (marker is None or Path(marker).exists()):
            time.sleep(0.02)
        return
    kill = getattr(signal, "SIGKILL", None)
    if kill is not None:
        os.kill(os.getpid(), kill)
    os._exit(137)  # pragma: no cover (no SIGKILL on this platform)


def _version() -> str:
    from tradewinds._version import __version__

    return __version__


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with suppress(OSError):  # not every filesystem lets a directory be synced
        _fsync_file(path)


def _rmtree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        with suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _entry_to_info(home: Path, e: Mapping[str, Any]) -> DatasetInfo:
    return DatasetInfo(
        id=e["id"],
        kind=e["kind"],
        source=e["source"],
        vintage=e["vintage"],
        description=e.get("description") or "",
        coverage=e.get("coverage") or "",
        rows=int(e["rows"]),
        content_hash=e["content_hash"],
        tables={str(k): int(v) for k, v in e["tables"].items()},
        path=home / e["path"],
        reader=e.get("reader") or "",
        origin=e.get("origin") or "",
        ingested_at=datetime.fromisoformat(e["ingested_at"]),
        tradewinds_version=e.get("tradewinds_version") or "",
        virtual={t: dict(v) for t, v in (e.get("virtual") or {}).items()},
        sizes={str(k): int(v) for k, v in (e.get("sizes") or {}).items()},
    )


def _relation_sql(info: DatasetInfo, table: str, path: Path) -> str:
    virtual = info.virtual.get(table, {})
    src = f"read_parquet({sql_literal(str(path))})"
    if not virtual:
        return f"SELECT * FROM {src}"
    order = _CANONICAL.get(table)
    if order is None:
        extra = ", ".join(f"{expr} AS {col}" for col, expr in virtual.items())
        return f"SELECT *, {extra} FROM {src}"
    cols = [f"{virtual[c]} AS {c}" if c in virtual else c for c in order]
    return f"SELECT {', '.join(cols)} FROM {src}"


def _damage(info: DatasetInfo) -> str | None:
    """What is wrong with a registered version's files, or None if they look complete."""
    for t in info.tables:
        p = info.table_path(t)
        try:
            size = p.stat().st_size
            with p.open("rb") as fh:
                if size >= 8:
                    fh.seek(-4, os.SEEK_END)
                tail = fh.read(4)
        except FileNotFoundError:
            return f"its file {p} is missing"
        except OSError as exc:
            return f"its file {p} cannot be read ({exc.strerror or exc})"
        expected = info.sizes.get(t)
        if expected is not None and size != expected:
            return f"its file {p} has {size:,} bytes, not the {expected:,} written"
        if tail != b"PAR1":
            return f"its file {p} is not a complete Parquet file"
    return None


def _damaged(info: DatasetInfo, problem: str) -> StoreError:
    how = (
        f"ingest it again (`tradewinds data ingest {info.reader} {info.origin} --id {info.id} "
        "--replace`)"
        if info.reader and info.origin
        else "ingest it again with --replace"
    )
    return StoreError(
        f"dataset {info.id!r} is registered but {problem}. Fix: {how}, or remove it "
        f"(`tradewinds data remove {info.id}`)"
    )


def _exists_error(dataset_id: str) -> StoreError:
    return StoreError(
        f"dataset {dataset_id!r} already exists with other content. "
        "Fix: pass --replace to swap it, or choose another --id"
    )


def id_from_name(name: str, *, default: str = "dataset") -> str:
    """A valid dataset id made from a file name ('[bold]x.csv' → 'bold-x'): other
    characters become '-', none leads, at most 64."""
    text = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(name).lower())
    text = re.sub(r"^[^A-Za-z0-9]+", "", text)[:64].rstrip("-.")
    return text or default


def _check_id(dataset_id: str) -> None:
    if not isinstance(dataset_id, str) or not re.fullmatch(
        r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", dataset_id
    ):
        raise StoreError(
            f"dataset id {dataset_id!r} is not valid. Fix: use letters, digits, '.', '_' "
            "or '-' (at most 64 characters), e.g. baci-hs17-2022"
        )


def check_frame_finite(frame: pd.DataFrame, *, table: str) -> None:
    """Last line of defence: no ±inf in any float column of a table about to be stored."""
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_float_dtype(s):
            arr = s.to_numpy(dtype="float64", na_value=np.nan)
            bad = np.isinf(arr)
            if bad.any():
                pos = int(np.flatnonzero(bad)[0])
                raise DataValidationError(
                    f"value {arr[pos]!r} is not a finite number (table {table!r})",
                    row=pos + 1,
                    column=str(col),
                    fix="give plain finite numbers (no inf or values beyond ±1.8e308)",
                )


def write_frames(frames: Mapping[str, pd.DataFrame]) -> Writer:
    """A writer for tables already in memory (small datasets); refuses ±inf values."""
    for name, frame in frames.items():
        check_frame_finite(frame, table=name)

    def _write(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, frame in frames.items():
            con.register("frame_to_write", frame)
            target = sql_literal(str(folder / f"{name}.parquet"))
            con.execute(f"COPY frame_to_write TO {target} (FORMAT parquet, COMPRESSION zstd)")
            con.unregister("frame_to_write")
            out[name] = len(frame)
        return out

    return _write


def frame_hash(frames: Mapping[str, pd.DataFrame], extra: str = "") -> str:
    h = hashlib.sha256()
    for name in sorted(frames):
        f = frames[name]
        h.update(name.encode())
        h.update(",".join(map(str, f.columns)).encode())
        h.update(np.asarray(pd.util.hash_pandas_object(f, index=False)).tobytes())
    h.update(extra.encode())
    return h.hexdigest()
