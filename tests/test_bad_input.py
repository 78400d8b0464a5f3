"""Bad input at a view: whatever the bytes, content type and headers, a clean 4xx, never a 5xx."""

import json

import pytest
from asgiref.sync import async_to_sync
from django.urls import path
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from restframe.authentication import BasicAuthentication, SessionAuthentication
from restframe.response import Response
from restframe.test import APIRequestFactory, AsyncAPIClient
from restframe.views import APIView


class Echo(APIView):
    authentication_classes = [BasicAuthentication, SessionAuthentication]

    def post(self, request):
        return Response({"data": request.data})


class EchoAsync(APIView):
    authentication_classes = [BasicAuthentication, SessionAuthentication]

    async def post(self, request):
        return Response({"data": request.data})


urlpatterns = [path("echo", EchoAsync.as_view()), path("echo-sync", Echo.as_view())]
handler400 = "restframe.defaults.bad_request"

echo = Echo.as_view()
factory = APIRequestFactory()

header_text = st.text(
    # Header values are ISO-8859-1 on the wire (RFC 9110), which is all a server can hand over.
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF),
    max_size=80,
)
content_types = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "application/json; charset=bz2_codec",
            "application/json; charset=nope",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            "text/plain",
            "",
        ]
    ),
    header_text,
)
accepts = st.one_of(
    st.sampled_from(["application/json", "*/*", "text/html", "application/json; indent=4"]),
    header_text,
)
authorizations = st.one_of(
    st.none(),
    st.sampled_from(
        ["Basic", "Basic  abc", "Basic !!!", "Basic YTpi", "Token x", "Basic w6k6w6k="]
    ),
    header_text,
)
bodies = st.one_of(
    st.binary(max_size=300),
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    ).map(lambda doc: json.dumps(doc).encode()),
)


def check(response):
    assert response.status_code < 500, response.content[:300]
    if response["Content-Type"].startswith("application/json"):
        json.loads(response.content)


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, content_type=content_types, accept=accepts, authorization=authorizations)
def test_sync_view_never_answers_5xx(body, content_type, accept, authorization):
    extra = {"HTTP_ACCEPT": accept}
    if authorization is not None:
        extra["HTTP_AUTHORIZATION"] = authorization
    request = factory.generic("POST", "/echo", body, content_type, **extra)
    response = echo(request)
    response.render()
    check(response)


@pytest.mark.urls("tests.test_bad_input")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, content_type=content_types, accept=accepts)
def test_async_view_never_answers_5xx(body, content_type, accept):
    assume(content_type.isascii())  # Django's ASGI test client only sends ASCII content types
    client = AsyncAPIClient(raise_request_exception=False)

    async def send():
        return await client.generic(
            "POST", "/echo", body, content_type or "application/octet-stream", HTTP_ACCEPT=accept
        )

    check(async_to_sync(send)())


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"[" * 100_000, "JSON parse error"),
        (
            b'{"a": NaN}',
            "JSON parse error - Out of range float values are not JSON compliant: 'NaN'",
        ),
        (b'{"a": "\\ud800"}', None),
    ],
)
def test_pathological_json(body, detail):
    response = echo(factory.generic("POST", "/echo", body, "application/json"))
    response.render()
    if detail is None:
        # A lone surrogate is valid JSON; echoed back it is escaped, not a crash.
        assert response.status_code == 200
        assert response.content == b'{"data":{"a":"\\ud800"}}'
    else:
        assert response.status_code == 400
        assert json.loads(response.content)["detail"].startswith(detail)


@pytest.mark.urls("tests.test_bad_input")
@pytest.mark.parametrize("url", ["/echo", "/echo-sync"])
def test_oversized_body_is_a_clean_400(settings, url):
    # As in DRF, the view does not handle RequestDataTooBig: Django's handler400 does, and the
    # negotiated one answers an API client in the API's format.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b'{"a": "' + b"x" * 2000 + b'"}'
    if url == "/echo":
        client = AsyncAPIClient(raise_request_exception=False)

        async def send():
            return await client.post(url, body, content_type="application/json")

        response = async_to_sync(send)()
    else:
        from restframe.test import APIClient

        response = APIClient(raise_request_exception=False).post(
            url, body, content_type="application/json"
        )
    assert response.status_code == 400
    assert response.content == b'{"detail":"Bad request."}'
