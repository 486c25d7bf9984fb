"""The API's documentation page: Swagger UI from the site's own static files, under the
site's Content-Security-Policy as it is (nothing inline), behind the login page."""
import re

from django.contrib.staticfiles import finders


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_docs_page_loads_only_this_sites_files_and_nothing_inline(client, reviewer_user):
    client.force_login(reviewer_user)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    # No inline script or style, no handler attributes: what the policy would block.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), html
    assert "<style" not in html and " style=" not in html and not re.search(r"\son\w+=", html)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    for url in sources:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url  # shipped with the project's static files
    assert any("swagger-ui-bundle.js" in s for s in sources)
    [script] = [s for s in sources if "script" in s and "/static/" not in s]
    start = client.get(script)
    assert start.status_code == 200 and start["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in start.content.decode() and "SwaggerUIBundle" in start.content.decode()


def test_the_schema_is_served_to_the_docs_page_session(client, reviewer_user):
    client.force_login(reviewer_user)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200 and response.json()["info"]["title"] == "Negotiation tracker API"
