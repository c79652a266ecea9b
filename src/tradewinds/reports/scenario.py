"""Scenario outputs: tidy tables, summary, the scenario file and an HTML report section."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tradewinds.accounting.diversion import trade_diversion
from tradewinds.reports.figures import (
    _LAYOUT,
    band_figure,
    map_figure,
    sankey_figure,
    sweep_figure,
)
from tradewinds.reports.html import figure_html, render_report, table_html
from tradewinds.scenarios.result import ScenarioResult


def focus_of(res: ScenarioResult) -> list[str]:
    """The countries a scenario names: its ``focus``, the importer and exporter of its
    tariffs, the countries of its rate overrides and band pairs."""
    sc = res.scenario
    out: list[str] = list(sc.focus or [])
    if sc.tariffs is not None:
        out += [sc.tariffs.importer, sc.tariffs.exporter]
    if sc.ge is not None:
        out += list(sc.ge.rate_overrides)
    for block in (sc.montecarlo, sc.sweep):
        if block is not None:
            out += [c for pair in block.pairs for c in pair]
    return list(dict.fromkeys(out))


def scenario_figures(res: ScenarioResult, *, shapes_url: str | None = None) -> dict[str, go.Figure]:
    figs: dict[str, go.Figure] = {}
    tb = res.tables
    if "exposure_baseline" in tb:
        fig = go.Figure()
        for key, label in (
            ("exposure_baseline", f"baseline ({res.values['baseline_date']})"),
            ("exposure_scenario", f"scenario ({res.values['date']})"),
        ):
            f = tb[key]
            fig.add_bar(x=f["band"], y=f["value_usd"] / 1e9, name=label)
        fig.update_layout(
            title=f"{res.values['exporter']}'s exports to "
            f"{res.values['importer']} by additional tariff (US$ bn, "
            f"{res.values['period']} lines)",
            barmode="group",
            yaxis_title="US$ bn",
            **_LAYOUT,
        )
        figs["exposure"] = fig
    if "by_group" in tb:
        g = tb["by_group"][tb["by_group"]["m0"] > 0].sort_values("change_usd")
        fig = go.Figure(
            go.Bar(
                x=g["change_usd"] / 1e9,
                y=g["label"],
                orientation="h",
                text=[f"{p:+.0f}%" for p in g["change_pct"]],
                textposition="outside",
            )
        )
        fig.update_layout(
            title="Change of exports by product group (groups overlap), US$ bn",
            height=max(380, 30 * len(g) + 120),
            **_LAYOUT,
        )
        figs["groups"] = fig
    if "market" in tb:
        m = tb["market"]
        top = pd.concat([m.head(8), m.tail(2)]).drop_duplicates("supplier")
        fig = go.Figure(go.Bar(x=top["name"], y=top["change"] / 1e9))
        fig.update_layout(
            title=f"{res.values['importer']}'s imports: who loses, who gains "
            "(aggregate market, US$ bn)",
            yaxis_title="US$ bn",
            **_LAYOUT,
        )
        figs["market"] = fig
    for k, f in tb.items():
        if k.startswith("embargo_"):
            fig = go.Figure()
            fig.add_bar(x=f["name"], y=f["m0"] / 1e9, name="before")
            fig.add_bar(x=f["name"], y=f["m1"] / 1e9, name="after")
            fig.update_layout(
                title=res.values.get("embargo_market", k) + " by supplier (US$ bn)",
                barmode="group",
                yaxis_title="US$ bn",
                **_LAYOUT,
            )
            figs[k] = fig
    if "countries" in tb:
        c = tb["countries"]
        col = "welfare_pct" if "welfare_pct" in c else "change_rGDP_FULL"
        label = "name" if "name" in c else "iso3"
        c = c.sort_values(col)
        pick = pd.concat([c.head(8), c[c["iso3"].isin(focus_of(res))], c.tail(5)])
        pick = pick.drop_duplicates("iso3").sort_values(col)
        fig = go.Figure(
            go.Bar(
                x=pick[col],
                y=pick[label],
                orientation="h",
                text=[f"{v:+.2f}%" for v in pick[col]],
                textposition="outside",
            )
        )
        what = "Welfare" if col == "welfare_pct" else "Real GDP"
        fig.update_layout(
            title=f"{what} change, % (GE; the most affected and selected countries)",
            height=max(400, 26 * len(pick) + 120),
            **_LAYOUT,
        )
        figs["ge_welfare"] = fig
        if len(c) > 10:
            figs["ge_map"] = map_figure(
                c,
                value=col,
                title=f"{what} change by country, % (GE)",
                name=label,
                shapes_url=shapes_url,
            )
    if "bilateral" in tb and len(tb["bilateral"]):
        flows = trade_diversion(tb["bilateral"])
        if not flows.empty:
            who = flows.attrs["exporter_name"]
            figs["diversion"] = sankey_figure(
                flows,
                title=f"Where {who}'s lost sales go: markets that buy less (left) and more "
                "(right), US$ bn (GE)",
            )
    if "balance" in tb:
        b = tb["balance"]
        fig = go.Figure()
        fig.add_bar(x=b["base"], y=b["balance_before_usd"] / 1e9, name="before")
        fig.add_bar(x=b["base"], y=b["balance_after_usd"] / 1e9, name="after")
        fig.update_layout(
            title="Bilateral balance before and after (US$ bn)",
            barmode="group",
            yaxis_title="US$ bn",
            **_LAYOUT,
        )
        figs["balance"] = fig
    figs.update(uncertainty_figures(res))
    return figs


def _band_columns(frame: pd.DataFrame) -> tuple[str, str]:
    qs = [c for c in frame.columns if c.startswith("p") and c[1:].replace(".", "").isdigit()]
    return qs[0], qs[-1]


_OUTCOME_TITLES = {"welfare_pct": "Welfare change", "change_rGDP_FULL": "Real GDP change"}


def uncertainty_figures(res: ScenarioResult) -> dict[str, go.Figure]:
    """Monte Carlo fans and sweep lines (drawn from the service's tables)."""
    figs: dict[str, go.Figure] = {}
    tb = res.tables
    if "montecarlo_countries" in tb:
        c = tb["montecarlo_countries"]
        first = str(c["outcome"].iloc[0])
        w = c[c["outcome"] == first].copy()
        w["label"] = w["name"].astype(str) + " (" + w["iso3"].astype(str) + ")"
        lo, hi = _band_columns(w)
        figs["mc_welfare"] = band_figure(
            w,
            title=f"{_OUTCOME_TITLES.get(first, first)}, largest 25 effects, %",
            lo=lo,
            hi=hi,
            label="label",
        )
    if "montecarlo_pairs" in tb and not tb["montecarlo_pairs"].empty:
        p = tb["montecarlo_pairs"].copy()
        p["label"] = p["exporter"] + " → " + p["importer"]
        lo, hi = _band_columns(p)
        figs["mc_pairs"] = band_figure(
            p, title="Change of bilateral exports, %", lo=lo, hi=hi, label="label"
        )
    if "montecarlo_pe" in tb:
        p = tb["montecarlo_pe"].copy()
        p["label"] = p["exporter"] + " → " + p["importer"] + " (PE, σ drawn)"
        lo, hi = _band_columns(p)
        figs["mc_pe"] = band_figure(
            p, title="Change of the exporter's covered trade, %", lo=lo, hi=hi, label="label"
        )
    if "sweep" in tb:
        f = tb["sweep"]
        pair_cols = [c for c in f.columns if c.endswith("_change_pct")]
        if "target" in f:
            one = f[f["iso3"] == f["target"]].sort_values("welfare_pct")
            fig = go.Figure(go.Bar(x=one["target"], y=one["welfare_pct"]))
            fig.update_layout(
                title="Welfare of each target country when it alone faces the swept tariff, %",
                yaxis_title="%",
                **_LAYOUT,
            )
            figs["sweep_targets"] = fig
        else:
            first = pair_cols[0].split("->")[0] if pair_cols else str(f["iso3"].iloc[0])
            sel = f[f["iso3"] == first]
            cols = {
                c: c.replace("_change_pct", "").replace("->", " → ") + " exports" for c in pair_cols
            }
            cols["welfare_pct"] = f"{first} welfare"
            figs["sweep_lines"] = sweep_figure(
                sel,
                x="value",
                columns=cols,
                title="Sweep: bilateral exports and welfare against the swept value, % change",
                x_title=str(res.values.get("sweep_parameter", "swept value")),
            )
    return figs


def scenario_section(res: ScenarioResult, *, first_figure: bool) -> dict[str, Any]:
    """What the templates need to show one scenario."""
    figs = scenario_figures(res)
    html = [figure_html(f, first=first_figure and i == 0) for i, f in enumerate(figs.values())]
    summary = pd.DataFrame([{"result": o.key, "value": o.text} for o in res.outcomes])
    tables = []
    if "by_group" in res.tables:
        g = res.tables["by_group"]
        tables.append(
            (
                "By product group",
                table_html(
                    g[g["m0"] > 0][["label", "m0", "m1", "change_usd", "change_pct"]],
                    money=("m0", "m1", "change_usd"),
                    rename={
                        "m0": "before (US$ bn)",
                        "m1": "after (US$ bn)",
                        "change_usd": "change (US$ bn)",
                        "change_pct": "change %",
                    },
                ),
            )
        )
    if "balance" in res.tables:
        tables.append(
            (
                "Bilateral balance",
                table_html(
                    res.tables["balance"],
                    money=(
                        "balance_before_usd",
                        "exports_change_usd",
                        "imports_change_usd",
                        "balance_after_usd",
                    ),
                ),
            )
        )
    if "countries" in res.tables:
        c = res.tables["countries"]
        sel = c[c["iso3"].isin(focus_of(res))]
        keep = [
            k
            for k in (
                "iso3",
                "name",
                "welfare_pct",
                "deficit_pct",
                "exports_gdp_pct",
                "imports_gdp_pct",
                "employment_pct",
                "prices_pct",
                "terms_of_trade_pct",
                "volume_of_trade_pct",
                "welfare_exact_pct",
                "change_Xi_FULL",
                "change_price_FULL",
                "change_IMR_FULL",
                "change_rGDP_FULL",
            )
            if k in c
        ]
        tables.append(("GE results for selected countries (%)", table_html(sel[keep].round(3))))
    if "measures" in res.tables:
        tables.append(
            (
                "Measures compared, with their legal sources",
                table_html(
                    res.tables["measures"][
                        [
                            "id",
                            "name",
                            "importer",
                            "rate",
                            "from",
                            "to",
                            "in_baseline",
                            "in_scenario",
                            "heading",
                            "source",
                        ]
                    ],
                    wrap=True,
                ),
            )
        )
    if "montecarlo_countries" in res.tables:
        c = res.tables["montecarlo_countries"]
        sel = c[(c["outcome"] == c["outcome"].iloc[0]) & c["iso3"].isin(focus_of(res))]
        tables.append(
            (
                f"{_OUTCOME_TITLES.get(str(c['outcome'].iloc[0]), 'Bands')} bands "
                "for selected countries (%)",
                table_html(sel.drop(columns="outcome").round(3)),
            )
        )
    if "montecarlo_pe" in res.tables:
        tables.append(("PE bands (σ drawn)", table_html(res.tables["montecarlo_pe"].round(3))))
    if "montecarlo_pairs" in res.tables:
        tables.append(
            (
                "Bands for bilateral exports (%)",
                table_html(res.tables["montecarlo_pairs"].round(3), money=("baseline_usd",)),
            )
        )
    if "sweep" in res.tables:
        f = res.tables["sweep"]
        if "target" in f:
            sel = f[f["iso3"] == f["target"]]
        else:
            pc = [c for c in f.columns if c.endswith("_change_pct")]
            sel = f[f["iso3"] == (pc[0].split("->")[0] if pc else str(f["iso3"].iloc[0]))]
        tables.append(
            ("Sweep (first country of the pairs / each target)", table_html(sel.round(3)))
        )
    if "push" in res.tables:
        tables.append(
            ("Export push", table_html(res.tables["push"], money=("base_usd", "added_usd")))
        )
    return {
        "name": res.name,
        "description": res.description,
        "hash": res.scenario_hash[:16],
        "horizon": "; ".join(dict.fromkeys(o.horizon for o in res.outcomes if o.horizon)),
        "summary": table_html(summary),
        "tables": tables,
        "figures": html,
        "notes": res.notes,
        "provenance": res.provenance,
    }


def write_scenario_outputs(res: ScenarioResult, folder: Path) -> list[Path]:
    from tradewinds.scenarios import to_toml

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in res.tables.items():
        if name == "bilateral":
            p = folder / "bilateral.parquet"
            frame.to_parquet(p, index=False)
            written.append(p)
            continue
        f = frame.copy()
        for c in f.columns:
            if f[c].dtype == object and f[c].map(lambda v: isinstance(v, list | dict)).any():
                f[c] = f[c].map(json.dumps)
        p = folder / f"{name}.csv"
        f.to_csv(p, index=False)
        written.append(p)
    p = folder / "summary.json"
    p.write_text(json.dumps(res.to_json(), indent=2, default=str))
    written.append(p)
    p = folder / "scenario.toml"  # the scenario that ran, whatever its source
    p.write_text(to_toml(res.scenario))
    written.append(p)
    written.append(write_scenario_report(res, folder / "report.html"))
    return written


def write_scenario_report(res: ScenarioResult, path: Path) -> Path:
    """One scenario's offline HTML report."""
    return render_report(
        "scenario.html",
        path,
        title=f"Scenario {res.name}",
        sections=[scenario_section(res, first_figure=True)],
        provenance=[
            {"dataset": k, "source": "", "vintage": v, "store_hash": ""}
            for k, v in res.provenance.items()
        ],
    )
