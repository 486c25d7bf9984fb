"""The secretariat pastes a session report, checks the preview, stores it: in real Chromium."""
import pytest
from playwright.sync_api import expect

from negotiation.models import Action
from tests.browser.conftest import screenshot
from tests.conftest import CORPUS, corpus_text
from tests.text.test_report import ACTION_PARAGRAPHS_2011

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ccpcj_drafts(reference):
    from negotiation.services import corpus

    for plan in corpus.plans_from_corpus(CORPUS):
        if (plan.body, plan.session) == ("CCPCJ", 20):
            corpus.plan_store(plan, reference)
    return reference["CCPCJ"]


def _paste(textarea, text: str):
    """What pasting does (Playwright's fill types 220,000 characters too slowly)."""
    textarea.focus()
    textarea.evaluate("(t, text) => { t.value = text; t.dispatchEvent(new Event('input', {bubbles: true})); }", text)


def test_secretariat_pastes_previews_and_stores_a_report(new_page, secretariat_user, ccpcj_drafts):
    page = new_page(secretariat_user)
    page.goto("/reports/actions/")
    page.get_by_role("link", name="Import a report").click()
    expect(page.get_by_role("heading", name="Import a report")).to_be_visible()
    page.get_by_label("Body").select_option("CCPCJ")
    page.get_by_label("Session").fill("20")
    page.get_by_label("Year (optional)").fill("2011")
    _paste(page.get_by_label("Paste the report"), corpus_text("004"))
    page.get_by_role("button", name="Show the actions").click()

    expect(page.get_by_role("heading", name="Check the actions")).to_be_visible()
    expect(page.locator("#ri-counts")).to_contain_text("18 actions found: 18 new, 0 already recorded, 0 would not be stored.")
    expect(page.locator("article.ri-action")).to_have_count(len(ACTION_PARAGRAPHS_2011))
    card = page.locator("#para-63")
    expect(card).to_contain_text("E/CN.15/2011/L.14/Rev.1")
    expect(card).to_contain_text("China (representative)")
    # Leave paragraph 82 out, with the keyboard alone.
    box = page.get_by_label("Store paragraph 82")
    box.focus()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    expect(page.locator("#ri-chosen")).to_have_text("17 of 18 chosen")
    screenshot(page, "report-import-preview")
    page.get_by_role("button", name="Store the chosen actions").click()

    expect(page.get_by_role("heading", name="Report imported")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("17 actions recorded.")
    assert sorted(Action.objects.values_list("report_paragraph", flat=True)) == [n for n in ACTION_PARAGRAPHS_2011 if n != 82]
    screenshot(page, "report-import-result")
    page.get_by_role("link", name="The session’s actions in the report’s wording").click()
    expect(page.locator(".report-para").first).to_contain_text("At its")
    expect(page.locator(".report-section > li")).to_have_count(17)


def test_a_problem_is_found_in_the_text_corrected_and_previewed_again(new_page, secretariat_user, ccpcj_drafts):
    page = new_page(secretariat_user)
    page.goto("/reports/import/?session=CCPCJ/20")
    expect(page.get_by_label("Body")).to_have_value("CCPCJ")
    page.get_by_label("Year (optional)").fill("2011")
    _paste(page.get_by_label("Paste the report"),
           corpus_text("004").replace("sponsored by Chile, Costa Rica, \n", "sponsored by Chile, Atlantis, \n"))
    page.get_by_role("button", name="Show the actions").click()

    problems = page.locator("#problems")
    expect(problems).to_contain_text("Paragraph 64 would not be stored: Unknown delegation “Atlantis”")
    expect(page.get_by_label("Store paragraph 64")).to_be_disabled()
    # "Show paragraph 64 in the text" selects it in the textarea, where the officer corrects it.
    page.locator("#para-64").get_by_role("button", name="Show paragraph 64 in the text").click()
    textarea = page.get_by_label("Paste the report")
    expect(textarea).to_be_focused()
    selected = textarea.evaluate("t => t.value.slice(t.selectionStart, t.selectionEnd)")
    assert selected.startswith("64. Also at the same meeting") and "Atlantis" in selected
    screenshot(page, "report-import-problem")
    textarea.evaluate("t => { t.value = t.value.replace('Chile, Atlantis,', 'Chile, Costa Rica,'); }")
    page.get_by_role("button", name="Preview again").click()

    expect(page.locator("#ri-counts")).to_contain_text("18 new, 0 already recorded, 0 would not be stored.")
    expect(page.get_by_label("Store paragraph 64")).to_be_checked()
    page.get_by_role("button", name="Store the chosen actions").click()
    expect(page.locator(".messages")).to_contain_text("18 actions recorded.")
    assert Action.objects.count() == 18
