"""DuckDB's CSV errors on a BACI file as typed errors: what, line, column and a fix."""

from __future__ import annotations

import re

import duckdb

from tradewinds.errors import DataValidationError
from tradewinds.io.validate import show

_FIX_LAYOUT = "a BACI file has the header t,i,j,k,v,q"


_WHAT = {
    "t": ("the year", "give the year as four digits"),
    "i": ("the exporter code", "give BACI's numeric country code (India is 699)"),
    "j": ("the importer code", "give BACI's numeric country code (India is 699)"),
    "k": ("the HS code", "give a 6-digit HS code"),
    "v": ("the value", "give the value in thousands of USD as a plain number"),
    "q": ("the quantity", "give the quantity in metric tons as a plain number, or leave it empty"),
}


def _gzip_error(file: str, exc: BaseException) -> DataValidationError:
    return DataValidationError(
        f"the gzip file is truncated or damaged ({str(exc).splitlines()[0] if str(exc) else exc})",
        file=file,
        fix="download or copy it again (`gzip -t FILE` tests it)",
    )


def _csv_error(exc: duckdb.Error, file: str, header: list[str], gz: bool) -> DataValidationError:
    """DuckDB's CSV error as a typed error: what, line, column and a fix that fits."""
    msg = str(exc)
    low = msg.lower()
    m_line = re.search(r"Line: (\d+)", msg)
    line = int(m_line.group(1)) if m_line else None
    if "gzip" in low or (gz and isinstance(exc, duckdb.IOException)):
        return _gzip_error(file, exc)
    col = re.search(r'converting column "([^"]+)"', msg)
    if col:
        name = col.group(1)
        val = re.search(r'Could not convert string "([^"]*)"', msg)
        what, fix = _WHAT.get(name, (f"column {name!r}", "give a plain number"))
        shown = show(val.group(1)) if val else "(unreadable)"
        problem = (
            f"{what} {shown} is out of range"
            if name in {"t", "i", "j"} and val and re.fullmatch(r"-?\d+", val.group(1).strip())
            else f"{what} {shown} is not a number"
        )
        return DataValidationError(problem, file=file, row=line, column=name, fix=fix)
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", msg)
    if counts:
        m, n = int(counts.group(1)), int(counts.group(2))
        if n < m:
            return DataValidationError(
                f"the row has {n} field{'s' if n != 1 else ''}, the header {m}: "
                f"{', '.join(map(repr, header[n:]))} missing",
                file=file,
                row=line,
                column=header[n] if n < len(header) else None,
                fix="give every row the 6 fields t,i,j,k,v,q; check for a cut-off line",
            )
        return DataValidationError(
            f"the row has {n} fields, the header {m}",
            file=file,
            row=line,
            fix="give every row the 6 fields t,i,j,k,v,q; quote nothing (BACI has no text)",
        )
    if "unterminated quote" in low or "quote" in low:
        return DataValidationError(
            "a quoted value is never closed (unclosed '\"')",
            file=file,
            row=line,
            fix="remove the stray '\"' (BACI values need no quotes)",
        )
    if "unicode" in low or "utf-8" in low or "utf8" in low:
        return DataValidationError(
            "the line is not UTF-8 text",
            file=file,
            row=line,
            fix="BACI files are ASCII: re-download the file (it may be damaged)",
        )
    first = msg.splitlines()[0] if msg else "unreadable CSV"
    first = re.sub(r"^[A-Za-z ]+Error: ", "", first)
    return DataValidationError(
        f"cannot read the CSV ({first})",
        file=file,
        row=line,
        fix=f"{_FIX_LAYOUT}, comma-separated, one record per line",
    )
