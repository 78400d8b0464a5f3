"""``restframe.utils``: breadcrumbs, time-zone checks and lazy formatting, as DRF 3.18 has them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path, re_path, set_script_prefix
from django.utils.translation import gettext_lazy, override

from restframe.decorators import action
from restframe.response import Response
from restframe.routers import SimpleRouter
from restframe.utils import json as rf_json
from restframe.utils.breadcrumbs import get_breadcrumbs
from restframe.utils.formatting import lazy_format
from restframe.utils.timezone import datetime_ambiguous, datetime_exists, valid_datetime
from restframe.views import APIView
from restframe.viewsets import ViewSet


class Home(APIView):
    pass


class Shelves(APIView):
    pass


class Shelf(APIView):
    def get_view_name(self):
        return "One shelf"


class Books(ViewSet):
    def list(self, request):
        return Response()

    def retrieve(self, request, pk=None):
        return Response()

    @action(detail=True, name="Borrow it")
    def borrow(self, request, pk=None):
        return Response()


def plain_django_view(request, **kwargs):
    return HttpResponse()


router = SimpleRouter()
router.register("books", Books, basename="book")
urlpatterns = [
    path("", Home.as_view()),
    # One view with and without its trailing slash: listed once.
    re_path(r"^shelves/?$", Shelves.as_view()),
    path("shelves/<int:pk>", Shelf.as_view()),
    path("shelves/<int:pk>/plain", plain_django_view),
    *router.urls,
]

pytestmark = pytest.mark.urls(__name__)


def test_breadcrumbs_walk_up_the_path_to_the_root():
    assert get_breadcrumbs("/shelves/3/plain") == [
        ("Home", "/"),
        ("Shelves", "/shelves/"),
        ("One shelf", "/shelves/3"),
    ]


def test_breadcrumbs_skip_prefixes_that_do_not_resolve():
    assert get_breadcrumbs("/nowhere/at/all") == [("Home", "/")]


def test_breadcrumbs_of_a_viewset_use_the_route_names():
    assert get_breadcrumbs("/books/7/borrow/") == [
        ("Home", "/"),
        ("Books List", "/books/"),
        ("Books Instance", "/books/7/"),
        ("Borrow it", "/books/7/borrow/"),
    ]


def test_breadcrumbs_keep_the_format_override_of_the_request():
    request = RequestFactory().get("/shelves/3", {"format": "json"})
    assert get_breadcrumbs("/shelves/3", request) == [
        ("Home", "/?format=json"),
        ("Shelves", "/shelves/?format=json"),
        ("One shelf", "/shelves/3?format=json"),
    ]


def test_breadcrumbs_under_a_script_prefix():
    set_script_prefix("/api/")
    try:
        assert get_breadcrumbs("/api/shelves/") == [("Home", "/api/"), ("Shelves", "/api/shelves/")]
    finally:
        set_script_prefix("/")


NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("wall_clock", "exists", "ambiguous", "valid"),
    [
        (datetime(2017, 1, 1, 12, 0), True, False, True),
        (datetime(2017, 3, 12, 2, 30), False, False, True),  # in the spring-forward gap
        # The fall-back hour happens twice; PEP 495 makes it compare unequal across zones, so
        # with zoneinfo it reads as not existing and not ambiguous (DRF's answers, observed).
        (datetime(2017, 11, 5, 1, 30), False, False, True),
    ],
)
def test_time_zone_checks(wall_clock, exists, ambiguous, valid):
    aware = wall_clock.replace(tzinfo=NEW_YORK)
    assert datetime_exists(aware) is exists
    assert datetime_ambiguous(aware) is ambiguous
    assert valid_datetime(aware) is valid


def test_a_naive_datetime_is_not_valid():
    assert valid_datetime(datetime(2017, 1, 1)) is False


def test_lazy_format_formats_once_on_first_use():
    class Counting(str):
        calls = 0

        def format(self, *args, **kwargs):
            Counting.calls += 1
            return super().format(*args, **kwargs)

    text = lazy_format(Counting("{} and {name}"), "this", name="that")
    assert Counting.calls == 0
    assert str(text) == "this and that"
    assert str(text) == "this and that"
    assert Counting.calls == 1
    assert lazy_format("{}: %s", "done") % "yes" == "done: yes"


def test_lazy_format_of_a_lazy_translation_uses_the_language_at_use():
    message = lazy_format(gettext_lazy("This field is required."))
    with override("fr"):
        assert str(message) == "Ce champ est obligatoire."


# --- utils.translation: the active language without asgiref's per-read costs ---------------


def _languages_agree():
    from django.utils import translation as django_translation

    from restframe.utils import translation

    return translation.get_language(), django_translation.get_language()


def test_get_language_answers_as_django_does_in_every_state():
    from django.utils import translation as django_translation

    from restframe.utils import translation

    states = []
    django_translation.get_language()  # Django resolves its implementation on first use
    states.append(_languages_agree())  # nothing activated in this thread
    with override("de"):
        states.append(_languages_agree())
        with override("fr"):
            states.append(_languages_agree())
        states.append(_languages_agree())
        with override(None):  # deactivate_all: no language at all
            states.append(_languages_agree())
    states.append(_languages_agree())
    assert [ours for ours, _ in states] == ["en-us", "de", "fr", "de", None, "en-us"]
    assert all(ours == django for ours, django in states)
    # The installed asgiref behaves as the cheap reader needs: it is in use, not the fallback.
    from restframe.utils import local_cache

    assert local_cache._SUPPORTED
    assert translation.active_translation("get_language") is not translation.UNKNOWN


def test_get_language_is_per_thread_and_per_task():
    import asyncio
    import threading

    from asgiref.sync import async_to_sync, sync_to_async

    seen = {}
    with override("de"):

        def other_thread():
            seen["thread"] = _languages_agree()

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        seen["sync_to_async"] = async_to_sync(sync_to_async(_languages_agree))()

        async def tasks():
            async def in_task(language):
                with override(language):
                    await asyncio.sleep(0)
                    return _languages_agree()

            return await asyncio.gather(in_task("fr"), in_task("es"))

        seen["tasks"] = async_to_sync(tasks)()
        seen["after"] = _languages_agree()
    assert seen == {
        "thread": ("en-us", "en-us"),  # another thread sees none of this one's activation
        "sync_to_async": ("de", "de"),  # asgiref carries the context across
        "tasks": [("fr", "fr"), ("es", "es")],
        "after": ("de", "de"),
    }


def test_get_language_follows_settings_changes(settings):
    settings.LANGUAGE_CODE = "pt-br"  # Django replaces its Local: the reader follows
    assert _languages_agree() == ("pt-br", "pt-br")
    with override("de"):
        assert _languages_agree() == ("de", "de")
    settings.USE_I18N = False
    assert _languages_agree() == ("pt-br", "pt-br")


# --- restframe.utils.json: DRF's strict JSON, answered from decoders built once ---------------


def _outcome(loads, text, **kwargs):
    try:
        return "ok", loads(text, **kwargs)
    except ValueError as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": [1, 2.5, null, true]}',
        "NaN",
        "[-Infinity]",
        "\ufeff{}",
        '{"a": ',
        "1 2",
        b'{"a": 1}',
        b"\xef\xbb\xbf[1]",
    ],
)
def test_json_loads_answers_as_drfs(text):
    drf_json = pytest.importorskip("rest_framework.utils.json")
    assert _outcome(rf_json.loads, text) == _outcome(drf_json.loads, text)


def test_json_loads_keeps_a_callers_own_hooks():
    assert rf_json.loads("[NaN]", parse_constant=lambda name: name) == ["NaN"]
    assert rf_json.loads('{"a": 1}', object_pairs_hook=list) == [("a", 1)]


def test_json_decode_strict_or_not():
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        rf_json.decode("[Infinity]")
    assert rf_json.decode("[Infinity]", strict=False) == [float("inf")]
