"""Limits, the scenario document checks, runs that stop, names that are names."""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from tradewinds import limits
from tradewinds.errors import (
    Cancelled,
    DataValidationError,
    InputOutputError,
    PortInUseError,
    RunTimeLimit,
    ScenarioError,
    UnknownCodeError,
    translate,
)
from tradewinds.parallel import SerialExecutor, Stop, get_executor, map_batched, stopping
from tradewinds.scenarios import library_scenario, scenario_from_dict, scenario_ref
from tradewinds.scenarios.document import check_names, check_period, sweep_points

# ------------------------------------------------------------------------- limits


def test_every_limit_is_documented_in_docs_limits() -> None:
    text = (Path(__file__).parents[2] / "docs" / "limits.md").read_text()
    for what, amount, setting, _ in limits.table_rows():
        assert what in text, what
        assert f"| {amount} |" in text, (what, amount)
        if setting != "fixed":
            assert setting in text


def test_environment_overrides_and_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits.value("run_memory") == 2 * limits.GiB
    monkeypatch.setenv("TRADEWINDS_MAX_RUN_MEMORY", "8GiB")
    assert limits.value("run_memory") == 8 * limits.GiB
    monkeypatch.setenv("TRADEWINDS_MAX_RUN_MEMORY", "512MB")
    assert limits.value("run_memory") == 512 * limits.MiB
    monkeypatch.setenv("TRADEWINDS_MAX_RUN_MEMORY", "1e9")
    assert limits.value("run_memory") == 1e9
    for bad in ("lots", "-1", "0", "nan", "inf"):
        monkeypatch.setenv("TRADEWINDS_MAX_RUN_MEMORY", bad)
        with pytest.raises(DataValidationError, match="TRADEWINDS_MAX_RUN_MEMORY"):
            limits.value("run_memory")


def test_the_memory_check_states_the_estimate_the_limit_and_what_fits() -> None:
    with pytest.raises(ScenarioError) as e:
        limits.check_run_memory(per_item=40_000, items=1_000_000, field="--draws", what="draws")
    msg = str(e.value)
    assert "--draws" in msg and "37.3 GiB" in msg and "2.0 GiB" in msg
    assert "at most 53,687 draws" in msg and "TRADEWINDS_MAX_RUN_MEMORY" in msg
    assert limits.check_run_memory(per_item=40_000, items=100, field="f", what="d") == 4e6


def test_the_world_models_memory_estimate_bounds_what_its_draws_take(world_problem: Any) -> None:
    """The estimate (bytes per draw × draws) is an upper bound of the peak measured."""
    from tradewinds.models.montecarlo import Dist, monte_carlo_world
    from tradewinds.scenarios.engines import _memory

    n = 200
    tracemalloc.start()
    try:
        monte_carlo_world(
            world_problem,
            {"epsilon": Dist.parse("lognormal:4:1")},
            n_draws=n,
            seed=1,
            executor=SerialExecutor(),
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    est = _memory.world_draws(len(world_problem.countries), len(world_problem.pairs), n, None)
    assert peak <= est <= 3 * peak, (peak, est)


# ------------------------------------------------------------------ scenario document


def test_periods_are_exact() -> None:
    assert check_period("FY2024-25", "p") == "FY2024-25"
    assert check_period("2024", "p") == "2024"
    assert check_period("FY2099-00", "p") == "FY2099-00"
    for bad in ("FY2023-27", "FY24-25", "2024/25", "FY2024-2025", "FY 2024-25", "24"):
        with pytest.raises(ScenarioError) as e:
            check_period(bad, "baseline.period")
        assert e.value.field == "baseline.period"


def test_sweep_points_are_counted_not_built() -> None:
    assert sweep_points(0.0, 1.0, 0.05) == 21
    assert sweep_points(0.0, 1.0, 1e-9) >= 1_000_000_000
    t0 = time.perf_counter()
    doc = library_scenario("us-tariff-on-india-sweep").model_dump(mode="python", by_alias=True)
    doc["sweep"]["step"] = 1e-12
    with pytest.raises(ScenarioError, match="over the limit of 5,000"):
        scenario_from_dict(doc)
    assert time.perf_counter() - t0 < 1.0


def _doc() -> dict[str, Any]:
    return library_scenario("us-india-2025-08-27").model_dump(
        mode="python", by_alias=True, exclude_none=True
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["pe"].__setitem__("epsilon", float("nan")), "pe.epsilon"),
        (lambda d: d["pe"].__setitem__("sigma_overrides", {"300490": "inf"}), "sigma_overrides"),
        (lambda d: d["tariffs"].__setitem__("date", "2025-8-27"), "tariffs.date"),
        (lambda d: d["tariffs"].__setitem__("chain", [20250827]), "tariffs.chain[0]"),
        (lambda d: d["baseline"].__setitem__("period", "FY2023-27"), "baseline.period"),
        (lambda d: d.__setitem__("notes", ["n"] * 301), "notes"),
        (lambda d: d["pe"].__setitem__("epsilon", True), "pe.epsilon"),
    ],
)
def test_a_scenario_document_names_the_field(change: Any, field: str) -> None:
    d = _doc()
    change(d)
    with pytest.raises(ScenarioError) as e:
        scenario_from_dict(d, where="mine.toml")
    assert field in (e.value.field or ""), e.value
    assert (e.value.field or "").startswith("mine.toml: ")
    assert e.value.fix


def test_infinite_supply_elasticity_is_the_one_inf_allowed() -> None:
    d = _doc()
    d["pe"]["beta"] = float("inf")
    assert scenario_from_dict(d).pe.beta == float("inf")


def test_names_only_where_files_are_not_allowed(tmp_path: Path) -> None:
    d = _doc()
    d["tariffs"]["schedule"] = str(tmp_path / "mine.toml")
    with pytest.raises(ScenarioError, match="is a path") as e:
        scenario_from_dict(d, files=False)
    assert e.value.field and "tariffs.schedule" in e.value.field
    d["tariffs"]["schedule"] = "eu2025"
    with pytest.raises(ScenarioError, match="no shipped schedule"):
        check_names(d)
    d["tariffs"]["schedule"] = "us2025"
    d["baseline"]["dataset"] = "../store/x"
    with pytest.raises(ScenarioError, match="is a path"):
        check_names(d)


# ------------------------------------------------------------------ names are names


def test_library_names_never_reach_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private = tmp_path / "private.toml"
    private.write_text('name = "private"\nmodels = ["ge"]\n[ge]\n')
    stem = str(private.with_suffix(""))
    for ref in (stem, "../" * 12 + stem.lstrip("/"), str(private), "a/b", "..", "x..y"):
        with pytest.raises(ScenarioError, match="is not a scenario name"):
            library_scenario(ref)
        with pytest.raises(ScenarioError, match="is not a scenario name"):
            scenario_ref(ref, files=False)
    # on the command line, an existing file the user typed is read …
    assert scenario_ref(str(private), files=True)[0].name == "private"
    # … a name is a library name even when the current folder holds a file of that name
    monkeypatch.chdir(tmp_path)
    (tmp_path / "liberation-day-2025").write_text("not a scenario")
    sc, source = scenario_ref("liberation-day-2025", files=True)
    assert source == "library" and sc.name == "liberation-day-2025"
    with pytest.raises(UnknownCodeError, match="liberation-day-2025"):
        scenario_ref("Liberation-Day-2025", files=True)


def test_unknown_code_fixes_name_only_commands_that_exist() -> None:
    from typer.testing import CliRunner

    from tradewinds.cli import app

    for kind in ("tariff schedule", "product list", "scenario", "dataset", "ICIO economy"):
        assert "tradewinds codes" not in str(UnknownCodeError(kind, "x"))
    for kind, sub in (("country", "countries"), ("HS code", "hs"), ("product group", "groups")):
        assert f"`tradewinds codes {sub}`" in str(UnknownCodeError(kind, "x"))
        assert CliRunner().invoke(app, ["codes", sub, "--help"]).exit_code == 0


# --------------------------------------------------------------------- runs that stop


def _slow(x: int) -> int:
    time.sleep(0.01)
    return x * x


def test_batches_are_sized_by_time_and_keep_the_order() -> None:
    seen: list[int] = []
    got = map_batched(
        _slow,
        list(range(60)),
        SerialExecutor(),
        on_batch=lambda k, n: seen.append(k),
        batch_seconds=0.05,
    )
    assert got == [x * x for x in range(60)]
    assert 5 <= len(seen) <= 20 and seen[-1] == 60  # a report every ~0.05 s, not per item
    with get_executor("processes", workers=2) as ex:
        sizes: list[int] = []
        got = map_batched(
            _slow,
            list(range(120)),
            ex,
            workers=2,
            batch_seconds=0.05,
            on_batch=lambda k, n: sizes.append(k),
        )
    assert got == [x * x for x in range(120)]
    steps = [b - a for a, b in zip([0, *sizes], sizes, strict=False)]
    assert steps[0] == 1 and max(steps) > 1  # the first batch is one item, later ones grow


def test_cancel_stops_within_one_batch_from_another_thread() -> None:
    stop = Stop()
    done: list[int] = []

    def cancel_soon() -> None:
        time.sleep(0.2)
        stop.cancel()

    threading.Thread(target=cancel_soon).start()
    t0 = time.perf_counter()
    with stopping(stop), pytest.raises(Cancelled, match="cancelled after"):
        map_batched(
            _slow, list(range(10_000)), SerialExecutor(), on_batch=lambda k, n: done.append(k)
        )
    assert time.perf_counter() - t0 < 0.5


def test_a_run_over_its_time_is_stopped_with_the_limit() -> None:
    stop = Stop(seconds=0.1, setting="TRADEWINDS_MAX_RUN_SECONDS")
    with stopping(stop), pytest.raises(RunTimeLimit) as e:
        map_batched(_slow, list(range(10_000)), SerialExecutor())
    assert "0 s" in str(e.value) or "longer than" in str(e.value)
    assert "TRADEWINDS_MAX_RUN_SECONDS" in str(e.value)
    assert e.value.exit_code == 2


def test_a_run_refused_for_memory_before_it_starts(home: Path) -> None:
    from tradewinds import services

    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as e:
        services.run_scenario("liberation-day-2025-bands", draws=1_000_000)
    assert "36.7 GiB" in str(e.value) and "--draws" in str(e.value)
    assert time.perf_counter() - t0 < 30


def test_the_dashboard_pool_refuses_with_the_reason() -> None:
    from tradewinds.dashboard.runs import Busy, RunPool

    pool = RunPool(workers=1, queue=1)
    gate = threading.Event()
    stops = [Stop(), Stop()]
    a = pool.submit("s1", gate.wait, stops[0])
    b = pool.submit("s2", gate.wait, stops[1])
    with pytest.raises(Busy, match="this session is already running"):
        pool.submit("s1", gate.wait, Stop())
    with pytest.raises(Busy, match="the server is busy"):
        pool.submit("s3", gate.wait, Stop())
    stops[1].cancel()  # a waiting run cancelled never starts
    gate.set()
    a.result(timeout=5)
    with pytest.raises(Cancelled):
        b.result(timeout=5)
    assert pool.active == 0


# ----------------------------------------------------------------- edges and serve


def test_system_errors_are_translated_with_the_path(tmp_path: Path) -> None:
    try:
        (tmp_path / "missing" / "x.html").write_text("x")
    except OSError as exc:
        typed = translate(exc)
    assert isinstance(typed, InputOutputError)
    assert "missing" in str(typed) and "Fix:" in str(typed)
    assert isinstance(translate(MemoryError()), Exception)
    assert translate(ValueError("a bug")) is None


def test_serve_binds_after_a_stop_and_refuses_a_real_conflict() -> None:
    from tradewinds.cli.serve import _bind

    sock = _bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = sock.accept()
    conn.close()  # the server closes first: its side of the connection is in TIME-WAIT
    client.close()
    sock.close()
    again = _bind("127.0.0.1", port)  # SO_REUSEADDR: TIME-WAIT does not block it
    with pytest.raises(PortInUseError, match=str(port)):
        _bind("127.0.0.1", port)  # a program listening there is a real conflict
    again.close()
    with pytest.raises(PortInUseError, match="unknown host"):
        _bind("no-such-host.invalid", 8050)


def test_help_texts_keep_their_brackets() -> None:
    from typer.testing import CliRunner

    from tradewinds.cli import app

    out = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).stdout
    assert "[montecarlo].draws" in out
    out = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    assert "[context] and [[claims]]" in out
