"""Structural gravity estimated by PPML with high-dimensional fixed effects (MODELS.md §3).

X_ij,t = exp(π_i,t + χ_j,t + μ_ij + β·Z_ij,t)·η, estimated with pyfixest ``fepois``
(Santos Silva & Tenreyro 2006; the fixed-effects estimator of Bergé 2018 /
pyfixest). :func:`gravity_design` builds the regression frame from a panel
(years, domestic flows allowed, logs, tariffs as ln(1+t), border and RTA dummies,
lags, exporter-year / importer-year / pair effects with domestic pairs pooled);
:func:`estimate_ppml` fits it, checks convergence (pyfixest only flags a hit
iteration limit: we raise ConvergenceError) and returns tidy frames with the
separation it dropped, robust or clustered standard errors and the fixed effects.

Note (MODELS §3): pyfixest's HC1 robust SEs count the absorbed fixed effects
(Stata's ``ppml`` does not), so robust SEs differ by √(N/(N−K)); clustered SEs match
Stata's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tradewinds.errors import ConvergenceError, DataValidationError, MissingDependencyError

FE_CHOICES = ("exporter-year", "importer-year", "exporter", "importer", "pair")


@dataclass(frozen=True)
class PPMLResult:
    coefficients: pd.DataFrame  # term, estimate, std_error, t_value, p_value, ci_low, ci_high
    nobs: int
    dropped: int  # observations dropped (separation, singletons, missing)
    converged: bool
    iterations: int | None
    formula: str
    vcov: str
    fixed_effects: dict[str, pd.Series] = field(default_factory=dict)
    deviance: float | None = None
    notes: tuple[str, ...] = ()
    fitted: pd.Series | None = None  # fitted flows (response scale), on the design's index

    def coef(self, term: str) -> float:
        row = self.coefficients.loc[self.coefficients["term"] == term, "estimate"]
        if row.empty:
            raise KeyError(term)
        return float(row.iloc[0])

    def to_frame(self) -> pd.DataFrame:
        f = self.coefficients.copy()
        f["nobs"] = self.nobs
        f["vcov"] = self.vcov
        return f


def gravity_design(
    panel: pd.DataFrame,
    *,
    y: str = "trade",
    years: Sequence[int] | None = None,
    domestic: bool = False,
    logs: Sequence[str] = ("DIST",),
    tariffs: Sequence[str] = (),
    border: bool = False,
    lags: dict[str, Sequence[int]] | None = None,
    pool_domestic_pairs: bool = True,
    symmetric_pairs: bool = True,
) -> pd.DataFrame:
    """The regression frame: ``ln_X`` for each X in ``logs``, ``ln1p_T`` for tariffs,
    ``INTL_BRDR`` (1 for international pairs), lagged variables ``X_lagK``, and the
    fixed-effect ids ``exp_year``, ``imp_year``, ``pair`` (domestic pairs share one
    pair effect when ``pool_domestic_pairs``)."""
    need = ["exporter", "importer", "year", y, *logs, *tariffs]
    missing = [c for c in need if c not in panel]
    if missing:
        raise DataValidationError(
            f"the panel has no column {missing[0]!r}",
            column=missing[0],
            fix=f"the panel's columns are {', '.join(panel.columns)}",
        )
    df = panel.copy()
    df["year"] = df["year"].astype(int)
    if lags:
        df = df.sort_values(["exporter", "importer", "year"])
        for var, ks in lags.items():
            for k in ks:
                shifted = df[["exporter", "importer", "year", var]].assign(year=df["year"] + k)
                df = df.merge(
                    shifted.rename(columns={var: f"{var}_lag{k}"}),
                    on=["exporter", "importer", "year"],
                    how="left",
                )
    if years is not None:
        df = df[df["year"].isin(list(years))]
    if not domestic:
        df = df[df["exporter"] != df["importer"]]
    for v in logs:
        if (df[v] <= 0).any():
            raise DataValidationError(
                f"{v} has values ≤ 0 and cannot be logged",
                column=v,
                fix="drop those rows or use the variable in levels",
            )
        df[f"ln_{v}"] = np.log(df[v].astype(float))
    for v in tariffs:
        if (df[v] <= -1).any():
            raise DataValidationError(
                f"{v} has tariffs at or below -100%", column=v, fix="tariffs are fractions above -1"
            )
        df[f"ln1p_{v}"] = np.log1p(df[v].astype(float))
    if border:
        df["INTL_BRDR"] = (df["exporter"] != df["importer"]).astype(int)
    yr = df["year"].astype(str)
    df["exp_year"] = df["exporter"].astype(str) + "_" + yr
    df["imp_year"] = df["importer"].astype(str) + "_" + yr
    e, i = df["exporter"].astype(str), df["importer"].astype(str)
    pair: pd.Series = (
        pd.Series(np.where(e < i, e + "_" + i, i + "_" + e), index=df.index)
        if symmetric_pairs
        else e + "_" + i
    )
    if pool_domestic_pairs:
        pair = pd.Series(np.where(e != i, pair, "DOMESTIC"), index=df.index)
    df["pair"] = pair
    return df.reset_index(drop=True)


_FE_COLUMN = {
    "exporter-year": "exp_year",
    "importer-year": "imp_year",
    "exporter": "exporter",
    "importer": "importer",
    "pair": "pair",
}


def estimate_ppml(
    df: pd.DataFrame,
    *,
    y: str = "trade",
    x: Sequence[str],
    fe: Sequence[str] = ("exporter-year", "importer-year"),
    vcov: str | dict[str, str] = "hetero",
    maxiter: int = 100,
    tol: float = 1e-10,
) -> PPMLResult:
    """PPML with fixed effects on a design frame (see :func:`gravity_design`)."""
    try:
        import pyfixest as pf
    except ImportError:  # pragma: no cover - a core dependency, kept for clarity
        raise MissingDependencyError("pyfixest", "", "PPML estimation") from None
    for f in fe:
        if f not in _FE_COLUMN:
            raise DataValidationError(
                f"fixed effect {f!r} is not one of {', '.join(FE_CHOICES)}",
                column="fe",
                fix="e.g. exporter-year,importer-year,pair",
            )
    missing = [c for c in [y, *x] if c not in df]
    if missing:
        raise DataValidationError(
            f"no column {missing[0]!r} in the design",
            column=missing[0],
            fix="check the variable names",
        )
    if (df[y] < 0).any():
        raise DataValidationError(
            f"{y} has negative values", column=y, fix="PPML needs non-negative trade values"
        )
    fe_cols = " + ".join(_FE_COLUMN[f] for f in fe)
    formula = f"{y} ~ {' + '.join(x)}" + (f" | {fe_cols}" if fe else "")
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # a tight demeaning tolerance: the default (1e-6) leaves results that depend on the
        # order of the fixed effects (PYTHONHASHSEED) at the 1e-6 pp level of a GE built on them
        fit = pf.fepois(
            formula, data=df, vcov=vcov, iwls_maxiter=maxiter, iwls_tol=tol, fixef_tol=1e-12
        )
    notes = tuple(dict.fromkeys(str(w.message) for w in caught if "separation" in str(w.message)))
    converged = bool(getattr(fit, "convergence", True))
    if not converged:
        raise ConvergenceError(
            f"PPML ({formula}) hit its iteration limit", residual=float("nan"), iterations=maxiter
        )
    tidy = fit.tidy().reset_index()
    tidy.columns = ["term", "estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high"]
    fes: dict[str, pd.Series] = {}
    try:
        raw: Any = fit.fixef(atol=1e-12, btol=1e-12)
        for k, v in raw.items():
            fes[str(k)] = pd.Series(v)
    except Exception:
        pass
    nobs = int(fit._N)
    fitted = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pred = np.asarray(fit.predict(type="response"), dtype=float)
        if len(pred) == len(df):
            fitted = pd.Series(pred, index=df.index, name="fitted")
    except Exception:  # prediction is optional (e.g. after dropped observations)
        pass
    return PPMLResult(
        tidy,
        nobs,
        int(len(df) - nobs),
        converged,
        getattr(fit, "_iter", None),
        formula,
        str(vcov),
        fes,
        getattr(fit, "deviance", None),
        notes,
        fitted,
    )


def rta_trade_costs(
    panel: pd.DataFrame, *, year: int, rta: str = "RTA", years: Sequence[int] | None = None
) -> tuple[pd.DataFrame, float]:
    """Bilateral trade costs t_ij^{1−σ} from pair fixed effects, the two-stage
    procedure of Anderson & Yotov (2016) as Yotov et al. (2016, ch. 2 app. 2) run it.

    Stage 1: PPML of trade on exporter-year, importer-year and symmetric pair effects
    (domestic pairs pooled, their effect the normalisation) and ``rta``. Stage 2: for
    ``year``, the pair effects of pairs that never trade are predicted from a PPML of
    exp(pair effect) on exporter and importer effects, ln DIST, CNTG, LANG and CLNY
    (international pairs). Returns (frame with exporter, importer, trade, ``rta``,
    tij_bar = exp(pair effect), for ``year``; the RTA coefficient)."""
    import warnings

    import pyfixest as pf

    d = gravity_design(panel, years=years, domestic=True, logs=["DIST"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # tight tolerances: the pair effects feed a GE model, and pyfixest's default
        # demeaning tolerance (1e-6) moves the results at the 1e-4 pp level
        fit = pf.fepois(
            f"trade ~ {rta} | exp_year + imp_year + pair",
            data=d,
            vcov={"CRV1": "pair"},  # clustered by pair, as the book's Stata code
            fixef_tol=1e-12,
            iwls_tol=1e-12,
        )
        beta = float(fit.coef()[rta])
        beta_se = float(fit.se()[rta])
        fe: Any = fit.fixef(atol=1e-12, btol=1e-12)  # lsqr defaults (1e-6) leave noise
    key = next(k for k in fe if "pair" in k)
    pair_fe = pd.Series(fe[key], dtype=float)
    # pyfixest leaves the base level of the pair effects out of fixef(): it is 0
    in_sample = set(d.loc[d.groupby("pair")["trade"].transform("sum") > 0, "pair"])
    for p in in_sample - set(pair_fe.index):
        pair_fe[p] = 0.0
    gamma = pair_fe - pair_fe["DOMESTIC"]
    one = d[d["year"] == year].copy()
    one["gamma"] = one["pair"].map(gamma)
    stage2 = one[(one["exporter"] != one["importer"]) & one["gamma"].notna()].assign(
        tij=lambda f: np.exp(f["gamma"])
    )
    missing = one["gamma"].isna()
    one["tij_bar"] = np.exp(one["gamma"])
    if missing.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit2 = pf.fepois(
                "tij ~ ln_DIST + CNTG + LANG + CLNY | exporter + importer",
                data=stage2,
                fixef_tol=1e-12,
                iwls_tol=1e-12,
            )
            pred = fit2.predict(newdata=one[missing], type="response")
        one.loc[missing, "tij_bar"] = np.asarray(pred, dtype=float)
    one.loc[one["exporter"] == one["importer"], "tij_bar"] = 1.0
    out = one[["exporter", "importer", "trade", rta, "tij_bar"]].reset_index(drop=True)
    out.attrs["beta_se"] = beta_se  # the coefficient's standard error (for bands)
    return out, beta
