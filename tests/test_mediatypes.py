"""restframe.utils.mediatypes: DRF's matching/precedence, and RFC 9110 quality values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe.utils.mediatypes import (
    _MediaType,
    accept_quality,
    media_type_matches,
    order_by_precedence,
    order_parsed_by_precedence,
    prefers,
)

drf_mediatypes = pytest.importorskip("rest_framework.utils.mediatypes")

CHROME_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
FIREFOX_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RFC_ACCEPT = (
    "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, "
    "text/plain;format=fixed;q=0.4, */*;q=0.5"
)


# --- DRF's semantics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs", "expected"),
    [
        ("application/json", "application/json", True),
        ("application/json", "*/*", True),
        ("application/json", "application/*", True),
        ("application/json", "text/*", False),
        ("application/json", "text/html", False),
        ("application/json", "APPLICATION/JSON", True),
        ("application/json", "application/json; version=2", True),
        ("application/json; version=2", "application/json", False),
        ("application/json; version=2", "application/json; version=2", True),
        ("application/json; version=2", "application/json; version=3", False),
        ("application/json; q=0.2", "application/json", True),
        ("*/*", "text/html", True),
        ("application/json", "", False),
        ("application/json", "garbage", False),
    ],
)
def test_media_type_matches(lhs, rhs, expected):
    assert media_type_matches(lhs, rhs) is expected
    assert drf_mediatypes.media_type_matches(lhs, rhs) is expected


def test_order_by_precedence_groups_most_specific_first():
    types = ["*/*", "text/*", "text/html", "text/html; level=1", "application/json; q=0.5"]
    assert order_by_precedence(types) == [
        {"text/html; level=1"},
        {"text/html", "application/json; q=0.5"},
        {"text/*"},
        {"*/*"},
    ]
    assert order_by_precedence(["*/*"]) == [{"*/*"}]


@pytest.mark.parametrize(
    ("text", "precedence"),
    [("*/*", 0), ("text/*", 1), ("text/html", 2), ("text/html; q=0.4", 2), ("text/html; a=1", 3)],
)
def test_media_type_precedence(text, precedence):
    assert _MediaType(text).precedence == precedence


def test_media_type_parts_and_str():
    media_type = _MediaType("Application/JSON; indent=4; charset=utf-8")
    assert media_type.main_type == "application"
    assert media_type.sub_type == "json"
    assert media_type.params == {"indent": "4", "charset": "utf-8"}
    assert str(media_type) == "application/json; indent=4; charset=utf-8"
    assert str(_MediaType(None)) == "/"
    assert _MediaType("text/html").match(_MediaType("*/*"))


def test_media_type_params_are_not_shared_between_instances():
    first = _MediaType("text/html; a=1")
    first.params["a"] = "changed"
    assert _MediaType("text/html; a=1").params == {"a": "1"}


def test_media_type_django_refuses_is_empty():
    # Django raises ValueError for an unknown RFC 2231 charset; DRF 3.18.3 treats the value as
    # an empty media type (matching nothing) instead of failing with a 500.
    media_type = _MediaType("text/html; a*=bogus''x; b=2")
    assert (media_type.full_type, media_type.params, media_type.precedence) == ("", {}, 2)
    assert not media_type_matches("text/html", "text/html; a*=bogus''x")


def test_media_types_compare_by_original_text():
    assert _MediaType("text/html") == _MediaType("text/html")
    assert _MediaType("text/html") != _MediaType("TEXT/HTML")
    assert len({_MediaType("a/b"), _MediaType("a/b"), _MediaType("a/c")}) == 2


def test_order_parsed_by_precedence():
    parsed = [_MediaType(text) for text in ["*/*", "text/html", "text/html", "text/*"]]
    assert order_parsed_by_precedence(parsed) == [
        {_MediaType("text/html")},
        {_MediaType("text/*")},
        {_MediaType("*/*")},
    ]


def test_long_media_types_are_parsed_too():
    long_value = "x" * 300
    media_type = _MediaType(f"text/html; a={long_value}")
    assert media_type.params == {"a": long_value}
    assert accept_quality(f"text/html;q=0.5;a={long_value}, " + "a/b, " * 300, "text/html") == 0.5


media_type_text = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{}/{}{}".format,
        st.sampled_from(["*", "text", "application", "TEXT", ""]),
        st.sampled_from(["*", "html", "json", "", "x+json"]),
        st.sampled_from(["", ";q=0.5", "; a=1", ";q=0.1; b=2", '; c="x;y"', ";"]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(media_type_text, media_type_text)
def test_media_types_agree_with_drf(lhs, rhs):
    try:
        expected = drf_mediatypes._MediaType(lhs), drf_mediatypes._MediaType(rhs)
    except ValueError:
        return  # DRF fails on these; restframe only has to stay calm (checked below)
    ours = _MediaType(lhs), _MediaType(rhs)
    for mine, theirs in zip(ours, expected, strict=True):
        assert (mine.main_type, mine.sub_type, mine.params, mine.precedence, str(mine)) == (
            theirs.main_type,
            theirs.sub_type,
            theirs.params,
            theirs.precedence,
            str(theirs),
        )
    assert ours[0].match(ours[1]) == expected[0].match(expected[1])


@settings(max_examples=200, deadline=None)
@given(st.lists(media_type_text, max_size=6))
def test_order_by_precedence_agrees_with_drf(types):
    try:
        expected = drf_mediatypes.order_by_precedence(types)
    except ValueError:
        expected = None
    result = order_by_precedence(types)
    if expected is not None:
        assert result == expected
    assert sorted(t for group in result for t in group) == sorted(set(types))


# --- RFC 9110 quality values --------------------------------------------------------------


@pytest.mark.parametrize(
    ("media_type", "quality"),
    [
        # RFC 9110 §12.5.1's own example
        ("text/plain;format=flowed", 1.0),
        ("text/plain", 0.7),
        ("text/html", 0.3),
        ("image/jpeg", 0.5),
        ("text/plain;format=fixed", 0.4),
        ("text/html;level=3", 0.3),
    ],
)
def test_accept_quality_rfc_example(media_type, quality):
    assert accept_quality(RFC_ACCEPT, media_type) == quality


@pytest.mark.parametrize(
    ("header", "media_type", "quality"),
    [
        ("", "text/html", 1.0),
        ("   ", "application/json", 1.0),
        ("garbage", "text/html", 1.0),
        ("*/*", "text/html", 1.0),
        ("application/json", "text/html", 0.0),
        ("application/json", "application/json", 1.0),
        ("application/*;q=0.2", "application/json", 0.2),
        ("TEXT/HTML;Q=0.5", "text/html", 0.5),
        ("text/html;q=0", "text/html", 0.0),
        ("text/html;q=1.000", "text/html", 1.0),
        ("text/html;q=.5", "text/html", 0.5),
        # malformed weights and ranges are ignored, the rest of the header still counts
        ("text/html;q=abc, */*;q=0.1", "text/html", 0.1),
        ("text/html;q=1.5, */*;q=0.1", "text/html", 0.1),
        ("*/html, */*;q=0.3", "text/html", 0.3),
        ("text/html;q=0.9;level=1", "text/html", 0.9),  # after q: not a media-type parameter
        ("text/html;level, application/json", "text/html", 1.0),  # broken parameter dropped
        ('text/html;foo="a,b";q=0.5, */*;q=0.1', 'text/html;foo="a,b"', 0.5),
        ('text/html;foo="a,b";q=0.5, */*;q=0.1', "text/html", 0.1),
        ("text/html;q=0.2, text/html;q=0.9", "text/html", 0.2),  # equally specific: first wins
        (",,text/html;q=0.4,,", "text/html", 0.4),
        (CHROME_ACCEPT, "text/html", 1.0),
        (CHROME_ACCEPT, "application/json", 0.8),
        (CHROME_ACCEPT, "application/problem+json", 0.8),
        (FIREFOX_ACCEPT, "application/json", 0.8),
    ],
)
def test_accept_quality(header, media_type, quality):
    assert accept_quality(header, media_type) == quality


def test_accept_quality_of_a_malformed_media_type_is_zero():
    assert accept_quality("text/html", "not a media type") == 0.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (CHROME_ACCEPT, True),
        (FIREFOX_ACCEPT, True),
        ("text/html", True),
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("text/html, application/json", False),  # a tie is no preference
        ("application/json;q=0.9, text/html;q=0.8", False),
        ("application/json;q=0.5, text/*", True),
    ],
)
def test_prefers_html_over_json(header, expected):
    assert prefers(header, "text/html", "application/json") is expected


accept_headers = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.builds(
            "{}/{}{}{}".format,
            st.sampled_from(["*", "text", "application", "image", "x y", '"']),
            st.sampled_from(["*", "html", "json", "problem+json", ""]),
            st.sampled_from(["", ";level=1", '; a="q=1,2"', ";;", ";=", '"']),
            st.one_of(
                st.just(""),
                st.builds(";q={}".format, st.floats(allow_nan=True, allow_infinity=True)),
                st.builds(";q={}".format, st.text(max_size=5)),
            ),
        ),
        max_size=5,
    ).map(", ".join),
)


@settings(max_examples=200, deadline=None)
@given(accept_headers, st.text(max_size=20) | st.sampled_from(["text/html", "application/json"]))
def test_accept_quality_is_always_a_valid_quality(header, media_type):
    quality = accept_quality(header, media_type)
    assert isinstance(quality, float)
    assert 0.0 <= quality <= 1.0
    assert prefers(header, media_type, "application/json") in (True, False)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["text/html", "application/json", "image/png"]),
    st.integers(min_value=0, max_value=1000),
)
def test_an_exact_range_gives_its_own_weight(media_type, millis):
    weight = millis / 1000
    header = f"*/*;q=0.001, {media_type};q={weight:.3f}"
    assert accept_quality(header, media_type) == pytest.approx(weight)
