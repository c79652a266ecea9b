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

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.io.codes import countries
from tradewinds.io.readers._common import (
    country_codes,
    hs_codes,
    no_duplicates,
    numeric,
    require_columns,
)
from tradewinds.io.schema import FLOW_COLUMNS, TOTAL, conform
from tradewinds.io.store import DatasetSpec, file_hash, write_frames

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


def _load(path: Path) -> tuple[pd.DataFrame, int, str]:
    """Frame, row offset (line of the first record) and a label for error locations."""
    file = str(path)
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataValidationError(
                f"not valid JSON ({exc.msg})",
                file=file,
                row=exc.lineno,
                fix="save the API response unchanged",
            ) from exc
        if isinstance(doc, dict) and doc.get("error"):
            raise DataValidationError(
                f"the API returned an error: {doc['error']}",
                file=file,
                fix="download again with a valid query",
            )
        records = doc.get("data") if isinstance(doc, dict) else doc
        if not isinstance(records, list):
            raise DataValidationError(
                "no 'data' list of records",
                file=file,
                fix="give a Comtrade API v1 response ({'data': [...]})",
            )
        return pd.DataFrame.from_records(records), 1, f"{file} (data[] record)"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataValidationError(
            f"cannot parse the CSV ({exc})",
            file=file,
            fix="save the download as comma-separated UTF-8",
        ) from exc
    return frame, 2, file


def read_comtrade(
    path: Path | str, *, dataset_id: str | None = None, vintage: str | None = None
) -> DatasetSpec:
    path = Path(path)
    if not path.is_file():
        raise DataValidationError(
            "file not found", file=str(path), fix="give the path of a Comtrade CSV or JSON download"
        )
    flows, dropped = comtrade_frame(path, vintage=vintage)
    coverage = "UN Comtrade as reported (imports CIF, exports FOB)"
    if dropped:
        coverage += f"; {dropped} rows for residual areas (bunkers, free zones, nes) left out"
    dsid = dataset_id or re.sub(r"[^A-Za-z0-9_.-]", "-", path.stem.lower())[:64]
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
    raw, offset, file = _load(path)
    cols = {_norm(c): c for c in raw.columns}
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
        require_columns(raw.columns, missing, file=file)
    f = raw.copy()
    # keep totals over breakdowns that would double count
    for r, total in (("partner2", "0"), ("mot", "0"), ("customs", "C00")):
        if r in role:
            f = f[f[role[r]].astype(str).str.strip() == total]
    flow = f[role["flow"]].astype(str).str.strip().replace(_LEGACY_FLOW)
    bad_flow = ~flow.isin(["X", "M", "RX", "RM", "DX", "FM"])
    if bad_flow.any():
        pos = int(np.flatnonzero(bad_flow.to_numpy())[0])
        raise DataValidationError(
            f"flow code {flow.iloc[pos]!r} is not X or M",
            file=file,
            row=int(f.index[pos]) + offset,
            column=role["flow"],
            fix="use flowCode X (exports) or M (imports)",
        )
    keep = flow.isin(["X", "M"]).to_numpy()
    f, flow = f[keep], flow[keep]
    # residual partner areas
    dropped = 0
    if "partner_code" in role:
        pc = pd.to_numeric(f[role["partner_code"]], errors="coerce")
        special = pc.isin(list(_SPECIAL_PARTNERS))
        if "partner_desc" in role:
            special |= f[role["partner_desc"]].astype(str).str.strip().str.endswith("nes")
        dropped = int(special.sum())
        f, flow = f[~special.to_numpy()], flow[~special.to_numpy()]
    rows = pd.Series(f.index.to_numpy() + offset, index=f.index)
    f = f.reset_index(drop=True)
    rows = rows.reset_index(drop=True)
    flow = flow.reset_index(drop=True)

    def iso(kind: str) -> pd.Series:
        if f"{kind}_iso" in role:
            codes = (
                f[role[f"{kind}_iso"]].astype(str).str.strip().replace({"W00": "WLD", "S19": "TWN"})
            )
            tmp = pd.DataFrame({"c": codes})
            return country_codes(tmp, "c", file=file, row_offset=offset).rename(None)
        tmp = pd.DataFrame({"c": pd.to_numeric(f[role[f"{kind}_code"]], errors="coerce")})
        cc = countries()
        out = []
        for i, v in enumerate(tmp["c"]):
            try:
                out.append("WLD" if v == 0 else cc.from_baci(int(v)))
            except Exception:
                try:
                    out.append(cc.resolve(str(int(v))))
                except Exception:
                    country_codes(
                        pd.DataFrame({"c": [v]}),
                        "c",
                        file=file,
                        row_offset=int(rows.iloc[i]),
                        how="m49",
                    )
        return pd.Series(out, dtype="string")

    rep, par = iso("reporter"), iso("partner")
    period = f[role["period"]].astype(str).str.strip()
    ok = period.str.fullmatch(r"\d{4}(\d{2})?")
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        raise DataValidationError(
            f"period {period.iloc[pos]!r} is not YYYY or YYYYMM",
            file=file,
            row=int(rows.iloc[pos]),
            column=role["period"],
            fix="use Comtrade's period codes, e.g. 2024 or 202404",
        )
    monthly = period.str.len() == 6
    year = period.str[:4].astype(int)
    month = pd.Series(np.where(monthly, period.str[4:6].where(monthly, "0").astype(int), 0))
    bad_month = monthly & ~month.between(1, 12)
    if bad_month.any():
        pos = int(np.flatnonzero(bad_month.to_numpy())[0])
        raise DataValidationError(
            f"period {period.iloc[pos]!r} has no month 01-12",
            file=file,
            row=int(rows.iloc[pos]),
            column=role["period"],
            fix="use YYYYMM with a month from 01 to 12",
        )
    cmd = f[role["cmd"]].astype(str).str.strip()
    is_total = cmd.str.upper().isin(["TOTAL", "TOT"])
    codes = cmd.where(~is_total, "00")
    hs_codes(pd.DataFrame({"k": codes}), "k", lengths=(2, 4, 6), file=file, row_offset=offset)
    value = numeric(f, role["value"], file=file, row_offset=offset)
    qty = (
        numeric(f, role["qty"], file=file, row_offset=offset, nullable=True)
        if "qty" in role
        else pd.Series(np.nan, index=f.index)
    )
    exporter = rep.where(flow == "X", par)
    importer = par.where(flow == "X", rep)
    out = pd.DataFrame(
        {
            "period": np.where(
                monthly, year.astype(str) + "-" + month.astype(str).str.zfill(2), year.astype(str)
            ),
            "freq": np.where(monthly, "M", "A"),
            "year": year,
            "month": month.where(monthly),
            "exporter": exporter,
            "importer": importer,
            "product": cmd.where(~is_total, TOTAL),
            "hs_version": (f[role["classification"]] if "classification" in role else "HS"),
            "value_usd": value,
            "quantity": qty,
            "unit": f[role["unit"]] if "unit" in role else None,
            "flow_reporter": rep,
            "source": "UN Comtrade",
            "vintage": vintage or "download",
        }
    )
    out["row"] = rows
    no_duplicates(
        out,
        ["period", "exporter", "importer", "product", "flow_reporter"],
        file=file,
        row_offset=offset,
    )
    return conform(out, FLOW_COLUMNS), dropped
