"""Malformed requests against the real server, as a scanner or a broken client sends them.

Protocol-level garbage (request lines, header sizes, Content-Length and Transfer-Encoding
tricks, raw NUL and non-UTF-8 bytes) goes over raw sockets, since an HTTP library would refuse
to send it or would repair it; the rest goes through requests. The rules:

- never a 5xx, whatever arrives;
- protocol-level garbage is answered with a 4xx or the connection is closed, promptly, with at
  most one response (a second one would mean a request was smuggled through);
- a value the page reads that is malformed (undecodable percent-encoding, invalid UTF-8, NUL,
  a number that is no number or out of range) is refused with a 4xx, never read as something
  else: an unreadable `q` that becomes "no search" answers a question nobody asked;
- a malformed key the page does not read (deeply nested, or thousands of them) may be ignored
  (2xx) or refused (4xx), but is answered quickly;
- a method a path does not declare answers 405 with an Allow header naming the ones it does;
- /healthz answers 200 after every single attack.

Nothing here signs in with a wrong password: the sign-in throttle counts failures per address,
and every test of the suite shares 127.0.0.1. Form attacks go to the membership application
form, whose fields are left invalid so that nothing is ever stored. The number of requests is
printed at the end of the run and written to $WEGO_ATTACK_TMP/malformed-figures.json.
"""

from __future__ import annotations

import re
import socket
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests

import common
import support

# Settings.maxBodySize ("1mb"): Vapor refuses a body once it reaches this many bytes.
BODY_LIMIT = 1 << 20
RAW_TIMEOUT = 5  # seconds to answer or close after a raw request
SLOW = 5  # seconds: any answer slower than this to a malformed request is a failure
FORM = "/apply/corporation"  # an anonymous form post that stores nothing while its fields are invalid

FIGURES: Counter = Counter()


# --------------------------------------------------------------------------- raw exchanges


@dataclass
class Exchange:
    """What came back for one raw request."""

    sent: bytes
    received: bytes
    closed: bool  # the server closed (or reset) the connection
    timed_out: bool  # neither an answer nor a close within RAW_TIMEOUT

    @property
    def statuses(self) -> list[int]:
        return [int(code) for code in re.findall(rb"(?:^|\r\n)HTTP/1\.[01] (\d{3}) ", self.received)]

    @property
    def status(self) -> int | None:
        return self.statuses[0] if self.statuses else None

    def describe(self) -> str:
        sent = self.sent if len(self.sent) <= 160 else self.sent[:160] + b"... (%d bytes)" % len(self.sent)
        head = self.received.split(b"\r\n\r\n")[0][:200]
        outcome = "timed out" if self.timed_out else ("closed" if self.closed else "left open")
        return f"sent {sent!r}\ngot {head!r} ({len(self.received)} bytes, connection {outcome})"


def server_address() -> tuple[str, int]:
    parts = urlsplit(support.base_url())
    return parts.hostname or "127.0.0.1", parts.port or 80


def exchange(data: bytes, timeout: float = RAW_TIMEOUT) -> Exchange:
    """Sends `data` on a fresh connection and reads until the server closes, or until a complete
    response has arrived and the server goes quiet, or until `timeout`."""
    FIGURES["raw requests"] += 1
    received = b""
    closed = timed_out = False
    with socket.create_connection(server_address(), timeout=timeout) as connection:
        try:
            connection.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            closed = True  # refused while still sending (an oversized request): read what was said
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = not received
                break
            connection.settimeout(remaining)
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                timed_out = not received
                break
            except (ConnectionResetError, BrokenPipeError):
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    return Exchange(data, received, closed, timed_out)


def refused_or_dropped(result: Exchange, *, also: tuple[int, ...] = ()) -> str | None:
    """None when the server answered one 4xx (or a status in `also`) or closed without answering;
    otherwise what is wrong."""
    statuses = result.statuses
    if len(statuses) > 1:
        return f"{len(statuses)} responses to one request (a request was smuggled through): {statuses}"
    if statuses:
        if 400 <= statuses[0] < 500 or statuses[0] in also:
            return None
        return f"answered {statuses[0]}, wanted a 4xx or a closed connection"
    if result.received:
        return "sent something that is not an HTTP response"
    if result.timed_out or not result.closed:
        return f"neither answered nor closed the connection within {RAW_TIMEOUT} s"
    return None  # closed without a word: the right answer to garbage


def healthz_problem() -> str | None:
    """None when /healthz answers 200."""
    FIGURES["healthz checks"] += 1
    try:
        response = requests.get(support.url("/healthz"), timeout=SLOW)
    except requests.RequestException as error:
        return f"/healthz unreachable: {error}"
    return None if response.status_code == 200 else f"/healthz answered {response.status_code}"


def assert_raw_attack(data: bytes, *, also: tuple[int, ...] = ()) -> Exchange:
    result = exchange(data)
    problem = refused_or_dropped(result, also=also)
    assert problem is None, f"{problem}\n{result.describe()}"
    health = healthz_problem()
    assert health is None, f"after this attack, {health}\n{result.describe()}"
    return result


def assert_answered_with_4xx(data: bytes, explanation: str = "") -> Exchange:
    """For requests that are well-formed HTTP: the server must answer them, with a 4xx."""
    result = exchange(data)
    assert len(result.statuses) == 1 and 400 <= result.statuses[0] < 500, (
        f"answered {result.statuses or 'nothing'}, wanted one 4xx. {explanation}\n{result.describe()}"
    )
    health = healthz_problem()
    assert health is None, f"after this attack, {health}\n{result.describe()}"
    return result


def request_line(line: bytes, *headers: bytes) -> bytes:
    return line + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"Host: attack.test\r\nConnection: close\r\n\r\n"


def form_post_head(*headers: bytes) -> bytes:
    return (
        b"POST " + FORM.encode() + b" HTTP/1.1\r\nHost: attack.test\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
    )


def cases(table):
    return pytest.mark.parametrize("data", [raw for _, raw in table], ids=[name for name, _ in table])


# --------------------------------------------------------------------------- request lines

GARBAGE_REQUEST_LINES = [
    ("not-http", b"HELLO\r\n\r\n"),
    ("http-0.9-no-version", b"GET /\r\n\r\n"),
    ("unknown-version", request_line(b"GET / HTTP/9.9")),
    ("http2-version-on-http1", request_line(b"GET / HTTP/2.0")),
    ("http2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    ("unknown-method", request_line(b"FOO / HTTP/1.1")),
    ("lower-case-method", request_line(b"get / HTTP/1.1")),
    ("method-10k-long", request_line(b"A" * 10_000 + b" / HTTP/1.1")),
    ("nul-in-method", request_line(b"G\x00T / HTTP/1.1")),
    ("tabs-as-separators", request_line(b"GET\t/\tHTTP/1.1")),
    ("token-after-version", request_line(b"GET / HTTP/1.1 extra")),
    ("space-in-target", request_line(b"GET /members /lima HTTP/1.1")),
    ("empty-target", request_line(b"GET  HTTP/1.1")),
    ("target-without-slash", request_line(b"GET healthz HTTP/1.1")),
    ("asterisk-target-on-get", request_line(b"GET * HTTP/1.1")),
    ("absolute-target-foreign-host", request_line(b"GET http://evil.example/admin HTTP/1.1")),
    ("connect-to-ssh", request_line(b"CONNECT 127.0.0.1:22 HTTP/1.1")),
    ("bare-lf-line-ends", b"GET / HTTP/1.1\nHost: attack.test\nConnection: close\n\n"),
    ("binary-noise", bytes(range(256)) + b"\r\n\r\n"),
    ("tls-client-hello", bytes.fromhex("16030100a5010000a10303") + bytes(32) + b"\x00\x00\x02\x13\x01\x01\x00"),
]


@cases(GARBAGE_REQUEST_LINES)
def test_garbage_request_lines_are_refused_or_dropped(data):
    """Request lines no client should send (wrong version, unknown or lower-case method, stray
    whitespace, a TLS or HTTP/2 handshake on the plain port): a 4xx or a closed connection,
    never a 2xx for a request that was guessed at, never a 5xx, never a hang."""
    assert_raw_attack(data)


# --------------------------------------------------------------------------- headers

ABSURD_HEADERS = [
    ("one-100k-header", request_line(b"GET /healthz HTTP/1.1", b"X-Big: " + b"a" * 100_000)),
    ("one-1m-header", request_line(b"GET /healthz HTTP/1.1", b"X-Big: " + b"a" * 1_000_000)),
    ("100k-header-name", request_line(b"GET /healthz HTTP/1.1", b"X" * 100_000 + b": v")),
    ("10000-headers", request_line(b"GET /healthz HTTP/1.1", *(b"X-Header-%05d: v" % i for i in range(10_000)))),
    ("100k-session-cookie", request_line(b"GET /members HTTP/1.1", b"Cookie: wego_session=" + b"a" * 100_000)),
    ("header-without-colon", request_line(b"GET /healthz HTTP/1.1", b"NoColonHere")),
    ("space-before-colon", request_line(b"GET /healthz HTTP/1.1", b"X-Spaced : v")),
    ("obsolete-line-folding", request_line(b"GET /healthz HTTP/1.1", b"X-Folded: a", b" b")),
    ("nul-in-header-value", request_line(b"GET /healthz HTTP/1.1", b"X-Nul: a\x00b")),
    ("control-byte-in-header-value", request_line(b"GET /healthz HTTP/1.1", b"X-Control: a\x01b")),
]


@cases(ABSURD_HEADERS)
def test_absurd_headers_are_refused_or_dropped(data):
    """Headers far beyond any browser's (100 kB to 1 MB, 10,000 of them, a 100 kB session
    cookie) and headers broken in form (no colon, folded, NUL or control bytes): a 4xx or a
    closed connection, so that header parsing can neither be made to buffer without bound nor
    be confused about where one header ends."""
    assert_raw_attack(data)


HOST_ERRORS = [
    ("no-host-in-http-1.1", b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
    ("two-host-headers", b"GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n"),
    ("host-with-invalid-characters", b"GET /healthz HTTP/1.1\r\nHost: a b/c@d\r\nConnection: close\r\n\r\n"),
]


@cases(HOST_ERRORS)
def test_host_header_errors_are_refused(data):
    """RFC 9112 section 3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host
    header, with more than one, or with an invalid one. A front end and this server that pick
    different hosts from the same request is how host-header confusion starts."""
    assert_answered_with_4xx(data)


# --------------------------------------------------------------------------- path and query bytes

RAW_BYTES_IN_TARGET = [
    ("raw-nul-in-path", request_line(b"GET /members/a\x00b HTTP/1.1")),
    ("raw-invalid-utf8-in-path", request_line(b"GET /members/\xff\xfe HTTP/1.1")),
    ("raw-nul-in-query", request_line(b"GET /members?q=a\x00b HTTP/1.1")),
    ("raw-invalid-utf8-in-query", request_line(b"GET /api/v1/members?q=\xff\xfe HTTP/1.1")),
    ("raw-delete-byte-in-path", request_line(b"GET /members/a\x7fb HTTP/1.1")),
]


@cases(RAW_BYTES_IN_TARGET)
def test_raw_nul_and_invalid_utf8_bytes_in_the_target_are_refused_or_dropped(data):
    """Bytes that may not appear in a request target at all (NUL, DEL, bytes that are not
    UTF-8), sent unencoded: a 4xx or a closed connection."""
    assert_raw_attack(data)


ENCODED_PATHS = [
    ("encoded-nul", "/members/a%00b"),
    ("encoded-invalid-utf8", "/members/%ff%fe"),
    ("encoded-overlong-slash", "/members/%c0%af"),
    ("encoded-utf16-surrogate", "/members/%ed%a0%80"),
    ("api-encoded-nul", "/api/v1/members/a%00b"),
    ("api-encoded-invalid-utf8", "/api/v1/members/%ff%fe"),
    ("index-encoded-invalid-utf8", "/index/%ff"),
    ("percent-zz", "/members/%zz"),
    ("lone-percent", "/members/%"),
    ("truncated-percent", "/members/a%4"),
    ("api-percent-zz", "/api/v1/members/%zz"),
    ("encoded-dot-dot-out-of-static", "/static/..%2f..%2fPackage.swift"),
    ("dot-dot-out-of-static", "/static/../Package.swift"),
    ("encoded-dot-dot-segments", "/%2e%2e/%2e%2e/Package.swift"),
]


@pytest.mark.parametrize("path", [p for _, p in ENCODED_PATHS], ids=[n for n, _ in ENCODED_PATHS])
def test_malformed_percent_encoding_in_paths_is_refused(path):
    """Percent-encoded NUL, invalid and overlong UTF-8, a UTF-16 surrogate, broken escapes
    (%zz, a lone %) and encoded dot-dot segments in a path: a 4xx, and never a file from
    outside the static folder (the repository's Package.swift is the bait)."""
    result = assert_raw_attack(request_line(b"GET " + path.encode() + b" HTTP/1.1"))
    assert b"swift-tools-version" not in result.received, f"served a file from outside static/\n{result.describe()}"


# Parameters the page reads, with a value that cannot be decoded: (id, path and query).
UNREADABLE_QUERY_VALUES = [
    ("members-q-invalid-utf8", "/members?q=%ff%fe"),
    ("members-q-overlong-utf8", "/members?q=%c0%af"),
    ("members-q-truncated-utf8", "/members?q=%e2%82"),
    ("members-q-nul", "/members?q=a%00b"),
    ("members-country-invalid-utf8", "/members?country=%ff"),
    ("api-q-invalid-utf8", "/api/v1/members?q=%ff%fe"),
    ("api-q-nul", "/api/v1/members?q=a%00b"),
    ("api-country-invalid-utf8", "/api/v1/members?country=%ff"),
    # A broken escape in free text (q=%zz, q=abc%) is repaired by Vapor's URI parser into a
    # literal percent sign before the platform reads it: a search for the text "%zz", answered
    # 200. Where the value must be a code or a number, the same repair still ends in a 400:
    ("api-country-percent-zz", "/api/v1/members?country=%zz"),
    ("api-page-percent-zz", "/api/v1/members?page=%zz"),
    ("api-quote-employees-invalid-utf8", "/api/v1/fees/quote?category=corporation&employees=%ff"),
    ("fees-category-invalid-utf8", "/fees?category=%ff"),
    ("fees-employees-lone-percent", "/fees?category=corporation&employees=%"),
    ("matching-kind-invalid-utf8", "/matching?kind=%ff"),
    ("matching-kind-percent-zz", "/matching?kind=%zz"),
    ("matching-kind-nul", "/matching?kind=a%00"),
    ("language-lang-invalid-utf8", "/language?lang=%ff"),
]


@pytest.mark.parametrize(
    "target", [t for _, t in UNREADABLE_QUERY_VALUES], ids=[n for n, _ in UNREADABLE_QUERY_VALUES]
)
def test_unreadable_query_values_are_refused(target):
    """A parameter the page reads whose value cannot be decoded (invalid or overlong UTF-8,
    NUL, %zz, a lone or trailing %): a 4xx naming the problem. Reading it as absent (the
    search silently dropped, every member listed) or as the literal text hides the client's
    mistake behind a plausible answer."""
    assert_answered_with_4xx(
        request_line(b"GET " + target.encode() + b" HTTP/1.1"),
        explanation=f"the undecodable value was read as something else; reproduce: curl -i '{support.url(target)}'",
    )


# --------------------------------------------------------------------------- overlong paths

OVERLONG_PATHS = [
    ("path-8k", request_line(b"GET /" + b"a" * 8_000 + b" HTTP/1.1")),
    ("path-60k", request_line(b"GET /" + b"a" * 60_000 + b" HTTP/1.1")),
    ("path-1m", request_line(b"GET /" + b"a" * 1_000_000 + b" HTTP/1.1")),
    ("30000-segments", request_line(b"GET " + b"/a" * 30_000 + b" HTTP/1.1")),
    ("member-slug-5000", request_line(b"GET /members/" + b"a" * 5_000 + b" HTTP/1.1")),
    ("api-member-slug-5000", request_line(b"GET /api/v1/members/" + b"a" * 5_000 + b" HTTP/1.1")),
    ("api-member-slug-60000", request_line(b"GET /api/v1/members/" + b"a" * 60_000 + b" HTTP/1.1")),
]


@cases(OVERLONG_PATHS)
def test_overlong_paths_are_refused_or_dropped(data):
    """Paths of 8 kB to 1 MB, 30,000 segments, 5 kB and 60 kB slugs: a 4xx (404 or 414) or a
    closed connection, promptly; the router and the slug lookups must not choke on length."""
    assert_raw_attack(data)


# --------------------------------------------------------------------------- body framing

SMALL_FORM = b"organization_name=x"

CONTENT_LENGTH_TRICKS = [
    ("duplicate-equal", form_post_head(b"Content-Length: 19", b"Content-Length: 19") + SMALL_FORM),
    ("duplicate-conflicting", form_post_head(b"Content-Length: 5", b"Content-Length: 19") + SMALL_FORM),
    ("comma-list", form_post_head(b"Content-Length: 5, 19") + SMALL_FORM),
    ("negative", form_post_head(b"Content-Length: -1") + SMALL_FORM),
    ("plus-sign", form_post_head(b"Content-Length: +19") + SMALL_FORM),
    ("not-a-number", form_post_head(b"Content-Length: nineteen") + SMALL_FORM),
    ("beyond-64-bits", form_post_head(b"Content-Length: 99999999999999999999999") + SMALL_FORM),
]


@cases(CONTENT_LENGTH_TRICKS)
def test_conflicting_content_lengths_are_refused_or_dropped(data):
    """Content-Length repeated, conflicting, listed, signed, non-numeric or beyond 64 bits on a
    form post: a 4xx or a closed connection. A server that picks one of two lengths while a
    proxy picks the other is open to request smuggling."""
    assert_raw_attack(data)


SMUGGLED = b"GET /admin HTTP/1.1\r\nHost: attack.test\r\n\r\n"

TRANSFER_ENCODING_TRICKS = [
    ("chunked-and-content-length", form_post_head(b"Content-Length: 4", b"Transfer-Encoding: chunked")
     + b"13\r\n" + SMALL_FORM + b"\r\n0\r\n\r\n"),
    ("cl-te-smuggling", form_post_head(b"Content-Length: %d" % (5 + len(SMUGGLED)), b"Transfer-Encoding: chunked")
     + b"0\r\n\r\n" + SMUGGLED),
    ("te-cl-smuggling", form_post_head(b"Transfer-Encoding: chunked", b"Content-Length: 3") + b"0\r\n\r\n" + SMUGGLED),
    ("chunk-size-not-hex", form_post_head(b"Transfer-Encoding: chunked") + b"zz\r\nabc\r\n0\r\n\r\n"),
    ("chunk-size-beyond-64-bits", form_post_head(b"Transfer-Encoding: chunked") + b"ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n"),
    ("chunk-size-negative", form_post_head(b"Transfer-Encoding: chunked") + b"-3\r\nabc\r\n0\r\n\r\n"),
    ("chunk-longer-than-its-size", form_post_head(b"Transfer-Encoding: chunked") + b"3\r\nabcXX\r\n0\r\n\r\n"),
    ("chunk-extension-with-control-bytes", form_post_head(b"Transfer-Encoding: chunked") + b"3;\x00\x01\r\nabc\r\n0\r\n\r\n"),
    ("chunked-then-identity", form_post_head(b"Transfer-Encoding: chunked, identity") + b"3\r\nabc\r\n0\r\n\r\n"),
    ("chunked-twice", form_post_head(b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked") + b"3\r\nabc\r\n0\r\n\r\n"),
    ("xchunked", form_post_head(b"Transfer-Encoding: xchunked") + b"3\r\nabc\r\n0\r\n\r\n"),
    ("space-before-colon", form_post_head(b"Transfer-Encoding : chunked") + b"3\r\nabc\r\n0\r\n\r\n"),
    ("empty-coding", form_post_head(b"Transfer-Encoding: ") + b"abc"),
]


@cases(TRANSFER_ENCODING_TRICKS)
def test_transfer_encoding_tricks_are_refused_or_dropped(data):
    """Chunked together with Content-Length (the classic CL.TE and TE.CL smuggling pairs, with a
    GET /admin hidden in the body), chunk sizes that are not hex, negative or beyond 64 bits, a
    chunk longer than its size, and obfuscated Transfer-Encoding headers: a 4xx or a closed
    connection, and never a second response for the hidden request."""
    assert_raw_attack(data)


def test_unknown_transfer_coding_is_refused_or_dropped():
    """A transfer coding the server does not implement (gzip) on a form post: a 4xx, a closed
    connection, or the 501 that RFC 9112 section 6.1 suggests; never a guess at the body."""
    assert_raw_attack(form_post_head(b"Transfer-Encoding: gzip") + b"\x1f\x8b\x08\x00", also=(501,))


# --------------------------------------------------------------------------- body size


@pytest.fixture(scope="module")
def anonymous_form():
    """An anonymous session with the CSRF token of the application form, so that a post is
    refused for what it attacks and not for a missing token."""
    session = requests.Session()
    page = session.get(support.url(FORM), timeout=support.HTTP_TIMEOUT)
    assert page.status_code == 200, support.describe(page)
    return session, support.csrf_token_from(page.text)


def padded_form(token: str, size: int) -> bytes:
    """An application form of exactly `size` bytes: the token, an organization name, and a
    motivation of filler. No consent, so it can never be stored."""
    head = f"csrf_token={token}&organization_name=attack&motivation=".encode()
    assert size > len(head)
    return head + b"a" * (size - len(head))


def timed(send) -> requests.Response | str:
    """The response to `send()`, or what went wrong when none came (counted and timed)."""
    FIGURES["http requests"] += 1
    started = time.monotonic()
    try:
        response = send()
    except requests.RequestException as error:
        return f"no answer ({type(error).__name__}: {error})"
    FIGURES["slowest ms"] = max(FIGURES["slowest ms"], int((time.monotonic() - started) * 1000))
    return response


def posted(session: requests.Session, path: str, **kwargs) -> requests.Response | str:
    return timed(lambda: session.post(support.url(path), allow_redirects=False, timeout=support.HTTP_TIMEOUT, **kwargs))


def fetched(session: requests.Session | None, target: str) -> requests.Response | str:
    return timed(lambda: (session or requests).get(support.url(target), allow_redirects=False, timeout=support.HTTP_TIMEOUT))


def sent_and_healthy(failures: list[str], label: str, answer: requests.Response | str, wanted) -> None:
    """Records what is wrong with one answer (none, a status outside `wanted`, slower than SLOW)
    and with the server's health right after it."""
    if isinstance(answer, str):
        failures.append(f"{label}: {answer}")
    elif not wanted(answer.status_code):
        failures.append(f"{label}: {answer.status_code} [{answer.headers.get('Content-Type', '')}] {answer.text[:160]!r}")
    elif answer.elapsed.total_seconds() > SLOW:
        failures.append(f"{label}: answered {answer.status_code} only after {answer.elapsed.total_seconds():.1f} s")
    health = healthz_problem()
    if health:
        failures.append(f"after {label}: {health}")


def is_4xx(status: int) -> bool:
    return 400 <= status < 500


def test_bodies_over_the_limit_are_refused_with_413(anonymous_form, routes):
    """A body one byte over the limit, sent with Content-Length and chunked, as a form and as
    JSON, to every POST route of the route table as anonymous: 413, since the CSRF check reads
    the body under the limit before anything else happens. And a body just under the limit is
    read (refused for its content, not its size), so the limit is not lower than declared."""
    session, token = anonymous_form
    failures: list[str] = []
    over = padded_form(token, BODY_LIMIT + 1)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for label, response in (
        ("form with Content-Length", posted(session, FORM, data=over, headers=form)),
        ("chunked form", posted(session, FORM, data=iter([over[:500_000], over[500_000:]]), headers=form)),
        ("JSON", posted(session, FORM, data=b'{"motivation":"' + b"a" * BODY_LIMIT + b'"}',
                        headers={"Content-Type": "application/json"})),
    ):
        sent_and_healthy(failures, f"{FORM} {label} over the limit", response, lambda s: s == 413)
    posts = sorted({route["path"] for route in routes if route["method"] == "POST"})
    assert len(posts) > 20, posts
    for pattern in posts:
        path = fill_parameters(pattern)
        sent_and_healthy(failures, f"POST {path} over the limit", posted(requests.Session(), path, data=over, headers=form),
                         lambda s: s == 413)
    under = posted(session, FORM, data=padded_form(token, BODY_LIMIT - 1), headers=form)
    sent_and_healthy(failures, f"{FORM} one byte under the limit", under, lambda s: is_4xx(s) and s != 413)
    assert failures == [], "\n".join(failures)


# --------------------------------------------------------------------------- content types

WRONG_CONTENT_TYPES = [
    "text/plain", "application/xml", "application/octet-stream", "image/png", "text/html",
    "multipart/form-data", "multipart/form-data; boundary=nothing-like-it",
    "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=klingon",
    "application/json", "application/x-www-form-urlencoded, application/json", "",
]


def test_form_posts_with_a_wrong_content_type_are_refused(anonymous_form):
    """The application form's body (token included) under a Content-Type that does not describe
    it, or none: a 4xx (the token cannot be read, or the form is invalid), never a 5xx and never
    a body read as something it is not."""
    session, token = anonymous_form
    body = f"csrf_token={token}&organization_name=attack&motivation=x".encode()
    failures: list[str] = []
    for content_type in WRONG_CONTENT_TYPES:
        response = posted(session, FORM, data=body, headers={"Content-Type": content_type})
        sent_and_healthy(failures, f"Content-Type {content_type!r}", response, is_4xx)
    assert failures == [], "\n".join(failures)


def test_json_where_a_form_is_expected_is_refused(anonymous_form):
    """JSON bodies posted to the application form: an object with the token and invalid fields,
    fields of the wrong type, an array, broken JSON, 100,000 levels of nesting, a number beyond
    a double, invalid UTF-8, a lone surrogate, NUL. Each a 4xx; the JSON decoder must neither
    crash on depth nor take a wrong type for a string."""
    session, token = anonymous_form
    t = token.encode()
    bodies = {
        "object with invalid fields": b'{"csrf_token":"' + t + b'","organization_name":""}',
        "fields of the wrong type": b'{"csrf_token":"' + t + b'","organization_name":{"a":[1,2]},"consent":true,"employees":[]}',
        "token of the wrong type": b'{"csrf_token":["' + t + b'"],"organization_name":"x"}',
        "array": b'["' + t + b'"]',
        "broken": b'{"csrf_token":"' + t + b'",',
        "nested 100000 deep": b'{"csrf_token":"' + t + b'","x":' + b'{"x":' * 100_000 + b"1" + b"}" * 100_000 + b"}",
        "number beyond a double": b'{"csrf_token":"' + t + b'","employees":1e999}',
        "invalid utf-8": b'{"csrf_token":"' + t + b'","organization_name":"\xff\xfe"}',
        "lone surrogate": b'{"csrf_token":"' + t + b'","organization_name":"\\ud800"}',
        "nul": b'{"csrf_token":"' + t + b'","organization_name":"a\\u0000b"}',
    }
    failures: list[str] = []
    for label, body in bodies.items():
        response = posted(session, FORM, data=body, headers={"Content-Type": "application/json"})
        sent_and_healthy(failures, f"JSON {label}", response, is_4xx)
    assert failures == [], "\n".join(failures)


# --------------------------------------------------------------------------- nesting and counts


def test_deeply_nested_keys_on_decoded_parameters_are_refused(anonymous_form):
    """Bracketed keys (kind[a][a]...) where Vapor's form decoder builds nested structures: the
    hub's `kind` filter in the query and the application form's fields in a body, 100 to 100,000
    levels deep. `kind` and the fields are strings, so each is a 4xx, and the decoder must not
    recurse itself to death."""
    session, token = anonymous_form
    failures: list[str] = []
    for depth in (100, 1_000, 10_000):
        target = "/matching?kind" + "[a]" * depth + "=x"
        sent_and_healthy(failures, f"GET /matching kind nested {depth} deep", fetched(None, target), is_4xx)
    sent_and_healthy(failures, "GET /matching?kind[]=a&kind[]=b", fetched(None, "/matching?kind[]=a&kind[]=b"), is_4xx)
    sent_and_healthy(failures, "GET /matching?kind[x]=a", fetched(None, "/matching?kind[x]=a"), is_4xx)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for depth in (100, 1_000, 100_000):
        body = f"csrf_token={token}&organization_name{'[a]' * depth}=x".encode()
        sent_and_healthy(failures, f"POST {FORM} field nested {depth} deep", posted(session, FORM, data=body, headers=form), is_4xx)
    assert failures == [], "\n".join(failures)


def test_unknown_nested_keys_and_huge_numbers_of_parameters_are_survived():
    """Keys the page does not read, in absurd shapes and numbers: 5,000 levels of brackets,
    5,000 distinct parameters, 5,000 repetitions of one, 5,000 array entries, on the HTML
    directory, the API and the hub. Ignoring them (2xx) or refusing them (4xx) are both right;
    a 5xx, an answer slower than 5 s or a sick server afterwards are not."""
    distinct = "&".join(f"p{i}={i}" for i in range(5_000))
    targets = {
        "members nested 5000 deep": "/members?a" + "[b]" * 5_000 + "=1",
        "members q nested 2000 deep": "/members?q" + "[b]" * 2_000 + "=1",
        "api nested 5000 deep": "/api/v1/members?a" + "[b]" * 5_000 + "=1",
        "matching unknown key nested 5000 deep": "/matching?a" + "[b]" * 5_000 + "=1",
        "members 5000 distinct": "/members?" + distinct,
        "api 5000 distinct": "/api/v1/members?" + distinct,
        "matching 5000 distinct": "/matching?" + distinct,
        "members page repeated 5000 times": "/members?" + "&".join("page=1" for _ in range(5_000)),
        "matching kind repeated 5000 times": "/matching?" + "&".join("kind=challenge" for _ in range(5_000)),
        "matching 5000 array entries": "/matching?" + "&".join("a[]=1" for _ in range(5_000)),
    }
    failures: list[str] = []
    for label, target in targets.items():
        sent_and_healthy(failures, label, fetched(None, target), lambda s: s < 300 or is_4xx(s))
    assert failures == [], "\n".join(failures)


# --------------------------------------------------------------------------- methods

UNDECLARED_METHODS = ("OPTIONS", "TRACE", "PUT", "DELETE", "PATCH")
SAMPLE_VALUES = {"slug": "lima", "category": "corporation", "country": "KR", "month": "2026-01", "code": "KOR",
                 "number": "WEGO-2026-0001", "id": "00000000-0000-0000-0000-000000000000"}


def fill_parameters(pattern: str) -> str:
    return "/".join(SAMPLE_VALUES.get(part[1:], "x") if part.startswith(":") else part for part in pattern.split("/"))


def declared_methods(routes: list[dict], path: str) -> set[str]:
    """The methods the route table registers for a concrete path (HEAD wherever GET is), as the
    server's router matches them: constants equal, parameters anything, one segment each."""
    segments = [s for s in path.split("/") if s]
    found = set()
    for route in routes:
        pattern = [s for s in route["path"].split("/") if s]
        if len(pattern) == len(segments) and all(p.startswith(":") or p == s for p, s in zip(pattern, segments)):
            found.add(route["method"])
    if "GET" in found:
        found.add("HEAD")
    return found


def test_undeclared_methods_answer_405_with_allow(routes):
    """Every path of the route table, as anonymous, with OPTIONS, TRACE, PUT, DELETE and PATCH
    wherever the path does not declare them: 405 with an Allow header naming exactly the
    methods the path declares (RFC 9110 section 15.5.6), and TRACE never echoes the request
    back (cross-site tracing would read the cookies that way)."""
    failures: list[str] = []
    paths = sorted({fill_parameters(route["path"]) for route in routes})
    assert len(paths) > 50, paths
    for path in paths:
        declared = declared_methods(routes, path)
        for method in UNDECLARED_METHODS:
            if method in declared:
                continue
            FIGURES["http requests"] += 1
            response = requests.request(method, support.url(path), allow_redirects=False, timeout=support.HTTP_TIMEOUT,
                                        headers={"X-Trace-Marker": "echo-canary-4711"})
            allow = {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}
            if response.status_code != 405:
                failures.append(f"{method} {path}: {response.status_code}, wanted 405")
            elif allow != declared:
                failures.append(f"{method} {path}: Allow {sorted(allow)}, declared {sorted(declared)}")
            if "echo-canary-4711" in response.text:
                failures.append(f"{method} {path}: the request was echoed back")
        health = healthz_problem()
        if health:
            failures.append(f"after the methods on {path}: {health}")
    assert failures == [], f"{len(failures)} problems:\n" + "\n".join(failures[:40])


def test_head_answers_like_get_without_a_body(routes):
    """HEAD on every GET route without parameters, as anonymous: the status and Content-Type of
    GET and no body (RFC 9110 section 9.3.2); a HEAD that runs a different code path is where
    a 5xx or a leaked body hides."""
    failures: list[str] = []
    paths = sorted({route["path"] for route in routes if route["method"] == "GET" and ":" not in route["path"]})
    assert len(paths) > 20, paths
    for path in paths:
        FIGURES["http requests"] += 2
        head = requests.head(support.url(path), allow_redirects=False, timeout=support.HTTP_TIMEOUT)
        get = requests.get(support.url(path), allow_redirects=False, timeout=support.HTTP_TIMEOUT)
        if head.status_code != get.status_code:
            failures.append(f"HEAD {path}: {head.status_code}, GET {get.status_code}")
        if head.content:
            failures.append(f"HEAD {path}: a body of {len(head.content)} bytes")
        if support.media_type(head) != support.media_type(get):
            failures.append(f"HEAD {path}: Content-Type {head.headers.get('Content-Type')!r}, GET {get.headers.get('Content-Type')!r}")
        health = healthz_problem()
        if health:
            failures.append(f"after HEAD {path}: {health}")
    assert failures == [], "\n".join(failures)


# --------------------------------------------------------------------------- numeric parameters

NOT_NUMBERS = [
    "abc", "-1", "0", "1.5", "1e3", "0x10", "\uff11", "NaN", "Infinity", "1%00", "%00",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
]
# (page or API query with the numeric parameter last and empty, who asks, values refused there
# besides NOT_NUMBERS). The fee calculator page reads "1,000" as a thousand on purpose (people
# type it so); the API and the directory take plain integers only.
NUMERIC_TARGETS = [
    ("/members?page=", "anonymous", ["10001", "1,000"]),
    ("/api/v1/members?page=", "anonymous", ["10001", "1,000"]),
    ("/api/v1/members?per=", "anonymous", ["101", "1,000"]),
    ("/api/v1/fees/quote?category=corporation&employees=", "anonymous", ["1000000000", "1,000"]),
    ("/api/v1/fees/quote?category=local_government&country=KR&population=", "anonymous", ["1,000"]),
    ("/fees?category=corporation&employees=", "anonymous", ["1000000000"]),
    ("/fees?category=local_government&country=KR&population=", "anonymous", ["1000000000"]),
    ("/admin/members?page=", "secretariat", ["10001", "1,000"]),
    ("/admin/dues?year=", "secretariat", ["1999", "2101", "2,026"]),
    ("/admin/dues.csv?year=", "secretariat", ["1999", "2101", "2,026"]),
]


@pytest.mark.parametrize(("target", "who", "refused_here"), NUMERIC_TARGETS, ids=[t[0] for t in NUMERIC_TARGETS])
def test_numeric_query_parameters_refuse_what_is_no_valid_number(target, who, refused_here, admin):
    """The numeric query parameters of the pages and the API (the directory's page, the API's
    page and per, the fee quote's employees and population, the dues year): words, signs,
    fractions, exponents, hex, full-width digits, NaN, NUL, thousands separators, 64-bit
    boundaries and beyond, and values out of the documented range. Each a 4xx: a value that
    wraps, truncates or falls back to a default answers a different question than was asked.
    (The directory has no per_page, and the API names its page size `per`, not `limit`.)"""
    session = admin if who == "secretariat" else None
    failures: list[str] = []
    for value in NOT_NUMBERS + refused_here:
        encoded = value if "%" in value else requests.utils.quote(value, safe="")
        sent_and_healthy(failures, f"{target}{encoded}", fetched(session, target + encoded), is_4xx)
    assert failures == [], "\n".join(failures)


# --------------------------------------------------------------------------- figures


class MalformedFigures:
    """Prints the request count in pytest's closing summary, where -q output still shows it."""

    def pytest_terminal_summary(self, terminalreporter):
        if FIGURES:
            terminalreporter.write_line(
                f"malformed: {FIGURES['raw requests']} raw-socket and {FIGURES['http requests']} HTTP requests, "
                f"{FIGURES['healthz checks']} health checks; slowest HTTP answer {FIGURES['slowest ms']} ms"
            )


@pytest.fixture(scope="module", autouse=True)
def malformed_figures(request):
    """Counts the requests of this module: printed at the end of the run, written for quoting."""
    if not request.config.pluginmanager.has_plugin("wego-malformed-figures"):
        request.config.pluginmanager.register(MalformedFigures(), "wego-malformed-figures")
    started = time.monotonic()
    yield
    if FIGURES:
        common.write_figures("malformed-figures.json", {**FIGURES, "seconds": round(time.monotonic() - started, 1), "long": common.LONG})
