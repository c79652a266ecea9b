"""The India–Russia case end to end: each piece with its provenance, for the CLI's
`case india-russia` and its report. Its constants live in
:mod:`tradewinds.cases.india_russia`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tradewinds.accounting.deficit import decompose_balance
from tradewinds.cases import india_russia as case
from tradewinds.io.embedded import data_path
from tradewinds.io.oil_data import india_crude_imports
from tradewinds.io.store import TradeStore
from tradewinds.services._beside import Beside
from tradewinds.services._common import (
    EIDB_DATASET,
    OFFICIAL_DATASET,
    Analysis,
    published_figures,
)
from tradewinds.services.bilateral import (
    balance,
    chapter_trend,
    composition,
    dependence,
    partners,
)
from tradewinds.services.claims import check_claim, check_claims_file
from tradewinds.services.data import open_store
from tradewinds.services.prospects import balance_path, potential
from tradewinds.services.scenarios import run_scenario
from tradewinds.services.tariffs import exposure


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
    backtest: Analysis | None = None  # the predictions beside what happened
    oil_tradeoff: Analysis | None = None  # the discount kept against the duty paid
    crude: Any = None  # the crude-market scenario (discount by year, re-routing)
    sanctions: Analysis | None = None  # the ledger in force on the measures' date
    # the official series by fiscal year (DGCI&S), the deficit without crude, the record
    official_rus: Analysis | None = None
    official_usa: Analysis | None = None
    deficit_rus: Analysis | None = None
    record: tuple[Any, ...] = ()


def deficit_without_crude(
    reporter: str, partner: str, *, store: TradeStore | None = None
) -> Analysis:
    """The reporter's balance with the partner by fiscal year (official statistics) with
    the crude oil it imports from the partner split out (DGCI&S crude imports by source;
    years before those data: crude "not covered")."""
    b = balance(reporter, partner, dataset=OFFICIAL_DATASET, store=store)
    crude = india_crude_imports()
    crude = crude[(crude["importer"] == reporter) & (crude["source"] == partner)]
    frame = decompose_balance(b.frame, crude)
    frame = frame.merge(b.frame[["period", "provisional", "statistic"]], on="period", how="left")
    notes = (
        *b.notes,
        "Crude: DGCI&S imports of crude petroleum by source (TradeStat principal commodity "
        "S5, CIF), FY2021-22 … FY2025-26; earlier years not covered. The rest: every other "
        "good imported from the partner (same DGCI&S report).",
    )
    return dataclasses.replace(b, frame=frame, notes=notes)


def case_india_russia(
    *,
    store: TradeStore | None = None,
    fiscal_year: str = case.FISCAL_YEAR,
    workers: int = 2,
    beside: Beside | None = None,
) -> IndiaRussiaCase:
    """The relationship in world 2023 data, published FY figures and EIDB composition,
    the exposure to the US measures, the case scenarios and claims.

    ``workers``: 2 (default) runs the longest scenarios (the chained US states, the
    multi-sector run and the backtest's own: :data:`~tradewinds.cases.india_russia.
    SECOND_PROCESS`) in a second process beside the rest, when the machine gives this
    process a second core; 1 runs everything here. The results are the same. ``beside``:
    that second process, already started (the CLI starts it before its own imports)."""
    from tradewinds.services.outcomes import backtest

    store = store or open_store()
    if beside is None and workers > 1:
        beside = Beside(case.SECOND_PROCESS, str(store.home))
    try:
        away = set(beside.names) if beside is not None else set()
        runs = {n: run_scenario(n, store=store) for n in case.SCENARIOS if n not in away}
        fields = _case_fields(store, fiscal_year)
        got = beside.results() if beside is not None else {}
    finally:
        if beside is not None:
            beside.close()
    for n in case.SCENARIOS:  # what the second process did not answer is run here
        if n not in runs:
            runs[n] = got.get(n) or run_scenario(n, store=store)
    return IndiaRussiaCase(
        **fields,
        scenarios=tuple(runs[n] for n in case.SCENARIOS),
        backtest=backtest(store=store, runs={**got, **runs}),
    )


def _case_fields(store: TradeStore, fiscal_year: str) -> dict[str, Any]:
    """Every piece of the case but its scenarios and backtest."""
    from tradewinds.services.oil import oil_tradeoff_table, sanctions_in_force

    ind, rus, usa, year = case.INDIA, case.RUSSIA, case.USA, case.CALENDAR_YEAR
    return dict(
        balance_rus=balance(ind, rus, year=year, store=store),
        balance_usa=balance(ind, usa, year=year, store=store),
        dependence=dependence(ind, rus, year=year, store=store),
        import_partners=partners(ind, direction="imports", year=year, top=10, store=store),
        eidb_rus=balance(ind, rus, dataset=EIDB_DATASET, store=store),
        eidb_usa=balance(ind, usa, dataset=EIDB_DATASET, store=store),
        groups_rus=composition(ind, rus, by="group", fiscal_year=fiscal_year, store=store),
        groups_usa=composition(ind, usa, by="group", fiscal_year=fiscal_year, store=store),
        chapters_rus=composition(
            ind, rus, by="chapter", fiscal_year=fiscal_year, top=12, store=store
        ),
        chapters_usa=composition(
            ind, usa, by="chapter", fiscal_year=fiscal_year, top=12, store=store
        ),
        chapters_trend_rus=chapter_trend(ind, rus, store=store),
        published=published_figures(ind, rus),
        exposure=exposure(usa, ind, case.MEASURES_DATE, schedule=case.SCHEDULE, store=store),
        oil_tradeoff=oil_tradeoff_table(
            ind, case.MEASURES_DATE, supplier=case.OIL_SUPPLIER, store=store
        ),
        crude=run_scenario(case.CRUDE_SCENARIO, store=store),
        sanctions=sanctions_in_force(case.MEASURES_DATE),
        claims=tuple(check_claims_file(str(data_path(*case.CLAIMS_FILE)), store=store)),
        potential=potential(ind, rus, store=store),
        official_rus=balance(ind, rus, dataset=OFFICIAL_DATASET, store=store),
        official_usa=balance(ind, usa, dataset=OFFICIAL_DATASET, store=store),
        deficit_rus=deficit_without_crude(ind, rus, store=store),
        record=tuple(check_claim(case.SEED_SENTENCE, source=case.SEED_SOURCE, store=store)),
        balance_path=balance_path(
            ind,
            rus,
            export_growth=dict(case.EXPORT_GROWTH),
            import_change=dict(case.IMPORT_CHANGE),
            years=case.PATH_YEARS,
            period=case.FISCAL_PERIOD,
            store=store,
        ),
    )
