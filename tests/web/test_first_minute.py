"""The first minute (issue 15.1): the home page leads to a real redline and to each role's main
task; versions that hold no text say so once, plainly."""
import datetime

import pytest
from django.urls import reverse

from negotiation.models import Facilitation
from negotiation.services.versions import draft_create, version_create
from negotiation.text.structure import ParsedText
from tests.conftest import make_parsed


@pytest.fixture
def paris(reference):
    """A "Paris Agreement" draft: two texts, then a version known only by its record, as a
    real corpus could hold; the two last versions holding a text are the real redline."""
    draft = draft_create(body=reference["CCPCJ"], session=21, symbol="", title="Paris Agreement")
    older = version_create(draft=draft, label="ADP draft agreement of 4 December", kind="informal", is_issued=True,
                           date=datetime.date(2015, 12, 4), parsed=make_parsed(["Recalling x,"], ["Decides y."]))
    old = version_create(draft=draft, label="President's draft of 9 December", kind="informal", is_issued=True,
                         date=datetime.date(2015, 12, 9), parsed=make_parsed(["Recalling x,"], ["Decides y and z."]))
    new = version_create(draft=draft, label="decision 1/CP.21", kind="final", is_issued=True,
                         date=datetime.date(2015, 12, 12), parsed=make_parsed(["Recalling x,"], ["Decides z and w."]))
    version_create(draft=draft, label="Informal note (not held)", kind="informal", is_issued=True, parsed=ParsedText(), allow_empty=True)
    return {"draft": draft, "older": older, "old": old, "new": new}


def _start(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('class="card start-here"'):html.index('<form class="filters"')]


def test_home_page_leads_to_the_real_redline_found_by_query(client, reviewer_user, paris):
    client.force_login(reviewer_user)
    card = _start(client)
    url = reverse("compare", args=[paris["draft"].pk]) + f"?old={paris['old'].pk}&amp;new={paris['new'].pk}"
    assert f'<a href="{url}">See a real redline: the Paris Agreement, 9 → 12 December 2015</a>' in card
    assert "Compare versions and export the redline" in card
    compare = client.get(url.replace("&amp;", "&")).content.decode()
    assert "<ins" in compare and "<del" in compare


def test_no_redline_link_without_two_texts(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    card = _start(client)
    assert "See a real redline" not in card and "Compare versions and export the redline" in card


def test_delegate_is_led_to_a_draft_of_the_delegation_and_to_sponsorship(client, delegate_user, draft_l13, paris):
    client.force_login(delegate_user)
    card = _start(client)
    assert "Delegate of Italy" in card
    assert f"""<a href="{reverse('draft_detail', args=[draft_l13.pk])}">Edit your delegation's drafts</a>""" in card
    assert "join sponsorship</a>" in card and "?status=negotiating" in card
    assert "Record an action" not in card and "Import a report" not in card


def test_secretariat_is_led_to_record_an_action_and_import_a_report(client, secretariat_user, draft_l13, paris):
    client.force_login(secretariat_user)
    card = _start(client)
    assert f'<a href="{reverse("action_create", args=[draft_l13.pk])}">Record an action</a>' in card
    assert f'<a href="{reverse("report_import")}">Import a report</a>' in card
    assert "See a real redline" in card


def test_facilitator_is_led_to_the_compilation(client, reviewer_user, draft_l13, secretariat_user):
    Facilitation.objects.create(draft=draft_l13, user=reviewer_user, assigned_by=secretariat_user)
    client.force_login(reviewer_user)
    card = _start(client)
    assert f'<a href="{reverse("compilation", args=[draft_l13.pk])}">The compilation of E/CN.15/2011/L.13</a>' in card


def _empty(draft, label):
    return version_create(draft=draft, label=label, kind="issued", parsed=ParsedText(), is_issued=True, allow_empty=True)


def test_two_versions_without_text_say_so_once_with_no_rows_and_no_summary(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.13", title="x")
    old, new = _empty(draft, "L.13"), _empty(draft, "L.13/Rev.1")
    response = client.get(reverse("compare", args=[draft.pk]), {"old": old.pk, "new": new.pk})
    html = response.content.decode()
    assert html.count("Neither L.13 nor L.13/Rev.1 holds a text here: they are known by their symbol only.") == 1
    assert "No changes" not in html and 'id="summary"' not in html
    assert "shows as inserted" not in html and "shows as deleted" not in html and "show as" not in html
    assert 'class="redline' not in html


def test_one_version_without_text_says_so_once(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    empty = _empty(draft_l13, "L.13/Rev.1")
    full = draft_l13.versions.get(label="L.13")
    html = client.get(reverse("compare", args=[draft_l13.pk]), {"old": empty.pk, "new": full.pk}).content.decode()
    assert html.count("holds no text here") == 1
    assert "L.13/Rev.1 holds no text here (known by its symbol only; its text is not held), so all 5 paragraphs of L.13 show as inserted." in html
    assert "deleted." not in html
    back = client.get(reverse("compare", args=[draft_l13.pk]), {"old": full.pk, "new": empty.pk}).content.decode()
    assert "so all 5 paragraphs of L.13 show as deleted." in back and back.count("holds no text here") == 1


def test_draft_page_says_plainly_that_a_version_holds_no_text(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    empty = _empty(draft_l13, "L.13/Rev.1")
    html = client.get(reverse("version_detail", args=[draft_l13.pk, empty.pk])).content.decode()
    assert html.count("L.13/Rev.1 holds no text here: it is known by its symbol only") == 1
