"""Checking a published claim against every dataset and published figure that can
answer it, with the reasons sources differ."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.published import load_published_figures
from tradewinds.io.store import TradeStore
from tradewinds.services.bilateral import balance, dependence
from tradewinds.services.data import open_store


def check_claim(
    text: str,
    *,
    context: dict[str, Any] | None = None,
    source: str = "",
    store: TradeStore | None = None,
) -> Any:
    """Parse a claim and check it against every dataset and published figure that can
    answer it; returns a :class:`tradewinds.claims.check.Verdict`."""
    from tradewinds.claims.check import empty_evidence, judge
    from tradewinds.claims.parser import parse_claim

    claim = parse_claim(text, context=context, source=source)
    store = store or open_store()
    rows: list[dict[str, Any]] = []
    pub = load_published_figures()
    metric = {("share", "crude"): "import_share_crude"}.get(
        (claim.metric or "", claim.product_group or ""), claim.metric
    )
    same = pub[
        (pub["reporter"] == claim.reporter)
        & (pub["partner"] == claim.partner)
        & (pub["metric"] == metric)
    ]
    for r in same.to_dict("records"):
        rows.append(
            {
                "kind": "published",
                "source": r["source"],
                "period": r["period"],
                "value": float(r["value"]),
                "unit": r["unit"],
                "exact": r["period"] == claim.period,
                "tag": r["tag"],
                "note": "published figure (shown beside, never mixed in)",
            }
        )
    if claim.record and claim.metric in {"total", "exports", "imports"}:
        for r in same.to_dict("records"):
            rows.append(
                {
                    "kind": "published-series",
                    "source": r["source"],
                    "period": r["period"],
                    "value": float(r["value"]),
                    "unit": r["unit"],
                    "exact": False,
                    "tag": r["tag"],
                    "note": "published series",
                }
            )
    if claim.metric in {"total", "exports", "imports", "balance"} and claim.period:
        col = {
            "total": "total_usd",
            "exports": "exports_usd",
            "imports": "imports_usd",
            "balance": "balance_usd",
        }[claim.metric]
        fy = claim.period.startswith("FY")
        for d in store.datasets():
            if d.kind != "flows" or "flows" not in d.tables:
                continue
            try:
                a = balance(claim.reporter or "", claim.partner or "", dataset=d.id, store=store)
            except Exception:
                continue
            f = a.frame
            hit = f[f["period"] == claim.period]
            partial = "PARTIAL" in d.coverage
            if not hit.empty and pd.notna(hit[col].iloc[0]):
                rows.append(
                    {
                        "kind": "computed" if not partial else "computed-partial",
                        "source": f"{d.id} ({d.source})",
                        "period": claim.period,
                        "value": float(hit[col].iloc[0]) / 1e9,
                        "unit": "usd_bn",
                        "exact": not partial,
                        "tag": "",
                        "note": "partial coverage: a lower bound" if partial else "same period",
                    }
                )
            else:
                for r in f.dropna(subset=[col]).to_dict("records"):
                    basis = (
                        "calendar year" if not str(r["period"]).startswith("FY") else "fiscal year"
                    )
                    why = [basis if fy != (basis == "fiscal year") else "another year"]
                    if "BACI" in d.source:
                        why.append("BACI reconciles both reports into FOB values")
                    if partial:
                        why.append("partial coverage")
                    rows.append(
                        {
                            "kind": "other-period",
                            "source": d.id,
                            "period": str(r["period"]),
                            "value": float(r[col]) / 1e9,
                            "unit": "usd_bn",
                            "exact": False,
                            "tag": "",
                            "note": "; ".join(why),
                        }
                    )
    evidence = pd.DataFrame(rows) if rows else empty_evidence()
    if not evidence.empty:
        # keep the comparable rows and, of the rest, the latest period of each source
        other = evidence[evidence["kind"] == "other-period"]
        other = other.sort_values("period").groupby("source").tail(1)
        evidence = pd.concat(
            [evidence[evidence["kind"] != "other-period"], other], ignore_index=True
        )
    notes: list[str] = []
    if claim.metric == "share" and claim.product_group:
        from tradewinds.io.codes import product_group

        g = product_group(claim.product_group)
        prefix = g.prefixes[0]
        for d in store.datasets():
            if d.kind != "flows":
                continue
            try:
                dependence(
                    claim.reporter or "",
                    claim.partner or "",
                    dataset=d.id,
                    product=prefix,
                    store=store,
                )
            except DataValidationError:
                continue
            notes.append(f"{d.id} holds {claim.reporter}'s imports of HS {prefix} by partner")
        if not notes:
            notes.append(
                f"no dataset here holds {claim.reporter}'s imports of HS {prefix} by "
                "partner (product dependence needs them: ingest BACI HS6 or a "
                "Comtrade download)"
            )
    return judge(claim, evidence, tuple(notes))


def check_claims_file(path: str, *, store: TradeStore | None = None) -> list[Any]:
    """Claims from a TOML file: an optional [context] (reporter, partner, period) and
    [[claims]] with text (and source)."""
    from pathlib import Path

    from tradewinds.io.tariff_data import read_toml

    doc = read_toml(Path(path))
    ctx = doc.get("context", {})
    items = doc.get("claims")
    if not isinstance(items, list) or not items:
        raise DataValidationError(
            "no [[claims]] in the file",
            file=str(path),
            fix="add [[claims]] entries with text = '…'",
        )
    out = []
    for i, c in enumerate(items):
        if not isinstance(c, dict) or "text" not in c:
            raise DataValidationError(
                "a claim without text",
                file=str(path),
                row=i + 1,
                column="text",
                fix="give text = '…'",
            )
        out.append(
            check_claim(
                str(c["text"]),
                context={**ctx, **c.get("context", {})},
                source=str(c.get("source", "")),
                store=store,
            )
        )
    return out
