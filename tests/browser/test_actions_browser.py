"""The secretariat records an action with a statement through the form, in real Chromium."""
import pytest
from playwright.sync_api import expect

from negotiation.models import Action
from negotiation.services.sponsorship import sponsor_add
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_records_an_action_with_a_statement(new_page, secretariat_user, draft_l13):
    sponsor_add(draft=draft_l13, delegation="Philippines")
    page = new_page(secretariat_user)
    page.goto(f"/drafts/{draft_l13.pk}/")
    page.get_by_role("link", name="Record an action").click()
    expect(page.get_by_role("heading", name="Record an action on E/CN.15/2011/L.13")).to_be_visible()
    page.get_by_label("Meeting", exact=True).fill("9")
    page.get_by_label("Date of the meeting").fill("2011-04-15")
    page.get_by_label("Outcome").select_option("adopted")
    page.get_by_label("Text at").fill("chap. I, sect. D, resolution 20/3")
    page.get_by_label("Number received").fill("resolution 20/3")
    page.get_by_label("A financial statement was read out").check()
    page.get_by_label("How it was taken").select_option("without_vote")
    page.get_by_label("Joined the sponsors at the meeting").select_option(["Andorra", "Bahamas"])
    statement = page.get_by_label("Statement 1")
    statement.get_by_label("Delegation(s)").fill("China")
    statement.get_by_label("Paragraphs concerned").fill("operative paragraph 2")
    statement.get_by_label("Summary").fill("stated that its Government would implement operative paragraph 2 within its legal framework")
    screenshot(page, "action-form-filled")
    page.get_by_role("button", name="Record the action").click()

    expect(page.locator(".messages")).to_contain_text("Recorded: adopted E/CN.15/2011/L.13 at the 9th meeting.")
    action = Action.objects.get()
    timeline = page.locator(f"#action-{action.pk}")
    expect(timeline).to_contain_text("adopted")
    expect(timeline).to_contain_text("resolution 20/3")
    expect(timeline).to_contain_text("Without a vote")
    expect(timeline).to_contain_text("Andorra and the Bahamas")
    expect(timeline.locator("li")).to_contain_text("China")
    expect(page.locator("#OP2 .para-statements")).to_contain_text("China (explanation of position)")
    screenshot(page, "draft-page-with-action")

    timeline.get_by_role("link", name="OP2").click()
    expect(page).to_have_url(f"{page.url.split('#')[0].split('?')[0]}#OP2")
    page.get_by_role("link", name="The session’s actions in the report’s wording").click()
    expect(page.locator(".report-para")).to_contain_text(
        "At its 9th meeting, on 15 April, the Commission adopted a draft resolution (E/CN.15/2011/L.13) without a vote")
    expect(page.locator(".report-para")).to_contain_text(
        "sponsored by Italy and the Philippines. Subsequently, Andorra and the Bahamas joined in sponsoring the draft "
        "resolution. (For the text, see chap. I, sect. D, resolution 20/3.) Prior to the adoption of the draft "
        "resolution, a representative of the Secretariat read out a financial statement. Following adoption, the "
        "representative of China stated that its Government would implement operative paragraph 2 within its legal framework.")
    screenshot(page, "report-actions")


def test_errors_come_back_as_a_message_with_the_form_kept(new_page, secretariat_user, draft_l13):
    page = new_page(secretariat_user, width=800)
    page.goto(f"/drafts/{draft_l13.pk}/actions/new/")
    page.get_by_label("Meeting", exact=True).fill("9")
    page.get_by_label("Date of the meeting").fill("2011-04-01")
    page.get_by_label("How it was taken").select_option("recorded")
    page.get_by_label("In favour", exact=True).fill("Chile, Peru")
    page.get_by_label("Against", exact=True).fill("Cuba")
    page.get_by_role("button", name="Record the action").click()
    expect(page.locator(".messages")).to_contain_text("before E/CN.15/2011/L.13")
    expect(page.get_by_label("Meeting", exact=True)).to_have_value("9")
    screenshot(page, "action-form-error")
    assert not Action.objects.exists()


def test_reviewer_sees_the_2011_record_and_the_statement_on_op12(new_page, reviewer_user):
    from django.core.management import call_command

    from tests.conftest import CORPUS

    call_command("load_corpus", corpus_dir=str(CORPUS))
    action = Action.objects.select_related("version__draft").get(report_paragraph=22)
    page = new_page(reviewer_user)
    page.goto(f"/drafts/{action.version.draft_id}/")
    note = page.locator("#OP12 .para-statements")
    expect(note).to_contain_text("the United Kingdom (statement)")
    note.get_by_role("link").click()
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("Financial statement read out (E/CN.15/2011/CRP.7)")
    expect(page.get_by_role("link", name="Record an action")).to_have_count(0)
    screenshot(page, "draft-page-2011-record")
    page.goto(f"/drafts/{Action.objects.get(report_paragraph=64).version.draft_id}/")
    expect(page.locator(".statements")).to_contain_text("Türkiye, Venezuela (Bolivarian Republic of), Colombia and Peru")
    screenshot(page, "draft-page-joint-statement")
