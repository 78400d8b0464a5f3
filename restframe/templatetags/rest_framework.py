"""``{% load rest_framework %}``: the same library as ``{% load restframe %}``, under DRF's
name, so templates written for DRF load it unchanged."""

from __future__ import annotations

from restframe.templatetags.restframe import register

__all__ = ["register"]
