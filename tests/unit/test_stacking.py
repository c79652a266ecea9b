"""The US measures of 2025-26 on real lines and dates, as the law reads (issue 14).

Each expected rate is the *additional* duty (MFN is not shipped) and cites the paragraph
that makes it. Texts: ../shared/data/us-tariffs-2025/executive-orders and the orders named
in src/tradewinds/data/tariffs/us2025.toml; the rule table is tradewinds.tariffs.rules.

Two nomenclatures: ``match="exact"`` prices US HTS lines; ``match="hs6"`` prices India's
ITC-HS 8-digit lines, which agree with the HTS only to six digits (rules.HS6_RULE).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tradewinds.tariffs import load_schedule, tariff_exposure
from tradewinds.tariffs.rules import PROGRAMS, RULES, rule_table

APR1, APR5, AUG7, AUG27 = date(2025, 4, 1), date(2025, 4, 5), date(2025, 8, 7), date(2025, 8, 27)
SEP18, FEB7, MAR1 = date(2025, 9, 18), date(2026, 2, 7), date(2026, 3, 1)
DATES = (APR1, APR5, AUG7, AUG27, SEP18, FEB7, MAR1)

# India's ITC-HS line -> the US HTS line priced with match="exact"
HTS = {
    "87081010": "87081030",  # bumpers: on the 232 auto-parts, steel and aluminum lists
    "87089900": "87089968",  # other parts of motor vehicles: auto parts (+ an aluminum HTS10)
    "94032090": "94032000",  # other metal furniture: steel and aluminum derivative
    "72085100": "72085100",  # flat-rolled steel, hot-rolled, > 10 mm
    "30049092": "30049092",  # medicaments in dosage form
    "85171300": "85171300",  # smartphones
    "03061700": "03061700",  # frozen shrimp
}

# Expected additional rate, India, by line and date (same for both nomenclatures).
EXPECTED: dict[str, tuple[float, ...]] = {
    # 1 Apr, 5 Apr: a steel/aluminum derivative outside chapters 73/76 pays 25% on its metal
    # content (U.S. note 16(n), heading 9903.81.91; 9903.85.08), taken as half the value
    # (rules.DERIVATIVE_METAL_SHARE), and no reciprocal duty (EO 14257 sec. 3(b)(ii)).
    # From 3 May the auto-parts duty, 25% on the value (Proclamation 10908 cl. (1)), instead
    # of the steel/aluminum duties (EO 14289 sec. 3(a)(i)) and of the reciprocal and Russia-
    # oil duties (EO 14257 sec. 3(b)(iii); EO 14329 sec. 3(a)) and, in 2026, of Section 122
    # (Proclamation 11012 para. 14(k)).
    "87081010": (0.125, 0.125, 0.25, 0.25, 0.25, 0.25, 0.25),
    "87089900": (0.125, 0.125, 0.25, 0.25, 0.25, 0.25, 0.25),
    # Steel and aluminum together on one metal content, never 50% + 50% (EO 14289 sec.
    # 3(a)(iii)): 25% x 0.5 before 4 Jun 2025; from 4 Jun 50% x 0.5 on the metal and India's
    # reciprocal 25% on the other half (Proclamation of 3 Jun 2025 cl. (1), (6)); no Russia-
    # oil duty on a 232 article (EO 14329 sec. 3(a)); 2026: the 232 half only, the line being
    # on Section 122's Annex II (Proclamation 11012 cl. (2)).
    "94032090": (0.125, 0.125, 0.375, 0.375, 0.375, 0.375, 0.25),
    # Steel of chapter 72 is all metal: 25% (Proclamation 10896), 50% from 4 Jun 2025
    # (Proclamation of 3 Jun 2025 cl. (1)); nothing left for the reciprocal or Section 122.
    "72085100": (0.25, 0.25, 0.5, 0.5, 0.5, 0.5, 0.5),
    # Annex II of EO 14257 (sec. 3(b)), EO 14329 sec. 3(c); Section 122 Annex II.
    "30049092": (0.0,) * 7,
    # The electronics memorandum of 11 Apr 2025 (retroactive to 5 Apr); EO 14329 sec. 3(c)
    # via U.S. note 2(v)(iii); Section 122 Annex II (para. 14(g)).
    "85171300": (0.0,) * 7,
    # None before 5 Apr; 10% (EO 14257 sec. 3(a)); India's 25% from 7 Aug (EO 14326 Annex I);
    # + 25% from 27 Aug (EO 14329 sec. 2(b), 3(d)), still on 18 Sep (goods entered after 17
    # Sep pay it even if in transit); 25% after 7 Feb 2026 (EO 14384 sec. 2); from 24 Feb 2026
    # no IEEPA duty (EO 14389, CBP CSMS #67834313) but Section 122's 10% (Proclamation 11012).
    "03061700": (0.0, 0.10, 0.25, 0.5, 0.5, 0.25, 0.10),
}


@pytest.fixture(scope="module")
def sched():  # type: ignore[no-untyped-def]
    return load_schedule()


@pytest.mark.parametrize("on", DATES, ids=[d.isoformat() for d in DATES])
def test_india_lines_hs6(sched, on: date) -> None:  # type: ignore[no-untyped-def]
    r = sched.line_rates("IND", list(EXPECTED), on, match="hs6").set_index("product")
    got = r["additional_rate"].to_dict()
    want = {p: EXPECTED[p][DATES.index(on)] for p in EXPECTED}
    assert got == pytest.approx(want)
    # a line never pays two 232 duties of different programs, nor the union of lists
    for p, ms in r["measures"].items():
        s232 = {m["program"] for m in ms if m["program"].startswith("s232")}
        assert not ({"s232-autos"} & s232 and len(s232) > 1), (p, s232)
    assert (r["rate_low"] <= r["additional_rate"] + 1e-12).all()
    assert (r["rate_high"] >= r["additional_rate"] - 1e-12).all()


@pytest.mark.parametrize("on", DATES, ids=[d.isoformat() for d in DATES])
def test_us_lines_exact(sched, on: date) -> None:  # type: ignore[no-untyped-def]
    r = sched.line_rates("IND", list(HTS.values()), on, match="exact").set_index("product")
    want = {HTS[p]: EXPECTED[p][DATES.index(on)] for p in EXPECTED}
    assert r["additional_rate"].to_dict() == pytest.approx(want)


def test_partial_lines_carry_the_other_rule(sched) -> None:  # type: ignore[no-untyped-def]
    """India's 87089900 is the whole HS6 870899; only some of its US lines are on the auto-
    parts list: 'any' gives the auto-parts rate, 'strict' the reciprocal + Russia-oil rate,
    and both are in rate_low/rate_high whatever the rule."""
    anyr = sched.line_rates("IND", ["87089900"], AUG27, match="hs6").iloc[0]
    strict = sched.line_rates("IND", ["87089900"], AUG27, match="hs6", hs6_rule="strict").iloc[0]
    assert bool(anyr["partial"]) and bool(strict["partial"])
    assert anyr["additional_rate"] == pytest.approx(0.25)  # 232 autos alone
    assert strict["additional_rate"] == pytest.approx(0.50)  # EO 14257 + EO 14329
    for row in (anyr, strict):
        assert (row["rate_low"], row["rate_high"]) == pytest.approx((0.25, 0.50))
    assert [m["id"] for m in anyr["measures"]] == ["s232-autos"]  # not autos + aluminum
    # the '.00' code is the whole HS6 in the HTS too: 'tariffs' (exact) and the PE (hs6)
    # give the same rate for it (the 50% / 75% disagreement of issue 14)
    exact = sched.line_rates("IND", ["87089900"], AUG27, match="exact").iloc[0]
    assert exact["additional_rate"] == anyr["additional_rate"]


def test_auto_parts_from_3_may_vehicles_from_3_april(sched) -> None:  # type: ignore[no-untyped-def]
    """Proclamation 10908 cl. (1): automobiles from 3 Apr 2025, parts no later than 3 May."""
    car, part = "87032201", "87089968"
    r = sched.rates_by_exporter(["JPN"], [car, part], date(2025, 4, 3)).set_index("product")
    assert r.loc[car, "additional_rate"] == pytest.approx(0.25)
    # not yet an auto part; its HTS10 8708.99.68.90 is an aluminum derivative (25% on half)
    assert r.loc[part, "additional_rate"] == pytest.approx(0.125)
    r = sched.line_rates("JPN", [part], date(2025, 5, 2))
    assert [m["id"] for m in r["measures"].iloc[0]] != ["s232-autos"]
    r = sched.line_rates("JPN", [part], date(2025, 5, 3))
    assert [m["id"] for m in r["measures"].iloc[0]] == ["s232-autos"]
    assert r["additional_rate"].iloc[0] == pytest.approx(0.25)


def test_steel_and_aluminium_share_one_metal_content(sched) -> None:  # type: ignore[no-untyped-def]
    """EO 14289 sec. 3(a)(iii): both duties, each on its own content; the content shares
    add up to at most the value, so the line never pays 100% (the old bug on 94032090)."""
    for share in (0.0, 0.3, 1.0):
        r = sched.line_rates("IND", ["94032000"], AUG27, metal_share=share).iloc[0]
        assert r["additional_rate"] == pytest.approx(0.5 * share + 0.25 * (1 - share))
        assert r["additional_rate"] <= 0.5
    r = sched.line_rates("IND", ["94032000"], AUG27).iloc[0]
    levied = {m["id"]: m["levied_on"] for m in r["measures"]}
    assert levied == {
        "s232-steel-50": "metal content",
        "s232-aluminum-50": "metal content",
        "ieepa-reciprocal-india": "non-metal content",
    }
    assert r["metal_share"] == pytest.approx(0.5)
    assert "ieepa-russia-oil-india" in r["displaced"]  # EO 14329 sec. 3(a)


def test_no_indian_line_pays_more_than_50_percent(sched) -> None:  # type: ignore[no-untyped-def]
    """Every code of every list, both nomenclatures, every date: at most 50% (232 steel, or
    25% reciprocal + 25% Russia-oil) — the 125% and 100% of stacked 232 duties are gone."""
    from tradewinds.io.tariff_data import load_product_list

    codes = pd.concat(
        [load_product_list(n)["code"] for n in ("steel_232", "aluminum_232", "autos_232")]
    )
    codes = pd.concat([codes, codes.str[:6] + "90", codes.str[:8]]).unique()
    for on in DATES:
        for how in ("exact", "hs6"):
            r = sched.line_rates("IND", codes, on, match=how, details=False)
            assert r["rate_high"].max() <= 0.5 + 1e-12, (on, how)


def test_competitors_at_their_own_rates(sched) -> None:  # type: ignore[no-untyped-def]
    lines = ["03061700", "72085100", "85171300", "94032090", "87081010"]
    r = sched.rates_by_exporter(
        ["IND", "VNM", "CHN", "BGD", "RUS"], lines, AUG27, match="hs6", wide=True
    )
    # EO 14326 Annex I: Vietnam and Bangladesh 20%
    assert r.loc["03061700", "VNM"] == pytest.approx(0.20)
    assert r.loc["03061700", "BGD"] == pytest.approx(0.20)
    assert r.loc["94032090", "VNM"] == pytest.approx(0.25 + 0.20 * 0.5)
    # China: reciprocal 10% (EO 14298 sec. 2) + synthetic-opioid 20% (EO 14228), the latter
    # also on 232 articles (EO 14289 sec. 4(b)) and on Annex II electronics
    assert r.loc["03061700", "CHN"] == pytest.approx(0.30)
    assert r.loc["72085100", "CHN"] == pytest.approx(0.70)
    assert r.loc["85171300", "CHN"] == pytest.approx(0.20)
    assert r.loc["87081010", "CHN"] == pytest.approx(0.45)
    # Russia: a column-2 country, outside the reciprocal tariff (EO 14257 sec. 3(b)(v))
    assert r.loc["03061700", "RUS"] == 0.0
    # China through 2025: 125% + 20% on 10 Apr (EO 14266), 10% + 10% from 10 Nov (EO 14357)
    chn = sched.rates_by_exporter(["CHN"], ["03061700"], date(2025, 4, 10))
    assert chn["additional_rate"].iloc[0] == pytest.approx(1.45)
    chn = sched.rates_by_exporter(["CHN"], ["03061700"], date(2025, 11, 15))
    assert chn["additional_rate"].iloc[0] == pytest.approx(0.20)
    # 2026: every supplier at Section 122's 10% (IEEPA ended)
    r = sched.rates_by_exporter(["IND", "VNM", "CHN"], ["03061700"], MAR1, wide=True)
    assert r.loc["03061700"].tolist() == pytest.approx([0.10, 0.10, 0.10])


def test_eu_canada_and_conditions(sched) -> None:  # type: ignore[no-untyped-def]
    r = sched.rates_by_exporter(["DEU", "CAN", "MEX"], ["03061700", "27090020"], AUG27)
    r = r.set_index(["exporter", "product"])
    # EU: column 1 duty topped up to 15% (EO 14326 sec. 2(c)): an upper bound without MFN
    assert r.loc[("DEU", "03061700"), "additional_rate"] == pytest.approx(0.15)
    assert bool(r.loc[("DEU", "03061700"), "mfn_dependent"])
    # Canada 35% from 1 Aug 2025 (EO 14325), energy 10% (EO 14257 sec. 3(d)); non-USMCA only
    assert r.loc[("CAN", "03061700"), "additional_rate"] == pytest.approx(0.35)
    assert r.loc[("CAN", "27090020"), "additional_rate"] == pytest.approx(0.10)
    assert bool(r.loc[("CAN", "03061700"), "conditional"])
    assert r.loc[("MEX", "03061700"), "additional_rate"] == pytest.approx(0.25)


def test_in_transit_rules(sched) -> None:  # type: ignore[no-untyped-def]
    shrimp = ["03061700"]
    # EO 14326 sec. 2(a): loaded before 7 Aug, entered before 5 Oct 2025 -> the 10% stays
    r = sched.line_rates("IND", shrimp, date(2025, 8, 20), loaded=date(2025, 8, 1))
    assert r["additional_rate"].iloc[0] == pytest.approx(0.10)
    r = sched.line_rates("IND", shrimp, date(2025, 10, 6), loaded=date(2025, 8, 1))
    assert r["additional_rate"].iloc[0] == pytest.approx(0.50)
    # Proclamation 11012 para. 15: loaded before 24 Feb, entered before 28 Feb 2026
    r = sched.line_rates("IND", shrimp, date(2026, 2, 26), loaded=date(2026, 2, 20))
    assert r["additional_rate"].iloc[0] == 0.0
    r = sched.line_rates("IND", shrimp, date(2026, 2, 28), loaded=date(2026, 2, 20))
    assert r["additional_rate"].iloc[0] == pytest.approx(0.10)


def test_section_122_on_the_non_232_part(sched) -> None:  # type: ignore[no-untyped-def]
    """Proclamation 11012 cl. (4): a steel derivative not on Annex II (ploughs, 8432.10)
    pays 10% on the part Section 232 does not tax."""
    r = sched.line_rates("IND", ["84321000"], MAR1).iloc[0]
    assert r["additional_rate"] == pytest.approx(0.5 * 0.5 + 0.10 * 0.5)
    # until 23 Jul 2026 inclusive (cl. (7): through 12:01 a.m. 24 Jul 2026)
    assert sched.line_rates("IND", ["03061700"], date(2026, 7, 23))["additional_rate"][0] == 0.1
    assert sched.line_rates("IND", ["03061700"], date(2026, 7, 24))["additional_rate"][0] == 0.0


def test_dual_use_auto_parts_lines(sched) -> None:  # type: ignore[no-untyped-def]
    """Computers (8471) are on the auto-parts list only as far as they are auto parts: by
    default a computer is not, and the 25% is the bound (rules.USE_SCOPED_PREFIXES)."""
    r = sched.line_rates("IND", ["84713010"], AUG27, match="hs6").iloc[0]
    assert r["additional_rate"] == 0.0  # electronics memorandum
    assert bool(r["partial"]) and r["rate_high"] == pytest.approx(0.25)


def test_amendments_are_dated(sched) -> None:  # type: ignore[no-untyped-def]
    """EO 14346 Annex I, from 8 Sep 2025: gold (7108.12.50) joins the exemptions, some resins
    (3907.29.00) leave them."""
    before, after = date(2025, 9, 7), date(2025, 9, 8)
    gold = sched.line_rates("IND", ["71081250", "39072900"], before).set_index("product")
    assert gold.loc["71081250", "additional_rate"] == pytest.approx(0.50)
    assert gold.loc["39072900", "additional_rate"] == 0.0
    gold = sched.line_rates("IND", ["71081250", "39072900"], after).set_index("product")
    assert gold.loc["71081250", "additional_rate"] == 0.0
    assert gold.loc["39072900", "additional_rate"] == pytest.approx(0.50)


def test_every_caller_gets_the_same_rates(sched) -> None:  # type: ignore[no-untyped-def]
    """line_rates with and without details, rates_by_exporter and tariff_exposure price a
    line alike (the services, the PE and the GE mapping all call these)."""
    lines = list(EXPECTED)
    for on in DATES:
        a = sched.line_rates("IND", lines, on, match="hs6")
        b = sched.line_rates("IND", lines, on, match="hs6", details=False)
        c = sched.rates_by_exporter(["VNM", "IND"], lines, on, match="hs6")
        c = c[c["exporter"] == "IND"].reset_index(drop=True)
        np.testing.assert_array_equal(a["additional_rate"], b["additional_rate"])
        np.testing.assert_array_equal(a["additional_rate"], c["additional_rate"])
        trade = pd.DataFrame({"product": lines, "value_usd": 1.0})
        e = tariff_exposure(trade, a)
        got = e.lines.set_index("product")["additional_rate"].reindex(lines).to_numpy()
        np.testing.assert_array_equal(got, a["additional_rate"].to_numpy())


def test_rule_table_is_complete_and_cited(sched) -> None:  # type: ignore[no-untyped-def]
    assert all(r.source for r in RULES)
    assert set(rule_table()["relation"]) >= {"excludes", "excludes_content", "overrides"}
    # the Proclamation of 3 Jun 2025 cl. (5) turns the Canada/Mexico-versus-metals rule round
    june3, june4 = rule_table(date(2025, 6, 3)), rule_table(date(2025, 6, 4))
    assert (june3["first"] == "ieepa-border").any() and not (june4["first"] == "ieepa-border").any()
    for m in sched.measures:
        assert m.program in PROGRAMS, m.id
        assert m.source and any(ch.isdigit() for ch in m.source), m.id
