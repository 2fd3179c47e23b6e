"""Helpers shared by the e2e tests: server address, HTML parsing, page checks."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ENV_BASE_URL = "WEGO_BASE_URL"
HTTP_TIMEOUT = 15  # seconds for one plain HTTP request
PAGE_LOAD_TIMEOUT = 30
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def base_url() -> str:
    value = os.environ.get(ENV_BASE_URL, "").strip()
    if not value:
        raise RuntimeError(
            f"{ENV_BASE_URL} is not set: run `scripts/test --only browser`, or start the "
            f"server yourself and export {ENV_BASE_URL}=http://127.0.0.1:PORT"
        )
    return value.rstrip("/")


def url(path: str) -> str:
    """Absolute URL on the server under test for a path like '/members?q=x'."""
    return urljoin(base_url() + "/", path.lstrip("/"))


def path_of(absolute_url: str) -> str:
    return urlsplit(absolute_url).path


def get(path: str, session: requests.Session | None = None, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", HTTP_TIMEOUT)
    kwargs.setdefault("allow_redirects", False)
    return (session or requests).get(url(path), **kwargs)


def post(path: str, session: requests.Session | None = None, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", HTTP_TIMEOUT)
    kwargs.setdefault("allow_redirects", False)
    return (session or requests).post(url(path), **kwargs)


def media_type(response: requests.Response) -> str:
    """The Content-Type without parameters, lower-case ('' when absent)."""
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def describe(response: requests.Response, limit: int = 600) -> str:
    """A one-paragraph account of a response for assertion messages."""
    body = response.text
    if len(body) > limit:
        body = body[:limit] + " …"
    return (
        f"{response.request.method} {response.url} -> {response.status_code} "
        f"[{response.headers.get('Content-Type', 'no content-type')}]"
        + (f" Location: {response.headers['Location']}" if "Location" in response.headers else "")
        + f"\n{body}"
    )


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[str] = []
        self._current_script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script" and "src" not in attributes:
            self._current_script = []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {name: (value or "") for name, value in attrs}))

    def handle_data(self, data):
        if self._current_script is not None:
            self._current_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current_script is not None:
            script_type = ""
            for name, attributes in reversed(self.tags):
                if name == "script":
                    script_type = attributes.get("type", "").lower()
                    break
            # JSON data blocks are not executed and are allowed under a strict CSP.
            if script_type not in ("application/json", "application/ld+json"):
                self.inline_scripts.append("".join(self._current_script))
            self._current_script = None


def parse_tags(html: str) -> _TagCollector:
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector


def find_tags(html: str, tag: str, **attrs: str) -> list[dict[str, str]]:
    """All <tag> start tags whose attributes include attrs (use class_ for class)."""
    wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
    return [
        a
        for t, a in parse_tags(html).tags
        if t == tag and all(a.get(k) == v for k, v in wanted.items())
    ]


def csrf_token_from(html: str) -> str:
    inputs = find_tags(html, "input", name="csrf_token")
    assert inputs, "no <input name=\"csrf_token\"> in the page"
    token = inputs[0].get("value", "")
    assert token, "the csrf_token input has an empty value"
    return token


def integers_in(text: str) -> list[int]:
    """Whole numbers in text, allowing thousands separators (1,234 / 1 234)."""
    return [int(re.sub(r"\D", "", n)) for n in re.findall(r"\d+(?:[,\u202f\xa0]\d{3})*", text)]


# --------------------------------------------------------------------------- page helpers


def open_page(driver, path: str) -> None:
    """Navigate to path on the server and wait until the document is parsed."""
    driver.get(url(path))
    WebDriverWait(driver, PAGE_LOAD_TIMEOUT).until(
        lambda d: d.execute_script("return document.readyState") in ("interactive", "complete")
    )


def html_lang(driver) -> str:
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or ""


def wait_for_path(driver, path: str, timeout: float = 15) -> None:
    """Wait until the browser shows path (after a form post or redirect)."""
    try:
        WebDriverWait(driver, timeout).until(lambda d: path_of(d.current_url) == path)
    except Exception:
        pytest.fail(f"expected to arrive at {path} within {timeout} s, but the browser is at {driver.current_url}")


def console_errors(driver) -> list[dict]:
    """Browser console entries of level SEVERE since the last call (the log is drained)."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


# --------------------------------------------------------------------------- axe-core

_AXE_RUN = """
const done = arguments[arguments.length - 1];
const tags = arguments[0];
axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => done({
    ok: true,
    version: axe.version,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
    })),
  }))
  .catch(error => done({ok: false, error: String(error && error.stack || error)}));
"""


def run_axe(driver) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.0-2.2 A/AA rules; return violations."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        # WebDriver scripts run through DevTools, so the page's CSP does not block them.
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    result = driver.execute_async_script(_AXE_RUN, AXE_TAGS)
    assert result and result.get("ok"), f"axe-core did not run: {result}"
    return result["violations"]


def format_violations(violations: list[dict], page: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {page}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("summary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def wait_until_replaced(driver, element, timeout: float = 30) -> None:
    """Waits until `element`'s page has been replaced by the next one. Selenium's staleness_of
    only expects StaleElementReferenceException, but Chromium may answer a query about a node
    of the page being torn down with "Node ... does not belong to the document"; both mean the
    old page is gone."""
    def replaced(_driver) -> bool:
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, timeout).until(replaced)
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")
