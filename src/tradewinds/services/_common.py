"""What every service shares: the result type with provenance, argument parsing into
typed values, and reading flows from the store (filters pushed into DuckDB)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as date_type
from typing import Any

import pandas as pd

from tradewinds._version import __version__
from tradewinds.accounting.fiscal import fiscal_year_label
from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.codes import countries
from tradewinds.io.published import load_published_figures, published_for_pair
from tradewinds.io.store import DatasetInfo, TradeStore

# the default names, re-exported: the services take them from here
from tradewinds.services._defaults import (  # noqa: F401
    CHAPTERS_DATASET,
    CODES_DATASET,
    DEFAULT_DATASET,
    EIDB_DATASET,
    MIGRATION_DATASET,
    OFFICIAL_DATASET,
)


@dataclass(frozen=True)
class Analysis:
    """A tidy frame plus the provenance every view shows (dataset, source, vintage,
    coverage, store content hash, package version) and, where they exist, published
    figures for the same pair, kept apart."""

    frame: pd.DataFrame
    dataset: str
    source: str
    vintage: str
    coverage: str
    store_hash: str
    notes: tuple[str, ...] = ()
    published: pd.DataFrame | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    version: str = __version__

    @property
    def provenance(self) -> dict[str, str]:
        return {
            "dataset": self.dataset,
            "source": self.source,
            "vintage": self.vintage,
            "coverage": self.coverage,
            "store_hash": self.store_hash[:16],
            "tradewinds_version": self.version,
        }


def resolve_country(code: str, field_name: str) -> str:
    """An ISO3 code for a code or name; the error names the argument."""
    try:
        return countries().resolve(code)
    except DataValidationError as exc:
        exc.column = field_name
        raise


def load_flows(
    store: TradeStore,
    dataset: str,
    where: str = "",
    params: list[Any] | None = None,
    *,
    totals: bool = False,
    columns: list[str] | None = None,
) -> tuple[pd.DataFrame, DatasetInfo]:
    """Flows of a dataset, filtered in DuckDB (only the rows a use case needs).

    ``totals``: the caller needs all-goods totals only: a product-level dataset
    (kind ``flows``) answers with flows summed over products in DuckDB
    (``TradeStore.sum_flows``: the same totals from a few rows; from the ``totals``
    table written at ingest where there is one, as for BACI files); official statistics
    as stored (their rows carry provisional and coverage flags a sum would drop);
    ``columns`` cuts the summed frame to the columns the caller reads."""
    from tradewinds.services.data import ensure_embedded

    ensure_embedded(store, dataset)
    info = store.info(dataset)
    if "flows" not in info.tables:
        raise StoreError(f"dataset {dataset!r} holds no trade flows")
    if totals and info.kind == "flows":
        return store.sum_flows(dataset, where=where, params=params, columns=columns), info
    return store.read(dataset, where=where, params=params), info


def official_dataset(store: TradeStore, *countries: str) -> DatasetInfo | None:
    """The official statistics (``kind="official"`` with a partner table and reporter
    totals) of one of ``countries``: the statistical office of that country reports
    the pair, by its own fiscal years. None when no such dataset covers them."""
    from tradewinds.services.data import ensure_embedded

    ensure_embedded(store, OFFICIAL_DATASET)
    for d in store.datasets():
        if d.kind != "official" or "totals" not in d.tables:
            continue
        who = store.query(f'SELECT DISTINCT reporter FROM "{d.id}/totals"')["reporter"]
        if set(who.astype(str)) & set(countries):
            return d
    return None


_COMPILERS = ("DGCI&S", "BACI", "Comtrade", "DOTS", "KNOMAD", "PPAC")


def source_label(info: DatasetInfo) -> str:
    """A dataset's source in a word or two ('DGCI&S', 'BACI', 'DGCI&S (partial)'), for
    the statistic a figure rests on; the dataset id when no known compiler is named."""
    short = next((c for c in _COMPILERS if c in info.source), info.id)
    from tradewinds.accounting.coverage import is_complete

    return short if is_complete(info.coverage) else f"{short} {info.id} (partial)"


def datasets_with_period(
    store: TradeStore, a: str, b: str, labels: list[str], *, skip: str = ""
) -> list[tuple[str, str]]:
    """``(dataset, period)`` for each dataset (other than ``skip``) holding flows of the
    pair ``a``–``b`` in one of the period ``labels``: what a period error points to."""
    out: list[tuple[str, str]] = []
    marks = ", ".join("?" * len(labels))
    for d in store.datasets():
        if d.id == skip or "flows" not in d.tables or d.kind not in {"flows", "official"}:
            continue
        hit = store.query(
            f'SELECT DISTINCT period FROM "{d.id}/flows" WHERE period IN ({marks}) '
            f"AND ({PAIR}) LIMIT 1",
            [*labels, a, b, b, a],
        )
        if not hit.empty:
            out.append((d.id, str(hit["period"].iloc[0])))
    kind = {d.id: d.kind for d in store.datasets()}
    return sorted(out, key=lambda x: (labels.index(x[1]), kind[x[0]] != "official"))


PAIR = "(exporter = ? AND importer = ?) OR (exporter = ? AND importer = ?)"
EITHER = "exporter IN (?, ?) OR importer IN (?, ?)"


def analysis(store: TradeStore, info: DatasetInfo, frame: pd.DataFrame, **kw: Any) -> Analysis:
    return Analysis(
        frame=frame,
        dataset=info.id,
        source=info.source,
        vintage=info.vintage,
        coverage=info.coverage,
        store_hash=store.content_hash(),
        **kw,
    )


def select_period(
    frame: pd.DataFrame,
    year: int | None,
    fiscal_year: str | None,
    fy_start_month: int,
    *,
    dataset: str = "",
) -> pd.DataFrame:
    """The rows of one calendar or fiscal year; an absent period names what the data
    hold."""
    where = f" in dataset {dataset!r}" if dataset else ""
    if year is not None:
        if len(frame) and all(p == str(year) for p in frame["period"].tolist()):
            return frame  # every row is of that year (copy-on-write: the caller's own)
        out = frame[frame["period"] == str(year)]
        if out.empty:
            have = ", ".join(sorted(frame["period"].unique())) or "none"
            raise DataValidationError(
                f"no data for {year}{where} (periods in the data: {have})",
                column="year",
                fix="choose a year the dataset covers",
            )
        return out
    if fiscal_year is not None:
        label = fiscal_year_label(int(fiscal_year[:4]), fy_start_month)
        out = frame[frame["period"] == label]
        if out.empty:
            have = ", ".join(sorted(frame["period"].unique())) or "none"
            raise DataValidationError(
                f"no data for {label}{where} (periods in the data: {have})",
                column="fiscal_year",
                fix="choose a fiscal year the dataset covers",
            )
        return out
    return frame


def parse_fy(fiscal_year: str | None) -> str | None:
    """'2024-25', 'FY2024-25' or '2024' → '2024' (the start year); anything else is an
    error that shows how to write it."""
    if fiscal_year is None:
        return None
    m = re.fullmatch(r"(?:FY)?(\d{4})(?:-(\d{2}))?", fiscal_year.strip())
    if not m or (m.group(2) and int(m.group(2)) != (int(m.group(1)) + 1) % 100):
        raise DataValidationError(
            f"fiscal year {fiscal_year!r} is not like 2024-25",
            column="fiscal_year",
            fix="write --fiscal-year 2024-25",
        )
    return m.group(1)


def wanted(year: int | None, fy: str | None, fy_start_month: int) -> set[str]:
    if year is not None:
        return {str(year)}
    if fy is not None:
        return {fiscal_year_label(int(fy), fy_start_month)}
    return set()


def parse_date(value: str | date_type, field_name: str) -> date_type:
    if isinstance(value, date_type):
        return value
    try:
        return date_type.fromisoformat(str(value))
    except ValueError:
        raise DataValidationError(
            f"{value!r} is not a date",
            column=field_name,
            fix="write dates as YYYY-MM-DD, e.g. 2025-08-27",
        ) from None


def published_figures(reporter: str, partner: str) -> pd.DataFrame:
    return published_for_pair(reporter, partner)


def published_value(reporter: str, partner: str, metric: str, period: str) -> float | None:
    t = load_published_figures()
    hit = t[
        (t["reporter"] == reporter)
        & (t["partner"] == partner)
        & (t["metric"] == metric)
        & (t["period"] == period)
    ]
    return float(hit["value"].iloc[0]) if not hit.empty else None
