"""CEPII BACI release files (https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37).

A release is one zip per HS version (e.g. ``BACI_HS17_V202501.zip``, about 2–3 GB)
holding one CSV per year and the country and product dictionaries. ``fetch_baci``
downloads the zip to ``folder`` (resumable, size-capped, renamed into place when
complete; kept, so other years need no new download) and extracts the years asked
for, each through a ``.part`` file.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.fetch.http import Progress, Transport, download_file

BACI_URL = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data"
MAX_ZIP_BYTES = 8 * 1024**3  # a release zip is 2–3 GB
MAX_YEAR_BYTES = 4 * 1024**3  # one year's CSV, uncompressed, is under 1.5 GB


def baci_release_url(hs_version: str, release: str) -> str:
    if not re.fullmatch(r"HS(92|96|02|07|12|17|22)", hs_version):
        raise DataValidationError(
            f"HS version {hs_version!r} is not one BACI publishes",
            column="hs_version",
            fix="use HS92, HS02, HS17 or HS22 …",
        )
    if not re.fullmatch(r"V\d{6}", release):
        raise DataValidationError(
            f"release {release!r} is not like V202501",
            column="release",
            fix="use the release name, e.g. V202501",
        )
    return f"{BACI_URL}/BACI_{hs_version}_{release}.zip"


def fetch_baci(
    hs_version: str,
    release: str,
    years: Sequence[int],
    folder: Path,
    *,
    transport: Transport | None = None,
    max_bytes: int = MAX_ZIP_BYTES,
    max_year_bytes: int = MAX_YEAR_BYTES,
    on_progress: Progress | None = None,
) -> list[Path]:
    """Download a BACI release and extract the CSVs of ``years`` into ``folder``."""
    url = baci_release_url(hs_version, release)
    if not years:
        raise DataValidationError("no years asked for", column="years", fix="give --years 2023")
    folder = Path(folder)
    zpath = download_file(
        url,
        folder / f"BACI_{hs_version}_{release}.zip",
        max_bytes=max_bytes,
        transport=transport,
        on_progress=on_progress,
    )
    try:
        zf = zipfile.ZipFile(zpath)
    except zipfile.BadZipFile as exc:
        zpath.unlink(missing_ok=True)
        raise StoreError(f"the download from {url} is not a zip file (removed)") from exc
    out = []
    with zf:
        names = zf.namelist()
        for y in years:
            want = f"BACI_{hs_version}_Y{y}_{release}.csv"
            if want not in names:
                raise StoreError(
                    f"{want} is not in the release (it has "
                    f"{', '.join(n for n in names if n.endswith('.csv'))})"
                )
            size = zf.getinfo(want).file_size
            if size > max_year_bytes:
                raise StoreError(
                    f"{want} unpacks to {size:,} bytes, over the cap of {max_year_bytes:,}"
                )
            target = folder / want
            tmp = target.with_name(want + ".part")
            written = 0
            with zf.open(want) as src, tmp.open("wb") as dst:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > max_year_bytes:  # the header may understate it
                        dst.close()
                        tmp.unlink(missing_ok=True)
                        raise StoreError(f"{want} unpacks to more than {max_year_bytes:,} bytes")
                    dst.write(chunk)
            tmp.replace(target)
            out.append(target)
    return out
