"""Reading the shipped elasticity sources (see data/elasticities/PROVENANCE.md)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from tradewinds.io.embedded import data_path


@cache
def protee() -> pd.DataFrame:
    """CEPII ProTEE (Fontagné, Guimbard & Orefice 2022): HS6 (HS 2007) trade elasticity
    with respect to tariffs (negative), with the source's flags ``zero`` (not
    significant at 1%) and ``positive`` (wrong sign)."""
    t = pd.read_csv(data_path("elasticities", "protee_hs2007.csv.gz"), dtype={"HS6": str})
    return t.rename(columns={"HS6": "hs6", "sigma": "trade_elasticity"})


@cache
def broda_weinstein() -> pd.DataFrame:
    """Broda, Greenfield & Weinstein σ by importing country and HS 3-digit (HS 1988/92)."""
    t = pd.read_csv(
        data_path("elasticities", "broda_weinstein_sigma_hs3.csv.gz"),
        dtype={"HS0_3d": str, "HS0_2d": str},
    )
    return t.rename(columns={"iso3c": "iso3", "HS0_3d": "hs3", "HS0_2d": "hs2"})
