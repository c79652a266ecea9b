"""The malformed-input corpus: fixed cases for every reader, and hypothesis strategies.

A :class:`Case` writes its file(s) into a folder and names the reader to run. Fixed
cases are built from the real fixtures by *mutators* (an unclosed quote, a short
row, ``inf``, latin-1 bytes, a truncated gzip …), each applied to every reader it
fits, plus reader-specific cases (JSON shapes, Stata files, the world2023 folder,
TOML). ``expect_line`` is set where the right line is unambiguous.

The lead extends this tier with scenario, claims and CLI-flag cases: append
:class:`Case` objects (``reader`` = a key of :data:`RUNNERS`, or add a runner).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
Files = dict[str, bytes]


@dataclass(frozen=True)
class Case:
    id: str
    reader: str
    files: Files = field(default_factory=dict)
    target: str = "input.csv"
    #: "file": a problem with the file itself (location = the file); "content": the
    #: error must also give a row or a column
    kind: str = "content"
    expect_line: int | None = None
    #: build the input some other way (a directory, a missing path …)
    special: str | None = None

    def make(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            p = folder / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        target = folder / self.target
        if self.special == "directory":
            target.mkdir(parents=True, exist_ok=True)
            (target / "inside.csv").write_text("t,i\n1,2\n")
        elif self.special == "missing":
            target.unlink(missing_ok=True)
        return target


# --------------------------------------------------------------------------- runners


def _dataset_reader(name: str) -> Callable[[Path], Any]:
    def run(p: Path) -> Any:
        from tradewinds.io import readers

        return getattr(readers, name)(p, dataset_id="adv")

    return run


def _run_toml(p: Path) -> Any:
    from tradewinds.io.tariff_data import read_toml

    read_toml(p)
    return None


def _run_scenario(p: Path) -> Any:
    from tradewinds.scenarios import load_scenario

    load_scenario(p)
    return None


def _run_claims(p: Path) -> Any:
    """A claims file or an article, checked on the store of TRADEWINDS_HOME (the tests
    point it at their shared store; checking only reads it)."""
    import os

    from tradewinds.io.store import TradeStore
    from tradewinds.services.claims import check_claims_file

    check_claims_file(p, store=TradeStore(os.environ["TRADEWINDS_HOME"]))
    return None


def _run_config(p: Path) -> Any:
    from tradewinds.config import _read_toml

    _read_toml(p)
    return None


#: reader name → function(path) returning a DatasetSpec to ingest (or None)
RUNNERS: dict[str, Callable[[Path], Any]] = {
    "baci": _dataset_reader("read_baci"),
    "comtrade": _dataset_reader("read_comtrade"),
    "eidb": _dataset_reader("read_eidb"),
    "dots": _dataset_reader("read_dots"),
    "dta": _dataset_reader("yotov_flows"),
    "world2023": _dataset_reader("read_world2023"),
    "toml": _run_toml,
    "config": _run_config,
    "scenario": _run_scenario,
    "claims": _run_claims,
}


# --------------------------------------------------------------------------- CSV mutators


@dataclass(frozen=True)
class CsvBase:
    reader: str
    name: str  # file name to write
    header: list[str]
    rows: list[list[str]]
    value: str  # a numeric value column
    scale: float  # unit factor applied by the reader
    country: str | None
    hs: str | None
    period: str | None
    qty: str | None = None
    required: str | None = None  # a column the reader cannot do without (default: value)

    def text(self, header: list[str] | None = None, rows: list[list[str]] | None = None) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header or self.header)
        w.writerows(rows if rows is not None else self.rows)
        return out.getvalue()

    def with_cell(self, row: int, col: str, value: str) -> str:
        rows = [list(r) for r in self.rows]
        rows[row][self.header.index(col)] = value
        return self.text(rows=rows)


def _load_base(reader: str, name: str, text: str, **roles: Any) -> CsvBase:
    recs = list(csv.reader(io.StringIO(text)))
    return CsvBase(reader, name, recs[0], [r for r in recs[1:] if r], **roles)


def csv_bases() -> list[CsvBase]:
    baci = (FIXTURES / "BACI_HS17_Y2022_V202501_sample.csv").read_text()
    comtrade = (FIXTURES / "comtrade_ind_rus_monthly.csv").read_text()
    eidb = (FIXTURES / "eidb_monthly_sample.csv").read_text()
    dots = (FIXTURES / "dots_ind_rus.csv").read_text()
    return [
        _load_base(
            "baci",
            "BACI_HS17_Y2022_V202501.csv",
            baci,
            value="v",
            scale=1000.0,
            country="j",
            hs="k",
            period="t",
            qty="q",
        ),
        _load_base(
            "comtrade",
            "comtrade_download.csv",
            comtrade,
            value="PrimaryValue",
            scale=1.0,
            country="PartnerISO",
            hs="CmdCode",
            period="Period",
            qty="Qty",
        ),
        _load_base(
            "eidb",
            "eidb.csv",
            eidb,
            value="value_usd_mn",
            scale=1e6,
            country="country",
            hs="hs8",
            period="month",
            qty="quantity",
        ),
        _load_base(
            "dots",
            "dots.csv",
            dots,
            value="2023",
            scale=1e6,
            country="Counterpart Country Name",
            hs=None,
            period=None,
            required="Indicator Code",
        ),
    ]


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _zip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def csv_cases(b: CsvBase) -> list[Case]:
    """Every CSV mutator applied to one reader's valid sample (row 2 = line 3)."""
    r = 1  # the second data row: line 3
    n = len(b.header)
    text = b.text()
    lines = text.splitlines(keepends=True)
    cases: list[tuple[str, bytes | None, str, int | None, str | None]] = []

    def add(
        cid: str,
        data: bytes | None,
        kind: str = "content",
        line: int | None = None,
        special: str | None = None,
    ) -> None:
        cases.append((cid, data, kind, line, special))

    big = f"{1.8e308 / b.scale * 10:.6g}" if b.scale > 1 else "1e309"
    add("empty-file", b"", "file")
    add("header-only", lines[0].encode(), "content", 2)
    add("blank-only", b"\n\n  \n", "file")
    short = [list(x) for x in b.rows]
    short[r] = short[r][: n - 1]
    add("short-row", b.text(rows=short).encode(), "content", 3)
    longr = [list(x) for x in b.rows]
    longr[r] = [*longr[r], "extra"]
    add("long-row", b.text(rows=longr).encode(), "content", 3)
    first_field = lines[2].split(",", 1)
    add(
        "unclosed-quote",
        ("".join(lines[:2]) + '"' + lines[2] + "".join(lines[3:])).encode(),
        "content",
    )
    if len(lines) > 4:
        merged = "".join(lines[:2]) + '"' + lines[2] + lines[3].rstrip("\n") + '"\n'
        add("quote-merges-rows", (merged + "".join(lines[4:])).encode(), "content")
    add(
        "stray-quote-mid-field",
        (
            "".join(lines[:2]) + first_field[0] + 'x"y,' + first_field[1] + "".join(lines[3:])
        ).encode(),
        "content",
        3,
    )
    for tag, val in (
        ("inf", "inf"),
        ("minus-inf", "-inf"),
        ("nan", "nan"),
        ("Infinity", "Infinity"),
        ("overflow-after-scaling", big),
        ("negative", "-1"),
        ("text", "12 mn"),
        ("hex", "0x1F"),
        ("two-dots", "1.2.3"),
    ):
        add(f"value-{tag}", b.with_cell(r, b.value, val).encode(), "content", 3)
    if b.qty:
        add("quantity-inf", b.with_cell(r, b.qty, "inf").encode(), "content", 3)
        add("quantity-nan", b.with_cell(r, b.qty, "nan").encode(), "content", 3)
    if b.country:
        add(
            "unknown-country",
            b.with_cell(r, b.country, "999" if b.reader == "baci" else "ATLANTIS").encode(),
            "content",
            3,
        )
        add("empty-country", b.with_cell(r, b.country, "").encode(), "content", 3)
        add(
            "latin1-country",
            b.with_cell(r, b.country, "Côte d'Ivoire").encode("latin-1"),
            "content",
            3,
        )
    else:
        add("latin1-value", b.with_cell(r, b.value, "1é").encode("latin-1"), "content", 3)
    if b.hs:
        add(
            "hs-code-5-digits",
            b.with_cell(r, b.hs, "30617" if b.reader != "comtrade" else "123").encode(),
            "content",
            3,
        )
        add("hs-code-text", b.with_cell(r, b.hs, "shrimp").encode(), "content", 3)
    if b.period:
        add("bad-period", b.with_cell(r, b.period, "20x4").encode(), "content", 3)
        add("period-out-of-range", b.with_cell(r, b.period, "99999999999").encode(), "content", 3)
    dup = [list(x) for x in b.rows]
    dup.insert(2, list(dup[r]))
    add("duplicated-row", b.text(rows=dup).encode(), "content", 4)
    add("nul-bytes", text.encode().replace(b",", b",\x00", 1), "content")
    dh = list(b.header)
    dh[1] = dh[0]
    add("duplicated-header", b.text(header=dh).encode(), "content", 1)
    drop = b.header.index(b.required or b.value)
    add(
        "missing-required-column",
        b.text(
            header=[h for k, h in enumerate(b.header) if k != drop],
            rows=[[v for k, v in enumerate(x) if k != drop] for x in b.rows],
        ).encode(),
        "content",
        1,
    )
    cut = text.encode()
    add("truncated-mid-row", cut[: len(cut) - len(lines[-1]) // 2 - 1], "content")
    add(
        "gzip-truncated",
        _gz(text.encode())[:-20]
        if b.reader in {"baci"}
        else _gz(text.encode())[: len(_gz(text.encode())) // 2],
        "file",
    )
    add("zip-archive", _zip(b.name, text.encode()), "file")
    add("utf16-without-bom", text.encode("utf-16-le"), "file")
    add("random-bytes", bytes(range(256)) * 8, "file")
    add("directory", None, "file", special="directory")
    add("missing-file", None, "file", special="missing")
    blank = "".join(lines[:2]) + "\n\n" + "".join(lines[2:])
    blank_rows = blank.splitlines(keepends=True)
    short_line = blank_rows[4].rstrip("\n").rsplit(",", 1)[0] + "\n"  # line 5 is row 2
    add(
        "blank-lines-then-short-row",
        ("".join(blank_rows[:4]) + short_line + "".join(blank_rows[5:])).encode(),
        "content",
        5,
    )
    crlf = [list(x) for x in b.rows]
    crlf[r] = crlf[r][: n - 2]
    add("crlf-short-row", b.text(rows=crlf).replace("\n", "\r\n").encode(), "content", 3)
    if b.reader != "dots":
        qn = [list(x) for x in b.rows]
        qn[r][b.header.index(b.value)] = "12\n5"
        add("quoted-newline-in-value", b.text(rows=qn).encode(), "content", 3)
    out = []
    for cid, data, kind, line, special in cases:
        files = {} if data is None else {b.name: data}
        out.append(Case(f"{b.reader}-{cid}", b.reader, files, b.name, kind, line, special))
    return out


# ------------------------------------------------------------ JSON, DTA, world2023, TOML


def json_cases() -> list[Case]:
    doc = json.loads((FIXTURES / "comtrade_ind_rus_monthly.json").read_text())
    rec = doc["data"][0]

    def j(obj: Any) -> bytes:
        return json.dumps(obj).encode()

    def with_field(k: str, v: Any) -> bytes:
        d = json.loads(json.dumps(doc))
        d["data"][1][k] = v
        return j(d)

    raw = (FIXTURES / "comtrade_ind_rus_monthly.json").read_bytes()
    cases = {
        "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "file"),
        "deep-object": (b'{"data": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001, "file"),
        "scalar-document": (b"42", "file"),
        "string-document": (b'"data"', "file"),
        "list-of-scalars": (j([1, 2, 3]), "content"),
        "data-is-object": (j({"data": {"a": 1}}), "file"),
        "record-is-string": (j({"data": [rec, "oops"]}), "content"),
        "record-is-null": (j({"data": [rec, None]}), "content"),
        "field-is-object": (with_field("primaryValue", {"v": 1}), "content"),
        "field-is-list": (with_field("cmdCode", ["01"]), "content"),
        "value-NaN": (
            raw.replace(b'"primaryValue": 350000000.0', b'"primaryValue": NaN', 1),
            "content",
        ),
        "value-Infinity": (
            raw.replace(b'"primaryValue": 350000000.0', b'"primaryValue": Infinity', 1),
            "content",
        ),
        "value-1e400": (
            raw.replace(b'"primaryValue": 350000000.0', b'"primaryValue": 1e400', 1),
            "content",
        ),
        "value-bool": (with_field("primaryValue", True), "content"),
        "value-text": (with_field("primaryValue", "12 bn"), "content"),
        "partner-code-text": (
            j({"data": [dict(rec, partnerCode="abc", partnerISO=None)]}),
            "content",
        ),
        "truncated": (raw[: len(raw) // 2], "content"),
        "latin1": (
            raw.replace(b"Russian Federation", "Fédération".encode("latin-1"), 1),
            "content",
        ),
        "empty": (b"", "file"),
        "whitespace": (b"   \n", "file"),
        "api-error": (j({"error": "rate limit"}), "file"),
        "empty-data": (j({"data": []}), "file"),
        "missing-cmdCode": (
            j({"data": [{k: v for k, v in rec.items() if k != "cmdCode"}]}),
            "content",
        ),
        "gzip-truncated": (_gz(raw)[:200], "file"),
    }
    out = [
        Case(f"comtrade-json-{k}", "comtrade", {"c.json": v}, "c.json", kind)
        for k, (v, kind) in cases.items()
    ]
    out.append(Case("comtrade-json-directory", "comtrade", {}, "d.json", "file", None, "directory"))
    return out


def _dta(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_stata(buf, write_index=False, version=117)
    return buf.getvalue()


def dta_cases() -> list[Case]:
    good = (FIXTURES / "yotov_ch1app1_subset.dta").read_bytes()
    base = pd.read_stata(FIXTURES / "yotov_ch1app1_subset.dta")

    def mod(fn: Callable[[pd.DataFrame], pd.DataFrame]) -> bytes:
        return _dta(fn(base.copy()))

    def setv(col: str, val: Any) -> Callable[[pd.DataFrame], pd.DataFrame]:
        def f(d: pd.DataFrame) -> pd.DataFrame:
            d[col] = d[col].astype(type(val)) if not isinstance(val, str) else d[col]
            d.loc[1, col] = val
            return d

        return f

    cases = {
        "empty-file": (b"", "file"),
        "truncated": (good[: len(good) // 2], "file"),
        "header-only-bytes": (good[:100], "file"),
        "random-bytes": (bytes(range(256)) * 4, "file"),
        "csv-named-dta": (b"exporter,importer,year,trade\nIND,USA,2006,1\n", "file"),
        "gzip": (_gz(good), "file"),
        "no-rows": (_dta(base.iloc[0:0]), "file"),
        "missing-trade": (mod(lambda d: d.drop(columns=["trade"])), "content"),
        "unknown-country": (mod(setv("exporter", "XXX")), "content"),
        "negative-trade": (mod(setv("trade", -5.0)), "content"),
        "overflow-after-scaling": (mod(setv("trade", 1e305)), "content"),
        "year-out-of-range": (mod(setv("year", 99999.0)), "content"),
        "duplicate-row": (mod(lambda d: pd.concat([d, d.iloc[[3]]], ignore_index=True)), "content"),
    }
    out = [Case(f"dta-{k}", "dta", {"p.dta": v}, "p.dta", kind) for k, (v, kind) in cases.items()]
    out.append(Case("dta-directory", "dta", {}, "d.dta", "file", None, "directory"))
    return out


def world2023_cases() -> list[Case]:
    from tradewinds.io.embedded import WORLD2023_DIR, data_path

    src = data_path(WORLD2023_DIR)
    files = {
        n: (src / n).read_bytes()
        for n in ("country_labels.csv", "trade_cepii.csv.gz", "gdp.csv", "tariffs.csv")
    }
    trade = gzip.decompress(files["trade_cepii.csv.gz"]).decode()
    tl = trade.splitlines(keepends=True)

    def cell(text: str, line: int, col: int, value: str) -> str:
        ls = text.splitlines(keepends=True)
        parts = ls[line - 1].rstrip("\n").split(",")
        parts[col] = value
        ls[line - 1] = ",".join(parts) + "\n"
        return "".join(ls)

    gdp = files["gdp.csv"].decode()
    labels = files["country_labels.csv"].decode()
    variants: dict[str, tuple[dict[str, bytes | None], str]] = {
        "trade-inf": ({"trade_cepii.csv.gz": _gz(cell(trade, 3, 1, "inf").encode())}, "content"),
        "trade-overflow": (
            {"trade_cepii.csv.gz": _gz(cell(trade, 3, 1, "1e306").encode())},
            "content",
        ),
        "trade-text": ({"trade_cepii.csv.gz": _gz(cell(trade, 3, 1, "n/a").encode())}, "content"),
        "trade-truncated-gzip": (
            {"trade_cepii.csv.gz": files["trade_cepii.csv.gz"][:5000]},
            "file",
        ),
        "trade-shape": ({"trade_cepii.csv.gz": _gz("".join(tl[:50]).encode())}, "file"),
        "gdp-nan": ({"gdp.csv": cell(gdp, 4, 0, "nan").encode()}, "content"),
        "gdp-negative": ({"gdp.csv": cell(gdp, 4, 0, "-3").encode()}, "content"),
        "gdp-header-only": ({"gdp.csv": b"gdp\n"}, "content"),
        "labels-unknown": (
            {"country_labels.csv": labels.replace("IND", "QQQ", 1).encode()},
            "content",
        ),
        "labels-latin1": (
            {"country_labels.csv": labels.encode() + "é".encode("latin-1")},
            "content",
        ),
        "tariffs-missing": ({"tariffs.csv": None}, "file"),
    }
    out = []
    for k, (change, kind) in variants.items():
        fs = {f"w/{n}": v for n, v in files.items()}
        for n, v in change.items():
            if v is None:
                fs.pop(f"w/{n}")
            else:
                fs[f"w/{n}"] = v
        out.append(Case(f"world2023-{k}", "world2023", fs, "w", kind))
    out.append(Case("world2023-not-a-folder", "world2023", {"w": b"x"}, "w", "file"))
    return out


def toml_cases() -> list[Case]:
    good = b'name = "x"\n[measures]\nrate = 0.1\n'
    cases = {
        "deep-arrays": (b"a = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "file"),
        "deep-inline-tables": (b"a = " + b"{b = " * 3000 + b"1" + b"}" * 3000 + b"\n", "file"),
        "nesting-70-levels": (b"a = " + b"[" * 70 + b"]" * 70 + b"\n", "file"),
        "deep-dotted-keys": (b"a" + b".a" * 200 + b" = 1\n", "file"),
        "latin1": ('name = "Côte"\n'.encode("latin-1"), "content"),
        "invalid-syntax": (b"name = \n", "content"),
        "unclosed-string": (b'name = "abc\n', "content"),
        "duplicate-key": (b"a = 1\na = 2\n", "content"),
        "utf16-no-bom": (good.decode().encode("utf-16-le"), "content"),
        "nul-bytes": (b'name = "a\x00b"\n', "content"),
        "over-size-cap": (b"# " + b"x" * (9 << 20) + b"\n", "file"),
        "gzip": (_gz(good), "file"),
        "empty-is-fine-but-binary": (bytes(range(256)), "content"),
    }
    out = []
    for reader in ("toml", "config"):
        for k, (v, kind) in cases.items():
            if reader == "config" and k in {"over-size-cap", "deep-dotted-keys"}:
                continue
            out.append(Case(f"{reader}-{k}", reader, {"s.toml": v}, "s.toml", kind))
        out.append(Case(f"{reader}-directory", reader, {}, "d.toml", "file", None, "directory"))
        out.append(Case(f"{reader}-missing", reader, {}, "m.toml", "file", None, "missing"))
    return out


def all_cases() -> list[Case]:
    cases = [c for b in csv_bases() for c in csv_cases(b)]
    cases += json_cases() + dta_cases() + world2023_cases() + toml_cases()
    cases += scenario_cases() + claims_cases()
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases


def copy_world2023(folder: Path) -> None:
    from tradewinds.io.embedded import WORLD2023_DIR, data_path

    shutil.copytree(data_path(WORLD2023_DIR), folder)


# --------------------------------------------------------------------------- hypothesis

_CELL = st.one_of(
    st.sampled_from(
        [
            "",
            "inf",
            "-inf",
            "nan",
            "NaN",
            "1e309",
            "-1",
            "0x10",
            "1,5",
            '"',
            '""',
            "é",
            "\x00",
            " ",
            "699",
            "643",
            "030617",
            "2022",
            "12.5",
            "1e308",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)


@st.composite
def malformed_baci(draw: st.DrawFn) -> bytes:
    """A BACI-like CSV with random cells, row lengths, quotes and encodings."""
    header = draw(st.sampled_from(["t,i,j,k,v,q", "t,i,j,k,v", "t,i,j,k,v,q,x", "", "k,v,q,t,i,j"]))
    rows = draw(st.lists(st.lists(_CELL, min_size=0, max_size=8), min_size=0, max_size=6))
    body = "\n".join(",".join(r) for r in rows)
    text = header + "\n" + body + draw(st.sampled_from(["", "\n", "\r\n", '"']))
    enc = draw(st.sampled_from(["utf-8", "latin-1", "utf-16-le"]))
    return text.encode(enc, errors="replace")


@st.composite
def malformed_eidb(draw: st.DrawFn) -> bytes:
    header = draw(
        st.sampled_from(
            [
                "country,hs8,fy,value_usd_mn",
                "country,hs8,month,value_usd_mn,quantity,flow",
                "country,hs8,value_usd_mn",
            ]
        )
    )
    rows = draw(st.lists(st.lists(_CELL, min_size=0, max_size=7), min_size=0, max_size=6))
    return (header + "\n" + "\n".join(",".join(r) for r in rows) + "\n").encode(
        draw(st.sampled_from(["utf-8", "latin-1"])), errors="replace"
    )


_JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
)
_JSON = st.recursive(
    _JSON_LEAF,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=5), kids, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def malformed_comtrade_json(draw: st.DrawFn) -> bytes:
    keys = ["period", "reporterISO", "partnerISO", "flowCode", "cmdCode", "primaryValue", "qty"]
    rec = {k: draw(_JSON) for k in draw(st.lists(st.sampled_from(keys), unique=True))}
    doc = draw(st.sampled_from(["data", "list", "raw"]))
    obj: Any = {"data": [rec]} if doc == "data" else [rec] if doc == "list" else draw(_JSON)
    text = json.dumps(obj, allow_nan=True)
    cut = draw(st.integers(min_value=0, max_value=len(text)))
    return text[: cut if draw(st.booleans()) else len(text)].encode()


@st.composite
def malformed_toml(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(min_value=0, max_value=300))
    kind = draw(st.sampled_from(["array", "table", "junk"]))
    if kind == "array":
        text = "a = " + "[" * depth + "1" + "]" * depth + "\n"
    elif kind == "table":
        text = "a = " + "{b = " * depth + "1" + "}" * depth + "\n"
    else:
        text = draw(st.text(max_size=60))
    return text.encode(draw(st.sampled_from(["utf-8", "latin-1"])), errors="replace")


# ------------------------------------------------------- scenarios, claims, articles

#: a valid PE scenario and a valid GE one with bands; cases change one thing each
SCENARIO_PE = """name = "adv"
models = ["pe"]

[baseline]
dataset = "india-eidb"
period = "FY2024-25"

[tariffs]
importer = "USA"
exporter = "IND"
baseline_date = 2025-08-06
date = 2025-08-27

[[tariffs.add]]
id = "adv-measure"
name = "a what-if tariff"
products = ["30"]
rate = 0.25
from = 2025-08-27
source = "adversarial corpus"
"""
SCENARIO_GE = """name = "adv-ge"
models = ["ge"]

[ge]
model = "ilms2025"
epsilon = 4.0
rate_overrides = { IND = 0.5 }

[montecarlo]
draws = 50
parameters = { epsilon = "lognormal:4:1" }
"""


def _measures(n: int) -> str:
    return "".join(
        f'[[tariffs.add]]\nid = "m{i}"\nname = "m"\nproducts = ["30"]\nrate = 0.1\n'
        f'from = 2025-08-27\nsource = "s"\n'
        for i in range(n)
    )


def scenario_cases() -> list[Case]:
    """Malformed scenario files: numbers, dates, periods, sizes, names, types, sections."""
    pe, ge = SCENARIO_PE, SCENARIO_GE

    def sub(text: str, old: str, new: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    rate = "rate = 0.25"
    content: dict[str, str] = {
        "rate-nan": sub(pe, rate, "rate = nan"),
        "rate-inf": sub(pe, rate, "rate = inf"),
        "rate-minus-inf": sub(pe, rate, "rate = -inf"),
        "rate-nan-text": sub(pe, rate, 'rate = "nan"'),
        "rate-inf-text": sub(pe, rate, 'rate = "Infinity"'),
        "rate-1e400": sub(pe, rate, "rate = 1e400"),
        "rate-text": sub(pe, rate, 'rate = "a quarter"'),
        "rate-percent": sub(pe, rate, "rate = 250"),
        "rate-below-minus-one": sub(pe, rate, "rate = -2"),
        "rate-bool": sub(pe, rate, "rate = true"),
        "pe-epsilon-nan": pe + "\n[pe]\nepsilon = nan\n",
        "pe-epsilon-positive": pe + "\n[pe]\nepsilon = 2.0\n",
        "pe-beta-nan": pe + "\n[pe]\nbeta = nan\n",
        "pe-beta-minus-inf": pe + "\n[pe]\nbeta = -inf\n",
        "pe-sigma-override-nan": pe + '\n[pe]\nsigma_overrides = { "300490" = nan }\n',
        "pe-sigma-source-path": pe + '\n[pe]\nsigma_source = "/etc/passwd"\n',
        "ge-override-nan": sub(ge, "IND = 0.5", "IND = nan"),
        "ge-override-inf": sub(ge, "IND = 0.5", "IND = inf"),
        "ge-override-unknown-country": sub(ge, "IND = 0.5", "XYZ = 0.5"),
        "ge-epsilon-inf": sub(ge, "epsilon = 4.0", "epsilon = inf"),
        "ge-epsilon-negative": sub(ge, "epsilon = 4.0", "epsilon = -1.0"),
        "ge-floor-nan": sub(ge, "epsilon = 4.0", "epsilon = 4.0\nfloor = nan"),
        "ge-unknown-model": sub(ge, 'model = "ilms2025"', 'model = "magic"'),
        "draws-over-cap": sub(ge, "draws = 50", "draws = 10000000"),
        "draws-zero": sub(ge, "draws = 50", "draws = 0"),
        "draws-negative": sub(ge, "draws = 50", "draws = -5"),
        "draws-text": sub(ge, "draws = 50", 'draws = "many"'),
        "draws-fraction": sub(ge, "draws = 50", "draws = 12.5"),
        "percentiles-out-of-range": sub(ge, "draws = 50", "draws = 50\npercentiles = [0, 100]"),
        "distribution-unreadable": sub(ge, "lognormal:4:1", "lognormal:4"),
        "distribution-nan": sub(ge, "lognormal:4:1", "lognormal:nan:1"),
        "sweep-step-1e-9": ge.split("[montecarlo]")[0]
        + '[sweep]\nparameter = "rate"\ncountry = "IND"\nstart = 0.0\nstop = 1.0\nstep = 1e-9\n',
        "sweep-step-zero": ge.split("[montecarlo]")[0]
        + '[sweep]\nparameter = "rate"\ncountry = "IND"\nstep = 0.0\n',
        "sweep-values-nan": ge.split("[montecarlo]")[0]
        + '[sweep]\nparameter = "rate"\ncountry = "IND"\nvalues = [0.1, nan]\n',
        "sweep-too-many-values": ge.split("[montecarlo]")[0]
        + '[sweep]\nparameter = "rate"\ncountry = "IND"\nvalues = ['
        + ", ".join(["0.1"] * 5001)
        + "]\n",
        "date-a-number": sub(pe, "date = 2025-08-27", "date = 1756252800"),
        "date-impossible": sub(pe, "date = 2025-08-27", 'date = "2025-13-01"'),
        "date-day-first": sub(pe, "date = 2025-08-27", 'date = "27/08/2025"'),
        "date-with-time": sub(pe, "date = 2025-08-27", "date = 2025-08-27T10:00:00"),
        "date-before-baseline": sub(pe, "baseline_date = 2025-08-06", "baseline_date = 2026-01-01"),
        "measure-from-short": sub(pe, "from = 2025-08-27", 'from = "2025-8-7"'),
        "measure-to-before-from": sub(
            pe, "from = 2025-08-27", "from = 2025-08-27\nto = 2025-01-01"
        ),
        "chain-unordered": sub(
            pe,
            "date = 2025-08-27",
            "date = 2025-08-27\nchain = [2025-08-27, 2025-08-06]",
        ),
        "chain-too-long": sub(
            pe,
            "date = 2025-08-27",
            "date = 2025-08-27\nchain = ["
            + ", ".join(f"2025-{m:02d}-01" for m in range(1, 13))
            + ", 2025-12-15]",
        ),
        "period-span-of-years": sub(pe, 'period = "FY2024-25"', 'period = "FY2023-27"'),
        "period-slash": sub(pe, 'period = "FY2024-25"', 'period = "2024/25"'),
        "period-two-digit": sub(pe, 'period = "FY2024-25"', 'period = "FY24-25"'),
        "periods-span": sub(pe, "date = 2025-08-27", 'date = 2025-08-27\nperiods = ["FY2025-27"]'),
        "measures-1001": pe + "\n" + _measures(1001),
        "products-20001": sub(pe, 'products = ["30"]', "products = [" + '"30", ' * 20001 + "]"),
        "product-not-hs": sub(pe, 'products = ["30"]', 'products = ["shrimp"]'),
        "models-301": sub(pe, 'models = ["pe"]', "models = [" + '"pe", ' * 301 + "]"),
        "description-20001-chars": sub(
            pe, 'name = "adv"', 'name = "adv"\ndescription = "' + "x" * 20001 + '"'
        ),
        "notes-301": sub(pe, 'name = "adv"', 'name = "adv"\nnotes = [' + '"n", ' * 301 + "]"),
        "name-a-path": sub(pe, 'name = "adv"', 'name = "../../etc/adv"'),
        "name-with-space": sub(pe, 'name = "adv"', 'name = "Adv Scenario"'),
        "unknown-field": sub(pe, 'name = "adv"', 'name = "adv"\nmodles = ["pe"]'),
        "unknown-section": pe + "\n[tarifs]\nimporter = 'USA'\n",
        "section-a-number": sub(pe, 'models = ["pe"]', 'models = ["pe"]\nhalt = 5'),
        "measures-a-table": pe.replace("[[tariffs.add]]", "[tariffs.add]"),
        "importer-unknown": sub(pe, 'importer = "USA"', 'importer = "ATLANTIS"'),
        "importer-not-iso3": sub(pe, 'importer = "USA"', 'importer = "United States"'),
        "halt-product-text": pe
        + '\n[[halt]]\ncountry = "IND"\nimports_from = "RUS"\nproducts = ["crude"]\n',
        "push-growth-nan": pe
        + '\n[[push]]\nexporter = "IND"\npartner = "RUS"\ngroup = "pharmaceuticals"\n'
        "growth = nan\n",
        "push-unknown-group": pe
        + '\n[[push]]\nexporter = "IND"\npartner = "RUS"\ngroup = "widgets"\ngrowth = 0.5\n',
        "schedule-missing-file": sub(
            pe, 'importer = "USA"', 'importer = "USA"\nschedule = "/nonexistent/s.toml"'
        ),
        "ge-without-section": sub(pe, 'models = ["pe"]', 'models = ["pe", "ge"]'),
        "reference-nan": pe + '\n[references.pe_exports_change_pct]\nvalue = nan\nsource = "x"\n',
    }
    file_level = {
        "empty": b"",
        "deep-arrays": b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "latin1": SCENARIO_PE.replace("a what-if tariff", "tarif é").encode("latin-1"),
        "utf16-no-bom": SCENARIO_PE.encode("utf-16-le"),
        "binary": bytes(range(256)) * 4,
        "gzip": _gz(SCENARIO_PE.encode()),
        "over-8-MiB": b"# " + b"x" * (9 << 20) + b"\n",
        "syntax": b'name = "adv\nmodels = [\n',
    }
    out = [
        Case(f"scenario-{k}", "scenario", {"s.toml": v.encode()}, "s.toml", "content")
        for k, v in content.items()
    ]
    out += [
        Case(f"scenario-file-{k}", "scenario", {"s.toml": v}, "s.toml", "file")
        for k, v in file_level.items()
    ]
    out.append(Case("scenario-directory", "scenario", {}, "d.toml", "file", None, "directory"))
    out.append(Case("scenario-missing", "scenario", {}, "m.toml", "file", None, "missing"))
    return out


CLAIM = "India's exports to Russia were $4.9 billion in FY2024-25"


def claims_cases() -> list[Case]:
    """Malformed claims files: context, periods, types, sizes, encodings."""
    one = f'[[claims]]\ntext = "{CLAIM}"\n'
    content = {
        "context-string": 'context = "IND"\n' + one,
        "context-int": "context = 5\n" + one,
        "context-list": 'context = ["IND", "RUS"]\n' + one,
        "claim-context-string": one + 'context = "IND"\n',
        "claim-context-int": one + "context = 7\n",
        "period-span": '[context]\nperiod = "FY2023-27"\n' + one,
        "period-slash": '[context]\nperiod = "2023/24"\n' + one,
        "period-number": "[context]\nperiod = 2024\n" + one,
        "fy-start-13": "[context]\nfy_start_month = 13\n" + one,
        "fy-start-text": '[context]\nfy_start_month = "April"\n' + one,
        "context-unknown-key": '[context]\nyear = "2024"\n' + one,
        "reporter-number": "[context]\nreporter = 356\n" + one,
        "claims-missing": '[context]\nreporter = "IND"\n',
        "claims-a-string": 'claims = "India exports"\n',
        "claims-empty": "claims = []\n",
        "claim-without-text": '[[claims]]\nsource = "x"\n',
        "claim-text-number": "[[claims]]\ntext = 42\n",
        "claim-text-empty": '[[claims]]\ntext = ""\n',
        "claim-too-long": '[[claims]]\ntext = "' + "x" * 5001 + '"\n',
        "claims-1001": one * 1001,
        "unknown-section": "[meta]\nauthor = 'x'\n" + one,
        "unknown-claim-field": one + 'year = "2024"\n',
        "source-number": one + "source = 5\n",
        "text-period-span": "[[claims]]\ntext = \"India's exports to Russia were $4.9 billion "
        'in FY2023-27"\n',
        "text-unknown-country": '[[claims]]\ntext = "Atlantis exports to Russia were $4.9 '
        'billion in FY2024-25"\n',
    }
    file_level = {
        "empty": b"",
        "latin1": ('[[claims]]\ntext = "Côte d\'Ivoire"\n').encode("latin-1"),
        "utf16-no-bom": one.encode("utf-16-le"),
        "deep": b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "binary": bytes(range(256)) * 4,
        "syntax": b'[[claims]]\ntext = "unclosed\n',
    }
    out = [
        Case(f"claims-{k}", "claims", {"c.toml": v.encode()}, "c.toml", "content")
        for k, v in content.items()
    ]
    out += [
        Case(f"claims-file-{k}", "claims", {"c.toml": v}, "c.toml", "file")
        for k, v in file_level.items()
    ]
    out.append(Case("claims-directory", "claims", {}, "d.toml", "file", None, "directory"))
    out.append(Case("claims-missing", "claims", {}, "m.toml", "file", None, "missing"))
    article = f"# A story\n\n{CLAIM}. Trade rose.\n"
    arts = {
        "latin1": (article.replace("story", "histoire é").encode("latin-1"), "content"),
        "utf16-no-bom": (article.encode("utf-16-le"), "file"),
        "nul-bytes": (article.encode().replace(b"Trade", b"Tr\x00ade"), "content"),
        "over-2-MB": (b"x" * 2_000_001, "file"),
        "empty": (b"", "file"),
        "binary": (bytes(range(256)) * 16, "file"),
    }
    out += [
        Case(f"article-{k}", "claims", {"a.md": v}, "a.md", kind) for k, (v, kind) in arts.items()
    ]
    out.append(Case("article-directory", "claims", {}, "d.md", "file", None, "directory"))
    out.append(Case("article-missing", "claims", {}, "m.md", "file", None, "missing"))
    return out
