"""CEPII BACI release files (https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37).

A release is one zip per HS version (e.g. ``BACI_HS17_V202501.zip``) holding one CSV
per year and the country and product dictionaries. ``fetch_baci`` downloads the
zip (streamed to a ``.part`` file, then renamed) and extracts the years asked for.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.fetch.http import Transport, urllib_transport

BACI_URL = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data"


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
) -> list[Path]:
    """Download a BACI release and extract the CSVs of ``years`` into ``folder``."""
    url = baci_release_url(hs_version, release)
    resp = (transport or urllib_transport)(url, {})
    if resp.status != 200:
        raise StoreError(f"CEPII answered HTTP {resp.status} for {url}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(resp.body))
    except zipfile.BadZipFile as exc:
        raise StoreError(f"the download from {url} is not a zip file") from exc
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    names = zf.namelist()
    for y in years:
        want = f"BACI_{hs_version}_Y{y}_{release}.csv"
        if want not in names:
            raise StoreError(
                f"{want} is not in the release (it has "
                f"{', '.join(n for n in names if n.endswith('.csv'))})"
            )
        target = folder / want
        tmp = target.with_name(want + ".part")
        with zf.open(want) as src, tmp.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        tmp.replace(target)
        out.append(target)
    return out
