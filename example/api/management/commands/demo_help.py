"""``manage.py demo_help``: the curl commands that show each error the example can give.

Every error is shown twice where the client makes a difference: as a browser sees it (``Accept``
preferring ``text/html``: the project's ``404.html``/``500.html`` or Django's own page) and as an
API client sees it (``Accept: application/json``: restframe's JSON body).
"""

from django.core.management.base import BaseCommand

JSON = "-H 'Content-Type: application/json'"
AS_API = "-H 'Accept: application/json'"
AS_BROWSER = "-H 'Accept: text/html'"
# An APIView negotiates its renderer first, and the example renders JSON only: a bare
# ``Accept: text/html`` would get 406 there. Browsers also accept */*, so they reach the view.
AS_REAL_BROWSER = "-H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8'"

# (status and what it shows, curl arguments; $BASE and $FLAVOUR are filled in)
API_DEMOS = [
    ("200 the index of endpoints", "$BASE/api/"),
    ("404 NotFound raised by a view", f"{AS_API} $BASE/api/$FLAVOUR/books/42/"),
    (
        "400 validation errors, field by field",
        f"-X POST $BASE/api/$FLAVOUR/books/ {JSON} {AS_API}"
        """ -d '{"title": "", "isbn": "123", "year": 1200,"""
        """ "tags": ["a-tag-longer-than-twenty"]}'""",
    ),
    (
        "400 non-field error from Serializer.validate()",
        f"-X POST $BASE/api/$FLAVOUR/books/ {JSON} {AS_API}"
        """ -d '{"title": "Old", "isbn": "9780000000000", "year": 1990, "tags": ["draft"]}'""",
    ),
    ("405 Method Not Allowed, with Allow", f"-X DELETE {AS_API} $BASE/api/$FLAVOUR/books/"),
    (
        "400 malformed JSON (ParseError)",
        f"""-X POST $BASE/api/$FLAVOUR/books/ {JSON} {AS_API} -d '{{"title": '""",
    ),
    (
        "415 Unsupported Media Type",
        f"-X POST $BASE/api/$FLAVOUR/books/ -H 'Content-Type: text/plain' {AS_API} -d hello",
    ),
    ("406 Not Acceptable", "$BASE/api/$FLAVOUR/books/1/ -H 'Accept: text/csv'"),
    ("401 with WWW-Authenticate (Basic)", f"{AS_API} $BASE/api/$FLAVOUR/basic/"),
    ("401 wrong password", f"-u demo:wrong {AS_API} $BASE/api/$FLAVOUR/basic/"),
    ("200 right password", f"-u demo:demo {AS_API} $BASE/api/$FLAVOUR/basic/"),
    (
        "403 with Session auth (it has no challenge to send)",
        f"{AS_API} $BASE/api/$FLAVOUR/session/",
    ),
    (
        "403 Permission Denied (the permission's message)",
        f"-u demo:demo {AS_API} $BASE/api/$FLAVOUR/archive/",
    ),
    ("429 Throttled with Retry-After: run it 4 times", f"{AS_API} $BASE/api/$FLAVOUR/burst/"),
    ("503 a project-defined APIException", f"{AS_API} $BASE/api/$FLAVOUR/maintenance/"),
    (
        "500 unhandled error: a generic body with an error_id",
        f"{AS_API} $BASE/api/$FLAVOUR/crash/",
    ),
    (
        "404 the same, as RFC 9457 problem details",
        "$BASE/api/$FLAVOUR/books/42/"
        " -H 'Accept: application/problem+json, application/json;q=0.9'",
    ),
]

# A reading list with every kind of validation error at once.
BAD_LIST = (
    """'{"name": "", "owner": {"name": "Bob", "email": "not-an-email"},"""
    """ "entries": [{"isbn": "9780981467344"}, {"isbn": "123", "rating": 9},"""
    """ {"isbn": "9781449373320", "rating": 3}], "tags": ["ok", "not a slug"]}'"""
)
SERIALIZER_DEMOS = [
    (
        "400 on create: field (name), nested (owner.email), list item (entries.1.isbn),"
        " non-field error of an item (entries.2), list field (tags.1)",
        f"-X POST $BASE/api/$FLAVOUR/lists/ {JSON} {AS_API} -d {BAD_LIST}",
    ),
    (
        "400 the same errors as RFC 9457 problem details, one JSON pointer per message",
        f"-X POST $BASE/api/$FLAVOUR/lists/ {JSON}"
        f" -H 'Accept: application/problem+json' -d {BAD_LIST}",
    ),
    (
        "400 non-field error of the whole list (the same book twice)",
        f"-X POST $BASE/api/$FLAVOUR/lists/ {JSON} {AS_API}"
        """ -d '{"name": "Twice", "owner": {"name": "Bob", "email": "bob@example.test"},"""
        """ "entries": [{"isbn": "9780981467344"}, {"isbn": "9780981467344"}]}'""",
    ),
    (
        "201 created",
        f"-X POST $BASE/api/$FLAVOUR/lists/ {JSON} {AS_API}"
        """ -d '{"name": "To read", "owner": {"name": "Bob", "email": "bob@example.test"},"""
        """ "entries": [{"isbn": "9781449373320"}]}'""",
    ),
    (
        "400 on update (PUT): every field is required again",
        f"""-X PUT $BASE/api/$FLAVOUR/lists/1/ {JSON} {AS_API} -d '{{"name": "Renamed"}}'""",
    ),
    (
        "400 on partial update (PATCH): only what was sent is checked",
        f"-X PATCH $BASE/api/$FLAVOUR/lists/1/ {JSON} {AS_API}"
        """ -d '{"owner": {"name": "Ada", "email": "nope"}}'""",
    ),
    ("404 unknown reading list", f"{AS_API} $BASE/api/$FLAVOUR/lists/99/"),
]

# The model-backed viewsets on a DefaultRouter (/api/models/); writes need -u demo:demo.
AUTH = "-u demo:demo"
MODEL_DEMOS = [
    ("200 the router's root: one link per resource", f"{AS_API} $BASE/api/models/"),
    ("200 a page of novels (count, next, previous, results)", f"{AS_API} $BASE/api/models/novels/"),
    (
        "404 a novel that does not exist (the model's name in the message)",
        f"{AS_API} $BASE/api/models/novels/999/",
    ),
    ("404 an id that is not a number: Not found.", f"{AS_API} $BASE/api/models/novels/abc/"),
    ("404 Invalid page.", f"{AS_API} '$BASE/api/models/novels/?page=9'"),
    (
        "200 an ordering field that is not allowed is ignored, as in DRF",
        f"{AS_API} '$BASE/api/models/novels/?ordering=isbn&search=dispossessed'",
    ),
    (
        "403 writing without credentials",
        f"""-X POST $BASE/api/models/authors/ {JSON} {AS_API} -d '{{"name": "Ada"}}'""",
    ),
    (
        "400 a unique field: author with this name already exists.",
        f"-X POST $BASE/api/models/authors/ {AUTH} {JSON} {AS_API}"
        """ -d '{"name": "Ursula K. Le Guin"}'""",
    ),
    (
        "400 a relation to nothing, a unique ISBN, a date in the wrong format",
        f"-X POST $BASE/api/models/novels/ {AUTH} {JSON} {AS_API}"
        """ -d '{"title": "Lathe", "author": 99, "isbn": "9780061054884","""
        """ "published": "1971"}'""",
    ),
    (
        "400 a relation of the wrong type",
        f"-X POST $BASE/api/models/novels/ {AUTH} {JSON} {AS_API}"
        """ -d '{"title": "Lathe", "author": [1], "isbn": "9780000000001","""
        """ "published": "1971-03-01"}'""",
    ),
    (
        "400 a UniqueConstraint with its own message (one title per author)",
        f"-X POST $BASE/api/models/novels/ {AUTH} {JSON} {AS_API}"
        """ -d '{"title": "The Dispossessed", "author": 1, "isbn": "9780000000002","""
        """ "published": "1974-05-01"}'""",
    ),
    (
        "201 created, with a Location header",
        f"-X POST $BASE/api/models/novels/ {AUTH} {JSON} {AS_API}"
        """ -d '{"title": "The Lathe of Heaven", "author": 1, "isbn": "9780000000003","""
        """ "published": "1971-03-01"}'""",
    ),
    (
        "200 an extra action (@action): an author's novels",
        f"{AS_API} $BASE/api/models/authors/1/novels/",
    ),
    (
        "200 OPTIONS: the fields a POST takes, from the serializer",
        f"-X OPTIONS {AUTH} {AS_API} $BASE/api/models/novels/",
    ),
]

# (status and what it shows, URL path, curl options before the URL), each shown as a browser
# and as an API client sees it.
EVERYWHERE_DEMOS = [
    ("404 an unknown URL (handler404; the project's 404.html)", "/api/no-such-thing/", ""),
    (
        "503 an APIException raised in a plain Django view (APIExceptionMiddleware):"
        " JSON for a browser too, as from an APIView",
        "/api/plain/maintenance/",
        "",
    ),
    (
        "400 SuspiciousOperation in a plain Django view (handler400; its text is never shown)",
        "/api/plain/suspicious/",
        "",
    ),
    (
        "500 a crash in a plain Django view (handler500; the project's 500.html shows the"
        " error id)",
        "/api/plain/crash/",
        "",
    ),
    (
        "403 CSRF failure: a POST without a token (CSRF_FAILURE_VIEW)",
        "/api/plain/feedback/",
        "-X POST ",
    ),
]


class Command(BaseCommand):
    help = "Print curl commands that show every error the example project can produce."
    # It only prints; it must work even while the project is half set up.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--flavour",
            choices=["sync", "async"],
            default="sync",
            help="which views the commands call (the async ones answer the same)",
        )

    def handle(self, *args, base_url, flavour, **options):
        base = base_url.rstrip("/")
        other = "async" if flavour == "sync" else "sync"
        self.stdout.write(
            self.style.MIGRATE_HEADING("restframe example: every error, one curl each")
        )
        self.stdout.write(
            "Start the server (make demo does), then try these; -i shows status and headers.\n"
            f"Every /api/{flavour}/ URL also exists as /api/{other}/ and answers the same.\n"
            "Basic-auth user: demo, password demo. To serve the async views natively (ASGI):\n"
            "  cd example && ../.venv/bin/python -m uvicorn project.asgi:application --port 8000\n"
        )

        def show(title, arguments):
            command = arguments.replace("$BASE", base).replace("$FLAVOUR", flavour)
            self.stdout.write(self.style.SUCCESS(f"# {title}"))
            self.stdout.write(f"  curl -i {command}\n")

        self.stdout.write(self.style.MIGRATE_HEADING("\nAPI views (APIView and @api_view)"))
        for title, arguments in API_DEMOS:
            show(title, arguments)

        self.stdout.write(
            self.style.MIGRATE_HEADING("\nSerializer errors: create and update a reading list")
        )
        for title, arguments in SERIALIZER_DEMOS:
            show(title, arguments)

        self.stdout.write(
            self.style.MIGRATE_HEADING("\nModels on a router: viewsets, relations, pagination")
        )
        for title, arguments in MODEL_DEMOS:
            show(title, arguments)

        self.stdout.write(
            self.style.MIGRATE_HEADING("\nErrors everywhere: as a browser and as an API client")
        )
        self.stdout.write(
            "Open the URLs in a browser, or ask with curl for HTML (what a browser prefers)\n"
            "or for JSON (an API client). The same URL answers both; Vary: Accept says so.\n"
        )
        for title, path, options in EVERYWHERE_DEMOS:
            self.stdout.write(self.style.SUCCESS(f"# {title}"))
            if not options:
                self.stdout.write(f"  browser:    {base}{path}\n")
            self.stdout.write(f"  as HTML:    curl -i {options}{AS_BROWSER} {base}{path}\n")
            self.stdout.write(f"  as JSON:    curl -i {options}{AS_API} {base}{path}\n")
        self.stdout.write(
            self.style.SUCCESS("# 500 a crash in an API view, as a browser sees it (500.html)")
        )
        self.stdout.write(f"  browser:    {base}/api/{flavour}/crash/\n")
        self.stdout.write(
            f"  as HTML:    curl -i {AS_REAL_BROWSER} {base}/api/{flavour}/crash/\n"
            f"  as JSON:    curl -i {AS_API} {base}/api/{flavour}/crash/\n"
        )
        self.stdout.write(
            "\nEvery 5xx is logged once on the server's console (django.request, with the\n"
            "traceback) and mailed to ADMINS (printed on the console by the demo's e-mail\n"
            "backend). For a crash, the log line and the mail end with the error id the\n"
            "client saw: (error id: <uuid>).\n"
        )
