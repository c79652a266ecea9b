"""The multi-sector elasticity bands give the same numbers whatever runs them: in this
process, a process pool, or a two-worker Dask LocalCluster."""

from __future__ import annotations

import numpy as np
import pytest

from tradewinds.models.ge.multisector_bands import Shock, elasticity_draws, elasticity_set_band
from tradewinds.parallel import get_executor

pytestmark = pytest.mark.distributed


def world() -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(3)
    n, s = 7, 4
    X = rng.uniform(1, 100, (n, n, s))
    X[np.arange(n), np.arange(n), :] *= 20
    t = rng.uniform(0, 0.2, (n, n, s))
    t[np.arange(n), np.arange(n), :] = 0
    tn = t.copy()
    tn[1:, 0, :] += 0.5
    sets = {name: rng.uniform(1.5, 12, s) for name in ("A", "B", "C")}
    return X, t, tn, sets  # type: ignore[return-value]


@pytest.mark.parametrize("deficits", ["fixed", "balanced"])
def test_same_seed_same_bands_serial_processes_dask(deficits: str) -> None:
    X, t, tn, sets = world()

    def run(kind: str):  # type: ignore[no-untyped-def]
        with get_executor(kind, workers=2) as ex:
            draws = elasticity_draws(
                X, t, tn, epsilon=sets["A"], draws=12, spread="sets", elasticity_sets=sets,
                seed=11, deficits=deficits, executor=ex, workers=2, batch_size=3,
            )  # type: ignore[arg-type]  # fmt: skip
            band = elasticity_set_band(
                X, t, tn, elasticity_sets=sets, point="B", deficits=deficits, executor=ex
            )  # type: ignore[arg-type]
        return draws, band

    d0, b0 = run("serial")
    for kind in ("processes", "dask"):
        d1, b1 = run(kind)
        np.testing.assert_array_equal(d1.values, d0.values)  # bit for bit
        np.testing.assert_array_equal(b1.values, b0.values)
    assert d0.max_residual < 1e-10 and b0.max_residual < 1e-10


@pytest.mark.parametrize("deficits", ["fixed", "balanced"])
def test_bands_with_barred_trade_and_a_chained_baseline_on_every_executor(deficits: str) -> None:
    """A ban (κ̂ recomputed per set) measured from an intermediate date's equilibrium:
    bit-identical serial, on a process pool and on Dask."""
    X, t, tn, sets = world()
    barred = np.zeros_like(X)
    barred[2, 0, 1] = 1.0
    shock = Shock(barred=barred, t_mid=(t + tn) / 2)

    def run(kind: str):  # type: ignore[no-untyped-def]
        with get_executor(kind, workers=2) as ex:
            return elasticity_set_band(
                X, t, tn, elasticity_sets=sets, point="A", deficits=deficits, executor=ex,
                shock=shock,
            )  # type: ignore[arg-type]  # fmt: skip

    b0 = run("serial")
    assert b0.max_residual < 1e-10
    for kind in ("processes", "dask"):
        np.testing.assert_array_equal(run(kind).values, b0.values)
