"""The embedded world 2023 goods-trade matrix (194 countries, BACI 2023, thousands USD).

Source: CEPII BACI HS22 V202501, year 2023, as used by Ignatenko, Lashkaripour,
Macedoni & Simonovska (2025), with World Bank GDP 2023 and the USTR rates of
2 April 2025. Row i of the matrix is the exporter, column j the importer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.codes import countries
from tradewinds.io.embedded import WORLD2023_DIR, data_path
from tradewinds.io.readers._common import numeric, require_columns
from tradewinds.io.schema import FLOW_COLUMNS, MACRO_COLUMNS, TOTAL, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames
from tradewinds.io.validate import check_file, read_csv_table, scaled

SOURCE = "CEPII BACI HS22 V202501 (2023), via Ignatenko et al. (2025) replication data"
VINTAGE = "BACI V202501, year 2023"
COVERAGE = (
    "Calendar year 2023, all goods, 194 countries; BACI reconciles exporter and importer "
    "reports into FOB values (not national statistics, not India's fiscal year)"
)


def read_world2023(
    folder: Path | str | None = None, *, dataset_id: str = "world2023"
) -> DatasetSpec:
    """Read the world 2023 folder (``trade_cepii.csv.gz``, ``gdp.csv``, ``tariffs.csv``,
    ``country_labels.csv``); defaults to the embedded copy."""
    base = Path(folder) if folder is not None else data_path(WORLD2023_DIR)
    if not base.is_dir():
        raise DataValidationError(
            "is not a folder" if base.exists() else "folder not found",
            file=str(base),
            fix="point to a folder with the four world2023 files (country_labels.csv, "
            "trade_cepii.csv.gz, gdp.csv, tariffs.csv)",
        )
    files = [
        base / n for n in ("country_labels.csv", "trade_cepii.csv.gz", "gdp.csv", "tariffs.csv")
    ]
    for f in files:
        check_file(f, what="one of the four world2023 files")
    flows, macro = world2023_frames(base)
    return DatasetSpec(
        id=dataset_id,
        kind="flows",
        source=SOURCE,
        vintage=VINTAGE,
        content_hash=file_hash(*files, extra="world2023/v1"),
        write=write_frames({"flows": flows, "macro": macro}),
        description="World goods trade matrix 2023 (194 countries) with GDP 2023 and the "
        "US reciprocal tariff rates announced on 2 April 2025",
        coverage=COVERAGE,
        reader="world2023",
        origin=str(base),
    )


def world2023_frames(base: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    labels = read_csv_table(base / "country_labels.csv", what="the world2023 country labels")
    require_columns(labels.frame.columns, ["iso3"], file=labels.file)
    n = len(labels.frame)
    cc = countries()
    iso = [
        cc.resolve(str(c), file=labels.file, row=int(labels.lines[i]), column="iso3")
        for i, c in enumerate(labels.frame["iso3"])
    ]
    trade = read_csv_table(base / "trade_cepii.csv.gz", what="the world2023 trade matrix")
    raw = trade.frame
    if raw.shape != (n, n):
        raise DataValidationError(
            f"trade matrix is {raw.shape[0]}×{raw.shape[1]}, labels list {n} countries",
            file=trade.file,
            fix="use the matrix and labels of one release",
        )
    cols = [
        scaled(
            numeric(raw, col, file=trade.file, row_offset=0, nullable=True, lines=trade.lines),
            1000.0,
            file=trade.file,
            column=col,
            unit="thousands of USD",
            lines=trade.lines,
        ).to_numpy()
        for col in raw.columns
    ]
    X = np.column_stack(cols) if cols else np.zeros((0, 0))
    i_idx, j_idx = np.nonzero(np.nan_to_num(X) > 0)
    flows = pd.DataFrame(
        {
            "period": "2023",
            "freq": "A",
            "year": 2023,
            "exporter": np.asarray(iso, dtype=object)[i_idx],
            "importer": np.asarray(iso, dtype=object)[j_idx],
            "product": TOTAL,
            "hs_version": "HS22",
            "value_usd": X[i_idx, j_idx],  # BACI unit: thousands of USD, scaled above
            "flow_reporter": "BACI",
            "source": "BACI",
            "vintage": VINTAGE,
        }
    )
    values = {}
    for name, col in (("gdp.csv", "gdp"), ("tariffs.csv", "applied_tariff")):
        t = read_csv_table(base / name, what=f"the world2023 {name}")
        if col not in t.frame or len(t.frame) != n:
            raise DataValidationError(
                f"expected column {col!r} with {n} rows",
                file=t.file,
                fix="use the files of one release",
            )
        values[col] = numeric(t.frame, col, file=t.file, row_offset=0, lines=t.lines)
    macro = pd.concat(
        [
            pd.DataFrame(
                {
                    "iso3": iso,
                    "year": 2023,
                    "indicator": "gdp",
                    "value": values["gdp"],
                    "unit": "USD",
                    "source": "World Bank WDI, GDP current USD",
                }
            ),
            pd.DataFrame(
                {
                    "iso3": iso,
                    "year": 2025,
                    "indicator": "us_tariff_2025_04_02",
                    "value": values["applied_tariff"],
                    "unit": "fraction",
                    "source": "USTR reciprocal tariff calculation, 2 April 2025",
                }
            ),
        ],
        ignore_index=True,
    )
    return conform(flows, FLOW_COLUMNS), conform(macro, MACRO_COLUMNS)
