"""Schema-driven tests: schemathesis generates requests for every operation of the API's own
OpenAPI schema and sends them to the Django WSGI application in-process (no server). No
answer may be a server error, and every answer must match the schema (status documented,
body valid). A delegate's token is used, so the writes run too, on a small record."""
import json

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api import token_client


def _served_schema() -> dict:
    """The schema /api/v1/schema/ serves (generated the same way, without a request)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_served_schema())
schema.app = WSGIHandler()


@pytest.fixture
def record(db, other_delegate_user, draft_l13, rev1):
    """A small record, by the ids of what it holds, and the test's database connection kept:
    Django's request signals would close it (inside the test's transaction) at each request;
    like Django's test client, the test leaves them out while it runs."""
    from negotiation.models import Body, Version
    from negotiation.services.negotiating import proposal_create

    op2 = rev1.paragraphs.get(kind="operative", number="2")
    proposal = proposal_create(version=rev1, lineage=op2.lineage, kind="delete", user=other_delegate_user)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {
        "draft_id": [draft_l13.pk], "version_id": list(Version.objects.values_list("pk", flat=True)),
        "old": list(Version.objects.values_list("pk", flat=True)), "new": list(Version.objects.values_list("pk", flat=True)),
        "body_id": list(Body.objects.values_list("pk", flat=True)[:3]), "proposal_id": [proposal.pk], "lineage": str(op2.lineage),
    }
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(other_delegate_user):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=other_delegate_user)
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
@hypothesis.settings(max_examples=12, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_every_operation_answers_as_its_schema_says_and_never_500(case, record, auth_headers):
    # Two generated ids in three name something of the record (else nearly every answer is a 404).
    for where in (case.path_parameters, case.query):
        for name, value in list((where or {}).items()):
            if name in record and isinstance(value, int) and not isinstance(value, bool) and value % 3:
                where[name] = record[name][value % len(record[name])]
    if isinstance(case.body, dict) and isinstance(case.body.get("lineage"), str) and len(case.body["lineage"]) % 2 == 0:
        case.body["lineage"] = record["lineage"]
    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])


def test_the_schema_lists_every_resource_and_write(other_delegate_user):
    response = token_client(other_delegate_user).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert response.json()["openapi"].startswith("3.")
    assert {path: sorted(ops) for path, ops in paths.items()} == {
        "/api/v1/bodies/": ["get"],
        "/api/v1/bodies/{body_id}/": ["get"],
        "/api/v1/drafts/": ["get"],
        "/api/v1/drafts/{draft_id}/": ["get"],
        "/api/v1/drafts/{draft_id}/actions/": ["get"],
        "/api/v1/drafts/{draft_id}/paragraph-statuses/": ["get"],
        "/api/v1/drafts/{draft_id}/proposals/": ["get", "post"],
        "/api/v1/drafts/{draft_id}/proposals/{proposal_id}/withdraw/": ["post"],
        "/api/v1/drafts/{draft_id}/redline/": ["get"],
        "/api/v1/drafts/{draft_id}/sponsorships/": ["get"],
        "/api/v1/drafts/{draft_id}/sponsorships/join/": ["post"],
        "/api/v1/drafts/{draft_id}/sponsorships/leave/": ["post"],
        "/api/v1/drafts/{draft_id}/versions/": ["get"],
        "/api/v1/versions/{version_id}/": ["get"],
    }
    assert set(response.json()["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
