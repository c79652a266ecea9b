"""Every figure quoted in README.md and docs/ is what the code gives today.

The figures are marked in the Markdown (command transcripts, inline figures, published
figures with the reference test that checks them; see ``scripts/docs_figures.py``); this
test runs each command and computes each figure on the embedded data and fails on any
difference, and on any figure (``12.3%``, ``4.05 bn``) quoted outside a marker. After a
change that moves numbers: ``python scripts/docs_figures.py --write``, read the diff."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    path = ROOT / "scripts" / "docs_figures.py"
    spec = importlib.util.spec_from_file_location("docs_figures", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


DOCS = _script()


@pytest.fixture(scope="module")
def docs_home(_seeded_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seeded store (every embedded dataset) for the documented commands."""
    home = tmp_path_factory.mktemp("docs") / "home"
    shutil.copytree(_seeded_home, home)
    return home


@pytest.mark.parametrize("path", DOCS.doc_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_quoted_figures_match_the_code(
    path: Path, docs_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADEWINDS_DOCS_HOME", str(docs_home))
    monkeypatch.setenv("TRADEWINDS_HOME", str(docs_home))  # restored after the test
    if shutil.which("pdfinfo") is None or shutil.which("chromium") is None:
        if os.environ.get("TRADEWINDS_REQUIRE_BROWSER"):
            pytest.fail("Chromium and pdfinfo are required (TRADEWINDS_REQUIRE_BROWSER)")
        pages = _quoted(path, "case.pdf_pages")
        monkeypatch.setitem(DOCS.FIGURES, "case.pdf_pages", lambda: pages)
    problems = DOCS.process(path, write=False)
    fix = "\n(regenerate: python scripts/docs_figures.py --write, then read the diff)"
    assert problems == [], "\n".join(problems) + fix


def _quoted(path: Path, fid: str) -> str:
    """The figure as the file quotes it (accepted unchecked where it cannot be computed)."""
    m = re.search(rf"<!--f:{re.escape(fid)}-->(.*?)<!--/f-->", path.read_text(encoding="utf-8"))
    return m.group(1) if m else ""


def test_the_check_sees_a_stale_figure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure quoted by hand, or one that no longer matches, is reported."""
    doc = tmp_path / "x.md"
    doc.write_text("India realised 93.6% of its potential.\n<!--f:t.one-->1.0<!--/f-->\n")
    monkeypatch.setattr(DOCS, "ROOT", tmp_path)
    monkeypatch.setitem(DOCS.FIGURES, "t.one", lambda: "2.0")
    problems = DOCS.process(doc, write=False)
    assert any("'93.6%' is not generated" in p for p in problems)
    assert any("figure t.one reads '1.0', the code gives '2.0'" in p for p in problems)
    DOCS.process(doc, write=True)
    assert "<!--f:t.one-->2.0<!--/f-->" in doc.read_text()
