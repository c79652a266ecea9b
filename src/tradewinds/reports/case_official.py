"""The case report's first section: India's trade with the partner by fiscal year in
the official statistics, the calendar-year BACI figure beside it (never on the same
line), the deficit with and without crude oil, and the record verified."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradewinds.accounting.coverage import format_level
from tradewinds.accounting.records import highest_since_text
from tradewinds.reports.html import figure_html, table_html
from tradewinds.reports.official_figures import (
    chronological,
    deficit_figure,
    fiscal_series_figure,
)
from tradewinds.services.case import IndiaRussiaCase

_MONEY = {
    "exports_usd": "exports (US$ bn)",
    "imports_usd": "imports (US$ bn)",
    "total_usd": "total (US$ bn)",
    "balance_usd": "balance (US$ bn)",
}


def _money_or_not_covered(frame: pd.DataFrame, cols: tuple[str, ...], status: str) -> pd.DataFrame:
    f = frame.copy()
    for c in cols:
        f[c] = [format_level(v, s, digits=2) for v, s in zip(f[c], f[status], strict=True)]
    return f


def official_section(case: IndiaRussiaCase, *, first_figure: bool) -> dict[str, Any]:
    """The template context of the section (empty when the case has no official data)."""
    if case.official_rus is None:
        return {"official": None}
    off = case.official_rus
    f = chronological(off.frame)
    series = f[["period", "exports_usd", "imports_usd", "total_usd", "balance_usd",
                "growth_pct", "highest_since", "provisional"]].copy()  # fmt: skip
    series["highest_since"] = highest_since_text(f)  # a record says so, not a blank
    series["provisional"] = series["provisional"].map({True: "provisional", False: ""})
    series["growth_pct"] = [
        "" if pd.isna(v) else f"{v:+.1f}%" for v in series["growth_pct"].astype(float)
    ]
    cal = case.balance_rus.frame
    figs = [
        fiscal_series_figure(
            f,
            cal,
            title="India–Russia trade by India's fiscal year (DGCI&S), calendar 2023 (BACI) apart",
        )
    ]
    ctx: dict[str, Any] = {
        "official": {
            "series_table": table_html(
                series,
                money=("exports_usd", "imports_usd", "total_usd", "balance_usd"),
                rename={
                    **_MONEY,
                    "growth_pct": "total: change on previous year (%)",
                    "highest_since": "highest since",
                },
            ),
            "source": off.source,
            "coverage": off.coverage,
            "calendar_table": table_html(
                cal[["period", "exports_usd", "imports_usd", "total_usd", "balance_usd"]].assign(
                    period=lambda d: "calendar " + d["period"].astype(str)
                ),
                money=tuple(_MONEY),
                rename=_MONEY,
            ),
            "calendar_source": case.balance_rus.source,
            # the record is verified below; the notes say where the figures come from
            "notes": [n for n in off.notes if "is a record in this dataset" not in n],
        }
    }
    if case.deficit_rus is not None:
        d = chronological(case.deficit_rus.frame)
        tbl = _money_or_not_covered(
            d[
                [
                    "period",
                    "exports_usd",
                    "imports_usd",
                    "part_imports_usd",
                    "other_imports_usd",
                    "balance_usd",
                    "balance_without_part_usd",
                    "part_status",
                ]
            ],
            ("part_imports_usd", "other_imports_usd", "balance_without_part_usd"),
            "part_status",
        ).drop(columns="part_status")
        ctx["official"]["deficit_table"] = table_html(
            tbl,
            money=("exports_usd", "imports_usd", "balance_usd"),
            rename={
                **_MONEY,
                "part_imports_usd": "of which crude (US$ bn)",
                "other_imports_usd": "other imports (US$ bn)",
                "balance_without_part_usd": "balance without crude (US$ bn)",
            },
        )
        ctx["official"]["deficit_notes"] = list(case.deficit_rus.notes[-1:])
        figs.append(
            deficit_figure(
                d, title="India's deficit with Russia: crude oil and everything else (DGCI&S)"
            )
        )
    ctx["official"]["record"] = [
        {
            "claim": v.claim.figure or v.claim.text,
            "verdict": v.verdict,
            "statistic": v.statistic,
            "record": v.record,
            "since": "; ".join(v.since),
            "reasons": list(v.reasons),
        }
        for v in case.record
    ]
    ctx["official"]["seed"] = case.record[0].claim.text if case.record else ""
    ctx["official"]["charts"] = [
        figure_html(fig, first=first_figure and i == 0) for i, fig in enumerate(figs)
    ]
    return ctx
