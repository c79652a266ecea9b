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
from tradewinds.models.ge.ilms2025 import optimal_retaliation, optimal_uniform_tariff
from tradewinds.models.montecarlo import Dist, WorldProblem, monte_carlo_world, sweep_world
from tradewinds.parallel import get_executor
from tradewinds.scenarios.engines.base import LONG_RUN, EnginePart, RunOptions, focus_countries, num
from tradewinds.scenarios.inputs import ScenarioInputs, WorldMatrix
from tradewinds.scenarios.model import GEParams, Scenario

US = "USA"  # the country whose tariffs the model is about (Ignatenko et al. 2025)


def scenario_rates(ge: GEParams, w: WorldMatrix) -> np.ndarray:
    """The US tariff on each exporter the scenario asks for, before the floor."""
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
        r_in = scenario_rates(ge, w)
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
        meta = inputs.dataset(ge.dataset)
        part.provenance[ge.dataset] = f"{meta.vintage} ({meta.content_hash[:12]})"
        if sc.montecarlo is not None or sc.sweep is not None:
            self._uncertainty(sc, w, part, opts)
        return part

    def _uncertainty(
        self, sc: Scenario, w: WorldMatrix, part: EnginePart, opts: RunOptions
    ) -> None:
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
