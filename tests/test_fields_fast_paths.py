"""Validation's fast paths answer exactly what the slow paths answer.

Two shortcuts keep per-item validation cheap: Django's stock ``EmailValidator`` is accepted
without its lazy-proxy overhead when its own patterns match, and the active time zone and each
message's translation are read from caches kept while the active ones are unchanged. Neither may
change a result: an address is accepted only if Django accepts it, customised validators keep
their own rules, and every run answers in its own language and time zone, even when runs overlap
in other threads or nest inside each other.
"""

import datetime
import re
import threading
import zoneinfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, MinLengthValidator, validate_email
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from restframe import fields, serializers

# --- EmailValidator: fast acceptance is sound -------------------------------------------------

_ATOM = "abcxyzABCXYZ0189!#$%&'*+/=?^_`{}|~-"
_AWKWARD = '.@"\\ \t\n\r[]():;,<>\x00\x7féßü中ǅ\u200b\ufeff\U0001f600'
_local_parts = st.one_of(
    st.text(alphabet=_ATOM + ".", min_size=0, max_size=70),
    st.text(alphabet=_ATOM + _AWKWARD, min_size=0, max_size=20),
    st.builds(lambda s: f'"{s}"', st.text(alphabet=_ATOM + _AWKWARD, max_size=12)),
)
_label_chars = "abcxyzABC0189-" + "éßü中ǅ" + "\u00a1\uffff_"
_labels = st.one_of(
    st.text(alphabet=_label_chars, min_size=0, max_size=8),
    st.text(alphabet="ab-", min_size=60, max_size=66),  # around the 63-character label limit
    st.builds(lambda s: "xn--" + s, st.text(alphabet="abc0189-", min_size=0, max_size=62)),
)
_domains = st.one_of(
    st.builds(".".join, st.lists(_labels, min_size=1, max_size=5)),
    st.builds(lambda d, end: d + end, st.just("example.com"), st.sampled_from([".", "..", "\n"])),
    st.sampled_from(["localhost", "intranet", "[127.0.0.1]", "[::1]", "[1.2.3]", "[::g]"]),
    st.text(alphabet=_label_chars + _AWKWARD, max_size=15),
)
_emails = st.one_of(
    st.builds(lambda u, d: f"{u}@{d}", _local_parts, _domains),
    st.builds(lambda u, d: f"{u}@{d}", _local_parts, _domains).map(lambda e: e + "\n"),
    st.builds(lambda u, d, n: f"{u * n}@{d}", _local_parts, _domains, st.integers(1, 40)),
    st.text(max_size=40),
)
_validators = st.sampled_from(
    [
        EmailValidator(),
        EmailValidator(message="Custom.", code="bad_email"),
        EmailValidator(allowlist=["intranet"]),
        EmailValidator(allowlist=[]),
    ]
)


def _django_accepts(validator: EmailValidator, value: str) -> bool:
    try:
        validator(value)
    except DjangoValidationError:
        return False
    return True


@settings(max_examples=3000, deadline=None)
@given(value=_emails, validator=_validators)
@example(value="ada@example.com", validator=EmailValidator())
@example(value="ada@example.com\n", validator=EmailValidator())
@example(value="ada@example.com.", validator=EmailValidator())
@example(value="ada@bücher.example", validator=EmailValidator())
@example(value='"a b"@example.com', validator=EmailValidator())
@example(value="ada@[127.0.0.1]", validator=EmailValidator())
@example(value="ada@localhost", validator=EmailValidator())
@example(value="ada@intranet", validator=EmailValidator(allowlist=["intranet"]))
@example(value="a" * 310 + "@example.com", validator=EmailValidator())
@example(value="ada@" + "a" * 64 + ".com", validator=EmailValidator())
def test_fast_acceptance_matches_django(value: str, validator: EmailValidator) -> None:
    """Fast acceptance implies Django's acceptance, and differs only for IP-literal domains."""
    fast = fields._email_accepted(validator, value)
    django = _django_accepts(validator, value)
    if fast:
        assert django, value
        assert _django_accepts(validate_email, value) or value.rsplit("@", 1)[1] == "intranet"
    literal = "@" in value and value.rsplit("@", 1)[1].startswith("[")
    if not literal:
        assert fast == django, value


def test_email_field_answers_as_before() -> None:
    field = fields.EmailField()
    assert field.run_validation(" ada@example.com ") == "ada@example.com"
    assert field.run_validation("ada@[127.0.0.1]") == "ada@[127.0.0.1]"
    for value in ("ada", "ada@example.com.", "ada@[1.2.3]", "ada@exa mple.com"):
        try:
            field.run_validation(value)
        except serializers.ValidationError as exc:
            assert exc.detail == ["Enter a valid email address."]
            assert exc.get_codes() == ["invalid"]
        else:
            raise AssertionError(f"{value!r} was accepted")


def _email_errors(validator: EmailValidator, value: str) -> object:
    field = fields.EmailField()
    field.validators[-1] = validator
    try:
        field.run_validation(value)
    except serializers.ValidationError as exc:
        return exc.detail
    return None


def test_a_customised_email_validator_keeps_its_own_rules() -> None:
    """Patterns or methods replaced on the instance, or a subclass, are not bypassed."""
    own_pattern = EmailValidator()
    own_pattern.user_regex = re.compile(r"^bob\Z")
    assert _email_errors(own_pattern, "ada@example.com") == ["Enter a valid email address."]
    assert _email_errors(own_pattern, "bob@example.com") is None

    own_domain_check = EmailValidator()
    own_domain_check.validate_domain_part = lambda domain_part: domain_part == "corp"  # type: ignore[method-assign]
    assert _email_errors(own_domain_check, "ada@example.com") == ["Enter a valid email address."]
    assert _email_errors(own_domain_check, "ada@corp") is None

    class OnlyCorp(EmailValidator):
        def __call__(self, value: str | None) -> None:
            super().__call__(value)
            if not (value or "").endswith("@corp.example"):
                raise DjangoValidationError("Corporate addresses only.", code="corp")

    assert _email_errors(OnlyCorp(), "ada@example.com") == ["Corporate addresses only."]
    assert _email_errors(OnlyCorp(), "ada@corp.example") is None


def test_the_allowlist_is_honoured() -> None:
    assert _email_errors(EmailValidator(), "ada@localhost") is None
    assert _email_errors(EmailValidator(allowlist=[]), "ada@localhost") == [
        "Enter a valid email address."
    ]
    assert _email_errors(EmailValidator(allowlist=["intranet"]), "ada@intranet") is None
    assert _email_errors(EmailValidator(), "ada@intranet") == ["Enter a valid email address."]


# --- cached reads of the language and time zone ----------------------------------------------


class Person(serializers.Serializer):
    age = serializers.IntegerField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=["admin"])
    joined = serializers.DateTimeField()


INVALID = {"age": "x", "email": "ada", "role": "root", "joined": "2024-01-02T03:04:05Z"}
ERRORS_EN = {
    "age": ["A valid integer is required."],
    "email": ["Enter a valid email address."],
    "role": ['"root" is not a valid choice.'],
}
ERRORS_FR = {
    "age": ["Un nombre entier valide est requis."],
    "email": ["Saisissez une adresse e-mail valide."],
    "role": ['"root" n\'est pas un choix valide.'],
}


def _errors(language: str, items: int = 3) -> object:
    with translation.override(language):
        serializer = Person(data=[INVALID] * items, many=True)
        serializer.is_valid()
    return serializer.errors


def test_every_item_is_translated_and_each_run_uses_its_own_language() -> None:
    assert _errors("fr") == {0: ERRORS_FR, 1: ERRORS_FR, 2: ERRORS_FR}
    assert _errors("en") == {0: ERRORS_EN, 1: ERRORS_EN, 2: ERRORS_EN}
    assert _errors("fr", items=1) == {0: ERRORS_FR}


def test_codes_survive_the_memo() -> None:
    serializer = Person(data=[INVALID] * 2, many=True)
    assert not serializer.is_valid()
    codes = {"age": ["invalid"], "email": ["invalid"], "role": ["invalid_choice"]}
    assert serializers.ValidationError(serializer.errors).get_codes() == {0: codes, 1: codes}


def test_a_field_outside_a_run_follows_the_active_language() -> None:
    field = fields.IntegerField()
    for language, text in (
        ("fr", "Un nombre entier valide est requis."),
        ("en", "A valid integer is required."),
    ):
        with translation.override(language):
            try:
                field.run_validation("x")
            except serializers.ValidationError as exc:
                assert exc.detail == [text]


def test_a_nested_run_in_a_hook_uses_the_language_it_activates() -> None:
    class Outer(serializers.Serializer):
        age = serializers.IntegerField()
        note = serializers.CharField()

        def validate_note(self, value: str) -> str:
            inner = Person(data=INVALID)
            with translation.override("fr"):
                inner.is_valid()
            raise serializers.ValidationError(inner.errors["age"])

    serializer = Outer(data={"age": "x", "note": "hi"})
    assert not serializer.is_valid()
    assert serializer.errors == {
        "age": ["A valid integer is required."],
        "note": ["Un nombre entier valide est requis."],
    }


def test_pluralised_django_messages_keep_their_number() -> None:
    """``ngettext_lazy`` messages pick their form from the params: never memoised as text."""

    class Named(serializers.Serializer):
        name = serializers.CharField(validators=[MinLengthValidator(5)])

    serializer = Named(data=[{"name": "Ada"}, {"name": "Bo"}], many=True)
    assert not serializer.is_valid()
    assert serializer.errors == {
        0: {"name": ["Ensure this value has at least 5 characters (it has 3)."]},
        1: {"name": ["Ensure this value has at least 5 characters (it has 2)."]},
    }


class Joined(serializers.Serializer):
    joined = serializers.DateTimeField()


def test_each_run_uses_the_time_zone_active_when_it_runs() -> None:
    data = [{"joined": "2024-01-02T03:04:05Z"}] * 2
    for zone, hour in (("Asia/Tokyo", 12), ("America/Chicago", 21)):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            serializer = Joined(data=data, many=True)
            assert serializer.is_valid()
        for item in serializer.validated_data:
            assert item["joined"].hour == hour
            assert str(item["joined"].tzinfo) == zone


def test_overlapping_runs_in_threads_keep_their_own_language_and_time_zone() -> None:
    """Two runs in flight at once (both inside a hook) never see each other's lookups."""
    barrier = threading.Barrier(2, timeout=10)

    class Slow(serializers.Serializer):
        age = serializers.IntegerField()
        joined = serializers.DateTimeField()
        wait = serializers.CharField()

        def validate_wait(self, value: str) -> str:
            barrier.wait()  # the other thread's run has started and is in flight too
            return value

    results: dict[str, tuple[object, datetime.datetime]] = {}

    def run(language: str, zone: str) -> None:
        translation.activate(language)
        timezone.activate(zoneinfo.ZoneInfo(zone))
        item = {"age": "x", "joined": "2024-01-02T03:04:05Z", "wait": "w"}
        serializer = Slow(data=[item, {**item, "age": 1}, item], many=True)
        serializer.is_valid()
        ok = Slow(data={**item, "age": 1})
        ok.is_valid()
        results[language] = (serializer.errors, ok.validated_data["joined"])

    threads = [
        threading.Thread(target=run, args=("fr", "Asia/Tokyo")),
        threading.Thread(target=run, args=("en", "America/Chicago")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fr_errors, fr_joined = results["fr"]
    en_errors, en_joined = results["en"]
    assert fr_errors == {i: {"age": ["Un nombre entier valide est requis."]} for i in (0, 2)}
    assert en_errors == {i: {"age": ["A valid integer is required."]} for i in (0, 2)}
    assert fr_joined == en_joined == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert (fr_joined.hour, en_joined.hour) == (12, 21)
