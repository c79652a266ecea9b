"""Where an exporter's lost sales went: the arithmetic of a Sankey of trade diversion
from a scenario's bilateral table (no model of who replaces whom)."""

from __future__ import annotations

import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.codes import countries, country_label


def trade_diversion(
    bilateral: pd.DataFrame, exporter: str | None = None, *, top: int = 8, min_share: float = 0.0
) -> pd.DataFrame:
    """Where an exporter's lost sales went, from a scenario's bilateral table.

    Markets whose purchases fall (sources) are linked to markets whose purchases rise
    (targets) in proportion to the gains; what the gains do not cover goes to "net loss",
    what exceeds the losses comes from "net new trade". Beyond the ``top`` markets on each
    side, the rest is summed as "other markets". Returns ``source, target, value_usd``:
    the arithmetic of a Sankey of diversion, no model of who replaces whom. Without
    ``exporter``, the one whose exports fall most (US$) is shown; ``attrs`` names it."""
    base_col = next(c for c in ("value_baseline_usd", "value_with_nafta_usd") if c in bilateral)
    new_col = next(c for c in ("value_new_usd", "value_without_nafta_usd") if c in bilateral)
    if exporter is None:
        foreign = bilateral[bilateral["exporter"] != bilateral["importer"]]
        by = (foreign[new_col] - foreign[base_col]).groupby(foreign["exporter"]).sum()
        if not len(by) or by.min() >= 0:
            return pd.DataFrame(columns=["source", "target", "value_usd"])
        ex = str(by.idxmin())  # a code of the data (the Yotov panel has old ones)
    else:
        ex = countries().resolve(exporter, column="exporter")
    f = bilateral[(bilateral["exporter"] == ex) & (bilateral["importer"] != ex)]
    if f.empty:
        raise DataValidationError(
            f"the scenario's bilateral table has no exports of {ex}",
            column="exporter",
            fix="pick an exporter of the scenario's countries",
        )
    d = f.groupby("importer")[[base_col, new_col]].sum()
    change = d[new_col] - d[base_col]
    small = change.abs() < min_share * d[base_col].sum()
    change = change[~small & (change != 0)]

    def side(s: pd.Series, suffix: str) -> pd.Series:
        s = s.sort_values(ascending=False)
        head = s.head(top)
        head.index = [f"{country_label(str(i))} {suffix}" for i in head.index]
        rest = float(s.iloc[top:].sum())
        if rest > 0:
            head[f"other markets {suffix}"] = rest
        return head

    loss = side(-change[change < 0], "(loses)")
    gain = side(change[change > 0], "(gains)")
    total_loss, total_gain = float(loss.sum()), float(gain.sum())
    rows: list[tuple[str, str, float]] = []
    covered = min(total_loss, total_gain)
    for src, lv in loss.items():
        for dst, gv in gain.items():
            rows.append((str(src), str(dst), lv / total_loss * covered * gv / total_gain))
        if total_loss > total_gain:
            rows.append((str(src), "net loss", lv / total_loss * (total_loss - total_gain)))
    if total_gain > total_loss:
        for dst, gv in gain.items():
            rows.append(("net new trade", str(dst), gv / total_gain * (total_gain - total_loss)))
    out = pd.DataFrame(rows, columns=["source", "target", "value_usd"])
    out = out[out["value_usd"] > 0].reset_index(drop=True)
    out.attrs.update(exporter=ex, exporter_name=country_label(ex))
    return out
