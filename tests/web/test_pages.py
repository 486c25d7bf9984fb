"""The draft list and draft page, through HTTP, with their query budgets."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.services.versions import draft_create, version_create
from tests.conftest import make_parsed


@pytest.mark.parametrize("url", ["/", "/drafts/1/", "/admin/negotiation/draft/"])
def test_anonymous_users_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_login_page_is_public(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in" in response.content


def _many_drafts(reference, n):
    for i in range(n):
        d = draft_create(body=reference["CCPCJ"], session=20, symbol=f"E/CN.15/2011/L.{100 + i}", title=f"Draft number {i}")
        version_create(draft=d, label=f"L.{100 + i}", kind="issued", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)


def test_draft_list_query_count_does_not_grow_with_rows(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    _many_drafts(reference, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for i in range(20):
        d = draft_create(body=reference["GA/C.3"], session=66, symbol=f"A/C.3/66/L.{i + 1}", title=f"Third Committee draft {i}")
        version_create(draft=d, label=f"L.{i + 1}", kind="issued", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert response.status_code == 200
    assert len(many) == len(few) and len(many) < 12


def test_draft_list_filters_by_body_session_status_sponsor_and_search(client, reviewer_user, draft_l13, reference):
    client.force_login(reviewer_user)
    d = draft_create(body=reference["GA/C.3"], session=66, symbol="A/C.3/66/L.16", title="Technical cooperation capacity")
    version_create(draft=d, label="L.16", kind="issued", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)

    def symbols(**params):
        response = client.get("/", params)
        return {r.symbol for r in response.context["page"]}

    assert symbols() == {"E/CN.15/2011/L.13", "A/C.3/66/L.16"}
    assert symbols(body="GA/C.3") == {"A/C.3/66/L.16"}
    assert symbols(session="20") == {"E/CN.15/2011/L.13"}
    assert symbols(sponsor="Italy") == {"E/CN.15/2011/L.13"}
    assert symbols(q="technical") == {"A/C.3/66/L.16"}
    assert symbols(q="L.13") == {"E/CN.15/2011/L.13"}
    assert symbols(status="adopted") == set()


def test_draft_page_shows_numbered_text_versions_and_sponsors(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    response = client.get(reverse("draft_detail", args=[draft_l13.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="PP2"' in html and 'id="OP3"' in html
    assert "<em>Requests</em> the Office to report;" in html
    assert "Main sponsors:</strong> Italy" in html
    assert "E/CN.15/2011/L.13" in html


def test_draft_page_escapes_html_in_paragraphs(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    d = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.99", title="x")
    version_create(draft=d, label="L.99", kind="issued", is_issued=True,
                   parsed=make_parsed(["Recalling <script>alert(1)</script> things,"], ["Decides y."]))
    html = client.get(reverse("draft_detail", args=[d.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_draft_page_query_count_is_bounded(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    url = reverse("draft_detail", args=[draft_l13.pk])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx) <= 12


def test_unknown_draft_is_404(client, reviewer_user):
    client.force_login(reviewer_user)
    assert client.get("/drafts/999999/").status_code == 404
