"""Loading tariff schedules (TOML) and product lists (CSV) shipped or user-given."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError, UnknownCodeError
from tradewinds.io.embedded import data_path

SCHEDULES = ("us2025",)


def schedule_path(name: str) -> Path:
    if name in SCHEDULES:
        return data_path("tariffs", f"{name}.toml")
    p = Path(name)
    if p.suffix == ".toml" and p.is_file():
        return p
    raise UnknownCodeError("tariff schedule", name, suggestions=list(SCHEDULES))


def read_toml(path: Path) -> dict[str, Any]:
    """A scenario or schedule TOML: size, encoding and nesting checked (io.validate)."""
    from tradewinds.io.validate import load_toml

    try:
        return load_toml(Path(path))
    except DataValidationError as exc:
        where = f" (line {exc.row})" if exc.row is not None else ""
        raise ScenarioError(f"{exc.problem}{where}", field=str(path), fix=exc.fix) from None


@cache
def load_product_list(name: str, folder: str = "us2025") -> pd.DataFrame:
    """A named product list: code (str), effective_from (date), effective_to (date or
    None: the first day the entry no longer holds), excluded (bool: an exception carved
    out of the list), scope ("line": the whole tariff line; "use": only the articles of
    the line that have the list's end use, e.g. automobile parts among bearings)."""
    p = data_path("tariffs", folder, f"{name}.csv")
    if not p.is_file():
        known = sorted(
            x.stem
            for x in data_path("tariffs", folder).glob("*.csv")
            if x.stem not in {"list_sources", "annex1_rates_2025-07-31"}
        )
        raise UnknownCodeError("product list", name, suggestions=known)
    t = pd.read_csv(
        p, dtype={"code": str, "effective_from": str, "effective_to": str, "scope": str}
    )
    bad = ~t["code"].str.fullmatch(r"\d{2,10}")
    if bad.any():
        raise DataValidationError(
            f"code {t['code'][bad].iloc[0]!r} is not 2-10 digits",
            file=str(p),
            row=int(bad.to_numpy().argmax()) + 2,
            column="code",
            fix="keep codes as zero-padded text",
        )
    t["effective_from"] = pd.to_datetime(t["effective_from"]).dt.date
    if "effective_to" in t:
        to = pd.to_datetime(t["effective_to"])
        t["effective_to"] = [d.date() if pd.notna(d) else None for d in to]
    else:
        t["effective_to"] = None
    t["excluded"] = t["excluded"].astype(bool)
    t["scope"] = t["scope"].fillna("line") if "scope" in t else "line"
    bad_scope = ~t["scope"].isin(["line", "use"])
    if bad_scope.any():
        raise DataValidationError(
            f"scope {t['scope'][bad_scope].iloc[0]!r} is not 'line' or 'use'",
            file=str(p),
            row=int(bad_scope.to_numpy().argmax()) + 2,
            column="scope",
            fix="write line (the whole tariff line) or use (only articles of the list's use)",
        )
    return t


def list_source(name: str, folder: str = "us2025") -> str:
    t = pd.read_csv(data_path("tariffs", folder, "list_sources.csv"))
    hit = t.loc[t["list"] == name, "source"]
    return str(hit.iloc[0]) if not hit.empty else ""


def _to_date(v: object) -> object:
    return v.isoformat() if isinstance(v, date) else v
