"""Tariff advantage by product (ITC export potential, MODELS.md §1): how much better
or worse an exporter's duty is than its competitors' in one market."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.tariffs.schedule import TariffSchedule


def schedule_tariff_advantage(
    flows: pd.DataFrame,
    exporter: str,
    market: str,
    schedule: TariffSchedule,
    on: date,
    digits: int,
    sigma: pd.Series,
) -> tuple[pd.Series, str]:
    """Per product k of the market: ((1 + t̄_k)/(1 + t_ik))^σ_k, with the schedule's
    additional duty on the exporter's line and the import-weighted duty on the market's
    other suppliers of k; ``sigma`` by product code (k) of ``digits`` digits."""
    if schedule.importer != market:
        raise DataValidationError(
            f"schedule {schedule.name!r} is {schedule.importer}'s, not {market}'s",
            column="schedule",
            fix=f"use a schedule of {market}, or drop --schedule",
        )
    mk = flows[(flows["importer"] == market) & (flows["product"] != "TOTAL")].assign(
        k=lambda d: d["product"].str[:digits]
    )
    # every supplier at its own rate, the product lists matched once for all of them
    wide = schedule.rates_by_exporter(
        sorted(mk["exporter"].astype(str).unique()), mk["product"], on, match="hs6", wide=True
    )
    stacked = wide.stack()
    rate = pd.Series(
        stacked.reindex(pd.MultiIndex.from_arrays([mk["product"], mk["exporter"]])).to_numpy(float),
        index=mk.index,
    )
    mk = mk.assign(rate=rate, w=mk["value_usd"] * rate)
    mine = mk[mk["exporter"] == exporter].groupby("k")["rate"].mean()
    others = mk[mk["exporter"] != exporter].groupby("k")[["w", "value_usd"]].sum()
    t_bar = (others["w"] / others["value_usd"]).reindex(mine.index).fillna(mine)
    adv = ((1 + t_bar) / (1 + mine)) ** sigma.reindex(mine.index).to_numpy()
    note = (
        f"tariff advantage by product from {schedule.name} on {on.isoformat()}: "
        f"((1 + mean duty on other suppliers) / (1 + duty on {exporter}))^σ_k, σ from "
        f"ProTEE; median factor {float(np.median(adv)):.3f}"
    )
    return adv.rename("tariff_advantage"), note
