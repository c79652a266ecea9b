"""A store client in its own process, for the concurrency and crash tests.

    python _store_worker.py ingest HOME FILE ID [replace]
    python _store_worker.py remove HOME ID
    python _store_worker.py sweep HOME
    python _store_worker.py query-loop HOME ID STOPFILE [GOFILE]

Prints one JSON line with what it did; a TradewindsError exits 2 with its message.
``query-loop`` reads ``ID`` (a filtered read, the listing, the store hash) with a
fresh TradeStore every 10 queries until STOPFILE exists, counting failures.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path


def main(argv: list[str]) -> int:
    from tradewinds.errors import TradewindsError
    from tradewinds.io.readers import read_baci, read_comtrade
    from tradewinds.io.store import TradeStore

    cmd, home = argv[0], Path(argv[1])
    try:
        if cmd == "ingest":
            path, dsid = Path(argv[2]), argv[3]
            spec = (
                read_comtrade(path, dataset_id=dsid)
                if path.suffix in {".json"} or "comtrade" in path.name
                else read_baci(path, dataset_id=dsid)
            )
            t = time.perf_counter()
            info = TradeStore(home).ingest(spec, replace=len(argv) > 4 and argv[4] == "replace")
            done = {"id": info.id, "rows": info.rows, "skipped": info.skipped}
            done |= {"repaired": info.repaired, "seconds": time.perf_counter() - t}
            print(json.dumps(done))
        elif cmd == "remove":
            TradeStore(home).remove(argv[2])
            print(json.dumps({"removed": argv[2]}))
        elif cmd == "sweep":
            removed = TradeStore(home).sweep()
            print(json.dumps({"removed": [str(p) for p in removed]}))
        elif cmd == "query-loop":
            dsid, stop = argv[2], Path(argv[3])
            if len(argv) > 4:
                go = Path(argv[4])
                while not go.exists():
                    time.sleep(0.005)
            ok, failures, n = 0, [], 0
            store = TradeStore(home)
            while not stop.exists() or n < 5:
                n += 1
                if n % 10 == 0:
                    store = TradeStore(home)
                try:
                    f = store.read(
                        dsid, where="exporter = ? OR importer = ?", params=["IND", "IND"]
                    )
                    store.datasets()
                    store.content_hash()
                    assert len(f) > 0
                    ok += 1
                except Exception as exc:  # every failure counts, typed or not
                    failures.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.002)  # leave the CPU to the writers
            print(json.dumps({"ok": ok, "failures": failures[:20], "n_failures": len(failures)}))
        else:
            raise SystemExit(f"unknown command {cmd}")
    except TradewindsError as exc:
        print(json.dumps({"error": type(exc).__name__, "message": str(exc)}))
        print(str(exc), file=sys.stderr)
        return 2
    except Exception:
        traceback.print_exc()
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
