"""The store's datasets: open it (the embedded data on first use), list, inspect,
ingest a file with any reader, remove. The CLI, the dashboard and notebooks ingest
through :func:`ingest`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tradewinds.errors import DataValidationError
from tradewinds.io.readers import read_eidb, read_world2023
from tradewinds.io.readers.icio import EMBEDDED_YEAR as ICIO_YEAR
from tradewinds.io.readers.icio import icio_embedded
from tradewinds.io.store import DatasetInfo, DatasetSpec, TradeStore, frame_hash, write_frames
from tradewinds.services._common import CODES_DATASET, DEFAULT_DATASET, EIDB_DATASET

READER_NAMES = ("baci", "comtrade", "eidb", "dots", "dta", "world2023", "icio")
ICIO_DATASET = f"icio-{ICIO_YEAR}"  # the embedded ICIO year (multi-sector GE)

_EMBEDDED: dict[str, Callable[[], DatasetSpec]] = {
    DEFAULT_DATASET: read_world2023,
    EIDB_DATASET: read_eidb,
    ICIO_DATASET: icio_embedded,  # ~0.5 s of a first open (measured in docs/cli/data.md)
}


def _codes_spec() -> DatasetSpec:
    from tradewinds.io.codes import countries, hs_nomenclature

    cc = countries().table
    hs = hs_nomenclature()
    frames = {"countries": cc, "hs2022": hs.table, "hs_sections": hs.sections}
    return DatasetSpec(
        id=CODES_DATASET,
        kind="codes",
        source="ISO 3166 / UN M49, CEPII BACI, WCO HS 2022",
        vintage="country-codes caa72d1e; BACI V202501; HS 2022",
        content_hash=frame_hash(frames, extra="codes/v1"),
        write=write_frames(frames),
        description="Code lists: countries and the HS 2022 nomenclature",
        coverage="all ISO 3166 countries plus historic BACI codes",
        reader="embedded",
    )


def open_store(home: str | None = None) -> TradeStore:
    """Open the store and make sure the embedded datasets are in it (first run: ~1 s)."""
    store = TradeStore(home)
    have = {d.id for d in store.datasets()}
    for dsid, make in _EMBEDDED.items():
        if dsid not in have:
            store.ingest(make())
    if CODES_DATASET not in have:
        store.ingest(_codes_spec())
    return store


def datasets(store: TradeStore | None = None) -> list[DatasetInfo]:
    return (store or open_store()).datasets()


def dataset_info(dataset: str, store: TradeStore | None = None) -> DatasetInfo:
    return (store or open_store()).info(dataset)


def remove(dataset: str, store: TradeStore | None = None) -> DatasetInfo:
    return (store or open_store()).remove(dataset)


def read_file(
    reader: str,
    path: Path,
    *,
    dataset_id: str | None = None,
    vintage: str | None = None,
    hs_version: str = "HS17",
    year: int | None = None,
) -> DatasetSpec:
    """Validate a file with one of the readers and return what the store would ingest.
    ``year``: the year to read from a multi-year source (icio; required there)."""
    from tradewinds.io import readers

    path = Path(path)
    if reader == "baci":
        return readers.read_baci(
            path, dataset_id=dataset_id, hs_version=hs_version, vintage=vintage
        )
    if reader == "world2023":
        return readers.read_world2023(path, dataset_id=dataset_id or "world2023-file")
    if reader == "eidb":
        return readers.read_eidb(
            path, dataset_id=dataset_id or path.stem.split(".")[0], vintage=vintage
        )
    if reader == "dta":
        return readers.yotov_flows(path, dataset_id=dataset_id)
    if reader == "comtrade":
        return readers.read_comtrade(path, dataset_id=dataset_id, vintage=vintage)
    if reader == "dots":
        return readers.read_dots(path, dataset_id=dataset_id, vintage=vintage)
    if reader == "icio":
        if year is None:
            raise DataValidationError(
                "the ICIO files hold many years; which one?",
                file=str(path),
                column="year",
                fix="pass --year, e.g. --year 2019",
            )
        return readers.read_icio(path, year=year, dataset_id=dataset_id)
    raise DataValidationError(
        f"unknown reader {reader!r}",
        column="reader",
        fix=f"use one of {', '.join(READER_NAMES)}",
    )


def ingest(
    reader: str,
    path: Path | str,
    *,
    dataset_id: str | None = None,
    replace: bool = False,
    vintage: str | None = None,
    hs_version: str = "HS17",
    year: int | None = None,
    store: TradeStore | None = None,
) -> DatasetInfo:
    """Validate a file and add it to the store atomically (a no-op if unchanged;
    ``info.skipped`` says so)."""
    store = store or open_store()
    spec = read_file(
        reader, Path(path), dataset_id=dataset_id, vintage=vintage, hs_version=hs_version, year=year
    )
    return store.ingest(spec, replace=replace)
