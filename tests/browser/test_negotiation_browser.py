"""The negotiation in real headless Chromium: two delegations and a facilitator on one
compilation page, each in their own browser context, the page kept live by polling."""
import re

import pytest
from playwright.sync_api import expect

from negotiation.models import Proposal
from negotiation.services import negotiating as n
from tests.browser.conftest import screenshot
from tests.conftest import _user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDING = "Requests the Office to report annually to the Commission;"
LIVE = 12_000  # the page polls every 3 s: a change shows within a few seconds


def _proposal(page, delegation: str, label: str):
    return page.get_by_role("article", name=re.compile(rf"by {delegation} on {label}$"))


def test_two_delegates_and_a_facilitator_negotiate_op1_live(new_page, draft_l13, delegate_user, secretariat_user,
                                                          django_user_model):
    mexico = _user(django_user_model, "del-mx", "delegate", delegation="Mexico")
    facilitator = _user(django_user_model, "facil", "reviewer", first_name="Ana", last_name="Facilitadora")
    n.facilitator_assign(draft=draft_l13, user_to_assign=facilitator, user=secretariat_user)
    lineage = draft_l13.versions.get().paragraphs.get(number="1").lineage
    path = f"/drafts/{draft_l13.pk}/compilation/"

    # Italy (delegate B) has the compilation open, and does not reload it
    italy = new_page(delegate_user)
    italy.goto(path)
    expect(italy.get_by_role("table", name="Compilation of L.13")).to_be_visible()
    italy.evaluate("window.__notReloaded = true")

    # Mexico (delegate A) proposes new wording on OP1
    a = new_page(mexico)
    a.goto(path)
    form = a.locator(f"#propose-{lineage}")
    form.get_by_text("Propose on OP1").click()
    expect(form.get_by_role("textbox", name="New wording")).to_have_value("Requests the Office to report;")
    expect(form.get_by_label("Move the paragraph")).to_be_hidden()
    form.get_by_role("textbox", name="New wording").fill(WORDING)
    form.get_by_label("Reason (optional)").fill("A date for the report")
    form.get_by_role("button", name="Propose").click()
    expect(a.locator(".messages")).to_contain_text("Mexico proposed new wording for OP1.")
    mine = _proposal(a, "Mexico", "OP1")
    expect(mine.locator("ins")).to_have_text(re.compile("annually to the Commission"))
    expect(mine.get_by_role("button", name="Withdraw")).to_be_visible()

    # Italy's open page shows it within a few seconds, without a reload
    theirs = _proposal(italy, "Mexico", "OP1")
    expect(theirs).to_be_visible(timeout=LIVE)
    expect(theirs).to_contain_text("A date for the report")
    assert italy.evaluate("window.__notReloaded") is True
    expect(italy.locator("#cmp-summary")).to_contain_text("1 open proposal")

    # while Italy types a proposal of its own, new proposals do not wipe the form: it is told instead
    own = italy.locator(f"#propose-{draft_l13.versions.get().paragraphs.get(number='2').lineage}")
    own.get_by_text("Propose on OP2").click()
    own.get_by_role("textbox", name="New wording").fill("Invites all Member States to contribute;")
    a.locator(f"#propose-{draft_l13.versions.get().paragraphs.get(number='3').lineage}").get_by_text("Propose on OP3").click()
    a.locator(f"#propose-{draft_l13.versions.get().paragraphs.get(number='3').lineage}").locator("select[name=kind]").select_option("delete")
    a.locator(f"#propose-{draft_l13.versions.get().paragraphs.get(number='3').lineage}").get_by_role("button", name="Propose").click()
    expect(a.locator(".messages")).to_contain_text("Mexico proposed deletion for OP3.")
    expect(italy.locator("#cmp-live")).to_contain_text("New proposals", timeout=LIVE)
    expect(own.get_by_role("textbox", name="New wording")).to_have_value("Invites all Member States to contribute;")
    expect(_proposal(italy, "Mexico", "OP3")).to_have_count(0)
    italy.locator("#cmp-refresh").click()
    expect(_proposal(italy, "Mexico", "OP3")).to_be_visible()
    assert italy.evaluate("window.__notReloaded") is True

    # Italy supports Mexico's wording on OP1; Mexico's open page sees the support come in
    _proposal(italy, "Mexico", "OP1").get_by_role("button", name="Support").click()
    expect(italy.locator(".messages")).to_contain_text("Your support to Mexico's proposal on OP1 is recorded.")
    expect(_proposal(italy, "Mexico", "OP1")).to_contain_text("Supported by Italy")
    expect(_proposal(a, "Mexico", "OP1")).to_contain_text("Supported by Italy", timeout=LIVE)

    # the facilitator agrees it, looks at the redline of the incorporation, and incorporates
    f = new_page(facilitator, width=1440, height=1000)
    f.goto(path)
    _proposal(f, "Mexico", "OP1").get_by_role("button", name="Agree").click()
    expect(f.locator(".messages")).to_contain_text("Mexico's proposal on OP1 is agreed")
    expect(_proposal(f, "Mexico", "OP1").get_by_role("button", name="Reopen")).to_be_visible()
    f.locator(f"#p-{lineage} .cmp-status-form select").select_option("ad_ref")
    f.locator(f"#p-{lineage} .cmp-status-form input[name=note]").fill("Agreed in the informals")
    f.locator(f"#p-{lineage} .cmp-status-form").get_by_role("button", name="Save").click()
    expect(f.locator(".messages")).to_contain_text("Status set: agreed ad ref.")
    expect(italy.locator(f"#p-{lineage} .pstatus")).to_have_text("agreed ad ref", timeout=LIVE)
    screenshot(f, "compilation-facilitator")
    screenshot(italy, "compilation-delegate")
    f.get_by_role("link", name="Incorporate agreed proposals (1)").click()
    expect(f.locator("#cmp-incorporate-summary")).to_have_text("1 operative paragraph modified")
    expect(f.locator(".redline ins")).to_contain_text("annually to the Commission")
    screenshot(f, "compilation-incorporate-preview")
    f.get_by_role("button", name="Incorporate into a new working revision").click()
    expect(f.locator(".messages")).to_contain_text("Incorporated 1 agreed proposal into Working text on L.13")
    expect(f.get_by_role("heading", name="Working text on L.13")).to_be_visible()
    expect(f.locator(f"#p-{lineage} .cmp-words")).to_have_text(WORDING)

    working = n.current_version(draft_l13)
    assert not working.is_issued and working.paragraphs.get(lineage=lineage).text == WORDING
    assert Proposal.objects.get(lineage=lineage).status == "incorporated"
    # Italy (a sponsor) sees the new working text come in; its status was carried over
    expect(italy.locator(f"#p-{lineage} .cmp-words")).to_have_text(WORDING, timeout=LIVE)
    expect(italy.locator(f"#p-{lineage} .pstatus")).to_have_text("agreed ad ref")
    expect(italy.locator("#cmp-version")).to_have_text("Working text on L.13")
    # Mexico is no sponsor: its page follows the new text if it is shared with it, or (a working text
    # private to the sponsors) says that it is out of date; it never shows the old text as current
    expect(a.locator(f"#p-{lineage} .cmp-words", has_text=WORDING).or_(
        a.locator("#cmp-live", has_text="This page is out of date"))).to_be_visible(timeout=LIVE)
    screenshot(italy, "compilation-after-incorporation")
