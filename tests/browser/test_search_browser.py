"""Search in real Chromium: from the header's box, by keyboard, to a hit and its history (issue 15.2)."""
import datetime
import re

import pytest
from playwright.sync_api import expect

from negotiation.services.versions import draft_create, version_create
from tests.browser.conftest import screenshot
from tests.conftest import make_parsed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_drafts(draft_l13, reference, secretariat_user):
    """L.13 and L.13/Rev.1 changing PP2, and L.7 holding the same phrase."""
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 13),
                   parsed=make_parsed(["Recalling its resolution 19/1,", "Noting with deep concern the rise of crime,"],
                                      ["Requests the Office to report;", "Invites Member States to contribute;"]))
    l7 = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.7",
                      title="Crime prevention in urban areas", user=secretariat_user)
    version_create(draft=l7, label="L.7", kind="issued", is_issued=True, date=datetime.date(2011, 4, 12), parsed=make_parsed(
        ["Noting <b>with alarm</b> the rise of crime in cities,"], ["Encourages Member States to share good practices;"]))
    return draft_l13, l7


def test_the_header_search_finds_a_phrase_in_two_drafts_and_leads_to_its_history(new_page, reviewer_user, two_drafts):
    draft_l13, _ = two_drafts
    page = new_page(reviewer_user)
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search all texts")
    box.focus()
    page.keyboard.type('"rise of crime"')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%22rise\+of\+crime%22"))
    hits = page.locator(".hit")
    expect(hits).to_have_count(2)
    # The phrase is highlighted: as one mark (SQLite), or word by word around the stop word "of"
    # (PostgreSQL's ts_headline).
    first = hits.first
    expect(first).to_contain_text("rise of crime")
    expect(first.locator("mark").first).to_contain_text("rise")
    assert "crime" in " ".join(first.locator("mark").all_inner_texts())
    expect(hits.filter(has_text="E/CN.15/2011/L.7")).to_contain_text("<b>with alarm</b>")  # shown as text, not bold
    expect(page.locator(".hit b")).to_have_count(0)
    expect(hits.filter(has_text="E/CN.15/2011/L.13")).to_contain_text("also found in L.13")
    screenshot(page, "search-results")

    # The hit's link lands on the paragraph of the draft page.
    link = hits.filter(has_text="E/CN.15/2011/L.13").locator("a.hit-link")
    expect(link).to_have_text("PP2 of L.13/Rev.1")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/drafts/{draft_l13.pk}/versions/\d+/#PP2$"))
    expect(page.locator("#PP2")).to_contain_text("Noting with deep concern")
    page.go_back()

    hits.filter(has_text="E/CN.15/2011/L.13").get_by_role("link", name="Where does this wording come from?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PP2 of E/CN.15/2011/L.13/Rev.1")
    expect(page.locator(".history-summary")).to_contain_text("First appeared in E/CN.15/2011/L.13, 11 April 2011, as PP2.")
    expect(page.locator(".lineage-step")).to_have_count(2)
    expect(page.locator(".lineage-hit ins")).to_have_text("deep ")
    screenshot(page, "paragraph-history")
    page.get_by_role("link", name=re.compile("back to the search")).click()
    expect(page.locator(".hit")).to_have_count(2)


def test_search_pages_read_well_on_a_phone(new_page, reviewer_user, two_drafts):
    page = new_page(reviewer_user, width=390, height=844)
    page.goto("/search/?q=crime")
    expect(page.locator(".hit").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-results-phone")
