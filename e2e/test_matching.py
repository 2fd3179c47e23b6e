"""Solutions Meet Cities in a real browser: a city posts a Spanish challenge through the form
(taxonomy checkboxes, no JavaScript needed), a company's English solution is suggested with its
explanation, the city requests a meeting without JavaScript, the provider accepts, and the
invitation and contacts appear; every matching page passes axe-core in all four languages and
fits a phone.
"""

from __future__ import annotations

import re
import secrets

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import csrf_token_from, get, open_page, post, wait_until_replaced
from test_accessibility import audit
from test_auth import fill_sign_in
from test_index import LANGUAGES, in_language
from test_membership import fill, main_text, submit
from test_phone import _OVERFLOWING

PASSWORD = "matching passphrase " + secrets.token_hex(6)
RUN = secrets.token_hex(3)


def signed_in_session(email: str, password: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token_from(get("/sign-in", session).text)
    response = post("/sign-in", session, data={"csrf_token": token, "email": email, "password": password})
    assert response.status_code == 303, response.text[:400]
    return session


def form_post(session: requests.Session, page: str, action: str, data: dict) -> requests.Response:
    token = csrf_token_from(get(page, session).text)
    return post(action, session, data={"csrf_token": token, **data})


@pytest.fixture(scope="module")
def representatives(admin_credentials) -> dict[str, str]:
    """A representative for Lima (a city) and beCloud (a company), created by the Secretariat."""
    admin = signed_in_session(*admin_credentials)
    emails = {}
    for slug in ("lima", "becloud"):
        email = f"{slug}-{RUN}@e2e.test"
        response = form_post(admin, "/admin/users/new", "/admin/users/new", {
            "email": email, "display_name": f"{slug} representative", "role": "member_representative",
            "member": slug, "password": PASSWORD,
        })
        assert response.status_code == 303, response.text[:600]
        # A password the Secretariat issued must be replaced at the first sign-in: until then every
        # page leads to the account page. Changed away and back, so the tests below keep PASSWORD.
        person = signed_in_session(email, PASSWORD)
        blocked = get("/matching", person, allow_redirects=False)
        assert blocked.status_code == 303 and blocked.headers["Location"] == "/account"
        temporary = PASSWORD + " renewed"
        for current, new in ((PASSWORD, temporary), (temporary, PASSWORD)):
            changed = form_post(person, "/account", "/account/password", {
                "current_password": current, "new_password": new, "confirm_password": new,
            })
            assert changed.status_code == 303, changed.text[:600]
        assert get("/matching", person, allow_redirects=False).status_code == 200
        emails[slug] = email
    return emails


@pytest.fixture(scope="module")
def posted(representatives) -> dict[str, str]:
    """beCloud's English solution, posted over HTTP; returns item paths."""
    company = signed_in_session(representatives["becloud"], PASSWORD)
    response = form_post(company, "/matching/new?kind=solution", "/matching/new", {
        "kind": "solution", "title": f"Electric bus charging depots {RUN}",
        "description": "We plan and operate charging infrastructure for electric buses and electric vehicles in city fleets.",
        "language": "en", "visibility": "public", "references": "Minsk", "domains[]": "mobility",
    })
    assert response.status_code == 303, response.text[:600]
    return {"solution": response.headers["Location"]}


def sign_in(driver, email: str, password: str = PASSWORD) -> None:
    driver.delete_all_cookies()
    open_page(driver, "/sign-in")
    page = driver.find_element(By.TAG_NAME, "html")
    fill_sign_in(driver, email, password)
    wait_until_replaced(driver, page)


def test_a_city_posts_a_challenge_without_javascript_and_is_matched_across_languages(nojs_browser, representatives, posted):
    driver = nojs_browser
    sign_in(driver, representatives["lima"])
    open_page(driver, "/matching/new?kind=challenge")
    # An empty form comes back with the errors named and linked.
    submit(driver, "item-form")
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "This is required." in summary
    fill(driver, "title", f"Movilidad eléctrica para autobuses {RUN}")
    fill(driver, "description", "Lima quiere electrificar su flota de autobuses y necesita estaciones de carga para vehículos eléctricos.")
    Select(driver.find_element(By.NAME, "language")).select_by_value("es")
    Select(driver.find_element(By.NAME, "stage")).select_by_value("planning")
    Select(driver.find_element(By.NAME, "visibility")).select_by_value("public")
    driver.find_element(By.ID, "domains-transportation").click()
    driver.find_element(By.ID, "sdgs-sdg-11").click()
    submit(driver, "item-form")
    assert re.search(r"/matching/items/[0-9a-f-]{36}$", driver.current_url), driver.current_url
    text = main_text(driver)
    assert f"Electric bus charging depots {RUN}" in text
    suggestions = driver.find_element(By.ID, "suggestions").text
    assert "Shared concepts: electric mobility" in suggestions, suggestions
    assert "Transportation" in text and "Sustainable cities and communities" in text


def test_a_city_requests_a_meeting_and_the_provider_accepts(nojs_browser, representatives, posted):
    driver = nojs_browser
    sign_in(driver, representatives["lima"])
    open_page(driver, posted["solution"] + "/request")
    fill(driver, "message", "¿Podemos hablar de sus cargadores?")
    fill(driver, "time_zone", "America/Lima")
    fill(driver, "windows", "soon")
    submit(driver, "request-form")
    assert "Line 1: write a window as 2027-03-04 09:00-12:00." in main_text(driver)
    # Three weeks ahead, inside the request's six weeks whatever today is.
    day = driver.execute_script("const d = new Date(Date.now() + 21 * 86400000); return d.toISOString().slice(0, 10);")
    fill(driver, "windows", f"{day} 08:00-12:00")
    submit(driver, "request-form")
    assert "/matching/meetings/" in driver.current_url
    meeting = driver.current_url.split("/matching", 1)[1]
    meeting_path = "/matching" + meeting
    assert "Contact details are shared with both sides once both have accepted." in main_text(driver)

    company = signed_in_session(representatives["becloud"], PASSWORD)
    accepted = form_post(company, meeting_path, meeting_path + "/answer",
                         {"answer": "accept", "time_zone": "Europe/Minsk", "windows": f"{day} 15:00-19:00"})
    assert accepted.status_code == 303, accepted.text[:600]

    open_page(driver, meeting_path)
    text = main_text(driver)
    assert "Scheduled" in text and "(America/Lima)" in text and "(Europe/Minsk)" in text
    assert representatives["becloud"] in text
    ics = driver.find_element(By.PARTIAL_LINK_TEXT, ".ics").get_attribute("href")
    ics_path = "/" + ics.split("/", 3)[3]
    # The invitation is the two parties' only: anonymous visitors are sent to sign in.
    assert get(ics_path, requests.Session()).status_code == 303
    lima = signed_in_session(representatives["lima"], PASSWORD)
    calendar = get(ics_path, lima)
    assert calendar.status_code == 200 and "BEGIN:VALARM" in calendar.text and f"DTSTART:{day.replace('-', '')}T130000Z" in calendar.text


def matching_pages(representatives, posted) -> list[str]:
    return ["/matching", "/matching/cycles", posted["solution"], posted["solution"] + "/request",
            "/matching/new?kind=challenge", "/matching/meetings"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_matching_pages_are_accessible_in_every_language(browser, representatives, posted, language):
    sign_in(browser, representatives["lima"])
    for path in matching_pages(representatives, posted):
        in_language(browser, language, path)
        text = main_text(browser)
        leaked = re.findall(r"\b(?:match|domain|sdg|nav)\.[A-Za-z_.-]+", text)
        assert not leaked, (path, leaked)
        audit(browser, f"{path} ({language})")


def test_the_secretariat_pages_are_accessible(browser, admin_credentials, posted):
    sign_in(browser, *admin_credentials)
    open_page(browser, "/admin/matching")
    assert "Funnel" in main_text(browser)
    audit(browser, "/admin/matching")


def test_the_hub_and_an_item_fit_a_phone(phone_browser, posted):
    for path in ("/matching", posted["solution"]):
        open_page(phone_browser, path)
        client, scroll = phone_browser.execute_script(
            "return [document.documentElement.clientWidth, document.documentElement.scrollWidth]")
        assert scroll <= client, (path, phone_browser.execute_script(_OVERFLOWING))
