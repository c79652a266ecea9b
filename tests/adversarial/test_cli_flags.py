"""Malformed command-line values: every one ends in one clean error line (a typed error
with its location and fix, or Click's usage error naming the flag), exit 1 or 2, no
traceback, and the store unchanged.

The cases cover every kind of flag and argument the commands take: countries, years,
fiscal years, dates, draws and seeds, executors and workers, output paths (a file, a
folder, a file where a folder should be, a format), scenario names that are paths,
dataset ids, files that are folders or missing, user text with Rich markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.adversarial.store_helpers import snapshot
from tradewinds.cli import app

CLAIM = "India's exports to Russia were $4.9 billion in FY2024-25"
BANDS = "liberation-day-2025-bands"
LD = "liberation-day-2025"
PATH = ["balance-path", "IND", "RUS", "--export-growth"]
AUG27 = ["tariffs", "USA", "IND", "--as-of", "2025-08-27"]

#: (id, arguments); {tmp} is the test's folder: afile (a file), adir (a folder),
#: header.csv (a BACI header only), [bold]x.csv, private.toml (a scenario elsewhere)
CASES: list[tuple[str, list[str]]] = [
    ("country-markup", ["balance", "IND", "[/x]"]),
    ("country-empty", ["balance", "IND", ""]),
    ("country-unknown", ["balance", "ATLANTIS", "RUS"]),
    ("country-same", ["balance", "IND", "IND"]),
    ("year-text", ["balance", "IND", "RUS", "--year", "abc"]),
    ("year-far", ["balance", "IND", "RUS", "--year", "99999"]),
    ("fiscal-year-span", ["balance", "IND", "RUS", "--fiscal-year", "2023-27"]),
    ("fiscal-year-fy-span", ["balance", "IND", "RUS", "--fiscal-year", "FY2023-27"]),
    ("fiscal-year-text", ["balance", "IND", "RUS", "--fiscal-year", "last year"]),
    ("format-unknown", ["balance", "IND", "RUS", "--format", "xml"]),
    ("partners-direction", ["partners", "IND", "--direction", "sideways"]),
    ("growth-not-a-number", [*PATH, "pharmaceuticals=abc"]),
    ("growth-no-equals", [*PATH, "pharmaceuticals"]),
    ("growth-unknown-group", [*PATH, "widgets=0.5"]),
    ("draws-zero", ["run", BANDS, "--draws", "0", "-o", "{tmp}/o1"]),
    ("draws-negative", ["run", BANDS, "--draws", "-5", "-o", "{tmp}/o2"]),
    ("draws-text", ["run", BANDS, "--draws", "many", "-o", "{tmp}/o3"]),
    ("draws-over-cap", ["run", BANDS, "--draws", "10000000", "-o", "{tmp}/o4"]),
    ("draws-over-memory", ["run", BANDS, "--draws", "1000000", "-o", "{tmp}/o5"]),
    ("draws-without-bands", ["run", "liberation-day-2025", "--draws", "50", "-o", "{tmp}/o6"]),
    ("seed-text", ["run", BANDS, "--seed", "abc", "-o", "{tmp}/o7"]),
    ("executor-unknown", ["run", BANDS, "--executor", "spark", "-o", "{tmp}/o8"]),
    ("workers-zero", ["run", BANDS, "--workers", "0", "-o", "{tmp}/o9"]),
    ("out-a-file", ["run", LD, "-o", "{tmp}/afile"]),
    ("out-under-a-file", ["run", LD, "-o", "{tmp}/afile/sub"]),
    ("scenario-traversal", ["run", "../../../../etc/passwd", "-o", "{tmp}/o10"]),
    ("scenario-not-toml", ["run", "/etc/hostname", "-o", "{tmp}/o11"]),
    ("scenario-markup", ["run", "[bold]x", "-o", "{tmp}/o12"]),
    ("scenario-upper-case", ["run", "Liberation-Day-2025", "-o", "{tmp}/o13"]),
    ("scenario-missing-file", ["run", "{tmp}/missing.toml", "-o", "{tmp}/o14"]),
    ("scenario-a-folder", ["run", "{tmp}/adir", "-o", "{tmp}/o15"]),
    ("show-traversal", ["scenarios", "show", "../library/../../x"]),
    ("show-absolute", ["scenarios", "show", "/nonexistent/private"]),
    ("validate-folder", ["scenarios", "validate", "{tmp}/adir"]),
    ("validate-missing", ["scenarios", "validate", "{tmp}/missing.toml"]),
    ("diff-traversal", ["scenarios", "diff", "liberation-day-2025", "../x"]),
    ("report-format", ["report", "scenario", LD, "-o", "{tmp}/r.txt"]),
    ("report-a-folder", ["report", "scenario", LD, "-o", "{tmp}/adir"]),
    ("report-under-a-file", ["report", "scenario", LD, "-o", "{tmp}/afile/r.html"]),
    ("report-year-text", ["report", "relationship", "IND", "RUS", "--year", "x", "-o", "{tmp}/r"]),
    ("report-draws-zero", ["report", "scenario", BANDS, "--draws", "0", "-o", "{tmp}/r2.html"]),
    ("data-info-traversal", ["data", "info", "../x"]),
    ("data-info-unknown", ["data", "info", "no-such-dataset"]),
    ("data-remove-traversal", ["data", "remove", "../../x"]),
    ("data-remove-unknown", ["data", "remove", "no-such-dataset"]),
    ("ingest-reader-unknown", ["data", "ingest", "excel", "{tmp}/afile"]),
    ("ingest-a-folder", ["data", "ingest", "baci", "{tmp}/adir"]),
    ("ingest-missing", ["data", "ingest", "baci", "{tmp}/missing.csv"]),
    ("ingest-header-only", ["data", "ingest", "baci", "{tmp}/header.csv"]),
    ("ingest-markup-name", ["data", "ingest", "baci", "{tmp}/[bold]x.csv"]),
    ("ingest-id-a-path", ["data", "ingest", "baci", "{tmp}/header.csv", "--id", "../x"]),
    ("ingest-year-text", ["data", "ingest", "icio", "{tmp}/adir", "--year", "abc"]),
    ("codes-hs-text", ["codes", "hs", "abc"]),
    ("codes-hs-short", ["codes", "hs", "9"]),
    ("codes-country-markup", ["codes", "countries", "[/x]"]),
    ("tariffs-date-impossible", ["tariffs", "USA", "IND", "--as-of", "2025-99-99"]),
    ("tariffs-date-text", ["tariffs", "USA", "IND", "--as-of", "yesterday"]),
    ("tariffs-schedule-path", [*AUG27, "--schedule", "{tmp}/missing.toml"]),
    ("tariffs-product-text", [*AUG27, "-p", "shrimp"]),
    ("check-file-folder", ["check", "--file", "{tmp}/adir"]),
    ("check-file-missing", ["check", "--file", "{tmp}/missing.md"]),
    ("check-period-span", ["check", CLAIM, "--period", "FY2023-27"]),
    ("check-as-of-impossible", ["check", CLAIM, "--as-of", "2025-13-01"]),
    ("check-as-of-text", ["check", CLAIM, "--as-of", "yesterday"]),
    ("crude-fiscal-year", ["crude", "--fiscal-year", "FY2023-27"]),
    ("crude-top-text", ["crude", "--top", "many"]),
    ("oil-tradeoff-scenario-path", ["oil-tradeoff", "IND", "--scenario", "/etc/passwd"]),
    ("serve-port-zero", ["serve", "--port", "0"]),
    ("serve-port-high", ["serve", "--port", "70000"]),
    ("serve-host-unknown", ["serve", "--host", "no-such-host.invalid", "--port", "8999"]),
]  # fmt: skip

USAGE = (
    "Invalid value for",
    "No such option",
    "Missing argument",
    "Missing option",
    "Got unexpected",
)


def _setup(tmp: Path) -> None:
    (tmp / "afile").write_text("x")
    (tmp / "adir").mkdir()
    (tmp / "header.csv").write_text("t,i,j,k,v,q\n")
    (tmp / "[bold]x.csv").write_text("t,i,j,k,v,q\n")


@pytest.mark.parametrize(("cid", "args"), CASES, ids=[c[0] for c in CASES])
def test_malformed_flag_is_refused_cleanly(
    cid: str, args: list[str], home: Path, tmp_path: Path
) -> None:
    _setup(tmp_path)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before = snapshot(home)
    r = CliRunner().invoke(app, argv)
    text = r.stdout + r.stderr
    assert r.exit_code in (1, 2), f"{cid}: exit {r.exit_code}: {text[-800:]}"
    assert isinstance(r.exception, SystemExit), f"{cid}: {type(r.exception).__name__} escaped"
    assert "Traceback" not in text, text
    err = r.stderr.lstrip()  # a progress line may leave an empty line first
    if err.startswith("error ("):
        assert "Fix:" in err, f"{cid}: no fix in {err!r}"
        assert err.count("\n") <= 3, f"{cid}: more than one error line: {err!r}"  # wrapped
        for bad in ("np.float64", "codes dataset", "Traceback"):
            assert bad not in err
    else:  # Click's own usage errors name the flag and what it takes
        assert any(u in err for u in USAGE), f"{cid}: not a clean error: {err[-800:]!r}"
    assert snapshot(home) == before, f"{cid}: the store changed"
    assert "[/x]" not in err or "'[/x]'" in err  # user text shown as typed, not as markup


def test_markup_in_a_file_name_is_shown_as_typed(home: Path, tmp_path: Path) -> None:
    _setup(tmp_path)
    r = CliRunner().invoke(app, ["data", "ingest", "baci", str(tmp_path / "[bold]x.csv")])
    assert r.exit_code == 2
    assert "[bold]x.csv" in r.stderr, r.stderr


def test_the_cases_cover_over_60_flags() -> None:
    assert len(CASES) >= 60
