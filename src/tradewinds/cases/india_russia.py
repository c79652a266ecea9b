"""The India–Russia–US case of 2025 (``../shared/CASE.md``): every constant of the
showcase in one place. Generic code never names these countries, years or products;
the case service and report pass them in."""

from __future__ import annotations

INDIA, RUSSIA, USA = "IND", "RUS", "USA"
CRUDE_HS = "2709"  # crude petroleum oils
FISCAL_YEAR = "2024-25"  # the case's fiscal year (April–March), as --fiscal-year takes it
FISCAL_PERIOD = "FY2024-25"  # the same as a period label of the data
CALENDAR_YEAR = 2023  # the world matrix's year (BACI 2023)
MEASURES_DATE = "2025-08-27"  # the 50% (25% reciprocal + 25% Russia-oil duty) date
SCHEDULE = "us2025"

# library scenarios the case report runs, in order: the US measures as chained dated
# states (PE and the world GE), the 27 Aug state in the multi-sector model, India halting
# Russian oil (the duty lifted, the crude discount lost), the export push
SCENARIOS = (
    "us-india-2025-chain",
    "us-india-2025-08-27-icio",
    "india-halts-russian-oil",
    "india-russia-export-push",
)
# run in a second process beside the rest when the machine has a second core: the case's
# longest scenarios (the chained US states, the multi-sector state) and the two more the
# backtest runs (the 27 Aug state in PE, August in the world model: cheap where the chain
# has priced its days)
SECOND_PROCESS = (
    "us-india-2025-chain",
    "us-india-2025-08-27-icio",
    "us-india-2025-08-27",
    "us-india-2025-08",
)
# the oil trade-off's date and crude scenario (crude as one world market)
OIL_SUPPLIER = RUSSIA
CRUDE_SCENARIO = "india-halts-russian-crude-2025"

# the plans of the news report: raise exports of pharmaceuticals, agriculture and
# textiles to Russia; crude imports shrinking (an assumption, stated in the report)
EXPORT_GROWTH = {"pharmaceuticals": 0.5, "agriculture": 1.0, "textiles_apparel": 1.0}
IMPORT_CHANGE = {"crude": -0.2}
PATH_YEARS = 5

# the claims file the case checks (data/claims/)
CLAIMS_FILE = ("claims", "india_russia_2025.toml")

# countries every scenario table of the case shows, beside the largest movers
FOCUS = (USA, INDIA, RUSSIA, "CHN", "CAN", "MEX", "DEU", "JPN", "BRA", "VNM")

# the news report's sentence (CNBC, 21 Aug 2025), verbatim: the record the case verifies
SEED_SENTENCE = (
    "Bilateral trade between New Delhi and Moscow reached a record $68.7 billion for the year "
    "ended March 2025, with India’s increased oil imports contributing to a $59 billion deficit."
)
SEED_SOURCE = "CNBC, 21 Aug 2025 (India, Russia vow to deepen trade ties …)"
