"""The dashboard under attack, on loopback, bounded in count and time.

* an oversized upload, and one with more measures than a scenario may hold, are refused
  within 1 s with the limit, and the session stays connected;
* while one session runs a long Monte Carlo, other clients' requests keep p99 < 1 s;
  Cancel frees the CPU within 2 s, and the page says "cancelled" only then;
* path names in any field (the library select, Compare, a schedule in an upload, the
  name) are refused and no file outside the library is read;
* an ingest of a 2-million-row file survives a second ingest, a query loop and a
  dashboard session started during it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from tests.adversarial.store_helpers import (
    BackgroundIngest,
    assert_store_consistent,
    result,
    worker,
)
from tests.e2e.conftest import browser_context_args, browser_type_launch_args  # noqa: F401
from tradewinds.dashboard.local import LocalServer, local_server

pytestmark = pytest.mark.e2e
LONG = 90_000  # ms: the first page on a loaded 2-core machine
PRIVATE = "PRIVATE-MARKER-7f3a"  # text of files outside the library: never on the page


@pytest.fixture(scope="module")
def served(
    _seeded_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalServer, Path]]:
    home = tmp_path_factory.mktemp("load-home") / "home"
    shutil.copytree(_seeded_home, home)
    log_path = tmp_path_factory.mktemp("load-log") / "serve.log"
    with log_path.open("w") as log, local_server(home=home, log=log) as srv:
        yield srv, log_path
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text[-3000:]


@pytest.fixture
def dash(page: Any, served: tuple[LocalServer, Path]) -> Any:
    page.goto(served[0].url)
    page.wait_for_selector("#rel-tables", timeout=LONG)
    page.get_by_role("tab", name="Scenario").click()
    return page


def _alive(page: Any) -> None:
    """The session is still connected: a field change still reaches the server."""
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Scenario").click()
    page.select_option("#sc-base", "liberation-day-2025")
    expect(page.locator("#sc-name")).to_have_value("liberation-day-2025", timeout=LONG)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------- uploads


def test_an_oversized_upload_is_refused_within_a_second(dash: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    big = tmp_path / "big.toml"
    with big.open("wb") as fh:  # 63 MB, as in the issue
        fh.write(b"# " + b"x" * (63 << 20) + b"\n")
    t0 = time.perf_counter()
    dash.set_input_files("#sc-upload", str(big))
    err = dash.locator("#sc-err_upload")
    expect(err).to_contain_text("over the limit of 1.0 MiB", timeout=5_000)
    assert time.perf_counter() - t0 < 1.0 + 0.5  # 1 s, and the browser's own file read
    expect(err).to_contain_text("big.toml")
    _alive(dash)


def test_a_scenario_over_the_measure_limit_is_refused_within_a_second(
    dash: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    from tests.adversarial.corpus import SCENARIO_PE, _measures

    f = tmp_path / "many.toml"
    many = SCENARIO_PE + _measures(100_000)
    f.write_text(many)
    assert f.stat().st_size > 1 << 20  # 100k measures: refused by size first
    small = tmp_path / "many-small.toml"  # under the byte limit, over the measure limit
    small.write_text(SCENARIO_PE + _measures(1_500))
    assert small.stat().st_size < 1 << 20
    for path, says in ((f, "over the limit of 1.0 MiB"), (small, "over the limit of 1,000")):
        t0 = time.perf_counter()
        dash.set_input_files("#sc-upload", str(path))
        expect(dash.locator("#sc-err_upload")).to_contain_text(says, timeout=5_000)
        assert time.perf_counter() - t0 < 1.5, path.name
    _alive(dash)


def test_a_deep_toml_and_a_schedule_path_are_refused(dash: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from tests.adversarial.corpus import SCENARIO_PE

    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    dash.set_input_files("#sc-upload", str(deep))
    expect(dash.locator("#sc-err_upload")).to_contain_text("nested more than", timeout=LONG)
    private = tmp_path / "private-schedule.toml"
    private.write_text(f'schedule = "{PRIVATE}"\n')
    sched = tmp_path / "sched.toml"
    sched.write_text(
        SCENARIO_PE.replace('importer = "USA"', f'importer = "USA"\nschedule = "{private}"')
    )
    dash.set_input_files("#sc-upload", str(sched))
    err = dash.locator("#sc-err_upload")
    expect(err).to_contain_text("is a path", timeout=LONG)
    expect(err).to_contain_text("tariffs.schedule")
    assert PRIVATE not in dash.content()
    _alive(dash)


# ------------------------------------------------------------------ names are names


def test_path_names_in_any_field_are_refused(dash: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    private = tmp_path / "private.toml"
    private.write_text(f'name = "private"\ndescription = "{PRIVATE}"\nmodels = ["ge"]\n[ge]\n')
    stem = str(private.with_suffix(""))
    before = dash.locator("#sc-measures").inner_text()
    for value in (stem, f"../../../../../../..{stem}", str(private)):
        dash.evaluate("v => Shiny.setInputValue('sc-base', v)", value)
        expect(dash.locator("#sc-err_general")).to_contain_text(
            "is not a scenario name", timeout=LONG
        )
        assert dash.locator("#sc-measures").inner_text() == before
    dash.fill("#sc-name", "../../etc/x")
    dash.click("#sc-run")
    expect(dash.locator("#sc-err_name")).to_contain_text("name", timeout=LONG)
    dash.get_by_role("tab", name="Compare").click()
    for value in (str(private), stem):
        dash.evaluate("v => Shiny.setInputValue('cmp-a', v)", value)
        dash.click("#cmp-go")
        expect(dash.locator("#cmp-err_page")).to_contain_text(
            "is not a library scenario", timeout=LONG
        )
    dash.evaluate("v => Shiny.setInputValue('rel-year', v)", "twenty")
    dash.get_by_role("tab", name="Relationship").click()
    expect(dash.locator("#rel-err_page")).to_contain_text("not a calendar year", timeout=LONG)
    assert PRIVATE not in dash.content()
    _alive(dash)


def test_download_names_are_sanitised() -> None:
    from tradewinds.dashboard.runs import safe_filename

    assert safe_filename("../../etc/passwd", ".toml") == "etc-passwd.toml"
    assert safe_filename('a"b\r\nc', ".csv") == "a-b-c.csv"
    assert safe_filename("", "-report.html") == "scenario-report.html"
    assert safe_filename("..", ".toml") == "scenario.toml"
    assert len(safe_filename("x" * 500, ".toml")) == 80 + 5


# --------------------------------------------------------- a long run, others, cancel


def test_other_clients_stay_fast_during_a_run_and_cancel_frees_the_cpu(
    dash: Any, served: tuple[LocalServer, Path]
) -> None:
    from playwright.sync_api import expect

    srv = served[0]
    dash.select_option("#sc-base", "liberation-day-2025-bands")
    expect(dash.locator("#sc-name")).to_have_value("liberation-day-2025-bands", timeout=LONG)
    dash.fill("#sc-mc_draws", "20000")  # minutes of work: it is cancelled below
    dash.click("#sc-run")
    status = dash.locator("#sc-status")
    expect(status).to_contain_text("draws", timeout=LONG)  # computing, with progress
    times: list[float] = []
    errors: list[str] = []

    def other_client() -> None:  # another browser's requests: the page, the scripts
        for k in range(40):
            path = "" if k % 2 == 0 else "static/plotly.min.js"
            t0 = time.perf_counter()
            try:
                with urlopen(srv.url + path, timeout=10) as r:
                    r.read()
            except OSError as e:
                errors.append(str(e))
            times.append(time.perf_counter() - t0)

    clients = [threading.Thread(target=other_client) for _ in range(2)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(timeout=120)
    assert not errors, errors
    times.sort()
    p99 = times[int(0.99 * (len(times) - 1))]
    assert p99 < 1.0, f"p99 {p99:.2f} s (median {statistics.median(times):.3f} s)"
    assert "running" in status.inner_text()  # the run was computing all along
    busy = _cpu_seconds(srv.process.pid)
    time.sleep(1.0)
    assert _cpu_seconds(srv.process.pid) - busy > 0.15  # the run computes (a shared machine)
    t0 = time.perf_counter()
    dash.click("#sc-cancel")
    expect(status).to_contain_text("cancelled", timeout=2_000)
    cancelled_after = time.perf_counter() - t0
    c0 = _cpu_seconds(srv.process.pid)
    time.sleep(1.0)
    idle = _cpu_seconds(srv.process.pid) - c0
    print(  # the figures of the run, for the record (pytest -s shows them)
        f"\nother clients: {len(times)} requests, median {statistics.median(times):.3f} s, "
        f"p99 {p99:.3f} s; cancel: 'cancelled' after {cancelled_after:.2f} s, CPU in the "
        f"next second {idle:.2f} s"
    )
    assert cancelled_after < 2.0 and idle < 0.3, (cancelled_after, idle)
    assert dash.locator("#sc-results").count() == 0


def test_a_second_run_of_a_session_is_refused_with_the_reason(dash: Any) -> None:
    from playwright.sync_api import expect

    dash.select_option("#sc-base", "liberation-day-2025-bands")
    expect(dash.locator("#sc-name")).to_have_value("liberation-day-2025-bands", timeout=LONG)
    dash.fill("#sc-mc_draws", "20000")
    dash.click("#sc-run")
    expect(dash.locator("#sc-status")).to_contain_text("running", timeout=LONG)
    dash.get_by_role("tab", name="Compare").click()
    dash.click("#cmp-go")
    expect(dash.locator("#cmp-err_page")).to_contain_text("already running", timeout=LONG)
    dash.get_by_role("tab", name="Scenario").click()
    dash.click("#sc-cancel")
    expect(dash.locator("#sc-status")).to_contain_text("cancelled", timeout=5_000)


# ------------------------------------------------------- a store under concurrent use


def test_an_ingest_survives_a_dashboard_session_and_other_processes(
    _seeded_home: Path, tmp_path: Path, page: Any, fixtures: Path
) -> None:
    home = tmp_path / "home"
    shutil.copytree(_seeded_home, home)
    stop, go = tmp_path / "stop", tmp_path / "go"
    loop = worker("query-loop", str(home), "world2023", str(stop), str(go))
    with BackgroundIngest(home, rows=2_000_000, pause="written", workdir=tmp_path) as big:
        live = [p for p in (home / "tmp").iterdir() if p.is_dir()]
        go.touch()
        second = worker(
            "ingest", str(home), str(fixtures / "BACI_HS17_Y2022_V202501_sample.csv"), "second"
        )
        with local_server(home=home) as srv:  # a dashboard session during the ingest
            page.goto(srv.url)
            page.wait_for_selector("#rel-tables", timeout=LONG)
            assert all(p.exists() for p in live), "the dashboard swept a live ingest"
        assert result(second)["rows"] == 8
        out = big.wait()
    stop.touch()
    loop_out = result(loop)
    assert out["rows"] == 2_000_000 and not out["skipped"]
    assert loop_out["n_failures"] == 0, loop_out["failures"]
    assert_store_consistent(home)
