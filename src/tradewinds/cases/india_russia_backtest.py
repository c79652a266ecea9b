"""The India–Russia–US case against what happened: which library predictions have an
observed counterpart in the official FY2025-26 figures (DGCI&S, provisional), and what
the models cannot see. Read by :func:`tradewinds.services.outcomes.backtest`."""

from __future__ import annotations

from tradewinds.cases.india_russia import INDIA, RUSSIA, USA
from tradewinds.scenarios.backtest import Counterpart

BASE_PERIOD = "FY2024-25"
TARGET_PERIOD = "FY2025-26"
CHAIN = "us-india-2025-chain"
CHAPTER_SCENARIO = CHAIN  # its FY2025-26 state by HS chapter, against world exports

COUNTERPARTS: tuple[Counterpart, ...] = (
    Counterpart(
        CHAIN,
        "India's exports to the US",
        INDIA,
        USA,
        "exports",
        "pe_state",
        state=TARGET_PERIOD,
        policy="FY2025-26 day by day: 10% from 5 Apr, 25% from 7 Aug, 50% from 27 Aug, "
        "25% from 7 Feb, Section 122's 10% from 24 Feb 2026, with each day's exemptions",
    ),
    Counterpart(
        CHAIN,
        "India's exports to the US",
        INDIA,
        USA,
        "exports",
        "ge_state",
        state=TARGET_PERIOD,
        policy="the same days, in the world tariff model",
        note="a long-run equilibrium set beside one year's data",
    ),
    Counterpart(
        "us-india-2025-08-27",
        "India's exports to the US",
        INDIA,
        USA,
        "exports",
        "pe_state",
        state="2025-08-27",
        policy="the measures of 27 Aug 2025 (25% reciprocal + 25% Russia-oil duty)",
    ),
    Counterpart(
        "us-india-2025-08",
        "India's exports to the US",
        INDIA,
        USA,
        "exports",
        "ge_pair",
        policy="50% on every Indian good, no exemptions (an upper bound)",
        note="a long-run equilibrium with no exemptions set beside one year's data",
    ),
    Counterpart(
        "us-india-2025-08-27-icio",
        "India's exports to the US",
        INDIA,
        USA,
        "exports",
        "ge_pair_sectors",
        state="2025-08-27",
        policy="the measures of 27 Aug 2025 by sector, exemptions kept (multi-sector, ICIO 2022)",
        note="a long-run equilibrium set beside one year's data",
    ),
    Counterpart(
        "india-halts-russian-oil",
        "India–Russia trade (both ways)",
        INDIA,
        RUSSIA,
        "total",
        "embargo_imports",
        policy="India stops importing Russian crude from 27 Aug 2025",
        note="conditional on a halt that did not happen: India kept importing Russian crude "
        "(fewer barrels, lower prices)",
    ),
    Counterpart(
        "india-russia-export-push",
        "India's exports to Russia",
        INDIA,
        RUSSIA,
        "exports",
        "push_exports",
        policy="pharmaceuticals +50%, agriculture and textiles +100% (a chosen push)",
        note="an assumption of the plans of 20 Aug 2025, not a forecast",
    ),
)

#: Library predictions with no observed counterpart yet, and why.
NOT_YET: tuple[tuple[str, str], ...] = (
    (
        "us-india-2026-02-07",
        "the state of 7 Feb 2026 held for a year: FY2026-27 figures are not out",
    ),
    (
        "india-halts-russian-oil (US exports part)",
        "the oil duty lifted from 27 Aug 2025 because India stops Russian crude: it was "
        "lifted on 7 Feb 2026 instead, with a commitment, not a halt (EO of 6 Feb 2026)",
    ),
)

#: What the models cannot see, set beside every comparison.
BLIND_SPOTS: tuple[str, ...] = (
    "Composition shifts inside exempt goods: smartphones (HS 8517.13) and other electronics "
    "exempt from the reciprocal and oil duties grew fast in FY2025-26; the PE holds the "
    "lines its data lack (HS 2022 lines such as 8517.13, about 26 bn of FY2024-25 exports "
    "to the US) at their FY2024-25 level and has no demand shift towards them.",
    "Timing: orders shipped ahead of 7 Aug and 27 Aug 2025, goods in transit (exempt until "
    "17 Sep 2025), contracts priced before the duties; the FY2025-26 state averages the "
    "days but the model has no inventories or lags. The 50% applied 27 Aug 2025 – 6 Feb "
    "2026 only (164 of 365 days).",
    "Trade diversion through third countries (transshipment, re-exports through hubs) and "
    "sales moved to other markets: the PE holds every other market unchanged, so India's "
    "world exports by chapter move only by its change in the US.",
    "Prices: world prices are fixed (export supply infinitely elastic); exporters who cut "
    "their prices to keep US buyers lose less volume than the model says, and the value "
    "data mix both.",
    "The data's own policy state lacks measures older than the 2025 schedule (Section 232 "
    "steel and aluminium of 2018) and MFN duties; FY2025-26 figures are provisional.",
    "The GE models are long-run equilibria (labour and trade reallocated); one year of data "
    "is not their horizon.",
)
