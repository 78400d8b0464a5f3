"""A real browser against the real example project: headless Chromium, gunicorn, no mocks.

The browser sends its own request headers (nothing here sets ``Accept``), and those must select
the HTML pages: the project's ``404.html`` for an unknown URL and its ``500.html`` for a crash,
whose error id must be the one on the server's log record for that request. Screenshots go to
``tests/artifacts/screenshots/``.

Needs Debian's ``chromium`` and ``chromedriver``; without them the tests are skipped, except
under CI (``CI`` set), which installs them.
"""

import json
import os
import re
import uuid
from pathlib import Path

import pytest

from tests.plugins.servers import REPO_ROOT

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "example"
SCREENSHOTS = REPO_ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1024,768",
]


def require_browser(binaries: tuple[str, ...] = (CHROMIUM, CHROMEDRIVER)) -> None:
    """Skip when Chromium or its driver is missing; fail instead under CI, which installs them."""
    for binary in binaries:
        if not (Path(binary).is_file() and os.access(binary, os.X_OK)):
            message = f"{binary} is not installed (apt-get install chromium chromium-driver)"
            if os.environ.get("CI"):
                pytest.fail(f"{message}; CI must provide it", pytrace=False)
            pytest.skip(message)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # The DevTools network log tells us what the browser sent and what status it got back.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def server(gunicorn_server):
    server = gunicorn_server(
        "project.settings", app="project.wsgi:application", pythonpath=[EXAMPLE]
    )
    yield server
    server.stop()


def visit(browser, url: str) -> tuple[dict[str, str], int, dict[str, str]]:
    """Load ``url`` in the browser; return the request headers it sent for the page and the
    status and headers it got back, as recorded in the browser's DevTools network log."""
    browser.get_log("performance")  # drop the entries of earlier pages
    browser.get(url)
    events: dict[str, dict[str, dict]] = {}
    document_id = None
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        request_id = params.get("requestId")
        if request_id is None:
            continue
        events.setdefault(request_id, {})[message["method"]] = params
        if (
            message["method"] == "Network.requestWillBeSent"
            and params.get("type") == "Document"
            and params["request"]["url"] == url
        ):
            document_id = request_id
    assert document_id is not None, f"the browser's log has no request for {url}"
    page = events[document_id]
    # The ExtraInfo event holds the headers as sent on the wire (Accept is added there).
    sent = page["Network.requestWillBeSentExtraInfo"]["headers"]
    response = page["Network.responseReceived"]["response"]
    return sent, response["status"], response["headers"]


def screenshot(browser, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert browser.save_screenshot(str(path)), f"no screenshot saved at {path}"


def header(headers: dict[str, str], name: str) -> str:
    """A response header by case-insensitive name (DevTools keeps the server's spelling)."""
    values = [value for key, value in headers.items() if key.lower() == name.lower()]
    assert len(values) == 1, f"{name!r} in {headers}"
    return values[0]


def test_the_browser_prefers_html_by_its_own_accept_header(browser, server):
    sent, status, _ = visit(browser, server.url + "/api/no-such-thing/")

    # Whatever this browser version sends, it rates text/html above application/json; the
    # test sets no header of its own.
    assert sent["Accept"].startswith("text/html,")
    assert "application/json" not in sent["Accept"]
    assert status == 404


@pytest.mark.parametrize("path", ["/api/no-such-thing/", "/nothing/here/"])
def test_an_unknown_url_renders_the_projects_404_page(browser, server, path):
    url = server.url + path
    _, status, headers = visit(browser, url)

    assert status == 404
    assert header(headers, "Content-Type") == "text/html; charset=utf-8"
    assert "Accept" in header(headers, "Vary")
    assert browser.title == "Page not found · restframe demo"
    assert browser.find_element("css selector", "h1").text == "We could not find that page"
    assert browser.find_element("id", "path").text == path
    screenshot(browser, "404" + path.rstrip("/").replace("/", "-"))


@pytest.mark.parametrize(
    "path",
    ["/api/plain/crash/", "/api/sync/crash/", "/api/async/crash/"],
    ids=["plain-django-view", "sync-api-view", "async-api-view"],
)
def test_a_crash_renders_the_projects_500_page_with_the_logged_error_id(browser, server, path):
    _, status, headers = visit(browser, server.url + path)

    assert status == 500
    assert header(headers, "Content-Type") == "text/html; charset=utf-8"
    assert browser.title == "Server error · restframe demo"
    shown = browser.find_element("id", "error-id").text
    assert uuid.UUID(shown).version == 4
    assert str(uuid.UUID(shown)) == shown
    # The server logged this very request, once, with the id the user sees.
    server.wait_for_log(
        rf"ERROR django\.request Internal Server Error: {re.escape(path)} \(error id: {shown}\)"
    )
    records = re.findall(rf"^ERROR django\.request .*{shown}", server.stderr_path.read_text(), re.M)
    assert len(records) == 1
    page = browser.page_source
    for leak in ("hunter2", "RuntimeError", "Traceback", "views.py"):
        assert leak not in page
    screenshot(browser, "500" + path.rstrip("/").replace("/", "-"))


def test_a_missing_browser_skips_locally_but_fails_under_ci(monkeypatch, tmp_path):
    missing = str(tmp_path / "chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        require_browser((missing,))

    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        require_browser((missing,))

    require_browser((CHROMIUM,) if Path(CHROMIUM).exists() else ())  # present: no exception
