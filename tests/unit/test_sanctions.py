"""The sanctions ledger: every entry's dates, rates and levels against its cited text,
conversion to tariff measures and their stacking, and typed errors on bad input.

The expectations below are facts taken from the instruments each entry cites (see
``src/tradewinds/data/sanctions/PROVENANCE.md``). For EO 14329 and the order of
6 Feb 2026 the texts are in ``../shared/data/us-tariffs-2025/executive-orders``; the
facts used are copied here with their section (the tests never read ``../shared``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tradewinds.errors import ScenarioError
from tradewinds.tariffs import load_schedule
from tradewinds.tariffs.measures import TariffMeasure
from tradewinds.tariffs.sanctions import (
    EU27,
    Designation,
    Embargo,
    PriceCap,
    SanctionsDataError,
    SecondaryTariff,
    load_sanctions,
)
from tradewinds.tariffs.schedule import TariffSchedule

# ---- facts from EO 14329 of 6 Aug 2025 (shared text 2025-08-06-addressing-threats-…md)
EO14329_SIGNED = date(2025, 8, 6)
EO14329_EFFECTIVE = EO14329_SIGNED + timedelta(days=21)  # sec. 2(b): "21 days after the date"
EO14329_RATE = 0.25  # sec. 2(b): "additional ad valorem rate of duty of 25 percent"
EO14329_IN_TRANSIT_UNTIL = date(2025, 9, 17)  # sec. 2(b)(2): entered before 17 Sep 2025
EO14329_OIL = ["2709", "2710"]  # sec. 7(a): "crude oil or petroleum products"
# ---- facts from the order of 6 Feb 2026 (shared text 2026-02-06-modifying-duties-…md)
ENDED = date(
    2026, 2, 7
)  # sec. 2: "on or after 12:01 a.m. eastern standard time on February 7, 2026"
HEADING = "9903.01.84"  # sec. 2: headings 9903.01.84 through 9903.01.89 terminated
# ---- EO 14066 of 8 Mar 2022, as recalled in EO 14329 sec. 1: import ban on Russian
#      "crude oil; petroleum; and petroleum fuels, oils, and products of their distillation"

# id -> (kind, imposer, from, to, products, what): what = rate, cap levels [(value, from, to)],
# importers, or firms; each line cites its instrument.
EXPECTED: dict[str, tuple[str, str, date, date | None, list[str], object]] = {
    # Reg. (EU) 2022/879 of 3 Jun 2022, Art. 3m: crude transition until 5 Dec 2022
    "eu-crude-import-ban": ("embargo", "EU", date(2022, 12, 5), None, ["2709"], ["EU27"]),
    # Reg. (EU) 2022/879, Art. 3m: petroleum products transition until 5 Feb 2023
    "eu-products-import-ban": ("embargo", "EU", date(2023, 2, 5), None, ["2710"], ["EU27"]),
    # Reg. (EU) 2025/1494 of 18 Jul 2025, Art. 3ma(1): "as of 21 January 2026"
    "eu-ban-products-from-russian-crude": (
        "embargo", "EU", date(2026, 1, 21), None, ["2710"], ["EU27"],
    ),
    # Impl. Reg. 2022/2368 (Annex XXVIII) USD 60 from 5 Dec 2022; Reg. 2025/1494 USD 47.6
    # from 3 Sep 2025; Impl. Reg. 2026/124 USD 44.10 from 1 Feb 2026
    "eu-price-cap-crude": (
        "price_cap", "EU", date(2022, 12, 5), None, ["2709"],
        [(60.0, date(2022, 12, 5), date(2025, 9, 3)), (47.6, date(2025, 9, 3), date(2026, 2, 1)),
         (44.1, date(2026, 2, 1), None)],
    ),
    # Impl. Reg. 2023/251: premium-to-crude USD 100, discount-to-crude USD 45, from 5 Feb 2023
    "eu-price-cap-products-premium": (
        "price_cap", "EU", date(2023, 2, 5), None, ["2710"], [(100.0, date(2023, 2, 5), None)],
    ),
    "eu-price-cap-products-discount": (
        "price_cap", "EU", date(2023, 2, 5), None, ["2710"], [(45.0, date(2023, 2, 5), None)],
    ),
    # EO 14066 of 8 Mar 2022 sec. 1(a)(i)
    "us-russian-oil-import-ban": (
        "embargo", "USA", date(2022, 3, 8), None, ["2709", "2710"], ["USA"],
    ),
    # Treasury determinations under EO 14071: USD 60 from 5 Dec 2022; USD 100/45 from 5 Feb 2023
    "us-price-cap-crude": (
        "price_cap", "USA", date(2022, 12, 5), None, ["2709"], [(60.0, date(2022, 12, 5), None)],
    ),
    "us-price-cap-products-premium": (
        "price_cap", "USA", date(2023, 2, 5), None, ["2710"], [(100.0, date(2023, 2, 5), None)],
    ),
    "us-price-cap-products-discount": (
        "price_cap", "USA", date(2023, 2, 5), None, ["2710"], [(45.0, date(2023, 2, 5), None)],
    ),
    # OFAC designations of 22 Oct 2025 under EO 14024
    "us-ofac-rosneft-lukoil": (
        "designation", "USA", date(2025, 10, 22), None, ["2709", "2710"],
        ["Rosneft Oil Company", "Lukoil"],
    ),
    # EO 14329 sec. 2(b) and the order of 6 Feb 2026 sec. 2
    "us-secondary-duty-india-russian-oil": (
        "secondary", "USA", EO14329_EFFECTIVE, ENDED, ["*"], EO14329_RATE,
    ),
    # OFSI GL INT/2022/2469656: USD 60 from 5 Dec 2022; 2025 amendment USD 47.60 from 23:01
    # BST 2 Sep 2025 (entered as 3 Sep)
    "uk-price-cap-crude": (
        "price_cap", "GBR", date(2022, 12, 5), None, ["2709"],
        [(60.0, date(2022, 12, 5), date(2025, 9, 3)), (47.6, date(2025, 9, 3), None)],
    ),
    "uk-price-cap-products-premium": (
        "price_cap", "GBR", date(2023, 2, 5), None, ["2710"], [(100.0, date(2023, 2, 5), None)],
    ),
    "uk-price-cap-products-discount": (
        "price_cap", "GBR", date(2023, 2, 5), None, ["2710"], [(45.0, date(2023, 2, 5), None)],
    ),
    # HM Treasury / OFSI notice of 15 Oct 2025
    "uk-rosneft-lukoil": (
        "designation", "GBR", date(2025, 10, 15), None, ["2709", "2710"],
        ["Rosneft Oil Company", "Lukoil"],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def ledger():  # type: ignore[no-untyped-def]
    return load_sanctions()


def test_every_entry_is_pinned_and_cited(ledger) -> None:  # type: ignore[no-untyped-def]
    assert {e.id for e in ledger.entries} == set(EXPECTED)
    for e in ledger.entries:
        kind, imposer, start, end, products, what = EXPECTED[e.id]
        assert (e.kind, e.imposer, e.from_, e.to, e.products) == (
            kind,
            imposer,
            start,
            end,
            products,
        )
        assert e.source.instrument and e.source.article and e.source.date <= e.from_
        if isinstance(e, SecondaryTariff):
            assert e.rate == what
        elif isinstance(e, PriceCap):
            assert [(lv.value, lv.from_, lv.to) for lv in e.levels] == what
            assert e.unit == "USD/bbl" and e.binds
            for lv in e.levels:
                assert lv.source.instrument and lv.source.article
        elif isinstance(e, Embargo):
            assert e.importers == what and e.exporter in ("RUS", "*")
        elif isinstance(e, Designation):
            assert [f.name for f in e.firms] == what
        for w in getattr(e, "wind_down", []):
            assert w.source.instrument and (w.until is None or w.until > e.source.date)


def test_eo14329_against_its_text(ledger) -> None:  # type: ignore[no-untyped-def]
    e = ledger.entry("us-secondary-duty-india-russian-oil")
    assert e.schedule_measure == "us2025:ieepa-russia-oil-india"
    m = e.measure
    assert e.from_ == m.from_ == EO14329_EFFECTIVE == date(2025, 8, 27)
    assert m.in_transit_until == EO14329_IN_TRANSIT_UNTIL
    assert e.to == ENDED and m.heading == HEADING
    assert e.rate == EO14329_RATE and e.target == "IND" and m.exporters == ["IND"]
    assert (e.trigger.country, e.trigger.imports_from) == ("IND", "RUS")
    assert e.trigger.products == EO14329_OIL  # sec. 7(a), in the schedule and so the ledger
    assert m.program == "ieepa-russia-oil"  # sec. 3(a): the rule table takes out 232 goods
    assert "list:annex2_2025-04-02" in m.exempt  # sec. 3(c)
    assert e.removal is not None and e.removal.date == date(2026, 2, 6)
    assert "sec. 7(a)" in e.source.article and "sec. 2" in e.removal.article


def test_the_ledger_refers_to_the_schedule_not_a_copy(ledger) -> None:  # type: ignore[no-untyped-def]
    [m] = [x for x in ledger.tariff_measures(importer="USA") if x.kind == "secondary"]
    s = load_schedule("us2025")
    assert m == s.measure("ieepa-russia-oil-india")  # one source of truth
    # what the ledger adds is what the schedule lacks: the citations
    e = ledger.entry("us-secondary-duty-india-russian-oil")
    assert "EO 14329" in s.measure("ieepa-russia-oil-india").source
    assert e.removal is not None and "Modifying Duties" in e.removal.instrument
    t = ledger.table(date(2025, 9, 1)).set_index("id")
    row = t.loc["us-secondary-duty-india-russian-oil"]
    assert row["target"] == "IND" and "+25%" in row["measure"] and "2709/2710" in row["measure"]
    assert row["to"] == "2026-02-07"


def test_secondary_duty_stacks_like_the_schedule(ledger) -> None:  # type: ignore[no-untyped-def]
    [m] = [x for x in ledger.tariff_measures(importer="USA") if x.kind == "secondary"]
    s = load_schedule("us2025")
    with pytest.raises(ScenarioError, match="already in the schedule"):
        s.with_changes(add=[m])  # the same measure cannot be stacked twice
    swapped = s.with_changes(add=[m.model_copy(update={"id": "ledger-copy"})],
                             remove=["ieepa-russia-oil-india"])  # fmt: skip
    # apparel, exempt pharma, 232 steel, exempt smartphones, shrimp, exempt products of 2710
    lines = ["6109100012", "30049092", "7208100000", "8517130000", "0306170040", "2710124500"]
    for d in (date(2025, 8, 26), date(2025, 9, 1), date(2026, 2, 6), date(2026, 2, 7)):
        a = s.line_rates("IND", lines, d)
        b = swapped.line_rates("IND", lines, d)
        assert a["additional_rate"].tolist() == b["additional_rate"].tolist(), d
    on = date(2025, 9, 1)
    rates = swapped.line_rates("IND", lines, on)["additional_rate"].tolist()
    assert rates == [0.5, 0.0, 0.5, 0.0, 0.5, 0.0]  # 25 reciprocal + 25 Russia-oil; 232 stays 50
    # the duty holds while any of the trigger's products still flows (sec. 7(a))
    for sched in (s, swapped):
        crude_only = sched.line_rates("IND", lines, on, halted=[("IND", "RUS", "2709")])
        assert crude_only["additional_rate"].iloc[0] == 0.5
        both = [("IND", "RUS", "2709"), ("IND", "RUS", "2710")]
        assert sched.line_rates("IND", lines, on, halted=both)["additional_rate"].iloc[0] == 0.25


def test_ledger_measures_stack_with_the_schedules(ledger) -> None:  # type: ignore[no-untyped-def]
    """An embargo from the ledger on a schedule's line bans it whatever the tariffs; the
    US import ban of EO 14066 meets the us2025 measures on Russian crude and products."""
    us = ledger.tariff_measures(date(2025, 9, 1), importer="USA")
    assert {m.id for m in us} == {"us-russian-oil-import-ban.USA", "ieepa-russia-oil-india"}
    ban = next(m for m in us if m.kind == "embargo")
    s = load_schedule("us2025").with_changes(add=[ban])
    r = s.line_rates("RUS", ["2709000000", "2710124500", "6109100012"], date(2025, 9, 1))
    assert r["banned"].tolist() == [True, True, False]
    assert r["effective_rate"].isna().tolist() == [True, True, False]
    assert (
        r.loc[2, "additional_rate"]
        == s.line_rates("RUS", ["6109100012"], date(2025, 9, 1))["additional_rate"].iloc[0]
    )


def test_embargoes_become_bans_per_member_state(ledger) -> None:  # type: ignore[no-untyped-def]
    ms = ledger.tariff_measures(importer="DEU")
    assert {m.id for m in ms} == {"eu-crude-import-ban.DEU", "eu-products-import-ban.DEU"}
    assert len([m for m in ledger.tariff_measures() if m.id.startswith("eu-crude")]) == len(EU27)
    extra = TariffMeasure.model_validate(
        {"id": "t", "name": "a tariff", "importer": "DEU", "exporters": ["RUS"], "rate": 0.1,
         "from": date(2020, 1, 1), "source": "test"}
    )  # fmt: skip
    deu = TariffSchedule("eu", "DEU", (*ms, extra))
    lines = ["270900", "271019", "8703"]

    def banned(d: date) -> list[bool]:
        return deu.line_rates("RUS", lines, d)["banned"].tolist()

    assert banned(date(2022, 12, 4)) == [False, False, False]
    assert banned(date(2022, 12, 5)) == [True, False, False]  # crude from 5 Dec 2022
    assert banned(date(2023, 2, 5)) == [True, True, False]  # products from 5 Feb 2023
    r = deu.line_rates("RUS", lines, date(2023, 3, 1))
    assert r["effective_rate"].isna().tolist() == [True, True, False]  # a ban beats a tariff
    assert r["additional_rate"].iloc[2] == pytest.approx(0.1)
    assert deu.line_rates("NOR", lines, date(2023, 3, 1))["banned"].tolist() == [False] * 3


def test_as_of_and_cap_levels(ledger) -> None:  # type: ignore[no-untyped-def]
    def ids(d: date) -> set[str]:
        return {e.id for e in ledger.as_of(d)}

    sec = "us-secondary-duty-india-russian-oil"
    assert sec not in ids(date(2025, 8, 26)) and sec in ids(date(2025, 8, 27))
    assert sec in ids(date(2026, 2, 6)) and sec not in ids(date(2026, 2, 7))
    art3ma = "eu-ban-products-from-russian-crude"
    assert art3ma not in ids(date(2026, 1, 20)) and art3ma in ids(date(2026, 1, 21))
    assert "us-ofac-rosneft-lukoil" in ids(date(2025, 10, 22))
    assert not ids(date(2022, 3, 7))
    assert ids(date(2022, 3, 8)) == {"us-russian-oil-import-ban"}

    def cap(imposer: str, d: date) -> float:
        t = ledger.price_caps(d)
        return float(
            t[(t["imposer"] == imposer) & (t["product_class"] == "crude")]["level"].iloc[0]
        )

    assert cap("EU", date(2025, 9, 2)) == 60.0 and cap("EU", date(2025, 9, 3)) == 47.6
    assert cap("EU", date(2026, 2, 1)) == 44.1
    assert cap("GBR", date(2025, 9, 3)) == 47.6 and cap("GBR", date(2026, 2, 1)) == 47.6
    assert cap("USA", date(2026, 2, 1)) == 60.0
    t = ledger.table(date(2025, 9, 10))
    assert t.loc[t["id"] == "eu-price-cap-crude", "wind_down"].iloc[0].startswith("contracts")
    assert "USD" in t.loc[t["id"] == "eu-price-cap-crude", "measure"].iloc[0]


def test_what_the_engine_cannot_express_is_listed(ledger) -> None:  # type: ignore[no-untyped-def]
    why = dict(ledger.unconverted(date(2026, 2, 1)))
    assert "eu-ban-products-from-russian-crude" in why
    assert "price cap" in why["us-price-cap-crude"]
    sh = ledger.shocks(date(2025, 11, 1)).set_index(["id", "product"])
    assert sh.loc[("us-ofac-rosneft-lukoil", "2709"), "barred_share"] == 0.47
    assert sh.loc[("us-ofac-rosneft-lukoil", "2710"), "barred_share"] != 0.47  # crude share only
    assert (sh.loc["eu-crude-import-ban", "barred_share"] == 1.0).all()


# ----------------------------------------------------------------- bad input
GOOD_SOURCE = 'source = { instrument = "Reg X", date = 2022-06-03, article = "Art. 1" }'
EMBARGO = """[[embargo]]
id = "e1"
name = "an embargo"
imposer = "EU"
importers = ["EU27"]
exporter = "RUS"
products = ["2709"]
from = 2022-12-05
"""
CAP = """[[price_cap]]
id = "c1"
name = "a cap"
imposer = "EU"
exporter = "RUS"
products = ["2709"]
product_class = "crude"
binds = ["shipping"]
{source}
{unit}
[[price_cap.levels]]
value = 60.0
from = 2022-12-05
{to}
{source}
"""


def _load(tmp_path: Path, text: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(text)
    load_sanctions([p])


def test_entry_without_source(tmp_path: Path) -> None:
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, EMBARGO)
    e = exc.value
    assert (e.field, e.file) == ("source", str(tmp_path / "bad.toml"))
    assert "'e1'" in e.entry and "bad.toml" in str(e) and "instrument" in str(e)


def test_cap_without_unit(tmp_path: Path) -> None:
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, CAP.format(source=GOOD_SOURCE, unit="", to=""))
    assert exc.value.field == "unit" and "'c1'" in exc.value.entry
    assert "USD/bbl" in str(exc.value)


def test_date_range_that_ends_before_it_starts(tmp_path: Path) -> None:
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, EMBARGO + "to = 2022-01-01\n" + GOOD_SOURCE)
    assert exc.value.field == "to" and "before" in str(exc.value)
    with pytest.raises(SanctionsDataError) as exc:
        _load(
            tmp_path, CAP.format(source=GOOD_SOURCE, unit='unit = "USD/bbl"', to="to = 2022-12-05")
        )
    assert exc.value.field == "levels.0.to"


def test_other_bad_input(tmp_path: Path) -> None:
    with pytest.raises(SanctionsDataError, match="embargos"):
        _load(tmp_path, EMBARGO.replace("[[embargo]]", "[[embargos]]"))
    with pytest.raises(SanctionsDataError, match="ISO3") as exc:
        _load(tmp_path, EMBARGO.replace('"RUS"', '"Russia"') + GOOD_SOURCE)
    assert exc.value.field == "exporter"
    with pytest.raises(SanctionsDataError, match="used twice"):
        _load(tmp_path, EMBARGO + GOOD_SOURCE + "\n" + EMBARGO + GOOD_SOURCE)
    sec = (
        """[[secondary_tariff]]
id = "s1"
name = "a secondary tariff"
imposer = "USA"
schedule_measure = "us2025:ieepa-russia-oil-india"
"""
        + GOOD_SOURCE
    )
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, sec)  # the schedule's duty ends: the removal must be cited
    assert exc.value.field == "removal" and "'s1'" in exc.value.entry
    removal = '\nremoval = { instrument = "Order Y", date = 2026-02-06, article = "sec. 2" }'
    _load(tmp_path, sec + removal)
    late = removal.replace("2026-02-06", "2026-03-01")
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, sec + late)
    assert exc.value.field == "removal.date"
    for bad, field in (
        ("us2025:no-such-measure", "schedule_measure"),
        ("nosuchschedule:x", "schedule_measure"),
        ("us2025:s232-steel-25", "schedule_measure"),  # not a secondary tariff
        ("us2025", "schedule_measure"),  # no measure named
    ):
        with pytest.raises(SanctionsDataError) as exc:
            _load(tmp_path, sec.replace("us2025:ieepa-russia-oil-india", bad) + removal)
        assert exc.value.field == field, bad
        assert "bad.toml" in str(exc.value) and "'s1'" in str(exc.value)
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, sec.replace('imposer = "USA"', 'imposer = "GBR"') + removal)
    assert exc.value.field == "imposer"
    with pytest.raises(SanctionsDataError) as exc:  # the tariff lives in the schedule only
        _load(tmp_path, sec + removal + "\nrate = 0.25")
    assert exc.value.field == "rate"
    with pytest.raises(SanctionsDataError) as exc:
        _load(tmp_path, EMBARGO.replace('"2709"', '"27.09"') + GOOD_SOURCE)
    assert exc.value.field.startswith("products")


def test_trade_cost_shocks(ledger) -> None:  # type: ignore[no-untyped-def]
    from tradewinds.tariffs.sanctions import trade_cost_shocks

    sh = ledger.shocks(date(2026, 2, 1))
    assert (sh["id"] == "eu-ban-products-from-russian-crude").any()
    t = trade_cost_shocks(sh, theta={"B06": 13.53, "C19": 13.53}, residual=1e-6)
    ban = t[(t["id"] == "eu-crude-import-ban") & (t["importer"] == "DEU")].iloc[0]
    assert ban["sector"] == "B06"
    assert ban["tau_hat"] ** -13.53 == pytest.approx(1e-6)  # trade kept: the residual
    des = t[(t["id"] == "us-ofac-rosneft-lukoil")].iloc[0]
    assert des["tau_hat"] ** -13.53 == pytest.approx(1 - 0.47)
    assert not (t["id"] == "eu-ban-products-from-russian-crude").any()  # share to be supplied
    with pytest.raises(KeyError):
        trade_cost_shocks(sh, theta={"B06": 13.53})
