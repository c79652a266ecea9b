"""PE on the exporter's tariff lines (MODELS §2): each line a market of the importer,
the exporter against the rest of the world, with σ by product; exposure before and
after; the sensitivity to the σ source; σ bands when the scenario asks."""

from __future__ import annotations

import time

import pandas as pd

from tradewinds.accounting.effects import by_chapter_and_group
from tradewinds.io.codes import load_product_groups
from tradewinds.models.elasticities import sigma_dispersion_draws, sigma_for
from tradewinds.models.montecarlo import monte_carlo_pe_lines
from tradewinds.models.pe_markets import apply_market_hats, line_pe, product_market_pe
from tradewinds.models.pe_markets import weighted_mean as wmean
from tradewinds.parallel import get_executor
from tradewinds.scenarios.engines._lines import PricedLines, priced_lines
from tradewinds.scenarios.engines.base import SHORT_RUN, EnginePart, RunOptions
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.tariffs import tariff_exposure

MFN_NOTE = (
    "No MFN (column 1) schedule is shipped: mfn_rate is null and effective_rate counts the "
    "additional measures only."
)


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
        lp = line_pe(lines, share=p.share, epsilon=pe.epsilon, method=pe.method)
        lp["market"] = "aggregate share"
        if not p.product_market.empty:  # product-level world data (e.g. BACI HS6) are loaded
            hats = product_market_pe(
                lines, p.product_market, t.exporter, epsilon=pe.epsilon, method=pe.method
            )
            label = f"{b.market_dataset} HS6 market, all suppliers"
            lp = apply_market_hats(lp, hats, label)
            ok = lp["market"] == label
            part.notes.append(
                f"{int(ok.sum()):,} of {len(lp):,} lines ({lp.loc[ok, 'm0'].sum() / 1e9:,.2f} bn) "
                f"use the HS6 markets of {b.market_dataset} with every supplier; the rest keep "
                "the two-source model."
            )
        part.tables["lines"] = lp
        # the same lines with the other σ source: how much the answer hangs on σ
        alt = "broda-weinstein" if pe.sigma_source == "protee" else "protee"
        alt_lines = lines.drop(columns=["sigma", "sigma_source"]).merge(
            sigma_for(lines["product"].tolist(), source=alt, importer=t.importer), on="product"
        )
        lp_alt = line_pe(alt_lines, share=p.share, epsilon=pe.epsilon, method=pe.method)
        if sc.montecarlo is not None and "sigma" in sc.montecarlo.parameters:
            self._bands(sc, p, part, opts)
        part.tables.update(by_chapter_and_group(lp, load_product_groups()))
        groups = load_product_groups()
        e0 = tariff_exposure(p.trade, p.rates0, groups=groups)
        e1 = tariff_exposure(p.trade, p.rates1, groups=groups)
        part.tables["exposure_baseline"] = e0.by_band
        part.tables["exposure_scenario"] = e1.by_band
        v = lines["value_usd"]
        m0, m1 = float(lp["m0"].sum()), float(lp["m1"].sum())
        part.update(
            {
                "importer": t.importer,
                "exporter": t.exporter,
                "period": p.period,
                "baseline_date": t.baseline_date.isoformat(),
                "date": t.date.isoformat(),
                "lines": len(lp),
                "exports_baseline_usd": m0,
                "exports_scenario_usd": m1,
                "exports_change_usd": m1 - m0,
                "exports_change_pct": 100 * (m1 / m0 - 1),
                "mean_rate_baseline": wmean(lines["rate0"], v),
                "mean_rate_scenario": wmean(lines["rate1"], v),
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
                "sensitivity_exports_change_pct": 100 * (float(lp_alt["m1"].sum()) / m0 - 1),
            }
        )
        part.notes.append(
            f"Each of {t.exporter}'s {len(lp):,} tariff lines ({p.period}, {p.dataset.id}) is a "
            f"market of {t.importer} where {t.exporter} holds its aggregate share "
            f"({p.share:.2%}, {b.market_dataset}); no product-level world data are loaded, so "
            "the rest of the world is one competitor. σ from "
            f"{pe.sigma_source} by product; ε = {pe.epsilon}; method {pe.method}."
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
        """Bands for the PE change from the dispersion of σ."""
        assert sc.montecarlo is not None and sc.tariffs is not None
        mc, pe, t = sc.montecarlo, sc.pe, sc.tariffs
        n = opts.draws or mc.draws
        sd = mc.seed if opts.seed is None else opts.seed
        t0 = time.perf_counter()
        lines = p.lines
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


ENGINE = PELines()
