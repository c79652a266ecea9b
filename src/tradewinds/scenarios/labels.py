"""What each summary key means to a reader: its label, unit and role.

Engines may name their outcomes themselves (``EnginePart.add(key, value, label=, unit=)``);
every key they leave unnamed is described here, so no view shows ``ge_nu_r`` or
``exports_change_pct`` to a reader. Keys stay as they are in ``summary.json`` and CSV.

Roles decide where a figure appears in a reader-facing table:

``result``       a headline result (the table's rows)
``alternative``  the same quantity measured another way (``alt_of`` names the headline it
                 stands beside, ``why`` says in one line why the two differ)
``band``         a Monte Carlo percentile of a headline
``setting``      what the run assumed (model, σ source, period…): one line of settings
``diagnostic``   how the solver did (iterations, residual, time): one line, never a row
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("result", "alternative", "band", "setting", "diagnostic")


@dataclass(frozen=True, slots=True)
class KeyInfo:
    label: str
    unit: str | None = None
    role: str = "result"
    alt_of: str = ""
    why: str = ""


_PE_LINES = "the tariff lines of the exporter in the shipped line data"
KEYS: dict[str, KeyInfo] = {
    # PE on tariff lines (engines/pe_lines.py)
    "importer": KeyInfo("importing market", "text", "setting"),
    "exporter": KeyInfo("exporter", "text", "setting"),
    "period": KeyInfo("trade of", "text", "setting"),
    "baseline_date": KeyInfo("baseline: measures in force on", "date", "setting"),
    "date": KeyInfo("scenario: measures in force on", "date", "setting"),
    "lines": KeyInfo("tariff lines covered", "count", "setting"),
    "exports_baseline_usd": KeyInfo("exports on the covered lines, before", "usd"),
    "exports_scenario_usd": KeyInfo("exports on the covered lines, after", "usd"),
    "exports_change_usd": KeyInfo("change of exports on the covered lines", "usd"),
    "exports_change_pct": KeyInfo("change of exports on the covered lines", "pct"),
    "mean_rate_baseline": KeyInfo("mean additional duty, before (trade-weighted)", "rate"),
    "mean_rate_scenario": KeyInfo("mean additional duty, after (trade-weighted)", "rate"),
    "sigma_trade_weighted": KeyInfo("σ, trade-weighted mean", "number", "setting"),
    "exporter_share_of_market": KeyInfo("exporter's share of the market", "share", "setting"),
    "exempt_share_baseline": KeyInfo("share of the value exempt, before", "share"),
    "exempt_share_scenario": KeyInfo("share of the value exempt, after", "share"),
    "sigma_source": KeyInfo("σ (substitution elasticity) from", "text", "setting"),
    "sensitivity_sigma_source": KeyInfo("σ of the sensitivity run from", "text", "setting"),
    "sensitivity_exports_change_pct": KeyInfo(
        "change of exports on the covered lines, other σ",
        "pct",
        "alternative",
        alt_of="exports_change_pct",
        why="the same lines with the other source's σ (CEPII ProTEE's HS6 elasticities are "
        "larger than Broda–Weinstein's for most goods, so buyers switch away faster)",
    ),
    # PE on the aggregate market (engines/pe_market.py)
    "market_exporter_change_usd": KeyInfo(
        "change of the exporter's sales to the whole market",
        "usd",
        "alternative",
        alt_of="exports_change_usd",
        why="all of the exporter's goods in the world matrix, with every other supplier "
        f"responding, not only {_PE_LINES}",
    ),
    "market_total_change_usd": KeyInfo("change of the market's imports from all suppliers", "usd"),
    "importer_revenue_change_usd": KeyInfo("change of the importer's tariff revenue", "usd"),
    "importer_welfare_change_usd": KeyInfo("change of the importer's welfare (PE)", "usd"),
    # embargo (engines/embargo.py)
    "embargo_market": KeyInfo("market of the embargo", "text", "setting"),
    "embargo_lost_imports_usd": KeyInfo("imports lost from the embargoed supplier", "usd"),
    # an alternative to the crude market's answer where both run (crude is close to one
    # world good; in place, as results, for an embargo the crude engine does not price)
    "embargo_price_index_change_pct": KeyInfo(
        "change of the market's price index (crude differentiated by source)",
        "pct",
        "alternative",
        alt_of="crude_extra_bill_usd",
        why="the Armington PE treats each source's crude as a different good, so losing one "
        "raises the price index; on one world market the cost is the discount lost (above)",
    ),
    "embargo_other_suppliers_change_usd": KeyInfo("change of imports from other suppliers", "usd"),
    "embargo_bill_change_usd": KeyInfo(
        "change of the import bill (crude differentiated by source)",
        "usd",
        "alternative",
        alt_of="crude_extra_bill_usd",
        why="with a demand elasticity of −1 the Armington PE keeps the bill unchanged by "
        "construction",
    ),
    # export push (engines/push.py)
    "push_added_usd": KeyInfo("exports added by the push (covered lines)", "usd"),
    "push_added_scaled_usd": KeyInfo(
        "exports added, scaled to the published total",
        "usd",
        "alternative",
        alt_of="push_added_usd",
        why="the covered lines are a part of the published exports: the same growth applied "
        "to the published total",
    ),
    "push_base_exports_usd": KeyInfo("exports on the covered lines, before", "usd", "setting"),
    # GE (engines/world.py, tariff_deficit.py, yotov.py, caliendo_parro.py)
    "ge_model": KeyInfo("model", "text", "setting"),
    "ge_revenue": KeyInfo("tariff revenue used as", "text", "setting"),
    "ge_retaliation": KeyInfo("retaliation", "text", "setting"),
    "ge_deficits": KeyInfo("trade deficits", "text", "setting"),
    "ge_method": KeyInfo("solution method", "text", "setting"),
    "ge_sigma": KeyInfo("σ", "number", "setting"),
    "ge_us_welfare_pct": KeyInfo("US welfare", "pct"),
    "ge_non_us_welfare_pct": KeyInfo("non-US welfare (expenditure-weighted average)", "pct"),
    "ge_us_prices_pct": KeyInfo("US prices", "pct"),
    "ge_us_deficit_pct": KeyInfo("US trade deficit", "pct"),
    "ge_median_real_gdp_pct": KeyInfo("median real GDP change", "pct"),
    "ge_border_coefficient": KeyInfo("border coefficient (PPML)", "number", "setting"),
    "ge_rta_coefficient": KeyInfo("RTA coefficient (PPML)", "number", "setting"),
    "ge_optimal_uniform_tariff": KeyInfo("optimal uniform US tariff", "rate"),
    "ge_mean_optimal_retaliation": KeyInfo("mean optimal retaliatory tariff", "rate"),
    "ge_iterations": KeyInfo("solver iterations", "count", "diagnostic"),
    "ge_max_residual": KeyInfo("largest residual", "number", "diagnostic"),
    "ge_solve_ms": KeyInfo("solve time", "ms", "diagnostic"),
    "ge_nu_r": KeyInfo("savings share ν, non-US", "number", "diagnostic"),
    "ge_nu_u": KeyInfo("savings share ν, US", "number", "diagnostic"),
    "ge_book_rounds": KeyInfo("rounds of the book's loop", "count", "diagnostic"),
    # chained states on the same data (engines/pe_lines.py, pe_market.py)
    "data_state": KeyInfo("the data's own policy state", "text", "setting"),
    "exports_data_usd": KeyInfo("exports on the covered lines, in the data", "usd", "setting"),
    "mean_rate_data": KeyInfo("mean additional duty in the data's own state", "rate"),
    "mean_rate_competitors_baseline": KeyInfo(
        "mean additional duty on competitors, before (their own rates)", "rate"
    ),
    "mean_rate_competitors_scenario": KeyInfo(
        "mean additional duty on competitors, after (their own rates)", "rate"
    ),
    "market_top_gainer": KeyInfo("supplier that gains most", "text"),
    "market_top_gainer_change_usd": KeyInfo("its sales to the market change by", "usd"),
    "embargo_barred_share": KeyInfo("share of the supplier's sales barred", "share", "setting"),
    # crude as one world market (engines/crude_market.py)
    "crude_importer": KeyInfo("crude importer", "text", "setting"),
    "crude_supplier": KeyInfo("supplier cut", "text", "setting"),
    "crude_period": KeyInfo("fiscal year of the data", "text", "setting"),
    "crude_provisional": KeyInfo("data provisional", "bool", "setting"),
    "crude_cut_share": KeyInfo("share of the supplier's crude cut", "share", "setting"),
    "crude_replaced_mt": KeyInfo("crude replaced (Mt)", "number"),
    "crude_discount_usd_per_t": KeyInfo("discount used (US$/t)", "number"),
    "crude_discount_low_usd_per_t": KeyInfo("discount, low end (US$/t)", "number", "band"),
    "crude_discount_high_usd_per_t": KeyInfo("discount, high end (US$/t)", "number", "band"),
    "crude_discount_usd_per_bbl": KeyInfo(
        "discount used (US$/bbl)",
        "number",
        "alternative",
        alt_of="crude_discount_usd_per_t",
        why="the same discount per barrel (PPAC's 7.33 barrels a tonne)",
    ),
    "crude_discount_method": KeyInfo("discount measured as", "text", "setting"),
    "crude_replacement_unit_value_usd_per_t": KeyInfo(
        "replacement crude, delivered (US$/t)", "number"
    ),
    "crude_lost_discount_usd": KeyInfo("discount lost a year", "usd"),
    "crude_world_price_change_pct": KeyInfo("world crude price", "pct"),
    "crude_price_effect_usd": KeyInfo("world-price effect a year", "usd"),
    "crude_extra_bill_usd": KeyInfo("extra crude bill a year", "usd"),
    "crude_extra_bill_low_usd": KeyInfo("extra crude bill, low end", "usd", "band"),
    "crude_extra_bill_high_usd": KeyInfo("extra crude bill, high end", "usd", "band"),
    # workers abroad (engines/workers.py)
    "workers_count": KeyInfo("workers", "count", "setting"),
    "workers_earnings_usd": KeyInfo("their earnings a year", "usd"),
    "workers_remittances_usd": KeyInfo("sent home a year (current-account income)", "usd"),
    "goods_balance_usd": KeyInfo("goods balance with the host country", "usd", "setting"),
    "knomad_2021_remittances_usd": KeyInfo(
        "remittances in the corridor, KNOMAD 2021 estimate",
        "usd",
        "alternative",
        alt_of="workers_remittances_usd",
        why="World Bank/KNOMAD's estimate for 2021 of all migrants in the corridor, before "
        "the scenario's workers",
    ),
    # the multi-sector model (engines/multisector.py)
    "ge_data": KeyInfo("data", "text", "setting"),
    "ge_elasticities": KeyInfo("trade elasticities", "text", "setting"),
    "mc_runs": KeyInfo("runs", "count", "setting"),
    "mc_max_residual": KeyInfo("largest residual of the runs", "number", "diagnostic"),
    # Monte Carlo and sweeps
    "mc_draws": KeyInfo("draws", "count", "setting"),
    "mc_failed_draws": KeyInfo("failed draws", "count", "diagnostic"),
    "mc_seconds": KeyInfo("time for the draws", "s", "diagnostic"),
    "sweep_parameter": KeyInfo("swept", "text", "setting"),
    "sweep_points": KeyInfo("points", "count", "setting"),
    "sweep_seconds": KeyInfo("time for the sweep", "s", "diagnostic"),
}

# words for the text values of settings (the key's value → what a reader reads)
VALUE_WORDS: dict[str, str] = {
    "income_tax": "income-tax relief",
    "lump_sum": "lump-sum rebate",
    "broda-weinstein": "Broda–Weinstein (US, HS3)",
    "protee": "CEPII ProTEE (HS6)",
}

_WHAT = {
    "welfare": "welfare",
    "welfare_exact": "welfare (exact Î/P̂)",
    "real_gdp": "real GDP",
    "exports_gdp": "exports / GDP",
    "exports_change": "exports",
}
_EXACT_WHY = (
    "the exact change of real income (Î/P̂) rather than the published first-order "
    "decomposition into terms of trade and volume of trade"
)


def _ge_country(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    iso, what = m.group(1).upper(), m.group(2)
    label = f"{name(iso)}: {_WHAT.get(what, what.replace('_', ' '))}"
    if what == "welfare_exact":
        return KeyInfo(label, "pct", "alternative", f"ge_{m.group(1)}_welfare_pct", _EXACT_WHY)
    return KeyInfo(label, "pct")


def _mc(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    who, what, q = m.group(1), m.group(2), m.group(3)[1:]
    head = name(who.upper()) + ": " if who else ""
    base = _WHAT.get(what, what.replace("_", " "))
    return KeyInfo(f"{head}{base}, {q}th percentile of the draws", "pct", "band")


_MORE = {
    "exports": "exports",
    "imports": "imports",
    "real_wage": "real wage",
    "exports_to_usa": "exports to the US",
    "exports_to_usa_change": "change of exports to the US",
}
_ONE_SECTOR_WHY = (
    "the one-sector world model on the same rates: every good of a country pays its "
    "average duty, so exempt goods are hit too"
)


def _ge_more(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    return KeyInfo(f"{name(m.group(1).upper())}: {_MORE[m.group(2)]}", "pct")


def _ge_one_sector(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    iso, what = m.group(1), m.group(2)
    label = f"{name(iso.upper())}: {_WHAT.get(what) or _MORE.get(what, what)} (one-sector model)"
    return KeyInfo(label, "pct", "alternative", f"ge_{iso}_{what}_pct", _ONE_SECTOR_WHY)


def _ge_sector(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    who, sector, what = name(m.group(1).upper()), m.group(2).upper(), m.group(3)
    if what == "rerouted_share":
        return KeyInfo(f"{who}: share of lost {sector} sales sold elsewhere", "share")
    return KeyInfo(f"{who}: exports of sector {sector}", "pct")


def _mc_band(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    words = {"low": "lowest", "median": "median", "high": "highest"}
    label = f"{name(m.group(1).upper())}: welfare, {words[m.group(2)]} of the runs"
    return KeyInfo(label, "pct", "band")


def _vs_data(m: re.Match[str], name: Callable[[str], str]) -> KeyInfo:
    state = m.group(1)
    when = (
        f"FY{state[2:6]}-{state[7:9]} (day-weighted)"
        if state.startswith("fy")
        else state.replace("_", "-")
    )
    return KeyInfo(f"covered exports in the state of {when}, against the data", "pct")


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[..., KeyInfo]], ...] = (
    (re.compile(r"^ge_([a-z]{3})_(welfare_exact|welfare|real_gdp|exports_gdp)_pct$"), _ge_country),
    (re.compile(r"^mc_(?:([a-z]{3})_)?(welfare|real_gdp|exports_change)_(p\d+)_pct$"), _mc),
    (
        re.compile(
            r"^ge_([a-z]{3})_(exports|imports|real_wage|exports_to_usa_change|exports_to_usa)_pct$"
        ),
        _ge_more,
    ),
    (re.compile(r"^ge1_([a-z]{3})_(welfare|exports_to_usa)_pct$"), _ge_one_sector),
    (re.compile(r"^ge_([a-z]{3})_([a-z]\d\d)_(exports_pct|rerouted_share)$"), _ge_sector),
    (re.compile(r"^mc_([a-z]{3})_welfare_(low|median|high)_pct$"), _mc_band),
    (re.compile(r"^exports_vs_data_(\d{4}_\d{2}_\d{2}|fy\d{4}_\d{2})_pct$"), _vs_data),
)


def describe(key: str, name: Callable[[str], str] = str) -> KeyInfo | None:
    """What ``key`` means, or None for a key nobody has described (``name`` turns an ISO3
    code into a country name)."""
    if key in KEYS:
        return KEYS[key]
    for pat, make in _PATTERNS:
        m = pat.match(key)
        if m:
            info: KeyInfo = make(m, name)
            return info
    return None
