"""``manage.py errorcatalog``: print every error code the project can answer with.

The project's own ``APIException`` subclasses register themselves when their module is
imported, so the command first imports the root URLconf (which pulls in the views) and every
installed app's ``exceptions`` module.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import orjson
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import module_has_submodule

from restframe.catalog import CatalogEntry, entries

__all__ = ["Command"]


class Command(BaseCommand):
    help = "List every error (code, status, message, title, source) the project can produce."
    # A read-only listing: useful even while the project has configuration errors.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=["json", "markdown"],
            default="json",
            help="json: an array of objects; markdown: a table (default: json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        _load_project_modules()
        found = entries()
        if options["format"] == "markdown":
            self.stdout.write(_markdown(found))
        else:
            data = [entry.as_dict() for entry in found]
            self.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


def _load_project_modules() -> None:
    """Import what defines the project's exception classes, so they are registered."""
    import_module(settings.ROOT_URLCONF)
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "exceptions"):
            import_module(f"{app_config.name}.exceptions")


def _markdown(found: list[CatalogEntry]) -> str:
    lines = [
        "| code | status | message | title | source |",
        "|---|---|---|---|---|",
    ]
    for entry in found:
        row = entry.as_dict()
        cells = [
            f"`{row['code']}`",
            str(row["status"]),
            _cell(row["message"]),
            _cell(row["title"]),
            f"`{row['source']}`",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Table-safe text: pipes escaped, line breaks flattened."""
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
