"""Styled 403, 404 and 500 pages and the favicon (issue 15, point 8), with DEBUG=False as in production."""
import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.views.defaults import permission_denied, server_error

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_styled_404_page_with_a_way_home(client, reviewer_user):
    client.force_login(reviewer_user)
    response = client.get("/drafts/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1 id=\"error-title\">Page not found</h1>" in html
    assert "css/app.css" in html and "favicon.svg" in html
    assert '<a href="/">Go to the list of drafts</a>' in html
    assert "/drafts/999999/" in html


@override_settings(DEBUG=False)
def test_the_404_page_escapes_the_address_it_repeats(client, reviewer_user):
    client.force_login(reviewer_user)
    html = client.get("/no-such-<b>page</b>/").content.decode()
    assert "<b>page</b>" not in html and "/no-such-%3Cb%3Epage%3C/b%3E/" in html


@override_settings(DEBUG=False)
def test_a_delegate_recording_an_action_is_told_which_role_that_needs(client, delegate_user, draft_l13):
    client.force_login(delegate_user)
    response = client.get(f"/drafts/{draft_l13.pk}/actions/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this with your account" in html
    assert '<p class="error-reason">Only the secretariat records actions.</p>' in html
    assert "logged in as <strong>del-it</strong>" in html
    assert '<a href="/">Go to the list of drafts</a>' in html


def test_the_403_page_escapes_the_reason(delegate_user):
    request = RequestFactory().get("/")
    request.user = delegate_user
    response = permission_denied(request, PermissionDenied("Only <script>x</script> may"))
    html = response.content.decode()
    assert "<script>x</script>" not in html and "Only &lt;script&gt;x&lt;/script&gt; may" in html


def test_the_500_page_renders_without_a_request_context_or_the_database():
    request = RequestFactory().get("/drafts/1/")  # no user, no session: as when the fault came early
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500 and not queries.captured_queries
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html
    assert '<a href="/">Go to the list of drafts</a>' in html
    assert "style=" not in html and "<script" not in html


@pytest.mark.parametrize("logged_in", [False, True])
def test_favicon_ico_answers_for_everyone(client, reviewer_user, logged_in):
    if logged_in:
        client.force_login(reviewer_user)
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    assert response["Location"].endswith("favicon.ico") and "/accounts/login/" not in response["Location"]
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
