"""TradeStore: a JSON catalog + Parquet datasets under the tradewinds home.

Layout::

    HOME/catalog.json                      datasets: id, source, vintage, rows, hash …
    HOME/store.lock                        the writers' lock (filelock)
    HOME/datasets/ID/HASH16/NAME.parquet   one content-addressed folder per version
    HOME/tmp/TOKEN  TOKEN.lock  TOKEN.*    an ingest at work, and the lock that owns it

**Writers** (ingest, remove, sweep) take ``store.lock``, so they run one at a time.
An ingest writes its tables into ``tmp/TOKEN/`` *without* the store lock (other
writers and readers go on), holding only its own ``tmp/TOKEN.lock``; then, under
the store lock, it moves the folder to ``datasets/ID/HASH16/`` and only then
replaces ``catalog.json`` atomically (write, fsync, rename). The catalog therefore
never points at a folder that is not complete, and a crash at any point leaves
either the old catalog (the new files are unregistered leftovers) or the new one.

**The sweep** removes leftovers, and only leftovers: ``tmp/`` entries whose owner
lock no live process holds, and ``datasets/`` folders the catalog does not
reference. It runs under the store lock (an ingest moves and commits under the same
lock, so the sweep never sees a half-registered version), at each write and from
:meth:`TradeStore.sweep`. **Readers never sweep** and never take the lock: they read
``catalog.json`` (replaced atomically, so always whole) and the Parquet files.

A dataset registered without its files (deleted by hand, a disk fault) is reported
by every read as a :class:`StoreError` with the fix, and re-ingesting the same
content rewrites it (never "unchanged").

Columns that are constant over a dataset (source, vintage, HS version …) or
derived from stored ones (``period`` from ``year``) need not be written per row:
a dataset records them as *virtual* columns, which every read fills in, so
readers always see the full canonical schema.

Fault points for crash tests: ``TRADEWINDS_FAULT=POINT`` kills the process
(SIGKILL) when it reaches ``POINT``; ``POINT:pause`` writes
``TRADEWINDS_FAULT_MARKER`` and waits until that file is deleted. Points:
:data:`FAULT_POINTS`.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from tradewinds.config import get_settings
from tradewinds.errors import DataValidationError, StoreError, UnknownCodeError
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


@dataclass(frozen=True, slots=True)
class _Snapshot:
    stamp: tuple[int, int, int] | None
    entries: dict[str, dict[str, Any]]
    infos: dict[str, DatasetInfo]
    ordered: list[DatasetInfo]
    content_hash: str


class TradeStore:
    """The trade store. ``TradeStore()`` opens the configured home (``TRADEWINDS_HOME``).

    Opening reads nothing but the catalog and writes nothing; many processes may
    read while one writes. ``lock_timeout`` (seconds; default from the settings)
    bounds how long a writer waits for another one.
    """

    def __init__(
        self, home: Path | str | None = None, *, lock_timeout: float | None = None
    ) -> None:
        settings = get_settings()
        self.home = Path(home) if home is not None else settings.home
        self.lock_timeout = settings.lock_timeout if lock_timeout is None else lock_timeout
        try:
            (self.home / "datasets").mkdir(parents=True, exist_ok=True)
            (self.home / "tmp").mkdir(exist_ok=True)
        except OSError as exc:
            if not (self.home / CATALOG).is_file():
                raise StoreError(
                    f"cannot create the store at {self.home} ({exc.strerror or exc}). "
                    "Fix: set TRADEWINDS_HOME to a writable directory"
                ) from exc
        self._state = threading.RLock()
        self._snap: _Snapshot | None = None
        self._lock: Any = None
        self._engine: duckdb.DuckDBPyConnection | None = None
        self._views_stamp: tuple[int, int, int] | bool | None = False
        self._views: set[str] = set()
        self._broken: dict[str, str] = {}

    # ------------------------------------------------------------------ locking
    @contextmanager
    def _writer(self) -> Iterator[None]:
        """Hold the store's writer lock (serialises ingest, remove and the sweep)."""
        from filelock import FileLock, Timeout

        with self._state:
            if self._lock is None:
                self._lock = FileLock(str(self.home / LOCK))
        try:
            self._lock.acquire(timeout=self.lock_timeout)
        except Timeout:
            raise StoreError(
                f"another tradewinds process has been writing to the store {self.home} for "
                f"more than {self.lock_timeout:g} s (its lock {self.home / LOCK} is held). "
                "Fix: wait for that ingest or removal to finish and try again "
                "(TRADEWINDS_LOCK_TIMEOUT sets how long to wait)"
            ) from None
        except OSError as exc:
            raise StoreError(
                f"cannot lock the store {self.home} for writing ({exc.strerror or exc}). "
                "Fix: make the folder writable, or set TRADEWINDS_HOME to a writable one"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    # ------------------------------------------------------------------ catalog
    def _read_catalog(self) -> tuple[tuple[int, int, int] | None, dict[str, dict[str, Any]]]:
        path = self.home / CATALOG
        try:
            fh = path.open("rb")
        except FileNotFoundError:
            return None, {}
        with fh:
            st = os.fstat(fh.fileno())
            raw = fh.read()
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        try:
            doc = json.loads(raw)
            if doc.get("format") != CATALOG_FORMAT:
                raise ValueError(f"unknown catalog format {doc.get('format')!r}")
            entries = dict(doc["datasets"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                f"the store catalog {path} is damaged ({exc}). Fix: restore it from a backup, "
                "or move it away and ingest the datasets again"
            ) from None
        return stamp, entries

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.home / CATALOG).stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _snapshot(self, *, force: bool = False) -> _Snapshot:
        """The catalog as last read; re-read only when ``catalog.json`` changed."""
        stamp = self._stamp()
        snap = self._snap
        if snap is not None and not force and snap.stamp == stamp:
            return snap
        with self._state:
            if stamp is None and (self.home / LEGACY_CATALOG).exists():
                self._migrate_legacy()
            stamp, entries = self._read_catalog()
            infos = {k: _entry_to_info(self.home, e) for k, e in entries.items()}
            ordered = [infos[k] for k in sorted(infos)]
            h = hashlib.sha256()
            for d in ordered:
                h.update(f"{d.id}\0{d.content_hash}\n".encode())
            snap = _Snapshot(stamp, entries, infos, ordered, h.hexdigest())
            self._snap = snap
            return snap

    def _write_catalog(self, entries: Mapping[str, Mapping[str, Any]], token: str) -> None:
        """Replace ``catalog.json`` atomically (caller holds the store lock)."""
        doc = {"format": CATALOG_FORMAT, "datasets": {k: entries[k] for k in sorted(entries)}}
        part = self.home / "tmp" / f"{token}.catalog"
        with part.open("w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, default=str)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, self.home / CATALOG)
        _fsync_dir(self.home)
        self._snap = None

    def _migrate_legacy(self) -> None:
        """Convert a ``catalog.duckdb`` of earlier versions into ``catalog.json`` (once)."""
        with self._writer():
            if (self.home / CATALOG).exists():
                return
            legacy = self.home / LEGACY_CATALOG
            try:
                con = duckdb.connect(str(legacy), read_only=True)
            except duckdb.Error as exc:
                raise StoreError(
                    f"the store catalog {legacy} is in use or unreadable ({exc}). "
                    "Fix: close the other (older) tradewinds process and try again"
                ) from None
            try:
                cur = con.execute("SELECT * FROM datasets")
                names = [d[0] for d in cur.description or []]
                rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            except duckdb.Error:
                rows = []
            finally:
                con.close()
            entries: dict[str, dict[str, Any]] = {}
            for r in rows:
                at = r.get("ingested_at")
                entries[r["id"]] = {
                    **{k: v for k, v in r.items() if k not in {"tables", "virtual", "ingested_at"}},
                    "tables": json.loads(r["tables"]),
                    "virtual": json.loads(r["virtual"]) if r.get("virtual") else {},
                    "ingested_at": at.isoformat() if isinstance(at, datetime) else str(at),
                    "sizes": {},
                }
            self._write_catalog(entries, f"migrate{uuid.uuid4().hex[:12]}")
            for suffix in ("", ".wal"):
                old = self.home / (LEGACY_CATALOG + suffix)
                if old.exists():
                    os.replace(old, self.home / (LEGACY_CATALOG + suffix + ".migrated"))

    # ------------------------------------------------------------------ listing
    def datasets(self) -> list[DatasetInfo]:
        """All datasets, by id (cached until ``catalog.json`` changes)."""
        return list(self._snapshot().ordered)

    def has(self, dataset_id: str) -> bool:
        return dataset_id in self._snapshot().infos

    def info(self, dataset_id: str) -> DatasetInfo:
        """One dataset's record (a dict lookup on the cached catalog)."""
        snap = self._snapshot()
        hit = snap.infos.get(dataset_id)
        if hit is None:
            raise self._unknown(dataset_id, list(snap.infos))
        return hit

    @staticmethod
    def _unknown(dataset_id: str, known: list[str]) -> UnknownCodeError:
        import difflib

        close = difflib.get_close_matches(str(dataset_id), known, n=3, cutoff=0.4)
        return UnknownCodeError(
            "dataset",
            str(dataset_id),
            suggestions=close,
            fix=(
                f"did you mean {', '.join(map(repr, close))}? (`tradewinds data list` lists "
                "the datasets)"
                if close
                else "`tradewinds data list` lists the datasets in the store"
                if known
                else "the store is empty: add one with `tradewinds data ingest`"
            ),
        )

    def content_hash(self) -> str:
        """Hash of the whole store: every dataset id with its content hash (cached)."""
        return self._snapshot().content_hash

    def problems(self, dataset_id: str | None = None) -> dict[str, str]:
        """Datasets whose files are missing or damaged: ``{id: what is wrong}``."""
        snap = self._snapshot()
        infos = [self.info(dataset_id)] if dataset_id else snap.ordered
        out = {}
        for d in infos:
            problem = _damage(d)
            if problem:
                out[d.id] = problem
        return out

    # ------------------------------------------------------------------ sweep
    def sweep(self) -> list[Path]:
        """Remove what killed writers left (never a live ingest's files); the paths removed."""
        with self._writer():
            return self._sweep_locked()

    def _sweep_locked(self) -> list[Path]:
        from filelock import FileLock, Timeout

        removed: list[Path] = []
        tmp = self.home / "tmp"
        groups: dict[str, list[Path]] = {}
        with suppress(FileNotFoundError):
            for p in tmp.iterdir():
                groups.setdefault(p.name.split(".")[0], []).append(p)
        half = len(groups) // 2
        for i, (token, paths) in enumerate(sorted(groups.items())):
            if i == half:
                fault_point("sweeping")
            owner = tmp / f"{token}.lock"
            probe = None
            if owner.exists():
                probe = FileLock(str(owner))
                try:
                    probe.acquire(timeout=0)
                except Timeout:
                    continue  # a live ingest owns these
                except OSError:
                    continue
            try:
                for p in paths:
                    if p != owner:
                        _rmtree(p)
                        removed.append(p)
                if probe is not None:
                    with suppress(FileNotFoundError):
                        owner.unlink()
                    removed.append(owner)
            finally:
                if probe is not None:
                    probe.release()
        live = {d.path for d in self._snapshot(force=True).ordered}
        root = self.home / "datasets"
        with suppress(FileNotFoundError):
            for ds in sorted(root.iterdir()):
                if not ds.is_dir() or ds.is_symlink():
                    _rmtree(ds)
                    removed.append(ds)
                    continue
                for version in sorted(ds.iterdir()):
                    if version not in live:
                        _rmtree(version)
                        removed.append(version)
                with suppress(OSError):
                    if not any(ds.iterdir()):
                        ds.rmdir()
        return removed

    # ------------------------------------------------------------------ ingest
    def ingest(self, spec: DatasetSpec, *, replace: bool = False) -> DatasetInfo:
        """Write, validate and register a dataset atomically; a no-op if unchanged.

        The tables are written outside the store lock (other writers and readers
        go on); the move into ``datasets/`` and the catalog commit happen under it.
        A registered version whose files are missing is rewritten, not skipped.
        """
        _check_id(spec.id)
        existing = self._snapshot().infos.get(spec.id)
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
            if _damage(existing) is None:
                return dataclasses.replace(existing, skipped=True)
        elif existing is not None and not replace:
            raise _exists_error(spec.id)
        return self._ingest(spec, replace=replace, pending=pending)

    def _ingest(
        self,
        spec: DatasetSpec,
        *,
        replace: bool,
        pending: concurrent.futures.Future[str] | None,
    ) -> DatasetInfo:
        from filelock import FileLock

        tmp = self.home / "tmp"
        token = f"{uuid.uuid4().hex[:12]}-{re.sub(r'[^A-Za-z0-9_-]', '_', spec.id)}"
        owner_path = tmp / f"{token}.lock"
        owner = FileLock(str(owner_path))
        try:
            tmp.mkdir(parents=True, exist_ok=True)
            owner.acquire(timeout=0)
        except OSError as exc:
            raise StoreError(
                f"cannot write to the store {self.home} ({exc.strerror or exc}). "
                "Fix: make the folder writable, or set TRADEWINDS_HOME to a writable one"
            ) from None
        work = tmp / token
        result: DatasetInfo | None = None
        try:
            work.mkdir()
            fault_point("start")
            con = duckdb.connect()
            try:
                tables = {str(k): int(v) for k, v in spec.write(con, work).items()}
            finally:
                con.close()
            if pending is not None:
                spec = dataclasses.replace(spec, content_hash=pending.result())
                pending = None
            assert spec.content_hash is not None
            sizes = {}
            for name in tables:
                f = work / f"{name}.parquet"
                if not _TABLE_NAME.fullmatch(name) or not f.is_file():
                    raise StoreError(
                        f"the reader of {spec.id!r} reported table {name!r} but wrote no {f.name}"
                    )
                _fsync_file(f)
                sizes[name] = f.stat().st_size
            _fsync_dir(work)
            fault_point("written")
            with self._writer():
                fault_point("locked")
                self._sweep_locked()
                snap = self._snapshot(force=True)
                cur = snap.infos.get(spec.id)
                repaired = False
                if cur is not None and cur.content_hash == spec.content_hash:
                    if _damage(cur) is None:  # another process registered it meanwhile
                        return dataclasses.replace(cur, skipped=True)
                    repaired = True
                elif cur is not None and not replace:
                    raise _exists_error(spec.id)
                rel = Path("datasets") / spec.id / spec.content_hash[:16]
                final = self.home / rel
                final.parent.mkdir(parents=True, exist_ok=True)
                if final.exists() or final.is_symlink():  # damaged same-content version
                    os.replace(final, tmp / f"{token}.damaged")
                os.replace(work, final)
                _fsync_dir(final.parent)
                fault_point("after_move")
                now = datetime.now(UTC).replace(tzinfo=None)
                entry = {
                    "id": spec.id,
                    "kind": spec.kind,
                    "source": spec.source,
                    "vintage": spec.vintage,
                    "description": spec.description,
                    "coverage": spec.coverage,
                    "rows": sum(v for t, v in tables.items() if t not in spec.derived),
                    "content_hash": spec.content_hash,
                    "tables": tables,
                    "path": rel.as_posix(),
                    "reader": spec.reader,
                    "origin": spec.origin,
                    "ingested_at": now.isoformat(timespec="microseconds"),
                    "tradewinds_version": _version(),
                    "virtual": {t: dict(v) for t, v in spec.virtual.items()},
                    "sizes": sizes,
                }
                entries = dict(snap.entries)
                entries[spec.id] = entry
                self._write_catalog(entries, token)
                fault_point("committed")
                if cur is not None and cur.path != final and cur.path.exists():
                    os.replace(cur.path, tmp / f"{token}.replaced")
                fault_point("cleaned")
                result = dataclasses.replace(_entry_to_info(self.home, entry), repaired=repaired)
        except BaseException:
            if pending is not None:
                pending.cancel()
            raise
        finally:
            for p in (work, tmp / f"{token}.damaged", tmp / f"{token}.replaced"):
                if p.exists() or p.is_symlink():
                    _rmtree(p)
            owner.release()
            with suppress(FileNotFoundError):
                owner_path.unlink()
        assert result is not None
        return result

    def remove(self, dataset_id: str) -> DatasetInfo:
        """Unregister a dataset (one catalog commit), then delete its files."""
        with self._writer():
            snap = self._snapshot(force=True)
            info = snap.infos.get(dataset_id)
            if info is None:
                raise self._unknown(dataset_id, list(snap.infos))
            entries = {k: v for k, v in snap.entries.items() if k != dataset_id}
            self._write_catalog(entries, f"remove{uuid.uuid4().hex[:12]}")
            fault_point("remove_committed")
            _rmtree(info.path)
            with suppress(OSError):
                if not any(info.path.parent.iterdir()):
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
        return _relation_sql(info, table, self.table_path(dataset_id, table))

    def _db(self) -> duckdb.DuckDBPyConnection:
        """The in-memory engine for reads, with one view per dataset table ("ID/TABLE")."""
        snap = self._snapshot()
        with self._state:
            if self._engine is None:
                self._engine = duckdb.connect()
                with suppress(duckdb.Error):
                    self._engine.execute("SET parquet_metadata_cache = true")
            if self._views_stamp != snap.stamp:
                want: dict[str, str] = {}
                for d in snap.ordered:
                    for t in d.tables:
                        want[f"{d.id}/{t}"] = _relation_sql(d, t, d.table_path(t))
                for name in self._views - set(want):
                    self._engine.execute(f"DROP VIEW IF EXISTS {_ident(name)}")
                self._broken = {}
                for name, sql in want.items():
                    self._create_view(name, sql)
                self._views = set(want)
                self._views_stamp = snap.stamp
            return self._engine.cursor()

    def _create_view(self, name: str, sql: str) -> None:
        assert self._engine is not None
        try:
            self._engine.execute(f"CREATE OR REPLACE VIEW {_ident(name)} AS {sql}")
            self._broken.pop(name, None)
        except duckdb.Error as exc:  # its file is missing or damaged: reads of it say so
            self._engine.execute(f"DROP VIEW IF EXISTS {_ident(name)}")
            self._broken[name] = str(exc).splitlines()[0]

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor with one view per dataset table, named ``"ID/TABLE"``.

        e.g. ``store.connect().sql('SELECT * FROM "world2023/flows"')``.
        """
        return self._db()

    def _run(
        self, sql: str, params: Sequence[Any] | None, datasets: Sequence[str] = ()
    ) -> pd.DataFrame:
        """Run a read; if a file vanished under it (replaced meanwhile), re-read the catalog
        once; a file that is really missing is a StoreError with the fix."""
        for attempt in range(2):
            cur = self._db()
            try:
                return cur.execute(sql, list(params or [])).df()
            except duckdb.IOException as exc:
                if attempt == 0:
                    self._snap = None
                    continue
                raise self._damaged_error(datasets, exc) from None
            finally:
                cur.close()
        raise AssertionError("unreachable")  # pragma: no cover

    def _damaged_error(self, datasets: Sequence[str], exc: Exception) -> StoreError:
        for dsid in datasets or [d.id for d in self.datasets()]:
            info = self._snapshot().infos.get(dsid)
            problem = _damage(info) if info is not None else None
            if info is not None and problem:
                return _damaged(info, problem)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return StoreError(
            f"cannot read the store's files ({first}). Fix: check the disk, and ingest the "
            "dataset again with `tradewinds data ingest … --replace`"
        )

    def _view(self, dataset_id: str, table: str) -> str:
        """The quoted view name of a dataset table, after checking that it can be read."""
        info = self.info(dataset_id)
        if table not in info.tables:
            raise StoreError(
                f"dataset {dataset_id!r} has no table {table!r} (it has {sorted(info.tables)})"
            )
        name = f"{dataset_id}/{table}"
        if name in self._broken:
            problem = _damage(info)
            if problem:
                raise _damaged(info, problem)
            with self._state:  # restored since: bind the view again
                self._db().close()
                self._create_view(name, _relation_sql(info, table, info.table_path(table)))
            if name in self._broken:
                raise _damaged(info, f"its file cannot be read ({self._broken[name]})")
        return _ident(name)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the views ``"ID/TABLE"`` (see :meth:`connect`)."""
        try:
            return self._run(sql, params)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            broken = sorted({n.split("/")[0] for n in self._broken})
            fix = (
                f"dataset(s) {', '.join(broken)} cannot be read: ingest them again with --replace"
                if broken
                else 'check the SQL (tables are named "ID/TABLE", e.g. "world2023/flows")'
            )
            raise StoreError(f"the query failed ({first}). Fix: {fix}") from None

    def read(
        self,
        dataset_id: str,
        table: str = "flows",
        where: str = "",
        params: Sequence[Any] | None = None,
        *,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Rows of one table, optionally filtered by a SQL ``where`` with ``?`` params
        and cut to ``columns`` (reading fewer columns is faster)."""
        cols = ", ".join(_ident(c) for c in columns) if columns else "*"
        self._db().close()  # views current (a cursor costs microseconds)
        sql = f"SELECT {cols} FROM {self._view(dataset_id, table)}"
        if where:
            sql += f" WHERE {where}"
        return self._run(sql, params, [dataset_id])

    def sum_flows(
        self, dataset_id: str, where: str = "", params: Sequence[Any] | None = None
    ) -> pd.DataFrame:
        """Flows summed over the products of each code length, in DuckDB.

        One row per period, partner pair, reporter, source and product-code length
        (``TOTAL`` rows apart) with ``value_usd`` summed and ``product`` the first
        code of that length: every all-goods total (``accounting.goods_totals``)
        comes out the same as from the product rows, from a frame of a few rows
        instead of thousands. Quantity and unit are left empty (units differ).
        ``where`` may use the key columns (period, year, month, exporter, importer,
        flow_reporter …), not product or value. Datasets that carry a ``totals``
        table (BACI: sums per year and pair, made during ingest) are answered from it
        without touching the product rows.
        """
        self._db().close()
        info = self.info(dataset_id)
        keys = ["period", "freq", "year", "month", "fy_start_month", "exporter", "importer",
                "hs_version", "flow_reporter", "source", "vintage"]  # fmt: skip
        level = "CASE WHEN product = 'TOTAL' THEN 0 ELSE length(product) END"
        cond = f" WHERE {where}" if where else ""
        order = f" ORDER BY {', '.join(keys)}, {level}"
        if "totals" in info.tables:  # already one row per key and code length
            view = self._view(dataset_id, "totals")
            sql = f"SELECT {', '.join(FLOW_COLUMNS)} FROM {view}{cond}{order}"
            return self._run(sql, params, [dataset_id])
        view = self._view(dataset_id, "flows")
        cols = []
        for c in FLOW_COLUMNS:
            if c in keys:
                cols.append(c)
            elif c == "product":
                cols.append("min(product) AS product")
            elif c == "value_usd":
                cols.append("sum(value_usd) AS value_usd")
            else:
                cols.append(f"CAST(NULL AS {FLOW_COLUMNS[c]}) AS {c}")
        sql = f"SELECT {', '.join(cols)} FROM {view}{cond} GROUP BY {', '.join(keys)}, {level}"
        return self._run(sql + order, params, [dataset_id])


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
