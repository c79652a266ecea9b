"""Build tests/reference/data/yotov2016_ch2_*_stata.csv from the Stata results of
Yotov, Piermartini, Monteiro & Larch (2016), ch. 2 applications 1 and 2.

Input: ``../shared/data/yotov2016/Chapter2/Applications/*/Results/*_FULL_PROD.dta`` (by
exporter: OMR, factory-gate prices, exports, output) and ``*_FULL_CONS.dta`` (by
importer: IMR), all 69 countries; the two are joined on ``country``, columns kept as the
book names them, values unchanged (full precision). Run from the repository root::

    python scripts/build_reference_stata_csv.py [../shared/data/yotov2016]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "yotov2016_ch2_app1_trade_without_borders_stata.csv": (
        "1_TradeWithoutBorder",
        "1_TradeWithoutBorder_FULL",
    ),
    "yotov2016_ch2_app2_nafta_stata.csv": ("2_RTAsEffects", "2_RTAsEffects_FULL"),
}


def build(src: Path) -> None:
    for out, (folder, stem) in APPS.items():
        res = src / "Chapter2" / "Applications" / folder / "Results"
        prod = pd.read_stata(res / f"{stem}_PROD.dta")
        cons = pd.read_stata(res / f"{stem}_CONS.dta")
        frame = prod.merge(cons, on="country", how="inner", validate="one_to_one")
        if len(frame) != 69:
            raise SystemExit(f"{out}: {len(frame)} countries, expected 69")
        frame.to_csv(ROOT / "tests" / "reference" / "data" / out, index=False)
        print(f"wrote {out}: {len(frame)} rows")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "yotov2016")
