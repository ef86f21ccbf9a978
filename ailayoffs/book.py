"""Glue computed figures into the book's prose.

myst-nb's ``glue`` stores the ``repr`` of what it is given; a numpy scalar then
reaches the page as ``np.float64(...)`` and format specs such as ``:.1f`` fail.
:func:`publish` converts to plain Python first.

:func:`publish` also records each plain value in a registry of the process (one
kernel runs one chapter), so that package functions can read what the chapter
published by name: :func:`ailayoffs.claims.check_claims` reads the figure that
answers each claim (the claim's ``answered_by`` key) from :func:`published`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import MappingProxyType

import altair as alt
import numpy as np
import pandas as pd

__all__ = ["forget_published", "join_words", "plain", "publish", "published"]

# What this process (one chapter's kernel) has published: plain values by name, charts left out.
_PUBLISHED: dict[str, object] = {}


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
        if isinstance(value, alt.TopLevelMixin):
            glue(name, value, display=False)
        else:
            _PUBLISHED[name] = plain(value)
            glue(name, _PUBLISHED[name], display=False)


def published() -> Mapping[str, object]:
    """What :func:`publish` has glued in this process so far, by name (a read-only view; charts left out)."""
    return MappingProxyType(_PUBLISHED)


def forget_published() -> None:
    """Empty the registry of published values (for tests that publish in one process)."""
    _PUBLISHED.clear()


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
