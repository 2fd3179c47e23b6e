"""Stored and reflected cross-site scripting, checked for execution in headless Chromium.

Stored: the text fields of the forms the Secretariat, a member representative and an anonymous
applicant can fill are posted with classic payloads (script tags, quote breakouts, event
attributes, </textarea>, SVG onload, javascript: and data: URLs, template expressions, the
right-to-left override, markup in an e-mail address). Each payload instance carries its own id
and, if it runs, sets window.__xss and window.__xss_<id> (a few also open an alert). Every page
that shows the stored value is then read twice:

  - over HTTP: the payload is in the page only escaped (no verbatim copy of a string that holds
    < > " or ', no event attribute, script, javascript:/data: URL or srcdoc carrying a marker when
    an HTML parser reads the page, no template expression evaluated);
  - in Chromium, signed in as whoever sees the page: after load, no payload global is set and no
    dialog opened. Nothing is installed in the page beforehand; what the Content-Security-Policy
    stops does not run, and that is correct (the CSP is part of the defence), but the markup
    the browser built is inspected as well, so a payload stopped only by the CSP still fails.

Reflected: every GET route anyone may use is requested with payloads in each query parameter
the site's own links and forms use for it, in every parameter name any page reads (all at
once), and in each path parameter; each response is checked over HTTP and in Chromium. The
forms are also submitted in Chromium with payloads in every field, so the page that shows a
refused form again, with what was typed, is checked where it is rendered.

A payload refused by a form's validation is counted, not failed: refusing it is a defence too.
Everything made here is named with the run's id; matching items are deleted and Lima's record
is restored afterwards.
"""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import requests

import common
import forms
import support
from support import csrf_token_from, get, post

PAYLOADS = forms.payload_set()
INSTANCES = forms.Instances()
FIGURES: Counter = Counter()
FIELDS: set[str] = set()
STARTED = time.monotonic()

# Query parameters the handlers read (from the sources), beside those the pages' own links and
# forms use, which are collected from the pages at run time.
KNOWN_QUERY = {
    "/members": {"q", "category", "region", "country", "founding", "page"},
    "/fees": {"category", "country", "population", "employees"},
    "/matching": {"kind", "domain"},
    "/index/:slug": {"sort", "order", "region"},
    "/sign-in": {"return"},
    "/language": {"lang", "return"},
    "/invitation": {"token"},
    "/api/v1/members": {"q", "category", "region", "country", "founding", "page", "per"},
    "/api/v1/fees/quote": {"category", "country", "population", "employees"},
}
# Every name any page reads, sent all at once to every route (a handler that echoes a parameter
# it was never meant to read shows up here).
EVERY_NAME = sorted(set().union(*KNOWN_QUERY.values()) | {
    "status", "year", "month", "saved", "kind", "domain", "id", "slug", "search", "next", "redirect", "message",
    "error", "name", "title", "lang"})
# Responses that are files, not pages, need no browser: checked over HTTP only.
NOT_PAGES = (".csv", ".ics", ".json", ".css", ".ico", ".svg")
COINR = Path(__file__).resolve().parent.parent / "Sources/WeGOServer/Resources/Index/coinr-example"


ROUTES = common.route_table_if_running()
PUBLIC_GET = [r for r in ROUTES if r["method"] == "GET" and r["access"] == "anyone"]


# --------------------------------------------------------------------------- checking pages


class Sink:
    """Reads pages that may show payloads and collects what is wrong with them."""

    def __init__(self, browser: forms.Browser) -> None:
        self.browser = browser
        self.failures: list[str] = []
        self.shown: dict[str, set[str]] = defaultdict(set)  # instance -> pages showing it
        self.viewer: requests.Session | None | bool = False

    def view_as(self, session: requests.Session | None) -> None:
        if self.viewer is not session:
            self.browser.sign_in_as(session)
            self.viewer = session

    def check_html(self, html: str, where: str, instances: list[str], *, serialized: bool = False) -> None:
        """The raw page: payloads only escaped, nothing injected, no template evaluated.
        `serialized`: the HTML is the browser's serialization of its DOM, which writes quotes
        in text unescaped, so only the parser's reading counts there, not verbatim copies."""
        FIGURES["pages checked over HTTP"] += 1
        for instance in instances:
            payload, _ = INSTANCES.by_id[instance]
            text = payload.render(instance)
            if forms.shows(html, instance):
                self.shown[instance].add(where)
            if not serialized and forms.unescaped_copies(html, text):
                self.failures.append(f"{where}: {INSTANCES.describe(instance)} is in the page unescaped: {text!r}")
            if forms.template_evaluated(html, instance):
                self.failures.append(f"{where}: a template expression of {INSTANCES.describe(instance)} was evaluated")
        for found in forms.injected_markup(html):
            self.failures.append(f"{where}: payload markup in the page as an HTML parser reads it: {found}")

    def check(self, path: str, session: requests.Session | None, instances: list[str], *, browser: bool = True) -> requests.Response:
        """`path` over HTTP as `session` (following a same-site redirect), then in Chromium with
        its cookie when the answer carries any payload marker: a page without one holds no
        script that could set it (the site serves no script of its own), so it is read over
        HTTP only."""
        response = get(path, session)
        first = response
        where = f"GET {path}"
        carries_marker = False
        for _ in range(3):
            if response.status_code >= 500:
                self.failures.append(f"{where}: {support.describe(response, 300)}")
            if "html" in support.media_type(response):
                self.check_html(response.text, where, instances)
            elif response.content:
                FIGURES["non-HTML answers checked"] += 1
                if any(f"__xss_{i}" in response.text for i in instances) and \
                        response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
                    self.failures.append(f"{where}: a {support.media_type(response)} answer echoes a payload without nosniff")
            carries_marker |= "__xss" in response.text or "PHNjcmlwdD53aW5kb3cuX194c3M" in response.text
            location = response.headers.get("Location", "")
            if forms._SCRIPT_SCHEME.match(location):
                self.failures.append(f"{where}: redirects to {location!r}")
            if response.status_code not in (301, 302, 303, 307, 308) or not location.startswith("/") or location.startswith("//"):
                break
            FIGURES["redirects followed"] += 1
            where = f"{where} -> {location}"
            carries_marker |= "__xss" in urllib.parse.unquote(location)
            response = get(location, session)
        if browser and carries_marker and not urllib.parse.urlsplit(path).path.endswith(NOT_PAGES):
            self.view_as(session)
            self.browse(support.url(path), f"GET {path}")
        elif browser:
            FIGURES["answers without a marker (HTTP only)"] += 1
        return first

    def browse(self, absolute_url: str | None, where: str) -> forms.Detection:
        detection = self.browser.detect(absolute_url)
        FIGURES["browser page loads"] += 1 if absolute_url else 0
        if detection.executed:
            FIGURES["payloads that ran"] += 1
            self.failures.append(f"{where}: a payload ran in Chromium: {detection} "
                                 f"[{', '.join(INSTANCES.describe(i) for i in detection.fired)}]")
        elif detection.injected:
            self.failures.append(f"{where}: payload markup in the DOM (stopped only by the CSP, if at all): {detection}")
        return detection

    def assert_clean(self, what: str, expected_shown: list[str] | None = None) -> None:
        missing = [i for i in (expected_shown or []) if not self.shown.get(i)]
        summary = (f"{what}: {len(self.shown)} payload instances seen on pages, {FIGURES['pages checked over HTTP']} pages "
                   f"read over HTTP and {FIGURES['browser page loads']} loaded in Chromium so far")
        problems = self.failures[:40] + ([f"… and {len(self.failures) - 40} more"] if len(self.failures) > 40 else [])
        assert not self.failures, summary + "\n" + "\n".join(problems)
        assert not missing, (summary + "\nstored but never seen on the pages that should show them (the check "
                             "would prove nothing): " + ", ".join(INSTANCES.describe(i) for i in missing))


# --------------------------------------------------------------------------- submitting payloads


def rotation(fields: list[str], round_: int) -> dict[str, forms.Payload]:
    """Round k gives field j payload (k + j) mod n: after n rounds every field had every payload."""
    return {name: PAYLOADS[(round_ + j) % len(PAYLOADS)] for j, name in enumerate(fields)}


def submit(session: requests.Session, page: str, action: str, payloads: dict[str, forms.Payload],
           baseline: dict[str, str], sink: Sink, where: str) -> tuple[requests.Response, list[str]]:
    """Posts the form on `page` with a payload instance in each field of `payloads` and the
    baseline elsewhere. A field whose payload the form refuses (it comes back aria-invalid)
    gets its baseline value and the form is posted again; the page that showed the refused form
    is checked too. Returns the final answer and the instances the server accepted."""
    html = get(page, session).text
    form = forms.form_with_action(html, action)
    values = dict(baseline)
    instances: dict[str, str] = {}
    for name, payload in payloads.items():
        instance, text = INSTANCES.make(payload, f"{where} field {name}")
        instances[name] = instance
        values[name] = text
        FIELDS.add(f"{action.split('?')[0]} {name}")
    refused: list[str] = []
    for _ in range(len(payloads) + 2):
        token = csrf_token_from(get(page, session).text)
        response = post(action, session, data=form.body(values) + [("csrf_token", token)])
        FIGURES["form posts"] += 1
        if response.status_code in (200, 201, 303):
            FIGURES["payloads stored"] += len(instances) - len(refused)
            FIGURES["payloads refused by validation"] += len(refused)
            return response, [i for name, i in instances.items() if name not in refused]
        assert response.status_code in (400, 422), f"{where}: {support.describe(response)}"
        sink.check_html(response.text, f"POST {action} (form shown again)", list(instances.values()))
        again = next((f for f in forms.forms_in(response.text) if urllib.parse.urlsplit(f.action).path == action), None)
        invalid = again.invalid_fields() if again else []
        moved = [name for name in invalid if name in instances and name not in refused]
        assert moved, (f"{where}: the form was refused for fields {invalid} that carry no payload "
                       f"(baseline {baseline}): {support.describe(response, 2000)}")
        for name in moved:
            refused.append(name)
            values[name] = baseline.get(name, form.field(name).value if form.field(name) else "")
    raise AssertionError(f"{where}: still refused after {len(refused)} fields went back to their baseline")


def links_in_rows_showing(html: str, instances: list[str], prefix: str) -> list[str]:
    """Links starting with `prefix` in the table rows that show one of the instances."""
    found = []
    for row in re.findall(r"<tr[ >].*?</tr>", html, re.S):
        if common.RUN in row and any(forms.shows(row, i) for i in instances):
            found += [l for l in forms.links_in(row) if l.startswith(prefix) and l not in found]
    return found


def free_text(session: requests.Session, page: str, action: str, skip: tuple[str, ...] = ()) -> list[str]:
    form = forms.form_with_action(get(page, session).text, action)
    return [f.name for f in form.free_text() if f.name not in skip]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def browser():
    shared = forms.Browser()
    yield shared
    shared.quit()


@pytest.fixture
def sink(browser) -> Sink:
    return Sink(browser)


@pytest.fixture(scope="module")
def vendor(admin) -> common.Persona:
    """The representative of a corporation member: the kind that posts solutions (references,
    regions and languages served), which a city's representative cannot."""
    members = requests.get(support.url("/api/v1/members?category=corporation&per=1"), timeout=support.HTTP_TIMEOUT).json()
    slug = members["items"][0]["slug"]
    return common.create_persona(admin, "xss-vendor", "member_representative", member=slug)


@pytest.fixture(scope="module")
def public_site() -> forms.SiteMap:
    """The public site as an anonymous visitor sees it: real path values and the query
    parameters its links and forms use."""
    site = forms.SiteMap(requests.Session(), ROUTES)
    site.crawl(["/", "/members", "/index", "/index/coinr-example", "/matching", "/fees", "/apply", "/map",
                "/governance", "/offices", "/members/lima", "/contact"], limit=40)
    return site


# --------------------------------------------------------------------------- the detector


def _unescaped_page(payload: forms.Payload, text: str) -> str:
    attribute = text.replace("'", "&#39;") if payload.context == "double" else text
    body = {
        "text": text,
        "double": f'<input value="{attribute}">',
        "single": f"<input value='{text}'>",
        "textarea": f"<textarea>{text}</textarea>",
        "style": f"<style>{text}</style>",
        "comment": f"<!--{text}-->",
        "url": f'<a id="link" href="{html_module.escape(text)}">link</a>',
        "inert": text if payload.kind != "url" else f'<iframe src="{html_module.escape(text)}"></iframe>',
        "decoded": html_module.unescape(text),
        "title": "",
    }[payload.context]
    title = text if payload.context == "title" else "proof"
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


def test_the_detector_sees_every_payload_run_when_a_page_does_not_escape_it(browser):
    """Proof that the detector works: each payload is put unescaped, in the context it is made
    for, into a page with no CSP (a data: URL) and loaded in the same Chromium; the detector must
    report it ran (a link's javascript: URL after a click). Template payloads are proved on the
    HTTP check: '49tpl<id>' in a page is reported as evaluated."""
    from selenium.webdriver.common.by import By

    failures = []
    for payload in PAYLOADS:
        instance, text = INSTANCES.make(payload, "the detector's proof")
        if payload.kind == "template":
            assert forms.template_evaluated(f"<p>49tpl{instance}</p>", instance)
            assert not forms.template_evaluated(f"<p>{html_module.escape(text)}</p>", instance)
            continue
        page = "data:text/html;charset=utf-8," + urllib.parse.quote(_unescaped_page(payload, text))
        detection = browser.detect(page, settle=0.2 if payload.context in ("inert", "double", "single") else 0)
        if payload.context == "url":
            assert detection.injected, f"{payload.name}: the javascript: link was not seen: {detection}"
            browser.driver.find_element(By.ID, "link").click()
            detection = browser.detect(None, settle=0.2)
        if payload.context == "inert":
            # Chromium no longer runs these (javascript: in meta refresh or object data), or runs
            # them in an opaque-origin frame that cannot reach this window: the injected markup
            # is what shows, and it is what the checks of the site's pages look for as well.
            ran = bool(detection.injected) or detection.executed
        else:
            ran = instance in detection.fired
        if not ran:
            failures.append(f"{payload.name} ({payload.context}): not detected: {detection}")
        if "alert" in payload.template and not detection.alerts:
            failures.append(f"{payload.name}: its alert dialog was not seen: {detection}")
        if payload.context not in ("url", "inert", "decoded") and not forms.injected_markup(_unescaped_page(payload, text)):
            failures.append(f"{payload.name}: the HTTP-side parser does not see the injected markup")
        if any(c in text for c in "<>\"'") and not forms.unescaped_copies(_unescaped_page(payload, text), text) \
                and payload.context not in ("double", "url", "inert", "decoded"):
            failures.append(f"{payload.name}: the verbatim check does not see the unescaped copy")
    assert failures == [], "\n".join(failures)


def test_the_sites_csp_stops_an_inline_handler_that_got_into_a_page(browser):
    """Defence in depth, and proof that a CSP-blocked payload is still caught: markup with an
    inline handler is put into a live page of the site through the DOM (as a flaw would). The
    site's CSP must stop it running, and the detector must still report the injected markup."""
    browser.sign_in_as(None)
    browser.load("/members")
    instance, text = INSTANCES.make(forms.PAYLOADS[1], "the CSP proof")
    browser.driver.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', arguments[0])", text)
    detection = browser.detect(None, settle=0.3)
    assert not detection.executed, f"the CSP let an inline handler run: {detection}"
    assert detection.injected, f"the detector did not see markup put into the page: {detection}"
    assert detection.csp_refusals, f"Chromium reported no CSP refusal: {detection}"


# --------------------------------------------------------------------------- stored


def test_members_created_by_the_secretariat_escape_every_field(admin, sink):
    """Member create form (Secretariat): every text field (name, local name, slug, coordinates,
    population, source note) gets every payload over successive members; each member's public
    page, edit page and membership page, the public directory, the admin list, the audit log and
    the API are read."""
    fields = free_text(admin, "/admin/members/new", "/admin/members/new")
    assert {"name", "name_local", "note"} <= set(fields), fields
    created: list[tuple[str, list[str]]] = []
    for k in range(len(PAYLOADS)):
        baseline = {"name": f"XSS city {common.RUN} {k}", "slug": f"xss-{common.RUN}-{k}", "category": "local_government",
                    "latitude": "", "longitude": "", "population": "", "name_local": "", "note": ""}
        response, accepted = submit(admin, "/admin/members/new", "/admin/members/new", rotation(fields, k), baseline,
                                    sink, f"member {k}")
        assert response.status_code == 303, support.describe(response)
        created.append((support.path_of(response.headers["Location"]), accepted))
    everyone = [i for _, ids in created for i in ids]
    for member_page, ids in created:
        slug = member_page.rsplit("/", 1)[-1]
        sink.check(member_page, None, ids)
        sink.check(f"/admin/members/{slug}/edit", admin, ids)
        sink.check(f"/admin/members/{slug}/membership", admin, ids)
    search = urllib.parse.quote(common.RUN)
    sink.check(f"/members?q={search}", None, everyone)
    sink.check(f"/admin/members?q={search}", admin, everyone)
    sink.check(f"/api/v1/members?q={search}&per=100", None, everyone)
    sink.check("/admin/audit", admin, everyone)
    sink.check("/map", None, everyone)
    expected = [i for i in everyone if INSTANCES.by_id[i][1].endswith(("field name", "field note", "field name_local"))]
    sink.assert_clean(f"{len(created)} members", expected)


def test_lima_edited_by_its_representative_escapes_on_every_page_that_names_it(personas, admin, sink):
    """Member edit form as Lima's representative: the fields a representative may change get
    every payload in turn, and after each edit every page that named Lima before is read, as
    the representative, the Secretariat or anyone. Lima's record is restored afterwards."""
    representative = personas["representative"].session
    page = "/admin/members/lima/edit"
    original = forms.form_with_action(get(page, admin).text, page)
    own = forms.form_with_action(get(page, representative).text, page)
    fields = [f.name for f in own.free_text()]
    baseline = {f.name: f.value for f in own.fields if f.name and f.name != "csrf_token" and f.tag != "select"}
    candidates = {  # pages that may name Lima, and who may read them
        None: ["/", "/members/lima", "/members?q=lima", "/members?region=americas", "/map", "/governance", "/offices",
               "/index", "/index/cfri-2025", "/index/coinr-example", "/matching", "/fees"],
        representative: ["/membership", "/admin", "/admin/members", "/admin/members/lima/edit", "/matching/cycles"],
        admin: ["/admin/members?q=lima", "/admin/members/lima/membership", "/admin/dues", "/admin/invoices",
                "/admin/applications", "/admin/matching"],
    }
    shows_lima = [(who, path) for who, paths in candidates.items() for path in paths
                  if ">Lima<" in get(path, who).text or "Lima" in get(path, who).text]
    assert len(shows_lima) >= 4, shows_lima
    accepted_all = []
    try:
        for k in range(len(PAYLOADS)):
            response, accepted = submit(representative, page, page, rotation(fields, k), baseline, sink, f"Lima edit {k}")
            assert response.status_code == 303, support.describe(response)
            accepted_all += accepted
            for who, path in shows_lima:
                sink.check(path.replace("q=lima", "q=" + common.RUN), who, accepted)
    finally:
        token = csrf_token_from(get(page, admin).text)
        restored = post(page, admin, data=original.defaults(without_token=True) + [("csrf_token", token)])
        assert restored.status_code == 303, "could not restore Lima: " + support.describe(restored)
    FIGURES["pages naming Lima"] = len(shows_lima)
    expected = [i for i in accepted_all if INSTANCES.by_id[i][1].endswith(("field name", "field note"))]
    sink.assert_clean(f"Lima edited {len(PAYLOADS)} times, {len(shows_lima)} pages each", expected)


def test_user_accounts_escape_display_name_and_email(admin, sink):
    """User create form (Secretariat): display name, e-mail (which takes markup without a space)
    and member field get every payload; the user list, each edit page and the audit log are
    read as the Secretariat, and each new account's own account page as that account."""
    fields = free_text(admin, "/admin/users/new", "/admin/users/new")
    assert {"email", "display_name"} <= set(fields), fields
    password = "xss suite passphrase " + common.RUN
    made: list[tuple[str, list[str]]] = []
    for k in range(len(PAYLOADS)):
        baseline = {"email": f"xss-user-{common.RUN}-{k}@attack.test", "display_name": f"XSS user {common.RUN} {k}",
                    "role": "youth_participant", "password": password, "member": "", "region": ""}
        response, accepted = submit(admin, "/admin/users/new", "/admin/users/new", rotation(fields, k), baseline,
                                    sink, f"user {k}")
        email = next((INSTANCES.by_id[i][0].render(i) for i in accepted if INSTANCES.by_id[i][1].endswith("field email")),
                     baseline["email"])
        made.append((email, accepted))
    everyone = [i for _, ids in made for i in ids]
    users = sink.check("/admin/users", admin, everyone)
    edits = links_in_rows_showing(users.text, everyone, "/admin/users/")
    assert len(edits) >= len(made) // 2, f"only {len(edits)} of the new accounts are listed with a payload"
    for link in edits:
        sink.check(link, admin, everyone)
    sink.check("/admin/audit", admin, everyone)
    for email, ids in made:
        session = common.sign_in(email, password)
        sink.check("/account", session, ids)
    expected = [i for i in everyone if INSTANCES.by_id[i][1].endswith(("field display_name", "field email"))]
    sink.assert_clean(f"{len(made)} accounts", expected)


def test_membership_applications_escape_in_the_queue_the_decision_and_the_mail(admin, sink):
    """The public application form (anonymous, each application from an address of its own):
    every text field of the three categories' forms gets every payload; the Secretariat's queue,
    each application's page and the outbox (the acknowledgement mails) are read. One
    application is then rejected with a payload as its reason and one approved, and the
    rejected list, the outbox and the new member's page are read too."""
    categories = ["local_government", "corporation", "institution"]
    made: list[tuple[str, list[str]]] = []
    for k in range(len(PAYLOADS)):
        category = categories[k % len(categories)]
        page = f"/apply/{category}"
        visitor = forms.visitor()
        fields = free_text(visitor, page, page)
        baseline = {"organization_name": f"XSS applicant {common.RUN} {k}", "population": "150000", "employees": "120",
                    "contact_name": f"XSS contact {k}", "contact_email": f"xss-apply-{common.RUN}-{k}@attack.test",
                    "contact_phone": "", "motivation": "", "consent": "yes"}
        response, accepted = submit(visitor, page, page, rotation(fields, k), baseline, sink, f"application {k} ({category})")
        sink.check_html(response.text, f"POST {page} (receipt)", accepted)
        made.append((category, accepted))
    everyone = [i for _, ids in made for i in ids]
    queue = sink.check("/admin/applications", admin, everyone)
    ours = links_in_rows_showing(queue.text, everyone, "/admin/applications/")
    assert len(ours) >= len(PAYLOADS) // 2, f"only {len(ours)} of our applications are in the queue with a payload"
    for application in ours:
        sink.check(application, admin, everyone)
    # A decision each way: the reason and the approved applicant travel on to mail and the directory.
    reason_payload = PAYLOADS[0]
    response, reason = submit(admin, ours[0], ours[0] + "/reject", {"reason": reason_payload}, {}, sink, "rejection reason")
    assert response.status_code == 303, support.describe(response)
    response, _ = submit(admin, ours[1], ours[1] + "/approve", {}, {"region": "americas"}, sink, "approval")
    assert response.status_code == 303, support.describe(response)
    sink.check("/admin/applications?status=rejected", admin, everyone + reason)
    sink.check("/admin/applications?status=approved", admin, everyone)
    sink.check(ours[0], admin, everyone + reason)
    sink.check(ours[1], admin, everyone)
    sink.check("/admin/outbox", admin, everyone + reason)
    sink.check("/admin/audit", admin, everyone + reason)
    approved = get(ours[1], admin).text
    for link in {l for l in forms.links_in(approved) if l.startswith("/members/") or l.startswith("/admin/members/")}:
        sink.check(link, admin, everyone)
    sink.check(f"/members?q={urllib.parse.quote(common.RUN)}", None, everyone)
    expected = [i for i in everyone if INSTANCES.by_id[i][1].endswith(("field organization_name", "field contact_name"))]
    sink.assert_clean(f"{len(made)} applications", expected + reason)


def test_matching_items_escape_on_the_hub_the_item_and_its_forms(personas, admin, vendor, sink):
    """Matching item create form, every kind by whoever may post it: Lima's representative
    (challenge, project, proposal), a corporation's representative (solution: references,
    regions and languages served) and the Secretariat (funding: funder, eligibility, amount).
    Every text field of each kind gets every payload; the hub (all, and filtered by kind),
    each item's page, edit page and meeting-request page, and the Secretariat's matching page
    are read. The items are deleted afterwards."""
    representative = personas["representative"].session
    posters = [(representative, "challenge"), (representative, "project"), (representative, "proposal"),
               (vendor.session, "solution"), (admin, "funding")]
    made: list[tuple[requests.Session, str, str, list[str]]] = []
    try:
        for session, kind in posters:
            page = f"/matching/new?kind={kind}"
            fields = free_text(session, page, "/matching/new")
            rounds = len(PAYLOADS) if kind in ("challenge", "solution", "funding") else max(3, len(PAYLOADS) // 3)
            for k in range(rounds):
                baseline = {"kind": kind, "title": f"XSS {kind} {common.RUN} {k}", "description": f"XSS {kind} description {k}",
                            "language": "en", "domains[]": "mobility", "sdgs[]": "sdg-11", "funder": "XSS Funder",
                            "visibility": "public", "deadline": "", "amount": "", "partners": "", "results": "",
                            "references": "", "regions_served": "", "languages_served": "", "eligibility": ""}
                response, accepted = submit(session, page, "/matching/new", rotation(fields, k), baseline, sink,
                                            f"{kind} item {k}")
                assert response.status_code == 303, support.describe(response)
                made.append((session, kind, support.path_of(response.headers["Location"]), accepted))
        everyone = [i for *_, ids in made for i in ids]
        for session in (None, representative, admin):
            sink.check("/matching", session, everyone)
        for kind in ("challenge", "project", "proposal", "solution", "funding"):
            sink.check(f"/matching?kind={kind}", representative, everyone)
        sink.check("/admin/matching", admin, everyone)
        pages: dict[requests.Session, list[tuple[str, list[str]]]] = defaultdict(list)  # by viewer: one browser sign-in each
        for session, kind, item, ids in made:
            pages[session] += [(item, ids), (item + "/edit", ids)]
            viewer = vendor.session if session is representative else representative
            pages[viewer].append((item + "/request", ids))
        for viewer, paths in pages.items():
            for path, ids in paths:
                sink.check(path, viewer, ids)
        sink.check("/members/lima", None, everyone)
        expected = [i for i in everyone if INSTANCES.by_id[i][1].split(" field ")[-1] in
                    ("title", "description", "funder", "references", "partners", "eligibility")]
        FIGURES["matching items"] = len(made)
        sink.assert_clean(f"{len(made)} matching items", expected)
    finally:
        for session, _, item, _ in made:
            token = csrf_token_from(get(item + "/edit", session).text)
            post(item + "/delete", session, data={"csrf_token": token})


def _csv_with(path: Path, column: str, values: list[str]) -> str:
    """The CSV file with the first rows' `column` replaced by `values` (quoted as CSV needs)."""
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    index = rows[0].index(column)
    for row, value in zip(rows[1:], values):
        row[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_index_editions_escape_title_unit_names_and_indicator_names(admin, sink):
    """The index import form (Secretariat): an edition's title, and inside the uploaded COINr
    files the units' names (uName) and the indicators' names and units (iName, Unit), carry
    payloads. The drafts are read where the Secretariat sees them (the admin index, the
    edition's page, the ranking, methodology and unit pages, the ranking CSV); one is published
    and its public pages read as anyone; then all are withdrawn and deleted."""
    editions: list[tuple[str, list[str]]] = []
    rounds = len(PAYLOADS) if common.LONG else 3
    try:
        for k in range(rounds):
            ids: list[str] = []

            def payloads(where: str, count: int) -> list[str]:
                texts = []
                for j in range(count):
                    instance, text = INSTANCES.make(PAYLOADS[(k + j) % len(PAYLOADS)], where)
                    ids.append(instance)
                    texts.append(text)
                return texts

            # The title takes up to 200 characters: the long payloads (the polyglot) go elsewhere.
            fitting = [p for p in PAYLOADS if len(p.render("x" * 12)) < 160]
            title_id, title = INSTANCES.make(fitting[k % len(fitting)], f"index edition {k} field title")
            ids.append(title_id)
            data = _csv_with(COINR / "ASEM_iData.csv", "uName", payloads(f"index edition {k} data uName", len(PAYLOADS)))
            meta = _csv_with(COINR / "ASEM_iMeta.csv", "iName", payloads(f"index edition {k} meta iName", len(PAYLOADS)))
            meta_rows = list(csv.reader(io.StringIO(meta)))
            units = payloads(f"index edition {k} meta Unit", len(PAYLOADS))
            for row, unit in zip(meta_rows[1:], units):
                row[meta_rows[0].index("Unit")] = unit
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(meta_rows)
            slug = f"xss-{common.RUN}-{k}"
            for attempt in (f"{title} XSS edition {k}", f"XSS edition {common.RUN} {k}"):
                page = get("/admin/index/new", admin).text
                body = forms.form_with_action(page, "/admin/index/new").body(
                    {"title": attempt, "slug": slug, "data": data, "meta": out.getvalue(), "action": "save"})
                response = post("/admin/index/new", admin, data=body + [("csrf_token", csrf_token_from(page))])
                FIGURES["form posts"] += 1
                refused = forms.form_with_action(response.text, "/admin/index/new").invalid_fields() \
                    if response.status_code == 422 else []
                if refused != ["title"]:
                    break
                sink.check_html(response.text, "POST /admin/index/new (title refused)", ids)
                ids.remove(title_id)  # the title's payload was refused: a defence, not a failure
                FIGURES["payloads refused by validation"] += 1
            for name in ("title", "uName", "iName", "Unit"):
                FIELDS.add(f"/admin/index/new {name}")
            if response.status_code != 303:
                sink.check_html(response.text, "POST /admin/index/new (refused)", ids)
                pytest.fail(f"the edition was not saved: {support.describe(response, 3000)}")
            FIGURES["payloads stored"] += len(ids)
            editions.append((slug, ids))
        everyone = [i for _, ids in editions for i in ids]
        for slug, ids in editions:
            for path in (f"/admin/index/editions/{slug}", f"/index/{slug}", f"/index/{slug}/methodology",
                         f"/index/{slug}/ranking.csv", f"/index/{slug}?sort=name&order=desc",
                         f"/index/{slug}/units/AUT", f"/index/{slug}/units/BEL", f"/index/{slug}/units/CHE"):
                sink.check(path, admin, ids)
        sink.check("/admin/index", admin, everyone)
        sink.check("/index", admin, everyone)
        sink.check("/admin/audit", admin, everyone)
        # One goes public for a moment: the same pages as anyone sees them.
        slug, ids = editions[0]
        page = get(f"/admin/index/editions/{slug}", admin).text
        published = post(f"/admin/index/editions/{slug}/publish", admin, data={"csrf_token": csrf_token_from(page)})
        assert published.status_code == 303, support.describe(published)
        for path in ("/index", f"/index/{slug}", f"/index/{slug}/methodology", f"/index/{slug}/units/AUT", "/"):
            sink.check(path, None, ids)
        expected = [i for i in everyone if INSTANCES.by_id[i][1].endswith(("field title", "data uName", "meta iName"))]
        FIGURES["index editions"] = len(editions)
        sink.assert_clean(f"{len(editions)} index editions", expected)
    finally:
        for slug, _ in editions:
            page = get(f"/admin/index/editions/{slug}", admin).text
            for action in ("unpublish", "delete"):
                if f"/admin/index/editions/{slug}/{action}" in page:
                    post(f"/admin/index/editions/{slug}/{action}", admin, data={"csrf_token": csrf_token_from(page)})
                    page = get(f"/admin/index/editions/{slug}", admin).text


def test_failed_sign_in_with_markup_in_the_email_is_escaped_in_the_audit_log(admin, sink):
    """A stranger's failed sign-in is audited with the e-mail they typed, and the Secretariat
    reads the audit log: an address that holds markup (no space, so it passes the plausibility
    check) must reach the log page escaped. One attempt, from an address of its own, so the
    suite's sign-in throttle on 127.0.0.1 is not touched."""
    stranger = forms.visitor()
    instance, email = INSTANCES.make(forms.PAYLOADS[-1], "sign-in email")
    page = get("/sign-in", stranger)
    response = post("/sign-in", stranger, data={"csrf_token": csrf_token_from(page.text), "email": email,
                                                 "password": "not the password"})
    assert response.status_code == 422, support.describe(response)
    sink.check_html(response.text, "POST /sign-in (refused)", [instance])
    sink.check("/admin/audit", admin, [instance])
    sink.assert_clean("a failed sign-in", [instance])


def test_forms_shown_again_in_the_browser_escape_what_was_typed(personas, admin, browser):
    """Each form is filled in Chromium with a payload in every text field, hidden field and
    select (values set from script, as a person or an attacker's page could post them) and
    submitted; the page that answers, usually the form shown again with errors and the typed
    values, is checked in the same browser. A field that cannot take the payload makes the
    form invalid on purpose, so nothing is stored (and the public form's hourly limit is not
    used up)."""
    sink = Sink(browser)
    cases = [
        (None, "/sign-in", "/sign-in"),
        (None, "/apply/local_government", "/apply/local_government"),
        (None, "/apply/corporation", "/apply/corporation"),
        (None, "/fees", "/fees"),
        (None, "/members", "/members"),
        (admin, "/admin/members/new", "/admin/members/new"),
        (admin, "/admin/users/new", "/admin/users/new"),
        (admin, "/admin/gdp", "/admin/gdp"),
        (admin, "/admin/index/new", "/admin/index/new"),
        (admin, "/admin/matching", "/admin/matching"),
        (admin, "/admin/index/framework", "/admin/index/framework"),
        (admin, "/matching/new?kind=funding", "/matching/new"),
        (personas["representative"].session, "/admin/members/lima/edit", "/admin/members/lima/edit"),
        (personas["representative"].session, "/matching/new?kind=challenge", "/matching/new"),
        (personas["representative"].session, "/account", "/account"),
    ]
    fill = """
        // getAttribute: a control named "action" would shadow form.action (the import form has one).
        const form = [...document.forms].find(f => new URL(f.getAttribute('action') || '', location.href).pathname === arguments[0]);
        if (!form) return 'no form';
        const values = arguments[1];
        let i = 0;
        for (const el of form.elements) {
          if (!el.name || el.name === 'csrf_token' || el.name === 'kind' || el.type === 'checkbox' || el.type === 'password' ||
              el.type === 'file' || el.type === 'submit') continue;
          const value = values[i++ % values.length];
          if (el.tagName === 'SELECT') { const o = document.createElement('option'); o.value = value; o.text = 'x'; el.add(o); el.value = value; }
          else { if (el.type === 'date' || el.type === 'number' || el.type === 'email') el.type = 'text'; el.value = value; }
        }
        HTMLFormElement.prototype.submit.call(form);
        return 'submitted';
    """
    from selenium.webdriver.support.ui import WebDriverWait

    answered: dict[str, tuple[str, int]] = {}  # page -> (title of the answer, payloads it showed)
    for who, page, action in cases:
        sink.view_as(who)
        sink.browse(support.url(page), f"GET {page}")
        ids, texts = [], []
        for payload in PAYLOADS:
            if payload.kind in ("template",):
                continue
            instance, text = INSTANCES.make(payload, f"{page} typed in Chromium")
            ids.append(instance)
            texts.append(text)
        before = browser.driver.execute_script("return document.documentElement")
        result = browser.driver.execute_script(fill, action, texts)
        assert result == "submitted", f"{page}: {result} at {browser.driver.current_url}: {browser.driver.page_source[:3000]}"
        WebDriverWait(browser.driver, support.PAGE_LOAD_TIMEOUT).until(
            lambda d: d.execute_script("return document.documentElement") != before
            and d.execute_script("return document.readyState") == "complete")
        FIGURES["browser page loads"] += 1
        FIGURES["forms submitted in Chromium"] += 1
        sink.browse(None, f"POST {action} from {page} in Chromium")
        sink.check_html(browser.driver.page_source, f"POST {action} from {page} (DOM)", ids, serialized=True)
        answered[page] = (browser.driver.title, sum(1 for i in ids if sink.shown.get(i)))
    print("forms submitted in Chromium:", answered)
    echoed = [page for page, (_, shown) in answered.items() if shown]
    sink.assert_clean(f"{len(cases)} forms submitted in Chromium, {len(echoed)} showed the typed payloads again")
    assert len(echoed) >= len(cases) * 2 // 3, f"few forms showed the typed values again, the check proves little: {answered}"


# --------------------------------------------------------------------------- reflected


def _reflected_urls(route: dict, site: forms.SiteMap) -> list[tuple[str, str]]:
    """(url, instance) for one route: each parameter it reads, every name at once, each path
    parameter, with every payload."""
    real = site.real_values(route) or {}
    values = {name: real.get(name) or {"slug": "lima" if route["path"].startswith(("/members", "/api/v1/members"))
                                       else "coinr-example", "category": "local_government", "code": "AUS"}.get(name)
              or forms.plausible(name) for name in route["parameters"]}
    names = sorted(KNOWN_QUERY.get(route["path"], set()) | site.query.get(route["path"], set()))
    base = forms.fill_path(route["path"], {k: urllib.parse.quote(v, safe="") for k, v in values.items()})
    urls = []
    for k, payload in enumerate(PAYLOADS):
        for name in names:
            instance, text = INSTANCES.make(payload, f"{route['path']}?{name}=")
            urls.append((base + "?" + urllib.parse.urlencode({name: text}), instance))
        if common.LONG or k % 3 == 0 or not names:
            instance, text = INSTANCES.make(payload, f"{route['path']}? every parameter name")
            urls.append((base + "?" + urllib.parse.urlencode({name: text for name in EVERY_NAME}), instance))
        for parameter in route["parameters"]:
            instance, text = INSTANCES.make(payload, f"{route['path']} path parameter :{parameter}")
            urls.append((forms.fill_path(route["path"], {**{k: urllib.parse.quote(v, safe="") for k, v in values.items()},
                                                         parameter: urllib.parse.quote(text, safe="")}), instance))
    return urls


@pytest.mark.parametrize("route", PUBLIC_GET, ids=[f"GET {r['path']}" for r in PUBLIC_GET])
def test_public_page_reflects_no_payload(route, public_site, sink):
    """Reflected XSS on a page anyone may open: payloads in each query parameter the page's own
    links and forms use (and the handlers read), in every known parameter name at once, and in
    each path parameter; every URL is read over HTTP and, when it answers a page, in Chromium as
    an anonymous visitor (a victim following the attacker's link)."""
    sink.view_as(None)
    urls = _reflected_urls(route, public_site)
    statuses = Counter()
    for url, instance in urls:
        response = sink.check(url, None, [instance])
        statuses[response.status_code // 100 * 100] += 1
        FIGURES["reflected URLs"] += 1
    assert urls, "no URL generated"
    sink.assert_clean(f"GET {route['path']}: {len(urls)} URLs, answers {dict(statuses)}")


def test_signed_in_pages_reflect_no_payload_in_their_query(admin, personas, sink):
    """The pages behind sign-in that read a query (their own links and forms say which: the
    admin member search, the application queue's status, the dues year, the cycle month, the
    account's notice, the new item's kind...) with payloads in each, as the Secretariat and as
    Lima's representative."""
    site = forms.SiteMap(admin, ROUTES)
    site.crawl(["/admin", "/admin/members", "/admin/applications", "/admin/dues", "/admin/invoices", "/matching",
                "/matching/cycles", "/account", "/admin/index", "/admin/matching"], limit=40)
    extra = {"/admin/members": {"q", "page"}, "/admin/applications": {"status"}, "/admin/dues": {"year"},
             "/admin/invoices": {"year"}, "/matching/cycles": {"month"}, "/account": {"saved"},
             "/matching/new": {"kind"}}
    reading = [r for r in ROUTES if r["method"] == "GET" and r["access"] != "anyone" and not r["parameters"]
               and (site.query.get(r["path"]) or r["path"] in extra)]
    count = 0
    for who in (admin, personas["representative"].session):
        for route in reading:
            for name in sorted(site.query.get(route["path"], set()) | extra.get(route["path"], set())):
                for payload in PAYLOADS[: len(PAYLOADS) if common.LONG else 6]:
                    instance, text = INSTANCES.make(payload, f"{route['path']}?{name}= signed in")
                    sink.check(route["path"] + "?" + urllib.parse.urlencode({name: text}), who, [instance])
                    count += 1
    FIGURES["reflected URLs signed in"] += count
    assert len(reading) >= 5, [r["path"] for r in reading]
    sink.assert_clean(f"{count} signed-in URLs over {len(reading)} routes")


def teardown_module(module) -> None:
    if FIGURES:
        figures = {
            "payloads": len(PAYLOADS), "long_mode": common.LONG, "payload_instances": len(INSTANCES.by_id),
            "form_fields_attacked": len(FIELDS), "fields": sorted(FIELDS), "public_get_routes": len(PUBLIC_GET),
            "seconds": round(time.monotonic() - STARTED, 1), **FIGURES,
        }
        forms.write_figures("xss-figures.json", figures)
        print("xss summary:", json.dumps({k: v for k, v in figures.items() if k != "fields"}))
