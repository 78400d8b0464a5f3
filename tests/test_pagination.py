"""Pagination: DRF 3.18's three paginators, through HTTP and directly, plus async paginating.

Bodies are compared byte for byte with what DRF answers for the same request (observed by
running DRF 3.18); bad input is a 404 or falls back to the default, never a 500; query counts
equal DRF's (page numbers and limit/offset: one COUNT and one SELECT; cursors: one SELECT).
"""

import base64
import random
import warnings

import pytest
from asgiref.sync import async_to_sync
from django.core.paginator import UnorderedObjectListWarning
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restframe import pagination
from restframe.exceptions import NotFound
from restframe.pagination import (
    PAGE_BREAK,
    BasePagination,
    Cursor,
    CursorPagination,
    LimitOffsetPagination,
    PageLink,
    PageNumberPagination,
)
from restframe.request import Request
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient
from restframe.utils.urls import remove_query_param, replace_query_param
from tests.models_pagination import PageEvent, PageItem

pytestmark = [pytest.mark.urls("tests.urls_pagination"), pytest.mark.django_db]

factory = APIRequestFactory()


def request(query=""):
    return Request(factory.get("/items/" + query))


def encode(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def items():
    """Seven rows; ``created`` repeats (0, 1, 2, 0, 1, 2, 0) so cursors meet equal positions."""
    return [PageItem.objects.create(name=f"n{i}", created=i % 3) for i in range(7)]


def get(url, *, asynchronous=False):
    """GET through the sync or async client; the response and the number of queries."""
    with CaptureQueriesContext(connection) as queries:
        if asynchronous:
            response = async_to_sync(AsyncAPIClient(raise_request_exception=False).get)(
                "/async" + url
            )
        else:
            response = APIClient(raise_request_exception=False).get(url)
    return response, len(queries.captured_queries)


def expect(body, asynchronous):
    """The body's links point at the async copy of the view when the request did."""
    if isinstance(body, str):
        body = body.encode()
    return (
        body.replace(b"http://testserver/", b"http://testserver/async/") if asynchronous else body
    )


both = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


def row(i):
    return f'{{"id":{i},"name":"n{i - 1}","created":{(i - 1) % 3}}}'


def rows(*ids):
    return "[" + ",".join(row(i) for i in ids) + "]"


def link(path):
    return "null" if path is None else f'"http://testserver{path}"'


def counted(next_path, previous_path, *ids, count=7):
    """A page-number or limit/offset body; links are paths on the test server, or None."""
    return (
        f'{{"count":{count},"next":{link(next_path)},"previous":{link(previous_path)},'
        f'"results":{rows(*ids)}}}'
    )


# --- utils.urls -------------------------------------------------------------------------------


def test_replace_query_param_sorts_keys_and_keeps_blank_values():
    url = "http://x/a/?b=2&a=&c=1&c=2#frag"
    assert replace_query_param(url, "page", 3) == "http://x/a/?a=&b=2&c=1&c=2&page=3#frag"
    assert replace_query_param(url, "c", "z z") == "http://x/a/?a=&b=2&c=z+z#frag"


def test_remove_query_param():
    assert remove_query_param("http://x/?page=2&q=%C3%A9", "page") == "http://x/?q=%C3%A9"
    assert remove_query_param("http://x/?q=1", "page") == "http://x/?q=1"


# --- helpers ------------------------------------------------------------------------------------


def test_positive_int():
    assert pagination._positive_int("3") == 3
    assert pagination._positive_int("0") == 0
    assert pagination._positive_int("9", cutoff=4) == 4
    for bad, strict in [("-1", False), ("0", True), ("abc", False), ("1.5", False)]:
        with pytest.raises(ValueError):
            pagination._positive_int(bad, strict=strict)


@pytest.mark.parametrize(
    ("current", "final", "expected"),
    [
        (1, 1, [1]),
        (3, 5, [1, 2, 3, 4, 5]),
        (1, 6, [1, 2, 3, None, 6]),
        (3, 6, [1, 2, 3, 4, 5, 6]),
        (5, 6, [1, None, 4, 5, 6]),
        (4, 9, [1, 2, 3, 4, 5, None, 9]),
        (5, 10, [1, None, 4, 5, 6, None, 10]),
        (6, 9, [1, None, 5, 6, 7, 8, 9]),
        (12, 12, [1, None, 10, 11, 12]),
    ],
)
def test_displayed_page_numbers(current, final, expected):
    assert pagination._get_displayed_page_numbers(current, final) == expected


def test_displayed_page_numbers_match_drf():
    drf = pytest.importorskip("rest_framework.pagination")
    for final in range(1, 30):
        for current in range(1, final + 1):
            expected = drf._get_displayed_page_numbers(current, final)
            assert pagination._get_displayed_page_numbers(current, final) == expected


def test_page_links_and_reverse_ordering():
    links = pagination._get_page_links([1, None, 3], 3, lambda n: f"/p{n}")
    assert links == [PageLink("/p1", 1, False, False), PAGE_BREAK, PageLink("/p3", 3, True, False)]
    assert pagination._reverse_ordering(("-created", "id")) == ("created", "-id")
    assert pagination._divide_with_ceil(5, 2) == 3
    assert pagination._divide_with_ceil(4, 2) == 2


def test_base_pagination():
    base = BasePagination()
    assert base.display_page_controls is False
    with pytest.raises(NotImplementedError, match=r"^paginate_queryset\(\) must be implemented\.$"):
        base.paginate_queryset([], request())
    with pytest.raises(NotImplementedError, match=r"get_paginated_response\(\) must be"):
        base.get_paginated_response([])
    with pytest.raises(NotImplementedError, match=r"to_html\(\) must be implemented to display"):
        base.to_html()
    assert base.get_paginated_response_schema({"type": "array"}) == {"type": "array"}
    assert base.get_results({"results": [1]}) == [1]
    assert base.get_schema_operation_parameters(None) == []


def test_base_apaginate_runs_the_sync_method():
    class Listed(BasePagination):
        def paginate_queryset(self, queryset, request, view=None):
            return list(queryset)[:1]

    assert async_to_sync(Listed().apaginate_queryset)([5, 6], request()) == [5]


def test_page_size_defaults_follow_settings():
    assert PageNumberPagination().page_size is None
    with override_settings(REST_FRAMEWORK={"PAGE_SIZE": 7}):
        assert PageNumberPagination().page_size == 7
        assert LimitOffsetPagination().default_limit == 7
        assert CursorPagination().page_size == 7
    assert PageNumberPagination().paginate_queryset([1, 2], request()) is None
    assert LimitOffsetPagination().paginate_queryset([1, 2], request()) is None
    assert CursorPagination().paginate_queryset([1, 2], request()) is None


def test_public_attributes_match_drf():
    assert PageNumberPagination.page_query_param == "page"
    assert PageNumberPagination.page_size_query_param is None
    assert PageNumberPagination.max_page_size is None
    assert PageNumberPagination.last_page_strings == ("last",)
    assert str(PageNumberPagination.invalid_page_message) == "Invalid page."
    assert PageNumberPagination.django_paginator_class is pagination.DjangoPaginator
    assert LimitOffsetPagination.limit_query_param == "limit"
    assert LimitOffsetPagination.offset_query_param == "offset"
    assert LimitOffsetPagination.max_limit is None
    assert CursorPagination.cursor_query_param == "cursor"
    assert CursorPagination.ordering == "-created"
    assert CursorPagination.offset_cutoff == 1000
    assert str(CursorPagination.invalid_cursor_message) == "Invalid cursor"
    assert CursorPagination.template == "restframe/pagination/previous_and_next.html"
    assert PageNumberPagination.template == "restframe/pagination/numbers.html"


# --- PageNumberPagination over HTTP -------------------------------------------------------------


@both
@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("", counted("/pages/?page=2", None, 1, 2)),
        ("?page=2", counted("/pages/?page=3", "/pages/", 3, 4)),
        ("?page=3&x=%C3%A9", counted("/pages/?page=4&x=%C3%A9", "/pages/?page=2&x=%C3%A9", 5, 6)),
        ("?page=last", counted(None, "/pages/?page=3", 7)),
        ("?page=", counted("/pages/?page=2", None, 1, 2)),
        (
            "?page_size=3&page=2",
            counted("/pages/?page=3&page_size=3", "/pages/?page_size=3", 4, 5, 6),
        ),
        # Above max_page_size: capped at 3.
        ("?page_size=100", counted("/pages/?page=2&page_size=100", None, 1, 2, 3)),
        # Not a positive integer: the default page size.
        ("?page_size=0", counted("/pages/?page=2&page_size=0", None, 1, 2)),
        ("?page_size=-1", counted("/pages/?page=2&page_size=-1", None, 1, 2)),
        ("?page_size=abc", counted("/pages/?page=2&page_size=abc", None, 1, 2)),
    ],
)
def test_page_number_bodies(items, query, body, asynchronous):
    response, queries = get("/pages/" + query, asynchronous=asynchronous)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == expect(body, asynchronous)
    assert queries == 2  # one COUNT, one SELECT


@both
@pytest.mark.parametrize(
    "page",
    ["0", "-1", "abc", "99999999999999999999", "1.0", "%20", "5", "9" * 5000, "%00", "las"],
)
def test_invalid_page_is_404(items, page, asynchronous):
    response, queries = get("/pages/?page=" + page, asynchronous=asynchronous)
    assert response.status_code == 404
    assert response.content == b'{"detail":"Invalid page."}'
    assert queries <= 1  # at most the COUNT, no SELECT


def test_invalid_page_message_can_name_the_page_and_reason(items):
    class Explained(PageNumberPagination):
        page_size = 2
        invalid_page_message = "Page {page_number}: {message}"

    with pytest.raises(NotFound) as caught:
        Explained().paginate_queryset(PageItem.objects.all(), request("?page=9"))
    assert caught.value.detail == "Page 9: That page contains no results"
    assert caught.value.detail.code == "not_found"


@both
def test_page_number_on_an_empty_table(asynchronous):
    response, queries = get("/pages/", asynchronous=asynchronous)
    assert response.content == b'{"count":0,"next":null,"previous":null,"results":[]}'
    assert queries == 1  # the COUNT; an empty first page needs no SELECT


def test_page_number_unordered_queryset_warns(items):
    """Django's warning, as DRF (limit/offset does not warn, cursors order themselves)."""
    paginator = PageNumberPagination()
    paginator.page_size = 2
    with pytest.warns(UnorderedObjectListWarning, match="unordered object_list"):
        paginator.paginate_queryset(PageItem.objects.order_by(), request())
    assert pagination.UnorderedObjectListWarning is UnorderedObjectListWarning


def test_page_number_paginates_lists(items):
    paginator = PageNumberPagination()
    paginator.page_size = 3
    assert paginator.paginate_queryset(list(range(10)), request("?page=4")) == [9]
    assert paginator.get_paginated_response([9]).data == {
        "count": 10,
        "next": None,
        "previous": "http://testserver/items/?page=3",
        "results": [9],
    }


def test_page_number_html_context_and_controls(items):
    paginator = PageNumberPagination()
    paginator.page_size = 2
    paginator.paginate_queryset(PageItem.objects.all(), request("?page=2&x=1"))
    assert paginator.display_page_controls is True
    context = paginator.get_html_context()
    assert context["previous_url"] == "http://testserver/items/?x=1"
    assert context["next_url"] == "http://testserver/items/?page=3&x=1"
    assert context["page_links"] == [
        PageLink("http://testserver/items/?x=1", 1, False, False),
        PageLink("http://testserver/items/?page=2&x=1", 2, True, False),
        PageLink("http://testserver/items/?page=3&x=1", 3, False, False),
        PageLink("http://testserver/items/?page=4&x=1", 4, False, False),
    ]
    html = paginator.to_html()
    assert '<li class="active"><a href="http://testserver/items/?page=2&amp;x=1"' in html
    assert 'rel="next"' in html
    single = PageNumberPagination()
    single.page_size = 10
    single.paginate_queryset(PageItem.objects.all(), request())
    assert single.display_page_controls is False


def test_page_number_schema():
    paginator = PageNumberPagination()
    paginator.page_size_query_param = "size"
    assert paginator.get_paginated_response_schema({"type": "array"}) == {
        "type": "object",
        "required": ["count", "results"],
        "properties": {
            "count": {"type": "integer", "example": 123},
            "next": {
                "type": "string",
                "nullable": True,
                "format": "uri",
                "example": "http://api.example.org/accounts/?page=4",
            },
            "previous": {
                "type": "string",
                "nullable": True,
                "format": "uri",
                "example": "http://api.example.org/accounts/?page=2",
            },
            "results": {"type": "array"},
        },
    }
    assert paginator.get_schema_operation_parameters(None) == [
        {
            "name": "page",
            "required": False,
            "in": "query",
            "description": "A page number within the paginated result set.",
            "schema": {"type": "integer"},
        },
        {
            "name": "size",
            "required": False,
            "in": "query",
            "description": "Number of results to return per page.",
            "schema": {"type": "integer"},
        },
    ]


# --- LimitOffsetPagination over HTTP ------------------------------------------------------------


@both
@pytest.mark.parametrize(
    ("query", "body", "expected_queries"),
    [
        ("", counted("/limits/?limit=2&offset=2", None, 1, 2), 2),
        (
            "?offset=3&limit=2",
            counted("/limits/?limit=2&offset=5", "/limits/?limit=2&offset=1", 4, 5),
            2,
        ),
        ("?offset=1", counted("/limits/?limit=2&offset=3", "/limits/?limit=2", 2, 3), 2),
        # Above max_limit: capped at 4.
        ("?limit=10", counted("/limits/?limit=4&offset=4", None, 1, 2, 3, 4), 2),
        # Bad limits fall back to default_limit, bad offsets to 0 (as DRF).
        *[
            (query, counted("/limits/?limit=2&offset=2", None, 1, 2), 2)
            for query in ("?limit=-1", "?limit=abc", "?limit=0", "?offset=-5", "?offset=abc")
        ],
        # At the end: an empty page (still one SELECT); past the end: no SELECT at all.
        ("?offset=7", counted(None, "/limits/?limit=2&offset=5"), 2),
        ("?offset=100", counted(None, "/limits/?limit=2&offset=98"), 1),
    ],
)
def test_limit_offset_bodies(items, query, body, expected_queries, asynchronous):
    response, queries = get("/limits/" + query, asynchronous=asynchronous)
    assert response.status_code == 200
    assert response.content == expect(body, asynchronous)
    assert queries == expected_queries


@both
def test_huge_limit_and_offset_never_overflow_the_database(items, asynchronous):
    class Unbounded(LimitOffsetPagination):
        default_limit = 2

    # DRF passes LIMIT 99999999999999999999 to SQLite ("datatype mismatch", a 500).
    paginator = Unbounded()
    huge = "99999999999999999999"
    assert len(paginator.paginate_queryset(PageItem.objects.all(), request("?limit=" + huge))) == 7
    assert paginator.get_next_link() is None
    assert paginator.paginate_queryset(PageItem.objects.all(), request("?offset=" + huge)) == []
    response, _ = get("/limits/?offset=" + huge, asynchronous=asynchronous)
    assert response.status_code == 200


def test_limit_offset_counts_lists_without_queries():
    paginator = LimitOffsetPagination()
    paginator.default_limit = 3
    with CaptureQueriesContext(connection) as queries:
        assert paginator.paginate_queryset(list(range(10)), request("?offset=8")) == [8, 9]
    assert len(queries.captured_queries) == 0
    assert paginator.get_paginated_response([8, 9]).data["count"] == 10


def test_limit_offset_html_context(items):
    paginator = LimitOffsetPagination()
    paginator.default_limit = 2
    paginator.paginate_queryset(PageItem.objects.all(), request("?offset=3&x=1"))
    assert paginator.display_page_controls is True
    context = paginator.get_html_context()
    assert context["previous_url"] == "http://testserver/items/?limit=2&offset=1&x=1"
    assert context["next_url"] == "http://testserver/items/?limit=2&offset=5&x=1"
    assert context["page_links"] == [
        PageLink("http://testserver/items/?x=1", 1, False, False),
        PageLink("http://testserver/items/?offset=1&x=1", 2, False, False),
        PageLink("http://testserver/items/?offset=3&x=1", 3, True, False),
        PageLink("http://testserver/items/?offset=5&x=1", 4, False, False),
    ]
    assert "offset=5&amp;x=1" in paginator.to_html()


def test_limit_offset_schema():
    paginator = LimitOffsetPagination()
    schema = paginator.get_paginated_response_schema({"type": "array"})
    assert schema["required"] == ["count", "results"]
    assert schema["properties"]["next"]["example"] == (
        "http://api.example.org/accounts/?offset=400&limit=100"
    )
    assert schema["properties"]["previous"]["example"] == (
        "http://api.example.org/accounts/?offset=200&limit=100"
    )
    assert [p["name"] for p in paginator.get_schema_operation_parameters(None)] == [
        "limit",
        "offset",
    ]
    assert paginator.get_schema_operation_parameters(None)[1]["description"] == (
        "The initial index from which to return the results."
    )


# --- CursorPagination over HTTP -----------------------------------------------------------------


def cursor_body(next_cursor, previous_cursor, ids, url="/cursors/"):
    def link(cursor):
        return "null" if cursor is None else f'"http://testserver{url}?cursor={cursor}"'

    return (
        f'{{"next":{link(next_cursor)},"previous":{link(previous_cursor)},"results":{rows(*ids)}}}'
    )


@both
def test_cursor_walk_forwards_and_back(items, asynchronous):
    """Ordering ``-created`` over created = 0,1,2,0,1,2,0: every link as DRF builds it."""
    pages = [
        ("", ("cD0y", None, (3, 6))),
        ("?cursor=cD0y", ("cD0x", "cj0xJnA9MQ%3D%3D", (2, 5))),
        ("?cursor=cD0x", ("bz0yJnA9MQ%3D%3D", "cj0xJnA9MA%3D%3D", (1, 4))),
        ("?cursor=bz0yJnA9MQ%3D%3D", (None, "bz0yJnI9MQ%3D%3D", (7,))),
    ]
    for query, (next_cursor, previous_cursor, ids) in pages:
        response, queries = get("/cursors/" + query, asynchronous=asynchronous)
        assert response.status_code == 200
        assert response.content == expect(
            cursor_body(next_cursor, previous_cursor, ids), asynchronous
        )
        assert queries == 1  # one SELECT, no COUNT
    # Backwards from the last page (o=2, r=1, p=1 decoded).
    assert base64.b64decode("bz0yJnI9MQ==") == b"o=2&r=1"
    response, _ = get("/cursors/?cursor=bz0yJnI9MQ%3D%3D", asynchronous=asynchronous)
    assert response.content == expect(
        cursor_body("bz0xJnA9MQ%3D%3D", "bz0xJnI9MSZwPTA%3D", (2, 7)), asynchronous
    )


@both
def test_cursor_page_size_query_param(items, asynchronous):
    response, _ = get("/cursors/?page_size=9", asynchronous=asynchronous)
    # Capped at max_page_size (3); the link keeps the parameter.
    assert response.content == expect(
        b'{"next":"http://testserver/cursors/?cursor=bz0xJnA9Mg%3D%3D&page_size=9","previous":null,'
        b'"results":' + rows(3, 6, 2).encode() + b"}",
        asynchronous,
    )
    response, _ = get("/cursors/?page_size=0", asynchronous=asynchronous)
    assert response.json()["results"] == [{"id": 3, "name": "n2", "created": 2}, row_dict(6)]


def row_dict(i):
    return {"id": i, "name": f"n{i - 1}", "created": (i - 1) % 3}


@both
@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        encode("o=abc"),
        encode("o=-1"),
        encode("r=x"),
        "%C3%A9",
        base64.b64encode(b"\xff\xfe").decode(),
        # Positions that are not values of the integer field: DRF raises ValueError (a 500).
        encode("p=abc"),
        encode("p="),
        encode("p=1.5"),
        encode("p=1%002"),
    ],
)
def test_invalid_cursor_is_404(items, cursor, asynchronous):
    response, queries = get("/cursors/?cursor=" + cursor, asynchronous=asynchronous)
    assert response.status_code == 404
    assert response.content == b'{"detail":"Invalid cursor"}'
    assert queries == 0


@both
@pytest.mark.parametrize("position", ["yesterday", "2024-13-45T00:00:00", "None"])
def test_cursor_position_not_a_datetime_is_404(position, asynchronous):
    PageEvent.objects.create(created=timezone.now())
    response, _ = get("/events/?cursor=" + encode("p=" + position), asynchronous=asynchronous)
    assert response.status_code == 404
    assert response.content == b'{"detail":"Invalid cursor"}'


@both
@pytest.mark.parametrize(
    ("cursor", "ids"),
    [
        # Base64 of something that is not a cursor: no tokens, so the first page (as DRF).
        (encode("hello"), (3, 6)),
        ("", (3, 6)),
        # base64 skips characters outside its alphabet: a NUL decodes to nothing.
        ("%00", (3, 6)),
        # An offset beyond offset_cutoff is capped at it (1000): past the end, empty.
        (encode("o=5000"), ()),
        (encode("o=" + "9" * 30), ()),
        # A huge integer position is out of range, not an error (Django answers it).
        (encode("p=" + "9" * 30), (3, 6)),
    ],
)
def test_odd_cursors_as_drf(items, cursor, ids, asynchronous):
    response, _ = get("/cursors/?cursor=" + cursor, asynchronous=asynchronous)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == list(ids)


def test_cursor_huge_page_size_never_overflows(items):
    class Unbounded(CursorPagination):
        page_size = 2
        page_size_query_param = "size"

    paginator = Unbounded()
    page = paginator.paginate_queryset(
        PageItem.objects.all(), request("?size=" + "9" * 20 + "&cursor=" + encode("o=3"))
    )
    assert len(page) == 4


@both
def test_cursor_on_an_empty_table(asynchronous):
    response, queries = get("/cursors/", asynchronous=asynchronous)
    assert response.content == b'{"next":null,"previous":null,"results":[]}'
    assert queries == 1


@both
def test_cursor_follows_the_ordering_filter(items, asynchronous):
    response, _ = get("/ordered-cursors/?ordering=-name", asynchronous=asynchronous)
    assert response.content == expect(
        b'{"next":"http://testserver/ordered-cursors/?cursor=cD1uNQ%3D%3D&ordering=-name",'
        b'"previous":null,"results":' + rows(7, 6).encode() + b"}",
        asynchronous,
    )
    # A disallowed ordering is ignored; the paginator's own ordering applies.
    response, _ = get("/ordered-cursors/?ordering=password", asynchronous=asynchronous)
    assert [item["id"] for item in response.json()["results"]] == [3, 6]


def test_cursor_ordering_assertions():
    class NoOrdering(CursorPagination):
        page_size = 2
        ordering = None

    class Lookup(CursorPagination):
        page_size = 2
        ordering = "tags__label"

    class Number(CursorPagination):
        page_size = 2
        ordering = 5

    queryset = PageItem.objects.all()
    with pytest.raises(AssertionError, match="no ordering attribute was declared"):
        NoOrdering().paginate_queryset(queryset, request())
    with pytest.raises(AssertionError, match="does not support double underscore lookups"):
        Lookup().paginate_queryset(queryset, request())
    with pytest.raises(AssertionError, match="Expected string or tuple, but got int"):
        Number().paginate_queryset(queryset, request())


def test_cursor_encoding_and_decoding():
    paginator = CursorPagination()
    paginator.base_url = "http://testserver/items/?x=1"
    assert paginator.encode_cursor(Cursor(offset=2, reverse=True, position="a b")) == (
        "http://testserver/items/?cursor=bz0yJnI9MSZwPWErYg%3D%3D&x=1"
    )
    assert paginator.decode_cursor(request("?cursor=bz0yJnI9MSZwPWErYg%3D%3D")) == Cursor(
        2, True, "a b"
    )
    assert paginator.decode_cursor(request()) is None


def test_cursor_positions_from_dicts_and_objects():
    paginator = CursorPagination()
    assert paginator._get_position_from_instance({"created": 5}, ("-created",)) == "5"
    assert paginator._get_position_from_instance(PageItem(created=3), ("created",)) == "3"


def test_cursor_html_and_schema(items):
    paginator = CursorPagination()
    paginator.page_size = 2
    paginator.paginate_queryset(PageItem.objects.all(), request())
    assert paginator.display_page_controls is True
    assert paginator.get_html_context() == {
        "previous_url": None,
        "next_url": "http://testserver/items/?cursor=cD0y",
    }
    assert 'href="http://testserver/items/?cursor=cD0y" rel="next"' in paginator.to_html()
    schema = paginator.get_paginated_response_schema({"type": "array"})
    assert schema["required"] == ["results"]
    assert schema["properties"]["next"]["example"] == (
        'http://api.example.org/accounts/?cursor=cD00ODY%3D"'
    )
    assert paginator.get_schema_operation_parameters(None) == [
        {
            "name": "cursor",
            "required": False,
            "in": "query",
            "description": "The pagination cursor value.",
            "schema": {"type": "string"},
        }
    ]


def test_cursor_links_match_drf_on_random_data():
    """Random tables with many equal positions, random walks over next/previous links."""
    drf = pytest.importorskip("rest_framework.pagination")
    from rest_framework.request import Request as DRFRequest

    rng = random.Random(20261204)
    for _trial in range(25):
        PageItem.objects.all().delete()
        for i in range(rng.randint(0, 12)):
            PageItem.objects.create(name=f"n{i}", created=rng.randint(0, 3))
        attrs = {"page_size": rng.randint(1, 4), "ordering": rng.choice(["-created", "created"])}
        ours = type("Ours", (CursorPagination,), attrs)
        theirs = type("Theirs", (drf.CursorPagination,), attrs)
        query = ""
        for _step in range(12):
            results = []
            for cls, wrap in ((ours, Request), (theirs, DRFRequest)):
                paginator = cls()
                page = paginator.paginate_queryset(
                    PageItem.objects.all(), wrap(factory.get("/items/" + query))
                )
                results.append(dict(paginator.get_paginated_response([o.id for o in page]).data))
            assert results[0] == results[1], query
            links = [link for link in (results[0]["next"], results[0]["previous"]) if link]
            if not links:
                break
            query = "?" + rng.choice(links).split("?", 1)[1]


# --- async paginating (beyond DRF) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "query", "expected_queries"),
    [
        (PageNumberPagination, "?page=2", 2),
        (PageNumberPagination, "?page=last", 2),
        (LimitOffsetPagination, "?offset=3&limit=3", 2),
        (LimitOffsetPagination, "?offset=50", 1),
        (CursorPagination, "?cursor=" + encode("o=1&p=1"), 1),
        (CursorPagination, "?cursor=" + encode("r=1&p=1"), 1),
    ],
)
def test_apaginate_queryset_equals_paginate_queryset(items, cls, query, expected_queries):
    def paginator():
        instance = cls()
        instance.page_size = instance.default_limit = 2
        return instance

    sync_paginator = paginator()
    expected = sync_paginator.paginate_queryset(PageItem.objects.all(), request(query))
    async_paginator = paginator()
    with CaptureQueriesContext(connection) as queries:
        got = async_to_sync(async_paginator.apaginate_queryset)(
            PageItem.objects.all(), request(query)
        )
    assert got == expected
    assert async_paginator.get_paginated_response([]).data == (
        sync_paginator.get_paginated_response([]).data
    )
    assert len(queries.captured_queries) == expected_queries


@pytest.mark.parametrize(
    ("cls", "query", "message"),
    [
        (PageNumberPagination, "?page=0", "Invalid page."),
        (CursorPagination, "?cursor=garbage", "Invalid cursor"),
        (CursorPagination, "?cursor=" + encode("p=abc"), "Invalid cursor"),
    ],
)
def test_apaginate_queryset_errors_equal_sync(items, cls, query, message):
    paginator = cls()
    paginator.page_size = 2
    with pytest.raises(NotFound) as caught:
        async_to_sync(paginator.apaginate_queryset)(PageItem.objects.all(), request(query))
    assert caught.value.detail == message


def test_apaginate_page_number_unordered_queryset_warns(items):
    paginator = PageNumberPagination()
    paginator.page_size = 2
    with pytest.warns(UnorderedObjectListWarning):
        async_to_sync(paginator.apaginate_queryset)(PageItem.objects.order_by(), request())


def test_apaginate_accepts_lists():
    paginator = PageNumberPagination()
    paginator.page_size = 2
    assert async_to_sync(paginator.apaginate_queryset)([1, 2, 3], request("?page=2")) == [3]
    limits = LimitOffsetPagination()
    limits.default_limit = 2
    assert async_to_sync(limits.apaginate_queryset)([1, 2, 3], request("?offset=1")) == [2, 3]


def test_no_unordered_warning_for_ordered_querysets(items):
    paginator = PageNumberPagination()
    paginator.page_size = 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paginator.paginate_queryset(PageItem.objects.all(), request())


def test_apaginate_runs_a_subclass_sync_override(items):
    """A DRF-style subclass overriding ``paginate_queryset`` keeps its behaviour in async
    views: the override runs in a thread (it may query the database)."""

    class Custom(PageNumberPagination):
        page_size = 2

        def paginate_queryset(self, queryset, request, view=None):
            self.seen = PageItem.objects.count()  # sync I/O: only allowed off the event loop
            return super().paginate_queryset(queryset.filter(created=0), request, view)

    paginator = Custom()
    page = async_to_sync(paginator.apaginate_queryset)(PageItem.objects.all(), request())
    assert [item.id for item in page] == [1, 4]
    assert paginator.seen == 7


def test_apaginate_uses_a_subclass_get_count(items):
    class Capped(LimitOffsetPagination):
        default_limit = 2

        def get_count(self, queryset):
            return min(queryset.count(), 3)

    paginator = Capped()
    async_to_sync(paginator.apaginate_queryset)(PageItem.objects.all(), request("?offset=2"))
    assert paginator.count == 3
    assert paginator.get_next_link() is None


def test_apaginate_with_a_paginator_class_that_counts_its_own_way(items):
    from django.core.paginator import Paginator

    class Counted(Paginator):
        @property
        def count(self):
            return self.object_list.count()

    class Custom(PageNumberPagination):
        page_size = 3
        django_paginator_class = Counted

    page = async_to_sync(Custom().apaginate_queryset)(PageItem.objects.all(), request("?page=3"))
    assert [item.id for item in page] == [7]


def test_apaginate_cursor_subclass_override(items):
    class Custom(CursorPagination):
        page_size = 2

        def paginate_queryset(self, queryset, request, view=None):
            return super().paginate_queryset(queryset.exclude(created=2), request, view)

    page = async_to_sync(Custom().apaginate_queryset)(PageItem.objects.all(), request())
    assert [item.id for item in page] == [2, 5]


def test_huge_page_size_without_a_maximum(items):
    class Unbounded(PageNumberPagination):
        page_size = 2
        page_size_query_param = "size"

    huge = "9" * 25
    paginator = Unbounded()
    assert len(paginator.paginate_queryset(PageItem.objects.all(), request("?size=" + huge))) == 7
    with pytest.raises(NotFound):
        Unbounded().paginate_queryset(PageItem.objects.all(), request(f"?size={huge}&page=2"))


def test_page_controls_with_gaps():
    paginator = PageNumberPagination()
    paginator.page_size = 1
    paginator.paginate_queryset(list(range(20)), request("?page=10"))
    context = paginator.get_html_context()
    assert [link.number for link in context["page_links"]] == [1, None, 9, 10, 11, None, 20]
    assert context["page_links"][1] is PAGE_BREAK
    html = paginator.to_html()
    assert html.count("&hellip;") == 2
    assert '<a href="http://testserver/items/">1</a>' in html


_query_values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.binary(max_size=24).map(lambda raw: base64.b64encode(raw).decode()),
    st.lists(
        st.sampled_from(["o=", "r=", "p=", "&", "1", "-", "9" * 25, "abc", "\x00", "%"]),
        max_size=6,
    ).map(lambda parts: base64.b64encode("".join(parts).encode()).decode()),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.sampled_from(["/pages/", "/limits/", "/cursors/", "/events/", "/id-cursors/"]),
    key=st.sampled_from(["page", "page_size", "limit", "offset", "cursor"]),
    value=_query_values,
)
def test_no_query_value_is_a_server_error(items, url, key, value):
    from urllib.parse import urlencode

    response = APIClient(raise_request_exception=False).get(url + "?" + urlencode({key: value}))
    assert response.status_code in (200, 404), response.content
    if response.status_code == 404:
        assert response.content in (b'{"detail":"Invalid page."}', b'{"detail":"Invalid cursor"}')
