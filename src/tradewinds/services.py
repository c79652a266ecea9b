"""The use cases. The CLI, the reports and the dashboard call only these.

Each returns an :class:`Analysis`: a tidy frame plus the provenance every view
shows (dataset, source, vintage, coverage, store content hash, package version)
and, where they exist, published figures for the same pair, kept apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as date_type
from typing import Any, Literal

import pandas as pd

from tradewinds import __version__
from tradewinds import accounting as acc
from tradewinds.errors import DataValidationError, ScenarioError, StoreError
from tradewinds.io.codes import countries, load_product_groups
from tradewinds.io.embedded import data_path
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
        zero = list(dict.fromkeys(frame.loc[frame["value_usd"] == 0, "label"]))
        if zero and "PARTIAL" in info.coverage:
            notes.append(
                f"Zero here ({'; '.join(zero)}) can mean lines missing from this partial "
                "dataset, not an absence of trade (see its coverage)."
            )
    return _analysis(store, info, frame, notes=tuple(notes))


def chapter_trend(
    exporter: str,
    importer: str,
    *,
    dataset: str = EIDB_DATASET,
    top: int = 8,
    store: TradeStore | None = None,
) -> Analysis:
    """Exports by HS chapter in every period: the ``top`` chapters of the latest period
    and the rest as "other" (``period, part, value_usd``; parts sum to the period's total)."""
    a = composition(exporter, importer, by="chapter", dataset=dataset, store=store)
    return dataclasses.replace(a, frame=acc.top_and_other(a.frame, top))


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
    exposure: Analysis | None = None
    scenarios: tuple[Any, ...] = ()
    claims: tuple[Any, ...] = ()
    potential: Analysis | None = None
    balance_path: Analysis | None = None
    chapters_trend_rus: Analysis | None = None  # every fiscal year, for the trend chart


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
        chapters_trend_rus=chapter_trend("IND", "RUS", store=store),
        published=published_figures("IND", "RUS"),
        exposure=exposure("USA", "IND", "2025-08-27", store=store),
        scenarios=tuple(
            run_scenario(n, store=store)
            for n in (
                "us-india-2025-08-27",
                "us-india-2025-08",
                "india-halts-russian-oil",
                "india-russia-export-push",
            )
        ),
        claims=tuple(
            check_claims_file(str(data_path("claims", "india_russia_2025.toml")), store=store)
        ),
        potential=potential("IND", "RUS", store=store),
        balance_path=balance_path(
            "IND",
            "RUS",
            export_growth={"pharmaceuticals": 0.5, "agriculture": 1.0, "textiles_apparel": 1.0},
            import_change={"crude": -0.2},
            years=5,
            store=store,
        ),
    )


@dataclass(frozen=True)
class Relationship:
    """A bilateral relationship as the report and the dashboard show it."""

    a: str
    b: str
    balance: Analysis
    dependence: Analysis
    export_partners: Analysis
    import_partners: Analysis
    composition_ab: Analysis | None
    composition_ba: Analysis | None
    groups_ab: Analysis | None
    series: Analysis | None
    chapters_ab: Analysis | None = None  # top chapters + other, every period
    notes: tuple[str, ...] = ()


def relationship(
    a: str,
    b: str,
    *,
    dataset: str = DEFAULT_DATASET,
    year: int | None = None,
    product_dataset: str = EIDB_DATASET,
    fiscal_year: str | None = None,
    store: TradeStore | None = None,
) -> Relationship:
    """The trade of ``a`` with ``b``: balance and dependence in ``dataset`` (``year``),
    ``a``'s partners, and, where ``product_dataset`` has the pair, composition both ways
    (by HS chapter and product group, ``fiscal_year`` or latest) and the balance over
    its periods."""
    store = store or open_store()
    ca, cb = _country(a, "country"), _country(b, "partner")
    if ca == cb:
        raise DataValidationError(
            f"{ca} and {cb} are the same country", column="partner", fix="pick two countries"
        )
    notes: list[str] = []

    def maybe(what: str, fn: Callable[[], Analysis]) -> Analysis | None:
        try:
            out = fn()
        except DataValidationError as e:  # no such pair or period in that dataset
            notes.append(f"{what}: not available ({e.problem if hasattr(e, 'problem') else e})")
            return None
        return out if len(out.frame) else None

    pds = product_dataset
    return Relationship(
        a=ca,
        b=cb,
        balance=balance(ca, cb, dataset=dataset, year=year, store=store),
        dependence=dependence(ca, cb, dataset=dataset, year=year, store=store),
        export_partners=partners(ca, direction="exports", dataset=dataset, year=year,
                                 top=None, store=store),
        import_partners=partners(ca, direction="imports", dataset=dataset, year=year,
                                 top=None, store=store),
        composition_ab=maybe(f"{ca}→{cb} by HS chapter in {pds}", lambda: composition(
            ca, cb, by="chapter", dataset=pds, fiscal_year=fiscal_year, top=12, store=store)),
        composition_ba=maybe(f"{cb}→{ca} by HS chapter in {pds}", lambda: composition(
            cb, ca, by="chapter", dataset=pds, fiscal_year=fiscal_year, top=12, store=store)),
        groups_ab=maybe(f"{ca}→{cb} by product group in {pds}", lambda: composition(
            ca, cb, by="group", dataset=pds, fiscal_year=fiscal_year, store=store)),
        chapters_ab=maybe(f"{ca}→{cb} by HS chapter over time in {pds}", lambda: chapter_trend(
            ca, cb, dataset=pds, store=store)),
        series=maybe(f"{ca}–{cb} over time in {pds}", lambda: balance(
            ca, cb, dataset=pds, store=store, allow_partial=True)),
        notes=tuple(notes),
    )  # fmt: skip


# --------------------------------------------------------------------------- tariffs

MFN_NOTE = (
    "No MFN (column 1) schedule is shipped: mfn_rate is null and effective_rate counts the "
    "additional measures only."
)


def _date(value: str | date_type, field_name: str) -> date_type:
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


def tariff_lines(
    importer: str,
    exporter: str,
    as_of: str | date_type,
    *,
    products: list[str] | None = None,
    schedule: str = "us2025",
    loaded: str | date_type | None = None,
) -> Analysis:
    """The effective rate of each tariff line with the measures that make it up.

    ``products`` are the importer's own tariff lines (HTS for the US), matched
    exactly. Without products, one row per measure in force on the date.
    """
    from tradewinds.io.codes import check_hs_code, hs_nomenclature
    from tradewinds.tariffs import load_schedule

    imp, exp = _country(importer, "importer"), _country(exporter, "exporter")
    on = _date(as_of, "as_of")
    ld = _date(loaded, "loaded") if loaded is not None else None
    sched = load_schedule(schedule)
    if sched.importer != imp:
        raise DataValidationError(
            f"schedule {schedule!r} holds {sched.importer}'s measures, not {imp}'s",
            column="importer",
            fix=f"ask for {sched.importer}, or give a schedule file of {imp}",
        )
    notes = [MFN_NOTE]
    if products:
        for p in products:
            check_hs_code(p, column="product")
        t = sched.line_rates(exp, products, on, match="exact", loaded=ld)
        hs = hs_nomenclature()
        t.insert(1, "description", [_describe(hs, p) for p in t["product"]])
        t["sources"] = [
            [f"{m['source']} ({m['heading']})" if m["heading"] else m["source"] for m in ms]
            for ms in t["measures"]
        ]
        if t["partial"].any():
            notes.append(
                "partial = a list names only part of this line (a longer code): "
                "the rate shown leaves that part out."
            )
        frame = t
    else:
        live = sched.in_force(exp, on, loaded=ld)
        frame = pd.DataFrame(
            [
                {
                    **m.as_row(),
                    "exempt": ", ".join(m.exempt),
                    "displaced_by": ", ".join(m.displaced_by),
                    "products": ", ".join(m.products),
                }
                for m in live
            ]
        )
        if frame.empty:
            frame = pd.DataFrame(columns=["id", "name", "rate", "source", "from", "to"])
    frame.insert(0, "as_of", on.isoformat())
    frame.insert(1, "importer", imp)
    frame.insert(2, "exporter", exp)
    return Analysis(
        frame=frame,
        dataset=f"schedule:{sched.name}",
        source=sched.description,
        vintage=f"measures as of {on.isoformat()}",
        coverage=MFN_NOTE,
        store_hash="",
        notes=tuple(notes),
    )


def _describe(hs: Any, code: str) -> str:
    try:
        return str(hs.describe(code))[:80]
    except DataValidationError:
        return ""


def exposure(
    importer: str,
    exporter: str,
    as_of: str | date_type,
    *,
    dataset: str = EIDB_DATASET,
    fiscal_year: str | None = None,
    schedule: str = "us2025",
    store: TradeStore | None = None,
) -> Analysis:
    """The exporter's trade with the importer by effective-rate band, exempt and not,
    by HS chapter and product group, with the data's coverage stated."""
    from tradewinds.tariffs import load_schedule, tariff_exposure

    store = store or open_store()
    imp, exp = _country(importer, "importer"), _country(exporter, "exporter")
    on = _date(as_of, "as_of")
    flows, info = _load(store, dataset, "exporter = ? AND importer = ?", [exp, imp])
    flows = flows[flows["product"] != "TOTAL"]
    if flows.empty:
        raise DataValidationError(
            f"no product-level flows from {exp} to {imp} in dataset {dataset!r}",
            fix="use a dataset with tariff lines (india-eidb, or an ingested BACI file)",
        )
    periods = sorted(flows["period"].unique())
    period = (
        acc.fiscal_year_label(int(_parse_fy(fiscal_year) or 0), 4) if fiscal_year else periods[-1]
    )
    trade = flows[flows["period"] == period]
    if trade.empty:
        raise DataValidationError(
            f"no data for {period} (periods: {', '.join(periods)})",
            column="fiscal_year",
            fix="choose a period the data cover",
        )
    sched = load_schedule(schedule)
    national = trade["hs_version"].iloc[0] != "HTS"
    how: Literal["exact", "hs6"] = "hs6" if national else "exact"
    groups = load_product_groups()
    main = tariff_exposure(
        trade, sched.line_rates(exp, trade["product"], on, match=how, hs6_rule="any"), groups=groups
    )
    strict = tariff_exposure(
        trade,
        sched.line_rates(exp, trade["product"], on, match=how, hs6_rule="strict"),
        groups=groups,
    )
    s = main.summary()
    notes = [MFN_NOTE]
    if national:
        notes.append(
            f"Trade lines are {exp}'s national codes ({trade['hs_version'].iloc[0]}), which "
            f"agree with {imp}'s tariff lines only to six digits: a list entry within a "
            "line's HS6 is taken to reach it. Counting only entries of six digits or fewer, "
            f"the exempt share would be {strict.exempt_share:.1%} instead of "
            f"{main.exempt_share:.1%} (lines where the rules differ: "
            f"{main.partial_usd / 1e9:,.2f} bn)."
        )
    pub = load_published_figures()
    tot = pub[
        (pub["reporter"] == exp)
        & (pub["partner"] == imp)
        & (pub["metric"] == "exports")
        & (pub["period"] == period)
    ]
    if not tot.empty:
        official = float(tot["value"].iloc[0]) * 1e9
        notes.append(
            f"Coverage: the data hold {s['total_usd'] / 1e9:,.1f} bn of {exp}'s "
            f"{official / 1e9:,.2f} bn published {period} exports to {imp} "
            f"({s['total_usd'] / official:.0%}); the rest (e.g. smartphones, HS 2022 lines) "
            "is not in these figures."
        )
    facing = pub[
        (pub["reporter"] == exp)
        & (pub["partner"] == imp)
        & (pub["metric"] == "exports_facing_50pct")
    ]
    fifty = main.by_band.loc[main.by_band["band"] == "50% and over", "value_usd"].sum()
    for r in facing.to_dict("records"):
        notes.append(
            f"Published estimate ({r['source']}): {r['value']:,.2f} bn face 50%; "
            f"here {fifty / 1e9:,.2f} bn of the covered lines do "
            f"({fifty / s['total_usd']:.0%} of the covered value)."
        )
    frame = main.by_band.assign(as_of=on.isoformat(), importer=imp, exporter=exp, period=period)
    frame = frame[
        [
            "as_of",
            "importer",
            "exporter",
            "period",
            "band",
            "lines",
            "value_usd",
            "share",
            "exempt_usd",
            "mean_rate",
        ]
    ]
    return _analysis(
        store,
        info,
        frame,
        notes=tuple(notes),
        extra={
            "summary": {**s, "exempt_share_strict": strict.exempt_share},
            "by_chapter": main.by_chapter,
            "by_group": main.by_group,
            "lines": main.lines,
            "schedule": sched.name,
        },
    )


# ------------------------------------------------------------------------- scenarios


def _published_value(reporter: str, partner: str, metric: str, period: str) -> float | None:
    t = load_published_figures()
    hit = t[
        (t["reporter"] == reporter)
        & (t["partner"] == partner)
        & (t["metric"] == metric)
        & (t["period"] == period)
    ]
    return float(hit["value"].iloc[0]) if not hit.empty else None


def run_scenario(
    name_or_file: str | Any,
    *,
    store: TradeStore | None = None,
    executor: str = "serial",
    workers: int = 2,
    scheduler_address: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> Any:
    """Run a library scenario (by name) or a scenario file: PE on the tariff lines and
    the aggregate market, embargoed markets, export pushes and balance effects; the
    GE model; Monte Carlo bands and sweeps (on ``executor``) when the scenario has
    [montecarlo] or [sweep]. ``draws`` and ``seed`` override the scenario's. A
    :class:`~tradewinds.scenarios.Scenario` object runs as it is (the dashboard's form)."""
    from tradewinds.models.elasticities import sigma_for
    from tradewinds.scenarios import Scenario, library_scenario
    from tradewinds.scenarios.runner import (
        ScenarioResult,
        aggregate,
        embargo_pe,
        line_pe,
        market_pe,
        product_market_pe,
        push_effect,
    )
    from tradewinds.tariffs import load_schedule, tariff_exposure

    sc = name_or_file if isinstance(name_or_file, Scenario) else library_scenario(name_or_file)
    store = store or open_store()
    b = sc.baseline
    info = store.info(b.dataset)
    if b.content_hash and not info.content_hash.startswith(b.content_hash):
        raise ScenarioError(
            f"dataset {b.dataset!r} has content {info.content_hash[:16]}, the scenario was "
            f"made on {b.content_hash[:16]}",
            field="baseline.content_hash",
            fix="re-ingest the scenario's data, or drop content_hash to run on what is stored",
        )
    market_info = store.info(b.market_dataset)
    res = ScenarioResult(sc.name, sc.description, sc.content_hash())
    res.notes += list(sc.notes)
    groups = load_product_groups()
    res.provenance = {
        "scenario": sc.name,
        "scenario_hash": res.scenario_hash[:16],
        "store_hash": store.content_hash()[:16],
        f"{info.id}": f"{info.vintage} ({info.content_hash[:12]})",
        f"{market_info.id}": f"{market_info.vintage} ({market_info.content_hash[:12]})",
        "tradewinds_version": __version__,
        "seed": "none (deterministic)",
    }
    world = store.read(b.market_dataset)
    embargo_other: list[Any] = []
    run_pe = "pe" in sc.models
    if sc.tariffs is not None and run_pe:
        t = sc.tariffs
        sched = load_schedule(t.schedule)
        own = [
            m if m.importer else m.model_copy(update={"importer": t.importer})
            for m in t.add
            if (m.importer or t.importer) == t.importer
        ]
        embargo_other = [m for m in t.add if m.importer and m.importer != t.importer]
        halts = [(h.country, h.imports_from, p) for h in sc.halt for p in h.products]
        halts += [
            (m.importer, e, p)
            for m in embargo_other
            if m.kind == "embargo"
            for e in m.exporters
            for p in m.products
        ]
        sched1 = sched.with_changes(add=own, remove=t.remove)
        flows, _ = _load(
            store, b.dataset, "exporter = ? AND importer = ?", [t.exporter, t.importer]
        )
        flows = flows[flows["product"] != "TOTAL"]
        if flows.empty:
            raise ScenarioError(
                f"dataset {b.dataset!r} has no {t.exporter}→{t.importer} lines",
                field="baseline.dataset",
                fix="choose a dataset with the exporter's tariff lines",
            )
        period = b.period or sorted(flows["period"].unique())[-1]
        tr = pd.DataFrame(
            flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
        )
        if tr.empty:
            raise ScenarioError(
                f"no lines for {period}",
                field="baseline.period",
                fix=f"use one of {sorted(flows['period'].unique())}",
            )
        how: Literal["exact", "hs6"] = "hs6" if flows["hs_version"].iloc[0] != "HTS" else "exact"
        r0 = sched.line_rates(t.exporter, tr["product"], t.baseline_date, match=how)
        r1 = sched1.line_rates(t.exporter, tr["product"], t.date, match=how, halted=halts)
        lines = tr.merge(
            r0[["product", "additional_rate"]].rename(columns={"additional_rate": "rate0"}),
            on="product",
        ).merge(
            r1[["product", "additional_rate", "banned"]].rename(
                columns={"additional_rate": "rate1", "banned": "banned1"}
            ),
            on="product",
        )
        sig = sigma_for(
            lines["product"].tolist(),
            source=sc.pe.sigma_source,
            importer=t.importer,
            overrides=sc.pe.sigma_overrides,
        )
        lines = lines.merge(sig, on="product")
        imp_all = world[(world["importer"] == t.importer) & (world["exporter"] != "WLD")]
        market = imp_all.groupby("exporter")["value_usd"].sum()
        share = float(market.get(t.exporter, 0.0) / market.sum())
        if share <= 0:
            raise ScenarioError(
                f"{t.exporter} has no exports to {t.importer} in {b.market_dataset}",
                field="baseline.market_dataset",
            )
        lp = line_pe(lines, share=share, params=sc.pe)
        lp["market"] = "aggregate share"
        prod_mk = imp_all[imp_all["product"] != "TOTAL"]
        if not prod_mk.empty:  # product-level world data (e.g. BACI HS6) are loaded
            hat = product_market_pe(lines, prod_mk, t.exporter, params=sc.pe)
            hit = lp["product"].str[:6].map(dict(zip(hat["hs6"], hat["m_hat"], strict=True)))
            ok = hit.notna()
            lp.loc[ok, "m1"] = lp.loc[ok, "m0"] * hit[ok]
            lp.loc[ok, "change_usd"] = lp.loc[ok, "m1"] - lp.loc[ok, "m0"]
            lp.loc[ok, "change_pct"] = 100 * (hit[ok] - 1)
            lp.loc[ok, "market"] = f"{b.market_dataset} HS6 market, all suppliers"
            res.notes.append(
                f"{int(ok.sum()):,} of {len(lp):,} lines ({lp.loc[ok, 'm0'].sum() / 1e9:,.2f} bn) "
                f"use the HS6 markets of {b.market_dataset} with every supplier; the rest keep "
                "the two-source model."
            )
        res.tables["lines"] = lp
        # the same lines with the other σ source: how much the answer hangs on σ
        alt = "broda-weinstein" if sc.pe.sigma_source == "protee" else "protee"
        alt_lines = lines.drop(columns=["sigma", "sigma_source"]).merge(
            sigma_for(lines["product"].tolist(), source=alt, importer=t.importer), on="product"
        )
        lp_alt = line_pe(alt_lines, share=share, params=sc.pe)
        if sc.montecarlo is not None and "sigma" in sc.montecarlo.parameters:
            _pe_sigma_bands(sc, res, lines, share, draws=draws, seed=seed)
        res.tables.update(aggregate(lp, groups))
        e0 = tariff_exposure(tr, r0, groups=groups)
        e1 = tariff_exposure(tr, r1, groups=groups)
        res.tables["exposure_baseline"] = e0.by_band
        res.tables["exposure_scenario"] = e1.by_band
        v = lines["value_usd"]
        rate0 = float((lines["rate0"] * v).sum() / v.sum())
        rate1 = float((lines["rate1"] * v).sum() / v.sum())
        sigma_avg = float((lines["sigma"] * v).sum() / v.sum())
        mp = market_pe(market, t.exporter, rate0, rate1, sigma=sigma_avg, params=sc.pe)
        mf = mp.to_frame().sort_values("change", ignore_index=True)
        mf["name"] = [countries().name(c) for c in mf["supplier"]]
        res.tables["market"] = mf
        m0, m1 = float(lp["m0"].sum()), float(lp["m1"].sum())
        res.summary.update(
            {
                "importer": t.importer,
                "exporter": t.exporter,
                "period": period,
                "baseline_date": t.baseline_date.isoformat(),
                "date": t.date.isoformat(),
                "lines": len(lp),
                "exports_baseline_usd": m0,
                "exports_scenario_usd": m1,
                "exports_change_usd": m1 - m0,
                "exports_change_pct": 100 * (m1 / m0 - 1),
                "mean_rate_baseline": rate0,
                "mean_rate_scenario": rate1,
                "sigma_trade_weighted": sigma_avg,
                "exporter_share_of_market": share,
                "market_exporter_change_usd": float(
                    mf.loc[mf["supplier"] == t.exporter, "change"].iloc[0]
                ),
                "market_total_change_usd": float(mf["change"].sum()),
                "importer_revenue_change_usd": mp.revenue_change,
                "importer_welfare_change_usd": mp.welfare_change,
                "exempt_share_baseline": e0.exempt_share,
                "exempt_share_scenario": e1.exempt_share,
                "sigma_source": str(sc.pe.sigma_source),
                "sensitivity_sigma_source": alt,
                "sensitivity_exports_change_pct": 100 * (float(lp_alt["m1"].sum()) / m0 - 1),
            }
        )
        res.notes.append(
            f"Each of {t.exporter}'s {len(lp):,} tariff lines ({period}, {info.id}) is a "
            f"market of {t.importer} where {t.exporter} holds its aggregate share "
            f"({share:.2%}, {b.market_dataset}); no product-level world data are loaded, so "
            "the rest of the world is one competitor. σ from "
            f"{sc.pe.sigma_source} by product; ε = {sc.pe.epsilon}; method {sc.pe.method}."
        )
        res.notes.append(MFN_NOTE)
        if "PARTIAL" in info.coverage:
            res.notes.append(f"{info.id}: {info.coverage}")
        base_ms = sched.in_force(t.exporter, t.baseline_date)
        scen_ms = sched1.in_force(t.exporter, t.date, halted=halts)
        ms_rows = []
        for m in {m.id: m for m in [*base_ms, *scen_ms, *embargo_other]}.values():
            ms_rows.append(
                {
                    **m.as_row(),
                    "importer": m.importer,
                    "in_baseline": m in base_ms,
                    "in_scenario": m in scen_ms or m in embargo_other,
                }
            )
        res.tables["measures"] = pd.DataFrame(ms_rows)
        lifted = [
            m.name
            for m in sched.in_force(t.exporter, t.date)
            if m not in sched1.in_force(t.exporter, t.date, halted=halts) and m.kind == "secondary"
        ]
        for name in lifted:
            res.notes.append(
                f"'{name}' lifted: the trade that triggered it stops in this scenario."
            )
    for m in embargo_other:
        if m.kind != "embargo":
            continue
        for prod in m.products:
            period = b.period or "FY2024-25"
            bill = _published_value(m.importer, "WLD", "imports_crude", period)
            pshare = _published_value(m.importer, m.exporters[0], "import_share_crude", period)
            if prod[:4] != "2709" or bill is None or pshare is None:
                raise ScenarioError(
                    f"no data on {m.importer}'s imports of {prod} by supplier",
                    field="tariffs.add",
                    fix="ingest product-level import data (BACI or Comtrade) for this market",
                )
            values = pd.Series(
                {m.exporters[0]: bill * pshare / 100 * 1e9, "ROW": bill * (1 - pshare / 100) * 1e9}
            )
            sig_row = sigma_for(
                [prod.ljust(6, "0")], source=sc.pe.sigma_source, importer=m.importer
            ).iloc[0]
            sigma = float(sig_row["sigma"])
            ep = embargo_pe(values, m.exporters, sigma=sigma, params=sc.pe)
            ef = ep.to_frame()
            ef["name"] = [
                "Russian Federation" if s == "RUS" else "rest of the world" if s == "ROW" else s
                for s in ef["supplier"]
            ]
            res.tables[f"embargo_{m.importer}_{prod}"] = ef
            lost = float(values[m.exporters[0]])
            res.summary.update(
                {
                    "embargo_market": f"{m.importer} imports of HS {prod}",
                    "embargo_lost_imports_usd": lost,
                    "embargo_price_index_change_pct": 100 * (ep.price_index_hat - 1),
                    "embargo_other_suppliers_change_usd": float(
                        ef.loc[ef["supplier"] != m.exporters[0], "change"].sum()
                    ),
                    "embargo_bill_change_usd": float(ef["change"].sum()),
                }
            )
            res.notes.append(
                f"{m.importer}'s HS {prod} market from published figures: bill {bill:,.0f} bn "
                f"({period}, PPAC), {m.exporters[0]} {pshare:.1f}% (CPR India); σ = "
                f"{sigma:.2f} ({sig_row['sigma_source']}), ε = {sc.pe.epsilon}."
            )
            res.tables["balance"] = _balance_effect(
                store, m.importer, m.exporters[0], imports_change=-lost, period=period
            )
    if sc.push and run_pe:
        p0 = sc.push[0]
        flows, _ = _load(
            store, b.dataset, "exporter = ? AND importer = ?", [p0.exporter, p0.partner]
        )
        flows = flows[flows["product"] != "TOTAL"]
        period = b.period or sorted(flows["period"].unique())[-1]
        comp = pd.DataFrame(
            flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
        )
        pe_ = push_effect(comp, sc.push, groups)
        res.tables["push"] = pe_
        added = float(pe_["added_usd"].sum())
        covered = float(comp["value_usd"].sum())
        official = _published_value(p0.exporter, p0.partner, "exports", period)
        scaled = added * (official * 1e9 / covered) if official else None
        res.summary.update(
            {
                "push_added_usd": added,
                "push_added_scaled_usd": scaled,
                "push_base_exports_usd": covered,
            }
        )
        res.tables["balance"] = _balance_effect(
            store, p0.exporter, p0.partner, exports_change=added, period=period, scaled=scaled
        )
        res.notes.append(
            f"Pushes apply to the lines in {info.id} ({period}): {covered / 1e9:,.2f} bn of "
            f"exports"
            + (
                f" of {official:,.2f} bn published; scaled to the published total "
                f"the rise would be {scaled / 1e9:,.2f} bn"
                if scaled
                else ""
            )
            + "."
        )
    bands = {
        "executor": executor,
        "workers": workers,
        "scheduler_address": scheduler_address,
        "draws": draws,
        "seed": seed,
    }
    if "ge" in sc.models and sc.ge is not None:
        run_ge(sc, store, res, bands)
    ilms = sc.ge is not None and sc.ge.model == "ilms2025"
    if ilms and (sc.montecarlo is not None or sc.sweep is not None):
        run_uncertainty(
            sc,
            store,
            res,
            executor=executor,
            workers=workers,
            scheduler_address=scheduler_address,
            draws=draws,
            seed=seed,
            on_batch=on_batch,
        )
    res.provenance["schedule"] = sc.tariffs.schedule if sc.tariffs else ""
    return res


def _balance_effect(
    store: TradeStore,
    reporter: str,
    partner: str,
    *,
    exports_change: float = 0.0,
    imports_change: float = 0.0,
    period: str = "FY2024-25",
    scaled: float | None = None,
) -> pd.DataFrame:
    """The reporter's balance with the partner before and after, on each base."""
    rows = []
    bal = balance(reporter, partner, year=2023, store=store).frame.iloc[0]
    rows.append(
        {
            "base": "BACI calendar 2023 (computed)",
            "balance_before_usd": bal["balance_usd"],
            "exports_change_usd": exports_change,
            "imports_change_usd": imports_change,
        }
    )
    pub = _published_value(reporter, partner, "balance", period)
    if pub is not None:
        rows.append(
            {
                "base": f"{period} (published)",
                "balance_before_usd": pub * 1e9,
                "exports_change_usd": exports_change,
                "imports_change_usd": imports_change,
            }
        )
        if scaled is not None:
            rows.append(
                {
                    "base": f"{period} (published), push scaled to published exports",
                    "balance_before_usd": pub * 1e9,
                    "exports_change_usd": scaled,
                    "imports_change_usd": imports_change,
                }
            )
    f = pd.DataFrame(rows)
    f["balance_after_usd"] = (
        f["balance_before_usd"] + f["exports_change_usd"] - f["imports_change_usd"]
    )
    f["change_pct_of_deficit"] = (
        100 * (f["balance_after_usd"] - f["balance_before_usd"]) / f["balance_before_usd"].abs()
    )
    return f


def ge_world(store: TradeStore, dataset: str = DEFAULT_DATASET) -> tuple[Any, ...]:
    """The world matrix (thousands USD, row exporter), GDP, US April rates, countries."""
    import numpy as np

    macro = store.read(dataset, "macro")
    gdp = macro[macro["indicator"] == "gdp"]
    iso = tuple(gdp["iso3"].astype(str))
    rates_f = macro[macro["indicator"] == "us_tariff_2025_04_02"].set_index("iso3")["value"]
    flows = store.read(dataset, where="product = 'TOTAL'")
    idx = {c: k for k, c in enumerate(iso)}
    X = np.zeros((len(iso), len(iso)))
    ok = flows["exporter"].isin(idx) & flows["importer"].isin(idx)
    f = flows[ok]
    np.add.at(
        X,
        (f["exporter"].map(idx).to_numpy(), f["importer"].map(idx).to_numpy()),
        f["value_usd"].to_numpy() / 1000.0,
    )
    rates = rates_f.reindex(list(iso)).fillna(0.0).to_numpy()
    return X, gdp["value"].to_numpy(), rates, iso


def run_ge(sc: Any, store: TradeStore, res: Any, bands: dict[str, Any] | None = None) -> None:
    """The GE part of a scenario (Ignatenko et al. 2025 on the world matrix)."""
    import time

    import numpy as np

    from tradewinds.models.ge import calibrate_ilms, solve_ilms, us_tariffs

    ge = sc.ge
    if ge.model == "caliendo-parro-2015":
        run_cp_nafta(sc, res)
        return
    if ge.model == "yotov2016-borders":
        run_yotov_borders(sc, res)
        return
    if ge.model == "yotov2016-nafta":
        run_yotov_nafta(sc, res, bands)
        return
    X, gdp, rates, iso = ge_world(store, ge.dataset)
    data = calibrate_ilms(
        X,
        gdp,
        iso,
        epsilon=ge.epsilon,
        pass_through_shift=-0.75 if ge.pass_through == "incomplete" else 0.0,
        special_case=ge.special_case,
    )
    r_in = rates.copy() if ge.us_tariffs == "ustr-2025-04-02" else rates * 0.0
    if ge.us_tariffs == "optimal-uniform":
        from tradewinds.models.ge.ilms2025 import optimal_uniform_tariff

        best_rate, _ = optimal_uniform_tariff(data, revenue=ge.revenue)
        r_in[:] = best_rate
        res.summary["ge_optimal_uniform_tariff"] = best_rate
    for k, v in ge.rate_overrides.items():
        r_in[iso.index(k)] = v
    t = us_tariffs(
        data,
        r_in,
        floor=ge.floor,
        retaliation="reciprocal" if ge.retaliation == "reciprocal" else "none",
    )
    if ge.retaliation == "optimal":
        from tradewinds.models.ge.ilms2025 import optimal_retaliation

        best, _ = optimal_retaliation(data, t, revenue=ge.revenue)
        t[data.us, :] = best
        t[data.us, data.us] = 0.0
        res.summary["ge_mean_optimal_retaliation"] = float(
            np.average(np.delete(best, data.us), weights=np.delete(data.E, data.us))
        )
    t0 = time.perf_counter()
    r = solve_ilms(data, t, revenue=ge.revenue)
    ms = 1000 * (time.perf_counter() - t0)
    f = r.to_frame()
    f.insert(1, "name", [countries().name(c) for c in f["iso3"]])
    res.tables["countries"] = f
    import numpy as np

    ii, jj = np.nonzero((data.X > 0) & ~np.eye(data.n, dtype=bool))
    res.tables["bilateral"] = pd.DataFrame(
        {
            "exporter": np.asarray(iso)[ii],
            "importer": np.asarray(iso)[jj],
            "value_baseline_usd": data.X[ii, jj] * 1000.0,
            "value_new_usd": r.trade_new[ii, jj] * 1000.0,
            "tariff": t[ii, jj],
        }
    ).assign(change_pct=lambda d: 100 * (d["value_new_usd"] / d["value_baseline_usd"] - 1))
    by: dict[Any, dict[str, float]] = f.set_index("iso3").to_dict("index")  # type: ignore[assignment]
    res.summary.update(
        {
            "ge_model": "Ignatenko, Lashkaripour, Macedoni & Simonovska (2025)",
            "ge_revenue": ge.revenue,
            "ge_retaliation": ge.retaliation,
            "ge_us_welfare_pct": by["USA"]["welfare_pct"],
            "ge_non_us_welfare_pct": r.non_us_average("welfare_pct"),
            "ge_us_prices_pct": by["USA"]["prices_pct"],
            "ge_us_deficit_pct": by["USA"]["deficit_pct"],
            "ge_india_welfare_pct": by["IND"]["welfare_pct"],
            "ge_india_exports_gdp_pct": by["IND"]["exports_gdp_pct"],
            "ge_russia_welfare_pct": by["RUS"]["welfare_pct"],
            "ge_iterations": r.iterations,
            "ge_max_residual": r.max_residual,
            "ge_solve_ms": ms,
            "ge_nu_r": data.nu_r,
            "ge_nu_u": data.nu_u,
        }
    )
    res.notes.append(
        f"GE: Ignatenko et al. (2025) model on {ge.dataset} ({data.n} countries), ε = "
        f"{ge.epsilon}, ψ = {data.psi:.4f}, κ = {data.kappa}, savings shares ν_R = "
        f"{data.nu_r:.4f}, ν_U = {data.nu_u:.4f}; revenue as {ge.revenue.replace('_', ' ')}; "
        f"retaliation {ge.retaliation}; solved in {r.iterations} iterations "
        f"({ms:.0f} ms, residual {r.max_residual:.1e}). Non-US average weighted by "
        "calibrated expenditure."
    )
    info = store.info(ge.dataset)
    res.provenance[ge.dataset] = f"{info.vintage} ({info.content_hash[:12]})"


def _pe_sigma_bands(
    sc: Any,
    res: Any,
    lines: pd.DataFrame,
    share: float,
    *,
    draws: int | None = None,
    seed: int | None = None,
) -> None:
    """Bands for the PE change of the exporter's trade from the dispersion of σ."""
    import time

    import numpy as np

    from tradewinds.models.elasticities import sigma_dispersion_draws
    from tradewinds.scenarios.runner import line_pe

    mc = sc.montecarlo
    n, sd = draws or mc.draws, mc.seed if seed is None else seed
    t0 = time.perf_counter()
    S = sigma_dispersion_draws(
        lines["product"].tolist(),
        lines["sigma"].to_numpy(float),
        source=str(sc.pe.sigma_source),
        importer=sc.tariffs.importer,
        n=n,
        seed=sd,
    )
    m0 = float(lines["value_usd"].sum())
    chg = np.empty(n)
    for d in range(n):
        lp_d = line_pe(lines.assign(sigma=S[d]), share=share, params=sc.pe)
        chg[d] = 100 * (float(lp_d["m1"].sum()) / m0 - 1)
    secs = time.perf_counter() - t0
    qs = list(mc.percentiles)
    Q = np.percentile(chg, qs)
    point = 100 * (float(line_pe(lines, share=share, params=sc.pe)["m1"].sum()) / m0 - 1)
    res.tables["montecarlo_pe"] = pd.DataFrame(
        [
            {
                "exporter": sc.tariffs.exporter,
                "importer": sc.tariffs.importer,
                "outcome": "exports_change_pct",
                "point": point,
                "median": float(np.median(chg)),
                **{f"p{q:g}": float(v) for q, v in zip(qs, Q, strict=True)},
                "mean": float(chg.mean()),
                "sd": float(chg.std(ddof=1)) if n > 1 else 0.0,
            }
        ]
    )
    lo, hi = f"p{qs[0]:g}", f"p{qs[-1]:g}"
    res.summary[f"mc_exports_change_{lo}_pct"] = float(Q[0])
    res.summary[f"mc_exports_change_{hi}_pct"] = float(Q[-1])
    res.summary["mc_draws"] = n
    res.provenance["seed"] = str(sd)
    res.notes.append(
        f"Monte Carlo (PE): {n} draws of σ for the {len(lines):,} lines from the dispersion "
        f"of the {sc.pe.sigma_source} estimates (comparable estimates around their median, "
        f"applied to each line's σ; seed {sd}) in {secs:.1f} s: exports change "
        f"{Q[0]:+.1f}% to {Q[-1]:+.1f}% ({lo}–{hi}), point {point:+.1f}%."
    )


def world_problem(sc: Any, store: TradeStore, pairs: Any = ()) -> Any:
    """The shared inputs of every GE solve of a scenario (for bands and sweeps)."""
    from tradewinds.models.montecarlo import WorldProblem

    ge = sc.ge
    if ge.us_tariffs == "optimal-uniform" or ge.retaliation == "optimal":
        raise ScenarioError(
            "bands and sweeps re-solve a given tariff matrix; optimal tariffs are a search",
            field="ge",
            fix="use us_tariffs = 'ustr-2025-04-02' or 'none' and retaliation none/reciprocal",
        )
    X, gdp, rates, iso = ge_world(store, ge.dataset)
    r_in = rates.copy() if ge.us_tariffs == "ustr-2025-04-02" else rates * 0.0
    for k, v in ge.rate_overrides.items():
        r_in[iso.index(k)] = v
    return WorldProblem(
        X,
        gdp,
        iso,
        r_in,
        floor=ge.floor,
        retaliation="reciprocal" if ge.retaliation == "reciprocal" else "none",
        revenue=ge.revenue,
        pass_through_shift=-0.75 if ge.pass_through == "incomplete" else 0.0,
        special_case=ge.special_case,
        base={"epsilon": ge.epsilon},
        pairs=tuple(tuple(p) for p in pairs),
    )


def run_uncertainty(
    sc: Any,
    store: TradeStore,
    res: Any,
    *,
    executor: str = "serial",
    workers: int = 2,
    scheduler_address: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> None:
    """Monte Carlo bands ([montecarlo]) and sweeps ([sweep]) of the world GE model."""
    import time

    from tradewinds.models.montecarlo import Dist, monte_carlo_world, sweep_world
    from tradewinds.parallel import get_executor

    info = store.info(sc.ge.dataset)
    res.provenance[sc.ge.dataset] = f"{info.vintage} ({info.content_hash[:12]})"
    with get_executor(executor, workers=workers, scheduler_address=scheduler_address) as ex:
        if sc.montecarlo is not None:
            mc = sc.montecarlo
            n, sd = draws or mc.draws, mc.seed if seed is None else seed
            dists = {
                k: Dist.parse(v, name=f"montecarlo.parameters.{k}")
                for k, v in mc.parameters.items()
            }
            t0 = time.perf_counter()
            r = monte_carlo_world(
                world_problem(sc, store, mc.pairs),
                dists,
                n_draws=n,
                seed=sd,
                executor=ex,
                workers=workers,
                percentiles=mc.percentiles,
                on_batch=on_batch,
            )
            secs = time.perf_counter() - t0
            c = r.countries.copy()
            c.insert(1, "name", [countries().name(x) for x in c["iso3"]])
            res.tables["montecarlo_countries"] = c
            res.tables["montecarlo_pairs"] = r.pairs
            lo, hi = f"p{mc.percentiles[0]:g}", f"p{mc.percentiles[-1]:g}"
            w = c[c["outcome"] == "welfare_pct"].set_index("iso3")
            wlo, whi = w[lo].to_dict(), w[hi].to_dict()
            for iso3 in ("USA", "IND", "RUS"):
                res.summary[f"mc_{iso3.lower()}_welfare_{lo}_pct"] = float(wlo[iso3])
                res.summary[f"mc_{iso3.lower()}_welfare_{hi}_pct"] = float(whi[iso3])
            res.summary["mc_draws"] = n
            res.summary["mc_failed_draws"] = r.failed
            res.summary["mc_seconds"] = secs
            res.provenance["seed"] = str(sd)
            res.notes.append(
                f"Monte Carlo: {n} draws of "
                + ", ".join(f"{k} ~ {v}" for k, v in r.parameters.items())
                + f" (seed {sd}), each re-calibrated and re-solved from the point solution "
                f"on the {executor} executor in {secs:.1f} s ({n / secs:.0f} draws/s); "
                f"{r.failed} draws failed to converge. Bands are the {lo}–{hi} percentiles."
            )
        if sc.sweep is not None:
            sw = sc.sweep
            prob = world_problem(sc, store, sw.pairs)
            targets = list(sw.targets)
            if "all" in targets:
                targets = [x for x in prob.countries if x != "USA"]
            what = (
                f"the US tariff on {sw.country}"
                if sw.parameter == "rate"
                else f"each of {len(targets)} countries as the target of a {sw.rate:.0%} tariff"
                if sw.parameter == "target"
                else sw.parameter
            )
            t0 = time.perf_counter()
            f = sweep_world(
                prob,
                sw.parameter,
                [] if sw.parameter == "target" else sw.grid(),
                country=sw.country,
                targets=targets,
                rate=sw.rate,
                executor=ex,
                workers=workers,
                on_batch=on_batch,
            )
            secs = time.perf_counter() - t0
            res.tables["sweep"] = f
            res.summary["sweep_parameter"] = what
            res.summary["sweep_points"] = int(f["step"].nunique())
            res.summary["sweep_seconds"] = secs
            res.notes.append(
                f"Sweep over {what}: {f['step'].nunique()} GE solves in {secs:.1f} s "
                f"({executor} executor)."
            )


# --------------------------------------------------------------------------- gravity


def estimate_gravity(
    source: str,
    *,
    x: list[str],
    y: str = "trade",
    fe: list[str] | None = None,
    years: list[int] | None = None,
    domestic: bool = False,
    border: bool = False,
    logs: list[str] | None = None,
    vcov: str = "hetero",
    store: TradeStore | None = None,
) -> Analysis:
    """PPML gravity on a panel: a store dataset with a ``panel`` table (``tradewinds data
    ingest dta FILE``) or a .dta / .parquet file."""
    from pathlib import Path

    from tradewinds.io.readers import read_dta_panel
    from tradewinds.models.gravity import estimate_ppml, gravity_design

    p = Path(source)
    if p.suffix == ".dta" and p.is_file():
        panel, label = read_dta_panel(p), str(p)
        src, vintage, cov, h = "Stata panel", "file", "as in the file", ""
    elif p.suffix == ".parquet" and p.is_file():
        from tradewinds.io.readers.dta import panel_from_parquet

        panel, label = panel_from_parquet(p), str(p)
        src, vintage, cov, h = "Parquet panel", "file", "as in the file", ""
    else:
        store = store or open_store()
        info = store.info(source)
        panel = store.read(source, "panel")
        label, src, vintage, cov, h = (
            info.id,
            info.source,
            info.vintage,
            info.coverage,
            store.content_hash(),
        )
    if vcov.startswith("cluster:"):
        vc: str | dict[str, str] = {"CRV1": vcov.split(":", 1)[1]}
    elif vcov in {"hetero", "iid"}:
        vc = vcov
    else:
        raise DataValidationError(
            f"vcov {vcov!r} is not hetero, iid or cluster:VAR",
            column="vcov",
            fix="use hetero or cluster:pair",
        )
    d = gravity_design(
        panel,
        y=y,
        years=years,
        domestic=domestic,
        border=border,
        logs=tuple(logs if logs is not None else ["DIST"]),
    )
    r = estimate_ppml(d, y=y, x=x, fe=fe or ["exporter-year", "importer-year"], vcov=vc)
    frame = r.to_frame()
    notes = (
        f"{r.formula}; {r.nobs:,} observations ({r.dropped:,} dropped)",
        *r.notes,
        "Robust SEs count the absorbed fixed effects (Stata's ppml does not); "
        "clustered SEs match Stata's.",
    )
    return Analysis(
        frame=frame,
        dataset=label,
        source=src,
        vintage=vintage,
        coverage=cov,
        store_hash=h,
        notes=notes,
    )


def run_cp_nafta(sc: Any, res: Any) -> None:
    """Caliendo & Parro (2015): NAFTA's tariff changes on the CP 1993 data."""
    import numpy as np

    from tradewinds.io.cp_data import cp_inputs
    from tradewinds.models.ge.caliendo_parro import (
        calibrate_cp,
        cp_welfare,
        nafta_tariffs,
        solve_cp,
    )

    f = cp_inputs()
    data = calibrate_cp(f["xbilat1993"], f["tariffs1993"], f["GO"], f["B"], f["IO"], f["T"])
    D = np.zeros(data.n) if sc.ge.deficits == "zero" else None
    base = solve_cp(data, data.tau, D_new=D)
    if sc.ge.experiment == "schedule":
        tau_new = _cp_schedule_tariffs(sc, data, res)
    else:
        tau_new = nafta_tariffs(data, f["tariffs2005"])
    cf = solve_cp(data, tau_new, D_new=D)
    w = cp_welfare(data, base, cf).to_frame()
    w.insert(
        1, "name", [countries().name(c) if c != "ROW" else "Rest of the world" for c in w["iso3"]]
    )
    w["w_hat"] = cf.w_hat / base.w_hat
    res.tables["countries"] = w
    M_b = base.pi * base.expend[:, :, None] / (1 + base.tau)
    M_c = cf.pi * cf.expend[:, :, None] / (1 + cf.tau)
    jj, nn, ii = np.nonzero(M_b > 0)
    iso = np.asarray(data.countries)
    res.tables["bilateral"] = pd.DataFrame(
        {
            "sector": jj + 1,
            "importer": iso[nn],
            "exporter": iso[ii],
            "value_baseline_usd": M_b[jj, nn, ii],
            "value_new_usd": M_c[jj, nn, ii],
        }
    )
    by = w.set_index("iso3")
    focus = (
        ("CAN", "MEX", "USA")
        if sc.ge.experiment == "nafta" or sc.tariffs is None
        else (sc.tariffs.importer, sc.tariffs.exporter)
    )
    res.summary.update(
        {
            "ge_model": "Caliendo & Parro (2015), "
            + (
                "NAFTA tariff changes"
                if sc.ge.experiment == "nafta"
                else "a tariff schedule mapped to its 20 tradable sectors"
            ),
            "ge_deficits": sc.ge.deficits,
            **{f"ge_{c.lower()}_welfare_pct": _num(by.at[c, "welfare_pct"]) for c in focus},
            **{
                f"ge_{c.lower()}_welfare_exact_pct": _num(by.at[c, "welfare_exact_pct"])
                for c in focus
            },
            "ge_iterations": base.iterations + cf.iterations,
        }
    )
    res.notes.append(
        "GE: Caliendo & Parro (2015) on their 1993 data (31 regions, 40 sectors, 20 "
        "tradable), 2005 tariffs within NAFTA, 1993 elsewhere, relative to a 1993 "
        f"baseline equilibrium ({sc.ge.deficits} deficits). welfare_pct is the published "
        "first-order terms-of-trade + volume-of-trade measure; welfare_exact_pct is Î/P̂."
    )
    res.provenance["caliendo-parro-2015"] = "CP (2015) replication inputs (embedded)"


def run_yotov_borders(sc: Any, res: Any) -> None:
    """Yotov et al. (2016) ch. 2 app. 1: removing international borders (2006)."""
    import numpy as np

    from tradewinds.io.embedded import data_path
    from tradewinds.io.readers.dta import panel_from_parquet
    from tradewinds.models.ge.gravity_ge import pair_index, solve_gravity_ge
    from tradewinds.models.gravity import estimate_ppml, gravity_design

    panel = panel_from_parquet(data_path("yotov2016", "yotov2016_panel.parquet"))
    d = gravity_design(panel, years=[2006], domestic=True, border=True)
    r = estimate_ppml(d, x=["ln_DIST", "CNTG", "INTL_BRDR"], fe=["exporter", "importer"])
    if r.fitted is None:
        raise ScenarioError("the PPML baseline has no fitted values", field="ge")
    pairs = pair_index(d)
    iso, ref = pairs.countries, pairs.position("DEU")
    X = pairs.matrix(r.fitted)
    B = pairs.matrix(d["INTL_BRDR"])
    g = solve_gravity_ge(
        X,
        np.exp(-r.coef("INTL_BRDR") * B),
        sigma=sc.ge.sigma,
        reference=ref,
        countries=tuple(iso),
    )
    f = g.to_frame()
    res.tables["countries"] = f
    res.tables["bilateral"] = pairs.frame(
        value_baseline_usd=X * 1e6, value_new_usd=g.trade_full * 1e6
    )
    by = f.set_index("iso3")
    res.summary.update(
        {
            "ge_model": "Yotov et al. (2016) structural gravity, trade without borders",
            "ge_border_coefficient": r.coef("INTL_BRDR"),
            "ge_sigma": sc.ge.sigma,
            "ge_usa_real_gdp_pct": _num(by.at["USA", "change_rGDP_FULL"]),
            "ge_ind_real_gdp_pct": _num(by.at["IND", "change_rGDP_FULL"]),
            "ge_median_real_gdp_pct": float(f["change_rGDP_FULL"].median()),
            "ge_iterations": g.iterations,
        }
    )
    res.notes.append(
        "GE: 2006 manufacturing trade of 69 countries incl. domestic flows (AGTPA), PPML "
        f"border effect {r.coef('INTL_BRDR'):.5f}, σ = {sc.ge.sigma}, Germany the reference "
        "(its IMR = 1); converged exact-hat solution (the book's published full-GE numbers "
        "are early-stopped iterates and differ by up to 0.46 pp)."
    )
    res.provenance["yotov2016"] = "AGTPA 2016 (embedded 6-year panel)"


def _num(v: Any) -> float:
    """A frame cell as a float (typed helper for summaries)."""
    return float(v)


def country_label(code: str) -> str:
    """The country's name, or the code itself where the data use an old code (the
    Yotov panel's ROM for Romania, for instance)."""
    try:
        return str(countries().name(code))
    except DataValidationError:
        return code


def _nafta_bands(
    sc: Any,
    res: Any,
    one: Any,
    beta: float,
    rta_no: Any,
    pairs: Any,
    *,
    executor: str = "serial",
    workers: int = 2,
    scheduler_address: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> None:
    """Bands for NAFTA's effects from the PPML covariance of the RTA coefficient."""
    import time

    from tradewinds.models.montecarlo import GravityProblem, monte_carlo_gravity
    from tradewinds.parallel import get_executor

    mc = sc.montecarlo
    se = float(one.attrs["beta_se"])
    prob = GravityProblem(
        pairs.matrix(one["trade"]),
        pairs.matrix(one["tij_bar"]),
        pairs.matrix(one["RTA"]),
        pairs.matrix(rta_no),
        sc.ge.sigma,
        pairs.position("DEU"),
        pairs.countries,
    )
    n_draws, sd = draws or mc.draws, mc.seed if seed is None else seed
    t0 = time.perf_counter()
    with get_executor(executor, workers=workers, scheduler_address=scheduler_address) as ex:
        bands = monte_carlo_gravity(
            prob,
            pd.Series({"RTA": beta}),
            pd.DataFrame([[se**2]], index=["RTA"], columns=["RTA"]),
            n_draws=n_draws,
            seed=sd,
            executor=ex,
            workers=workers,
            percentiles=mc.percentiles,
        )
    secs = time.perf_counter() - t0
    bands.insert(1, "name", [country_label(c) for c in bands["iso3"]])
    res.tables["montecarlo_countries"] = bands
    lo, hi = f"p{mc.percentiles[0]:g}", f"p{mc.percentiles[-1]:g}"
    g = bands[bands["outcome"] == "change_rGDP_FULL"].set_index("iso3")
    glo, ghi = g[lo].to_dict(), g[hi].to_dict()
    for c in ("CAN", "MEX", "USA"):
        res.summary[f"mc_{c.lower()}_real_gdp_{lo}_pct"] = float(glo[c])
        res.summary[f"mc_{c.lower()}_real_gdp_{hi}_pct"] = float(ghi[c])
    res.summary["mc_draws"] = n_draws
    res.summary["mc_failed_draws"] = int(bands.attrs["failed"])
    res.provenance["seed"] = str(sd)
    res.notes.append(
        f"Monte Carlo: {n_draws} draws of the RTA coefficient from N({beta:.4f}, {se:.4f}²) "
        f"(its PPML estimate and pair-clustered standard error; seed {sd}), pair costs held at "
        f"their estimates, each draw re-solved in full GE in {secs:.1f} s on the {executor} "
        f"executor. Bands are the {lo}–{hi} percentiles."
    )


def run_yotov_nafta(sc: Any, res: Any, bands: dict[str, Any] | None = None) -> None:
    """Yotov et al. (2016) ch. 2 app. 2: NAFTA's effect in 1994 (the baseline against a
    world without it), trade costs from pair effects (two-stage procedure)."""
    import numpy as np

    from tradewinds.io.embedded import data_path
    from tradewinds.io.readers.dta import panel_from_parquet
    from tradewinds.models.ge.gravity_ge import (
        _two_way_ppml,
        book_gravity_ge,
        pair_index,
        solve_gravity_ge,
    )
    from tradewinds.models.gravity import rta_trade_costs

    panel = panel_from_parquet(data_path("yotov2016", "yotov2016_panel.parquet"))
    one, beta = rta_trade_costs(panel, year=1994)
    nafta = {"CAN", "MEX", "USA"}
    rta_no = np.where(
        one["exporter"].isin(nafta)
        & one["importer"].isin(nafta)
        & (one["exporter"] != one["importer"]),
        0,
        one["RTA"],
    )
    pairs = pair_index(one)
    iso, ref = pairs.countries, pairs.position("DEU")
    trade = pairs.matrix(one["trade"])
    tb = pairs.matrix(one["tij_bar"] * np.exp(beta * one["RTA"]))
    tc = pairs.matrix(one["tij_bar"] * np.exp(beta * rta_no))
    book, rounds = book_gravity_ge(
        trade,
        tb,
        tc,
        sigma=sc.ge.sigma,
        reference=ref,
        countries=tuple(iso),
        direction="reverse",
    )
    _, _, fitted = _two_way_ppml(trade, tb, ref)
    g = solve_gravity_ge(
        fitted,
        tc / np.where(tb > 0, tb, 1.0),
        sigma=sc.ge.sigma,
        reference=ref,
        countries=tuple(iso),
    )
    conv = pd.DataFrame(
        {
            "iso3": iso,
            "change_price_FULL": 100 * (1 - g.price_hat),
            "change_IMR_FULL": 100 * (1 / g.imr_full_hat - 1),
            "change_Xi_FULL": 100 * (1 / g.exports_full_hat - 1),
            "change_rGDP_FULL": 100 * (1 / g.real_gdp_hat - 1),
        }
    )
    main, other = (book, conv) if sc.ge.method == "book" else (conv, book)
    f = main.merge(other, on="iso3", suffixes=("", "_other_method"))
    res.tables["countries"] = f
    res.tables["bilateral"] = pairs.frame(
        value_with_nafta_usd=fitted * 1e6, value_without_nafta_usd=g.trade_full * 1e6
    )
    by = f.set_index("iso3")
    res.summary.update(
        {
            "ge_model": "Yotov et al. (2016) ch.2 app.2: the effect of NAFTA (1994)",
            "ge_method": sc.ge.method,
            "ge_rta_coefficient": beta,
            "ge_book_rounds": rounds,
            **{
                f"ge_{c.lower()}_real_gdp_pct": _num(by.at[c, "change_rGDP_FULL"])
                for c in ("CAN", "MEX", "USA")
            },
        }
    )
    if sc.montecarlo is not None:
        _nafta_bands(sc, res, one, beta, rta_no, pairs, **(bands or {}))
    res.notes.append(
        f"GE: RTA effect {beta:.7f} from PPML with symmetric pair effects (28,482 obs); "
        "missing pair costs from the stage-2 gravity regression; 1994 baseline, σ = "
        f"{sc.ge.sigma}; NAFTA's effect = the baseline against a world without it "
        f"(the book's formulas). method = {sc.ge.method}; the other method's numbers are "
        "in the *_other_method columns (the book loop stops after "
        f"{rounds} rounds)."
    )
    res.provenance["yotov2016"] = "AGTPA 2016 (embedded 6-year panel)"


def _cp_schedule_tariffs(sc: Any, data: Any, res: Any) -> Any:
    """The additional duties of a schedule (date against baseline date) on the exporter's
    lines, aggregated to CP sectors with trade weights, added to the 1993 tariffs of the
    importer on the exporter."""
    import numpy as np

    from tradewinds.io.cp_data import cp_sector_map
    from tradewinds.models.ge.caliendo_parro import sector_tariffs
    from tradewinds.tariffs import load_schedule

    t = sc.tariffs
    if t is None:
        raise ScenarioError(
            "experiment = 'schedule' needs a [tariffs] section",
            field="ge",
            fix="add [tariffs] with schedule, importer, exporter and dates",
        )
    for c in (t.importer, t.exporter):
        if c not in data.countries:
            raise ScenarioError(
                f"{c} is not one of the 31 Caliendo–Parro regions",
                field="tariffs",
                fix="use e.g. USA, IND, CHN, MEX",
            )
    store = open_store()
    flows, _ = _load(
        store, sc.baseline.dataset, "exporter = ? AND importer = ?", [t.exporter, t.importer]
    )
    flows = flows[flows["product"] != "TOTAL"]
    period = sc.baseline.period or sorted(flows["period"].unique())[-1]
    lines = pd.DataFrame(
        flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
    )
    sched = load_schedule(t.schedule)
    r0 = sched.line_rates(t.exporter, lines["product"], t.baseline_date, match="hs6", details=False)
    r1 = sched.line_rates(t.exporter, lines["product"], t.date, match="hs6", details=False)
    lines["rate"] = r1["additional_rate"].to_numpy() - r0["additional_rate"].to_numpy()
    rates, share = sector_tariffs(lines, cp_sector_map(), data.tradable)
    imp, exp = data.countries.index(t.importer), data.countries.index(t.exporter)
    tau_new = data.tau.copy()
    tau_new[: data.tradable, imp, exp] = data.tau[: data.tradable, imp, exp] + rates
    res.tables["sector_tariffs"] = pd.DataFrame(
        {"sector": np.arange(1, data.tradable + 1), "added_rate": rates, "trade_share": share}
    )
    res.notes.append(
        f"Sector tariffs: the additional duties of {t.schedule} on {t.exporter}'s "
        f"{period} lines ({sc.baseline.dataset}) between {t.baseline_date} and {t.date}, "
        "trade-weighted within each Caliendo–Parro sector (HS→sector map "
        "data/cp_sectors.toml), added to the 1993 tariffs; the rest of the world stays at "
        "1993. The model's economies are those of 1993."
    )
    return tau_new


# --------------------------------------------------------------------------- claims


def check_claim(
    text: str,
    *,
    context: dict[str, Any] | None = None,
    source: str = "",
    store: TradeStore | None = None,
) -> Any:
    """Parse a claim and check it against every dataset and published figure that can
    answer it; returns a :class:`tradewinds.claims.check.Verdict`."""
    from tradewinds.claims.check import empty_evidence, judge
    from tradewinds.claims.parser import parse_claim

    claim = parse_claim(text, context=context, source=source)
    store = store or open_store()
    rows: list[dict[str, Any]] = []
    pub = load_published_figures()
    metric = {("share", "crude"): "import_share_crude"}.get(
        (claim.metric or "", claim.product_group or ""), claim.metric
    )
    same = pub[
        (pub["reporter"] == claim.reporter)
        & (pub["partner"] == claim.partner)
        & (pub["metric"] == metric)
    ]
    for r in same.to_dict("records"):
        rows.append(
            {
                "kind": "published",
                "source": r["source"],
                "period": r["period"],
                "value": float(r["value"]),
                "unit": r["unit"],
                "exact": r["period"] == claim.period,
                "tag": r["tag"],
                "note": "published figure (shown beside, never mixed in)",
            }
        )
    if claim.record and claim.metric in {"total", "exports", "imports"}:
        for r in same.to_dict("records"):
            rows.append(
                {
                    "kind": "published-series",
                    "source": r["source"],
                    "period": r["period"],
                    "value": float(r["value"]),
                    "unit": r["unit"],
                    "exact": False,
                    "tag": r["tag"],
                    "note": "published series",
                }
            )
    if claim.metric in {"total", "exports", "imports", "balance"} and claim.period:
        col = {
            "total": "total_usd",
            "exports": "exports_usd",
            "imports": "imports_usd",
            "balance": "balance_usd",
        }[claim.metric]
        fy = claim.period.startswith("FY")
        for d in store.datasets():
            if d.kind != "flows" or "flows" not in d.tables:
                continue
            try:
                a = balance(claim.reporter or "", claim.partner or "", dataset=d.id, store=store)
            except Exception:
                continue
            f = a.frame
            hit = f[f["period"] == claim.period]
            partial = "PARTIAL" in d.coverage
            if not hit.empty and pd.notna(hit[col].iloc[0]):
                rows.append(
                    {
                        "kind": "computed" if not partial else "computed-partial",
                        "source": f"{d.id} ({d.source})",
                        "period": claim.period,
                        "value": float(hit[col].iloc[0]) / 1e9,
                        "unit": "usd_bn",
                        "exact": not partial,
                        "tag": "",
                        "note": "partial coverage: a lower bound" if partial else "same period",
                    }
                )
            else:
                for r in f.dropna(subset=[col]).to_dict("records"):
                    basis = (
                        "calendar year" if not str(r["period"]).startswith("FY") else "fiscal year"
                    )
                    why = [basis if fy != (basis == "fiscal year") else "another year"]
                    if "BACI" in d.source:
                        why.append("BACI reconciles both reports into FOB values")
                    if partial:
                        why.append("partial coverage")
                    rows.append(
                        {
                            "kind": "other-period",
                            "source": d.id,
                            "period": str(r["period"]),
                            "value": float(r[col]) / 1e9,
                            "unit": "usd_bn",
                            "exact": False,
                            "tag": "",
                            "note": "; ".join(why),
                        }
                    )
    evidence = pd.DataFrame(rows) if rows else empty_evidence()
    if not evidence.empty:
        # keep the comparable rows and, of the rest, the latest period of each source
        other = evidence[evidence["kind"] == "other-period"]
        other = other.sort_values("period").groupby("source").tail(1)
        evidence = pd.concat(
            [evidence[evidence["kind"] != "other-period"], other], ignore_index=True
        )
    notes: list[str] = []
    if claim.metric == "share" and claim.product_group:
        from tradewinds.io.codes import product_group

        g = product_group(claim.product_group)
        prefix = g.prefixes[0]
        for d in store.datasets():
            if d.kind != "flows":
                continue
            try:
                dependence(
                    claim.reporter or "",
                    claim.partner or "",
                    dataset=d.id,
                    product=prefix,
                    store=store,
                )
            except DataValidationError:
                continue
            notes.append(f"{d.id} holds {claim.reporter}'s imports of HS {prefix} by partner")
        if not notes:
            notes.append(
                f"no dataset here holds {claim.reporter}'s imports of HS {prefix} by "
                "partner (product dependence needs them: ingest BACI HS6 or a "
                "Comtrade download)"
            )
    return judge(claim, evidence, tuple(notes))


def check_claims_file(path: str, *, store: TradeStore | None = None) -> list[Any]:
    """Claims from a TOML file: an optional [context] (reporter, partner, period) and
    [[claims]] with text (and source)."""
    from pathlib import Path

    from tradewinds.io.tariff_data import read_toml

    doc = read_toml(Path(path))
    ctx = doc.get("context", {})
    items = doc.get("claims")
    if not isinstance(items, list) or not items:
        raise DataValidationError(
            "no [[claims]] in the file",
            file=str(path),
            fix="add [[claims]] entries with text = '…'",
        )
    out = []
    for i, c in enumerate(items):
        if not isinstance(c, dict) or "text" not in c:
            raise DataValidationError(
                "a claim without text",
                file=str(path),
                row=i + 1,
                column="text",
                fix="give text = '…'",
            )
        out.append(
            check_claim(
                str(c["text"]),
                context={**ctx, **c.get("context", {})},
                source=str(c.get("source", "")),
                store=store,
            )
        )
    return out


# ------------------------------------------------------------ potential and balance path


DISTANCE_ELASTICITY = 0.84093  # Yotov et al. (2016) ch.1 app.1, ln DIST (PPML)
TRADE_ELASTICITY = 4.0  # Ignatenko et al. (2025)


def potential_adjustments(
    store: TradeStore,
    exporter: str,
    flows: pd.DataFrame,
    *,
    distance: bool = True,
    tariffs: str = "none",
) -> tuple[dict[str, float], dict[str, float], list[str]]:
    """Market factors for export potential: distance (d̄_j/d_ij)^δ with d̄_j the
    import-weighted distance of j's suppliers (CEPII distw, else dist), and tariff
    advantage ((1 + t̄_j)/(1 + t_ij))^ε from the US rates announced on 2 April 2025 in
    the store (the US market only)."""
    import numpy as np

    from tradewinds.io.cepii import distances

    notes: list[str] = []
    dist_f: dict[str, float] = {}
    if distance:
        tot = (
            flows[flows["exporter"] != flows["importer"]]
            .groupby(["exporter", "importer"])["value_usd"]
            .sum()
            .reset_index()
        )
        tot = tot.merge(
            distances(), left_on=["exporter", "importer"], right_on=["iso_o", "iso_d"], how="inner"
        ).dropna(subset=["km"])
        tot["w_km"] = tot["km"] * tot["value_usd"]
        g = tot.groupby("importer")[["w_km", "value_usd"]].sum()
        avg: dict[Any, float] = (g["w_km"] / g["value_usd"]).to_dict()
        mine: dict[Any, float] = (
            tot[tot["exporter"] == exporter].set_index("importer")["km"].to_dict()
        )
        for j, km in mine.items():
            if j in avg and km > 0:
                dist_f[str(j)] = float((avg[j] / km) ** DISTANCE_ELASTICITY)
        notes.append(
            f"distance: (import-weighted distance of the market's suppliers / "
            f"distance from {exporter})^{DISTANCE_ELASTICITY} (CEPII GeoDist; the "
            "PPML distance elasticity of Yotov et al. 2016); markets without "
            "distances unadjusted"
        )
    tar_f: dict[str, float] = {}
    if tariffs == "ustr-2025-04-02":
        macro = store.read(DEFAULT_DATASET, "macro")
        r = macro[macro["indicator"] == "us_tariff_2025_04_02"].set_index("iso3")["value"]
        r = r.clip(lower=0.10)
        sup = flows[flows["importer"] == "USA"].groupby("exporter")["value_usd"].sum()
        sup = sup[sup.index.isin(r.index)]
        t_bar = float(np.average(r.reindex(sup.index), weights=sup))
        if exporter in r.index:
            tar_f["USA"] = float(((1 + t_bar) / (1 + r[exporter])) ** TRADE_ELASTICITY)
            notes.append(
                f"tariff advantage in the US: ((1 + {t_bar:.3f}) / (1 + "
                f"{r[exporter]:.2f}))^{TRADE_ELASTICITY:g} = {tar_f['USA']:.3f} "
                "(USTR rates of 2 Apr 2025, 10% floor, ε = 4)"
            )
    elif tariffs != "none":
        raise DataValidationError(
            f"tariffs {tariffs!r} is not none or ustr-2025-04-02",
            column="tariffs",
            fix="use --tariffs ustr-2025-04-02",
        )
    return dist_f, tar_f, notes


def schedule_tariff_advantage(
    flows: pd.DataFrame, exporter: str, market: str, schedule: str, as_of: str | None, digits: int
) -> tuple[pd.Series, str]:
    """Per product k of the market: ((1 + t̄_k)/(1 + t_ik))^σ_k, with the schedule's
    additional duty on the exporter's line and the import-weighted duty on the market's
    other suppliers of k, σ_k from ProTEE (MODELS §1, ITC's tariff advantage)."""
    import numpy as np

    from tradewinds.models.elasticities import sigma_for
    from tradewinds.tariffs import load_schedule

    sched = load_schedule(schedule)
    if sched.importer != market:
        raise DataValidationError(
            f"schedule {schedule!r} is {sched.importer}'s, not {market}'s",
            column="schedule",
            fix=f"use a schedule of {market}, or drop --schedule",
        )
    on = _date(as_of or "2025-08-27", "as_of")
    mk = flows[(flows["importer"] == market) & (flows["product"] != "TOTAL")].assign(
        k=lambda d: d["product"].str[:digits]
    )
    rate = pd.Series(0.0, index=mk.index)
    for sup, g in mk.groupby("exporter"):
        r = sched.line_rates(str(sup), g["product"], on, match="hs6", details=False)
        rate.loc[g.index] = (
            g["product"].map(dict(zip(r["product"], r["additional_rate"], strict=True))).to_numpy()
        )
    mk = mk.assign(rate=rate, w=mk["value_usd"] * rate)
    mine = mk[mk["exporter"] == exporter].groupby("k")["rate"].mean()
    others = mk[mk["exporter"] != exporter].groupby("k")[["w", "value_usd"]].sum()
    t_bar = (others["w"] / others["value_usd"]).reindex(mine.index).fillna(mine)
    sig = sigma_for(list(mine.index), source="protee").set_index("product")["sigma"]
    adv = ((1 + t_bar) / (1 + mine)) ** sig.reindex(mine.index).to_numpy()
    note = (
        f"tariff advantage by product from {schedule} on {on.isoformat()}: "
        f"((1 + mean duty on other suppliers) / (1 + duty on {exporter}))^σ_k, σ from "
        f"ProTEE; median factor {float(np.median(adv)):.3f}"
    )
    return adv.rename("tariff_advantage"), note


def potential(
    exporter: str,
    market: str | None,
    *,
    dataset: str = DEFAULT_DATASET,
    digits: int = 6,
    distance: bool = True,
    tariffs: str = "none",
    schedule: str | None = None,
    as_of: str | None = None,
    store: TradeStore | None = None,
) -> Analysis:
    """ITC export potential of ``exporter`` in ``market`` (all markets when None): by
    product where the dataset holds products of all countries, else by market (all
    goods, adjusted for distance and, with tariffs, for tariff advantage), saying which."""
    from tradewinds.accounting.potential import export_potential, potential_by_group

    store = store or open_store()
    x = _country(exporter, "exporter")
    m = _country(market, "market") if market else None
    flows, info = _load(store, dataset)
    periods = sorted(flows["period"].unique())
    flows = flows[flows["period"] == periods[-1]]
    products = bool((flows["product"] != "TOTAL").any())
    dist_f, tar_f, adj = (
        ({}, {}, [])
        if products
        else potential_adjustments(store, x, flows, distance=distance, tariffs=tariffs)
    )
    advantage = None
    if products and schedule is not None and m is not None:
        advantage, note = schedule_tariff_advantage(flows, x, m, schedule, as_of, digits)
        adj.append(note)
    frame, level = export_potential(
        flows,
        x,
        m,
        digits=digits,
        distance_factor=dist_f,
        tariff_factor=tar_f,
        tariff_advantage=advantage,
    )
    notes = [
        f"level: {level}; period {periods[-1]}",
        "ITC method (Decreux & Spies 2016): potential = supply share × adjusted demand "
        "× ease; potentials sum to the exporter's actual trade",
        *adj,
    ]
    extra: dict[str, Any] = {"level": level}
    if "product" in frame:
        extra["by_group"] = potential_by_group(frame, load_product_groups())
    else:
        notes.append(
            "for products, ingest an HS6 BACI file (`tradewinds data ingest baci`) "
            "and pass --dataset"
        )
    return _analysis(store, info, frame, notes=tuple(notes), extra=extra)


def balance_path(
    reporter: str,
    partner: str,
    *,
    export_growth: dict[str, float],
    import_change: dict[str, float],
    years: int = 5,
    base: str = "published",
    period: str = "FY2024-25",
    store: TradeStore | None = None,
) -> Analysis:
    """The bilateral balance year by year under chosen export growth by product group
    and import changes, and the growth of all exports that would halve or close it."""
    from tradewinds.accounting.potential import balance_path as path
    from tradewinds.accounting.potential import growth_to_reach

    store = store or open_store()
    r, p = _country(reporter, "reporter"), _country(partner, "partner")
    groups = load_product_groups()
    for g in [*export_growth, *import_change]:
        if g not in groups:
            from tradewinds.io.codes import product_group

            product_group(g, groups)  # raises with suggestions
    notes: list[str] = []
    if base == "published":
        x0 = (_published_value(r, p, "exports", period) or 0.0) * 1e9
        m0 = (_published_value(r, p, "imports", period) or 0.0) * 1e9
        if not x0 or not m0:
            raise DataValidationError(
                f"no published exports and imports of {r} with {p} for {period}",
                column="base",
                fix="use --base baci, or another period",
            )
        label = f"{period} (published)"
    elif base == "baci":
        b = balance(r, p, year=2023, store=store).frame.iloc[0]
        x0, m0 = float(b["exports_usd"]), float(b["imports_usd"])
        label = "calendar 2023 (BACI)"
    else:
        raise DataValidationError(
            f"base {base!r} is not published or baci", column="base", fix="use --base published"
        )
    # export groups: their shares in the reporter's lines to the partner (EIDB), on the base
    comp = (
        acc.composition(
            store.read(EIDB_DATASET, where="exporter = ? AND importer = ?", params=[r, p]),
            r,
            p,
            by="group",
            groups=groups,
        )
        if r == "IND"
        else pd.DataFrame(columns=["period", "code", "share"])
    )
    last = comp[comp["period"] == comp["period"].max()] if not comp.empty else comp
    shares = dict(zip(last["code"], last["share"], strict=True))
    export_groups = {g: shares.get(g, 0.0) * x0 for g in export_growth}
    if any(v == 0 for v in export_groups.values()):
        notes.append("groups with no composition data start from 0")
    import_groups: dict[str, float] = {}
    for g in import_change:
        if g == "crude":
            bill = _published_value(r, "WLD", "imports_crude", period)
            share = _published_value(r, p, "import_share_crude", period)
            if bill is None or share is None:
                raise DataValidationError(
                    "no figure for crude imports from the partner",
                    column="import_change",
                    fix="drop crude",
                )
            import_groups[g] = bill * share / 100 * 1e9
            notes.append(
                f"crude imports from {p}: {import_groups[g] / 1e9:,.1f} bn "
                f"(published {period}: bill {bill:g} bn × {share:g}%)"
            )
        else:
            raise DataValidationError(
                f"no import composition for group {g!r}",
                column="import_change",
                fix="only crude has figures here",
            )
    frame = path(
        x0,
        m0,
        export_groups=export_groups,
        export_growth=export_growth,
        import_groups=import_groups,
        import_change=import_change,
        years=years,
    )
    frame.insert(0, "base", label)
    half = growth_to_reach(x0, m0, (x0 - m0) / 2, years)
    close = growth_to_reach(x0, m0, 0.0, years)
    notes.append(
        f"base: {label}: exports {x0 / 1e9:,.2f} bn, imports {m0 / 1e9:,.2f} bn; "
        f"export groups valued with their shares in {r}'s EIDB lines to {p}"
    )
    notes.append(
        f"to halve the balance in {years} years with imports constant, all exports "
        f"would have to grow {half:.1%} a year; to close it, {close:.1%} a year"
    )
    info = store.info(EIDB_DATASET)
    return _analysis(
        store,
        info,
        frame,
        notes=tuple(notes),
        extra={"growth_to_halve": half, "growth_to_close": close},
    )


# --------------------------------------------------------------------------- diversion


def trade_diversion(
    bilateral: pd.DataFrame, exporter: str | None = None, *, top: int = 8, min_share: float = 0.0
) -> pd.DataFrame:
    """Where an exporter's lost sales went, from a scenario's bilateral table.

    Markets whose purchases fall (sources) are linked to markets whose purchases rise
    (targets) in proportion to the gains; what the gains do not cover goes to "net loss",
    what exceeds the losses comes from "net new trade". Beyond the ``top`` markets on each
    side, the rest is summed as "other markets". Returns ``source, target, value_usd``:
    the arithmetic of a Sankey of diversion, no model of who replaces whom. Without
    ``exporter``, the one whose exports fall most (US$) is shown; ``attrs`` names it."""
    base_col = next(c for c in ("value_baseline_usd", "value_with_nafta_usd") if c in bilateral)
    new_col = next(c for c in ("value_new_usd", "value_without_nafta_usd") if c in bilateral)
    if exporter is None:
        foreign = bilateral[bilateral["exporter"] != bilateral["importer"]]
        by = (foreign[new_col] - foreign[base_col]).groupby(foreign["exporter"]).sum()
        if not len(by) or by.min() >= 0:
            return pd.DataFrame(columns=["source", "target", "value_usd"])
        ex = str(by.idxmin())  # a code of the data (the Yotov panel has old ones)
    else:
        ex = _country(exporter, "exporter")
    f = bilateral[(bilateral["exporter"] == ex) & (bilateral["importer"] != ex)]
    if f.empty:
        raise DataValidationError(
            f"the scenario's bilateral table has no exports of {ex}",
            column="exporter",
            fix="pick an exporter of the scenario's countries",
        )
    d = f.groupby("importer")[[base_col, new_col]].sum()
    change = d[new_col] - d[base_col]
    small = change.abs() < min_share * d[base_col].sum()
    change = change[~small & (change != 0)]

    def side(s: pd.Series, suffix: str) -> pd.Series:
        s = s.sort_values(ascending=False)
        head = s.head(top)
        head.index = [f"{country_label(str(i))} {suffix}" for i in head.index]
        rest = float(s.iloc[top:].sum())
        if rest > 0:
            head[f"other markets {suffix}"] = rest
        return head

    loss = side(-change[change < 0], "(loses)")
    gain = side(change[change > 0], "(gains)")
    total_loss, total_gain = float(loss.sum()), float(gain.sum())
    rows: list[tuple[str, str, float]] = []
    covered = min(total_loss, total_gain)
    for src, lv in loss.items():
        for dst, gv in gain.items():
            rows.append((str(src), str(dst), lv / total_loss * covered * gv / total_gain))
        if total_loss > total_gain:
            rows.append((str(src), "net loss", lv / total_loss * (total_loss - total_gain)))
    if total_gain > total_loss:
        for dst, gv in gain.items():
            rows.append(("net new trade", str(dst), gv / total_gain * (total_gain - total_loss)))
    out = pd.DataFrame(rows, columns=["source", "target", "value_usd"])
    out = out[out["value_usd"] > 0].reset_index(drop=True)
    out.attrs.update(exporter=ex, exporter_name=country_label(ex))
    return out
