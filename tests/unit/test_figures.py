"""Figures and the diversion arithmetic behind the Sankey."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewinds.accounting.diversion import trade_diversion
from tradewinds.errors import DataValidationError
from tradewinds.reports.figures import map_figure, sankey_figure, world_shapes


def test_shapes_cover_every_country_of_the_world_matrix() -> None:
    from tradewinds.io.codes import countries

    t = countries().table
    need = set(t.loc[t["in_world2023"] == "1", "iso3"])
    have = {f["id"] for f in world_shapes()["features"]}
    assert need <= have
    # no ring jumps across the antimeridian (drawn as a line across the world otherwise)
    for f in world_shapes()["features"]:
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                assert all(abs(a[0] - b[0]) <= 180 for a, b in itertools.pairwise(ring))


def test_map_draws_values_and_greys_the_rest() -> None:
    f = pd.DataFrame({"iso3": ["IND", "USA", "RUS"], "name": ["India", "US", "Russia"],
                      "welfare_pct": [-0.3, 0.1, -0.07]})  # fmt: skip
    fig = map_figure(f, value="welfare_pct", title="t")
    grey, data = fig.data
    assert list(data.locations) == ["IND", "USA", "RUS"]
    assert {x["id"] for x in data.geojson["features"]} == {"IND", "USA", "RUS"}
    assert "IND" not in set(grey.locations) and len(grey.locations) > 200
    assert data.zmid == 0 and data.zmax == -data.zmin
    assert fig.layout.geo.visible is False  # no base map: nothing to fetch


def _bilateral(changes: dict[str, tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"exporter": "IND", "importer": k, "value_baseline_usd": a, "value_new_usd": b}
         for k, (a, b) in changes.items()]
        + [{"exporter": "CHN", "importer": "USA", "value_baseline_usd": 5.0,
            "value_new_usd": 5.0}]
    )  # fmt: skip


def test_diversion_links_losses_to_gains_and_the_net_loss() -> None:
    b = _bilateral({"USA": (100.0, 40.0), "ARE": (10.0, 25.0), "NLD": (10.0, 15.0)})
    d = trade_diversion(b, "IND")
    assert d.attrs["exporter"] == "IND"
    by_target = d.groupby("target")["value_usd"].sum()
    assert by_target["United Arab Emirates (gains)"] == pytest.approx(15.0)
    assert by_target["Netherlands (gains)"] == pytest.approx(5.0)
    assert by_target["net loss"] == pytest.approx(40.0)
    assert d["value_usd"].sum() == pytest.approx(60.0)  # all that the US market lost
    fig = sankey_figure(d, title="t")
    assert len(fig.data[0].node.label) == 4
    # without an exporter: the one whose exports fall most
    assert trade_diversion(b).attrs["exporter"] == "IND"
    with pytest.raises(DataValidationError, match="no exports of BRA"):
        trade_diversion(b, "BRA")


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["USA", "ARE", "NLD", "CHN", "GBR", "DEU", "SGP", "BGD", "ITA", "JPN"]),
        st.tuples(st.floats(1, 1e3), st.floats(0, 2e3)),
        min_size=1,
    )
)
def test_diversion_conserves_losses_and_gains(changes: dict[str, tuple[float, float]]) -> None:
    b = _bilateral(changes)
    d = trade_diversion(b, "IND", top=3)
    delta = pd.Series({k: n - o for k, (o, n) in changes.items()})
    loss, gain = float(-delta[delta < 0].sum()), float(delta[delta > 0].sum())
    out = d[d["source"] != "net new trade"]["value_usd"].sum()
    into = d[d["target"] != "net loss"]["value_usd"].sum()
    assert out == pytest.approx(loss, rel=1e-9, abs=1e-9)
    assert into == pytest.approx(gain, rel=1e-9, abs=1e-9)
    assert (d["value_usd"] > 0).all()


def test_labels_wrap_at_words_and_abbreviate_by_rule() -> None:
    from tradewinds.reports.figures import wrap_label

    out = wrap_label("84 Machinery and mechanical appliances, boilers, nuclear reactors", 24, 2)
    lines = out.split("<br>")
    assert len(lines) == 2 and all(len(x) <= 24 for x in lines)
    assert lines[-1].endswith("…") and " boi" not in out  # never cut mid-word
    assert wrap_label("Pharmaceutical products", 24, 2) == "Pharmaceutical products"


def test_balance_chart_is_in_time_order_one_line_per_dataset_with_gaps() -> None:
    from tradewinds.reports.figures import balance_figure

    f = pd.DataFrame(
        {
            "period": ["2023 (BACI)", "FY2021-22 (published)", "FY2023-24 (published)",
                       "FY2024-25 (published)"],
            "exports_usd": [4.05e9, 3.26e9, 4.26e9, 4.9e9],
            "imports_usd": [66.1e9, 9.86e9, 61.4e9, 63.8e9],
            "balance_usd": [-62.1e9, -6.6e9, -57.2e9, -58.9e9],
        }
    )  # fmt: skip
    fig = balance_figure(f, title="t")
    axis = list(fig.layout.xaxis.categoryarray)
    assert axis == ["FY2021-22", "FY2022-23", "2023", "FY2023-24", "FY2024-25"]
    lines = [t for t in fig.data if t.type == "scatter"]
    assert [t.name for t in lines] == ["balance (BACI)", "balance (published)"]
    published = dict(zip(lines[1].x, lines[1].y, strict=True))
    assert published["FY2022-23"] is None or published["FY2022-23"] != published["FY2022-23"]
    assert lines[1].connectgaps is False
    bars = [t for t in fig.data if t.type == "bar"]
    assert all(len(t.text) == len(t.y) and all(t.text) for t in bars)  # a value on each bar


def test_sankey_nodes_carry_their_values() -> None:
    d = pd.DataFrame(
        {"source": ["US (loses)", "US (loses)"], "target": ["UAE (gains)", "net loss"],
         "value_usd": [1.7e9, 53.9e9]}
    )  # fmt: skip
    labels = list(sankey_figure(d, title="t").data[0].node.label)
    assert labels == ["US (loses): 55.6 bn", "UAE (gains): 1.7 bn", "net loss: 53.9 bn"]
