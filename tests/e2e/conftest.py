"""Browser tests: the dashboard served by `tradewinds serve`, driven in Debian's Chromium
through Playwright (never `playwright install`). Every test records the requests the page
makes and fails if one leaves 127.0.0.1; screenshots of each page go to
``$TRADEWINDS_E2E_ARTIFACTS`` (default ``artifacts/e2e``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tradewinds.dashboard.local import local_server
from tradewinds.reports.pdf import chromium_args

ARTIFACTS = Path(os.environ.get("TRADEWINDS_E2E_ARTIFACTS", "artifacts/e2e"))
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def _chromium() -> str | None:
    env = os.environ.get("TRADEWINDS_CHROMIUM")
    if env:
        return env
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    exe = _chromium()
    if exe is None:
        if os.environ.get("TRADEWINDS_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (TRADEWINDS_REQUIRE_BROWSER) but not found")
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    return {"executable_path": exe, "args": chromium_args(for_playwright=True), "headless": True}


@pytest.fixture(scope="session")
def browser_context_args() -> dict[str, Any]:
    return {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


@pytest.fixture(scope="session")
def server(_seeded_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tradewinds serve` on a free loopback port, on a copy of the seeded store; its log
    must stay free of tracebacks and warnings."""
    home = tmp_path_factory.mktemp("e2e-home") / "home"
    shutil.copytree(_seeded_home, home)
    log_path = tmp_path_factory.mktemp("e2e-log") / "serve.log"
    with log_path.open("w") as log:
        try:
            with local_server(home=home, log=log) as srv:
                yield srv.url
        except RuntimeError as e:
            pytest.fail(f"{e}: see {log_path}")
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, f"the server failed during the tests:\n{text[-3000:]}"
    assert "Warning" not in text, f"the server warned during the tests:\n{text[-3000:]}"


@pytest.fixture
def dash(page: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The dashboard page; asserts at the end that no request left the machine."""
    outside: list[str] = []
    errors: list[str] = []
    console: list[str] = []
    missing: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("warning", "error") else None,
    )
    page.on(
        "response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    page.goto(server)
    page.wait_for_selector("#rel-tables", timeout=60_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert errors == [], f"errors in the page: {errors}"
    assert missing == [], f"requests that failed: {missing}"
    assert console == [], f"warnings or errors in the browser console: {console}"
