"""Input validation that every reader goes through (and nothing can bypass).

Each check raises a :class:`DataValidationError` naming the file, the row (the
1-based line in the file, header = line 1), the column and the fix:

* files: not found, a directory, unreadable, empty, over a size cap, compressed
  archives that are truncated or that the reader cannot open (:func:`check_file`,
  :func:`read_bytes`);
* text: UTF-8 (with or without a byte-order mark) or UTF-16/32 with a byte-order
  mark; anything else is refused with the line, the column and the byte, and a
  guess at the encoding it is in (:func:`decode_text`);
* CSV: strict quoting, every record with exactly the header's fields, no quoted
  field running over several lines, no duplicated header, at least one data row;
  records keep their physical line numbers for later errors (:func:`read_csv_table`);
* JSON and TOML: size caps and nesting-depth limits checked without recursion
  (:func:`parse_json`, :func:`parse_toml`);
* numbers: finite only, also after unit scaling such as ×1000 (:func:`check_finite`,
  :func:`scaled`); values in messages are shown as numbers, not ``np.float64(...)``
  (:func:`show`).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import math
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.limits import LIMITS

MiB: int = 1 << 20
# the caps are listed with every other limit in tradewinds.limits (docs/limits.md)
#: nesting deeper than this in JSON or TOML is refused (real files nest 2 to 5 levels)
MAX_DEPTH: int = int(LIMITS["document_depth"].default)
#: size caps: a file above them is refused before it is read
MAX_TOML_BYTES: int = int(LIMITS["toml_bytes"].default)
MAX_JSON_BYTES: int = int(LIMITS["json_bytes"].default)
#: CSVs read into memory (BACI is streamed by DuckDB, uncapped)
MAX_CSV_BYTES: int = int(LIMITS["csv_bytes"].default)

_GZIP = b"\x1f\x8b"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ZSTD = b"\x28\xb5\x2f\xfd"
_BZIP2 = b"BZh"
_XLSX_HINT = "export the sheet as CSV (UTF-8)"


# --------------------------------------------------------------------------- values


def show(value: object) -> str:
    """A value as a user reads it: numbers plain (-1.0, inf, 1e+308), text quoted."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "(empty)"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return repr(bytes(value))
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return repr(text)


def _line_of(pos: int, lines: Sequence[int] | np.ndarray | None, row_offset: int) -> int:
    return int(lines[pos]) if lines is not None else int(pos) + row_offset


def check_finite(
    values: pd.Series | np.ndarray,
    *,
    file: str | None,
    column: str,
    lines: Sequence[int] | np.ndarray | None = None,
    row_offset: int = 2,
    original: pd.Series | None = None,
    nullable: bool = True,
    note: str = "",
) -> None:
    """Raise for the first ±inf or NaN (or, unless ``nullable``, missing) value."""
    arr = np.asarray(values, dtype="float64")
    bad = np.isinf(arr)
    if not nullable:
        bad |= np.isnan(arr)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        shown = show(original.iloc[pos]) if original is not None else show(arr[pos])
        raise DataValidationError(
            f"value {shown} is not a finite number{note}",
            file=file,
            row=_line_of(pos, lines, row_offset),
            column=column,
            fix="give a plain finite number (no inf, NaN or values beyond ±1.8e308)",
        )


def scaled(
    values: pd.Series,
    factor: float,
    *,
    file: str | None,
    column: str,
    unit: str,
    lines: Sequence[int] | np.ndarray | None = None,
    row_offset: int = 2,
) -> pd.Series:
    """``values * factor`` (a unit conversion), refusing results that overflow to ±inf."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = values.astype("float64") * factor
    arr = out.to_numpy(dtype="float64", na_value=np.nan)
    over = np.isinf(arr) & np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
    if over.any():
        pos = int(np.flatnonzero(over)[0])
        raise DataValidationError(
            f"value {show(values.iloc[pos])} ({unit}) overflows when converted to US dollars "
            f"(×{factor:,.0f})",
            file=file,
            row=_line_of(pos, lines, row_offset),
            column=column,
            fix=f"check the value: it must be below {np.finfo('float64').max / factor:.3g} "
            f"in {unit}",
        )
    return out


# --------------------------------------------------------------------------- files


def check_file(path: Path | str, *, what: str = "a data file", fix: str | None = None) -> Path:
    """The path as a readable, non-empty regular file, or a typed error saying why not."""
    p = Path(path)
    file = str(p)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise DataValidationError(
            "file not found", file=file, fix=fix or f"give the path of {what}"
        ) from None
    except OSError as exc:
        raise DataValidationError(
            f"cannot open the file ({exc.strerror or exc})",
            file=file,
            fix="check the path and its permissions",
        ) from None
    if p.is_dir():
        raise DataValidationError(
            "is a directory, not a file", file=file, fix=fix or f"give the path of {what}"
        )
    if not p.is_file():
        raise DataValidationError(
            "is not a regular file", file=file, fix=fix or f"give the path of {what}"
        )
    if not os.access(p, os.R_OK):
        raise DataValidationError(
            "the file is not readable (permission denied)",
            file=file,
            fix="check the file's permissions",
        )
    if st.st_size == 0:
        raise DataValidationError(
            "the file is empty (0 bytes)",
            file=file,
            fix=f"give {what}; the download or export may have failed",
        )
    return p


def sniff_compression(path: Path) -> str | None:
    """'gzip', 'zip', 'zstd', 'bzip2' or None, from the file's first bytes."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(_GZIP):
        return "gzip"
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_ZSTD):
        return "zstd"
    if head.startswith(_BZIP2):
        return "bzip2"
    return None


def refuse_archive(path: Path, kind: str, *, member_hint: str = "the CSV inside") -> None:
    fixes = {
        "zip": f"unzip it and give {member_hint} (e.g. `unzip -l {path.name}` lists it)",
        "zstd": f"decompress it first (`zstd -d {path.name}`)",
        "bzip2": f"decompress it first (`bunzip2 -k {path.name}`)",
    }
    raise DataValidationError(
        f"is a {kind} archive, which this reader cannot open",
        file=str(path),
        fix=fixes.get(kind, "decompress it first"),
    )


def read_bytes(
    path: Path | str,
    *,
    max_bytes: int,
    what: str = "a data file",
    gzip_ok: bool = True,
) -> bytes:
    """The file's bytes (gunzipped when gzip), refusing oversized, truncated or archived files."""
    p = check_file(path, what=what)
    file = str(p)
    size = p.stat().st_size
    if size > max_bytes:
        raise DataValidationError(
            f"the file is {size / MiB:,.1f} MiB, over the limit of {max_bytes / MiB:,.0f} MiB "
            f"for {what}",
            file=file,
            fix="split the file, or check that it is the file you meant",
        )
    kind = sniff_compression(p)
    if kind == "gzip" and gzip_ok:
        try:
            with gzip.open(p, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise DataValidationError(
                f"the gzip file is truncated or damaged ({exc})",
                file=file,
                fix=f"download or copy it again (`gzip -t {p.name}` tests it)",
            ) from None
        if len(data) > max_bytes:
            raise DataValidationError(
                f"the file unpacks to more than {max_bytes / MiB:,.0f} MiB, the limit for {what}",
                file=file,
                fix="split the file, or check that it is the file you meant",
            )
        if not data:
            raise DataValidationError(
                "the file is empty (the gzip holds 0 bytes)",
                file=file,
                fix=f"give {what}; the download or export may have failed",
            )
        return data
    if kind in {"zip", "zstd", "bzip2"} or (kind == "gzip" and not gzip_ok):
        refuse_archive(p, kind or "gzip")
    with p.open("rb") as fh:
        return fh.read()


# --------------------------------------------------------------------------- text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _guess_encoding(data: bytes) -> str:
    if data.count(b"\x00") > len(data) // 4:
        return "UTF-16 without a byte-order mark"
    try:
        data.decode("cp1252")
        return "Windows-1252 / Latin-1"
    except UnicodeDecodeError:
        return "Latin-1 or another legacy encoding"


def decode_text(data: bytes, *, file: str | None, what: str = "the file") -> str:
    """Text of ``data``: UTF-8 (BOM optional) or UTF-16/32 with a BOM; else a typed error."""
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        guess = _guess_encoding(data) if encoding == "utf-8" else encoding.upper() + " (damaged)"
        raise DataValidationError(
            f"{what} is not UTF-8 text: byte {data[exc.start : exc.start + 1]!r} at column "
            f"{col} (it looks like {guess})",
            file=file,
            row=line,
            fix="save it as UTF-8 (e.g. `iconv -f cp1252 -t utf-8 IN > OUT`, or 'CSV UTF-8' "
            "in a spreadsheet)",
        ) from None
    if "\x00" in text:
        pos = text.index("\x00")
        raise DataValidationError(
            f"{what} holds NUL characters: it is binary, not text",
            file=file,
            row=text.count("\n", 0, pos) + 1,
            fix=f"give a text file ({_XLSX_HINT})",
        )
    return text


# --------------------------------------------------------------------------- CSV


_FIELD = r'(?:"(?:[^"]|"")*"|[^",\r\n]*)'
_RECORD = re.compile(rf"{_FIELD}(?:,{_FIELD})*")


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A CSV read strictly: every value a string, ``lines[i]`` the line of record ``i``."""

    file: str
    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray


def _csv_error(problem: str, *, file: str, line: int, column: str | None, fix: str) -> None:
    raise DataValidationError(problem, file=file, row=line, column=column, fix=fix)


def parse_csv_text(
    text: str,
    *,
    file: str,
    what: str = "a CSV file",
    allow_empty: bool = False,
    lower_header: bool = False,
) -> CsvTable:
    """Strict CSV: a parse that would lose or merge rows is an error, with its line."""
    physical = io.StringIO(text, newline="").readlines()  # the lines csv iterates over
    reader = csv.reader(iter(physical), strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    last_end = 0
    try:
        for rec in reader:
            start = last_end + 1
            end = reader.line_num
            last_end = end
            if not rec or (len(rec) == 1 and rec[0].strip() == "" and end == start):
                continue  # blank line
            raw = "".join(physical[start - 1 : end])
            if '"' in raw and not _RECORD.fullmatch(raw.rstrip("\r\n")):
                _csv_error(
                    "a '\"' inside a value that is not quoted (or text after a closing quote)",
                    file=file,
                    line=start,
                    column=None,
                    fix="quote the whole value and double any quote inside it "
                    '("12"" pipe"), or remove the stray \'"\'',
                )
            if header is None:
                header = [h.strip() for h in rec]
                if lower_header:
                    header = [h.lower() for h in header]
                for i, h in enumerate(header):
                    if not h:
                        _csv_error(
                            f"header field {i + 1} is empty",
                            file=file,
                            line=start,
                            column=None,
                            fix="give every column a name in the first line",
                        )
                    if h in header[:i]:
                        _csv_error(
                            f"column {h!r} appears twice in the header",
                            file=file,
                            line=start,
                            column=h,
                            fix="give each column one distinct name",
                        )
                continue
            if len(rec) != len(header):
                n, m = len(rec), len(header)
                if n < m:
                    _csv_error(
                        f"the row has {n} field{'s' if n != 1 else ''}, the header {m}: "
                        f"{', '.join(map(repr, header[n:]))} "
                        f"{'is' if m - n == 1 else 'are'} missing",
                        file=file,
                        line=start,
                        column=header[n],
                        fix="give every row the header's fields (separated by commas); "
                        "check for a missing comma or a cut-off line",
                    )
                _csv_error(
                    f"the row has {n} fields, the header {m} (extra field after "
                    f"{header[-1]!r}: {show(rec[m])})",
                    file=file,
                    line=start,
                    column=None,
                    fix="quote values that contain commas, or remove the extra field",
                )
            if end != start:
                idx = next(
                    (i for i, v in enumerate(rec) if "\n" in v or "\r" in v), len(header) - 1
                )
                _csv_error(
                    f"a quoted value runs over {end - start + 1} lines (lines {start}–{end}); "
                    "an unclosed quote would merge rows",
                    file=file,
                    line=start,
                    column=header[idx],
                    fix="close the quote (or remove the stray '\"'); values may not span lines",
                )
            records.append(rec)
            lines.append(start)
    except csv.Error as exc:
        msg = str(exc)
        if "unexpected end of data" in msg or "EOF" in msg:
            problem = "a quoted value is never closed (unclosed '\"'): the rest of the file "
            problem += "would be read as one value"
        else:
            problem = f"a quoted value is never closed where it should be ({msg}): an "
            problem += "unclosed or stray '\"' would merge rows"
        line = last_end + 1  # where the record starts
        _csv_error(
            problem,
            file=file,
            line=line,
            column=None,
            fix='close the quote or remove the stray \'"\' (quote whole values only: "a,b")',
        )
    if header is None:
        _csv_error(
            "the file has no header and no rows",
            file=file,
            line=1,
            column=None,
            fix=f"give {what} with a header line",
        )
    assert header is not None
    if not records and not allow_empty:
        raise DataValidationError(
            "the file has a header but no data rows",
            file=file,
            row=2,
            fix="check the export or download: a file without rows adds nothing",
        )
    cols = list(zip(*records, strict=True)) if records else [() for _ in header]
    frame = pd.DataFrame(
        {h: pd.array(c, dtype=object) for h, c in zip(header, cols, strict=True)},
        index=pd.RangeIndex(len(records)),
    )
    return CsvTable(file=file, header=header, frame=frame, lines=np.asarray(lines, dtype="int64"))


def read_csv_table(
    path: Path | str,
    *,
    what: str = "a CSV file",
    max_bytes: int = MAX_CSV_BYTES,
    allow_empty: bool = False,
    lower_header: bool = False,
) -> CsvTable:
    """Read a whole CSV strictly (see :func:`parse_csv_text`); gzip is unpacked."""
    p = Path(path)
    data = read_bytes(p, max_bytes=max_bytes, what=what)
    text = decode_text(data, file=str(p))
    if not text.strip():
        raise DataValidationError(
            "the file holds only blank space", file=str(p), fix=f"give {what} with a header line"
        )
    return parse_csv_text(
        text, file=str(p), what=what, allow_empty=allow_empty, lower_header=lower_header
    )


# --------------------------------------------------------------------------- JSON / TOML


# JSON and TOML documents (io/validate_docs.py), re-exported here
from tradewinds.io.validate_docs import (  # noqa: E402, F401
    _depth_error,
    check_depth,
    load_json,
    load_toml,
    parse_json,
    parse_toml,
)
