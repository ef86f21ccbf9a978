"""Small-sample inference for regressions with HAC (Newey–West) standard errors.

With a few dozen observations Newey–West standard errors are biased
downwards: the estimated autocovariances of the residuals shrink towards zero
(residuals sum to zero by construction) and the kernel weights shrink them
further. A HAC standard error can then come out *smaller* than the classical
OLS one, and a t statistic read against the normal 1.96 over-rejects.

Two remedies are computed here:

* the degrees-of-freedom correction ``sqrt(n / (n - k))`` applied to the HAC
  standard error (the analogue of HC1), and
* fixed-b critical values (Kiefer and Vogelsang, 2005): the distribution of
  the HAC t statistic when the bandwidth is a fixed fraction ``b = M / n`` of
  the sample, which is far from normal for the large ``b`` of a short sample.
  The critical values are simulated from the location model, whose fixed-b
  limit the regression t statistic shares under the Bartlett kernel.

statsmodels' Newey–West covariance with ``maxlags = L`` uses Bartlett weights
``1 - j / (L + 1)``, i.e. bandwidth ``M = L + 1``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "bartlett_bandwidth_fraction",
    "fixed_b_critical_value",
    "fixed_b_pvalue",
    "hac_comparison",
    "simulate_fixed_b_t",
]


def bartlett_bandwidth_fraction(maxlags: int, nobs: int) -> float:
    """The fixed-b bandwidth fraction ``b = (maxlags + 1) / nobs`` of statsmodels' Newey–West."""
    if nobs < 2:
        raise ValueError(f"need at least two observations, got {nobs}")
    if maxlags < 0 or maxlags >= nobs:
        raise ValueError(f"maxlags must lie in [0, nobs), got {maxlags} with nobs = {nobs}")
    return (maxlags + 1) / nobs


def _bartlett_t(errors: np.ndarray, bandwidth: int) -> np.ndarray:
    """HAC t statistics of the mean, one per row of ``errors`` (true mean zero)."""
    n = errors.shape[1]
    mean = errors.mean(axis=1)
    u = errors - mean[:, None]
    variance = np.mean(u * u, axis=1)
    for lag in range(1, bandwidth):
        weight = 1.0 - lag / bandwidth
        variance = variance + 2.0 * weight * np.sum(u[:, lag:] * u[:, :-lag], axis=1) / n
    return np.sqrt(n) * mean / np.sqrt(np.maximum(variance, 1e-300))


def simulate_fixed_b_t(b: float, n_sim: int = 4000, n_steps: int = 400, seed: int = 0) -> np.ndarray:
    """Draws from the fixed-b null distribution of a Bartlett-kernel HAC t statistic.

    Parameters
    ----------
    b : float
        Bandwidth as a fraction of the sample, ``0 < b <= 1``.
    n_sim : int
        Number of simulated samples.
    n_steps : int
        Length of each simulated sample (approximates the Brownian-motion limit).
    seed : int
        Random seed, so that the book's figures are reproducible.
    """
    if not 0.0 < b <= 1.0:
        raise ValueError(f"b must lie in (0, 1], got {b}")
    if n_sim < 100 or n_steps < 50:
        raise ValueError("use at least 100 simulations of at least 50 steps")
    rng = np.random.default_rng(seed)
    bandwidth = max(1, int(round(b * n_steps)))
    draws = []
    for chunk in np.array_split(np.arange(n_sim), max(1, n_sim // 1000)):
        draws.append(_bartlett_t(rng.standard_normal((len(chunk), n_steps)), bandwidth))
    return np.concatenate(draws)


def fixed_b_critical_value(
    b: float, level: float = 0.95, n_sim: int = 4000, n_steps: int = 400, seed: int = 0
) -> float:
    """Two-sided fixed-b critical value for a HAC t test at confidence ``level``.

    As ``b`` goes to zero it approaches the normal value (1.96 at 95 %); it grows with ``b``.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level is a fraction between 0 and 1, got {level}")
    draws = simulate_fixed_b_t(b, n_sim=n_sim, n_steps=n_steps, seed=seed)
    return float(np.quantile(np.abs(draws), level))


def fixed_b_pvalue(t_stat: float, b: float, n_sim: int = 4000, n_steps: int = 400, seed: int = 0) -> float:
    """Two-sided fixed-b p-value ``(1 + #{|T*| >= |t|}) / (n_sim + 1)`` of a HAC t statistic."""
    draws = simulate_fixed_b_t(b, n_sim=n_sim, n_steps=n_steps, seed=seed)
    return float((1 + np.sum(np.abs(draws) >= abs(float(t_stat)))) / (n_sim + 1))


def hac_comparison(fit, level: float = 0.95, n_sim: int = 4000, seed: int = 0) -> pd.DataFrame:
    """OLS, HAC, corrected HAC and fixed-b inference side by side for each coefficient.

    Parameters
    ----------
    fit : ailayoffs.margins.MarginRegression
        Any object with ``ols`` and ``hac`` statsmodels results on the same data and
        ``maxlags``.

    Returns
    -------
    DataFrame
        One row per coefficient: ``coef``; ``se_ols``, ``se_hac``, ``se_hac_df``
        (HAC times ``sqrt(n/(n-k))``); ``hac_to_ols`` (ratio of the HAC to the OLS
        standard error); ``t_hac``; p-values ``p_ols`` (t with n-k df), ``p_hac``
        (normal), ``p_hac_df`` (corrected s.e., t with n-k df) and ``p_fixed_b``
        (HAC t against the fixed-b distribution). ``attrs`` hold ``b`` and the
        fixed-b critical value ``cv_fixed_b``.
    """
    n, k = int(fit.ols.nobs), int(fit.ols.df_model + 1)
    if n - k < 1:
        raise ValueError("no residual degrees of freedom")
    b = bartlett_bandwidth_fraction(int(fit.maxlags), n)
    draws = np.abs(simulate_fixed_b_t(b, n_sim=n_sim, seed=seed))
    params = fit.ols.params
    se_ols, se_hac = fit.ols.bse, fit.hac.bse
    se_hac_df = se_hac * np.sqrt(n / (n - k))
    t_hac = params / se_hac
    table = pd.DataFrame(
        {
            "coef": params,
            "se_ols": se_ols,
            "se_hac": se_hac,
            "se_hac_df": se_hac_df,
            "hac_to_ols": se_hac / se_ols,
            "t_hac": t_hac,
            "p_ols": 2 * stats.t.sf(np.abs(params / se_ols), n - k),
            "p_hac": 2 * stats.norm.sf(np.abs(t_hac)),
            "p_hac_df": 2 * stats.t.sf(np.abs(params / se_hac_df), n - k),
            "p_fixed_b": [(1 + np.sum(draws >= abs(t))) / (n_sim + 1) for t in t_hac],
        }
    )
    table.attrs.update(b=b, cv_fixed_b=float(np.quantile(draws, level)), nobs=n, n_params=k, level=level, n_sim=n_sim)
    return table
