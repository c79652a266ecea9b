"""TradeStore: DuckDB catalog + Parquet datasets under the tradewinds home.

Layout::

    HOME/catalog.duckdb                    datasets: id, source, vintage, rows, hash …
    HOME/datasets/ID/HASH16/NAME.parquet   one folder per version of a dataset
    HOME/tmp/                              ingests being written (swept on open)

Ingest is atomic and idempotent: tables are written into ``tmp/``, validated,
renamed into ``datasets/`` and only then registered in one catalog transaction;
a dataset folder that the catalog does not reference (a killed ingest) is swept
when the store opens. Ingesting the same content again is a no-op.

Columns that are constant over a dataset (source, vintage, HS version …) or
derived from stored ones (``period`` from ``year``) need not be written per row:
a dataset records them as *virtual* columns, which every read fills in, so
readers always see the full canonical schema.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from tradewinds.config import get_settings
from tradewinds.errors import StoreError, UnknownCodeError
from tradewinds.io.schema import FLOW_COLUMNS, MACRO_COLUMNS

CATALOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS datasets (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    vintage VARCHAR NOT NULL,
    description VARCHAR,
    coverage VARCHAR,
    rows BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL,
    tables VARCHAR NOT NULL,        -- JSON: {name: rows}
    path VARCHAR NOT NULL,          -- relative to HOME
    reader VARCHAR,
    origin VARCHAR,                 -- files it came from
    ingested_at TIMESTAMP NOT NULL,
    tradewinds_version VARCHAR,
    virtual VARCHAR                 -- JSON: {table: {column: SQL expression}}
)
"""
_COLUMNS = (
    "id, kind, source, vintage, description, coverage, rows, content_hash, tables, "
    "path, reader, origin, ingested_at, tradewinds_version, virtual"
)
# canonical column order of known tables (virtual columns slot into it)
_CANONICAL = {"flows": list(FLOW_COLUMNS), "macro": list(MACRO_COLUMNS)}

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

    def table_path(self, name: str) -> Path:
        return self.path / f"{name}.parquet"

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__ if k not in {"skipped", "virtual"}}
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


def _pause_point(stage: str) -> None:
    """Fault-injection point for the killed-ingest test (TRADEWINDS_INGEST_PAUSE=stage)."""
    if os.environ.get("TRADEWINDS_INGEST_PAUSE") == stage:
        marker = os.environ.get("TRADEWINDS_INGEST_PAUSE_MARKER")
        if marker:
            Path(marker).write_text(stage)
        time.sleep(3600)


def _version() -> str:
    from tradewinds._version import __version__

    return __version__


class TradeStore:
    """The trade store. ``TradeStore()`` opens the configured home (``TRADEWINDS_HOME``)."""

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else get_settings().home
        try:
            (self.home / "datasets").mkdir(parents=True, exist_ok=True)
            (self.home / "tmp").mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store at {self.home} ({exc}). "
                "Fix: set TRADEWINDS_HOME to a writable directory"
            ) from exc
        self._listing: tuple[tuple[int, int, int], list[DatasetInfo]] | None = None
        self._mem = duckdb.connect()  # one in-memory engine for all reads
        with self._catalog() as con:
            con.execute(CATALOG_SCHEMA)
            con.execute("ALTER TABLE datasets ADD COLUMN IF NOT EXISTS virtual VARCHAR")
        self._sweep()

    # ------------------------------------------------------------------ catalog
    @contextmanager
    def _catalog(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.home / "catalog.duckdb"
        try:
            con = duckdb.connect(str(path), read_only=read_only and path.exists())
        except duckdb.Error as exc:
            raise StoreError(
                f"the store catalog {path} is in use or unreadable ({exc}). "
                "Fix: close the other tradewinds process, or point TRADEWINDS_HOME elsewhere"
            ) from exc
        try:
            yield con
        finally:
            con.close()

    def _sweep(self) -> None:
        """Remove what a killed ingest left: tmp folders and unregistered versions."""
        for p in (self.home / "tmp").iterdir():
            shutil.rmtree(p, ignore_errors=True)
        live = {str(d.path.relative_to(self.home)) for d in self.datasets()}
        for ds in (self.home / "datasets").iterdir():
            if not ds.is_dir():
                continue
            for version in ds.iterdir():
                if str(version.relative_to(self.home)) not in live:
                    shutil.rmtree(version, ignore_errors=True)
            if not any(ds.iterdir()):
                ds.rmdir()

    def _row_to_info(self, row: tuple[Any, ...]) -> DatasetInfo:
        (id_, kind, source, vintage, desc, cov, rows, chash, tables, path, reader, origin,
         at, ver, virtual) = row  # fmt: skip
        return DatasetInfo(
            id=id_, kind=kind, source=source, vintage=vintage, description=desc or "",
            coverage=cov or "", rows=int(rows), content_hash=chash, tables=json.loads(tables),
            path=self.home / path, reader=reader or "", origin=origin or "", ingested_at=at,
            tradewinds_version=ver or "", virtual=json.loads(virtual) if virtual else {},
        )  # fmt: skip

    def _catalog_stamp(self) -> tuple[int, int, int]:
        st = (self.home / "catalog.duckdb").stat()
        wal = self.home / "catalog.duckdb.wal"
        return (st.st_mtime_ns, st.st_size, wal.stat().st_mtime_ns if wal.exists() else 0)

    def datasets(self) -> list[DatasetInfo]:
        """All datasets, by id (cached until the catalog file changes)."""
        stamp = self._catalog_stamp()
        if self._listing is None or self._listing[0] != stamp:
            with self._catalog(read_only=True) as con:
                rows = con.execute(f"SELECT {_COLUMNS} FROM datasets ORDER BY id").fetchall()
            self._listing = (stamp, [self._row_to_info(r) for r in rows])
        return list(self._listing[1])

    def has(self, dataset_id: str) -> bool:
        return any(d.id == dataset_id for d in self.datasets())

    def info(self, dataset_id: str) -> DatasetInfo:
        all_ = self.datasets()
        hit = next((d for d in all_ if d.id == dataset_id), None)
        if hit is None:
            import difflib

            known = [d.id for d in all_]
            raise UnknownCodeError(
                "dataset",
                dataset_id,
                suggestions=difflib.get_close_matches(dataset_id, known, n=3, cutoff=0.4),
                fix=None if known else "ingest one with `tradewinds data ingest`",
            )
        return hit

    def content_hash(self) -> str:
        """Hash of the whole store: every dataset id with its content hash."""
        h = hashlib.sha256()
        for d in self.datasets():
            h.update(f"{d.id}\0{d.content_hash}\n".encode())
        return h.hexdigest()

    # ------------------------------------------------------------------ ingest
    def ingest(self, spec: DatasetSpec, *, replace: bool = False) -> DatasetInfo:
        """Write, validate and register a dataset atomically; a no-op if unchanged."""
        _check_id(spec.id)
        existing = next((d for d in self.datasets() if d.id == spec.id), None)
        pending: concurrent.futures.Future[str] | None = None
        if spec.content_hash is None:
            hash_fn = spec.hash_fn
            if hash_fn is None:
                raise StoreError(f"dataset {spec.id!r} has neither content_hash nor hash_fn")
            if existing is not None:
                spec = dataclasses.replace(spec, content_hash=hash_fn())
            else:  # hash the source while DuckDB writes it (hashlib releases the GIL)
                pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
                pending = pool.submit(hash_fn)
                pool.shutdown(wait=False)
        if existing is not None and existing.content_hash == spec.content_hash:
            return dataclasses.replace(existing, skipped=True)
        if existing is not None and not replace:
            raise StoreError(
                f"dataset {spec.id!r} already exists with other content. "
                "Fix: pass --replace to swap it, or choose another --id"
            )
        tmp = self.home / "tmp" / f"{spec.id}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir(parents=True)
        try:
            con = duckdb.connect()
            try:
                tables = dict(spec.write(con, tmp))
            finally:
                con.close()
            if pending is not None:
                spec = dataclasses.replace(spec, content_hash=pending.result())
            assert spec.content_hash is not None
            _pause_point("written")
            rel = Path("datasets") / spec.id / spec.content_hash[:16]
            final = self.home / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():  # leftover of an identical earlier version
                shutil.rmtree(final)
            os.replace(tmp, final)
        except BaseException:
            if pending is not None:
                pending.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _pause_point("moved")
        now = datetime.now(UTC).replace(tzinfo=None)
        row = [spec.id, spec.kind, spec.source, spec.vintage, spec.description, spec.coverage,
               sum(tables.values()), spec.content_hash, json.dumps(tables), str(rel),
               spec.reader, spec.origin, now, _version(),
               json.dumps({t: dict(v) for t, v in spec.virtual.items()})]  # fmt: skip
        try:
            with self._catalog() as con:
                con.execute("BEGIN TRANSACTION")
                con.execute("DELETE FROM datasets WHERE id = ?", [spec.id])
                con.execute(
                    f"INSERT INTO datasets ({_COLUMNS}) VALUES ({', '.join('?' * len(row))})",
                    row,
                )
                con.execute("COMMIT")
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
        finally:
            self._listing = None
        if existing is not None and existing.path != final:
            shutil.rmtree(existing.path, ignore_errors=True)
        return self.info(spec.id)

    def remove(self, dataset_id: str) -> DatasetInfo:
        info = self.info(dataset_id)
        with self._catalog() as con:
            con.execute("DELETE FROM datasets WHERE id = ?", [dataset_id])
        self._listing = None
        shutil.rmtree(info.path, ignore_errors=True)
        if info.path.parent.exists() and not any(info.path.parent.iterdir()):
            info.path.parent.rmdir()
        return info

    # ------------------------------------------------------------------ queries
    def table_path(self, dataset_id: str, table: str = "flows") -> Path:
        info = self.info(dataset_id)
        if table not in info.tables:
            raise StoreError(
                f"dataset {dataset_id!r} has no table {table!r} (it has {sorted(info.tables)})"
            )
        return info.table_path(table)

    def relation_sql(self, dataset_id: str, table: str = "flows") -> str:
        """A SELECT over one table's Parquet file with its virtual columns filled in."""
        info = self.info(dataset_id)
        path = self.table_path(dataset_id, table)
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

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor with one view per dataset table, named ``"ID/TABLE"``.

        e.g. ``store.connect().sql('SELECT * FROM "world2023/flows"')``.
        """
        con = self._mem.cursor()
        for d in self.datasets():
            for t in d.tables:
                con.execute(
                    f'CREATE OR REPLACE TEMP VIEW "{d.id}/{t}" AS {self.relation_sql(d.id, t)}'
                )
        return con

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        con = self.connect()
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()

    def read(
        self,
        dataset_id: str,
        table: str = "flows",
        where: str = "",
        params: list[Any] | None = None,
    ) -> pd.DataFrame:
        """Rows of one table, optionally filtered by a SQL ``where`` with ``?`` params."""
        sql = f"SELECT * FROM ({self.relation_sql(dataset_id, table)})"
        if where:
            sql += f" WHERE {where}"
        cur = self._mem.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()


def _check_id(dataset_id: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", dataset_id):
        raise StoreError(
            f"dataset id {dataset_id!r} is not valid. Fix: use letters, digits, '.', '_' "
            "or '-' (at most 64 characters), e.g. baci-hs17-2022"
        )


def write_frames(frames: Mapping[str, pd.DataFrame]) -> Writer:
    """A writer for tables already in memory (small datasets)."""

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
