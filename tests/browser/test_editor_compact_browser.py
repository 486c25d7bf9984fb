"""The editor on a long draft in real headless Chromium: text boxes as tall as their text
(with CSS ``field-sizing`` and with the script's fallback), a compact page, and the conflict
screen used with the keyboard alone."""
import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.conftest import make_parsed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHORT = "Requests the Secretary-General to report on the implementation of the present resolution;"
MEDIUM = ("Encourages Member States to strengthen international cooperation in criminal matters, including "
          "extradition and mutual legal assistance, and to provide technical assistance upon request;")
LONG = ("Recalling its resolution 65/228 of 21 December 2010 on strengthening crime prevention and criminal "
        "justice responses to violence against women, in which it adopted the updated Model Strategies and "
        "Practical Measures on the Elimination of Violence against Women in the Field of Crime Prevention and "
        "Criminal Justice, and called upon the United Nations Office on Drugs and Crime to support national "
        "efforts to promote the empowerment of women and gender equality in order to enhance national efforts,")
PARAGRAPHS = 60
# Every textarea's box and the page, measured in the page: nothing cut, how tall.
MEASURE = """() => {
  const boxes = [...document.querySelectorAll('#ed-list .ed-text')];
  return {
    count: boxes.length,
    cut: boxes.filter(t => t.scrollHeight > t.clientHeight).map(t => t.getAttribute('aria-label')),
    heights: Object.fromEntries(boxes.map(t => [t.getAttribute('aria-label'), t.getBoundingClientRect().height])),
    lineHeight: parseFloat(getComputedStyle(boxes[0]).lineHeight),
    page: document.documentElement.scrollHeight,
    sized: boxes.filter(t => t.classList.contains('sized')).length,
  };
}"""


@pytest.fixture
def long_draft(reference, secretariat_user):
    """A resolution of 60 paragraphs (20 PP, 40 OP), mostly one or two lines, every fifth long."""
    from negotiation.services.sponsorship import sponsor_add
    from negotiation.services.versions import draft_create, version_create

    texts = [LONG if i % 5 == 4 else MEDIUM if i % 2 else SHORT for i in range(PARAGRAPHS)]
    pp = [t.replace("Requests", "Recalling").replace("Encourages", "Noting") for t in texts[:20]]
    draft = draft_create(body=reference["CCPCJ"], session=21, symbol="E/CN.15/2012/L.6",
                         title="Technical assistance for implementing the international conventions", user=secretariat_user)
    version_create(draft=draft, label="L.6", kind="issued", parsed=make_parsed(pp, texts[20:]), is_issued=True,
                   date=datetime.date(2012, 4, 24), user=secretariat_user)
    sponsor_add(draft=draft, delegation="Italy", role="main", user=secretariat_user)
    return draft


def _open(page, draft):
    page.goto(f"/drafts/{draft.pk}/")
    page.get_by_role("button", name="Edit working text").click()
    expect(page.get_by_role("heading", name=re.compile("Editing Working text on L.6"))).to_be_visible()


def _assert_compact_and_nothing_cut(page):
    m = page.evaluate(MEASURE)
    assert m["count"] == PARAGRAPHS
    assert m["cut"] == [], f"text cut in {m['cut']}"
    assert m["page"] < PARAGRAPHS * 120, f"the page is {m['page']} px tall for {PARAGRAPHS} paragraphs"
    line = m["lineHeight"]
    # a one-line paragraph takes one line (plus padding), not a fixed two- or three-line box
    assert m["heights"]["Text of OP1"] < 2 * line, m["heights"]["Text of OP1"]
    assert m["heights"]["Text of OP2"] < 3 * line + 16  # two lines at most
    assert m["heights"]["Text of OP5"] > 2 * line  # the long one grew
    return m


def _type_grow_and_toggle(page):
    box = page.get_by_label("Text of OP1", exact=True)
    before = box.bounding_box()["height"]
    box.fill(LONG + " " + LONG)
    after = box.bounding_box()["height"]
    assert after > before * 2, (before, after)
    assert page.evaluate(MEASURE)["cut"] == []
    box.fill(SHORT)
    assert box.bounding_box()["height"] == pytest.approx(before, abs=1)  # and shrinks back
    # the live redline narrows the text column: the boxes follow
    page.get_by_role("button", name="Show changes against L.6").click()
    expect(page.locator("#ed-summary")).to_be_visible()
    page.wait_for_timeout(100)
    assert page.evaluate(MEASURE)["cut"] == []
    page.get_by_role("button", name="Hide changes against L.6").click()


def test_a_sixty_paragraph_draft_is_compact_and_no_text_is_cut(new_page, delegate_user, long_draft):
    page = new_page(delegate_user, width=1366, height=900)
    _open(page, long_draft)
    assert page.evaluate("getComputedStyle(document.querySelector('.ed-text')).fieldSizing") == "content"
    _assert_compact_and_nothing_cut(page)
    screenshot(page, "editor-long-draft")
    _type_grow_and_toggle(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(100)
    assert page.evaluate(MEASURE)["cut"] == []
    screenshot(page, "editor-long-draft-phone")


def test_without_css_field_sizing_the_script_sizes_the_boxes(new_page, delegate_user, long_draft):
    """Browsers without ``field-sizing: content``: editor.js sets each box's height."""
    page = new_page(delegate_user, width=1366, height=900)

    def no_field_sizing(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("field-sizing: content", "field-sizing: fixed"))

    page.route(re.compile(r".*/css/editor(\.[0-9a-f]+)?\.css$"), no_field_sizing)
    _open(page, long_draft)
    assert page.evaluate("getComputedStyle(document.querySelector('.ed-text')).fieldSizing") == "fixed"
    m = _assert_compact_and_nothing_cut(page)
    assert m["sized"] == PARAGRAPHS  # every box was sized by the script
    _type_grow_and_toggle(page)
    page.get_by_role("button", name="Insert OP after OP40").click()
    page.keyboard.type(MEDIUM + " " + MEDIUM)
    assert page.evaluate(MEASURE)["cut"] == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(150)
    assert page.evaluate(MEASURE)["cut"] == []


def test_conflict_screen_names_who_when_and_the_paragraph_and_works_from_the_keyboard(
        new_page, delegate_user, long_draft, django_user_model):
    from tests.conftest import _user

    maria = _user(django_user_model, "m-rossi", "delegate", delegation="Italy", first_name="Maria", last_name="Rossi")
    first, second = new_page(maria), new_page(delegate_user)
    _open(first, long_draft)
    _open(second, long_draft)
    first.get_by_label("Text of OP12", exact=True).fill("Decides to close the matter.")
    second.get_by_label("Text of OP12", exact=True).fill("Decides to postpone the matter.")
    first.keyboard.press("Control+s")
    expect(first.locator(".messages")).to_contain_text("Saved")
    second.get_by_label("Text of OP12", exact=True).press("Control+s")
    expect(second.get_by_role("heading", name="Choose the text to keep in OP12")).to_be_visible()
    message = second.locator("#conflict-message")
    expect(message).to_contain_text(re.compile(
        r"Maria Rossi \(delegate of Italy\) changed OP12 at \d\d:\d\d UTC on \d{1,2} \w+ \d{4} while you were editing it"))
    expect(second.locator("#conflict-message time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    expect(second.locator("#mine-0")).to_have_text("Decides to postpone the matter.")
    expect(second.locator("#theirs-0")).to_have_text("Decides to close the matter.")
    assert second.evaluate("[...document.querySelectorAll('textarea')].every(t => t.scrollHeight <= t.clientHeight)")
    screenshot(second, "editor-conflict-named")
    # keyboard only: to the first choice, arrow to "their text", save
    second.get_by_label(re.compile("Keep your text")).focus()
    second.keyboard.press("ArrowDown")
    expect(second.get_by_label(re.compile("Keep their text"))).to_be_checked()
    second.get_by_role("button", name="Save with these choices").focus()
    second.keyboard.press("Enter")
    expect(second.locator(".messages")).to_contain_text("Saved with your choices")
    expect(second.get_by_label("Text of OP12", exact=True)).to_have_value("Decides to close the matter.")
