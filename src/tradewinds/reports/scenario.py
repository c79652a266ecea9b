"""Scenario outputs: tidy tables, summary, the scenario file and an HTML report section."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tradewinds.accounting.diversion import trade_diversion
from tradewinds.formatting import name_in_text, possessive
from tradewinds.io.codes import country_label
from tradewinds.reports.figures import (
    _LAYOUT,
    _LEGEND_BELOW,
    _padded_range,
    _title,
    band_figure,
    hbar_figure,
    map_figure,
    sankey_figure,
    style_layout,
    sweep_figure,
    value_text,
    wrap_label,
)
from tradewinds.reports.html import figure_html, render_macro, render_report, table_html
from tradewinds.scenarios.result import ScenarioResult, SummaryTable, short_horizon


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


def _embargo_title(market: str) -> str:
    """ "IND imports of HS 2709" (the engine's key, codes) as a title with names."""
    code, _, rest = market.partition(" ")
    name = country_label(code) if len(code) == 3 and code.isupper() else code
    return f"{possessive(name, start=True)} {rest} by supplier (US$ bn)"


def diversion_flows(res: ScenarioResult) -> pd.DataFrame:
    """Where the scenario's exporter's lost sales go (its tariffs' exporter where it has
    one: the chain's GE shows India, not the US whose exports happen to fall most; else
    the exporter that loses most)."""
    b = res.tables["bilateral"]
    sc = res.scenario
    own = sc.tariffs.exporter if sc.tariffs is not None else None
    has_own = own is not None and bool((b["exporter"] == own).any())
    # four markets a side and the rest summed: a chart that reads on a phone too
    return trade_diversion(b, own if has_own else None, top=4)


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
            y = f["value_usd"] / 1e9
            fig.add_bar(
                x=[wrap_label(str(b), 12, 3) for b in f["band"]], y=y, name=label,
                text=value_text(y, "bn"), textposition="outside", cliponaxis=False,
            )  # fmt: skip
        style_layout(
            fig,
            title=_title(
                f"{possessive(country_label(str(res.values['exporter'])), start=True)} exports "
                f"to {name_in_text(country_label(str(res.values['importer'])))} by additional "
                f"tariff (US$ bn, "
                f"{res.values['period']} lines)"
            ),
            barmode="group",
            yaxis_title="US$ bn",
            xaxis={"type": "category"},
            **{**_LAYOUT, **_LEGEND_BELOW},
        )
        figs["exposure"] = fig
    if "by_group" in tb:
        g = tb["by_group"][tb["by_group"]["m0"] > 0].sort_values("change_usd")
        figs["groups"] = hbar_figure(
            g["label"],
            g["change_usd"] / 1e9,
            title="Change of exports by product group (groups overlap), US$ bn",
            unit="bn",
            axis_title="US$ bn",
        )
    if "market" in tb:
        m = tb["market"]
        top = m.reindex(m["change"].abs().sort_values(ascending=False).index).head(12)
        top = top.sort_values("change")
        figs["market"] = hbar_figure(
            top["name"],
            top["change"] / 1e9,
            title=f"{possessive(country_label(str(res.values['importer'])), start=True)} "
            "imports: the 12 largest "
            "changes by supplier (aggregate market, US$ bn)",
            unit="bn",
            axis_title="US$ bn",
        )
    for k, f in tb.items():
        if k.startswith("embargo_"):
            fig = go.Figure()
            for col, what in (("m0", "before"), ("m1", "after")):
                y = f[col] / 1e9
                fig.add_bar(
                    x=[wrap_label(str(n), 16) for n in f["name"]], y=y, name=what,
                    text=value_text(y, "bn"), textposition="outside", cliponaxis=False,
                )  # fmt: skip
            style_layout(
                fig,
                title=_title(_embargo_title(str(res.values.get("embargo_market", k)))),
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
        what = "Welfare" if col == "welfare_pct" else "Real GDP"
        fig = hbar_figure(
            pick[label],
            pick[col],
            title=f"{what} change, % (GE; the most affected and selected countries)",
            unit="%",
            axis_title="%",
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
        flows = diversion_flows(res)
        if not flows.empty:
            who = flows.attrs["exporter_name"]
            figs["diversion"] = sankey_figure(
                flows,
                title=f"Where {possessive(who)} lost sales go: markets that buy less (left) "
                "and more (right), US$ bn (GE)",
            )
    if "balance" in tb:
        b = tb["balance"]
        fig = go.Figure()
        for col, what in (("balance_before_usd", "before"), ("balance_after_usd", "after")):
            y = b[col] / 1e9
            fig.add_bar(
                x=[wrap_label(str(x), 22) for x in b["base"]], y=y, name=what,
                text=value_text(y, "bn"), textposition="outside", cliponaxis=False,
            )  # fmt: skip
        style_layout(fig,
            title=_title("Bilateral balance before and after (US$ bn)"),
            barmode="group",
            yaxis={"title": "US$ bn", "range": _padded_range([*b["balance_before_usd"] / 1e9,
                                                             *b["balance_after_usd"] / 1e9])},
            **_LAYOUT,
        )  # fmt: skip
        figs["balance"] = fig
    figs.update(uncertainty_figures(res))
    return figs


def _band_columns(frame: pd.DataFrame) -> tuple[str, str]:
    qs = [c for c in frame.columns if c.startswith("p") and c[1:].replace(".", "").isdigit()]
    return qs[0], qs[-1]


GE_COLUMNS = {
    "welfare_pct": "welfare",
    "deficit_pct": "trade deficit",
    "exports_gdp_pct": "exports / GDP",
    "imports_gdp_pct": "imports / GDP",
    "employment_pct": "employment",
    "prices_pct": "prices",
    "terms_of_trade_pct": "terms of trade",
    "volume_of_trade_pct": "volume of trade",
    "welfare_exact_pct": "welfare (exact)",
    "change_Xi_FULL": "exports",
    "change_price_FULL": "producer prices",
    "change_IMR_FULL": "inward resistance",
    "change_rGDP_FULL": "real GDP",
}  # column → label of the GE country tables (every value a change in %)

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
        p["label"] = [
            f"{country_label(str(e))} → {country_label(str(i))}"
            for e, i in zip(p["exporter"], p["importer"], strict=True)
        ]
        lo, hi = _band_columns(p)
        figs["mc_pairs"] = band_figure(
            p, title="Change of bilateral exports, %", lo=lo, hi=hi, label="label"
        )
    if "montecarlo_pe" in tb:
        p = tb["montecarlo_pe"].copy()
        p["label"] = [
            f"{country_label(str(e))} → {country_label(str(i))} (PE, σ drawn)"
            for e, i in zip(p["exporter"], p["importer"], strict=True)
        ]
        lo, hi = _band_columns(p)
        figs["mc_pe"] = band_figure(
            p, title="Change of the exporter's covered trade, %", lo=lo, hi=hi, label="label"
        )
    if "sweep" in tb:
        f = tb["sweep"]
        pair_cols = [c for c in f.columns if c.endswith("_change_pct")]
        if "target" in f:
            one = f[f["iso3"] == f["target"]]
            one = one.reindex(one["welfare_pct"].abs().sort_values(ascending=False).index)
            one = pd.concat([one.head(15), one[one["iso3"].isin(focus_of(res))]])
            one = one.drop_duplicates("iso3").sort_values("welfare_pct")
            figs["sweep_targets"] = hbar_figure(
                [country_label(str(c)) for c in one["target"]],
                one["welfare_pct"],
                title="Welfare of each target country when it alone faces the swept tariff, % "
                "(the 15 largest changes and the selected countries)",
                unit="%",
                axis_title="%",
            )
        else:
            first = pair_cols[0].split("->")[0] if pair_cols else str(f["iso3"].iloc[0])
            sel = f[f["iso3"] == first]
            cols = {
                c: " → ".join(country_label(x) for x in c.removesuffix("_change_pct").split("->"))
                + " exports"
                for c in pair_cols
            }
            cols["welfare_pct"] = f"{country_label(first)} welfare"
            figs["sweep_lines"] = sweep_figure(
                sel,
                x="value",
                columns=cols,
                title="Sweep: bilateral exports and welfare against the swept value, % change",
                x_title=str(res.values.get("sweep_parameter", "swept value")),
            )
    return figs


def summary_rows(table: SummaryTable) -> list[dict[str, str]]:
    """The rows a reader sees (results, each alternative under its headline with why they
    differ, bands), as the templates take them."""
    return [
        {
            "key": o.key,
            "label": o.label,
            "value": o.text,
            "reference": o.reference,
            "role": o.role,
            "why": o.why if o.role == "alternative" else "",
            "horizon": short_horizon(o.horizon),
        }
        for o in table.reader_rows()
    ]


def horizons_line(table: SummaryTable) -> str:
    """Each horizon the results hold for, in full ("short run (PE: a year or two, …)")."""
    return "; ".join(dict.fromkeys(o.horizon for o in table.reader_rows() if o.horizon))


def summary_html(res: ScenarioResult) -> str:
    """A scenario's summary table with its settings and solver lines (the report's, for
    the dashboard)."""
    table = res.summary()
    rows = summary_rows(table)
    section = {
        "rows": rows,
        "has_reference": any(r["reference"] for r in rows),
        "has_horizon": any(r["horizon"] for r in rows),
        "horizons": horizons_line(table),
        "settings": table.line("setting"),
        "diagnostics": table.line("diagnostic"),
    }
    return render_macro("_scenario.html", "summary_table", section)


def scenario_section(res: ScenarioResult, *, first_figure: bool) -> dict[str, Any]:
    """What the templates need to show one scenario."""
    figs = scenario_figures(res)
    html = [figure_html(f, first=first_figure and i == 0) for i, f in enumerate(figs.values())]
    table = res.summary()
    rows = summary_rows(table)
    tables = []
    if "by_group" in res.tables:
        g = res.tables["by_group"]
        tables.append(
            (
                "By product group",
                table_html(
                    g[g["m0"] > 0][["label", "m0", "m1", "change_usd", "change_pct"]],
                    money=("m0", "m1", "change_usd"),
                    points=("change_pct",),
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
                    rename=BALANCE_COLUMNS,
                ),
            )
        )
    if "countries" in res.tables:
        c = res.tables["countries"]
        sel = c[c["iso3"].isin(focus_of(res))]
        keep = [k for k in GE_COLUMNS if k in c]
        first = ["name"] if "name" in c else ["iso3"]
        tables.append(
            (
                "GE results for selected countries",
                table_html(
                    sel[first + keep],
                    points=tuple(keep),
                    rename={"name": "country", "iso3": "country", **GE_COLUMNS},
                ),
            )
        )
    if "bilateral" in res.tables and "diversion" in figs:
        # every link as a table: hover is not print, and a phone hides the node labels
        flows = diversion_flows(res)[["source", "target", "value_usd"]]
        if not flows.empty:
            tables.append(
                (
                    "Where the lost sales go: every link of the diversion chart (US$ bn)",
                    table_html(flows, money=("value_usd",), rename={"value_usd": "US$ bn"}),
                )
            )
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
                    pct=("rate",),
                    rename={"in_baseline": "in the baseline", "in_scenario": "in the scenario"},
                    wrap=True,
                    ends=("to",),
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
                _band_table(sel.drop(columns="outcome")),
            )
        )
    if "montecarlo_pe" in res.tables:
        tables.append(("PE bands (σ drawn)", _band_table(res.tables["montecarlo_pe"])))
    if "montecarlo_pairs" in res.tables:
        tables.append(
            (
                "Bands for bilateral exports (%)",
                _band_table(res.tables["montecarlo_pairs"], money=("baseline_usd",)),
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
            (
                "Sweep (first country of the pairs / each target)",
                table_html(sel, points=tuple(c for c in sel.columns if str(c).endswith("_pct"))),
            )
        )
    if "push" in res.tables:
        tables.append(
            ("Export push", table_html(res.tables["push"], money=("base_usd", "added_usd")))
        )
    return {
        "name": res.name,
        "description": res.description,
        "hash": res.scenario_hash[:16],
        "horizons": horizons_line(table),
        "rows": rows,
        "has_reference": any(r["reference"] for r in rows),
        "has_horizon": any(r["horizon"] for r in rows),
        "settings": table.line("setting"),
        "diagnostics": table.line("diagnostic"),
        "tables": tables,
        "figures": html,
        "notes": res.notes,
        "provenance": {k: v for k, v in res.provenance.items() if v not in (None, "")},
    }


def push_vs_path(scenarios: Any, path: pd.DataFrame | None) -> str:
    """Why the one-year export push and the multi-year balance path give different
    balances (both are shown in the case: one headline each, this line between them)."""
    push = next((r for r in scenarios if "push" in r.tables and "balance" in r.tables), None)
    if push is None or path is None or path.empty:
        return ""
    after = float(push.tables["balance"].iloc[-1]["balance_after_usd"]) / 1e9
    end = path.iloc[-1]
    return (
        f"The export push ({push.name}) gives a balance of {after:,.1f} bn: it raises the "
        "named groups' exports once, with imports unchanged. The balance path gives "
        f"{float(end['balance_usd']) / 1e9:+,.2f} bn after {int(end['year'])} years: it "
        "compounds the same growth every year and cuts crude imports from Russia by 20% "
        "a year. Neither is a forecast; they bracket what the announced plan can do."
    )


BALANCE_COLUMNS = {
    "base": "base",
    "balance_before_usd": "balance before (US$ bn)",
    "exports_change_usd": "exports change (US$ bn)",
    "imports_change_usd": "imports change (US$ bn)",
    "balance_after_usd": "balance after (US$ bn)",
}


def _band_table(frame: pd.DataFrame, money: tuple[str, ...] = ()) -> str:
    """A Monte Carlo table: every number a change in % (point, median, percentiles)."""
    num = [c for c in frame.columns if c not in money and pd.api.types.is_float_dtype(frame[c])]
    num = [c for c in num if c not in ("draws",)]
    return table_html(frame, money=money, points=tuple(num))


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
        subtitle=res.description,
        hashes=[(res.name, res.scenario_hash[:16])],
        sections=[scenario_section(res, first_figure=True)],
        provenance=[
            {"dataset": k, "source": "", "vintage": v, "store_hash": ""}
            for k, v in res.provenance.items()
            if k not in SCENARIO_KEYS and v
        ],
    )


# provenance entries that describe the run, not a dataset (the footer lists datasets)
SCENARIO_KEYS = ("scenario", "scenario_hash", "tradewinds_version", "seed", "store_hash")
