"""Memory a run's draws or sweep points need, estimated before the first one starts.

Each estimate is bytes per draw (or point) × their number: what the results of one
solve keep until the band is summarised, and the arrays the summary builds from them,
measured with tracemalloc on the library scenarios (world model, N = 194: 37 kB per
draw at the peak, ≈ 24 values per country; PE σ draws: three draws × lines matrices at
the peak). :func:`tradewinds.limits.check_run_memory` refuses a run over the
``run_memory`` limit with the estimate, the limit and how many would fit.
"""

from __future__ import annotations

from tradewinds import limits

_F8 = 8  # bytes of a float64
_OVERHEAD = 2048  # a result's dict, tuples and list slots


def _field(opts_draws: int | None) -> str:
    return "--draws" if opts_draws is not None else "montecarlo.draws"


def world_draws(countries: int, pairs: int, draws: int, opts_draws: int | None) -> float:
    """The world model's bands: five outcomes per country kept per draw, the stacked
    outcome and its percentile copies, and the per-draw welfare table (long)."""
    per = _F8 * countries * 24 + _F8 * 3 * pairs + _OVERHEAD
    return limits.check_run_memory(
        per_item=per,
        items=draws,
        fixed=_F8 * countries * countries * 8,  # the point solve and its calibration
        field=_field(opts_draws),
        what="Monte Carlo draws",
    )


def world_sweep(countries: int, pairs: int, points: int) -> float:
    """A sweep: one frame of every country's outcomes and the pairs' columns per point,
    copied once when the points are stacked."""
    per = _F8 * countries * (2 * (9 + 3 * pairs) + 5) + 2 * _OVERHEAD
    return limits.check_run_memory(per_item=per, items=points, field="sweep", what="sweep points")


def pe_sigma_draws(lines: int, draws: int, opts_draws: int | None) -> float:
    """PE bands: the draws × lines matrix of σ and two temporaries of its size."""
    per = 3 * _F8 * lines + _OVERHEAD
    return limits.check_run_memory(
        per_item=per, items=draws, field=_field(opts_draws), what="Monte Carlo draws of σ"
    )


def multisector_draws(countries: int, sectors: int, draws: int, opts_draws: int | None) -> float:
    """Multi-sector bands: ε per sector (three copies) and three outcomes per economy
    (kept, then stacked) per draw."""
    per = _F8 * (3 * sectors + 6 * countries) + _OVERHEAD
    return limits.check_run_memory(
        per_item=per, items=draws, field=_field(opts_draws), what="Monte Carlo draws"
    )


def gravity_draws(countries: int, draws: int, opts_draws: int | None) -> float:
    """Yotov's RTA bands: two outcomes per country per draw, kept then stacked."""
    per = _F8 * 4 * countries + _OVERHEAD
    return limits.check_run_memory(
        per_item=per, items=draws, field=_field(opts_draws), what="Monte Carlo draws"
    )
