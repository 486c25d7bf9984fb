"""Recording an action by hand is fast (issue 12, point 5), in real Chromium: live counts of
pasted voting lists, a visible mismatch message, statements added with the keyboard alone."""
import pytest
from playwright.sync_api import expect

from negotiation.models import Action, VoteCast
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_FAVOUR = """Afghanistan, Albania, Algeria, Andorra, Argentina, Australia, Austria,
Belgium, Bolivia (Plurinational State of), Bosnia and
Herzegovina, Brazil, Bulgaria, Canada, Chile, Côte d’Ivoire, the Czech Republic, Denmark, Guinea-
Bissau, Islamic Republic of Iran, Japan, Mexico, the Netherlands, Norway, the Philippines, Timor-
Leste, Turkey, United Kingdom of Great Britain and Northern Ireland, Uruguay"""


def _tab_to(page, predicate_js: str, limit: int = 40):
    """Press Tab until the focused element satisfies ``predicate_js`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return
    raise AssertionError(f"Tab never reached {predicate_js}")


def test_pasted_lists_are_counted_live_and_statements_are_added_with_the_keyboard(new_page, secretariat_user, draft_l13):
    page = new_page(secretariat_user)
    page.goto(f"/drafts/{draft_l13.pk}/actions/new/")
    page.get_by_label("Meeting", exact=True).fill("9")
    page.get_by_label("Date of the meeting").fill("2011-04-15")
    page.get_by_label("Outcome").select_option("adopted")

    # Paste "In favour": the count appears at once, fills the empty count and chooses a recorded vote.
    page.get_by_label("In favour", exact=True).fill(IN_FAVOUR)
    expect(page.locator("#count-in_favour")).to_have_text("28 names")
    expect(page.get_by_label("Number in favour")).to_have_value("28")
    expect(page.get_by_label("How it was taken")).to_have_value("recorded")

    # A count typed by hand that disagrees with its list is flagged next to the list.
    page.get_by_label("Against", exact=True).fill("Nicaragua, the Russian\nFederation, Syrian Arab Republic")
    expect(page.locator("#count-against")).to_have_text("3 names")
    page.get_by_label("Number against").fill("4")
    mismatch = page.locator("#mismatch-against")
    expect(mismatch).to_be_visible()
    expect(mismatch).to_contain_text("3 names listed but 4 against")
    assert mismatch.get_attribute("aria-live") == "polite"
    page.get_by_label("Number against").fill("3")
    expect(mismatch).to_be_hidden()
    page.get_by_label("Abstaining", exact=True).fill("China, Cuba")
    expect(page.locator("#count-abstaining")).to_have_text("2 names")

    # Two statements added with the keyboard alone: Tab to the button, Enter then Space.
    page.locator("#id_st-2-text").focus()
    _tab_to(page, "el.matches('button.add-statement')")
    page.keyboard.press("Enter")
    first = page.locator("#id_st-3-delegations")
    expect(first).to_be_focused()
    page.keyboard.type("Spain, Japan")
    _tab_to(page, "el.id === 'id_st-3-text'")
    page.keyboard.type("stated that they had voted in favour")
    _tab_to(page, "el.matches('button.add-statement')")
    page.keyboard.press("Space")
    expect(page.locator("#id_st-4-delegations")).to_be_focused()
    page.keyboard.type("the representative of China")
    _tab_to(page, "el.id === 'id_st-4-text'")
    page.keyboard.type("stated that China had abstained")
    expect(page.locator("input[name=st-TOTAL_FORMS]")).to_have_value("5")
    expect(page.get_by_label("Statement 5")).to_be_visible()
    screenshot(page, "action-form-pasted-vote")
    _tab_to(page, "el.matches('button[type=submit]')")
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("Recorded: adopted E/CN.15/2011/L.13 at the 9th meeting.")
    action = Action.objects.get()
    assert VoteCast.objects.filter(vote__action=action).count() == 33
    timeline = page.locator(f"#action-{action.pk}")
    expect(timeline).to_contain_text("Recorded vote: 28 in favour, 3 against, 2 abstaining")
    expect(timeline).to_contain_text("stated that they had voted in favour")
    expect(timeline).to_contain_text("stated that China had abstained")
    assert [s.text for s in action.statements.order_by("pk")] == [
        "stated that they had voted in favour", "stated that China had abstained"]
    screenshot(page, "draft-page-with-pasted-vote")


def test_an_unknown_name_comes_back_with_close_matches_and_the_lists_kept(new_page, secretariat_user, draft_l13):
    page = new_page(secretariat_user, width=800)
    page.goto(f"/drafts/{draft_l13.pk}/actions/new/")
    page.get_by_label("Meeting", exact=True).fill("9")
    page.get_by_label("Date of the meeting").fill("2011-04-15")
    page.get_by_label("In favour", exact=True).fill("Chile, Narnia,\nPeru")
    expect(page.locator("#count-in_favour")).to_have_text("3 names")
    page.get_by_role("button", name="Record the action").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".vote-list").first).to_contain_text("Unknown delegation “Narnia”")
    expect(page.locator(".vote-list").first).to_contain_text("“Armenia”")
    expect(page.get_by_label("In favour", exact=True)).to_have_value("Chile, Narnia,\nPeru")
    expect(page.locator("#count-in_favour")).to_have_text("3 names")  # counted again on load
    screenshot(page, "action-form-unknown-name")
    assert not Action.objects.exists()
