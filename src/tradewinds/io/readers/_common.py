"""Validation shared by the readers: every failure names file, row, column and fix.

``row_offset`` turns a frame position into a file line (2 when the header is line
1 and there are no blank lines); readers of CSVs read through
:func:`tradewinds.io.validate.read_csv_table` pass ``lines`` instead, the physical
line of every record, so rows are located exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.codes import countries
from tradewinds.io.validate import show

Lines = Sequence[int] | np.ndarray | None


def _line(pos: int, lines: Lines, row_offset: int) -> int:
    return int(lines[pos]) if lines is not None else int(pos) + row_offset


def require_columns(
    columns: Iterable[str], required: Sequence[str], *, file: str, row: int | None = 1
) -> None:
    have = list(columns)
    missing = [c for c in required if c not in have]
    if missing:
        raise DataValidationError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"(found {', '.join(map(repr, have)) or 'none'})",
            file=file,
            row=row,
            column=missing[0],
            fix=f"the file needs the columns {', '.join(required)}",
        )


def numeric(
    frame: pd.DataFrame,
    column: str,
    *,
    file: str,
    row_offset: int,
    nullable: bool = False,
    nonnegative: bool = True,
    lines: Lines = None,
    label: str | None = None,
) -> pd.Series:
    """Column as float; the first non-numeric, non-finite (or negative) value raises.

    ``label`` names the column in messages when it differs from ``column``.
    """
    raw = frame[column]
    name = label or column
    if pd.api.types.is_bool_dtype(raw):
        text = raw.astype("string")
        vals = pd.Series(np.nan, index=raw.index)
        bad_text = pd.Series(True, index=raw.index)
    elif pd.api.types.is_numeric_dtype(raw):
        vals = raw.astype("float64")
        bad_text = pd.Series(False, index=raw.index)
    else:
        obj = raw.astype(object)
        # only scalars: a list or dict (from JSON) is not a number
        nonscalar = obj.map(lambda v: isinstance(v, (list, dict, tuple, set, bool)))
        text = obj.where(~nonscalar, "\x00").astype("string").str.strip()
        vals = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
        bad_text = (vals.isna() & text.notna() & (text != "")) | nonscalar.astype(bool)
    arr = vals.to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(arr) & ~bad_text.to_numpy()
    bad = bad_text.to_numpy(dtype=bool) | np.isinf(arr)
    if not nullable:
        bad |= missing
    if nonnegative:
        bad |= arr < 0
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        value = raw.iloc[pos]
        if bad_text.iloc[pos]:
            what, fix = "is not a number", "give a plain number (no units or text)"
        elif np.isinf(arr[pos]):
            what, fix = (
                "is not a finite number",
                "give a plain finite number (no inf, NaN or values beyond ±1.8e308)",
            )
        elif missing[pos]:
            what, fix = "is empty", "fill the value or drop the row"
        else:
            what, fix = "is negative", "give a non-negative number"
        raise DataValidationError(
            f"value {show(value)} {what}",
            file=file,
            row=_line(pos, lines, row_offset),
            column=name,
            fix=fix,
        )
    return pd.Series(arr, index=raw.index, dtype="float64")


def hs_codes(
    frame: pd.DataFrame,
    column: str,
    *,
    lengths: Sequence[int],
    file: str,
    row_offset: int,
    lines: Lines = None,
    label: str | None = None,
) -> pd.Series:
    codes = frame[column].astype("string").str.strip()
    ok = codes.str.fullmatch(r"\d+").fillna(False) & codes.str.len().isin(list(lengths))
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        value = codes.iloc[pos]
        lens = " or ".join(map(str, lengths))
        raise DataValidationError(
            f"HS code {show(value)} must be {lens} digits",
            file=file,
            row=_line(pos, lines, row_offset),
            column=label or column,
            fix="keep HS codes as zero-padded text (a spreadsheet that drops the leading zero "
            "turns 010121 into 10121); re-export the file with the code column as text",
        )
    return codes


def country_codes(
    frame: pd.DataFrame,
    column: str,
    *,
    file: str,
    row_offset: int,
    how: str = "resolve",
    lines: Lines = None,
    label: str | None = None,
    aliases: dict[str, str] | None = None,
) -> pd.Series:
    """Map a column to ISO3: how = 'resolve' (codes and names), 'baci', 'm49' or
    'numeric' (Comtrade codes: 0 = World, then BACI, then M49). Bad codes are shown
    as the text in the file."""
    cc = countries()
    values = frame[column]
    uniques = pd.unique(values)
    mapping: dict[object, str] = {}
    kind = {
        "baci": "BACI country code",
        "m49": "country code (M49)",
        "numeric": "country code",
    }.get(how, "country")
    for u in uniques:
        text = "" if u is None or (isinstance(u, float) and np.isnan(u)) else str(u).strip()
        if aliases and text in aliases:
            mapping[u] = aliases[text]
            continue
        try:
            if not text:
                raise ValueError("empty")
            if how in {"baci", "m49", "numeric"}:
                num = float(text)
                if not num.is_integer():
                    raise ValueError(text)
                n = int(num)
                if how == "baci":
                    mapping[u] = cc.from_baci(n)
                elif how == "m49":
                    mapping[u] = cc.resolve(str(n))
                elif n == 0:
                    mapping[u] = "WLD"
                else:
                    try:
                        mapping[u] = cc.from_baci(n)
                    except UnknownCodeError:
                        mapping[u] = cc.resolve(str(n))
            else:
                mapping[u] = cc.resolve(text)
        except (UnknownCodeError, ValueError, TypeError, OverflowError):
            hit = values.astype(object).map(lambda v, u=u: v is u or v == u).to_numpy(bool)
            if not hit.any():  # NaN never equals itself
                hit = values.isna().to_numpy()
            pos = int(np.flatnonzero(hit)[0])
            close: list[str] = []
            if how == "resolve" and text:
                try:
                    cc.resolve(text)
                except UnknownCodeError as e:
                    close = e.suggestions
            raise UnknownCodeError(
                kind,
                text if text else "(empty)",
                suggestions=close,
                file=file,
                row=_line(pos, lines, row_offset),
                column=label or column,
                fix=(
                    f"did you mean {', '.join(close)}?"
                    if close
                    else "fill in the country"
                    if not text
                    else "use codes from the source's own country list "
                    "(`tradewinds codes countries` shows ISO3, M49 and BACI codes)"
                ),
            ) from None
    return values.map(mapping).astype("string")


def no_duplicates(
    frame: pd.DataFrame,
    key: Sequence[str],
    *,
    file: str,
    row_offset: int,
    columns_label: str | None = None,
    lines: Lines = None,
    column: str | None = None,
) -> None:
    dup = frame.duplicated(subset=list(key), keep="first")
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        first = frame[list(key)].iloc[pos]
        mask = (frame[list(key)] == first).all(axis=1).to_numpy()
        first_pos = int(np.flatnonzero(mask)[0])
        label = columns_label or ", ".join(key)
        raise DataValidationError(
            f"duplicated key ({label}) = ({', '.join(map(str, first.tolist()))}), "
            f"first seen at row {_line(first_pos, lines, row_offset)}",
            file=file,
            row=_line(pos, lines, row_offset),
            column=column or key[0],
            fix="keep one row per key (sum the duplicates upstream if they are partial values)",
        )


def empty_error(file: str, *, what: str = "rows") -> DataValidationError:
    return DataValidationError(
        f"no {what} left to store",
        file=file,
        fix="check the file: a dataset without rows adds nothing",
    )
