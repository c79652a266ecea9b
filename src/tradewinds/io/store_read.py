"""Reads of the store: one in-memory DuckDB engine with a view per dataset table,
queries, filtered reads and sums over products, each reporting a dataset whose files
went missing as a StoreError with the fix (never a DuckDB traceback)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
import pyarrow as pa

from tradewinds.errors import StoreError
from tradewinds.io.schema import FLOW_COLUMNS
from tradewinds.io.store_types import DatasetInfo, _damage, _damaged, _ident, _relation_sql

_MASKED = {  # DuckDB's .df() for integer and boolean columns that hold a NULL
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _plain(t: pa.DataType) -> bool:
    return (
        pa.types.is_integer(t)
        or pa.types.is_floating(t)
        or pa.types.is_boolean(t)
        or (pa.types.is_string(t) or pa.types.is_large_string(t))
    )


def _frame(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    """The rows as DuckDB's ``.df()`` gives them (the same dtypes), through Arrow: its
    strings reach pandas' Arrow-backed ``str`` columns without a Python object per value
    (a 48,000-row read of the case: 63 -> 18 ms). Empty results and columns of other
    types (dates, decimals, lists) take ``.df()`` itself."""
    tbl = cur.sql(sql, params=params).to_arrow_table()
    if tbl.num_rows == 0 or not all(_plain(f.type) for f in tbl.schema):
        return cur.execute(sql, params).df()
    df = tbl.to_pandas()
    for i, f in enumerate(tbl.schema):
        col = tbl.column(i)
        if not col.null_count:
            continue
        if f.type in _MASKED:  # .df() keeps the integers, with <NA>
            df[f.name] = col.to_pandas(types_mapper=_MASKED.get)
        elif col.null_count == len(col) and not pa.types.is_floating(f.type):
            df[f.name] = pd.Series([None] * len(col), dtype=object)  # .df(): all-NULL text
    return df


class StoreReads:
    """The read side of :class:`~tradewinds.io.store.TradeStore` (a mixin: the store
    supplies the catalog snapshot and the state below)."""

    _state: threading.RLock
    _engine: duckdb.DuckDBPyConnection | None
    _views_stamp: tuple[int, int, int] | bool | None
    _views: set[str]
    _broken: dict[str, str]
    _snap: Any

    if TYPE_CHECKING:

        def _snapshot(self, *, force: bool = False) -> Any: ...

        def info(self, dataset_id: str) -> DatasetInfo: ...

        def datasets(self) -> list[DatasetInfo]: ...

        def table_path(self, dataset_id: str, table: str = "flows") -> Any: ...

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
                return _frame(cur, sql, list(params or []))
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
        self,
        dataset_id: str,
        where: str = "",
        params: Sequence[Any] | None = None,
        *,
        columns: Sequence[str] | None = None,
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
        without touching the product rows. ``columns`` cuts the frame to those columns
        (fewer to convert: a pair's balance needs 11 of the 15).
        """
        self._db().close()
        info = self.info(dataset_id)
        keys = ["period", "freq", "year", "month", "fy_start_month", "exporter", "importer",
                "hs_version", "flow_reporter", "source", "vintage"]  # fmt: skip
        level = "CASE WHEN product = 'TOTAL' THEN 0 ELSE length(product) END"
        cond = f" WHERE {where}" if where else ""
        order = f" ORDER BY {', '.join(keys)}, {level}"
        wanted = list(FLOW_COLUMNS if columns is None else columns)
        unknown = [c for c in wanted if c not in FLOW_COLUMNS]
        if unknown:
            raise StoreError(f"sum_flows has no column(s) {unknown} (it has {list(FLOW_COLUMNS)})")
        if "totals" in info.tables:  # already one row per key and code length
            view = self._view(dataset_id, "totals")
            sql = f"SELECT {', '.join(wanted)} FROM {view}{cond}{order}"
            return self._run(sql, params, [dataset_id])
        view = self._view(dataset_id, "flows")
        cols = []
        for c in wanted:
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
