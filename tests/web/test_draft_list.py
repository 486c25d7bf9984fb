"""The draft list (issue 15.3): natural order of symbols, symbol and latest label in their own
columns, filters kept in the pager's links."""
import re

from negotiation.selectors import natural_key
from negotiation.services.versions import draft_create, version_create
from tests.conftest import make_parsed


def test_natural_key_compares_runs_of_digits_as_numbers():
    symbols = ["E/CN.15/2011/L.10", "E/CN.15/2011/L.2", "E/CN.15/2011/L.13/Rev.1", "E/CN.15/2011/L.13", "e/cn.15/2011/L.3"]
    assert sorted(symbols, key=natural_key) == [
        "E/CN.15/2011/L.2", "e/cn.15/2011/L.3", "E/CN.15/2011/L.10", "E/CN.15/2011/L.13", "E/CN.15/2011/L.13/Rev.1"]
    assert natural_key("") == ()


def test_symbols_sort_naturally_and_drafts_without_symbol_come_after(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    for n in (10, 2, 17, 3):
        draft_create(body=reference["CCPCJ"], session=20, symbol=f"E/CN.15/2011/L.{n}", title=f"Draft {n}")
    unnamed = draft_create(body=reference["CCPCJ"], session=20, symbol="", title="Implementation of the budget")
    version_create(draft=unnamed, label="resolution 20/2", kind="final", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
    response = client.get("/")
    assert [d.symbol for d in response.context["page"]] == [
        "E/CN.15/2011/L.2", "E/CN.15/2011/L.3", "E/CN.15/2011/L.10", "E/CN.15/2011/L.17", ""]


def test_symbol_and_latest_label_have_their_own_columns(client, reviewer_user, draft_l13, reference):
    client.force_login(reviewer_user)
    unnamed = draft_create(body=reference["CCPCJ"], session=20, symbol="", title="Implementation of the budget")
    version_create(draft=unnamed, label="resolution 20/2", kind="final", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
    html = client.get("/").content.decode()
    assert "<th scope=\"col\">Symbol</th>" in html and "<th scope=\"col\">Latest version</th>" in html
    symbol_cells = re.findall(r'<td class="symbol">(.*?)</td>', html)
    assert not any("resolution 20/2" in cell for cell in symbol_cells)
    assert any("E/CN.15/2011/L.13" in cell for cell in symbol_cells)
    assert '<td class="latest">resolution 20/2</td>' in html and '<td class="latest">L.13</td>' in html
    # The title links to the draft too, for drafts without a symbol.
    assert f'<a href="/drafts/{unnamed.pk}/">Implementation of the budget</a>' in html


def test_filters_are_in_the_url_and_kept_by_the_pager(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    for n in range(52):
        draft_create(body=reference["CCPCJ"], session=20, symbol=f"E/CN.15/2011/L.{n + 1}", title=f"Draft {n + 1}")
    draft_create(body=reference["GA/C.3"], session=66, symbol="A/C.3/66/L.1", title="Other body")
    response = client.get("/", {"body": "CCPCJ", "q": "Draft"})
    html = response.content.decode()
    assert [d.symbol for d in response.context["page"]][:3] == ["E/CN.15/2011/L.1", "E/CN.15/2011/L.2", "E/CN.15/2011/L.3"]
    next_link = re.search(r'<a href="(\?[^"]*)">Next</a>', html).group(1).replace("&amp;", "&")
    assert "body=CCPCJ" in next_link and "q=Draft" in next_link and "page=2" in next_link
    second = client.get("/" + next_link)
    assert [d.symbol for d in second.context["page"]] == ["E/CN.15/2011/L.51", "E/CN.15/2011/L.52"]
    assert 'value="Draft"' in second.content.decode() and '<option value="CCPCJ" selected>' in second.content.decode()
    # The "Start here" card is for the unfiltered first page only.
    assert second.context["start"] is None and "Start here" not in second.content.decode()
