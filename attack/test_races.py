"""Races: every limit and every "only once" promise, attacked by 50 requests sent at once.

The platform promises exact numbers under concurrency: five password checks per account in a
quarter of an hour, twenty per address; five applications per address an hour; one application
for a double-submitted form; one member for an application however often it is approved; one
payment that settles an invoice; one account per invitation; one open meeting request per city
and solution; one answer per side; no double-booked hour; one report, outcome and confirmation;
one cycle per month, one participation per city, one plan per cycle; one credit note per void,
one invoice per correction, one waiver per year, one resignation per member; and only the
newest invitation link working.

Each race sends 50 requests with a valid CSRF token (so a refusal is the business rule, not the
forgery check), released together by a barrier after every request has its session, its token
and an open connection; the even requests go to the first app server and the odd ones to the
second, so the racers also cross processes on the one PostgreSQL database. Each race then checks
the promised effect twice: in the answers (how many of each status, never a 5xx or a dropped
connection) and in the database itself, read with psql (rows stored, e-mails queued in
outbox_messages, audit entries). Figures go to $WEGO_ATTACK_TMP/races-figures.json.

Client addresses: the servers see the TCP peer address (they do not trust X-Forwarded-For
here, as no proxy is configured), and the per-address limits count per address. Every race
that is subject to one comes from a loopback address of its own, 127.A.B.n with A in 210-249
(forms.visitor() uses 127.10-209.x.y), so the races neither hit nor use up the share of
127.0.0.1 that the rest of the suite signs in and applies from, nor each other's.

The members, representatives and meetings the races need are made here through the site's own
forms (an application, its approval, the invitation from the approval e-mail), not from the
shared personas, so other modules find Lima, Seoul and Becloud as they left them. One step
cannot be taken over HTTP: a meeting's time cannot be set in the past, and reports and outcomes
are only taken after it; that one meeting is moved into the past with an UPDATE in the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import secrets
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import unquote

import pytest
import requests

import common
import support
from support import csrf_token_from

PARALLEL = 50
RACE_TIMEOUT = 120  # seconds for one racing request: bcrypt queues on a small CI machine
TAG = f"race{common.RUN}"
PASSWORD = "race passphrase " + secrets.token_hex(6)
FIGURES: dict[str, dict] = {}


# --------------------------------------------------------------------------- the database


def sql(query: str) -> list[list[str]]:
    """The rows of a query on the servers' database, as strings (psql, like test_two_servers)."""
    result = subprocess.run(
        [os.path.join(common.env("WEGO_ATTACK_PG_BIN"), "psql"), "-X", "-q", "-At", "-F", "\x1f",
         "-v", "ON_ERROR_STOP=1", common.env("WEGO_ATTACK_DATABASE_URL"), "-c", query],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"psql failed on {query!r}: {result.stderr}"
    return [line.split("\x1f") for line in result.stdout.splitlines() if line]


def count(query: str) -> int:
    return int(sql(query)[0][0])


def one(query: str) -> list[str]:
    rows = sql(query)
    assert len(rows) == 1, f"expected one row from {query!r}, got {rows}"
    return rows[0]


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def audit_count(action: str, target: str | None = None, details_like: str | None = None) -> int:
    """Audit entries of one action (on one target). The server writes ids in targets as Swift
    prints them: upper-case, where PostgreSQL prints lower-case."""
    query = f"SELECT count(*) FROM audit_entries WHERE action = {lit(action)}"
    if target is not None:
        query += f" AND target = {lit(target)}"
    if details_like is not None:
        query += f" AND details LIKE {lit(details_like)}"
    return count(query)


def utc_today() -> date:
    return datetime.now(timezone.utc).date()


# --------------------------------------------------------------------------- clients


class _SourceAddress(requests.adapters.HTTPAdapter):
    def __init__(self, address: str, **kwargs) -> None:
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        return super().init_poolmanager(*args, **kwargs)


_NET = (210 + random.randrange(40), random.randrange(256))
_HOSTS = iter(range(1, 255))


def fresh_address() -> str:
    """A loopback address no other test uses (see the module's docstring)."""
    return f"127.{_NET[0]}.{_NET[1]}.{next(_HOSTS)}"


def client(address: str | None = None) -> requests.Session:
    session = requests.Session()
    if address:
        session.mount("http://", _SourceAddress(address))
    return session


def twin(session: requests.Session, address: str | None = None) -> requests.Session:
    """Another client on the same signed-in session (one per racing thread: a requests.Session
    is not meant to be shared between threads)."""
    copy = client(address)
    copy.cookies.update(session.cookies)
    return copy


def servers() -> tuple[str, str]:
    return support.base_url(), common.env("WEGO_SECOND_URL").rstrip("/")


def token_on(session: requests.Session, base: str, page: str) -> str:
    response = session.get(base + page, timeout=support.HTTP_TIMEOUT, allow_redirects=False)
    assert response.status_code == 200, support.describe(response)
    return csrf_token_from(response.text)


# --------------------------------------------------------------------------- the race


@dataclass
class Race:
    name: str
    answers: list  # a Response, or the exception that took its place
    spread_ms: float  # between the first and the last request leaving, after the barrier
    seconds: float  # from the barrier to the last answer
    rows: dict = field(default_factory=dict)

    @property
    def statuses(self) -> Counter:
        return Counter(a.status_code if isinstance(a, requests.Response) else type(a).__name__ for a in self.answers)

    def responses(self, status: int) -> list[requests.Response]:
        return [a for a in self.answers if isinstance(a, requests.Response) and a.status_code == status]

    def record(self, **rows) -> None:
        """Keeps the database figures for the report, beside the answers."""
        self.rows.update(rows)
        FIGURES[self.name] = {
            "requests": len(self.answers), "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
            "start_spread_ms": round(self.spread_ms, 1), "seconds": round(self.seconds, 2), "rows": self.rows,
        }

    def describe(self) -> str:
        examples = {}
        for answer in self.answers:
            key = answer.status_code if isinstance(answer, requests.Response) else type(answer).__name__
            if key not in examples:
                examples[key] = support.describe(answer, 300) if isinstance(answer, requests.Response) else repr(answer)[:300]
        return f"{self.name}: statuses {dict(self.statuses)}; rows {self.rows}\n" + "\n".join(
            f"  e.g. {key}: {text}" for key, text in examples.items())

    def assert_sound(self) -> None:
        """Every request was answered, and none with a server error."""
        broken = [a for a in self.answers if not isinstance(a, requests.Response) or a.status_code >= 500]
        assert not broken, f"{len(broken)} requests failed or answered 5xx. " + self.describe()

    def assert_statuses(self, expected: dict[int, int]) -> None:
        self.assert_sound()
        assert dict(self.statuses) == expected, f"expected the answers {expected}. " + self.describe()


def race(name: str, prepare, n: int = PARALLEL) -> Race:
    """Runs `prepare(i, base)` in n threads: each makes its session (with its token, and an open
    connection to the server `base`) and returns it with the request it will send. When all are
    ready, every thread sends at once. Request i goes to the first server when i is even, to the
    second when odd."""
    bases = servers()
    barrier = threading.Barrier(n)
    answers: list = [None] * n
    started = [0.0] * n
    finished = [0.0] * n

    def worker(i: int) -> None:
        base = bases[i % 2]
        try:
            session, request = prepare(i, base)
            prepared = session.prepare_request(request)
        except BaseException:
            barrier.abort()
            raise
        barrier.wait(timeout=RACE_TIMEOUT)
        started[i] = time.monotonic()
        try:
            answers[i] = session.send(prepared, allow_redirects=False, timeout=RACE_TIMEOUT)
        except requests.RequestException as error:
            answers[i] = error
        finished[i] = time.monotonic()

    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(worker, i) for i in range(n)]
        errors = [f.exception() for f in futures]
    real = [e for e in errors if e is not None and not isinstance(e, threading.BrokenBarrierError)]
    if real:
        raise real[0]
    assert not any(errors), errors
    result = Race(name, answers, (max(started) - min(started)) * 1000, max(finished) - min(started))
    result.record()
    return result


def form_request(base: str, path: str, token: str, data: dict) -> requests.Request:
    return requests.Request("POST", base + path, data={"csrf_token": token, **data})


def signed_in_race(name: str, session: requests.Session, path, body, n: int = PARALLEL) -> Race:
    """n posts of `body(i)` to `path(i)` (or the same for all) by one signed-in session."""
    def prepare(i: int, base: str):
        mine = twin(session)
        token = token_on(mine, base, "/account")
        return mine, form_request(base, path(i) if callable(path) else path, token, body(i) if callable(body) else body)

    return race(name, prepare, n)


def anonymous_race(name: str, address: str | None, page: str, path, body, n: int = PARALLEL) -> Race:
    """n posts by n visitors, each with its own session, all from `address` (None: 127.0.0.1)."""
    def prepare(i: int, base: str):
        visitor = client(address)
        token = token_on(visitor, base, page)
        return visitor, form_request(base, path(i) if callable(path) else path, token, body(i) if callable(body) else body)

    return race(name, prepare, n)


# --------------------------------------------------------------------------- the site's own steps


def application_form(category: str, name: str, email: str) -> dict:
    form = {"organization_name": name, "country": "PE", "contact_name": f"Contact of {name}", "contact_email": email,
            "contact_phone": "", "motivation": "An application made by the race attacks.", "consent": "yes"}
    if category == "local_government":
        form.update(subtype="city", population="240000")
    else:
        form.update(subtype="sme", employees="40", country="KR")
    return form


def apply(category: str, name: str, email: str) -> dict:
    """A public application from an address of its own; the row it stored."""
    visitor = client(fresh_address())
    page = f"/apply/{category}"
    token = token_on(visitor, support.base_url(), page)
    response = visitor.post(support.url(page), data={"csrf_token": token, **application_form(category, name, email)},
                            allow_redirects=False, timeout=support.HTTP_TIMEOUT)
    assert response.status_code == 201, support.describe(response)
    return application_row(email)


def application_row(email: str) -> dict:
    row = one(f"SELECT id, status, coalesce(member_id::text, '') FROM membership_applications WHERE contact_email = {lit(email)}")
    return {"id": row[0], "status": row[1], "member_id": row[2]}


def approve(admin: requests.Session, application_id: str, region: str = "americas") -> requests.Response:
    return common.form_post(admin, f"/admin/applications/{application_id}", f"/admin/applications/{application_id}/approve",
                            {"region": region})


def approved_member(admin: requests.Session, category: str, label: str) -> dict:
    """A new member through the public form and one approval: its ids, invoice and contact."""
    name = f"{label} {TAG}"
    email = f"{label.lower().replace(' ', '-')}-{TAG}@attack.test"
    application = apply(category, name, email)
    response = approve(admin, application["id"])
    assert response.status_code == 303, support.describe(response)
    member_id, slug = one(f"SELECT m.id, m.slug FROM members m JOIN membership_applications a ON a.member_id = m.id "
                          f"WHERE a.id = {lit(application['id'])}")
    invoice, period, amount, issued = one(f"SELECT number, period_id, amount_cents, issued_on FROM invoices "
                                          f"WHERE member_id = {lit(member_id)} AND series = 'INV'")
    return {"name": name, "email": email, "application": application["id"], "member_id": member_id, "slug": slug,
            "invoice": invoice, "period": period, "amount_cents": int(amount), "issued_on": issued}


INVITATION_LINK = re.compile(r"/invitation\?token=([^\s&]+)")


def invitation_tokens(email: str) -> list[str]:
    """Every invitation link mailed to `email`, oldest first (the outbox holds the only copy)."""
    rows = sql(f"SELECT body FROM outbox_messages WHERE recipient = {lit(email)} ORDER BY created_at, id")
    return [unquote(m) for (body,) in rows for m in INVITATION_LINK.findall(body)]


def accept_invitation(token: str, display_name: str, base: str | None = None, session: requests.Session | None = None):
    base = base or support.base_url()
    visitor = session or client()
    page = f"/invitation?token={token}"
    form_token = token_on(visitor, base, page)
    return visitor.post(base + page, data={"csrf_token": form_token, "display_name": display_name, "password": PASSWORD},
                        allow_redirects=False, timeout=RACE_TIMEOUT)


@dataclass
class Representative:
    member: dict
    session: requests.Session


def representative(admin: requests.Session, category: str, label: str) -> Representative:
    """A member approved here and its representative, signed in: the applicant accepted the
    invitation that the approval e-mail carries."""
    member = approved_member(admin, category, label)
    (token,) = invitation_tokens(member["email"])
    accepted = accept_invitation(token, f"{label} representative")
    assert accepted.status_code == 303, support.describe(accepted)
    return Representative(member, common.sign_in(member["email"], PASSWORD))


def post_item(rep: Representative, kind: str, title: str, description: str) -> str:
    response = common.form_post(rep.session, f"/matching/new?kind={kind}", "/matching/new", {
        "kind": kind, "title": title, "description": description, "language": "en", "visibility": "members",
        "stage": "pilot", "domains[]": "water",
    })
    assert response.status_code == 303, support.describe(response)
    match = re.fullmatch(r"/matching/items/([0-9a-f-]{36})", support.path_of(response.headers["Location"]))
    assert match, response.headers["Location"]
    return match.group(1)


MEETING_DAY = (utc_today() + timedelta(days=7)).isoformat()
WINDOW = f"{MEETING_DAY} 09:00-17:00"


def request_meeting(city: Representative, solution: str) -> requests.Response:
    return common.form_post(city.session, f"/matching/items/{solution}/request", f"/matching/items/{solution}/request", {
        "item": "", "message": "A meeting asked for by the race attacks.", "time_zone": "UTC", "windows": WINDOW,
    })


def meeting_of(city: Representative, solution: str) -> str:
    (meeting,) = one(f"SELECT id FROM match_meetings WHERE requester_member_id = {lit(city.member['member_id'])} "
                     f"AND responder_item_id = {lit(solution)}")
    return meeting


def accepted_meeting(city: Representative, company: Representative, title: str) -> str:
    """A meeting the city asked for about a new solution of the company, accepted by both and
    scheduled (the earliest free 45 minutes of the shared window)."""
    solution = post_item(company, "solution", title, f"{title}: sensors, dashboards and maintenance for cities.")
    requested = request_meeting(city, solution)
    assert requested.status_code == 303, support.describe(requested)
    meeting = meeting_of(city, solution)
    answered = common.form_post(company.session, f"/matching/meetings/{meeting}", f"/matching/meetings/{meeting}/answer",
                                {"answer": "accept", "time_zone": "UTC", "windows": WINDOW})
    assert answered.status_code == 303, support.describe(answered)
    assert count(f"SELECT count(*) FROM match_meetings WHERE id = {lit(meeting)} AND starts_at IS NOT NULL") == 1
    return meeting


def recipients_of(member_id: str) -> set[str]:
    """Who hears of a member's meetings: its enabled accounts and its contact address."""
    users = {r[0] for r in sql(f"SELECT lower(email) FROM users WHERE member_id = {lit(member_id)} AND NOT disabled")}
    contact = {r[0] for r in sql(f"SELECT lower(contact_email) FROM members WHERE id = {lit(member_id)} "
                                 f"AND contact_email IS NOT NULL")}
    return users | contact


def mails(subject_like: str, body_like: str) -> list[str]:
    return [r[0] for r in sql(f"SELECT recipient FROM outbox_messages WHERE subject LIKE {lit(subject_like)} "
                              f"AND body LIKE {lit(body_like)}")]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def city(admin) -> Representative:
    rep = representative(admin, "local_government", "Race City")
    post_item(rep, "challenge", f"Flood early warning for river districts {TAG}",
              "Our river districts flood every spring: we want early warning sensors, alerts and evacuation maps.")
    return rep


@pytest.fixture(scope="module")
def second_city(admin) -> Representative:
    rep = representative(admin, "local_government", "Race Town")
    post_item(rep, "challenge", f"River flood warning and evacuation {TAG}",
              "Spring floods on our river: early warning sensors, alerts for residents and evacuation maps.")
    return rep


@pytest.fixture(scope="module")
def company(admin) -> Representative:
    return representative(admin, "corporation", "Race Sensors")


def free_month() -> str:
    """A month with no cycle yet, decades ahead, so no other test meets it."""
    taken = {r[0] for r in sql("SELECT month FROM match_cycles")}
    year, month = 2060 + random.randrange(30), 1 + random.randrange(12)
    while f"{year:04d}-{month:02d}" in taken:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}"


@pytest.fixture(scope="module")
def cycle(admin) -> str:
    month = free_month()
    opened = common.form_post(admin, "/admin/matching", "/admin/matching", {"month": month, "meeting_minutes": "45"})
    assert opened.status_code == 303, support.describe(opened)
    return month


# --------------------------------------------------------------------------- sign-in


def test_sign_in_throttle_per_account_checks_exactly_five_passwords(admin):
    """50 wrong passwords at once for one fresh account: five are checked (422), 45 refused
    with 429 and Retry-After, five failures recorded and five audited; afterwards even the
    right password is refused (the account is held, not the address)."""
    email = f"throttled-{TAG}@attack.test"
    created = common.form_post(admin, "/admin/users/new", "/admin/users/new", {
        "email": email, "display_name": "Throttled (race attacks)", "role": "youth_participant", "password": PASSWORD})
    assert created.status_code == 303, support.describe(created)
    result = anonymous_race("sign-in: 50 wrong passwords, one account", fresh_address(), "/sign-in", "/sign-in",
                            lambda i: {"email": email, "password": f"wrong guess {i:02d} xyz"})
    failures = count(f"SELECT count(*) FROM sign_in_attempts WHERE email = {lit(email)} AND NOT succeeded")
    attempts = count(f"SELECT count(*) FROM sign_in_attempts WHERE email = {lit(email)}")
    audited = audit_count("auth.sign_in_failed", target=f"user:{email}")
    result.record(failures_recorded=failures, attempts_recorded=attempts, audit_sign_in_failed=audited)
    result.assert_statuses({422: 5, 429: 45})
    waits = [r.headers.get("Retry-After", "") for r in result.responses(429)]
    assert all(w.isdigit() and 0 < int(w) <= 15 * 60 for w in waits), f"Retry-After of the 429s: {Counter(waits)}"
    assert (failures, attempts, audited) == (5, 5, 5), result.describe()

    right = client(fresh_address())
    token = token_on(right, support.base_url(), "/sign-in")
    held = right.post(support.url("/sign-in"), data={"csrf_token": token, "email": email, "password": PASSWORD},
                      allow_redirects=False, timeout=support.HTTP_TIMEOUT)
    assert held.status_code == 429, "the right password passed the held account: " + support.describe(held)


def test_sign_in_throttle_per_address_checks_exactly_twenty_passwords():
    """50 wrong passwords at once from one address, each for another e-mail: twenty are checked
    (422), thirty refused with 429; twenty failures recorded for the address, twenty audited."""
    address = fresh_address()
    result = anonymous_race("sign-in: 50 wrong passwords, one address", address, "/sign-in", "/sign-in",
                            lambda i: {"email": f"nobody-{i:02d}-{TAG}@attack.test", "password": "a wrong guess for nobody"})
    failures = count(f"SELECT count(*) FROM sign_in_attempts WHERE address = {lit(address)} AND NOT succeeded")
    audited = audit_count("auth.sign_in_failed", details_like=f"address={address}")
    result.record(address=address, failures_recorded=failures, audit_sign_in_failed=audited)
    result.assert_statuses({422: 20, 429: 30})
    assert (failures, audited) == (20, 20), result.describe()


# --------------------------------------------------------------------------- applications


def test_applications_per_address_store_exactly_five():
    """50 different applications at once from one address: five stored (201) with five
    acknowledgements queued, 45 refused with 429 and Retry-After. The stored rows carry the
    address the server saw, so the limit counted this test's address and nothing else."""
    address = fresh_address()
    prefix = f"limit-{TAG}-"
    page = "/apply/local_government"
    result = anonymous_race(
        "applications: 50 from one address", address, page, page,
        lambda i: application_form("local_government", f"Limit City {i:02d} {TAG}", f"{prefix}{i:02d}@attack.test"))
    like = lit(prefix + "%")
    stored = count(f"SELECT count(*) FROM membership_applications WHERE contact_email LIKE {like}")
    origin = hashlib.sha256(f"application-origin:{address}".encode()).hexdigest()
    from_address = count(f"SELECT count(*) FROM membership_applications WHERE submitted_from = {lit(origin)}")
    acknowledged = count(f"SELECT count(*) FROM outbox_messages WHERE recipient LIKE {like}")
    audited = count(f"SELECT count(*) FROM audit_entries WHERE action = 'application.submit' "
                    f"AND actor LIKE {lit('applicant:' + prefix + '%')}")
    result.record(address=address, applications_stored=stored, stored_from_this_address=from_address,
                  acknowledgements_queued=acknowledged, audit_application_submit=audited)
    result.assert_statuses({201: 5, 429: 45})
    assert all(r.headers.get("Retry-After", "").isdigit() for r in result.responses(429)), "a 429 without Retry-After"
    assert (stored, from_address, acknowledged, audited) == (5, 5, 5, 5), result.describe()


def test_the_same_application_fifty_times_is_stored_once():
    """50 identical applications at once (a double click, times 50): one stored (201), 49
    answered with the same receipt (200), one acknowledgement."""
    email = f"duplicate-{TAG}@attack.test"
    form = application_form("local_government", f"Duplicate City {TAG}", email)
    page = "/apply/local_government"
    result = anonymous_race("applications: 50 identical", fresh_address(), page, page, form)
    stored = count(f"SELECT count(*) FROM membership_applications WHERE contact_email = {lit(email)}")
    acknowledged = count(f"SELECT count(*) FROM outbox_messages WHERE recipient = {lit(email)}")
    result.record(applications_stored=stored, acknowledgements_queued=acknowledged)
    result.assert_statuses({201: 1, 200: 49})
    assert (stored, acknowledged) == (1, 1), result.describe()


# --------------------------------------------------------------------------- decisions


def test_an_application_approved_fifty_times_makes_one_member(admin):
    """50 approvals of one pending application at once: one member, one membership year, one
    invoice, one invitation and one approval e-mail; one 303, 49 refusals with 409."""
    email = f"approved-{TAG}@attack.test"
    application = apply("local_government", f"Approved City {TAG}", email)
    path = f"/admin/applications/{application['id']}/approve"
    result = signed_in_race("approval: 50 approvals of one application", admin, path, {"region": "americas"})
    members = count(f"SELECT count(*) FROM members WHERE contact_email = {lit(email)}")
    member_ids = [r[0] for r in sql(f"SELECT id FROM members WHERE contact_email = {lit(email)}")]
    ids = ", ".join(lit(m) for m in member_ids) or "NULL"
    periods = count(f"SELECT count(*) FROM membership_periods WHERE member_id IN ({ids})")
    invoices = count(f"SELECT count(*) FROM invoices WHERE member_id IN ({ids})")
    invitations = count(f"SELECT count(*) FROM invitations WHERE email = {lit(email)}")
    welcome = count(f"SELECT count(*) FROM outbox_messages WHERE recipient = {lit(email)} AND subject LIKE 'Welcome to WeGO%'")
    # The audit target is the application's reference: the first eight characters of its id, upper-case.
    audited = audit_count("application.approve", target=f"application:{application['id'][:8].upper()}")
    status = application_row(email)["status"]
    result.record(members=members, periods=periods, invoices=invoices, invitations=invitations, approval_emails=welcome,
                  application_status=status, audit_application_approve=audited)
    result.assert_statuses({303: 1, 409: 49})
    assert (members, periods, invoices, invitations, welcome, status, audited) == (1, 1, 1, 1, 1, "approved", 1), \
        result.describe()


def side(i: int) -> int:
    """Splits the 50 racers 25/25 between two actions, each action half on either server."""
    return 0 if i % 4 in (0, 3) else 1


def test_approve_and_reject_at_once_decide_an_application_once(admin):
    """25 approvals and 25 rejections of one application, interleaved: one decision, and only
    its effects (a member and its invoice, or the rejection e-mail, never both)."""
    email = f"contested-{TAG}@attack.test"
    application = apply("local_government", f"Contested City {TAG}", email)
    base_path = f"/admin/applications/{application['id']}"
    result = signed_in_race(
        "approval: 25 approvals and 25 rejections of one application", admin,
        lambda i: base_path + ("/approve" if side(i) == 0 else "/reject"),
        lambda i: {"region": "africa"} if side(i) == 0 else {"reason": "Rejected by the race attacks."})
    status = application_row(email)["status"]
    members = count(f"SELECT count(*) FROM members WHERE contact_email = {lit(email)}")
    welcome = count(f"SELECT count(*) FROM outbox_messages WHERE recipient = {lit(email)} AND subject LIKE 'Welcome to WeGO%'")
    rejected = count(f"SELECT count(*) FROM outbox_messages WHERE recipient = {lit(email)} "
                     f"AND subject LIKE 'Your WeGO membership application%'")
    result.record(application_status=status, members=members, approval_emails=welcome, rejection_emails=rejected)
    result.assert_statuses({303: 1, 409: 49})
    expected = (1, 1, 0) if status == "approved" else (0, 0, 1)
    assert status in ("approved", "rejected") and (members, welcome, rejected) == expected, result.describe()


def test_an_invitation_accepted_fifty_times_makes_one_account(admin):
    """The approval e-mail's invitation link, accepted 50 times at once with 50 different names:
    one account, carrying the name of the one request that was answered 303; the others are
    told the link is used (404) or the account exists (422)."""
    member = approved_member(admin, "local_government", "Invited City")
    (token,) = invitation_tokens(member["email"])
    link = f"/invitation?token={token}"
    result = anonymous_race("invitation: 50 acceptances of one link", None, link, link,
                            lambda i: {"display_name": f"Racer {i:02d}", "password": PASSWORD})
    accounts = sql(f"SELECT display_name, member_id FROM users WHERE email = {lit(member['email'])}")
    accepted = count(f"SELECT count(*) FROM invitations WHERE member_id = {lit(member['member_id'])} AND accepted_at IS NOT NULL")
    audited = audit_count("invitation.accept", target=f"user:{member['email']}")
    result.record(accounts=len(accounts), invitations_accepted=accepted, audit_invitation_accept=audited)
    result.assert_sound()
    statuses = result.statuses
    assert statuses[303] == 1 and set(statuses) <= {303, 404, 422}, result.describe()
    assert (len(accounts), accepted, audited) == (1, 1, 1), result.describe()
    winner = next(i for i, a in enumerate(result.answers) if a.status_code == 303)
    assert accounts[0] == [f"Racer {winner:02d}", member["member_id"]], (accounts, winner)


# --------------------------------------------------------------------------- invoices and the membership year


def test_a_payment_recorded_fifty_times_settles_the_invoice_once(admin):
    """50 payments of the full amount on one open invoice at once: one recorded (303), 49
    refused because the invoice is paid (422); one payment row, one audit entry."""
    member = approved_member(admin, "local_government", "Paying City")
    number, cents = member["invoice"], member["amount_cents"]
    form = {"received_on": member["issued_on"], "amount": f"{cents // 100}.{cents % 100:02d}", "method": "bank_transfer",
            "reference": f"race {TAG}"}
    result = signed_in_race("payment: 50 full payments of one invoice", admin, f"/admin/invoices/{number}/payments", form)
    payments, paid = one(f"SELECT count(*), coalesce(sum(p.amount_cents), 0) FROM payments p JOIN invoices i ON i.id = p.invoice_id "
                         f"WHERE i.number = {lit(number)}")
    audited = audit_count("payment.record", target=f"invoice:{number}")
    result.record(payments=int(payments), paid_cents=int(paid), invoice_cents=cents, audit_payment_record=audited)
    result.assert_statuses({303: 1, 422: 49})
    assert (int(payments), int(paid), audited) == (1, cents, 1), result.describe()


@pytest.fixture(scope="module")
def ledger(admin) -> dict:
    """A member whose first invoice is voided, corrected and waived by the races below."""
    return approved_member(admin, "local_government", "Ledger City")


def test_an_invoice_voided_fifty_times_has_one_credit_note(admin, ledger):
    number = ledger["invoice"]
    result = signed_in_race("invoice: 50 voids of one invoice", admin, f"/admin/invoices/{number}/void",
                            {"reason": "Voided by the race attacks."})
    credits = count(f"SELECT count(*) FROM invoices WHERE series = 'CN' AND credits_invoice_id = "
                    f"(SELECT id FROM invoices WHERE number = {lit(number)})")
    voided = count(f"SELECT count(*) FROM invoices WHERE number = {lit(number)} AND voided_at IS NOT NULL")
    audited = audit_count("invoice.void", target=f"invoice:{number}")
    result.record(credit_notes=credits, invoice_voided=voided, audit_invoice_void=audited)
    result.assert_statuses({303: 1, 409: 49})
    assert (credits, voided, audited) == (1, 1, 1), result.describe()


def test_a_voided_year_reinvoiced_fifty_times_has_one_new_invoice(admin, ledger):
    period = ledger["period"]
    if count(f"SELECT count(*) FROM invoices WHERE period_id = {lit(period)} AND series = 'INV' AND voided_at IS NULL"):
        voided = common.form_post(admin, f"/invoices/{ledger['invoice']}", f"/admin/invoices/{ledger['invoice']}/void",
                                  {"reason": "Voided before the correction race."})
        assert voided.status_code == 303, support.describe(voided)
    result = signed_in_race("invoice: 50 corrections of one voided year", admin, f"/admin/periods/{period}/invoice", {})
    open_invoices = count(f"SELECT count(*) FROM invoices WHERE period_id = {lit(period)} AND series = 'INV' AND voided_at IS NULL")
    all_invoices = count(f"SELECT count(*) FROM invoices WHERE period_id = {lit(period)} AND series = 'INV'")
    result.record(open_invoices=open_invoices, invoices_of_the_year=all_invoices)
    result.assert_statuses({303: 1, 409: 49})
    assert (open_invoices, all_invoices) == (1, 2), result.describe()


def test_a_year_waived_fifty_times_is_waived_once(admin, ledger):
    """50 waivers of one year at once: one decision stored (303), 49 refused (409); its one
    unpaid invoice cancelled by exactly one credit note."""
    period = ledger["period"]
    unpaid = [r[0] for r in sql(f"SELECT id FROM invoices WHERE period_id = {lit(period)} "
                                f"AND series = 'INV' AND voided_at IS NULL")]
    assert len(unpaid) == 1, f"the year should have one open invoice before the waiver race, has {len(unpaid)}"
    result = signed_in_race("membership year: 50 waivers of one year", admin, f"/admin/periods/{period}/waive",
                            lambda i: {"decision": f"Board decision {i:02d} (race attacks)"})
    decision = one(f"SELECT coalesce(waiver_decision, '') FROM membership_periods WHERE id = {lit(period)}")[0]
    credits = count(f"SELECT count(*) FROM invoices WHERE series = 'CN' AND credits_invoice_id = {lit(unpaid[0])}")
    audited = count(f"SELECT count(*) FROM audit_entries WHERE action = 'period.waive' "
                    f"AND target LIKE {lit('%:' + ledger['member_id'].upper())}")
    result.record(waiver_decision=decision, credit_notes_for_the_open_invoice=credits, audit_period_waive=audited)
    result.assert_statuses({303: 1, 409: 49})
    winner = next(i for i, a in enumerate(result.answers) if a.status_code == 303)
    assert (decision, credits, audited) == (f"Board decision {winner:02d} (race attacks)", 1, 1), result.describe()


def test_fifty_new_invitations_at_once_leave_only_the_newest_link_working(admin, ledger):
    """The Secretariat sends the member's contact a new invitation 50 times at once. Each ends
    the earlier unused links, so whatever the order exactly one invitation may remain usable:
    one row unexpired and unaccepted, and of the 51 links mailed exactly one opens (200)."""
    slug, email = ledger["slug"], ledger["email"]
    result = signed_in_race("invitation: 50 new invitations for one member", admin, f"/admin/members/{slug}/invite", {})
    live = count(f"SELECT count(*) FROM invitations WHERE member_id = {lit(ledger['member_id'])} "
                 f"AND accepted_at IS NULL AND expires_at > now()")
    tokens = invitation_tokens(email)
    opening = Counter(requests.get(support.url(f"/invitation?token={t}"), timeout=support.HTTP_TIMEOUT,
                                   allow_redirects=False).status_code for t in tokens)
    result.record(usable_invitations=live, links_mailed=len(tokens), links_that_open=opening.get(200, 0))
    result.assert_statuses({303: PARALLEL})
    assert len(tokens) == PARALLEL + 1, f"{len(tokens)} invitation links mailed"
    assert (live, opening.get(200, 0)) == (1, 1), (
        f"{live} invitations usable and {opening.get(200, 0)} of {len(tokens)} mailed links open (answers {dict(opening)}). "
        + result.describe())


def test_a_resignation_recorded_fifty_times_is_recorded_once(admin, ledger):
    today = utc_today().isoformat()
    form = {"notified_on": today, "effective_on": f"{utc_today().year}-12-31", "note": "Resigned by the race attacks."}
    result = signed_in_race("membership: 50 resignations of one member", admin, f"/admin/members/{ledger['slug']}/resign", form)
    resignations = count(f"SELECT count(*) FROM resignations WHERE member_id = {lit(ledger['member_id'])}")
    audited = audit_count("member.resign", target=f"member:{ledger['slug']}")
    result.record(resignations=resignations, audit_member_resign=audited)
    result.assert_statuses({303: 1, 409: 49})
    assert (resignations, audited) == (1, 1), result.describe()


# --------------------------------------------------------------------------- meetings


def test_a_meeting_requested_fifty_times_is_requested_once(city, company):
    """A city asks for a meeting about one solution 50 times at once: one open request (303),
    49 refused as already open (409), one e-mail to each of the provider's recipients."""
    title = f"Request race river gauges {TAG}"
    solution = post_item(company, "solution", title, "River gauges and flood alerts for city districts.")
    form = {"item": "", "message": "A meeting asked for by the race attacks.", "time_zone": "UTC", "windows": WINDOW}
    result = signed_in_race("meeting: 50 requests for one solution", city.session, f"/matching/items/{solution}/request", form)
    meetings = count(f"SELECT count(*) FROM match_meetings WHERE requester_member_id = {lit(city.member['member_id'])} "
                     f"AND responder_item_id = {lit(solution)}")
    sent = mails("Meeting request from%", f"%{title}%")
    expected = recipients_of(company.member["member_id"])
    result.record(meetings=meetings, request_emails=len(sent), provider_recipients=len(expected))
    result.assert_sound()
    assert meetings == 1, f"{meetings} meetings stored for one city and one solution. " + result.describe()
    assert sorted(sent) == sorted(expected), f"request e-mails {Counter(sent)}, recipients {expected}. " + result.describe()
    result.assert_statuses({303: 1, 409: 49})


def test_a_meeting_accepted_fifty_times_is_answered_and_scheduled_once(city, company):
    """The provider accepts one request 50 times at once: one answer (303), 49 refused as already
    answered (409); the slot written once (revision 1) and each side told once."""
    solution = post_item(company, "solution", f"Answer race flood sirens {TAG}", "Flood sirens and alert apps for cities.")
    requested = request_meeting(city, solution)
    assert requested.status_code == 303, support.describe(requested)
    meeting = meeting_of(city, solution)
    result = signed_in_race("meeting: 50 acceptances by the provider", company.session, f"/matching/meetings/{meeting}/answer",
                            {"answer": "accept", "time_zone": "UTC", "windows": WINDOW})
    answer, starts, revision = one(f"SELECT responder_answer, coalesce(starts_at::text, ''), revision FROM match_meetings "
                                   f"WHERE id = {lit(meeting)}")
    accepted = audit_count("match.accept", target=f"match_meeting:{meeting.upper()}") - audit_count(
        "match.accept", target=f"match_meeting:{meeting.upper()}", details_like="refused=%")
    told = mails("Meeting scheduled:%", f"%/matching/meetings/{meeting}%")
    expected = recipients_of(city.member["member_id"]) | recipients_of(company.member["member_id"])
    result.record(answer=answer, scheduled=bool(starts), revision=int(revision), audit_accepted=accepted,
                  scheduled_emails=len(told), recipients=len(expected))
    result.assert_statuses({303: 1, 409: 49})
    assert (answer, bool(starts), int(revision), accepted) == ("accepted", True, 1, 1), result.describe()
    assert sorted(told) == sorted(expected), f"scheduled e-mails {Counter(told)}, recipients {expected}"


def test_two_meetings_moved_to_one_hour_at_once_do_not_double_book(city, company):
    """Two meetings of the same city and company, 25 moves of each to the same 14:00 at once:
    the first move to arrive takes the hour for its meeting (its 25 moves succeed, 303) and the
    other meeting's 25 are refused as overlapping (422); afterwards no two meetings of the city
    overlap."""
    first = accepted_meeting(city, company, f"Slot race pumps {TAG}")
    second = accepted_meeting(city, company, f"Slot race levees {TAG}")
    meetings = (first, second)
    start = f"{MEETING_DAY} 14:00"
    result = signed_in_race("meeting: 25 + 25 moves of two meetings to one hour", city.session,
                            lambda i: f"/matching/meetings/{meetings[side(i)]}/slot", {"start": start, "meeting_url": ""})
    at_the_hour = [r[0] for r in sql(f"SELECT id FROM match_meetings WHERE id IN ({lit(first)}, {lit(second)}) "
                                     f"AND starts_at = {lit(start + ':00+00')}::timestamptz")]
    member = lit(city.member["member_id"])
    overlaps = count(
        f"SELECT count(*) FROM match_meetings a JOIN match_meetings b ON a.id < b.id "
        f"WHERE {member} IN (a.requester_member_id, a.responder_member_id) "
        f"AND {member} IN (b.requester_member_id, b.responder_member_id) "
        f"AND a.starts_at IS NOT NULL AND b.starts_at IS NOT NULL AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at")
    result.record(meetings_at_the_hour=len(at_the_hour), overlapping_pairs=overlaps)
    result.assert_sound()
    assert (len(at_the_hour), overlaps) == (1, 0), result.describe()
    winner = meetings.index(at_the_hour[0])
    moved = Counter(a.status_code for i, a in enumerate(result.answers) if side(i) == winner)
    refused = Counter(a.status_code for i, a in enumerate(result.answers) if side(i) != winner)
    assert (dict(moved), dict(refused)) == ({303: 25}, {422: 25}), (moved, refused, result.describe())


@pytest.fixture(scope="module")
def held_meeting(city, company) -> str:
    """A meeting both accepted, moved into the past in the database (no form can do that)."""
    meeting = accepted_meeting(city, company, f"Held race drainage {TAG}")
    sql(f"UPDATE match_meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '135 minutes' "
        f"WHERE id = {lit(meeting)}")
    return meeting


def test_a_meeting_reported_fifty_times_has_one_report_per_side(city, held_meeting):
    """The city reports the meeting held 50 times at once. A later report replaces the earlier,
    so several may succeed (303) and the rest are refused (409), but one report row remains and
    the audit log holds one entry per success."""
    result = signed_in_race("meeting: 50 reports by one side", city.session, f"/matching/meetings/{held_meeting}/report",
                            lambda i: {"attendance": "held", "follow_up": f"Follow-up {i:02d}"})
    reports = count(f"SELECT count(*) FROM match_reports WHERE meeting_id = {lit(held_meeting)} "
                    f"AND member_id = {lit(city.member['member_id'])}")
    audited = count(f"SELECT count(*) FROM audit_entries WHERE action = 'match.report' "
                    f"AND target = {lit('match_meeting:' + held_meeting.upper())} "
                    f"AND actor = {lit('user:' + city.member['email'])}")
    result.record(reports=reports, audit_match_report=audited)
    result.assert_sound()
    statuses = result.statuses
    assert statuses[303] >= 1 and set(statuses) <= {303, 409}, result.describe()
    assert (reports, audited) == (1, statuses[303]), result.describe()


def test_an_outcome_reported_fifty_times_is_one_outcome(company, held_meeting):
    """The company reports one outcome (an MoU) of the held meeting 50 times at once: one outcome
    (303), 49 refused as existing (409)."""
    reported = common.form_post(company.session, f"/matching/meetings/{held_meeting}", f"/matching/meetings/{held_meeting}/report",
                                {"attendance": "held", "follow_up": "We met."})
    assert reported.status_code == 303, support.describe(reported)
    result = signed_in_race("meeting: 50 reports of one outcome", company.session, f"/matching/meetings/{held_meeting}/outcomes",
                            {"type": "mou", "note": "A memorandum of understanding."})
    outcomes = count(f"SELECT count(*) FROM match_outcomes WHERE meeting_id = {lit(held_meeting)} AND type = 'mou'")
    audited = audit_count("match.outcome_report", target=f"match_meeting:{held_meeting.upper()}", details_like="type=mou")
    result.record(outcomes=outcomes, audit_outcome_report=audited)
    result.assert_statuses({303: 1, 409: 49})
    assert (outcomes, audited) == (1, 1), result.describe()


def test_an_outcome_confirmed_fifty_times_is_confirmed_once(city, company, held_meeting):
    """The city confirms the company's outcome 50 times at once: confirmed once (303), 49 told
    it is already confirmed (409), and one confirmation in the audit log."""
    if not count(f"SELECT count(*) FROM match_reports WHERE meeting_id = {lit(held_meeting)} "
                 f"AND member_id = {lit(company.member['member_id'])}"):
        common.form_post(company.session, f"/matching/meetings/{held_meeting}", f"/matching/meetings/{held_meeting}/report",
                         {"attendance": "held", "follow_up": "We met."})
    reported = common.form_post(company.session, f"/matching/meetings/{held_meeting}", f"/matching/meetings/{held_meeting}/outcomes",
                                {"type": "pilot", "note": "A pilot in one district."})
    assert reported.status_code == 303, support.describe(reported)
    (outcome,) = one(f"SELECT id FROM match_outcomes WHERE meeting_id = {lit(held_meeting)} AND type = 'pilot'")
    result = signed_in_race("meeting: 50 confirmations of one outcome", city.session, f"/matching/outcomes/{outcome}/confirm", {})
    confirmed_by = one(f"SELECT coalesce(confirmed_by::text, '') FROM match_outcomes WHERE id = {lit(outcome)}")[0]
    audited = audit_count("match.outcome_confirm", target=f"match_meeting:{held_meeting.upper()}", details_like="type=pilot")
    result.record(confirmed_by_the_city=confirmed_by == city.member["member_id"], audit_outcome_confirm=audited)
    result.assert_statuses({303: 1, 409: 49})
    assert confirmed_by == city.member["member_id"], result.describe()
    # The audit log records what was done: one confirmation, not one per request that tried.
    assert audited == 1, f"the audit log records {audited} confirmations of one outcome. " + result.describe()


# --------------------------------------------------------------------------- monthly cycles


def test_a_month_opened_fifty_times_is_one_cycle(admin):
    """The Secretariat opens one month 50 times at once: one cycle (303); the others are told it
    exists, by the form (422) or by the database's unique month (409)."""
    month = free_month()
    result = signed_in_race("cycle: 50 openings of one month", admin, "/admin/matching", {"month": month, "meeting_minutes": "45"})
    cycles = count(f"SELECT count(*) FROM match_cycles WHERE month = {lit(month)}")
    audited = audit_count("match.cycle_open", target=f"match_cycle:{month}")
    result.record(month=month, cycles=cycles, audit_cycle_open=audited)
    result.assert_sound()
    statuses = result.statuses
    assert statuses[303] == 1 and set(statuses) <= {303, 409, 422}, result.describe()
    assert (cycles, audited) == (1, 1), result.describe()


def join_form(month: str) -> dict:
    return {"action": "join", "item": "", "time_zone": "UTC", "windows": f"{month}-10 09:00-17:00"}


def test_a_city_joining_a_month_fifty_times_takes_part_once(city, cycle):
    """A city joins one month 50 times at once. A repeated join updates the city's availability,
    so several may succeed (303) and the rest are refused (409); one participation remains, one
    join is audited and every other success as an update."""
    result = signed_in_race("cycle: 50 joins by one city", city.session, f"/matching/cycles/{cycle}/join", join_form(cycle))
    member = city.member["member_id"]
    participations = count(f"SELECT count(*) FROM match_participations p JOIN match_cycles c ON c.id = p.cycle_id "
                           f"WHERE c.month = {lit(cycle)} AND p.member_id = {lit(member)}")
    joins = audit_count("match.cycle_join", target=f"match_cycle:{cycle}", details_like=f"member={city.member['slug']}")
    updates = audit_count("match.cycle_update", target=f"match_cycle:{cycle}", details_like=f"member={city.member['slug']}")
    result.record(participations=participations, audit_cycle_join=joins, audit_cycle_update=updates)
    result.assert_sound()
    statuses = result.statuses
    assert statuses[303] >= 1 and set(statuses) <= {303, 409}, result.describe()
    assert (participations, joins, joins + updates) == (1, 1, statuses[303]), result.describe()


def test_a_month_planned_fifty_times_is_planned_once(admin, city, second_city, cycle):
    """Two cities with the same river-flood challenge join the month; the Secretariat plans it
    50 times at once: planned once (200), 49 refused as planned (409); the one proposal stored
    once and each city told once."""
    for rep in (city, second_city):
        joined = common.form_post(rep.session, "/matching/cycles", f"/matching/cycles/{cycle}/join", join_form(cycle))
        assert joined.status_code == 303, support.describe(joined)
    result = signed_in_race("cycle: 50 plans of one month", admin, f"/admin/matching/cycles/{cycle}/plan", {})
    (cycle_id, status) = one(f"SELECT id, status FROM match_cycles WHERE month = {lit(cycle)}")
    meetings = [r[0] for r in sql(f"SELECT id FROM match_meetings WHERE cycle_id = {lit(cycle_id)}")]
    plans = sql(f"SELECT details FROM audit_entries WHERE action = 'match.cycle_plan' AND target = {lit('match_cycle:' + cycle)}")
    told = [m for meeting in meetings for m in mails("Your City-to-City meeting%", f"%/matching/meetings/{meeting}%")]
    expected = sorted(recipients_of(city.member["member_id"]) | recipients_of(second_city.member["member_id"]))
    result.record(status=status, proposals=len(meetings), audit_cycle_plan=len(plans), proposal_emails=len(told))
    result.assert_statuses({200: 1, 409: 49})
    assert len(meetings) == 1, f"the plan stored {len(meetings)} meetings for two cities (one expected, and one needed " \
                               f"for the race to prove anything). " + result.describe()
    assert (status, len(plans), sorted(told)) == ("planned", 1, expected), result.describe()
    assert "proposals=1" in plans[0][0], plans


# --------------------------------------------------------------------------- password reset


def reset_account(admin, label: str) -> str:
    email = f"reset-{label}-{TAG}@attack.test"
    created = common.form_post(admin, "/admin/users/new", "/admin/users/new", {
        "email": email, "display_name": f"Reset {label} (race attacks)", "role": "youth_participant", "password": PASSWORD})
    assert created.status_code == 303, support.describe(created)
    return email


def reset_links(email: str) -> list[str]:
    rows = sql("SELECT substring(body FROM '/sign-in/reset[?]token=([A-Za-z0-9_-]+)') FROM outbox_messages "
               f"WHERE recipient = {lit(email)} AND body LIKE '%/sign-in/reset?token=%'")
    return [row[0] for row in rows]


def test_fifty_reset_requests_for_one_address_send_three_links(admin):
    """50 "forgot your password?" posts for one account at once: three links (the hourly limit
    per address typed), 47 refused with 429; every request that passed is a row and audited."""
    email = reset_account(admin, "requests")
    result = anonymous_race("password reset: 50 requests for one account", fresh_address(), "/sign-in/forgot",
                            "/sign-in/forgot", {"email": email})
    links = reset_links(email)
    rows = count(f"SELECT count(*) FROM password_resets WHERE email = {lit(email)}")
    audited = audit_count("auth.password_reset_requested", target=f"user:{email}")
    result.record(links_mailed=len(links), requests_stored=rows, audit_reset_requested=audited)
    result.assert_statuses({303: 3, 429: 47})
    assert (len(links), rows, audited) == (3, 3, 3), result.describe()


def test_one_reset_link_used_fifty_times_sets_one_password(admin):
    """The newest reset link submitted 50 times at once, each with another password: one is
    set (303), the others find the link used (404); the winner's password signs in."""
    email = reset_account(admin, "link")
    visitor = client(fresh_address())
    asked = common.form_post(visitor, "/sign-in/forgot", "/sign-in/forgot", {"email": email})
    assert asked.status_code == 303, support.describe(asked)
    (token,) = reset_links(email)
    link = f"/sign-in/reset?token={token}"
    result = anonymous_race("password reset: one link used 50 times", None, link, link,
                            lambda i: {"new_password": f"{PASSWORD} {i:02d}", "confirm_password": f"{PASSWORD} {i:02d}"})
    used = count(f"SELECT count(*) FROM password_resets WHERE email = {lit(email)} AND used_at IS NOT NULL")
    audited = audit_count("auth.password_reset", target=f"user:{email}")
    result.record(links_used=used, audit_password_reset=audited)
    result.assert_statuses({303: 1, 404: 49})
    assert (used, audited) == (1, 1), result.describe()
    winner = next(i for i, a in enumerate(result.answers) if a.status_code == 303)
    common.sign_in(email, f"{PASSWORD} {winner:02d}")


# --------------------------------------------------------------------------- the checks themselves


def test_the_race_checks_can_fail():
    """The assertions above trust `Race`: it must see a 5xx, a dropped request and a wrong count."""
    def answer(status: int) -> requests.Response:
        response = requests.Response()
        response.status_code, response._content = status, b""
        response.request = requests.Request("POST", "http://127.0.0.1/x").prepare()
        response.url = "http://127.0.0.1/x"
        return response

    failures = 0
    for answers, expected in (
        ([answer(303)] + [answer(409)] * 48 + [answer(500)], {303: 1, 409: 48, 500: 1}),
        ([answer(303)] * 2 + [answer(409)] * 48, {303: 1, 409: 49}),
        ([answer(303)] + [answer(409)] * 48 + [requests.ConnectionError("reset")], {303: 1, 409: 49}),
    ):
        try:
            Race("self-check", answers, 0.0, 0.0).assert_statuses(expected)
        except AssertionError:
            failures += 1
    assert failures == 3
    Race("self-check", [answer(303)] + [answer(409)] * 49, 0.0, 0.0).assert_statuses({303: 1, 409: 49})


def teardown_module(module) -> None:
    if FIGURES:
        common.write_figures("races-figures.json", FIGURES)
        print("\nraces-figures.json: " + json.dumps(FIGURES, sort_keys=True))
