"""kill -9 during writes, on SQLite and on PostgreSQL: no acknowledged write may be lost.

What is attacked: the durability and atomicity of the write path. A client that was told "saved"
(a 303 after the member or account form, a 201 receipt after a membership application, a 201
with an account's generated password) must find the record after any crash, and a record must
never be stored without its audit entry (they share one transaction), nor an application
without its confirmation e-mail in the outbox. A crash is the worst moment: the process dies
with transactions open, connections half-written and the SQLite WAL not checkpointed.

How: for each database this test starts its own `wego serve` (not the suite's shared servers)
on a fresh database (migrate, seed, create-admin) and, from several threads, creates members
through /admin/members/new, accounts through /admin/users/new and applications through
/apply/local_government, recording each write's answer. At a random moment (fixed seed) it
sends SIGKILL to the server, checks the crashed database with `wego audit verify`, restarts the
server on the same database and writes again: three kills per database. Once per cycle, while
the load runs, `wego audit anchor` signs the chain's head; every anchor must still hold at
the end (entries committed before a crash are not lost or rewritten by recovery).

Afterwards the server is restarted once more and must answer /healthz 200 and take a new write;
every acknowledged write must be visible through the server (the API's member search, the
account list, the application queue); the database must hold no record without its audit entry
and no audit entry without its record; `wego audit verify` must report the chain intact; and
on SQLite `PRAGMA integrity_check` must answer ok. Writes whose answer never came (in flight at
the kill) may or may not be stored: they are counted, not judged.

The server trusts X-Forwarded-For (WEGO_TRUST_X_FORWARDED_FOR=true, as behind a proxy) so each
application comes from its own address and the limit of five applications per address per hour
does not refuse the load. Figures go to $WEGO_ATTACK_TMP/crash-figures.json.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

import common
import support

DATABASES = ("sqlite", "postgres")
KILLS = 3
SEED = 20261205
MEMBER_WRITERS = 2
MAX_APPLICATIONS = 300  # the review queue shows the oldest 500 pending applications (the seed adds none)
AUDIT_KEY = "crash-test-audit-key-" + secrets.token_hex(16)
WRITE_TIMEOUT = 20  # seconds for one write; a killed server answers at once with a reset
HEALTH_TIMEOUT = 60  # seconds for a (re)started server to answer /healthz 200


# --------------------------------------------------------------------------- bookkeeping


@dataclass
class Write:
    kind: str  # "member", "user" or "application"
    key: str  # the member's slug, the account's e-mail or the applicant's e-mail
    cycle: int
    outcome: str  # "acknowledged", "refused" (a complete answer that is not a success) or "unknown"
    detail: str = ""


@dataclass
class Ledger:
    """Every write attempted, with its answer; the writes in flight right now."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    writes: list[Write] = field(default_factory=list)
    in_flight: int = 0
    worker_errors: list[str] = field(default_factory=list)

    def begin(self) -> None:
        with self.lock:
            self.in_flight += 1

    def end(self, write: Write) -> None:
        with self.lock:
            self.in_flight -= 1
            self.writes.append(write)

    def keys(self, kind: str, outcome: str) -> set[str]:
        with self.lock:
            return {w.key for w in self.writes if w.kind == kind and w.outcome == outcome}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"(no log: {error})"


def wego(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [common.wego_bin(), *args], env=env, capture_output=True, text=True, timeout=timeout)


def output_of(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}: {(result.stdout + result.stderr).strip()[-1500:]}"


# --------------------------------------------------------------------------- the database


@dataclass
class Database:
    """A fresh database for one test: the server's environment and a way to read it directly."""

    kind: str
    env: dict
    folder: Path
    sqlite_path: Path | None = None
    psql: list[str] | None = None

    def rows(self, query: str) -> list[tuple[str, ...]]:
        """The rows of a read-only query, as strings (only while no server runs, for SQLite)."""
        if self.sqlite_path is not None:
            connection = sqlite3.connect(self.sqlite_path)
            try:
                return [tuple("" if v is None else str(v) for v in row) for row in connection.execute(query)]
            finally:
                connection.close()
        result = subprocess.run(
            [*self.psql, "-At", "-F", "\x1f", "-c", query], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"psql failed on {query!r}: {result.stderr}"
        return [tuple(line.split("\x1f")) for line in result.stdout.splitlines() if line]


def base_environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WEGO_DATABASE_PATH", "WEGO_PORT")}
    env["WEGO_TRUST_X_FORWARDED_FOR"] = "true"
    env["WEGO_AUDIT_KEY"] = AUDIT_KEY
    return env


@pytest.fixture(params=DATABASES)
def crash_database(request) -> Database:
    kind = request.param
    folder = Path(common.env("WEGO_ATTACK_TMP")) / f"crash-{kind}-{common.RUN}"
    folder.mkdir(parents=True, exist_ok=True)
    env = base_environment()
    if kind == "sqlite":
        path = folder / "crash.sqlite"
        env["WEGO_DATABASE_PATH"] = str(path)
        yield Database(kind, env, folder, sqlite_path=path)
        return
    cluster = urlsplit(common.env("WEGO_ATTACK_DATABASE_URL"))
    name = f"crash_{common.RUN}"
    psql = [
        str(Path(common.env("WEGO_ATTACK_PG_BIN")) / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", cluster.hostname or "127.0.0.1", "-p", str(cluster.port or 5432), "-U", cluster.username or "postgres",
    ]
    created = subprocess.run([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {name}"], capture_output=True, text=True)
    assert created.returncode == 0, f"could not create the database {name}: {created.stderr}"
    env["DATABASE_URL"] = urlunsplit((cluster.scheme, cluster.netloc, "/" + name, "", ""))
    yield Database(kind, env, folder, psql=[*psql, "-d", name])
    # Every server of the test has exited by now (the servers fixture is torn down first).
    subprocess.run([*psql, "-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True, timeout=60)


# --------------------------------------------------------------------------- the server


class Server:
    """One `wego serve` process at a time on the test's database, on a fresh port each start."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.log = database.folder / "server.log"
        self.process: subprocess.Popen | None = None
        self.base = ""

    def start(self) -> tuple[bool, float, str]:
        """(healthy, seconds to the first /healthz 200, why not)."""
        for _ in range(3):
            healthy, seconds, why = self.start_once()
            # Another test on this machine took the free port first: that is no finding, try another.
            if healthy or "Address already in use" not in why:
                break
        return healthy, seconds, why

    def start_once(self) -> tuple[bool, float, str]:
        assert self.process is None or self.process.poll() is not None, "a server is already running"
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        with open(self.log, "ab") as log:
            offset = log.tell()
            self.process = subprocess.Popen(
                [common.wego_bin(), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                env=self.database.env, stdout=log, stderr=subprocess.STDOUT)
        last = "no answer"
        while time.monotonic() - started < HEALTH_TIMEOUT:
            if self.process.poll() is not None:
                with open(self.log, "rb") as log:
                    log.seek(offset)
                    said = log.read().decode(errors="replace")[-2000:]
                return False, time.monotonic() - started, f"the server exited ({self.process.returncode}) before /healthz answered 200:\n{said}"
            try:
                response = requests.get(self.base + "/healthz", timeout=2)
                if response.status_code == 200:
                    return True, time.monotonic() - started, ""
                last = f"/healthz answered {response.status_code}"
            except requests.RequestException as error:
                last = type(error).__name__
            time.sleep(0.1)
        return False, time.monotonic() - started, f"no /healthz 200 within {HEALTH_TIMEOUT} s ({last})"

    def kill(self) -> None:
        """kill -9: no shutdown, no flush, no checkpoint."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def server(crash_database):
    running = Server(crash_database)
    yield running
    running.stop()


# --------------------------------------------------------------------------- the writers


class WriteLoad:
    """Threads writing through the real forms until `stop` is set, recording every answer."""

    def __init__(self, base: str, admin: requests.Session, tag: str, ledger: Ledger, cycle: int,
                 numbers: itertools.count, application_count: list[int]) -> None:
        self.base = base
        self.admin = admin
        self.tag = tag
        self.ledger = ledger
        self.cycle = cycle
        self.numbers = numbers
        self.application_count = application_count
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        writers = [self.members] * MEMBER_WRITERS + [self.users, self.applications]
        self.threads = [threading.Thread(target=self.guarded, args=(w,), daemon=True) for w in writers]
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=WRITE_TIMEOUT + 10)
        alive = [t.name for t in self.threads if t.is_alive()]
        assert not alive, f"writer threads did not finish: {alive}"

    def guarded(self, writer) -> None:
        try:
            writer()
        except Exception as error:  # noqa: BLE001  (reported by the test, not lost in a thread)
            with self.ledger.lock:
                self.ledger.worker_errors.append(f"cycle {self.cycle} {writer.__name__}: {error!r}")

    def signed_in(self, form: str) -> tuple[requests.Session, str]:
        session = requests.Session()
        session.cookies.update(self.admin.cookies)
        page = session.get(self.base + form, timeout=support.HTTP_TIMEOUT, allow_redirects=False)
        assert page.status_code == 200, support.describe(page)
        return session, support.csrf_token_from(page.text)

    def post(self, kind: str, key: str, session: requests.Session, path: str, data: dict,
             acknowledged, headers: dict | None = None) -> None:
        self.ledger.begin()
        try:
            response = session.post(self.base + path, data=data, headers=headers, allow_redirects=False, timeout=WRITE_TIMEOUT)
        except requests.RequestException as error:
            self.ledger.end(Write(kind, key, self.cycle, "unknown", type(error).__name__))
            return
        if acknowledged(response):
            self.ledger.end(Write(kind, key, self.cycle, "acknowledged"))
        else:
            self.ledger.end(Write(kind, key, self.cycle, "refused", support.describe(response, 300)))

    def members(self) -> None:
        session, token = self.signed_in("/admin/members/new")
        while not self.stop.is_set():
            n = next(self.numbers)
            slug = f"crash-{self.tag}-m{n:05d}"
            self.post("member", slug, session, "/admin/members/new", {
                "csrf_token": token, "name": f"Crashtest {self.tag} member {n:05d}", "slug": slug,
                "category": "local_government", "subtype": "city", "region": "europe", "country": "FR",
                "population": str(1000 + n),
            }, lambda r, slug=slug: r.status_code == 303 and support.path_of(r.headers.get("Location", "")) == f"/members/{slug}")

    def users(self) -> None:
        session, token = self.signed_in("/admin/users/new")
        while not self.stop.is_set():
            n = next(self.numbers)
            email = f"crash-{self.tag}-u{n:05d}@crash.test"
            data = {"csrf_token": token, "email": email, "display_name": f"Crashtest {self.tag} user {n}", "role": "judge"}
            if n % 2:
                # A typed password answers 303 to the list; none answers 201 with a generated one.
                data["password"] = f"crash user {self.tag} {n} passphrase"
                self.post("user", email, session, "/admin/users/new", data,
                          lambda r: r.status_code == 303 and support.path_of(r.headers.get("Location", "")) == "/admin/users")
            else:
                self.post("user", email, session, "/admin/users/new", data, lambda r, e=email: r.status_code == 201 and e in r.text)

    def applications(self) -> None:
        session = requests.Session()
        page = session.get(self.base + "/apply/local_government", timeout=support.HTTP_TIMEOUT, allow_redirects=False)
        assert page.status_code == 200, support.describe(page)
        token = support.csrf_token_from(page.text)
        while not self.stop.is_set():
            with self.ledger.lock:
                if self.application_count[0] >= MAX_APPLICATIONS:
                    return
                self.application_count[0] += 1
            n = next(self.numbers)
            email = f"crash-{self.tag}-a{n:05d}@crash.test"
            self.post("application", email, session, "/apply/local_government", {
                "csrf_token": token, "organization_name": f"Crashtest {self.tag} applicant {n:05d}", "subtype": "city",
                "country": "FR", "population": str(5000 + n), "contact_name": f"Applicant {n}", "contact_email": email,
                "consent": "yes",
            }, lambda r: r.status_code == 201, headers={"X-Forwarded-For": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"})


# --------------------------------------------------------------------------- reading back


def members_through_api(base: str, tag: str) -> set[str]:
    found: set[str] = set()
    page, pages = 1, 1
    while page <= pages:
        response = requests.get(f"{base}/api/v1/members", params={"q": f"crashtest {tag}", "per": 100, "page": page}, timeout=30)
        assert response.status_code == 200, support.describe(response)
        body = response.json()
        found |= {item["slug"] for item in body["items"]}
        pages = body["totalPages"]
        page += 1
    return found


def keys_on_page(session: requests.Session, url: str, pattern: str) -> set[str]:
    response = session.get(url, timeout=60, allow_redirects=False)
    assert response.status_code == 200, support.describe(response)
    return set(re.findall(pattern, response.text))


def save_figures(figures: dict) -> None:
    path = Path(common.env("WEGO_ATTACK_TMP")) / "crash-figures.json"
    try:
        everything = json.loads(path.read_text())
    except (OSError, ValueError):
        everything = {}
    everything[figures["database"]] = figures
    path.write_text(json.dumps(everything, indent=2, sort_keys=True))


# --------------------------------------------------------------------------- the test


def test_crash_during_writes_loses_no_acknowledged_write(crash_database: Database, server: Server) -> None:
    """Three kill -9 under write load, then: every acknowledged write stored, shown and audited."""
    began = time.monotonic()
    database = crash_database
    tag = f"{common.RUN}{database.kind[0]}"
    rng = random.Random(f"{SEED}-{database.kind}")
    admin_email, admin_password = f"crash-admin-{tag}@crash.test", "crash admin " + secrets.token_urlsafe(15)

    for step in (("migrate", "--yes"), ("seed",), ("users", "create-admin", "--email", admin_email)):
        result = wego({**database.env, "WEGO_ADMIN_PASSWORD": admin_password}, *step)
        assert result.returncode == 0, f"wego {' '.join(step)} on a fresh {database.kind} database: {output_of(result)}"

    ledger = Ledger()
    numbers = itertools.count(1)
    application_count = [0]
    figures: dict = {"database": database.kind, "seed": SEED, "kills": 0, "in_flight_at_kill": [], "kill_after_seconds": [],
                     "restart_seconds": [], "anchors": []}

    def summary() -> str:
        acknowledged = Counter(w.kind for w in ledger.writes if w.outcome == "acknowledged")
        outcomes = Counter(w.outcome for w in ledger.writes)
        return (f"[{database.kind}: {figures['kills']} kills, in flight at each {figures['in_flight_at_kill']}, "
                f"acknowledged {dict(acknowledged)}, unacknowledged {outcomes['unknown']}, refused {outcomes['refused']}; "
                f"server log {server.log}]")

    for cycle in range(1, KILLS + 1):
        healthy, seconds, why = server.start()
        figures["restart_seconds"].append(round(seconds, 2))
        assert healthy, f"cycle {cycle}: the server did not start on the database of the previous kill: {why}\n{summary()}\n{tail(server.log)}"
        admin = common.sign_in(admin_email, admin_password, base=server.base)
        load = WriteLoad(server.base, admin, tag, ledger, cycle, numbers, application_count)
        load.start()
        load_began = time.monotonic()
        time.sleep(rng.uniform(0.3, 1.0))
        anchor = database.folder / f"anchor-{cycle}.json"
        anchored = wego(database.env, "audit", "anchor", "--out", str(anchor), timeout=60)
        figures["anchors"].append({"cycle": cycle, "file": str(anchor), "anchored": output_of(anchored)})
        time.sleep(rng.uniform(0.1, 1.2))
        load.stop.set()
        with ledger.lock:
            in_flight = ledger.in_flight
        server.kill()
        figures["kills"] += 1
        figures["in_flight_at_kill"].append(in_flight)
        figures["kill_after_seconds"].append(round(time.monotonic() - load_began, 2))
        load.join()
        assert not ledger.worker_errors, f"a writer failed outside its writes: {ledger.worker_errors}\n{summary()}"
        assert anchored.returncode == 0, f"cycle {cycle}: `wego audit anchor` during the load: {output_of(anchored)}\n{summary()}"
        assert in_flight > 0, f"cycle {cycle}: no write was in flight when the server was killed\n{summary()}"
        crashed = wego(database.env, "audit", "verify")
        assert crashed.returncode == 0 and "intact" in crashed.stdout + crashed.stderr, (
            f"cycle {cycle}: the audit chain of the database just after kill -9: {output_of(crashed)}\n{summary()}")

    # Recovery: the server starts, answers, and takes a write on the crashed database.
    healthy, seconds, why = server.start()
    figures["restart_seconds"].append(round(seconds, 2))
    assert healthy, f"after the last kill the server did not start: {why}\n{summary()}\n{tail(server.log)}"
    health = requests.get(server.base + "/healthz", timeout=10)
    assert health.status_code == 200, support.describe(health)
    admin = common.sign_in(admin_email, admin_password, base=server.base)
    after = WriteLoad(server.base, admin, tag, ledger, KILLS + 1, numbers, application_count)
    session, token = after.signed_in("/admin/members/new")
    slug = f"crash-{tag}-m{next(numbers):05d}"
    after.post("member", slug, session, "/admin/members/new", {
        "csrf_token": token, "name": f"Crashtest {tag} member after the kills", "slug": slug, "category": "local_government",
    }, lambda r: r.status_code == 303)
    assert ledger.writes[-1].outcome == "acknowledged", f"a new member after the kills: {ledger.writes[-1]}\n{summary()}"

    # What the restarted server shows.
    pattern = {"user": rf"crash-{tag}-u\d{{5}}@crash\.test", "application": rf"crash-{tag}-a\d{{5}}@crash\.test"}
    shown = {
        "member": members_through_api(server.base, tag),
        "user": keys_on_page(admin, server.base + "/admin/users", pattern["user"]),
        "application": keys_on_page(admin, server.base + "/admin/applications?status=pending", pattern["application"]),
    }
    server.stop()

    # What the database holds, read directly with no server running.
    stored = {
        "member": [r[0] for r in database.rows(f"SELECT slug FROM members WHERE slug LIKE 'crash-{tag}-m%'")],
        "user": [r[0] for r in database.rows(f"SELECT email FROM users WHERE email LIKE 'crash-{tag}-u%'")],
    }
    stored["application"] = [r[0] for r in database.rows(
        f"SELECT contact_email FROM membership_applications WHERE contact_email LIKE 'crash-{tag}-a%'")]
    audited = {
        "member": [r[0].removeprefix("member:") for r in database.rows(
            f"SELECT target FROM audit_entries WHERE action = 'member.create' AND target LIKE 'member:crash-{tag}-m%'")],
        "user": [r[0].removeprefix("user:") for r in database.rows(
            f"SELECT target FROM audit_entries WHERE action = 'user.create' AND target LIKE 'user:crash-{tag}-u%'")],
    }
    # An application's entry names the applicant as its actor (the reference is derived from the id).
    audited["application"] = [r[0].removeprefix("applicant:") for r in database.rows(
        f"SELECT actor FROM audit_entries WHERE action = 'application.submit' AND actor LIKE 'applicant:crash-{tag}-a%'")]
    mailed = [r[0] for r in database.rows(f"SELECT recipient FROM outbox_messages WHERE recipient LIKE 'crash-{tag}-a%'")]

    verified = wego(database.env, "audit", "verify")
    match = re.search(r"intact: (\d+) entries", verified.stdout + verified.stderr)
    figures["audit_entries_verified"] = int(match.group(1)) if match else None
    anchors_hold = []
    for entry in figures["anchors"]:
        held = wego(database.env, "audit", "verify", "--head", entry["file"])
        entry["verified"] = output_of(held)
        anchors_hold.append(held.returncode == 0)
    integrity = None
    if database.sqlite_path is not None:
        integrity = [r[0] for r in database.rows("PRAGMA integrity_check")]
    figures["integrity_check"] = integrity

    # The figures, written before any verdict so a failing run leaves them too.
    acknowledged = {kind: ledger.keys(kind, "acknowledged") for kind in ("member", "user", "application")}
    unknown = {kind: ledger.keys(kind, "unknown") for kind in ("member", "user", "application")}
    refused = [w for w in ledger.writes if w.outcome == "refused"]
    missing = {kind: sorted(acknowledged[kind] - set(stored[kind])) for kind in acknowledged}
    hidden = {kind: sorted(acknowledged[kind] - shown[kind]) for kind in acknowledged}
    unaudited = {kind: sorted(set(stored[kind]) - set(audited[kind])) for kind in stored}
    orphan_entries = {kind: sorted(set(audited[kind]) - set(stored[kind])) for kind in stored}
    doubled = {kind: sorted(k for k, n in Counter(stored[kind]).items() if n > 1)
               + sorted(k for k, n in Counter(audited[kind]).items() if n > 1) for kind in stored}
    unmailed = sorted(set(stored["application"]) - set(mailed))
    figures.update({
        "acknowledged": {kind: len(keys) for kind, keys in acknowledged.items()},
        "acknowledged_found": {kind: len(acknowledged[kind] & set(stored[kind])) for kind in acknowledged},
        "acknowledged_shown_by_server": {kind: len(acknowledged[kind] & shown[kind]) for kind in acknowledged},
        "acknowledged_missing": {kind: keys[:20] for kind, keys in missing.items()},
        "unacknowledged": {kind: len(keys) for kind, keys in unknown.items()},
        "unacknowledged_present": {kind: len(unknown[kind] & set(stored[kind])) for kind in unknown},
        "refused": len(refused),
        "refused_examples": [f"{w.kind} {w.key}: {w.detail}" for w in refused[:5]],
        "stored": {kind: len(keys) for kind, keys in stored.items()},
        "records_without_audit_entry": {kind: keys[:20] for kind, keys in unaudited.items()},
        "audit_entries_without_record": {kind: keys[:20] for kind, keys in orphan_entries.items()},
        "applications_without_mail": unmailed[:20],
        "anchors_holding": sum(anchors_hold),
        "seconds": round(time.monotonic() - began, 1),
    })
    save_figures(figures)
    print(f"\n{database.kind}: " + json.dumps({k: figures[k] for k in (
        "kills", "in_flight_at_kill", "acknowledged", "acknowledged_found", "unacknowledged", "unacknowledged_present",
        "refused", "audit_entries_verified", "anchors_holding", "integrity_check", "seconds")}))
    counts = (f"[{database.kind}: {figures['kills']} kills; acknowledged {figures['acknowledged']}, found "
              f"{figures['acknowledged_found']}; unacknowledged {figures['unacknowledged']}, of which present "
              f"{figures['unacknowledged_present']}; refused {len(refused)}; figures in crash-figures.json]")

    # The verdicts.
    assert all(acknowledged.values()), f"the load acknowledged no write of some kind: {counts}"
    assert not any(missing.values()), f"acknowledged writes lost after kill -9: {figures['acknowledged_missing']} {counts}"
    assert not any(hidden.values()), (
        f"acknowledged writes stored but not shown by the restarted server: {({k: v[:20] for k, v in hidden.items()})} {counts}")
    assert not any(unaudited.values()), f"records saved without their audit entry: {figures['records_without_audit_entry']} {counts}"
    assert not any(orphan_entries.values()), (
        f"audit entries whose record is not stored: {figures['audit_entries_without_record']} {counts}")
    assert not any(doubled.values()), f"records or audit entries stored twice: {doubled} {counts}"
    assert not unmailed, f"applications stored without their confirmation e-mail: {unmailed[:20]} {counts}"
    assert verified.returncode == 0 and match, f"`wego audit verify` after the kills: {output_of(verified)} {counts}"
    assert all(anchors_hold), f"anchors taken before a kill no longer hold: {figures['anchors']} {counts}"
    if integrity is not None:
        assert integrity == ["ok"], f"SQLite PRAGMA integrity_check after the kills: {integrity[:20]} {counts}"
    assert not refused, f"valid writes refused while the server was up: {figures['refused_examples']} {counts}"
