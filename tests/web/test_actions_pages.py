"""The secretariat's action form, the draft page's timeline and the report section, through HTTP."""
import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.models import Action, Statement, Vote, VoteCast
from negotiation.services.actions import action_record
from tests.conftest import CORPUS, corpus_text
from tests.text.test_report import corpus_paragraph


def _post_data(draft, **extra):
    data = {
        "version": draft.versions.get(label="L.13").pk, "meeting_number": "9", "date": "2011-04-15", "outcome": "adopted",
        "text_at": "chap. I, sect. D, resolution 20/3", "result": "resolution 20/3", "vote_kind": "without_vote",
        "st-TOTAL_FORMS": "2", "st-INITIAL_FORMS": "0", "st-MIN_NUM_FORMS": "0", "st-MAX_NUM_FORMS": "20",
        "st-0-delegations": ["China"], "st-0-timing": "after", "st-0-kind": "eop", "st-0-role": "representative",
        "st-0-paragraph_refs": "operative paragraph 1", "st-0-text": "stated that his delegation supported operative paragraph 1",
        "st-1-timing": "after", "st-1-kind": "eop", "st-1-role": "representative",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("who", ["reviewer_user", "delegate_user"])
def test_only_the_secretariat_records_actions(client, draft_l13, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("action_create", args=[draft_l13.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _post_data(draft_l13)).status_code == 403
    assert not Action.objects.exists()


def test_anonymous_users_cannot_reach_the_form(client, draft_l13):
    response = client.get(reverse("action_create", args=[draft_l13.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_secretariat_records_an_action_with_a_statement_from_the_draft_page(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    page = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert reverse("action_create", args=[draft_l13.pk]) in page
    form = client.get(reverse("action_create", args=[draft_l13.pk]))
    assert form.status_code == 200
    assert '<input type="text" name="st-0-delegations"' in form.content.decode() and "Philippines" in form.content.decode()
    response = client.post(reverse("action_create", args=[draft_l13.pk]), _post_data(draft_l13))
    assert response.status_code == 302
    action = Action.objects.get()
    assert response["Location"].endswith(f"/drafts/{draft_l13.pk}/#action-{action.pk}")
    assert action.vote.kind == "without_vote"
    [statement] = action.statements.all()
    assert [p.number for p in statement.paragraphs.all()] == ["1"]
    assert action.history.first().history_user == secretariat_user


def test_bad_vote_from_the_form_is_a_message_and_nothing_is_written(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    data = _post_data(draft_l13, vote_kind="recorded", in_favour_list="Chile, Peru", against_list="Peru")
    response = client.post(reverse("action_create", args=[draft_l13.pk]), data)
    assert response.status_code == 400
    assert "Peru is listed both in favour and against" in response.content.decode()
    assert (Action.objects.count(), Vote.objects.count(), VoteCast.objects.count(), Statement.objects.count()) == (0, 0, 0, 0)


def test_statement_without_its_summary_is_a_form_error(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    response = client.post(reverse("action_create", args=[draft_l13.pk]), _post_data(draft_l13, **{"st-0-text": ""}))
    assert response.status_code == 400
    assert "Write what the statement said." in response.content.decode()
    assert not Action.objects.exists()


def _action_with_statements(draft, n):
    return action_record(
        version=draft.versions.get(label="L.13"), meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted",
        vote={"kind": "recorded", "lists": {"in_favour": ["Chile", "Peru"], "against": ["Cuba"]}},
        statements=[{"delegations": ["China", "Peru"], "text": f"stated point {i} on operative paragraph 2",
                     "paragraph_refs": "OP2"} for i in range(n)],
        subsequently_joined=["Andorra"],
    )


def test_draft_page_timeline_shows_actions_votes_statements_and_paragraph_links(client, reviewer_user, draft_l13):
    action = _action_with_statements(draft_l13, 1)
    statement = action.statements.get()
    client.force_login(reviewer_user)
    html = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert f'id="action-{action.pk}"' in html
    assert "Recorded vote: 2 in favour, 1 against, 0 abstaining" in html
    assert "China and Peru" in html and 'href="#OP2"' in html
    assert "joined at the meeting</span> Andorra" in html
    assert "joined</span> Italy" in html  # the main sponsor joined at L.13
    # the reviewer sees, on OP2 itself, which statements concern it
    op2 = html.split('id="OP2"', 1)[1].split('class="para ', 1)[0]
    assert f'href="#statement-{statement.pk}"' in op2 and "Statements on this paragraph" in op2
    assert "Record an action" not in html  # reviewers do not record


def test_draft_page_query_count_does_not_grow_with_statements(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    url = reverse("draft_detail", args=[draft_l13.pk])
    _action_with_statements(draft_l13, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    Action.objects.all().delete()
    draft_l13.sponsorships.filter(subsequently_joined=True).delete()
    _action_with_statements(draft_l13, 8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one) <= 18


@pytest.fixture
def corpus_loaded(db):
    call_command("load_corpus", corpus_dir=str(CORPUS))


def test_report_page_prints_the_section_in_meeting_order(client, reviewer_user, corpus_loaded):
    client.force_login(reviewer_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("report_actions") + "?session=CCPCJ/20")
    assert response.status_code == 200
    assert len(ctx) <= 14
    html = response.content.decode()
    paragraph_61 = corpus_paragraph(corpus_text("004"), 61)
    assert "Norway, the Philippines, Qatar, the Republic of Korea" in paragraph_61
    assert paragraph_61.replace("“", "&ldquo;") in html or paragraph_61 in html
    assert html.index(">61.</span>") < html.index(">76.</span>") < html.index(">24.</span>")
    text = client.get(reverse("report_actions") + "?session=CCPCJ/20&format=txt").content.decode()
    assert text.split("\n\n")[3] == paragraph_61


def test_report_page_for_an_unknown_body_is_404(client, reviewer_user):
    client.force_login(reviewer_user)
    assert client.get(reverse("report_actions") + "?session=NOPE/3").status_code == 404


def test_corpus_draft_page_links_the_uk_statement_to_op12(client, reviewer_user, corpus_loaded):
    action = Action.objects.select_related("version__draft").get(report_paragraph=22)
    client.force_login(reviewer_user)
    html = client.get(reverse("draft_detail", args=[action.version.draft_id])).content.decode()
    statement = action.statements.get()
    op12 = html.split('id="OP12"', 1)[1].split('class="para ', 1)[0]
    assert f'href="#statement-{statement.pk}"' in op12
    assert "the United Kingdom (statement)" in op12


def test_admin_shows_the_action_with_statements_and_the_vote_with_its_lists(client, secretariat_user, draft_l13):
    action = _action_with_statements(draft_l13, 2)
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:negotiation_action_change", args=[action.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "stated point 1 on operative paragraph 2" in html
    assert reverse("admin:negotiation_vote_change", args=[action.vote.pk]) in html
    vote_page = client.get(reverse("admin:negotiation_vote_change", args=[action.vote.pk])).content.decode()
    assert "Cuba" in vote_page and "against" in vote_page


def test_draft_page_shows_an_amendment_vote_apart_from_the_drafts_adoption(client, reference, reviewer_user):
    from pathlib import Path

    from negotiation.models import Draft
    from negotiation.services.actions import actions_import

    report = Path(__file__).resolve().parent.parent / "text" / "fixtures" / "ga_c3_78_report.txt"
    outcome = actions_import(report_text=report.read_text(encoding="utf-8"), body=reference["GA/C.3"], session=78)
    assert outcome.errors == []
    draft = Draft.objects.get(symbol="A/C.3/78/L.30")
    client.force_login(reviewer_user)
    page = " ".join(client.get(reverse("draft_detail", args=[draft.pk])).content.decode().split())
    assert "rejected</span> amendment <strong>A/C.3/78/L.60</strong>" in page
    assert "adopted</span> at the 51st meeting" in page
    assert "<strong>Germany</strong> <span class=\"muted\">(explanation of vote, after the action)</span>" in page


def test_the_timeline_is_in_date_order_even_when_an_action_is_on_an_earlier_version(client, reviewer_user, draft_l13):
    """L.13 (11 April) acted on at a meeting of 15 April, after L.13/Rev.1 was issued on 14 April."""
    from negotiation.services.versions import version_create
    from tests.conftest import make_parsed

    l13 = draft_l13.versions.get(label="L.13")
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 14),
                   parsed=make_parsed(["Recalling x,"], ["Decides y."]))
    action_record(version=l13, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="deferred")
    client.force_login(reviewer_user)
    page = " ".join(client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode().split())
    timeline = page[page.index('class="timeline record-timeline"'):]
    assert timeline.index("14 Apr 2011") < timeline.index("15 Apr 2011")
    assert "deferred</span> L.13 at the 9th meeting" in timeline


def test_an_adoption_stays_under_its_version_before_the_text_it_produced_that_day(client, reviewer_user, draft_l13):
    from negotiation.services.versions import version_create
    from tests.conftest import make_parsed

    l13 = draft_l13.versions.get(label="L.13")
    action_record(version=l13, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted")
    version_create(draft=draft_l13, label="resolution 20/3", kind="final", is_issued=True, date=datetime.date(2011, 4, 15),
                   parsed=make_parsed(["Recalling x,"], ["Decides y."]))
    client.force_login(reviewer_user)
    page = " ".join(client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode().split())
    timeline = page[page.index('class="timeline record-timeline"'):]
    assert timeline.index("adopted</span> at the 9th meeting") < timeline.index(">resolution 20/3</a>")
    assert "action-only" not in timeline
