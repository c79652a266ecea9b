"""Where exports could grow (ITC export potential) and the bilateral balance year by
year under chosen export growth and import changes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradewinds import accounting as acc
from tradewinds.accounting.potential import (
    balance_path as path,
)
from tradewinds.accounting.potential import (
    distance_factors,
    export_potential,
    growth_to_reach,
    potential_by_group,
    tariff_advantage_factor,
)
from tradewinds.errors import DataValidationError
from tradewinds.io.cepii import distances
from tradewinds.io.codes import load_product_groups, product_group
from tradewinds.io.store import TradeStore
from tradewinds.models.elasticities import sigma_for
from tradewinds.services._common import (
    DEFAULT_DATASET,
    EIDB_DATASET,
    Analysis,
    analysis,
    load_flows,
    parse_date,
    published_value,
    resolve_country,
)
from tradewinds.services.bilateral import balance
from tradewinds.services.data import open_store
from tradewinds.tariffs import load_schedule
from tradewinds.tariffs.advantage import schedule_tariff_advantage

ANNOUNCED_RATES = "us_tariff_2025_04_02"  # the store's macro indicator of the USTR rates


def potential(
    exporter: str,
    market: str | None,
    *,
    dataset: str = DEFAULT_DATASET,
    digits: int = 6,
    distance: bool = True,
    tariffs: str = "none",
    schedule: str | None = None,
    as_of: str | None = None,
    store: TradeStore | None = None,
) -> Analysis:
    """ITC export potential of ``exporter`` in ``market`` (all markets when None): by
    product where the dataset holds products of all countries, else by market (all
    goods, adjusted for distance and, with tariffs, for tariff advantage), saying which."""
    store = store or open_store()
    x = resolve_country(exporter, "exporter")
    m = resolve_country(market, "market") if market else None
    flows, info = load_flows(store, dataset)
    periods = sorted(flows["period"].unique())
    flows = flows[flows["period"] == periods[-1]]
    products = bool((flows["product"] != "TOTAL").any())
    dist_f: dict[str, float] = {}
    tar_f: dict[str, float] = {}
    adj: list[str] = []
    if not products:
        if distance:
            dist_f, note = distance_factors(flows, x, distances())
            adj.append(note)
        if tariffs == "ustr-2025-04-02":
            macro = store.read(DEFAULT_DATASET, "macro")
            rates = macro[macro["indicator"] == ANNOUNCED_RATES].set_index("iso3")["value"]
            tar_f, note = tariff_advantage_factor(
                flows, x, "USA", rates, label="USTR rates of 2 Apr 2025", market_name="the US"
            )
            adj.append(note)
        elif tariffs != "none":
            raise DataValidationError(
                f"tariffs {tariffs!r} is not none or ustr-2025-04-02",
                column="tariffs",
                fix="use --tariffs ustr-2025-04-02",
            )
    advantage = None
    if products and schedule is not None and m is not None:
        on = parse_date(as_of or "2025-08-27", "as_of")
        mine = flows[
            (flows["exporter"] == x) & (flows["importer"] == m) & (flows["product"] != "TOTAL")
        ]
        keys = sorted(mine["product"].str[:digits].unique())
        sig = sigma_for(keys, source="protee").set_index("product")["sigma"]
        advantage, note = schedule_tariff_advantage(
            flows, x, m, load_schedule(schedule), on, digits, sig
        )
        adj.append(note)
    frame, level = export_potential(
        flows,
        x,
        m,
        digits=digits,
        distance_factor=dist_f,
        tariff_factor=tar_f,
        tariff_advantage=advantage,
    )
    notes = [
        f"level: {level}; period {periods[-1]}",
        "ITC method (Decreux & Spies 2016): potential = supply share × adjusted demand "
        "× ease; potentials sum to the exporter's actual trade",
        *adj,
    ]
    extra: dict[str, Any] = {"level": level}
    if "product" in frame:
        extra["by_group"] = potential_by_group(frame, load_product_groups())
    else:
        notes.append(
            "for products, ingest an HS6 BACI file (`tradewinds data ingest baci`) "
            "and pass --dataset"
        )
    return analysis(store, info, frame, notes=tuple(notes), extra=extra)


def balance_path(
    reporter: str,
    partner: str,
    *,
    export_growth: dict[str, float],
    import_change: dict[str, float],
    years: int = 5,
    base: str = "published",
    period: str = "FY2024-25",
    product_dataset: str = EIDB_DATASET,
    store: TradeStore | None = None,
) -> Analysis:
    """The bilateral balance year by year under chosen export growth by product group
    and import changes, and the growth of all exports that would halve or close it.
    Export groups start from their shares in the reporter's lines to the partner in
    ``product_dataset`` (0 where it has none)."""
    store = store or open_store()
    r, p = resolve_country(reporter, "reporter"), resolve_country(partner, "partner")
    groups = load_product_groups()
    for g in [*export_growth, *import_change]:
        if g not in groups:
            product_group(g, groups)  # raises with suggestions
    notes: list[str] = []
    if base == "published":
        x0 = (published_value(r, p, "exports", period) or 0.0) * 1e9
        m0 = (published_value(r, p, "imports", period) or 0.0) * 1e9
        if not x0 or not m0:
            raise DataValidationError(
                f"no published exports and imports of {r} with {p} for {period}",
                column="base",
                fix="use --base baci, or another period",
            )
        label = f"{period} (published)"
    elif base == "baci":
        bf = balance(r, p, store=store).frame
        b = bf.iloc[-1]
        x0, m0 = float(b["exports_usd"]), float(b["imports_usd"])
        label = f"calendar {b['period']} (BACI)"
    else:
        raise DataValidationError(
            f"base {base!r} is not published or baci", column="base", fix="use --base published"
        )
    lines = store.read(product_dataset, where="exporter = ? AND importer = ?", params=[r, p])
    comp = (
        acc.composition(lines, r, p, by="group", groups=groups)
        if not lines.empty
        else pd.DataFrame(columns=["period", "code", "share"])
    )
    last = comp[comp["period"] == comp["period"].max()] if not comp.empty else comp
    shares = dict(zip(last["code"], last["share"], strict=True))
    export_groups = {g: shares.get(g, 0.0) * x0 for g in export_growth}
    if any(v == 0 for v in export_groups.values()):
        notes.append("groups with no composition data start from 0")
    import_groups: dict[str, float] = {}
    for g in import_change:
        bill = published_value(r, "WLD", f"imports_{g}", period)
        share = published_value(r, p, f"import_share_{g}", period)
        if bill is None or share is None:
            raise DataValidationError(
                f"no published figure for {r}'s imports of {g} from {p} in {period}",
                column="import_change",
                fix="drop it (only groups with a published bill and partner share work)",
            )
        import_groups[g] = bill * share / 100 * 1e9
        notes.append(
            f"{g} imports from {p}: {import_groups[g] / 1e9:,.1f} bn "
            f"(published {period}: bill {bill:g} bn × {share:g}%)"
        )
    frame = path(
        x0,
        m0,
        export_groups=export_groups,
        export_growth=export_growth,
        import_groups=import_groups,
        import_change=import_change,
        years=years,
    )
    frame.insert(0, "base", label)
    half = growth_to_reach(x0, m0, (x0 - m0) / 2, years)
    close = growth_to_reach(x0, m0, 0.0, years)
    notes.append(
        f"base: {label}: exports {x0 / 1e9:,.2f} bn, imports {m0 / 1e9:,.2f} bn; "
        f"export groups valued with their shares in {r}'s {product_dataset} lines to {p}"
    )
    notes.append(
        f"to halve the balance in {years} years with imports constant, all exports "
        f"would have to grow {half:.1%} a year; to close it, {close:.1%} a year"
    )
    info = store.info(product_dataset)
    return analysis(
        store,
        info,
        frame,
        notes=tuple(notes),
        extra={"growth_to_halve": half, "growth_to_close": close},
    )
