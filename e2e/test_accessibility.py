"""axe-core (WCAG 2.0-2.2 A and AA rules) on every public page; serious or critical fails.

Each page is also checked for console errors (a CSP violation, a missing stylesheet or a
script error shows up there) because axe only sees what actually rendered.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from support import console_errors, format_violations, html_lang, open_page, run_axe, url, wait_for_path

PAGES = [
    "/",
    "/members",
    "/members?region=africa",
    "/members/seoul",
    "/map",
    "/governance",
    "/offices",
    "/contact",
    "/fees",
    "/fees?category=local_government&country=NP&population=120000",
    "/sign-in",
    "/members/does-not-exist",  # the 404 page
]
BLOCKING = {"serious", "critical"}


def audit(driver, label: str) -> None:
    assert driver.find_elements(By.CSS_SELECTOR, "main#main"), f"{label}: no <main id=main> (did the page render?)"
    violations = run_axe(driver)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    if others:
        print(format_violations(others, label + " (moderate/minor, not failing)"))
    if blocking:
        pytest.fail(format_violations(blocking, label), pytrace=False)


def unexpected_console_errors(driver, page_url: str) -> list[str]:
    messages = []
    for entry in console_errors(driver):
        message = entry.get("message", "")
        # The 404 page's own status is reported as a console error; that one is expected.
        if page_url in message and "404" in message and "/does-not-exist" in page_url:
            continue
        messages.append(message)
    return messages


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible(browser, path):
    console_errors(browser)  # drain earlier entries
    open_page(browser, path)
    assert html_lang(browser) == "en"
    audit(browser, path)
    errors = unexpected_console_errors(browser, url(path))
    assert not errors, f"console errors on {path}:\n" + "\n".join(errors)


def test_korean_home_is_accessible(browser):
    open_page(browser, "/language?lang=ko&return=/")
    wait_for_path(browser, "/")
    assert html_lang(browser) == "ko", "expected the Korean home page"
    audit(browser, "/ (ko)")
