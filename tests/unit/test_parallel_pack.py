"""What a Dask worker does with a batch: computes on its own aligned copy of the
scattered data (made once), and sends the results back as one pickle."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import numpy as np

from tradewinds.parallel import _owned, _run_shared_batch


@dataclass
class _Shared:
    x: np.ndarray


def _dot(shared: _Shared, k: int) -> dict[str, np.ndarray]:
    return {"v": shared.x * k, "w": np.arange(k)}


def test_a_batch_comes_back_as_one_pickle_with_the_same_results() -> None:
    shared = _Shared(np.arange(12.0))
    plain, _ = _run_shared_batch(_dot, shared, [1, 2, 3])
    packed, secs = _run_shared_batch(_dot, shared, [1, 2, 3], packed=True)
    assert isinstance(packed, bytes) and secs >= 0
    back = pickle.loads(packed)
    assert isinstance(plain, list) and len(back) == len(plain) == 3
    for a, b in zip(back, plain, strict=True):
        assert all(np.array_equal(a[k], b[k]) for k in ("v", "w"))


def test_scattered_data_is_copied_once_aligned_and_writable() -> None:
    buf = bytearray(8 * 12 + 4)
    unaligned = np.frombuffer(memoryview(buf)[4:], dtype=np.float64)  # as in a message
    unaligned.flags.writeable = False
    shared = _Shared(unaligned)
    own = _owned(shared)
    assert own is not shared and own.x.flags.aligned and own.x.flags.writeable
    assert _owned(shared) is own  # the same copy for every batch of the run
    assert _owned(_Shared(np.zeros(3))) is not own  # a new run's data: a new copy
