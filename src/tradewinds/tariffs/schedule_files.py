"""Schedules as files: parsing and checking a schedule's measures (every error names the
field and the fix) and loading a shipped schedule or a TOML file of the same layout."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tradewinds.errors import ScenarioError
from tradewinds.io.codes import countries
from tradewinds.io.tariff_data import load_product_list, read_toml, schedule_path
from tradewinds.tariffs.measures import ALL, TariffMeasure, measure_error
from tradewinds.tariffs.schedule import TariffSchedule


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
    for field_name, value in (
        ("importer", [m.importer]),
        ("exporters", m.exporters),
        ("exempt_exporters", m.exempt_exporters),
    ):
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
