"""The result of a multi-sector counterfactual (MODELS.md §4f): hats, levels and tidy frames
per country, per country × sector and per pair × sector."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradewinds.models.ge.multisector_core import FloatArray, MultisectorBaseline


@dataclass(frozen=True, slots=True)
class MultisectorResult:
    """A counterfactual relative to ``baseline`` (its flows are the "before" values).

    Levels after the shock are the baseline levels times the hats; values in the units of X
    (US dollars for the ICIO data); ``*_pct`` are percent changes."""

    baseline: MultisectorBaseline
    t_new: FloatArray  # (N, N, S)
    w_hat: FloatArray  # (N,)
    E_hat: FloatArray  # (N,) expenditure
    P_hat: FloatArray  # (N,) Π_k P̂_jk^{β_jk}
    P_hat_sector: FloatArray  # (N, S) importer × sector (NaN where the importer buys none)
    welfare_hat: FloatArray  # (N,) Ê/P̂
    X_model: FloatArray  # (N, N, S) λ′_ijk β_jk E′_j/(1 + t′_ijk) at the solution
    iterations: int
    max_residual: float  # max_i |sales_i/(ŵ_i Y_i) − 1| at the solution
    tol: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    kappa_hat: FloatArray | None = None  # (N, N, S) iceberg trade-cost changes, if any

    # ---------------------------------------------------------------- levels
    @property
    def countries(self) -> tuple[str, ...]:
        return self.baseline.countries

    @property
    def sectors(self) -> tuple[str, ...]:
        return self.baseline.sectors

    @property
    def deficits(self) -> str:
        return self.baseline.deficits

    @property
    def X_before(self) -> FloatArray:
        return self.baseline.X

    @property
    def trade_hat(self) -> FloatArray:
        """X′/X by exporter, importer and sector (1 where X = 0), relative to the model's own
        evaluation of the baseline (so exactly 1 for a zero shock)."""
        b = self.baseline
        out = np.ones_like(b.X)
        np.divide(self.X_model, b.X0, out=out, where=b.X > 0)
        return out

    @property
    def X_after(self) -> FloatArray:
        """Flows after the shock: baseline flows × hats (producer prices)."""
        return self.baseline.X * self.trade_hat

    def _flows(self, X: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(exports, imports) by country and sector, off the diagonal: (N, S) each."""
        N = X.shape[0]
        dom = X[np.arange(N), np.arange(N), :]
        return X.sum(axis=1) - dom, X.sum(axis=0) - dom

    @property
    def revenue_after(self) -> FloatArray:
        return (self.X_after * self.t_new).sum(axis=(0, 2))

    @property
    def deficit_after(self) -> FloatArray:
        """Imports − exports at producer prices after the shock (= D for fixed deficits)."""
        ex, im = self._flows(self.X_after)
        return im.sum(axis=1) - ex.sum(axis=1)

    # ---------------------------------------------------------------- frames
    def countries_frame(self) -> pd.DataFrame:
        """One row per economy: welfare, wage, prices, expenditure, output, revenue,
        exports, imports and deficit before and after."""
        b = self.baseline
        ex0, im0 = self._flows(b.X)
        ex1, im1 = self._flows(self.X_after)
        ex0, im0, ex1, im1 = ex0.sum(1), im0.sum(1), ex1.sum(1), im1.sum(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return pd.DataFrame(
                {
                    "iso3": list(b.countries),
                    "welfare_pct": 100 * (self.welfare_hat - 1),
                    "wage_pct": 100 * (self.w_hat - 1),
                    "prices_pct": 100 * (self.P_hat - 1),
                    "real_wage_pct": 100 * (self.w_hat / self.P_hat - 1),
                    "expenditure_pct": 100 * (self.E_hat - 1),
                    "exports_pct": 100 * (ex1 / ex0 - 1),
                    "imports_pct": 100 * (im1 / im0 - 1),
                    "w_hat": self.w_hat,
                    "P_hat": self.P_hat,
                    "E_hat": self.E_hat,
                    "expenditure_before": b.E,
                    "expenditure_after": b.E * self.E_hat,
                    "output_before": b.Y,
                    "output_after": b.Y * self.w_hat,
                    "tariff_revenue_before": b.R,
                    "tariff_revenue_after": self.revenue_after,
                    "exports_before": ex0,
                    "exports_after": ex1,
                    "imports_before": im0,
                    "imports_after": im1,
                    "deficit_before": im0 - ex0,
                    "deficit_after": im1 - ex1,
                    "baseline": b.deficits,
                }
            )

    def to_frame(self) -> pd.DataFrame:
        return self.countries_frame()

    def country_sector_frame(self) -> pd.DataFrame:
        """One row per economy and sector: output, exports, imports, expenditure (gross of
        tariffs), the sector price index and the domestic share, before and after."""
        b = self.baseline
        N, S = b.n, len(b.sectors)
        Xa = self.X_after
        ex0, im0 = self._flows(b.X)
        ex1, im1 = self._flows(Xa)
        Esec0 = (b.X * (1 + b.t)).sum(axis=0)
        Esec1 = (Xa * (1 + self.t_new)).sum(axis=0)
        d = np.arange(N)
        with np.errstate(divide="ignore", invalid="ignore"):
            dom0 = np.where(Esec0 > 0, b.X[d, d, :] * (1 + b.t[d, d, :]) / Esec0, np.nan)
            dom1 = np.where(Esec1 > 0, Xa[d, d, :] * (1 + self.t_new[d, d, :]) / Esec1, np.nan)
        rep = np.repeat(np.array(b.countries, dtype=object), S)
        return pd.DataFrame(
            {
                "iso3": rep,
                "sector": np.tile(np.array(b.sectors, dtype=object), N),
                "output_before": b.X.sum(axis=1).ravel(),
                "output_after": Xa.sum(axis=1).ravel(),
                "exports_before": ex0.ravel(),
                "exports_after": ex1.ravel(),
                "imports_before": im0.ravel(),
                "imports_after": im1.ravel(),
                "expenditure_before": Esec0.ravel(),
                "expenditure_after": Esec1.ravel(),
                "price_hat": self.P_hat_sector.ravel(),
                "prices_pct": 100 * (self.P_hat_sector.ravel() - 1),
                "domestic_share_before": dom0.ravel(),
                "domestic_share_after": dom1.ravel(),
            }
        )

    def pair_sector_frame(self, *, nonzero: bool = True) -> pd.DataFrame:
        """One row per exporter, importer and sector (those with baseline trade, unless
        ``nonzero=False``): flows before and after at producer prices, tariffs."""
        b = self.baseline
        N, S = b.n, len(b.sectors)
        Xb = b.X.ravel()
        Xa = self.X_after.ravel()
        keep = Xb > 0 if nonzero else np.ones(Xb.size, dtype=bool)
        c = np.array(b.countries, dtype=object)
        s = np.array(b.sectors, dtype=object)
        ii, jj, kk = np.unravel_index(np.flatnonzero(keep), (N, N, S))
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = 100 * (Xa[keep] / Xb[keep] - 1)
        return pd.DataFrame(
            {
                "exporter": c[ii],
                "importer": c[jj],
                "sector": s[kk],
                "value_before": Xb[keep],
                "value_after": Xa[keep],
                "value_pct": pct,
                "tariff_before": b.t.ravel()[keep],
                "tariff_after": self.t_new.ravel()[keep],
                "trade_cost_hat": 1.0 if self.kappa_hat is None else self.kappa_hat.ravel()[keep],
            }
        )

    def summary(self) -> dict[str, object]:
        return {
            "deficits": self.baseline.label,
            "iterations": self.iterations,
            "max_residual": self.max_residual,
            "balance_iterations": self.baseline.balance_iterations,
            "balance_residual": self.baseline.balance_residual,
        }


__all__ = ["MultisectorResult"]
