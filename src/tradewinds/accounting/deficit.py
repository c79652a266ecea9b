"""A bilateral balance decomposed: imports of one product (crude oil, say) and the
rest, so that "the deficit is oil" can be read off the data.

balance = exports − imports = exports − part − (imports − part); the balance without
the part is exports − (imports − part). Periods where the part's data are missing are
kept with the part "not covered" (NaN), never 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.accounting.coverage import COVERED, NOT_COVERED
from tradewinds.errors import DataValidationError


def decompose_balance(
    balance: pd.DataFrame, part: pd.DataFrame, *, value: str = "value_usd"
) -> pd.DataFrame:
    """``balance`` (period, exports_usd, imports_usd, balance_usd; from
    :func:`~tradewinds.accounting.balance.bilateral_balance`) with the imports of one
    product from the same partner (``part``: period, ``value``) split out.

    Columns: period, exports_usd, imports_usd, part_imports_usd, other_imports_usd,
    balance_usd, balance_without_part_usd, part_share_of_imports, part_status
    ("covered" or "not covered"). Raises when the part exceeds the imports of a period
    (the two sources would not describe the same trade)."""
    need = {"period", "exports_usd", "imports_usd", "balance_usd"}
    if not need <= set(balance.columns):
        raise DataValidationError(
            f"the balance lacks {sorted(need - set(balance.columns))}",
            fix="pass the frame of bilateral_balance",
        )
    p = pd.DataFrame(part.groupby("period", as_index=False)[value].sum())
    p = p.rename(columns={value: "part_imports_usd"})
    out = balance[["period", "exports_usd", "imports_usd", "balance_usd"]].merge(
        p, on="period", how="left"
    )
    covered = out["part_imports_usd"].notna()
    over = covered & (out["part_imports_usd"] > out["imports_usd"] * (1 + 1e-9))
    if over.any():
        r = out[over].iloc[0]
        raise DataValidationError(
            f"{r['period']}: imports of the part ({r['part_imports_usd'] / 1e9:,.2f} bn) exceed "
            f"all imports from the partner ({r['imports_usd'] / 1e9:,.2f} bn)",
            column=value,
            fix="check that both frames are the same reporter, partner and basis",
        )
    out["other_imports_usd"] = out["imports_usd"] - out["part_imports_usd"]
    out["balance_without_part_usd"] = out["exports_usd"] - out["other_imports_usd"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["part_share_of_imports"] = np.where(
            out["imports_usd"] > 0, out["part_imports_usd"] / out["imports_usd"], np.nan
        )
    out["part_status"] = np.where(covered, COVERED, NOT_COVERED)
    return out.sort_values("period").reset_index(drop=True)
