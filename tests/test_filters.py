"""Filter backends: DRF 3.18's ``SearchFilter`` and ``OrderingFilter``, through HTTP and directly.

Bodies are compared byte for byte with DRF's for the same request (observed by running DRF
3.18). Where DRF answers a 500 (an invalid regex on SQLite) restframe documents its 2xx/4xx.
"""

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restframe import filters
from restframe.exceptions import ValidationError
from restframe.filters import BaseFilterBackend, OrderingFilter, SearchFilter, search_smart_split
from restframe.request import Request
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient
from tests.models_pagination import PageItem, PageTag
from tests.urls_pagination import ItemSerializer, OrderedItems

pytestmark = [pytest.mark.urls("tests.urls_pagination"), pytest.mark.django_db]

factory = APIRequestFactory()

NAMES = ["apple pie", "Banana", "cherry, tart", "a.b", "x(y", "Ünïcode", 'he said "hi"']


def request(query=""):
    return Request(factory.get("/items/" + query))


@pytest.fixture
def items():
    red = PageTag.objects.create(label="red")
    blue = PageTag.objects.create(label="blue")
    created = []
    for i, name in enumerate(NAMES):
        item = PageItem.objects.create(name=name, created=i % 3, password=f"pw{i}")
        item.tags.add(red, blue)
        created.append(item)
    return created


def get(url, *, asynchronous=False):
    with CaptureQueriesContext(connection) as queries:
        if asynchronous:
            response = async_to_sync(AsyncAPIClient(raise_request_exception=False).get)(
                "/async" + url
            )
        else:
            response = APIClient(raise_request_exception=False).get(url)
    return response, len(queries.captured_queries)


both = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


def ids(response):
    return [item["id"] for item in response.json()]


# --- search terms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ('a b,c "d e" \'f g\' h,"i,j" ,, ', ["a", "b", "c", "d e", "f g", "h", '"i', 'j"']),
        ('"unterminated b', ['"unterminated', "b"]),
        ('""', [""]),
        ('" "', [" "]),
        ('"a b"c', ['"a b"c']),
        ("x\t y\nz", ["x", "y", "z"]),
        ('"a\\"b"', ['a"b']),
        ("é, ü", ["é", "ü"]),
        (",", []),
        ("a,,b", ["a", "b"]),
        ('"a,b" c', ["a,b", "c"]),
        # Commas around a chunk go first, so a quoted phrase stays whole between them ...
        (',,"hello, world",,', ["hello, world"]),
        ("',x y',", [",x y"]),
        # ... and a chunk whose quotes do not close at its end is split, each term trimmed.
        ('"hello, world",found', ['"hello', 'world"', "found"]),
    ],
)
def test_search_smart_split(text, terms):
    assert list(search_smart_split(text)) == terms


def test_search_smart_split_matches_drf():
    drf = pytest.importorskip("rest_framework.filters")
    for text in ['a "b c" d,e', "'x y',z", '"', "''", "a\\ b", '"a" "b"', ' , "q,r" ']:
        assert list(search_smart_split(text)) == list(drf.search_smart_split(text)), text


def test_search_terms():
    backend = SearchFilter()
    assert backend.get_search_terms(request("?search=%20a%20%20b%20")) == ["a", "b"]
    assert backend.get_search_terms(request()) == []
    with override_settings(REST_FRAMEWORK={"SEARCH_PARAM": "q"}):
        assert SearchFilter().search_param == "q"
        assert SearchFilter().get_search_terms(request("?q=x&search=y")) == ["x"]


def test_null_character_in_search_is_a_validation_error():
    with pytest.raises(ValidationError) as caught:
        SearchFilter().get_search_terms(request("?search=a%00b"))
    assert caught.value.get_codes() == ["null_characters_not_allowed"]


# --- search through HTTP ------------------------------------------------------------------------


@both
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?search=an", [2]),
        ("?search=AN", [2]),
        ("?search=apple,pie", [1]),
        ("?search=pie%20apple", [1]),
        ('?search="pie%20apple"', []),
        ('?search="apple%20pie"', [1]),
        # SQLite's LIKE folds ASCII case only (as with DRF on SQLite).
        ("?search=%C3%9Cn", [6]),
        ("?search=%C3%BCn", []),
        ("?search=", [1, 2, 3, 4, 5, 6, 7]),
        ("?search=%20%20", [1, 2, 3, 4, 5, 6, 7]),
        # ``=password``: exact (case-insensitive) only.
        ("?search=PW3", [4]),
        ("?search=pw", []),
        # LIKE wildcards are escaped: a literal "%" or "_".
        ("?search=%25", []),
        ("?search=_", []),
        ("?search=x(y", [5]),
    ],
)
def test_search_results(items, query, expected, asynchronous):
    response, queries = get("/search/" + query, asynchronous=asynchronous)
    assert response.status_code == 200
    assert ids(response) == expected
    assert queries == 1


@both
def test_search_body_bytes(items, asynchronous):
    response, _ = get("/search/?search=an", asynchronous=asynchronous)
    assert response.content == b'[{"id":2,"name":"Banana","created":1}]'


@both
def test_null_character_in_search_is_400(items, asynchronous):
    """DRF 3.18 validates the search value as a CharField: NUL is a 400, as there."""
    response, queries = get("/search/?search=a%00n", asynchronous=asynchronous)
    assert response.status_code == 400
    assert response.content == b'["Null characters are not allowed."]'
    assert queries == 0


@both
@pytest.mark.parametrize(
    ("field", "query", "expected"),
    [
        ("^name", "?search=b", [2]),
        ("^name", "?search=an", []),
        ("=name", "?search=banana", [2]),
        ("=name", "?search=banan", []),
        ("$name", "?search=^B", [2]),
        ("$name", "?search=a.b", [4]),
        ("$name", "?search=t$", [3]),
        ("name__iexact", "?search=BANANA", [2]),
        ("name__startswith", "?search=Ba", [2]),
        ("name__startswith", "?search=an", []),
    ],
)
def test_search_prefixes(items, field, query, expected, asynchronous):
    response, _ = get(f"/search/{field}/{query}", asynchronous=asynchronous)
    assert response.status_code == 200
    assert ids(response) == expected


@both
@pytest.mark.parametrize("pattern", ["x(y", "[a", "*", "a{2", "(?P<", "\\"])
def test_invalid_regex_matches_nothing(items, pattern, asynchronous):
    """DRF passes the pattern to SQLite, whose REGEXP fails the query (a 500). A term that is
    not a valid pattern matches nothing through a ``$`` field instead."""
    from urllib.parse import quote

    response, _ = get("/search/$name/?search=" + quote(pattern), asynchronous=asynchronous)
    assert response.status_code == 200
    assert response.content == b"[]"


def test_invalid_regex_still_searches_other_fields(items):
    class View:
        search_fields = ["$name", "=password"]

    queryset = SearchFilter().filter_queryset(
        request("?search=pw4"), PageItem.objects.all(), View()
    )
    assert [item.id for item in queryset] == [5]
    queryset = SearchFilter().filter_queryset(
        request("?search=x(%20pw4"), PageItem.objects.all(), View()
    )
    assert list(queryset) == []


@both
def test_search_across_many_to_many_keeps_rows_once(items, asynchronous):
    response, queries = get("/tag-search/?search=e", asynchronous=asynchronous)
    # Every item has both tags ("red", "blue"): a plain join would repeat each row.
    assert ids(response) == [1, 2, 3, 4, 5, 6, 7]
    assert queries == 1


def test_many_to_many_search_uses_exists():
    class View:
        search_fields = ["tags__label"]

    queryset = SearchFilter().filter_queryset(request("?search=r"), PageItem.objects.all(), View())
    assert "EXISTS" in str(queryset.query)


def test_search_fields_from_get_search_fields(items):
    class Backend(SearchFilter):
        def get_search_fields(self, view, request):
            return ["password"] if request.query_params.get("secret") else ["name"]

    found = Backend().filter_queryset(request("?search=pw1&secret=1"), PageItem.objects.all(), None)
    assert [item.id for item in found] == [2]
    found = Backend().filter_queryset(request("?search=pw1"), PageItem.objects.all(), None)
    assert list(found) == []


def test_no_search_fields_leaves_the_queryset():
    queryset = PageItem.objects.all()
    assert SearchFilter().filter_queryset(request("?search=x"), queryset, object()) is queryset


@pytest.mark.parametrize(
    ("field", "lookup"),
    [
        ("name", "name__icontains"),
        ("^name", "name__istartswith"),
        ("=name", "name__iexact"),
        ("@name", "name__search"),
        ("$name", "name__iregex"),
        ("name__exact", "name__exact"),
        ("name__istartswith", "name__istartswith"),
        ("name__regex", "name__regex"),
        ("tags__label", "tags__label__icontains"),
        ("tags__label__exact", "tags__label__exact"),
        ("tags__id", "tags__id__icontains"),
        ("tags", "tags__icontains"),
        ("name__bogus", "name__bogus__icontains"),
        ("name__lower", "name__lower__icontains"),
        ("name__lower__exact", "name__lower__exact"),
        ("created__gte", "created__gte"),
        ("pk__exact", "pk__exact"),
        ("n_tags", "n_tags__icontains"),
        ("n_tags__gte", "n_tags__gte__icontains"),
        ("bogus", "bogus__icontains"),
    ],
)
def test_construct_search(field, lookup):
    queryset = PageItem.objects.annotate(n_tags=Count("tags"))
    assert SearchFilter().construct_search(field, queryset) == lookup


def test_a_transform_in_search_fields_gets_the_default_lookup():
    from django.db.models import CharField, Transform
    from django.test.utils import register_lookup

    class Reversed(Transform):
        lookup_name = "rev"
        function = "REVERSE"

        def as_sqlite(self, compiler, connection, **extra):
            # SQLite has no REVERSE(): spell the two stored names backwards by hand.
            sql, params = compiler.compile(self.lhs)
            return (
                f"CASE {sql} WHEN 'apple' THEN 'elppa' WHEN 'banana' THEN 'ananab' END",
                params,
            )

    PageItem.objects.create(name="apple")
    PageItem.objects.create(name="banana")
    backend = SearchFilter()
    with register_lookup(CharField, Reversed):
        # A transform is not a lookup: "name__rev" searches with icontains, as in DRF, while a
        # real lookup after it is kept.
        queryset = PageItem.objects.all()
        assert backend.construct_search("name__rev", queryset) == "name__rev__icontains"
        assert backend.construct_search("name__rev__exact", queryset) == "name__rev__exact"

        class View:
            search_fields = ["name__rev"]

        found = backend.filter_queryset(request("?search=ppa"), queryset, View())
        assert [item.name for item in found] == ["apple"]


def test_unaccented_search_filter_lookups():
    backend = filters.UnaccentedSearchFilter()
    queryset = PageItem.objects.all()
    assert backend.construct_search("name", queryset) == "name__unaccent__icontains"
    assert backend.construct_search("^name", queryset) == "name__unaccent__istartswith"
    assert backend.construct_search("=name", queryset) == "name__unaccent__iexact"
    assert backend.construct_search("$name", queryset) == "name__unaccent__iregex"
    assert backend.construct_search("@name", queryset) == "name__search"
    assert backend.construct_search("name__exact", queryset) == "name__exact"


@pytest.mark.parametrize(
    ("fields", "distinct"),
    [
        (["name"], False),
        (["^name", "=password"], False),
        (["tags__label"], True),
        (["^tags__label"], True),
        (["tags"], True),
        (["name__exact"], False),
        (["n_tags"], False),
        (["pk"], False),
    ],
)
def test_must_call_distinct(fields, distinct):
    queryset = PageItem.objects.annotate(n_tags=Count("tags"))
    assert SearchFilter().must_call_distinct(queryset, fields) is distinct


def test_must_call_distinct_through_a_reverse_relation():
    assert SearchFilter().must_call_distinct(PageTag.objects.all(), ["items__name"]) is True


def test_search_html():
    class View:
        search_fields = ["name"]

    html = SearchFilter().to_html(request("?search=x%3Cy"), PageItem.objects.all(), View())
    assert 'name="search" value="x&lt;y"' in html
    assert "<h2>Search</h2>" in html
    assert SearchFilter().to_html(request(), PageItem.objects.all(), object()) == ""


def test_search_schema():
    assert SearchFilter().get_schema_operation_parameters(None) == [
        {
            "name": "search",
            "required": False,
            "in": "query",
            "description": "A search term.",
            "schema": {"type": "string"},
        }
    ]
    assert SearchFilter.lookup_prefixes == {
        "^": "istartswith",
        "=": "iexact",
        "@": "search",
        "$": "iregex",
    }
    assert str(SearchFilter.search_title) == "Search"


# --- ordering -----------------------------------------------------------------------------------


@both
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The view's default: ["-created", "id"].
        ("", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=name", [2, 4, 1, 3, 7, 5, 6]),
        ("?ordering=-name", [6, 5, 7, 3, 1, 4, 2]),
        ("?ordering=created,-name", [7, 1, 4, 5, 2, 6, 3]),
        ("?ordering=%20name%20,%20-created", [2, 4, 1, 3, 7, 5, 6]),
        # Not allowed or unknown: dropped silently (as DRF), the rest applies.
        ("?ordering=password", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=password,-name", [6, 5, 7, 3, 1, 4, 2]),
        ("?ordering=--name", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=-", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=?", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=,", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=id", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=tags__label", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=%00", [3, 6, 2, 5, 1, 4, 7]),
    ],
)
def test_ordering(items, query, expected, asynchronous):
    response, queries = get("/ordering/" + query, asynchronous=asynchronous)
    assert response.status_code == 200
    assert ids(response) == expected
    assert queries == 1


@both
def test_ordering_body_bytes(items, asynchronous):
    response, _ = get("/ordering/?ordering=-created,name&password", asynchronous=asynchronous)
    assert response.content == (
        b'[{"id":3,"name":"cherry, tart","created":2},'
        b'{"id":6,"name":"\xc3\x9cn\xc3\xafcode","created":2},'
        b'{"id":2,"name":"Banana","created":1},{"id":5,"name":"x(y","created":1},'
        b'{"id":4,"name":"a.b","created":0},{"id":1,"name":"apple pie","created":0},'
        b'{"id":7,"name":"he said \\"hi\\"","created":0}]'
    )


@both
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?ordering=-name", [6, 5, 7, 3, 1, 4, 2]),
        ("?ordering=-created", [3, 6, 2, 5, 1, 4, 7]),
        ("?ordering=-id", [7, 6, 5, 4, 3, 2, 1]),
        # ``password`` is a column, but no serializer field: not allowed.
        ("?ordering=-password", [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_ordering_defaults_to_the_serializer_fields(items, query, expected, asynchronous):
    response, _ = get("/serializer-ordering/" + query, asynchronous=asynchronous)
    assert ids(response) == expected


@both
def test_search_ordering_and_pages_together(items, asynchronous):
    response, queries = get(
        "/searched-pages/?search=a&ordering=-name&page=2", asynchronous=asynchronous
    )
    prefix = "http://testserver/async" if asynchronous else "http://testserver"
    assert response.json() == {
        "count": 5,
        "next": f"{prefix}/searched-pages/?ordering=-name&page=3&search=a",
        "previous": f"{prefix}/searched-pages/?ordering=-name&search=a",
        # Matching "a", by name descending (binary order on SQLite): 7, 3, then these two.
        "results": [
            {"id": 1, "name": "apple pie", "created": 0},
            {"id": 4, "name": "a.b", "created": 0},
        ],
    }
    assert queries == 2


def test_ordering_param_follows_settings(items):
    with override_settings(REST_FRAMEWORK={"ORDERING_PARAM": "sort"}):
        backend = OrderingFilter()
        assert backend.ordering_param == "sort"
        assert backend.get_ordering(request("?sort=-name&ordering=name"), None, OrderedItems()) == [
            "-name"
        ]


def test_all_fields_and_annotations():
    class View:
        ordering_fields = "__all__"

    queryset = PageItem.objects.annotate(total_count=Count("tags"))
    assert OrderingFilter().get_valid_fields(queryset, View()) == [
        ("id", "ID"),
        ("name", "name"),
        ("created", "created"),
        ("password", "password"),
        ("total_count", ["Total_Count"]),
    ]
    # With '__all__' every column is allowed, as in DRF; relations are not.
    backend = OrderingFilter()
    assert backend.get_ordering(request("?ordering=password"), queryset, View()) == ["password"]
    assert backend.get_ordering(request("?ordering=-total_count"), queryset, View()) == [
        "-total_count"
    ]
    assert backend.get_ordering(request("?ordering=tags"), queryset, View()) is None


def test_valid_fields_with_labels():
    class View:
        ordering_fields = [("name", "Name label"), "created"]

    assert OrderingFilter().get_valid_fields(PageItem.objects.all(), View()) == [
        ("name", "Name label"),
        ("created", "created"),
    ]


def test_default_valid_fields_skip_write_only_star_and_properties():
    from restframe import serializers

    PageItem.label_text = property(lambda self: self.name)

    class Detailed(ItemSerializer):
        secret = serializers.CharField(write_only=True)
        whole = serializers.CharField(source="*")
        label_text = serializers.CharField()
        shouted = serializers.CharField(source="name.upper", label="Shouted")

    class View:
        def get_serializer_class(self):
            return Detailed

    try:
        fields = OrderingFilter().get_valid_fields(PageItem.objects.all(), View())
    finally:
        del PageItem.label_text
    assert fields == [
        ("id", "Id"),
        ("name", "Name"),
        ("created", "Created"),
        ("name__upper", "Shouted"),
    ]


def test_ordering_without_fields_or_serializer_is_improperly_configured():
    message = (
        "Cannot use OrderingFilter on a view which does not have either a 'serializer_class', "
        "an overriding 'get_serializer_class' or 'ordering_fields' attribute."
    )
    with pytest.raises(ImproperlyConfigured) as caught:
        OrderingFilter().get_ordering(request("?ordering=name"), PageItem.objects.all(), object())
    assert str(caught.value) == message

    class NoSerializer:
        def get_serializer_class(self):
            raise AssertionError("no serializer_class")

    with pytest.raises(ImproperlyConfigured):
        OrderingFilter().get_valid_fields(PageItem.objects.all(), NoSerializer())


def test_default_ordering():
    backend = OrderingFilter()

    class Text:
        ordering = "name"

    class Listed:
        ordering = ["name", "-id"]

    assert backend.get_default_ordering(Text()) == ("name",)
    assert backend.get_default_ordering(Listed()) == ["name", "-id"]
    assert backend.get_default_ordering(object()) is None
    queryset = PageItem.objects.all()
    assert backend.filter_queryset(request(), queryset, object()) is queryset


def test_remove_invalid_fields():
    backend = OrderingFilter()
    fields = ["name", "-created", "password", "-password", "--name", "", "-"]
    assert backend.remove_invalid_fields(PageItem.objects.all(), fields, OrderedItems(), None) == [
        "name",
        "-created",
    ]


def test_ordering_template_context_and_html(items):
    class View:
        ordering_fields = [("name", "Name label"), "created"]

    backend = OrderingFilter()
    drf_request = request("?ordering=-name&search=x")
    context = backend.get_template_context(drf_request, PageItem.objects.all(), View())
    assert context["current"] == "-name"
    assert context["param"] == "ordering"
    assert context["request"] is drf_request
    assert context["options"] == [
        ("name", "Name label - ascending"),
        ("-name", "Name label - descending"),
        ("created", "created - ascending"),
        ("-created", "created - descending"),
    ]
    html = backend.to_html(drf_request, PageItem.objects.all(), View())
    # Links keep the other parameters (the search).
    assert 'href="/items/?ordering=-name&amp;search=x" class="list-group-item active"' in html
    assert 'href="/items/?ordering=created&amp;search=x" class="list-group-item"' in html


def test_ordering_schema():
    assert OrderingFilter().get_schema_operation_parameters(None) == [
        {
            "name": "ordering",
            "required": False,
            "in": "query",
            "description": "Which field to use when ordering the results.",
            "schema": {"type": "string"},
        }
    ]
    assert OrderingFilter.ordering_fields is None
    assert str(OrderingFilter.ordering_title) == "Ordering"


# --- the base class and async filtering ---------------------------------------------------------


def test_base_filter_backend():
    backend = BaseFilterBackend()
    with pytest.raises(NotImplementedError, match=r"^\.filter_queryset\(\) must be overridden\.$"):
        backend.filter_queryset(request(), PageItem.objects.all(), None)
    assert backend.get_schema_operation_parameters(None) == []


def test_afilter_queryset_inline_for_built_ins(items):
    class View:
        search_fields = ["name"]
        ordering_fields = ["name"]

    queryset = PageItem.objects.all()
    searched = async_to_sync(SearchFilter().afilter_queryset)(
        request("?search=an"), queryset, View()
    )
    assert [item.id for item in searched] == [2]
    ordered = async_to_sync(OrderingFilter().afilter_queryset)(
        request("?ordering=-name"), queryset, View()
    )
    assert str(ordered.query) == str(queryset.order_by("-name").query)


def test_afilter_queryset_runs_custom_backends_in_a_thread(items):
    class Counting(BaseFilterBackend):
        def filter_queryset(self, request, queryset, view):
            # A query: only allowed off the event loop.
            return queryset.filter(id__lte=PageItem.objects.count() - 5)

    class OverriddenSearch(SearchFilter):
        def filter_queryset(self, request, queryset, view):
            return queryset.filter(id__in=list(queryset.values_list("id", flat=True)[:1]))

    found = async_to_sync(Counting().afilter_queryset)(request(), PageItem.objects.all(), None)
    assert [item.id for item in found] == [1, 2]
    found = async_to_sync(OverriddenSearch().afilter_queryset)(
        request(), PageItem.objects.all(), None
    )
    assert [item.id for item in found] == [1]


def test_construct_search_and_distinct_match_drf():
    drf = pytest.importorskip("rest_framework.filters")
    queryset = PageItem.objects.annotate(n_tags=Count("tags"))
    fields = [
        "name",
        "^name",
        "=name",
        "$name",
        "@name",
        "name__exact",
        "name__lower",
        "name__lower__exact",
        "tags__label",
        "tags__label__exact",
        "tags",
        "created__gte",
        "n_tags",
        "n_tags__gte",
        "name__bogus",
        "tags__id",
        "pk__exact",
    ]
    for field in fields:
        expected = drf.SearchFilter().construct_search(field, queryset)
        assert SearchFilter().construct_search(field, queryset) == expected, field
    for field in ["name", "^name", "tags__label", "tags", "n_tags", "name__exact"]:
        expected = drf.SearchFilter().must_call_distinct(queryset, [field])
        assert SearchFilter().must_call_distinct(queryset, [field]) is expected, field


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.sampled_from(
        ["/search/", "/search/$name/", "/search/^name/", "/tag-search/", "/ordering/"]
    ),
    key=st.sampled_from(["search", "ordering"]),
    value=st.text(max_size=40),
)
def test_no_search_or_ordering_is_a_server_error(items, url, key, value):
    from urllib.parse import urlencode

    response = APIClient(raise_request_exception=False).get(url + "?" + urlencode({key: value}))
    if key == "search" and "\x00" in value and not url.startswith("/ordering/"):
        assert response.status_code == 400
    else:
        assert response.status_code == 200, response.content
