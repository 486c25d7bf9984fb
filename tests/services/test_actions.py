"""Recording actions, votes and statements: the rules, the bad input, and the report's wording
regenerated from the stored record (corpus 004, word for word)."""
import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from negotiation.errors import ApplicationError
from negotiation.models import (
    Action,
    Body,
    Delegation,
    Draft,
    Sponsorship,
    Statement,
    Version,
    Vote,
    VoteCast,
)
from negotiation.selectors.actions import action_text, report_section
from negotiation.services.actions import (
    action_record,
    actions_import,
    statement_add,
    vote_record,
)
from negotiation.services.sponsorship import sponsor_add
from negotiation.services.versions import draft_create, version_create
from tests.conftest import CORPUS, corpus_text, make_parsed
from tests.text.test_report import (
    ACTION_PARAGRAPHS_2011,
    THIRD_COMMITTEE,
    _fixture_paragraph,
    corpus_paragraph,
)

APRIL_15 = datetime.date(2011, 4, 15)


def _record_counts():
    """Rows of every model of the record, history included: "nothing written" means all equal."""
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("negotiation").get_models()}


def _l13_version(draft):
    return draft.versions.get(label="L.13")


def _record(draft_l13, **overrides):
    kwargs = {"version": _l13_version(draft_l13), "meeting_number": 9, "date": APRIL_15, "outcome": "adopted",
              "text_at": "chap. I, sect. D, resolution 20/3", "result": "resolution 20/3"}
    kwargs.update(overrides)
    return action_record(**kwargs)


# --- recording --------------------------------------------------------------------------------


def test_action_with_recorded_vote_and_statement_is_stored_with_history(draft_l13, secretariat_user):
    action = _record(
        draft_l13, user=secretariat_user, financial_statement=True, financial_statement_document="E/CN.15/2011/CRP.7",
        vote={"kind": "recorded", "in_favour": 2, "against": 1, "abstaining": 1,
              "lists": {"in_favour": ["the philippines", "NORWAY"], "against": ["Turkey"], "abstaining": ["Italy"]}},
        statements=[{"delegations": ["China"], "text": "stated that its Government would apply operative paragraph 2.",
                     "paragraph_refs": "operative paragraph 2", "timing": "after"}],
    )
    assert action.body.short_name == "CCPCJ"
    vote = Vote.objects.get(action=action)
    assert (vote.kind, vote.in_favour, vote.against, vote.abstaining) == ("recorded", 2, 1, 1)
    casts = {c.delegation.short_name: c.position for c in VoteCast.objects.filter(vote=vote).select_related("delegation")}
    assert casts == {"Philippines": "in_favour", "Norway": "in_favour", "Türkiye": "against", "Italy": "abstaining"}
    [statement] = action.statements.all()
    assert [p.number for p in statement.paragraphs.all()] == ["2"]
    assert statement.text.endswith("operative paragraph 2")  # the full stop is the report's, not the summary's
    assert action.history.first().history_user == secretariat_user
    assert action.history.first().history_change_reason.startswith("Action recorded")
    assert VoteCast.history.count() == 4
    draft_l13.refresh_from_db()
    assert draft_l13.status == "adopted"


def test_recorded_vote_counts_may_come_from_the_lists(draft_l13):
    action = _record(draft_l13, vote={"kind": "recorded", "lists": {"in_favour": ["Chile", "Peru"], "against": ["Cuba"]}})
    assert (action.vote.in_favour, action.vote.against, action.vote.abstaining) == (2, 1, 0)


def test_subsequently_joined_delegations_become_sponsors_at_the_action(draft_l13):
    action = _record(draft_l13, subsequently_joined=["the Bahamas", "Andorra"])
    joined = Sponsorship.objects.filter(joined_at_action=action).order_by("id")
    assert [s.delegation.short_name for s in joined] == ["Bahamas", "Andorra"]
    assert all(s.subsequently_joined and s.joined_on == APRIL_15 for s in joined)
    _, text = action_text(Action.objects.get(pk=action.pk))
    assert "sponsored by Italy." in text  # the sponsors as of the text acted on, not those who joined after
    assert "Subsequently, the Bahamas and Andorra joined in sponsoring the draft resolution." in text


def test_new_action_is_worded_from_the_delegation_table(draft_l13):
    for name in ("Philippines", "Bolivia (Plurinational State of)", "United States of America"):
        sponsor_add(draft=draft_l13, delegation=name)
    action = _record(draft_l13, financial_statement=True, statements=[
        {"delegations": ["United Kingdom of Great Britain and Northern Ireland"], "text": "made a statement"},
    ])
    _, text = action_text(action)
    assert text == (
        "At its 9th meeting, on 15 April, the Commission adopted a draft resolution (E/CN.15/2011/L.13) sponsored by "
        "Bolivia (Plurinational State of), Italy, the Philippines and the United States. (For the text, see chap. I, "
        "sect. D, resolution 20/3.) Prior to the adoption of the draft resolution, a representative of the Secretariat "
        "read out a financial statement. Following adoption, the representative of the United Kingdom made a statement."
    )


def test_recommendation_goes_to_the_parent_body_by_default(draft_l13, reference):
    action = _record(draft_l13, outcome="approved_and_recommended", result="", text_at="chap. I, sect. B, draft resolution I")
    assert action.recommended_to == reference["ECOSOC"]
    assert "approved and recommended for adoption by the Economic and Social Council a draft resolution" in action_text(action)[1]


# --- bad input: a clear error, nothing written ---------------------------------------------------


def _refused(draft_l13, message, **overrides):
    before = _record_counts()
    with pytest.raises(ApplicationError, match=message):
        _record(draft_l13, **overrides)
    assert _record_counts() == before


def test_vote_whose_counts_do_not_match_its_lists_is_refused(draft_l13):
    _refused(draft_l13, "do not match the lists: 3 in favour but 2 delegations",
             vote={"kind": "recorded", "in_favour": 3, "against": 0, "abstaining": 0, "lists": {"in_favour": ["Chile", "Peru"]}})


def test_delegation_both_in_favour_and_against_is_refused(draft_l13):
    _refused(draft_l13, "Peru is listed both in favour and against",
             vote={"kind": "recorded", "in_favour": 2, "against": 1, "abstaining": 0,
                   "lists": {"in_favour": ["Chile", "Peru"], "against": ["the peru"]}})


def test_action_on_a_version_of_another_draft_is_refused(draft_l13, reference):
    other = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.14", title="Other")
    version_create(draft=other, label="L.14", kind="issued", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
    _refused(draft_l13, "version of another draft", version=other.versions.get(), draft=draft_l13)


def test_action_dated_before_the_version_it_acts_on_is_refused(draft_l13):
    _refused(draft_l13, "before E/CN.15/2011/L.13", date=datetime.date(2011, 4, 10))


def test_statement_by_a_delegation_that_does_not_exist_is_refused(draft_l13):
    _refused(draft_l13, "Unknown delegation “Atlantis”",
             statements=[{"delegations": ["Atlantis"], "text": "stated that it existed"}])


def test_statement_on_a_paragraph_the_version_does_not_have_is_refused(draft_l13):
    _refused(draft_l13, "has no OP12", statements=[{"delegations": ["China"], "text": "spoke", "paragraph_refs": "OP12"}])


def test_action_recorded_twice_is_refused(draft_l13):
    _record(draft_l13)
    _refused(draft_l13, "already recorded")


def test_vote_without_a_vote_has_no_counts_and_a_second_vote_is_refused(draft_l13):
    action = _record(draft_l13, vote={"kind": "without_vote"})
    before = _record_counts()
    with pytest.raises(ApplicationError, match="already recorded"):
        vote_record(action=action, kind="recorded", in_favour=3)
    with pytest.raises(ApplicationError, match="without a vote has no counts"):
        _record(draft_l13, meeting_number=10, outcome="deferred", vote={"kind": "without_vote", "in_favour": 3})
    assert _record_counts() == before


def test_joint_statement_keeps_the_speaking_order(draft_l13):
    action = _record(draft_l13)
    statement = statement_add(action=action, delegations=["Turkey", "Venezuela (Bolivarian Republic of)", "Colombia"],
                              text="stated that they were not parties", kind=Statement.Kind.RESERVATION)
    _, text = action_text(Action.objects.get(pk=action.pk))
    assert text.endswith("Following adoption, the representatives of Türkiye, Venezuela (Bolivarian Republic of) "
                         "and Colombia stated that they were not parties.")
    assert statement.kind == "reservation"


# --- the 2011 record of corpus 004, through load_corpus -------------------------------------------


@pytest.fixture
def corpus_loaded(db):
    call_command("load_corpus", corpus_dir=str(CORPUS))
    return Body.objects.get(short_name="CCPCJ")


def test_every_corpus_action_regenerates_word_for_word_from_the_stored_record(corpus_loaded):
    report = corpus_text("004")
    section = report_section(corpus_loaded, 20)
    assert sorted(p.action.report_paragraph for p in section) == ACTION_PARAGRAPHS_2011
    mismatches = {p.action.report_paragraph: p.text for p in section
                  if p.text != corpus_paragraph(report, p.action.report_paragraph)}
    assert mismatches == {}


def test_section_is_in_meeting_order(corpus_loaded):
    order = [p.action.report_paragraph for p in report_section(corpus_loaded, 20)]
    assert order == [21, 22, 23, 61, 76, 24, 62, 63, 64, 77, 78, 79, 80, 81, 82, 94, 108, 109]


def test_corpus_sponsors_and_statements_come_from_the_tables(corpus_loaded):
    action = Action.objects.get(report_paragraph=61)
    assert "override" not in action.report_style  # sponsors, document and note all derive from the record
    assert action.version.label == "L.13/Rev.1, as further revised"
    assert action.report_style["names"] == {str(Delegation.objects.get(short_name="Türkiye").pk): "Turkey"}
    sponsor_add(draft=action.version.draft, delegation="Peru", version=action.version.draft.versions.get(label="L.13"),
                joined_on=datetime.date(2011, 4, 11))
    _, text = action_text(Action.objects.get(pk=action.pk))
    assert "Norway, Peru, the Philippines, Qatar" in text
    joint = Statement.objects.get(action__report_paragraph=64)
    assert joint.kind == "reservation" and joint.role == "representative"
    speakers = Statement.delegations.through.objects.filter(statement=joint).order_by("id")
    assert [t.delegation.short_name for t in speakers] == ["Türkiye", "Venezuela (Bolivarian Republic of)", "Colombia", "Peru"]
    uk = Statement.objects.get(action__report_paragraph=22)
    assert [p.number for p in uk.paragraphs.all()] == ["12"]  # "operative paragraph 12" of L.3
    assert Draft.objects.get(symbol="E/CN.15/2011/L.13").status == "adopted"


def test_importing_the_report_again_changes_nothing(corpus_loaded):
    before = _record_counts()
    outcome = actions_import(report_text=corpus_text("004"), body=corpus_loaded, session=20, year=2011, create_missing=False)
    assert (len(outcome.recorded), sorted(outcome.already), outcome.errors) == (0, ACTION_PARAGRAPHS_2011, [])
    assert _record_counts() == before


def test_unreadable_paragraph_is_reported_and_the_rest_imported(reference):
    from negotiation.services import corpus

    for plan in corpus.plans_from_corpus(CORPUS):
        corpus.plan_store(plan, reference)
    broken = corpus_text("004").replace(
        "63. At the same meeting, the Commission adopted a revised draft resolution",
        "63. At the same meeting, the Commission noted with appreciation a revised draft resolution")
    broken = broken.replace("sponsored by Chile, Costa Rica, \n", "sponsored by Chile, Atlantis, \n")
    outcome = actions_import(report_text=broken, body=reference["CCPCJ"], session=20, year=2011, create_missing=False)
    assert [e["paragraph"] for e in outcome.errors] == [63, 64]
    assert "outcome not recognised" in outcome.errors[0]["reason"]
    assert "Unknown delegation “Atlantis”" in outcome.errors[1]["reason"]
    assert len(outcome.recorded) == len(ACTION_PARAGRAPHS_2011) - 2
    assert not Action.objects.filter(report_paragraph__in=[63, 64]).exists()


# --- committee-report style: recorded votes with lists, drafts created ------------------------------


def test_committee_report_imports_votes_and_regenerates_word_for_word(reference):
    outcome = actions_import(report_text=THIRD_COMMITTEE, body=reference["GA/C.3"], session=78)
    assert outcome.errors == []
    assert [a.report_paragraph for a in outcome.recorded] == [9, 11, 12]
    l41 = Action.objects.get(report_paragraph=11)
    assert (l41.vote.kind, l41.vote.casts.count()) == ("recorded", 80 + 29 + 65)
    assert l41.version.full_label == "A/C.3/78/L.41"
    l12 = Draft.objects.get(symbol="A/C.3/78/L.12")
    assert [v.label for v in l12.versions.order_by("sequence")] == ["L.12", "L.12, as orally revised"]
    assert {s.delegation.short_name for s in l12.sponsorships.filter(subsequently_joined=True)} == {"Andorra", "Bahamas", "Türkiye"}
    section = report_section(reference["GA/C.3"], 78)
    assert [p.text for p in section] == [_fixture_paragraph(n) for n in (9, 11, 12)]
    assert Draft.objects.get(symbol="A/C.3/78/L.50").status == "rejected"


def test_version_known_only_by_symbol_is_created_once(reference):
    actions_import(report_text=THIRD_COMMITTEE, body=reference["GA/C.3"], session=78)
    before = _record_counts()
    again = actions_import(report_text=THIRD_COMMITTEE, body=reference["GA/C.3"], session=78)
    assert (again.recorded, again.already) == ([], [9, 11, 12])
    assert _record_counts() == before
    assert Version.objects.filter(draft__symbol="A/C.3/78/L.41").count() == 1


GA_C3_REPORT = Path(__file__).resolve().parent.parent / "text" / "fixtures" / "ga_c3_78_report.txt"


def test_a_main_committee_report_stores_sponsors_joiners_statements_and_amendments(reference):
    text = GA_C3_REPORT.read_text(encoding="utf-8")
    outcome = actions_import(report_text=text, body=reference["GA/C.3"], session=78)
    assert outcome.errors == []
    assert [a.report_paragraph for a in outcome.recorded] == [6, 11, 15, 16]
    l41 = Draft.objects.get(symbol="A/C.3/78/L.41")
    sponsors = l41.sponsorships.select_related("delegation")
    assert sponsors.filter(subsequently_joined=False).count() == 43
    assert {s.delegation.short_name for s in sponsors.filter(subsequently_joined=True)} == {
        "Kiribati", "Mongolia", "Netherlands (Kingdom of the)", "Nicaragua"}
    action = Action.objects.get(report_paragraph=6)
    assert action.vote.casts.count() == 80 + 29 + 65
    through = Statement.delegations.through  # rows in speaking order
    kinds = [(s.timing, s.kind, [t.delegation.short_name for t in through.objects.filter(statement=s).order_by("id")])
             for s in action.statements.order_by("pk")]
    assert kinds[0] == ("before", "statement", ["Iran (Islamic Republic of)"])
    assert ("before", "eov", ["Cuba", "Syrian Arab Republic", "Belarus"]) in kinds
    assert kinds[-1] == ("after", "statement", ["Spain", "Canada", "Holy See"])
    # The amendment: a vote of its own on the draft it amends, which it does not reject.
    amendment = Action.objects.get(report_paragraph=15)
    assert (amendment.amendment, amendment.outcome, amendment.version.draft.symbol) == ("A/C.3/78/L.60", "rejected", "A/C.3/78/L.30")
    assert amendment.vote.casts.count() == 25 + 90 + 40
    l30 = Draft.objects.get(symbol="A/C.3/78/L.30")
    assert l30.status == "adopted"
    assert not l30.sponsorships.filter(delegation__short_name="Timor-Leste").exists()
    assert not Draft.objects.filter(symbol="A/C.3/78/L.60").exists()
    # Importing the same report again changes nothing.
    before = _record_counts()
    again = actions_import(report_text=text, body=reference["GA/C.3"], session=78)
    assert (again.recorded, again.already, again.errors) == ([], [6, 11, 15, 16], [])
    assert _record_counts() == before


def test_a_body_takes_final_action_on_a_draft_once(draft_l13, reference):
    version = draft_l13.versions.order_by("sequence").first()
    action_record(version=version, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted")
    before = _record_counts()
    with pytest.raises(ApplicationError, match="already took final action on E/CN.15/2011/L.13: adopted on 15 April 2011"):
        action_record(version=version, meeting_number=10, date=datetime.date(2011, 4, 16), outcome="rejected")
    assert _record_counts() == before
    # A vote on an amendment is not a final action on the draft.
    action_record(version=version, meeting_number=10, date=datetime.date(2011, 4, 16), outcome="rejected", amendment="E/CN.15/2011/L.30")
