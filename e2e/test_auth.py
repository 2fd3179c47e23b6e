"""Sign-in, sign-out and CSRF protection.

Only one failed sign-in for the admin account happens in this suite, so the sign-in
throttle (covered by the Swift server tests) never locks the shared account.
"""

from __future__ import annotations

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support import csrf_token_from, describe, find_tags, get, open_page, path_of, post, wait_for_path


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def fill_sign_in(driver, email: str, password: str) -> None:
    form = driver.find_element(By.CSS_SELECTOR, "form#sign-in-form")
    email_input = form.find_element(By.CSS_SELECTOR, 'input[name="email"]')
    email_input.clear()
    email_input.send_keys(email)
    password_input = form.find_element(By.CSS_SELECTOR, 'input[name="password"]')
    password_input.clear()
    password_input.send_keys(password)
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()


def test_sign_in_form_structure():
    response = get("/sign-in")
    assert response.status_code == 200, describe(response)
    forms = find_tags(response.text, "form", id="sign-in-form")
    assert forms, "no <form id=sign-in-form>\n" + describe(response)
    assert forms[0].get("method", "").lower() == "post"
    assert forms[0].get("action") == "/sign-in"
    assert find_tags(response.text, "input", name="email"), "no email input"
    assert find_tags(response.text, "input", name="password", type="password"), "no password input of type password"
    hidden = find_tags(response.text, "input", name="csrf_token")
    assert hidden and hidden[0].get("type") == "hidden", f"csrf_token should be a hidden input: {hidden}"
    assert find_tags(response.text, "button", type="submit"), "no submit button"


def test_csrf_tokens_differ_between_visitors():
    first = csrf_token_from(get("/sign-in", session=requests.Session()).text)
    second = csrf_token_from(get("/sign-in", session=requests.Session()).text)
    assert first != second, "two visitors got the same CSRF token"


def test_post_without_csrf_token_is_refused(admin_credentials):
    email, password = admin_credentials
    response = post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 403, "no cookie, no token:\n" + describe(response)

    session = requests.Session()
    get("/sign-in", session=session)
    response = post("/sign-in", session=session, data={"email": email, "password": password})
    assert response.status_code == 403, "session cookie but no token:\n" + describe(response)
    assert "Location" not in response.headers or path_of(response.headers["Location"]) != "/admin"


def test_post_with_wrong_csrf_token_is_refused(admin_credentials):
    email, password = admin_credentials
    session = requests.Session()
    token = csrf_token_from(get("/sign-in", session=session).text)
    forged = ("0" if token[0] != "0" else "1") + token[1:]
    response = post("/sign-in", session=session, data={"email": email, "password": password, "csrf_token": forged})
    assert response.status_code == 403, describe(response)


def test_token_from_another_session_is_refused(admin_credentials):
    email, password = admin_credentials
    other_token = csrf_token_from(get("/sign-in", session=requests.Session()).text)
    session = requests.Session()
    get("/sign-in", session=session)
    response = post("/sign-in", session=session, data={"email": email, "password": password, "csrf_token": other_token})
    assert response.status_code == 403, "a CSRF token must be bound to its session\n" + describe(response)


def test_wrong_password_is_rejected_with_an_alert(admin_credentials):
    email, _ = admin_credentials
    session = requests.Session()
    token = csrf_token_from(get("/sign-in", session=session).text)
    response = post(
        "/sign-in",
        session=session,
        data={"email": email, "password": "definitely-not-the-password-42", "csrf_token": token},
    )
    assert response.status_code in (400, 422), describe(response)
    assert 'role="alert"' in response.text or "role=alert" in response.text, describe(response, 3000)
    assert find_tags(response.text, "form", id="sign-in-form"), "the form should be shown again"
    assert "definitely-not-the-password-42" not in response.text, "the password must not be echoed back"


def test_unknown_account_in_the_browser(browser):
    open_page(browser, "/sign-in")
    fill_sign_in(browser, "nobody@example.org", "no-such-account-password")
    wait_for_path(browser, "/sign-in")
    alerts = css(browser, "[role=alert]")
    assert alerts and alerts[0].text.strip(), "a failed sign-in should explain itself in a [role=alert]"
    assert css(browser, "form#sign-in-form"), "the form should be shown again"


def test_admin_requires_sign_in():
    response = get("/admin")
    assert response.status_code in (302, 303, 401), describe(response)
    if response.status_code != 401:
        assert path_of(response.headers.get("Location", "")) == "/sign-in", describe(response)


def test_sign_in_and_out(browser, admin_credentials):
    email, password = admin_credentials
    open_page(browser, "/sign-in")
    cookies_before = {c["name"]: c["value"] for c in browser.get_cookies()}
    fill_sign_in(browser, email, password)
    wait_for_path(browser, "/admin")
    h1 = css(browser, "h1")
    assert h1 and h1[0].text.strip(), "the admin page needs an <h1>"

    cookies = browser.get_cookies()
    new_or_changed = [c for c in cookies if cookies_before.get(c["name"]) != c["value"]]
    assert new_or_changed, "signing in should set (or rotate) a session cookie"
    session_cookies = [c for c in new_or_changed if c.get("httpOnly")]
    assert session_cookies, f"the session cookie must be HttpOnly: {new_or_changed}"
    for cookie in session_cookies:
        assert cookie.get("sameSite") in ("Lax", "Strict"), f"session cookie without SameSite=Lax: {cookie}"
    for name, value in cookies_before.items():
        if any(c["name"] == name and c.get("httpOnly") for c in cookies):
            assert all(c["value"] != value for c in cookies if c["name"] == name), (
                f"cookie {name} kept its value across sign-in: the session id must rotate"
            )

    # Keep the signed-in cookies to prove later that sign-out ends the session on the server.
    stolen = requests.Session()
    for cookie in cookies:
        stolen.cookies.set(cookie["name"], cookie["value"])
    response = get("/admin", session=stolen)
    assert response.status_code == 200, "the copied session should work while signed in\n" + describe(response)

    forms = css(browser, "form#sign-out-form")
    assert forms, "the header should offer form#sign-out-form when signed in"
    form = forms[0]
    assert (form.get_attribute("method") or "").lower() == "post"
    assert path_of(form.get_attribute("action")) == "/sign-out"
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"]').click()
    WebDriverWait(browser, 15).until(lambda d: path_of(d.current_url) != "/admin")
    assert not css(browser, "form#sign-out-form"), "still showing sign-out after signing out"

    open_page(browser, "/admin")
    assert path_of(browser.current_url) == "/sign-in" or css(browser, "form#sign-in-form"), (
        f"after sign-out /admin should ask to sign in; browser is at {browser.current_url}"
    )
    response = get("/admin", session=stolen)
    assert response.status_code in (302, 303, 401), (
        "the old session cookie still opens /admin after sign-out\n" + describe(response)
    )


def sign_in_with_requests(email: str, password: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token_from(get("/sign-in", session=session).text)
    response = post("/sign-in", session=session, data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code in (302, 303), describe(response)
    assert path_of(response.headers.get("Location", "")) == "/admin", describe(response)
    return session


def test_sign_out_needs_csrf_token(admin_credentials):
    session = sign_in_with_requests(*admin_credentials)
    admin = get("/admin", session=session)
    assert admin.status_code == 200, describe(admin)

    response = post("/sign-out", session=session, data={})
    assert response.status_code == 403, "sign-out without a CSRF token must be refused\n" + describe(response)
    still = get("/admin", session=session)
    assert still.status_code == 200, "a refused sign-out must not end the session\n" + describe(still)

    token = csrf_token_from(still.text)
    response = post("/sign-out", session=session, data={"csrf_token": token})
    assert response.status_code in (302, 303), describe(response)
    after = get("/admin", session=session)
    assert after.status_code in (302, 303, 401), describe(after)
