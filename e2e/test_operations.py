"""Health, readiness, metrics and security headers (plain HTTP, no browser)."""

from __future__ import annotations

import pytest

from support import describe, find_tags, get, media_type, parse_tags


def test_healthz_answers_200():
    response = get("/healthz")
    assert response.status_code == 200, describe(response)


def test_readyz_answers_200():
    response = get("/readyz")
    assert response.status_code == 200, describe(response)


def test_metrics_expose_request_counter():
    # Make sure at least one request has been counted before we look.
    get("/")
    response = get("/metrics")
    assert response.status_code == 200, describe(response)
    assert media_type(response).startswith("text/plain"), (
        "Prometheus text exposition is served as text/plain\n" + describe(response)
    )
    assert "http_requests_total" in response.text, describe(response, 2000)


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        tokens = part.strip().split()
        if tokens:
            directives.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    return directives


@pytest.mark.parametrize("path", ["/", "/members", "/sign-in", "/does-not-exist"])
def test_security_headers(path):
    response = get(path)
    assert response.status_code in (200, 404), describe(response)

    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {path}\n{dict(response.headers)}"
    directives = _csp_directives(csp)
    assert directives.get("frame-ancestors") == ["'none'"], f"CSP needs frame-ancestors 'none': {csp}"
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src is not None, f"CSP sets neither script-src nor default-src: {csp}"
    assert "'unsafe-inline'" not in script_src, f"CSP allows inline script: {csp}"
    assert "*" not in script_src, f"CSP allows script from anywhere: {csp}"

    assert response.headers.get("X-Content-Type-Options", "").lower() == "nosniff", dict(response.headers)
    referrer = response.headers.get("Referrer-Policy", "").lower()
    safe = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    assert referrer in safe, f"Referrer-Policy {referrer!r} is not one of {sorted(safe)}"


@pytest.mark.parametrize("path", ["/", "/members", "/members/seoul", "/map", "/sign-in"])
def test_pages_have_no_inline_script_or_handlers(path):
    """The CSP forbids inline script, so any inline script would silently not run."""
    response = get(path)
    assert response.status_code == 200, describe(response)
    parsed = parse_tags(response.text)
    assert not parsed.inline_scripts, f"inline <script> on {path}: {parsed.inline_scripts[0][:200]!r}"
    handlers = sorted(
        {f"<{tag} {name}>" for tag, attrs in parsed.tags for name in attrs if name.startswith("on")}
    )
    assert not handlers, f"inline event handlers on {path}: {handlers}"
    assert find_tags(response.text, "html"), f"{path} is not an HTML document"
