"""Claims as reporters write them: the news report's own sentences verbatim and real-world
phrasings collected from the press (each with its source), parsed and judged against the
official DGCI&S series (fiscal years), BACI 2023 (calendar years) and the published
figures. Facts and sentences are quoted as test inputs; the URLs say where they were read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from tradewinds.claims.check import (
    CANNOT,
    CONSISTENT,
    INCONSISTENT,
    NOT_CHECKABLE,
    Verdict,
    judge,
)
from tradewinds.claims.parser import ClaimError, find_claims, parse_claim, parse_claims
from tradewinds.errors import UnknownCodeError
from tradewinds.io.embedded import data_path
from tradewinds.io.published import load_published_figures
from tradewinds.io.readers.eidb import eidb_frame
from tradewinds.io.readers.national import PARTNERS_FILE, TOTALS_FILE, national_frames
from tradewinds.io.readers.world2023 import world2023_frames

# The seed: CNBC, "India, Russia vow to deepen trade ties, defying Trump's tariff threats
# over oil", 21 Aug 2025, read at its syndicated copy https://prchief.com/india-russia-vow-to-
# deepen-trade-ties-defying-trumps-tariff-threats-over-oil (CASE.md quotes the same report).
SEED_URL = "https://prchief.com/india-russia-vow-to-deepen-trade-ties-defying-trumps-tariff-threats-over-oil"
SEED_RECORD = (
    "Bilateral trade between New Delhi and Moscow reached a record $68.7 billion for the year "
    "ended March 2025, with India’s increased oil imports contributing to a $59 billion deficit."
)
SEED_TARIFF = (
    "India currently faces additional tariffs of up to 50% on goods shipped to the U.S., after "
    "the Trump administration escalated tariff threats in response to its substantial imports "
    "of Russian energy."
)
SEED_STEADIEST = (
    "The India-Russia relations had been among the “steadiest of the major relationships in the "
    "world after the Second World War,” Indian foreign minister Subrahmanyam Jaishankar said at "
    "a joint press conference in Moscow."
)
SEED_ARTICLE = "\n\n".join(
    [
        "India and Russia agreed Thursday to expand bilateral trade ties, signaling that U.S. "
        "tariff pressure on New Delhi over Russian oil purchases is unlikely to derail their "
        "partnership.",
        SEED_TARIFF,
        SEED_STEADIEST,
        "Both countries vowed to boost bilateral trade, including increasing India’s exports of "
        "pharmaceuticals, agriculture and textiles to Russia to help reduce the current "
        "imbalance, Jaishankar said.",
        SEED_RECORD,
        "Other plans include sending Indian workers with skills in IT, construction and "
        "engineering to help Russia address its labor shortages, Jaishankar added.",
    ]
)


@pytest.fixture(scope="module")
def frames() -> dict[str, Any]:
    off, tot = national_frames(data_path(*PARTNERS_FILE), data_path(*TOTALS_FILE))
    cal, _ = world2023_frames(data_path("world2023"))
    eidb = eidb_frame(
        data_path("india_eidb", "india_exports_hs8_to_RUS_USA_fy2018-19_2024-25.csv.gz"),
        vintage="EIDB",
    )
    return {
        "official": off,
        "official_totals": tot,
        "calendar": cal,
        "published": load_published_figures(),
        "partial": {"india-eidb": eidb},
    }


def verdicts(
    text: str,
    frames: dict[str, Any],
    *,
    as_of: date | None = None,
    context: dict[str, Any] | None = None,
) -> list[Verdict]:
    return [judge(c, **frames) for c in parse_claims(text, as_of=as_of, context=context)]


def summary(v: Verdict) -> tuple[Any, ...]:
    c = v.claim
    return (c.metric, c.reporter, c.partner, c.period, c.value, v.verdict)


# --------------------------------------------------------------------------- the seed


def test_seed_record_and_deficit_sentence(frames: dict[str, Any]) -> None:
    total, deficit = verdicts(SEED_RECORD, frames)
    assert summary(total) == ("total", "IND", "RUS", "FY2024-25", 68.7, CONSISTENT)
    assert total.claim.record and total.claim.fy_start_month == 4
    assert "68.69 bn" in total.statistic and "DGCI&S FY2024-25" in total.statistic
    assert total.record.startswith("FY2024-25 (68.69 bn) is the highest of FY2010-11 … FY2025-26")
    assert total.since == ("FY2025-26 (provisional): 59.86 bn, -12.9% on FY2024-25",)
    assert any(r.startswith("agrees with DGCI&S: 68.69 bn") for r in total.reasons)
    assert summary(deficit) == ("balance", "IND", "RUS", "FY2024-25", -59.0, CONSISTENT)
    assert any("a deficit of 58.93 bn vs a deficit of 59.00 bn" in r for r in deficit.reasons)
    assert deficit.since[0].startswith("FY2025-26 (provisional): a deficit of 50.88 bn")


def test_seed_tariff_and_judgement(frames: dict[str, Any]) -> None:
    (t,) = verdicts(SEED_TARIFF, frames)
    assert (t.claim.metric, t.claim.reporter, t.claim.partner, t.claim.qualifier) == (
        "tariff",
        "USA",
        "IND",
        "up to",
    )
    assert t.verdict == CONSISTENT and "at most 50%" in t.statistic
    (j,) = verdicts(SEED_STEADIEST, frames)
    assert j.verdict == NOT_CHECKABLE and "judgement" in j.reasons[0]


def test_seed_article_read_whole() -> None:
    found = find_claims(SEED_ARTICLE)
    assert [f.status for f in found] == ["checkable", "not checkable", "checkable"]
    assert found[0].sentence == SEED_TARIFF and found[2].sentence == SEED_RECORD
    assert [c.metric for c in found[2].claims] == ["total", "balance"]
    assert found[2].line == SEED_ARTICLE[: found[2].offset].count("\n") + 1


def test_case_file_claims_keep_their_parse() -> None:
    c = parse_claim(
        "India's increased oil imports left it a $59 billion deficit",
        context={"partner": "RUS", "period": "FY2024-25"},
    )
    assert (c.metric, c.reporter, c.partner, c.period, c.value) == (
        "balance",
        "IND",
        "RUS",
        "FY2024-25",
        -59.0,
    )


# --------------------------------------------------------------------------- real-world phrasings

# (sentence, source URL, article date, context, expected [(metric, reporter, partner, period,
# value, verdict)])
CORPUS: list[tuple[str, str, date | None, dict[str, Any] | None, list[tuple[Any, ...]]]] = [
    (
        "Indian goods face additional U.S. tariffs of up to 50%, among the highest imposed by "
        "Washington, due to New Delhi’s increased purchases of Russian oil.",
        "http://3.127.128.221/?p=1227727 (Reuters, 21 Aug 2025)",
        date(2025, 8, 21),
        None,
        [("tariff", "USA", "IND", "", 50.0, CONSISTENT)],
    ),
    (
        "Jaishankar said that relations between the two countries had been among the steadiest "
        "of major nations in the world since World War Two, referring to a close friendship "
        "going back to the days of the Soviet Union.",
        "http://3.127.128.221/?p=1227727 (Reuters, 21 Aug 2025)",
        date(2025, 8, 21),
        None,
        [(None, None, None, None, None, NOT_CHECKABLE)],
    ),
    (
        "noted that bilateral trade had risen more than five-fold in four years, from $13 billion "
        "in 2021 to $ 68 billion in 2024-25, but that India's trade deficit with Russia had "
        "widened nearly nine times to $58.9 billion.",
        "https://www.daily8.com/en/article/4ea0d988d17a648ceea98cc0b290cf4a "
        "(The Wire, 20 Aug 2025)",
        date(2025, 8, 20),
        None,
        [
            ("growth", "IND", "RUS", "FY2024-25", 5.0, CONSISTENT),  # ×5.23, 2021 read as FY2021-22
            ("total", "IND", "RUS", "2021", 13.0, CANNOT),  # calendar 2021: no data here
            ("total", "IND", "RUS", "FY2024-25", 68.0, INCONSISTENT),  # 68.69 does not round to 68
            ("growth", "IND", "RUS", "FY2024-25", 9.0, CONSISTENT),  # ×8.91, "nearly nine"
            ("balance", "IND", "RUS", "FY2024-25", -58.9, CONSISTENT),
        ],
    ),
    (
        "Over the last four years, our bilateral trade in goods has increased, as you have noted, "
        "more than five-fold from $3 billion in 2021 to $68 billion in 2024-25 and it continues "
        "to grow.",
        "https://www.ndtv.com/world-news/need-to-address-trade-imbalance-between-india-and-russia-"
        "s-jaishankar-in-moscow-9131539 (NDTV, 20 Aug 2025; '$3 billion' as printed)",
        date(2025, 8, 20),
        {"reporter": "IND", "partner": "RUS"},
        [
            ("growth", "IND", "RUS", "FY2024-25", 5.0, CONSISTENT),
            ("total", "IND", "RUS", "2021", 3.0, CANNOT),
            ("total", "IND", "RUS", "FY2024-25", 68.0, INCONSISTENT),
        ],
    ),
    (
        "However, a major trade imbalance has accompanied the growth; it has increased from $6.6 "
        "billion to $58.9 billion which is about nine times.",
        "https://www.ndtv.com/world-news/need-to-address-trade-imbalance-between-india-and-russia-"
        "s-jaishankar-in-moscow-9131539 (NDTV, 20 Aug 2025)",
        date(2025, 8, 20),
        {"reporter": "IND", "partner": "RUS", "period": "FY2024-25"},
        [
            (None, None, None, None, 6.6, NOT_CHECKABLE),  # a starting value without its year
            ("balance", "IND", "RUS", "FY2024-25", -58.9, CONSISTENT),  # who runs it: not said
            (None, None, None, None, 9.0, NOT_CHECKABLE),
        ],
    ),
    (
        "India's two-way commerce with the United States stood at a high of $131.84 billion "
        "during the financial year 2024-25, the fourth consecutive year in which the US has been "
        "India's leading trading partner, as per data supplied by the Ministry of Commerce.",
        "https://www.republicworld.com/business/us-tops-indias-trade-charts-for-4th-year-whats-"
        "driving-the-boom (Republic World, 16 Apr 2025)",
        date(2025, 4, 16),
        None,
        [("total", "IND", "USA", "FY2024-25", 131.84, CONSISTENT)],  # 132.14 now, within 0.5%
    ),
    (
        "This is an increase of 11.6 per cent in exports to the US, up to $86.51 billion, and an "
        "increase of 7.44 per cent in imports from the US, up to $45.33 billion.",
        "https://www.republicworld.com/business/us-tops-indias-trade-charts-for-4th-year-whats-"
        "driving-the-boom (Republic World, 16 Apr 2025)",
        date(2025, 4, 16),
        {"reporter": "IND", "period": "FY2024-25"},
        [
            ("growth", "IND", "USA", "FY2024-25", 11.6, CONSISTENT),
            ("exports", "IND", "USA", "FY2024-25", 86.51, CONSISTENT),
            ("growth", "IND", "USA", "FY2024-25", 7.44, INCONSISTENT),  # revised: +11.9% now
            ("imports", "IND", "USA", "FY2024-25", 45.33, INCONSISTENT),  # revised: 45.63 now
        ],
    ),
    (
        "India's exports to the US grew by 11.6 per cent to $86.51 billion, compared to $77.52 "
        "billion in 2023-24.",
        "https://www.htsyndication.com/millennium-post/article/us-tops-india-s-trade-list-for-"
        "fourth-year%3B-gap-with-china-widens-to-record--99.2-billion/89510014 (Millennium Post, "
        "16 Apr 2025)",
        date(2025, 4, 16),
        None,
        [
            ("growth", "IND", "USA", "FY2024-25", 11.6, CONSISTENT),
            ("exports", "IND", "USA", "FY2024-25", 86.51, CONSISTENT),
            ("exports", "IND", "USA", "FY2023-24", 77.52, CONSISTENT),
        ],
    ),
    (
        "India's trade surplus with the US jumped 16.6% in the just-ended financial year, "
        "ballooning to $41.18 billion in FY25 from $35.32 billion in the previous year, even as "
        "President Donald Trump prepared to hike US tariffs in protest.",
        "https://origin-pre-prod.livemint.com/economy/indias-trade-surplus-us-fy25-goods-exports-"
        "trade-deficit-merchandise-exports-goods-imports-oil-gold-11744721212032.html (Mint, "
        "15 Apr 2025)",
        date(2025, 4, 15),
        None,
        [
            ("growth", "IND", "USA", "FY2024-25", 16.6, INCONSISTENT),  # +11.3% on revised data
            ("balance", "IND", "USA", "FY2024-25", 41.18, INCONSISTENT),  # 40.89 now
            ("balance", "IND", "USA", "FY2023-24", 35.32, INCONSISTENT),  # 36.75 now
        ],
    ),
    (
        "According to commerce ministry data released on Tuesday, Indian goods exports to the US "
        "in the last financial year increased by 11.6%, from $77.52 billion in FY24 to $86.51 "
        "billion in FY25.",
        "https://origin-pre-prod.livemint.com/economy/indias-trade-surplus-us-fy25-goods-exports-"
        "trade-deficit-merchandise-exports-goods-imports-oil-gold-11744721212032.html (Mint)",
        date(2025, 4, 15),
        None,
        [
            ("growth", "IND", "USA", "FY2024-25", 11.6, CONSISTENT),
            ("exports", "IND", "USA", "FY2023-24", 77.52, CONSISTENT),
            ("exports", "IND", "USA", "FY2024-25", 86.51, CONSISTENT),
        ],
    ),
    (
        "Merchandise exports for FY25 stood at $437.42 billion, marginally higher than the "
        "$437.07 billion recorded in FY24, while goods imports came in at $720.24 billion in "
        "FY25, which was $678.21 billion in FY24, as per commerce ministry data released on "
        "Tuesday.",
        "https://origin-pre-prod.livemint.com/economy/indias-trade-surplus-us-fy25-goods-exports-"
        "trade-deficit-merchandise-exports-goods-imports-oil-gold-11744721212032.html (Mint)",
        date(2025, 4, 15),
        {"reporter": "IND"},
        [
            ("exports", "IND", "WLD", "FY2024-25", 437.42, CONSISTENT),
            ("exports", "IND", "WLD", "FY2023-24", 437.07, CONSISTENT),
            ("imports", "IND", "WLD", "FY2024-25", 720.24, CONSISTENT),
            ("imports", "IND", "WLD", "FY2023-24", 678.21, CONSISTENT),
        ],
    ),
    (
        "According to the latest government data, total trade between India and Russia rose to "
        "$68.7 billion in FY25 from $8.73 billion in FY22.",
        "https://www.outlookbusiness.com/economy-and-policy/vladimir-putins-new-delhi-visit-amid-"
        "us-pressure-whats-at-stake-for-indiarussia-ties (Outlook Business, 3 Dec 2025)",
        date(2025, 12, 3),
        None,
        [
            ("total", "IND", "RUS", "FY2024-25", 68.7, CONSISTENT),
            ("total", "IND", "RUS", "FY2021-22", 8.73, INCONSISTENT),  # DGCI&S: 13.12
        ],
    ),
    (
        "Bilateral India-Russia trade soared to a record USD 68.7 billion in FY 2024-25 (up "
        "nearly fivefold from 2021), driven by redirected energy flows and growth in sectors "
        "like pharmaceuticals and defence.",
        "https://www.freepressjournal.in/business/india-russia-trade-explodes-to-687-billion-"
        "record-eyes-100-billion-by-2030 (PTI via Free Press Journal, 21 Jan 2026)",
        date(2026, 1, 21),
        None,
        [
            ("total", "IND", "RUS", "FY2024-25", 68.7, CONSISTENT),
            ("growth", "IND", "RUS", "FY2024-25", 5.0, CONSISTENT),
        ],
    ),
    (
        "In the financial year 2024-25, total India-Russia trade reached an all-time high of "
        "about USD 68.7 billion, up sharply from roughly USD 13 billion in 2021, marking nearly "
        "a five - to six- fold increase over four years.",
        "https://www.freepressjournal.in/business/india-russia-trade-explodes-to-687-billion-"
        "record-eyes-100-billion-by-2030 (PTI via Free Press Journal, 21 Jan 2026)",
        date(2026, 1, 21),
        None,
        [
            ("total", "IND", "RUS", "FY2024-25", 68.7, CONSISTENT),
            ("total", "IND", "RUS", "2021", 13.0, CANNOT),
        ],
    ),
    (
        "India's exports to Russia stood at $3.25bn, whereas imports from Moscow had been valued "
        "at $9.87bn last financial year.",
        "https://www.thenationalnews.com/world/asia/2022/10/21/india-russia-trade-soars-to-all-"
        "time-high/ (The National, 21 Oct 2022)",
        date(2022, 10, 21),
        None,
        [
            ("exports", "IND", "RUS", "FY2021-22", 3.25, CONSISTENT),
            ("imports", "IND", "RUS", "FY2021-22", 9.87, CONSISTENT),
        ],
    ),
    (
        "India's bilateral trade with Russia jumped to an all-time high of over $18 billion in "
        "five months, amid a surge in the import of fertilisers and oil.",
        "https://www.thenationalnews.com/world/asia/2022/10/21/india-russia-trade-soars-to-all-"
        "time-high/ (The National, 21 Oct 2022)",
        date(2022, 10, 21),
        None,
        [(None, None, None, None, 18.0, NOT_CHECKABLE)],  # part of a year
    ),
    (
        "Trade between the two countries reached $18.2bn between April and August this year, "
        "compared to bilateral trade of $13.12bn in the last financial year, data released by "
        "India’s Department of Commerce showed.",
        "https://www.thenationalnews.com/world/asia/2022/10/21/india-russia-trade-soars-to-all-"
        "time-high/ (The National, 21 Oct 2022)",
        date(2022, 10, 21),
        {"reporter": "IND", "partner": "RUS"},
        [
            (None, None, None, None, 18.2, NOT_CHECKABLE),
            ("total", "IND", "RUS", "FY2021-22", 13.12, CONSISTENT),
        ],
    ),
    (
        "According to latest data by India’s Ministry of Commerce and Industry, Russia exported "
        "$41.6 billion worth of goods to India in the fiscal year April 2022 and March 2023.",
        "https://www.firstpost.com/india/at-over-40-billion-russias-exports-to-india-touch-record-"
        "high-moscow-5th-largest-trading-partner-12521592.html (Firstpost, 28 Apr 2023)",
        date(2023, 4, 28),
        None,
        [("exports", "RUS", "IND", "FY2022-23", 41.6, INCONSISTENT)],  # India records 46.21
    ),
    (
        "Trade turnover between Russia and India over the April 2022-March 2023 reached $44.4 "
        "billion.",
        "https://www.firstpost.com/india/at-over-40-billion-russias-exports-to-india-touch-record-"
        "high-moscow-5th-largest-trading-partner-12521592.html (Firstpost, 28 Apr 2023)",
        date(2023, 4, 28),
        None,
        [("total", "IND", "RUS", "FY2022-23", 44.4, INCONSISTENT)],  # DGCI&S 49.36
    ),
    (
        "Trade between India and the sanctions-hit Russia touched $35 billion during the "
        "April-December period.",
        "https://business-standard.com/article/economy-policy/cheaper-crude-from-russia-pushes-"
        "india-s-imports-bill-exports-trail-123022300938_1.html (Business Standard, Feb 2023)",
        date(2023, 2, 23),
        None,
        [(None, None, None, None, 35.0, NOT_CHECKABLE)],
    ),
    (
        "India's imports from Russia rose 64 per cent to $36.27 billion during the April-October "
        "period this fiscal on higher shipments of crude oil and fertiliser, according to the "
        "commerce ministry data.",
        "https://www.rediff.com/business/report/imports-from-russia-up-64-to-3627-bn-in-apr-oct/"
        "20231115.htm (PTI via Rediff, 15 Nov 2023)",
        date(2023, 11, 15),
        None,
        [
            (None, None, None, None, 64.0, NOT_CHECKABLE),
            (None, None, None, None, 36.27, NOT_CHECKABLE),
        ],
    ),
    (
        "In 2024-25, India’s exports to the U.S. were valued over 86,000 million dollars, with "
        "imports being over 45,000 million dollars.",
        "https://excelnews.in/?p=9086 (The Hindu, Jul 2025, syndicated)",
        date(2025, 7, 31),
        None,
        [
            ("exports", "IND", "USA", "FY2024-25", 86000.0, CONSISTENT),
            ("imports", "IND", "USA", "FY2024-25", 45000.0, CONSISTENT),
        ],
    ),
    (
        "In terms of percentage, the U.S. made up around 20% of India’s exports and 6.3% of its "
        "imports.",
        "https://excelnews.in/?p=9086 (The Hindu, Jul 2025, syndicated)",
        date(2025, 7, 31),
        {"period": "FY2024-25"},
        [
            ("share", "IND", "USA", "FY2024-25", 20.0, CONSISTENT),  # 19.8%
            ("share", "IND", "USA", "FY2024-25", 6.3, CONSISTENT),  # 6.3%
        ],
    ),
    (
        "India-Russia bilateral trade, which stood at $7.46 billion in 2009, $8.53 billion in "
        "2010, and $8.87 billion in 2011, has spurted to $11.04 billion in 2012, registering a "
        "24.5% growth in 2012 compared to 2011.",
        "http://pharmaleaders.tv/india-russia-bilateral-trade-crossed-11-billion-in-2012/",
        date(2013, 3, 1),
        None,
        [
            ("total", "IND", "RUS", "2009", 7.46, CANNOT),
            ("total", "IND", "RUS", "2010", 8.53, CANNOT),
            ("total", "IND", "RUS", "2011", 8.87, CANNOT),
            ("total", "IND", "RUS", "2012", 11.04, CANNOT),
            ("growth", "IND", "RUS", "2012", 24.5, CANNOT),
        ],
    ),
    (
        "External Affairs Minister S Jaishankar highlighted the trade deficit of $58.9 billion "
        "between Russia and India, despite more than a fivefold rise in bilateral goods trade "
        "over the last four years.",
        "https://www.ndtv.com/world-news/need-to-address-trade-imbalance-between-india-and-russia-"
        "s-jaishankar-in-moscow-9131539 (NDTV, 20 Aug 2025)",
        date(2025, 8, 20),
        {"period": "FY2024-25"},
        [
            ("balance", "RUS", "IND", "FY2024-25", -58.9, CONSISTENT),  # holder not said: |−58.93|
            ("growth", "IND", "RUS", "FY2024-25", 5.0, CONSISTENT),  # FY2020-21 → FY2024-25: ×8.4
        ],
    ),
    (
        "Provisional data from India’s Commerce Ministry showed that trade between the two "
        "countries rose by 7.65% in the 2022-2023 fiscal year to $128.55 billion",
        "https://www.asiafinancial.com/the-us-is-now-indias-largest-trading-partner-bt "
        "(Asia Financial, 17 Apr 2023)",
        date(2023, 4, 17),
        {"reporter": "IND", "partner": "USA"},
        [
            ("growth", "IND", "USA", "FY2022-23", 7.65, INCONSISTENT),  # +8.3% on revised data
            ("total", "IND", "USA", "FY2022-23", 128.55, INCONSISTENT),  # 129.41 now
        ],
    ),
    (
        "India’s total exports hit a record high of $824.9 billion in FY25, surpassing $778.1 "
        "billion in 2023-24.",
        "https://wealthscopenews.com/us-bound-indian-exports-dip-50-in-fy26 (goods and services)",
        date(2025, 9, 5),
        None,
        [
            ("exports", "IND", "WLD", "FY2024-25", 824.9, INCONSISTENT),  # goods: 437.67
            ("exports", "IND", "WLD", "FY2023-24", 778.1, INCONSISTENT),
        ],
    ),
    (
        "Trade between India and Russia doubled in the first 10 months of 2023 and exceeded a "
        "record $54.7 bln, according to Indian customs data.",
        "https://en.vestikavkaza.ru/material/165455 (Vestnik Kavkaza, 23 Dec 2023)",
        date(2023, 12, 23),
        None,
        [
            (None, None, None, None, 2.0, NOT_CHECKABLE),
            (None, None, None, None, 54.7, NOT_CHECKABLE),
        ],
    ),
    (
        "He also called for the early conclusion of the India-Eurasian Economic Union Free Trade "
        "Agreement and closer engagement between businesses to help reach the revised target of "
        "growing bilateral trade to $100 billion by 2030.",
        "https://www.daily8.com/en/article/4ea0d988d17a648ceea98cc0b290cf4a (The Wire)",
        date(2025, 8, 20),
        None,
        [(None, None, None, None, 100.0, NOT_CHECKABLE)],  # a target
    ),
]


@pytest.mark.parametrize(
    "text,source,as_of,context,expect", CORPUS, ids=[f"{i:02d}" for i in range(len(CORPUS))]
)
def test_real_world_phrasings(
    frames: dict[str, Any],
    text: str,
    source: str,
    as_of: date | None,
    context: dict[str, Any] | None,
    expect: list[tuple[Any, ...]],
) -> None:
    got = verdicts(text, frames, as_of=as_of, context=context)
    assert [summary(v) for v in got] == expect, source
    for v in got:
        assert v.claim.understood  # it always says what it understood
        if v.verdict in {CONSISTENT, INCONSISTENT} and v.claim.metric != "tariff":
            assert v.statistic  # and which statistic the verdict rests on


def test_corpus_size() -> None:
    assert len(CORPUS) >= 20


def test_revised_figures_are_explained(frames: dict[str, Any]) -> None:
    growth, now, _before = verdicts(CORPUS[8][0], frames, as_of=date(2025, 4, 15))
    assert any("matches the figures published on 2025-04-15" in r for r in growth.reasons)
    assert any(
        "matches the figure published on 2025-04-15 (41.18" in r and "revised" in r
        for r in now.reasons
    )


def test_mirror_and_services_notes(frames: dict[str, Any]) -> None:
    (v,) = verdicts(CORPUS[17][0], frames)
    assert "mirrored" in v.statistic and "46.21 bn" in v.statistic
    first, _ = verdicts(CORPUS[26][0], frames)
    assert any("likely includes services" in r for r in first.reasons)
    assert any(r.startswith("not a record") for r in first.reasons)


def test_unsaid_deficit_holder_is_said(frames: dict[str, Any]) -> None:
    v = verdicts(CORPUS[24][0], frames, context={"period": "FY2024-25"})[0]
    assert not v.claim.sign_known
    assert any("the data say IND runs it" in r for r in v.reasons)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "text,column,words",
    [
        (
            "India–Russia trade reached $68.7 billion in FY2023-27",
            "period",
            "'FY2023-27' is not one",
        ),
        ("Trade between India and Russia was Rs 5 lakh crore in 2024-25.", "unit", "rupees"),
        (
            "India–Atlantis trade was $5 billion in 2024-25.",
            "partner",
            "unknown country 'Atlantis'",
        ),
        ("India-EU trade was $136 billion in 2024-25.", "partner", "group of countries"),
        ("US–China trade was $580 billion in fiscal 2025.", "period", "whose fiscal year"),
        (
            "India's exports to Russia stood at $4.9 billion last fiscal year.",
            "period",
            "depends on when it was written",
        ),
        (
            "India's exports to China declined 14.5 per cent to $14.25 billion, while imports from "
            "China increased by 11.5 per cent to $113.45 billion.",
            "period",
            "cannot tell the period",
        ),
        (
            "Merchandise exports for FY25 stood at $437.42 billion.",
            "reporter",
            "cannot tell the reporter",
        ),
        ("India–Russia trade reached $68.7 in 2023", "unit", "no scale"),
        ("India–Russia trade was strong in 2023", "value", "no value"),
    ],
)
def test_refused_clearly(text: str, column: str, words: str) -> None:
    with pytest.raises((ClaimError, UnknownCodeError)) as e:
        parse_claims(text)
    assert e.value.column == column
    assert words in str(e.value)
    assert "Fix:" in str(e.value)  # and says how to write it


def test_unreadable_sentences_in_an_article_are_reported() -> None:
    text = (
        "India's exports to Russia stood at $4.9 billion last fiscal year. "
        "The weather in Moscow was mild. India-EU trade was $136 billion in 2024-25."
    )
    found = find_claims(text)
    assert [f.status for f in found] == ["unreadable", "unreadable"]
    assert "depends on when it was written" in str(found[0].error)
    found = find_claims(text, as_of=date(2025, 8, 21))
    assert found[0].status == "checkable" and found[0].claims[0].period == "FY2024-25"


@pytest.mark.parametrize(
    "text,period",
    [
        ("India–Russia trade reached $68.7 billion in the year ended March 2025", "FY2024-25"),
        (
            "India–Russia trade reached $68.7 billion in the fiscal year ended March 31, 2025",
            "FY2024-25",
        ),
        ("India–Russia trade reached $68.7 billion in fiscal 2025", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in FY25", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in FY2025", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in 2024-25", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in FY 2024-25", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in 2024/25", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in the 2024-2025 fiscal year", "FY2024-25"),
        ("India–Russia trade reached $68.7 billion in April 2024-March 2025", "FY2024-25"),
        ("India–Russia trade was $70.2 billion in 2023", "2023"),
    ],
)
def test_period_phrasings(text: str, period: str) -> None:
    assert parse_claim(text).period == period


@pytest.mark.parametrize(
    "text,reporter,partner",
    [
        ("Trade between New Delhi and Moscow was $68.7 billion in 2024-25", "IND", "RUS"),
        ("Washington's imports from New Delhi were $86.5 billion in 2024-25", "USA", "IND"),
        ("Indian exports to the U.S. were $86.5 billion in 2024-25", "IND", "USA"),
        ("American exports to India were $45.6 billion in 2024-25", "USA", "IND"),
        ("Russian exports to India were $63.8 billion in FY25", "RUS", "IND"),
        ("Beijing's trade with New Delhi was $127.7 billion in 2024-25", "CHN", "IND"),
    ],
)
def test_capitals_and_demonyms(text: str, reporter: str, partner: str) -> None:
    c = parse_claim(text)
    assert (c.reporter, c.partner) == (reporter, partner) or (
        c.metric == "total" and {c.reporter, c.partner} == {reporter, partner}
    )


def test_growth_words() -> None:
    c = parse_claim("India's imports from Russia doubled in FY2022-23")
    assert (c.metric, c.value, c.unit, c.base_metric) == ("growth", 2.0, "times", "imports")
    c = parse_claim("India's exports to Russia were up 14.5% in FY2024-25")
    assert (c.metric, c.value, c.base_metric, c.period) == ("growth", 14.5, "exports", "FY2024-25")
    c = parse_claim("India's imports from Russia fell 13.2% in FY2025-26")
    assert c.value == -13.2


def test_as_dict_is_serialisable(frames: dict[str, Any]) -> None:
    import json

    v = verdicts(SEED_RECORD, frames)[0]
    d = v.as_dict()
    assert d["verdict"] == CONSISTENT and d["record_check"] and d["since"]
    json.dumps(d, default=str)
    assert isinstance(v.evidence, pd.DataFrame) and not v.evidence.empty
