"""Elasticities for the PE model, from the shipped sources with documented fallbacks.

σ (substitution between sources) of a product:

* ``"protee"`` (default): σ = 1 − ε_trade, ε_trade the CEPII ProTEE HS6 trade
  elasticity (Fontagné, Guimbard & Orefice 2022), used only where the source marks it
  significant and negative; else the median σ of the product's HS chapter; else the
  median of all usable rows. HS 2022 codes map to ProTEE's HS 2007 through the UN
  correlation table (first HS 2007 code of a 1:n split).
* ``"broda-weinstein"``: the importer's σ for the HS 3-digit group (Broda, Greenfield &
  Weinstein), trimmed to [1.01, 20]; chapter, then importer medians as fallbacks.
* a number: that σ for every product.

User overrides (``{"30": 3.0, "030617": 2.5}``: the longest matching prefix wins)
apply last. Every σ comes with its source label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, ScenarioError
from tradewinds.io.codes import hs_correlations
from tradewinds.io.elasticity_data import broda_weinstein, protee


@cache
def _protee_sigma() -> tuple[dict[Any, float], dict[Any, float], float]:
    t = protee()
    ok = (t["zero"] == 0) & (t["positive"] == 0) & t["trade_elasticity"].notna()
    u = t[ok].assign(sigma=1.0 - t.loc[ok, "trade_elasticity"])
    by6 = dict(zip(u["hs6"], u["sigma"], strict=True))
    by2 = u.assign(ch=u["hs6"].str[:2]).groupby("ch")["sigma"].median().to_dict()
    return by6, by2, float(u["sigma"].median())


@cache
def _hs2022_to_2007() -> dict[Any, Any]:
    c = hs_correlations("HS2007")
    return c.drop_duplicates("hs2022").set_index("hs2022")["code"].to_dict()


def sigma_for(
    products: Sequence[str],
    *,
    source: str | float = "protee",
    importer: str = "USA",
    overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """σ and its source label for each product code (HS 6 digits or longer)."""
    prods = [str(p) for p in products]
    sig = np.full(len(prods), np.nan)
    label = np.empty(len(prods), dtype=object)
    if isinstance(source, int | float):
        if not source > 0:
            raise ScenarioError(
                f"sigma {source} must be positive", field="pe.sigma", fix="use e.g. 1.5"
            )
        sig[:] = float(source)
        label[:] = "fixed"
    elif source == "protee":
        by6, by2, med = _protee_sigma()
        conv = _hs2022_to_2007()
        for i, p in enumerate(prods):
            h6 = conv.get(p[:6], p[:6])
            if h6 in by6:
                sig[i], label[i] = by6[h6], "ProTEE HS6"
            elif p[:2] in by2:
                sig[i], label[i] = by2[p[:2]], "ProTEE chapter median"
            else:
                sig[i], label[i] = med, "ProTEE overall median"
    elif source == "broda-weinstein":
        bw = broda_weinstein()
        own = bw[bw["iso3"] == importer]
        if own.empty:
            raise DataValidationError(
                f"Broda–Weinstein has no estimates for importer {importer}",
                column="sigma_source",
                fix="use sigma_source = 'protee' (it has all)",
            )
        s3 = own.assign(s=own["sigma"].clip(1.01, 20)).set_index("hs3")["s"].to_dict()
        s2 = own.assign(s=own["sigma"].clip(1.01, 20)).groupby("hs2")["s"].median().to_dict()
        med = float(own["sigma"].clip(1.01, 20).median())
        for i, p in enumerate(prods):
            if p[:3] in s3:
                sig[i], label[i] = s3[p[:3]], f"Broda-Weinstein {importer} HS3"
            elif p[:2] in s2:
                sig[i], label[i] = s2[p[:2]], f"Broda-Weinstein {importer} chapter median"
            else:
                sig[i], label[i] = med, f"Broda-Weinstein {importer} median"
    else:
        raise ScenarioError(
            f"sigma source {source!r} is not protee, broda-weinstein or a number",
            field="pe.sigma_source",
            fix="use 'protee'",
        )
    for key, val in sorted((overrides or {}).items(), key=lambda kv: len(kv[0])):
        if not val > 0:
            raise ScenarioError(
                f"override sigma {val} for {key} must be positive",
                field=f"pe.sigma_overrides.{key}",
                fix="use a value > 0",
            )
        hit = np.array([p.startswith(key) for p in prods], dtype=bool)
        sig[hit] = val
        label[hit] = f"user override ({key})"
    return pd.DataFrame({"product": prods, "sigma": sig, "sigma_source": label})


def sigma_dispersion_draws(
    products: Sequence[str],
    point: Sequence[float] | np.ndarray,
    *,
    source: str,
    importer: str = "USA",
    n: int,
    seed: int,
) -> np.ndarray:
    """n draws (rows) of σ for each product (columns), spread as the source's own
    estimates are spread. No standard errors ship with either source, so the spread
    is that of comparable estimates around their median, applied to the point σ:

    * ``"broda-weinstein"``: the estimates of all importers for the product's HS
      3-digit group (chapter if fewer than 5), trimmed to [1.01, 20];
    * ``"protee"``: the HS6 estimates of the product's HS4 heading (chapter if fewer
      than 5).

    One draw per group and draw (products of a group move together). σ stays ≥ 1.01."""
    prods = [str(p) for p in products]
    pt = np.asarray(point, dtype=float)
    if source == "broda-weinstein":
        bw = broda_weinstein().assign(s=lambda f: f["sigma"].clip(1.01, 20))
        fine = {k: g.to_numpy() for k, g in bw.groupby("hs3")["s"]}
        coarse = {k: g.to_numpy() for k, g in bw.groupby("hs2")["s"]}
        keys = [(p[:3], p[:2]) for p in prods]
    elif source == "protee":
        by6, _, _ = _protee_sigma()
        s6 = pd.Series(by6)
        fine = {k: g.to_numpy() for k, g in s6.groupby(s6.index.str[:4])}
        coarse = {k: g.to_numpy() for k, g in s6.groupby(s6.index.str[:2])}
        conv = _hs2022_to_2007()
        keys = []
        for p in prods:
            h6 = str(conv.get(p[:6], p[:6]))
            keys.append((h6[:4], h6[:2]))
    else:
        raise ScenarioError(
            f"no dispersion for sigma source {source!r}",
            field="pe.sigma_source",
            fix="draw σ with sigma_source = 'protee' or 'broda-weinstein'",
        )
    everything = np.concatenate(list(coarse.values()))
    pools: dict[str, np.ndarray] = {}
    group_of = []
    for f_key, c_key in keys:
        if len(fine.get(f_key, ())) >= 5:
            g = "f" + f_key
            pools.setdefault(g, fine[f_key])
        elif len(coarse.get(c_key, ())) >= 5:
            g = "c" + c_key
            pools.setdefault(g, coarse[c_key])
        else:
            g = "all"
            pools.setdefault(g, everything)
        group_of.append(g)
    names = sorted(pools)
    rng = np.random.default_rng(seed)
    ratio = np.empty((n, len(names)))
    for k, g in enumerate(names):
        pool = pools[g]
        ratio[:, k] = pool[rng.integers(len(pool), size=n)] / np.median(pool)
    col = np.array([names.index(g) for g in group_of], dtype=int)
    return np.maximum(pt[None, :] * ratio[:, col], 1.01)
