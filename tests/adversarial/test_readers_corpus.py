"""Every malformed input ends in a typed error with location and fix, and the store
is never changed by it.

One store is shared by the whole corpus: its catalog and every file under
datasets/ are snapshotted before and compared after each case, so any case that
wrote anything fails. A final check scans every stored float for ±inf or NaN.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.corpus import (
    RUNNERS,
    Case,
    all_cases,
    malformed_baci,
    malformed_comtrade_json,
    malformed_eidb,
    malformed_toml,
)
from tests.adversarial.store_helpers import snapshot
from tradewinds.errors import DataValidationError, ScenarioError, TradewindsError
from tradewinds.io.store import TradeStore

CASES = all_cases()


def test_the_corpus_is_large_and_covers_every_reader() -> None:
    assert len(CASES) >= 300, len(CASES)
    per = {r: sum(c.reader == r for c in CASES) for r in RUNNERS}
    assert all(n >= 10 for n in per.values()), per


@pytest.fixture(scope="module")
def shared_store(
    _seeded_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TradeStore]:
    home = tmp_path_factory.mktemp("adv") / "home"
    shutil.copytree(_seeded_home, home)
    with pytest.MonkeyPatch.context() as mp:  # claims are checked on this store
        mp.setenv("TRADEWINDS_HOME", str(home))
        yield TradeStore(home)


def _location(err: TradewindsError) -> tuple[str | None, int | None, str | None, str | None]:
    """(file, row, column, fix) of any TradewindsError."""
    if isinstance(err, DataValidationError):
        return err.file, err.row, err.column, err.fix
    if isinstance(err, ScenarioError):
        # field = "FILE: a.b[0].c" (the file, then the field inside it: the column)
        line = re.search(r"\(line (\d+)\)", str(err))
        file, _, inside = (err.field or "").partition(": ")
        return file, int(line.group(1)) if line else None, inside or None, err.fix
    fix = str(err).split("Fix:", 1)[1].strip() if "Fix:" in str(err) else None
    return None, None, None, fix


def check_case(case: Case, folder: Path, store: TradeStore) -> TradewindsError:
    target = case.make(folder)
    before = snapshot(store.home)
    try:
        spec = RUNNERS[case.reader](target)
        if spec is not None:
            info = store.ingest(spec)
            store.remove(info.id)  # keep the shared store clean for the other cases
    except TradewindsError as exc:
        err = exc
    except BaseException as exc:  # a traceback: the case fails with what escaped
        raise AssertionError(f"{case.id}: {type(exc).__name__} escaped: {exc}") from exc
    else:
        raise AssertionError(f"{case.id}: the malformed input was accepted")
    assert snapshot(store.home) == before, f"{case.id}: the store changed"
    assert not any((store.home / "tmp").iterdir()), f"{case.id}: tmp/ not cleaned"
    file, row, column, fix = _location(err)
    msg = str(err)
    assert fix, f"{case.id}: no fix in {msg!r}"
    assert "Fix:" in msg
    assert file and str(target.name) in file, f"{case.id}: file not named in {msg!r}"
    if case.kind == "content":
        assert row is not None or column is not None, f"{case.id}: no row/column in {msg!r}"
    if case.expect_line is not None:
        assert row == case.expect_line, f"{case.id}: row {row}, expected {case.expect_line}: {msg}"
    for bad in ("np.float64", "nan')", "Traceback", "codes dataset", "check the delimiter"):
        assert bad not in msg, f"{case.id}: {bad!r} in {msg!r}"
    return err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_input_is_refused_cleanly(
    case: Case, shared_store: TradeStore, tmp_path: Path
) -> None:
    check_case(case, tmp_path / "in", shared_store)


def _fuzz(data: bytes, name: str, reader: str, store: TradeStore, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    p = folder / name
    p.write_bytes(data)
    before = snapshot(store.home)
    try:
        spec = RUNNERS[reader](p)
        if spec is not None:
            info = store.ingest(spec)
            # accepted (the fuzzer made a valid file): whole, finite, then removed
            assert store.problems() == {}
            _assert_finite(store, info.id)
            store.remove(info.id)
            return
    except TradewindsError as exc:
        assert "Fix:" in str(exc), str(exc)
        assert snapshot(store.home) == before
    # any other exception propagates: hypothesis shrinks and reports it


_FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


FUZZERS = [
    ("baci", "BACI_HS17_Y2022_V202501.csv", malformed_baci()),
    ("eidb", "eidb.csv", malformed_eidb()),
    ("comtrade", "c.json", malformed_comtrade_json()),
    ("toml", "s.toml", malformed_toml()),
]


@pytest.mark.parametrize(("reader", "name", "strategy"), FUZZERS, ids=[f[0] for f in FUZZERS])
@_FUZZ
@given(data=st.data())
def test_fuzz(
    reader: str,
    name: str,
    strategy: st.SearchStrategy[bytes],
    data: st.DataObject,
    shared_store: TradeStore,
    tmp_path: Path,
) -> None:
    _fuzz(data.draw(strategy), name, reader, shared_store, tmp_path / "f")


def _assert_finite(store: TradeStore, dsid: str) -> None:
    info = store.info(dsid)
    for t in info.tables:
        frame = store.read(dsid, t)
        for col in frame.columns:
            if frame[col].dtype.kind == "f":
                vals = frame[col].to_numpy(dtype="float64", na_value=0.0)
                assert np.isfinite(vals).all(), f"{dsid}/{t}.{col} holds non-finite values"


def test_no_non_finite_value_is_stored(shared_store: TradeStore) -> None:
    """After the whole corpus (and in any store): no ±inf or NaN in any float column."""
    for d in shared_store.datasets():
        _assert_finite(shared_store, d.id)
