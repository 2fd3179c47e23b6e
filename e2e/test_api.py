"""The JSON API against its own OpenAPI 3.1 document.

Each real response is validated with JSON Schema Draft 2020-12 against the schema that
/api/openapi.json declares for that path, status code and media type, with `$ref`s into
`#/components/...` resolved through a `referencing` registry that holds the whole document.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

import pytest
import requests
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from support import describe, get, media_type

DOC_URI = "urn:wego:openapi"
PROBLEM = "application/problem+json"


# --------------------------------------------------------------------------- the document


@lru_cache(maxsize=1)
def openapi() -> dict:
    response = get("/api/openapi.json")
    assert response.status_code == 200, describe(response)
    assert media_type(response) in ("application/json", "application/vnd.oai.openapi+json"), describe(response)
    return response.json()


@lru_cache(maxsize=1)
def registry() -> Registry:
    return Registry().with_resource(DOC_URI, Resource.from_contents(openapi(), default_specification=DRAFT202012))


def pointer(*parts: str) -> str:
    return "#/" + "/".join(quote(p.replace("~", "~0").replace("/", "~1"), safe="~") for p in parts)


def resolve_openapi_ref(node: dict) -> dict:
    """Follow OpenAPI-level `$ref`s (responses, parameters) inside the document."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are supported, got {ref}"
        node = openapi()
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
    return node


def server_prefixes() -> list[str]:
    prefixes = {""}
    for server in openapi().get("servers", []):
        prefixes.add(urlsplit(server.get("url", "")).path.rstrip("/"))
    return sorted(prefixes, key=len, reverse=True)


def match_path(path: str) -> str:
    """The document's path template for a concrete request path (literal segments win)."""
    candidates = []
    for prefix in server_prefixes():
        if prefix and not path.startswith(prefix + "/"):
            continue
        rest = path[len(prefix):] or "/"
        for template in openapi().get("paths", {}):
            regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            if re.match(regex, rest):
                candidates.append((template.count("{"), template))
    assert candidates, f"{path} is not described in /api/openapi.json (paths: {sorted(openapi().get('paths', {}))})"
    return sorted(candidates)[0][1]


def response_schema_pointer(template: str, status: int, content_type: str) -> str:
    responses = openapi()["paths"][template]["get"]["responses"]
    key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None)
    assert key, f"GET {template} declares no response for {status} (declares {sorted(responses)})"
    declared = resolve_openapi_ref(responses[key])
    content = declared.get("content", {})
    assert content_type in content, (
        f"GET {template} {key} declares media types {sorted(content)}, the server sent {content_type}"
    )
    assert "schema" in content[content_type], f"GET {template} {key} {content_type} has no schema"
    ref = responses[key].get("$ref") if isinstance(responses[key], dict) else None
    if ref:  # a shared response object: point into components/responses
        return ref + pointer("content", content_type, "schema")[1:]
    return pointer("paths", template, "get", "responses", key, "content", content_type, "schema")


def validate(response: requests.Response) -> object:
    """Validate a response body against the document; return the decoded body."""
    path = urlsplit(response.url).path
    template = match_path(path)
    content_type = media_type(response)
    schema = {"$ref": DOC_URI + response_schema_pointer(template, response.status_code, content_type)}
    body = response.json()
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    errors = list(validator.iter_errors(body))
    if errors:
        error = best_match(errors)
        location = "/".join(map(str, error.absolute_path)) or "(root)"
        pytest.fail(
            f"{response.url} ({response.status_code}) does not match the schema declared for GET {template}:\n"
            f"  at {location}: {error.message}\n  schema path: {'/'.join(map(str, error.absolute_schema_path))}\n"
            f"  {len(errors)} error(s) in all; body starts: {json.dumps(body)[:500]}"
        )
    return body


def arrays_of_objects(body: object) -> list[list]:
    """The lists of objects in a response body: the page's items, whatever they are called."""
    if isinstance(body, list):
        return [body]
    if isinstance(body, dict):
        return [v for v in body.values() if isinstance(v, list) and all(isinstance(x, dict) for x in v)]
    return []


# --------------------------------------------------------------------------- tests


def test_openapi_document():
    doc = openapi()
    assert str(doc.get("openapi", "")).startswith("3.1"), f"expected OpenAPI 3.1, got {doc.get('openapi')!r}"
    assert doc.get("info", {}).get("title") and doc["info"].get("version"), "info.title and info.version are required"
    dialect = doc.get("jsonSchemaDialect", "https://spec.openapis.org/oas/3.1/dialect/base")
    assert "2020-12" in dialect or "oas/3.1" in dialect, f"unexpected jsonSchemaDialect {dialect}"
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as error:  # noqa: BLE001 - report any schema problem with its name
            pytest.fail(f"components.schemas.{name} is not a valid JSON Schema 2020-12: {error}")
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert operation.get("responses"), f"{method.upper()} {path} declares no responses"
    for path in ["/api/v1/members", "/api/v1/members/seoul", "/api/v1/regions", "/api/v1/countries", "/api/v1/offices"]:
        match_path(path)  # fails with the list of documented paths


OK_CASES = [
    "/api/v1/members",
    "/api/v1/members?page=2&per=10",
    "/api/v1/members?region=africa",
    "/api/v1/members/seoul",
    "/api/v1/regions",
    "/api/v1/countries",
    "/api/v1/offices",
]


@pytest.mark.parametrize("path", OK_CASES)
def test_responses_match_the_document(path):
    response = get(path)
    assert response.status_code == 200, describe(response)
    assert media_type(response) == "application/json", describe(response)
    body = validate(response)
    assert body, f"{path} returned an empty body"


def test_pages_are_limited_and_distinct():
    first = get("/api/v1/members?page=1&per=10")
    second = get("/api/v1/members?page=2&per=10")
    assert first.status_code == second.status_code == 200, describe(first) + "\n" + describe(second)
    first_items = max(arrays_of_objects(validate(first)), key=len, default=[])
    second_items = max(arrays_of_objects(validate(second)), key=len, default=[])
    assert len(first_items) == 10, f"per=10 gave {len(first_items)} items on page 1"
    assert 0 < len(second_items) <= 10, f"per=10 gave {len(second_items)} items on page 2"
    assert first_items != second_items, "page 2 repeats page 1"


def test_region_filter():
    africa = get("/api/v1/members?region=africa")
    validate(africa)
    assert "Kampala" in africa.text, describe(africa)
    assert "Seoul" not in africa.text, "region=africa lists Seoul\n" + describe(africa)


def test_member_detail():
    response = get("/api/v1/members/seoul")
    body = validate(response)
    assert "Seoul" in json.dumps(body, ensure_ascii=False), describe(response)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/members/nope", 404),
        ("/api/v1/members?page=abc", 400),
        ("/api/v1/members?per=100000", 400),
        ("/api/v1/members?page=0", 400),
        ("/api/v1/members?per=-1", 400),
    ],
)
def test_errors_are_problem_details(path, status):
    response = get(path)
    assert response.status_code == status, describe(response)
    assert media_type(response) == PROBLEM, describe(response)
    body = validate(response)
    assert isinstance(body, dict), describe(response)
    for field in ("type", "title", "status"):
        assert field in body, f"problem details lack {field!r}: {body}"
    assert body["status"] == status, f"problem status {body['status']} differs from HTTP {status}"
    assert "Traceback" not in response.text and "Fatal error" not in response.text, "internals leaked"


def test_unknown_api_route_is_problem_json():
    response = get("/api/v1/no-such-thing")
    assert response.status_code == 404, describe(response)
    assert media_type(response) == PROBLEM, describe(response)
