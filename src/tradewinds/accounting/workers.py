"""Workers abroad and what they send home, beside the goods balance (the case's "Indian
workers to Russia").

Remittances R = N × w × m × s: N workers, w their monthly wage (US$), m months worked
in the year, s the share of earnings sent home. Every input is an :class:`Assumption`
carrying its value, unit and source; nothing has a silent default. Published figures
(quotas, work permits) are kept apart (``data/workers/published.csv``) and never enter
the arithmetic unless the caller picks one as N, with its source.

Where the flow sits in the balance of payments (IMF BPM6): earnings of workers resident
abroad for less than a year are *compensation of employees* (primary income); money sent
home by migrants resident a year or more are *personal transfers* (secondary income).
Neither is goods nor services trade: the flow is shown beside the goods balance, on the
current account, labelled, never added into merchandise figures.

A calibration from data: KNOMAD's 2021 bilateral matrices give remittances per migrant
for a corridor (:func:`remittance_per_migrant`), e.g. India-born in Russia 5,696 persons
and US$ 27.1 mn sent to India in 2021 → about US$ 4,760 per migrant per year; both are
model estimates (stocks × incomes), a baseline from before 2022–25 recruitment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from tradewinds.errors import ScenarioError

ACCOUNT_SHORT_STAY = "current account, primary income: compensation of employees (BPM6)"
ACCOUNT_RESIDENT = "current account, secondary income: personal transfers (BPM6)"


@dataclass(frozen=True, slots=True)
class Assumption:
    """One input of a workers calculation: value, unit and where it comes from.

    ``tag``: S stated by the source, D derived by arithmetic from stated figures,
    E an estimate or the user's own assumption (say whose)."""

    name: str
    value: float
    unit: str
    source: str
    tag: str = "E"
    note: str = ""

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ScenarioError(
                f"assumption {self.name!r} has no source",
                field=f"workers.{self.name}.source",
                fix="say where the value comes from (a publication, a dataset, or "
                "'own assumption' with its reasoning)",
            )
        if self.tag not in {"S", "D", "E"}:
            raise ScenarioError(
                f"tag {self.tag!r} is not S, D or E",
                field=f"workers.{self.name}.tag",
                fix="S = stated by the source, D = derived, E = estimate",
            )
        if not math.isfinite(self.value):
            raise ScenarioError(
                f"value of {self.name!r} is not a finite number",
                field=f"workers.{self.name}.value",
                fix="give a number",
            )


@dataclass(frozen=True, slots=True)
class WorkerFlows:
    """Earnings and remittances of N workers, with every assumption that made them."""

    workers: Assumption
    monthly_wage_usd: Assumption
    months: Assumption
    remitted_share: Assumption
    earnings_usd: float  # N × w × m
    remittances_usd: float  # N × w × m × s
    account: str
    assumptions: tuple[Assumption, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """One row per assumption and per result, with units and sources."""
        rows = [
            {
                "item": a.name,
                "value": a.value,
                "unit": a.unit,
                "tag": a.tag,
                "source": a.source,
                "note": a.note,
            }
            for a in self.assumptions
        ]
        rows.append(
            {
                "item": "earnings",
                "value": self.earnings_usd,
                "unit": "US$ per year",
                "tag": "D",
                "source": "workers × monthly wage × months",
                "note": "",
            }
        )
        rows.append(
            {
                "item": "remittances",
                "value": self.remittances_usd,
                "unit": "US$ per year",
                "tag": "D",
                "source": "earnings × remitted share",
                "note": self.account,
            }
        )
        return pd.DataFrame(rows)


def _check(a: Assumption, lo: float, hi: float | None, what: str) -> None:
    if a.value < lo or (hi is not None and a.value > hi):
        rng = f"{lo:g} … {hi:g}" if hi is not None else f"at least {lo:g}"
        raise ScenarioError(
            f"{a.name} = {a.value:g} is outside {rng}",
            field=f"workers.{a.name}",
            fix=what,
        )


def worker_remittances(
    workers: Assumption,
    monthly_wage_usd: Assumption,
    remitted_share: Assumption,
    months: Assumption,
    *,
    resident: bool = False,
) -> WorkerFlows:
    """R = N × w × m × s, every factor an :class:`Assumption` with its source.

    ``resident``: True when the workers stay a year or more (their remittances are
    personal transfers, secondary income); False for shorter stays (their earnings are
    compensation of employees, primary income)."""
    _check(workers, 0, None, "the number of workers cannot be negative")
    _check(monthly_wage_usd, 0, None, "a wage cannot be negative")
    _check(remitted_share, 0, 1, "the remitted share is a fraction of earnings (0.3 = 30%)")
    _check(months, 0, 12, "months worked in a year are 0 … 12")
    earnings = workers.value * monthly_wage_usd.value * months.value
    return WorkerFlows(
        workers=workers,
        monthly_wage_usd=monthly_wage_usd,
        months=months,
        remitted_share=remitted_share,
        earnings_usd=earnings,
        remittances_usd=earnings * remitted_share.value,
        account=ACCOUNT_RESIDENT if resident else ACCOUNT_SHORT_STAY,
        assumptions=(workers, monthly_wage_usd, months, remitted_share),
    )


def wage_in_usd(
    monthly_wage_local: Assumption, local_per_usd: Assumption, *, name: str = "monthly_wage_usd"
) -> Assumption:
    """A local-currency wage converted at a stated rate, as a derived assumption."""
    _check(local_per_usd, 1e-12, None, "an exchange rate is positive (local units per US$)")
    return Assumption(
        name,
        monthly_wage_local.value / local_per_usd.value,
        "US$ per month",
        f"{monthly_wage_local.name} ({monthly_wage_local.source}) / {local_per_usd.name} "
        f"({local_per_usd.source})",
        tag="D",
    )


def remittance_per_migrant(
    stocks: pd.DataFrame,
    remittances: pd.DataFrame,
    origin: str,
    destination: str,
) -> Assumption:
    """Remittances per migrant per year for a corridor from bilateral matrices (KNOMAD):
    remittances destination→origin (US$) ÷ migrants born in origin living in destination.

    ``stocks``: origin, destination, migrants (+ source, vintage); ``remittances``:
    sender, receiver, value_usd (+ source, vintage)."""
    s = stocks[(stocks["origin"] == origin) & (stocks["destination"] == destination)]
    r = remittances[(remittances["sender"] == destination) & (remittances["receiver"] == origin)]
    if s.empty or r.empty or float(s["migrants"].sum()) == 0:
        raise ScenarioError(
            f"no migrants born in {origin} living in {destination}, or no remittances "
            f"{destination}→{origin}, in the data",
            field="workers.remittance_per_migrant",
            fix="choose a corridor the matrices hold, or state the value yourself",
        )
    n = float(s["migrants"].sum())
    v = float(r["value_usd"].sum())
    vintage = str(s["vintage"].iloc[0]) if "vintage" in s else ""
    src = str(s["source"].iloc[0]) if "source" in s else "bilateral matrices"
    return Assumption(
        "remittance_per_migrant_usd",
        v / n,
        "US$ per migrant per year",
        f"{src} ({vintage}): {v / 1e6:,.1f} mn US$ {destination}→{origin} / {n:,.0f} "
        f"{origin}-born in {destination}",
        tag="D",
        note="model estimates (stocks × incomes), not reported flows",
    )


def beside_goods(
    balance: pd.DataFrame, flows: WorkerFlows, *, label: str = "workers' remittances"
) -> pd.DataFrame:
    """The goods balance per period (``period, balance_usd`` from
    :func:`~tradewinds.accounting.balance.bilateral_balance`) with the workers' flow in
    its own column and account, and their sum labelled as such (never merged into the
    merchandise figures). The remittance flow goes to the workers' home country: give the
    balance from that country's side (e.g. IND with RUS)."""
    out = balance[["period", "balance_usd"]].copy()
    out = out.rename(columns={"balance_usd": "goods_balance_usd"})
    out["workers_flow_usd"] = flows.remittances_usd
    out["workers_flow_label"] = label
    out["workers_flow_account"] = flows.account
    out["goods_plus_workers_usd"] = out["goods_balance_usd"] + out["workers_flow_usd"]
    return out


def assumptions_from_mapping(spec: Mapping[str, Mapping[str, object]]) -> dict[str, Assumption]:
    """Assumptions from a TOML-like mapping ``{name: {value, unit, source, tag, note}}``."""
    out: dict[str, Assumption] = {}
    for name, d in spec.items():
        if not isinstance(d, Mapping) or "value" not in d or "source" not in d:
            raise ScenarioError(
                f"assumption {name!r} needs value and source",
                field=f"workers.{name}",
                fix=f"write [workers.{name}] value = …, unit = '…', source = '…'",
            )
        try:
            value = float(d["value"])  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ScenarioError(
                f"value {d['value']!r} of {name!r} is not a number",
                field=f"workers.{name}.value",
                fix="give a number",
            ) from None
        out[name] = Assumption(
            name,
            value,
            str(d.get("unit", "")),
            str(d["source"]),
            tag=str(d.get("tag", "E")),
            note=str(d.get("note", "")),
        )
    return out
