"""The import preview in real Chromium: lines left out as page furniture, restoring one,
the parser's notices, Article headings and bracket shading."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TREATY = """Draft agreement

The Parties to this Agreement,

Recalling its decision 1/2 and the report of the
2/3

Secretary-General,

Noting the report of the Secretary-General,

Have agreed as follows:

Article 4 (adaptation)

1. Parties shall adapt.

GE.15-21932 (E)

*1521932*

2. Parties shall [enhance [resilience]] [and report].

Article 5 (finance)

1. Finance shall [flow.

Article 6 (placeholder)
"""


def _show_preview(page):
    page.goto("/import/")
    page.get_by_label("Paste the text").fill(TREATY)
    page.locator("select[name=body]").select_option(label="Commission on Crime Prevention and Criminal Justice")
    page.locator("input[name=session]").fill("20")
    page.locator("input[name=label]").fill("Zero draft")
    page.get_by_role("button", name="Show the paragraphs").click()


def test_restoring_a_line_left_out_puts_it_back_in_the_text(new_page, delegate_user, reference):
    page = new_page(delegate_user, height=2000)  # tall enough that the sticky bar sits below the text
    _show_preview(page)
    expect(page.get_by_role("heading", name="Left out as page furniture (3 lines)")).to_be_visible()
    expect(page.locator(".import-notices")).to_contain_text("“Article 6 (placeholder)” has no paragraph under it")
    expect(page.get_by_role("heading", name="Article 4 (adaptation)")).to_be_visible()
    expect(page.get_by_text("Art. 4.2", exact=True)).to_be_visible()
    expect(page.locator(".br-d2", has_text="[resilience]")).to_be_visible()
    expect(page.locator(".br-open")).to_have_count(1)
    expect(page.get_by_label("Text of PP1")).to_have_value("Recalling its decision 1/2 and the report of the Secretary-General,")
    screenshot(page, "import-preview-furniture")

    # A correction typed on the page: restoring asks first, and keeps it when refused.
    page.get_by_label("Kind of PP1").select_option("operative")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Restore line 6").click()
    assert dialogs and "will be undone" in dialogs[0]
    expect(page.get_by_label("Kind of PP1")).to_have_value("operative")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Restore line 6").click()
    expect(page.locator(".messages")).to_contain_text("Line 6 (“2/3”) is part of the text again.")
    expect(page.locator(".messages")).to_contain_text("corrections you had made were undone")
    expect(page.get_by_label("Text of PP1")).to_have_value("Recalling its decision 1/2 and the report of the 2/3 Secretary-General,")
    expect(page.get_by_label("Text of PP2")).to_have_value("Noting the report of the Secretary-General,")
    expect(page.get_by_label("Kind of PP1")).to_have_value("preambular")
    expect(page.get_by_role("heading", name="Left out as page furniture (2 lines)")).to_be_visible()
    expect(page.locator(".removed-lines")).to_contain_text("Restored as text: line 6.")
    screenshot(page, "import-preview-restored")
    page.get_by_role("button", name="Save version").click()
    expect(page.locator(".messages")).to_contain_text("Saved Zero draft")
    expect(page.get_by_role("heading", name="Article 5 (finance)")).to_be_visible()
    screenshot(page, "draft-page-articles")
