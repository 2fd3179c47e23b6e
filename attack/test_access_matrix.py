"""Every route, as every role, against the access the route declares.

The cases are generated from the server's own route table (`wego routes --json`), so a new
route is attacked the day it is registered, without anyone adding it here. Each route is
requested by anonymous, the Secretariat, regional staff (Americas), a representative (Lima),
a judge and a youth participant; routes that name a member are requested for an own object
(Lima: the representative's member, in the staff's region) and a foreign one (Seoul). Posts
carry the persona's valid CSRF token, so what answers is the access check, not CSRF.

The rules (any role may also get 404 for an object that does not exist; 5xx is never right):
- anyone:       no persona is sent to sign in or refused (403);
- signed_in:    anonymous is sent to sign in; signed-in personas are not, and the handler decides
                on the object (checked below for the member routes, own and foreign);
- secretariat:  anonymous is sent to sign in; every other role but the Secretariat gets 403.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter

import pytest

import common
import support
from support import csrf_token_from, get, post

PERSONAS = ("anonymous", "secretariat", "regional", "representative", "judge", "youth")
OWN_MEMBER, FOREIGN_MEMBER = "lima", "seoul"

# Posts that would end the persona's own session: attacked as anonymous only.
SESSION_ENDING = {("POST", "/sign-out")}
# The second step of a sign-in opens for anyone who has just given a right password (a cookie
# names the pending sign-in); without one it sends the reader back to the first step.
SECOND_STEP = {("GET", "/sign-in/code"), ("POST", "/sign-in/code")}

# Object rules of the member routes (handler checks, `Permissions`), per persona and object.
# True: the persona may use the route on that member; False: 403.
MEMBER_OBJECT_RULES = {
    "/admin/members/:slug/edit": {
        "secretariat": {OWN_MEMBER: True, FOREIGN_MEMBER: True},
        "regional": {OWN_MEMBER: True, FOREIGN_MEMBER: False},
        "representative": {OWN_MEMBER: True, FOREIGN_MEMBER: False},
        "judge": {OWN_MEMBER: False, FOREIGN_MEMBER: False},
        "youth": {OWN_MEMBER: False, FOREIGN_MEMBER: False},
    },
}
# Routes without an object whose handler admits only some signed-in roles.
ROLE_RULES = {
    ("GET", "/admin/members/new"): {"secretariat", "regional"},
    ("POST", "/admin/members/new"): {"secretariat", "regional"},
}

FIGURES: Counter = Counter()


ROUTES = common.route_table_if_running()


def classify(response) -> str:
    if response.status_code >= 500:
        return "server_error"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "missing"
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303, 307) and support.path_of(location) == "/sign-in":
        return "sign_in"
    return "allowed"


def fill(route: dict, member: str) -> str:
    """The route's path with its parameters filled: the given member for a member's slug, an
    existing edition or category where one is known, else a value that names nothing."""
    values = {
        "slug": member if route["path"].startswith(("/members", "/admin/members", "/api/v1/members")) else "no-such-" + common.RUN,
        "id": str(uuid.uuid4()),
        "number": "WG-0000-" + common.RUN,
        "code": "ZZ",
        "category": "local_government",
        "country": "ZZ",
        "month": "2099-01",
    }
    parts = []
    for part in route["path"].split("/"):
        parts.append(values.get(part[1:], "x-" + common.RUN) if part.startswith(":") else part)
    return "/".join(parts) or "/"


def objects_of(route: dict) -> list[str]:
    return [OWN_MEMBER, FOREIGN_MEMBER] if "slug" in route["parameters"] and route["path"].startswith(
        ("/members", "/admin/members", "/api/v1/members")) else [OWN_MEMBER]


def request_as(persona: common.Persona, method: str, path: str):
    if method == "GET":
        return get(path, persona.session)
    # The token of this persona's own session (anonymous sessions have one too): CSRF passes.
    token = csrf_token_from(get("/sign-in" if persona.role is None else "/account", persona.session).text)
    return post(path, persona.session, data={"csrf_token": token})


def expectation(route: dict, persona: str, member: str) -> set[str]:
    access, key = route["access"], (route["method"], route["path"])
    if access == "anyone":
        return {"sign_in"} if key in SECOND_STEP else {"allowed", "missing"}
    if persona == "anonymous":
        return {"sign_in"}
    if access == "secretariat":
        return {"allowed", "missing"} if persona == "secretariat" else {"forbidden"}
    assert access == "signed_in", f"unknown access {access!r} for {key}"
    if route["path"] in MEMBER_OBJECT_RULES:
        return {"allowed"} if MEMBER_OBJECT_RULES[route["path"]][persona][member] else {"forbidden"}
    if key in ROLE_RULES:
        return {"allowed"} if persona in ROLE_RULES[key] else {"forbidden"}
    return {"allowed", "missing", "forbidden"}


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r['method']} {r['path']}" for r in ROUTES])
def test_the_route_answers_every_role_as_it_declares(route, personas):
    failures = []
    for name in PERSONAS:
        if (route["method"], route["path"]) in SESSION_ENDING and name != "anonymous":
            continue
        for member in objects_of(route):
            path = fill(route, member)
            response = request_as(personas[name], route["method"], path)
            outcome = classify(response)
            FIGURES["requests"] += 1
            FIGURES[outcome] += 1
            wanted = expectation(route, name, member)
            if outcome not in wanted:
                failures.append(f"{name}: {route['method']} {path} -> {response.status_code} {outcome}, wanted {sorted(wanted)}")
    assert failures == [], f"declared access {route['access']}:\n" + "\n".join(failures)


def test_the_least_trusted_role_reaches_no_secretariat_page(personas):
    """A youth participant reaches no Secretariat page at all,
    counted over the whole table (guards against a rule table that quietly admits everyone)."""
    secretariat_routes = [r for r in ROUTES if r["access"] == "secretariat" and r["method"] == "GET"]
    assert len(secretariat_routes) > 15
    answers = {r["path"]: get(fill(r, OWN_MEMBER), personas["youth"].session).status_code for r in secretariat_routes}
    assert set(answers.values()) == {403}, answers


def test_every_persona_is_who_the_matrix_thinks(personas):
    """The matrix is only as good as its personas: each is signed in as its role (or not at all)."""
    assert get("/admin", personas["anonymous"].session).status_code == 303
    for name in PERSONAS[1:]:
        page = get("/account", personas[name].session)
        assert page.status_code == 200, support.describe(page)
        assert personas[name].email in page.text


def teardown_module(module) -> None:
    if FIGURES:
        figures = {"routes": len(ROUTES), "personas": len(PERSONAS), **FIGURES}
        common.write_figures("access-figures.json", figures)
        print("\naccess matrix:", json.dumps(figures))
