"""Distributions, coefficient draws, sweep and Monte Carlo errors, the scenario sections."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradewinds.errors import ScenarioError
from tradewinds.models.montecarlo import Dist, draw_coefficients, monte_carlo_world, sweep_world
from tradewinds.parallel import get_executor
from tradewinds.scenarios import scenario_from_dict


@pytest.mark.parametrize(
    ("text", "mean", "sd"),
    [("lognormal:4:1", 4.0, 1.0), ("normal:5:0.5", 5.0, 0.5), ("uniform:3:6", 4.5, 3 / 12**0.5)],
)
def test_distributions_have_the_stated_moments(text: str, mean: float, sd: float) -> None:
    x = Dist.parse(text).sample(np.random.default_rng(3), 200_000)
    assert x.mean() == pytest.approx(mean, rel=0.01)
    assert x.std() == pytest.approx(sd, rel=0.02)


@pytest.mark.parametrize(
    ("text", "msg"),
    [
        ("lognormal:4", "not a known distribution"),
        ("gamma:2:1", "not a known distribution"),
        ("lognormal:-4:1", "impossible parameters"),
        ("uniform:6:3", "impossible parameters"),
        ("normal:4:x", "cannot read"),
    ],
)
def test_bad_distributions_name_the_fix(text: str, msg: str) -> None:
    with pytest.raises(ScenarioError, match=msg) as e:
        Dist.parse(text, name="montecarlo.parameters.epsilon")
    assert e.value.field == "montecarlo.parameters.epsilon"
    assert "lognormal" in str(e.value)


def test_coefficient_draws_follow_the_ppml_covariance() -> None:
    coef = pd.Series({"ln_dist": -0.84, "rta": 0.56, "contig": 0.44})
    V = np.array([[0.0009, 0.0002, 0.0], [0.0002, 0.0025, -0.0004], [0.0, -0.0004, 0.0036]])
    vcov = pd.DataFrame(V, index=coef.index, columns=coef.index).iloc[::-1, ::-1]  # any order
    d = draw_coefficients(coef, vcov, 100_000, seed=1)
    np.testing.assert_allclose(d.mean().to_numpy(), coef.to_numpy(), atol=1e-3)
    np.testing.assert_allclose(np.cov(d.to_numpy().T), V, atol=1e-4)
    assert draw_coefficients(coef, vcov, 5, seed=1).equals(draw_coefficients(coef, vcov, 5, seed=1))


def test_impossible_runs_are_refused(world_problem) -> None:  # type: ignore[no-untyped-def]
    with get_executor("serial") as ex:
        with pytest.raises(ScenarioError, match="no parameter 'sigma'"):
            monte_carlo_world(
                world_problem, {"sigma": Dist("fixed", 4)}, n_draws=2, seed=1, executor=ex
            )
        with pytest.raises(ScenarioError, match="non-positive"):
            monte_carlo_world(
                world_problem, {"epsilon": Dist("normal", 1, 3)}, n_draws=50, seed=1, executor=ex
            )
        with pytest.raises(ScenarioError, match="ZZZ is not among"):
            sweep_world(world_problem, "rate", [0.1], country="ZZZ", executor=ex)
        with pytest.raises(ScenarioError, match="empty sweep"):
            sweep_world(world_problem, "floor", [], executor=ex)


def test_target_sweep_gives_each_target_the_rate(world_problem) -> None:  # type: ignore[no-untyped-def]
    with get_executor("serial") as ex:
        f = sweep_world(world_problem, "target", [], targets=["IND", "BRA"], rate=0.5, executor=ex)
    own = f[f["iso3"] == f["target"]].set_index("target")
    assert list(own.index) == ["IND", "BRA"]
    assert own.loc["IND", "IND->USA_tariff"] == 0.5


_GE = {"model": "ilms2025"}


@pytest.mark.parametrize(
    ("doc", "field", "msg"),
    [
        ({"sweep": {"parameter": "rate"}}, "sweep.country", "needs the exporter"),
        ({"sweep": {"parameter": "rate", "country": "XXX"}}, "sweep.country", "unknown country"),
        ({"sweep": {"country": "IND", "step": 0}}, "sweep.step", "grid"),
        ({"sweep": {"parameter": "target"}}, "sweep.targets", "needs targets"),
        ({"montecarlo": {"percentiles": [5, 120]}}, "montecarlo.percentiles", "between 0 and 100"),
        ({"montecarlo": {"parameters": {"epsilon": "lognormal:4"}}}, "montecarlo", "not a known"),
        ({"montecarlo": {"pairs": [["IND", "XYZ"]]}}, "montecarlo.pairs[0][1]", "unknown country"),
    ],
)
def test_scenario_sections_are_validated(doc: dict, field: str, msg: str) -> None:
    base = {"name": "t", "models": ["ge"], "ge": _GE}
    with pytest.raises(ScenarioError, match=msg) as e:
        scenario_from_dict({**base, **doc})
    assert field in str(e.value.field)


def test_bands_need_the_world_model() -> None:
    with pytest.raises(ScenarioError, match="need the world GE model"):
        scenario_from_dict(
            {"name": "t", "models": ["ge"], "ge": {"model": "yotov2016-borders"}, "montecarlo": {}}
        )


def test_nafta_bands_from_the_ppml_covariance(home) -> None:  # type: ignore[no-untyped-def]
    from tradewinds.services import run_scenario

    res = run_scenario("yotov-nafta-bands", draws=30, seed=5)
    b = res.tables["montecarlo_countries"]
    g = b[b["outcome"] == "change_rGDP_FULL"].set_index("iso3")
    for c in ("CAN", "MEX", "USA"):
        assert g.loc[c, "p5"] < g.loc[c, "point"] < g.loc[c, "p95"]
        # the point of the bands is the scenario's own converged result (to the
        # solver's tolerance: the two solves are separate)
        assert g.loc[c, "point"] == pytest.approx(
            res.values[f"ge_{c.lower()}_real_gdp_pct"], abs=1e-5
        )
    assert res.values["mc_failed_draws"] == 0
    assert "pair-clustered standard error" in " ".join(res.notes)
    assert res.provenance["seed"] == "5"


@pytest.mark.parametrize(
    ("ge", "params", "msg"),
    [
        ({"model": "yotov2016-nafta"}, {"epsilon": "lognormal:4:1"}, "RTA coefficient only"),
        ({"model": "ilms2025"}, {"rta": "ppml"}, "belong to the yotov2016-nafta model"),
        ({"model": "yotov2016-nafta"}, {"rta": "normal:0.5:0.1"}, "write rta = 'ppml'"),
    ],
)
def test_rta_draws_only_for_the_nafta_model(ge: dict, params: dict, msg: str) -> None:
    with pytest.raises(ScenarioError, match=msg):
        scenario_from_dict(
            {"name": "t", "models": ["ge"], "ge": ge, "montecarlo": {"parameters": params}}
        )


def test_pe_bands_from_the_dispersion_of_sigma(home) -> None:  # type: ignore[no-untyped-def]
    from tradewinds.services import run_scenario

    a = run_scenario("us-india-2025-08-27-bands", draws=40, seed=11)
    b = run_scenario("us-india-2025-08-27-bands", draws=40, seed=11)
    c = run_scenario("us-india-2025-08-27-bands", draws=40, seed=12)
    band = a.tables["montecarlo_pe"].iloc[0]
    assert band["p5"] < band["point"] < band["p95"] < 0
    assert band["point"] == pytest.approx(a.values["exports_change_pct"], abs=1e-9)
    pd.testing.assert_frame_equal(a.tables["montecarlo_pe"], b.tables["montecarlo_pe"])
    assert not a.tables["montecarlo_pe"].equals(c.tables["montecarlo_pe"])


def test_sigma_draws_keep_the_point_as_the_median_ratio() -> None:
    from tradewinds.models.elasticities import sigma_dispersion_draws

    prods = ["03061700", "30049092", "61091000", "71131900"]
    point = np.array([2.0, 3.0, 4.0, 5.0])
    for source in ("broda-weinstein", "protee"):
        S = sigma_dispersion_draws(prods, point, source=source, n=4000, seed=1)
        assert S.shape == (4000, 4) and (S >= 1.01).all()
        # the draws scatter around the point: the median ratio is near 1 (not 1
        # exactly: a pool of 5-6 estimates with an even count has its median between
        # two estimates, and the draws land on one of them)
        np.testing.assert_allclose(np.median(S / point, axis=0), 1.0, atol=0.2)
        assert (S.std(axis=0) > 0).all()
    with pytest.raises(ScenarioError, match="no dispersion"):
        sigma_dispersion_draws(prods, point, source="fixed", n=2, seed=1)


def test_sigma_draws_need_a_pe_run_with_a_sigma_source() -> None:
    with pytest.raises(ScenarioError, match="sigma draws need a PE run") as e:
        scenario_from_dict(
            {
                "name": "t",
                "models": ["ge"],
                "ge": _GE,
                "montecarlo": {"parameters": {"sigma": "dispersion"}},
            }
        )
    assert e.value.field == "scenario: montecarlo.parameters.sigma"
    with pytest.raises(ScenarioError, match="write sigma = 'dispersion'"):
        scenario_from_dict(
            {
                "name": "t",
                "models": ["ge"],
                "ge": _GE,
                "montecarlo": {"parameters": {"sigma": "lognormal:3:1"}},
            }
        )


def test_pair_index_round_trips_a_pair_frame() -> None:
    from tradewinds.models.ge.gravity_ge import pair_index

    f = pd.DataFrame(
        {
            "exporter": ["USA", "CAN", "MEX", "USA"],
            "importer": ["CAN", "USA", "USA", "MEX"],
            "v": [1.0, 2.0, 3.0, 4.0],
        }
    )
    p = pair_index(f)
    assert p.countries == ("CAN", "MEX", "USA")
    m = p.matrix(f["v"])
    assert m[p.position("USA"), p.position("CAN")] == 1.0 and m.sum() == 10.0
    back = p.frame(v=m, doubled=2 * m)
    pd.testing.assert_frame_equal(back[["exporter", "importer", "v"]], f)
    assert (back["doubled"] == 2 * f["v"]).all()
