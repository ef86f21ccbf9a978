"""Erlang C: a service desk as an M/M/N queue.

Calls (chats, tickets) arrive at random (Poisson) at rate ``lambda``; each takes
an exponentially distributed time with mean ``h`` to handle; ``N`` agents serve
one queue first come, first served, and nobody hangs up. The offered load is
``A = lambda * h`` (in erlangs: the number of agents the work would keep busy
all the time). With ``rho = A / N < 1`` the queue is stable and

    B(N, A) = (A^N / N!) / sum_{k=0}^{N} A^k / k!         (Erlang B)
    C(N, A) = N B / (N - A (1 - B))                        (Erlang C: P(wait > 0))
    E[W]    = C h / (N - A)                                (mean wait)
    SL(t)   = 1 - C exp(-(N - A) t / h)                    (P(wait <= t))

B is computed with the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)).
Times are in multiples of the mean handle time unless a handle time is given.
References: Erlang (1917); Hillier and Lieberman, *Introduction to Operations
Research*, chapter on queueing theory (the M/M/s model).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = [
    "demand_shock",
    "erlang_b",
    "erlang_c",
    "mean_wait",
    "min_agents",
    "occupancy",
    "service_level",
    "staffing_grid",
]


def _check(agents, load_erlangs) -> tuple[int, float]:
    if isinstance(agents, bool) or not float(agents).is_integer() or agents < 1:
        raise ValueError(f"agents must be a whole number of at least 1, got {agents!r}")
    load = float(load_erlangs)
    if not math.isfinite(load) or load < 0:
        raise ValueError(f"load_erlangs must be a finite number >= 0, got {load_erlangs!r}")
    return int(agents), load


def erlang_b(agents: int, load_erlangs: float) -> float:
    """Erlang B: the share of calls that would find all ``agents`` busy with no queue.

    Parameters
    ----------
    agents : int
        Number of servers, at least 1.
    load_erlangs : float
        Offered load ``A = arrival rate x mean handle time``, >= 0.

    Returns
    -------
    float
        B(N, A) in [0, 1].
    """
    agents, load = _check(agents, load_erlangs)
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def erlang_c(agents: int, load_erlangs: float) -> float:
    """Erlang C: probability that an arriving call has to wait.

    Returns 1.0 when the desk is overloaded (``load_erlangs >= agents``): the
    queue then grows without bound and every call waits.
    """
    agents, load = _check(agents, load_erlangs)
    if load >= agents:
        return 1.0
    blocking = erlang_b(agents, load)
    return agents * blocking / (agents - load * (1 - blocking))


def occupancy(agents: int, load_erlangs: float) -> float:
    """Share of agents' time spent handling calls, ``A / N`` (capped at 1 when overloaded)."""
    agents, load = _check(agents, load_erlangs)
    return min(load / agents, 1.0)


def mean_wait(agents: int, load_erlangs: float, handle_time: float = 1.0) -> float:
    """Mean wait in the queue over all calls, ``C h / (N - A)``; ``inf`` when overloaded.

    ``handle_time`` is the mean handle time in the unit the answer should have
    (the default 1 gives the wait in multiples of the handle time).
    """
    agents, load = _check(agents, load_erlangs)
    if handle_time <= 0:
        raise ValueError("handle_time must be positive")
    if load >= agents:
        return math.inf
    return erlang_c(agents, load) * handle_time / (agents - load)


def service_level(agents: int, load_erlangs: float, target_wait: float, handle_time: float = 1.0) -> float:
    """Share of calls answered within ``target_wait``: ``1 - C exp(-(N - A) t / h)``; 0 when overloaded."""
    agents, load = _check(agents, load_erlangs)
    if target_wait < 0 or handle_time <= 0:
        raise ValueError("target_wait must be >= 0 and handle_time positive")
    if load >= agents:
        return 0.0
    return 1.0 - erlang_c(agents, load) * math.exp(-(agents - load) * target_wait / handle_time)


def min_agents(load_erlangs: float, target_level: float, target_wait: float, handle_time: float = 1.0) -> int:
    """Fewest agents that answer at least ``target_level`` of calls within ``target_wait``."""
    if not 0 < target_level < 1:
        raise ValueError("target_level must be a share strictly between 0 and 1")
    agents = max(1, math.floor(float(load_erlangs)) + 1)
    while service_level(agents, load_erlangs, target_wait, handle_time) < target_level:
        agents += 1
    return agents


def staffing_grid(loads_erlangs, agents_range, target_wait: float) -> pd.DataFrame:
    """Erlang C measures for every combination of load and staffing, for in-page controls.

    Parameters
    ----------
    loads_erlangs : iterable of float
        Offered loads to tabulate.
    agents_range : iterable of int
        Staffing levels to tabulate.
    target_wait : float
        Target answer time in multiples of the mean handle time, for the service level.

    Returns
    -------
    DataFrame
        One row per (load, agents): ``load_erlangs``, ``agents``, ``occupancy_pct``,
        ``p_wait_pct``, ``mean_wait_handle_times`` (NaN when overloaded),
        ``service_level_pct``, ``stable``.
    """
    rows = []
    for load in loads_erlangs:
        for agents in agents_range:
            stable = float(load) < agents
            wait = mean_wait(agents, load) if stable else np.nan
            rows.append(
                {
                    "load_erlangs": round(float(load), 6),
                    "agents": int(agents),
                    "occupancy_pct": 100 * occupancy(agents, load),
                    "p_wait_pct": 100 * erlang_c(agents, load),
                    "mean_wait_handle_times": wait,
                    "service_level_pct": 100 * service_level(agents, load, target_wait),
                    "stable": stable,
                }
            )
    return pd.DataFrame(rows)


def demand_shock(agents: int, base_load_erlangs: float, shocks_pct, target_wait: float) -> pd.DataFrame:
    """What a fixed team delivers when demand rises by each of ``shocks_pct`` percent.

    Returns
    -------
    DataFrame
        ``shock_pct``, ``load_erlangs``, ``occupancy_pct``, ``p_wait_pct``,
        ``mean_wait_handle_times`` (``inf`` when overloaded), ``service_level_pct``.
    """
    rows = []
    for shock in shocks_pct:
        load = base_load_erlangs * (1 + shock / 100)
        rows.append(
            {
                "shock_pct": float(shock),
                "load_erlangs": load,
                "occupancy_pct": 100 * occupancy(agents, load),
                "p_wait_pct": 100 * erlang_c(agents, load),
                "mean_wait_handle_times": mean_wait(agents, load),
                "service_level_pct": 100 * service_level(agents, load, target_wait),
            }
        )
    return pd.DataFrame(rows)
