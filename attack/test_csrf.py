"""Cross-site request forgery against every form post, generated from the route table.

A forged post comes from another site's page in the victim's browser: the browser adds the
session cookie, but the attacker cannot read the victim's pages, so cannot know the session's
CSRF token. Every POST route in `wego routes --json` is therefore sent, as a signed-in
Secretariat account (which reaches every route), with a body a real form would send but:

  - no csrf_token at all,
  - the token of another session: a second sign-in of the same account, and an anonymous visitor's,
  - the token the session had before it signed in (a planted pre-sign-in session),
  - an empty token,
  - the right token with one character changed,
  - the right token in the query string instead of the body (it leaks to logs and Referer),
  - the body as multipart/form-data without a token (a cross-site form can send that too).

Each must answer 403 with the CSRF message and change nothing: the audit log (which records
every write the Secretariat can make) keeps its length, the session stays signed in, and for
the creating forms the list that would show the new record does not. The same post with the
right token must not be refused by the CSRF check, so the suite cannot pass by refusing all.

The Secretariat account used is one of its own, made for this module: if a check ever failed
open, the password change and the sign-out it would allow would hit that account, not the
suite's administrator.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import requests

import common
import forms
import support
from support import csrf_token_from, get, post

CSRF_MESSAGE = "This form has expired or did not come from this site"
FIGURES: Counter = Counter()
STATUSES: dict[str, int] = {}
TARGETS: dict[str, str] = {}

# Posts whose success with a real object would destroy or move something other tests rely on:
# their right-token control is sent for an object that does not exist (so 404, not 403).
DESTRUCTIVE = ("delete", "resign", "void", "approve", "reject", "publish", "unpublish", "invite", "payments",
               "waive", "invoice", "plan", "sign-out", "join", "answer", "outcomes", "report", "slot", "confirm",
               "request")


ROUTES = common.route_table_if_running()
POST_ROUTES = [r for r in ROUTES if r["method"] == "POST"]


def is_destructive(route: dict) -> bool:
    return any(word in route["path"].split("/")[-1] for word in DESTRUCTIVE)


def audit_length(admin: requests.Session) -> int:
    """How many entries the audit log holds (its page states the length of the hash chain)."""
    page = get("/admin/audit", admin)
    assert page.status_code == 200, support.describe(page)
    match = re.search(r"hash chain of ([\d,\u202f\xa0 ]+) entr", page.text)
    assert match, "the audit page no longer states its length: " + support.describe(page)
    return int(re.sub(r"\D", "", match.group(1)))


def newest_audit_rows(admin: requests.Session, count: int) -> list[str]:
    page = get("/admin/audit", admin).text
    rows = re.findall(r"<tr><td>\d+</td>.*?</tr>", page)[:count]
    return [re.sub(r"<[^>]+>", " ", row).strip() for row in rows]


def signed_in(session: requests.Session) -> bool:
    return get("/account", session).status_code == 200


def is_csrf_refusal(response: requests.Response) -> bool:
    return response.status_code == 403 and CSRF_MESSAGE in response.text


def session_token(session: requests.Session, page: str = "/account") -> str:
    return csrf_token_from(get(page, session).text)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def victim(admin) -> common.Persona:
    """A Secretariat account of this module's own, signed in (its first password change done)."""
    return common.create_persona(admin, "csrf-secretariat", "secretariat_admin")


@pytest.fixture(scope="module")
def site(victim, admin) -> forms.SiteMap:
    """The site as the Secretariat sees it, with one pending application and one funding item
    made for the attack, so the routes that need such an object get a real one."""
    applied = common.form_post(forms.visitor(), "/apply/local_government", "/apply/local_government", {
        "organization_name": f"CSRF target city {common.RUN}", "subtype": "city", "country": "PE",
        "population": "120000", "contact_name": "CSRF Target", "contact_email": f"csrf-target-{common.RUN}@attack.test",
        "contact_phone": "", "motivation": "A real application for the CSRF attack to aim at.", "consent": "yes",
    })
    assert applied.status_code in (201, 303), support.describe(applied)
    item = common.form_post(victim.session, "/matching/new?kind=funding", "/matching/new", {
        "kind": "funding", "title": f"CSRF target fund {common.RUN}", "description": "A funding program for the CSRF attack.",
        "language": "en", "funder": "Attack Suite Foundation", "domains[]": "mobility",
    })
    assert item.status_code == 303, support.describe(item)
    site = forms.SiteMap(victim.session, ROUTES)
    site.crawl([
        "/admin", "/admin/applications", "/admin/members/lima/edit", "/admin/members/seoul/membership",
        "/admin/members/lima/membership", "/admin/users", "/admin/index", "/admin/invoices", "/admin/dues",
        "/admin/gdp", "/admin/matching", "/admin/index/framework", "/admin/index/new", "/admin/members/new",
        "/admin/users/new", "/matching", support.path_of(item.headers["Location"]), "/matching/cycles",
        "/matching/meetings", "/account", "/apply/local_government", "/membership",
    ], limit=70)
    # The sign-in and invitation forms are an anonymous visitor's.
    for page in ("/sign-in", "/invitation"):
        html = get(page, requests.Session()).text
        for form in forms.forms_in(html):
            route = site.route_of("POST", support.path_of(support.url(form.action)))
            if form.method == "post" and route:
                site.forms.setdefault(("POST", route["path"]), form)
    return site


@pytest.fixture(scope="module")
def other_tokens(victim) -> dict[str, str]:
    """Tokens a forger might hold, none of them the attacked session's: a second sign-in of the
    same account, an anonymous visitor's session, and the session the victim had before
    signing in (a planted session: signing in must replace it, token and all)."""
    second = common.sign_in(victim.email, common.PERSONA_PASSWORD)
    planted = requests.Session()
    planted_token = session_token(planted, "/sign-in")
    signed = post("/sign-in", planted, data={"csrf_token": planted_token, "email": victim.email,
                                             "password": common.PERSONA_PASSWORD})
    assert signed.status_code == 303 and signed_in(planted), support.describe(signed)
    tokens = {
        "csrf_token of another session of the same account": session_token(second),
        "csrf_token of an anonymous visitor's session": session_token(requests.Session(), "/sign-in"),
        "csrf_token the session had before it signed in": planted_token,
    }
    assert len(set(tokens.values()) | {session_token(victim.session)}) == 4, "two sessions share a token"
    return tokens


def target(route: dict, site: forms.SiteMap, victim: common.Persona, *, real: bool = True) -> tuple[str, list[tuple[str, str]]]:
    """The path to post to (parameters of a real object when one was found and `real`) and the
    body the site's own form for it would send, without its token."""
    values = site.real_values(route) if real else None
    if values is None:
        values = {name: forms.plausible(name) for name in route["parameters"]}
        if real and route["path"].startswith("/admin/members/:slug"):
            values = {"slug": "lima"}
    path = forms.fill_path(route["path"], values)
    form = site.forms.get(("POST", route["path"]))
    body = form.defaults(without_token=True) if form else [("note", "a form post")]
    overrides = {
        "/account/password": {"current_password": common.PERSONA_PASSWORD, "new_password": "forged " + common.PERSONA_PASSWORD,
                              "confirm_password": "forged " + common.PERSONA_PASSWORD},
        "/sign-in": {"email": victim.email, "password": common.PERSONA_PASSWORD},
        "/account": {"language": "ko"},
    }.get(route["path"], {})
    body = [(k, v) for k, v in body if k not in overrides] + list(overrides.items())
    return path, body


def forged_requests(session: requests.Session, token_page: str, body: list[tuple[str, str]],
                    other_tokens: dict[str, str]) -> list[tuple[str, dict]]:
    """(label, keyword arguments for `post`) for every forged variant of one post; the session's
    own token (read from `token_page`) goes only where the server must not look for it."""
    right = session_token(session, token_page)
    altered = right[:-1] + ("A" if right[-1] != "A" else "B")
    variants = [
        ("no csrf_token", {"data": body}),
        ("empty csrf_token", {"data": body + [("csrf_token", "")]}),
        ("csrf_token with one character changed", {"data": body + [("csrf_token", altered)]}),
        ("right csrf_token in the query string, not the body",
         {"data": body, "params": {"csrf_token": right}}),
        ("multipart body without csrf_token",
         {"files": [(k, (None, v)) for k, v in body] or [("note", (None, "x"))]}),
    ]
    for label, token in other_tokens.items():
        variants.append((label, {"data": body + [("csrf_token", token)]}))
    return variants


# --------------------------------------------------------------------------- the attacks


@pytest.mark.parametrize("route", POST_ROUTES, ids=[f"POST {r['path']}" for r in POST_ROUTES])
def test_forged_post_is_refused_and_changes_nothing(route, site, victim, other_tokens, admin):
    """Every variant of a forged post (no, foreign, stale, empty, altered, misplaced token) is
    refused with 403 and the CSRF message, the audit log does not grow, and the session that
    was attacked is still signed in."""
    path, body = target(route, site, victim)
    FIGURES["routes with a real object" if route["parameters"] and site.real_values(route) else
            "routes without parameters" if not route["parameters"] else "routes with a made-up object"] += 1
    FIGURES["routes posted with their own form's fields" if ("POST", route["path"]) in site.forms else
            "routes posted without a form found"] += 1
    TARGETS[f"POST {route['path']}"] = path
    if route["path"] == "/sign-in":
        # The victim is an anonymous visitor on the sign-in page; the forged post signs them in.
        session = requests.Session()
        session_token(session, "/sign-in")
    else:
        session = victim.session
    before = audit_length(admin)
    failures = []
    token_page = "/sign-in" if route["path"] == "/sign-in" else "/account"
    for label, kwargs in forged_requests(session, token_page, body, other_tokens):
        response = post(path, session, **kwargs)
        FIGURES["forged posts"] += 1
        if not is_csrf_refusal(response):
            failures.append(f"{label}: {support.describe(response, 300)}")
    after = audit_length(admin)
    if after != before:
        failures.append(f"the audit log grew from {before} to {after} entries: {newest_audit_rows(admin, after - before)}")
    if route["path"] != "/sign-in" and not signed_in(session):
        failures.append("the attacked session was signed out")
    if route["path"] == "/sign-in" and signed_in(session):
        failures.append("the forged sign-in signed the visitor in")
    if route["path"] == "/account/password":
        common.sign_in(victim.email, common.PERSONA_PASSWORD)  # the password is unchanged
    assert failures == [], f"POST {path} ({route['access']}), body fields {[k for k, _ in body]}:\n" + "\n".join(failures)


@pytest.mark.parametrize("route", POST_ROUTES, ids=[f"POST {r['path']}" for r in POST_ROUTES])
def test_post_with_the_right_token_passes_the_csrf_check(route, site, victim, personas):
    """The control: the same post with the session's own token in the body is not refused with
    403 (the handler may still say 400, 404 or 422 about the body), so the forged variants
    above are refused because of their token and not because the route refuses everything.
    Posts that would destroy a real object are sent for one that does not exist. The member's
    own actions (joining a cycle, requesting a meeting), which the handler refuses to the
    Secretariat, are sent again as Lima's representative."""
    destructive = is_destructive(route)
    path, _ = target(route, site, victim, real=not destructive)
    if route["path"] == "/sign-out":
        session = common.sign_in(victim.email, common.PERSONA_PASSWORD)
    elif route["path"] == "/sign-in":
        session = requests.Session()
    else:
        session = victim.session
    token = session_token(session, "/sign-in" if route["path"] == "/sign-in" else "/account")
    response = post(path, session, data={"csrf_token": token})
    if response.status_code == 403 and not is_csrf_refusal(response) and route["access"] == "signed_in":
        member = personas["representative"].session
        response = post(path, member, data={"csrf_token": session_token(member)})
    STATUSES[f"POST {route['path']}"] = response.status_code
    FIGURES["right-token posts"] += 1
    assert response.status_code < 500, support.describe(response)
    assert not is_csrf_refusal(response), "refused by the CSRF check with the right token: " + support.describe(response)
    assert response.status_code != 403, support.describe(response)


def test_forged_creations_create_nothing(victim, admin):
    """The writes a forger wants most (a new account, a new member, a changed member, an
    application, a funding program, the victim's language) are posted without a valid token,
    then the pages that list them are read: the probe is not there. The same posts with the
    right token are then made and the probe is there, proving the reading would have seen it."""
    session = victim.session
    probe = f"csrf{common.RUN}{forms.token()}"
    creations = [
        # (form page, action, body, page that would list it, text that would appear there: never
        # the bare probe, which pages echo in their language links)
        ("/admin/users/new", "/admin/users/new",
         {"email": f"{probe}@attack.test", "display_name": f"Forged {probe}", "role": "youth_participant",
          "password": "a long forged passphrase " + probe}, "/admin/users", f"Forged {probe}"),
        ("/admin/members/new", "/admin/members/new",
         {"name": f"Forged city {probe}", "category": "local_government", "slug": probe}, f"/members/{probe}", f"Forged city {probe}"),
        ("/admin/members/seoul/edit", "/admin/members/seoul/edit", {"note": f"Forged note {probe}"}, "/members/seoul", f"Forged note {probe}"),
        ("/apply/institution", "/apply/institution",
         {"organization_name": f"Forged institute {probe}", "employees": "40", "contact_name": "Forger",
          "contact_email": f"{probe}@attack.test", "consent": "yes"}, "/admin/applications", f"Forged institute {probe}"),
        ("/matching/new?kind=funding", "/matching/new",
         {"kind": "funding", "title": f"Forged fund {probe}", "description": "Money for forgers.", "funder": "Forgers",
          "domains[]": "water", "language": "en"}, "/matching?kind=funding", f"Forged fund {probe}"),
    ]
    refused, made = Counter(), Counter()
    failures = []
    seoul = forms.form_with_action(get("/admin/members/seoul/edit", session).text, "/admin/members/seoul/edit")
    fund = None
    try:
        for page, action, fields, listing, text in creations:
            # The public form is posted by a visitor from an address of its own (five an hour each).
            session = forms.visitor() if action.startswith("/apply/") else victim.session
            form = forms.form_with_action(get(page, session).text, action)
            body = form.body(fields)
            right = session_token(session, page)
            for label, kwargs in forged_requests(session, page, body,
                                                 {"anonymous token": session_token(requests.Session(), "/sign-in")}):
                response = post(action, session, **kwargs)
                if not is_csrf_refusal(response):
                    failures.append(f"{action} {label}: {support.describe(response, 200)}")
                refused[action] += 1
            if text in get(listing, admin).text:
                failures.append(f"{listing} shows {text!r} after only forged posts to {action}")
            response = post(action, session, data=body + [("csrf_token", right)])
            if response.status_code not in (201, 303):
                failures.append(f"the real post to {action} failed, so the control proves nothing: {support.describe(response, 400)}")
            elif text not in get(listing, admin).text:
                failures.append(f"{listing} does not show {text!r} even after the real post: the check cannot see a change")
            else:
                made[action] += 1
                if action == "/matching/new":
                    fund = support.path_of(response.headers["Location"])
    finally:
        session = victim.session
        restored = post("/admin/members/seoul/edit", session,
                        data=seoul.defaults(without_token=True) + [("csrf_token", session_token(session))])
        assert restored.status_code == 303, "could not restore Seoul: " + support.describe(restored)
        if fund:
            post(fund + "/delete", session, data={"csrf_token": session_token(session)})
    language = post("/account", session, data={"csrf_token": "", "language": "ko"})
    if not is_csrf_refusal(language) or 'lang="en"' not in get("/account", session).text:
        failures.append("a forged language change was not refused or took effect")
    FIGURES["forged creations refused"] += sum(refused.values())
    assert failures == [], "\n".join(failures)
    assert len(made) == len(creations), made


def test_session_cookie_is_httponly_lax_and_site_wide(victim):
    """The session cookie cannot be read by script (HttpOnly), is not sent on cross-site
    subrequests or posts (SameSite=Lax or Strict), covers the whole site (Path=/) and is bound
    to this host (no Domain): for the anonymous session of the sign-in page, for the session
    that signing in issues, and for the cookie that signing out expires."""
    anonymous = requests.Session()
    page = get("/sign-in", anonymous)
    signed = post("/sign-in", anonymous, data={"csrf_token": csrf_token_from(page.text), "email": victim.email,
                                               "password": common.PERSONA_PASSWORD})
    assert signed.status_code == 303, support.describe(signed)
    out = post("/sign-out", anonymous, data={"csrf_token": session_token(anonymous)})
    assert out.status_code == 303, support.describe(out)
    failures = []
    for label, response in (("GET /sign-in", page), ("POST /sign-in", signed), ("POST /sign-out", out)):
        headers = [v for k, v in response.raw.headers.items() if k.lower() == "set-cookie"]
        session_cookies = [h for h in headers if h.strip().lower().startswith("wego_session=")]
        if len(session_cookies) != 1:
            failures.append(f"{label}: expected one wego_session cookie, got {headers}")
            continue
        raw = session_cookies[0]
        attributes = {part.split("=", 1)[0].strip().lower(): (part.split("=", 1)[1].strip() if "=" in part else "")
                      for part in raw.split(";")[1:]}
        if "httponly" not in attributes:
            failures.append(f"{label}: no HttpOnly in {raw}")
        if attributes.get("samesite", "").lower() not in ("lax", "strict"):
            failures.append(f"{label}: SameSite is {attributes.get('samesite')!r} in {raw}")
        if attributes.get("path") != "/":
            failures.append(f"{label}: Path is {attributes.get('path')!r} in {raw}")
        if "domain" in attributes:
            failures.append(f"{label}: a Domain attribute widens the cookie to other hosts: {raw}")
        FIGURES["session cookies checked"] += 1
    assert failures == [], "\n".join(failures)


def test_the_refusal_check_can_fail():
    """The checks above trust `is_csrf_refusal`: it must say no to a success and to a 403 that is
    not the CSRF check's, and yes only to the CSRF page."""
    ok = requests.Response()
    ok.status_code, ok._content = 303, b""
    other = requests.Response()
    other.status_code, other._content = 403, b"You do not have permission to do this."
    refusal = requests.Response()
    refusal.status_code, refusal._content = 403, f"<p>{CSRF_MESSAGE}. Go back.</p>".encode()
    assert [is_csrf_refusal(r) for r in (ok, other, refusal)] == [False, False, True]
    assert len(POST_ROUTES) >= 30, f"only {len(POST_ROUTES)} POST routes in the table"


def teardown_module(module) -> None:
    if FIGURES:
        forms.write_figures("csrf-figures.json", {
            "post_routes": len(POST_ROUTES), **FIGURES,
            "right_token_statuses": dict(Counter(STATUSES.values())), "forged_targets": TARGETS,
            "right_token_answers": STATUSES,
        })
