"""A bilateral relationship: balance, composition, partners, dependence, indicators,
mirror flows, and all of them together (:func:`relationship`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from tradewinds import accounting as acc
from tradewinds.accounting.fiscal import fiscal_year_label
from tradewinds.errors import DataValidationError
from tradewinds.io.codes import load_product_groups
from tradewinds.io.store import DatasetInfo, TradeStore
from tradewinds.services._common import (
    DEFAULT_DATASET,
    EIDB_DATASET,
    EITHER,
    PAIR,
    Analysis,
    analysis,
    datasets_with_period,
    load_flows,
    official_dataset,
    parse_fy,
    published_figures,
    resolve_country,
    select_period,
    source_label,
    wanted,
)
from tradewinds.services.data import open_store


def pick_dataset(
    store: TradeStore,
    r: str,
    p: str,
    *,
    dataset: str | None,
    year: int | None,
    fiscal_year: str | None,
) -> tuple[str, str]:
    """The dataset a bilateral figure comes from, and why (a note).

    Fiscal years of a country whose statistical office is in the store (India's
    DGCI&S) come from that office's own table; calendar years, periods not given and
    pairs without such a country from the BACI world matrix. ``year`` and
    ``fiscal_year`` together are an error (one period at a time)."""
    if year is not None and fiscal_year is not None:
        raise DataValidationError(
            f"both --year {year} and --fiscal-year {fiscal_year} given: they ask for "
            "different periods (a calendar year January–December, a fiscal year April–March)",
            column="fiscal_year",
            fix="give one of --year or --fiscal-year",
        )
    if dataset is not None:
        return dataset, ""
    if fiscal_year is not None:
        parse_fy(fiscal_year)
        off = official_dataset(store, r, p)
        if off is not None:
            return off.id, f"fiscal years from the official statistics ({off.id}, {off.source})"
    return DEFAULT_DATASET, ""


def _period_error(
    store: TradeStore, exc: DataValidationError, r: str, p: str, dataset: str, labels: list[str]
) -> DataValidationError:
    """The period error, pointing to the datasets that hold the period."""
    where = datasets_with_period(store, r, p, labels, skip=dataset)
    if not where:
        return exc
    opts = "; ".join(
        f"{per} is in {d} (--dataset {d} "
        + (f"--fiscal-year {per[2:]})" if per.startswith("FY") else f"--year {per})")
        for d, per in where
    )
    return DataValidationError(exc.problem, column=exc.column, fix=opts)


def load_pair_totals(
    store: TradeStore, dataset: str, a: str, b: str
) -> tuple[pd.DataFrame, DatasetInfo]:
    """The flows between two countries, summed over products in DuckDB where the dataset
    is product-level with a ``totals`` table (BACI: a few rows instead of thousands; the
    all-goods totals are the same), else as stored (official rows keep their flags)."""
    flows, info = load_flows(
        store, dataset, PAIR, [a, b, b, a], totals=True, columns=_BALANCE_COLUMNS
    )
    return flows, info


#: what the balance reads of summed flows (fewer columns to convert: ~1 ms a call)
_BALANCE_COLUMNS = ["period", "freq", "year", "month", "exporter", "importer", "product",
                    "value_usd", "flow_reporter", "source", "vintage"]  # fmt: skip


def balance(
    reporter: str,
    partner: str,
    *,
    dataset: str | None = None,
    year: int | None = None,
    fiscal_year: str | None = None,
    fy_start_month: int = 4,
    allow_partial: bool = False,
    allow_partial_trends: bool = False,
    report: str = "reporter",
    store: TradeStore | None = None,
) -> Analysis:
    """Exports, imports, total and balance of reporter with partner (+ growth, records).

    ``dataset`` None picks one (:func:`pick_dataset`): the official statistics for a
    fiscal year of their country, else BACI. Growth, records and "highest since" are
    computed on complete periods only (``allow_partial_trends`` compares partial ones
    too, and says so); a record or "highest since" is said only of a rise.
    ``allow_partial`` totals a fiscal year built from months with some missing."""
    store = store or open_store()
    r, p = resolve_country(reporter, "reporter"), resolve_country(partner, "partner")
    dataset, why = pick_dataset(store, r, p, dataset=dataset, year=year, fiscal_year=fiscal_year)
    fy = parse_fy(fiscal_year)
    flows, info = load_pair_totals(store, dataset, r, p)
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
    notes: list[str] = [why] if why else []
    months_ok = frame["months"] == 12 if "months" in frame else pd.Series(True, frame.index)
    # complete: every month there, the row's own coverage complete, and the dataset not
    # stated partial as a whole (its rows may not say so)
    complete = months_ok & acc.row_complete(frame, info.coverage)
    complete &= acc.is_complete(info.coverage)
    # growth and records of total trade, or of the one direction a dataset has
    measure = next(
        (c for c in ("total_usd", "exports_usd", "imports_usd") if frame[c].notna().any()),
        None,
    )
    if measure is not None and len(frame) > 1:
        label = {"total_usd": "total trade", "exports_usd": f"{r}'s exports to {p}",
                 "imports_usd": f"{r}'s imports from {p}"}[measure]  # fmt: skip
        rec = acc.growth_and_records(
            frame.assign(_complete=complete.to_numpy()),
            measure,
            complete="_complete",
            allow_partial=allow_partial_trends,
        )
        frame = frame.merge(
            rec[["period", "growth_pct", "is_record_high", "highest_since", "trend_note"]],
            on="period",
            how="left",
        )
        first = str(rec["period"].iloc[0])
        for _, row in rec.iterrows():
            if row["is_record_high"] and (
                (year is None and fy is None) or row["period"] in wanted(year, fy, fy_start_month)
            ):
                notes.append(
                    f"{row['period']}: {label} {row[measure] / 1e9:,.2f} bn is a record in this "
                    f"dataset (data since {first}; growth_pct is of {label})"
                )
    try:
        frame = select_period(frame, year, fiscal_year and fy, fy_start_month, dataset=dataset)
    except DataValidationError as exc:
        labels = sorted(wanted(year, fy, fy_start_month))
        if year is not None:  # the fiscal year that starts in it, too
            labels.append(fiscal_year_label(year, fy_start_month))
        raise _period_error(store, exc, r, p, dataset, labels) from None
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
    if not acc.is_complete(info.coverage):
        notes.append(
            "This dataset has partial coverage: its totals understate trade; levels only "
            + (
                "(growth and records compared anyway: --allow-partial-trends)"
                if allow_partial_trends
                else "(no growth, record or trend; --allow-partial-trends compares them anyway)"
            )
        )
    if "provisional" in frame and frame["provisional"].fillna(False).astype(bool).any():
        prov = ", ".join(frame.loc[frame["provisional"].fillna(False).astype(bool), "period"])
        notes.append(f"{prov}: provisional ({info.source} may revise it)")
    if frame["flow_reporter"].iloc[0] not in (r, "BACI", "AGTPA"):
        notes.append(f"{r} does not report these flows here: figures are {p}'s mirror report")
    frame = frame.assign(dataset=dataset, statistic=_statistic(info, frame))
    return analysis(
        store,
        info,
        frame.reset_index(drop=True),
        notes=tuple(notes),
        published=published_figures(r, p),
    )


def _statistic(info: DatasetInfo, frame: pd.DataFrame) -> pd.Series:
    """Per row, the statistic in a few words: 'DGCI&S FY2024-25 (provisional)'."""
    short = source_label(info)
    prov = (
        frame["provisional"].fillna(False).astype(bool).tolist()
        if "provisional" in frame
        else [False] * len(frame)
    )
    text = [
        f"{short} {period}{' (provisional)' if p else ''}"
        for period, p in zip(frame["period"].astype(str).tolist(), prov, strict=True)
    ]
    return pd.Series(text, index=frame.index, dtype="str")


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
    x, m = resolve_country(exporter, "exporter"), resolve_country(importer, "importer")
    flows, info = load_flows(store, dataset, "exporter = ? AND importer = ?", [x, m])
    frame = acc.composition(flows, x, m, by=by, groups=load_product_groups())
    fy = parse_fy(fiscal_year)
    frame = select_period(frame, year, fy and fiscal_year, 4)
    if top is not None:
        frame = frame.groupby("period").head(top).reset_index(drop=True)
    notes: list[str] = []
    if by == "group":
        notes.append(
            "Product groups overlap (crude is part of energy): their shares need not sum to 100%."
        )
        # a group with no line in the data: "not covered" in a partial dataset (its lines
        # may be missing), "no trade recorded" in a complete one; never a silent 0
        complete = acc.is_complete(info.coverage)
        frame = acc.mark_not_covered(
            frame[frame["value_usd"] > 0],
            frame[["period", "code", "label"]],
            "value_usd",
            on=["period", "code", "label"],
            complete=complete,
        ).sort_values(["period", "value_usd"], ascending=[True, False], na_position="last")
        frame = frame.reset_index(drop=True)
        missing = list(dict.fromkeys(frame.loc[frame["status"] == acc.NOT_COVERED, "label"]))
        if missing:
            notes.append(
                f"Not covered ({'; '.join(missing)}): no line of these groups is in this "
                "partial dataset; that is missing data, not an absence of trade (see coverage)."
            )
    return analysis(store, info, frame, notes=tuple(notes))


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
    dataset: str | None = None,
    year: int | None = None,
    fiscal_year: str | None = None,
    top: int | None = 10,
    store: TradeStore | None = None,
) -> Analysis:
    """``country``'s partners by share of its exports or imports, with HHI. A fiscal
    year of a country whose statistics are in the store reads them (India: DGCI&S)."""
    store = store or open_store()
    c = resolve_country(country, "country")
    dataset, why = pick_dataset(store, c, c, dataset=dataset, year=year, fiscal_year=fiscal_year)
    flows, info = load_flows(store, dataset, "exporter = ? OR importer = ?", [c, c])
    frame = acc.partner_shares(flows, c, direction=direction)
    hhi, hhin = frame.attrs["hhi"], frame.attrs["hhi_normalised"]
    fy = parse_fy(fiscal_year)
    frame = select_period(frame, year, fy and fiscal_year, 4, dataset=dataset)
    if top is not None:
        frame = frame[frame["rank"] <= top].reset_index(drop=True)
    notes = ([why] if why else []) + [
        f"{p}: partner concentration HHI {hhi[p]:.4f} (raw Σs²), {hhin[p]:.4f} (normalised)"
        for p in sorted(frame["period"].unique())
    ]
    if info.kind == "official":
        notes.append(
            f"Shares of {c}'s own world totals as {source_label(info)} reports them "
            "(partner rows add up to the totals)"
        )
    return analysis(
        store, info, frame, notes=tuple(notes), extra={"hhi": hhi, "hhi_normalised": hhin}
    )


def dependence(
    a: str,
    b: str,
    *,
    dataset: str | None = None,
    year: int | None = None,
    fiscal_year: str | None = None,
    product: str | None = None,
    store: TradeStore | None = None,
) -> Analysis:
    """How much ``a`` and ``b`` depend on each other. Official statistics (a fiscal year
    of India) give the reporting country's side only: the other side's world totals are
    not in them."""
    store = store or open_store()
    ca, cb = resolve_country(a, "country"), resolve_country(b, "partner")
    dataset, why = pick_dataset(store, ca, cb, dataset=dataset, year=year, fiscal_year=fiscal_year)
    flows, info = load_flows(store, dataset, EITHER, [ca, cb, ca, cb])
    if product:
        frame = acc.product_dependence(flows, ca, cb, product)
    else:
        frame = acc.dependence(flows, ca, cb)
    fy = parse_fy(fiscal_year)
    frame = select_period(frame, year, fy and fiscal_year, 4, dataset=dataset)
    notes = [why] if why else []
    if info.kind == "official" and not product:
        office = set(flows["flow_reporter"].dropna().astype(str))
        other = [x for x in (ca, cb) if x not in office]
        frame = frame[frame["country"].isin(office)].reset_index(drop=True)
        if other:
            notes.append(
                f"{', '.join(other)}'s side is not shown: {source_label(info)} reports "
                f"{', '.join(sorted(office))}'s trade only (for both sides use BACI: --year)"
            )
    return analysis(store, info, frame, notes=tuple(notes))


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
    x, m = resolve_country(exporter, "exporter"), resolve_country(importer, "importer")
    flows, info = load_flows(store, dataset)
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
    frame = select_period(frame, year, None, 4)
    return analysis(store, info, frame, notes=tuple(notes))


def mirror(a: str, b: str, *, dataset: str, store: TradeStore | None = None) -> Analysis:
    store = store or open_store()
    ca, cb = resolve_country(a, "country"), resolve_country(b, "partner")
    flows, info = load_flows(store, dataset, PAIR, [ca, cb, cb, ca])
    frame = acc.mirror_comparison(flows, ca, cb)
    return analysis(store, info, frame)


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
    ca, cb = resolve_country(a, "country"), resolve_country(b, "partner")
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
    # the balance over time: the official statistics of either country where the store
    # has them (complete, every fiscal year), else the product dataset (maybe partial)
    off = official_dataset(store, ca, cb)
    sds = off.id if off is not None else pds
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
        series=maybe(f"{ca}–{cb} over time in {sds}", lambda: balance(
            ca, cb, dataset=sds, store=store, allow_partial=True)),
        notes=tuple(notes),
    )  # fmt: skip
