"""One presentation layer: every summary key has a label, a unit and a role; numbers read
the same in every view."""

from __future__ import annotations

import pytest

from tradewinds.formatting import column_label, format_cell, format_number
from tradewinds.scenarios.labels import KEYS, describe
from tradewinds.scenarios.result import Outcome, SummaryTable


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (-46.2e9, "usd", "-US$ 46.2 bn"),
        (4.054e9, "usd", "US$ 4.05 bn"),
        (384.2e6, "usd", "US$ 384.2 mn"),
        (235.243, "pct", "+235.2%"),
        (1.1307, "pct", "+1.13%"),
        (-0.0001, "pct", "0.00%"),  # never "-0.00%"
        (0.25, "rate", "25.0%"),
        (True, "bool", "yes"),
        (None, "usd", "n/a"),
        (9.4e-13, "number", "9.4e-13"),
    ],
)
def test_format_number(value: object, unit: str, text: str) -> None:
    assert format_number(value, unit) == text


def test_columns_read_as_words_with_units() -> None:
    assert column_label("exports_usd") == "exports (US$)"
    assert column_label("realised_share") == "realised share"
    assert format_cell("realised_share", 0.8009) == "80.09%"
    assert format_cell("balance_usd", -62.095e9) == "-62.095 bn"
    assert format_cell("in_scenario", True) == "yes"


def test_every_library_key_is_described_and_internal_keys_are_not_results() -> None:
    import json
    from pathlib import Path

    recorded = json.loads(
        (Path(__file__).parents[1] / "reference/data/scenario_summaries.json").read_text()
    )
    keys = {k for v in recorded.values() for k in (v.get("summary", v))}
    missing = sorted(k for k in keys if describe(k) is None)
    assert missing == [], f"keys without a label: {missing}"
    for k in ("ge_nu_r", "ge_nu_u", "ge_max_residual", "ge_iterations", "ge_solve_ms"):
        assert KEYS[k].role == "diagnostic"
    o = Outcome.of("ge_ind_welfare_pct", -0.29)
    assert o.label == "India: welfare" and o.unit == "pct" and o.text == "-0.29%"
    band = Outcome.of("mc_usa_welfare_p95_pct", 1.6)
    assert band.role == "band" and "95th percentile" in band.label


def test_alternatives_sit_under_their_headline_with_why() -> None:
    rows = [
        Outcome.of("sensitivity_exports_change_pct", -64.6),
        Outcome.of("exports_change_pct", -42.9),
        Outcome.of("ge_nu_r", 0.11),
        Outcome.of("sigma_source", "broda-weinstein"),
    ]
    t = SummaryTable("t", rows)
    shown = t.reader_rows()
    assert [o.key for o in shown] == ["exports_change_pct", "sensitivity_exports_change_pct"]
    assert shown[1].why and "ProTEE" in shown[1].why
    assert "savings share" in t.line("diagnostic")
    assert "Broda–Weinstein" in t.line("setting")  # the value in words, not 'broda-weinstein'
    assert "ge_nu_r" not in str(t) and "or change of exports" in str(t)


def test_country_names_read_as_english_in_titles() -> None:
    from tradewinds.formatting import name_in_text, possessive

    assert possessive("United States", start=True) == "The United States'"
    assert possessive("India") == "India's"
    assert possessive("Netherlands") == "the Netherlands'"
    assert name_in_text("United Kingdom") == "the United Kingdom"
    assert name_in_text("Russian Federation", start=True) == "Russian Federation"
