"""The download code, on recorded responses (no network in tests)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.fetch import (
    ComtradeQuery,
    HttpResponse,
    download_file,
    fetch_baci,
    fetch_comtrade,
)
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


class RangeServer:
    """A recorded file served as a server would: honours Range, may break off after
    ``break_after`` bytes of one answer (a dropped connection)."""

    def __init__(self, body: bytes, *, break_after: int | None = None) -> None:
        self.body, self.break_after = body, break_after
        self.calls: list[dict[str, str]] = []

    def __call__(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        self.calls.append(dict(headers))
        start = int(headers["Range"][6:-1]) if "Range" in headers else 0
        rest = self.body[start:]
        cut, self.break_after = self.break_after, None

        def chunks() -> Iterator[bytes]:
            for k in range(0, len(rest), 100):
                if cut is not None and k >= cut:
                    raise StoreError("connection reset (recorded)")
                yield rest[k : k + 100]

        status = 206 if start else 200
        hdrs = {"Content-Length": str(len(rest))}
        if start:
            hdrs["Content-Range"] = f"bytes {start}-{len(self.body) - 1}/{len(self.body)}"
        return HttpResponse(status, b"", hdrs, chunks())


def test_download_resumes_where_it_broke_off(tmp_path: Path, fixtures: Path) -> None:
    body = (fixtures / "baci_release_recorded.zip").read_bytes()
    server = RangeServer(body, break_after=200)
    target = tmp_path / "BACI_HS17_V202501.zip"
    seen: list[tuple[int, int | None]] = []
    with pytest.raises(StoreError, match="connection reset"):
        download_file("u", target, max_bytes=10_000, transport=server)
    part = tmp_path / "BACI_HS17_V202501.zip.part"
    assert not target.exists() and part.stat().st_size == 200  # atomic: no half file in place
    download_file(
        "u",
        target,
        max_bytes=10_000,
        transport=server,
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert server.calls[1] == {"Range": "bytes=200-"}
    assert target.read_bytes() == body and not part.exists()
    assert seen[-1] == (len(body), len(body))
    # a second call keeps the finished file and asks nothing
    download_file("u", target, max_bytes=10_000, transport=server)
    assert len(server.calls) == 2


def test_download_refuses_files_over_the_cap(tmp_path: Path) -> None:
    server = RangeServer(b"x" * 5000)
    with pytest.raises(StoreError, match="over the cap"):
        download_file("u", tmp_path / "f", max_bytes=1000, transport=server)
    assert not (tmp_path / "f").exists() and not (tmp_path / "f.part").exists()
    # a server that does not announce the length is stopped at the cap
    with pytest.raises(StoreError, match="more than the cap"):
        download_file("u", tmp_path / "g", max_bytes=1000, transport=Recorded(b"y" * 5000))
    assert not (tmp_path / "g.part").exists()


def test_fetch_baci_extract_cap(tmp_path: Path, fixtures: Path) -> None:
    rec = Recorded((fixtures / "baci_release_recorded.zip").read_bytes())
    with pytest.raises(StoreError, match="unpacks to"):
        fetch_baci("HS17", "V202501", [2022], tmp_path, transport=rec, max_year_bytes=10)
    assert not list(tmp_path.glob("*.csv*"))


def test_fetch_comtrade_resumes_and_refuses_cut_answers(tmp_path: Path, fixtures: Path) -> None:
    good = (fixtures / "comtrade_ind_rus_monthly.json").read_bytes()
    months = [f"2024{m:02d}" for m in range(1, 13)] + ["202501"]
    q = ComtradeQuery(reporter=699, partners=(643,), periods=months, freq="M")
    answers = iter([HttpResponse(200, good, {}), HttpResponse(429, b"", {})])
    out = tmp_path / "ct.json"
    with pytest.raises(StoreError, match="429"):
        fetch_comtrade(q, out, key="k", transport=lambda u, h: next(answers))
    assert not out.exists() and (tmp_path / "ct.json.parts" / "0000.json").exists()
    rec = Recorded(good)
    fetch_comtrade(q, out, key="k", transport=rec)
    assert len(rec.calls) == 1 and "period=202501" in rec.calls[0][0]  # only the missing call
    assert json.loads(out.read_text())["count"] == 102
    assert not (tmp_path / "ct.json.parts").exists()
    # the preview gives at most 500 records a call: an answer of 500 may be cut
    full = json.dumps({"data": [{"x": 1}] * 500}).encode()
    with pytest.raises(StoreError, match="may be cut"):
        fetch_comtrade(
            ComtradeQuery(reporter=699, periods=["2024"]),
            tmp_path / "p.json",
            transport=Recorded(full),
        )


@pytest.mark.usefixtures("home")
def test_data_fetch_cli_on_recorded_responses(
    tmp_path: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from tradewinds.cli import app
    from tradewinds.io.fetch import comtrade, http

    body = (fixtures / "baci_release_recorded.zip").read_bytes()
    monkeypatch.setattr(http, "urllib_stream_transport", RangeServer(body))
    runner = CliRunner()
    r = runner.invoke(
        app,
        ["data", "fetch", "baci", "--release", "V202501", "--years", "2022", "--out",
         str(tmp_path / "b"), "--ingest"],
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "ingested 'baci-hs17-2022'" in r.stderr
    rec = Recorded((fixtures / "comtrade_ind_rus_monthly.json").read_bytes())
    monkeypatch.setattr(comtrade, "urllib_transport", rec)
    monkeypatch.setenv("COMTRADE_API_KEY", "from-the-environment")
    r = runner.invoke(
        app,
        ["data", "fetch", "comtrade", "--reporter", "IND", "--partners", "RUS", "--periods",
         "202404", "--freq", "M", "--out", str(tmp_path / "c.json")],
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert rec.calls[0][1] == {"Ocp-Apim-Subscription-Key": "from-the-environment"}
    assert "reporterCode=699" in rec.calls[0][0] and "partnerCode=643" in rec.calls[0][0]
    r = runner.invoke(
        app, ["data", "fetch", "baci", "--release", "V2025", "--years", "2022", "--out", "x"]
    )
    assert r.exit_code == 2 and "V202501" in r.stderr
