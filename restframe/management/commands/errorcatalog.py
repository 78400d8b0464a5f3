"""``manage.py errorcatalog``: print every error code the project can answer with.

``--format openapi`` prints an OpenAPI 3.1 document holding only ``components`` (the error
bodies' schemas and one response per status) for merging into the project's own schema.

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
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import module_has_submodule

import restframe
from restframe.catalog import CatalogEntry, entries
from restframe.openapi import openapi_components

__all__ = ["Command"]


class Command(BaseCommand):
    help = "List every error (code, status, message, title, source) the project can produce."
    # A read-only listing: useful even while the project has configuration errors.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=["json", "markdown", "openapi"],
            default="json",
            help=(
                "json: an array of objects; markdown: a table; openapi: OpenAPI 3.1 components "
                "for the error responses (default: json)."
            ),
        )
        parser.add_argument(
            "--error-format",
            choices=["drf", "problem"],
            default=None,
            help="With --format openapi: the bodies to describe (default: ERROR_FORMAT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output_format = options["format"]
        error_format = options["error_format"]
        if error_format is not None and output_format != "openapi":
            raise CommandError("--error-format applies to --format openapi only.")
        _load_project_modules()
        if output_format == "openapi":
            document = {
                "openapi": "3.1.0",
                "info": {"title": "Error responses", "version": restframe.RELEASE},
                "components": openapi_components(error_format),
            }
            self.stdout.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())
            return
        found = entries()
        if output_format == "markdown":
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
