"""Caliendo & Parro (2015) on their 1993 data (MODELS §4d): NAFTA's tariff changes,
or a dated tariff schedule mapped from the exporter's lines to the 20 tradable
sectors, each relative to a baseline equilibrium."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.io.codes import country_label
from tradewinds.io.cp_data import cp_sector_map
from tradewinds.models.ge.caliendo_parro import (
    calibrate_cp,
    cp_welfare,
    nafta_tariffs,
    sector_tariffs,
    solve_cp,
)
from tradewinds.models.ge.cp_results import add_pair_rates, bilateral_flows
from tradewinds.scenarios.engines.base import LONG_RUN, EnginePart, RunOptions, focus_countries, num
from tradewinds.scenarios.inputs import ScenarioInputs
from tradewinds.scenarios.model import Scenario
from tradewinds.tariffs import load_schedule

NAFTA = ("CAN", "MEX", "USA")


class CaliendoParro:
    name = "caliendo-parro-2015"
    horizon = LONG_RUN

    def applies(self, sc: Scenario) -> bool:
        return "ge" in sc.models and sc.ge is not None and sc.ge.model == "caliendo-parro-2015"

    def run(self, sc: Scenario, inputs: ScenarioInputs, opts: RunOptions) -> EnginePart:
        assert sc.ge is not None
        part = EnginePart(horizon=self.horizon)
        f = inputs.cp_inputs()
        data = calibrate_cp(f["xbilat1993"], f["tariffs1993"], f["GO"], f["B"], f["IO"], f["T"])
        D = np.zeros(data.n) if sc.ge.deficits == "zero" else None
        base = solve_cp(data, data.tau, D_new=D)
        if sc.ge.experiment == "schedule":
            tau_new = self._schedule_tariffs(sc, inputs, data, part)
        else:
            tau_new = nafta_tariffs(data, f["tariffs2005"], NAFTA)
        cf = solve_cp(data, tau_new, D_new=D)
        w = cp_welfare(data, base, cf).to_frame()
        w.insert(1, "name", [country_label(c) for c in w["iso3"]])
        w["w_hat"] = cf.w_hat / base.w_hat
        part.tables["countries"] = w
        part.tables["bilateral"] = bilateral_flows(data, base, cf)
        by = w.set_index("iso3")
        default = (
            NAFTA
            if sc.ge.experiment == "nafta" or sc.tariffs is None
            else (sc.tariffs.importer, sc.tariffs.exporter)
        )
        focus = focus_countries(sc, data.countries, *default)
        part.add(
            "ge_model",
            "Caliendo & Parro (2015), "
            + (
                "NAFTA tariff changes"
                if sc.ge.experiment == "nafta"
                else "a tariff schedule mapped to its 20 tradable sectors"
            ),
        )
        part.add("ge_deficits", sc.ge.deficits)
        for c in focus:
            part.add(
                f"ge_{c.lower()}_welfare_pct",
                num(by.at[c, "welfare_pct"]),
                label=f"{country_label(c)}: welfare (ToT + VoT, as published)",
            )
        for c in focus:
            part.add(
                f"ge_{c.lower()}_welfare_exact_pct",
                num(by.at[c, "welfare_exact_pct"]),
                label=f"{country_label(c)}: welfare (exact Î/P̂)",
            )
        part.add("ge_iterations", base.iterations + cf.iterations, unit="count")
        part.notes.append(
            "GE: Caliendo & Parro (2015) on their 1993 data (31 regions, 40 sectors, 20 "
            "tradable), 2005 tariffs within NAFTA, 1993 elsewhere, relative to a 1993 "
            f"baseline equilibrium ({sc.ge.deficits} deficits). welfare_pct is the published "
            "first-order terms-of-trade + volume-of-trade measure; welfare_exact_pct is Î/P̂."
        )
        part.provenance["caliendo-parro-2015"] = "CP (2015) replication inputs (embedded)"
        return part

    @staticmethod
    def _schedule_tariffs(
        sc: Scenario, inputs: ScenarioInputs, data: object, part: EnginePart
    ) -> np.ndarray:
        """The additional duties of a schedule (date against baseline date) on the
        exporter's lines, trade-weighted within CP sectors, added to the 1993 tariffs of
        the importer on the exporter."""
        t = sc.tariffs
        if t is None:
            raise ScenarioError(
                "experiment = 'schedule' needs a [tariffs] section",
                field="ge",
                fix="add [tariffs] with schedule, importer, exporter and dates",
            )
        countries = data.countries  # type: ignore[attr-defined]
        for c in (t.importer, t.exporter):
            if c not in countries:
                raise ScenarioError(
                    f"{c} is not one of the 31 Caliendo–Parro regions",
                    field="tariffs",
                    fix="use e.g. USA, IND, CHN, MEX",
                )
        flows = inputs.product_flows(sc.baseline.dataset, t.exporter, t.importer)
        period = sc.baseline.period or sorted(flows["period"].unique())[-1]
        lines = pd.DataFrame(
            flows[flows["period"] == period].groupby("product", as_index=False)["value_usd"].sum()
        )
        sched = load_schedule(t.schedule)
        r0 = sched.line_rates(
            t.exporter, lines["product"], t.baseline_date, match="hs6", details=False
        )
        r1 = sched.line_rates(t.exporter, lines["product"], t.date, match="hs6", details=False)
        lines["rate"] = r1["additional_rate"].to_numpy() - r0["additional_rate"].to_numpy()
        tradable = data.tradable  # type: ignore[attr-defined]
        rates, share = sector_tariffs(lines, cp_sector_map(), tradable)
        part.tables["sector_tariffs"] = pd.DataFrame(
            {"sector": np.arange(1, tradable + 1), "added_rate": rates, "trade_share": share}
        )
        part.notes.append(
            f"Sector tariffs: the additional duties of {t.schedule} on {t.exporter}'s "
            f"{period} lines ({sc.baseline.dataset}) between {t.baseline_date} and {t.date}, "
            "trade-weighted within each Caliendo–Parro sector (HS→sector map "
            "data/cp_sectors.toml), added to the 1993 tariffs; the rest of the world stays at "
            "1993. The model's economies are those of 1993."
        )
        return add_pair_rates(data, t.importer, t.exporter, rates)  # type: ignore[arg-type]


ENGINE = CaliendoParro()
