"""The tradewinds dashboard (Shiny for Python): Relationship, Tariffs, Scenario, Compare.

The shell only wires the pages (one Shiny module each, :mod:`.pages`). Every number
comes from :mod:`tradewinds.services`, every chart from :mod:`tradewinds.reports` (the
same code as the CLI and the reports). Charts are Plotly HTML fragments drawn by a
plotly.js served from this app, and maps use the shipped country shapes, so the page
never asks anything of another host. The app reads the store and writes nothing to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shiny import App, Inputs, Outputs, Session, reactive, ui

from tradewinds import services
from tradewinds._version import __version__
from tradewinds.dashboard.common import CSS, DATE_JS, FAVICON, STATIC, no_datepicker
from tradewinds.dashboard.pages import compare, outcomes, relationship, scenario, tariffs
from tradewinds.reports.figures import OFFLINE_GEO_JS

app_ui = ui.page_navbar(
    relationship.panel("rel"),
    tariffs.panel("tar"),
    scenario.panel("sc"),
    compare.panel("cmp"),
    outcomes.panel("oil"),
    title="tradewinds",
    id="page",
    header=ui.head_content(
        ui.tags.link(rel="icon", href=FAVICON),
        ui.tags.style(CSS),
        ui.HTML(OFFLINE_GEO_JS),
        ui.tags.script(src="static/plotly.min.js"),
    ),
    footer=ui.div(
        f"tradewinds {__version__} · every figure from tradewinds.services on the local store",
        ui.tags.script(DATE_JS),  # after shiny.js, before Shiny binds the inputs
        no_datepicker(),
        class_="prov",
    ),
)


def server(input: Inputs, output: Outputs, session: Session) -> None:
    store = services.open_store()
    runs: reactive.Value[dict[str, Any]] = reactive.value({})  # this session's runs
    relationship.server("rel", store=store)
    tariffs.server("tar", store=store)
    scenario.server("sc", store=store, runs=runs)
    compare.server("cmp", store=store, runs=runs)
    outcomes.server("oil", store=store)


def _shapes_dir() -> Path:
    """The shipped shapes, unzipped once into the cache, for the browser to read."""
    import gzip

    from platformdirs import user_cache_dir

    from tradewinds.io.embedded import data_path

    src = data_path("shapes", "countries-50m.geojson.gz")
    folder = Path(user_cache_dir("tradewinds")) / f"shapes-{__version__}"
    out = folder / "countries-50m.geojson"
    if not out.exists() or out.stat().st_mtime < src.stat().st_mtime:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        with gzip.open(src, "rb") as fh:
            tmp.write_bytes(fh.read())
        tmp.replace(out)
    return folder


class UploadLimit:
    """ASGI middleware: an upload's body over the upload limit is refused with 413 before
    it is read (its declared length; a body without one is refused with 411), so no
    oversized file lands on disk or ties up the server. The refusal text is what the
    upload field shows."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope.get("type") == "http"
            and scope.get("method") == "POST"
            and "/upload/" in scope.get("path", "")
        ):
            from tradewinds import limits

            cap = limits.value("upload_bytes")
            headers = dict(scope.get("headers") or [])
            length = headers.get(b"content-length")
            if length is None or not length.isdigit():
                await _refuse(send, 411, "an upload needs its length (Content-Length)")
                return
            if int(length) > cap:
                await _refuse(
                    send,
                    413,
                    f"the file is {limits.show_amount(int(length), 'bytes')}, over the "
                    f"limit of {limits.show_amount(cap, 'bytes')} for an upload "
                    "(TRADEWINDS_MAX_UPLOAD_BYTES)",
                )
                return
        await self.app(scope, receive, send)


async def _refuse(send: Any, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app() -> Any:
    """The Shiny app behind the upload limit (an ASGI application)."""
    shiny_app = App(app_ui, server, static_assets={"/static": STATIC, "/shapes": _shapes_dir()})
    return UploadLimit(shiny_app)


app = create_app()

__all__ = ["app", "create_app"]
