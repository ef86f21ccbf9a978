"""Analysis package for the book 'Amazon, AI and the Future of Work'.

Notebooks narrate; this package

* loads and validates data (:mod:`ailayoffs.data`, a subpackage: catalogue of the
  descriptors beside each CSV, rules, loader, versioning and CLI),
* shapes series and states change in one way (:mod:`ailayoffs.series`: growth,
  shares, compound growth) with shared inference helpers
  (:mod:`ailayoffs.inference`),
* models one topic per module (:mod:`ailayoffs.workforce`, :mod:`ailayoffs.results`,
  :mod:`ailayoffs.margins`, :mod:`ailayoffs.aws`, :mod:`ailayoffs.segments`,
  :mod:`ailayoffs.survey`, :mod:`ailayoffs.productivity`, :mod:`ailayoffs.claims`),
* draws each topic's charts in :mod:`ailayoffs.figures` (one module per topic,
  on the theme and source line of :mod:`ailayoffs.charts`); a chart takes the
  frames it draws, computed by the topic module, and the keyword ``datasets``
  (the DatasetInfo it cites), and never reads ``attrs`` or calls a model, and
* glues figures into prose (:mod:`ailayoffs.book`).
"""

from .data import DataValidationError, info, load

__all__ = ["DataValidationError", "info", "load"]
__version__ = "0.1.0"
