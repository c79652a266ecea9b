"""What a multi-sector scenario changes, as the model's arrays: the data's tariffs (services
untaxed or as the data have them), tariff shocks by importer, exporter and sector, a dated
schedule mapped from its lines to sectors (every supplier at its own rates on the date), and
sanctions from the ledger as shares of pair × sector trade barred. Each piece says what it
did in notes and tables; the engine (:mod:`.multisector`) solves and reports."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError, StoreError
from tradewinds.io.icio_data import REST_OF_WORLD, IcioData, hs_icio_concordance
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.multisector_params import (
    ALL,
    MultisectorParams,
    ScheduleParams,
    SectorShock,
    sector_error,
)
from tradewinds.tariffs.schedule import TariffSchedule
from tradewinds.tariffs.sector_schedule import (
    LineSet,
    ScheduleSectorRates,
    choose_hs_version,
    schedule_sector_rates,
)
from tradewinds.tariffs.sectors import lines_to_sectors

FloatArray = np.ndarray
F = "ge.multisector"


@dataclass
class Plan:
    """The arrays of one multi-sector scenario and what made them."""

    t0: FloatArray  # baseline tariffs (N, N, S)
    t_new: FloatArray  # tariffs on the scenario date
    t_mid: FloatArray | None = None  # tariffs of the intermediate baseline (baseline date)
    barred: FloatArray | None = None  # shares of trade barred on the date
    barred_mid: FloatArray | None = None  # … on the baseline date
    residual: float = 1e-6
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    movers: list[str] = field(default_factory=list)  # economies named by the shocks
    importers: list[str] = field(default_factory=list)  # economies whose tariffs move
    rates: ScheduleSectorRates | None = None
    member_rates: pd.DataFrame | None = None  # sector rates of the aggregate's members
    targets: list[str] = field(default_factory=list)  # exporters hit by sanctions


# ------------------------------------------------------------------------------ data
def load_icio(p: MultisectorParams, inputs: ScenarioInputs) -> IcioData:
    """The dataset and year asked for; missing ones name the scenario field."""
    try:
        return inputs.icio(p.dataset, p.year)
    except DataValidationError as exc:
        if exc.column == "year":
            raise ScenarioError(exc.problem, field=f"{F}.year", fix=exc.fix) from exc
        raise ScenarioError(str(exc), field=f"{F}.dataset", fix=exc.fix) from exc
    except StoreError as exc:
        raise ScenarioError(
            str(exc),
            field=f"{F}.dataset",
            fix="ingest the ICIO files: `tradewinds data ingest icio DIR --year YEAR`",
        ) from exc


def elasticities(p: MultisectorParams, d: IcioData) -> tuple[FloatArray, str]:
    """The chosen set with the scenario's overrides, and a label for the notes."""
    if p.elasticities not in d.elasticity_sets:
        raise ScenarioError(
            f"the data have no elasticity set {p.elasticities!r}",
            field=f"{F}.elasticities",
            fix=f"use one of {', '.join(d.elasticity_sets)}",
        )
    eps = np.array(d.elasticity_sets[p.elasticities], dtype=float)
    for k, v in p.epsilon_overrides.items():
        if k not in d.sectors:
            raise sector_error(k, f"{F}.epsilon_overrides.{k}", d.sectors)
        eps[d.sectors.index(k)] = v
    label = p.elasticities + (
        " with " + ", ".join(f"{k} = {v:g}" for k, v in p.epsilon_overrides.items())
        if p.epsilon_overrides
        else ""
    )
    return eps, label


def baseline_tariffs(p: MultisectorParams, d: IcioData) -> tuple[FloatArray, str]:
    t = np.array(d.t, dtype=float)
    serv = d.is_services
    if p.services_tariffs == "zero" and serv.any():
        raised = float((d.X[:, :, serv] * d.t[:, :, serv]).sum())
        t[:, :, serv] = 0.0
        return t, (
            "Baseline tariffs: the data's Teti applied rates on goods "
            f"({d.tariff_source_year or d.year} rates); services untaxed as MODELS §4f has it "
            f"(the data carry Teti rates on services, {raised / 1e9:,.0f} bn US$ of 'revenue'; "
            "services_tariffs = 'data' keeps them)."
        )
    return t, (
        "Baseline tariffs: the data's Teti applied rates, services included as the data carry "
        "them (services_tariffs = 'data'; MODELS §4f has services untaxed)."
    )


# ------------------------------------------------------------------------------ shocks
def _economies(codes: list[str], d: IcioData, field: str, *, but: str = "") -> list[int]:
    if ALL in codes:
        return [i for i, c in enumerate(d.countries) if c != but]
    out = []
    for m, c in enumerate(codes):
        if c not in d.countries:
            raise ScenarioError(
                f"{c} is not one of the {len(d.countries)} economies of the data",
                field=f"{field}[{m}]",
                fix=f"countries outside the data are in {REST_OF_WORLD}: use {REST_OF_WORLD}",
            )
        out.append(d.countries.index(c))
    return out


def _sectors(s: SectorShock, d: IcioData, at: str) -> list[int]:
    ks: list[int] = []
    for m, k in enumerate(s.sectors):
        if k == "goods":
            ks += [i for i in range(len(d.sectors)) if not d.is_services[i]]
        elif k == "all":
            ks += list(range(len(d.sectors)))
        elif k in d.sectors:
            ks.append(d.sectors.index(k))
        else:
            raise sector_error(k, f"{at}.sectors[{m}]", d.sectors)
    for m, k in enumerate(s.except_sectors):
        if k not in d.sectors:
            raise sector_error(k, f"{at}.except_sectors[{m}]", d.sectors)
    drop = {d.sectors.index(k) for k in s.except_sectors}
    return [k for k in dict.fromkeys(ks) if k not in drop]


def apply_shocks(
    p: MultisectorParams, d: IcioData, t: FloatArray, own: dict[str, LineSet], default: LineSet
) -> tuple[FloatArray, list[str], list[str]]:
    """The shocks on top of ``t``; notes and the economies named (importers first)."""
    out = np.array(t)
    notes: list[str] = []
    named: list[str] = []
    for n, s in enumerate(p.shocks):
        at = f"{F}.shocks[{n}]"
        j = _economies([s.importer], d, f"{at}.importer")[0]
        ii = [i for i in _economies(s.exporters, d, f"{at}.exporters", but=s.importer) if i != j]
        ks = _sectors(s, d, at)
        named += [d.countries[j]] + ([] if ALL in s.exporters else [d.countries[i] for i in ii])
        if s.products:
            if s.add is None:
                raise ScenarioError(
                    "a change on listed products is given in percentage points",
                    field=f"{at}.rate",
                    fix="write add = 0.25 with products (the sector moves by their share)",
                )
            add = _product_shares(s, d, ii, own, default, at)
            for i in ii:
                out[i, j, ks] += s.add * add[i][ks]
            what = f"{len(s.products)} HS 2022 lines (sector shares by line weights)"
        else:
            idx = np.ix_(np.array(ii, dtype=int), np.array([j]), np.array(ks, dtype=int))
            if s.add is not None:
                out[idx] += s.add
            else:
                out[idx] = s.rate
            what = f"{len(ks)} sectors"
        change = f"+{100 * s.add:g} pp" if s.add is not None else f"set to {100 * (s.rate or 0):g}%"
        notes.append(
            f"Shock {n + 1}: {d.countries[j]}'s tariff on "
            + ("every other economy" if ALL in s.exporters else ", ".join(s.exporters))
            + f" {change} in {what}"
            + (f", except {', '.join(s.except_sectors)}" if s.except_sectors else "")
            + "."
        )
    return out, notes, named


def _product_shares(
    s: SectorShock,
    d: IcioData,
    ii: list[int],
    own: dict[str, LineSet],
    default: LineSet,
    at: str,
) -> dict[int, FloatArray]:
    """Per exporter: the share of each sector's line weight that the listed codes carry."""
    out: dict[int, FloatArray] = {}
    listed = set(s.products)
    for i in ii:
        ls = own.get(d.countries[i], default)
        hit = [c[:6] in listed for c in ls.products]
        frame = pd.DataFrame(
            {
                "exporter": d.countries[i],
                "importer": s.importer,
                "product": list(ls.products),
                "rate": np.asarray(hit, dtype=float),
            }
        )
        if ls.values is not None:
            frame["value_usd"] = ls.values
        sr = lines_to_sectors(frame, hs_version=ls.hs_version, unmapped="collect")
        share = np.zeros(len(d.sectors))
        for sec, r in zip(sr.rates["sector"], sr.rates["rate"], strict=True):
            if sec in d.sectors:
                share[d.sectors.index(sec)] = r
        out[i] = share
    if not any(v.any() for v in out.values()):
        raise ScenarioError(
            "none of the listed products is among the exporters' lines",
            field=f"{at}.products",
            fix="check the HS 2022 codes",
        )
    return out


# ------------------------------------------------------------------------------ lines
def line_sets(
    sp: ScheduleParams | None, importer: str, inputs: ScenarioInputs
) -> tuple[LineSet, dict[str, LineSet], list[str]]:
    """The default line set (every HS 2022 code, no weights), the exporters' own line sets
    (their lines to ``importer`` from the datasets named), and notes."""
    c = hs_icio_concordance()
    codes = c.loc[(c["hs_version"] == "HS2022") & (c["icio_sector"] != ""), "hs6"]
    default = LineSet(
        tuple(codes), "HS2022", "every HS 2022 six-digit code of the concordance, unweighted"
    )
    own: dict[str, LineSet] = {}
    notes: list[str] = []
    if sp is None:
        return default, own, notes
    if sp.hs6_weights:
        f = inputs.market_imports(sp.hs6_weights, importer)
        f = f[(f["product"] != "TOTAL") & (f["product"].str.len() == 6)]
        meta = inputs.dataset(sp.hs6_weights)
        if f.empty:
            raise ScenarioError(
                f"dataset {sp.hs6_weights!r} has no HS6 flows into {importer}",
                field=f"{F}.schedule.hs6_weights",
                fix="ingest BACI HS6 for a recent year, or drop hs6_weights",
            )
        if "period" in f:
            f = f[f["period"] == sorted(f["period"].unique())[-1]]
        v, share = choose_hs_version(f["product"].unique().tolist(), c)
        for exp, g in f.groupby("exporter", sort=True):
            own[str(exp)] = LineSet.of(
                g, hs_version=v, source=f"{sp.hs6_weights} HS6 flows to {importer}", match="hs6"
            )
        notes.append(
            f"HS6 weights: {sp.hs6_weights} ({meta.vintage}), {len(own)} exporters' flows into "
            f"{importer}, read as {v} ({100 * share:.1f}% of codes in the concordance)."
            + (" PARTIAL coverage." if meta.partial else "")
        )
    for exp, ds in sp.line_weights.items():
        flows = inputs.product_flows(ds, exp, importer)
        if flows.empty:
            raise ScenarioError(
                f"dataset {ds!r} has no {exp}→{importer} lines",
                field=f"{F}.schedule.line_weights.{exp}",
                fix="name a dataset of the exporter's tariff lines",
            )
        periods = sorted(flows["period"].unique())
        period = sp.line_period or periods[-1]
        if period not in periods:
            raise ScenarioError(
                f"dataset {ds!r} has no period {period!r}",
                field=f"{F}.schedule.line_period",
                fix=f"use one of {', '.join(periods)}",
            )
        g = flows[flows["period"] == period]
        meta = inputs.dataset(ds)
        v, share = choose_hs_version(g["product"].unique().tolist(), c)
        nat = str(g["hs_version"].iloc[0]) if "hs_version" in g else "?"
        own[exp] = LineSet.of(
            g,
            hs_version=v,
            source=f"{ds} {period} {nat} lines {exp}→{importer}"
            + (" (PARTIAL)" if meta.partial else ""),
            match="exact" if nat.upper().startswith("HTS") else "hs6",
        )
        notes.append(
            f"{exp}'s weights: its {len(g):,} {nat} lines to {importer} in {period} ({ds}, "
            f"{meta.vintage}; {g['value_usd'].sum() / 1e9:,.1f} bn US$), the finest level the "
            f"data hold; mapped as {v} ({100 * share:.1f}% of codes in the concordance)."
            + (f" PARTIAL: {meta.coverage}" if meta.partial else "")
        )
    return default, own, notes


# ------------------------------------------------------------------------------ schedule
def schedule_rates(
    sp: ScheduleParams,
    d: IcioData,
    inputs: ScenarioInputs,
    default: LineSet,
    own: dict[str, LineSet],
) -> tuple[ScheduleSectorRates, pd.DataFrame | None, list[str]]:
    from tradewinds.tariffs.schedule import load_schedule

    sched = load_schedule(sp.name)
    notes: list[str] = []
    if sched.importer not in d.countries:
        raise ScenarioError(
            f"the schedule's importer {sched.importer} is not in the data",
            field=f"{F}.schedule.name",
            fix="use a schedule of an economy the data hold",
        )
    exporters = [d.countries[i] for i in _economies(sp.exporters, d, f"{F}.schedule.exporters")]
    exporters = [e for e in exporters if e != sched.importer]
    w = inputs.world_matrix(sp.aggregate_weights)
    if sp.announced != "none":
        sched = announced_schedule(sched, sp, w.countries, w.rates)
        notes.append(
            f"Announced rates: each exporter's reciprocal rate of 2 April 2025 (USTR, "
            f"{sp.aggregate_weights} 'us_tariff_2025_04_02', at least "
            f"{100 * sp.announced_floor:g}%) in place of {sp.announced_like}, with its "
            f"exemptions and exempt exporters, from {sp.date}."
        )
    members: dict[str, float] = {}
    if REST_OF_WORLD in exporters:
        jj = w.countries.index(sched.importer) if sched.importer in w.countries else None
        if jj is None:
            raise ScenarioError(
                f"{sp.aggregate_weights} has no {sched.importer}",
                field=f"{F}.schedule.aggregate_weights",
                fix="name a world matrix that holds the importer",
            )
        inside = set(d.countries)
        members = {
            c: float(w.X[k, jj])
            for k, c in enumerate(w.countries)
            if c not in inside and c != sched.importer
        }
    rates = schedule_sector_rates(
        sched,
        sp.date,
        exporters,
        default=default,
        lines=own,
        baseline_date=sp.baseline_date,
        aggregates={REST_OF_WORLD: members} if members else None,
        aggregate_weights=f"their total exports to {sched.importer} in {sp.aggregate_weights}",
        unmapped=sp.unmapped,
    )
    member_rates = None
    if members:
        member_rates = rates.members
        notes.append(
            f"{REST_OF_WORLD}: the sector rates of its {len(members)} member countries (each "
            f"at its own rates), weighted by their total exports to {sched.importer} in "
            f"{sp.aggregate_weights}."
        )
    simple = sorted(set(exporters) - set(own) - {REST_OF_WORLD})
    if simple:
        notes.append(
            f"Weights: {len(simple)} exporters have no line values in the store, so their "
            "sector rates are simple averages over the HS 2022 lines of each sector "
            "(ingest BACI HS6 and name it in hs6_weights for trade weights)."
        )
    return rates, member_rates, notes


def announced_schedule(
    sched: TariffSchedule, sp: ScheduleParams, countries: tuple[str, ...], rates: FloatArray
) -> TariffSchedule:
    """The schedule with each exporter's announced rate in place of ``announced_like``."""
    try:
        like = sched.measure(sp.announced_like)
    except Exception as exc:
        raise ScenarioError(
            f"no measure {sp.announced_like!r} in {sched.name}",
            field=f"{F}.schedule.announced_like",
            fix="name the all-exporters measure whose program the announced rates replace",
        ) from exc
    add = []
    for c, r in zip(countries, rates, strict=True):
        rate = max(sp.announced_floor, float(r))
        if c == sched.importer or not np.isfinite(rate):
            continue
        add.append(
            like.model_copy(
                update={
                    "id": f"announced-{c.lower()}",
                    "name": f"Announced reciprocal rate of 2 April 2025 ({c})",
                    "exporters": [c],
                    "rate": rate,
                    "from_": sp.date,
                    "to": None,
                    "source": f"USTR rates of 2 April 2025 as in {sp.aggregate_weights}",
                }
            )
        )
    return sched.with_changes(add=add)


__all__ = [
    "Plan",
    "announced_schedule",
    "apply_shocks",
    "baseline_tariffs",
    "elasticities",
    "line_sets",
    "load_icio",
    "schedule_rates",
]
