"""``restframe.install_as_rest_framework()``: ``rest_framework`` becomes another name for
restframe, for packages that import DRF.

Real DRF is installed in this environment and may be imported by other tests, so every case
runs in a fresh interpreter.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.interpreter import ROOT, run_python

SETTINGS = """
from django.conf import settings
settings.configure(
    SECRET_KEY="x",
    USE_I18N=True,
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "rest_framework",
        "rest_framework.authtoken",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    REST_FRAMEWORK=REST_FRAMEWORK,
)
urlpatterns = []
import django
django.setup()
"""


def run(code: str, tmp_path: Path | None = None) -> str:
    """Run ``code`` in a new interpreter from the repository root; return its stdout."""
    env = {"PYTHONPATH": str(ROOT) + (f":{tmp_path}" if tmp_path else ""), "PATH": "/usr/bin"}
    return run_python(code, env=env, flags=("-W", "error"))


def test_modules_are_restframes_own_objects() -> None:
    out = run(
        """
        import importlib, sys
        import restframe
        restframe.install_as_rest_framework()
        restframe.install_as_rest_framework()  # idempotent
        import rest_framework
        import rest_framework.serializers
        from rest_framework import exceptions, status
        from rest_framework.views import APIView
        from rest_framework.utils import mediatypes
        import restframe.views, restframe.serializers, restframe.utils.mediatypes
        assert rest_framework is restframe
        assert rest_framework.serializers is restframe.serializers
        assert sys.modules["rest_framework.serializers"] is restframe.serializers
        assert APIView is restframe.views.APIView
        assert mediatypes is restframe.utils.mediatypes
        assert exceptions is sys.modules["restframe.exceptions"]
        # Modules nobody imported yet are aliased on demand, however deep.
        deep = importlib.import_module("rest_framework.authtoken.management.commands")
        assert deep is importlib.import_module("restframe.authtoken.management.commands")
        # The modules keep their own names and specs.
        assert rest_framework.serializers.__name__ == "restframe.serializers"
        assert restframe.serializers.__spec__.name == "restframe.serializers"
        assert importlib.util.find_spec("restframe.versioning").name == "restframe.versioning"
        importlib.reload(restframe.status)
        assert sys.meta_path.count(sys.meta_path[0]) == 1
        # DRF's names exist only where restframe has them, and never fall through to DRF.
        try:
            import rest_framework.no_such_module
        except ModuleNotFoundError as exc:
            print(exc)
        print(all(not getattr(m, "__file__", "") or "site-packages/rest_framework" not in
                  m.__file__ for m in list(sys.modules.values())))
        """
    )
    assert out.splitlines() == ["No module named 'rest_framework.no_such_module'", "True"]


def test_installed_apps_templates_translations_and_requests() -> None:
    out = run(
        "import restframe\nrestframe.install_as_rest_framework()\nREST_FRAMEWORK = {}\n"
        + SETTINGS
        + textwrap.dedent(
            """
            from django.apps import apps
            from django.core.management import call_command
            from django.template.loader import get_template
            from django.utils import translation
            from django.test import RequestFactory

            print(apps.get_app_config("restframe").name, apps.get_app_config("authtoken").name)
            from rest_framework.authtoken.models import Token
            import restframe.authtoken.models
            assert Token is restframe.authtoken.models.Token
            assert Token._meta.db_table == "authtoken_token"

            template = get_template("rest_framework/api.html")
            print(Path(template.origin.name).relative_to(Path(restframe.__file__).parent))
            same = get_template("restframe/api.html")
            assert Path(template.origin.name).resolve() == Path(same.origin.name).resolve()

            call_command("check")

            from rest_framework.exceptions import NotFound, ParseError
            with translation.override("fr"):
                print(str(NotFound().detail), str(ParseError().detail))

            from rest_framework.views import APIView
            from rest_framework.response import Response
            from rest_framework.versioning import QueryParameterVersioning

            class View(APIView):
                versioning_class = QueryParameterVersioning
                def get(self, request):
                    return Response({"version": request.version})

            response = View.as_view()(RequestFactory().get("/?version=2"))
            print(response.status_code, response.rendered_content.decode())
            """
        ).replace(
            "import restframe.authtoken.models",
            "import restframe.authtoken.models\nfrom pathlib import Path",
        ),
    )
    assert out.splitlines() == [
        "restframe restframe.authtoken",
        "templates/rest_framework/api.html",
        "System check identified no issues (0 silenced).",
        "Introuvable. Requête mal formée.",
        '200 {"version":"2"}',
    ]


def test_third_party_style_package(tmp_path: Path) -> None:
    """A package written for DRF subclasses and checks restframe's classes, and reads settings."""
    (tmp_path / "drf_plugin.py").write_text(
        textwrap.dedent(
            """
            from rest_framework import serializers
            from rest_framework.compat import unicode_http_header, yaml
            from rest_framework.fields import empty
            from rest_framework.settings import api_settings

            class Plugin(serializers.Serializer):
                name = serializers.CharField()

            def page_size():
                return api_settings.PAGE_SIZE
            """
        )
    )
    out = run(
        "import restframe\nrestframe.install_as_rest_framework()\n"
        "REST_FRAMEWORK = {'PAGE_SIZE': 7}\n"
        + SETTINGS
        + textwrap.dedent(
            """
            import drf_plugin
            from restframe import fields, serializers
            serializer = drf_plugin.Plugin(data={"name": ""})
            assert isinstance(serializer, serializers.Serializer)
            assert drf_plugin.empty is fields.empty
            valid = serializer.is_valid()
            blank = serializer.errors["name"] == ["This field may not be blank."]
            print(valid, blank, drf_plugin.page_size())
            """
        ),
        tmp_path,
    )
    assert out.splitlines() == ["False True 7"]


def test_refuses_when_real_drf_is_already_imported(tmp_path: Path) -> None:
    (tmp_path / "early_importer.py").write_text("from rest_framework import status\n")
    out = run(
        """
        import sys
        import early_importer
        import restframe
        from django.core.exceptions import ImproperlyConfigured
        before = list(sys.meta_path)
        for attempt in range(2):
            try:
                restframe.install_as_rest_framework()
            except ImproperlyConfigured as exc:
                print(exc)
        assert sys.meta_path == before
        assert sys.modules["rest_framework"] is not restframe
        """,
        tmp_path,
    )
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0] == lines[1]
    message = lines[0]
    assert message.startswith(
        "restframe.install_as_rest_framework() was called after Django REST framework itself "
        "was imported (rest_framework from "
    )
    assert "site-packages/rest_framework/__init__.py)" in message
    assert "It was imported by: early_importer." in message
    assert message.endswith("two frameworks under one name must not mix.")


def test_importing_restframe_does_not_touch_django_settings() -> None:
    out = run(
        """
        import sys
        import restframe
        restframe.install_as_rest_framework()
        import rest_framework
        print(rest_framework.VERSION == restframe.VERSION,
              "django.conf" in sys.modules and sys.modules["django.conf"].settings.configured)
        """
    )
    assert out.split() == ["True", "False"]


@pytest.mark.parametrize(
    "name",
    [
        "SHORT_SEPARATORS",
        "LONG_SEPARATORS",
        "INDENT_SEPARATORS",
        "unicode_http_header",
        "split_header_value",
        "pygments_highlight",
        "pygments_css",
        "md_filter_add_syntax_highlight",
        "apply_markdown",
        "postgres_fields",
        "yaml",
        "uritemplate",
        "inflection",
        "requests",
        "coreapi",
        "coreschema",
        "View",
    ],
)
def test_compat_names(name: str) -> None:
    from restframe import compat

    assert hasattr(compat, name)


def test_compat_helpers() -> None:
    from restframe import compat

    assert compat.unicode_http_header(b"caf\xe9") == "café"
    assert compat.unicode_http_header("x") == "x"
    assert list(compat.split_header_value(" a ,, b,c ")) == ["a", "b", "c"]
    assert list(compat.split_header_value("a;b", ";")) == ["a", "b"]
    assert compat.SHORT_SEPARATORS == (",", ":")
    assert compat.LONG_SEPARATORS == (", ", ": ")
    assert compat.INDENT_SEPARATORS == (",", ": ")
    assert compat.coreapi is None and compat.coreschema is None
    if compat.pygments is not None:
        assert compat.pygments_highlight("{}", "json", "default") == '<span class="p">{}</span>\n'
        assert compat.pygments_css("default").startswith("pre { line-height: 125%; }")


def _project(apps: list[str], db: Path) -> str:
    return textwrap.dedent(
        f"""
        from django.conf import settings
        settings.configure(
            SECRET_KEY="x",
            INSTALLED_APPS={apps!r},
            DATABASES={{
                "default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {str(db)!r}}}
            }},
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        )
        import django
        django.setup()
        from django.core.management import call_command
        """
    )


def test_database_made_by_drfs_authtoken_is_reused(tmp_path: Path) -> None:
    """A project switching from DRF keeps its ``authtoken_token`` table, rows and migration
    history: nothing to migrate, and DRF's tokens still authenticate."""
    db = tmp_path / "db.sqlite3"
    base = ["django.contrib.contenttypes", "django.contrib.auth"]
    run(
        _project([*base, "rest_framework", "rest_framework.authtoken"], db)
        + textwrap.dedent(
            """
            call_command("migrate", verbosity=0)
            from django.contrib.auth.models import User
            from rest_framework.authtoken.models import Token
            Token.objects.create(user=User.objects.create_user("alice"), key="k" * 40)
            """
        )
    )
    out = run(
        _project([*base, "restframe", "restframe.authtoken"], db)
        + textwrap.dedent(
            """
            call_command("migrate", "authtoken", verbosity=1)
            from restframe.authtoken.models import Token
            from restframe.authentication import TokenAuthentication
            from restframe.request import Request
            from django.test import RequestFactory
            request = Request(RequestFactory().get("/", HTTP_AUTHORIZATION="Token " + "k" * 40))
            user, token = TokenAuthentication().authenticate(request)
            print(user.username, type(token).__module__)
            """
        )
    )
    assert out.splitlines()[-2:] == [
        "  No migrations to apply.",
        "alice restframe.authtoken.models",
    ]


@pytest.mark.parametrize(
    ("apps", "duplicate"),
    [
        (["restframe", "rest_framework"], "restframe"),
        (["restframe.authtoken", "rest_framework.authtoken"], "authtoken"),
    ],
)
def test_one_app_under_two_names_is_refused(apps: list[str], duplicate: str) -> None:
    out = run(
        textwrap.dedent(
            f"""
            import restframe
            restframe.install_as_rest_framework()
            from django.conf import settings
            settings.configure(INSTALLED_APPS=["django.contrib.contenttypes",
                                               "django.contrib.auth", *{apps!r}])
            import django
            from django.core.exceptions import ImproperlyConfigured
            try:
                django.setup()
            except ImproperlyConfigured as exc:
                print(exc)
            """
        )
    )
    assert out.strip() == f"Application labels aren't unique, duplicates: {duplicate}"


def test_drf_authtoken_next_to_restframes_is_refused() -> None:
    """Without the alias, DRF's authtoken app and restframe's cannot both be installed."""
    out = run(
        """
        from django.conf import settings
        settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth",
                                           "rest_framework.authtoken", "restframe.authtoken"])
        import django
        from django.core.exceptions import ImproperlyConfigured
        try:
            django.setup()
        except ImproperlyConfigured as exc:
            print(exc)
        """
    )
    assert out.strip() == "Application labels aren't unique, duplicates: authtoken"


def test_version_names_read_as_the_drf_release_restframe_implements() -> None:
    """Packages gate code paths on ``rest_framework.VERSION`` (drf-spectacular's ``VERSION >=
    "3.12"``, its test suite's ``__version__ < "3.16.1"``): it must compare as DRF 3.18 does.
    restframe's own release is ``RELEASE``, as in the package metadata."""
    import importlib.metadata

    import restframe

    assert restframe.VERSION == restframe.__version__ == "3.18.3"
    assert restframe.VERSION >= "3.12" and not restframe.VERSION < "3.16.1"
    assert restframe.RELEASE == importlib.metadata.version("restframe")
