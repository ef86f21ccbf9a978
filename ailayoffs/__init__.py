"""Analysis package for the book 'Amazon, AI and the Future of Work'.

Notebooks narrate; this package loads and validates data (:mod:`ailayoffs.data`, a
subpackage: catalogue of descriptors beside each CSV, rules, loader, versioning and CLI),
computes (:mod:`ailayoffs.workforce`, :mod:`ailayoffs.claims`), draws
(:mod:`ailayoffs.charts`) and glues figures into prose (:mod:`ailayoffs.book`).
"""

from .data import DataValidationError, info, load

__all__ = ["DataValidationError", "info", "load"]
__version__ = "0.1.0"
