"""PDF by printing the offline HTML report with headless Chromium (Debian's ``chromium``).

The same file the HTML report is: charts are Plotly SVG, so they print as vectors. The PDF
is written beside its target and renamed into place, so a failed print leaves nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from tradewinds.errors import MissingProgramError, RenderError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# no background traffic: this tool never talks to the network, and the machine may have none
CHROMIUM_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


def find_chromium() -> str:
    """Chromium's path: ``$TRADEWINDS_CHROMIUM``, else the first of CANDIDATES on PATH."""
    env = os.environ.get("TRADEWINDS_CHROMIUM")
    if env:
        if Path(env).is_file():
            return env
        raise MissingProgramError(
            env, "Printing a PDF", "point TRADEWINDS_CHROMIUM at a Chromium executable"
        )
    for name in CANDIDATES:
        hit = shutil.which(name)
        if hit:
            return hit
    raise MissingProgramError(
        "chromium",
        "Printing a PDF",
        "install Chromium (Debian: apt-get install chromium) or set TRADEWINDS_CHROMIUM; "
        "or write .html",
    )


def chromium_args(*, for_playwright: bool = False) -> list[str]:
    """The flags tradewinds starts Chromium with (Playwright adds its own headless flag)."""
    flags = list(CHROMIUM_FLAGS)
    if for_playwright:
        flags = [f for f in flags if f not in {"--headless", "--no-pdf-header-footer"}]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    return flags


def html_to_pdf(html: Path, pdf: Path, *, timeout: float = 180.0) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium; atomic, raises RenderError."""
    exe = find_chromium()
    html, pdf = Path(html).resolve(), Path(pdf)
    tmp = pdf.with_name(pdf.name + ".tmp")
    flags = chromium_args()
    with tempfile.TemporaryDirectory(prefix="tradewinds-chromium-") as profile:
        cmd = [
            exe,
            *flags,
            f"--user-data-dir={profile}",
            "--window-size=1100,1400",
            "--virtual-time-budget=20000",
            f"--print-to-pdf={tmp}",
            html.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            tmp.unlink(missing_ok=True)
            raise RenderError(
                f"Chromium did not finish printing {html} in {timeout:.0f} s; nothing written"
            ) from None
    ok = tmp.exists() and tmp.stat().st_size > 0 and tmp.read_bytes()[:5] == b"%PDF-"
    if proc.returncode != 0 or not ok:
        tmp.unlink(missing_ok=True)
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        raise RenderError(
            f"Chromium failed to print {html} (exit {proc.returncode}): " + " | ".join(tail)
        )
    tmp.replace(pdf)
    return pdf


def check_report_path(path: Path) -> str:
    """The report format of ``path`` (``html`` or ``pdf``); raises before any work is done
    if the suffix is unknown or a PDF is asked for on a machine without Chromium."""
    suffix = Path(path).suffix.lower()
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix == ".pdf":
        find_chromium()
        return "pdf"
    from tradewinds.errors import DataValidationError

    raise DataValidationError(
        f"report format {suffix or '(none)'} is not supported",
        file=str(path),
        fix="end the file name in .html or .pdf",
    )


def write_report(path: Path, write_html: Callable[[Path], Path]) -> Path:
    """Write a report to ``path``: HTML directly, PDF by printing a temporary HTML file."""
    from tradewinds.reports.html import static_output

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)  # out/case.pdf: the folder is made
    if check_report_path(path) == "html":
        return write_html(path)
    with tempfile.TemporaryDirectory(prefix="tradewinds-report-") as d, static_output():
        html = write_html(Path(d) / (path.stem + ".html"))
        return html_to_pdf(html, path)
