"""The dashboard end to end: each page, the scenario round trip, errors, cancel, compare.

The numbers on the page are checked against the services called in the test process."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from playwright.sync_api import expect

from tradewinds import services
from tradewinds.formatting import format_value
from tradewinds.scenarios import library_scenario, load_scenario, scenario_from_dict

pytestmark = pytest.mark.e2e
LONG = 90_000  # ms: a first GE run on a loaded 2-core machine


def pick(page: Any, select_id: str, text: str) -> None:
    """Choose in a selectize input by typing, as a user does."""
    box = page.locator(f"#{select_id}-selectized")
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")


def summary_value(page: Any, key: str) -> str:
    """The value shown for a result (rows show labels and carry their key)."""
    row = page.locator(f"#sc-results table tr[data-key='{key}']")
    return str(row.locator("td").nth(1).inner_text()).strip()


def test_relationship_page(dash: Any, store: Any) -> None:
    bal = services.balance("IND", "RUS", year=2023, store=store).frame.iloc[0]
    tables = dash.locator("#rel-tables")
    expect(tables).to_contain_text(f"{bal['exports_usd'] / 1e9:,.3f}")
    expect(tables).to_contain_text(f"{bal['balance_usd'] / 1e9:,.3f}")
    # the map: one SVG path per country with shares, drawn from the shipped shapes
    dash.wait_for_selector(".choroplethlayer path", timeout=LONG)
    assert dash.locator(".choroplethlayer path").count() > 150
    pick(dash, "rel-b", "United States")
    usa = services.balance("IND", "USA", year=2023, store=store).frame.iloc[0]
    expect(tables).to_contain_text("IND with USA", timeout=LONG)
    expect(tables).to_contain_text(f"{usa['exports_usd'] / 1e9:,.3f}")
    # a pair with no product lines: the page says so instead of failing
    # an impossible pair: the error under the inputs, then gone when fixed
    pick(dash, "rel-b", "India")
    expect(dash.locator("#rel-err_page")).to_contain_text("same country", timeout=LONG)
    pick(dash, "rel-b", "United States")
    expect(dash.locator("#rel-err_page")).to_have_text("", timeout=LONG)
    pick(dash, "rel-a", "Germany")
    expect(tables).to_contain_text("DEU with USA", timeout=LONG)
    expect(tables).to_contain_text("DEU→USA by HS chapter in india-eidb: not available")


def test_tariffs_page(dash: Any, store: Any) -> None:
    dash.get_by_role("tab", name="Tariffs").click()
    out = dash.locator("#tar-out")
    n = len(services.tariff_lines("USA", "IND", "2025-08-27").frame)
    expect(out).to_contain_text(f"in force on 2025-08-27: {n}", timeout=LONG)
    ex = services.exposure("USA", "IND", "2025-08-27", store=store).frame
    top = ex[ex["band"] == "50% and over"].iloc[0]
    expect(out).to_contain_text(f"{100 * top['share']:.1f}%")
    expect(out).to_contain_text("no end date")  # Section 232 runs on: said, not a blank
    dash.fill("#tar-on", "2025-04-10")  # the browser's own date field
    n2 = len(services.tariff_lines("USA", "IND", "2025-04-10").frame)
    assert n2 != n
    expect(out).to_contain_text(f"in force on 2025-04-10: {n2}", timeout=LONG)


def _form_scenario(overrides: dict[str, float]) -> Any:
    doc = library_scenario("us-india-2025-08").model_dump(
        mode="python", by_alias=True, exclude_none=True
    )
    doc["ge"]["rate_overrides"] = overrides
    return scenario_from_dict(doc, where="test")


def test_scenario_round_trip(dash: Any, store: Any, tmp_path: Path) -> None:
    dash.get_by_role("tab", name="Scenario").click()
    expect(dash.locator("#sc-measures")).to_contain_text("us-india-2025-08")
    dash.fill("#sc-ge_overrides", "IND=0.25")
    dash.click("#sc-run")
    results = dash.locator("#sc-results")
    expect(results).to_be_visible(timeout=LONG)
    expect(dash.locator("#sc-status")).to_contain_text("done")
    want = services.run_scenario(_form_scenario({"IND": 0.25}), store=store)
    assert results.get_attribute("data-scenario-hash") == want.scenario_hash
    for key in ("ge_ind_welfare_pct", "ge_us_welfare_pct", "ge_ind_exports_gdp_pct"):
        assert summary_value(dash, key) == want.outcome(key).text
    # labels for readers, never the internal keys; solver internals on their own line
    shown = dash.locator("#sc-results table.summary").inner_text()
    assert "ge_" not in shown and "US welfare" in shown and "India: welfare" in shown
    assert "savings share" not in shown
    expect(dash.locator("#sc-results")).to_contain_text("Solver:")
    # the map and the Sankey are drawn
    assert dash.locator("#sc-results .choroplethlayer path").count() > 150
    assert dash.locator("#sc-results .sankey").count() == 1
    # the scenario TOML round-trips: what is downloaded is what ran
    with dash.expect_download() as dl:
        dash.click("#sc-dl_toml")
    toml = tmp_path / "scenario.toml"
    dl.value.save_as(toml)
    sc = load_scenario(toml)
    assert sc.ge is not None and sc.ge.rate_overrides == {"IND": 0.25}
    assert sc.content_hash() == want.scenario_hash
    with dash.expect_download() as dl:
        dash.click("#sc-dl_countries")
    csv = tmp_path / "countries.csv"
    dl.value.save_as(csv)
    got = pd.read_csv(csv, keep_default_na=False)
    assert len(got) == 194
    ind = got.set_index("iso3").loc["IND", "welfare_pct"]
    assert ind == pytest.approx(want.tables["countries"].set_index("iso3").at["IND", "welfare_pct"])
    with dash.expect_download() as dl:
        dash.click("#sc-dl_report")
    report = tmp_path / "report.html"
    dl.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    assert "us-india-2025-08" in html and "PlotlyGeoAssets" in html
    assert not re.search(r"<script[^>]+src=\"https?:", html)  # one offline file
    # the edited run is offered in Compare under its own label, beside the original
    edited = f"us-india-2025-08 (edited {want.scenario_hash[:8]})"
    dash.get_by_role("tab", name="Compare").click()
    dash.select_option("#cmp-a", edited)
    dash.select_option("#cmp-b", "us-india-2025-08")
    dash.click("#cmp-go")
    out = dash.locator("#cmp-out")
    expect(out).to_contain_text(f"A: {edited}", timeout=LONG)
    lib = services.run_scenario("us-india-2025-08", store=store).values
    key = "ge_ind_welfare_pct"
    row = out.locator(f"tr[data-key='{key}']")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells == [
        "India: welfare",
        format_value(key, want.values[key]),
        format_value(key, lib[key]),
    ]
    assert cells[1] != cells[2]


def test_field_error_changes_nothing(dash: Any) -> None:
    dash.get_by_role("tab", name="Scenario").click()
    dash.fill("#sc-ge_epsilon", "-2")
    dash.click("#sc-run")
    expect(dash.locator("#sc-err_ge_epsilon")).to_contain_text("ge.epsilon", timeout=LONG)
    expect(dash.locator("#sc-status")).to_have_text("ready")
    assert dash.locator("#sc-results").count() == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('name = "bad"\nmodels = ["ge"]\n[ge]\nrate_overrides = { XYZ = 0.5 }\n', "XYZ"),
        ('name = "bad"\nmodels = ["ge"\n', "not valid TOML"),
        ('name = "bad"\nmodels = ["ge"]\n[ge]\nepsilon = 4\nelasticity = 3\n', "elasticity"),
    ],
    ids=["unknown-country", "syntax", "unknown-field"],
)
def test_malformed_upload_shows_the_field_and_changes_nothing(
    dash: Any, tmp_path: Path, content: str, says: str
) -> None:
    dash.get_by_role("tab", name="Scenario").click()
    before = dash.locator("#sc-measures").inner_text()
    bad = tmp_path / "mine.toml"
    bad.write_text(content)
    dash.set_input_files("#sc-upload", str(bad))
    err = dash.locator("#sc-err_upload")
    expect(err).to_contain_text("mine.toml", timeout=LONG)
    expect(err).to_contain_text(says)
    assert dash.locator("#sc-measures").inner_text() == before
    assert dash.input_value("#sc-name") == "us-india-2025-08"


def test_long_run_shows_progress_and_cancels(dash: Any) -> None:
    dash.get_by_role("tab", name="Scenario").click()
    dash.select_option("#sc-base", "liberation-day-2025-bands")
    expect(dash.locator("#sc-name")).to_have_value("liberation-day-2025-bands")
    dash.fill("#sc-mc_draws", "5000")
    dash.click("#sc-run")
    status = dash.locator("#sc-status")
    expect(status).to_contain_text(re.compile(r"running.*draws"), timeout=LONG)
    dash.click("#sc-cancel")
    expect(status).to_contain_text("cancelled", timeout=LONG)
    assert dash.locator("#sc-results").count() == 0


def test_compare_page(dash: Any, store: Any) -> None:
    dash.get_by_role("tab", name="Compare").click()
    dash.click("#cmp-go")
    out = dash.locator("#cmp-out")
    expect(out).to_be_visible(timeout=LONG)
    a = services.run_scenario("liberation-day-2025", store=store).values
    b = services.run_scenario("liberation-day-2025-reciprocal-retaliation", store=store).values
    row = out.locator("tr[data-key='ge_us_welfare_pct']")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells == [
        "US welfare",
        format_value("x_pct", a["ge_us_welfare_pct"]),
        format_value("x_pct", b["ge_us_welfare_pct"]),
    ]
    assert cells[1:] == ["+1.13%", "-0.36%"]  # Ignatenko et al. (2025), as published


def test_add_a_measure_then_run(dash: Any, store: Any) -> None:
    from datetime import date

    dash.get_by_role("tab", name="Scenario").click()
    dash.select_option("#sc-base", "us-india-2025-08-27")
    expect(dash.locator("#sc-name")).to_have_value("us-india-2025-08-27")
    dash.get_by_text("Add a measure").click()
    measures = dash.locator("#sc-measures")
    # an impossible rate: the error under the form, the scenario unchanged
    dash.fill("#sc-new_id", "bad-rate")
    dash.fill("#sc-new_products", "30")
    dash.fill("#sc-new_rate", "-1.5")
    dash.click("#sc-m_add")
    expect(dash.locator("#sc-err_new_measure")).to_contain_text("rate", timeout=LONG)
    assert "bad-rate" not in measures.inner_text()
    # a 25% duty on pharmaceuticals (HS 30), in force on the scenario date
    dash.fill("#sc-new_id", "pharma-25")
    dash.fill("#sc-new_rate", "0.25")
    dash.click("#sc-m_add")
    expect(measures).to_contain_text("pharma-25", timeout=LONG)
    expect(dash.locator("#sc-err_new_measure")).to_have_text("")
    dash.click("#sc-run")
    results = dash.locator("#sc-results")
    expect(results).to_be_visible(timeout=LONG)
    doc = library_scenario("us-india-2025-08-27").model_dump(
        mode="python", by_alias=True, exclude_none=True
    )
    doc["tariffs"]["add"] = [
        {
            "id": "pharma-25",
            "name": "pharma-25",
            "exporters": ["IND"],
            "products": ["30"],
            "rate": 0.25,
            "from": date(2025, 8, 27),
            "source": "what-if entered in the dashboard",
        }
    ]
    want = services.run_scenario(scenario_from_dict(doc, where="test"), store=store)
    assert results.get_attribute("data-scenario-hash") == want.scenario_hash
    key = "exports_change_pct"
    assert summary_value(dash, key) == want.outcome(key).text
    base = services.run_scenario("us-india-2025-08-27", store=store).values[key]
    assert want.values[key] < base  # pharma was exempt: the new duty cuts exports further


def test_a_model_the_form_does_not_show_is_kept(dash: Any) -> None:
    """The Models boxes offer PE and GE; a scenario that also runs the crude model runs
    it from the page too (the hash is the library scenario's)."""
    dash.get_by_role("tab", name="Scenario").click()
    dash.select_option("#sc-base", "india-halts-russian-oil")
    expect(dash.locator("#sc-name")).to_have_value("india-halts-russian-oil")
    dash.click("#sc-run")
    results = dash.locator("#sc-results")
    expect(results).to_be_visible(timeout=LONG)
    want = library_scenario("india-halts-russian-oil")
    assert want.models == ["pe", "crude"]
    assert results.get_attribute("data-scenario-hash") == want.content_hash()


def test_two_field_errors_show_at_once_under_their_fields(dash: Any) -> None:
    dash.get_by_role("tab", name="Scenario").click()
    dash.fill("#sc-ge_epsilon", "-2")
    dash.fill("#sc-ge_overrides", "XYZ=0.5")
    dash.click("#sc-run")
    expect(dash.locator("#sc-err_ge_epsilon")).to_contain_text("ge.epsilon", timeout=LONG)
    expect(dash.locator("#sc-err_ge_overrides")).to_contain_text("XYZ", timeout=LONG)
    # each under its own field: the country error is not under ε, nor ε's under the overrides
    assert "XYZ" not in dash.locator("#sc-err_ge_epsilon").inner_text()
    assert "epsilon" not in dash.locator("#sc-err_ge_overrides").inner_text()
    expect(dash.locator("#sc-status")).to_have_text("ready")
    # fixing one leaves the other
    dash.fill("#sc-ge_epsilon", "4")
    dash.click("#sc-run")
    expect(dash.locator("#sc-err_ge_epsilon")).to_have_text("", timeout=LONG)
    expect(dash.locator("#sc-err_ge_overrides")).to_contain_text("XYZ")


def test_a_failed_run_clears_the_results(dash: Any, tmp_path: Path) -> None:
    from tradewinds.scenarios import to_toml

    dash.get_by_role("tab", name="Scenario").click()
    dash.click("#sc-run")
    expect(dash.locator("#sc-results")).to_be_visible(timeout=LONG)
    # a scenario that validates but cannot run: made on data the store does not hold
    doc = library_scenario("us-india-2025-08").model_dump(
        mode="python", by_alias=True, exclude_none=True
    )
    doc["baseline"]["content_hash"] = "0000000000000000"
    bad = tmp_path / "stale.toml"
    bad.write_text(to_toml(scenario_from_dict(doc, where="test")))
    dash.set_input_files("#sc-upload", str(bad))
    expect(dash.locator("#sc-err_upload")).to_have_text("", timeout=LONG)
    dash.click("#sc-run")
    status = dash.locator("#sc-status")
    expect(status).to_contain_text("error", timeout=LONG)
    expect(status).to_contain_text("content_hash")
    expect(dash.locator("#sc-results")).to_have_count(0)
    expect(dash.locator("#sc-no-results")).to_contain_text("failed")


def test_tariff_line_lookup(dash: Any) -> None:
    dash.get_by_role("tab", name="Tariffs").click()
    dash.fill("#tar-lines", "03061700, 8517.13 abc")
    out = dash.locator("#tar-lookup")
    expect(out).to_contain_text("03061700", timeout=LONG)
    want = services.tariff_lines("USA", "IND", "2025-08-27", products=["03061700", "851713"])
    rates = dict(zip(want.frame["product"], want.frame["additional_rate"], strict=True))
    row = out.locator("tr", has=dash.locator("td:text-is('03061700')"))
    expect(row).to_contain_text(f"{100 * rates['03061700']:.1f}%")
    expect(row).to_contain_text("9903.01.84")  # the measure and its heading: why
    expect(out.locator("tr", has=dash.locator("td:text-is('851713')"))).to_contain_text("exempt")
    # the bad code is named under the box; the good ones are still looked up
    expect(dash.locator("#tar-err_lines")).to_contain_text("'abc'")


@pytest.mark.parametrize("width", [390])
def test_phone_width_pages_fit(dash: Any, width: int) -> None:
    dash.set_viewport_size({"width": width, "height": 900})
    for tab in ("Relationship", "Tariffs", "Oil & outcomes"):
        toggler = dash.locator(".navbar-toggler")  # a phone gets the menu behind a button
        if toggler.is_visible() and not dash.get_by_role("tab", name=tab).is_visible():
            toggler.click()
        dash.get_by_role("tab", name=tab).click()
        dash.wait_for_timeout(1500)
        wide = dash.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wide <= 1, f"{tab}: the page is {wide} px wider than a {width} px phone"


def test_oil_and_outcomes_page(dash: Any, store: Any) -> None:
    """The oil trade-off and the backtest panel show the services' numbers; an empty
    date is named under its field and computes nothing."""
    dash.get_by_role("tab", name="Oil & outcomes").click()
    dash.fill("#oil-on", "")
    dash.click("#oil-go")
    expect(dash.locator("#oil-err_on")).to_contain_text("not a date", timeout=10_000)
    expect(dash.locator("#oil-out")).to_have_count(0)
    dash.fill("#oil-on", "2025-08-27")
    dash.click("#oil-go")
    out = dash.locator("#oil-out")
    expect(out).to_be_visible(timeout=3 * LONG)
    t = services.oil_tradeoff_table("IND", "2025-08-27", store=store).frame
    kept = t.loc[t["item"] == "discount kept on Russian crude", "value_usd"].iloc[0]
    expect(out).to_contain_text(f"{kept / 1e9:,.3f}")
    a = services.backtest(store=store).frame
    observed = a["observed_usd"].iloc[0]
    expect(out).to_contain_text(f"{observed / 1e9:,.3f}")
    expect(out).to_contain_text("Predictions against what happened")
    expect(out.locator(".js-plotly-plot").first).to_be_visible()
