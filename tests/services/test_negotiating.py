"""The negotiation on a draft's text: proposals, stances, status, brackets, incorporation.

Every rule is tested on the service, with the database checked unchanged on every refusal."""
import pytest
from django.apps import apps

from negotiation.errors import ApplicationError
from negotiation.models import Delegation, ParagraphStatus, Proposal, Stance
from negotiation.services import negotiating as n
from negotiation.services.versions import version_create
from tests.conftest import _user, make_parsed, require_or_skip


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("negotiation").get_models()}


@pytest.fixture
def facilitator(draft_l13, django_user_model, secretariat_user):
    user = _user(django_user_model, "facil", "reviewer")
    n.facilitator_assign(draft=draft_l13, user_to_assign=user, user=secretariat_user)
    return user


@pytest.fixture
def text(draft_l13):
    version = draft_l13.versions.get(label="L.13")
    rows = {r.number or r.text[:9]: r for r in version.paragraphs.order_by("position")}
    return version, rows


def op(rows, number):
    return rows[str(number)]


def refused(call, *args, **kwargs):
    before = counts()
    with pytest.raises(ApplicationError) as error:
        call(*args, **kwargs)
    assert counts() == before, "a refused write changes nothing"
    return str(error.value)


# --- who may do what ---------------------------------------------------------------------


def test_only_delegates_propose_for_their_delegation(text, reviewer_user, secretariat_user, facilitator, delegate_user):
    version, rows = text
    lineage = op(rows, 1).lineage
    for user in (reviewer_user, secretariat_user, facilitator):
        assert "Only delegates" in refused(n.proposal_create, version=version, lineage=lineage, kind="delete", user=user)
    proposal = n.proposal_create(version=version, lineage=lineage, kind="delete", user=delegate_user, reason="Duplicates OP2")
    assert proposal.delegation.short_name == "Italy" and proposal.label == "OP1" and proposal.status == "open"
    assert proposal.history.first().history_change_reason.startswith("Italy proposed deletion for OP1")


def test_only_the_facilitator_or_secretariat_sets_status_accepts_resolves_and_incorporates(
        text, reviewer_user, delegate_user, other_delegate_user, facilitator, secretariat_user):
    version, rows = text
    lineage = op(rows, 1).lineage
    proposal = n.proposal_create(version=version, lineage=lineage, kind="amend", text="Requests the Office to report annually;",
                                 user=other_delegate_user)
    for user in (reviewer_user, delegate_user, other_delegate_user):
        assert "Only the facilitator" in refused(n.paragraph_status_set, version=version, lineage=lineage, status="agreed", user=user)
        assert "Only the facilitator" in refused(n.proposal_accept, proposal=proposal, user=user)
        assert "Only the facilitator" in refused(n.proposals_incorporate, version=version, user=user)
    for user in (facilitator, secretariat_user):
        assert n.paragraph_status_set(version=version, lineage=lineage, status="ad_ref", user=user).status == "ad_ref"
    assert ParagraphStatus.objects.filter(version=version, lineage=lineage).count() == 1


def test_facilitator_is_assigned_by_the_secretariat_or_a_main_sponsor_only(draft_l13, reviewer_user, delegate_user,
                                                                           other_delegate_user, django_user_model):
    someone = _user(django_user_model, "someone", "reviewer")
    assert "assigns its facilitator" in refused(n.facilitator_assign, draft=draft_l13, user_to_assign=someone, user=reviewer_user)
    assert "assigns its facilitator" in refused(n.facilitator_assign, draft=draft_l13, user_to_assign=someone, user=other_delegate_user)
    n.facilitator_assign(draft=draft_l13, user_to_assign=someone, user=delegate_user)  # Italy is main sponsor
    n.facilitator_assign(draft=draft_l13, user_to_assign=someone, user=delegate_user)  # twice: one row
    assert draft_l13.facilitations.count() == 1


# --- proposals and stances ----------------------------------------------------------------


def test_support_and_objection_one_per_delegation_and_not_on_ones_own(text, delegate_user, other_delegate_user, django_user_model):
    version, rows = text
    proposal = n.proposal_create(version=version, lineage=op(rows, 2).lineage, kind="amend",
                                 text="Invites Member States and donors to contribute;", user=delegate_user)
    assert "its own proposal" in refused(n.proposal_respond, proposal=proposal, stance="support", user=delegate_user)
    n.proposal_respond(proposal=proposal, stance="support", user=other_delegate_user)
    n.proposal_respond(proposal=proposal, stance="object", user=other_delegate_user)
    assert [(s.delegation.short_name, s.kind) for s in proposal.stances.all()] == [("France", "object")]
    second_french = _user(django_user_model, "del-fr-2", "delegate", delegation="France")
    n.proposal_respond(proposal=proposal, stance="support", user=second_french)
    assert Stance.objects.filter(proposal=proposal).count() == 1, "one stance per delegation, the latest"
    n.proposal_respond(proposal=proposal, stance="none", user=other_delegate_user)
    assert not proposal.stances.exists()


def test_withdrawn_proposal_takes_no_more_stances_and_only_the_proposer_withdraws(text, delegate_user, other_delegate_user):
    version, rows = text
    proposal = n.proposal_create(version=version, lineage=op(rows, 3).lineage, kind="delete", user=delegate_user)
    assert "Only Italy" in refused(n.proposal_withdraw, proposal=proposal, user=other_delegate_user)
    n.proposal_withdraw(proposal=proposal, user=delegate_user)
    assert "withdrawn" in refused(n.proposal_respond, proposal=proposal, stance="support", user=other_delegate_user)


def test_proposal_on_behalf_of_a_group_must_name_a_group(text, delegate_user):
    version, rows = text
    lineage = op(rows, 1).lineage
    assert "is not a group" in refused(n.proposal_create, version=version, lineage=lineage, kind="delete", user=delegate_user,
                                       on_behalf_of="France")
    group = Delegation.objects.filter(kind="group").order_by("short_name").first()
    p = n.proposal_create(version=version, lineage=lineage, kind="delete", user=delegate_user, on_behalf_of=group)
    assert p.on_behalf_of == group


def test_malformed_proposals_are_refused(text, delegate_user):
    version, rows = text
    lineage = op(rows, 1).lineage
    assert "Write the wording" in refused(n.proposal_create, version=version, lineage=lineage, kind="amend", text="", user=delegate_user)
    assert "current wording" in refused(n.proposal_create, version=version, lineage=lineage, kind="amend",
                                        text="Requests the Office to report;", user=delegate_user)
    assert "Unknown kind" in refused(n.proposal_create, version=version, lineage=lineage, kind="rewrite", text="x", user=delegate_user)
    assert "cannot move after itself" in refused(n.proposal_create, version=version, lineage=lineage, kind="move",
                                                 after_lineage=lineage, user=delegate_user)


def test_proposal_on_an_old_version_is_refused(text, draft_l13, delegate_user, secretariat_user):
    version, rows = text
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                   parsed=make_parsed(["Recalling its resolution 19/1,"], ["Requests the Office to report;"]))
    assert "moved on" in refused(n.proposal_create, version=version, lineage=op(rows, 1).lineage, kind="delete", user=delegate_user)


# --- status -------------------------------------------------------------------------------


def test_default_status_is_bracketed_when_the_text_holds_brackets(draft_l13, secretariat_user):
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                             parsed=make_parsed([], ["Requests the Office [to report][to inform];", "Decides to act;"]))
    rows = list(version.paragraphs.order_by("position"))
    assert sorted(n.statuses_of(version, rows).values()) == ["bracketed", "pending"]


def test_unknown_status_is_refused(text, facilitator):
    version, rows = text
    assert "Unknown status" in refused(n.paragraph_status_set, version=version, lineage=op(rows, 1).lineage, status="done",
                                       user=facilitator)


# --- brackets -----------------------------------------------------------------------------


@pytest.mark.parametrize("text_, groups", [
    ("Parties [shall][should] act", [["shall", "should"]]),
    ("Parties [shall] [should] [will] act [promptly]", [["shall", "should", "will"], ["promptly"]]),
    ("Parties [shall/should] act", [["shall", "should"]]),
    ("Parties [shall] OR [should] act", [["shall", "should"]]),
    ("Parties [to [enhance] the] work", [["to [enhance] the"]]),
    ("No brackets here", []),
])
def test_bracket_groups_read_alternatives(text_, groups):
    assert [g.alternatives for g in n.bracket_groups(text_)] == groups


def test_resolving_a_bracket_keeps_the_choice_and_lifts_the_brackets():
    assert n.resolved_text("Parties [shall][should] act", 0, 1) == "Parties should act"
    assert n.resolved_text("Parties [to [enhance] the] work", 0, None) == "Parties to [enhance] the work"
    with pytest.raises(ApplicationError, match="choose one"):
        n.resolved_text("Parties [shall][should] act", 0, None)


def test_facilitator_resolves_a_bracket_into_a_new_working_revision_with_lineage_kept(draft_l13, secretariat_user, facilitator):
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                             parsed=make_parsed(["Recalling its resolution 19/1,"],
                                                ["Requests the Office [to report][to inform] annually;", "Decides to act;"]))
    row = version.paragraphs.get(number="1")
    result = n.bracket_resolve(version=version, lineage=row.lineage, group_index=0, choice=0, user=facilitator)
    working = result.version
    assert working.pk != version.pk and not working.is_issued and working.parent == version
    assert working.paragraphs.get(lineage=row.lineage).text == "Requests the Office to report annually;"
    assert version.paragraphs.get(pk=row.pk).text == "Requests the Office [to report][to inform] annually;", "issued text unchanged"


# --- incorporation and rebasing -----------------------------------------------------------


def test_incorporating_agreed_proposals_makes_one_working_revision_and_rebases_open_ones(
        text, draft_l13, delegate_user, other_delegate_user, facilitator):
    version, rows = text
    amend = n.proposal_create(version=version, lineage=op(rows, 1).lineage, kind="amend",
                              text="Requests the Office to report annually;", user=delegate_user)
    insert = n.proposal_create(version=version, lineage=op(rows, 2).lineage, kind="insert",
                               text="Encourages donors to contribute;", user=other_delegate_user)
    delete = n.proposal_create(version=version, lineage=op(rows, 3).lineage, kind="delete", user=other_delegate_user)
    still_open = n.proposal_create(version=version, lineage=op(rows, 2).lineage, kind="amend",
                                   text="Invites all Member States to contribute;", user=delegate_user)
    for p in (amend, insert, delete):
        n.proposal_accept(proposal=p, user=facilitator)
    result, applied, outdated = n.proposals_incorporate(version=version, user=facilitator)
    working = result.version
    texts = [p.text for p in working.paragraphs.filter(kind="operative").order_by("position")]
    assert texts == ["Requests the Office to report annually;", "Invites Member States to contribute;",
                     "Encourages donors to contribute;"]
    assert {p.pk for p in applied} == {amend.pk, insert.pk, delete.pk} and outdated == []
    assert set(Proposal.objects.filter(pk__in=[amend.pk, insert.pk, delete.pk]).values_list("status", flat=True)) == {"incorporated"}
    still_open.refresh_from_db()
    assert still_open.status == "open" and still_open.version == working, "open proposals follow the text"


def test_open_proposal_on_words_that_changed_is_rebased_or_outdated(text, delegate_user, other_delegate_user, facilitator):
    version, rows = text
    lineage = op(rows, 1).lineage
    first = n.proposal_create(version=version, lineage=lineage, kind="amend", text="Requests the Office to report annually;",
                              user=delegate_user)
    clash = n.proposal_create(version=version, lineage=lineage, kind="amend", text="Requests the Office to report every year;",
                              user=other_delegate_user)
    elsewhere = n.proposal_create(version=version, lineage=lineage, kind="amend", text="Also requests the Office to report;",
                                  user=other_delegate_user)
    n.proposal_accept(proposal=first, user=facilitator)
    n.proposals_incorporate(version=version, user=facilitator)
    clash.refresh_from_db()
    elsewhere.refresh_from_db()
    assert clash.status == "outdated", "its words were changed by another proposal: never applied blindly"
    assert elsewhere.status == "open" and elsewhere.text == "Also requests the Office to report annually;"
    assert elsewhere.base_text == "Requests the Office to report annually;"


def test_incorporate_without_agreed_proposals_is_refused(text, facilitator):
    version, _ = text
    assert "No proposal is agreed" in refused(n.proposals_incorporate, version=version, user=facilitator)


def test_apply_proposals_moves_a_paragraph_after_another():
    from negotiation.text.merge import Item

    items = [Item("a", "operative", "A;"), Item("b", "operative", "B;"), Item("c", "operative", "C;")]
    move = Proposal(kind="move", lineage="00000000-0000-0000-0000-00000000000a", base_text="A;")
    items[0] = Item(str(move.lineage), "operative", "A;")
    move.after_lineage = None
    moved_after = Proposal(kind="move", lineage=move.lineage, base_text="A;", after_lineage="00000000-0000-0000-0000-00000000000c")
    items[2] = Item(str(moved_after.after_lineage), "operative", "C;")
    result, applied, outdated = n.apply_proposals(items, [moved_after])
    assert [i.text for i in result] == ["B;", "C;", "A;"] and applied == [moved_after] and outdated == []



# --- many people at once ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_stances_and_statuses_from_many_delegations_are_all_kept(reference, django_user_model, secretariat_user):
    """Eight delegations click at the same moment, each in its own connection: every stance is
    kept, and eight status saves on one paragraph leave one row (PostgreSQL in CI)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        require_or_skip("needs a database that takes concurrent connections (PostgreSQL runs in CI)")
    from negotiation.services.sponsorship import sponsor_add
    from negotiation.services.versions import draft_create

    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.31", title="Concurrency", user=secretariat_user)
    version = version_create(draft=draft, label="L.31", kind="issued", is_issued=True, user=secretariat_user,
                             parsed=make_parsed([], ["Requests the Office to report;", "Decides to act;"]))
    sponsor_add(draft=draft, delegation="Italy", role="main", user=secretariat_user)
    lineage = version.paragraphs.get(number="1").lineage
    proposer = _user(django_user_model, "prop", "delegate", delegation="Italy")
    proposal = n.proposal_create(version=version, lineage=lineage, kind="delete", user=proposer)
    names = ["France", "Mexico", "Brazil", "India", "Japan", "Kenya", "Chile", "Egypt"]
    delegates = [_user(django_user_model, f"d{k}", "delegate", delegation=name) for k, name in enumerate(names)]
    facilitators = []
    for k in range(8):
        user = _user(django_user_model, f"f{k}", "reviewer")
        n.facilitator_assign(draft=draft, user_to_assign=user, user=secretariat_user)
        facilitators.append(user)
    start, errors = threading.Barrier(16), []

    def run(call):
        try:
            start.wait()
            call()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(lambda u=u: n.proposal_respond(proposal=proposal, stance="support", user=u),))
               for u in delegates]
    threads += [threading.Thread(target=run, args=(lambda u=u: n.paragraph_status_set(version=version, lineage=lineage,
                                                                                       status="ad_ref", user=u),))
                for u in facilitators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(s.delegation.short_name for s in Stance.objects.filter(proposal=proposal)) == sorted(names)
    assert ParagraphStatus.objects.filter(version=version, lineage=lineage).count() == 1


def test_a_sub_paragraph_takes_proposals_labelled_as_negotiators_cite_it(draft_l13, secretariat_user, delegate_user, django_user_model):
    from negotiation.text.structure import OPERATIVE, ParsedText, SubParagraph
    from negotiation.text.structure import Paragraph as P

    parsed = ParsedText(paragraphs=[P(kind=OPERATIVE, number="1", text="Requests the Office:", subparagraphs=[
        SubParagraph("(a)", "to report;"), SubParagraph("(b)", "to assist States.")])])
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=parsed, is_issued=True, user=secretariat_user)
    sub = version.paragraphs.get(kind="subparagraph", number="(b)")
    proposal = n.proposal_create(version=version, lineage=sub.lineage, kind="insert", text="to train judges.", user=delegate_user)
    assert proposal.label == "OP1 (b)"
    facilitator = _user(django_user_model, "fac2", "reviewer")
    n.facilitator_assign(draft=draft_l13, user_to_assign=facilitator, user=secretariat_user)
    n.proposal_accept(proposal=proposal, user=facilitator)
    working = n.proposals_incorporate(version=version, user=facilitator)[0].version
    subs = [(p.number, p.text) for p in working.paragraphs.filter(kind="subparagraph").order_by("position")]
    assert subs == [("(a)", "to report;"), ("(b)", "to assist States."), ("(c)", "to train judges.")]


def test_open_proposals_follow_a_new_issued_version_and_the_editor(text, draft_l13, delegate_user, secretariat_user):
    """When the text moves on by any road (a revision issued, a working text saved), open
    proposals move with it: rebased three-way, or flagged outdated, never left on old words."""
    from negotiation.services.editing import paragraph_update, working_version_start

    version, rows = text
    keeps = n.proposal_create(version=version, lineage=op(rows, 1).lineage, kind="amend",
                              text="Also requests the Office to report;", user=delegate_user)
    clashes = n.proposal_create(version=version, lineage=op(rows, 2).lineage, kind="amend",
                                text="Invites all Member States to contribute;", user=delegate_user)
    rev1 = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                          parsed=make_parsed(["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
                                             ["Requests the Office to report annually;", "Invites States to contribute;",
                                              "Decides to remain seized of the matter."]))
    keeps.refresh_from_db()
    clashes.refresh_from_db()
    assert (keeps.status, keeps.version, keeps.text) == ("open", rev1, "Also requests the Office to report annually;")
    assert clashes.status == "outdated"
    working = working_version_start(draft=draft_l13, user=delegate_user)
    keeps.refresh_from_db()
    assert keeps.version == working
    paragraph_update(version=working, lineage=str(keeps.lineage), text="Requests the Secretariat to report annually;",
                     base_revision=working.revision, user=delegate_user)
    keeps.refresh_from_db()
    assert keeps.text == "Also requests the Secretariat to report annually;" and keeps.status == "open"


def test_incorporated_alternative_stands_beside_the_wording_both_in_brackets():
    from negotiation.text.merge import Item

    lineage = "00000000-0000-0000-0000-00000000000a"
    items = [Item(lineage, "operative", "Decides to act;")]
    alternative = Proposal(kind="alternative", lineage=lineage, base_text="Decides to act;", text="Decides to consider acting;")
    result, _, _ = n.apply_proposals(items, [alternative])
    assert result[0].text == "[Decides to act;] [Decides to consider acting;]"
    again, _, _ = n.apply_proposals(result, [Proposal(kind="alternative", lineage=lineage, base_text=result[0].text,
                                                      text="Decides not to act;")])
    assert again[0].text == "[Decides to act;] [Decides to consider acting;] [Decides not to act;]"
    assert [g.alternatives for g in n.bracket_groups(again[0].text)] == [
        ["Decides to act;", "Decides to consider acting;", "Decides not to act;"]]


def test_words_changed_since_the_page_was_opened_are_refused(draft_l13, secretariat_user, delegate_user, facilitator):
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                             parsed=make_parsed([], ["Requests the Office [to report][to inform];", "Decides to act;"]))
    row = version.paragraphs.get(number="1")
    assert "changed since you opened it" in refused(n.proposal_create, version=version, lineage=row.lineage, kind="delete",
                                                    user=delegate_user, base_text="Requests the Office to report;")
    assert "changed since you opened it" in refused(n.bracket_resolve, version=version, lineage=row.lineage, group_index=0,
                                                    choice=0, user=facilitator, base_text="Requests the Office [to act];")


def test_the_facilitators_revision_is_shared_and_the_facilitator_reads_it(draft_l13, secretariat_user, facilitator,
                                                                          other_delegate_user):
    from negotiation import selectors

    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                             parsed=make_parsed([], ["Requests the Office [to report][to inform];", "Decides to act;"]))
    row = version.paragraphs.get(number="1")
    working = n.bracket_resolve(version=version, lineage=row.lineage, group_index=0, choice=1, user=facilitator,
                                base_text=row.text).version
    assert working.is_shared
    versions = list(draft_l13.versions.all())
    assert working in selectors.visible_versions(other_delegate_user, versions, list(draft_l13.sponsorships.all()))
    assert "moved on" in refused(n.paragraph_status_set, version=version, lineage=row.lineage, status="agreed", user=facilitator)


def test_facilitator_reads_an_unshared_working_text(draft_l13, delegate_user, facilitator, reviewer_user):
    from negotiation import selectors
    from negotiation.services.editing import working_version_start

    working = working_version_start(draft=draft_l13, user=delegate_user)
    versions, sponsorships = list(draft_l13.versions.all()), list(draft_l13.sponsorships.all())
    assert working in selectors.visible_versions(facilitator, versions, sponsorships)
    assert working not in selectors.visible_versions(reviewer_user, versions, sponsorships)
