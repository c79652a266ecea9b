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


def test_a_typed_transcript_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Output pasted by hand under ``$ tradewinds …`` is named; a block of commands alone
    (an example to type) is not, nor is the speed table another script writes."""
    doc = tmp_path / "x.md"
    doc.write_text(
        "```\n$ tradewinds balance IND RUS\n exports 4.05\n```\n\n"
        "```\n$ tradewinds serve\n$ tradewinds report scenario X --out r.pdf\n```\n\n"
        "<!-- speed-table -->\n| N | ratio |\n|---|---|\n| 10 | 0.61% |\n<!-- /speed-table -->\n"
    )
    monkeypatch.setattr(DOCS, "ROOT", tmp_path)
    problems = DOCS.process(doc, write=False)
    assert len(problems) == 1, problems
    assert "'$ tradewinds balance IND RUS' (near line 1) is typed" in problems[0]


def test_run_options_and_scenario_outcomes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``head=N`` and ``exit=N`` are kept in the opener when a block is rewritten, a command
    that fails other than expected is named, and ``out:NAME:KEY`` reads a scenario's
    outcome (unknown forms are reported)."""
    calls: list[tuple[str, int | None, int]] = []

    def fake(cmd: str, head: int | None = None, exit_code: int = 0) -> str:
        calls.append((cmd, head, exit_code))
        if "broken" in cmd:
            raise RuntimeError(f"`{cmd}` exited 1, not 0: boom")
        return f"$ {cmd}\nline\n"

    monkeypatch.setattr(DOCS, "run_command", fake)
    monkeypatch.setattr(DOCS, "_outcome", lambda name, key: f"{name}/{key}")
    monkeypatch.setattr(DOCS, "ROOT", tmp_path)
    doc = tmp_path / "x.md"
    doc.write_text(
        "<!-- run: tradewinds balance IND Rusia head=3 exit=2 -->\n```\nold\n```\n"
        "<!-- run: tradewinds broken -->\n```\n```\n"
        "<!--f:out:liberation-day-2025:ge_us_welfare_pct-->x<!--/f--> <!--f:out:bad-->y<!--/f-->\n"
    )
    problems = DOCS.process(doc, write=True)
    assert calls[0] == ("tradewinds balance IND Rusia", 3, 2)
    text = doc.read_text()
    assert "<!-- run: tradewinds balance IND Rusia head=3 exit=2 -->\n```\n$ tradewinds" in text
    assert (
        "<!--f:out:liberation-day-2025:ge_us_welfare_pct-->liberation-day-2025/ge_us_welfare_pct"
        in text
    )
    assert any("exited 1, not 0" in p for p in problems)
    assert any("unknown figure 'out:bad'" in p for p in problems)


def test_a_transcript_tolerates_durations_and_rounding_level_residuals_only() -> None:
    same = DOCS._same
    assert same("solved in 9 iterations (2 ms, residual 8.8e-15)", "solved in 9 iterations "
                "(13 ms,\nresidual 8.0e-15)")  # fmt: skip
    assert not same("residual 8.8e-11", "residual 8.0e-11")  # not converged as far
    assert not same("solved in 9 iterations", "solved in 11 iterations")
    assert not same("welfare 1.13%", "welfare 1.14%")
