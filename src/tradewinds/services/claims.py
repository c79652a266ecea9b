"""Checking published claims — one sentence, a claims file or a whole article —
against the statistic that answers each: the official series for a fiscal year of a
country whose statistics are in the store (India: DGCI&S), BACI for calendar years,
the crude imports by source for shares of crude, with published figures shown beside
and partial datasets as lower bounds only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tradewinds.accounting.coverage import is_complete
from tradewinds.errors import DataValidationError
from tradewinds.io.published import load_published_figures
from tradewinds.io.store import TradeStore
from tradewinds.services._common import DEFAULT_DATASET, EIDB_DATASET, official_dataset
from tradewinds.services.data import ensure_embedded, open_store

MAX_ARTICLE_BYTES = 2_000_000  # an article, not a corpus: longer files are refused


@dataclass
class _Evidence:
    """The frames claims are judged on, read from the store once per check."""

    store: TradeStore
    _official: dict[tuple[str, str], tuple[pd.DataFrame | None, pd.DataFrame | None, str]] = field(
        default_factory=dict
    )
    _cache: dict[str, Any] = field(default_factory=dict)

    def _once(self, key: str, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def official(
        self, reporter: str, partner: str
    ) -> tuple[pd.DataFrame | None, pd.DataFrame | None, str]:
        key = (reporter, partner)
        if key not in self._official:
            info = official_dataset(self.store, reporter, partner)
            if info is None:
                self._official[key] = (None, None, "")
            else:
                flows = self._once(f"{info.id}/flows", lambda: self.store.read(info.id))
                tot = self._once(f"{info.id}/totals", lambda: self.store.read(info.id, "totals"))
                name = next((c for c in ("DGCI&S",) if c in info.source), info.id)
                self._official[key] = (flows, tot, name)
        return self._official[key]

    def frames(self, reporter: str, partner: str) -> dict[str, Any]:
        off, tot, name = self.official(reporter, partner)
        out: dict[str, Any] = {
            "official": off,
            "official_totals": tot,
            "calendar": self._once("calendar", lambda: self.store.read(DEFAULT_DATASET)),
            "published": self._once("published", load_published_figures),
            "partial": self._once("partial", self._partial),
            "products": self._once("products", _product_imports),
        }
        if name:
            out["official_name"] = name
        return out

    def _partial(self) -> dict[str, pd.DataFrame]:
        ensure_embedded(self.store, EIDB_DATASET)
        return {
            d.id: self.store.read(d.id)
            for d in self.store.datasets()
            if d.kind == "flows" and "flows" in d.tables and not is_complete(d.coverage)
        }


def _product_imports() -> dict[str, pd.DataFrame]:
    """Imports of product groups by source that shares are checked on (crude: DGCI&S
    by fiscal year)."""
    from tradewinds.io.oil_data import india_crude_imports

    return {"crude": india_crude_imports()}


def check_claim(
    text: str,
    *,
    context: dict[str, Any] | None = None,
    source: str = "",
    as_of: date | None = None,
    store: TradeStore | None = None,
) -> list[Any]:
    """Every claim of one sentence (it may hold several: "a record $68.7 billion …, a
    $59 billion deficit"), each with its verdict
    (:class:`tradewinds.claims.check.Verdict`): the statistic it rests on, why sources
    differ, the record check and what happened since."""
    return _check_sentence(
        text, _Evidence(store or open_store()), context=context, source=source, as_of=as_of
    )


def _check_sentence(
    text: str,
    ev: _Evidence,
    *,
    context: dict[str, Any] | None,
    source: str,
    as_of: date | None,
) -> list[Any]:
    from tradewinds.claims.check import judge
    from tradewinds.claims.parser import parse_claims

    claims = parse_claims(text, context=context, source=source, as_of=as_of)
    return [judge(c, **ev.frames(c.reporter or "", c.partner or "")) for c in claims]


def check_article(
    text: str,
    *,
    context: dict[str, Any] | None = None,
    source: str = "",
    as_of: date | None = None,
    store: TradeStore | None = None,
) -> list[Any]:
    """Every checkable figure of an article, in order, with its line: sentences with a
    figure the parser cannot read come back as "unreadable" with what was missing;
    judgements ("the steadiest relationship since 1945") as "not checkable"."""
    from dataclasses import replace

    from tradewinds.claims.check import judge, unreadable
    from tradewinds.claims.parser import find_claims

    ev = _Evidence(store or open_store())
    out: list[Any] = []
    for f in find_claims(text, context=context, as_of=as_of, source=source):
        if f.error is not None:
            out.append(unreadable(f.sentence, f.error, f.line))
            continue
        for c in f.claims:
            v = judge(c, **ev.frames(c.reporter or "", c.partner or ""))
            out.append(replace(v, line=f.line))
    return out


def check_claims_file(
    path: str | Path,
    *,
    context: dict[str, Any] | None = None,
    as_of: date | None = None,
    store: TradeStore | None = None,
) -> list[Any]:
    """Claims from a file: a ``.toml`` with an optional [context] (reporter, partner,
    period) and [[claims]] with text (and source); any other file is read as an
    article (plain text or light markdown, at most 2 MB) and every figure in it is
    checked (:func:`check_article`)."""
    p = Path(path)
    if p.suffix.lower() != ".toml":
        if not p.is_file():
            raise DataValidationError(
                "file not found", file=str(p), fix="give the path of an article or a .toml"
            )
        if p.stat().st_size > MAX_ARTICLE_BYTES:
            raise DataValidationError(
                f"the file is {p.stat().st_size:,} bytes; an article is at most "
                f"{MAX_ARTICLE_BYTES:,}",
                file=str(p),
                fix="check one article at a time",
            )
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DataValidationError(
                f"not UTF-8 text ({exc.reason})", file=str(p), fix="save the article as UTF-8"
            ) from None
        return check_article(text, context=context, as_of=as_of, source=p.name, store=store)
    from tradewinds.io.tariff_data import read_toml

    doc = read_toml(p)
    ctx = {**doc.get("context", {}), **(context or {})}
    items = doc.get("claims")
    if not isinstance(items, list) or not items:
        raise DataValidationError(
            "no [[claims]] in the file",
            file=str(p),
            fix="add [[claims]] entries with text = '…'",
        )
    out: list[Any] = []
    ev = _Evidence(store or open_store())  # the store is read once for every claim
    for i, c in enumerate(items):
        if not isinstance(c, dict) or "text" not in c:
            raise DataValidationError(
                "a claim without text",
                file=str(p),
                row=i + 1,
                column="text",
                fix="give text = '…'",
            )
        out.extend(
            _check_sentence(
                str(c["text"]),
                ev,
                context={**ctx, **c.get("context", {})},
                source=str(c.get("source", "")),
                as_of=as_of,
            )
        )
    return out
