"""UN Comtrade API v1 (https://comtradeapi.un.org): data queries with a subscription key.

``fetch_comtrade`` asks for one query (reporter, partners, flows, periods,
commodity codes), splits period lists into chunks the API accepts (at most 12
periods per call), checks each response and writes one JSON file in the API's own
format, ready for :func:`tradewinds.io.readers.read_comtrade`.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.fetch.http import Transport, urllib_transport

COMTRADE_API = "https://comtradeapi.un.org/data/v1/get"
COMTRADE_PREVIEW = "https://comtradeapi.un.org/public/v1/preview"
MAX_PERIODS = 12
MAX_RECORDS = 100_000  # the most one call of the data API returns
MAX_PREVIEW_RECORDS = 500  # the public preview
MAX_RESPONSE_BYTES = 512 * 1024**2


@dataclass(frozen=True)
class ComtradeQuery:
    reporter: int  # Comtrade reporter code (India 699, USA 842)
    partners: Sequence[int] = (0,)  # 0 = World
    flows: Sequence[str] = ("X", "M")
    periods: Sequence[str] = ()  # "2024" or "202404"
    cmd: Sequence[str] = ("TOTAL",)
    freq: str = "A"  # A or M
    classification: str = "HS"

    def urls(self, *, preview: bool = False) -> list[str]:
        if not self.periods:
            raise DataValidationError(
                "no periods asked for", column="periods", fix="give periods such as 2024 or 202404"
            )
        if self.freq not in {"A", "M"}:
            raise DataValidationError(
                f"frequency {self.freq!r} is not A or M",
                column="freq",
                fix="use A (annual) or M (monthly)",
            )
        base = COMTRADE_PREVIEW if preview else COMTRADE_API
        out = []
        periods = list(self.periods)
        for k in range(0, len(periods), MAX_PERIODS):
            q = {
                "reporterCode": str(self.reporter),
                "partnerCode": ",".join(map(str, self.partners)),
                "flowCode": ",".join(self.flows),
                "period": ",".join(periods[k : k + MAX_PERIODS]),
                "cmdCode": ",".join(self.cmd),
                "partner2Code": "0",
                "motCode": "0",
                "customsCode": "C00",
                "includeDesc": "true",
            }
            out.append(
                f"{base}/C/{self.freq}/{self.classification}?" + urllib.parse.urlencode(q, safe=",")
            )
        return out


def comtrade_code(country: str) -> int:
    """Comtrade's numeric code of a country (ISO3 or name; India 699, USA 842), 0 for
    the world ("WLD")."""
    from tradewinds.io.codes import WORLD, countries

    if country.upper() in {WORLD, "WORLD", "0"}:
        return 0
    cc = countries()
    iso3 = cc.resolve(country)
    t = cc.table
    code = t.loc[t["iso3"] == iso3, "baci_code"]
    if code.empty or not str(code.iloc[0]).strip():
        raise DataValidationError(
            f"{iso3} has no Comtrade code",
            column="country",
            fix="give a country that reports to UN Comtrade",
        )
    return int(code.iloc[0])


def fetch_comtrade(
    query: ComtradeQuery,
    out: Path,
    *,
    key: str | None = None,
    transport: Transport | None = None,
    max_response_bytes: int = MAX_RESPONSE_BYTES,
    on_progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Download ``query`` into ``out`` (JSON, API format). Key: ``COMTRADE_API_KEY``
    (without one, the public preview endpoint: at most 500 records a call).

    Each call's answer is kept in ``out.parts/`` as it arrives, so an interrupted
    download resumes with the calls not yet made; ``out`` is written (atomically) only
    when every call has answered, and the parts are then removed. A call that returns
    the API's maximum number of records may have been cut: refused, with the fix."""
    key = key or os.environ.get("COMTRADE_API_KEY")
    transport = transport or urllib_transport
    headers = {"Ocp-Apim-Subscription-Key": key} if key else {}
    limit = MAX_RECORDS if key else MAX_PREVIEW_RECORDS
    out = Path(out)
    parts = out.with_name(out.name + ".parts")
    parts.mkdir(parents=True, exist_ok=True)
    urls = query.urls(preview=key is None)
    records: list[dict[str, Any]] = []
    for k, url in enumerate(urls):
        saved = parts / f"{k:04d}.json"
        if saved.exists():  # answered in an earlier, interrupted run
            records.extend(json.loads(saved.read_text(encoding="utf-8")))
            if on_progress is not None:
                on_progress(k + 1, len(urls))
            continue
        resp = transport(url, headers)
        if resp.status == 401:
            raise StoreError(
                "Comtrade refused the request (401). Fix: set COMTRADE_API_KEY "
                "to your subscription key"
            )
        if resp.status == 429:
            raise StoreError(
                "Comtrade rate limit reached (429). Fix: wait and run the same command again "
                "(the calls already answered are kept)"
            )
        if resp.status != 200:
            raise StoreError(f"Comtrade answered HTTP {resp.status} for {url}")
        if len(resp.body) > max_response_bytes:
            raise StoreError(
                f"Comtrade's answer is {len(resp.body):,} bytes, over the cap of "
                f"{max_response_bytes:,}. Fix: ask for fewer periods, partners or codes"
            )
        try:
            doc = json.loads(resp.body)
        except json.JSONDecodeError as exc:
            raise StoreError(f"Comtrade answered with non-JSON content for {url}") from exc
        if doc.get("error"):
            raise StoreError(f"Comtrade error: {doc['error']}")
        data = doc.get("data") or []
        if len(data) >= limit:
            raise StoreError(
                f"Comtrade returned {len(data):,} records, the most one call gives: the answer "
                "may be cut. Fix: ask for fewer periods, partners or commodity codes per call"
                + ("" if key else ", or set COMTRADE_API_KEY (the preview gives 500)")
            )
        tmp = saved.with_name(saved.name + ".part")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(saved)
        records.extend(data)
        if on_progress is not None:
            on_progress(k + 1, len(urls))
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps({"count": len(records), "data": records}), encoding="utf-8")
    tmp.replace(out)
    shutil.rmtree(parts, ignore_errors=True)
    return out
