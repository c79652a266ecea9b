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
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tradewinds.config import get_settings
from tradewinds.errors import StoreError, UnknownCodeError
from tradewinds.io.store_read import StoreReads
from tradewinds.io.store_types import (
    _TABLE_NAME,
    CATALOG,
    CATALOG_FORMAT,
    FAULT_POINTS,
    LEGACY_CATALOG,
    LOCK,
    DatasetInfo,
    DatasetSpec,
    Writer,
    _check_id,
    _damage,
    _entry_to_info,
    _exists_error,
    _fsync_dir,
    _fsync_file,
    _rmtree,
    _version,
    check_frame_finite,
    fault_point,
    file_hash,
    frame_hash,
    sql_literal,
    write_frames,
)

__all__ = [
    "FAULT_POINTS",
    "DatasetInfo",
    "DatasetSpec",
    "TradeStore",
    "Writer",
    "check_frame_finite",
    "fault_point",
    "file_hash",
    "frame_hash",
    "sql_literal",
    "write_frames",
]


@dataclass(frozen=True, slots=True)
class _Snapshot:
    stamp: tuple[int, int, int] | None
    entries: dict[str, dict[str, Any]]
    infos: dict[str, DatasetInfo]
    ordered: list[DatasetInfo]
    content_hash: str


class TradeStore(StoreReads):
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
