"""Recording an action by hand is fast (issue 12, point 5), through HTTP: recorded votes pasted
as a UN report prints them, names resolved with close matches for the unknown, counts checked
against the lists by the model's rule, any number of statements, and nothing written on error.
"""
import pytest
from django.urls import reverse

from negotiation.forms import split_names
from negotiation.models import Action, Statement, Vote, VoteCast

# As a session report prints a recorded vote: hard-wrapped lines, names cut by a line break
# (with and without the hyphen of the name), "the", former names and long forms.
IN_FAVOUR = """In favour: Afghanistan, Albania, Algeria, Andorra, Argentina, Australia, Austria,
Belgium, Bolivia (Plurinational State of), Bosnia and
Herzegovina, Brazil, Bulgaria, Canada, Chile, Côte d’Ivoire, the Czech Republic, Denmark, Guinea-
Bissau, Islamic Republic of Iran, Japan, Mexico, the Netherlands, Norway, the Philippines, Timor-
Leste, Turkey, United Kingdom of Great Britain and Northern Ireland, Uruguay."""
IN_FAVOUR_NAMES = [
    "Afghanistan", "Albania", "Algeria", "Andorra", "Argentina", "Australia", "Austria", "Belgium",
    "Bolivia (Plurinational State of)", "Bosnia and Herzegovina", "Brazil", "Bulgaria", "Canada", "Chile",
    "Côte d’Ivoire", "Czechia", "Denmark", "Guinea-Bissau", "Iran (Islamic Republic of)", "Japan", "Mexico",
    "Netherlands (Kingdom of the)", "Norway", "Philippines", "Timor-Leste", "Türkiye",
    "United Kingdom of Great Britain and Northern Ireland", "Uruguay",
]
AGAINST = "Democratic People’s Republic of Korea, Nicaragua, the Russian\nFederation, Syrian Arab Republic"
ABSTAINING = "China, Cuba, India, Venezuela (Bolivarian\nRepublic of)"


def _data(draft, **extra):
    data = {
        "version": draft.versions.get(label="L.13").pk, "meeting_number": "9", "date": "2011-04-15", "outcome": "adopted",
        "vote_kind": "recorded", "in_favour": "", "against": "", "abstaining": "",
        "in_favour_list": IN_FAVOUR, "against_list": AGAINST, "abstaining_list": ABSTAINING,
        "st-TOTAL_FORMS": "3", "st-INITIAL_FORMS": "0", "st-MIN_NUM_FORMS": "0", "st-MAX_NUM_FORMS": "100",
    }
    for i in range(3):
        data.update({f"st-{i}-timing": "after", f"st-{i}-kind": "eop", f"st-{i}-role": "representative"})
    data.update(extra)
    return data


def _speakers(statement):
    """The delegations of a statement in speaking order (the order they were added in)."""
    through = Statement.delegations.through.objects.filter(statement=statement).order_by("pk").select_related("delegation")
    return [t.delegation.short_name for t in through]


def _nothing_written():
    return (Action.objects.count(), Vote.objects.count(), VoteCast.objects.count(), Statement.objects.count()) == (0, 0, 0, 0)


@pytest.fixture
def url(draft_l13):
    return reverse("action_create", args=[draft_l13.pk])


@pytest.fixture
def sec_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


# --- splitting a pasted list ---------------------------------------------------------------------


def test_split_names_joins_cut_names_and_keeps_commas_inside_parentheses():
    assert split_names("Bosnia and\nHerzegovina, Timor-\n  Leste,  the\r\nPhilippines") == [
        "Bosnia and Herzegovina", "Timor-Leste", "the Philippines"]
    assert split_names("Spain (on behalf of Andorra, Monaco), Japan") == ["Spain (on behalf of Andorra, Monaco)", "Japan"]
    assert split_names("Abstaining:\nChina, Cuba.") == ["China", "Cuba"]
    assert split_names("Chile,, Peru,") == ["Chile", "Peru"]
    assert split_names("") == []


def test_split_names_reads_a_final_and_but_keeps_names_that_contain_and():
    assert split_names("Spain, Trinidad and Tobago") == ["Spain", "Trinidad and Tobago"]
    assert split_names("Spain, Japan and Trinidad and Tobago") == ["Spain", "Japan", "Trinidad and Tobago"]
    assert split_names("Spain (on behalf of the European Union) and Japan") == [
        "Spain (on behalf of the European Union)", "Japan"]


# --- the page ------------------------------------------------------------------------------------


def test_form_offers_three_paste_areas_a_datalist_and_three_statement_rows_without_script(sec_client, url):
    html = sec_client.get(url).content.decode()
    for name in ("in_favour_list", "against_list", "abstaining_list"):
        assert f'<textarea name="{name}"' in html
    assert '<datalist id="delegation-names">' in html and '<option value="Philippines">' in html
    assert 'list="delegation-names"' in html
    assert 'name="st-2-delegations"' in html and 'name="st-3-delegations"' not in html  # three rows work without JS
    assert '<template id="statement-template">' in html and "st-__prefix__-delegations" in html
    assert '<button type="button" class="add-statement"' in html
    assert "js/action_form.js" in html and "defer" in html and "css/action_form.css" in html
    assert " style=" not in html and "<script>" not in html


# --- recorded votes pasted as printed ------------------------------------------------------------


def test_pasted_recorded_vote_lists_record_each_delegation_in_its_position(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13))
    assert response.status_code == 302, response.content.decode()[:3000]
    vote = Action.objects.get().vote
    assert (vote.kind, vote.in_favour, vote.against, vote.abstaining) == ("recorded", 28, 4, 4)
    casts = {}
    for cast in VoteCast.objects.select_related("delegation").order_by("pk"):
        casts.setdefault(cast.position, []).append(cast.delegation.short_name)
    assert casts["in_favour"] == IN_FAVOUR_NAMES
    assert casts["against"] == ["Democratic People’s Republic of Korea", "Nicaragua", "Russian Federation", "Syrian Arab Republic"]
    assert casts["abstaining"] == ["China", "Cuba", "India", "Venezuela (Bolivarian Republic of)"]


def test_counts_given_with_the_lists_are_kept_when_they_match(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, in_favour="28", against="4", abstaining="4"))
    assert response.status_code == 302
    assert Vote.objects.get().counts == {"in_favour": 28, "against": 4, "abstaining": 4}


def test_count_that_does_not_match_its_list_is_refused_naming_the_list_and_nothing_is_saved(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, in_favour="28", against="5", abstaining="4"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The vote counts do not match the lists: 5 against but 4 delegations listed." in html
    assert Action.objects.count() == 0 and _nothing_written()
    # the pasted lists come back as pasted, to be corrected rather than typed again
    assert "Bosnia and\nHerzegovina" in html


def test_unknown_name_is_named_with_close_matches_and_nothing_is_saved(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, against_list=AGAINST + ", Narnia, Frence"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown delegation “Narnia”" in html and "“Armenia”" in html
    assert "Unknown delegation “Frence”" in html and "“France”" in html  # every unknown name, not only the first
    assert _nothing_written()


def test_delegation_in_two_lists_is_refused(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, abstaining_list=ABSTAINING + ", Türkiye"))
    assert response.status_code == 400
    assert "Türkiye is listed both in favour and abstaining: a delegation votes once." in response.content.decode()
    assert _nothing_written()


def test_delegation_twice_in_one_list_is_refused(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, against_list="Nicaragua, Cuba, nicaragua", abstaining_list=""))
    assert response.status_code == 400
    assert "Nicaragua is listed twice in the list against" in response.content.decode()
    assert _nothing_written()


def test_lists_without_saying_how_the_vote_was_taken_are_refused(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, vote_kind=""))
    assert response.status_code == 400
    assert "recorded vote" in response.content.decode()
    assert _nothing_written()


def test_lists_on_an_action_without_a_vote_are_refused_by_the_model_rule(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, vote_kind="without_vote"))
    assert response.status_code == 400
    assert "An action taken without a vote has no counts and no voting lists." in response.content.decode()
    assert _nothing_written()


# --- statements ----------------------------------------------------------------------------------


def test_five_statements_in_one_post_are_all_stored_in_order(sec_client, url, draft_l13):
    speakers = ["Spain, Japan", "the representative of the Philippines", "China", "Turkey", "Mexico and Peru"]
    extra = {"st-TOTAL_FORMS": "5"}
    for i, who in enumerate(speakers):
        extra.update({f"st-{i}-delegations": who, f"st-{i}-timing": "before" if i == 0 else "after",
                      f"st-{i}-kind": "eov", f"st-{i}-role": "representative", f"st-{i}-paragraph_refs": "",
                      f"st-{i}-text": f"stated point {i + 1}"})
    response = sec_client.post(url, _data(draft_l13, **extra))
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = list(Action.objects.get().statements.order_by("pk"))
    assert [s.text for s in stored] == [f"stated point {i}" for i in range(1, 6)]
    assert [_speakers(s) for s in stored] == [["Spain", "Japan"], ["Philippines"], ["China"], ["Türkiye"], ["Mexico", "Peru"]]
    assert [s.timing for s in stored] == ["before", "after", "after", "after", "after"]
    assert {s.kind for s in stored} == {"eov"}


def test_a_pasted_sentence_names_the_speakers_of_a_statement(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, **{
        "st-0-delegations": "the representatives of Spain (on behalf of the European Union) and\nJapan",
        "st-0-text": "stated that they had joined the consensus", "st-0-kind": "general",
    }))
    assert response.status_code == 302, response.content.decode()[:3000]
    statement = Statement.objects.get()
    assert _speakers(statement) == ["Spain", "Japan"]  # in speaking order
    assert statement.kind == "general"


def test_unknown_speaker_is_a_form_error_with_close_matches(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, **{"st-1-delegations": "Spian", "st-1-text": "stated something"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown delegation “Spian”" in html and "“Spain”" in html
    assert _nothing_written()


def test_speaker_on_behalf_of_an_unknown_group_is_a_form_error(sec_client, url, draft_l13):
    response = sec_client.post(url, _data(draft_l13, **{"st-0-delegations": "Spain (on behalf of the Group of Friends)",
                                                        "st-0-text": "stated something"}))
    assert response.status_code == 400
    assert "Unknown delegation “the Group of Friends”" in response.content.decode()
    assert _nothing_written()


# --- who may record ------------------------------------------------------------------------------


def test_a_delegate_gets_403_and_nothing_is_written(client, delegate_user, url, draft_l13):
    client.force_login(delegate_user)
    assert client.get(url).status_code == 403
    assert client.post(url, _data(draft_l13)).status_code == 403
    assert _nothing_written()


def test_csrf_stays_on(secretariat_user, url, draft_l13):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(secretariat_user)
    assert csrf_client.post(url, _data(draft_l13)).status_code == 403
    assert _nothing_written()
