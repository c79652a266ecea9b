"""The case report and scenario reports as a reader sees them, measured in Chromium.

At 1400 px (a desktop) and 390 px (a phone), and printed to PDF: no chart text overlaps
another or leaves its chart, nothing is wider than the page, every bar and Sankey link
shows its value, time axes run in time order, no toolbar is printed; the PDF has a title
page with the date, data vintage and scenario hashes, page numbers, and no word off the
page or on top of another. Screenshots and PDF pages go to ``$TRADEWINDS_E2E_ARTIFACTS``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.visual.checks import pdf_text_problems, text_problems, value_problems

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(os.environ.get("TRADEWINDS_E2E_ARTIFACTS", "artifacts/e2e")) / "reports"
SCENARIOS = ("us-india-2025-08", "us-india-2025-08-27")  # GE (map, Sankey) and PE (bars)


@pytest.fixture(scope="module")
def reports(_seeded_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Each report once as HTML (screen) and PDF (print), with the HTML the PDF printed."""
    if shutil.which("chromium") is None and not os.environ.get("TRADEWINDS_REQUIRE_BROWSER"):
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    from tradewinds import services
    from tradewinds.reports.case import write_case_report
    from tradewinds.reports.html import static_output
    from tradewinds.reports.pdf import write_report
    from tradewinds.reports.scenario import write_scenario_report

    out = tmp_path_factory.mktemp("reports")
    home = tmp_path_factory.mktemp("visual-home") / "home"
    shutil.copytree(_seeded_home, home)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRADEWINDS_HOME", str(home))
        case = services.case_india_russia()
        writers = {"case": lambda p: write_case_report(case, p)}
        for name in SCENARIOS:
            res = services.run_scenario(name)
            writers[name] = lambda p, r=res: write_scenario_report(r, p)
        got: dict[str, dict[str, Path]] = {}
        for name, write in writers.items():
            got[name] = {"html": write(out / f"{name}.html")}
            with static_output():
                got[name]["print"] = write(out / f"{name}-print.html")
            got[name]["pdf"] = write_report(out / f"{name}.pdf", write)
    yield got


def _open(page: Any, path: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".every((gd) => gd._fullLayout)",
        timeout=60_000,
    )
    page.wait_for_timeout(300)


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("name", ["case", *SCENARIOS])
def test_screen_report_reads_at_desktop_and_phone_width(
    page: Any, reports: dict, name: str, width: int
) -> None:
    _open(page, reports[name]["html"], width)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    assert page.locator("meta[name=viewport]").count() == 1
    problems = text_problems(page) + value_problems(page)
    assert problems == [], "\n".join(problems)
    # a chart that resizes with its box: never wider than the page at 390 px
    if width == 390:
        widths = page.evaluate(
            "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
            ".map((gd) => gd.getBoundingClientRect().width)"
        )
        assert widths and max(widths) <= 390
    # printing the screen version hides Plotly's toolbar
    page.emulate_media(media="print")
    shown = page.evaluate(
        "() => Array.from(document.querySelectorAll('.modebar'))"
        ".filter((m) => getComputedStyle(m).display !== 'none').length"
    )
    assert shown == 0


@pytest.mark.parametrize("name", ["case", *SCENARIOS])
def test_print_version_is_static_with_values(page: Any, reports: dict, name: str) -> None:
    """What the PDF prints: no toolbar at all, values on the figures, nothing overlapping
    at the width Chromium prints at."""
    html = reports[name]["print"].read_text(encoding="utf-8")
    assert re.search(r'"displayModeBar":\s*false', html)
    assert not re.search(r'\{"displaylogo":\s*false', html)  # the screen config
    _open(page, reports[name]["print"], 1100)
    assert page.locator(".modebar").count() == 0
    problems = text_problems(page) + value_problems(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", ["case", *SCENARIOS])
def test_pdf_has_title_page_numbers_and_no_colliding_words(reports: dict, name: str) -> None:
    pdf = reports[name]["pdf"]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    pages = pages[:-1] if not pages[-1].strip() else pages
    first = pages[0]
    assert "Generated" in first and re.search(r"\d{4}-\d{2}-\d{2}", first)
    assert "Data:" in first  # the data vintage
    assert "Scenario hashes:" in first and re.search(r"[0-9a-f]{16}", first)
    n = len(pages)
    assert f"page 2 of {n}" in pages[1] and f"page {n} of {n}" in pages[-1]
    assert "page 1 of" not in first  # the title page carries no number
    problems = pdf_text_problems(pdf)
    assert problems == [], "\n".join(problems[:30])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf), str(ARTIFACTS / name)],
        check=True,
    )
