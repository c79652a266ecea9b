"""The download code, on recorded responses (no network in tests)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.fetch import ComtradeQuery, HttpResponse, fetch_baci, fetch_comtrade
from tradewinds.io.readers import read_baci, read_comtrade


class Recorded:
    def __init__(self, body: bytes, status: int = 200) -> None:
        self.body, self.status = body, status
        self.calls: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        self.calls.append((url, dict(headers)))
        return HttpResponse(self.status, self.body, {})


def test_comtrade_query_urls_chunk_periods() -> None:
    months = [f"2024{m:02d}" for m in range(1, 13)] + ["202501", "202502"]
    q = ComtradeQuery(reporter=699, partners=(643, 0), periods=months, freq="M")
    urls = q.urls()
    assert len(urls) == 2
    assert urls[0].startswith("https://comtradeapi.un.org/data/v1/get/C/M/HS?")
    assert "reporterCode=699" in urls[0] and "partnerCode=643,0" in urls[0]
    assert "period=202501,202502" in urls[1]
    with pytest.raises(DataValidationError):
        ComtradeQuery(reporter=699).urls()


def test_fetch_comtrade_replays_recorded_response(tmp_path: Path, fixtures: Path) -> None:
    rec = Recorded((fixtures / "comtrade_ind_rus_monthly.json").read_bytes())
    q = ComtradeQuery(reporter=699, partners=(643,), periods=["202404"], freq="M")
    out = fetch_comtrade(q, tmp_path / "ct.json", key="secret", transport=rec)
    assert rec.calls[0][1] == {"Ocp-Apim-Subscription-Key": "secret"}
    doc = json.loads(out.read_text())
    assert doc["count"] == len(doc["data"]) == 51
    assert read_comtrade(out).reader == "comtrade"


def test_fetch_comtrade_errors(tmp_path: Path) -> None:
    q = ComtradeQuery(reporter=699, periods=["2024"])
    with pytest.raises(StoreError, match="COMTRADE_API_KEY"):
        fetch_comtrade(q, tmp_path / "x.json", key="k", transport=Recorded(b"", 401))
    with pytest.raises(StoreError, match="Comtrade error"):
        fetch_comtrade(
            q, tmp_path / "x.json", key="k", transport=Recorded(b'{"error": "bad period"}')
        )
    assert not (tmp_path / "x.json").exists()


def test_fetch_baci_from_recorded_zip(tmp_path: Path, fixtures: Path) -> None:
    rec = Recorded((fixtures / "baci_release_recorded.zip").read_bytes())
    paths = fetch_baci("HS17", "V202501", [2022], tmp_path, transport=rec)
    assert rec.calls[0][0] == ("https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS17_V202501.zip")
    assert paths[0].name == "BACI_HS17_Y2022_V202501.csv"
    spec = read_baci(paths[0])
    assert spec.vintage == "BACI V202501"
    with pytest.raises(StoreError, match="not in the release"):
        fetch_baci("HS17", "V202501", [2019], tmp_path, transport=rec)
    with pytest.raises(DataValidationError):
        fetch_baci("HS18", "V202501", [2022], tmp_path, transport=rec)
