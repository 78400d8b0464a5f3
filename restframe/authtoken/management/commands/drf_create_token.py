"""``manage.py drf_create_token <username> [-r]``: print a user's token, creating it if needed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from restframe.authtoken.models import Token

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Create DRF Token for a given user"

    def create_user_token(self, username: str, reset_token: bool) -> Token:
        """The user's token; with ``reset_token`` the old one is deleted and a new one made."""
        user = get_user_model()._default_manager.get_by_natural_key(username)
        if reset_token:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        return token

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", type=str)
        parser.add_argument(
            "-r",
            "--reset",
            action="store_true",
            dest="reset_token",
            default=False,
            help="Reset existing User token and create a new one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            token = self.create_user_token(username, options["reset_token"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"Cannot create the Token: user {username} does not exist")
        self.stdout.write(f"Generated token {token.key} for user {username}")
