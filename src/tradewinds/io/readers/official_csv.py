"""What the readers of official CSV tables share: text columns, fiscal-year labels,
non-negative finite numbers and provisional flags, each refused with file, row and
column when malformed; and the rounding tolerance of partner sums."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.readers._common import numeric

_TRUE = {"true", "1", "yes", "y", "t", "provisional", "p"}
_FALSE = {"false", "0", "no", "n", "f", "final", ""}


def rounding_tolerance_usd(n_rows: int, decimals: int = 2) -> float:
    """Largest gap between a sum of ``n_rows`` values rounded to ``decimals`` places of a
    US$ million and the rounded true total: each row is off by at most half a unit of
    its last place, the total by another half: (n_rows + 1) × 0.5 × 10^-decimals US$ mn,
    returned in US dollars. The DGCI&S file itself adds up exactly (gap 0.000)."""
    return (n_rows + 1) * 0.5 * 10.0 ** (-decimals) * 1e6


def read_csv_text(path: Path, layout: str = "the documented layout") -> pd.DataFrame:
    """A CSV as text columns (lower-case names); a missing or unparsable file raises
    naming it (shared by the national and KNOMAD readers)."""
    file = str(path)
    if not path.is_file():
        raise DataValidationError(
            "file not found", file=file, fix=f"give the path of a CSV in {layout}"
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, EOFError, OSError) as exc:
        raise DataValidationError(
            f"cannot parse the CSV ({exc})", file=file, fix="save the file as comma-separated UTF-8"
        ) from exc
    raw.columns = [c.strip().lower() for c in raw.columns]
    return raw


def _fiscal_years(
    raw: pd.DataFrame, column: str, *, file: str, fy_start_month: int
) -> tuple[pd.Series, pd.Series]:
    """Start year and label ('FY2024-25') of each row; a malformed year raises with its row."""
    fy = raw[column].astype("string").str.strip().str.upper().str.replace(" ", "", regex=False)
    m = fy.str.extract(r"^(?:FY)?(\d{4})[-/](\d{2}|\d{4})$")
    start = pd.to_numeric(m[0], errors="coerce")
    end = pd.to_numeric(m[1], errors="coerce")
    ok = start.notna() & end.notna() & (end % 100 == (start + 1) % 100)
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        raise DataValidationError(
            f"fiscal year {raw[column].iloc[pos]!r} is not one year like 2024-25",
            file=file,
            row=pos + 2,
            column=column,
            fix="write the April–March year as 2024-25 (the second part is the next year)",
        )
    year = start.astype(int)
    label = "FY" + year.astype(str) + "-" + ((year + 1) % 100).map(lambda v: f"{v:02d}")
    if fy_start_month == 1:
        label = year.astype(str)
    return year, label


def finite_numbers(raw: pd.DataFrame, column: str, *, file: str, unit: str = "") -> pd.Series:
    """A column as non-negative finite floats: empty, text, negative (``numeric``) and
    infinite values raise with file, row (header = 1) and column."""
    values = numeric(raw, column, file=file, row_offset=2)
    bad = ~np.isfinite(values.to_numpy(dtype=float))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataValidationError(
            f"value {raw[column].iloc[pos]!r} is not a finite number",
            file=file,
            row=pos + 2,
            column=column,
            fix=f"give a plain non-negative number{' of ' + unit if unit else ''}",
        )
    return values


def _flags(raw: pd.DataFrame, column: str, *, file: str) -> pd.Series:
    if column not in raw:
        return pd.Series(False, index=raw.index)
    text = raw[column].astype("string").str.strip().str.lower()
    ok = text.isin(_TRUE | _FALSE)
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        raise DataValidationError(
            f"provisional flag {raw[column].iloc[pos]!r} is not True or False",
            file=file,
            row=pos + 2,
            column=column,
            fix="write True for a provisional year, False otherwise",
        )
    return text.isin(_TRUE)


def _money(raw: pd.DataFrame, column: str, *, file: str) -> pd.Series:
    return finite_numbers(raw, column, file=file, unit="US$ million") * 1e6
