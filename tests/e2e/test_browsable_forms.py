"""The browsable API in a real browser: headless Chromium logs in through ``restframe.urls``,
fills the HTML form that the list page builds from a ``ModelViewSet``'s serializer, and sees
the field error after an invalid value, then the 201 page with the new object after a valid one.

Served by gunicorn from a migrated SQLite file; needs Debian's ``chromium`` and
``chromedriver`` (skipped without them, except under CI).
"""

import os
import subprocess
import sys

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.test_browser import browser as browser  # the module's Chromium fixture
from tests.e2e.test_browser import require_browser, screenshot, visit
from tests.plugins.servers import REPO_ROOT

pytestmark = pytest.mark.e2e

SETTINGS = "tests.e2e.browsable_settings"
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
User.objects.create_user("ann", password="secret-pw")
"""


@pytest.fixture(scope="module")
def server(gunicorn_server, tmp_path_factory):
    require_browser()
    database = tmp_path_factory.mktemp("browsable") / "db.sqlite3"
    env = {"RESTFRAME_E2E_DB": str(database)}
    subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=REPO_ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": SETTINGS},
        check=True,
        timeout=60,
    )
    server = gunicorn_server(SETTINGS, env=env)
    yield server
    server.stop()


def wait_for(browser, css):
    """The first element matching ``css`` once the page (replaced by the script) has one."""
    return WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, css))[0]


def submit(browser, button):
    """Click a form's submit button and wait for the page it loads: a click returns before the
    navigation is done, so the old page could otherwise still be read.

    The old page carries a marker the new one lacks. Asking for it while the document is being
    replaced may fail (Chromium: "Node with given id does not belong to the document"), so
    failures are retried until the new page has loaded.
    """
    browser.execute_script("window.restframeOldPage = true")
    button.click()
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda b: b.execute_script(
            "return document.readyState === 'complete' && !window.restframeOldPage"
        )
    )


def post_form(browser):
    return browser.find_element(By.CSS_SELECTOR, "#post-object-form form.html-form")


def test_a_form_post_shows_the_field_error_then_creates_the_object(browser, server):
    # Anonymous: a login link back to the page, and no form to post with.
    _, status, _ = visit(browser, server.url + "/api/groups/")
    assert status == 200
    login = browser.find_element(By.LINK_TEXT, "Log in")
    assert login.get_attribute("href") == server.url + "/api-auth/login/?next=/api/groups/"
    assert not browser.find_elements(By.ID, "post-object-form")

    login.click()
    browser.find_element(By.ID, "id_username").send_keys("ann")
    browser.find_element(By.ID, "id_password").send_keys("secret-pw")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    # Back on the list page, logged in: the user's name, and the POST form.
    assert browser.current_url == server.url + "/api/groups/"
    assert browser.find_element(By.CSS_SELECTOR, ".userlinks .user").text == "ann"
    form = post_form(browser)
    assert form.find_element(By.NAME, "csrfmiddlewaretoken").get_attribute("value")
    screenshot(browser, "browsable-form-empty")

    # An invalid value (longer than Group.name's 150 characters): the error next to the field.
    form.find_element(By.NAME, "name").send_keys("x" * 151)
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".response-info b").text == "HTTP 400 Bad Request"
    form = post_form(browser)
    group = form.find_element(By.CSS_SELECTOR, ".form-group.has-error")
    assert group.find_element(By.TAG_NAME, "label").text == "Name"
    assert group.find_element(By.NAME, "name").get_attribute("value") == "x" * 151
    assert (
        group.find_element(By.CSS_SELECTOR, ".help-block").text
        == "Ensure this field has no more than 150 characters."
    )
    screenshot(browser, "browsable-form-error")

    # A valid value: 201 and the new object.
    name = form.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("editors")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    info = browser.find_element(By.CSS_SELECTOR, ".response-info pre").text
    assert info.startswith("HTTP 201 Created\n")
    assert info.endswith('{\n    "id": 1,\n    "name": "editors"\n}')
    assert not browser.find_elements(By.CSS_SELECTOR, ".has-error .help-block")

    _, status, _ = visit(browser, server.url + "/api/groups/")
    assert status == 200
    assert browser.find_element(By.CSS_SELECTOR, ".response-info pre").text.endswith(
        '[\n    {\n        "id": 1,\n        "name": "editors"\n    }\n]'
    )
    screenshot(browser, "browsable-form-created")


def test_the_put_form_is_sent_as_a_put_and_shows_its_errors(browser, server):
    # Runs after the test above: logged in, group 1 exists. Browsers send only GET and POST
    # from a form; the page's script sends this one as a PUT.
    visit(browser, server.url + "/api/groups/1/")
    form = browser.find_element(By.CSS_SELECTOR, "#put-object-form form.html-form")
    name = form.find_element(By.NAME, "name")
    assert name.get_attribute("value") == "editors"
    name.clear()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = wait_for(browser, "#put-object-form .has-error .help-block")
    assert error.text == "This field may not be blank."
    assert browser.find_element(By.CSS_SELECTOR, ".request-info pre").text == "PUT /api/groups/1/"

    form = browser.find_element(By.CSS_SELECTOR, "#put-object-form form.html-form")
    form.find_element(By.NAME, "name").send_keys("writers")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, "#put-object-form .form-group:not(.has-error) input[name=name]")
    info = browser.find_element(By.CSS_SELECTOR, ".response-info pre").text
    assert info.startswith("HTTP 200 OK\n")
    assert info.endswith('{\n    "id": 1,\n    "name": "writers"\n}')
    screenshot(browser, "browsable-form-put")
