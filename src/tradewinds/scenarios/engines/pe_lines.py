"""PE on the exporter's tariff lines (MODELS §2): each line a market of the importer,
the exporter against the rest of the world (or every supplier of the HS6 market when
product-level world data are loaded), each at its own rate, with σ by product.

Chained states (:mod:`._lines`): the data are first mapped to their own policy state;
every state of the scenario (its chain, its baseline and scenario states, its periods)
is computed from the same data, and the scenario's change is the difference of two of
them. Tables: the lines (baseline → scenario), the chain (every state against the data,
and each step), the chain by HS chapter, exposure before and after, the measures; the
sensitivity to the σ source; σ bands when the scenario asks."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from tradewinds.accounting.effects import by_chapter_and_group
from tradewinds.io.codes import load_product_groups
from tradewinds.models.elasticities import sigma_dispersion_draws, sigma_for
from tradewinds.models.montecarlo import monte_carlo_pe_lines
from tradewinds.models.pe_markets import chained_line_pe, line_pe, product_market_pe
from tradewinds.models.pe_markets import weighted_mean as wmean
from tradewinds.parallel import get_executor
from tradewinds.scenarios.engines import _memory
from tradewinds.scenarios.engines._lines import DATA, LineState, PricedLines, priced_lines
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.tariffs import tariff_exposure

MFN_NOTE = (
    "No MFN (column 1) schedule is shipped: mfn_rate is null and effective_rate counts the "
    "additional measures only."
)
TWO_SOURCE = "two sources (exporter, rest of the world)"


class PELines:
    name = "pe-lines"
    horizon = SHORT_RUN

    def applies(self, sc: Scenario) -> bool:
        return "pe" in sc.models and sc.tariffs is not None

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        assert sc.tariffs is not None
        t, b, pe = sc.tariffs, sc.baseline, sc.pe
        p = priced_lines(sc, inputs)
        part = EnginePart(horizon=self.horizon)
        lines = p.lines
        kw = {"share": p.share, "epsilon": pe.epsilon, "method": pe.method}
        lp = chained_line_pe(lines, **kw)  # type: ignore[arg-type]
        lp["market"] = TWO_SOURCE
        hs6_label = f"{b.market_dataset} HS6 market, all suppliers"
        at: dict[str, np.ndarray] = {}
        for s in p.states:
            m, hit = _state_exports(sc, p, s)
            at[s.key] = m
            if s.key in (p.baseline, p.scenario) and hit.any():
                lp.loc[hit, "market"] = hs6_label
        if (lp["market"] == hs6_label).any():
            ok = (lp["market"] == hs6_label).to_numpy()
            lp["m0"], lp["m1"] = at[p.baseline], at[p.scenario]
            lp["change_usd"] = lp["m1"] - lp["m0"]
            lp["change_pct"] = np.where(lp["m0"] > 0, 100 * (lp["m1"] / lp["m0"] - 1), np.nan)
            held = float(lp.loc[ok, "value_usd"].sum())
            part.notes.append(
                f"{int(ok.sum()):,} of {len(lp):,} lines ({held / 1e9:,.2f}"
                f" bn) use the HS6 markets of {b.market_dataset} with every supplier at its own "
                "rate; the rest keep the two-source model."
            )
        part.tables["lines"] = lp
        part.tables["chain"] = chain_table(p, at)
        part.tables["chain_by_chapter"] = chain_by_chapter(p, at)
        # the same states with the other σ source: how much the answer hangs on σ
        alt = "broda-weinstein" if pe.sigma_source == "protee" else "protee"
        alt_lines = lines.drop(columns=["sigma", "sigma_source"]).merge(
            sigma_for(lines["product"].tolist(), source=alt, importer=t.importer), on="product"
        )
        lp_alt = chained_line_pe(alt_lines, **kw)  # type: ignore[arg-type]
        if sc.montecarlo is not None and "sigma" in sc.montecarlo.parameters:
            self._bands(sc, p, part, opts)
        groups = load_product_groups()
        part.tables.update(by_chapter_and_group(lp, groups))
        e0 = tariff_exposure(p.trade, p.rates0, groups=groups)
        e1 = tariff_exposure(p.trade, p.rates1, groups=groups)
        part.tables["exposure_baseline"] = e0.by_band
        part.tables["exposure_scenario"] = e1.by_band
        v = lines["value_usd"]
        m0, m1 = float(lp["m0"].sum()), float(lp["m1"].sum())
        base, scen, data = p.state(p.baseline), p.state(p.scenario), p.state(DATA)
        part.update(
            {
                "importer": t.importer,
                "exporter": t.exporter,
                "period": p.period,
                "baseline_date": t.baseline_date.isoformat(),
                "date": t.date.isoformat(),
                "data_state": data.label,
                "lines": len(lp),
                "exports_data_usd": float(v.sum()),
                "exports_baseline_usd": m0,
                "exports_scenario_usd": m1,
                "exports_change_usd": m1 - m0,
                "exports_change_pct": 100 * (m1 / m0 - 1),
                "mean_rate_data": wmean(lines["rate_data"], v),
                "mean_rate_baseline": wmean(lines["rate0"], v),
                "mean_rate_scenario": wmean(lines["rate1"], v),
                "mean_rate_competitors_baseline": wmean(lines["rest0"], v),
                "mean_rate_competitors_scenario": wmean(lines["rest1"], v),
                "sigma_trade_weighted": wmean(lines["sigma"], v),
                "exporter_share_of_market": p.share,
            }
        )
        part.update(
            {
                "exempt_share_baseline": e0.exempt_share,
                "exempt_share_scenario": e1.exempt_share,
                "sigma_source": str(pe.sigma_source),
                "sensitivity_sigma_source": alt,
                "sensitivity_exports_change_pct": 100
                * (float(lp_alt["m1"].sum()) / float(lp_alt["m0"].sum()) - 1),
            }
        )
        if t.chain or t.periods:
            for s in p.states[1:]:
                k = s.key.lower().replace("-", "_")
                part.add(
                    f"exports_vs_data_{k}_pct",
                    100 * (float(at[s.key].sum()) / float(v.sum()) - 1),
                    unit="pct",
                    label=f"exports, {s.label}, against the {p.period} data",
                )
        part.notes += list(p.notes)
        part.notes.append(
            f"Each of {t.exporter}'s {len(lp):,} tariff lines ({p.period}, {p.dataset.id}) is a "
            f"market of {t.importer} where {t.exporter} holds its aggregate share "
            f"({p.share:.2%}, {b.market_dataset}) against the rest of the world, unless "
            f"product-level world data are loaded. σ from {pe.sigma_source} by product; "
            f"ε = {pe.epsilon}; method {pe.method}. From {base.label} to {scen.label}: "
            f"{m0 / 1e9:,.2f} → {m1 / 1e9:,.2f} bn ({100 * (m1 / m0 - 1):+.1f}%); the data "
            f"hold {float(v.sum()) / 1e9:,.2f} bn."
        )
        part.notes.append(MFN_NOTE)
        if p.dataset.partial:
            part.notes.append(f"{p.dataset.id}: {p.dataset.coverage}")
        part.tables["measures"] = self._measures(sc, p)
        lifted = [
            m.name
            for m in p.schedule.in_force(t.exporter, t.date)
            if m not in p.changed.in_force(t.exporter, t.date, halted=p.halts)
            and m.kind == "secondary"
        ]
        for name in lifted:
            part.notes.append(
                f"'{name}' lifted: the trade that triggered it stops in this scenario."
            )
        return part

    @staticmethod
    def _measures(sc: Scenario, p: PricedLines) -> pd.DataFrame:
        assert sc.tariffs is not None
        t = sc.tariffs
        base_ms = p.schedule.in_force(t.exporter, t.baseline_date)
        scen_ms = p.changed.in_force(t.exporter, t.date, halted=p.halts)
        rows = []
        for m in {m.id: m for m in [*base_ms, *scen_ms, *p.embargo_other]}.values():
            rows.append(
                {
                    **m.as_row(),
                    "importer": m.importer,
                    "in_baseline": m in base_ms,
                    "in_scenario": m in scen_ms or m in p.embargo_other,
                }
            )
        return pd.DataFrame(rows)

    @staticmethod
    def _bands(sc: Scenario, p: PricedLines, part: EnginePart, opts: RunOptions) -> None:
        """Bands for the PE change (baseline → scenario state) from the dispersion of σ."""
        assert sc.montecarlo is not None and sc.tariffs is not None
        mc, pe, t = sc.montecarlo, sc.pe, sc.tariffs
        n = opts.draws or mc.draws
        sd = mc.seed if opts.seed is None else opts.seed
        t0 = time.perf_counter()
        lines = p.lines
        _memory.pe_sigma_draws(len(lines), n, opts.draws)  # before the draws are made
        S = sigma_dispersion_draws(
            lines["product"].tolist(),
            lines["sigma"].to_numpy(float),
            source=str(pe.sigma_source),
            importer=t.importer,
            n=n,
            seed=sd,
        )
        with get_executor(
            opts.executor, workers=opts.workers, scheduler_address=opts.scheduler_address
        ) as ex:
            band = monte_carlo_pe_lines(
                lines,
                S,
                share=p.share,
                epsilon=pe.epsilon,
                method=pe.method,
                executor=ex,
                workers=opts.workers,
                percentiles=mc.percentiles,
                on_batch=opts.on_batch,
            )
        secs = time.perf_counter() - t0
        band.insert(0, "importer", t.importer)
        band.insert(0, "exporter", t.exporter)
        part.tables["montecarlo_pe"] = band
        row = band.iloc[0]
        lo, hi = f"p{mc.percentiles[0]:g}", f"p{mc.percentiles[-1]:g}"
        part.add(f"mc_exports_change_{lo}_pct", float(row[lo]))
        part.add(f"mc_exports_change_{hi}_pct", float(row[hi]))
        part.add("mc_draws", n)
        part.provenance["seed"] = str(sd)
        part.notes.append(
            f"Monte Carlo (PE): {n} draws of σ for the {len(lines):,} lines from the dispersion "
            f"of the {pe.sigma_source} estimates (comparable estimates around their median, "
            f"applied to each line's σ; seed {sd}) in {secs:.1f} s: exports change "
            f"{row[lo]:+.1f}% to {row[hi]:+.1f}% ({lo}–{hi}), point {row['point']:+.1f}%."
        )


def _state_exports(sc: Scenario, p: PricedLines, s: LineState) -> tuple[np.ndarray, np.ndarray]:
    """The exporter's trade on each line in state ``s`` (from the data), and which lines
    took it from an HS6 market with every supplier."""
    assert sc.tariffs is not None
    pe = sc.pe
    two = line_pe(p.at(s.key), share=p.share, epsilon=pe.epsilon, method=pe.method)
    m = two["m1"].to_numpy(float)
    hit = np.zeros(len(m), dtype=bool)
    mk = p.market_state
    if p.product_market.empty or s.hs6 is None or mk.hs6 is None:
        return m, hit
    ln = p.lines[["product", "value_usd", "sigma"]].assign(
        rate_data=mk.rate, rate1=s.rate, banned1=s.banned
    )
    hats = product_market_pe(
        ln,
        p.product_market,
        sc.tariffs.exporter,
        epsilon=pe.epsilon,
        method=pe.method,
        rates0=mk.hs6.wide(),
        rates1=s.hs6.wide(),
    )
    got = p.lines["product"].str[:6].map(dict(zip(hats["hs6"], hats["m_hat"], strict=True)))
    hit = got.notna().to_numpy()
    m = np.where(hit, p.lines["value_usd"].to_numpy(float) * got.fillna(1.0).to_numpy(), m)
    return m, hit


def chain_table(p: PricedLines, at: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every state against the data and, for the dated states, against the one before
    (the scenario state against the dated state of its date)."""
    v = p.lines["value_usd"]
    data = float(v.sum())
    rows = []
    prev: str | None = None
    for s in p.states:
        x = float(at[s.key].sum())
        before = {"date": prev, "scenario": p.date_key}.get(s.kind)
        if s.kind == "data":
            before = None
        step = x - float(at[before].sum()) if before in at else np.nan
        rows.append(
            {
                "state": s.key,
                "label": s.label,
                "kind": s.kind,
                "first_day": s.policy.start.isoformat(),
                "days": s.policy.days,
                "mean_rate": wmean(pd.Series(s.rate), v),
                "mean_rate_competitors": wmean(pd.Series(s.rest), v),
                "exports_usd": x,
                "change_vs_data_usd": x - data,
                "change_vs_data_pct": 100 * (x / data - 1),
                "step_from": before or "",
                "step_change_usd": step,
                "step_change_pct": 100 * step / (x - step) if before in at else np.nan,
            }
        )
        if s.kind in ("data", "date"):
            prev = s.key
    return pd.DataFrame(rows)


def chain_by_chapter(p: PricedLines, at: dict[str, np.ndarray]) -> pd.DataFrame:
    """The exporter's trade by HS chapter in every state (long: chapter, state, …)."""
    ch = p.lines["product"].str[:2]
    frames = []
    for s in p.states:
        f = (
            pd.DataFrame({"chapter": ch, "data_usd": p.lines["value_usd"], "usd": at[s.key]})
            .groupby("chapter", as_index=False)
            .sum()
        )
        frames.append(f.assign(state=s.key, label=s.label, kind=s.kind))
    out = pd.concat(frames, ignore_index=True)
    out["change_vs_data_usd"] = out["usd"] - out["data_usd"]
    return out.rename(columns={"usd": "exports_usd"})


ENGINE = PELines()
