"""Membership through a real browser: a city applies (JavaScript off, as on a slow connection),
the Secretariat approves it, records the payment, and the member is in good standing; every
screen on the way is checked with axe-core. Then the outbox is delivered by `wego outbox
deliver` to a real SMTP server (aiosmtpd) listening on a loopback port.

Each run uses a fresh database (scripts/test), but names carry a random suffix so the test can
also run against a server that has seen it before.
"""

from __future__ import annotations

import base64
import email
import os
import re
import secrets
import socket
import subprocess
import time
from email.header import decode_header, make_header

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import open_page, wait_for_path, wait_until_replaced
from test_accessibility import audit
from test_auth import fill_sign_in

SUFFIX = secrets.token_hex(3)
CITY = f"Lalitpur Metropolitan City {SUFFIX}"
CONTACT = f"applicant-{SUFFIX}@example.org"


def first_membership_year() -> int:
    """The year an application approved today is first billed for: from 1 December, the next
    year (MembershipPolicy.nextYearFrom), so the tests hold on every day of the year."""
    today = time.gmtime()
    return today.tm_year + 1 if today.tm_mon == 12 else today.tm_year


def fill(driver, name: str, value: str) -> None:
    field = driver.find_element(By.CSS_SELECTOR, f'[name="{name}"]')
    field.clear()
    field.send_keys(value)


def submit(driver, form_id: str) -> None:
    """Submits the form and waits until the answer has replaced the page."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, f"form#{form_id} button[type=submit]").click()
    wait_until_replaced(driver, page)


def main_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "main").text


@pytest.fixture(scope="module")
def applied(_session_nojs_driver, base_url):
    """Applies once for the module, without JavaScript, correcting one mistake on the way."""
    driver = _session_nojs_driver
    driver.delete_all_cookies()
    open_page(driver, "/apply")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/apply/local_government"]').click()
    wait_for_path(driver, "/apply/local_government")
    fill(driver, "organization_name", CITY)
    Select(driver.find_element(By.NAME, "subtype")).select_by_value("city")
    Select(driver.find_element(By.NAME, "country")).select_by_value("NP")
    fill(driver, "population", "not known")
    fill(driver, "contact_name", "Asha Shrestha")
    fill(driver, "contact_email", CONTACT)
    driver.find_element(By.ID, "consent").click()
    submit(driver, "application-form")
    # The form comes back with the mistake named and everything else kept.
    assert "The population must be a whole number greater than zero." in main_text(driver)
    assert driver.find_element(By.NAME, "organization_name").get_attribute("value") == CITY
    assert driver.find_element(By.ID, "population").get_attribute("aria-invalid") == "true"
    fill(driver, "population", "294,098")
    if not driver.find_element(By.ID, "consent").is_selected():
        driver.find_element(By.ID, "consent").click()
    submit(driver, "application-form")
    text = main_text(driver)
    assert "Application received" in text, text
    assert "annual fee USD 700" in text, text
    return text


def test_application_pages_are_accessible(browser):
    for path in ("/apply", "/apply/local_government", "/apply/corporation"):
        open_page(browser, path)
        audit(browser, path)
    open_page(browser, "/apply/institution")
    submit(browser, "application-form")  # empty: every required field in error
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary")
    audit(browser, "/apply/institution with errors")


def test_secretariat_approves_invoices_and_records_payment(applied, browser, admin_credentials):
    email_address, password = admin_credentials
    open_page(browser, "/sign-in")
    fill_sign_in(browser, email_address, password)
    wait_for_path(browser, "/admin")

    open_page(browser, "/admin/applications")
    audit(browser, "/admin/applications")
    open_page(browser, browser.find_element(By.LINK_TEXT, CITY).get_attribute("href"))
    assert "USD 700" in main_text(browser)
    audit(browser, "application detail")
    Select(browser.find_element(By.NAME, "region")).select_by_value("asia_pacific")
    submit(browser, "approve-form")

    assert browser.current_url.endswith("/membership"), browser.current_url
    text = main_text(browser)
    assert f"Membership of {CITY}" in text and "Active" in text
    assert "No: this year's fee is not settled." in text
    audit(browser, "membership account (secretariat)")

    open_page(browser, browser.find_element(By.CSS_SELECTOR, 'a[href^="/invoices/INV-"]').get_attribute("href"))
    invoice_text = main_text(browser)
    assert "USD 700" in invoice_text and "Lalitpur" in invoice_text
    audit(browser, "invoice")
    fill(browser, "amount", "700")
    fill(browser, "reference", f"TX-{SUFFIX}")
    submit(browser, "payment-form")
    invoice_text = main_text(browser)
    assert "Paid" in invoice_text and f"TX-{SUFFIX}" in invoice_text, invoice_text
    assert not browser.find_elements(By.ID, "payment-form")

    open_page(browser, f"/admin/dues?year={first_membership_year()}")
    audit(browser, "/admin/dues")
    row = [r for r in browser.find_elements(By.CSS_SELECTOR, "#dues-members tbody tr") if CITY in r.text]
    assert row and "Yes" in row[0].text, [r.text for r in row]
    for path in ("/admin/gdp", "/admin/outbox", "/admin/invoices"):
        open_page(browser, path)
        audit(browser, path)


def test_outbox_is_delivered_by_smtp(applied):
    """`wego outbox deliver` hands the acknowledgement to a real SMTP server."""
    binary = os.environ.get("WEGO_BIN")
    database = os.environ.get("WEGO_E2E_DATABASE_PATH")
    if not (binary and database):
        pytest.skip("WEGO_BIN and WEGO_E2E_DATABASE_PATH are set by scripts/test")
    from aiosmtpd.controller import Controller

    received: list[tuple[str, list[str], bytes]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            return "250 Message accepted for delivery"

    with socket.socket() as probe:  # aiosmtpd cannot listen on port 0: pick a free port first
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = dict(os.environ, WEGO_DATABASE_PATH=database, WEGO_SMTP_HOST="127.0.0.1", WEGO_SMTP_PORT=str(port),
                   WEGO_SMTP_SECURITY="none", WEGO_MAIL_FROM="WeGO Secretariat <secretariat@wego.test>")
        first = subprocess.run([binary, "outbox", "deliver"], env=env, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stdout + first.stderr
        second = subprocess.run([binary, "outbox", "deliver"], env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0 and "0 sent" in second.stdout, second.stdout + second.stderr
    finally:
        controller.stop()

    mine = [m for m in received if m[1] == [CONTACT]]
    subjects = []
    for mail_from, _, content in mine:
        assert mail_from == "secretariat@wego.test"
        message = email.message_from_bytes(content)
        subjects.append(str(make_header(decode_header(message["Subject"]))))
        body = base64.b64decode(message.get_payload()).decode("utf-8")
        assert "Asha Shrestha" in body
    assert any(s == f"WeGO membership application received: {CITY}" for s in subjects), subjects
    assert any(s.startswith("Welcome to WeGO") for s in subjects), subjects
    assert len(mine) == 2, "each message is delivered once, even with two runs"


def run_wego(*arguments: str) -> subprocess.CompletedProcess:
    binary = os.environ.get("WEGO_BIN")
    database = os.environ.get("WEGO_E2E_DATABASE_PATH")
    if not (binary and database):
        pytest.skip("WEGO_BIN and WEGO_E2E_DATABASE_PATH are set by scripts/test")
    return subprocess.run([binary, *arguments], env=dict(os.environ, WEGO_DATABASE_PATH=database),
                          capture_output=True, text=True, timeout=120)


def test_renewal_and_reminder_commands_run_once(applied):
    """After the approval above: next year's renewal and the reminders, each run twice."""
    bad = run_wego("membership", "renew", "--year", "next")
    assert bad.returncode == 1 and "--year is required" in bad.stderr + bad.stdout
    year = first_membership_year()
    first = run_wego("membership", "renew", "--year", str(year + 1))
    assert first.returncode == 0, first.stdout + first.stderr
    issued = int(re.search(r"(\d+) invoices issued", first.stdout).group(1))
    assert issued >= 1, first.stdout
    second = run_wego("membership", "renew", "--year", str(year + 1))
    assert "0 invoices issued" in second.stdout and f"{issued} members already renewed" in second.stdout, second.stdout

    # The first year is paid; next year's invoice is due on 31 January: on the 20th, the
    # "due in 14 days" reminder is due, once.
    day = f"{year + 1}-01-20"
    reminded = run_wego("membership", "remind", "--date", day)
    assert reminded.returncode == 0, reminded.stdout + reminded.stderr
    assert re.search(r"Reminders: [1-9]\d* queued", reminded.stdout), reminded.stdout
    again = run_wego("membership", "remind", "--date", day)
    assert "Reminders: 0 queued" in again.stdout, again.stdout
    bad_date = run_wego("membership", "remind", "--date", "2026-02-30")
    assert bad_date.returncode == 1 and "YYYY-MM-DD" in bad_date.stderr + bad_date.stdout
