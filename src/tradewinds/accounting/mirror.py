"""Mirror comparison: i's reported exports to j against j's reported imports from i.

Exports are valued FOB and imports CIF, so j's figure normally exceeds i's by
freight and insurance (CIF/FOB ≈ 1.03–1.10); larger gaps point to timing,
classification, re-exports through third countries or unreported trade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.accounting.balance import goods_totals


def mirror_comparison(flows: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Both directions a→b and b→a, as reported by each side, per period."""
    t = goods_totals(flows)
    rows = []
    for exp, imp in ((a, b), (b, a)):
        d = t[(t["exporter"] == exp) & (t["importer"] == imp)]
        for period, g in d.groupby("period"):
            x = g.loc[g["flow_reporter"] == exp, "value_usd"].sum(min_count=1)
            m = g.loc[g["flow_reporter"] == imp, "value_usd"].sum(min_count=1)
            rows.append(
                {
                    "period": period,
                    "exporter": exp,
                    "importer": imp,
                    "reported_by_exporter_usd": x,
                    "reported_by_importer_usd": m,
                    "gap_usd": m - x,
                    "cif_fob_ratio": m / x if x and not np.isnan(x) else np.nan,
                }
            )
    return pd.DataFrame(rows).sort_values(["period", "exporter"]).reset_index(drop=True)
