"""World Bank / KNOMAD bilateral migrant stocks and remittances (a ``migration`` dataset).

Embedded: the 2021 vintage (``tradewinds/data/knomad2021``, see its PROVENANCE.md):
"Bilateral Estimates of Migrant Stocks in 2021" and "Bilateral Remittance Estimates for
2021 using Migrant Stocks, Host Country Incomes, and Origin Country Incomes" (December
2022 version). Both are KNOMAD/World Bank staff *estimates*, not counts or reported
flows; the India–Russia cells (5,696 India-born in Russia; US$ 27.1 mn sent to India)
pre-date the 2022–25 recruitment of Indian workers to Russia.

Layouts (long CSV, header on line 1):

- stocks: ``origin`` (country of birth), ``destination`` (country of residence),
  ``migrants`` (persons); the ``World`` destination (all emigrants of the origin) is an
  aggregate and checked against the rows: Σ destinations = World.
- remittances: ``sending_country`` (host country of the migrants),
  ``receiving_country``, ``remittances_usd_mn`` (US$ million).

Countries are World Bank names ("Russian Federation", "Egypt, Arab Rep.") or ISO3;
``World``/``WORLD`` map to WLD, KNOMAD's residual groups "Other North"/"Other South"
to XON/XOS. Tables: ``migrants`` (MIGRANT_STOCK_COLUMNS) and ``remittances``
(REMITTANCE_COLUMNS), with the aggregates kept (flagged by the WLD/XON/XOS codes).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.codes import WORLD
from tradewinds.io.embedded import data_path
from tradewinds.io.readers._common import country_codes, require_columns
from tradewinds.io.readers.national import finite_numbers, read_csv_text
from tradewinds.io.schema import MIGRANT_STOCK_COLUMNS, REMITTANCE_COLUMNS, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames

KNOMAD_DATASET = "knomad-2021"
KNOMAD_SOURCE = "World Bank / KNOMAD bilateral migration and remittance matrices"
KNOMAD_VINTAGE = (
    "2021 estimates (migrant stocks 2021; remittance matrix 2021, December 2022 version)"
)
KNOMAD_COVERAGE = (
    "all country pairs of the KNOMAD matrices (219 origins), 2021 only. ESTIMATES: stocks "
    "from UN DESA census rounds moved to 2021, remittances allocated by a model (stocks × "
    "host and origin incomes), not reported flows. India–Russia cells are tiny and pre-date "
    "2022–25 labour recruitment: a baseline, not the present."
)
STOCK_FILE = ("knomad2021", "migrant_stock_2021.csv.gz")
REMITTANCE_FILE = ("knomad2021", "remittances_2021.csv.gz")
AGGREGATES = frozenset({WORLD, "XON", "XOS"})


def _no_dup(frame: pd.DataFrame, a: str, b: str, *, file: str) -> None:
    dup = frame.duplicated([a, b])
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataValidationError(
            f"pair {frame[a].iloc[pos]}–{frame[b].iloc[pos]} appears twice",
            file=file,
            row=pos + 2,
            column=a,
            fix="keep one row per pair (two spellings of one country map to the same code)",
        )


def migrant_stock_frame(
    path: Path | str,
    *,
    year: int = 2021,
    source: str = KNOMAD_SOURCE,
    vintage: str = KNOMAD_VINTAGE,
    tolerance: float = 1e-6,
) -> pd.DataFrame:
    """Validated bilateral migrant stocks; Σ destinations must equal the ``World`` column
    within ``tolerance`` (relative) for every origin that has one."""
    p = Path(path)
    file = str(p)
    raw = read_csv_text(p, "the KNOMAD long layout")
    require_columns(raw.columns, ["origin", "destination", "migrants"], file=file)
    origin = country_codes(raw, "origin", file=file, row_offset=2)
    dest = country_codes(raw, "destination", file=file, row_offset=2)
    out = pd.DataFrame(
        {
            "year": year,
            "origin": origin,
            "destination": dest,
            "origin_label": raw["origin"].str.strip(),
            "destination_label": raw["destination"].str.strip(),
            "migrants": finite_numbers(raw, "migrants", file=file, unit="persons"),
            "source": source,
            "vintage": vintage,
        }
    )
    _no_dup(out, "origin", "destination", file=file)
    world = out[out["destination"] == WORLD].set_index("origin")["migrants"]
    rows = out[out["destination"] != WORLD].groupby("origin")["migrants"].sum()
    both = world.index.intersection(rows.index)
    rel = ((rows[both] - world[both]).abs() / world[both].where(world[both] > 0)).fillna(0.0)
    if (rel > tolerance).any():
        o = str(rel.idxmax())
        raise DataValidationError(
            f"migrants born in {o} add up to {rows[o]:,.0f} over destinations but the "
            f"World column says {world[o]:,.0f}",
            file=file,
            column="migrants",
            fix="check for a missing or mistyped destination of that origin",
        )
    return conform(out, MIGRANT_STOCK_COLUMNS)


def remittance_frame(
    path: Path | str,
    *,
    year: int = 2021,
    source: str = KNOMAD_SOURCE,
    vintage: str = KNOMAD_VINTAGE,
) -> pd.DataFrame:
    """Validated bilateral remittances (US$; the file is in US$ million)."""
    p = Path(path)
    file = str(p)
    raw = read_csv_text(p, "the KNOMAD long layout")
    require_columns(
        raw.columns, ["sending_country", "receiving_country", "remittances_usd_mn"], file=file
    )
    out = pd.DataFrame(
        {
            "year": year,
            "sender": country_codes(raw, "sending_country", file=file, row_offset=2),
            "receiver": country_codes(raw, "receiving_country", file=file, row_offset=2),
            "sender_label": raw["sending_country"].str.strip(),
            "receiver_label": raw["receiving_country"].str.strip(),
            "value_usd": finite_numbers(raw, "remittances_usd_mn", file=file, unit="US$ million")
            * 1e6,
            "source": source,
            "vintage": vintage,
        }
    )
    _no_dup(out, "sender", "receiver", file=file)
    return conform(out, REMITTANCE_COLUMNS)


def read_knomad(
    stocks: Path | str | None = None,
    remittances: Path | str | None = None,
    *,
    dataset_id: str = KNOMAD_DATASET,
    year: int = 2021,
    vintage: str | None = None,
) -> DatasetSpec:
    """KNOMAD bilateral migrant stocks and remittances as a ``kind="migration"`` dataset
    (defaults: the embedded 2021 vintage). Tables ``migrants`` and ``remittances``."""
    embedded = stocks is None and remittances is None
    sp = data_path(*STOCK_FILE) if stocks is None else Path(stocks)
    rp = data_path(*REMITTANCE_FILE) if remittances is None else Path(remittances)
    vin = vintage or (KNOMAD_VINTAGE if embedded else f"{year} (as downloaded)")
    m = migrant_stock_frame(sp, year=year, vintage=vin)
    r = remittance_frame(rp, year=year, vintage=vin)
    return DatasetSpec(
        id=dataset_id,
        kind="migration",
        source=KNOMAD_SOURCE,
        vintage=vin,
        content_hash=file_hash(sp, rp, extra=f"knomad/v1/{year}"),
        write=write_frames({"migrants": m, "remittances": r}),
        description=f"Bilateral migrant stocks and remittances, {year} (KNOMAD/World Bank)",
        coverage=KNOMAD_COVERAGE if embedded else f"{year}; estimates as published by KNOMAD",
        reader="knomad",
        origin=f"{sp}, {rp}",
    )


def corridor(
    migrants: pd.DataFrame, remittances: pd.DataFrame, origin: str, destination: str
) -> pd.DataFrame:
    """One corridor both ways: migrants born in each country living in the other, and
    remittances each way, with the origin's totals (all emigrants, all remittances
    received) for scale. Columns: measure, from_, to, value, unit, source, vintage."""
    rows = []

    def stock(o: str, d: str) -> float:
        s = migrants[(migrants["origin"] == o) & (migrants["destination"] == d)]["migrants"]
        return float(s.sum()) if not s.empty else 0.0

    def remit(s_: str, r_: str) -> float:
        v = remittances[(remittances["sender"] == s_) & (remittances["receiver"] == r_)]
        return float(v["value_usd"].sum()) if not v.empty else 0.0

    src = str(migrants["source"].iloc[0]) if not migrants.empty else KNOMAD_SOURCE
    vin = str(migrants["vintage"].iloc[0]) if not migrants.empty else ""
    for a, b in ((origin, destination), (destination, origin)):
        rows.append(("migrant stock", a, b, stock(a, b), "persons born in from_ living in to"))
        rows.append(("remittances", b, a, remit(b, a), "US$ per year, from host to origin"))
    rows.append(("migrant stock", origin, WORLD, stock(origin, WORLD), "all emigrants of from_"))
    rows.append(("remittances", WORLD, origin, remit(WORLD, origin), "all received by to"))
    out = pd.DataFrame(rows, columns=["measure", "from_", "to", "value", "unit"])
    out["source"] = src
    out["vintage"] = vin
    return out


WORKER_FIGURES_FILE = ("workers", "published.csv")
WORKER_ASSUMPTIONS_FILE = ("workers", "assumptions_example.toml")


def load_worker_figures() -> pd.DataFrame:
    """Published figures on workers abroad (quotas, permits, statements), each with its
    source, URL, date and status ("stated" or "claim denied"). Kept apart from any
    calculation: a figure enters one only when the user picks it as an assumption."""
    t = pd.read_csv(data_path(*WORKER_FIGURES_FILE), dtype={"period": str})
    return t


def load_worker_assumptions(path: Path | str | None = None) -> dict[str, dict[str, object]]:
    """The ``[workers.NAME]`` tables of a TOML file (default: the shipped example for
    Indian workers in Russia) as ``{name: {value, unit, source, tag, note}}``; turn them
    into assumptions with :func:`tradewinds.accounting.workers.assumptions_from_mapping`."""
    import tomllib

    p = data_path(*WORKER_ASSUMPTIONS_FILE) if path is None else Path(path)
    try:
        with p.open("rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise DataValidationError(
            "file not found", file=str(p), fix="give the path of a TOML file with [workers.*]"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataValidationError(
            f"not valid TOML ({exc})", file=str(p), fix="correct the TOML syntax"
        ) from exc
    w = doc.get("workers")
    if not isinstance(w, dict) or not w:
        raise DataValidationError(
            "no [workers.NAME] tables",
            file=str(p),
            column="workers",
            fix="write [workers.workers] value = …, unit = '…', source = '…'",
        )
    return w
