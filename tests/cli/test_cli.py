"""The CLI end to end on a temporary store (Typer CliRunner)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradewinds.cli import app
from tradewinds.io.embedded import data_path

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.usefixtures("home")
def test_balance_json_has_the_documented_fields() -> None:
    code, out, _ = run("balance", "IND", "RUS", "--year", "2023", "--format", "json")
    assert code == 0, out
    rows = json.loads(out)
    assert len(rows) == 1
    row = rows[0]
    for k in (
        "reporter",
        "partner",
        "period",
        "exports_usd",
        "imports_usd",
        "total_usd",
        "balance_usd",
        "source",
        "vintage",
        "coverage",
        "dataset",
        "store_hash",
    ):
        assert k in row
    assert row["reporter"] == "IND" and row["partner"] == "RUS" and row["period"] == "2023"
    assert abs(row["exports_usd"] / 1e9 - 4.054) < 0.001
    assert abs(row["imports_usd"] / 1e9 - 66.149) < 0.001
    assert abs(row["balance_usd"] / 1e9 + 62.095) < 0.001


@pytest.mark.usefixtures("home")
def test_balance_table_shows_published_beside_and_provenance() -> None:
    code, out, _ = run("balance", "India", "Russian Federation", "--year", "2023")
    assert code == 0
    assert "-62.095 bn" in out
    assert "Published figures" in out and "-58.90" in out
    assert "source: CEPII BACI" in out and "coverage:" in out


@pytest.mark.usefixtures("home")
def test_balance_csv() -> None:
    code, out, _ = run("balance", "USA", "IND", "--year", "2023", "-f", "csv")
    assert code == 0
    header, row = out.strip().splitlines()[:2]
    assert header.startswith("reporter,partner,period,exports_usd,imports_usd")
    assert row.startswith("USA,IND,2023,42018")


@pytest.mark.usefixtures("home")
def test_unknown_country_is_one_clean_line() -> None:
    code, _out, err = run("balance", "IND", "Rusia", "--year", "2023")
    assert code == 2
    assert "UnknownCodeError" in err and "RUS (Russian Federation)" in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("home")
def test_year_not_in_data() -> None:
    code, _, err = run("balance", "IND", "RUS", "--year", "2019")
    assert code == 2 and "no data for 2019" in err


@pytest.mark.usefixtures("home")
def test_composition_partners_dependence_indicators() -> None:
    code, out, _ = run(
        "composition", "IND", "RUS", "--fiscal-year", "2024-25", "--by", "group", "-f", "json"
    )
    assert code == 0
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["pharmaceuticals"]["value_usd"] == pytest.approx(384.2e6, rel=1e-3)
    assert all("PARTIAL" in r["coverage"] for r in rows.values())
    code, out, _ = run("partners", "IND", "--direction", "imports", "--top", "3", "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["partner"] for r in rows] == ["CHN", "RUS", "USA"]
    code, out, _ = run("dependence", "IND", "RUS", "-f", "json")
    rows = {r["country"]: r for r in json.loads(out)}
    assert rows["IND"]["import_share"] == pytest.approx(0.10166, abs=1e-4)
    assert rows["RUS"]["export_share"] == pytest.approx(0.17245, abs=1e-4)
    code, out, _ = run("indicators", "IND", "RUS")
    assert code == 0 and "trade_intensity" in out and "RCA and complementarity not" in out


def test_data_commands(home: Path, fixtures: Path) -> None:
    code, out, _ = run("data", "list")
    assert code == 0 and "world2023" in out and "india-eidb" in out
    code, _, err = run(
        "data", "ingest", "comtrade", str(fixtures / "comtrade_ind_rus_monthly.json"), "--id", "ct"
    )
    assert code == 0 and "ingested 'ct'" in err
    code, _, err = run(
        "data", "ingest", "comtrade", str(fixtures / "comtrade_ind_rus_monthly.json"), "--id", "ct"
    )
    assert code == 0 and "unchanged" in err
    code, out, _ = run("data", "info", "ct", "-f", "json")
    info = json.loads(out)
    assert info["reader"] == "comtrade" and info["rows"] == 48
    code, out, _ = run(
        "balance", "IND", "RUS", "-d", "ct", "--fiscal-year", "2024-25", "-f", "json"
    )
    assert code == 0
    row = json.loads(out)[0]
    assert row["period"] == "FY2024-25" and row["flow_reporter"] == "IND"
    code, _, err = run("data", "remove", "ct")
    assert code == 0 and "removed" in err
    code, _, err = run("data", "info", "ct")
    assert code == 2 and "unknown dataset" in err


def test_data_ingest_bad_file_names_row(home: Path, tmp_path: Path) -> None:
    p = tmp_path / "BACI_HS17_Y2022_V202501.csv"
    p.write_text("t,i,j,k,v,q\n2022,699,643,030617,1.0,\n2022,699,643,30049,1.0,\n")
    code, _, err = run("data", "ingest", "baci", str(p))
    assert code == 2
    assert "row 3" in err and "column 'k'" in err and "Fix:" in err


def test_codes_commands(home: Path) -> None:
    code, out, _ = run("codes", "countries", "U S A")
    assert code == 0 and "USA" in out and "842" in out
    code, out, _ = run("codes", "hs", "03061700")
    assert code == 0 and "shrimps" in out
    code, out, _ = run("codes", "groups")
    assert code == 0 and "pharmaceuticals" in out


def test_chart_and_case_report(home: Path, tmp_path: Path) -> None:
    chart = tmp_path / "bal.html"
    code, _, err = run(
        "balance",
        "IND",
        "USA",
        "-d",
        "india-eidb",
        "--fiscal-year",
        "2024-25",
        "--chart",
        str(chart),
    )
    assert code == 0, err
    assert chart.stat().st_size > 100_000 and "plotly" in chart.read_text()[:5000].lower()
    report = tmp_path / "case.html"
    code, out, err = run("case", "india-russia", "--out", str(report))
    assert code == 0, err
    assert "-62.095" in out and "68.70" in out
    # a group the line data lack: its level and its share say so, neither is blank
    coal = next(ln for ln in out.splitlines() if ln.startswith("│ Coal (2701)"))
    assert coal.count("not covered") == 4, coal
    html = report.read_text()
    assert "<script" in html and "cdn.plot.ly" not in html.split("</script>")[-1]
    assert "India–Russia" in html and "PARTIAL coverage" in html
    assert "Provenance." in html and "BACI V202501" in html
    assert html.count("plotly-graph-div") >= 5
    # the 2025 US measures, their exposure and the library scenarios, with sources
    assert "The US measures on India" in html and "50% and over" in html
    for name in ("us-india-2025-08-27", "india-halts-russian-oil", "india-russia-export-push"):
        assert name in html
    assert "EO 14329" in html and "GTRI" in html
    assert "The claims of the case, checked" in html and "DGCI&amp;S FY2024-25" in html
    # the first section: the official series, BACI apart, crude and the record verified
    assert "in the official statistics" in html and "calendar 2023 in BACI" in html
    assert "The deficit: crude oil and the rest" in html and "not covered" in html
    assert "The record, verified" in html and "is the highest of FY2010-11" in html
    assert "Where could India sell more" in html
    coal = re.sub(r"<[^>]+>", " ", html[html.index("Coal (2701)") :]).split("Crude")[0]
    assert coal.count("not covered") == 4  # its levels and its shares, in the report too
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "FY2024-25 4.881 63.811 68.693 -58.930 +4.6% record FY2025-26" in text  # not blank


@pytest.mark.usefixtures("home")
def test_estimate_cli_on_a_panel_file() -> None:
    panel = data_path("yotov2016", "yotov2016_panel.parquet")
    code, out, err = run(
        "estimate",
        str(panel),
        "--x",
        "ln_DIST,CNTG,INTL_BRDR",
        "--fe",
        "exporter,importer",
        "--years",
        "2006",
        "--domestic",
        "--border",
        "--format",
        "json",
    )
    assert code == 0, err
    rows = {r["term"]: r for r in json.loads(out)}
    assert rows["INTL_BRDR"]["estimate"] == pytest.approx(-2.47445, abs=1e-5)
    assert rows["ln_DIST"]["nobs"] == 4761
    code, _, err = run("estimate", str(panel), "--x", "ln_DIST", "--vcov", "robust")
    assert code == 2 and "cluster:VAR" in err


@pytest.mark.usefixtures("home")
def test_potential_and_balance_path_cli() -> None:
    code, out, err = run("potential", "IND", "RUS", "-f", "json")
    assert code == 0, err
    row = json.loads(out)[0]
    assert row["market"] == "RUS" and row["actual_usd"] == pytest.approx(4.054e9, rel=1e-3)
    code, out, err = run(
        "balance-path",
        "IND",
        "RUS",
        "--export-growth",
        "pharmaceuticals=0.5,agriculture=1.0,textiles_apparel=1.0",
        "--import-change",
        "crude=-0.2",
        "--years",
        "5",
        "-f",
        "json",
    )
    assert code == 0, err
    rows = json.loads(out)
    assert rows[0]["balance_usd"] == pytest.approx(-58.9e9)
    assert rows[-1]["balance_usd"] > rows[0]["balance_usd"]
    code, _, err = run("balance-path", "IND", "RUS", "--export-growth", "pharma=0.5")
    assert code == 2 and "pharmaceuticals" in err


@pytest.mark.usefixtures("home")
def test_run_with_bands_and_a_sweep_on_processes(tmp_path: Path) -> None:
    out_dir = tmp_path / "mc"
    code, _out, err = run(
        "run",
        "liberation-day-2025-bands",
        "--draws",
        "12",
        "--seed",
        "3",
        "--executor",
        "processes",
        "--workers",
        "2",
        "-o",
        str(out_dir),
    )
    assert code == 0, err
    bands = pd.read_csv(out_dir / "montecarlo_countries.csv")
    usa = bands[(bands["iso3"] == "USA") & (bands["outcome"] == "welfare_pct")].iloc[0]
    assert usa["p5"] < usa["point"] < usa["p95"]
    assert usa["point"] == pytest.approx(1.13, abs=0.005)  # ILMS 2025 Table 2
    summary = json.loads((out_dir / "summary.json").read_text())
    assert summary["provenance"]["seed"] == "3"
    assert summary["summary"]["mc_draws"] == 12
    html = (out_dir / "report.html").read_text()
    assert "Welfare change, largest 25 effects" in html
    assert "Welfare change bands for selected countries" in html

    code, _out, err = run("run", "us-tariff-on-india-sweep", "-o", str(tmp_path / "sw"))
    assert code == 0, err
    sw = pd.read_csv(tmp_path / "sw" / "sweep.csv")
    assert sw["step"].nunique() == 21


@pytest.mark.usefixtures("home")
def test_run_with_an_unknown_executor_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(
        "run", "us-tariff-on-india-sweep", "--executor", "spark", "-o", str(tmp_path)
    )
    assert code == 2
    words = " ".join(err.replace("│", " ").split())
    assert "'spark' is not one of 'serial', 'processes', 'dask'" in words


@pytest.mark.usefixtures("home")
def test_run_out_refuses_a_used_folder_and_overwrite_clears_only_its_files(
    tmp_path: Path,
) -> None:
    out = tmp_path / "o"
    code, _, err = run("run", "india-russia-export-push", "-o", str(out))
    assert code == 0, err
    first = {p.name for p in out.iterdir()}
    assert ".tradewinds-manifest.json" in first and "summary.json" in first
    (out / "mine.txt").write_text("the user's own notes")
    (out / "push.csv").write_text("stale")
    code, _, err = run("run", "india-russia-export-push", "-o", str(out))
    assert code == 2 and "not empty" in err and "--overwrite" in err
    assert (out / "push.csv").read_text() == "stale"  # nothing touched
    code, _, err = run("run", "india-russia-export-push", "-o", str(out), "--overwrite")
    assert code == 0, err
    assert (out / "mine.txt").read_text() == "the user's own notes"  # not ours: kept
    assert (out / "push.csv").read_text() != "stale"  # ours: replaced
    # a file tradewinds wrote before but not now is gone (no stale results beside new ones)
    code, _, err = run("run", "us-india-2025-08", "-o", str(out), "--overwrite")
    assert code == 0, err
    assert not (out / "push.csv").exists() and (out / "countries.csv").exists()


@pytest.mark.usefixtures("home")
def test_contradicting_flags_are_errors(tmp_path: Path) -> None:
    code, _, err = run(
        "run", "us-india-2025-08", "--scheduler-address", "tcp://127.0.0.1:1",
        "-o", str(tmp_path / "x"),
    )  # fmt: skip
    assert code == 2 and "--scheduler-address" in err and "--executor" in err


@pytest.mark.usefixtures("home")
def test_run_table_shows_labels_alternatives_and_why(tmp_path: Path) -> None:
    code, out, err = run("run", "us-india-2025-08-27", "-o", str(tmp_path / "pe"))
    assert code == 0, err
    assert "change of exports on the covered lines" in out
    assert "or: change of exports on the covered lines, other σ" in out
    assert "ProTEE" in out and "assumed:" in out
    assert "sensitivity_exports_change_pct" not in out and "_usd" not in out
    summary = json.loads((tmp_path / "pe" / "summary.json").read_text())
    assert "sensitivity_exports_change_pct" in summary["summary"]  # keys stay in JSON
    code, out, err = run("run", "us-india-2025-08", "-o", str(tmp_path / "ge"))
    assert code == 0, err
    assert "ge_nu_r" not in out and "solver:" in out and "US welfare" in out


@pytest.mark.usefixtures("home")
def test_user_text_in_brackets_is_printed_as_typed() -> None:
    code, _, err = run("balance", "IND", "[/x]")
    assert code == 2 and "[/x]" in err and "MarkupError" not in err
    code, _, err = run("balance", "IND", "[bold]Rusia[/bold]")
    assert code == 2 and "[bold]Rusia[/bold]" in err


@pytest.mark.usefixtures("home")
def test_year_and_fiscal_year_together_are_an_error() -> None:
    code, _, err = run("balance", "IND", "RUS", "--year", "2023", "--fiscal-year", "2024-25")
    assert code == 2 and "--year and --fiscal-year contradict each other" in err


def test_help_shows_no_bool_metavar_and_lists_are_not_cut() -> None:
    code, out, _ = run("balance", "--help")
    assert code == 0 and "--allow-partial" in out and "<bool>" not in out
    code, out, _ = run("scenarios", "list")
    assert code == 0
    from tradewinds.scenarios import library_names, library_scenario

    words = " ".join(out.split())
    for n in library_names():
        last = library_scenario(n).description.split()[-1]
        assert last in words, f"{n}: description cut"


def test_each_command_says_what_it_does_in_one_line() -> None:
    """The command list shows each command's first paragraph as Rich wraps it; a line
    break inside it broke the list in the middle of a sentence."""
    import typer.main

    from tradewinds.cli import app

    def commands(cmd: object, path: str) -> list[tuple[str, object]]:
        subs = getattr(cmd, "commands", None)  # a group (Typer's own click or click's)
        if subs is not None:
            return [x for n, c in subs.items() for x in commands(c, f"{path} {n}")]
        return [(path, cmd)]

    found = commands(typer.main.get_command(app), "tradewinds")
    assert len(found) > 20
    broken = [
        p for p, c in found if "\n" in (getattr(c, "help", "") or "").strip().split("\n\n")[0]
    ]
    assert broken == []
    code, out, _ = run("--help")
    assert code == 0 and "Each library prediction" in out
    assert "horizon, policy dates" not in out  # the details stay in `backtest --help`


def test_a_wide_table_is_drawn_whole_and_names_unbroken() -> None:
    """Rich widens columns with a minimum width again after narrowing the others, so it
    drew wider than the page it measured and the right edge was cut (the last two columns
    of `potential` and `crude` in the docs); a scenario's name broke mid-word."""
    import io

    from rich.console import Console
    from rich.table import Table

    from tradewinds.cli import output

    code, out, _ = run("potential", "IND", "RUS")
    assert code == 0
    box = [ln for ln in out.splitlines() if ln[:1] in "┏┃┡│└"]
    assert box and all(ln[-1] in "┓┃┩│┘" for ln in box), "a table cut at the right edge"
    assert "tariff" in box[1] + box[2] and len({len(ln) for ln in box}) == 1
    # the layout that was cut: long prose, a long name, eight numbers, on 140 columns
    page = Console(file=io.StringIO(), width=140, soft_wrap=False)
    t = Table()
    cells = ["India's exports to the US", "us-india-2025-08-27-icio", "2025-08-27", "long run"]
    for i, v in enumerate(cells):
        t.add_column(f"text {i}", min_width=max(min(len(v), 12), len(max(v.split(), key=len))))
    for i in range(6):
        t.add_column(f"number column {i} (US$)", justify="right", min_width=10)
    t.add_row(*cells, *["-81.204 bn"] * 6)
    saved = output.out
    output.out = page
    try:
        output.print_wide(t)
    finally:
        output.out = saved
    drawn = page.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert all(ln.rstrip()[-1] in "┓┃┩│┘" for ln in drawn)
    assert any("us-india-2025-08-27-icio" in ln for ln in drawn)
