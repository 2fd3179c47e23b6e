"""Shared by the CSRF and XSS attacks (test_csrf.py, test_xss.py): the forms of a page as a
browser sees them, route patterns matched against the site's own links, the XSS payloads, and
one headless Chromium that reports whether a payload ran.

Nothing here changes the server; the tests decide what to post and what to load.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import requests
import requests.adapters

import common
import support

# --------------------------------------------------------------------------- forms


@dataclass
class Field:
    """One control of a form: <input>, <textarea> or <select>."""

    tag: str
    type: str
    name: str
    value: str = ""
    options: list[str] = field(default_factory=list)  # a select's option values
    selected: str | None = None  # a select's selected option (the first when none is)
    checked: bool = False
    invalid: bool = False  # aria-invalid="true": the server refused this field's value

    @property
    def is_free_text(self) -> bool:
        """A field that takes any text a person types (where a payload can go)."""
        if self.tag == "textarea":
            return True
        return self.tag == "input" and self.type in ("text", "search", "tel", "email", "url", "")


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def free_text(self) -> list[Field]:
        return [f for f in self.fields if f.is_free_text and f.name]

    def invalid_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.invalid]

    def body(self, values: dict[str, str], *, choose: bool = True) -> list[tuple[str, str]]:
        """The form's defaults (without its token) with `values` in place of their fields."""
        return [(k, v) for k, v in self.defaults(without_token=True, choose=choose) if k not in values] + list(values.items())

    def defaults(self, *, without_token: bool = False, choose: bool = False) -> list[tuple[str, str]]:
        """What a browser submits for the form untouched: every named control's current value,
        checked boxes only, each select's selected (or first) option; file inputs empty.
        `choose`: a select left on its empty "choose…" option takes its first real option."""
        pairs: list[tuple[str, str]] = []
        for f in self.fields:
            if not f.name or (without_token and f.name == "csrf_token"):
                continue
            if f.tag == "select":
                value = f.selected if f.selected is not None else (f.options[0] if f.options else None)
                if choose and not value:
                    value = next((o for o in f.options if o), value)
                if value is not None:
                    pairs.append((f.name, value))
            elif f.type in ("checkbox", "radio"):
                if f.checked:
                    pairs.append((f.name, f.value or "on"))
            elif f.type in ("submit", "button", "image", "reset", "file"):
                continue
            else:
                pairs.append((f.name, f.value))
        return pairs


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), (a.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        invalid = a.get("aria-invalid") == "true"
        if tag == "input":
            self._form.fields.append(Field("input", (a.get("type") or "text").lower(), a.get("name", ""), a.get("value", ""),
                                           checked="checked" in a, invalid=invalid))
        elif tag == "textarea":
            self._textarea = Field("textarea", "textarea", a.get("name", ""), "", invalid=invalid)
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field("select", "select", a.get("name", ""), invalid=invalid)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.selected = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]  # as HTML drops the first newline
            self._textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with_action(html: str, action: str) -> Form:
    """The form on the page that posts to `action` (a path)."""
    for form in forms_in(html):
        if urlsplit(form.action).path == action:
            return form
    raise AssertionError(f"no form with action {action} on the page; forms: {[f.action for f in forms_in(html)]}")


def links_in(html: str) -> list[str]:
    """Every href and form action of a page (as written, entities decoded)."""
    found = []
    for tag, attributes in support.parse_tags(html).tags:
        if tag == "a" and attributes.get("href"):
            found.append(attributes["href"])
        if tag == "form" and attributes.get("action"):
            found.append(attributes["action"])
    return found


# --------------------------------------------------------------------------- routes


def pattern_regex(path: str) -> re.Pattern:
    """`/admin/members/:slug/edit` as a regex with one named group per parameter."""
    parts = []
    for part in path.split("/"):
        parts.append(f"(?P<{part[1:]}>[^/?#]+)" if part.startswith(":") else re.escape(part))
    return re.compile("^" + "/".join(parts) + "$")


def fill_path(path: str, values: dict[str, str]) -> str:
    return "/".join(values.get(part[1:], part) if part.startswith(":") else part for part in path.split("/"))


PLAUSIBLE = {
    "slug": "no-such-" + common.RUN,
    "id": None,  # a fresh UUID each time
    "number": "WG-2099-" + common.RUN,
    "code": "ZZ",
    "category": "local_government",
    "country": "ZZ",
    "month": "2099-01",
}


def plausible(name: str) -> str:
    """A well-formed value for a path parameter that names no existing object."""
    value = PLAUSIBLE.get(name, "x-" + common.RUN)
    return value if value is not None else str(uuid.uuid4())


class SiteMap:
    """Pages read as one user, breadth-first from a few starting points over the site's own
    links, remembering each route's real parameter values and the forms that post to it."""

    SKIP = ("/sign-out", "/language", "/static/", "/favicon.ico", "/api/", "/metrics")

    def __init__(self, session: requests.Session, routes: list[dict]) -> None:
        self.session = session
        self.routes = routes
        self.patterns = [(r, pattern_regex(r["path"])) for r in routes]
        self.values: dict[tuple[str, str], list[dict[str, str]]] = {}  # (method, path) -> parameter values seen
        self.forms: dict[tuple[str, str], Form] = {}  # (POST, pattern) -> a form that posts there
        self.pages: dict[str, str] = {}
        self.query: dict[str, set[str]] = {}  # GET route pattern -> query parameter names its links and forms use

    def route_of(self, method: str, path: str) -> dict | None:
        for route, regex in self.patterns:
            if route["method"] == method and regex.match(path):
                return route
        return None

    def _note(self, method: str, path: str) -> None:
        for route, regex in self.patterns:
            if route["method"] != method:
                continue
            match = regex.match(path)
            if match and match.groupdict():
                seen = self.values.setdefault((method, route["path"]), [])
                if match.groupdict() not in seen:
                    seen.append(match.groupdict())

    def crawl(self, starts: list[str], limit: int = 80) -> None:
        queue = list(starts)
        while queue and len(self.pages) < limit:
            page = queue.pop(0)
            if page in self.pages:
                continue
            response = support.get(page, self.session)
            self.pages[page] = response.text if response.status_code == 200 else ""
            if response.status_code != 200 or "html" not in support.media_type(response):
                continue
            for form in forms_in(response.text):
                action = urlsplit(form.action).path
                if form.method == "get" and action:
                    route = self.route_of("GET", action)
                    if route:
                        self.query.setdefault(route["path"], set()).update(f.name.rstrip("[]") for f in form.fields if f.name)
                if form.method == "post" and action:
                    self._note("POST", action)
                    route = self.route_of("POST", action)
                    if route:
                        self.forms.setdefault(("POST", route["path"]), form)
            for link in links_in(response.text):
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                    continue
                self._note("GET", parts.path)
                route = self.route_of("GET", parts.path)
                if route and parts.query:
                    self.query.setdefault(route["path"], set()).update(n for n, _ in parse_qsl(parts.query, keep_blank_values=True))
                if parts.path.startswith(self.SKIP) or parts.path.endswith((".csv", ".ics", ".svg", ".json")):
                    continue
                target = parts.path + ("?" + parts.query if parts.query and parts.path in ("/matching/cycles",) else "")
                if target not in self.pages and target not in queue:
                    queue.append(target)

    def real_values(self, route: dict) -> dict[str, str] | None:
        """Parameter values of an existing object for the route, if one was seen: the route's
        own links first, else any route's values for the same parameter names and prefix."""
        own = self.values.get((route["method"], route["path"])) or self.values.get(("GET", route["path"]))
        if own:
            return own[0]
        names = set(route["parameters"])
        prefix = route["path"].split("/:")[0]
        for (_, path), seen in self.values.items():
            if seen and set(seen[0]) == names and path.split("/:")[0] == prefix:
                return seen[0]
        return None


# --------------------------------------------------------------------------- payloads


@dataclass(frozen=True)
class Payload:
    """An attack string. `{js}` is replaced by script that sets window.__xss and a global named
    for the instance, `{id}` by the instance id; `alert` payloads open a dialog as well."""

    name: str
    template: str
    kind: str = "markup"  # markup | url | template | email
    # Where the payload runs when a page puts it in unescaped (for the detector's own proof):
    # text, double (a "-quoted attribute), single, textarea, title, style, comment, url (a link's
    # href, run by a click), decoded (runs only if the server decodes entities first), inert
    # (today's Chromium refuses to run it, or runs it in a frame of another origin: only the
    # injected markup shows; older browsers ran these).
    context: str = "text"

    def render(self, instance: str) -> str:
        js = f"window.__xss=1,window.__xss_{instance}=1"
        return self.template.replace("{js}", js).replace("{id}", instance)


PAYLOADS = [
    Payload("script tag", "<script>{js}</script>"),
    Payload("img onerror after a double-quote breakout", '"><img src=x onerror={js}>', context="double"),
    Payload("img onerror after a single-quote breakout", "'><img src=x onerror={js}>", context="single"),
    Payload("event attribute inside a double-quoted attribute", '" autofocus onfocus={js} x="', context="double"),
    Payload("event attribute inside a single-quoted attribute", "' autofocus onfocus={js} x='", context="single"),
    Payload("textarea breakout", "</textarea><script>{js}</script>", context="textarea"),
    Payload("svg onload", "<svg onload={js}>"),
    Payload("alert dialog", "<img src=x onerror={js},alert(1)>"),
    Payload("javascript: URL", "javascript:{js}//", "url", context="url"),
    Payload("data: URL", "data:text/html,<script>{js}</script>", "url", context="text"),
    Payload("template expressions", "{{7*7}}tpl{id} ${7*7}tpl{id} <%= 7*7 %>tpl{id} #{7*7}tpl{id}", "template"),
    Payload("right-to-left override", "\u202e\"><svg onload={js}>\u202d", context="double"),
    Payload("markup in an e-mail address", '"><svg/onload={js}>@xss.test', "email", context="double"),
]

LONG_PAYLOADS = [
    Payload("mixed-case script tag", "<ScRiPt >{js}</sCrIpT>"),
    Payload("title breakout", "</title><script>{js}</script>", context="title"),
    Payload("details ontoggle", "<details open ontoggle={js}>"),
    Payload("iframe srcdoc", '<iframe srcdoc="<script>top.__xss=1,top.__xss_{id}=1</script>"></iframe>'),
    Payload("meta refresh to javascript:", '<meta http-equiv="refresh" content="0;url=javascript:{js}">', context="inert"),
    Payload("body onload", "<body onload={js}>"),
    Payload("input autofocus onfocus", "<input autofocus onfocus={js}>"),
    Payload("object data javascript:", "<object data=javascript:{js}></object>", context="inert"),
    Payload("entity-encoded markup", "&lt;img src=x onerror={js}&gt;", context="decoded"),
    Payload("numeric entities", "&#60;script&#62;{js}&#60;/script&#62;", context="decoded"),
    Payload("mixed-case javascript: URL", " JaVaScRiPt:{js}", "url", context="url"),
    Payload("tab in javascript: URL", "java\tscript:{js}", "url", context="url"),
    Payload("base64 data: URL", "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==#{id}", "url", context="inert"),
    Payload("polyglot", "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk={js} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd={js}//>\\x3e"),
    Payload("style breakout", "</style><script>{js}</script>", context="style"),
    Payload("comment breakout", "--><script>{js}</script><!--", context="comment"),
    Payload("unicode escapes", "\u003cscript\u003e{js}\u003c/script\u003e"),
    Payload("second alert dialog", "\"><svg onload={js},alert(document.domain)>", context="double"),
]


def payload_set() -> list[Payload]:
    return PAYLOADS + (LONG_PAYLOADS if common.LONG else [])


class Instances:
    """Every payload instance handed out, by id, so a detection names its payload and field."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[Payload, str]] = {}
        self._count = 0

    def make(self, payload: Payload, where: str) -> tuple[str, str]:
        self._count += 1
        instance = f"{common.RUN}n{self._count}"
        self.by_id[instance] = (payload, where)
        return instance, payload.render(instance)

    def describe(self, instance: str) -> str:
        payload, where = self.by_id.get(instance, (None, "?"))
        return f"{instance} ({payload.name if payload else '?'} in {where})"


def unescaped_copies(html: str, text: str) -> bool:
    """True when `text`, which holds characters HTML must escape, is in the page verbatim."""
    return any(c in text for c in "<>\"'") and text in html


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "background")
_SCRIPT_SCHEME = re.compile(r"^[\s\x00-\x1f]*(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|data|vbscript)\s*:", re.I)


def injected_markup(html: str, marker: str = "__xss") -> list[str]:
    """Markup a payload created, as an HTML parser reads the page: event-handler attributes,
    script text, script-scheme URLs and srcdoc documents carrying the marker. An escaped
    payload is text or an attribute's value and shows up here as nothing."""
    parsed = support.parse_tags(html)
    found = []
    for tag, attributes in parsed.tags:
        for name, value in attributes.items():
            if marker not in value and "PHNjcmlwdD53aW5kb3cuX194c3M" not in value:
                continue
            if name.startswith("on") or name == "srcdoc":
                found.append(f"<{tag} {name}={value[:100]!r}>")
            elif name in URL_ATTRIBUTES and _SCRIPT_SCHEME.match(value):
                found.append(f"<{tag} {name}={value[:100]!r}>")
            elif name == "content" and re.search(r"url\s*=\s*['\"]?\s*(javascript|data|vbscript):", value, re.I):
                found.append(f"<{tag} {name}={value[:100]!r}>")
    found.extend(f"<script>{script[:100]}" for script in parsed.inline_scripts if marker in script)
    return found


def shows(html: str, instance: str) -> bool:
    """True when the page holds the instance's id (escaped or not, whole: n17 is not n172)."""
    return re.search(re.escape(instance) + r"(?![0-9])", html) is not None


def template_evaluated(html: str, instance: str) -> bool:
    """True when a template expression of the instance was evaluated (7*7 became 49)."""
    return f"49tpl{instance}" in html


# --------------------------------------------------------------------------- Chromium

CHROMIUM = os.environ.get("WEGO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("WEGO_CHROMEDRIVER", "/usr/bin/chromedriver")


def make_driver():
    """Headless Debian Chromium with JavaScript on and the browser console kept (to see what the
    Content-Security-Policy refused). No script is installed in the pages: detection reads what
    a payload itself left behind."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--lang=en-US", "--no-first-run", "--disable-extensions", "--disable-gpu"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.set_capability("unhandledPromptBehavior", "ignore")
    options.page_load_strategy = "normal"
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(support.PAGE_LOAD_TIMEOUT)
    driver.set_script_timeout(20)
    return driver


# Read after load; touches nothing. Globals a payload set, elements a payload injected (event
# handler attributes, script text, script-scheme links), whatever the CSP did to them.
_INSPECT = r"""
const marks = Object.getOwnPropertyNames(window).filter(k => k.startsWith('__xss'));
const injected = [];
const scheme = /^[\s\u0000-\u001f]*(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|data|vbscript)\s*:/i;
for (const el of document.querySelectorAll('*')) {
  if (el.tagName === 'SCRIPT' && el.textContent.includes('__xss')) injected.push('script: ' + el.outerHTML.slice(0, 160));
  for (const attribute of el.attributes) {
    const name = attribute.name.toLowerCase(), value = attribute.value;
    if (name.startsWith('on') && value.includes('__xss')) injected.push(name + ' on <' + el.tagName.toLowerCase() + '>: ' + value.slice(0, 120));
    if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'content'].includes(name)
        && (value.includes('__xss') || value.includes('PHNjcmlwdD53aW5kb3cuX194c3M'))
        && (scheme.test(value) || name === 'srcdoc' || (name === 'content' && /url\s*=\s*['"]?\s*(javascript|data|vbscript):/i.test(value))))
      injected.push(name + ' on <' + el.tagName.toLowerCase() + '>: ' + value.slice(0, 120));
  }
}
return {marks: marks, injected: injected, title: document.title, url: location.href};
"""


@dataclass
class Detection:
    url: str
    fired: list[str] = field(default_factory=list)  # ids of payloads whose script ran
    alerts: list[str] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)  # elements/attributes a payload created
    csp_refusals: list[str] = field(default_factory=list)

    @property
    def executed(self) -> bool:
        return bool(self.fired or self.alerts)

    def __str__(self) -> str:
        parts = [self.url]
        if self.fired:
            parts.append(f"script ran: {self.fired}")
        if self.alerts:
            parts.append(f"alert dialogs: {self.alerts}")
        if self.injected:
            parts.append(f"injected markup: {self.injected[:4]}")
        if self.csp_refusals:
            parts.append(f"CSP refused: {self.csp_refusals[:2]}")
        return " | ".join(parts)


class Browser:
    """One Chromium for a test module: loads pages and reports what payloads did."""

    def __init__(self) -> None:
        self.driver = make_driver()
        self.loads = 0
        self.seconds = 0.0

    def quit(self) -> None:
        self.driver.quit()

    def _dismiss_alerts(self, found: list[str]) -> None:
        from selenium.common.exceptions import NoAlertPresentException

        for _ in range(10):
            try:
                alert = self.driver.switch_to.alert
                found.append(alert.text)
                alert.dismiss()
            except NoAlertPresentException:
                return

    def sign_in_as(self, session: requests.Session | None) -> None:
        """The browser carries `session`'s cookie (none for an anonymous visitor)."""
        self.driver.get(support.url("/healthz"))
        self.driver.delete_all_cookies()
        if session is None:
            return
        for cookie in session.cookies:
            self.driver.add_cookie({"name": cookie.name, "value": cookie.value, "path": "/", "httpOnly": True})

    def detect(self, absolute_url: str | None = None, *, settle: float = 0.0) -> Detection:
        """Reads the current page (after `absolute_url` is loaded, if given)."""
        from selenium.common.exceptions import TimeoutException, UnexpectedAlertPresentException, WebDriverException

        started = time.monotonic()
        alerts: list[str] = []
        if absolute_url is not None:
            try:
                self.driver.get(absolute_url)
            except UnexpectedAlertPresentException as error:
                alerts.append(str(error.alert_text))
            except TimeoutException:
                pass
            self.loads += 1
        if settle:
            time.sleep(settle)
        result = None
        for _ in range(5):
            self._dismiss_alerts(alerts)
            try:
                result = self.driver.execute_script(_INSPECT)
                break
            except UnexpectedAlertPresentException as error:
                alerts.append(str(error.alert_text))
            except WebDriverException as error:  # the page navigated away under us
                if "alert" in str(error).lower():
                    alerts.append(str(error))
                    continue
                time.sleep(0.2)
        self._dismiss_alerts(alerts)
        logs = []
        try:
            logs = self.driver.get_log("browser")
        except WebDriverException:
            pass
        self.seconds += time.monotonic() - started
        result = result or {"marks": [], "injected": [], "url": absolute_url}
        fired = [m[len("__xss_"):] for m in result["marks"] if m.startswith("__xss_")]
        if "__xss" in result["marks"] and not fired:
            fired = ["(unnamed)"]
        return Detection(
            url=result.get("url") or absolute_url or "",
            fired=fired, alerts=[a for a in alerts if a is not None],
            injected=result["injected"],
            csp_refusals=[e["message"][:300] for e in logs if "Content Security Policy" in e.get("message", "")],
        )

    def load(self, path: str) -> Detection:
        return self.detect(support.url(path))


def write_figures(name: str, figures: dict) -> None:
    common.write_figures(name, figures)
    print(f"\n{name}: {json.dumps(figures, sort_keys=True)}")


def token() -> str:
    """A short random word for names that must not repeat within a run."""
    return secrets.token_hex(4)


# --------------------------------------------------------------------------- clients

_ADDRESSES = iter(range(1, 250 * 250))
_NET = 10 + int(common.RUN, 16) % 200  # 127.NET.x.y: this run's own loopback addresses


class _SourceAddressAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, address: str, **kwargs) -> None:
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        return super().init_poolmanager(*args, **kwargs)


def visitor() -> requests.Session:
    """An anonymous visitor from an address of its own on the loopback network (127.NET.x.y).
    The public application form accepts five applications an hour from one address, and the
    whole attack suite shares 127.0.0.1: these attacks must neither hit that limit nor use up
    other tests' share of it."""
    n = next(_ADDRESSES)
    session = requests.Session()
    adapter = _SourceAddressAdapter(f"127.{_NET}.{n // 250}.{n % 250 + 1}")
    session.mount("http://", adapter)
    return session
