"""Claims: the sentences of CASE.md parse into the right structure and get verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradewinds import services
from tradewinds.claims import ClaimError, parse_claim
from tradewinds.cli import app
from tradewinds.errors import UnknownCodeError
from tradewinds.io.embedded import data_path

CTX = {"partner": "RUS", "period": "FY2024-25"}


@pytest.mark.parametrize(
    "text,ctx,expect",
    [
        (
            "India–Russia trade reached a record $68.7 billion in the fiscal year ended March 2025",
            None,
            ("total", "IND", "RUS", None, "FY2024-25", 4, 68.7, "usd_bn", True),
        ),
        (
            "India–Russia trade reached a record $68.7 billion for the year ended March 2025",
            None,
            ("total", "IND", "RUS", None, "FY2024-25", 4, 68.7, "usd_bn", True),
        ),
        (
            "India's increased oil imports left it a $59 billion deficit",
            CTX,
            ("balance", "IND", "RUS", None, "FY2024-25", 4, -59.0, "usd_bn", False),
        ),
        (
            "India's exports to Russia were $4.26 billion in FY2023-24",
            None,
            ("exports", "IND", "RUS", None, "FY2023-24", 4, 4.26, "usd_bn", False),
        ),
        (
            "India's imports from Russia were $61.43 billion in FY2023-24",
            None,
            ("imports", "IND", "RUS", None, "FY2023-24", 4, 61.43, "usd_bn", False),
        ),
        (
            "Russia's share of India's crude imports was 35% in FY2024-25",
            None,
            ("share", "IND", "RUS", "crude", "FY2024-25", 4, 35.0, "pct", False),
        ),
        (
            "Australia's exports to India were $25 billion in the fiscal year ended June 2024",
            None,
            ("exports", "AUS", "IND", None, "FY2023-24", 7, 25.0, "usd_bn", False),
        ),
    ],
)
def test_parse_case_claims(text: str, ctx: dict | None, expect: tuple) -> None:  # type: ignore[type-arg]
    c = parse_claim(text, context=ctx)
    got = (
        c.metric,
        c.reporter,
        c.partner,
        c.product_group,
        c.period,
        c.fy_start_month,
        c.value,
        c.unit,
        c.record,
    )
    assert got == expect
    assert c.understood  # it shows what it understood


@pytest.mark.parametrize(
    "text,column,words",
    [
        ("Russia's share of India's crude imports was 35%", "period", "period"),
        ("India–Rusia trade reached $68.7 billion in 2023", "partner", "RUS"),
        ("India–Russia trade reached 68.7 billion in 2023", "unit", "currency"),
        ("India–Russia trade reached $68.7 in 2023", "unit", "scale"),
        ("India–Russia trade was strong in 2023", "value", "no value"),
    ],
)
def test_malformed_claims_name_what_is_missing(text: str, column: str, words: str) -> None:
    with pytest.raises((ClaimError, UnknownCodeError)) as e:
        parse_claim(text)
    assert e.value.column == column
    assert words in str(e.value)


def test_verdicts_on_embedded_data(store) -> None:  # type: ignore[no-untyped-def]
    vs = services.check_claims_file(str(data_path("claims", "india_russia_2025.toml")), store=store)
    assert len(vs) == 5
    by = {v.claim.metric: v for v in vs}
    # FY figures cannot be recomputed from calendar-2023 BACI and partial EIDB data
    assert all(v.verdict == "cannot check exactly" for v in vs)
    total = by["total"]
    assert any(
        "world2023 gives 70.20 for 2023" in r and "calendar year" in r for r in total.reasons
    )
    assert any("agrees with the published figure 68.70" in r for r in total.reasons)
    assert any(r.startswith("record: the highest") for r in total.reasons)
    exports = by["exports"]
    assert any("partial coverage: a lower bound" in r for r in exports.reasons)
    assert any("no dataset here holds IND's imports of HS 2709" in r for r in by["share"].reasons)
    # a calendar-2023 claim is recomputed exactly
    v = services.check_claim("India–Russia trade was $70.2 billion in 2023", store=store)
    assert v.verdict == "consistent"
    v = services.check_claim("India's imports from Russia were $50 billion in 2023", store=store)
    assert v.verdict == "inconsistent"
    v = services.check_claim("India's exports to Russia were $9 billion in FY2023-24", store=store)
    assert v.verdict == "inconsistent with published figures"


@pytest.mark.usefixtures("home")
def test_check_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["check", "India–Russia trade was $70.2 billion in 2023", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    row = json.loads(r.stdout)[0]
    assert row["verdict"] == "consistent" and row["metric"] == "total"
    r = runner.invoke(app, ["check", "Russia's share of India's crude imports was 35%"])
    assert r.exit_code == 2 and "period" in r.stderr
    r = runner.invoke(app, ["check", "--file", str(data_path("claims", "india_russia_2025.toml"))])
    assert r.exit_code == 0 and "cannot check exactly" in r.stdout
