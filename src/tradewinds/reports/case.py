"""The India–Russia case report (`tradewinds case india-russia`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradewinds.accounting.coverage import NOT_COVERED, format_level, share_of_level
from tradewinds.reports import figures
from tradewinds.reports.case_official import official_section
from tradewinds.reports.html import figure_html, render_report, table_html
from tradewinds.reports.official_figures import partial_levels_figure
from tradewinds.services.case import IndiaRussiaCase


def _bn(v: float) -> str:
    return f"{v / 1e9:,.1f} bn"


def write_case_report(case: IndiaRussiaCase, path: Path) -> Path:
    rus, usa = case.balance_rus.frame.iloc[0], case.balance_usa.frame.iloc[0]
    pub = case.published
    pub_bal = pub[(pub["metric"] == "balance") & (pub["period"] == "FY2024-25")]
    kpis = [
        {"value": _bn(rus["balance_usd"]), "label": "India's balance with Russia, 2023 (BACI)"},
        {
            "value": f"{pub_bal['value'].iloc[0]:,.1f} bn" if not pub_bal.empty else "n/a",
            "label": "FY2024-25 balance (published)",
        },
        {"value": _bn(rus["imports_usd"]), "label": "imports from Russia, 2023 (BACI)"},
        {"value": _bn(usa["exports_usd"]), "label": "India's exports to the US, 2023 (BACI)"},
    ]
    world = pd.concat([case.balance_rus.frame, case.balance_usa.frame], ignore_index=True)
    world_tbl = world[
        ["reporter", "partner", "period", "exports_usd", "imports_usd", "total_usd", "balance_usd"]
    ].rename(columns=lambda c: c.replace("_usd", " (US$ bn)"))
    pub_tbl = pub[["period", "metric", "value", "unit", "tag", "source", "source_date"]]
    published_as_balance = (
        pub[pub["unit"] == "usd_bn"]
        .pivot_table(index="period", columns="metric", values="value", aggfunc="first")
        .reset_index()
    )
    pub_frame = pd.DataFrame(
        {
            "period": published_as_balance["period"],
            "exports_usd": published_as_balance.get("exports", pd.Series(dtype=float)) * 1e9,
            "imports_usd": published_as_balance.get("imports", pd.Series(dtype=float)) * 1e9,
            "balance_usd": published_as_balance.get("balance", pd.Series(dtype=float)) * 1e9,
        }
    )
    both = pd.concat(
        [
            case.balance_rus.frame[["period", "exports_usd", "imports_usd", "balance_usd"]].assign(
                period="2023 (BACI)"
            ),
            pub_frame.assign(period=pub_frame["period"] + " (published)"),
        ],
        ignore_index=True,
    )
    figs = {
        "balance_chart": figures.balance_figure(
            both, title="India–Russia: BACI calendar 2023 beside published fiscal years"
        ),
        "partners_chart": figures.partner_figure(
            case.import_partners.frame, title="India's imports by partner, 2023 (BACI)"
        ),
        "eidb_trend_chart": partial_levels_figure(
            pd.concat([case.eidb_rus.frame, case.eidb_usa.frame]),
            pd.concat([case.official_rus.frame, case.official_usa.frame])
            if case.official_rus is not None and case.official_usa is not None
            else None,
            y="exports_usd",
            color="partner",
            partial_name="EIDB HS8 lines (partial: levels only)",
            complete_name="DGCI&S total (complete)",
            title="India's exports by fiscal year: the EIDB lines cover 70–81% (markers, not a "
            "trend); the official totals are the trend",
        ),
        "composition_rus_chart": figures.composition_figure(
            case.chapters_rus.frame, title="India → Russia, top HS chapters"
        ),
        "composition_usa_chart": figures.composition_figure(
            case.chapters_usa.frame, title="India → US, top HS chapters"
        ),
    }
    if case.chapters_trend_rus is not None:
        figs["composition_trend_chart"] = figures.composition_trend_figure(
            case.chapters_trend_rus.frame,
            title="India → Russia by HS chapter, fiscal years (EIDB lines, US$ bn)",
        )
    official_ctx = official_section(case, first_figure=True)
    plotly_loaded = official_ctx["official"] is not None
    html_figs = {
        k: figure_html(f, first=(i == 0 and not plotly_loaded))
        for i, (k, f) in enumerate(figs.items())
    }
    groups = case.groups_rus.frame.merge(
        case.groups_usa.frame, on=["period", "code", "label"], suffixes=("_rus", "_usa")
    )
    for side in ("rus", "usa"):
        level, share = list(groups[f"value_usd_{side}"]), list(groups[f"share_{side}"])
        status = list(groups.get(f"status_{side}", [None] * len(groups)))
        groups[f"share_{side}"] = [
            share_of_level(sh, lv, st) for lv, sh, st in zip(level, share, status, strict=True)
        ]
        # missing lines of a partial dataset; the rest are amounts, right-aligned
        groups[f"value_usd_{side}"] = [
            NOT_COVERED if format_level(lv, st) == NOT_COVERED else float(lv)
            for lv, st in zip(level, status, strict=True)
        ]
    groups = groups[["label", "value_usd_rus", "share_rus", "value_usd_usa", "share_usa"]]
    fy_label = case.groups_rus.frame["period"].iloc[0]
    groups = groups.rename(columns={"label": f"product group ({fy_label})"})
    dep = case.dependence.frame[
        ["country", "partner", "export_share", "import_share", "exports_usd", "imports_usd"]
    ]
    notes = list(
        dict.fromkeys(
            [
                *case.balance_rus.notes,
                *case.eidb_rus.notes[-1:],
                *case.groups_rus.notes,
                *case.groups_usa.notes,
            ]
        )
    )
    from tradewinds.reports.scenario import push_vs_path, scenario_section

    exposure_ctx: dict[str, object] = {}
    if case.exposure is not None:
        ex = case.exposure
        exposure_ctx = {
            "exposure_table": table_html(
                ex.frame[["band", "lines", "value_usd", "share", "exempt_usd", "mean_rate"]],
                money=("value_usd", "exempt_usd"),
                pct=("share", "mean_rate"),
                rename={
                    "value_usd": "exports (US$ bn)",
                    "exempt_usd": "exempt (US$ bn)",
                    "mean_rate": "mean additional duty",
                },
            ),
            "exposure_groups": table_html(
                ex.extra["by_group"][["label", "value_usd", "exempt_usd", "exempt_share_of_group"]],
                money=("value_usd", "exempt_usd"),
                pct=("exempt_share_of_group",),
                rename={
                    "value_usd": "exports (US$ bn)",
                    "exempt_usd": "exempt (US$ bn)",
                    "exempt_share_of_group": "exempt share",
                },
            ),
            "exposure_chart": figure_html(
                figures.exposure_figure(
                    ex.frame,
                    title="India's exports to the US by additional duty on 27 Aug 2025 "
                    "(EIDB lines, FY2024-25)",
                ),
                first=False,
            ),
            "exposure_notes": list(ex.notes),
        }
    sections = [scenario_section(r, first_figure=False) for r in case.scenarios]
    extra_sections = _oil_and_backtest(case)
    claims_rows = [
        {
            "claim": v.claim.text,
            "source": v.claim.source,
            "understood": "; ".join(v.claim.understood[:1]),
            "verdict": v.verdict,
            "why": " · ".join(v.reasons),
        }
        for v in case.claims
    ]
    extra_ctx: dict[str, object] = {
        "claims_table": table_html(pd.DataFrame(claims_rows), wrap=True) if claims_rows else ""
    }
    if case.potential is not None:
        extra_ctx["potential_table"] = table_html(
            case.potential.frame[
                [
                    "exporter",
                    "market",
                    "actual_usd",
                    "potential_usd",
                    "unrealised_usd",
                    "realised_share",
                ]
            ],
            money=("actual_usd", "potential_usd", "unrealised_usd"),
            pct=("realised_share",),
            rename={
                "actual_usd": "actual (US$ bn)",
                "potential_usd": "potential (US$ bn)",
                "unrealised_usd": "unrealised (US$ bn)",
                "realised_share": "realised share",
            },
        )
        extra_ctx["potential_notes"] = list(case.potential.notes)
    if case.balance_path is not None:
        bp = case.balance_path.frame
        extra_ctx["path_table"] = table_html(
            bp,
            money=("exports_usd", "imports_usd", "balance_usd"),
            rename={
                "exports_usd": "exports (US$ bn)",
                "imports_usd": "imports (US$ bn)",
                "balance_usd": "balance (US$ bn)",
            },
        )
        extra_ctx["path_chart"] = figure_html(
            figures.balance_figure(
                bp.assign(period="year " + bp["year"].astype(str)),
                title="India–Russia balance if pharma +50%, agriculture and textiles +100% a "
                "year and crude imports −20% a year",
            ),
            first=False,
        )
        extra_ctx["path_notes"] = [
            *case.balance_path.notes,
            *filter(None, [push_vs_path(case.scenarios, case.balance_path.frame)]),
        ]
    return render_report(
        "case_india_russia.html",
        path,
        title="India–Russia trade under US tariff pressure (2025)",
        kpis=kpis,
        world_table=table_html(
            world_tbl, money=tuple(str(c) for c in world_tbl.columns if "US$" in str(c))
        ),
        world_coverage=case.balance_rus.coverage,
        published_table=table_html(pub_tbl),
        dependence_table=table_html(
            dep,
            money=("exports_usd", "imports_usd"),
            pct=("export_share", "import_share"),
            rename={
                "export_share": "partner's share of exports",
                "import_share": "partner's share of imports",
                "exports_usd": "exports to partner (US$ bn)",
                "imports_usd": "imports from partner (US$ bn)",
            },
        ),
        dependence_notes=list(case.import_partners.notes),
        eidb_coverage=case.eidb_rus.coverage,
        groups_table=table_html(
            groups,
            money=("value_usd_rus", "value_usd_usa"),
            pct=("share_rus", "share_usa"),
            unit="mn",
            rename={
                "value_usd_rus": "to Russia (US$ mn)",
                "share_rus": "share",
                "value_usd_usa": "to the US (US$ mn)",
                "share_usa": "share ",
            },
        ),
        notes=notes,
        provenance=[case.balance_rus.provenance, case.eidb_rus.provenance],
        sections=sections,
        **extra_sections,
        **exposure_ctx,
        **extra_ctx,
        **official_ctx,
        **html_figs,
    )


def _oil_and_backtest(case: IndiaRussiaCase) -> dict[str, object]:
    """The oil trade-off (the discount kept against the duty paid) and the predictions set
    beside what happened, as the case service computed them."""
    from tradewinds.cases import india_russia as constants
    from tradewinds.reports.backtest import backtest_section
    from tradewinds.reports.oil import oil_html, oil_section_of

    out: dict[str, object] = {}
    if case.oil_tradeoff is not None and case.crude is not None and case.sanctions is not None:
        oil = oil_section_of(
            case.oil_tradeoff,
            case.crude,
            case.sanctions,
            country=constants.INDIA,
            supplier=constants.OIL_SUPPLIER,
        )
        out["oil"] = oil_html(oil)
    if case.backtest is not None:
        out["backtest"] = backtest_section(case.backtest)
    return out
