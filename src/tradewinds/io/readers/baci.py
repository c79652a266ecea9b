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
_TYPES = {
    "t": "INTEGER",
    "i": "INTEGER",
    "j": "INTEGER",
    "k": "VARCHAR",
    "v": "DOUBLE",
    "q": "VARCHAR",
}


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
        content_hash=file_hash(path, extra=f"baci/v1/{hs_version}/{vintage}"),
        write=write,
        description=f"BACI bilateral trade by HS6 product ({hs_version})",
        coverage="BACI reconciled FOB values, calendar years",
        reader="baci",
        origin=str(path),
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


def _write_baci(
    con: duckdb.DuckDBPyConnection, path: Path, folder: Path, *, hs_version: str, vintage: str
) -> dict[str, int]:
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
            file=file,
            row=1,
            column=missing[0],
            fix="a BACI file has the header t,i,j,k,v,q",
        )
    types = ", ".join(f"'{c}': '{_TYPES.get(c, 'VARCHAR')}'" for c in header)
    try:
        con.execute(
            "CREATE TEMP TABLE raw AS SELECT t, i, j, trim(k) AS k, v, "
            "  CASE WHEN trim(q) IN ('', 'NA', 'NaN') THEN NULL ELSE q END AS q_text "
            f"FROM read_csv({_sql_str(path)}, header=true, columns={{{types}}}, "
            "nullstr=['', 'NA'])"
        )
    except duckdb.Error as exc:
        raise _csv_error(exc, file) from exc
    con.register("cmap", countries().baci_map)
    # one pass of checks over the parsed table; rowid + 2 is the file line (header = 1)
    checks = [
        (
            "t",
            "t IS NULL OR t < 1900 OR t > 2100",
            "year is missing or not a year",
            "give the year as four digits",
        ),
        (
            "v",
            "v IS NULL OR v < 0 OR isnan(v)",
            "value is missing or negative",
            "give the value in thousands of USD as a non-negative number",
        ),
        (
            "k",
            "k IS NULL OR NOT regexp_full_match(k, '[0-9]{6}')",
            "HS code is not 6 digits",
            "keep HS codes as zero-padded 6-digit text (a spreadsheet that drops the leading "
            "zero turns 010121 into 10121)",
        ),
        (
            "q",
            "q_text IS NOT NULL AND TRY_CAST(q_text AS DOUBLE) IS NULL",
            "quantity is not a number",
            "give the quantity in metric tons, or leave it empty",
        ),
    ]
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
            f"{spec[2]} ({val[0] if val else None!r})",
            file=file,
            row=int(r) + 2,
            column=col,
            fix=spec[3],
        )
    for col in ("i", "j"):
        unk = con.execute(
            f"SELECT raw.{col}, min(raw.rowid) FROM raw LEFT JOIN cmap ON raw.{col} = "
            f"cmap.baci_code WHERE cmap.iso3 IS NULL GROUP BY raw.{col} ORDER BY 2 LIMIT 1"
        ).fetchone()
        if unk is not None:
            raise UnknownCodeError(
                "BACI country code",
                str(unk[0]),
                file=file,
                row=int(unk[1]) + 2,
                column=col,
                fix="use the country codes of the BACI release's country_codes_V*.csv "
                "(India is 699, the USA 842)",
            )
    dup = con.execute(
        "SELECT t, i, j, k, min(rowid), max(rowid) FROM raw GROUP BY t, i, j, k "
        "HAVING count(*) > 1 ORDER BY 6 LIMIT 1"
    ).fetchone()
    if dup is not None:
        t, i, j, k, first, second = dup
        raise DataValidationError(
            f"duplicated key (t, i, j, k) = ({t}, {i}, {j}, {k}), first seen at row {first + 2}",
            file=file,
            row=int(second) + 2,
            column="k",
            fix="keep one row per year, exporter, importer and product",
        )
    n = con.execute("SELECT count(*) FROM raw").fetchone()
    target = _sql_str(folder / "flows.parquet")
    con.execute(
        f"COPY (SELECT CAST(t AS VARCHAR) AS period, 'A' AS freq, t AS year, "
        "CAST(NULL AS INTEGER) AS month, CAST(NULL AS INTEGER) AS fy_start_month, "
        "e.iso3 AS exporter, m.iso3 AS importer, k AS product, "
        f"'{hs_version}' AS hs_version, v * 1000.0 AS value_usd, "
        "CAST(q_text AS DOUBLE) AS quantity, CASE WHEN q_text IS NULL THEN NULL ELSE 't' END "
        "AS unit, 'BACI' AS flow_reporter, 'BACI' AS source, "
        f"{_sql_str(vintage)} AS vintage "
        "FROM raw JOIN cmap e ON raw.i = e.baci_code JOIN cmap m ON raw.j = m.baci_code) "
        f"TO {target} (FORMAT parquet, COMPRESSION zstd)"
    )
    con.unregister("cmap")
    return {"flows": int(n[0]) if n else 0}
