"""One sector with tariffs, revenue and fixed deficits (MODELS §4b; Dekle, Eaton &
Kortum 2008 with tariffs as in Costinot & Rodríguez-Clare 2014) on a world matrix: the
textbook benchmark beside the richer world tariff model of the same scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.io.codes import country_label
from tradewinds.models.ge import calibrate_ilms, us_tariffs
from tradewinds.models.ge.tariff_deficit import solve_tariff_ge
from tradewinds.scenarios.engines.base import LONG_RUN, EnginePart, RunOptions, focus_countries, num
from tradewinds.scenarios.engines.world import scenario_rates
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario


class TariffsWithDeficits:
    name = "tariffs-deficits"
    horizon = LONG_RUN

    def applies(self, sc: Scenario) -> bool:
        return "ge" in sc.models and sc.ge is not None and sc.ge.model == "tariffs-deficits"

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        ge = sc.ge
        assert ge is not None
        part = EnginePart(horizon=self.horizon)
        w = inputs.world_matrix(ge.dataset)
        # domestic absorption from GDP as in the world tariff model's calibration
        data = calibrate_ilms(w.X, w.gdp, w.countries, epsilon=ge.epsilon)
        t_new = us_tariffs(
            data,
            scenario_rates(ge, w),
            floor=ge.floor,
            retaliation="reciprocal" if ge.retaliation == "reciprocal" else "none",
        )
        r = solve_tariff_ge(
            data.X, np.zeros_like(data.X), t_new, epsilon=ge.epsilon, countries=w.countries
        )
        f = r.to_frame()
        f.insert(1, "name", [country_label(c) for c in f["iso3"]])
        part.tables["countries"] = f
        ii, jj = np.nonzero((data.X > 0) & ~np.eye(data.n, dtype=bool))
        iso = np.asarray(w.countries)
        part.tables["bilateral"] = pd.DataFrame(
            {
                "exporter": iso[ii],
                "importer": iso[jj],
                "value_baseline_usd": data.X[ii, jj] * 1000.0,
                "value_new_usd": r.trade_new[ii, jj] * 1000.0,
                "tariff": t_new[ii, jj],
            }
        )
        by = f.set_index("iso3")
        part.add("ge_model", "Dekle, Eaton & Kortum (2008) with tariffs and fixed deficits")
        for c in focus_countries(sc, w.countries, w.countries[data.us]):
            part.add(
                f"ge_{c.lower()}_welfare_pct",
                num(by.at[c, "welfare_pct"]),
                label=f"{country_label(c)}: welfare",
            )
        part.add("ge_iterations", r.iterations, unit="count")
        part.add("ge_max_residual", r.max_residual, unit="number")
        part.notes.append(
            f"GE: one sector with tariffs, revenue rebated and deficits fixed (MODELS §4b) on "
            f"{ge.dataset} ({data.n} countries), ε = {ge.epsilon}, domestic sales from GDP as "
            "in Ignatenko et al. (2025); no scale economies, labour supply or savings shares."
        )
        meta = inputs.dataset(ge.dataset)
        part.provenance[ge.dataset] = f"{meta.vintage} ({meta.content_hash[:12]})"
        return part


ENGINE = TariffsWithDeficits()
