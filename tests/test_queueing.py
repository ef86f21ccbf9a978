"""Erlang C against a textbook example and against the queue's own stationary distribution."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ailayoffs import queueing


def _stationary_wait_probability(agents: int, load: float, states: int = 2000) -> float:
    """P(all agents busy) from the birth-death chain of the M/M/N queue, truncated far out."""
    weights = np.empty(states)
    weights[0] = 1.0
    for n in range(1, states):
        weights[n] = weights[n - 1] * load / min(n, agents)
    weights /= weights.sum()
    return float(weights[agents:].sum())


def test_county_hospital_example_of_hillier_and_lieberman():
    # An emergency room as in the County Hospital example of Hillier & Lieberman's queueing chapter
    # (the parameters are as we recall them; the expected values below are worked out by hand from
    # the M/M/s formulas, so the test does not depend on the recollection): arrivals 2 per hour, a
    # doctor treats 3 per hour (A = 2/3 erlang). One doctor: Wq = 2/3 hour; two doctors: P0 = 1/2,
    # Lq = 1/12, Wq = 1/24 hour.
    load = 2 / 3
    assert queueing.mean_wait(1, load, handle_time=1 / 3) == pytest.approx(2 / 3)
    assert queueing.mean_wait(2, load, handle_time=1 / 3) == pytest.approx(1 / 24)
    assert 2 * queueing.mean_wait(2, load, handle_time=1 / 3) == pytest.approx(1 / 12)  # Lq = lambda Wq
    assert queueing.erlang_c(2, load) == pytest.approx(1 / 6)  # P0 * A^2/2! / (1 - rho) with P0 = 1/2


@pytest.mark.parametrize("agents,load", [(1, 0.5), (2, 1.5), (11, 10.0), (30, 27.3), (60, 45.0)])
def test_erlang_c_equals_the_stationary_probability_of_waiting(agents, load):
    assert queueing.erlang_c(agents, load) == pytest.approx(_stationary_wait_probability(agents, load), rel=1e-9)


def test_single_server_reduces_to_mm1():
    # M/M/1: P(wait) = rho, E[W] = rho h / (1 - rho)
    assert queueing.erlang_c(1, 0.8) == pytest.approx(0.8)
    assert queueing.mean_wait(1, 0.8) == pytest.approx(0.8 / 0.2)


def test_service_level_falls_with_load_and_rises_with_staff():
    assert queueing.service_level(12, 10, 0.2) > queueing.service_level(12, 11, 0.2)
    assert queueing.service_level(13, 11, 0.2) > queueing.service_level(12, 11, 0.2)
    assert queueing.service_level(12, 10, 0.0) == pytest.approx(1 - queueing.erlang_c(12, 10))


def test_overloaded_desk_every_call_waits_forever():
    assert queueing.erlang_c(10, 10) == 1.0
    assert math.isinf(queueing.mean_wait(10, 12))
    assert queueing.service_level(10, 12, 1.0) == 0.0


def test_min_agents_is_the_smallest_staffing_meeting_the_target():
    n = queueing.min_agents(10, 0.8, 0.2)
    assert queueing.service_level(n, 10, 0.2) >= 0.8 > queueing.service_level(n - 1, 10, 0.2)


def test_grid_and_shock_tables():
    grid = queueing.staffing_grid([5, 10], range(1, 16), 0.2)
    assert len(grid) == 30
    assert grid.loc[(grid.load_erlangs == 10) & (grid.agents == 11), "p_wait_pct"].item() == pytest.approx(
        100 * queueing.erlang_c(11, 10)
    )
    assert grid.loc[~grid.stable, "mean_wait_handle_times"].isna().all()
    shock = queueing.demand_shock(12, 10, [0, 10, 20], 0.2)
    assert list(shock["service_level_pct"]) == sorted(shock["service_level_pct"], reverse=True)
    assert math.isinf(shock["mean_wait_handle_times"].iloc[-1])


@pytest.mark.parametrize("agents,load", [(0, 1), (2.5, 1), (True, 1), (3, -1), (3, float("nan"))])
def test_bad_input_is_refused(agents, load):
    with pytest.raises(ValueError):
        queueing.erlang_c(agents, load)


def test_bad_targets_are_refused():
    with pytest.raises(ValueError):
        queueing.min_agents(10, 1.2, 0.2)
    with pytest.raises(ValueError):
        queueing.service_level(12, 10, -1)
