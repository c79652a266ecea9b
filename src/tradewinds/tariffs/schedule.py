"""A tariff schedule: measures in force on a date, stacked line by line.

Effective rate of a line = MFN (when a schedule is shipped; here it is not, so
``mfn_rate`` is null and the effective rate counts the additional measures only)
+ the rates of the measures that reach it: in force on the entry date, levied on
the exporter, covering the product, not exempting it, and not displaced on that line
by another group (Section 232 displaces the IEEPA duties). A measure that *replaces*
sets the rate alone; an embargo bans the line.

Products are matched as prefixes. ``match="exact"``: the codes are the importer's
own tariff lines (HTS for the US). ``match="hs6"``: the codes come from another
nomenclature (India's ITC-HS 8-digit lines), which agrees with the HTS only to six
digits; a list entry longer than six digits then reaches the line only "partially",
and the result says so (``partial``) instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.io.codes import countries
from tradewinds.io.tariff_data import load_product_list, read_toml, schedule_path
from tradewinds.tariffs.measures import ALL, TariffMeasure, measure_error

Match = Literal["exact", "hs6"]


@dataclass(frozen=True)
class PrefixSet:
    """Prefixes (with per-code start dates and exclusions) matched against codes."""

    codes: tuple[str, ...]
    starts: tuple[date | None, ...]
    excluded: frozenset[str] = frozenset()

    @classmethod
    def build(cls, entries: Iterable[str], as_of: date) -> PrefixSet:
        codes: list[str] = []
        excluded: set[str] = set()
        for e in entries:
            if e == ALL:
                codes.append("")
            elif e.startswith("list:"):
                t = load_product_list(e[5:])
                live = t[t["effective_from"] <= as_of]
                codes += live.loc[~live["excluded"], "code"].tolist()
                excluded |= set(live.loc[live["excluded"], "code"])
            else:
                codes.append(e)
        return cls(tuple(codes), tuple(None for _ in codes), frozenset(excluded))

    def match(self, products: pd.Series, how: Match) -> tuple[np.ndarray, np.ndarray]:
        """(covered, partial) boolean arrays for each product code."""
        n = len(products)
        covered = np.zeros(n, dtype=bool)
        partial = np.zeros(n, dtype=bool)
        if not self.codes:
            return covered, partial
        p = products.astype(str)
        plen = p.str.len().to_numpy()
        by_len: dict[int, set[str]] = {}
        for c in self.codes:
            by_len.setdefault(len(c), set()).add(c)
        limit = 6 if how == "hs6" else None
        for L, pref in by_len.items():
            if L == 0:
                covered[:] = True
                continue
            if limit is None or limit >= L:
                covered |= (plen >= L) & p.str[:L].isin(pref).to_numpy()
            else:
                # a longer national line than the common HS6: reaches the line in part
                partial |= p.str[:limit].isin({c[:limit] for c in pref}).to_numpy()
            # list entries more detailed than the line itself: part of the line
            longer = {c[:k] for c in pref for k in range(2, L)}
            partial |= (plen < L) & p.isin(longer).to_numpy()
        if self.excluded:
            ex = np.zeros(n, dtype=bool)
            for L in {len(c) for c in self.excluded}:
                ex |= (plen >= L) & p.str[:L].isin(self.excluded).to_numpy()
            covered &= ~ex
        partial &= ~covered
        return covered, partial


@dataclass(frozen=True)
class TariffSchedule:
    name: str
    importer: str
    measures: tuple[TariffMeasure, ...]
    description: str = ""
    source_file: str = ""
    notes: tuple[str, ...] = field(default=())

    # ---------------------------------------------------------------- queries
    def measure(self, measure_id: str) -> TariffMeasure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        import difflib

        from tradewinds.errors import UnknownCodeError

        raise UnknownCodeError(
            "measure",
            measure_id,
            suggestions=difflib.get_close_matches(measure_id, [m.id for m in self.measures], n=3),
        )

    def in_force(
        self,
        exporter: str,
        on: date,
        *,
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
    ) -> list[TariffMeasure]:
        """Measures levied on ``exporter``'s goods entering on ``on``.

        ``halted``: (country, imports_from, product prefix) trades that have stopped;
        a secondary tariff whose whole trigger has stopped no longer applies.
        """
        out = []
        for m in self.measures:
            if not (m.reaches(exporter) and m.in_force(on, loaded=loaded)):
                continue
            if m.kind == "secondary" and m.trigger is not None:
                t = m.trigger
                stopped = all(
                    any(
                        h[0] == t.country and h[1] == t.imports_from and p.startswith(h[2])
                        for h in halted
                    )
                    for p in t.products
                )
                if stopped:
                    continue
            out.append(m)
        return out

    def with_changes(
        self, add: Sequence[TariffMeasure] = (), remove: Sequence[str] = ()
    ) -> TariffSchedule:
        ids = {m.id for m in self.measures}
        for r in remove:
            if r not in ids:
                raise ScenarioError(
                    f"no measure {r!r} in schedule {self.name!r}",
                    field="remove",
                    fix=f"use one of {sorted(ids)}",
                )
        kept = [m for m in self.measures if m.id not in set(remove)]
        for m in add:
            if m.id in {k.id for k in kept}:
                raise ScenarioError(
                    f"measure id {m.id!r} is already in the schedule",
                    field="add.id",
                    fix="give the new measure another id",
                )
        return TariffSchedule(
            self.name, self.importer, (*kept, *add), self.description, self.source_file, self.notes
        )

    def line_rates(
        self,
        exporter: str,
        products: Sequence[str] | pd.Series,
        on: date,
        *,
        match: Match = "exact",
        hs6_rule: Literal["any", "strict"] = "any",
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
        details: bool = True,
    ) -> pd.DataFrame:
        """One row per product: product, mfn_rate (null: no MFN schedule shipped),
        additional_rate, effective_rate, banned, partial, measures (list of dicts),
        exempt_from (ids of measures whose exemption lists cover the line).

        With ``match="hs6"``, ``hs6_rule`` says what a list entry longer than six digits
        does to a line of its HS6: ``"any"`` counts it as covering the line (the measure
        or exemption reaches it), ``"strict"`` does not. Lines where the two differ are
        flagged ``partial``."""
        prods = pd.Series(pd.unique(pd.Series(products, dtype="string")), dtype="string")
        n = len(prods)
        live = self.in_force(exporter, on, loaded=loaded, halted=halted)
        applies: dict[str, np.ndarray] = {}
        exempt: dict[str, np.ndarray] = {}
        partial = np.zeros(n, dtype=bool)
        for m in live:
            cov, part = PrefixSet.build(m.products, on).match(prods, match)
            ex, ex_part = PrefixSet.build(m.exempt, on).match(prods, match)
            partial |= part | (cov & ex_part)
            if match == "hs6" and hs6_rule == "any":
                cov, ex = cov | part, ex | ex_part
            applies[m.id] = cov & ~ex
            exempt[m.id] = cov & ex
        by_group: dict[str, np.ndarray] = {}
        for m in live:
            if m.group:
                by_group[m.group] = by_group.get(m.group, np.zeros(n, bool)) | applies[m.id]
        for m in live:  # displacement: 232 goods leave the IEEPA measures
            for g in m.displaced_by:
                if g in by_group:
                    applies[m.id] = applies[m.id] & ~by_group[g]
        replace = [m for m in live if m.stacking == "replace"]
        rate = np.zeros(n)
        banned = np.zeros(n, dtype=bool)
        for m in live:
            if m.kind == "embargo":
                banned |= applies[m.id]
        replaced = np.zeros(n, dtype=bool)
        for m in replace:
            a = applies[m.id] & ~replaced
            rate[a] = m.rate
            replaced |= a
        for m in live:
            if m.stacking == "add" and m.kind != "embargo":
                rate += np.where(applies[m.id] & ~replaced, m.rate, 0.0)
        # the per-line lists are built once per distinct combination of measures
        rows_measures: list[list[dict[str, object]]] = [[] for _ in range(n)]
        exempt_from: list[list[str]] = [[] for _ in range(n)]
        if details and live:
            flags = np.column_stack([applies[m.id] for m in live] + [exempt[m.id] for m in live])
            combos, inverse = np.unique(flags, axis=0, return_inverse=True)
            rows = [m.as_row() for m in live]
            k = len(live)
            per_combo = [
                ([rows[j] for j in range(k) if c[j]], [live[j].id for j in range(k) if c[k + j]])
                for c in combos
            ]
            for i, ci in enumerate(np.asarray(inverse).ravel()):
                rows_measures[i], exempt_from[i] = per_combo[ci]
        return pd.DataFrame(
            {
                "product": prods,
                "mfn_rate": np.full(n, np.nan),
                "additional_rate": rate,
                "effective_rate": np.where(banned, np.nan, rate),
                "banned": banned,
                "partial": partial,
                "measures": rows_measures,
                "exempt_from": exempt_from,
            }
        )


def _parse(doc: dict[str, object], where: str) -> TariffSchedule:
    importer = str(doc.get("importer", ""))
    cc = countries()
    try:
        importer = cc.resolve(importer)
    except Exception as exc:
        raise ScenarioError(
            f"unknown importer {importer!r}",
            field=f"{where}.importer",
            fix="use an ISO3 code such as USA",
        ) from exc
    raw = doc.get("measures")
    if not isinstance(raw, list) or not raw:
        raise ScenarioError("no [[measures]]", field=where, fix="add [[measures]] entries")
    ms = [parse_measure(m, f"{where}.measures[{i}]", importer) for i, m in enumerate(raw)]
    check_overlaps(ms, where)
    return TariffSchedule(
        str(doc.get("schedule", Path(where).stem)),
        importer,
        tuple(ms),
        str(doc.get("description", "")),
        where,
    )


def parse_measure(raw: object, where: str, importer: str = "") -> TariffMeasure:
    if not isinstance(raw, dict):
        raise ScenarioError("a measure must be a table", field=where)
    data = dict(raw)
    if not data.get("importer"):
        data["importer"] = importer
    try:
        m = TariffMeasure.model_validate(data)
    except Exception as exc:
        raise measure_error(exc, where) from exc
    cc = countries()
    for field_name, value in (("importer", [m.importer]), ("exporters", m.exporters)):
        for c in value:
            if c == ALL:
                continue
            try:
                iso = cc.resolve(c)
            except Exception as exc:
                raise ScenarioError(
                    f"unknown country {c!r}",
                    field=f"{where}.{field_name}",
                    fix=str(getattr(exc, "fix", "use ISO3 codes")),
                ) from exc
            if iso != c:
                raise ScenarioError(
                    f"country {c!r} is not an ISO3 code",
                    field=f"{where}.{field_name}",
                    fix=f"write {iso!r}",
                )
    for p in [*m.products, *m.exempt]:
        if p.startswith("list:"):
            try:
                load_product_list(p[5:])
            except Exception as exc:
                raise ScenarioError(str(exc), field=f"{where}.products") from exc
    return m


def check_overlaps(ms: Sequence[TariffMeasure], where: str) -> None:
    """Two 'replace' measures on the same importer, exporter and products that overlap
    in time have no stacking rule between them."""
    reps = [m for m in ms if m.stacking == "replace"]
    for i, a in enumerate(reps):
        for b in reps[i + 1 :]:
            same_exp = (
                ALL in a.exporters or ALL in b.exporters or set(a.exporters) & set(b.exporters)
            )
            same_prod = (
                ALL in a.products
                or ALL in b.products
                or any(p.startswith(q) or q.startswith(p) for p in a.products for q in b.products)
            )
            a_to, b_to = a.to or date.max, b.to or date.max
            if same_exp and same_prod and a.from_ < b_to and b.from_ < a_to:
                raise ScenarioError(
                    f"measures {a.id!r} and {b.id!r} both replace the tariff on the same "
                    "goods over overlapping dates",
                    field=f"{where}.measures",
                    fix="make one of them stacking = 'add', or give them dates that do not overlap",
                )


def load_schedule(name: str = "us2025") -> TariffSchedule:
    """A shipped schedule by name ('us2025') or a TOML file of the same layout."""
    path = schedule_path(name)
    return _parse(read_toml(path), str(path))
