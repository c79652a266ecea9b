"""The world tariff model of Ignatenko, Lashkaripour, Macedoni & Simonovska (2025)
(MODELS §4c) on a world matrix: the scenario's US tariffs, retaliation, revenue
rule; Monte Carlo bands ([montecarlo]) and sweeps ([sweep]) on an executor."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.io.codes import country_label
from tradewinds.models.ge import calibrate_ilms, solve_ilms, us_tariffs
from tradewinds.models.ge.ilms2025 import (
    ILMSData,
    ILMSResult,
    optimal_retaliation,
    optimal_uniform_tariff,
)
from tradewinds.models.montecarlo import Dist, WorldProblem, monte_carlo_world, sweep_world
from tradewinds.parallel import get_executor
from tradewinds.scenarios.engines import _memory
from tradewinds.scenarios.engines._ge_states import GEStates, schedule_states
from tradewinds.scenarios.engines.base import LONG_RUN, EnginePart, RunOptions, focus_countries, num
from tradewinds.scenarios.inputs import ScenarioInputs, WorldMatrix
from tradewinds.scenarios.model import GEParams, Scenario

US = "USA"  # the country whose tariffs the model is about (Ignatenko et al. 2025)


def scenario_rates(ge: GEParams, w: WorldMatrix, state: pd.DataFrame | None = None) -> np.ndarray:
    """The US tariff on each exporter the scenario asks for, before the floor (``state``:
    one rate per exporter of a schedule state, ``us_tariffs = "schedule"``)."""
    if state is not None:
        by = state.set_index("exporter")["rate"]
        r = np.array([float(by.get(c, 0.0)) for c in w.countries])
    else:
        r = w.rates.copy() if ge.us_tariffs == "ustr-2025-04-02" else w.rates * 0.0
    for k, v in ge.rate_overrides.items():
        if k not in w.countries:
            raise ScenarioError(
                f"{k} is not among the {len(w.countries)} countries of {ge.dataset}",
                field=f"ge.rate_overrides.{k}",
                fix="use a country of the world matrix",
            )
        r[w.countries.index(k)] = v
    return r


def world_problem(sc: Scenario, w: WorldMatrix, pairs: object = ()) -> WorldProblem:
    """The shared inputs of every GE solve of a scenario (for bands and sweeps)."""
    ge = sc.ge
    assert ge is not None
    if ge.us_tariffs == "optimal-uniform" or ge.retaliation == "optimal":
        raise ScenarioError(
            "bands and sweeps re-solve a given tariff matrix; optimal tariffs are a search",
            field="ge",
            fix="use us_tariffs = 'ustr-2025-04-02' or 'none' and retaliation none/reciprocal",
        )
    return WorldProblem(
        w.X,
        w.gdp,
        w.countries,
        scenario_rates(ge, w),
        floor=ge.floor,
        retaliation="reciprocal" if ge.retaliation == "reciprocal" else "none",
        revenue=ge.revenue,
        pass_through_shift=-0.75 if ge.pass_through == "incomplete" else 0.0,
        special_case=ge.special_case,
        base={"epsilon": ge.epsilon},
        pairs=tuple(tuple(p) for p in pairs),  # type: ignore[attr-defined]
    )


def _schedule(sc: Scenario, inputs: ScenarioInputs, w: WorldMatrix) -> GEStates:
    ge = sc.ge
    assert ge is not None
    if sc.montecarlo is not None or sc.sweep is not None:
        raise ScenarioError(
            "bands and sweeps re-solve one tariff vector; a dated schedule has several states",
            field="ge.us_tariffs",
            fix="run the schedule's states without [montecarlo]/[sweep]",
        )
    if ge.floor > 0:
        raise ScenarioError(
            f"floor {ge.floor} on top of a schedule that states its own baseline rate",
            field="ge.floor",
            fix="set floor = 0.0 with us_tariffs = 'schedule'",
        )
    if sc.tariffs is not None and sc.tariffs.importer != US:
        raise ScenarioError(
            f"the world tariff model is about US tariffs, not {sc.tariffs.importer}'s",
            field="tariffs.importer",
            fix="importer = 'USA'",
        )
    return schedule_states(sc, inputs, w.countries, ge.dataset)


class WorldTariffModel:
    name = "ilms2025"
    horizon = LONG_RUN

    def applies(self, sc: Scenario) -> bool:
        return "ge" in sc.models and sc.ge is not None and sc.ge.model == "ilms2025"

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        ge = sc.ge
        assert ge is not None
        part = EnginePart(horizon=self.horizon)
        w = inputs.world_matrix(ge.dataset)
        iso = w.countries
        data = calibrate_ilms(
            w.X,
            w.gdp,
            iso,
            epsilon=ge.epsilon,
            pass_through_shift=-0.75 if ge.pass_through == "incomplete" else 0.0,
            special_case=ge.special_case,
        )
        states = _schedule(sc, inputs, w) if ge.us_tariffs == "schedule" else None
        r_in = scenario_rates(ge, w, states.state(states.scenario).rates if states else None)
        if ge.us_tariffs == "optimal-uniform":
            best_rate, _ = optimal_uniform_tariff(data, revenue=ge.revenue)
            r_in[:] = best_rate
            part.add("ge_optimal_uniform_tariff", best_rate, unit="rate")
            for k, v in ge.rate_overrides.items():
                r_in[iso.index(k)] = v
        t = us_tariffs(
            data,
            r_in,
            floor=ge.floor,
            retaliation="reciprocal" if ge.retaliation == "reciprocal" else "none",
        )
        if ge.retaliation == "optimal":
            best, _ = optimal_retaliation(data, t, revenue=ge.revenue)
            t[data.us, :] = best
            t[data.us, data.us] = 0.0
            part.add(
                "ge_mean_optimal_retaliation",
                float(np.average(np.delete(best, data.us), weights=np.delete(data.E, data.us))),
                unit="rate",
            )
        t0 = time.perf_counter()
        r = solve_ilms(data, t, revenue=ge.revenue)
        ms = 1000 * (time.perf_counter() - t0)
        f = r.to_frame()
        f.insert(1, "name", [country_label(c) for c in f["iso3"]])
        part.tables["countries"] = f
        ii, jj = np.nonzero((data.X > 0) & ~np.eye(data.n, dtype=bool))
        part.tables["bilateral"] = pd.DataFrame(
            {
                "exporter": np.asarray(iso)[ii],
                "importer": np.asarray(iso)[jj],
                "value_baseline_usd": data.X[ii, jj] * 1000.0,
                "value_new_usd": r.trade_new[ii, jj] * 1000.0,
                "tariff": t[ii, jj],
            }
        ).assign(change_pct=lambda d: 100 * (d["value_new_usd"] / d["value_baseline_usd"] - 1))
        by = f.set_index("iso3")
        us = iso[data.us]
        part.add("ge_model", "Ignatenko, Lashkaripour, Macedoni & Simonovska (2025)")
        part.add("ge_revenue", ge.revenue)
        part.add("ge_retaliation", ge.retaliation)
        part.add("ge_us_welfare_pct", num(by.at[us, "welfare_pct"]), label="US welfare")
        part.add(
            "ge_non_us_welfare_pct",
            r.non_us_average("welfare_pct"),
            label="non-US welfare (expenditure-weighted average)",
        )
        part.add("ge_us_prices_pct", num(by.at[us, "prices_pct"]), label="US prices")
        part.add("ge_us_deficit_pct", num(by.at[us, "deficit_pct"]), label="US trade deficit")
        for c in focus_countries(sc, iso):
            if c == us:
                continue
            name = country_label(c)
            part.add(
                f"ge_{c.lower()}_welfare_pct",
                num(by.at[c, "welfare_pct"]),
                label=f"{name}: welfare",
            )
            part.add(
                f"ge_{c.lower()}_exports_gdp_pct",
                num(by.at[c, "exports_gdp_pct"]),
                label=f"{name}: exports / GDP",
            )
        part.add("ge_iterations", r.iterations, unit="count", label="solver iterations")
        part.add("ge_max_residual", r.max_residual, unit="number", label="largest residual")
        part.add("ge_solve_ms", ms, unit="ms", label="solve time")
        part.add("ge_nu_r", data.nu_r, unit="number", label="savings share ν, non-US")
        part.add("ge_nu_u", data.nu_u, unit="number", label="savings share ν, US")
        part.notes.append(
            f"GE: Ignatenko et al. (2025) model on {ge.dataset} ({data.n} countries), ε = "
            f"{ge.epsilon}, ψ = {data.psi:.4f}, κ = {data.kappa}, savings shares ν_R = "
            f"{data.nu_r:.4f}, ν_U = {data.nu_u:.4f}; revenue as {ge.revenue.replace('_', ' ')}; "
            f"retaliation {ge.retaliation}; solved in {r.iterations} iterations "
            f"({ms:.0f} ms, residual {r.max_residual:.1e}). Non-US average weighted by "
            "calibrated expenditure."
        )
        if states is not None:
            self._chain(sc, data, w, states, r, part)
        meta = inputs.dataset(ge.dataset)
        part.provenance[ge.dataset] = f"{meta.vintage} ({meta.content_hash[:12]})"
        if sc.montecarlo is not None or sc.sweep is not None:
            self._uncertainty(sc, w, part, opts)
        return part

    def _chain(
        self,
        sc: Scenario,
        data: ILMSData,
        w: WorldMatrix,
        states: GEStates,
        r: ILMSResult,
        part: EnginePart,
    ) -> None:
        """Every state of a dated schedule solved from the same data; the headline
        outcomes become the change from the baseline state to the scenario state."""
        ge, t = sc.ge, sc.tariffs
        assert ge is not None and t is not None
        iso = w.countries
        us = data.us
        exp = iso.index(t.exporter) if t.exporter in iso else None
        solved: dict[str, ILMSResult] = {states.scenario: r}
        rows = []
        prev: str | None = None
        for s in states.states:
            if s.key not in solved:
                tt = us_tariffs(
                    data,
                    scenario_rates(ge, w, s.rates),
                    floor=ge.floor,
                    retaliation="reciprocal" if ge.retaliation == "reciprocal" else "none",
                )
                solved[s.key] = solve_ilms(data, tt, revenue=ge.revenue)
            x = solved[s.key]
            row = {
                "state": s.key,
                "label": s.label,
                "kind": s.kind,
                "us_welfare_pct": float(100 * (x.welfare_hat[us] - 1)),
                "us_prices_pct": float(100 * (x.P_hat[us] - 1)),
                "non_us_welfare_pct": x.non_us_average("welfare_pct"),
            }
            if exp is not None:
                x0 = float(data.X[exp, us])
                row |= {
                    "exporter_rate": num(s.rates.set_index("exporter").at[t.exporter, "rate"]),
                    "exporter_welfare_pct": float(100 * (x.welfare_hat[exp] - 1)),
                    "exporter_exports_change_pct": 100 * (float(x.trade_new[exp, us]) / x0 - 1),
                }
            base = {"date": prev, "scenario": t.date.isoformat()}.get(s.kind)
            row["step_from"] = base or ""
            rows.append(row)
            if s.kind in ("data", "date"):
                prev = s.key
        chain = pd.DataFrame(rows)
        by = chain.set_index("state")
        for col in ("us_welfare_pct", "exporter_exports_change_pct"):
            if col in chain:
                prev_v = chain["step_from"].map(lambda k, c=col: by[c].get(k, np.nan))
                chain[f"step_{col}"] = 100 * ((1 + chain[col] / 100) / (1 + prev_v / 100) - 1)
        part.tables["ge_chain"] = chain
        part.tables["ge_rates"] = pd.concat(
            [s.rates.assign(state=s.key, label=s.label) for s in states.states],
            ignore_index=True,
        )
        a, b = solved[states.baseline], solved[states.scenario]
        base_l, scen_l = states.state(states.baseline).label, states.state(states.scenario).label
        span = f"from {base_l} to {scen_l}"
        ratio = b.welfare_hat / a.welfare_hat
        part.add("ge_us_welfare_pct", float(100 * (ratio[us] - 1)), label=f"US welfare, {span}")
        f = pd.DataFrame({"iso3": iso, "welfare_pct": 100 * (ratio - 1)})
        mask = np.arange(len(iso)) != us
        part.add(
            "ge_non_us_welfare_pct",
            float(
                np.sum(f["welfare_pct"].to_numpy()[mask] * b.weights[mask]) / b.weights[mask].sum()
            ),
            label=f"non-US welfare (expenditure-weighted), {span}",
        )
        part.add(
            "ge_us_prices_pct",
            float(100 * (b.P_hat[us] / a.P_hat[us] - 1)),
            label=f"US prices, {span}",
        )
        fa, fb = a.to_frame().set_index("iso3"), b.to_frame().set_index("iso3")
        part.add(
            "ge_us_deficit_pct",
            num(fb.at[iso[us], "deficit_pct"]) - num(fa.at[iso[us], "deficit_pct"]),
            label=f"US trade deficit (% of the data's), {span}",
        )
        for c in focus_countries(sc, iso):
            if c == iso[us]:
                continue
            part.add(
                f"ge_{c.lower()}_welfare_pct",
                float(100 * (ratio[iso.index(c)] - 1)),
                label=f"{country_label(c)}: welfare, {span}",
            )
            xa, xb = num(fa.at[c, "exports_gdp_pct"]), num(fb.at[c, "exports_gdp_pct"])
            part.add(
                f"ge_{c.lower()}_exports_gdp_pct",
                100 * ((1 + xb / 100) / (1 + xa / 100) - 1),
                label=f"{country_label(c)}: exports / GDP, {span}",
            )
        if exp is not None:
            part.add(
                f"ge_{t.exporter.lower()}_exports_to_{iso[us].lower()}_change_pct",
                float(100 * (b.trade_new[exp, us] / a.trade_new[exp, us] - 1)),
                unit="pct",
                label=f"{country_label(t.exporter)}'s exports to the US, {span}",
            )
        part.notes += list(states.notes)
        part.notes.append(
            f"GE outcomes are the change {span}, each state solved from the same data (the "
            "countries table holds the scenario state against the data; the ge_chain table "
            "every state against the data)."
        )

    def _uncertainty(
        self, sc: Scenario, w: WorldMatrix, part: EnginePart, opts: RunOptions
    ) -> None:
        n_c = len(w.countries)  # memory estimated before any draw or point starts
        if sc.montecarlo is not None:
            mc = sc.montecarlo
            _memory.world_draws(n_c, len(mc.pairs), opts.draws or mc.draws, opts.draws)
        if sc.sweep is not None:
            sw = sc.sweep
            pts = (
                (n_c - 1 if "all" in sw.targets else len(sw.targets))
                if sw.parameter == "target"
                else len(sw.grid())
            )
            _memory.world_sweep(n_c, len(sw.pairs), pts)
        with get_executor(
            opts.executor, workers=opts.workers, scheduler_address=opts.scheduler_address
        ) as ex:
            if sc.montecarlo is not None:
                mc = sc.montecarlo
                n = opts.draws or mc.draws
                sd = mc.seed if opts.seed is None else opts.seed
                dists: dict[str, Dist] = {
                    str(k): Dist.parse(v, name=f"montecarlo.parameters.{k}")
                    for k, v in mc.parameters.items()
                }
                t0 = time.perf_counter()
                r = monte_carlo_world(
                    world_problem(sc, w, mc.pairs),
                    dists,
                    n_draws=n,
                    seed=sd,
                    executor=ex,
                    workers=opts.workers,
                    percentiles=mc.percentiles,
                    on_batch=opts.on_batch,
                )
                secs = time.perf_counter() - t0
                c = r.countries.copy()
                c.insert(1, "name", [country_label(x) for x in c["iso3"]])
                part.tables["montecarlo_countries"] = c
                part.tables["montecarlo_pairs"] = r.pairs
                lo, hi = f"p{mc.percentiles[0]:g}", f"p{mc.percentiles[-1]:g}"
                wf = c[c["outcome"] == "welfare_pct"].set_index("iso3")
                for iso3 in [US, *[x for x in focus_countries(sc, w.countries) if x != US]]:
                    if iso3 not in wf.index:
                        continue
                    part.add(f"mc_{iso3.lower()}_welfare_{lo}_pct", num(wf.at[iso3, lo]))
                    part.add(f"mc_{iso3.lower()}_welfare_{hi}_pct", num(wf.at[iso3, hi]))
                part.add("mc_draws", n)
                part.add("mc_failed_draws", r.failed, unit="count")
                part.add("mc_seconds", secs, unit="s")
                part.provenance["seed"] = str(sd)
                part.notes.append(
                    f"Monte Carlo: {n} draws of "
                    + ", ".join(f"{k} ~ {v}" for k, v in r.parameters.items())
                    + f" (seed {sd}), each re-calibrated and re-solved from the point solution "
                    f"on the {opts.executor} executor in {secs:.1f} s ({n / secs:.0f} draws/s); "
                    f"{r.failed} draws failed to converge. Bands are the {lo}–{hi} percentiles."
                )
            if sc.sweep is not None:
                sw = sc.sweep
                prob = world_problem(sc, w, sw.pairs)
                targets = list(sw.targets)
                if "all" in targets:
                    targets = [x for x in prob.countries if x != US]
                what = (
                    f"the US tariff on {sw.country}"
                    if sw.parameter == "rate"
                    else f"each of {len(targets)} countries as the target of a {sw.rate:.0%} tariff"
                    if sw.parameter == "target"
                    else sw.parameter
                )
                t0 = time.perf_counter()
                f = sweep_world(
                    prob,
                    sw.parameter,
                    [] if sw.parameter == "target" else sw.grid(),
                    country=sw.country,
                    targets=targets,
                    rate=sw.rate,
                    executor=ex,
                    workers=opts.workers,
                    on_batch=opts.on_batch,
                )
                secs = time.perf_counter() - t0
                part.tables["sweep"] = f
                part.add("sweep_parameter", what)
                part.add("sweep_points", int(f["step"].nunique()), unit="count")
                part.add("sweep_seconds", secs, unit="s")
                part.notes.append(
                    f"Sweep over {what}: {f['step'].nunique()} GE solves in {secs:.1f} s "
                    f"({opts.executor} executor)."
                )


ENGINE = WorldTariffModel()
