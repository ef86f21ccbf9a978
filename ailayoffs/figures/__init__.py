"""Charts, one module per topic; the shared theme, renderer and source line are in :mod:`ailayoffs.charts`.

Every public ``*_chart`` function takes the frame(s) it draws first, computed by the
topic module, and the datasets it cites as the keyword ``datasets`` (a sequence of
:class:`ailayoffs.data.DatasetInfo`); other options are keywords. It reads no frame's
``attrs`` and calls no model function; tooltips and source lines come from the
datasets' metadata (:mod:`ailayoffs.figures._meta`, :func:`ailayoffs.charts.source_text`).
"""
