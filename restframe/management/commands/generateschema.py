"""``manage.py generateschema``: print (or write to ``--file``) the project's OpenAPI schema."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from restframe.schemas.openapi import SchemaGenerator
from restframe.schemas.renderers import JSONOpenAPIRenderer, OpenAPIRenderer

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Generates configured API schema for project."

    def get_mode(self) -> str:
        return "openapi"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--title", dest="title", default="", type=str)
        parser.add_argument("--url", dest="url", default=None, type=str)
        parser.add_argument("--description", dest="description", default=None, type=str)
        parser.add_argument(
            "--format", dest="format", choices=["openapi", "openapi-json"], default="openapi"
        )
        parser.add_argument("--urlconf", dest="urlconf", default=None, type=str)
        parser.add_argument("--generator_class", dest="generator_class", default=None, type=str)
        parser.add_argument("--file", dest="file", default=None, type=str)
        parser.add_argument("--api_version", dest="api_version", default="", type=str)

    def handle(self, *args: Any, **options: Any) -> None:
        generator_class = SchemaGenerator
        if options["generator_class"]:
            generator_class = import_string(options["generator_class"])
        generator = generator_class(
            url=options["url"],
            title=options["title"],
            description=options["description"],
            urlconf=options["urlconf"],
            version=options["api_version"],
        )
        renderer = self.get_renderer(options["format"])
        schema = generator.get_schema(request=None, public=True)
        output = renderer.render(schema, renderer_context={})
        if options["file"]:
            with open(options["file"], "wb") as target:
                target.write(output)
        else:
            self.stdout.write(output.decode())

    def get_renderer(self, format: str) -> Any:
        if format == "openapi-json":
            return JSONOpenAPIRenderer()
        try:
            import yaml  # noqa: F401
        except ImportError:
            raise CommandError(
                "--format openapi writes YAML and needs PyYAML (pip install pyyaml); "
                "--format openapi-json needs nothing more."
            ) from None
        return OpenAPIRenderer()
