"""``AuthTokenSerializer``: checks a username and password with Django's authentication."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from restframe import serializers

__all__ = ["INVALID_CREDENTIALS_MESSAGE", "MISSING_CREDENTIALS_MESSAGE", "AuthTokenSerializer"]

# Both raised as non-field errors with the code ``authorization`` (the error catalog lists them).
MISSING_CREDENTIALS_MESSAGE = _('Must include "username" and "password".')
INVALID_CREDENTIALS_MESSAGE = _("Unable to log in with provided credentials.")


class AuthTokenSerializer(serializers.Serializer):
    """Valid when the credentials authenticate an active user (``validated_data["user"]``).

    Both failures are non-field errors with the code ``authorization``, as in DRF: the response
    says nothing about which part was wrong.
    """

    username = serializers.CharField(label=_("Username"), write_only=True)
    password = serializers.CharField(
        label=_("Password"),
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
    )
    token = serializers.CharField(label=_("Token"), read_only=True)

    def validate(self, attrs: Any) -> Any:
        username = attrs.get("username")
        password = attrs.get("password")
        if not (username and password):
            raise serializers.ValidationError(MISSING_CREDENTIALS_MESSAGE, code="authorization")
        # The fields' validators already refused NUL characters, which some databases reject.
        user = authenticate(
            request=self.context.get("request"), username=username, password=password
        )
        if not user:
            raise serializers.ValidationError(INVALID_CREDENTIALS_MESSAGE, code="authorization")
        attrs["user"] = user
        return attrs
