"""One HTTP GET, injectable so tests replay recorded responses; and a resumable,
size-capped, atomic file download on top of it."""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tradewinds._version import __version__
from tradewinds.errors import StoreError


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A response: ``body`` in memory, or (streamed) ``chunks`` read as they arrive."""

    status: int
    body: bytes
    headers: Mapping[str, str]
    chunks: Iterable[bytes] | None = None

    def iter_body(self) -> Iterable[bytes]:
        return self.chunks if self.chunks is not None else ([self.body] if self.body else [])


Transport = Callable[[str, Mapping[str, str]], HttpResponse]
Progress = Callable[[int, int | None], None]  # bytes done, total (None: unknown)
CHUNK = 1 << 20


def _request(url: str, headers: Mapping[str, str]) -> urllib.request.Request:
    return urllib.request.Request(
        url, headers={"User-Agent": f"tradewinds/{__version__}", **headers}
    )


def _unreachable(url: str, exc: Exception) -> StoreError:
    return StoreError(
        f"cannot reach {url} ({exc}). Fix: check the network, or download "
        "the file by hand and use `tradewinds data ingest`"
    )


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float = 120.0) -> HttpResponse:
    try:
        with urllib.request.urlopen(_request(url, headers), timeout=timeout) as resp:
            return HttpResponse(resp.status, resp.read(), dict(resp.headers))
    except urllib.error.HTTPError as exc:
        return HttpResponse(exc.code, exc.read(), dict(exc.headers or {}))
    except (urllib.error.URLError, TimeoutError) as exc:
        raise _unreachable(url, exc) from exc


def urllib_stream_transport(
    url: str, headers: Mapping[str, str], timeout: float = 120.0
) -> HttpResponse:
    """Like :func:`urllib_transport`, but the body is streamed in 1 MiB chunks."""
    try:
        resp = urllib.request.urlopen(_request(url, headers), timeout=timeout)
    except urllib.error.HTTPError as exc:
        return HttpResponse(exc.code, exc.read(), dict(exc.headers or {}))
    except (urllib.error.URLError, TimeoutError) as exc:
        raise _unreachable(url, exc) from exc

    def chunks() -> Iterator[bytes]:
        try:
            while block := resp.read(CHUNK):
                yield block
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise StoreError(
                f"the download from {url} broke off ({exc}). Fix: run the same command "
                "again: it resumes where it stopped"
            ) from exc
        finally:
            resp.close()

    return HttpResponse(resp.status, b"", dict(resp.headers), chunks())


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for k, v in headers.items():
        if k.lower() == name.lower():
            return v
    return None


def download_file(
    url: str,
    target: Path,
    *,
    max_bytes: int,
    transport: Transport | None = None,
    on_progress: Progress | None = None,
) -> Path:
    """Download ``url`` to ``target`` through ``target.part``: resumed from the part
    already there (an HTTP Range request; a server that ignores it starts over),
    refused beyond ``max_bytes`` (announced or received), renamed into place only
    when complete. An existing ``target`` is kept as it is."""
    target = Path(target)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    resp = (transport or urllib_stream_transport)(url, {"Range": f"bytes={have}-"} if have else {})
    if resp.status == 416 and have:  # nothing left to send: the part is the whole file
        os.replace(part, target)
        return target
    if resp.status not in (200, 206):
        raise StoreError(f"the server answered HTTP {resp.status} for {url}")
    if resp.status == 206:
        rng = _header(resp.headers, "Content-Range") or ""
        m = re.match(r"bytes (\d+)-", rng)
        if m and int(m.group(1)) != have:
            raise StoreError(
                f"the server resumed {url} at byte {m.group(1)}, not {have}. Fix: delete "
                f"{part} and run again"
            )
    else:
        have = 0  # a full answer: start over
    length = _header(resp.headers, "Content-Length")
    total = have + int(length) if length and length.isdigit() else None
    if total is not None and total > max_bytes:
        raise StoreError(
            f"{url} is {total:,} bytes, over the cap of {max_bytes:,}. Fix: raise the cap "
            "(--max-gb) if you mean to download it"
        )
    done = have
    with part.open("ab" if have else "wb") as fh:
        for block in resp.iter_body():
            done += len(block)
            if done > max_bytes:
                fh.close()
                part.unlink(missing_ok=True)
                raise StoreError(
                    f"{url} sent more than the cap of {max_bytes:,} bytes; stopped. Fix: raise "
                    "the cap (--max-gb) if you mean to download it"
                )
            fh.write(block)
            if on_progress is not None:
                on_progress(done, total)
    if total is not None and done != total:
        raise StoreError(
            f"the download of {url} stopped at {done:,} of {total:,} bytes. Fix: run the same "
            "command again: it resumes where it stopped"
        )
    os.replace(part, target)
    return target
