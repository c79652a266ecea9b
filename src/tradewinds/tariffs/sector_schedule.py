"""A dated tariff schedule → (exporter, importer, ICIO sector) rates for the multi-sector model.

Every supplier's lines are priced on the date by the schedule's own rules
(:meth:`TariffSchedule.line_rates`: the measures in force for that exporter, their
exemptions, the stacking rule table), so competitors pay their own rates on the same date.
The line rates are then averaged within ICIO sectors by :func:`lines_to_sectors`
(exemptions act line by line before the average) with the finest weights the data hold:

* an exporter's own lines with values (:class:`LineSet` in ``lines``; India's HS8 exports,
  or BACI HS6 flows into the importer) → trade-weighted;
* otherwise the ``default`` line set (every HS6 code of the concordance, no values) → the
  simple average over lines, said in every row (``weighting``) and in the notes.

Exporters under the same measures on both dates with the same line set pay the same rates
and are priced once. An aggregate economy (ICIO's ``ROW``) gets the average of its members'
sector rates with the weights given (e.g. each member's total exports to the importer).

With ``baseline_date`` the result also holds the rates on that date and the change; the
multi-sector engine adds the change to the data's tariffs (the schedule's additional duties
on top of the applied MFN rates the data carry).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import DataValidationError
from tradewinds.tariffs.measures import TariffMeasure
from tradewinds.tariffs.schedule import Match, TariffSchedule
from tradewinds.tariffs.sectors import WEIGHT_ZERO, Unmapped, lines_to_sectors

FloatArray = np.ndarray
AGGREGATE = "members' sector rates weighted by {what}"


@dataclass(frozen=True)
class LineSet:
    """The lines an exporter's sector rates are averaged over: codes (HS6 or longer),
    their HS version (HS2017 / HS2022), optional values (US$, the weights), how the
    schedule matches them (``exact`` for the importer's own tariff lines or HS6 codes of
    its nomenclature, ``hs6`` for another country's national lines) and where they come
    from (shown in every mapping row)."""

    products: tuple[str, ...]
    hs_version: str
    source: str
    values: tuple[float, ...] | None = None
    match: Match = "exact"

    def __post_init__(self) -> None:
        if self.values is not None and len(self.values) != len(self.products):
            raise DataValidationError(
                f"{len(self.values)} values for {len(self.products)} lines",
                column="value_usd",
                fix="give one value per line, or none for simple averages",
            )

    @classmethod
    def of(
        cls,
        frame: pd.DataFrame,
        *,
        hs_version: str,
        source: str,
        match: Match = "exact",
    ) -> LineSet:
        """From a frame of ``product`` and optional ``value_usd`` (summed per product)."""
        if "value_usd" in frame:
            g = frame.groupby("product", sort=True)["value_usd"].sum()
            return cls(tuple(map(str, g.index)), hs_version, source, tuple(g.to_numpy()), match)
        prods = sorted(set(map(str, frame["product"])))
        return cls(tuple(prods), hs_version, source, None, match)


@dataclass(frozen=True)
class ScheduleSectorRates:
    """Sector rates of a schedule on a date (and on a baseline date), with the table that
    shows how each was made: ``mapping`` has one row per exporter and sector (lines, exempt
    lines, ambiguous lines, covered / exempt / total value, the effective rate on the date,
    on the baseline date, the change, the weighting and the weights' source)."""

    schedule: str
    importer: str
    on: date
    baseline_date: date | None
    mapping: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)
    members: pd.DataFrame = field(default_factory=pd.DataFrame)  # aggregates' members' rows

    def to_array(
        self, countries: Sequence[str], sectors: Sequence[str], *, column: str = "rate_change"
    ) -> FloatArray:
        """``column`` (rate_change, rate or rate_baseline) as an (N, N, S) array in the
        model's order: the importer's column filled, 0 elsewhere and where no line maps."""
        c, s = list(countries), list(sectors)
        out = np.zeros((len(c), len(c), len(s)))
        m = self.mapping
        m = m[m["exporter"].isin(c) & m["sector"].isin(s) & (m["exporter"] != self.importer)]
        if self.importer not in c:
            raise DataValidationError(
                f"the schedule's importer {self.importer} is not in the model's economies",
                column="importer",
                fix="use a schedule of an economy the data hold",
            )
        i = pd.Index(c).get_indexer(pd.Index(m["exporter"]))
        k = pd.Index(s).get_indexer(pd.Index(m["sector"]))
        out[i, c.index(self.importer), k] = m[column].to_numpy(dtype=float)
        return out


def _priced(
    schedule: TariffSchedule, exporter: str, ls: LineSet, on: date, *, exemptions: bool
) -> tuple[np.ndarray, np.ndarray, int]:
    """(rate, fully exempt, lines banned) of each line of ``ls`` for ``exporter`` on ``on``
    (a line is exempt when an exemption list covers it and it pays nothing; one exempt from
    one measure but paying another counts as covered). ``exemptions=False``: rates only."""
    prods = pd.Series(pd.unique(pd.Series(ls.products, dtype="string")), dtype="string")
    ((rate, banned, _, exempt_from),) = schedule.central_rates(
        [exporter], prods, on, match=ls.match
    )  # line_rates' additional_rate, banned and exempt_from, in the line set's order
    exempt = np.zeros(rate.size, dtype=bool)
    if exemptions:
        exempt = exempt_from & (rate == 0)
    return rate, exempt, int(banned.sum())


@dataclass(frozen=True)
class _LineMap:
    """Where each line of a line set goes (computed once per line set by
    :func:`lines_to_sectors`, whose rules it keeps): entry e is line ``row[e]`` in sector
    ``code[e]`` with weight ``weight[e]`` and share ``share[e]``."""

    sectors: tuple[str, ...]
    row: np.ndarray
    code: np.ndarray
    weight: np.ndarray
    share: np.ndarray
    ambiguous: np.ndarray
    has_values: bool
    weighting: str
    notes: tuple[str, ...]

    @classmethod
    def build(
        cls, ls: LineSet, importer: str, *, unmapped: Unmapped, concordance: pd.DataFrame | None
    ) -> _LineMap:
        products = list(dict.fromkeys(ls.products))
        frame = pd.DataFrame(
            {"exporter": "?", "importer": importer, "product": products, "rate": 0.0}
        )
        if ls.values is not None:
            vals = pd.Series(ls.values, index=list(ls.products)).groupby(level=0).sum()
            frame["value_usd"] = vals.reindex(products).to_numpy()
        try:
            sr = lines_to_sectors(
                frame,
                concordance=concordance,
                hs_version=ls.hs_version,
                unmapped=unmapped,
                weights_label=ls.source,
            )
        except DataValidationError as exc:  # name the line set (the type stays)
            exc.file = exc.file or f"lines of {ls.source}"
            raise
        t = sr.line_table
        code, secs = pd.factorize(t["sector"], sort=True)
        notes = tuple(
            re.sub(r" \(\d+ exporter × importer × sector cells\)", "", n) for n in sr.notes
        )
        return cls(
            tuple(map(str, secs)), t["row"].to_numpy() - 1, code, t["weight"].to_numpy(float),
            t["share"].to_numpy(float), t["ambiguous"].to_numpy(bool),
            ls.values is not None, sr.weighting, notes,
        )  # fmt: skip

    def table(
        self, exporter: str, importer: str, rate: np.ndarray, exempt: np.ndarray
    ) -> pd.DataFrame:
        """The mapping rows of one exporter (as :func:`lines_to_sectors` makes them)."""
        S = len(self.sectors)
        ex = exempt[self.row]
        eff = np.where(ex, 0.0, rate[self.row])

        def total(w: np.ndarray) -> np.ndarray:
            return np.bincount(self.code, weights=w, minlength=S)

        weight = total(self.weight)
        share = total(self.share)
        zero = weight <= 0
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(zero, total(self.share * eff) / share, total(self.weight * eff) / weight)
        first = np.zeros(self.row.size, dtype=bool)  # each line counted once per sector
        pairs = self.code.astype(np.int64) * (self.row.max() + 1 if self.row.size else 1) + self.row
        first[np.unique(pairs, return_index=True)[1]] = True
        nan = np.full(S, np.nan)
        return pd.DataFrame(
            {
                "exporter": exporter,
                "importer": importer,
                "sector": list(self.sectors),
                "lines": total(first.astype(float)).astype(int),
                "lines_exempt": total((first & ex).astype(float)).astype(int),
                "lines_ambiguous": total((first & self.ambiguous).astype(float)).astype(int),
                "covered_value_usd": total(self.weight * ~ex) if self.has_values else nan,
                "exempt_value_usd": total(self.weight * ex) if self.has_values else nan,
                "total_value_usd": weight if self.has_values else nan,
                "effective_rate": r,
                "weighting": np.where(zero, WEIGHT_ZERO, self.weighting),
            }
        )


FILLED = "simple line average (the exporter's own lines have none in this sector)"


def _priced_table(
    schedule: TariffSchedule,
    rep: str,
    ls: LineSet,
    lm: _LineMap,
    dates: list[tuple[str, date]],
) -> pd.DataFrame:
    """One exporter's mapping rows on the date (and the baseline date): rates, change."""
    parts = {}
    banned_total = 0
    for col, d in dates:
        rate, exempt, banned = _priced(schedule, rep, ls, d, exemptions=col == "rate")
        parts[col] = lm.table(rep, schedule.importer, rate, exempt).rename(
            columns={"effective_rate": col}
        )
        banned_total += banned
    tab = parts["rate"]
    if "rate_baseline" in parts:
        tab = tab.merge(
            parts["rate_baseline"][["sector", "rate_baseline"]], on="sector", how="left"
        )
    else:
        tab = tab.assign(rate_baseline=0.0)
    tab = tab.assign(
        rate_change=tab["rate"] - tab["rate_baseline"], weights_source=ls.source, priced_as=rep
    )
    tab.attrs["banned"] = banned_total
    return tab


def schedule_sector_rates(
    schedule: TariffSchedule,
    on: date,
    exporters: Sequence[str],
    *,
    default: LineSet,
    lines: Mapping[str, LineSet] | None = None,
    baseline_date: date | None = None,
    aggregates: Mapping[str, Mapping[str, float]] | None = None,
    aggregate_weights: str = "the weights given",
    unmapped: Unmapped = "raise",
    concordance: pd.DataFrame | None = None,
) -> ScheduleSectorRates:
    """Sector rates of ``schedule`` on ``on`` for every exporter (see the module notes).

    ``lines``: exporter → its own line set (the finest data); others use ``default``.
    ``aggregates``: an aggregate economy → {member: weight}; the aggregate's rate is the
    weighted mean of its members' sector rates (members priced like any exporter).
    ``unmapped``: codes missing from the HS→ICIO concordance raise (naming the code and
    the line set) or are left out and counted in the notes (``"collect"``)."""
    own = dict(lines or {})
    aggs = {k: dict(v) for k, v in (aggregates or {}).items()}
    dates: list[tuple[str, date]] = [("rate", on)]
    if baseline_date is not None:
        dates.append(("rate_baseline", baseline_date))
    everyone = list(dict.fromkeys([*exporters, *(m for v in aggs.values() for m in v)]))
    everyone = [e for e in everyone if e != schedule.importer and e not in aggs]

    signature: dict[str, str] = {}

    def sig(m: TariffMeasure) -> str:
        """What a measure levies, whoever it names: exporters under measures of the same
        content (two countries at the same announced rate) pay the same line rates."""
        if m.id not in signature:
            signature[m.id] = m.model_dump_json(
                exclude={"id", "name", "exporters", "exempt_exporters", "source", "heading"}
            )
        return signature[m.id]

    def key(e: str) -> tuple[object, ...]:
        live = tuple(tuple(sig(m) for m in schedule.in_force(e, d)) for _, d in dates)
        return (*live, id(own.get(e, default)))

    groups: dict[tuple[object, ...], list[str]] = {}
    for e in everyone:
        groups.setdefault(key(e), []).append(e)
    frames: list[pd.DataFrame] = []
    notes: list[str] = []
    banned_total = 0
    maps: dict[int, _LineMap] = {}
    for group in groups.values():
        rep = group[0]
        ls = own.get(rep, default)
        if id(ls) not in maps:
            maps[id(ls)] = _LineMap.build(
                ls, schedule.importer, unmapped=unmapped, concordance=concordance
            )
            notes += [x for x in maps[id(ls)].notes if x not in notes]
        tab = _priced_table(schedule, rep, ls, maps[id(ls)], dates)
        banned_total += int(tab.attrs.get("banned", 0))
        if ls is not default:
            # sectors the exporter's own lines do not reach: the default lines, said so
            if id(default) not in maps:
                maps[id(default)] = _LineMap.build(
                    default, schedule.importer, unmapped=unmapped, concordance=concordance
                )
                notes += [x for x in maps[id(default)].notes if x not in notes]
            rest = _priced_table(schedule, rep, default, maps[id(default)], dates)
            rest = rest[~rest["sector"].isin(set(tab["sector"]))]
            if len(rest):
                rest = rest.assign(weighting=FILLED)
                tab = pd.concat([tab, rest], ignore_index=True)
        frames += [tab.assign(exporter=e) for e in group]
    mapping = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    for name, weights in aggs.items():
        mapping = pd.concat(
            [mapping, _aggregate(mapping, name, weights, aggregate_weights)], ignore_index=True
        )
    keep = mapping["exporter"].isin(set(exporters))
    members = mapping[~keep].reset_index(drop=True)
    mapping = mapping[keep].reset_index(drop=True)
    notes.append(
        f"Rates of {schedule.name} on {on.isoformat()}"
        + (f" against {baseline_date.isoformat()}" if baseline_date else "")
        + f" for {mapping['exporter'].nunique()} exporters, each at its own rates on the date "
        f"({len(groups)} distinct sets of measures and lines priced)."
    )
    if banned_total:
        notes.append(f"{banned_total} line(s) banned on a date: counted at their listed rate.")
    cols = [
        "exporter", "importer", "sector", "lines", "lines_exempt", "lines_ambiguous",
        "covered_value_usd", "exempt_value_usd", "total_value_usd", "rate", "rate_baseline",
        "rate_change", "weighting", "weights_source", "priced_as",
    ]  # fmt: skip
    return ScheduleSectorRates(
        schedule.name,
        schedule.importer,
        on,
        baseline_date,
        mapping[cols],
        tuple(notes),
        members[cols] if len(members) else members,
    )


def _aggregate(
    mapping: pd.DataFrame, name: str, weights: Mapping[str, float], what: str
) -> pd.DataFrame:
    w = pd.Series({k: float(v) for k, v in weights.items() if v > 0}, dtype=float)
    m = mapping[mapping["exporter"].isin(w.index)]
    if m.empty:
        raise DataValidationError(
            f"no member of {name} has rates or a positive weight",
            column="aggregates",
            fix="give the aggregate's members and their weights",
        )
    m = m.assign(w=m["exporter"].map(w))
    out = []
    for sector, g in m.groupby("sector", sort=True):
        tot = float(g["w"].sum())
        row: dict[str, object] = {
            "exporter": name,
            "importer": str(g["importer"].iloc[0]),
            "sector": sector,
            "lines": int(g["lines"].max()),
            "lines_exempt": round(float((g["lines_exempt"] * g["w"]).sum() / tot)),
            "lines_ambiguous": int(g["lines_ambiguous"].max()),
            "covered_value_usd": np.nan,
            "exempt_value_usd": np.nan,
            "total_value_usd": np.nan,
            "weighting": AGGREGATE.format(what=what),
            "weights_source": f"{g['exporter'].nunique()} members",
            "priced_as": "members",
        }
        for col in ("rate", "rate_baseline", "rate_change"):
            row[col] = float((g[col] * g["w"]).sum() / tot)
        out.append(row)
    return pd.DataFrame(out)


def choose_hs_version(
    products: Sequence[str], concordance: pd.DataFrame
) -> tuple[Literal["HS2017", "HS2022"], float]:
    """The HS version under which most of ``products`` (first six digits) are in the
    concordance, and that share (national lines of an older edition map as HS 2017)."""
    six = pd.Series([str(p)[:6] for p in products], dtype=str)
    best: tuple[Literal["HS2017", "HS2022"], float] = ("HS2022", -1.0)
    for v in ("HS2022", "HS2017"):
        codes = set(concordance.loc[concordance["hs_version"] == v, "hs6"].astype(str))
        share = float(six.isin(codes).mean()) if len(six) else 0.0
        if share > best[1]:
            best = (v, share)
    return best


__all__ = [
    "FILLED",
    "LineSet",
    "ScheduleSectorRates",
    "choose_hs_version",
    "schedule_sector_rates",
]
