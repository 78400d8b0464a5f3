"""``{% load rest_framework %}``: the same library as ``{% load restframe %}``, under DRF's
name, so templates and Python code written for DRF work unchanged.

It is the very same module object (not a copy of its names), so replacing a helper on either
name — ``mock.patch("rest_framework.templatetags.rest_framework.smart_urlquote")`` — reaches the
filters that call it.
"""

from __future__ import annotations

import sys

from restframe.templatetags import restframe as _library

sys.modules[__name__] = _library
