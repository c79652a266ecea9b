"""Reports: the offline case report with map, balance chart and exposure table; the PDF
printed by headless Chromium and rendered back by pdftoppm with its charts visible;
`tradewinds report scenario|relationship` and their errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.cli.test_cli import run

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("TRADEWINDS_REQUIRE_BROWSER"),
    reason="no Chromium on this machine (Debian: apt-get install chromium)",
)


def _offline(html: str) -> None:
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", html), "a CDN reference"
    assert "PlotlyGeoAssets" in html  # the stub that keeps plotly.js from fetching maps


@pytest.mark.usefixtures("home")
def test_case_report_html_has_map_balance_chart_and_exposure_table(tmp_path: Path) -> None:
    report = tmp_path / "case.html"
    code, _, err = run("case", "india-russia", "--out", str(report))
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    _offline(html)
    assert html.count('"type":"choropleth"') >= 1  # the world map of the GE scenario
    assert '"type":"sankey"' in html  # where India's lost US sales go
    assert "BACI calendar 2023 beside published fiscal years" in html  # the balance chart
    assert "mean additional duty" in html and "50% and over" in html  # the exposure table
    assert "India → Russia by HS chapter, fiscal years" in html  # composition over time
    assert "Scenario <code>us-india-2025-chain</code>" in html  # dated steps, PE and GE (map)


def _coloured_pixels(png: Path) -> int:
    """Pixels of Plotly's chart colours (blue #636efa, red #ef553b, map blues/reds)."""
    a = np.asarray(Image.open(png).convert("RGB")).astype(int)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    blue = (abs(r - 0x63) < 30) & (abs(g - 0x6E) < 30) & (b > 200)
    red = (r > 200) & (abs(g - 0x55) < 40) & (abs(b - 0x3B) < 40)
    # the balance chart's exports (teal #1f6f8b) and imports (orange #e07b39)
    blue = blue | ((abs(r - 0x1F) < 30) & (abs(g - 0x6F) < 30) & (abs(b - 0x8B) < 30))
    red = red | ((abs(r - 0xE0) < 30) & (abs(g - 0x7B) < 30) & (abs(b - 0x39) < 30))
    return int((blue | red).sum())


@needs_chromium
@pytest.mark.usefixtures("home")
def test_case_report_pdf_pages_render_with_charts(tmp_path: Path) -> None:
    pdf = tmp_path / "case.pdf"
    code, _, err = run("case", "india-russia", "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert not list(tmp_path.glob("*.tmp"))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 10
    # after the title page, the first pages carry the balance and partner charts
    assert max(_coloured_pixels(p) for p in pages[1:5]) > 500
    # every page rendered to something (not blank)
    for p in pages:
        lo, hi = Image.open(p).convert("L").getextrema()
        assert hi - lo > 50, f"{p.name} is blank"


@needs_chromium
@pytest.mark.usefixtures("home")
def test_report_scenario_pdf_and_relationship_html(tmp_path: Path) -> None:
    pdf = tmp_path / "ld.pdf"
    code, _, err = run("report", "scenario", "liberation-day-2025", "--out", str(pdf))
    assert code == 0, err
    assert pdf.stat().st_size > 10_000 and pdf.read_bytes()[:5] == b"%PDF-"
    rel = tmp_path / "rel.html"
    code, _, err = run("report", "relationship", "IND", "RUS", "--out", str(rel))
    assert code == 0, err
    html = rel.read_text(encoding="utf-8")
    _offline(html)
    assert "Where India&#39;s exports go" in html or "Where India's exports go" in html
    assert "66.149" in html  # India's imports from Russia, 2023 (BACI), US$ bn
    assert "India → Russian Federation by HS chapter over time" in html  # over fiscal years


@pytest.mark.usefixtures("home")
def test_report_errors_come_before_any_work(tmp_path: Path) -> None:
    code, _, err = run("report", "relationship", "IND", "RUS", "--out", str(tmp_path / "r.docx"))
    assert code == 2 and "r.docx" in err and ".html or .pdf" in err
    code, _, err = run("report", "relationship", "IND", "XYZ", "--out", str(tmp_path / "r.html"))
    assert code == 2 and "XYZ" in err
    code, _, err = run("report", "scenario", "no-such-scenario", "--out", str(tmp_path / "s.html"))
    assert code == 2 and "no-such-scenario" in err
    assert not [p for p in tmp_path.iterdir() if p.name != "home"]  # nothing written


def test_pdf_without_chromium_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADEWINDS_CHROMIUM", str(tmp_path / "no-chromium"))
    code, _, err = run("case", "india-russia", "--out", str(tmp_path / "c.pdf"))
    assert code != 0 and "TRADEWINDS_CHROMIUM" in err
    assert not list(tmp_path.glob("c.pdf*"))


def test_serve_on_a_taken_port_is_a_clear_error() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, _, err = run("serve", "--port", str(port))
    assert code == 2 and "PortInUseError" in err and f"127.0.0.1:{port}" in err
    assert "--port" in err
