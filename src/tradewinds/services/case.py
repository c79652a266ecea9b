"""The India–Russia case end to end: each piece with its provenance, for the CLI's
`case india-russia` and its report. Its constants live in
:mod:`tradewinds.cases.india_russia`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from tradewinds.cases import india_russia as case
from tradewinds.io.embedded import data_path
from tradewinds.io.store import TradeStore
from tradewinds.services._common import EIDB_DATASET, Analysis, published_figures
from tradewinds.services.bilateral import (
    balance,
    chapter_trend,
    composition,
    dependence,
    partners,
)
from tradewinds.services.claims import check_claims_file
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


def case_india_russia(
    *, store: TradeStore | None = None, fiscal_year: str = case.FISCAL_YEAR
) -> IndiaRussiaCase:
    """The relationship in world 2023 data, published FY figures and EIDB composition,
    the exposure to the US measures, the case scenarios and claims."""
    store = store or open_store()
    ind, rus, usa, year = case.INDIA, case.RUSSIA, case.USA, case.CALENDAR_YEAR
    return IndiaRussiaCase(
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
        scenarios=tuple(run_scenario(n, store=store) for n in case.SCENARIOS),
        claims=tuple(check_claims_file(str(data_path(*case.CLAIMS_FILE)), store=store)),
        potential=potential(ind, rus, store=store),
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
