"""restframe's own message catalogues, seen the way a client sees them.

Requests go through Django's ``LocaleMiddleware`` with an ``Accept-Language`` header and must come
back with the exact translated body. The shipped ``.po`` files must be complete (nothing
untranslated or fuzzy, placeholders kept, the right plural forms) and their compiled ``.mo``
files must hold exactly the same messages, because the ``.mo`` files are what Django loads and CI
never recompiles them.

This module is also the URLconf of its own tests (``pytest.mark.urls(__name__)``).
"""

import ast
import gettext
import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings
from django.urls import path
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given, settings
from hypothesis import strategies as st

import restframe
from restframe import catalog, exceptions, fields, serializers
from restframe.response import Response
from restframe.test import APIClient, AsyncAPIClient
from restframe.views import APIView

LOCALE_DIR = Path(restframe.__file__).parent / "locale"
PACKAGE_DIR = Path(restframe.__file__).parent

# Directory name -> number of plural forms of that language.
LANGUAGES = {
    "fr": 2,
    "de": 2,
    "es": 2,
    "pt_BR": 2,
    "ru": 3,
    "ja": 1,
    "ko": 1,
    "zh_Hans": 1,
}
# Directory name -> what a client sends in Accept-Language.
ACCEPT = {
    "fr": "fr",
    "de": "de-DE,de;q=0.9,en;q=0.5",
    "es": "es",
    "pt_BR": "pt-BR",
    "ru": "ru-RU",
    "ja": "ja",
    "ko": "ko-KR",
    "zh_Hans": "zh-Hans",
}

WAIT_SINGULAR = "Expected available in {wait} second."
WAIT_PLURAL = "Expected available in {wait} seconds."

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


# --- the URLconf ---------------------------------------------------------------------------


class NotFoundView(APIView):
    def get(self, request):
        raise exceptions.NotFound()


class AsyncNotFoundView(APIView):
    async def get(self, request):
        raise exceptions.NotFound()


class ThrottledView(APIView):
    def get(self, request, wait):
        raise exceptions.Throttled(wait=wait)


class OrderSerializer(serializers.Serializer):
    quantity = fields.IntegerField(max_value=10)
    code = fields.CharField(max_length=3)
    note = fields.CharField()


class OrderView(APIView):
    def post(self, request):
        serializer = OrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


class CrashView(APIView):
    def get(self, request):
        raise RuntimeError("internal detail that must not leak")


urlpatterns = [
    path("not-found", NotFoundView.as_view()),
    path("async-not-found", AsyncNotFoundView.as_view()),
    path("throttled/<int:wait>", ThrottledView.as_view()),
    path("orders", OrderView.as_view()),
    path("crash", CrashView.as_view()),
]
handler500 = "restframe.defaults.server_error"

pytestmark = [
    pytest.mark.urls(__name__),
    pytest.mark.usefixtures("locale_middleware"),
]


@pytest.fixture
def locale_middleware():
    """LocaleMiddleware on; the thread's language reset afterwards so no other test sees it."""
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        yield
    translation.deactivate()


def get(path, language=None, **headers):
    if language is not None:
        headers["accept-language"] = language
    return APIClient(raise_request_exception=False).get(path, headers=headers)


def body(data):
    """The bytes restframe's JSON renderer sends: compact, UTF-8, no ASCII escaping."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# --- through HTTP --------------------------------------------------------------------------

NOT_FOUND = {
    "fr": "Introuvable.",
    "de": "Nicht gefunden.",
    "es": "No encontrado.",
    "pt_BR": "Não encontrado.",
    "ru": "Не найдено.",
    "ja": "見つかりません。",
    "ko": "찾을 수 없습니다.",
    "zh_Hans": "未找到。",
}


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_not_found_is_translated(lang):
    response = get("/not-found", ACCEPT[lang])
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.content == body({"detail": NOT_FOUND[lang]})
    assert response["Content-Language"] == translation.to_language(lang)


@pytest.mark.parametrize("accept", [None, "xx-YY", "en-GB"])
def test_english_without_a_supported_language(accept):
    response = get("/not-found", accept)
    assert response.content == b'{"detail":"Not found."}'


def test_translation_follows_each_request():
    assert get("/not-found", "de").content == body({"detail": "Nicht gefunden."})
    assert get("/not-found", "ru").content == body({"detail": "Не найдено."})
    assert get("/not-found").content == b'{"detail":"Not found."}'


@pytest.mark.parametrize(
    "lang, detail",
    [("fr", "Introuvable."), ("de", "Nicht gefunden."), ("ru", "Не найдено.")],
)
def test_async_view_is_translated(lang, detail):
    client = AsyncAPIClient(raise_request_exception=False)
    response = async_to_sync(client.get)(
        "/async-not-found", headers={"accept-language": ACCEPT[lang]}
    )
    assert response.status_code == 404
    assert response.content == body({"detail": detail})


VALIDATION = {
    "fr": {
        "quantity": ["Assurez-vous que cette valeur est inférieure ou égale à 10."],
        "code": ["Assurez-vous que ce champ ne comporte pas plus de 3 caractères."],
        "note": ["Ce champ est obligatoire."],
    },
    "de": {
        "quantity": ["Stellen Sie sicher, dass dieser Wert kleiner oder gleich 10 ist."],
        "code": ["Stellen Sie sicher, dass dieses Feld nicht mehr als 3 Zeichen enthält."],
        "note": ["Dieses Feld ist erforderlich."],
    },
    "ru": {
        "quantity": ["Убедитесь, что значение меньше или равно 10."],
        "code": ["Убедитесь, что количество символов в этом поле не превышает 3."],
        "note": ["Это поле обязательно."],
    },
    "es": {
        "quantity": ["Asegúrese de que este valor sea menor o igual que 10."],
        "code": ["Asegúrese de que este campo no tenga más de 3 caracteres."],
        "note": ["Este campo es obligatorio."],
    },
    "ja": {
        "quantity": ["この値は 10 以下にしてください。"],
        "code": ["このフィールドは 3 文字以下にしてください。"],
        "note": ["このフィールドは必須です。"],
    },
}


@pytest.mark.parametrize("lang", list(VALIDATION))
def test_serializer_field_errors_are_translated(lang):
    response = APIClient(raise_request_exception=False).post(
        "/orders",
        {"quantity": 11, "code": "ABCD"},
        format="json",
        headers={"accept-language": ACCEPT[lang]},
    )
    assert response.status_code == 400
    assert response.content == body(VALIDATION[lang])


def test_invalid_choice_keeps_the_input():
    class Pick(serializers.Serializer):
        colour = fields.ChoiceField(choices=["red", "green"])

    with translation.override("fr"):
        serializer = Pick(data={"colour": "blue"})
        assert not serializer.is_valid()
        assert serializer.errors == {"colour": ['"blue" n\'est pas un choix valide.']}


THROTTLED = {
    "fr": [
        (1, "La requête a été limitée. Disponible à nouveau dans 1 seconde."),
        (2, "La requête a été limitée. Disponible à nouveau dans 2 secondes."),
    ],
    "de": [
        (1, "Die Anfrage wurde gedrosselt. Wieder verfügbar in 1 Sekunde."),
        (5, "Die Anfrage wurde gedrosselt. Wieder verfügbar in 5 Sekunden."),
    ],
    "ru": [
        (
            1,
            "Запрос отклонён из-за ограничения частоты. "
            "Повторный запрос будет возможен через 1 секунду.",
        ),
        (
            2,
            "Запрос отклонён из-за ограничения частоты. "
            "Повторный запрос будет возможен через 2 секунды.",
        ),
        (
            5,
            "Запрос отклонён из-за ограничения частоты. "
            "Повторный запрос будет возможен через 5 секунд.",
        ),
        (
            11,
            "Запрос отклонён из-за ограничения частоты. "
            "Повторный запрос будет возможен через 11 секунд.",
        ),
        (
            21,
            "Запрос отклонён из-за ограничения частоты. "
            "Повторный запрос будет возможен через 21 секунду.",
        ),
        (
            24,
            "Запрос отклонён из-за ограничения частоты. "
            "Повторный запрос будет возможен через 24 секунды.",
        ),
    ],
    "ja": [(5, "リクエストが制限されました。 5 秒後に再び利用可能になる見込みです。")],
}


@pytest.mark.parametrize(
    "lang, wait, detail",
    [(lang, wait, detail) for lang, cases in THROTTLED.items() for wait, detail in cases],
)
def test_throttled_uses_the_language_plural_forms(lang, wait, detail):
    response = get(f"/throttled/{wait}", ACCEPT[lang])
    assert response.status_code == 429
    assert response["Retry-After"] == str(wait)
    assert response.content == body({"detail": detail})


def _russian_seconds(n):
    """Russian grammar, stated independently of the catalogue's Plural-Forms formula."""
    last_two, last = n % 100, n % 10
    if last == 1 and last_two != 11:
        return "секунду"
    if last in (2, 3, 4) and last_two not in (12, 13, 14):
        return "секунды"
    return "секунд"


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_russian_wait_agrees_with_the_number(wait):
    with translation.override("ru"):
        detail = str(exceptions.Throttled(wait=wait).detail)
    assert detail.endswith(f" через {wait} {_russian_seconds(wait)}.")


SERVER_ERROR = {
    "fr": "Une erreur du serveur est survenue.",
    "de": "Ein Serverfehler ist aufgetreten.",
    "ru": "Произошла ошибка сервера.",
    "zh_Hans": "服务器发生错误。",
}


@pytest.mark.parametrize("lang", list(SERVER_ERROR))
def test_unhandled_error_page_is_translated(lang, caplog):
    response = get("/crash", ACCEPT[lang])
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert list(data) == ["detail", "error_id"]
    assert data["detail"] == SERVER_ERROR[lang]
    uuid.UUID(data["error_id"])
    assert response.content == body({"detail": SERVER_ERROR[lang], "error_id": data["error_id"]})
    assert b"internal detail" not in response.content


@pytest.mark.parametrize(
    "lang, title, detail",
    [
        ("fr", "Introuvable", "Introuvable."),
        ("de", "Nicht gefunden", "Nicht gefunden."),
        ("ru", "Не найдено", "Не найдено."),
    ],
)
def test_problem_details_title_is_translated(lang, title, detail):
    response = get(
        "/not-found", ACCEPT[lang], accept="application/problem+json, application/json;q=0.5"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": title,
        "status": 404,
        "detail": detail,
        "instance": "/not-found",
        "code": "not_found",
    }


# --- the catalogues themselves -------------------------------------------------------------


def _parse_po(text):
    """The entries of a ``.po`` file: dicts of ``flags``, ``msgid``, ``msgid_plural``,
    ``msgstr`` (str) or ``msgstr[n]`` (list), plus ``obsolete`` if any ``#~`` line was seen."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = {"flags": set(), "obsolete": False}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        plural = sorted(k for k in entry if k.startswith("msgstr["))
        if plural:
            entry["forms"] = [entry[k] for k in plural]
        entries.append(entry)
    return entries


def _catalogue(lang):
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    entries = _parse_po(po.read_text(encoding="utf-8"))
    header = next(e for e in entries if e["msgid"] == "")
    messages = [e for e in entries if e["msgid"] != ""]
    fields_ = dict(line.split(": ", 1) for line in header["msgstr"].splitlines() if ": " in line)
    return header, fields_, messages


def _mo(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
        return gettext.GNUTranslations(f)


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]+\)[sdr]|%[sdr]")


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_catalogue_is_complete(lang):
    header, meta, messages = _catalogue(lang)
    assert "fuzzy" not in header["flags"]
    assert meta["Language"] == lang
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Plural-Forms"].startswith(f"nplurals={LANGUAGES[lang]};")
    assert messages
    for entry in messages:
        assert not entry["obsolete"], entry["msgid"]
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        if "msgid_plural" in entry:
            assert len(entry["forms"]) == LANGUAGES[lang], entry["msgid"]
            translations = entry["forms"]
            source = entry["msgid_plural"]
        else:
            translations = [entry["msgstr"]]
            source = entry["msgid"]
        for text in translations:
            assert text.strip(), f"untranslated in {lang}: {entry['msgid']!r}"
            assert _placeholders(text) == _placeholders(source), (lang, entry["msgid"], text)


def test_catalogues_hold_the_same_messages():
    ids = {
        lang: {(e["msgid"], e.get("msgid_plural")) for e in _catalogue(lang)[2]}
        for lang in LANGUAGES
    }
    reference = ids["fr"]
    for lang, found in ids.items():
        assert found == reference, lang


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_compiled_catalogue_matches_its_source(lang):
    """The shipped ``.mo`` holds exactly the ``.po``'s messages (CI never recompiles)."""
    _, _, messages = _catalogue(lang)
    mo = _mo(lang)
    expected = {}
    for entry in messages:
        if "forms" in entry:
            for index, form in enumerate(entry["forms"]):
                expected[(entry["msgid"], index)] = form
        else:
            expected[entry["msgid"]] = entry["msgstr"]
    compiled = {key: value for key, value in mo._catalog.items() if key != ""}
    assert compiled == expected


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_compiled_plural_rule(lang):
    mo = _mo(lang)
    rules = {
        "fr": {0: 0, 1: 0, 2: 1, 5: 1},
        "pt_BR": {0: 0, 1: 0, 2: 1, 5: 1},
        "de": {0: 1, 1: 0, 2: 1, 5: 1},
        "es": {0: 1, 1: 0, 2: 1, 5: 1},
        "ru": {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 0, 22: 1, 25: 2, 111: 2},
        "ja": {0: 0, 1: 0, 2: 0, 100: 0},
        "ko": {0: 0, 1: 0, 2: 0, 100: 0},
        "zh_Hans": {0: 0, 1: 0, 2: 0, 100: 0},
    }[lang]
    for n, form in rules.items():
        assert mo.plural(n) == form, (lang, n)
        assert mo.ngettext(WAIT_SINGULAR, WAIT_PLURAL, n) == mo._catalog[(WAIT_SINGULAR, form)]


def _restframe_messages():
    """Every message restframe's own error catalog lists, as its untranslated msgid."""
    found = set()
    with translation.override(None):
        for entry in catalog.entries():
            if entry.source.startswith("restframe."):
                assert isinstance(entry.message, Promise), f"not translatable: {entry}"
                found.add(str(entry.message))
        found.update(str(title) for title in catalog.TITLES.values())
        found.add(catalog.title_for(599))
        found.add(catalog.title_for(499))
    return found


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_catalogued_error_is_translated(lang):
    _, _, messages = _catalogue(lang)
    ids = {e["msgid"] for e in messages}
    missing = _restframe_messages() - ids
    assert not missing, f"{lang} lacks {sorted(missing)}"
    plural = [e for e in messages if e["msgid"] == WAIT_SINGULAR]
    assert plural and plural[0].get("msgid_plural") == WAIT_PLURAL


_TRANSLATE_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1""")
_BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?\s*%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)


def _template_msgids() -> set[str]:
    """What ``makemessages`` extracts from the templates: ``{% translate "x" %}`` as is, and a
    ``{% blocktranslate %}`` body with each ``{{ var }}`` as ``%(var)s``."""
    found: set[str] = set()
    for template in (PACKAGE_DIR / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        found |= {m.group(2) for m in _TRANSLATE_TAG.finditer(text)}
        found |= {
            re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", m.group(1)) for m in _BLOCK_TAG.finditer(text)
        }
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogues_match_the_source_code(tmp_path):
    """What ``makemessages`` would extract now is exactly what the catalogues hold."""
    sources = sorted(
        str(p.relative_to(PACKAGE_DIR))
        for p in PACKAGE_DIR.rglob("*.py")
        if "locale" not in p.relative_to(PACKAGE_DIR).parts
    )
    pot = tmp_path / "restframe.pot"
    subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--output",
            str(pot),
            "--keyword=gettext_noop",
            "--keyword=gettext_lazy",
            "--keyword=ngettext_lazy:1,2",
            "--keyword=pgettext:1c,2",
            "--keyword=npgettext:1c,2,3",
            "--keyword=pgettext_lazy:1c,2",
            "--keyword=npgettext_lazy:1c,2,3",
            *sources,
        ],
        cwd=PACKAGE_DIR,
        check=True,
        capture_output=True,
    )
    extracted = {e["msgid"] for e in _parse_po(pot.read_text(encoding="utf-8")) if e["msgid"]}
    extracted |= _template_msgids()
    for lang in LANGUAGES:
        ids = {e["msgid"] for e in _catalogue(lang)[2]}
        assert extracted - ids == set(), f"{lang} lacks {sorted(extracted - ids)}"
        # The Throttled plural pair is built from module constants xgettext cannot see.
        assert ids - extracted <= {WAIT_SINGULAR}, f"{lang} has stale {sorted(ids - extracted)}"
