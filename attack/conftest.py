"""Fixtures of the attack suite: the servers, the Secretariat, one persona per role."""

from __future__ import annotations

import pytest
import requests

import common
import support


def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    try:
        base = support.base_url()
        response = requests.get(base + "/healthz", timeout=10)
    except (RuntimeError, requests.RequestException) as error:
        pytest.exit(f"no server to attack: {error}", returncode=4)
    if response.status_code != 200:
        pytest.exit(f"{base}/healthz answered {response.status_code}", returncode=4)


@pytest.fixture(scope="session")
def base_url() -> str:
    return support.base_url()


@pytest.fixture(scope="session")
def second_url() -> str:
    """The second app server on the same database."""
    return common.env("WEGO_SECOND_URL").rstrip("/")


@pytest.fixture(scope="session")
def admin_credentials() -> tuple[str, str]:
    return common.env("WEGO_ADMIN_EMAIL"), common.env("WEGO_ADMIN_PASSWORD")


@pytest.fixture(scope="session")
def admin(admin_credentials) -> requests.Session:
    return common.sign_in(*admin_credentials)


@pytest.fixture(scope="session")
def routes() -> list[dict]:
    table = common.route_table()
    assert len(table) > 50, table
    return table


@pytest.fixture(scope="session")
def personas(admin, admin_credentials) -> dict[str, common.Persona]:
    """Anonymous, the Secretariat, and one account of every other role. Lima (Americas) is the
    representative's member and the regional staff's region, so each has an own and a foreign
    object: Lima and Seoul (Asia Pacific)."""
    people = {
        "anonymous": common.Persona("anonymous", None, None, requests.Session()),
        "secretariat": common.Persona("secretariat", "secretariat_admin", admin_credentials[0], admin),
    }
    people["regional"] = common.create_persona(admin, "regional", "regional_staff", region="americas")
    people["representative"] = common.create_persona(admin, "representative", "member_representative", member="lima")
    people["judge"] = common.create_persona(admin, "judge", "judge")
    people["youth"] = common.create_persona(admin, "youth", "youth_participant")
    return people
