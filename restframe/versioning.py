"""Versioning: which version of the API a request asks for, decided once per request.

A scheme reads the version from one place (the ``Accept`` header's ``version`` parameter, a URL
keyword argument, the URL namespace, the host name or a query parameter), checks it against
``ALLOWED_VERSIONS`` and answers ``request.version``. A version the API does not serve is a
client error: 406 when it came in ``Accept`` (the representation cannot be served), 404 for the
others (the resource at that URL does not exist). Each scheme's ``reverse`` builds links that stay
on the request's version.

Unlike DRF, ``default_version``, ``allowed_versions`` and ``version_param`` read
``REST_FRAMEWORK`` when accessed rather than at import, so ``override_settings`` reaches them; a
subclass attribute still replaces them, as in DRF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from restframe import exceptions
from restframe.reverse import _reverse
from restframe.settings import FromSettings
from restframe.utils.mediatypes import _MediaType
from restframe.utils.urls import replace_query_param

__all__ = [
    "AcceptHeaderVersioning",
    "BaseVersioning",
    "HostNameVersioning",
    "NamespaceVersioning",
    "QueryParameterVersioning",
    "URLPathVersioning",
]


class BaseVersioning:
    """Base of the versioning schemes: subclasses implement ``determine_version``."""

    default_version: Any = FromSettings("DEFAULT_VERSION")
    allowed_versions: Any = FromSettings("ALLOWED_VERSIONS")
    version_param: Any = FromSettings("VERSION_PARAM")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """The version the request asks for; raise ``NotFound``/``NotAcceptable`` if not served."""
        raise NotImplementedError(f"{type(self).__name__}.determine_version() must be implemented.")

    def reverse(
        self,
        viewname: Any,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """The URL of ``viewname`` for this request's version (plain reversal by default)."""
        return _reverse(viewname, args, kwargs, request, format, **extra)

    def is_allowed_version(self, version: Any) -> bool:
        """Every version is allowed when ``ALLOWED_VERSIONS`` is empty; else the listed ones
        and a non-``None`` ``DEFAULT_VERSION``."""
        allowed = self.allowed_versions
        if not allowed:
            return True
        return (version is not None and version == self.default_version) or version in allowed


class AcceptHeaderVersioning(BaseVersioning):
    """The ``version`` parameter of the negotiated media type: ``Accept: application/json;
    version=1.0``. The URLs carry no version, so ``reverse`` is plain reversal."""

    invalid_version_message = _('Invalid version in "Accept" header.')

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        media_type = _MediaType(request.accepted_media_type)
        version = media_type.params.get(self.version_param, self.default_version)
        if isinstance(version, bytes):
            version = version.decode("iso-8859-1")
        if not self.is_allowed_version(version):
            raise exceptions.NotAcceptable(self.invalid_version_message)
        return version


class URLPathVersioning(BaseVersioning):
    """A keyword argument of the URL pattern: ``path("<str:version>/users/", ...)``.

    ``reverse`` fills the keyword with the request's version.
    """

    invalid_version_message = _("Invalid version in URL path.")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        version = kwargs.get(self.version_param)
        if version is None:
            version = self.default_version
        if not self.is_allowed_version(version):
            raise exceptions.NotFound(self.invalid_version_message)
        return version

    def reverse(
        self,
        viewname: Any,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        if request is not None and request.version is not None:
            kwargs = {**(kwargs or {}), self.version_param: request.version}
        return super().reverse(viewname, args, kwargs, request, format, **extra)


class NamespaceVersioning(BaseVersioning):
    """The URL namespace: ``path("v1/", include(urls, namespace="v1"))``.

    The first namespace of the resolved URL that is an allowed version wins; a URL outside any
    namespace gets ``DEFAULT_VERSION``. ``reverse`` prefixes the view name with the version.
    """

    invalid_version_message = _(
        "Invalid version in URL path. Does not match any version namespace."
    )

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        resolver_match = getattr(request, "resolver_match", None)
        if resolver_match is None or not resolver_match.namespace:
            return self.default_version
        for version in resolver_match.namespace.split(":"):
            if self.is_allowed_version(version):
                return version
        raise exceptions.NotFound(self.invalid_version_message)

    def reverse(
        self,
        viewname: Any,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        if request is not None and request.version is not None:
            viewname = self.get_versioned_viewname(viewname, request)
        return super().reverse(viewname, args, kwargs, request, format, **extra)

    def get_versioned_viewname(self, viewname: Any, request: Any) -> str:
        """``"<version>:<viewname>"``."""
        return f"{request.version}:{viewname}"


class HostNameVersioning(BaseVersioning):
    """The first label of a three-label host name: ``v1.example.com``.

    Other host names (``example.com``, an IP address) get ``DEFAULT_VERSION``. Links keep the
    request's host, so ``reverse`` is plain reversal.
    """

    hostname_regex = re.compile(r"^([a-zA-Z0-9]+)\.[a-zA-Z0-9]+\.[a-zA-Z0-9]+$")
    invalid_version_message = _("Invalid version in hostname.")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        hostname = request.get_host().partition(":")[0]
        match = self.hostname_regex.match(hostname)
        if not match:
            return self.default_version
        version = match.group(1)
        if not self.is_allowed_version(version):
            raise exceptions.NotFound(self.invalid_version_message)
        return version


class QueryParameterVersioning(BaseVersioning):
    """A query parameter: ``/users/?version=1.0``. ``reverse`` adds it to the link."""

    invalid_version_message = _("Invalid version in query parameter.")

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        version = request.query_params.get(self.version_param, self.default_version)
        if not self.is_allowed_version(version):
            raise exceptions.NotFound(self.invalid_version_message)
        return version

    def reverse(
        self,
        viewname: Any,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        request: Any = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        url = super().reverse(viewname, args, kwargs, request, format, **extra)
        if request is not None and request.version is not None:
            return replace_query_param(url, self.version_param, request.version)
        return url
