"""The use cases. The CLI, the reports and the dashboard call only these.

Each returns an :class:`Analysis`: a tidy frame plus the provenance every view
shows (dataset, source, vintage, coverage, store content hash, package version)
and, where they exist, published figures for the same pair, kept apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tradewinds import __version__
from tradewinds import accounting as acc
from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.codes import countries, load_product_groups
from tradewinds.io.published import load_published_figures
from tradewinds.io.readers import read_eidb, read_world2023
from tradewinds.io.store import DatasetInfo, DatasetSpec, TradeStore, frame_hash, write_frames

DEFAULT_DATASET = "world2023"
EIDB_DATASET = "india-eidb"
CODES_DATASET = "codes"

_EMBEDDED: dict[str, Callable[[], DatasetSpec]] = {
    DEFAULT_DATASET: read_world2023,
    EIDB_DATASET: read_eidb,
}


def _codes_spec() -> DatasetSpec:
    from tradewinds.io.codes import hs_nomenclature

    cc = countries().table
    hs = hs_nomenclature()
    frames = {"countries": cc, "hs2022": hs.table, "hs_sections": hs.sections}
    return DatasetSpec(
        id=CODES_DATASET,
        kind="codes",
        source="ISO 3166 / UN M49, CEPII BACI, WCO HS 2022",
        vintage="country-codes caa72d1e; BACI V202501; HS 2022",
        content_hash=frame_hash(frames, extra="codes/v1"),
        write=write_frames(frames),
        description="Code lists: countries and the HS 2022 nomenclature",
        coverage="all ISO 3166 countries plus historic BACI codes",
        reader="embedded",
    )


def open_store(home: str | None = None) -> TradeStore:
    """Open the store and make sure the embedded datasets are in it (first run: ~1 s)."""
    store = TradeStore(home)
    have = {d.id for d in store.datasets()}
    for dsid, make in _EMBEDDED.items():
        if dsid not in have:
            store.ingest(make())
    if CODES_DATASET not in have:
        store.ingest(_codes_spec())
    return store


@dataclass(frozen=True)
class Analysis:
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


def _country(code: str, field_name: str) -> str:
    try:
        return countries().resolve(code)
    except DataValidationError as exc:
        exc.column = field_name
        raise


def _load(
    store: TradeStore, dataset: str, where: str = "", params: list[Any] | None = None
) -> tuple[pd.DataFrame, DatasetInfo]:
    """Flows of a dataset, filtered in DuckDB (only the rows a use case needs)."""
    info = store.info(dataset)
    if "flows" not in info.tables:
        raise StoreError(f"dataset {dataset!r} holds no trade flows")
    return store.read(dataset, where=where, params=params), info


_PAIR = "(exporter = ? AND importer = ?) OR (exporter = ? AND importer = ?)"
_EITHER = "exporter IN (?, ?) OR importer IN (?, ?)"


def _analysis(store: TradeStore, info: DatasetInfo, frame: pd.DataFrame, **kw: Any) -> Analysis:
    return Analysis(
        frame=frame,
        dataset=info.id,
        source=info.source,
        vintage=info.vintage,
        coverage=info.coverage,
        store_hash=store.content_hash(),
        **kw,
    )


def _select_period(
    frame: pd.DataFrame, year: int | None, fiscal_year: str | None, fy_start_month: int
) -> pd.DataFrame:
    if year is not None:
        out = frame[frame["period"] == str(year)]
        if out.empty:
            have = ", ".join(sorted(frame["period"].unique())) or "none"
            raise DataValidationError(
                f"no data for {year} (periods in the data: {have})",
                column="year",
                fix="choose a year the dataset covers",
            )
        return out
    if fiscal_year is not None:
        label = acc.fiscal_year_label(int(fiscal_year[:4]), fy_start_month)
        out = frame[frame["period"] == label]
        if out.empty:
            have = ", ".join(sorted(frame["period"].unique())) or "none"
            raise DataValidationError(
                f"no data for {label} (periods in the data: {have})",
                column="fiscal_year",
                fix="choose a fiscal year the dataset covers",
            )
        return out
    return frame


def _parse_fy(fiscal_year: str | None) -> str | None:
    if fiscal_year is None:
        return None
    import re

    m = re.fullmatch(r"(?:FY)?(\d{4})(?:-(\d{2}))?", fiscal_year.strip())
    if not m or (m.group(2) and int(m.group(2)) != (int(m.group(1)) + 1) % 100):
        raise DataValidationError(
            f"fiscal year {fiscal_year!r} is not like 2024-25",
            column="fiscal_year",
            fix="write --fiscal-year 2024-25",
        )
    return m.group(1)


def _wanted(year: int | None, fy: str | None, fy_start_month: int) -> set[str]:
    if year is not None:
        return {str(year)}
    if fy is not None:
        return {acc.fiscal_year_label(int(fy), fy_start_month)}
    return set()


def published_figures(reporter: str, partner: str) -> pd.DataFrame:
    t = load_published_figures()
    return t[(t["reporter"] == reporter) & (t["partner"] == partner)].reset_index(drop=True)


def balance(
    reporter: str,
    partner: str,
    *,
    dataset: str = DEFAULT_DATASET,
    year: int | None = None,
    fiscal_year: str | None = None,
    fy_start_month: int = 4,
    allow_partial: bool = False,
    report: str = "reporter",
    store: TradeStore | None = None,
) -> Analysis:
    """Exports, imports, total and balance of reporter with partner (+ growth, records)."""
    store = store or open_store()
    r, p = _country(reporter, "reporter"), _country(partner, "partner")
    flows, info = _load(store, dataset, _PAIR, [r, p, p, r])
    fy = _parse_fy(fiscal_year)
    has_monthly = (flows["freq"] == "M").any()
    freq = None
    if fy is not None and has_monthly:
        freq = "FY"
    elif year is not None and has_monthly:
        freq = "A"
    # every period is built (partial ones too) so growth and records can be computed
    # over the complete ones; the asked-for period is checked for missing months below
    frame = acc.bilateral_balance(
        flows, r, p, freq=freq, fy_start_month=fy_start_month, allow_partial=True, report=report
    )
    if frame.empty:
        raise DataValidationError(
            f"no trade between {r} and {p} in dataset {dataset!r}",
            fix="check the countries, or choose another --dataset",
        )
    notes: list[str] = []
    complete = frame["months"] == 12 if "months" in frame else pd.Series(True, frame.index)
    # growth and records of total trade, or of the one direction a dataset has
    measure = next(
        (c for c in ("total_usd", "exports_usd", "imports_usd") if frame[c].notna().any()),
        None,
    )
    if measure is not None and complete.sum() > 1:
        label = {"total_usd": "total trade", "exports_usd": f"{r}'s exports to {p}",
                 "imports_usd": f"{r}'s imports from {p}"}[measure]  # fmt: skip
        rec = acc.growth_and_records(frame[complete & frame[measure].notna()], measure)
        frame = frame.merge(
            rec[["period", "growth_pct", "is_record_high", "highest_since"]],
            on="period",
            how="left",
        )
        first = str(rec["period"].iloc[0])
        for _, row in rec.iterrows():
            if row["is_record_high"] and (
                (year is None and fy is None) or row["period"] in _wanted(year, fy, fy_start_month)
            ):
                notes.append(
                    f"{row['period']}: {label} {row[measure] / 1e9:,.2f} bn is a record in this "
                    f"dataset (data since {first}; growth_pct is of {label})"
                )
    frame = _select_period(frame, year, fiscal_year and fy, fy_start_month)
    if "months" in frame and (frame["months"] < 12).any():
        for _, row in frame[frame["months"] < 12].iterrows():
            missing = str(row["missing_months"]).split(", ")
            if not allow_partial:
                raise acc.IncompleteFiscalYearError(str(row["period"]), missing)
            notes.append(f"{row['period']} is partial: missing {row['missing_months']}")
    for col, what in (
        ("exports_usd", f"{r}'s exports to {p}"),
        ("imports_usd", f"{r}'s imports from {p}"),
    ):
        if frame[col].isna().all():
            notes.append(f"This dataset has no {what}: they and the balance are not available.")
    if dataset == EIDB_DATASET or "PARTIAL" in info.coverage:
        notes.append("This dataset has partial coverage: its totals understate trade.")
    if frame["flow_reporter"].iloc[0] not in (r, "BACI", "AGTPA"):
        notes.append(f"{r} does not report these flows here: figures are {p}'s mirror report")
    return _analysis(
        store,
        info,
        frame.reset_index(drop=True),
        notes=tuple(notes),
        published=published_figures(r, p),
    )


def composition(
    exporter: str,
    importer: str,
    *,
    by: str = "chapter",
    dataset: str = EIDB_DATASET,
    year: int | None = None,
    fiscal_year: str | None = None,
    top: int | None = None,
    store: TradeStore | None = None,
) -> Analysis:
    store = store or open_store()
    x, m = _country(exporter, "exporter"), _country(importer, "importer")
    flows, info = _load(store, dataset, "exporter = ? AND importer = ?", [x, m])
    frame = acc.composition(flows, x, m, by=by, groups=load_product_groups())
    fy = _parse_fy(fiscal_year)
    frame = _select_period(frame, year, fy and fiscal_year, 4)
    if top is not None:
        frame = frame.groupby("period").head(top).reset_index(drop=True)
    notes: list[str] = []
    if by == "group":
        notes.append(
            "Product groups overlap (crude is part of energy): their shares need not sum to 100%."
        )
        zero = frame.loc[frame["value_usd"] == 0, "label"].tolist()
        if zero and "PARTIAL" in info.coverage:
            notes.append(
                f"Zero here ({'; '.join(zero)}) can mean lines missing from this partial "
                "dataset, not an absence of trade (see its coverage)."
            )
    return _analysis(store, info, frame, notes=tuple(notes))


def partners(
    country: str,
    *,
    direction: str = "exports",
    dataset: str = DEFAULT_DATASET,
    year: int | None = None,
    top: int | None = 10,
    store: TradeStore | None = None,
) -> Analysis:
    store = store or open_store()
    c = _country(country, "country")
    flows, info = _load(store, dataset, "exporter = ? OR importer = ?", [c, c])
    frame = acc.partner_shares(flows, c, direction=direction)
    hhi, hhin = frame.attrs["hhi"], frame.attrs["hhi_normalised"]
    frame = _select_period(frame, year, None, 4)
    if top is not None:
        frame = frame[frame["rank"] <= top].reset_index(drop=True)
    notes = tuple(
        f"{p}: partner concentration HHI {hhi[p]:.4f} (raw Σs²), {hhin[p]:.4f} (normalised)"
        for p in sorted(frame["period"].unique())
    )
    return _analysis(store, info, frame, notes=notes, extra={"hhi": hhi, "hhi_normalised": hhin})


def dependence(
    a: str,
    b: str,
    *,
    dataset: str = DEFAULT_DATASET,
    year: int | None = None,
    product: str | None = None,
    store: TradeStore | None = None,
) -> Analysis:
    store = store or open_store()
    ca, cb = _country(a, "country"), _country(b, "partner")
    flows, info = _load(store, dataset, _EITHER, [ca, cb, ca, cb])
    if product:
        frame = acc.product_dependence(flows, ca, cb, product)
    else:
        frame = acc.dependence(flows, ca, cb)
    frame = _select_period(frame, year, None, 4)
    return _analysis(store, info, frame)


def indicators(
    exporter: str,
    importer: str,
    *,
    dataset: str = DEFAULT_DATASET,
    year: int | None = None,
    digits: int = 2,
    store: TradeStore | None = None,
) -> Analysis:
    """Trade intensity always; RCA and complementarity where the data has products."""
    store = store or open_store()
    x, m = _country(exporter, "exporter"), _country(importer, "importer")
    flows, info = _load(store, dataset)
    ti = acc.trade_intensity(flows, x, m)
    frame = ti.rename(columns={"intensity": "value"}).assign(indicator="trade_intensity")
    notes: list[str] = []
    try:
        tc = acc.trade_complementarity(flows, x, m, digits=digits)
        frame = pd.concat(
            [
                frame,
                tc.rename(columns={"complementarity": "value"}).assign(
                    indicator="trade_complementarity"
                ),
            ],
            ignore_index=True,
        )
        top = acc.rca(flows, x, digits=digits).groupby("period").head(5)
        notes += [
            f"{r.period}: RCA of {x} in HS {r.product} = {r.rca:.2f}" for r in top.itertuples()
        ]
    except DataValidationError as exc:
        notes.append(f"RCA and complementarity not computed: {exc.problem}")
    frame = frame[["period", "exporter", "importer", "indicator", "value"]]
    frame = _select_period(frame, year, None, 4)
    return _analysis(store, info, frame, notes=tuple(notes))


def mirror(a: str, b: str, *, dataset: str, store: TradeStore | None = None) -> Analysis:
    store = store or open_store()
    ca, cb = _country(a, "country"), _country(b, "partner")
    flows, info = _load(store, dataset, _PAIR, [ca, cb, cb, ca])
    frame = acc.mirror_comparison(flows, ca, cb)
    return _analysis(store, info, frame)


@dataclass(frozen=True)
class IndiaRussiaCase:
    """Everything the India–Russia case shows, each piece with its provenance."""

    balance_rus: Analysis
    balance_usa: Analysis
    dependence: Analysis
    import_partners: Analysis
    eidb_rus: Analysis
    eidb_usa: Analysis
    groups_rus: Analysis
    groups_usa: Analysis
    chapters_rus: Analysis
    chapters_usa: Analysis
    published: pd.DataFrame


def case_india_russia(
    *, store: TradeStore | None = None, fiscal_year: str = "2024-25"
) -> IndiaRussiaCase:
    """The relationship in world 2023 data, published FY figures and EIDB composition."""
    store = store or open_store()
    return IndiaRussiaCase(
        balance_rus=balance("IND", "RUS", year=2023, store=store),
        balance_usa=balance("IND", "USA", year=2023, store=store),
        dependence=dependence("IND", "RUS", year=2023, store=store),
        import_partners=partners("IND", direction="imports", year=2023, top=10, store=store),
        eidb_rus=balance("IND", "RUS", dataset=EIDB_DATASET, store=store),
        eidb_usa=balance("IND", "USA", dataset=EIDB_DATASET, store=store),
        groups_rus=composition("IND", "RUS", by="group", fiscal_year=fiscal_year, store=store),
        groups_usa=composition("IND", "USA", by="group", fiscal_year=fiscal_year, store=store),
        chapters_rus=composition(
            "IND", "RUS", by="chapter", fiscal_year=fiscal_year, top=12, store=store
        ),
        chapters_usa=composition(
            "IND", "USA", by="chapter", fiscal_year=fiscal_year, top=12, store=store
        ),
        published=published_figures("IND", "RUS"),
    )
