"""Model against outcome: each scenario prediction that has an observed counterpart, set
beside the observed value, with its horizon, its policy dates, how far the observed
period saw that policy, and the error. Pure: results and observed frames in, tables out
(the service loads them; the case names which predictions to compare).

A prediction becomes a level of the observed series one way, stated in each row:

* ``pe_state``: a state of the PE chain against its data (US$ change on the covered
  lines) added to the observed base-year total; lines the data lack are held at their
  base-year level.
* ``ge_state``: a state of the GE chain, the exporter's exports to the importer changing
  by the model's percentage, applied to the observed base-year total.
* ``ge_pair``: the GE bilateral change of one pair (a one-state GE scenario).
* ``ge_pair_sectors``: the multi-sector GE change of one pair, all sectors summed at
  producer prices.
* ``embargo_imports``: imports of the halted product from the embargoed supplier gone
  (the scenario's lost imports) from the observed base-year flow.
* ``push_exports``: the chosen export push (scaled to published totals) added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.scenarios.result import ScenarioResult
from tradewinds.tariffs.schedule import TariffSchedule
from tradewinds.tariffs.states import PolicyState, days_in_force

Read = Literal[
    "pe_state", "ge_state", "ge_pair", "ge_pair_sectors", "embargo_imports", "push_exports"
]
Flow = Literal["exports", "imports", "total"]


@dataclass(frozen=True)
class Counterpart:
    """One prediction of a scenario and the observed series it is set beside."""

    scenario: str
    label: str  # "India's exports to the US"
    reporter: str
    partner: str
    flow: Flow
    read: Read
    state: str = ""  # the chain state (pe_state, ge_state)
    policy: str = ""  # the policy the prediction assumes, in words
    note: str = ""  # what the prediction is not (a chosen push, a halt that did not happen)


def observed_value(
    observed: pd.DataFrame, reporter: str, partner: str, flow: Flow, period: str
) -> tuple[float, bool]:
    """(US$, provisional) of the reporter's flow with the partner in ``period``, from
    flows frames (exporter, importer, period, value_usd, provisional)."""

    def one(exp: str, imp: str) -> tuple[float, bool]:
        r = observed[
            (observed["exporter"] == exp)
            & (observed["importer"] == imp)
            & (observed["period"] == period)
        ]
        if r.empty:
            return float("nan"), False
        prov = bool(r["provisional"].any()) if "provisional" in r else False
        return float(r["value_usd"].sum()), prov

    if flow == "exports":
        return one(reporter, partner)
    if flow == "imports":
        return one(partner, reporter)
    a, pa = one(reporter, partner)
    b, pb = one(partner, reporter)
    return a + b, pa or pb


def _num(v: object) -> float:
    return float(v)  # type: ignore[arg-type]


def _prediction(cp: Counterpart, res: ScenarioResult, base: float) -> tuple[float, str, str]:
    """(predicted level US$, how it was formed, horizon) of one counterpart."""
    v = res.values
    if cp.read == "pe_state":
        chain = res.tables["chain"].set_index("state")
        change = _num(chain.at[cp.state, "change_vs_data_usd"])
        covered = _num(chain.at[cp.state, "exports_usd"]) - change
        pct_row = _num(chain.at[cp.state, "change_vs_data_pct"])
        how = (
            f"observed base + the PE change on the covered lines ({change / 1e9:+,.2f} bn, "
            f"{pct_row:+.1f}% of {covered / 1e9:,.1f} bn); lines "
            "the data lack held at their base level"
        )
        return base + change, how, res.outcome("exports_change_usd").horizon
    if cp.read == "ge_state":
        pct = _num(
            res.tables["ge_chain"].set_index("state").at[cp.state, "exporter_exports_change_pct"]
        )
        how = f"observed base × (1 {pct:+.1f}%), the GE change in the state"
        return base * (1 + pct / 100), how, res.outcome("ge_us_welfare_pct").horizon
    if cp.read == "ge_pair":
        b = res.tables["bilateral"]
        r = b[(b["exporter"] == cp.reporter) & (b["importer"] == cp.partner)]
        pct = float(r["change_pct"].iloc[0])
        how = f"observed base × (1 {pct:+.1f}%), the one-sector GE change of the pair"
        return base * (1 + pct / 100), how, res.outcome("ge_us_welfare_pct").horizon
    if cp.read == "ge_pair_sectors":
        p = res.tables["pair_sector"]
        r = p[(p["exporter"] == cp.reporter) & (p["importer"] == cp.partner)]
        pct = 100 * (float(r["value_after"].sum()) / float(r["value_before"].sum()) - 1)
        how = f"observed base × (1 {pct:+.1f}%), the multi-sector GE change of the pair"
        horizon = next((o.horizon for o in res.outcomes if o.key.startswith("ge_")), "")
        return base * (1 + pct / 100), how, horizon
    if cp.read == "embargo_imports":
        lost = float(v["embargo_lost_imports_usd"])
        how = f"observed base − the halted imports ({lost / 1e9:,.1f} bn)"
        return base - lost, how, res.outcome("embargo_lost_imports_usd").horizon
    added = float(v["push_added_scaled_usd"])
    how = f"observed base + the chosen push ({added / 1e9:,.2f} bn, scaled to published totals)"
    return base + added, how, res.outcome("push_added_usd").horizon


def overlap(
    cp: Counterpart,
    res: ScenarioResult,
    period: PolicyState,
    schedule: TariffSchedule | None,
) -> tuple[int | None, str]:
    """How many days of the observed period the prediction's policy held, in words."""
    if cp.read in ("pe_state", "ge_state") and cp.state and cp.state[:1].isdigit():
        d = date.fromisoformat(cp.state)
        sc = res.scenario.tariffs
        if schedule is None or sc is None:
            return None, ""
        days, first, last = days_in_force(schedule, sc.exporter, d, period)
        if not days:
            return 0, f"the measures of {d.isoformat()} were not in force in {period.key}"
        span = f"{first:%d %b %Y} – {last:%d %b %Y}" if first and last else ""
        return days, (
            f"the measures of {d:%d %b %Y} held on {days} of {period.days} days of "
            f"{period.key} ({span}); the prediction is that state held all year"
        )
    if cp.read in ("pe_state", "ge_state") and cp.state == period.key:
        return period.days, f"every day of {period.key}, each at the measures of that day"
    return None, cp.policy


def compare(
    counterparts: Sequence[Counterpart],
    results: Mapping[str, ScenarioResult],
    observed: pd.DataFrame,
    *,
    base: str,
    target: str,
    schedule: TariffSchedule | None = None,
    persistence: bool = True,
) -> pd.DataFrame:
    """One row per counterpart whose scenario ran: the prediction beside the observed
    value of ``target`` (both built on the observed ``base`` period), the error, the
    horizon and the overlap of the policy with the observed period; with
    ``persistence``, one more row per observed series: no change from ``base``, the
    yardstick."""
    period = PolicyState.over(target)
    rows = []
    for cp in counterparts:
        res = results.get(cp.scenario)
        if res is None:
            continue
        b0, _ = observed_value(observed, cp.reporter, cp.partner, cp.flow, base)
        obs, prov = observed_value(observed, cp.reporter, cp.partner, cp.flow, target)
        pred, how, horizon = _prediction(cp, res, b0)
        days, span = overlap(cp, res, period, schedule)
        rows.append(
            {
                "prediction": cp.label,
                "scenario": cp.scenario,
                "state": cp.state,
                "horizon": horizon,
                "policy": cp.policy,
                "observed_period": target,
                "policy_days_in_period": days if days is not None else np.nan,
                "overlap": span,
                "base_usd": b0,
                "predicted_usd": pred,
                "observed_usd": obs,
                "provisional": prov,
                "predicted_change_pct": 100 * (pred / b0 - 1),
                "observed_change_pct": 100 * (obs / b0 - 1),
                "error_usd": pred - obs,
                "error_pct_of_observed": 100 * (pred - obs) / obs,
                "how": how,
                "note": cp.note,
            }
        )
    if persistence:
        seen: set[tuple[str, str, str]] = set()
        for cp in counterparts:
            key = (cp.reporter, cp.partner, cp.flow)
            if key in seen or cp.scenario not in results:
                continue
            seen.add(key)
            b0, _ = observed_value(observed, cp.reporter, cp.partner, cp.flow, base)
            obs, prov = observed_value(observed, cp.reporter, cp.partner, cp.flow, target)
            rows.append(
                {
                    "prediction": cp.label,
                    "scenario": "(no change)",
                    "state": "",
                    "horizon": "",
                    "policy": "",
                    "observed_period": target,
                    "policy_days_in_period": np.nan,
                    "overlap": "",
                    "base_usd": b0,
                    "predicted_usd": b0,
                    "observed_usd": obs,
                    "provisional": prov,
                    "predicted_change_pct": 0.0,
                    "observed_change_pct": 100 * (obs / b0 - 1),
                    "error_usd": b0 - obs,
                    "error_pct_of_observed": 100 * (b0 - obs) / obs,
                    "how": f"the benchmark: {base} repeated",
                    "note": "no model: the yardstick a model should beat",
                }
            )
    return pd.DataFrame(rows)


def chapter_comparison(
    res: ScenarioResult,
    world: pd.DataFrame,
    *,
    state: str,
    base: str,
    target: str,
    reporter: str,
    top: int = 12,
) -> pd.DataFrame:
    """By HS chapter: the PE change of the reporter's exports to the scenario's importer
    in ``state`` (against its data) beside the observed change of the reporter's exports
    to the world (``world``: flows with importer WLD, product the chapter). The model
    holds every other market unchanged, so the world change it implies is its change to
    the importer; the gap is diversion, other markets and everything else."""
    ch = res.tables["chain_by_chapter"]
    ch = ch[ch["state"] == state][["chapter", "data_usd", "change_vs_data_usd"]]
    w = world[(world["exporter"] == reporter) & (world["importer"] == "WLD")]
    piv = w.pivot_table(index="product", columns="period", values="value_usd", aggfunc="sum")
    out = ch.rename(
        columns={"data_usd": "to_importer_data_usd", "change_vs_data_usd": "predicted_change_usd"}
    ).merge(
        pd.DataFrame(
            {
                "chapter": piv.index.astype(str),
                "world_base_usd": piv.get(base, pd.Series(np.nan, index=piv.index)).to_numpy(),
                "world_observed_usd": piv.get(
                    target, pd.Series(np.nan, index=piv.index)
                ).to_numpy(),
            }
        ),
        on="chapter",
        how="left",
    )
    out["world_predicted_usd"] = out["world_base_usd"] + out["predicted_change_usd"]
    out["observed_change_usd"] = out["world_observed_usd"] - out["world_base_usd"]
    out["error_usd"] = out["world_predicted_usd"] - out["world_observed_usd"]
    out["predicted_change_pct"] = 100 * out["predicted_change_usd"] / out["world_base_usd"]
    out["observed_change_pct"] = 100 * out["observed_change_usd"] / out["world_base_usd"]
    order = out["predicted_change_usd"].abs().sort_values(ascending=False).index
    return out.reindex(order).head(top).reset_index(drop=True)
