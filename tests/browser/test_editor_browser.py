"""The editor and sponsorship buttons in real headless Chromium."""
import re

import pytest
from playwright.sync_api import expect

from negotiation.models import Sponsorship
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_editor(page, draft):
    page.goto(f"/drafts/{draft.pk}/")
    page.get_by_role("button", name="Edit working text").click()
    expect(page.get_by_role("heading", name=re.compile("Editing Working text on L.13"))).to_be_visible()


def test_delegate_edits_inserts_an_op_sees_renumbering_saves_and_sees_the_redline(new_page, delegate_user, draft_l13):
    page = new_page(delegate_user, width=1366, height=768)
    _open_editor(page, draft_l13)
    page.get_by_label("Text of OP1").fill("Requests the Office to report annually;")
    page.get_by_role("button", name="Insert OP after PP2").click()
    new = page.get_by_label("Text of OP1")
    expect(new).to_be_focused()
    new.fill("Urges Member States to act;")
    # the old OP1..OP3 are now OP2..OP4, before anything is saved
    expect(page.get_by_label("Text of OP2")).to_have_value("Requests the Office to report annually;")
    expect(page.get_by_label("Text of OP4")).to_have_value("Decides to remain seized of the matter.")
    page.get_by_role("button", name="Add sub-paragraph to OP4").click()
    page.get_by_label("Text of OP4 (a)").fill("on crime prevention;")
    page.get_by_role("button", name="Show changes against L.13").click()
    expect(page.locator("#ed-summary")).to_have_text("2 operative paragraphs modified, 1 inserted")
    expect(page.locator(".ed-redline ins", has_text="annually")).to_be_visible()
    screenshot(page, "editor-live-redline")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Saved: revision 2")
    expect(page.get_by_label("Text of OP1")).to_have_value("Urges Member States to act;")
    expect(page.get_by_label("Text of OP4 (a)")).to_have_value("on crime prevention;")
    # the keyboard reaches the buttons: move OP1 down with Enter
    page.get_by_role("button", name="Move down OP1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Text of OP2")).to_have_value("Urges Member States to act;")
    screenshot(page, "editor")
    page.goto(f"/drafts/{draft_l13.pk}/")
    page.get_by_role("link", name="Compare versions").click()
    expect(page.locator("#summary")).to_have_text("2 operative paragraphs modified, 1 inserted")
    expect(page.get_by_role("region", name="OP1 → OP2, modified")).to_be_visible()
    screenshot(page, "editor-saved-redline")


def test_editor_on_a_tablet_and_markup_stays_text(new_page, delegate_user, draft_l13):
    page = new_page(delegate_user, width=820, height=1180)
    _open_editor(page, draft_l13)
    page.get_by_label("Text of PP1").fill('Recalling <img src=x onerror="window.hacked=1"> its resolution,')
    page.get_by_role("button", name="Add footnote to PP1").click()
    page.get_by_label("Text of footnote (new) to PP1").fill("Official Records, Supplement No. 10.")
    page.get_by_role("button", name="Show changes against L.13").click()
    expect(page.locator("#ed-summary")).to_contain_text("1 preambular paragraph modified")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    expect(page.get_by_label("Text of footnote 1 to PP1")).to_have_value("Official Records, Supplement No. 10.")
    assert page.evaluate("window.hacked") is None
    box = page.locator("#ed-list").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 820
    screenshot(page, "editor-tablet")


def test_join_and_withdraw_co_sponsorship(new_page, other_delegate_user, draft_l13):
    page = new_page(other_delegate_user)
    page.goto(f"/drafts/{draft_l13.pk}/")
    page.get_by_role("button", name="Join as co-sponsor").dblclick()
    expect(page.locator(".messages")).to_contain_text("France joined the sponsors")
    expect(page.locator(".card", has_text="Sponsors as of L.13")).to_contain_text("Co-sponsors: France")
    assert Sponsorship.objects.filter(delegation__short_name="France").count() == 1
    screenshot(page, "sponsorship-joined")
    page.get_by_role("link", name="Withdraw co-sponsorship…").click()  # asks first
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw France from the sponsors?")
    screenshot(page, "sponsorship-withdraw-confirm")
    page.get_by_role("button", name="Withdraw co-sponsorship").click()
    expect(page.locator(".messages")).to_contain_text("France withdrew")
    expect(page.locator(".record-timeline")).to_contain_text("withdrew France")
    expect(page.get_by_role("button", name="Join as co-sponsor")).to_be_visible()


def test_two_browsers_editing_the_same_paragraph_get_the_conflict_screen(new_page, delegate_user, draft_l13, django_user_model):
    from tests.conftest import _user

    colleague = _user(django_user_model, "del-it-2", "delegate", delegation="Italy")
    first, second = new_page(delegate_user), new_page(colleague)
    _open_editor(first, draft_l13)
    _open_editor(second, draft_l13)
    first.get_by_label("Text of OP3").fill("Decides to close the matter.")
    second.get_by_label("Text of OP3").fill("Decides to postpone the matter.")
    second.get_by_label("Text of OP2").fill("Invites all Member States to contribute;")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(".messages")).to_contain_text("Saved")
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.get_by_role("heading", name="Choose the text to keep in OP3")).to_be_visible()
    expect(second.locator("#conflict-message")).to_contain_text("changed OP3 at")
    expect(second.locator("#mine-0")).to_have_text("Decides to postpone the matter.")
    expect(second.locator("#theirs-0")).to_have_text("Decides to close the matter.")
    screenshot(second, "editor-conflict")
    second.get_by_label("Or write the text to keep").check()
    second.get_by_label("Text to keep for OP3").fill("Decides to postpone consideration of the matter.")
    second.get_by_role("button", name="Save with these choices").click()
    expect(second.locator(".messages")).to_contain_text("Saved with your choices")
    expect(second.get_by_label("Text of OP3")).to_have_value("Decides to postpone consideration of the matter.")
    expect(second.get_by_label("Text of OP2")).to_have_value("Invites all Member States to contribute;")
