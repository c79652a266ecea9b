"""UN Comtrade API v1 (https://comtradeapi.un.org): data queries with a subscription key.

``fetch_comtrade`` asks for one query (reporter, partners, flows, periods,
commodity codes), splits period lists into chunks the API accepts (at most 12
periods per call), checks each response and writes one JSON file in the API's own
format, ready for :func:`tradewinds.io.readers.read_comtrade`.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradewinds.errors import DataValidationError, StoreError
from tradewinds.io.fetch.http import Transport, urllib_transport

COMTRADE_API = "https://comtradeapi.un.org/data/v1/get"
COMTRADE_PREVIEW = "https://comtradeapi.un.org/public/v1/preview"
MAX_PERIODS = 12


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


def fetch_comtrade(
    query: ComtradeQuery, out: Path, *, key: str | None = None, transport: Transport | None = None
) -> Path:
    """Download ``query`` into ``out`` (JSON, API format). Key: ``COMTRADE_API_KEY``."""
    key = key or os.environ.get("COMTRADE_API_KEY")
    transport = transport or urllib_transport
    headers = {"Ocp-Apim-Subscription-Key": key} if key else {}
    records: list[dict[str, Any]] = []
    for url in query.urls(preview=key is None):
        resp = transport(url, headers)
        if resp.status == 401:
            raise StoreError(
                "Comtrade refused the request (401). Fix: set COMTRADE_API_KEY "
                "to your subscription key"
            )
        if resp.status == 429:
            raise StoreError("Comtrade rate limit reached (429). Fix: wait and retry")
        if resp.status != 200:
            raise StoreError(f"Comtrade answered HTTP {resp.status} for {url}")
        try:
            doc = json.loads(resp.body)
        except json.JSONDecodeError as exc:
            raise StoreError(f"Comtrade answered with non-JSON content for {url}") from exc
        if doc.get("error"):
            raise StoreError(f"Comtrade error: {doc['error']}")
        records.extend(doc.get("data") or [])
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps({"count": len(records), "data": records}), encoding="utf-8")
    tmp.replace(out)
    return out
