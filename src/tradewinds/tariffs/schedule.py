"""A tariff schedule: measures in force on a date, combined line by line by the rule table.

Effective rate of a line = MFN (when a schedule is shipped; here it is not, so
``mfn_rate`` is null and the effective rate counts the additional measures only)
+ the additional duties of the measures that reach it: in force on the entry date,
levied on the exporter, covering the product, not exempting it. How the measures of
different legal programs meet on one line (232 autos instead of 232 steel, the 232
metal duties on their metal content and the reciprocal duty on the rest, the Russia-oil
duty on top of the reciprocal one …) is the rule table of :mod:`tradewinds.tariffs.rules`,
applied here once for every caller. A measure that *replaces* sets the rate alone; an
embargo bans the line.

Products are matched as prefixes. ``match="exact"``: the codes are the importer's
own tariff lines (HTS for the US). ``match="hs6"``: the codes come from another
nomenclature (India's ITC-HS 8-digit lines), which agrees with the HTS only to six
digits; a list entry longer than six digits then reaches the line only "partially",
and the result says so (``partial``, ``rate_low``/``rate_high``) instead of guessing
(:data:`tradewinds.tariffs.rules.HS6_RULE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from tradewinds.errors import ScenarioError
from tradewinds.tariffs import rules as R
from tradewinds.tariffs.matching import (
    HS6Rule,
    Match,
    PrefixSet,
    Reach,
    _Codes,
    _codes_of,
)
from tradewinds.tariffs.measures import ALL, TariffMeasure

# levied-on codes in the per-line details
_BASE_NONE, _BASE_VALUE, _BASE_METAL, _BASE_REST = 0, 1, 2, 3
_BASE_LABEL = {_BASE_VALUE: "value", _BASE_METAL: "metal content", _BASE_REST: "non-metal content"}


@dataclass(frozen=True)
class _Ask:
    """What a rate query asks, whatever the exporter."""

    on: date
    hs6_rule: HS6Rule
    loaded: date | None
    halted: Sequence[tuple[str, str, str]]
    metal_share: float | None


@dataclass
class _Combined:
    """The rate of each line as A + B·S (S: the share of value the metal duties are
    levied on), the lines banned, and what applied where (for the details)."""

    A: np.ndarray
    B: np.ndarray
    banned: np.ndarray
    applied: dict[str, np.ndarray]
    base: dict[str, np.ndarray]
    covered: dict[str, np.ndarray]
    exempt: dict[str, np.ndarray]
    mfn_dependent: np.ndarray
    conditional: np.ndarray
    share: tuple[np.ndarray, np.ndarray, np.ndarray]

    def rate(self, s: np.ndarray) -> np.ndarray:
        return self.A + self.B * s


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
        a secondary tariff whose whole trigger has stopped no longer applies. Within a
        program, a measure naming the exporter on all products replaces the
        all-exporters measure (rule table, 'overrides': India's Annex I rate instead of
        the 10% baseline; goods in transit keep the 10% when the country rate is not in
        force for them)."""
        out = []
        for m in self.measures:
            if not (m.in_force(on, loaded=loaded) and m.reaches(exporter)):
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
        whole = {m.program for m in out if m.program and m.names_exporter and m.products == [ALL]}
        return [m for m in out if not (m.program in whole and not m.names_exporter)]

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

    # ------------------------------------------------------------------ rates
    def line_rates(
        self,
        exporter: str,
        products: Sequence[str] | pd.Series,
        on: date,
        *,
        match: Match = "exact",
        hs6_rule: HS6Rule = "any",
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
        details: bool = True,
        metal_share: float | None = None,
    ) -> pd.DataFrame:
        """One row per distinct product: product, mfn_rate (null: no MFN schedule shipped),
        additional_rate, effective_rate, banned, partial, measures (list of dicts: the
        measures that apply, each with ``levied_on``: value, metal content or non-metal
        content), exempt_from (ids of measures whose exemption lists cover the line),
        displaced (ids of measures in force on the line that the rule table takes out),
        rate_low and rate_high (the rate under the other hs6 rule, the end-use entries and
        a metal content anywhere between 0 and 1), metal_share (the share of value the
        232 metal duties are levied on; NaN where none applies), mfn_dependent (a measure
        that tops MFN up to its rate applies: the rate shown is its upper bound, reached
        at zero MFN), conditional (a measure with a condition the data cannot check
        applies, e.g. goods not qualifying under USMCA).

        ``hs6_rule`` says what a list entry longer than the line's six digits does (see
        :data:`tradewinds.tariffs.rules.HS6_RULE`): ``"any"`` lets it reach the line,
        ``"strict"`` does not; lines where the two differ are flagged ``partial``.
        ``metal_share``: the metal content share of derivative articles (default
        :data:`tradewinds.tariffs.rules.DERIVATIVE_METAL_SHARE`)."""
        prods = pd.Series(pd.unique(pd.Series(products, dtype="string")), dtype="string")
        ask = _Ask(on, hs6_rule, loaded, halted, metal_share)
        return self._rates(exporter, prods, _codes_of(prods, match), ask, details=details, cache={})

    def rates_by_exporter(
        self,
        exporters: Sequence[str],
        products: Sequence[str] | pd.Series,
        on: date,
        *,
        match: Match = "exact",
        hs6_rule: HS6Rule = "any",
        loaded: date | None = None,
        halted: Sequence[tuple[str, str, str]] = (),
        metal_share: float | None = None,
        wide: bool = False,
    ) -> pd.DataFrame:
        """The rate each exporter pays on each product on ``on``, by the same rules as
        :meth:`line_rates` (product lists are matched once for all exporters).

        Long frame: exporter, product, additional_rate, rate_low, rate_high, banned,
        partial, mfn_dependent, conditional. ``wide=True``: additional_rate as a
        products × exporters frame."""
        prods = pd.Series(pd.unique(pd.Series(products, dtype="string")), dtype="string")
        codes = _codes_of(prods, match)
        ask = _Ask(on, hs6_rule, loaded, halted, metal_share)
        cache: dict[tuple[object, ...], Reach] = {}
        cols = [
            "product",
            "additional_rate",
            "rate_low",
            "rate_high",
            "banned",
            "partial",
            "mfn_dependent",
            "conditional",
        ]
        # exporters under the same measures pay the same rates: computed once per set
        by_set: dict[tuple[str, ...], pd.DataFrame] = {}
        frames = []
        for exp in dict.fromkeys(str(e) for e in exporters):
            live = self.in_force(exp, on, loaded=loaded, halted=halted)
            key = tuple(m.id for m in live)  # (the same set and order: the same rates)
            if key not in by_set:
                r = self._rates(exp, prods, codes, ask, details=False, cache=cache, live=live)
                by_set[key] = r[cols]
            frames.append(by_set[key].assign(exporter=exp)[["exporter", *cols]])
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if wide:
            return out.pivot(index="product", columns="exporter", values="additional_rate")
        return out

    def central_rates(
        self,
        exporters: Sequence[str],
        products: pd.Series,
        on: date,
        *,
        match: Match = "exact",
        hs6_rule: HS6Rule = "any",
        halted: Sequence[tuple[str, str, str]] = (),
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """(additional_rate, banned, conditional, exempt) of each exporter on each of
        ``products`` (distinct codes, in order) on ``on``: the columns
        :meth:`rates_by_exporter` and :meth:`line_rates` give, the same arrays, without the
        bounds (``rate_low``/``rate_high``: three more combinations of the rule table per
        exporter), the per-line details and the frames, which the policy states
        (:mod:`tradewinds.tariffs.states`) and the sector rates do not use. ``exempt``:
        an exemption list of a measure in force covers the line (``exempt_from`` is not
        empty)."""
        codes = _codes_of(products, match)
        ask = _Ask(on, hs6_rule, None, halted, None)
        cache: dict[tuple[object, ...], Reach] = {}
        by_set: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        out = []
        for exp in exporters:
            live = self.in_force(exp, on, halted=halted)
            key = tuple(m.id for m in live)
            if key not in by_set:
                c = self._scenario(live, codes, ask, cache, hs6_rule, with_use=False)
                exempt = np.zeros(codes.n, dtype=bool)
                for m in live:  # as _details lists them in exempt_from
                    exempt |= c.covered[m.id] & c.exempt[m.id]
                by_set[key] = (c.rate(c.share[0]), c.banned, c.conditional, exempt)
            out.append(by_set[key])
        return out

    def _scenario(
        self,
        live: list[TariffMeasure],
        codes: _Codes,
        ask: _Ask,
        cache: dict[tuple[object, ...], Reach],
        rule: HS6Rule,
        *,
        with_use: bool,
    ) -> _Combined:
        """The rule table on the lines the measures reach under ``rule``."""
        cov = {
            m.id: self._reach(m.products, ask.on, codes, cache).get(rule, with_use) for m in live
        }
        ex = {m.id: self._reach(m.exempt, ask.on, codes, cache).get(rule) for m in live}
        app = {i: cov[i] & ~ex[i] for i in cov}
        return self._combine(live, app, cov, ex, codes.chapter, ask.on, ask.metal_share)

    def _reach(
        self, entries: list[str], on: date, codes: _Codes, cache: dict[tuple[object, ...], Reach]
    ) -> Reach:
        key = (*entries, on)
        if key not in cache:
            cache[key] = codes.reach_of(PrefixSet.build(entries, on))
        return cache[key]

    def _combine(
        self,
        live: list[TariffMeasure],
        applies: dict[str, np.ndarray],
        covered: dict[str, np.ndarray],
        exempt: dict[str, np.ndarray],
        chapter: np.ndarray,
        on: date,
        metal_share: float | None,
    ) -> _Combined:
        n = len(chapter)
        zeros = np.zeros(n, dtype=bool)
        # 1. within a program: a measure naming the exporter before an all-exporters one,
        #    then the later 'from', then the later in the schedule (rule table: overrides)
        order = {m.id: i for i, m in enumerate(self.measures)}
        final: dict[str, np.ndarray] = {}
        prog_app: dict[str, np.ndarray] = {}
        by_prog: dict[str, list[TariffMeasure]] = {}
        for m in live:
            if m.program:
                by_prog.setdefault(m.program, []).append(m)
        for p, ms in by_prog.items():
            taken = zeros.copy()
            for m in sorted(
                ms,
                key=lambda m: (m.names_exporter, m.from_, order.get(m.id, 1 << 30)),
                reverse=True,
            ):
                got = applies[m.id] & ~taken
                final[m.id] = got
                taken |= got
            prog_app[p] = taken
        # 2. the rule table, in order
        content_ex: list[tuple[str, str]] = []
        for rule in R.active_rules(on):
            if rule.relation == "excludes":
                for first in rule.first:
                    for second in rule.second:
                        if first != second and first in prog_app and second in prog_app:
                            prog_app[second] = prog_app[second] & ~prog_app[first]
            elif rule.relation == "excludes_content":
                content_ex += [(f, s) for f in rule.first for s in rule.second]
        for m in live:
            if m.program:
                final[m.id] = final[m.id] & prog_app[m.program]
        # 3. the share of value the metal duties are levied on
        metals = {p: prog_app[p] for p in R.S232_METALS if p in prog_app}
        share = R.metal_share(chapter, metals, default=metal_share)
        k = np.zeros(n)
        for where in metals.values():
            k += where
        k = np.maximum(k, 1.0)
        rest = {p: zeros.copy() for p in prog_app}
        for first, second in content_ex:
            if first in prog_app and second in prog_app:
                rest[second] |= prog_app[first] & prog_app[second]
        # 4. A + B·S
        A = np.zeros(n)
        B = np.zeros(n)
        base: dict[str, np.ndarray] = {}
        mfn_dep = zeros.copy()
        cond = zeros.copy()
        banned = zeros.copy()
        for m in live:
            if not m.program:
                continue
            a = final[m.id]
            if R.PROGRAMS[m.program].basis == "metal_content":
                B += np.where(a, m.rate / k, 0.0)
                base[m.id] = np.where(a, _BASE_METAL, _BASE_NONE)
            else:
                r_ = rest[m.program] & a
                A += np.where(a, m.rate, 0.0)
                B -= np.where(r_, m.rate, 0.0)
                base[m.id] = np.where(r_, _BASE_REST, np.where(a, _BASE_VALUE, _BASE_NONE))
            if m.stacking == "top_up":
                mfn_dep |= a
            if m.condition:
                cond |= a
        # 5. measures outside the table: add, unless displaced by a group they name
        by_group: dict[str, np.ndarray] = {}
        for m in live:
            a = final.get(m.id, applies[m.id])
            if m.group:
                by_group[m.group] = by_group.get(m.group, zeros) | a
        replaced = zeros.copy()
        rep_rate = np.zeros(n)
        for m in live:
            if m.program:
                continue
            a = applies[m.id]
            for g in m.displaced_by:
                if g in by_group:
                    a = a & ~by_group[g]
            final[m.id] = a
            base[m.id] = np.where(a, _BASE_VALUE, _BASE_NONE)
            if m.kind == "embargo":
                banned |= a
            elif m.stacking == "replace":
                new = a & ~replaced
                rep_rate[new] = m.rate
                replaced |= new
            else:
                A += np.where(a, m.rate, 0.0)
                if m.stacking == "top_up":
                    mfn_dep |= a
            if m.condition:
                cond |= a
        if replaced.any():
            A = np.where(replaced, rep_rate, A)
            B = np.where(replaced, 0.0, B)
            for m in live:
                if m.stacking != "replace" and m.kind != "embargo":
                    final[m.id] = final[m.id] & ~replaced
                    base[m.id] = np.where(replaced, _BASE_NONE, base[m.id])
        return _Combined(A, B, banned, final, base, covered, exempt, mfn_dep, cond, share)

    def _rates(
        self,
        exporter: str,
        prods: pd.Series,
        codes: _Codes,
        ask: _Ask,
        *,
        details: bool,
        cache: dict[tuple[object, ...], Reach],
        live: list[TariffMeasure] | None = None,
    ) -> pd.DataFrame:
        n = len(prods)
        on, hs6_rule = ask.on, ask.hs6_rule
        if live is None:
            live = self.in_force(exporter, on, loaded=ask.loaded, halted=ask.halted)
        reach = {m.id: self._reach(m.products, on, codes, cache) for m in live}
        ex_reach = {m.id: self._reach(m.exempt, on, codes, cache) for m in live}
        partial = np.zeros(n, dtype=bool)
        uses = np.zeros(n, dtype=bool)
        for m in live:
            c, e = reach[m.id], ex_reach[m.id]
            partial |= c.partial | (c.any & e.partial)
            uses |= c.use

        def scenario(rule: HS6Rule, with_use: bool) -> _Combined:
            return self._scenario(live, codes, ask, cache, rule, with_use=with_use)

        central = scenario(hs6_rule, False)
        s_c, s_lo, s_hi = central.share
        rate = central.rate(s_c)
        lows = [rate, central.rate(s_lo), central.rate(s_hi)]
        other: HS6Rule = "strict" if hs6_rule == "any" else "any"
        alts = []
        if partial.any():
            alts.append(scenario(other, False))
        if uses.any():
            alts += [scenario(hs6_rule, True), scenario(other, True)]
        for alt in alts:
            a_c, a_lo, a_hi = alt.share
            lows += [alt.rate(a_c), alt.rate(a_lo), alt.rate(a_hi)]
        stack = np.vstack(lows)
        banned = central.banned
        any_metal = s_hi > 0
        # lines with the same measures share one (empty or per-combination) list
        rows_measures: list[list[dict[str, object]]] = [[]] * n
        exempt_from: list[list[str]] = [[]] * n
        displaced: list[list[str]] = [[]] * n
        if details and live:
            rows_measures, exempt_from, displaced = _details(live, central, s_c)
        return pd.DataFrame(
            {
                "product": prods.reset_index(drop=True),
                "mfn_rate": np.full(n, np.nan),
                "additional_rate": rate,
                "effective_rate": np.where(banned, np.nan, rate),
                "banned": banned,
                "partial": partial,
                "measures": rows_measures,
                "exempt_from": exempt_from,
                "displaced": displaced,
                "rate_low": stack.min(axis=0),
                "rate_high": stack.max(axis=0),
                "metal_share": np.where(any_metal, s_c, np.nan),
                "mfn_dependent": central.mfn_dependent,
                "conditional": central.conditional,
            }
        )


def _details(
    live: list[TariffMeasure], c: _Combined, share: np.ndarray
) -> tuple[list[list[dict[str, object]]], list[list[str]], list[list[str]]]:
    """Per line: the measures levied (with what they are levied on), the measures whose
    exemption lists cover it, and those the rule table takes out. Built once per distinct
    combination of flags (lines of a combination share their lists)."""
    ids = [m.id for m in live]
    k = len(ids)
    whole = share >= 1.0  # the metal duties take the whole value: nothing is left
    levied = [np.where(whole & (c.base[i] == _BASE_REST), _BASE_NONE, c.base[i]) for i in ids]
    flags = np.column_stack(
        [lv.astype(np.int8) for lv in levied]
        + [(c.covered[i] & c.exempt[i]).astype(np.int8) for i in ids]
        + [
            (c.covered[i] & ~c.exempt[i] & (lv == _BASE_NONE)).astype(np.int8)
            for i, lv in zip(ids, levied, strict=True)
        ]
    )
    # one row of bytes per line: np.unique over them groups the lines as unique(axis=0)
    # did, without its field-by-field sort (the flags are small non-negative integers)
    fl = np.ascontiguousarray(flags)
    keys = fl.view(np.dtype((np.void, fl.dtype.itemsize * fl.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    combos = fl[first]
    rows = [m.as_row() for m in live]
    per_combo = [
        (
            [{**rows[j], "levied_on": _BASE_LABEL[int(f[j])]} for j in range(k) if f[j]],
            [ids[j] for j in range(k) if f[k + j]],
            [ids[j] for j in range(k) if f[2 * k + j]],
        )
        for f in combos
    ]
    inv = np.asarray(inverse).ravel()
    return (
        [per_combo[ci][0] for ci in inv],
        [per_combo[ci][1] for ci in inv],
        [per_combo[ci][2] for ci in inv],
    )


from tradewinds.tariffs.schedule_files import (  # noqa: E402, F401 (reading schedules)
    _parse,
    check_overlaps,
    load_schedule,
    parse_measure,
)
