"""Model against outcome: the library's predictions beside the official figures of the
year that followed (``tradewinds backtest``).

Loads the official data (DGCI&S TradeStat partner totals ``india-tradestat`` and EIDB
chapters ``india-eidb-hs2-world``, ingested from the embedded files on first use), runs
the scenarios the case names (:mod:`tradewinds.cases.india_russia_backtest`) and hands
both to :mod:`tradewinds.scenarios.backtest`. Returns an :class:`Analysis`: one row per
prediction, with ``extra`` holding the chapter table, the predictions not yet comparable
and what the models cannot see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from tradewinds.accounting.fiscal import fiscal_year_label
from tradewinds.cases import india_russia_backtest as case
from tradewinds.errors import DataValidationError
from tradewinds.io.readers.national import (
    CHAPTERS_DATASET,
    NATIONAL_DATASET,
    read_national,
    read_national_chapters,
)
from tradewinds.io.store import DatasetSpec, TradeStore
from tradewinds.scenarios import library_names
from tradewinds.scenarios.backtest import chapter_comparison, compare
from tradewinds.scenarios.result import ScenarioResult
from tradewinds.services._common import Analysis, analysis, parse_fy
from tradewinds.services.data import open_store
from tradewinds.services.scenarios import run_scenario
from tradewinds.tariffs import load_schedule


def _official(store: TradeStore, dataset: str, make: Callable[[], DatasetSpec]) -> None:
    """Ingest an embedded official dataset the store lacks (the first backtest)."""
    if not store.has(dataset):
        store.ingest(make())


def backtest(
    *,
    store: TradeStore | None = None,
    target: str = case.TARGET_PERIOD,
    base: str = case.BASE_PERIOD,
    runs: Mapping[str, ScenarioResult] | None = None,
) -> Analysis:
    """Each library prediction with an observed counterpart beside the observed value of
    ``target`` (official, provisional where flagged), built on the observed ``base``.
    ``runs``: scenario results already computed (the case report's), reused by name."""
    store = store or open_store()
    target = _period(target, "target")
    base = _period(base, "base")
    _official(store, NATIONAL_DATASET, read_national)
    _official(store, CHAPTERS_DATASET, read_national_chapters)
    info = store.info(NATIONAL_DATASET)
    observed = store.read(NATIONAL_DATASET, where="period IN (?, ?)", params=[base, target])
    world = store.read(CHAPTERS_DATASET, where="period IN (?, ?)", params=[base, target])
    have = set(library_names())
    names = list(dict.fromkeys(c.scenario for c in case.COUNTERPARTS if c.scenario in have))
    done = dict(runs or {})
    results = {n: done[n] if n in done else run_scenario(n, store=store) for n in names}
    rows = compare(
        case.COUNTERPARTS,
        results,
        observed,
        base=base,
        target=target,
        schedule=load_schedule(),
    )
    chapters = (
        chapter_comparison(
            results[case.CHAPTER_SCENARIO],
            world,
            state=target,
            base=base,
            target=target,
            reporter=case.INDIA,
        )
        if case.CHAPTER_SCENARIO in results
        else pd.DataFrame()
    )
    cinfo = store.info(CHAPTERS_DATASET)
    notes = (
        f"Observed: {info.source}, {info.vintage}; {target} provisional. Chapters: "
        f"{cinfo.source} ({cinfo.coverage})",
        "Every prediction is built on the observed base year (the official total), so the "
        "error is the model's and not the data's coverage; the PE's covered lines are "
        "EIDB's, its other lines held at their base level.",
        "Chapters: the PE change of India's exports to the US in the FY2025-26 state set "
        "beside the observed change of India's exports to the world (the embedded official "
        "figures split exports to the US by chapter only for FY2025-26's top ten chapters, "
        "with no FY2024-25 counterpart): the model holds every other market unchanged.",
    )
    return analysis(
        store,
        info,
        rows,
        notes=notes,
        extra={
            "chapters": chapters,
            "not_yet": pd.DataFrame(list(case.NOT_YET), columns=["prediction", "why"]),
            "blind_spots": list(case.BLIND_SPOTS),
            "scenarios": {n: r.scenario_hash[:16] for n, r in results.items()},
            "chapters_dataset": cinfo.id,
        },
    )


def _period(text: str, name: str) -> str:
    """'2025-26' or 'FY2025-26' → 'FY2025-26' (the data's label)."""
    try:
        start = parse_fy(text)
    except DataValidationError as exc:
        exc.column = name
        raise
    if start is None or "-" not in text:
        raise DataValidationError(
            f"{text!r} is not a fiscal year", column=name, fix="write FY2025-26 or 2025-26"
        )
    return fiscal_year_label(int(start), 4)
