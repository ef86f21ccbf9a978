"""Glued values reach the page as plain Python scalars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ailayoffs.book import plain


@pytest.mark.parametrize(
    "value, expected, kind",
    [
        (np.float64(4.25), 4.25, float),
        (np.int64(14000), 14000, int),
        (pd.Timestamp("2025-10-28"), "28 October 2025", str),
        ("2025Q3", "2025Q3", str),
        (7, 7, int),
    ],
)
def test_plain(value, expected, kind):
    result = plain(value)
    assert result == expected and type(result) is kind


@pytest.mark.parametrize("missing", [float("nan"), np.float64("nan"), pd.NA, None])
def test_missing_values_cannot_be_glued(missing):
    with pytest.raises(ValueError):
        plain(missing)
