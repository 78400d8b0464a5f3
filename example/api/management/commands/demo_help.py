"""``manage.py demo_help``: the curl commands that show each error the example API can give."""

from django.core.management.base import BaseCommand

JSON = "-H 'Content-Type: application/json'"

# (what it shows, curl arguments; $BASE and $FLAVOUR are filled in)
DEMOS = [
    ("the index of endpoints", "$BASE/api/"),
    ("404 NotFound raised by a view", "$BASE/api/$FLAVOUR/books/42/"),
    ("404 for an unknown URL, as JSON (handler404)", "$BASE/api/no-such-thing/"),
    (
        "400 validation errors, field by field",
        f"-X POST $BASE/api/$FLAVOUR/books/ {JSON}"
        """ -d '{"title": "", "isbn": "123", "year": 1200,"""
        """ "tags": ["a-tag-longer-than-twenty"]}'""",
    ),
    (
        "400 non-field error from Serializer.validate()",
        f"-X POST $BASE/api/$FLAVOUR/books/ {JSON}"
        """ -d '{"title": "Old", "isbn": "9780000000000", "year": 1990, "tags": ["draft"]}'""",
    ),
    ("405 Method Not Allowed, with Allow", "-X DELETE $BASE/api/$FLAVOUR/books/"),
    (
        "400 malformed JSON (ParseError)",
        f"""-X POST $BASE/api/$FLAVOUR/books/ {JSON} -d '{{"title": '""",
    ),
    (
        "415 Unsupported Media Type",
        "-X POST $BASE/api/$FLAVOUR/books/ -H 'Content-Type: text/plain' -d hello",
    ),
    ("406 Not Acceptable", "$BASE/api/$FLAVOUR/books/1/ -H 'Accept: text/csv'"),
    ("401 with WWW-Authenticate (Basic)", "$BASE/api/$FLAVOUR/basic/"),
    ("401 wrong password", "-u demo:wrong $BASE/api/$FLAVOUR/basic/"),
    ("200 right password", "-u demo:demo $BASE/api/$FLAVOUR/basic/"),
    ("403 with Session auth (it has no challenge to send)", "$BASE/api/$FLAVOUR/session/"),
    (
        "403 Permission Denied (the permission's message)",
        "-u demo:demo $BASE/api/$FLAVOUR/archive/",
    ),
    ("429 Throttled with Retry-After: run it 4 times", "$BASE/api/$FLAVOUR/burst/"),
    ("503 a project-defined APIException", "$BASE/api/$FLAVOUR/maintenance/"),
    ("500 unhandled error: a generic body with an error_id", "$BASE/api/$FLAVOUR/crash/"),
    (
        "the same 404 as RFC 9457 problem details",
        "$BASE/api/$FLAVOUR/books/42/"
        " -H 'Accept: application/problem+json, application/json;q=0.9'",
    ),
]


class Command(BaseCommand):
    help = "Print curl commands that show every error the example API can produce."
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
        for title, arguments in DEMOS:
            command = arguments.replace("$BASE", base).replace("$FLAVOUR", flavour)
            self.stdout.write(self.style.SUCCESS(f"# {title}"))
            self.stdout.write(f"  curl -i {command}\n")
