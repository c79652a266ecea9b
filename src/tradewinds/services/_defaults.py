"""The services' default dataset and scenario names, in a module that imports nothing:
the CLI shows them as option defaults in ``--help`` without loading pandas or the store
(``services._common`` and ``services.oil`` take them from here)."""

from __future__ import annotations

DEFAULT_DATASET = "world2023"
EIDB_DATASET = "india-eidb"
CODES_DATASET = "codes"
# embedded official statistics (kind "official"): India's DGCI&S partner table by fiscal
# year, India–world trade by HS chapter; and the KNOMAD migration matrices
OFFICIAL_DATASET = "india-tradestat"
CHAPTERS_DATASET = "india-eidb-hs2-world"
MIGRATION_DATASET = "knomad-2021"
#: the library scenario that prices the EO 14329 duty (PE, 7 Aug → 27 Aug 2025 states)
DUTY_SCENARIO = "us-secondary-duty-on-india"
