"""The compilation page through HTTP: the table, its filters, the live fragment, the Word
export, and every write it offers, with the permission matrix checked on each (the database
unchanged on every refusal)."""
import io
import re
from html import unescape

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.models import Delegation, Facilitation, ParagraphStatus, Proposal
from negotiation.services import negotiating as n
from negotiation.services.versions import version_create
from tests.conftest import _user, make_parsed

BRACKETED = make_parsed(
    ["Recalling its resolution 19/1,", "Noting [with concern][with alarm] the rise of crime,"],
    ["Requests the Office [to report][to inform] on progress [annually];", "Invites Member States to contribute;",
     "Decides to remain seized of the matter."],
)


def counts():
    """Rows of every model of the app (history included): a refused write changes none."""
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("negotiation").get_models()}


@pytest.fixture
def facilitator(draft_l13, django_user_model, secretariat_user):
    user = _user(django_user_model, "facil", "reviewer", first_name="Ana", last_name="Facilitadora")
    n.facilitator_assign(draft=draft_l13, user_to_assign=user, user=secretariat_user)
    return user


@pytest.fixture
def mexico(reference, django_user_model):
    return _user(django_user_model, "del-mx", "delegate", delegation="Mexico")


@pytest.fixture
def l13(draft_l13):
    version = draft_l13.versions.get(label="L.13")
    return version, {r.number or r.text[:9]: r for r in version.paragraphs.order_by("position")}


@pytest.fixture
def rev1(draft_l13, secretariat_user):
    """L.13/Rev.1 with brackets in PP2 and OP1."""
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=BRACKETED,
                             user=secretariat_user)
    return version, {r.number or r.text[:9]: r for r in version.paragraphs.order_by("position")}


def url(name, draft, *args):
    return reverse(name, args=[draft.pk, *args])


def page_text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def messages_of(client, response) -> str:
    """The text of the page a POST redirected to (its messages included)."""
    assert response.status_code == 302, response.status_code
    return page_text(client.get(response["Location"]))


def refused_post(client, path, data, expect: str):
    before = counts()
    response = client.post(path, data)
    assert counts() == before, "a refused write changes nothing"
    assert expect in messages_of(client, response)
    return response


# --- the page -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_for_the_page_the_fragment_and_the_export(client, draft_l13):
    for name in ("compilation", "compilation_rows", "compilation_docx", "incorporate"):
        response = client.get(url(name, draft_l13))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_page_shows_one_row_per_paragraph_with_brackets_shaded_counted_and_a_default_status(client, reviewer_user, rev1, draft_l13):
    client.force_login(reviewer_user)
    response = client.get(url("compilation", draft_l13))
    html = response.content.decode()
    assert response.status_code == 200
    assert [m for m in re.findall(r'class="cmp-name"[^>]*>([^<]+)<', html)] == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    assert '<span class="br br-d1">[with concern]</span>' in html
    assert "3 brackets" in html and "2 brackets" in html
    text = page_text(response)
    assert "5 paragraphs · 0 open proposals · 5 brackets · 3 pending · 2 bracketed" in text
    # a reviewer reads: no forms to propose, decide or resolve
    for absent in ("Propose on", "Lift brackets", "Keep “", "cmp-status-form", "Incorporate agreed", "Assign a facilitator"):
        assert absent not in html, absent


def test_user_text_is_escaped_in_the_table(client, delegate_user, l13, draft_l13):
    version, rows = l13
    n.proposal_create(version=version, lineage=rows["1"].lineage, kind="amend", user=delegate_user,
                      text="Requests the Office <script>alert(1)</script> to report;", reason="<b>bold</b> reason")
    client.force_login(delegate_user)
    html = client.get(url("compilation", draft_l13)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; reason" in html


def test_proposals_show_proposer_group_kind_redline_reason_supporters_and_objectors(
        client, delegate_user, other_delegate_user, mexico, reviewer_user, l13, draft_l13):
    version, rows = l13
    group = Delegation.objects.get(short_name="Group of 77 and China")
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="amend", user=mexico, on_behalf_of=group,
                          text="Requests the Office to report annually;", reason="Regular reporting")
    n.proposal_respond(proposal=p, stance="support", user=delegate_user)
    n.proposal_respond(proposal=p, stance="object", user=other_delegate_user)
    n.proposal_create(version=version, lineage=rows["3"].lineage, kind="delete", user=delegate_user)
    client.force_login(reviewer_user)
    html = client.get(url("compilation", draft_l13)).content.decode()
    card = re.search(rf'<article[^>]*id="proposal-{p.pk}".*?</article>', html, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert "Mexico on behalf of Group of 77 and China" in text and "new wording" in text
    assert "<ins>annually </ins>" in card or "<ins> annually</ins>" in card
    assert "Reason: Regular reporting" in text and "Supported by Italy" in text and "Objected to by France" in text
    assert "deletion" in html and "<del>Decides to remain seized of the matter.</del>" in html


def test_buttons_follow_the_role(client, delegate_user, other_delegate_user, facilitator, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)

    def card(user):
        client.force_login(user)
        html = client.get(url("compilation", draft_l13)).content.decode()
        return re.search(rf'<article[^>]*id="proposal-{p.pk}".*?</article>', html, re.S).group(0)

    italy, france, facil = card(delegate_user), card(other_delegate_user), card(facilitator)
    assert "Withdraw" in italy and "Support" not in italy and "Agree" not in italy
    assert "Support" in france and "Object" in france and "Withdraw" not in france and "Take back" not in france
    assert "Agree" in facil and "Support" not in facil
    n.proposal_respond(proposal=p, stance="support", user=other_delegate_user)
    assert 'value="support" class="small-button stance-support" aria-pressed="true"' in card(other_delegate_user)
    assert "Take back" in card(other_delegate_user)
    n.proposal_accept(proposal=p, user=facilitator)
    assert "Reopen" in card(facilitator)


def test_outdated_proposal_is_flagged(client, delegate_user, reviewer_user, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="amend", user=delegate_user,
                          text="Requests the Office to report annually;")
    Proposal.objects.filter(pk=p.pk).update(base_text="Requests the Office to report every year;",
                                            text="Requests the Office to report every other year;")
    client.force_login(reviewer_user)
    assert "Outdated: the text moved on" in page_text(client.get(url("compilation", draft_l13)))


def test_closed_proposals_are_collapsed_under_their_paragraph(client, delegate_user, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["2"].lineage, kind="delete", user=delegate_user)
    n.proposal_withdraw(proposal=p, user=delegate_user)
    client.force_login(delegate_user)
    html = client.get(url("compilation", draft_l13)).content.decode()
    closed = re.search(r'<details class="cmp-closed".*?</details>', html, re.S).group(0)
    assert f'id="proposal-{p.pk}"' in closed and "1 earlier proposal (withdrawn" in closed and "Withdraw</button>" not in closed


def test_page_query_count_does_not_grow_with_proposals_and_stances(client, delegate_user, other_delegate_user, mexico,
                                                                  facilitator, l13, draft_l13):
    version, rows = l13
    client.force_login(facilitator)
    n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("compilation", draft_l13)).status_code == 200
    for number in ("1", "2", "3"):
        for user, other in ((mexico, delegate_user), (other_delegate_user, mexico)):
            p = n.proposal_create(version=version, lineage=rows[number].lineage, kind="amend", user=user,
                                  text=f"{rows[number].text} And more.")
            n.proposal_respond(proposal=p, stance="object", user=other)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("compilation", draft_l13)).status_code == 200
    assert len(many) == len(few) <= 25


def test_a_sub_paragraph_shows_under_its_paragraph_and_takes_proposals_and_bracket_choices(
        client, delegate_user, facilitator, draft_l13, secretariat_user):
    from negotiation.text.structure import OPERATIVE, ParsedText, SubParagraph
    from negotiation.text.structure import Paragraph as P

    parsed = ParsedText(paragraphs=[P(kind=OPERATIVE, number="1", text="Requests the Office:", subparagraphs=[
        SubParagraph("(a)", "to report [annually][biennially];"), SubParagraph("(b)", "to assist States.")])])
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=parsed, is_issued=True, user=secretariat_user)
    sub = version.paragraphs.get(kind="subparagraph", number="(b)")
    client.force_login(delegate_user)
    html = client.get(url("compilation", draft_l13)).content.decode()
    assert re.findall(r'class="cmp-name"[^>]*>([^<]+)<', html) == ["OP1"] and 'data-text="to assist States."' in html
    client.post(url("proposal_create", draft_l13), propose_data(version, sub, kind="amend", text="to assist States on request."))
    p = Proposal.objects.get()
    assert p.label == "OP1 (b)"
    client.force_login(facilitator)
    html = client.get(url("compilation", draft_l13)).content.decode()
    card = re.search(rf'<article[^>]*id="proposal-{p.pk}".*?</article>', html, re.S).group(0)
    assert 'aria-label="New wording by Italy on OP1 (b)"' in card and "on OP1 (b)" in card and re.search(r"<ins>\s?on request\s?</ins>", card)
    assert "OP1 (a), bracket 1" in html and "Keep “biennially”" in html


# --- filters ------------------------------------------------------------------------------


def test_filters_by_status_delegation_and_open_proposals_and_keeps_them_in_links(
        client, delegate_user, other_delegate_user, mexico, facilitator, l13, draft_l13):
    version, rows = l13
    italy = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)
    n.proposal_respond(proposal=italy, stance="support", user=mexico)
    withdrawn = n.proposal_create(version=version, lineage=rows["2"].lineage, kind="delete", user=other_delegate_user)
    n.proposal_withdraw(proposal=withdrawn, user=other_delegate_user)
    n.paragraph_status_set(version=version, lineage=rows["3"].lineage, status="agreed", user=facilitator)
    client.force_login(facilitator)

    def shown(query):
        html = client.get(url("compilation", draft_l13) + query).content.decode()
        return re.findall(r'class="cmp-name"[^>]*>([^<]+)<', html)

    assert shown("") == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    assert shown("?status=agreed") == ["OP3"]
    assert shown("?status=pending") == ["PP1", "PP2", "OP1", "OP2"]
    assert shown("?open=1") == ["OP1"]
    assert shown("?delegation=Italy") == ["OP1"]
    assert shown("?delegation=Mexico") == ["OP1"], "supported by it"
    assert shown("?delegation=France") == ["OP2"], "its proposals, withdrawn ones included"
    assert shown("?delegation=France&open=1") == []
    assert shown("?status=bogus") == ["PP1", "PP2", "OP1", "OP2", "OP3"], "an unknown status is ignored"
    html = client.get(url("compilation", draft_l13) + "?status=pending&open=1").content.decode()
    assert 'name="filters" value="status=pending&amp;open=1"' in html
    assert 'data-rows-url="/drafts/%d/compilation/rows/?status=pending&amp;open=1"' % draft_l13.pk in html
    assert "compilation.docx?status=pending&amp;open=1" in html
    # a write from the filtered page comes back to it, at the paragraph
    response = client.post(url("paragraph_status", draft_l13), {"lineage": str(rows["1"].lineage), "status": "ad_ref",
                                                                 "filters": "status=pending&open=1&evil=1"})
    assert response["Location"] == url("compilation", draft_l13) + f"?status=pending&open=1#p-{rows['1'].lineage}"


# --- the live fragment ----------------------------------------------------------------------


def test_fragment_is_the_table_body_with_a_stamp_that_changes_with_any_change(
        client, delegate_user, other_delegate_user, facilitator, l13, draft_l13):
    version, rows = l13
    client.force_login(delegate_user)
    page = client.get(url("compilation", draft_l13)).content.decode()
    first = client.get(url("compilation_rows", draft_l13))
    stamp = first["X-Compilation-Stamp"]
    assert first.status_code == 200 and f'data-stamp="{stamp}"' in page
    body = first.content.decode().strip()
    assert body.startswith("<tbody") and body.endswith("</tbody>") and "<html" not in body
    assert "no-cache" in first["Cache-Control"] or "no-store" in first["Cache-Control"]
    assert client.get(url("compilation_rows", draft_l13))["X-Compilation-Stamp"] == stamp, "nothing changed"

    stamps = [stamp]

    def changed():
        new = client.get(url("compilation_rows", draft_l13))["X-Compilation-Stamp"]
        assert new not in stamps
        stamps.append(new)
        return new

    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=other_delegate_user)
    changed()
    assert f'id="proposal-{p.pk}"' in client.get(url("compilation_rows", draft_l13)).content.decode()
    n.proposal_respond(proposal=p, stance="support", user=delegate_user)
    changed()
    n.proposal_respond(proposal=p, stance="none", user=delegate_user)
    changed()
    n.proposal_accept(proposal=p, user=facilitator)
    changed()
    n.paragraph_status_set(version=version, lineage=rows["2"].lineage, status="agreed", user=facilitator)
    changed()
    assert re.findall(r'class="cmp-name"[^>]*>([^<]+)<', client.get(url("compilation_rows", draft_l13) + "?open=1").content.decode()) == ["OP1"]


def test_a_poll_with_the_current_stamp_gets_no_body(client, delegate_user, other_delegate_user, l13, draft_l13):
    version, rows = l13
    client.force_login(delegate_user)
    stamp = client.get(url("compilation_rows", draft_l13))["X-Compilation-Stamp"]
    same = client.get(url("compilation_rows", draft_l13) + f"?open=1&since={stamp}")
    assert (same.status_code, same.content, same["X-Compilation-Stamp"]) == (204, b"", stamp)
    n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=other_delegate_user)
    moved_on = client.get(url("compilation_rows", draft_l13) + f"?open=1&since={stamp}")
    assert moved_on.status_code == 200 and moved_on["X-Compilation-Stamp"] != stamp and b"France" in moved_on.content


def test_fragment_of_a_text_not_shared_with_the_user_is_not_found(client, delegate_user, mexico, draft_l13):
    from negotiation.services.editing import working_version_start

    working_version_start(draft=draft_l13, user=delegate_user)  # private to the sponsors
    client.force_login(mexico)
    assert client.get(url("compilation_rows", draft_l13)).status_code == 404
    assert "not shared yet" in page_text(client.get(url("compilation", draft_l13)))
    client.force_login(delegate_user)
    assert client.get(url("compilation_rows", draft_l13)).status_code == 200


# --- writes: the permission matrix ------------------------------------------------------------


def test_every_write_needs_post_and_login(client, delegate_user, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)
    posts = [url("proposal_create", draft_l13), url("proposal_respond", draft_l13, p.pk), url("proposal_withdraw", draft_l13, p.pk),
             url("proposal_accept", draft_l13, p.pk), url("paragraph_status", draft_l13), url("bracket_resolve", draft_l13),
             url("facilitator_assign", draft_l13)]
    before = counts()
    for path in posts + [url("incorporate", draft_l13)]:
        response = client.post(path, {"stance": "support", "status": "agreed", "lineage": str(rows["1"].lineage)})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    assert counts() == before
    client.force_login(delegate_user)
    for path in posts:
        assert client.get(path).status_code == 405, path
    assert counts() == before


def test_csrf_is_enforced_on_the_writes(delegate_user, l13, draft_l13):
    from django.test import Client

    version, rows = l13
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate_user)
    before = counts()
    response = client.post(url("proposal_create", draft_l13), {"version": version.pk, "lineage": str(rows["1"].lineage), "kind": "delete"})
    assert response.status_code == 403 and counts() == before


def propose_data(version, row, **extra):
    return {"version": version.pk, "lineage": str(row.lineage), f"digest-{row.lineage}": _digest(row.text), "filters": "", **extra}


def _digest(text):
    from negotiation.views.negotiating import _digest as digest

    return digest(text)


def test_delegate_proposes_new_wording_for_their_delegation_on_behalf_of_a_group(client, delegate_user, l13, draft_l13):
    version, rows = l13
    group = Delegation.objects.get(short_name="European Union")
    client.force_login(delegate_user)
    response = client.post(url("proposal_create", draft_l13), propose_data(
        version, rows["1"], kind="amend", text="Requests the Office  to report annually;", reason="Clarity", on_behalf_of=group.pk))
    p = Proposal.objects.get()
    assert response["Location"] == url("compilation", draft_l13) + f"#proposal-{p.pk}"
    assert (p.delegation.short_name, p.on_behalf_of, p.kind, p.text, p.reason, p.label, p.author) == (
        "Italy", group, "amend", "Requests the Office to report annually;", "Clarity", "OP1", delegate_user)
    assert "Italy proposed new wording for OP1" in page_text(client.get(response["Location"]))


def test_delegate_proposes_a_move_after_another_paragraph_and_a_deletion_without_wording(client, delegate_user, l13, draft_l13):
    version, rows = l13
    client.force_login(delegate_user)
    client.post(url("proposal_create", draft_l13), propose_data(version, rows["1"], kind="move", text=rows["1"].text,
                                                                  after_lineage=str(rows["3"].lineage)))
    client.post(url("proposal_create", draft_l13), propose_data(version, rows["2"], kind="delete", text=rows["2"].text))
    move, delete = Proposal.objects.order_by("pk")
    assert (move.kind, move.after_lineage, move.text) == ("move", rows["3"].lineage, "")
    assert (delete.kind, delete.text) == ("delete", "")
    assert "Move after OP3" in page_text(client.get(url("compilation", draft_l13)))


def test_proposal_refusals_say_why_keep_the_wording_and_write_nothing(client, delegate_user, reviewer_user, secretariat_user,
                                                                      facilitator, l13, draft_l13):
    version, rows = l13
    data = propose_data(version, rows["1"], kind="amend", text="Requests the Office to report annually;")
    for user in (reviewer_user, secretariat_user, facilitator):
        client.force_login(user)
        refused_post(client, url("proposal_create", draft_l13), data, "Only delegates make proposals")
    client.force_login(delegate_user)
    refused_post(client, url("proposal_create", draft_l13), {**data, "text": rows["1"].text}, "current wording")
    refused_post(client, url("proposal_create", draft_l13), {**data, "lineage": "not-a-uuid"}, "not in the text any more")
    refused_post(client, url("proposal_create", draft_l13), {**data, "on_behalf_of": Delegation.objects.get(short_name="France").pk},
                 "is not a group")
    refused_post(client, url("proposal_create", draft_l13), {**data, "on_behalf_of": "x"}, "Choose the group")
    # the paragraph was saved by someone else since the page was opened: refused, the wording given back
    stale = {**data, f"digest-{rows['1'].lineage}": "0" * 16}
    refused_post(client, url("proposal_create", draft_l13), stale,
                 "words changed since you opened the page (the working text was saved): reload, and propose on the current words. "
                 "Your wording was: “Requests the Office to report annually;”")
    assert not Proposal.objects.exists()


def test_proposal_on_a_version_that_is_not_current_is_refused(client, delegate_user, l13, rev1, draft_l13):
    version, rows = l13
    client.force_login(delegate_user)
    refused_post(client, url("proposal_create", draft_l13), propose_data(version, rows["1"], kind="delete"), "moved on")


def test_support_object_and_take_back_by_other_delegations_only(client, delegate_user, other_delegate_user, reviewer_user,
                                                                facilitator, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)
    path = url("proposal_respond", draft_l13, p.pk)
    for user, expect in ((reviewer_user, "Only delegates support"), (facilitator, "Only delegates support"),
                         (delegate_user, "does not support or object to its own")):
        client.force_login(user)
        refused_post(client, path, {"stance": "support"}, expect)
    client.force_login(other_delegate_user)
    refused_post(client, path, {"stance": "love"}, "Unknown stance")
    response = client.post(path, {"stance": "support", "filters": "open=1"})
    assert response["Location"] == url("compilation", draft_l13) + f"?open=1#proposal-{p.pk}"
    assert [(s.delegation.short_name, s.kind) for s in p.stances.all()] == [("France", "support")]
    assert "Your support to Italy's proposal on OP1 is recorded" in messages_of(client, response)
    client.post(path, {"stance": "object"})
    assert [(s.delegation.short_name, s.kind) for s in p.stances.all()] == [("France", "object")]
    client.post(path, {"stance": "none"})
    assert not p.stances.exists()


def test_only_the_proposing_delegation_withdraws(client, delegate_user, other_delegate_user, reviewer_user, facilitator, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)
    path = url("proposal_withdraw", draft_l13, p.pk)
    for user in (other_delegate_user, reviewer_user, facilitator):
        client.force_login(user)
        refused_post(client, path, {}, "Only Italy can withdraw")
    client.force_login(delegate_user)
    assert "Italy withdrew its proposal on OP1" in messages_of(client, client.post(path))
    p.refresh_from_db()
    assert p.status == "withdrawn"
    refused_post(client, path, {}, "already withdrawn")


def test_a_proposal_of_another_draft_is_not_found(client, delegate_user, l13, draft_l13, reference, secretariat_user):
    from negotiation.services.versions import draft_create

    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=delegate_user)
    other = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.14", title="Other", user=secretariat_user)
    client.force_login(delegate_user)
    assert client.post(url("proposal_withdraw", other, p.pk)).status_code == 404


def test_only_the_facilitator_or_secretariat_agrees_and_reopens(client, delegate_user, other_delegate_user, reviewer_user,
                                                               facilitator, secretariat_user, l13, draft_l13):
    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="delete", user=other_delegate_user)
    path = url("proposal_accept", draft_l13, p.pk)
    for user in (reviewer_user, delegate_user, other_delegate_user):  # Italy is main sponsor, still not facilitator
        client.force_login(user)
        refused_post(client, path, {"accepted": "1"}, "Only the facilitator")
    client.force_login(facilitator)
    assert "is agreed: it will be incorporated" in messages_of(client, client.post(path, {"accepted": "1"}))
    p.refresh_from_db()
    assert p.status == "accepted"
    client.force_login(secretariat_user)
    client.post(path, {"accepted": "0"})
    p.refresh_from_db()
    assert p.status == "open"


def test_only_the_facilitator_or_secretariat_sets_paragraph_status(client, delegate_user, reviewer_user, facilitator,
                                                                  secretariat_user, l13, draft_l13):
    version, rows = l13
    path = url("paragraph_status", draft_l13)
    data = {"lineage": str(rows["2"].lineage), "status": "ad_ref", "note": "Agreed in the informals of 12 April"}
    for user in (reviewer_user, delegate_user):
        client.force_login(user)
        refused_post(client, path, data, "Only the facilitator")
    client.force_login(facilitator)
    refused_post(client, path, {**data, "status": "done"}, "Unknown status")
    refused_post(client, path, {**data, "lineage": "nope"}, "not in the text any more")
    client.post(path, data)
    client.force_login(secretariat_user)
    client.post(path, {**data, "status": "agreed"})
    [status] = ParagraphStatus.objects.all()
    assert (status.status, status.note, status.set_by) == ("agreed", "Agreed in the informals of 12 April", secretariat_user)
    assert (status.history.earliest().history_user, status.history.latest().history_user) == (facilitator, secretariat_user)
    html = client.get(url("compilation", draft_l13)).content.decode()
    assert "Agreed in the informals of 12 April" in html and '<span class="pstatus pstatus-agreed">agreed</span>' in html


def test_facilitator_resolves_a_bracket_through_the_page_into_a_working_revision(client, delegate_user, reviewer_user,
                                                                                 facilitator, rev1, draft_l13):
    version, rows = rev1
    op1 = rows["1"]
    client.force_login(facilitator)
    html = client.get(url("compilation", draft_l13)).content.decode()
    assert "Keep “to report”" in html and "Keep “to inform”" in html and "Lift brackets" in html
    data = {"version": version.pk, "lineage": str(op1.lineage), "digest": _digest(op1.text), "group": "0", "choice": "1"}
    for user in (reviewer_user, delegate_user):
        client.force_login(user)
        refused_post(client, url("bracket_resolve", draft_l13), data, "Only the facilitator")
    client.force_login(facilitator)
    refused_post(client, url("bracket_resolve", draft_l13), {**data, "digest": "0" * 16}, "words changed")
    refused_post(client, url("bracket_resolve", draft_l13), {**data, "group": "7"}, "not in the paragraph any more")
    refused_post(client, url("bracket_resolve", draft_l13), {**data, "choice": ""}, "choose one")
    response = client.post(url("bracket_resolve", draft_l13), data)
    working = n.current_version(draft_l13)
    assert working.pk != version.pk and not working.is_issued
    new = working.paragraphs.get(lineage=op1.lineage)
    assert new.text == "Requests the Office to inform on progress [annually];", "lineage kept, the other brackets untouched"
    assert f"#p-{op1.lineage}" in response["Location"] and "Bracket resolved" in messages_of(client, response)
    # the page now shows the working text; lift the last bracket ("annually")
    html = client.get(url("compilation", draft_l13)).content.decode()
    assert "Lift brackets: “annually”" in html and "Keep “to " not in html and "Keep “with alarm”" in html
    client.post(url("bracket_resolve", draft_l13), {**data, "version": working.pk, "digest": _digest(new.text), "choice": ""})
    assert working.paragraphs.get(lineage=op1.lineage).text == "Requests the Office to inform on progress annually;"


def test_facilitator_is_assigned_by_the_secretariat_or_a_main_sponsor(client, delegate_user, other_delegate_user, reviewer_user,
                                                                     secretariat_user, draft_l13, django_user_model):
    someone = _user(django_user_model, "someone", "reviewer")
    path = url("facilitator_assign", draft_l13)
    for user in (reviewer_user, other_delegate_user):
        client.force_login(user)
        assert "Assign a facilitator" not in client.get(url("compilation", draft_l13)).content.decode()
        refused_post(client, path, {"username": "someone"}, "assigns its facilitator")
    client.force_login(delegate_user)  # Italy: main sponsor
    assert "Assign a facilitator" in client.get(url("compilation", draft_l13)).content.decode()
    refused_post(client, path, {"username": "nobody"}, "Choose the facilitator")
    assert "someone facilitates" in messages_of(client, client.post(path, {"username": "someone"}))
    client.force_login(secretariat_user)
    client.post(path, {"username": "someone"})
    assert list(Facilitation.objects.values_list("user__username", flat=True)) == ["someone"]
    assert "Facilitated by someone" in page_text(client.get(url("compilation", draft_l13)))
    assert someone.facilitations.count() == 1


# --- incorporation ---------------------------------------------------------------------------


def test_incorporate_preview_shows_the_redline_and_confirm_makes_a_new_working_revision(
        client, delegate_user, other_delegate_user, reviewer_user, facilitator, l13, draft_l13):
    version, rows = l13
    amend = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="amend", user=other_delegate_user,
                              text="Requests the Office to report annually;")
    insert = n.proposal_create(version=version, lineage=rows["2"].lineage, kind="insert", user=delegate_user,
                               text="Encourages donors to contribute;")
    still_open = n.proposal_create(version=version, lineage=rows["3"].lineage, kind="delete", user=other_delegate_user)
    for p in (amend, insert):
        n.proposal_accept(proposal=p, user=facilitator)

    for user in (reviewer_user, delegate_user):
        client.force_login(user)
        response = client.get(url("incorporate", draft_l13))
        assert "Only the facilitator" in messages_of(client, response)
        refused_post(client, url("incorporate", draft_l13), {"version": version.pk, "proposals": f"{amend.pk},{insert.pk}"},
                     "Only the facilitator")

    client.force_login(facilitator)
    assert "Incorporate agreed proposals (2)" in client.get(url("compilation", draft_l13)).content.decode()
    before = counts()
    preview = client.get(url("incorporate", draft_l13))
    html = preview.content.decode()
    assert preview.status_code == 200 and counts() == before, "the preview writes nothing"
    assert "1 operative paragraph modified, 1 inserted" in page_text(preview)
    assert "<ins>annually</ins>" in html.replace("<ins> annually</ins>", "<ins>annually</ins>")
    assert "Encourages donors to contribute;" in html and "Decides to remain seized" not in html, "changes only"
    # a stale confirmation (another proposal agreed since the preview) is sent back to the preview
    refused_post(client, url("incorporate", draft_l13), {"version": version.pk, "proposals": str(amend.pk)}, "changed since the preview")
    ids = re.search(r'name="proposals" value="([^"]+)"', html).group(1)
    response = client.post(url("incorporate", draft_l13), {"version": version.pk, "proposals": ids})
    assert "Incorporated 2 agreed proposals into Working text on L.13 (revision" in messages_of(client, response)
    working = n.current_version(draft_l13)
    assert not working.is_issued and working.parent == version
    assert [p.text for p in working.paragraphs.filter(kind="operative").order_by("position")] == [
        "Requests the Office to report annually;", "Invites Member States to contribute;", "Encourages donors to contribute;",
        "Decides to remain seized of the matter."]
    assert set(Proposal.objects.filter(pk__in=[amend.pk, insert.pk]).values_list("status", flat=True)) == {"incorporated"}
    still_open.refresh_from_db()
    assert still_open.status == "open" and still_open.version == working
    page = client.get(url("compilation", draft_l13)).content.decode()
    assert "Requests the Office to report annually;" in page and f'id="proposal-{still_open.pk}"' in page


def test_the_secretariat_may_resolve_brackets_and_incorporate_too(client, delegate_user, secretariat_user, rev1, draft_l13):
    version, rows = rev1
    p = n.proposal_create(version=version, lineage=rows["2"].lineage, kind="delete", user=delegate_user)
    client.force_login(secretariat_user)
    client.post(url("proposal_accept", draft_l13, p.pk), {"accepted": "1"})
    pp2 = rows["Noting [w"]
    client.post(url("bracket_resolve", draft_l13), {"version": version.pk, "lineage": str(pp2.lineage), "digest": _digest(pp2.text),
                                                    "group": "0", "choice": "0"})
    working = n.current_version(draft_l13)
    assert working.paragraphs.get(lineage=pp2.lineage).text == "Noting with concern the rise of crime,"
    p.refresh_from_db()
    assert p.status == "accepted" and p.version == working, "the agreed proposal followed the text"
    preview = client.get(url("incorporate", draft_l13)).content.decode()
    ids = re.search(r'name="proposals" value="([^"]+)"', preview).group(1)
    response = client.post(url("incorporate", draft_l13), {"version": working.pk, "proposals": ids})
    assert "Incorporated 1 agreed proposal" in messages_of(client, response)
    assert not working.paragraphs.filter(lineage=rows["2"].lineage).exists()


def test_incorporate_without_agreed_proposals_says_so(client, facilitator, l13, draft_l13):
    client.force_login(facilitator)
    assert "No proposal on L.13 is agreed yet" in page_text(client.get(url("incorporate", draft_l13)))
    refused_post(client, url("incorporate", draft_l13), {"version": l13[0].pk, "proposals": ""}, "No proposal is agreed")


# --- export ----------------------------------------------------------------------------------


def test_export_is_a_landscape_word_table_with_one_row_per_paragraph(client, delegate_user, other_delegate_user, reviewer_user,
                                                                     l13, draft_l13):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    version, rows = l13
    p = n.proposal_create(version=version, lineage=rows["1"].lineage, kind="amend", user=delegate_user,
                          text="Requests the Office to report annually;")
    n.proposal_respond(proposal=p, stance="object", user=other_delegate_user)
    client.force_login(reviewer_user)
    response = client.get(url("compilation_docx", draft_l13))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-compilation.docx"')
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    [table] = document.tables
    assert len(table.rows) == 5 + 1
    assert [c.text for c in table.rows[0].cells] == ["Paragraph", "Current text", "Proposals (proposer, supporters, objectors)", "Status"]
    op1 = table.rows[3].cells
    assert op1[0].text.startswith("OP1") and op1[1].text == "Requests the Office to report;"
    assert "Italy – new wording" in op1[2].text and "Objected to by: France" in op1[2].text and op1[3].text == "pending"
    filtered = Document(io.BytesIO(client.get(url("compilation_docx", draft_l13) + "?open=1").content))
    assert len(filtered.tables[0].rows) == 2


def test_compilation_to_docx_takes_plain_rows():
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from negotiation.text.export_docx import compilation_to_docx

    rows = [
        {"label": "Art. 2.1", "heading": "Article 2", "text": "Parties [shall][should] act.", "brackets": 2, "status": "bracketed",
         "note": "Back to the capitals", "subparagraphs": ["(a) first;", "(b) second."], "proposals": [
             {"delegation": "Mexico", "on_behalf_of": "Group of 77 and China", "kind": "new wording", "status": "open",
              "segments": [[0, "Parties "], [-1, "[shall][should]"], [1, "shall"], [0, " act."]], "reason": "Ambition",
              "supporters": ["Brazil", "Chile"], "objectors": ["Japan"], "outdated": True}]},
        {"label": "Art. 2.2", "text": "Parties act.\x07", "status": "agreed", "proposals": []},
    ]
    document = Document(io.BytesIO(compilation_to_docx(rows, title="Paris Agreement", version_label="FCCC/CP/2015/L.9")))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    [table] = document.tables
    assert len(table.rows) == 3
    cells = table.rows[1].cells
    assert cells[1].text.splitlines() == ["Article 2", "Parties [shall][should] act.", "(a) first;", "(b) second."]
    proposal = cells[2].text
    assert "Mexico (on behalf of Group of 77 and China) – new wording [open] – outdated: the text moved on" in proposal
    assert "Supported by: Brazil, Chile" in proposal and "Objected to by: Japan" in proposal and "Reason: Ambition" in proposal
    runs = [r for p in cells[2].paragraphs for r in p.runs]
    assert any(r.text == "[shall][should]" and r.font.strike for r in runs) and any(r.text == "shall" and r.underline for r in runs)
    assert cells[3].text.splitlines() == ["bracketed", "Back to the capitals"]
    assert table.rows[2].cells[1].text == "Parties act."
    assert "Compilation of proposals on FCCC/CP/2015/L.9" in document.paragraphs[1].text
