"""CEPII BACI HS6 CSV files: ``t,i,j,k,v,q`` (year, exporter, importer, product,
value in thousands of USD, quantity in metric tons).

BACI uses its own numeric country codes (India 699, USA 842; see the release's
``country_codes_V*.csv``). Product codes are kept as zero-padded 6-digit strings.
The whole file is parsed, validated and written to Parquet by DuckDB in one pass,
so a 10-million-row release file ingests at close to DuckDB's own speed.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.codes import countries
from tradewinds.io.store import DatasetSpec, file_hash

BACI_COLUMNS = ["t", "i", "j", "k", "v", "q"]


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
    if not path.is_file():
        raise DataValidationError(
            "file not found",
            file=str(path),
            fix="give the path of a BACI_HSxx_Yyyyy_V2025xx.csv file",
        )
    m = re.search(r"BACI_(HS\d\d)_Y(\d{4})_V(\d{6})", path.name)
    if m:
        hs_version = m.group(1)
        vintage = vintage or f"BACI V{m.group(3)}"
    vintage = vintage or "BACI (release not stated)"
    dsid = dataset_id or re.sub(r"[^A-Za-z0-9_.-]", "-", path.name.split(".")[0].lower())

    def write(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
        return _write_baci(con, path, folder, hs_version=hs_version, vintage=vintage)

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
            }
        },
    )


def _csv_error(exc: duckdb.Error, file: str) -> DataValidationError:
    msg = str(exc)
    line = re.search(r"Line: (\d+)", msg)
    col = re.search(r'converting column "([^"]+)"', msg)
    val = re.search(r'Could not convert string "([^"]*)"', msg)
    if col:
        return DataValidationError(
            f"value {val.group(1) if val else ''!r} is not a number",
            file=file,
            row=int(line.group(1)) if line else None,
            column=col.group(1),
            fix="give plain numbers in t, i, j, v (and q, or leave q empty)",
        )
    first = msg.splitlines()[0] if msg else "unreadable CSV"
    return DataValidationError(
        f"cannot parse the CSV ({first})",
        file=file,
        row=int(line.group(1)) if line else None,
        fix="check the delimiter (comma) and the number of fields",
    )


_READ_TYPES = {
    "t": "INTEGER",
    "i": "INTEGER",
    "j": "INTEGER",
    "k": "VARCHAR",
    "v": "DOUBLE",
    "q": "DOUBLE",
}


def _read_csv_sql(path: Path, header: list[str], q_type: str = "DOUBLE") -> str:
    kinds = {**_READ_TYPES, "q": q_type}
    types = ", ".join(f"'{c}': '{kinds.get(c, 'VARCHAR')}'" for c in header)
    return (
        f"read_csv({_sql_str(path)}, header=true, columns={{{types}}}, nullstr=['', 'NA', 'NaN'])"
    )


def _write_baci(
    con: duckdb.DuckDBPyConnection, path: Path, folder: Path, *, hs_version: str, vintage: str
) -> dict[str, int]:
    """One pass CSV → Parquet (parse, map codes, scale), then checks on the Parquet.

    Only when a check fails is the CSV read again, with line numbers, to name the
    first offending row: the common path pays for validation with one columnar scan.
    """
    file = str(path)
    try:
        header = (
            con.execute(
                f"SELECT * FROM read_csv({_sql_str(path)}, header=true, all_varchar=true) LIMIT 0"
            )
            .df()
            .columns.tolist()
        )
    except duckdb.Error as exc:
        raise _csv_error(exc, file) from exc
    header = [h.strip() for h in header]
    missing = [c for c in BACI_COLUMNS if c not in header]
    if missing:
        raise DataValidationError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"(found {', '.join(map(repr, header))})",
            file=file, row=1, column=missing[0], fix="a BACI file has the header t,i,j,k,v,q",
        )  # fmt: skip
    con.register("cmap_df", countries().baci_map)
    con.execute(
        "CREATE TEMP TABLE cmap AS SELECT CAST(baci_code AS INTEGER) AS baci_code, "
        "iso3 FROM cmap_df"
    )
    target = folder / "flows.parquet"
    try:
        con.execute(
            "COPY (SELECT raw.t AS year, e.iso3 AS exporter, m.iso3 AS importer, "
            "raw.k AS product, raw.v * 1000.0 AS value_usd, raw.q AS quantity "
            f"FROM {_read_csv_sql(path, header)} raw "
            "LEFT JOIN cmap e ON raw.i = e.baci_code LEFT JOIN cmap m ON raw.j = m.baci_code) "
            f"TO {_sql_str(target)} (FORMAT parquet, COMPRESSION zstd)"
        )
    except duckdb.ConversionException:
        _locate_error(con, path, header)  # names the row; raises
        raise
    except duckdb.Error as exc:
        raise _csv_error(exc, file) from exc
    # min/max/null counts come from the Parquet metadata (nearly free); the product
    # codes are checked on their distinct values; one hash aggregate finds duplicates
    src = f"read_parquet({_sql_str(target)})"
    stats = con.execute(
        "SELECT count(*), min(year), max(year), min(value_usd), max(value_usd), "
        "count(value_usd), count(exporter), count(importer), count(product) "
        f"FROM {src}"
    ).fetchone()
    assert stats is not None
    n, y0, y1, v0, v1, nv, ne, ni, nk = stats
    bad = n and (y0 is None or y0 < 1900 or y1 > 2100 or v0 is None or v0 < 0
                 or v1 != v1 or min(nv, ne, ni, nk) < n)  # fmt: skip
    if not bad:
        products = [r[0] for r in con.execute(f"SELECT DISTINCT product FROM {src}").fetchall()]
        bad = any(len(k) != 6 or not k.isdigit() for k in products)
    if not bad:
        dups = con.execute(
            "SELECT count(*) FROM (SELECT hash(year, exporter, importer, product) AS h "
            f"FROM {src} GROUP BY h HAVING count(*) > 1)"
        ).fetchone()
        bad = dups is None or int(dups[0]) > 0  # a hash collision only costs the slow path
    if bad:
        _locate_error(con, path, header)
    return {"flows": n}


_VIRTUAL_BACI = {
    "period": "CAST(year AS VARCHAR)",
    "freq": "'A'",
    "month": "CAST(NULL AS INTEGER)",
    "fy_start_month": "CAST(NULL AS INTEGER)",
    "unit": "CASE WHEN quantity IS NULL THEN NULL ELSE 't' END",
    "flow_reporter": "'BACI'",
    "source": "'BACI'",
}


def _locate_error(con: duckdb.DuckDBPyConnection, path: Path, header: list[str]) -> None:
    """The slow path: read the CSV with line numbers and raise for the first bad row."""
    file = str(path)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT t, i, j, trim(k) AS k, v, "
            "  CASE WHEN trim(q) IN ('', 'NA', 'NaN') THEN NULL ELSE q END AS q_text "
            f"FROM {_read_csv_sql(path, header, q_type='VARCHAR')}"
        )
    except duckdb.Error as exc:
        raise _csv_error(exc, file) from exc
    # rowid follows the file order: rowid + 2 is the line (the header is line 1)
    checks = [
        ("t", "t IS NULL OR t < 1900 OR t > 2100", "year is missing or not a year",
         "give the year as four digits"),
        ("v", "v IS NULL OR v < 0 OR isnan(v)", "value is missing or negative",
         "give the value in thousands of USD as a non-negative number"),
        ("k", "k IS NULL OR NOT regexp_full_match(k, '[0-9]{6}')", "HS code is not 6 digits",
         "keep HS codes as zero-padded 6-digit text (a spreadsheet that drops the leading "
         "zero turns 010121 into 10121)"),
        ("q", "q_text IS NOT NULL AND TRY_CAST(q_text AS DOUBLE) IS NULL",
         "quantity is not a number", "give the quantity in metric tons, or leave it empty"),
    ]  # fmt: skip
    union = " UNION ALL ".join(
        f"SELECT '{c}' AS col, min(rowid) AS r FROM raw WHERE {cond}" for c, cond, _, _ in checks
    )
    bad = con.execute(
        f"SELECT col, r FROM ({union}) WHERE r IS NOT NULL ORDER BY r LIMIT 1"
    ).fetchone()
    if bad is not None:
        col, r = bad
        spec = next(c for c in checks if c[0] == col)
        val = con.execute(
            f"SELECT CAST({col if col != 'q' else 'q_text'} AS VARCHAR) FROM raw "
            f"WHERE rowid = {int(r)}"
        ).fetchone()
        raise DataValidationError(
            f"{spec[2]} ({val[0] if val else None!r})", file=file, row=int(r) + 2, column=col,
            fix=spec[3],
        )  # fmt: skip
    for col in ("i", "j"):
        unk = con.execute(
            f"SELECT raw.{col}, min(raw.rowid) FROM raw LEFT JOIN cmap ON raw.{col} = "
            f"cmap.baci_code WHERE cmap.iso3 IS NULL GROUP BY raw.{col} ORDER BY 2 LIMIT 1"
        ).fetchone()
        if unk is not None:
            raise UnknownCodeError(
                "BACI country code", str(unk[0]), file=file, row=int(unk[1]) + 2, column=col,
                fix="use the country codes of the BACI release's country_codes_V*.csv "
                "(India is 699, the USA 842)",
            )  # fmt: skip
    dup = con.execute(
        "SELECT t, i, j, k, min(rowid), max(rowid) FROM raw GROUP BY t, i, j, k "
        "HAVING count(*) > 1 ORDER BY 6 LIMIT 1"
    ).fetchone()
    if dup is not None:
        t, i, j, k, first, second = dup
        raise DataValidationError(
            f"duplicated key (t, i, j, k) = ({t}, {i}, {j}, {k}), first seen at row {first + 2}",
            file=file, row=int(second) + 2, column="k",
            fix="keep one row per year, exporter, importer and product",
        )  # fmt: skip
    raise DataValidationError(
        "the file failed validation", file=file, fix="check it against the BACI layout t,i,j,k,v,q"
    )
