"""Tables for the page: escaped cell text, stable ids, plain labels, fitted to the column.

Text in a table can come from a CSV, and a data file is untrusted input: every
table the book shows escapes its cells, index and column labels as HTML.
pandas' ``Styler`` neither escapes by default nor keeps its ids from one run to
the next; :func:`table` does both, and :func:`enable` (called by
``charts.enable()``) makes every Styler, DataFrame and Series a chapter
displays go through the same rules, wrapped in a box that scrolls sideways
inside the column instead of widening the page.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re

import pandas as pd
from markupsafe import escape as _escape_html
from pandas.io.formats.style import Styler

__all__ = ["TERM_LABELS", "enable", "model_term_label", "secure", "styler_html", "table", "term_label"]

# Plain words for the terms of the book's regressions.
TERM_LABELS = {
    "const": "Constant",
    "Intercept": "Constant",
    "trend_years": "Trend (per year)",
    "growth_pct": "Revenue growth (% y/y)",
    "capex_intensity_pct": "Capital spending (% of revenue)",
    "shift_level": "Shift after the break (level)",
    "shift_trend": "Shift after the break (trend)",
    "q1": "Quarter 1",
    "q2": "Quarter 2",
    "q3": "Quarter 3",
    "q4": "Quarter 4",
    "coef": "Coefficient",
    "se_hac": "Std. error (HAC)",
    "se_ols": "Std. error (OLS)",
    "p_hac": "p-value (HAC)",
    "p_ols": "p-value (OLS)",
    "ci_low": "95 % CI, low",
    "ci_high": "95 % CI, high",
}
_SERVER_STEP = re.compile(r"^servers_(\d+)y_(\d{4})$")
_WRAP = '<div class="ailayoffs-table">{}</div>'
_ESCAPED = "_ailayoffs_escaped"


def term_label(name) -> str:
    """A model term in plain words: known terms from :data:`TERM_LABELS`, others humanised."""
    if not isinstance(name, str):
        return name
    if name in TERM_LABELS:
        return TERM_LABELS[name]
    step = _SERVER_STEP.match(name)
    if step:
        return f"Server life {step.group(1)} years (step from {step.group(2)})"
    if name.startswith("C(") or " " in name or "_" not in name:
        return name
    words = name.replace("_pct", " (%)").replace("_usd_bn", " (USD bn)").replace("_", " ")
    return words[:1].upper() + words[1:]


def _escape(value):
    return str(_escape_html(value)) if isinstance(value, str) else value


def model_term_label(value):
    """The plain label of a regression term or statistic, or ``value`` if it is none."""
    if isinstance(value, str) and (value in TERM_LABELS or _SERVER_STEP.match(value)):
        return term_label(value)
    return value


def _escaping(func, relabel: bool = False):
    def wrapped(value):
        return func(_escape(model_term_label(value) if relabel else value))

    wrapped._ailayoffs_escaping = True
    return wrapped


def _stable_uuid(styler: Styler) -> str:
    data = styler.data
    key = "\x1f".join([repr(list(data.columns)), repr(list(data.index)), data.to_csv()])
    return "t" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def secure(styler: Styler) -> Styler:
    """Make ``styler`` escape every cell and label as HTML and give it an id derived from its data.

    Index and column labels that are regression terms (``trend_years``,
    ``servers_5y_2022``, ``coef`` ...) print in plain words (:func:`term_label`).

    Formatters already set (``precision``, format strings) are kept: each is
    wrapped so that it receives escaped text. Idempotent.
    """
    for funcs_name in (
        "_display_funcs",
        "_display_funcs_index",
        "_display_funcs_columns",
        "_display_funcs_index_names",
        "_display_funcs_column_names",
    ):
        funcs = getattr(styler, funcs_name, None)
        if funcs is None:
            continue
        relabel = funcs_name in ("_display_funcs_index", "_display_funcs_columns")
        for key, func in list(funcs.items()):
            if not getattr(func, "_ailayoffs_escaping", False):
                funcs[key] = _escaping(func, relabel)
        factory = funcs.default_factory
        if factory is not None and not getattr(factory, "_ailayoffs_escaping", False):

            def escaped_factory(factory=factory, relabel=relabel):
                return _escaping(factory(), relabel)

            escaped_factory._ailayoffs_escaping = True
            funcs.default_factory = escaped_factory
    if not getattr(styler, "_ailayoffs_uuid", False):
        styler.set_uuid(_stable_uuid(styler))
        styler._ailayoffs_uuid = True
    setattr(styler, _ESCAPED, True)
    return styler


def table(
    frame: pd.DataFrame,
    *,
    labels: dict | None = None,
    precision: int | None = None,
    na_rep: str = "–",
    hide_index: bool = False,
    model_terms: bool = False,
) -> Styler:
    """A DataFrame as an escaped Styler with a stable id and plain labels.

    Parameters
    ----------
    frame : DataFrame
        What to show.
    labels : dict, optional
        Column and index labels to rename (applied before display).
    precision : int, optional
        Decimals for float cells; None keeps pandas' default.
    na_rep : str
        What a missing value reads as.
    hide_index : bool
        Leave the index out.
    model_terms : bool
        Rename regression terms and statistics with :func:`term_label`.
    """
    frame = frame.copy()
    if model_terms:
        frame = frame.rename(index=term_label, columns=term_label)
    if labels:
        frame = frame.rename(index=labels, columns=labels)
    styler = frame.style.format(precision=precision, na_rep=na_rep, thousands=",")
    if hide_index:
        styler = styler.hide(axis="index")
    return secure(styler)


def styler_html(styler: Styler) -> str:
    """HTML of a Styler made safe by :func:`secure`, in a box that scrolls inside the column."""
    return _WRAP.format(secure(styler).to_html())


def _plain_number(value) -> str:
    """A raw float for reading: thousands separators, at most three significant decimals."""
    value = float(value)
    if not math.isfinite(value):
        return "–"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    magnitude = abs(value)
    decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 0.1 else 3
    return f"{value:,.{decimals}f}"


def _plain_value(value):
    """A cell for reading: floats through :func:`_plain_number`, missing values as a dash."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, float) or (isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)):
        return _plain_number(value)
    return value


def _frame_html(frame: pd.DataFrame) -> str:
    styler = frame.style.format(_plain_value, na_rep="–")
    return styler_html(styler)


def _series_html(series: pd.Series) -> str:
    frame = series.to_frame(name=series.name if series.name is not None else "value")
    return _frame_html(frame)


def plain_repr(value) -> str:
    """A solution's bare result for reading: floats rounded, containers as plain lists."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return _plain_number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(plain_repr(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain_repr(v)}" for k, v in value.items())
    return str(value)


def _value_html(value) -> str:
    if isinstance(value, dict) and all(isinstance(v, (numbers.Number, str)) for v in value.values()):
        frame = pd.DataFrame(
            {"value": [plain_repr(v) for v in value.values()]}, index=pd.Index([str(k) for k in value], name="")
        )
        return styler_html(frame.style)
    return f'<p class="ailayoffs-value">{_escape_html(plain_repr(value))}</p>'


def enable() -> None:
    """Show every Styler, DataFrame and Series through :func:`secure` and the scrolling box.

    Floats, tuples, lists and dicts get an HTML display with rounded figures;
    their ``text/plain`` repr stays as it is, because myst-nb's glue stores
    values through it and a formatted repr would break ``{glue:text}`` specs.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - plain Python
        return
    shell = get_ipython()
    if shell is None:
        return
    html = shell.display_formatter.formatters["text/html"]
    html.for_type(Styler, styler_html)
    html.for_type(pd.DataFrame, _frame_html)
    html.for_type(pd.Series, _series_html)
    # Bare results of solutions (a float, a tuple, a dict of test statistics) read as rounded
    # figures, not reprs. text/plain, which glue reads, is left alone.
    import numpy as np

    for kind in (float, np.floating, tuple, list, dict):
        html.for_type(kind, _value_html)
