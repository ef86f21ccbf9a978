"""Statistical inference helpers shared by the regression models.

One copy each of

* the Newey–West rule of thumb for the number of HAC lags
  (:func:`newey_west_lags`, used with statsmodels' ``HAC`` covariance),
* the moving-block residual bootstrap (:func:`block_length`,
  :func:`block_resample`), and
* Andrews' sup-F test for a break at an unknown date with a block-bootstrap
  p-value (:func:`sup_f_bootstrap`).

The bootstrap is written out rather than taken from ``arch`` (whose
``MovingBlockBootstrap`` draws the same kind of blocks) because the book's
published p-values are reproducible from a numpy ``Generator`` seed and
``arch`` is not a dependency.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["block_length", "block_resample", "newey_west_lags", "sup_f_bootstrap"]


def newey_west_lags(nobs: int) -> int:
    """Newey–West rule of thumb for HAC lags: ``floor(4 (n / 100) ** (2 / 9))``."""
    return int(np.floor(4 * (nobs / 100.0) ** (2.0 / 9.0)))


def block_length(nobs: int) -> int:
    """Block length of the moving-block bootstrap: ``n ** (1/3)`` rounded, at least 2."""
    return max(2, int(round(nobs ** (1 / 3))))


def block_resample(resid: np.ndarray, block: int, rng: np.random.Generator) -> np.ndarray:
    """Residuals redrawn in blocks of ``block`` consecutive values, centred to mean zero."""
    n = len(resid)
    starts = rng.integers(0, n - block + 1, size=int(np.ceil(n / block)))
    draw = np.concatenate([resid[s : s + block] for s in starts])[:n]
    return draw - draw.mean()


def sup_f_bootstrap(
    statistic: Callable[[np.ndarray], tuple[float, object]],
    y: np.ndarray,
    fitted: np.ndarray,
    resid: np.ndarray,
    n_boot: int,
    seed: int,
) -> tuple[float, object, float]:
    """A sup-F statistic and its moving-block bootstrap p-value.

    Parameters
    ----------
    statistic : callable
        ``statistic(y) -> (largest F over the candidate break dates, the date at which it is largest)``.
    y : ndarray
        The observed series.
    fitted, resid : ndarray
        Fitted values and residuals of the model without a break (the null).
    n_boot : int
        Bootstrap replications; each adds block-resampled residuals to ``fitted``.
    seed : int
        Seed of the numpy random generator.

    Returns
    -------
    (float, object, float)
        The observed sup-F, the date at which it is reached, and the p-value
        ``(1 + #{simulated >= observed}) / (n_boot + 1)``.
    """
    observed, at = statistic(y)
    rng = np.random.default_rng(seed)
    block = block_length(len(resid))
    exceed = sum(statistic(fitted + block_resample(resid, block, rng))[0] >= observed for _ in range(n_boot))
    return float(observed), at, float((1 + exceed) / (n_boot + 1))
