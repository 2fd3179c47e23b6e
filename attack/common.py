"""What every attack needs: the servers, signed-in sessions for each role, the route table.

The servers are started by scripts/test (suite "attack"): two app servers on one PostgreSQL
database, WEGO_BASE_URL and WEGO_SECOND_URL. Set WEGO_ATTACK_LONG=1 for the longer mode
(more generated cases and payloads; used by hand, not in CI).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))

import support  # noqa: E402  (the e2e helpers: url, get, post, csrf_token_from, describe, find_tags)
from support import csrf_token_from, get, post  # noqa: E402,F401

LONG = os.environ.get("WEGO_ATTACK_LONG", "") == "1"
RUN = secrets.token_hex(3)
PERSONA_PASSWORD = "attack passphrase " + secrets.token_hex(6)
ROLES = ("secretariat_admin", "regional_staff", "member_representative", "judge", "youth_participant")


def env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise RuntimeError(f"{name} is not set: run `scripts/test --only attack`")
    return value


def wego_bin() -> str:
    return env("WEGO_BIN")


def route_table() -> list[dict]:
    """`wego routes --json`: every registered route with method, path, access, parameters."""
    output = subprocess.run([wego_bin(), "routes", "--json"], check=True, capture_output=True, text=True, timeout=60).stdout
    return json.loads(output[output.index("["):])


def route_table_if_running() -> list[dict]:
    """The route table, or nothing when collected without a server (e.g. --collect-only): the
    modules that generate a test per route call this at import."""
    try:
        return route_table()
    except (RuntimeError, OSError):
        return []


def write_figures(name: str, figures: dict) -> None:
    """Writes a module's figures to $WEGO_ATTACK_TMP/NAME for quoting (nothing without it)."""
    folder = os.environ.get("WEGO_ATTACK_TMP")
    if folder and figures:
        with open(os.path.join(folder, name), "w") as out:
            json.dump(figures, out, indent=2, sort_keys=True)


def sign_in(email: str, password: str, base: str | None = None) -> requests.Session:
    session = requests.Session()
    root = (base or support.base_url()).rstrip("/")
    page = session.get(root + "/sign-in", timeout=support.HTTP_TIMEOUT)
    response = session.post(
        root + "/sign-in", allow_redirects=False, timeout=support.HTTP_TIMEOUT,
        data={"csrf_token": csrf_token_from(page.text), "email": email, "password": password},
    )
    assert response.status_code == 303, support.describe(response)
    return session


def form_post(session: requests.Session, page: str, action: str, data: dict, **kwargs) -> requests.Response:
    """Post `data` to `action` with the CSRF token of the form on `page`, as a browser would."""
    token = csrf_token_from(get(page, session).text)
    return post(action, session, data={"csrf_token": token, **data}, **kwargs)


@dataclass
class Persona:
    """A signed-in user of one role (or nobody, for "anonymous")."""

    name: str
    role: str | None
    email: str | None
    session: requests.Session
    member: str | None = None  # a representative's member slug
    region: str | None = None  # regional staff's region


def create_persona(admin: requests.Session, name: str, role: str, *, member: str | None = None, region: str | None = None) -> Persona:
    """An account made by the Secretariat through the user form, its forced first password change done."""
    email = f"{name}-{RUN}@attack.test"
    data = {"email": email, "display_name": f"{name} (attack suite)", "role": role, "password": PERSONA_PASSWORD}
    if member:
        data["member"] = member
    if region:
        data["region"] = region
    response = form_post(admin, "/admin/users/new", "/admin/users/new", data)
    assert response.status_code == 303, support.describe(response)
    session = sign_in(email, PERSONA_PASSWORD)
    # An admin-issued password must be replaced before anything else: changed away and back.
    renewed = PERSONA_PASSWORD + " renewed"
    for current, new in ((PERSONA_PASSWORD, renewed), (renewed, PERSONA_PASSWORD)):
        changed = form_post(session, "/account", "/account/password", {
            "current_password": current, "new_password": new, "confirm_password": new,
        })
        assert changed.status_code == 303, support.describe(changed)
    return Persona(name, role, email, session, member, region)
