"""Fixtures for the browser suite: the server address, headless Chromium drivers, axe-core.

Debian's chromium and chromium-driver are used as installed (no Selenium Manager download:
scripts/test sets SE_OFFLINE=true and we pass both paths explicitly).
"""

from __future__ import annotations

import os
import time

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

import support

CHROMIUM = os.environ.get("WEGO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("WEGO_CHROMEDRIVER", "/usr/bin/chromedriver")
PAGE_LOAD_TIMEOUT = support.PAGE_LOAD_TIMEOUT
DESKTOP = (1280, 900)
PHONE = (390, 844)


# --------------------------------------------------------------------------- session checks


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to run (but allow --collect-only) without a reachable server."""
    if session.config.option.collectonly:
        return
    try:
        base = support.base_url()
    except RuntimeError as error:
        pytest.exit(str(error), returncode=4)
    try:
        response = requests.get(base + "/healthz", timeout=10)
    except requests.RequestException as error:
        pytest.exit(f"the server at {base} is not reachable: {error}", returncode=4)
    if response.status_code != 200:
        pytest.exit(f"{base}/healthz answered {response.status_code}, expected 200", returncode=4)


@pytest.fixture(scope="session")
def base_url() -> str:
    return support.base_url()


@pytest.fixture(scope="session")
def admin_credentials() -> tuple[str, str]:
    email = os.environ.get("WEGO_ADMIN_EMAIL", "")
    password = os.environ.get("WEGO_ADMIN_PASSWORD", "")
    if not (email and password):
        pytest.fail("WEGO_ADMIN_EMAIL and WEGO_ADMIN_PASSWORD must be set (scripts/test sets them)")
    return email, password


# --------------------------------------------------------------------------- drivers


def make_driver(
    *,
    javascript: bool = True,
    size: tuple[int, int] = DESKTOP,
    mobile: bool = False,
) -> webdriver.Chrome:
    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # we run as root in CI
        "--disable-dev-shm-usage",
        f"--window-size={size[0]},{size[1]}",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(argument)
    prefs: dict[str, object] = {"intl.accept_languages": "en-US,en"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    if mobile:
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": size[0], "height": size[1], "pixelRatio": 3.0, "touch": True}},
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="session")
def _session_driver():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def browser(_session_driver, base_url):
    """The shared desktop browser (1280x900, JavaScript on), with no cookies for the site,
    so a language choice or a sign-in in one test never leaks into the next."""
    _clear_site_cookies(_session_driver, base_url)
    yield _session_driver
    _clear_site_cookies(_session_driver, base_url)


@pytest.fixture(scope="session")
def _session_nojs_driver():
    driver = make_driver(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def nojs_browser(_session_nojs_driver, base_url):
    """A desktop browser with JavaScript disabled by policy."""
    _clear_site_cookies(_session_nojs_driver, base_url)
    yield _session_nojs_driver


@pytest.fixture
def phone_browser():
    """A phone-size browser: 390x844 CSS pixels, mobile viewport rules, touch."""
    driver = make_driver(size=PHONE, mobile=True)
    yield driver
    driver.quit()


def _clear_site_cookies(driver, base_url: str) -> None:
    # Cookies can only be deleted for the current document's site.
    if not driver.current_url.startswith(base_url):
        driver.get(base_url + "/healthz")
    driver.delete_all_cookies()


@pytest.fixture
def axe():
    return support.run_axe


# Give failing tests a little breathing room in the log: the time when the failure happened
# helps to match it with the server log that scripts/test prints.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        report.sections.append(("when", time.strftime("%Y-%m-%d %H:%M:%S")))
