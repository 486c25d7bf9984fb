"""The first minute in real Chromium (issue 15.1 and 15.3): the home page's "Start here" card
leads to a real redline; the draft list reads naturally; empty versions say so once."""
import datetime

import pytest
from playwright.sync_api import expect

from negotiation.services.versions import draft_create, version_create
from negotiation.text.structure import ParsedText
from tests.browser.conftest import screenshot
from tests.conftest import make_parsed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_here_leads_a_reviewer_to_a_real_redline(new_page, reviewer_user, reference):
    paris = draft_create(body=reference["CCPCJ"], session=21, symbol="", title="Paris Agreement")
    version_create(draft=paris, label="President's draft of 9 December", kind="informal", is_issued=True,
                   date=datetime.date(2015, 12, 9), parsed=make_parsed(["Recalling x,"], ["Decides y and z."]))
    version_create(draft=paris, label="decision 1/CP.21", kind="final", is_issued=True,
                   date=datetime.date(2015, 12, 12), parsed=make_parsed(["Recalling x,"], ["Decides z and w."]))
    for n in (10, 2):
        draft_create(body=reference["CCPCJ"], session=20, symbol=f"E/CN.15/2011/L.{n}", title=f"Draft number {n}")
    page = new_page(reviewer_user)
    page.goto("/")
    card = page.get_by_role("region", name="Start here")
    expect(card).to_be_visible()
    expect(card.get_by_role("link", name="Compare versions and export the redline")).to_be_visible()
    symbols = page.locator("table.drafts td.symbol").all_inner_texts()
    assert symbols.index("E/CN.15/2011/L.2") < symbols.index("E/CN.15/2011/L.10")
    screenshot(page, "first-minute-home")
    card.get_by_role("link", name="See a real redline: the Paris Agreement, 9 → 12 December 2015").click()
    expect(page.locator(".redline del").first).to_be_visible()
    expect(page.locator(".redline ins").first).to_be_visible()


def test_versions_without_text_say_so_once(new_page, reviewer_user, reference):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.13", title="Global Plan of Action")
    old, new = (version_create(draft=draft, label=label, kind="issued", parsed=ParsedText(), is_issued=True, allow_empty=True)
                for label in ("L.13", "L.13/Rev.1"))
    page = new_page(reviewer_user)
    page.goto(f"/drafts/{draft.pk}/compare/?old={old.pk}&new={new.pk}")
    expect(page.get_by_text("Neither L.13 nor L.13/Rev.1 holds a text here: they are known by their symbol only.")).to_have_count(1)
    expect(page.get_by_text("No changes")).to_have_count(0)
    screenshot(page, "first-minute-empty-compare")
    page.goto(f"/drafts/{draft.pk}/versions/{old.pk}/")
    expect(page.get_by_text("L.13 holds no text here: it is known by its symbol only", exact=False)).to_have_count(1)
