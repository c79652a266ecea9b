"""Tariff lines → (exporter, importer, ICIO sector) rates for the multi-sector model (§4f).

Input: one row per tariff line — ``exporter``, ``importer``, ``product`` (an HS code of six
digits or more: HS6, a national HS8 / HTS10 line; matched to the concordance on its first six
digits), ``hs_version`` (a column or the ``hs_version`` argument: HS 2017 or HS 2022, as
``HS2017``/``HS17``/``H5``/``2017`` or ``HS2022``/``HS22``/``H6``/``2022``; US HTS 2025 and
India's ITC-HS 2022 are HS 2022), ``rate`` (fraction, the line's rate under the schedule),
optionally ``exempt`` (the line is exempt: its rate counts as 0) and ``value_usd`` (the line's
trade value, the weight).

Aggregation (pure; the concordance is ``io.readers.icio.hs_icio_concordance()`` by default):

* Exemptions act **at line level, before aggregation**: an exempt line enters with rate 0 and
  its full weight, so exempt trade dilutes the sector's rate as it does at the border.
* Weights: with ``value_usd`` the sector rate is the trade-weighted mean of the line rates,
  Σ v·r / Σ v, at the finest level the lines come in (HS8 lines weighted by their own values);
  without the column, the simple mean over lines (say so: ``weighting`` in every row and in
  ``notes``). A group whose lines all have value 0 falls back to the simple mean, labelled.
  A column with some values missing is an error (give 0 for no trade, or drop the column).
* Ambiguous HS 2022 codes (43 codes whose HS 2017 correlates fall in more than one ICIO
  sector; ``icio_ambiguous`` in the concordance): ``ambiguous="primary"`` (default) puts the
  whole line in the sector of the UN's one-to-one conversion target; ``"split"`` divides the
  line's weight among the sectors in proportion to the number of linked HS 2017 subheadings in
  each (``icio_split``, e.g. C10T12:4|A03:3 → 4/7 and 3/7). Either way the mapping table counts
  them (``lines_ambiguous``).
* HS codes not in the concordance (including 999999, which maps to no sector): with
  ``unmapped="raise"`` (default) an :class:`UnknownCodeError` naming the first code, its row
  and how many more there are; with ``unmapped="collect"`` those lines are left out and listed
  in ``SectorRates.unmapped`` (and counted in ``notes``), so a schedule with a few stray codes
  can still be mapped and the user sees exactly what was dropped.

Output :class:`SectorRates`: ``rates`` (exporter, importer, sector, rate), ``mapping`` (the
visible table per exporter, importer and sector: lines, exempt lines, ambiguous lines, covered
value, exempt value, total value, effective rate, weighting), ``line_table`` (every line with
its sector, share and weight) and ``to_array`` for the model's (N, N, S) tariff arrays.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError, UnknownCodeError

FloatArray = np.ndarray
Ambiguous = Literal["primary", "split"]
Unmapped = Literal["raise", "collect"]

_VERSIONS = {
    "HS2017": "HS2017",
    "HS17": "HS2017",
    "H5": "HS2017",
    "2017": "HS2017",
    "HS2022": "HS2022",
    "HS22": "HS2022",
    "H6": "HS2022",
    "2022": "HS2022",
}
WEIGHT_TRADE = "trade-weighted (line values)"
WEIGHT_SIMPLE = "simple line average (no trade values given)"
WEIGHT_ZERO = "simple line average (all line values 0)"


def normalise_hs_version(text: object, *, row: int | None = None, file: str | None = None) -> str:
    """'HS22', 'H6', '2022' … → 'HS2022'; versions the concordance lacks raise."""
    key = str(text).strip().upper().replace(" ", "").replace("_", "")
    if key in _VERSIONS:
        return _VERSIONS[key]
    raise DataValidationError(
        f"HS version {text!r} is not covered by the HS→ICIO concordance",
        file=file,
        row=row,
        column="hs_version",
        fix="give HS 2017 or HS 2022 codes (HS2017/HS17/H5 or HS2022/HS22/H6); convert older "
        "codes with the UN correlation tables first",
    )


@dataclass(frozen=True)
class SectorRates:
    """Sector rates from tariff lines, with the table that shows how they were made."""

    rates: pd.DataFrame  # exporter, importer, sector, rate
    mapping: pd.DataFrame
    line_table: pd.DataFrame
    unmapped: pd.DataFrame  # row, product, hs_version, value_usd (collect mode)
    weighting: str
    notes: tuple[str, ...]

    def to_array(
        self, countries: Sequence[str], sectors: Sequence[str], *, fill: float = 0.0
    ) -> FloatArray:
        """The rates as an (N, N, S) array in the model's order (``fill`` where no line)."""
        c = list(countries)
        s = list(sectors)
        out = np.full((len(c), len(c), len(s)), float(fill))
        r = self.rates
        for col, codes, kind in (
            ("exporter", c, "ICIO economy"),
            ("importer", c, "ICIO economy"),
            ("sector", s, "ICIO sector"),
        ):
            unknown = ~r[col].isin(codes).to_numpy(dtype=bool)
            if unknown.any():
                code = str(r[col].iloc[int(np.flatnonzero(unknown)[0])])
                raise UnknownCodeError(
                    kind,
                    code,
                    suggestions=difflib.get_close_matches(code, codes, n=3),
                    column=col,
                    fix=f"the model's {kind}s are {', '.join(codes[:8])}, … (countries outside "
                    "the data belong to ROW: map them before)",
                )
        i = pd.Index(c).get_indexer(pd.Index(r["exporter"]))
        j = pd.Index(c).get_indexer(pd.Index(r["importer"]))
        k = pd.Index(s).get_indexer(pd.Index(r["sector"]))
        out[i, j, k] = r["rate"].to_numpy(dtype=float)
        return out


def _bool_column(frame: pd.DataFrame, column: str, *, file: str | None, first: int) -> np.ndarray:
    col = frame[column]
    if pd.api.types.is_bool_dtype(col):
        return col.to_numpy(dtype=bool)
    text = col.astype("string").str.strip().str.lower()
    yes = text.isin(["true", "1", "yes", "y", "t"]).to_numpy(dtype=bool, na_value=False)
    no = text.isin(["false", "0", "no", "n", "f", ""]).to_numpy(dtype=bool, na_value=False)
    no |= text.isna().to_numpy()
    if not (yes | no).all():
        pos = int(np.flatnonzero(~(yes | no))[0])
        raise DataValidationError(
            f"exempt flag {col.iloc[pos]!r} is not true or false",
            file=file,
            row=pos + first,
            column=column,
            fix="write true/false (or 1/0)",
        )
    return yes


def _numbers(
    frame: pd.DataFrame, column: str, *, file: str | None, first: int, low: float, strict: bool
) -> np.ndarray:
    vals = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(vals) | ((vals <= low) if strict else (vals < low))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raw = frame[column].iloc[pos]
        what = "is missing" if pd.isna(raw) else "is not a number" if np.isnan(vals[pos]) else ""
        if not what:
            what = "is not finite" if not np.isfinite(vals[pos]) else f"is below {low:g}"
            if strict and np.isfinite(vals[pos]):
                what = f"is at or below {low:g}"
        fix = (
            "rates are fractions above −1 (0.5 for 50%)"
            if column == "rate"
            else "give every line its trade value (0 for no trade), or drop the column for "
            "simple line averages"
        )
        raise DataValidationError(
            f"{column} {raw!r} {what}", file=file, row=pos + first, column=column, fix=fix
        )
    return vals


def lines_to_sectors(
    lines: pd.DataFrame,
    *,
    concordance: pd.DataFrame | None = None,
    hs_version: str | None = None,
    ambiguous: Ambiguous = "primary",
    unmapped: Unmapped = "raise",
    weights_label: str | None = None,
    file: str | None = None,
) -> SectorRates:
    """Map tariff lines to (exporter, importer, ICIO sector) rates; see the module notes.

    ``file``: the file the lines came from (errors then give its line numbers, header = 1;
    otherwise the 1-based row of the frame). ``weights_label``: where the values come from
    (e.g. "India DGCI&S HS8 exports FY2024-25"), repeated in the notes."""
    if ambiguous not in ("primary", "split"):
        raise DataValidationError(
            f"ambiguous={ambiguous!r}", column="ambiguous", fix="use 'primary' or 'split'"
        )
    if unmapped not in ("raise", "collect"):
        raise DataValidationError(
            f"unmapped={unmapped!r}", column="unmapped", fix="use 'raise' or 'collect'"
        )
    first = 2 if file else 1
    need = ["exporter", "importer", "product", "rate"]
    missing = [c for c in need if c not in lines.columns]
    if missing:
        raise DataValidationError(
            f"missing column {missing[0]!r} (found {', '.join(map(repr, lines.columns))})",
            file=file,
            column=missing[0],
            fix="tariff lines need exporter, importer, product (HS code) and rate; optional "
            "hs_version, exempt, value_usd",
        )
    frame = lines.reset_index(drop=True)
    n = len(frame)
    product = frame["product"].astype("string").str.strip()
    ok = product.str.fullmatch(r"\d{6,}").to_numpy(dtype=bool, na_value=False)
    if not ok.all():
        pos = int(np.flatnonzero(~ok)[0])
        raise DataValidationError(
            f"HS code {product.iloc[pos]!r} is not a code of six digits or more",
            file=file,
            row=pos + first,
            column="product",
            fix="keep HS codes as zero-padded text (010121, not 10121); lines coarser than "
            "HS6 cannot be placed in one sector",
        )
    default = normalise_hs_version(hs_version) if hs_version is not None else None
    if "hs_version" in frame:
        raw_v = frame["hs_version"].astype("string").str.strip()
        empty = (raw_v.isna() | (raw_v == "")).to_numpy(dtype=bool)
        if empty.any() and default is None:
            raise DataValidationError(
                "hs_version is missing",
                file=file,
                row=int(np.flatnonzero(empty)[0]) + first,
                column="hs_version",
                fix="fill the column or pass hs_version='HS2022' (or 'HS2017')",
            )
        names: dict[str, str] = {}
        for at in np.flatnonzero(~empty):
            u = str(raw_v.iloc[at])
            if u not in names:
                names[u] = normalise_hs_version(u, row=int(at) + first, file=file)
        version = pd.Series(
            [default if e else names[str(v)] for v, e in zip(raw_v, empty, strict=True)],
            index=frame.index,
            dtype=str,
        )
    elif default is not None:
        version = pd.Series(default, index=frame.index, dtype=str)
    else:
        raise DataValidationError(
            "the HS version of the codes is not given",
            file=file,
            column="hs_version",
            fix="add an hs_version column or pass hs_version='HS2022' (or 'HS2017')",
        )
    rate = _numbers(frame, "rate", file=file, first=first, low=-1.0, strict=True)
    exempt = (
        _bool_column(frame, "exempt", file=file, first=first)
        if "exempt" in frame
        else np.zeros(n, dtype=bool)
    )
    has_values = "value_usd" in frame and bool(frame["value_usd"].notna().any())
    if has_values:
        value = _numbers(frame, "value_usd", file=file, first=first, low=0.0, strict=False)
        weighting = WEIGHT_TRADE
    else:
        value = np.ones(n)
        weighting = WEIGHT_SIMPLE

    if concordance is None:
        from tradewinds.io.readers.icio import hs_icio_concordance

        concordance = hs_icio_concordance()
    conc = concordance[concordance["icio_sector"].astype(str) != ""]
    key = pd.MultiIndex.from_arrays([version.to_numpy(), product.str[:6].to_numpy()])
    ckey = pd.MultiIndex.from_arrays([conc["hs_version"].to_numpy(), conc["hs6"].to_numpy()])
    pos_c = ckey.get_indexer(key)
    miss = pos_c < 0
    unmapped_frame = pd.DataFrame(
        {
            "row": np.flatnonzero(miss) + first,
            "product": product[miss].to_numpy(),
            "hs_version": version[miss].to_numpy(),
            "value_usd": value[miss] if has_values else np.nan,
        }
    )
    if miss.any() and unmapped == "raise":
        p = int(np.flatnonzero(miss)[0])
        code = str(product.iloc[p])[:6]
        same_v = conc.loc[conc["hs_version"] == version.iloc[p], "hs6"].astype(str)
        close = difflib.get_close_matches(code, same_v[same_v.str[:4] == code[:4]].tolist(), n=3)
        more = int(miss.sum()) - 1
        raise UnknownCodeError(
            f"{version.iloc[p]} six-digit code",
            code,
            suggestions=close,
            file=file,
            row=p + first,
            column="product",
            fix=(f"did you mean {', '.join(close)}? " if close else "")
            + f"the HS→ICIO concordance has no {version.iloc[p]} code {code}"
            + (f" ({more} more line{'s' if more > 1 else ''} too)" if more else "")
            + "; check the HS version, or pass unmapped='collect' to leave such lines out "
            "and list them",
        )
    keep = ~miss
    rows = np.flatnonzero(keep)
    crow = conc.iloc[pos_c[keep]]
    sector = crow["icio_sector"].astype(str).to_numpy()
    amb = crow["icio_ambiguous"].astype(bool).to_numpy()
    # one entry per (line, sector): the primary sector, or the split shares
    line_amb = amb.copy()
    ia, sec_arr, sh = rows, sector.astype(object), np.ones(rows.size)
    if ambiguous == "split" and amb.any() and "icio_split" in crow:
        split = crow["icio_split"].astype(str).to_numpy()
        idx: list[int] = []
        sec: list[str] = []
        share: list[float] = []
        for r, sp in zip(rows[amb], split[amb], strict=True):
            parts = [p.split(":") for p in sp.split("|") if p]
            tot = sum(int(c) for _, c in parts)
            for s_, c in parts:
                idx.append(int(r))
                sec.append(s_)
                share.append(int(c) / tot)
        ia = np.concatenate([rows[~amb], np.array(idx, dtype=int)])
        sec_arr = np.concatenate([sector[~amb].astype(object), np.array(sec, dtype=object)])
        sh = np.concatenate([np.ones(int((~amb).sum())), np.array(share)])
        line_amb = np.concatenate([np.zeros(int((~amb).sum()), bool), np.ones(len(idx), bool)])
        order = np.argsort(ia, kind="stable")
        ia, sec_arr, sh, line_amb = ia[order], sec_arr[order], sh[order], line_amb[order]
    eff = np.where(exempt[ia], 0.0, rate[ia])
    table = pd.DataFrame(
        {
            "row": ia + first,
            "exporter": frame["exporter"].astype(str).to_numpy()[ia],
            "importer": frame["importer"].astype(str).to_numpy()[ia],
            "product": product.to_numpy()[ia],
            "hs_version": version.to_numpy()[ia],
            "hs6": product.str[:6].to_numpy()[ia],
            "sector": sec_arr,
            "share": sh,
            "ambiguous": line_amb,
            "exempt": exempt[ia],
            "rate": rate[ia],
            "effective_rate": eff,
            "weight": value[ia] * sh,
        }
    )
    g = table.assign(
        w_eff=table["weight"] * table["effective_rate"],
        w_cov=np.where(table["exempt"], 0.0, table["weight"]),
        w_ex=np.where(table["exempt"], table["weight"], 0.0),
        s_eff=table["share"] * table["effective_rate"],
        line_ex=table["exempt"].astype(int),
        line_amb=table["ambiguous"].astype(int),
    ).groupby(["exporter", "importer", "sector"], sort=True)
    agg = g.agg(
        lines=("row", "nunique"),
        lines_exempt=("line_ex", "sum"),
        lines_ambiguous=("line_amb", "sum"),
        weight=("weight", "sum"),
        w_eff=("w_eff", "sum"),
        covered=("w_cov", "sum"),
        exempt_w=("w_ex", "sum"),
        share=("share", "sum"),
        s_eff=("s_eff", "sum"),
    ).reset_index()
    zero = agg["weight"].to_numpy() <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_g = np.where(
            zero, agg["s_eff"] / agg["share"], agg["w_eff"] / agg["weight"].where(~zero, 1.0)
        )
    wlabel = np.where(zero, WEIGHT_ZERO, weighting)
    mapping = pd.DataFrame(
        {
            "exporter": agg["exporter"],
            "importer": agg["importer"],
            "sector": agg["sector"],
            "lines": agg["lines"].astype(int),
            "lines_exempt": agg["lines_exempt"].astype(int),
            "lines_ambiguous": agg["lines_ambiguous"].astype(int),
            "covered_value_usd": agg["covered"] if has_values else np.nan,
            "exempt_value_usd": agg["exempt_w"] if has_values else np.nan,
            "total_value_usd": agg["weight"] if has_values else np.nan,
            "effective_rate": rate_g,
            "weighting": wlabel,
        }
    )
    notes = [
        f"{int(keep.sum())} of {n} tariff lines mapped to {mapping['sector'].nunique()} ICIO "
        "sectors "
        f"({len(mapping)} exporter × importer × sector cells); weighting: {weighting}"
        + (f" ({weights_label})" if weights_label and has_values else "")
        + ".",
        "Exemptions applied line by line before aggregation (an exempt line counts at rate 0 "
        "with its full weight).",
    ]
    n_amb = int(amb.sum())
    if n_amb:
        how = (
            "split across their sectors by the number of linked HS 2017 codes"
            if ambiguous == "split"
            else "put wholly in the sector of the UN conversion target"
        )
        notes.append(f"{n_amb} line(s) with an ambiguous HS 2022 code, {how}.")
    if zero.any():
        notes.append(f"{int(zero.sum())} cell(s) with zero trade value use the simple mean.")
    if miss.any():
        notes.append(
            f"{int(miss.sum())} line(s) whose HS code is not in the concordance were left out "
            "(listed in .unmapped)."
        )
    return SectorRates(
        rates=mapping[["exporter", "importer", "sector"]].assign(rate=rate_g),
        mapping=mapping,
        line_table=table,
        unmapped=unmapped_frame,
        weighting=weighting,
        notes=tuple(notes),
    )


__all__ = [
    "WEIGHT_SIMPLE",
    "WEIGHT_TRADE",
    "WEIGHT_ZERO",
    "SectorRates",
    "lines_to_sectors",
    "normalise_hs_version",
]
