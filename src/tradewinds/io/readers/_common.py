"""Validation shared by the readers: every failure names file, row, column and fix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.codes import countries


def require_columns(columns: Iterable[str], required: Sequence[str], *, file: str) -> None:
    have = list(columns)
    missing = [c for c in required if c not in have]
    if missing:
        raise DataValidationError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"(found {', '.join(map(repr, have)) or 'none'})",
            file=file,
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
) -> pd.Series:
    """Column as float; the first non-numeric (or negative) value raises with its row."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        vals = raw.astype("float64")
        bad_text = pd.Series(False, index=raw.index)
    else:
        text = raw.astype("string").str.strip()
        vals = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
        bad_text = vals.isna() & text.notna() & (text != "")
    bad = bad_text.copy()
    if not nullable:
        bad |= vals.isna()
    if nonnegative:
        bad |= vals < 0
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        value = raw.iloc[pos]
        what = (
            "is empty"
            if pd.isna(value) or str(value).strip() == ""
            else ("is negative" if not bad_text.iloc[pos] else "is not a number")
        )
        raise DataValidationError(
            f"value {value!r} {what}",
            file=file,
            row=pos + row_offset,
            column=column,
            fix="give a plain non-negative number (no units or text)"
            if what != "is empty"
            else "fill the value or drop the row",
        )
    return vals.astype("float64")


def hs_codes(
    frame: pd.DataFrame, column: str, *, lengths: Sequence[int], file: str, row_offset: int
) -> pd.Series:
    codes = frame[column].astype("string").str.strip()
    ok = codes.str.fullmatch(r"\d+").fillna(False) & codes.str.len().isin(list(lengths))
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        value = codes.iloc[pos]
        lens = " or ".join(map(str, lengths))
        raise DataValidationError(
            f"HS code {value!r} must be {lens} digits",
            file=file,
            row=pos + row_offset,
            column=column,
            fix="keep HS codes as zero-padded text (a spreadsheet that drops the leading zero "
            "turns 010121 into 10121); re-export the file with the code column as text",
        )
    return codes


def country_codes(
    frame: pd.DataFrame, column: str, *, file: str, row_offset: int, how: str = "resolve"
) -> pd.Series:
    """Map a column to ISO3: how = 'resolve' (codes and names), 'baci' or 'm49'."""
    cc = countries()
    values = frame[column]
    uniques = pd.unique(values)
    mapping: dict[object, str] = {}
    for u in uniques:
        try:
            if how == "baci":
                mapping[u] = cc.from_baci(int(u))
            elif how == "m49":
                mapping[u] = cc.resolve(str(int(u)))
            else:
                mapping[u] = cc.resolve(str(u))
        except (UnknownCodeError, ValueError, TypeError):
            pos = int(
                np.flatnonzero(
                    (values == u).to_numpy() | (values.isna().to_numpy() if pd.isna(u) else False)
                )[0]
            )
            kind = {"baci": "BACI country code", "m49": "country code (M49)"}.get(how, "country")
            close: list[str] = []
            if how == "resolve" and isinstance(u, str):
                try:
                    cc.resolve(u)
                except UnknownCodeError as e:
                    close = e.suggestions
            raise UnknownCodeError(
                kind,
                str(u),
                suggestions=close,
                file=file,
                row=pos + row_offset,
                column=column,
                fix=(
                    f"did you mean {', '.join(close)}?"
                    if close
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
            f"first seen at row {first_pos + row_offset}",
            file=file,
            row=pos + row_offset,
            column=key[0],
            fix="keep one row per key (sum the duplicates upstream if they are partial values)",
        )
