"""Scenario inputs read a dataset's flows once per process (keyed by its content hash): a
second run (another StoreInputs) gets the same rows without a store read, and its own
frame (a change to it never reaches the next run)."""

from __future__ import annotations

from typing import Any

import pytest

import tradewinds.services.scenarios as S


def test_flows_kept_by_content(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    S._READS.clear()
    calls: list[tuple[Any, ...]] = []
    real = S.load_flows

    def counting(*a: Any, **k: Any) -> Any:
        calls.append(a[1:])
        return real(*a, **k)

    monkeypatch.setattr(S, "load_flows", counting)
    first = S.StoreInputs(store).market_imports("world2023", "USA")
    assert len(calls) == 1 and len(first) > 100
    first["value_usd"] = 0.0  # a run changing its frame …
    again = S.StoreInputs(store)
    second = again.market_imports("world2023", "USA")
    assert len(calls) == 1  # … read once
    assert second["value_usd"].sum() > 0  # … and never seen by the next run
    assert "world2023" in again.used  # provenance still says what the run read
    other = S.StoreInputs(store).market_imports("world2023", "IND")
    assert len(calls) == 2 and set(other["importer"]) == {"IND"}
    S._READS.clear()
