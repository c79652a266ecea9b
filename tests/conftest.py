from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

FIXTURES = Path(__file__).parent / "fixtures"

# CI runs the property tests with a fixed seed (reproducible runs); developers explore
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    _hsettings.load_profile("ci")


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def _seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the embedded datasets ingested once per session."""
    from tradewinds.services import datasets, open_store

    home = tmp_path_factory.mktemp("seeded-home")
    datasets(open_store(str(home)))  # every embedded dataset, the lazily added ones too
    return home


@pytest.fixture
def home(_seeded_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the seeded store, set as TRADEWINDS_HOME."""
    h = tmp_path / "home"
    shutil.copytree(_seeded_home, h)
    monkeypatch.setenv("TRADEWINDS_HOME", str(h))
    yield h


@pytest.fixture
def store(home: Path):  # type: ignore[no-untyped-def]
    from tradewinds.io.store import TradeStore

    return TradeStore(home)


@pytest.fixture(scope="session")
def world_problem(_seeded_home: Path):  # type: ignore[no-untyped-def]
    """The world 2023 GE problem of the Liberation Day scenario (194 countries)."""
    from tradewinds.io.store import TradeStore
    from tradewinds.models.montecarlo import WorldProblem
    from tradewinds.services import world_matrix

    w = world_matrix(TradeStore(_seeded_home))
    return WorldProblem(w.X, w.gdp, w.countries, w.rates, pairs=(("IND", "USA"), ("CHN", "USA")))
