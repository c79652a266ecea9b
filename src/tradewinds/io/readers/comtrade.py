"""UN Comtrade downloads: API v1 JSON, Comtrade Plus CSV and legacy CSV; annual or monthly.

Rows are reporter/partner/flow/commodity. A reporter's exports (flow X) become
``exporter = reporter``; its imports (M) ``importer = reporter``; ``flow_reporter``
records whose report it is, so mirror flows can be compared. Re-exports and
re-imports are left out; where the download breaks flows down by mode of transport,
customs procedure or second partner, only the totals are kept. Partner "World" is
kept as ``WLD``; Comtrade's residual areas (bunkers, free zones, "… nes") are dropped
and counted in the dataset's coverage note.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.readers._common import (
    country_codes,
    empty_error,
    hs_codes,
    no_duplicates,
    numeric,
    require_columns,
)
from tradewinds.io.schema import FLOW_COLUMNS, TOTAL, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames
from tradewinds.io.store_types import id_from_name
from tradewinds.io.validate import check_file, load_json, read_csv_table, show

# normalised column name -> canonical role; first match wins
_ALIASES = {
    "freq": ["freqcode"],
    "period": ["period", "refperiodid"],
    "reporter_iso": ["reporteriso"],
    "reporter_code": ["reportercode"],
    "partner_iso": ["partneriso"],
    "partner_code": ["partnercode"],
    "partner_desc": ["partnerdesc", "partner"],
    "flow": ["flowcode", "tradeflowcode"],
    "cmd": ["cmdcode", "commoditycode"],
    "value": ["primaryvalue", "tradevalueus", "tradevalue"],
    "qty": ["qty"],
    "unit": ["qtyunitabbr", "qtyunit"],
    "partner2": ["partner2code"],
    "mot": ["motcode"],
    "customs": ["customscode"],
    "classification": ["classificationcode", "classification"],
}
_SPECIAL_PARTNERS = {
    837: "bunkers",
    838: "free zones",
    839: "special categories",
    899: "areas, nes",
}
_LEGACY_FLOW = {"1": "M", "2": "X", "3": "RX", "4": "RM"}


def _norm(col: str) -> str:
    return re.sub(r"[^a-z0-9]", "", col.lower())


_SCALAR = (str, int, float, bool, type(None))


def _load(path: Path) -> tuple[pd.DataFrame, np.ndarray, str]:
    """Frame (values as in the file), the line (CSV) or record number (JSON) of each
    row, and a label for error locations."""
    file = str(path)
    if path.suffix.lower() == ".json" or path.name.lower().endswith(".json.gz"):
        doc = load_json(path)
        if isinstance(doc, dict) and doc.get("error"):
            raise DataValidationError(
                f"the API returned an error: {show(doc['error'])}",
                file=file,
                fix="download again with a valid query",
            )
        records = doc.get("data") if isinstance(doc, dict) else doc
        if not isinstance(records, list):
            what = "an object without it" if isinstance(doc, dict) else _kind(doc)
            raise DataValidationError(
                f"no 'data' list of records (the document is {what})",
                file=file,
                fix="give a Comtrade API v1 response ({'data': [...]})",
            )
        label = f"{file} (data[] record)"
        for n, rec in enumerate(records):
            if not isinstance(rec, dict):
                raise DataValidationError(
                    f"record {n + 1} is {_kind(rec)}, not an object of fields",
                    file=label,
                    row=n + 1,
                    fix='give each record as {"period": ..., "reporterISO": ...}',
                )
            for key, val in rec.items():
                if not isinstance(val, _SCALAR):
                    raise DataValidationError(
                        f"field {key!r} is {_kind(val)}, not a single value",
                        file=label,
                        row=n + 1,
                        column=str(key),
                        fix="save the API response unchanged (fields hold text or numbers)",
                    )
        if not records:
            raise DataValidationError(
                "the response holds no records (data is empty)",
                file=file,
                fix="check the query: no flows matched it",
            )
        frame = pd.DataFrame.from_records(records)
        return frame, np.arange(1, len(frame) + 1, dtype="int64"), label
    table = read_csv_table(path, what="a Comtrade CSV download")
    return table.frame, table.lines, file


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: f"the text {show(value)}",
        bool: f"the boolean {show(value)}",
        type(None): "null",
    }.get(type(value), f"the number {show(value)}")


def read_comtrade(
    path: Path | str, *, dataset_id: str | None = None, vintage: str | None = None
) -> DatasetSpec:
    path = check_file(path, what="a Comtrade CSV or JSON download")
    flows, dropped = comtrade_frame(path, vintage=vintage)
    coverage = "UN Comtrade as reported (imports CIF, exports FOB)"
    if dropped:
        coverage += f"; {dropped} rows for residual areas (bunkers, free zones, nes) left out"
    dsid = dataset_id or id_from_name(path.stem)
    return DatasetSpec(
        id=dsid,
        kind="flows",
        source="UN Comtrade",
        vintage=vintage or "download",
        content_hash=file_hash(path, extra="comtrade/v1"),
        write=write_frames({"flows": flows}),
        description="UN Comtrade reported flows",
        coverage=coverage,
        reader="comtrade",
        origin=str(path),
    )


def comtrade_frame(path: Path, *, vintage: str | None = None) -> tuple[pd.DataFrame, int]:
    raw, all_lines, file = _load(path)
    cols = {_norm(str(c)): str(c) for c in raw.columns}
    role: dict[str, str] = {}
    for r, names in _ALIASES.items():
        for n in names:
            if n in cols:
                role[r] = cols[n]
                break
    needed = {"period": "period", "flow": "flowCode", "cmd": "cmdCode", "value": "primaryValue"}
    missing = [label for r, label in needed.items() if r not in role]
    if "reporter_iso" not in role and "reporter_code" not in role:
        missing.append("reporterISO")
    if "partner_iso" not in role and "partner_code" not in role:
        missing.append("partnerISO")
    if missing:
        require_columns(raw.columns, missing, file=file, row=None if "record" in file else 1)

    def text(frame: pd.DataFrame, col: str) -> pd.Series:
        return frame[col].map(lambda v: "" if _blank(v) else show_plain(v)).astype("string")

    f = raw.copy()
    keep_rows = np.ones(len(f), dtype=bool)
    # keep totals over breakdowns that would double count
    for r, total in (("partner2", "0"), ("mot", "0"), ("customs", "C00")):
        if r in role:
            keep_rows &= (text(f, role[r]).str.strip() == total).to_numpy()
    f, lines = f[keep_rows].reset_index(drop=True), all_lines[keep_rows]
    flow = text(f, role["flow"]).str.strip().replace(_LEGACY_FLOW)
    bad_flow = ~flow.isin(["X", "M", "RX", "RM", "DX", "FM"])
    if bad_flow.any():
        pos = int(np.flatnonzero(bad_flow.to_numpy())[0])
        raise DataValidationError(
            f"flow code {show(f[role['flow']].iloc[pos])} is not X or M",
            file=file,
            row=int(lines[pos]),
            column=role["flow"],
            fix="use flowCode X (exports) or M (imports)",
        )
    keep = flow.isin(["X", "M"]).to_numpy()
    f, flow, lines = f[keep].reset_index(drop=True), flow[keep].reset_index(drop=True), lines[keep]
    # residual partner areas
    dropped = 0
    if "partner_code" in role:
        pc = pd.to_numeric(text(f, role["partner_code"]).str.strip(), errors="coerce")
        special = pc.isin(list(_SPECIAL_PARTNERS)).to_numpy()
        if "partner_desc" in role:
            special |= text(f, role["partner_desc"]).str.strip().str.endswith("nes").to_numpy()
        dropped = int(special.sum())
        f, flow, lines = (
            f[~special].reset_index(drop=True),
            flow[~special].reset_index(drop=True),
            lines[~special],
        )
    if f.empty:
        raise empty_error(file, what="export or import rows (flowCode X or M)")

    def iso(kind: str) -> pd.Series:
        by_iso = f"{kind}_iso" in role
        col = role[f"{kind}_iso" if by_iso else f"{kind}_code"]
        return country_codes(
            pd.DataFrame({col: text(f, col).str.strip()}),
            col,
            file=file,
            row_offset=0,
            lines=lines,
            how="resolve" if by_iso else "numeric",
            aliases={"W00": "WLD", "S19": "TWN"} if by_iso else None,
        ).rename(None)

    rep, par = iso("reporter"), iso("partner")
    period = text(f, role["period"]).str.strip()
    ok = period.str.fullmatch(r"\d{4}(\d{2})?").fillna(False)
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        raise DataValidationError(
            f"period {show(f[role['period']].iloc[pos])} is not YYYY or YYYYMM",
            file=file,
            row=int(lines[pos]),
            column=role["period"],
            fix="use Comtrade's period codes, e.g. 2024 or 202404",
        )
    monthly = (period.str.len() == 6).to_numpy(dtype=bool)
    year = period.str[:4].astype(int).to_numpy()
    month = np.where(monthly, period.str[4:6].where(monthly, "0").astype(int).to_numpy(), 0)
    bad_month = monthly & ~((month >= 1) & (month <= 12))
    if bad_month.any():
        pos = int(np.flatnonzero(bad_month)[0])
        raise DataValidationError(
            f"period {show(f[role['period']].iloc[pos])} has no month 01-12",
            file=file,
            row=int(lines[pos]),
            column=role["period"],
            fix="use YYYYMM with a month from 01 to 12",
        )
    if ((year < 1900) | (year > 2100)).any():
        pos = int(np.flatnonzero((year < 1900) | (year > 2100))[0])
        raise DataValidationError(
            f"period {show(f[role['period']].iloc[pos])} is not a year from 1900 to 2100",
            file=file,
            row=int(lines[pos]),
            column=role["period"],
            fix="use Comtrade's period codes, e.g. 2024 or 202404",
        )
    cmd = text(f, role["cmd"]).str.strip()
    is_total = cmd.str.upper().isin(["TOTAL", "TOT"])
    codes = cmd.where(~is_total, "00")
    hs_codes(
        pd.DataFrame({role["cmd"]: codes}),
        role["cmd"],
        lengths=(2, 4, 6),
        file=file,
        row_offset=0,
        lines=lines,
    )
    value = numeric(f, role["value"], file=file, row_offset=0, lines=lines)
    qty = (
        numeric(f, role["qty"], file=file, row_offset=0, nullable=True, lines=lines)
        if "qty" in role
        else pd.Series(np.nan, index=f.index)
    )
    exporter = rep.where(flow == "X", par)
    importer = par.where(flow == "X", rep)
    out = pd.DataFrame(
        {
            "period": np.where(
                monthly,
                pd.Series(year).astype(str) + "-" + pd.Series(month).astype(str).str.zfill(2),
                pd.Series(year).astype(str),
            ),
            "freq": np.where(monthly, "M", "A"),
            "year": year,
            "month": pd.Series(month).where(pd.Series(monthly)),
            "exporter": exporter,
            "importer": importer,
            "product": cmd.where(~is_total, TOTAL),
            "hs_version": (text(f, role["classification"]) if "classification" in role else "HS"),
            "value_usd": value,
            "quantity": qty,
            "unit": text(f, role["unit"]) if "unit" in role else None,
            "flow_reporter": rep,
            "source": "UN Comtrade",
            "vintage": vintage or "download",
        }
    )
    no_duplicates(
        out,
        ["period", "exporter", "importer", "product", "flow_reporter"],
        file=file,
        row_offset=0,
        lines=lines,
        column=role["period"],
    )
    return conform(out, FLOW_COLUMNS), dropped


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def show_plain(value: object) -> str:
    """A cell as text: integral floats without '.0' (JSON numbers such as 699.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, np.generic):
        return show_plain(value.item())
    return str(value)
