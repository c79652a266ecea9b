"""Claims: the sentences of CASE.md parse into the right structure and get verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradewinds import services
from tradewinds.claims import ClaimError, parse_claim
from tradewinds.cli import app
from tradewinds.errors import DataValidationError, UnknownCodeError
from tradewinds.io.embedded import data_path

CTX = {"partner": "RUS", "period": "FY2024-25"}
SEED = (
    "Bilateral trade between New Delhi and Moscow reached a record $68.7 billion for the year "
    "ended March 2025, with India’s increased oil imports contributing to a $59 billion deficit."
)


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
    # fiscal years are recomputed from DGCI&S; the crude share from the crude imports
    assert all(v.verdict == "consistent" for v in vs), [(v.claim.text, v.verdict) for v in vs]
    total = by["total"]
    assert "DGCI&S FY2024-25: total trade IND–RUS 68.69 bn" in total.statistic
    assert total.record.startswith("FY2024-25 (68.69 bn) is the highest of FY2010-11 … FY2025-26")
    assert total.since == ("FY2025-26 (provisional): 59.86 bn, -12.9% on FY2024-25",)
    # why sources differ: the calendar BACI figure is shown beside, not compared
    assert any(
        r.startswith("sources differ: BACI gives 70.20 bn for calendar 2023") for r in total.reasons
    )
    assert any("agrees with the published figure 68.70" in r for r in total.reasons)
    assert "58.93" in by["balance"].statistic
    exports = by["exports"]
    assert any("partial coverage) sums to 3.35 bn: a lower bound" in r for r in exports.reasons)
    share = by["share"]
    assert "35.1% by value" in share.statistic and "35.8% by volume" in share.statistic
    # a calendar-2023 claim is recomputed exactly from BACI
    (v,) = services.check_claim("India–Russia trade was $70.2 billion in 2023", store=store)
    assert v.verdict == "consistent" and "BACI" in v.statistic
    (v,) = services.check_claim("India's imports from Russia were $50 billion in 2023", store=store)
    assert v.verdict == "inconsistent"
    (v,) = services.check_claim(
        "India's exports to Russia were $9 billion in FY2023-24", store=store
    )
    assert v.verdict == "inconsistent" and "4.26 bn" in v.statistic
    # one sentence, two claims: the seed verbatim
    total, deficit = services.check_claim(SEED, store=store)
    assert (total.claim.metric, total.verdict) == ("total", "consistent")
    assert (deficit.claim.metric, deficit.verdict) == ("balance", "consistent")


def test_article_is_read_whole(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    art = tmp_path / "article.md"
    art.write_text(
        "# India and Russia\n\nThe relationship is one of the steadiest since 1945.\n\n"
        f"{SEED}\n\nIndia–Russia trade reached $68.7 in 2024-25.\n",
        encoding="utf-8",
    )
    vs = services.check_claims_file(art, store=store)
    assert [(v.line, v.verdict) for v in vs] == [
        (3, "not checkable"),
        (5, "consistent"),
        (5, "consistent"),
        (7, "unreadable"),
    ]
    assert "scale" in vs[-1].reasons[0]
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2_000_001)
    with pytest.raises(DataValidationError, match="at most"):
        services.check_claims_file(big, store=store)


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
    assert r.exit_code == 0 and "cannot check exactly" not in r.stdout
    assert "statistic: DGCI&S FY2024-25: total trade IND–RUS 68.69 bn" in r.stdout
    r = runner.invoke(app, ["check", SEED, "-f", "json"])
    rows = json.loads(r.stdout)
    assert [x["metric"] for x in rows] == ["total", "balance"]
    assert rows[0]["record_check"].startswith("FY2024-25 (68.69 bn) is the highest")
    art = tmp_path / "a.txt"
    art.write_text(f"Some words.\n\n{SEED}\n\nThe steadiest since 1945.\n", encoding="utf-8")
    r = runner.invoke(app, ["check", "--file", str(art)])
    assert r.exit_code == 0, r.stderr
    assert "line 3:" in r.stdout and "not checkable" in r.stdout and "Summary" in r.stdout
