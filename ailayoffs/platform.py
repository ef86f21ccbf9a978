"""A small two-sided market: indirect network effects and tipping.

Two platforms, A and B, compete for two sides of a market, buyers and sellers.
Each period a share ``revise`` of the agents on each side reconsider and pick
platform A with the logit probability

``P(A) = 1 / (1 + exp(-(quality_gap + cross * (2 s_other - 1))))``

where ``s_other`` is the share of the *other* side currently on A and
``cross`` the strength of the cross-side (indirect) network effect: buyers
value a platform for its sellers and sellers for its buyers. ``quality_gap``
is A's stand-alone advantage (0: identical platforms).

Hand-checkable facts (:func:`tipping_threshold`): with identical platforms an
even split (1/2, 1/2) is always an equilibrium; the slope of the logit at the
even split is 1/4 and a change in the other side's share moves the argument by
``2 cross``, so the even split is stable when ``cross * 2 / 4 < 1``, i.e.
``cross < 2``, and unstable above: then any small lead grows until one
platform holds most of both sides (the market *tips*, winner takes most).

:func:`mean_field` iterates the expected shares (deterministic);
:func:`simulate` draws individual agents' choices (seeded, reproducible);
:func:`grid` runs :func:`simulate` over several parameter values for a chart
that needs no kernel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "final_shares",
    "grid",
    "growth_and_profit",
    "line_share_pct",
    "logit",
    "mean_field",
    "simulate",
    "tipping_threshold",
]


def logit(x):
    """The logistic function ``1 / (1 + exp(-x))``."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def tipping_threshold(cross_buyers: float = 1.0, cross_sellers: float | None = None) -> float:
    """Strength of the cross-side effects above which an even split is unstable.

    With effects ``g_b`` (on buyers) and ``g_s`` (on sellers) the even split
    is unstable when ``sqrt(g_b g_s) > 2``. Given a ratio only (``cross_sellers``
    relative to ``cross_buyers``), returns the common scale at which this
    happens. With the default symmetric case it is 2.
    """
    if cross_sellers is None:
        cross_sellers = cross_buyers
    if cross_buyers <= 0 or cross_sellers <= 0:
        raise ValueError("cross-side effects must be positive for a threshold to exist")
    return 2.0 / np.sqrt(cross_buyers * cross_sellers)


def _check(start: float, revise: float, periods: int) -> None:
    if not 0 <= start <= 1:
        raise ValueError(f"start share must be within [0, 1], not {start}")
    if not 0 < revise <= 1:
        raise ValueError(f"revise must be within (0, 1], not {revise}")
    if periods < 1:
        raise ValueError("periods must be at least 1")


def mean_field(
    cross: float,
    start_buyers: float = 0.55,
    start_sellers: float = 0.55,
    periods: int = 60,
    revise: float = 0.2,
    quality_gap: float = 0.0,
    cross_sellers: float | None = None,
) -> pd.DataFrame:
    """Expected shares of platform A on each side, period by period (no randomness).

    Returns
    -------
    DataFrame
        ``period`` (0 = start), ``buyers_share_a`` and ``sellers_share_a`` (fractions).
    """
    _check(start_buyers, revise, periods)
    _check(start_sellers, revise, periods)
    g_s = cross if cross_sellers is None else cross_sellers
    b, s = [start_buyers], [start_sellers]
    for _ in range(periods):
        nb = (1 - revise) * b[-1] + revise * logit(quality_gap + cross * (2 * s[-1] - 1))
        ns = (1 - revise) * s[-1] + revise * logit(quality_gap + g_s * (2 * b[-1] - 1))
        b.append(float(nb))
        s.append(float(ns))
    return pd.DataFrame({"period": np.arange(periods + 1), "buyers_share_a": b, "sellers_share_a": s})


def simulate(
    cross: float,
    n_agents: int = 500,
    start_buyers: float = 0.55,
    start_sellers: float = 0.55,
    periods: int = 60,
    revise: float = 0.2,
    quality_gap: float = 0.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Agents on both sides choosing a platform each period; seeded and reproducible.

    Parameters
    ----------
    cross : float
        Strength of the cross-side effect (same on both sides).
    n_agents : int
        Agents per side.
    start_buyers, start_sellers : float
        Share of each side on platform A at the start (rounded to whole agents).
    periods : int
        Periods to run.
    revise : float
        Chance that an agent reconsiders in a period.
    quality_gap : float
        A's stand-alone advantage in the utility (0: identical platforms).
    seed : int
        Seed of numpy's default generator; the same seed gives the same path.

    Returns
    -------
    DataFrame
        ``period``, ``buyers_share_a``, ``sellers_share_a``.
    """
    _check(start_buyers, revise, periods)
    _check(start_sellers, revise, periods)
    if n_agents < 1:
        raise ValueError("n_agents must be at least 1")
    rng = np.random.default_rng(seed)
    buyers = np.zeros(n_agents, dtype=bool)
    sellers = np.zeros(n_agents, dtype=bool)
    buyers[: round(start_buyers * n_agents)] = True
    sellers[: round(start_sellers * n_agents)] = True
    b, s = [buyers.mean()], [sellers.mean()]
    for _ in range(periods):
        share_b, share_s = buyers.mean(), sellers.mean()
        p_buyer = logit(quality_gap + cross * (2 * share_s - 1))
        p_seller = logit(quality_gap + cross * (2 * share_b - 1))
        rb, rs = rng.random(n_agents) < revise, rng.random(n_agents) < revise
        buyers = np.where(rb, rng.random(n_agents) < p_buyer, buyers)
        sellers = np.where(rs, rng.random(n_agents) < p_seller, sellers)
        b.append(buyers.mean())
        s.append(sellers.mean())
    return pd.DataFrame(
        {
            "period": np.arange(periods + 1),
            "buyers_share_a": np.array(b, dtype=float),
            "sellers_share_a": np.array(s, dtype=float),
        }
    )


def grid(cross_values, starts=(0.45, 0.5, 0.55), seed: int = 0, **kwargs) -> pd.DataFrame:
    """:func:`simulate` for every cross-side effect and starting share, in long form.

    Each (cross, start) pair uses its own seed derived from ``seed``, so the
    whole grid is reproducible and adding a value does not change the others'
    paths. Both sides start at the same share.

    Returns
    -------
    DataFrame
        ``cross``, ``start_share_a`` and the columns of :func:`simulate`, plus
        ``leader_share`` (the larger platform's share of buyers).
    """
    frames = []
    for i, cross in enumerate(cross_values):
        for j, start in enumerate(starts):
            path = simulate(float(cross), start_buyers=start, start_sellers=start, seed=seed + 1000 * i + j, **kwargs)
            frames.append(path.assign(cross=round(float(cross), 6), start_share_a=float(start)))
    out = pd.concat(frames, ignore_index=True)
    out["leader_share"] = np.maximum(out["buyers_share_a"], 1 - out["buyers_share_a"])
    return out[["cross", "start_share_a", "period", "buyers_share_a", "sellers_share_a", "leader_share"]]


def final_shares(paths: pd.DataFrame) -> pd.DataFrame:
    """Last period of each path in a :func:`grid`: where the market ended, per cross-side effect and start."""
    last = paths[paths["period"] == paths["period"].max()]
    return last.reset_index(drop=True)


def growth_and_profit(annual: pd.DataFrame, source_titles: dict[str, str] | None = None) -> pd.DataFrame:
    """Amazon's operating income and free cash flow by year, in long form for a chart.

    Free cash flow is operating cash flow minus purchases of property and
    equipment net of proceeds and incentives (Amazon's own definition); it is
    computed only for years with both figures.

    Parameters
    ----------
    annual : DataFrame
        ``amazon_annual_results`` (long: ``year``, ``metric``, ``value`` in USD
        million, ``source_ref``).

    Returns
    -------
    DataFrame
        ``year``, ``measure`` ("Operating income" or "Free cash flow"),
        ``value_usd_bn`` and ``source``.
    """
    for column in ("year", "metric", "value", "source_ref"):
        if column not in annual.columns:
            raise KeyError(f"growth_and_profit needs the column {column!r}")
    titles = source_titles or {}
    wide = annual.pivot(index="year", columns="metric", values="value")
    refs = annual.pivot(index="year", columns="metric", values="source_ref")
    needed = ["operating_income", "operating_cash_flow", "capex_purchases_ppe_net"]
    missing = [m for m in needed if m not in wide.columns]
    if missing:
        raise KeyError(f"annual results lack the metrics {missing}")
    oi = wide["operating_income"].dropna()
    fcf = (wide["operating_cash_flow"] - wide["capex_purchases_ppe_net"]).dropna()
    name = lambda ref: titles.get(ref, ref)  # noqa: E731
    rows = [
        pd.DataFrame(
            {
                "year": oi.index.astype(int),
                "measure": "Operating income",
                "value_usd_bn": oi.to_numpy() / 1000,
                "source": [name(r) for r in refs.loc[oi.index, "operating_income"]],
            }
        ),
        pd.DataFrame(
            {
                "year": fcf.index.astype(int),
                "measure": "Free cash flow",
                "value_usd_bn": fcf.to_numpy() / 1000,
                "source": [
                    f"{name(a)}; {name(b)}" if a != b else name(a)
                    for a, b in zip(
                        refs.loc[fcf.index, "operating_cash_flow"],
                        refs.loc[fcf.index, "capex_purchases_ppe_net"],
                        strict=False,
                    )
                ],
            }
        ),
    ]
    return pd.concat(rows, ignore_index=True)


def line_share_pct(lines: pd.DataFrame, line: str) -> pd.Series:
    """One sales line's share of Amazon's net sales per year, in percent (``amazon_net_sales_by_line_annual``)."""
    if line not in set(lines["line"]):
        raise KeyError(f"no sales line {line!r}")
    total = lines.groupby("year")["net_sales_usd_mn"].sum()
    part = lines[lines["line"] == line].set_index("year")["net_sales_usd_mn"]
    return (100.0 * part / total.loc[part.index]).rename(f"{line} share (%)")
