"""Frames and tariff matrices around the Caliendo & Parro (2015) model (MODELS §4d):
bilateral flows before and after, and a schedule's sector rates added to one pair."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewinds.models.ge.caliendo_parro import CPData, CPEquilibrium

FloatArray = np.ndarray


def bilateral_flows(data: CPData, base: CPEquilibrium, cf: CPEquilibrium) -> pd.DataFrame:
    """Imports of each importer from each exporter by sector at producer prices (US$),
    in the baseline and the counterfactual equilibrium (``sector`` 1–40)."""
    M_b = base.pi * base.expend[:, :, None] / (1 + base.tau)
    M_c = cf.pi * cf.expend[:, :, None] / (1 + cf.tau)
    jj, nn, ii = np.nonzero(M_b > 0)
    iso = np.asarray(data.countries)
    return pd.DataFrame(
        {
            "sector": jj + 1,
            "importer": iso[nn],
            "exporter": iso[ii],
            "value_baseline_usd": M_b[jj, nn, ii],
            "value_new_usd": M_c[jj, nn, ii],
        }
    )


def add_pair_rates(data: CPData, importer: str, exporter: str, rates: FloatArray) -> FloatArray:
    """The data's tariffs with ``rates`` (one per tradable sector) added to the
    importer's tariff on the exporter."""
    imp, exp = data.countries.index(importer), data.countries.index(exporter)
    tau_new = data.tau.copy()
    tau_new[: data.tradable, imp, exp] = data.tau[: data.tradable, imp, exp] + rates
    return tau_new
