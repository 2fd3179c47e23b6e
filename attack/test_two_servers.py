"""Two app servers on one PostgreSQL database stay coherent.

Each server keeps copies in memory: rendered public pages, the directory's counts, the matching
catalog. A change made through one server must be seen through the other within a second (the
change feed: PostgreSQL LISTEN/NOTIFY), not after a cache's time limit or a restart. Each test
first makes the second server cache the old answer, so it cannot pass by never having cached.
"""

from __future__ import annotations

import os
import re
import subprocess
import secrets
import time

import pytest
import requests

import common
import support

WITHIN_SECONDS = 1.0


def eventually(check, seconds: float = WITHIN_SECONDS) -> float | None:
    """Seconds until `check()` held, polling every 50 ms; None if it never did in time."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            return None
        time.sleep(0.05)


def on(base: str, path: str, session: requests.Session | None = None) -> requests.Response:
    return (session or requests).get(base + path, timeout=support.HTTP_TIMEOUT, allow_redirects=False)


def test_a_member_created_on_one_server_is_listed_by_the_other_within_a_second(admin, base_url, second_url):
    name = f"Coherence City {secrets.token_hex(4)}"
    # The directory repeats the search in its form: the member's link is what shows it listed.
    listed = '"/members/' + name.lower().replace(" ", "-") + '"'
    query = "/api/v1/members?q=" + name.replace(" ", "+")
    directory = "/members?q=" + name.replace(" ", "+")
    assert name not in on(second_url, query).text
    assert listed not in on(second_url, directory).text
    # Asked twice: the second answers come from the second server's cache.
    assert name not in on(second_url, query).text
    assert listed not in on(second_url, directory).text
    created = common.form_post(admin, "/admin/members/new", "/admin/members/new", {
        "name": name, "category": "local_government", "subtype": "city", "region": "africa", "country": "UG",
    })
    assert created.status_code == 303, support.describe(created)
    assert name in on(base_url, query).text  # the writing server knows at once
    for path, shown in ((query, name), (directory, listed)):
        seconds = eventually(lambda: shown in on(second_url, path).text)
        assert seconds is not None, f"the second server still answers {path} without {shown} after {WITHIN_SECONDS} s"


@pytest.fixture(scope="module")
def company(admin) -> common.Persona:
    return common.create_persona(admin, "coherence-company", "member_representative", member="becloud")


def post_item(persona: common.Persona, kind: str, title: str, description: str) -> str:
    response = common.form_post(persona.session, f"/matching/new?kind={kind}", "/matching/new", {
        "kind": kind, "title": title, "description": description, "language": "en", "visibility": "public",
        "stage": "planning", "domains[]": "transportation",
    })
    assert response.status_code == 303, support.describe(response)
    location = support.path_of(response.headers["Location"])
    assert re.fullmatch(r"/matching/items/[0-9a-f-]{36}", location), location
    return location


def test_a_solution_posted_on_one_server_is_suggested_by_the_other_within_a_second(personas, company, base_url, second_url):
    """The in-memory matching catalog: a solution posted through the first server appears among
    the suggestions of a city's challenge read through the second, and leaves them when deleted."""
    city = personas["representative"]
    word = secrets.token_hex(3)
    challenge = post_item(
        city, "challenge", f"Hydrogen ferries for the harbour {word}",
        f"Our harbour wants hydrogen ferries and refuelling barges; keyword zq{word}.")
    # The second server loads its catalog now, before the solution exists.
    assert on(second_url, challenge, city.session).status_code == 200
    title = f"Hydrogen ferry refuelling barges {word}"
    solution = post_item(
        company, "solution", title, f"We build hydrogen refuelling barges and ferries for harbours; keyword zq{word}.")
    assert title in on(base_url, challenge, city.session).text, "the writing server does not suggest the solution"
    seconds = eventually(lambda: title in on(second_url, challenge, city.session).text)
    assert seconds is not None, f"the second server does not suggest {title!r} after {WITHIN_SECONDS} s"

    deleted = common.form_post(company.session, solution, solution + "/delete", {})
    assert deleted.status_code == 303, support.describe(deleted)
    seconds = eventually(lambda: title not in on(second_url, challenge, city.session).text)
    assert seconds is not None, f"the second server still suggests the deleted {title!r} after {WITHIN_SECONDS} s"


def test_the_feed_reconnects_after_its_connection_is_killed(admin, second_url):
    """PostgreSQL ends the listening connections (as a restart or a failover would): each server
    reconnects within about a second and changes are seen again; what was missed meanwhile is
    covered by a full refill on reconnecting."""
    psql = [os.path.join(common.env("WEGO_ATTACK_PG_BIN"), "psql"), "-X", "-q", "-At", common.env("WEGO_ATTACK_DATABASE_URL")]
    killed = subprocess.run(
        psql + ["-c", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"],
        check=True, capture_output=True, text=True, timeout=30).stdout.strip()
    assert killed == "2", f"expected the two servers' listening connections, ended {killed}"
    name = f"Reconnected City {secrets.token_hex(4)}"
    query = "/api/v1/members?q=" + name.replace(" ", "+")
    assert name not in on(second_url, query).text
    created = common.form_post(admin, "/admin/members/new", "/admin/members/new", {
        "name": name, "category": "local_government", "subtype": "city", "region": "africa", "country": "UG",
    })
    assert created.status_code == 303, support.describe(created)
    seconds = eventually(lambda: name in on(second_url, query).text, seconds=5)
    assert seconds is not None, "the second server did not see the change within 5 s of its feed being cut"
    listening = subprocess.run(
        psql + ["-c", "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"],
        check=True, capture_output=True, text=True, timeout=30).stdout.strip()
    assert listening == "2", f"{listening} servers listen again"
