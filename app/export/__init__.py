"""Static export: the whole book as files any static server can serve (``nnbook build OUT``).

``build(source, out, base_url)`` is the one entry point; see build.py for the pipeline and
paths.py for the one list of what is exported.
"""

from .build import ExportError, ExportReport, build

__all__ = ["ExportError", "ExportReport", "build"]
