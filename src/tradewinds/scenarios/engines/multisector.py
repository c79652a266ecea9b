"""The multi-sector model on current world data (MODELS §4f; ``[ge] model =
"icio-multisector"``): OECD ICIO trade by exporter, importer and sector with the Teti
tariffs, published sectoral trade elasticities, tariff shocks by sector, dated schedules
mapped from their lines with every supplier at its own rates, sanctions as prohibitive
trade costs; both deficit modes; bands across the published elasticity sets or draws
around one ([montecarlo] parameters = { epsilon_set = … }); optionally the one-sector
world model on the same per-exporter rates, beside it."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.io.codes import country_label
from tradewinds.io.icio_data import IcioData
from tradewinds.models.ge.multisector import MultisectorResult, calibrate_multisector
from tradewinds.models.ge.multisector_bands import (
    MultisectorBand,
    Shock,
    elasticity_draws,
    elasticity_set_band,
    log_spread_across_sets,
)
from tradewinds.parallel import get_executor
from tradewinds.scenarios.engines import _memory
from tradewinds.scenarios.engines._icio_compare import one_sector_beside
from tradewinds.scenarios.engines._icio_plan import (
    Plan,
    apply_shocks,
    baseline_tariffs,
    elasticities,
    line_sets,
    load_icio,
    schedule_rates,
)
from tradewinds.scenarios.engines._icio_sanctions import barred_trade, rerouting
from tradewinds.scenarios.engines.base import (
    LONG_RUN,
    EnginePart,
    RunOptions,
    focus_countries,
    num,
)
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.scenarios.multisector_params import MultisectorParams

NAME = "icio-multisector"


def build_plan(
    sc: Scenario, p: MultisectorParams, d: IcioData, eps: np.ndarray, eps_label: str,
    inputs: ScenarioInputs,
) -> Plan:  # fmt: skip
    """Baseline tariffs and everything the scenario changes, as arrays."""
    t0, t_note = baseline_tariffs(p, d)
    plan = Plan(t0=t0, t_new=t0.copy(), notes=[t_note])
    sp = p.schedule
    importer = _schedule_importer(sp.name) if sp is not None else ""
    default, own, notes = line_sets(sp, importer, inputs)
    plan.notes += notes
    if sp is not None:
        rates, members, notes = schedule_rates(sp, d, inputs, default, own)
        plan.rates, plan.member_rates = rates, members
        plan.notes += [*rates.notes, *notes]
        rate = rates.to_array(d.countries, d.sectors, column="rate")
        base = rates.to_array(d.countries, d.sectors, column="rate_baseline")
        if p.services_tariffs == "zero":
            rate[:, :, d.is_services] = 0.0
            base[:, :, d.is_services] = 0.0
            plan.notes.append(
                "Goods lines the concordance puts in services (SERV: electricity, printed "
                "matter …) are shown in the mapping but not applied: services are untaxed."
            )
        plan.t_new = t0 + rate
        if sp.baseline_date is not None:
            plan.t_mid = t0 + base
        plan.tables["sector_mapping"] = rates.mapping.assign(
            applied=~rates.mapping["sector"].isin(
                [s for s, v in zip(d.sectors, d.is_services, strict=True) if v]
                if p.services_tariffs == "zero"
                else []
            )
        )
        plan.movers += [rates.importer]
        plan.importers += [rates.importer]
        plan.notes.append(
            f"Schedule {sp.name} on {sp.date}"
            + (
                f" measured from its own equilibrium on {sp.baseline_date} (a chained "
                "baseline: the data's tariffs plus the schedule of that date)"
                if sp.baseline_date
                else " added to the data's tariffs (baseline: the data)"
            )
            + "; the schedule's additional duties stack on the data's applied rates."
        )
    plan.t_new, notes, named = apply_shocks(p, d, plan.t_new, own, default)
    plan.notes += notes
    plan.movers += named
    plan.importers += [s.importer for s in p.shocks if s.importer in d.countries]
    if p.sanctions is not None:
        b = barred_trade(p.sanctions, d, eps, eps_label)
        plan.barred, plan.barred_mid, plan.residual = b.now, b.before, p.sanctions.residual
        plan.tables["sanctions_shocks"] = b.table
        plan.notes += b.notes
        plan.targets = b.targets
        plan.tables["_sanctioned_sectors"] = pd.DataFrame({"sector": b.sectors})
        plan.movers += b.targets
    return plan


def _schedule_importer(name: str) -> str:
    from tradewinds.tariffs.schedule import load_schedule

    return load_schedule(name).importer


class MultisectorModel:
    name = NAME
    horizon = LONG_RUN

    def applies(self, sc: Scenario) -> bool:
        return "ge" in sc.models and sc.ge is not None and sc.ge.model == NAME

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        assert sc.ge is not None
        p = sc.ge.multisector or MultisectorParams()
        part = EnginePart(horizon=self.horizon)
        d = load_icio(p, inputs)
        eps, eps_label = elasticities(p, d)
        plan = build_plan(sc, p, d, eps, eps_label, inputs)
        sanctioned = plan.tables.pop("_sanctioned_sectors", pd.DataFrame({"sector": []}))
        shock = Shock(plan.barred, plan.t_mid, plan.barred_mid, plan.residual)
        t_start = time.perf_counter()
        base = calibrate_multisector(
            d.X, plan.t0, epsilon=eps, countries=d.countries, sectors=d.sectors,
            deficits=p.deficits,
        )  # fmt: skip
        res, mid = shock.solve(base, plan.t_new, w0=None, w0_mid=None, tol=1e-12)
        ms = 1000 * (time.perf_counter() - t_start)
        focus = focus_countries(sc, d.countries, *dict.fromkeys(plan.movers))
        self._tables(part, res, d, p, focus, plan)
        self._outcomes(part, res, mid, focus, plan, d, p, eps_label, ms)
        if plan.targets:
            table, values = rerouting(
                res.pair_sector_frame(), plan.targets, list(sanctioned["sector"]),
                plan.barred, d,
            )  # fmt: skip
            part.tables["rerouting"] = table
            part.update(values)
        self._notes(part, res, mid, plan, d, p, eps_label)
        meta = inputs.dataset(p.dataset)
        part.provenance[p.dataset] = f"{meta.vintage} ({meta.content_hash[:12]})"
        part.provenance["elasticities"] = (
            f"{eps_label}: {d.elasticity_sources.get(p.elasticities, p.elasticities)}"
        )
        if p.one_sector:
            self._one_sector(part, d, plan, res, p, focus, inputs)
        if sc.montecarlo is not None:
            self._bands(sc, part, d, plan, shock, eps, p, opts, focus)
        return part

    # ------------------------------------------------------------------ outputs
    @staticmethod
    def _tables(
        part: EnginePart, res: MultisectorResult, d: IcioData, p: MultisectorParams,
        focus: list[str], plan: Plan,
    ) -> None:  # fmt: skip
        c = res.countries_frame()
        c.insert(1, "name", [country_label(x) for x in c["iso3"]])
        part.tables["countries"] = c
        part.tables["country_sector"] = res.country_sector_frame()
        pairs = res.pair_sector_frame()
        if p.pair_tables == "focus":
            keep = set(focus) | set(plan.movers)
            pairs = pairs[pairs["exporter"].isin(keep) | pairs["importer"].isin(keep)]
        part.tables["pair_sector"] = pairs.reset_index(drop=True)
        part.tables.update(plan.tables)

    @staticmethod
    def _outcomes(
        part: EnginePart, res: MultisectorResult, mid: MultisectorResult | None,
        focus: list[str], plan: Plan, d: IcioData, p: MultisectorParams, eps_label: str,
        ms: float,
    ) -> None:  # fmt: skip
        part.add("ge_model", "multi-sector ICIO (MODELS §4f: Costinot–Rodríguez-Clare, no IO)")
        part.add("ge_data", f"{p.dataset} (year {d.year}, {len(d.countries)}×{len(d.sectors)})")
        part.add("ge_elasticities", eps_label)
        part.add("ge_deficits", res.baseline.label)
        by = res.countries_frame().set_index("iso3")
        for c in focus:
            name = country_label(c)
            for col, what in (
                ("welfare_pct", "welfare"),
                ("real_wage_pct", "real wage"),
                ("exports_pct", "exports"),
                ("imports_pct", "imports"),
            ):
                part.add(f"ge_{c.lower()}_{col}", num(by.at[c, col]), label=f"{name}: {what}")
        j_all = [m for m in dict.fromkeys(plan.importers) if m in d.countries][:1]
        if j_all:
            imp = j_all[0]
            j = d.countries.index(imp)
            Xb, Xa = res.X_before[:, j, :], res.X_after[:, j, :]
            for c in focus:
                i = d.countries.index(c)
                if c == imp or Xb[i].sum() <= 0:
                    continue
                part.add(
                    f"ge_{c.lower()}_exports_to_{imp.lower()}_pct",
                    100 * (Xa[i].sum() / Xb[i].sum() - 1),
                    label=f"{country_label(c)}: exports to {country_label(imp)}",
                )
        its = res.iterations + (mid.iterations if mid is not None else 0)
        resid = max(res.max_residual, mid.max_residual if mid is not None else 0.0)
        part.add("ge_iterations", its, unit="count", label="Newton steps")
        part.add("ge_max_residual", resid, unit="number", label="largest market-clearing gap")
        part.add("ge_solve_ms", ms, unit="ms", label="solve time")

    @staticmethod
    def _notes(
        part: EnginePart, res: MultisectorResult, mid: MultisectorResult | None, plan: Plan,
        d: IcioData, p: MultisectorParams, eps_label: str,
    ) -> None:  # fmt: skip
        part.notes.append(
            f"GE: the multi-sector model of MODELS §4f on {p.dataset} ({d.vintage}; "
            f"{len(d.countries)} economies incl. ROW × {len(d.sectors)} sectors, basic prices, "
            f"domestic sales by sector), trade elasticities {eps_label}; baseline: "
            f"{res.baseline.label}"
            + (
                " (the 'before' values are that equilibrium, not the data)"
                if p.deficits == "balanced"
                else " (the data are the baseline)"
            )
            + f"; solved by Newton to a largest market-clearing gap of {res.max_residual:.1e}"
            + (f" (the earlier date's equilibrium: {mid.max_residual:.1e})" if mid else "")
            + ". Horizon: long run, after labour reallocates across sectors; the data year "
            f"is {d.year}, so today's trade shares are those of {d.year}."
        )
        part.notes += plan.notes

    @staticmethod
    def _one_sector(
        part: EnginePart, d: IcioData, plan: Plan, res: MultisectorResult,
        p: MultisectorParams, focus: list[str], inputs: ScenarioInputs,
    ) -> None:  # fmt: skip
        importer = (plan.importers or [""])[0]
        table, values, text = one_sector_beside(
            d, plan, res, importer=importer, dataset=p.one_sector_dataset, focus=focus,
            inputs=inputs,
        )  # fmt: skip
        if not table.empty:
            part.tables["one_sector"] = table
        for k, v in values.items():
            part.add(k, v, label=k.replace("ge1_", "one-sector: ").replace("_", " "))
        part.notes.append(text)
        meta = inputs.dataset(p.one_sector_dataset)
        part.provenance[p.one_sector_dataset] = f"{meta.vintage} ({meta.content_hash[:12]})"

    @staticmethod
    def _bands(
        sc: Scenario, part: EnginePart, d: IcioData, plan: Plan, shock: Shock, eps: np.ndarray,
        p: MultisectorParams, opts: RunOptions, focus: list[str],
    ) -> None:  # fmt: skip
        mc = sc.montecarlo
        assert mc is not None
        how = mc.parameters["epsilon_set"]
        sets = {k: np.asarray(v) for k, v in d.elasticity_sets.items()}
        common: dict[str, Any] = {
            "deficits": p.deficits, "countries": d.countries, "sectors": d.sectors,
            "workers": opts.workers, "shock": shock,
        }  # fmt: skip
        t0 = time.perf_counter()
        with get_executor(
            opts.executor, workers=opts.workers, scheduler_address=opts.scheduler_address
        ) as ex:
            if how == "band":
                if p.epsilon_overrides:
                    sets[p.elasticities] = eps
                band: MultisectorBand = elasticity_set_band(
                    d.X, plan.t0, plan.t_new, elasticity_sets=sets, point=p.elasticities,
                    executor=ex, **common,
                )  # fmt: skip
                lo, hi = 0.0, 100.0
            else:
                n = opts.draws or mc.draws
                _memory.multisector_draws(len(d.countries), len(d.sectors), n, opts.draws)
                seed = mc.seed if opts.seed is None else opts.seed
                arg = how.partition(":")[2]
                spread: Any = "sets" if arg == "sets" else float(arg)
                pct = (float(mc.percentiles[0]), float(mc.percentiles[-1]))
                band = elasticity_draws(
                    d.X, plan.t0, plan.t_new, epsilon=eps, draws=n, spread=spread,
                    elasticity_sets=sets, seed=seed, point_label=p.elasticities, executor=ex,
                    on_batch=opts.on_batch, percentiles=pct, **common,
                )  # fmt: skip
                lo, hi = pct
                part.provenance["seed"] = str(seed)
        secs = time.perf_counter() - t0
        frames = []
        for outcome in ("welfare_pct", "real_wage_pct", "exports_pct"):
            f = band.to_frame(outcome)
            if band.kind == "sets":
                f.insert(5, "p0", f["min"])
                f.insert(6, "p100", f["max"])
            f.insert(1, "name", [country_label(x) for x in f["iso3"]])
            f.insert(2, "outcome", outcome)
            frames.append(f)
        mcf = pd.concat(frames, ignore_index=True)
        part.tables["montecarlo_countries"] = mcf
        wf = mcf[mcf["outcome"] == "welfare_pct"].set_index("iso3")
        lo_c, hi_c = f"p{lo:g}", f"p{hi:g}"
        for c in focus:
            for col, key in ((lo_c, "low"), ("median", "median"), (hi_c, "high")):
                part.add(f"mc_{c.lower()}_welfare_{key}_pct", num(wf.at[c, col]))
        part.add("mc_runs", len(band.labels), unit="count")
        part.add("mc_seconds", secs, unit="s")
        part.add("mc_max_residual", band.max_residual, unit="number")
        what = (
            f"the {len(band.labels)} published elasticity sets ({', '.join(band.labels)}), each "
            "re-solved (point = "
            f"{p.elasticities}; the band is min–max across sets, shown as p0–p100)"
            if band.kind == "sets"
            else band.spread
        )
        if band.kind == "draws" and how == "draws:sets":
            sd = log_spread_across_sets(sets)
            what += f" (σ of log ε from {sd.min():.2f} to {sd.max():.2f} across sectors)"
        part.notes.append(
            f"Uncertainty from the literature: {what}; {len(band.labels)} equilibria in "
            f"{secs:.1f} s on the {opts.executor} executor, largest gap {band.max_residual:.1e}."
        )


ENGINE = MultisectorModel()
