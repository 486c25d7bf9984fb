"""The reading pages in real Chromium: log in, list, draft, compare, import preview."""
import re

import pytest
from playwright.sync_api import expect

from negotiation.services.versions import version_create
from tests.browser.conftest import screenshot
from tests.conftest import corpus_text, make_parsed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_form_leads_to_the_draft_list(new_page, reviewer_user, draft_l13):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("rev")
    page.get_by_label("Password").fill("pw-rev")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Drafts")).to_be_visible()
    expect(page.get_by_role("link", name="E/CN.15/2011/L.13")).to_be_visible()
    screenshot(page, "draft-list")


def test_draft_page_and_compare_page_show_labels_and_redline(new_page, reviewer_user, draft_l13):
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1,", "Noting with deep concern the rise of crime,"],
        ["Urges Member States to act;", "Requests the Office to report;", "Invites Member States to contribute;",
         "Decides to remain seized of the matter."]))
    page = new_page(reviewer_user)
    page.goto(f"/drafts/{draft_l13.pk}/")
    expect(page.locator("#OP4")).to_contain_text("Decides to remain seized")
    screenshot(page, "draft-page")
    page.get_by_role("link", name="Compare versions").click()
    expect(page.locator("#summary")).to_have_text("1 operative paragraph inserted; 1 preambular paragraph modified")
    expect(page.get_by_role("region", name="OP1 → OP2, unchanged")).to_be_visible()
    expect(page.locator("ins", has_text="deep")).to_be_visible()
    screenshot(page, "compare-inline")
    page.locator("select[name=view]").select_option("side")
    page.get_by_role("checkbox", name="Only changes", exact=True).check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".rl-row")).to_have_count(2)
    screenshot(page, "compare-side")


def test_import_preview_on_a_tablet(new_page, delegate_user, reference):
    page = new_page(delegate_user, width=820, height=1180)
    page.goto("/import/")
    page.get_by_label("Paste the text").fill(corpus_text("003"))
    page.locator("select[name=body]").select_option(label="Commission on Crime Prevention and Criminal Justice")
    page.locator("input[name=session]").fill("20")
    page.locator("input[name=label]").fill("Zero draft")
    page.get_by_role("button", name="Show the paragraphs").click()
    expect(page.locator("#counts")).to_contain_text("12 preambular, 11 operative paragraphs, 2 footnotes.")
    screenshot(page, "import-preview-tablet")
    page.get_by_role("button", name="Save version").click()
    expect(page.locator(".messages")).to_contain_text("Saved Zero draft")
