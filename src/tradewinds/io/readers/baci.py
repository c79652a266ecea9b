"""CEPII BACI HS6 CSV files: ``t,i,j,k,v,q`` (year, exporter, importer, product,
value in thousands of USD, quantity in metric tons).

BACI uses its own numeric country codes (India 699, USA 842; see the release's
``country_codes_V*.csv``). Product codes are kept as zero-padded 6-digit strings.

One pass: DuckDB parses the CSV (typed, strict) into Arrow batches in file order,
and each batch is checked, totalled and written to Parquet as it comes
(:mod:`~tradewinds.io.readers.baci_pass`): empty fields, years, country codes, HS
codes, finite non-negative numbers, unique keys (BACI files are grouped by year,
exporter and importer, with products increasing: a comparison of neighbouring rows)
and the all-goods totals per pair, with no second read of the data. Only when a
check fails is the CSV read again, with line numbers, to name the first offending
row; only a file in another order is checked for duplicates with a hash aggregate.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import queue
import re
import threading
import zlib
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.codes import countries
from tradewinds.io.readers.baci_errors import (  # noqa: F401 (re-exported)
    _FIX_LAYOUT,
    _WHAT,
    _csv_error,
    _gzip_error,
)
from tradewinds.io.readers.baci_pass import (
    _BATCH_ROWS,
    _ROW_GROUP_ROWS,
    FLOWS_SCHEMA,
    PARQUET_WRITER,
    _check_batch,
    _finish_totals,
    _Pass,
)
from tradewinds.io.store import DatasetSpec, file_hash
from tradewinds.io.store_types import id_from_name
from tradewinds.io.validate import check_file, decode_text, refuse_archive, show, sniff_compression

BACI_COLUMNS = ["t", "i", "j", "k", "v", "q"]
#: Parquet format of the flows file: V2 data pages write string columns ~15% faster
#: than V1 (files ~20% larger); bloom filters and statistics are kept, so filtered
#: reads stay as fast. DuckDB, pyarrow and Spark read V2 pages.
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2"
_MAX_USD = float(np.finfo("float64").max)
#: checked batches waiting for the writer (DuckDB hands over ~240k rows at a time):
#: two keep the writer fed; more only left it a longer tail to write alone after
#: the parse ended (4: ~0.12 s of one busy core, 1: ~0.035 s)
_QUEUED = 2


def _sql_str(p: Path | str) -> str:
    return "'" + str(p).replace("'", "''") + "'"


def read_baci(
    path: Path | str,
    *,
    dataset_id: str | None = None,
    hs_version: str = "HS17",
    vintage: str | None = None,
) -> DatasetSpec:
    """A BACI CSV (optionally gzipped) as a dataset; ``hs_version`` e.g. HS92, HS17, HS22."""
    path = Path(path)
    check_file(path, what="a BACI_HSxx_Yyyyy_V2025xx.csv file")
    kind = sniff_compression(path)
    if kind not in (None, "gzip"):
        refuse_archive(path, kind, member_hint="the BACI_HSxx_Yyyyy_V*.csv of the year you want")
    m = re.search(r"BACI_(HS\d\d)_Y(\d{4})_V(\d{6})", path.name)
    if m:
        hs_version = m.group(1)
        vintage = vintage or f"BACI V{m.group(3)}"
    vintage = vintage or "BACI (release not stated)"
    dsid = dataset_id or id_from_name(path.name.split(".")[0])

    def write(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
        return _write_baci(con, path, folder)

    return DatasetSpec(
        id=dsid,
        kind="flows",
        source="CEPII BACI",
        vintage=vintage,
        content_hash=None,
        hash_fn=lambda: file_hash(path, extra=f"baci/v2/{hs_version}/{vintage}"),
        write=write,
        description=f"BACI bilateral trade by HS6 product ({hs_version})",
        coverage="BACI reconciled FOB values, calendar years",
        reader="baci",
        origin=str(path),
        virtual={
            "flows": {
                **_VIRTUAL_BACI,
                "hs_version": _sql_str(hs_version),
                "vintage": _sql_str(vintage),
            },
            "totals": {
                **_VIRTUAL_BACI,
                "hs_version": _sql_str(hs_version),
                "vintage": _sql_str(vintage),
                "quantity": "CAST(NULL AS DOUBLE)",
                "unit": "CAST(NULL AS VARCHAR)",
            },
        },
        derived=("totals",),
    )


_VIRTUAL_BACI = {
    "period": "CAST(year AS VARCHAR)",
    "freq": "'A'",
    "month": "CAST(NULL AS INTEGER)",
    "fy_start_month": "CAST(NULL AS INTEGER)",
    "unit": "CASE WHEN quantity IS NULL THEN NULL ELSE 't' END",
    "flow_reporter": "'BACI'",
    "source": "'BACI'",
}

_READ_TYPES = {
    "t": "INTEGER",
    "i": "INTEGER",
    "j": "INTEGER",
    "k": "VARCHAR",
    "v": "DOUBLE",
    "q": "DOUBLE",
}


# --------------------------------------------------------------------------- header


def _open_text(path: Path) -> io.TextIOBase:
    raw: Any = gzip.open(path, "rb") if sniff_compression(path) == "gzip" else path.open("rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _read_header(path: Path) -> list[str]:
    file = str(path)
    try:
        if sniff_compression(path) == "gzip":
            with gzip.open(path, "rb") as fh:
                head = fh.read(1 << 16)
        else:
            with path.open("rb") as fh:
                head = fh.read(1 << 16)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise _gzip_error(file, exc) from None
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        raise DataValidationError(
            "the file is UTF-16 text; BACI files are plain ASCII/UTF-8",
            file=file,
            row=1,
            fix="save it as UTF-8 CSV (e.g. `iconv -f utf-16 -t utf-8 IN > OUT`)",
        )
    first = head.split(b"\n", 1)[0]
    if not first.strip():
        raise DataValidationError(
            "the file has no header line (it starts with a blank line or is empty)",
            file=file,
            row=1,
            fix=_FIX_LAYOUT,
        )
    text = decode_text(first, file=file, what="the header")
    try:
        header = next(csv.reader([text.lstrip("\ufeff").rstrip("\r")], strict=True))
    except (csv.Error, StopIteration):
        header = []
    header = [h.strip() for h in header]
    for n, h in enumerate(header):
        if h in header[:n]:
            raise DataValidationError(
                f"column {h!r} appears twice in the header",
                file=file,
                row=1,
                column=h,
                fix=_FIX_LAYOUT,
            )
    missing = [c for c in BACI_COLUMNS if c not in header]
    if missing:
        raise DataValidationError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"(found {', '.join(map(repr, header)) or 'none'})",
            file=file, row=1, column=missing[0], fix=_FIX_LAYOUT,
        )  # fmt: skip
    return header


# --------------------------------------------------------------------------- errors


# --------------------------------------------------------------------------- writing


def _iso_setup(con: duckdb.DuckDBPyConnection) -> None:
    """``iso(c)``: BACI code → ISO3 as an ENUM value (NULL where unknown).

    A list lookup (built by a query in a few ms, not parsed as a literal), cast to
    text for writing: an ENUM written as is would lose the Parquet bloom filters
    that make filtered reads ~10× faster.
    """
    m = countries().baci_map
    codes = [int(c) for c in m["baci_code"]]
    isos = [str(c) for c in m["iso3"]]
    top = max(codes)
    names = ", ".join(f"'{c}'" for c in sorted(set(isos)))
    con.execute(f"CREATE TYPE iso3_t AS ENUM ({names})")
    con.execute(
        "SET VARIABLE baci_iso3 = (SELECT list(CAST(t.iso AS iso3_t) ORDER BY r.range) "
        "FROM range(?) r LEFT JOIN (SELECT unnest(?) AS code, unnest(?) AS iso) t "
        "ON t.code = r.range)",
        [top + 1, codes, isos],
    )
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO iso(c) AS "
        f"CASE WHEN c BETWEEN 0 AND {top} THEN getvariable('baci_iso3')[c + 1] END"
    )


def _read_csv_sql(path: Path, header: list[str], *, q_type: str = "DOUBLE") -> str:
    kinds = {**_READ_TYPES, "q": q_type}
    types = ", ".join(f"{_sql_str(c)}: '{kinds.get(c, 'VARCHAR')}'" for c in header)
    return (
        f"read_csv({_sql_str(path)}, header=true, auto_detect=false, delim=',', quote='\"', "
        f"escape='\"', strict_mode=true, null_padding=false, columns={{{types}}}, "
        "nullstr=['', 'NA', 'NaN'])"
    )


def _write_baci(con: duckdb.DuckDBPyConnection, path: Path, folder: Path) -> dict[str, int]:
    """One pass: DuckDB parses the CSV (typed, strict) into Arrow batches in file order;
    each batch is checked and totalled in numpy (:func:`_check_batch`) and written to
    Parquet as it comes. Only when a check fails is the CSV read again (to name the
    row), and only a file in another order than BACI's is checked again for keys."""
    file = str(path)
    gz = sniff_compression(path) == "gzip"
    header = _read_header(path)
    target = folder / "flows.parquet"
    state = _Pass()
    try:
        reader = con.sql(
            f"SELECT t, i, j, k, v * 1000.0 AS v, q FROM {_read_csv_sql(path, header)}"
        ).to_arrow_reader(_BATCH_ROWS)
    except duckdb.Error as exc:
        raise _csv_error(exc, file, header, gz) from None
    try:
        with pq.ParquetWriter(target, FLOWS_SCHEMA, **PARQUET_WRITER) as writer:
            _check_and_write(reader, writer, state, file, header, gz)
    finally:
        reader.close()
    if not state.ok:
        _iso_setup(con)
        _locate_error(con, path, header)  # raises; a false alarm rewrites exactly
        return _write_exact(con, path, header, folder)
    if state.n == 0:
        raise DataValidationError(
            "the file has a header but no data rows",
            file=file,
            row=2,
            fix="check the download: a BACI year file has millions of rows",
        )
    totals = _finish_totals(state)
    if totals is None:  # a (year, exporter, importer) in two runs: decide exactly
        _iso_setup(con)
        _check_products_and_duplicates(con, path, header, target)
        totals = _totals_sql(con, target)
    _write_totals(con, totals, folder)
    return {"flows": state.n, "totals": len(totals)}


def _check_and_write(
    reader: Any, writer: Any, state: _Pass, file: str, header: list[str], gz: bool
) -> None:
    """Check each parsed batch here while a thread writes the ones before it (pyarrow
    encodes without the GIL: on two idle cores the pass took 2.0-2.1 s instead of
    2.3-2.6 s for 10M rows). A write error is raised here; so is a parse error."""
    todo: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=_QUEUED)
    failed: list[BaseException] = []

    def drain() -> None:
        while (batch := todo.get()) is not None:
            if failed:
                continue  # keep taking batches: the checking side never blocks
            try:
                writer.write_batch(batch, row_group_size=_ROW_GROUP_ROWS)
            except BaseException as exc:  # raised in the calling thread below
                failed.append(exc)

    thread = threading.Thread(target=drain, name="tradewinds-baci-writer", daemon=True)
    thread.start()
    try:
        while not failed and (batch := _next_batch(reader, file, header, gz)) is not None:
            if not batch.num_rows:
                continue
            out = _check_batch(state, batch)
            if out is None:
                break  # a row fails a check: the slow path names it
            todo.put(out)
    finally:
        todo.put(None)
        thread.join()
    if failed:
        raise failed[0]


def _next_batch(reader: Any, file: str, header: list[str], gz: bool) -> pa.RecordBatch | None:
    """The next parsed batch, None at the end; DuckDB's errors met while parsing (which
    reach here through Arrow as OSError) as typed errors."""
    try:
        return reader.read_next_batch()
    except StopIteration:
        return None
    except (duckdb.Error, OSError, pa.ArrowException) as exc:
        if not isinstance(exc, duckdb.Error):  # the same error DuckDB raises on a COPY
            msg = str(exc)
            io_error = msg.startswith("IO Error")
            exc = (duckdb.IOException if io_error else duckdb.InvalidInputException)(msg)
        raise _csv_error(exc, file, header, gz) from None


def _write_totals(con: duckdb.DuckDBPyConnection, totals: pd.DataFrame, folder: Path) -> None:
    con.register("totals_frame", totals)
    con.execute(
        f"COPY (SELECT * FROM totals_frame) TO {_sql_str(folder / 'totals.parquet')} "
        "(FORMAT parquet, COMPRESSION zstd)"
    )
    con.unregister("totals_frame")


def _write_exact(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], folder: Path
) -> dict[str, int]:
    """The slow path for files the one-pass checks refused but no row fails exactly
    (e.g. HS codes with spaces around them): DuckDB writes, then checks the keys."""
    target = folder / "flows.parquet"
    select = (
        "SELECT t AS year, CAST(iso(i) AS VARCHAR) AS exporter, "
        "CAST(iso(j) AS VARCHAR) AS importer, k AS product, "
        f"v * 1000.0 AS value_usd, q AS quantity FROM {_read_csv_sql(path, header)}"
    )
    try:
        con.execute(f"COPY ({select}) TO {_sql_str(target)} ({PARQUET_OPTIONS})")
    except duckdb.Error as exc:
        raise _csv_error(exc, str(path), header, sniff_compression(path) == "gzip") from None
    _check_products_and_duplicates(con, path, header, target)
    totals = _totals_sql(con, target)
    _write_totals(con, totals, folder)
    n = _one(con.execute(f"SELECT count(*) FROM read_parquet({_sql_str(target)})"))
    return {"flows": int(n[0]) if n else 0, "totals": len(totals)}


def _one(res: duckdb.DuckDBPyConnection) -> Any:
    """The first row of a result (fetching all: DuckDB 2 wants results drained)."""
    rows = res.fetchall()
    return rows[0] if rows else None


def _products_ok(con: duckdb.DuckDBPyConnection, target: Path) -> bool:
    """Every product code 6 digits (checked on the distinct codes: a few thousand)."""
    rows = con.execute(f"SELECT DISTINCT product FROM read_parquet({_sql_str(target)})").fetchall()
    return all(isinstance(k, str) and len(k) == 6 and k.isdigit() and k.isascii() for (k,) in rows)


def _check_products_and_duplicates(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], target: Path
) -> None:
    """The exact checks for files the one-pass checks could not prove: raise or return."""
    src = f"read_parquet({_sql_str(target)})"
    dups = _one(
        con.execute(
            f"SELECT count(*) FROM (SELECT year, exporter, importer, product FROM {src} "
            "GROUP BY ALL HAVING count(*) > 1)"
        )
    )
    if not _products_ok(con, target) or dups is None or int(dups[0]) > 0:
        _locate_error(con, path, header)  # raises (a false alarm falls through)


def _totals_sql(con: duckdb.DuckDBPyConnection, target: Path) -> pd.DataFrame:
    return con.execute(
        "SELECT year, exporter, importer, min(product) AS product, sum(value_usd) AS value_usd "
        f"FROM read_parquet({_sql_str(target)}) GROUP BY ALL ORDER BY ALL"
    ).df()


# --------------------------------------------------------------------------- locating


def _record_lines(path: Path, records: list[int]) -> dict[int, int]:
    """The physical line of each 0-based record index (blank lines skipped, as DuckDB does)."""
    want = sorted(set(records))
    out: dict[int, int] = {}
    if not want:
        return out
    rec = -1
    try:
        with _open_text(path) as fh:
            for lineno, line in enumerate(fh, start=1):
                if lineno == 1 or not line.strip("\r\n"):
                    continue
                rec += 1
                if rec == want[len(out)]:
                    out[rec] = lineno
                    if len(out) == len(want):
                        break
    except (UnicodeDecodeError, EOFError, OSError, zlib.error):
        pass
    for r in want:
        out.setdefault(r, r + 2)
    return out


def _locate_error(con: duckdb.DuckDBPyConnection, path: Path, header: list[str]) -> None:
    """The slow path: read the CSV with record numbers and raise for the first bad row."""
    file = str(path)
    gz = sniff_compression(path) == "gzip"
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT row_number() OVER () - 1 AS rec, "
            "t, i, j, trim(k) AS k, v, "
            "CASE WHEN trim(q) IN ('', 'NA', 'NaN') THEN NULL ELSE q END AS q_text, "
            "TRY_CAST(q AS DOUBLE) AS qd "
            f"FROM {_read_csv_sql(path, header, q_type='VARCHAR')}"
        )
    except duckdb.Error as exc:
        raise _csv_error(exc, file, header, gz) from None
    checks = [
        ("t", "t IS NULL OR t < 1900 OR t > 2100", "the year {} is missing or not a year",
         "give the year as four digits (1900-2100)"),
        ("v", "v IS NULL", "the value is missing",
         "give the value in thousands of USD"),
        ("v", "isnan(v) OR isinf(v)", "the value {} is not a finite number",
         "give a plain finite number (no inf or NaN)"),
        ("v", "v < 0", "the value {} is negative",
         "give the value in thousands of USD as a non-negative number"),
        ("v", "isinf(v * 1000.0)",
         "the value {} (thousands of USD) overflows when converted to US dollars (×1000)",
         f"check the value: it must be below {_MAX_USD / 1000:.3g} thousand USD"),
        ("k", "k IS NULL OR NOT regexp_full_match(k, '[0-9]{6}')",
         "the HS code {} is not 6 digits",
         "keep HS codes as zero-padded 6-digit text (a spreadsheet that drops the leading "
         "zero turns 010121 into 10121)"),
        ("q", "q_text IS NOT NULL AND qd IS NULL", "the quantity {} is not a number",
         "give the quantity in metric tons, or leave it empty"),
        ("q", "isnan(qd) OR isinf(qd)", "the quantity {} is not a finite number",
         "give a plain finite number, or leave it empty"),
        ("q", "qd < 0", "the quantity {} is negative",
         "give the quantity in metric tons as a non-negative number, or leave it empty"),
        ("i", "iso(i) IS NULL", "unknown BACI country code {}", ""),
        ("j", "iso(j) IS NULL", "unknown BACI country code {}", ""),
    ]  # fmt: skip
    union = " UNION ALL ".join(
        f"SELECT {n} AS c, min(rec) AS r FROM raw WHERE {cond}"
        for n, (_, cond, _, _) in enumerate(checks)
    )
    bad = con.execute(f"SELECT c, r FROM ({union}) WHERE r IS NOT NULL ORDER BY r, c LIMIT 1")
    hit = _one(bad)
    if hit is not None:
        n, rec = int(hit[0]), int(hit[1])
        col, _, problem, fix = checks[n]
        expr = {"q": "q_text", "k": "k"}.get(col, col)
        val = _one(con.execute(f"SELECT {expr} FROM raw WHERE rec = {rec}"))
        shown = show(val[0]) if val else "(empty)"
        line = _record_lines(path, [rec])[rec]
        if col in {"i", "j"}:
            raise UnknownCodeError(
                "BACI country code", shown.strip("'"), file=file, row=line, column=col,
                fix="use the country codes of the BACI release's country_codes_V*.csv "
                "(India is 699, the USA 842)",
            )  # fmt: skip
        raise DataValidationError(problem.format(shown), file=file, row=line, column=col, fix=fix)
    dup = _one(
        con.execute(
            "SELECT t, i, j, k, min(rec), list(rec ORDER BY rec)[2] FROM raw "
            "GROUP BY t, i, j, k HAVING count(*) > 1 ORDER BY 6 LIMIT 1"
        )
    )
    if dup is not None:
        t, i, j, k, first, second = dup
        lines = _record_lines(path, [int(first), int(second)])
        raise DataValidationError(
            f"duplicated key (t, i, j, k) = ({t}, {i}, {j}, {k}), first seen at row "
            f"{lines[int(first)]}",
            file=file, row=lines[int(second)], column="k",
            fix="keep one row per year, exporter, importer and product",
        )  # fmt: skip
    return None  # a false alarm of the fast checks: the file is fine
