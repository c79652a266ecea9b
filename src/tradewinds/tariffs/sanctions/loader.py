"""Reading the sanctions ledger files: every entry validated, its codes checked, its
secondary tariff resolved in the tariff schedule it names; errors name the file, the
entry and the field (:class:`SanctionsDataError`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tradewinds.tariffs.measures import ALL
from tradewinds.tariffs.sanctions.entries import (
    GROUPS,
    IMPOSERS,
    SECTIONS,
    Designation,
    Embargo,
    Entry,
    PriceCap,
    SanctionsDataError,
    SecondaryTariff,
)
from tradewinds.tariffs.sanctions.ledger import SanctionsLedger
from tradewinds.tariffs.schedule import TariffSchedule, load_schedule

_HEADER = {"ledger", "description", "jurisdiction"}


def parse_sanctions(doc: dict[str, Any], file: str) -> list[Entry]:
    """Validate one ledger document (a parsed TOML file); errors name file, entry, field."""
    out: list[Entry] = []
    schedules: dict[str, TariffSchedule] = {}
    for key, raw in doc.items():
        if key in _HEADER:
            continue
        if key not in SECTIONS:
            raise SanctionsDataError(
                f"unknown section [[{key}]]",
                file=file,
                entry="(file)",
                field=key,
                fix=f"use one of {', '.join(f'[[{s}]]' for s in SECTIONS)}",
            )
        if not isinstance(raw, list):
            raise SanctionsDataError(
                f"[{key}] must be an array of tables",
                file=file,
                entry="(file)",
                field=key,
                fix=f"write [[{key}]] before each entry",
            )
        for i, item in enumerate(raw):
            out.append(_parse_entry(key, i, item, file, schedules))
    _check_entries(out, file)
    return out


def _entry_name(section: str, i: int, item: object) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"'{ident}' ([[{section}]] #{i + 1})" if ident else f"[[{section}]] #{i + 1}"


_FIXES = {
    "missing": "add the field",
    "extra_forbidden": "remove the field or check its spelling",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD (TOML dates, unquoted)",
    "date_parsing": "write dates as YYYY-MM-DD (TOML dates, unquoted)",
    "date_type": "write dates as YYYY-MM-DD (TOML dates, unquoted)",
    "literal_error": "use one of the allowed values",
    "string_pattern_mismatch": "products are HS prefixes of 2-10 digits as quoted strings",
}


def _parse_entry(
    section: str, i: int, item: object, file: str, schedules: dict[str, TariffSchedule]
) -> Entry:
    where = _entry_name(section, i, item)
    model = SECTIONS[section]
    try:
        e = model.model_validate(item)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "(entry)"
        msg = str(err["msg"]).removeprefix("Value error, ")
        fix = _FIXES.get(str(err["type"]))
        if err["type"] == "missing" and loc.split(".")[-1] in ("source", "unit"):
            what = loc.split(".")[-1]
            fix = (
                "cite the legal instrument: source = { instrument, date, article }; "
                "what cannot be cited is not entered"
                if what == "source"
                else 'state the cap\'s unit, e.g. unit = "USD/bbl"'
            )
        raise SanctionsDataError(msg, file=file, entry=where, field=loc, fix=fix) from exc
    assert isinstance(e, Embargo | PriceCap | Designation | SecondaryTariff)
    if isinstance(e, SecondaryTariff):
        e = _resolve(e, where, file, schedules)
    _check_codes(e, where, file)
    if isinstance(e, PriceCap):
        _check_levels(e, where, file)
    return e


def _resolve(
    e: SecondaryTariff, where: str, file: str, schedules: dict[str, TariffSchedule]
) -> SecondaryTariff:
    """The entry reading its tariff from the schedule measure it names; the measure must
    be a secondary tariff levied by the entry's imposer, and an end date needs the
    instrument that removed the duty, signed before it."""
    from tradewinds.errors import TradewindsError

    def bad(problem: str, fix: str, fld: str = "schedule_measure") -> SanctionsDataError:
        return SanctionsDataError(problem, file=file, entry=where, field=fld, fix=fix)

    name = e.schedule
    if name not in schedules:
        try:
            schedules[name] = load_schedule(name)
        except TradewindsError as exc:
            raise bad(f"tariff schedule {name!r} cannot be read: {exc}", "name a shipped "
                      "schedule (us2025) or a schedule file") from exc  # fmt: skip
    sched = schedules[name]
    try:
        m = sched.measure(e.measure_id)
    except TradewindsError as exc:
        raise bad(f"schedule {name!r} has no measure {e.measure_id!r}", str(exc)) from exc
    if m.kind != "secondary" or m.trigger is None:
        raise bad(
            f"{e.schedule_measure} is a {m.kind} measure, not a secondary tariff with a trigger",
            "point to the schedule's secondary measure (kind = 'secondary', with a trigger)",
        )
    if m.importer != e.imposer:
        raise bad(
            f"{e.schedule_measure} is levied by {m.importer}, the entry says {e.imposer}",
            "make imposer the schedule's importer",
            "imposer",
        )
    if m.to is not None and e.removal is None:
        raise bad(
            f"the duty ends on {m.to} ({e.schedule_measure}) but no removing instrument is cited",
            "add removal = { instrument, date, article }",
            "removal",
        )
    if e.removal is not None and m.to is not None and e.removal.date >= m.to:
        raise bad(
            f"the removal is dated {e.removal.date}, on or after the end of the duty ({m.to})",
            "check the removal instrument's date and the schedule's 'to'",
            "removal.date",
        )
    return e.resolved(m)


def _check_levels(e: PriceCap, where: str, file: str) -> None:
    for k in range(1, len(e.levels)):
        prev, cur = e.levels[k - 1], e.levels[k]
        if prev.to is None or prev.to > cur.from_:
            raise SanctionsDataError(
                f"level {k + 1} starts {cur.from_} while level {k} is still in force",
                file=file,
                entry=where,
                field=f"levels.{k}.from",
                fix="order the levels by date and end each ('to') on or before the next starts",
            )


def _check_codes(e: Entry, where: str, file: str) -> None:
    from tradewinds.io.codes import countries

    cc = countries()

    def iso(code: str, fld: str, groups: bool = False) -> None:
        if code == ALL or (groups and code in GROUPS):
            return
        try:
            ok = cc.resolve(code) == code
        except Exception:
            ok = False
        if not ok:
            raise SanctionsDataError(
                f"{code!r} is not an ISO3 country code"
                + (f" or a group ({', '.join(GROUPS)})" if groups else ""),
                file=file,
                entry=where,
                field=fld,
                fix="write ISO3 codes such as RUS, IND, USA",
            )

    if e.imposer not in IMPOSERS:
        raise SanctionsDataError(
            f"unknown imposer {e.imposer!r}",
            file=file,
            entry=where,
            field="imposer",
            fix=f"use one of {', '.join(IMPOSERS)}",
        )
    iso(e.exporter if not isinstance(e, SecondaryTariff) else e.target, "exporter")
    if isinstance(e, Embargo):
        for c in e.importers:
            iso(c, "importers", groups=True)
        for c in e.exempt_exporters:
            iso(c, "exempt_exporters")
        if e.input_origin:
            iso(e.input_origin, "input_origin")
    if isinstance(e, SecondaryTariff):
        for c in (e.trigger.country, e.trigger.imports_from):
            iso(c, "schedule_measure")  # the trigger is the schedule's
    if isinstance(e, Designation):
        for f in e.firms:
            iso(f.country, "firms.country")


def _check_entries(entries: Sequence[Entry], file: str) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise SanctionsDataError(
                "the id is used twice",
                file=file,
                entry=f"'{e.id}'",
                field="id",
                fix="give each entry its own id",
            )
        seen.add(e.id)


def load_sanctions(paths: Sequence[str | Path] | None = None) -> SanctionsLedger:
    """The shipped ledger (``data/sanctions/*.toml``), or the given TOML files."""
    from tradewinds.io.oil_data import sanctions_files
    from tradewinds.io.tariff_data import read_toml

    files = [Path(p) for p in paths] if paths is not None else sanctions_files()
    entries: list[Entry] = []
    where: dict[str, str] = {}
    for f in files:
        for e in parse_sanctions(read_toml(f), str(f)):
            if e.id in where:
                raise SanctionsDataError(
                    f"the id is also used in {where[e.id]}",
                    file=str(f),
                    entry=f"'{e.id}'",
                    field="id",
                    fix="ids are unique across the ledger files",
                )
            where[e.id] = f.name
            entries.append(e)
    return SanctionsLedger(tuple(entries), where)
