"""One-sector structural gravity in general equilibrium (MODELS.md §4a).

Anderson & van Wincoop (2003); Yotov, Piermartini, Monteiro & Larch (2016), ch. 2.
X_ij = (Y_i E_j / Y)(t_ij/(Π_i P_j))^{1−σ}, an endowment economy Y_i = p_i Q_i with
expenditure E_j = φ_j Y_j (φ_j held fixed: the budget closes with the observed
imbalances in proportion). A change of trade costs is given as
``t_hat = (t'_ij/t_ij)^{1−σ}`` (from estimated coefficients, e.g. exp(−b·INTL_BRDR)
to remove borders). Three sets of effects, side by side:

* **direct** (partial): X'_ij = X_ij t̂_ij, multilateral resistances and incomes fixed;
* **conditional GE**: Y and E fixed, Π and P adjust (Π̂^{1−σ}_i = Σ_j X_ij t̂_ij /
  (Y_i P̂^{1−σ}_j), P̂^{1−σ}_j = Σ_i X_ij t̂_ij / (E_j Π̂^{1−σ}_i));
* **full endowment GE**: factory-gate prices adjust, p̂_i^σ = Σ_j π_ij t̂_ij E'_j /
  (P̂_j^{1−σ} Y_i) with π_ij = X_ij/E_j, P̂_j^{1−σ} = Σ_i π_ij t̂_ij p̂_i^{1−σ},
  E'_j = φ_j p̂_j Y_j.

Normalisation as in the book: the inward multilateral resistance of a reference
country (Germany there) is 1 in every scenario. Reported as the book does: changes in
exports (X_i = Σ_{j≠i} X_ij), factory-gate prices, IMR (P), OMR (its "OMR" = Y·Π^{1−σ},
reported in Π units), real GDP p̂/P̂, all in percent. The solver is exact-hat (the
algorithm of ge_gravity); the book's published full-GE numbers are early-stopped
iterates of a loop that re-runs PPML (MODELS §4a), so they differ from the converged
ones by up to about half a percentage point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.models.ge.core import anderson_fixed_point
from tradewinds.models.ge.tariff_deficit import check_trade_matrix

FloatArray = np.ndarray


@dataclass(frozen=True)
class PairIndex:
    """Where each row of a pair frame sits in an N × N matrix (countries sorted)."""

    countries: tuple[str, ...]
    ii: np.ndarray  # exporter position of each row
    jj: np.ndarray  # importer position of each row

    @property
    def n(self) -> int:
        return len(self.countries)

    def position(self, country: str) -> int:
        return self.countries.index(country)

    def matrix(self, values: pd.Series | np.ndarray) -> np.ndarray:
        """The N × N matrix (row exporter) of a column of the pair frame; 0 elsewhere."""
        m = np.zeros((self.n, self.n))
        m[self.ii, self.jj] = np.asarray(values, dtype=float)
        return m

    def frame(self, **matrices: np.ndarray) -> pd.DataFrame:
        """A tidy pair frame: exporter, importer and each matrix read at the pairs."""
        iso = np.asarray(self.countries)
        cols = {k: np.asarray(m)[self.ii, self.jj] for k, m in matrices.items()}
        return pd.DataFrame({"exporter": iso[self.ii], "importer": iso[self.jj], **cols})


def pair_index(frame: pd.DataFrame) -> PairIndex:
    """The pair positions of a frame with exporter and importer columns."""
    ex, im = frame["exporter"].astype(str), frame["importer"].astype(str)
    iso = tuple(sorted(set(ex)))
    idx = {c: k for k, c in enumerate(iso)}
    return PairIndex(iso, ex.map(idx).to_numpy(), im.map(idx).to_numpy())


@dataclass(frozen=True, slots=True)
class GravityGEResult:
    countries: tuple[str, ...]
    sigma: float
    exports_direct_hat: FloatArray
    exports_cdl_hat: FloatArray
    imr_cdl_hat: FloatArray  # P̂ (conditional)
    omr_cdl_hat: FloatArray  # Π̂ (conditional)
    exports_full_hat: FloatArray
    price_hat: FloatArray  # p̂ factory-gate prices
    imr_full_hat: FloatArray
    omr_full_hat: FloatArray  # (Y Π^{1−σ})^{1/(1−σ)} hat, as the book reports it
    real_gdp_hat: FloatArray
    trade_full: FloatArray  # X' (N, N)
    iterations: int
    max_residual: float

    def to_frame(self) -> pd.DataFrame:
        pct = lambda a: 100 * (a - 1)  # noqa: E731
        return pd.DataFrame(
            {
                "iso3": self.countries,
                "change_Xi_direct": pct(self.exports_direct_hat),
                "change_Xi_CDL": pct(self.exports_cdl_hat),
                "change_IMR_CDL": pct(self.imr_cdl_hat),
                "change_OMR_CDL": pct(self.omr_cdl_hat),
                "change_Xi_FULL": pct(self.exports_full_hat),
                "change_price_FULL": pct(self.price_hat),
                "change_IMR_FULL": pct(self.imr_full_hat),
                "change_OMR_FULL": pct(self.omr_full_hat),
                "change_rGDP_FULL": pct(self.real_gdp_hat),
            }
        )


def _exports(X: FloatArray) -> FloatArray:
    return X.sum(axis=1) - np.diag(X)


def solve_gravity_ge(
    X: FloatArray,
    t_hat: FloatArray,
    *,
    sigma: float,
    reference: int = 0,
    countries: tuple[str, ...] | None = None,
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> GravityGEResult:
    """Direct, conditional and full endowment GE effects of ``t_hat`` = (t'/t)^{1−σ}."""
    X = np.asarray(X, dtype=float)
    check_trade_matrix(X)
    N = X.shape[0]
    th = np.asarray(t_hat, dtype=float)
    if th.shape != (N, N) or not (th > 0).all() or not np.isfinite(th).all():
        raise ScenarioError(
            "t_hat must be an N×N matrix of positive finite changes",
            field="t_hat",
            fix="give (t'/t)^(1−σ), 1 for no change",
        )
    if not sigma > 1:
        raise ScenarioError(f"σ = {sigma} must exceed 1", field="sigma", fix="the book uses σ = 7")
    if not 0 <= reference < N:
        raise ScenarioError(f"reference country {reference} is out of range", field="reference")
    Y = X.sum(axis=1)
    E = X.sum(axis=0)
    phi = E / Y
    one_s = 1.0 - sigma
    X0 = _exports(X)
    # direct
    direct = _exports(X * th) / X0
    # conditional: Π̂^{1−σ} (a) and P̂^{1−σ} (b), alternating projections in logs
    A = X * th

    def g_cdl(lb: FloatArray) -> FloatArray:
        b = np.exp(lb)
        a = (A / b[None, :]).sum(axis=1) / Y
        b_new = (A / a[:, None]).sum(axis=0) / E
        return np.log(b_new / b_new[reference])  # P̂_ref = 1

    lb, info_c = anderson_fixed_point(
        g_cdl, np.zeros(N), tol=tol, max_iter=max_iter, what="conditional GE resistances"
    )
    b = np.exp(lb)
    a = (A / b[None, :]).sum(axis=1) / Y
    X_cdl = A / (a[:, None] * b[None, :])
    # full endowment GE: p̂ in logs
    pi = X / E[None, :]
    B = pi * th

    def state(p: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        pw = p**one_s
        Pw = pw @ B  # P̂^{1−σ}
        E_new = phi * p * Y
        return pw, Pw, E_new

    def g_full(lp: FloatArray) -> FloatArray:
        p = np.exp(lp)
        _, Pw, E_new = state(p)
        p_new = ((B @ (E_new / Pw)) / Y) ** (1.0 / sigma)
        _, Pw_new, _ = state(p_new)
        return np.log(p_new) - np.log(Pw_new[reference]) / one_s  # P̂_ref = 1

    lp, info_f = anderson_fixed_point(
        g_full, np.zeros(N), tol=tol, max_iter=max_iter, what="full endowment GE prices"
    )
    p = np.exp(lp)
    pw, Pw, E_new = state(p)
    X_full = B * pw[:, None] * (E_new / Pw)[None, :]
    P_hat = Pw ** (1.0 / one_s)
    return GravityGEResult(
        countries=countries or tuple(map(str, range(N))),
        sigma=sigma,
        exports_direct_hat=direct,
        exports_cdl_hat=_exports(X_cdl) / X0,
        imr_cdl_hat=b ** (1.0 / one_s),
        omr_cdl_hat=a ** (1.0 / one_s),
        exports_full_hat=_exports(X_full) / X0,
        price_hat=p,
        imr_full_hat=P_hat,
        omr_full_hat=p ** (sigma / one_s),
        real_gdp_hat=p / P_hat,
        trade_full=X_full,
        iterations=info_c.iterations + info_f.iterations,
        max_residual=max(info_c.max_residual, info_f.max_residual),
    )


def _two_way_ppml(
    y: FloatArray,
    offset: FloatArray,
    reference: int,
    *,
    tol: float = 1e-14,
    max_iter: int = 100_000,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """PPML of y on exporter and importer effects with an offset: the first-order
    conditions are the row and column sums of the fit, so the MLE is the iterative
    proportional fit exp(π_i) = Σ_j y_ij / Σ_j exp(χ_j) o_ij, and so on. Returns
    exp(π), exp(χ) normalised so that exp(χ_reference) = 1, and the fitted flows."""
    rows, cols = y.sum(axis=1), y.sum(axis=0)
    chi = np.ones(y.shape[1])
    for _ in range(max_iter):
        pi = rows / (offset @ chi)
        chi_new = cols / (pi @ offset)
        if np.max(np.abs(chi_new / chi - 1)) < tol:
            chi = chi_new
            break
        chi = chi_new
    pi = rows / (offset @ chi)
    scale = chi[reference]
    return pi * scale, chi / scale, pi[:, None] * offset * chi[None, :]


def book_gravity_ge(
    trade: FloatArray,
    tij_bln: FloatArray,
    tij_cfl: FloatArray,
    *,
    sigma: float,
    reference: int,
    countries: tuple[str, ...] | None = None,
    max_rounds: int = 100,
    direction: str = "forward",
) -> tuple[pd.DataFrame, int]:
    """The full-GE loop of Yotov et al. (2016, ch. 2) as the book's Stata code runs it
    (``method="book"``): re-estimate the two-way PPML on updated flows each round,
    update factory-gate prices from the exporter effects, and stop when both the
    standard deviation and the maximum of the change in price updates fall below 0.01
    (the maximum, not its absolute value, as the code tests). The published numbers are
    this loop's early-stopped iterates: use it to match the literature; use
    :func:`solve_gravity_ge` for the converged equilibrium.

    ``tij_*`` are t_ij^{1−σ} = exp(b·z) under the baseline and the counterfactual.
    ``direction="reverse"`` reports the effect of going from the counterfactual to the
    baseline with the book's formulas for ch. 2 app. 2 (NAFTA's effect = the baseline
    against a world without it): (BLN − CFL)/CFL for exports, resistances and real GDP,
    and (1 − p̂) for factory-gate prices, as its Stata code writes them."""
    y = np.asarray(trade, dtype=float)
    Y, E = y.sum(axis=1), y.sum(axis=0)
    phi = E / Y
    one_s = 1.0 - sigma
    pi_b, chi_b, hat_b = _two_way_ppml(y, tij_bln, reference)
    pi_c, chi_c, hat_c = _two_way_ppml(y, tij_cfl, reference)
    ER0 = E[reference]
    omr_bln, imr_bln = Y * ER0 / pi_b, E / (chi_b * ER0)
    # the loop's state, indexed as the Stata code: 0 = baseline, 1 = conditional
    exp_pi = {0: pi_b, 1: pi_c}
    ER = {0: ER0, 1: ER0}
    price = {0: np.zeros_like(Y), 1: (pi_c / pi_b) ** (1 / one_s)}
    price_j = {1: price[1]}  # the importer's own exporter effect: same country, same change
    omr_full = {0: Y * ER0 / pi_b, 1: Y * ER0 / pi_c}
    imr_full = {0: E / (chi_b * ER0), 1: E / (chi_c * ER0)}
    d_omr = {1: np.ones_like(Y)}
    d_imr = {1: np.ones_like(Y)}
    tradehat = {1: hat_c}
    chi = {1: chi_c}
    s = 3
    rounds = 0
    while True:
        s1, s2, s3 = s - 1, s - 2, s - 3
        trade_s = (
            tradehat[s2]
            * price[s2][:, None]
            * price_j[s2][None, :]
            / (d_omr[s2][:, None] * d_imr[s2][None, :])
        )
        pi_s, chi_s, hat_s = _two_way_ppml(trade_s, tij_cfl, reference)
        Y_s = hat_s.sum(axis=1)
        E_s = phi * Y_s
        ER[s1] = E_s[reference]
        exp_pi[s1], chi[s1], tradehat[s1] = pi_s, chi_s, hat_s
        price[s1] = ((pi_s / exp_pi[s2]) / (ER[s1] / ER[s2])) ** (1 / one_s)
        price_j[s1] = price[s1]
        omr_full[s1] = Y_s * ER[s1] / pi_s
        d_omr[s1] = omr_full[s1] / omr_full[s2]
        imr_full[s1] = E_s / (chi_s * ER[s1])
        d_imr[s1] = imr_full[s1] / imr_full[s2]
        dif = np.add.outer(price[s2] - price[s3], np.zeros_like(Y))  # one value per pair
        rounds += 1
        if (np.std(dif, ddof=1) <= 0.01 and abs(float(dif.max())) <= 0.01) or rounds >= max_rounds:
            break
        s += 1
    S = s - 1  # Stata increments s once more before the while test fails: S = s_1
    price_full = ((exp_pi[S] / exp_pi[0]) / (ER[S] / ER[0])) ** (1 / one_s)
    Y_full = price_full * Y
    E_full = phi * Y_full
    omr_f = Y_full * ER[S] / exp_pi[S]
    imr_f = phi * tradehat[S].sum(axis=1) / (chi[S] * ER[S])  # E_S / (exp_chi_S E_R_S)
    X_full = np.outer(Y_full, E_full) * tij_cfl / np.outer(omr_f, imr_f)
    off = ~np.eye(len(Y), dtype=bool)
    xi_bln = (hat_b * off).sum(axis=1)
    xi_full = (X_full * off).sum(axis=1)
    root = 1 / one_s
    rgdp_b = Y / imr_bln**root
    rgdp_f = Y_full / imr_f**root
    if direction == "reverse":
        rev = pd.DataFrame(
            {
                "iso3": countries or tuple(map(str, range(len(Y)))),
                "change_price_FULL": 100 * (1 - price_full),
                "change_OMR_FULL": 100 * (omr_bln**root - omr_f**root) / omr_f**root,
                "change_IMR_FULL": 100 * (imr_bln**root - imr_f**root) / imr_f**root,
                "change_Xi_FULL": 100 * (xi_bln - xi_full) / xi_full,
                "change_rGDP_FULL": 100 * (rgdp_b - rgdp_f) / rgdp_f,
            }
        )
        return rev, rounds
    frame = pd.DataFrame(
        {
            "iso3": countries or tuple(map(str, range(len(Y)))),
            "change_price_FULL": 100 * (price_full - 1),
            "change_OMR_FULL": 100 * (omr_f**root - omr_bln**root) / omr_bln**root,
            "change_IMR_FULL": 100 * (imr_f**root - imr_bln**root) / imr_bln**root,
            "change_Xi_FULL": 100 * (xi_full - xi_bln) / xi_bln,
            "change_rGDP_FULL": 100 * (rgdp_f - rgdp_b) / rgdp_b,
        }
    )
    return frame, rounds


def rta_counterfactual(
    trade: FloatArray,
    tij_bar: FloatArray,
    rta_base: FloatArray,
    rta_cf: FloatArray,
    beta: float,
    *,
    sigma: float,
    reference: int,
    countries: tuple[str, ...],
) -> tuple[FloatArray, GravityGEResult]:
    """An agreement's counterfactual as in Yotov et al. (2016) ch. 2 app. 2: pair costs
    with the agreement term in the baseline, t_b = t̄·exp(β·RTA_b), and without it,
    t_c = t̄·exp(β·RTA_c); the baseline refitted by two-way PPML on t_b; the converged
    exact-hat GE of moving from t_b to t_c. Returns the fitted baseline and the GE
    result (the effect of the agreement is the baseline against the world without it:
    1/ĥat of each outcome)."""
    tb = tij_bar * np.exp(beta * rta_base)
    tc = tij_bar * np.exp(beta * rta_cf)
    _, _, fitted = _two_way_ppml(trade, tb, reference)
    g = solve_gravity_ge(
        fitted,
        tc / np.where(tb > 0, tb, 1.0),
        sigma=sigma,
        reference=reference,
        countries=countries,
    )
    return fitted, g
