"""One HTTP GET, injectable so tests replay recorded responses."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tradewinds._version import __version__
from tradewinds.errors import StoreError


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    body: bytes
    headers: Mapping[str, str]


Transport = Callable[[str, Mapping[str, str]], HttpResponse]


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float = 120.0) -> HttpResponse:
    req = urllib.request.Request(
        url, headers={"User-Agent": f"tradewinds/{__version__}", **headers}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return HttpResponse(resp.status, resp.read(), dict(resp.headers))
    except urllib.error.HTTPError as exc:
        return HttpResponse(exc.code, exc.read(), dict(exc.headers or {}))
    except (urllib.error.URLError, TimeoutError) as exc:
        raise StoreError(
            f"cannot reach {url} ({exc}). Fix: check the network, or download "
            "the file by hand and use `tradewinds data ingest`"
        ) from exc
