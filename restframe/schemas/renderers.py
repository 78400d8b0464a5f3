"""The renderers of schema documents, kept here for imports of this module.

They live in ``restframe.renderers``, DRF's location (``rest_framework.renderers``).
"""

from __future__ import annotations

from restframe.renderers import JSONOpenAPIRenderer, OpenAPIRenderer

__all__ = ["JSONOpenAPIRenderer", "OpenAPIRenderer"]
