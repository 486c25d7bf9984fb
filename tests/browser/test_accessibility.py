"""Access for everyone (issue 15, point 8), in real headless Chromium: axe-core finds no serious or
critical violation on the main pages, and each page is usable on a 390 px wide phone without the
whole page scrolling sideways (tables and redlines may scroll inside their own box).

axe-core is vendored (tests/browser/vendor/axe.min.js, MPL-2.0) and evaluated in the page through
Playwright, so the page keeps its real Content-Security-Policy while it is checked.
"""
import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from negotiation.services.versions import version_create
from tests.browser.conftest import screenshot
from tests.conftest import make_parsed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}

# "Needs review" results of these rules are real faults on server-rendered pages (an
# aria-describedby naming a help text that is not on the page), so they count as violations.
RUN_AXE = """async () => {
  const results = await axe.run(document);
  const unsure = results.incomplete.filter(v => v.id === "aria-valid-attr-value");
  return results.violations.concat(unsure)
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + "  " + n.html.slice(0, 160))}));
}"""


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)


def _report(found: dict[str, list]) -> str:
    lines = []
    for name, violations in found.items():
        for v in violations:
            lines.append(f"{name}: [{v['impact']}] {v['id']} – {v['help']}")
            lines += [f"    {node}" for node in v["nodes"]]
    return "\n".join(lines)


@pytest.fixture
def rev1(draft_l13):
    """L.13 → L.13/Rev.1: one preambular paragraph modified, one operative paragraph inserted."""
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 13),
                   parsed=make_parsed(
                       ["Recalling its resolution 19/1,", "Noting with deep concern the rise of transnational organized crime,"],
                       ["Urges Member States to act;", "Requests the Office to report;", "Invites Member States to contribute;",
                        "Decides to remain seized of the matter."]))
    return draft_l13


def _pages(draft) -> dict[str, str]:
    versions = list(draft.versions.order_by("sequence"))
    return {
        "draft list": "/",
        "draft page": f"/drafts/{draft.pk}/",
        "compare": f"/drafts/{draft.pk}/compare/?a={versions[0].pk}&b={versions[-1].pk}",
        "search": "/search/?q=crime",
    }


def _open_editor(page, draft):
    page.goto(f"/drafts/{draft.pk}/")
    page.get_by_role("button", name="Edit working text").click()
    expect(page.get_by_role("heading", name=re.compile("Editing Working text"))).to_be_visible()


def _each_main_page(new_page, reviewer_user, delegate_user, secretariat_user, draft, **viewport):
    """Yield (name, page) for each main page, loaded for the user who would use it."""
    reader = new_page(reviewer_user, **viewport)
    for name, url in _pages(draft).items():
        reader.goto(url)
        expect(reader.locator("main")).to_be_visible()
        yield name, reader
    editor = new_page(delegate_user, **viewport)
    _open_editor(editor, draft)
    yield "editor", editor
    recorder = new_page(secretariat_user, **viewport)
    recorder.goto(f"/drafts/{draft.pk}/actions/new/")
    expect(recorder.get_by_role("heading", level=1)).to_be_visible()
    yield "action form", recorder


def test_main_pages_have_no_serious_or_critical_axe_violations(new_page, reviewer_user, delegate_user, secretariat_user, rev1):
    found = {}
    anonymous = new_page()
    anonymous.goto("/accounts/login/")
    found["login"] = serious_violations(anonymous)
    for name, page in _each_main_page(new_page, reviewer_user, delegate_user, secretariat_user, rev1):
        found[name] = serious_violations(page)
    found = {name: v for name, v in found.items() if v}
    assert not found, "axe-core found serious or critical violations:\n" + _report(found)


def test_the_error_pages_have_no_serious_or_critical_axe_violations(new_page, reviewer_user, delegate_user, draft_l13):
    page = new_page(reviewer_user)
    assert page.goto("/drafts/999999/").status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    found = {"404": serious_violations(page)}
    page = new_page(delegate_user)
    assert page.goto(f"/drafts/{draft_l13.pk}/actions/new/").status == 403
    found["403"] = serious_violations(page)
    found = {name: v for name, v in found.items() if v}
    assert not found, "axe-core found serious or critical violations:\n" + _report(found)


def test_main_pages_fit_a_390_px_phone_without_scrolling_sideways(new_page, reviewer_user, delegate_user, secretariat_user, rev1):
    too_wide = {}
    for name, page in _each_main_page(new_page, reviewer_user, delegate_user, secretariat_user, rev1, **PHONE):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
        screenshot(page, "phone-" + name.replace(" ", "-"))
    assert not too_wide, f"pages wider than {PHONE['width']} px: {too_wide}"


def test_the_404_page_on_a_phone(new_page, reviewer_user):
    page = new_page(reviewer_user, **PHONE)
    page.goto("/no-such-page/")
    expect(page.get_by_role("link", name="Go to the list of drafts")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-404")
