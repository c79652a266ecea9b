"""Start `tradewinds serve` in a child process on a free loopback port (browser tests and
the dashboard benchmark use the same code)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.error import URLError
from urllib.request import urlopen


@dataclass(frozen=True)
class LocalServer:
    url: str
    seconds_to_answer: float  # from starting the process to its first HTTP 200
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_server(
    *, home: Path | None = None, log: IO[str] | None = None, timeout: float = 60.0
) -> Iterator[LocalServer]:
    """`tradewinds serve` on 127.0.0.1 (store under ``home`` if given), stopped on exit;
    raises RuntimeError if it does not answer within ``timeout`` seconds."""
    port = free_port()
    exe = Path(sys.executable).with_name("tradewinds")
    env = {**os.environ, **({"TRADEWINDS_HOME": str(home)} if home else {})}
    out = log if log is not None else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                with urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except (URLError, ConnectionError):
                pass
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"tradewinds serve did not answer on {url}")
            time.sleep(0.05)
        yield LocalServer(url, time.perf_counter() - t0, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
