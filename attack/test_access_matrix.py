"""Every route, as every role, against the access the route declares (`wego routes --json`)."""

from __future__ import annotations


def test_every_route_declares_its_access(routes):
    undeclared = [f"{r['method']} {r['path']}" for r in routes if r["access"] not in ("anyone", "signed_in", "secretariat")]
    assert undeclared == []
