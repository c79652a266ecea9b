"""Checking published claims — one sentence, a claims file or a whole article —
against the statistic that answers each: the official series for a fiscal year of a
country whose statistics are in the store (India: DGCI&S), BACI for calendar years,
the crude imports by source for shares of crude, with published figures shown beside
and partial datasets as lower bounds only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tradewinds.accounting.coverage import is_complete
from tradewinds.errors import DataValidationError
from tradewinds.io.published import load_published_figures
from tradewinds.io.store import TradeStore
from tradewinds.io.validate import show
from tradewinds.limits import LIMITS
from tradewinds.services._common import DEFAULT_DATASET, EIDB_DATASET, official_dataset
from tradewinds.services.data import ensure_embedded, open_store

MAX_ARTICLE_BYTES = int(LIMITS["article_bytes"].default)  # an article, not a corpus
CONTEXT_KEYS = ("reporter", "partner", "period", "fy_start_month", "metric")
_PERIOD = re.compile(r"^(?:FY(\d{4})-(\d{2})|(\d{4}))$")


def check_context(ctx: Any, *, file: str | None = None, where: str = "context") -> dict[str, Any]:
    """A claims context (a file's [context], a claim's, or --reporter/--partner/--period):
    a table of known keys, text values, a period that is exactly one fiscal year
    (FY2024-25) or calendar year (2024), a month 1-12; else a typed error naming it."""
    if ctx is None:
        return {}
    if not isinstance(ctx, dict):
        raise DataValidationError(
            f"the context is {type(ctx).__name__} {show(ctx)}, not a table",
            file=file,
            column=where,
            fix="write [context] with reporter = 'IND', partner = 'RUS', period = 'FY2024-25'",
        )
    for k, v in ctx.items():
        if k not in CONTEXT_KEYS:
            raise DataValidationError(
                f"unknown context key {str(k)[:40]!r}",
                file=file,
                column=f"{where}.{k}",
                fix=f"use {', '.join(CONTEXT_KEYS)}",
            )
        if k == "fy_start_month":
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 12:
                raise DataValidationError(
                    f"fy_start_month {show(v)} is not a month",
                    file=file,
                    column=f"{where}.{k}",
                    fix="give the month the fiscal year starts in, 1-12 (India: 4)",
                )
            continue
        if not isinstance(v, str) or not v.strip() or len(v) > 100:
            raise DataValidationError(
                f"{k} {show(v)} is not a short text",
                file=file,
                column=f"{where}.{k}",
                fix=f"write {k} as text, e.g. {k} = 'IND'"
                if k != "period"
                else "write period = 'FY2024-25' or '2024'",
            )
        if k == "period":
            m = _PERIOD.match(v.strip().upper())
            if not m or (m.group(1) and (int(m.group(1)) + 1) % 100 != int(m.group(2))):
                y = m.group(1) if m else None
                one = f" (FY{y}-{(int(y) + 1) % 100:02d} is one fiscal year)" if y else ""
                raise DataValidationError(
                    f"period {v!r} is not one fiscal year or calendar year{one}",
                    file=file,
                    column=f"{where}.period",
                    fix="write one fiscal year, FY2024-25, or a calendar year, 2024",
                )
    return dict(ctx)


def _check_text(text: Any, *, file: str | None = None, row: int | None = None) -> str:
    if not isinstance(text, str) or not text.strip():
        raise DataValidationError(
            f"a claim's text is {show(text)}",
            file=file,
            row=row,
            column="text",
            fix="give text = 'India's exports to Russia were $4.9 billion in FY2024-25'",
        )
    cap = LIMITS["claim_chars"].default
    if len(text) > cap:
        raise DataValidationError(
            f"a claim of {len(text):,} characters, over the limit of {cap:,.0f}",
            file=file,
            row=row,
            column="text",
            fix="give one sentence per claim; check a whole article with --file ARTICLE.md",
        )
    return text


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

    context = check_context(context)
    _check_text(text)
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

    context = check_context(context)
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
    from tradewinds.io.validate import check_file, decode_text

    p = Path(path)
    context = check_context(context)
    if p.suffix.lower() != ".toml":
        check_file(p, what="an article or a claims .toml")
        if p.stat().st_size > MAX_ARTICLE_BYTES:
            raise DataValidationError(
                f"the file is {p.stat().st_size:,} bytes; an article is at most "
                f"{MAX_ARTICLE_BYTES:,}",
                file=str(p),
                fix="check one article at a time",
            )
        text = decode_text(p.read_bytes(), file=str(p), what="the article")
        return check_article(text, context=context, as_of=as_of, source=p.name, store=store)
    from tradewinds.io.tariff_data import read_toml

    doc = read_toml(p)
    unknown = sorted(set(doc) - {"context", "claims"})
    if unknown:
        raise DataValidationError(
            f"unknown section {unknown[0]!r}",
            file=str(p),
            column=unknown[0],
            fix="a claims file has [context] and [[claims]] only",
        )
    ctx = {**check_context(doc.get("context"), file=str(p)), **context}
    items = doc.get("claims")
    if not isinstance(items, list) or not items:
        raise DataValidationError(
            "no [[claims]] in the file",
            file=str(p),
            column="claims",
            fix="add [[claims]] entries with text = '…'",
        )
    cap = int(LIMITS["claims_per_file"].default)
    if len(items) > cap:
        raise DataValidationError(
            f"{len(items):,} claims, over the limit of {cap:,}",
            file=str(p),
            column="claims",
            fix="split the file (docs/limits.md)",
        )
    checked = []
    for i, c in enumerate(items):
        if not isinstance(c, dict) or "text" not in c:
            raise DataValidationError(
                "a claim without text",
                file=str(p),
                row=i + 1,
                column="text",
                fix="give text = '…'",
            )
        extra = sorted(set(c) - {"text", "source", "context"})
        if extra:
            raise DataValidationError(
                f"unknown field {extra[0]!r} in claim {i + 1}",
                file=str(p),
                row=i + 1,
                column=extra[0],
                fix="a claim has text, source and context",
            )
        text = _check_text(c["text"], file=str(p), row=i + 1)
        own = check_context(c.get("context"), file=str(p), where=f"claims[{i + 1}].context")
        if not isinstance(c.get("source", ""), str):
            raise DataValidationError(
                f"source {show(c['source'])} is not text",
                file=str(p),
                row=i + 1,
                column="source",
                fix="write source = 'The Hindu, 2025-08-27'",
            )
        checked.append((text, {**ctx, **own}, str(c.get("source", ""))))
    out: list[Any] = []
    ev = _Evidence(store or open_store())  # the store is read once for every claim
    for i, (text, cx, source) in enumerate(checked):
        try:
            out.extend(_check_sentence(text, ev, context=cx, source=source, as_of=as_of))
        except DataValidationError as exc:  # the claim's place in the file
            if exc.file is None:
                exc.file, exc.row = str(p), i + 1
                exc.args = (exc._format(),)
            raise
    return out
