"""The visual checks themselves fail where a reader would see a fault (a check that
cannot fail proves nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from tests.visual.checks import text_problems, value_problems
from tradewinds.reports.html import figure_html

pytestmark = pytest.mark.e2e


def _page(tmp_path: Path, fig: go.Figure) -> Path:
    p = tmp_path / "p.html"
    p.write_text(f"<html><body>{figure_html(fig, first=True)}</body></html>", encoding="utf-8")
    return p


@pytest.fixture(autouse=True)
def _chromium() -> None:
    if shutil.which("chromium") is None:
        pytest.skip("no Chromium")


def test_checks_see_overlap_missing_values_and_disorder(page: Any, tmp_path: Path) -> None:
    fig = go.Figure(go.Bar(x=["FY2024-25", "FY2021-22"], y=[1.0, 2.0]))  # no values, disorder
    order = ["FY2024-25", "FY2021-22"]
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    fig.add_annotation(x=0, y=1.5, text="label one", showarrow=False)
    fig.add_annotation(x=0, y=1.5, text="label two", showarrow=False)  # on top of the first
    page.goto(_page(tmp_path, fig).as_uri())
    page.wait_for_selector(".js-plotly-plot .barlayer")
    texts = text_problems(page)
    values = value_problems(page)
    assert any("overlaps" in t for t in texts)
    assert any("2 bars, 0 values" in v for v in values)
    assert any("time axis out of order" in v for v in values)
