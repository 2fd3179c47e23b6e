"""The JSON API against its own OpenAPI document, with schemathesis.

The document the server publishes at /api/openapi.json is loaded, and every operation in it is
called with generated requests: valid ones (the document's own types, enums, bounds, patterns)
and invalid ones (each parameter broken in turn: wrong type, out of bounds, off its pattern or
enum, missing when required). A client written from the document must be able to rely on every
answer, so each one is checked:

- not_a_server_error           no 5xx, whatever the request;
- status_code_conformance      the status is one the operation documents;
- content_type_conformance     the Content-Type is the one documented for that status;
- response_schema_conformance  the body validates against the documented schema;
- negative_data_rejection      a request the document calls invalid is refused with a 4xx
                               (the invalid-request test only).

Generation is deterministic (Hypothesis derandomized, no example database), so CI sees the same
cases on every run; WEGO_ATTACK_LONG=1 raises the generated cases per operation from 100 to
2,000. A few hand-picked values that random generation rarely draws (letters that upper-case to
ASCII, combining marks, values outside an enum only by case) are sent as explicit cases.

The number of cases is printed at the end of the run and written to
$WEGO_ATTACK_TMP/contract-figures.json.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

import common
import support

DOCUMENT_PATH = "/api/openapi.json"
# The copy in the sources: loaded only when there is no server (pytest --collect-only).
DOCUMENT_COPY = Path(__file__).resolve().parent.parent / "Sources/WeGOServer/Resources/OpenAPI/openapi.json"
EXAMPLES = 2000 if common.LONG else 100  # generated (fuzzing-phase) cases per operation and test
CONFORMANCE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
REJECTION_CHECKS = CONFORMANCE_CHECKS + [negative_data_rejection]

FIGURES: Counter = Counter()
BY_OPERATION: dict[str, Counter] = defaultdict(Counter)


def load_schema(mode: GenerationMode):
    """The published document, generating `mode` requests only. Each test loads its own copy with
    its own configuration object, so the two do not share settings."""
    config = schemathesis.Config()
    try:
        base = support.base_url()
    except RuntimeError:
        loaded = schemathesis.openapi.from_path(DOCUMENT_COPY, config=config)
    else:
        loaded = schemathesis.openapi.from_url(base + DOCUMENT_PATH, config=config, timeout=support.HTTP_TIMEOUT)
        loaded.config.update(base_url=base)
    loaded.config.update(request_timeout=support.HTTP_TIMEOUT)
    loaded.config.generation.update(
        modes=[mode], max_examples=EXAMPLES, deterministic=True, database="none", no_shrink=not common.LONG
    )
    # Whatever is wrong with a request, a client error is the right kind of answer.
    loaded.config.checks.negative_data_rejection.expected_statuses = ["4xx"]
    return loaded


def can_be_invalid(operation) -> bool:
    """Whether an operation has anything a request could get wrong: a parameter with a
    constraint, a required query parameter, or a body. (A bare string in the path accepts
    every value, and an operation without parameters accepts every request: schemathesis has
    no invalid request to make for them, and their unexpected methods are attacked in
    test_malformed.py.)"""
    for parameter in operation.iter_parameters():
        schema = parameter.definition.get("schema", {})
        if parameter.location == ParameterLocation.QUERY and parameter.is_required:
            return True
        if schema not in ({}, {"type": "string"}):
            return True
    return bool(operation.body)


def operations_with_invalid_requests(schema):
    """The document, narrowed to the operations `can_be_invalid` selects. (A filter function
    sees a bare operation without its parameters, so the selection is made by name.)"""
    names = [result.ok().label for result in schema.get_all_operations() if can_be_invalid(result.ok())]
    assert names, "no operation in the document takes a parameter that could be invalid"
    return schema.include(name=names)


valid_schema = load_schema(GenerationMode.POSITIVE)
invalid_schema = operations_with_invalid_requests(load_schema(GenerationMode.NEGATIVE))


def record(kind: str, case, response) -> None:
    FIGURES["cases"] += 1
    FIGURES[f"{kind}_cases"] += 1
    BY_OPERATION[case.operation.label][f"{kind} {response.status_code}"] += 1


@valid_schema.parametrize()
def test_valid_requests_get_documented_answers(case):
    """Requests the document allows: never a 5xx, and the status, Content-Type and body are the
    ones the document promises, since a client generated from it breaks on anything else."""
    response = case.call(timeout=support.HTTP_TIMEOUT)
    record("valid", case, response)
    case.validate_response(response, checks=CONFORMANCE_CHECKS)


@invalid_schema.parametrize()
def test_invalid_requests_are_refused_with_a_client_error(case):
    """Requests the document forbids (a parameter of the wrong type, out of its bounds, off its
    pattern or enum, or missing): refused with a documented 4xx problem, never a 5xx and never
    accepted. A server that takes what its contract forbids answers questions nobody asked, and
    a client cannot tell its mistake from a real answer."""
    response = case.call(timeout=support.HTTP_TIMEOUT)
    record("invalid", case, response)
    case.validate_response(response, checks=REJECTION_CHECKS)


# Invalid by the document, but rarely drawn at random: (test id, operation path, query, what is wrong).
HAND_PICKED_INVALID = [
    ("members-country-sharp-s", "/api/v1/members", {"country": "\u00df"}, "country \u00df is not two ASCII letters (it upper-cases to SS)"),
    ("members-country-ligature-fi", "/api/v1/members", {"country": "\ufb01"}, "country \ufb01 is not two ASCII letters (it upper-cases to FI)"),
    ("members-country-three-letters", "/api/v1/members", {"country": "KOR"}, "country KOR has three letters"),
    ("members-country-empty", "/api/v1/members", {"country": ""}, "an empty country is off the pattern ^[A-Za-z]{2}$"),
    ("members-category-empty", "/api/v1/members", {"category": ""}, "an empty category is outside the enum"),
    ("members-category-capitalised", "/api/v1/members", {"category": "Corporation"}, "category Corporation is outside the enum"),
    ("members-region-hyphen", "/api/v1/members", {"region": "asia-pacific"}, "region asia-pacific is outside the enum"),
    ("members-founding-on", "/api/v1/members", {"founding": "on"}, "founding=on is outside the enum yes/no/true/false/1/0"),
    ("members-founding-upper-case", "/api/v1/members", {"founding": "YES"}, "founding=YES is outside the enum"),
    ("members-q-combining-marks", "/api/v1/members", {"q": "a" + "\u0301" * 200}, "q of 201 code points (maxLength 200), one grapheme cluster"),
    ("members-q-201", "/api/v1/members", {"q": "x" * 201}, "q of 201 characters (maxLength 200)"),
    ("members-page-0", "/api/v1/members", {"page": "0"}, "page 0 is below the minimum 1"),
    ("members-page-10001", "/api/v1/members", {"page": "10001"}, "page 10001 is above the maximum 10000"),
    ("members-page-fraction", "/api/v1/members", {"page": "1.5"}, "page 1.5 is not an integer"),
    ("members-per-101", "/api/v1/members", {"per": "101"}, "per 101 is above the maximum 100"),
    ("members-per-negative", "/api/v1/members", {"per": "-1"}, "per -1 is below the minimum 1"),
    ("members-per-beyond-64-bits", "/api/v1/members", {"per": "99999999999999999999"}, "per 10^20 is above the maximum"),
    ("quote-no-category", "/api/v1/fees/quote", {}, "the required category is missing"),
    ("quote-category-city", "/api/v1/fees/quote", {"category": "city"}, "category city is outside the enum"),
    ("quote-employees-0", "/api/v1/fees/quote", {"category": "corporation", "employees": "0"}, "employees 0 is below the minimum 1"),
    ("quote-employees-exponent", "/api/v1/fees/quote", {"category": "corporation", "employees": "1e3"}, "employees 1e3 is not an integer"),
    ("quote-country-sharp-s", "/api/v1/fees/quote", {"category": "local_government", "country": "\u00df", "population": "5000"},
     "country \u00df is not two ASCII letters"),
    ("quote-population-negative", "/api/v1/fees/quote", {"category": "local_government", "country": "KR", "population": "-5"},
     "population -5 is below the minimum 1"),
]

# Valid by the document, at the edges of its bounds: (test id, operation path, query, what is at the edge).
HAND_PICKED_VALID = [
    ("members-largest-page", "/api/v1/members", {"page": "10000", "per": "100"}, "page and per at their maximum"),
    ("members-smallest-page", "/api/v1/members", {"page": "1", "per": "1"}, "page and per at their minimum"),
    ("members-q-200", "/api/v1/members", {"q": "x" * 200}, "q at its maxLength 200"),
    ("members-country-lower-case", "/api/v1/members", {"country": "kr"}, "a lower-case country, which the pattern allows"),
    ("quote-employees-1", "/api/v1/fees/quote", {"category": "corporation", "employees": "1"}, "employees at the minimum 1"),
    ("quote-population-max", "/api/v1/fees/quote", {"category": "local_government", "country": "KR", "population": "999999999"},
     "population at the document's maximum 999,999,999"),
]


def hand_picked(cases):
    return pytest.mark.parametrize(
        ("path", "query", "why"), [case[1:] for case in cases], ids=[case[0] for case in cases]
    )


@hand_picked(HAND_PICKED_INVALID)
def test_hand_picked_invalid_values_are_refused(path, query, why):
    """Values the document forbids that random generation seldom produces, where a lenient
    parser (upper-casing, counting grapheme clusters instead of code points, treating an empty
    value as absent, accepting more spellings than the enum) lets them through: each must be
    refused with a documented 4xx problem."""
    case = valid_schema[path]["GET"].Case(query=query)
    response = case.call(timeout=support.HTTP_TIMEOUT)
    record("hand_picked", case, response)
    assert 400 <= response.status_code < 500, (
        f"{why}: the document forbids it, the server answered {response.status_code}\n"
        f"reproduce: {case.as_curl_command()}\n{response.text[:300]}"
    )
    case.validate_response(response, checks=CONFORMANCE_CHECKS)


@hand_picked(HAND_PICKED_VALID)
def test_hand_picked_valid_values_are_answered(path, query, why):
    """Values at the edges of what the document allows: answered 200 with a conforming body,
    since a client that validates against the document sends them in good faith."""
    case = valid_schema[path]["GET"].Case(query=query)
    response = case.call(timeout=support.HTTP_TIMEOUT)
    record("hand_picked", case, response)
    assert response.status_code == 200, (
        f"{why}: the document allows it, the server answered {response.status_code}\n"
        f"reproduce: {case.as_curl_command()}\n{response.text[:300]}"
    )
    case.validate_response(response, checks=CONFORMANCE_CHECKS)


LANGUAGES = ("en", "ko", "es", "zh-CN", "fr;q=0.9, *;q=0.1", "x-klingon, ;;q=abc")


def test_every_member_and_listing_conforms_in_every_language():
    """The real data rather than generated requests: every page of the member list and every
    member's detail (generated slugs almost never name a member, so the detail schema would go
    untested), and the regions, countries and offices in each language the site speaks and in
    two it does not. Optional fields, empty lists and translated names are where a body drifts
    from its schema."""
    failures: list[str] = []

    def check(path: str, *, query=None, path_parameters=None, language: str = "en"):
        case = valid_schema[path]["GET"].Case(
            query=query, path_parameters=path_parameters, headers={"Accept-Language": language}
        )
        response = case.call(timeout=support.HTTP_TIMEOUT)
        record("real_data", case, response)
        if response.status_code != 200:
            failures.append(f"{case.as_curl_command()} -> {response.status_code}: {response.text[:200]}")
            return response
        try:
            case.validate_response(response, checks=CONFORMANCE_CHECKS)
        except FailureGroup as error:
            failures.append(f"{case.as_curl_command()}: {str(error)[:600]}")
        return response

    slugs: list[str] = []
    page = 1
    while True:
        body = check("/api/v1/members", query={"page": page, "per": 100}).json()
        slugs += [item["slug"] for item in body.get("items", [])]
        if page >= body.get("totalPages", 0) or page >= 100:
            break
        page += 1
    assert len(slugs) > 100, f"the seeded directory lists {len(slugs)} members"
    for slug in slugs:
        check("/api/v1/members/{slug}", path_parameters={"slug": slug})
    for language in LANGUAGES:
        for path in ("/api/v1/regions", "/api/v1/countries", "/api/v1/offices"):
            check(path, language=language)
        check("/api/v1/fees/quote", query={"category": "local_government", "country": "KR", "population": 100000}, language=language)
    assert failures == [], f"{len(failures)} real-data answers break the document:\n" + "\n".join(failures[:20])


class ContractFigures:
    """Prints the case count in pytest's closing summary, where -q output still shows it."""

    def pytest_terminal_summary(self, terminalreporter):
        if FIGURES:
            terminalreporter.write_line(summary_line())


def summary_line() -> str:
    return (
        f"contract: {FIGURES['cases']} cases on {len(BY_OPERATION)} operations "
        f"({FIGURES['valid_cases']} valid, {FIGURES['invalid_cases']} invalid, "
        f"{FIGURES['hand_picked_cases']} hand-picked, {FIGURES['real_data_cases']} on real data; "
        f"{EXAMPLES} generated per operation and test)"
    )


@pytest.fixture(scope="module", autouse=True)
def contract_figures(request):
    """Counts the cases of this module: printed at the end of the run, written for quoting."""
    if not request.config.pluginmanager.has_plugin("wego-contract-figures"):
        request.config.pluginmanager.register(ContractFigures(), "wego-contract-figures")
    yield
    if FIGURES:
        common.write_figures("contract-figures.json", {
            "examples_per_operation_and_test": EXAMPLES,
            **FIGURES,
            "by_operation": {label: dict(sorted(counts.items())) for label, counts in sorted(BY_OPERATION.items())},
        })
