"""Real headless Chromium (Debian's package) driven by Playwright against the live server.

Never downloads a browser: CHROMIUM (default /usr/bin/chromium) must exist; CI installs it.
Screenshots go to test-artifacts/ so they can be looked at after a run.
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_or_skip

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# here are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        require_or_skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, client):
    """``new_page(user=None, width=1366, height=900)``: a page in its own context, logged in
    as ``user`` through a real session cookie."""
    contexts = []

    def make(user=None, width=1366, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
        if user is not None:
            from django.test import Client

            c = Client()
            c.force_login(user)
            cookie = c.cookies["sessionid"]
            context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
