"""Structural gravity estimated by PPML with fixed effects (pyfixest), on a store panel
or a Stata/Parquet file."""

from __future__ import annotations

from pathlib import Path

from tradewinds.errors import DataValidationError
from tradewinds.io.store import TradeStore
from tradewinds.services._common import Analysis
from tradewinds.services.data import open_store


def estimate_gravity(
    source: str,
    *,
    x: list[str],
    y: str = "trade",
    fe: list[str] | None = None,
    years: list[int] | None = None,
    domestic: bool = False,
    border: bool = False,
    logs: list[str] | None = None,
    vcov: str = "hetero",
    store: TradeStore | None = None,
) -> Analysis:
    """PPML gravity on a panel: a store dataset with a ``panel`` table (``tradewinds data
    ingest dta FILE``) or a .dta / .parquet file."""
    from tradewinds.io.readers import read_dta_panel
    from tradewinds.models.gravity import estimate_ppml, gravity_design

    p = Path(source)
    if p.suffix == ".dta" and p.is_file():
        panel, label = read_dta_panel(p), str(p)
        src, vintage, cov, h = "Stata panel", "file", "as in the file", ""
    elif p.suffix == ".parquet" and p.is_file():
        from tradewinds.io.readers.dta import panel_from_parquet

        panel, label = panel_from_parquet(p), str(p)
        src, vintage, cov, h = "Parquet panel", "file", "as in the file", ""
    else:
        store = store or open_store()
        info = store.info(source)
        panel = store.read(source, "panel")
        label, src, vintage, cov, h = (
            info.id,
            info.source,
            info.vintage,
            info.coverage,
            store.content_hash(),
        )
    if vcov.startswith("cluster:"):
        vc: str | dict[str, str] = {"CRV1": vcov.split(":", 1)[1]}
    elif vcov in {"hetero", "iid"}:
        vc = vcov
    else:
        raise DataValidationError(
            f"vcov {vcov!r} is not hetero, iid or cluster:VAR",
            column="vcov",
            fix="use hetero or cluster:pair",
        )
    d = gravity_design(
        panel,
        y=y,
        years=years,
        domestic=domestic,
        border=border,
        logs=tuple(logs if logs is not None else ["DIST"]),
    )
    r = estimate_ppml(d, y=y, x=x, fe=fe or ["exporter-year", "importer-year"], vcov=vc)
    frame = r.to_frame()
    notes = (
        f"{r.formula}; {r.nobs:,} observations ({r.dropped:,} dropped)",
        *r.notes,
        "Robust SEs count the absorbed fixed effects (Stata's ppml does not); "
        "clustered SEs match Stata's.",
    )
    return Analysis(
        frame=frame,
        dataset=label,
        source=src,
        vintage=vintage,
        coverage=cov,
        store_hash=h,
        notes=notes,
    )
