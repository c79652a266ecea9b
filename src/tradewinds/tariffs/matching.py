"""Matching tariff lines against product lists (prefixes): the lines keyed once per
product set, each list's reach on them kept with them. Used by
:class:`~tradewinds.tariffs.schedule.TariffSchedule` for every rate it gives.

Products are matched as prefixes. ``match="exact"``: the codes are the importer's own
tariff lines; ``match="hs6"``: the codes come from another nomenclature that agrees with
the importer's only to six digits (see :mod:`tradewinds.tariffs.schedule`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from tradewinds.io.tariff_data import load_product_list
from tradewinds.tariffs.measures import ALL

Match = Literal["exact", "hs6"]
HS6Rule = Literal["any", "strict"]


def _whole_hs6(code: str) -> str:
    """An 8/10-digit code whose digits after the sixth are all zeros is, by HTS convention,
    not subdivided below its HS6: it stands for the HS6."""
    return code[:6] if len(code) > 6 and set(code[6:]) == {"0"} else code


class _Codes:
    """The lines to match, keyed once per call: prefixes of each length are cached.
    Matching is set membership over plain strings (a product list holds thousands of
    codes; Arrow's ``isin`` rebuilt its value set on every call)."""

    def __init__(self, products: pd.Series, how: Match) -> None:
        p = pd.Series(np.asarray(products, dtype=object)).astype(str)
        self.chapter = p.str[:2].to_numpy()
        if how == "hs6":
            key = p.where(p.str.len() <= 6, p.str[:6])
        else:
            longer = p.str.len() > 6
            zeros = longer & p.str[6:].str.fullmatch(r"0+").fillna(False).astype(bool)
            key = p.where(~zeros, p.str[:6])
        self.key = key.reset_index(drop=True)
        self._keys: list[str] = [str(k) for k in self.key]
        self.klen = np.fromiter(map(len, self._keys), dtype=np.int64, count=len(self._keys))
        self.lengths = sorted(set(self.klen.tolist()))
        self.n = len(self._keys)
        self._pref: dict[int, list[str]] = {}
        self._reach: dict[PrefixSet, Reach] = {}

    def reach_of(self, ps: PrefixSet) -> Reach:
        """Where ``ps`` reaches these lines, once per distinct prefix set (a product list
        stands the same on most days of a period)."""
        r = self._reach.get(ps)
        if r is None:
            r = ps.reach(self)
            for a in (r.any, r.strict, r.use):
                a.flags.writeable = False  # shared by every day and exporter
            self._reach[ps] = r
        return r

    def prefix(self, length: int) -> list[str]:
        if length not in self._pref:
            self._pref[length] = [k[:length] for k in self._keys]
        return self._pref[length]

    def _isin(self, values: list[str], wanted: set[str]) -> np.ndarray:
        return np.fromiter((v in wanted for v in values), dtype=bool, count=self.n)

    def hits(self, entries: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """(full, part): lines whose key starts with an entry; lines whose key is a
        shorter prefix of an entry (the entry covers part of the line)."""
        full = np.zeros(self.n, dtype=bool)
        part = np.zeros(self.n, dtype=bool)
        by_len: dict[int, set[str]] = {}
        for e in entries:
            by_len.setdefault(len(e), set()).add(e)
        for L, pref in by_len.items():
            if L == 0:
                full[:] = True
                continue
            full |= (self.klen >= L) & self._isin(self.prefix(L), pref)
            for k in self.lengths:
                if k < L:
                    part |= (self.klen == k) & self._isin(self._keys, {c[:k] for c in pref})
        return full, part & ~full


_CODES: dict[tuple[object, ...], _Codes] = {}
_CODES_LOCK = threading.Lock()
_CODES_KEEP = 16  # product lists kept (the case uses 4: lines, HS6, market HS6, ICIO)


def _codes_of(prods: pd.Series, how: Match) -> _Codes:
    """The keyed lines of ``prods``, shared by every call on the same products (with the
    reach of every product list on them)."""
    key = (how, tuple(prods.tolist()))
    with _CODES_LOCK:
        hit = _CODES.pop(key, None)
        if hit is None:
            hit = _Codes(prods, how)
        _CODES[key] = hit  # most recently used last
        while len(_CODES) > _CODES_KEEP:
            _CODES.pop(next(iter(_CODES)))
        return hit


@dataclass(frozen=True)
class Reach:
    """Where a product list reaches the lines: under ``hs6_rule="any"``, under
    ``"strict"``, and only for one end use (never in the central rate)."""

    any: np.ndarray
    strict: np.ndarray
    use: np.ndarray

    def get(self, rule: HS6Rule, with_use: bool = False) -> np.ndarray:
        r = self.any if rule == "any" else self.strict
        return r | self.use if with_use else r

    @property
    def partial(self) -> np.ndarray:
        return (self.any != self.strict) | (self.use & ~self.any)


@dataclass(frozen=True)
class PrefixSet:
    """Prefixes (with per-code start dates and exclusions) matched against codes."""

    codes: tuple[str, ...]
    starts: tuple[date | None, ...]
    excluded: frozenset[str] = frozenset()
    use: frozenset[str] = frozenset()

    @classmethod
    def build(cls, entries: Iterable[str], as_of: date) -> PrefixSet:
        return _prefix_set(tuple(entries), as_of)

    def reach(self, codes: _Codes) -> Reach:
        norm = [_whole_hs6(c) for c in self.codes]
        full, part = codes.hits(norm)
        ufull, upart = codes.hits(_whole_hs6(c) for c in self.use)
        if self.excluded:
            xfull, xpart = codes.hits(_whole_hs6(c) for c in self.excluded)
        else:
            xfull = xpart = np.zeros(codes.n, dtype=bool)
        any_ = (full | part) & ~xfull
        strict = full & ~xfull & ~xpart
        use = (ufull | upart) & ~xfull & ~any_
        return Reach(any_, strict, use)

    def match(self, products: pd.Series, how: Match) -> tuple[np.ndarray, np.ndarray]:
        """(covered, partial) boolean arrays for each product code."""
        r = self.reach(_Codes(pd.Series(products), how))
        return r.strict, r.partial


@lru_cache(maxsize=512)
def _prefix_set(entries: tuple[str, ...], as_of: date) -> PrefixSet:
    codes: list[str] = []
    excluded: set[str] = set()
    use: set[str] = set()
    for e in entries:
        if e == ALL:
            codes.append("")
        elif e.startswith("list:"):
            t = load_product_list(e[5:])
            live = t[
                (t["effective_from"] <= as_of)
                & t["effective_to"].map(lambda d: d is None or as_of < d).astype(bool)
            ]
            keep = live[~live["excluded"]]
            codes += keep.loc[keep["scope"] == "line", "code"].tolist()
            use |= set(keep.loc[keep["scope"] == "use", "code"])
            excluded |= set(live.loc[live["excluded"], "code"])
        else:
            codes.append(e)
    return PrefixSet(tuple(codes), tuple(None for _ in codes), frozenset(excluded), frozenset(use))
