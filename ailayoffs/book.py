"""Glue computed figures into the book's prose.

myst-nb's ``glue`` stores the ``repr`` of what it is given; a numpy scalar then
reaches the page as ``np.float64(...)`` and format specs such as ``:.1f`` fail.
:func:`publish` converts to plain Python first.
"""

from __future__ import annotations

import numbers

import altair as alt
import numpy as np
import pandas as pd

__all__ = ["join_words", "plain", "publish"]


def plain(value):
    """Return ``value`` as a plain Python scalar (int, float, str or bool)."""
    if isinstance(value, (np.generic,)):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.strftime("%-d %B %Y")
    if isinstance(value, pd.Period):
        return str(value)
    if value is pd.NA or value is None:
        raise ValueError("cannot glue a missing value; the sentence would print 'nan'")
    if isinstance(value, float) and np.isnan(value):
        raise ValueError("cannot glue NaN; the sentence would print 'nan'")
    if isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"cannot glue {type(value).__name__}; glue numbers, strings or charts")


def publish(**values) -> None:
    """Glue each keyword as a named value for ``{glue:text}`` roles.

    Charts (Altair objects) are glued as displays for ``{glue:figure}``.
    """
    from myst_nb import glue

    for name, value in values.items():
        glue(name, value if isinstance(value, alt.TopLevelMixin) else plain(value), display=False)


def join_words(items) -> str:
    """Items as words for a sentence: ``[2014, 2017, 2022]`` -> ``"2014, 2017 and 2022"``.

    Raises
    ------
    ValueError
        If there are no items (the sentence would be empty).
    """
    words = [str(item) for item in items]
    if not words:
        raise ValueError("nothing to join")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
