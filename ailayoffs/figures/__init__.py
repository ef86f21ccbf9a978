"""Charts, one module per topic; the shared theme, renderer and source line are in :mod:`ailayoffs.charts`."""
