"""The store's datasets: open it (the embedded data on first use), list, inspect,
ingest a file with any reader, remove. The CLI, the dashboard and notebooks ingest
through :func:`ingest`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tradewinds.errors import DataValidationError
from tradewinds.io.store import DatasetInfo, DatasetSpec, TradeStore, frame_hash, write_frames
from tradewinds.io.store_types import id_from_name
from tradewinds.services._common import (
    CHAPTERS_DATASET,
    CODES_DATASET,
    DEFAULT_DATASET,
    EIDB_DATASET,
    MIGRATION_DATASET,
    OFFICIAL_DATASET,
)

READER_NAMES = (
    "baci",
    "comtrade",
    "eidb",
    "dots",
    "dta",
    "world2023",
    "national",
    "national-chapters",
    "knomad",
    "icio",
)
ICIO_YEAR = 2022  # the ICIO year the package ships (io/readers/icio.EMBEDDED_YEAR)
ICIO_DATASET = f"icio-{ICIO_YEAR}"  # the multi-sector GE's default data


def _reader(name: str) -> Callable[[], DatasetSpec]:
    """The embedded dataset's reader, imported when it is first ingested."""

    def make() -> DatasetSpec:
        from tradewinds.io import readers

        reader: Callable[[], DatasetSpec] = readers.READERS[name]  # type: ignore[assignment]
        return reader()

    return make


# every embedded dataset and the reader that makes it (on first use: see open_store)
_EMBEDDED: dict[str, Callable[[], DatasetSpec]] = {
    DEFAULT_DATASET: _reader("world2023"),
    EIDB_DATASET: _reader("eidb"),
    OFFICIAL_DATASET: _reader("national"),
    CHAPTERS_DATASET: _reader("national-chapters"),
    MIGRATION_DATASET: _reader("knomad"),
    ICIO_DATASET: lambda: _icio_embedded(),
}
# ingested when the store is first opened; the others when a command first reads them
# (a first `tradewinds balance` does not pay for parsing the migration matrices)
_ON_OPEN = (DEFAULT_DATASET, EIDB_DATASET)


def _icio_embedded() -> DatasetSpec:
    from tradewinds.io.readers.icio import icio_embedded

    return icio_embedded()


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
    """Open the store with the default datasets in it (first run: ~1 s); the other
    embedded datasets are added when first read (:func:`ensure_embedded`)."""
    store = TradeStore(home)
    have = {d.id for d in store.datasets()}
    for dsid in _ON_OPEN:
        if dsid not in have:
            store.ingest(_EMBEDDED[dsid]())
    if CODES_DATASET not in have:
        store.ingest(_codes_spec())
    return store


def ensure_embedded(store: TradeStore, *dataset_ids: str) -> None:
    """Add the embedded datasets among ``dataset_ids`` (all, if none is named) that the
    store does not hold yet; other ids are left to the store to report."""
    want = dataset_ids or tuple(_EMBEDDED)
    have = {d.id for d in store.datasets()}
    for dsid in want:
        if dsid in _EMBEDDED and dsid not in have:
            store.ingest(_EMBEDDED[dsid]())


def datasets(store: TradeStore | None = None) -> list[DatasetInfo]:
    """Every dataset in the store, the embedded ones included."""
    store = store or open_store()
    ensure_embedded(store)
    return store.datasets()


def dataset_info(dataset: str, store: TradeStore | None = None) -> DatasetInfo:
    store = store or open_store()
    ensure_embedded(store, dataset)
    return store.info(dataset)


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
            path, dataset_id=dataset_id or id_from_name(path.stem.split(".")[0]), vintage=vintage
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
    if reader == "national":
        return readers.read_national(
            path, dataset_id=dataset_id or id_from_name(path.stem.split(".")[0]), vintage=vintage
        )
    if reader == "national-chapters":
        return readers.read_national_chapters(
            path, dataset_id=dataset_id or id_from_name(path.stem.split(".")[0])
        )
    if reader == "knomad":
        return readers.read_knomad(
            *_knomad_files(path), dataset_id=dataset_id or id_from_name(path.name), vintage=vintage
        )
    raise DataValidationError(
        f"unknown reader {reader!r}",
        column="reader",
        fix=f"use one of {', '.join(READER_NAMES)}",
    )


def _knomad_files(folder: Path) -> tuple[Path, Path]:
    """The stock and remittance files of a KNOMAD folder (``migrant_stock*.csv[.gz]``,
    ``remittances*.csv[.gz]``)."""
    found = []
    for stem in ("migrant_stock", "remittances"):
        hits = sorted(folder.glob(f"{stem}*.csv*")) if folder.is_dir() else []
        if len(hits) != 1:
            raise DataValidationError(
                f"{'no' if not hits else 'more than one'} {stem}*.csv file in {folder}",
                file=str(folder),
                fix="give a folder with one migrant_stock*.csv and one remittances*.csv "
                "(the KNOMAD long layout, see docs/data.md)",
            )
        found.append(hits[0])
    return found[0], found[1]


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
        reader,
        Path(path),
        dataset_id=dataset_id,
        vintage=vintage,
        hs_version=hs_version,
        year=year,
    )
    return store.ingest(spec, replace=replace)


def fetch_baci(
    release: str,
    years: Sequence[int],
    folder: Path | str,
    *,
    hs_version: str = "HS17",
    ingest_years: bool = False,
    max_bytes: int | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
    transport: Any = None,
    store: TradeStore | None = None,
) -> list[Path | DatasetInfo]:
    """Download a BACI release (resumable, capped) and extract ``years`` into ``folder``;
    with ``ingest_years`` each year is validated and added to the store
    (``baci-hs17-2023`` …). Returns the files, or the ingested datasets."""
    from tradewinds.io.fetch.baci import MAX_ZIP_BYTES
    from tradewinds.io.fetch.baci import fetch_baci as _fetch

    paths = _fetch(
        hs_version,
        release,
        list(years),
        Path(folder),
        transport=transport,
        max_bytes=max_bytes or MAX_ZIP_BYTES,
        on_progress=on_progress,
    )
    if not ingest_years:
        return list(paths)
    store = store or open_store()
    return [
        ingest("baci", p, dataset_id=f"baci-{hs_version.lower()}-{y}", hs_version=hs_version,
               store=store)
        for p, y in zip(paths, years, strict=True)
    ]  # fmt: skip


def fetch_comtrade(
    reporter: str,
    periods: Sequence[str],
    out: Path | str,
    *,
    partners: Sequence[str] = ("WLD",),
    flows: Sequence[str] = ("X", "M"),
    cmd: Sequence[str] = ("TOTAL",),
    freq: str = "A",
    ingest_file: bool = False,
    dataset_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    transport: Any = None,
    store: TradeStore | None = None,
) -> Path | DatasetInfo:
    """Download a UN Comtrade query (key from ``COMTRADE_API_KEY``) to ``out``; with
    ``ingest_file`` validate it and add it to the store."""
    from tradewinds.io.fetch.comtrade import ComtradeQuery, comtrade_code
    from tradewinds.io.fetch.comtrade import fetch_comtrade as _fetch

    q = ComtradeQuery(
        reporter=comtrade_code(reporter),
        partners=tuple(comtrade_code(p) for p in partners),
        flows=tuple(flows),
        periods=tuple(periods),
        cmd=tuple(cmd),
        freq=freq,
    )
    path = _fetch(q, Path(out), transport=transport, on_progress=on_progress)
    if not ingest_file:
        return path
    return ingest("comtrade", path, dataset_id=dataset_id, store=store)
