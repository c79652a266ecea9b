"""Workers abroad: migrant stocks and remittances of a corridor (World Bank / KNOMAD
2021 estimates, the vintage stated in every output), and the published figures on
workers (quotas, permits, statements), kept in their own table, never mixed in."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradewinds.io.readers.knomad import corridor, load_worker_figures
from tradewinds.io.store import DatasetInfo, TradeStore
from tradewinds.services._common import MIGRATION_DATASET, Analysis, analysis, resolve_country
from tradewinds.services.data import ensure_embedded, open_store


@dataclass(frozen=True)
class Migration:
    """A corridor's migrants and remittances (estimates) and the published figures."""

    origin: str
    host: str
    corridor: Analysis
    published: pd.DataFrame  # quotas, permits, statements: with source, URL, date, status


def corridor_frame(
    store: TradeStore, origin: str, host: str, *, dataset: str = MIGRATION_DATASET
) -> tuple[pd.DataFrame, DatasetInfo]:
    """The corridor both ways (:func:`tradewinds.io.readers.knomad.corridor`) from a
    migration dataset in the store."""
    ensure_embedded(store, dataset)
    info = store.info(dataset)
    m = store.read(
        dataset,
        "migrants",
        where="origin IN (?, ?) AND destination IN (?, ?, 'WLD')",
        params=[origin, host, origin, host],
    )
    r = store.read(
        dataset,
        "remittances",
        where="receiver IN (?, ?) AND sender IN (?, ?, 'WLD')",
        params=[origin, host, origin, host],
    )
    return corridor(m, r, origin, host), info


def migration(
    origin: str,
    host: str,
    *,
    dataset: str = MIGRATION_DATASET,
    store: TradeStore | None = None,
) -> Migration:
    """Migrants born in ``origin`` living in ``host`` (and the other way), remittances
    each way, the origin's totals for scale, and the published figures on workers of
    ``origin`` in ``host``."""
    store = store or open_store()
    o, h = resolve_country(origin, "origin"), resolve_country(host, "host")
    frame, info = corridor_frame(store, o, h, dataset=dataset)
    pub = load_worker_figures()
    pub = pub[(pub["origin"] == o) & (pub["host"] == h)].reset_index(drop=True)
    notes = [
        f"{info.vintage}: model estimates, not counts or reported flows (see coverage).",
        "Remittances of workers staying under a year are compensation of employees (BPM6 "
        "primary income), of residents personal transfers (secondary income): current-account "
        "income, never goods trade.",
    ]
    if not pub.empty:
        notes.append(
            f"Published figures on {o} workers in {h} ({len(pub)}) are listed apart: quotas are "
            "ceilings, permits are issued per year, workforce figures are stocks; they are not "
            "comparable with each other or with the estimates above."
        )
    return Migration(o, h, analysis(store, info, frame, notes=tuple(notes)), pub)
