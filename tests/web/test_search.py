"""Search across everything a user may see, and a paragraph's history from its hit (issue 15.2).

Runs on SQLite (the LIKE fallback) and on PostgreSQL (full-text search, CI's DATABASE_URL):
what both must do is tested on both; stemming and the GIN index only where they exist."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.models import Paragraph
from negotiation.selectors.search import ParsedQuery, Term, full_text_search, parse_query
from negotiation.services.sponsorship import sponsor_add
from negotiation.services.versions import draft_create, version_create
from negotiation.text.structure import OPERATIVE, PREAMBULAR, ParsedText, SubParagraph
from negotiation.text.structure import Paragraph as TextParagraph
from tests.conftest import make_parsed

postgres_only = pytest.mark.skipif(not full_text_search(), reason="PostgreSQL full-text search only")


def _search(client, q, **params):
    return client.get(reverse("search"), {"q": q, **params})


def _hits(response) -> list[tuple[str, str, str]]:
    """(version label, paragraph label, text) of each hit on the page."""
    return [(p.version.label, p.label, p.text) for p in response.context["page"].object_list]


@pytest.fixture
def draft_l7(reference, secretariat_user):
    """A second draft holding a phrase L.13 holds too."""
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.7",
                         title="Crime prevention in urban areas", user=secretariat_user)
    version_create(draft=draft, label="L.7", kind="issued", is_issued=True, date=datetime.date(2011, 4, 12), parsed=make_parsed(
        ["Recalling the rise of crime in cities,", "Noting the rise of crime, especially in cities,"],
        ["Encourages Member States to share good practices;", "Requests the Office to report on crime in cities;"],
    ))
    return draft


# --- Query syntax (the fallback reads it in Python; PostgreSQL's websearch_to_tsquery reads the same) ---

def test_query_syntax_phrases_exclusions_alternatives_and_common_words():
    assert parse_query('"Rise  of Crime" -cities') == ParsedQuery('"Rise of Crime" -cities', [[Term("rise of crime"), Term("cities", True)]])
    assert parse_query("trafficking in persons").groups == [[Term("trafficking"), Term("persons")]]
    assert parse_query("piracy or cybercrime").groups == [[Term("piracy")], [Term("cybercrime")]]
    assert parse_query("the").groups == [[Term("the")]]  # only common words: kept
    assert not parse_query("-cities") and not parse_query("   ")
    assert parse_query("report; (crime),").words == ["report", "crime"]


# --- The search page ---

def test_search_needs_a_login(client, draft_l13):
    response = _search(client, "crime")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_phrase_in_quotes_finds_it_in_the_paragraphs_of_two_drafts(client, reviewer_user, draft_l13, draft_l7):
    client.force_login(reviewer_user)
    hits = _hits(_search(client, '"the rise of crime"'))
    assert sorted((v, label) for v, label, _ in hits) == [("L.13", "PP2"), ("L.7", "PP1"), ("L.7", "PP2")]
    # Without quotes the words may stand apart; in quotes, only where they stand together.
    assert len(_hits(_search(client, "rise cities"))) == 2
    assert {label for _, label, _ in _hits(_search(client, '"crime in cities"'))} == {"PP1", "OP2"}
    assert _hits(_search(client, '"cities crime"')) == []


def test_results_are_ranked_by_how_well_they_match(client, reviewer_user, reference, secretariat_user):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.4", title="Statistics", user=secretariat_user)
    version_create(draft=draft, label="L.4", kind="issued", is_issued=True, parsed=make_parsed(
        ["Noting statistics on trade,", "Noting statistics, statistics offices and statistics on trade,"],
        ["Requests statistics;"]))
    client.force_login(reviewer_user)
    assert [label for _, label, _ in _hits(_search(client, "statistics trade"))] == ["PP2", "PP1"]


def test_exclusion_and_alternatives(client, reviewer_user, draft_l13, draft_l7):
    client.force_login(reviewer_user)
    assert {(v, label) for v, label, _ in _hits(_search(client, "crime -cities"))} == {("L.13", "PP2")}
    assert {(v, label) for v, label, _ in _hits(_search(client, "contribute or practices"))} == {("L.13", "OP2"), ("L.7", "OP1")}


def test_each_hit_names_draft_version_and_paragraph_and_links_to_its_anchor(client, reviewer_user, draft_l7):
    client.force_login(reviewer_user)
    response = _search(client, "practices")
    version = draft_l7.versions.get()
    html = response.content.decode()
    assert f'href="{reverse("version_detail", args=[draft_l7.pk, version.pk])}#OP1"' in html
    assert "E/CN.15/2011/L.7" in html and ">OP1<" in html
    paragraph = version.paragraphs.get(kind="operative", number="1")
    assert f'href="{reverse("paragraph_origin", args=[paragraph.pk])}?q=practices"' in html


def test_a_sub_paragraph_hit_is_labelled_op_and_letter_and_links_to_its_paragraph(client, reviewer_user, reference, secretariat_user):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.9", title="Prisons", user=secretariat_user)
    parsed = ParsedText(title="Prisons", enacting_formula="The Commission,", paragraphs=[
        TextParagraph(kind=PREAMBULAR, text="Recalling the standard minimum rules,", lead="Recalling"),
        TextParagraph(kind=OPERATIVE, number="1", lead="Invites", text="Invites Member States:", subparagraphs=[
            SubParagraph(number="a", text="To reduce overcrowding;"), SubParagraph(number="b", text="To train staff."),
        ]),
    ])
    version = version_create(draft=draft, label="L.9", kind="issued", is_issued=True, parsed=parsed)
    client.force_login(reviewer_user)
    response = _search(client, "overcrowding")
    assert [(p.label, p.anchor) for p in response.context["page"].object_list] == [("OP1 (a)", "OP1")]
    assert f'{reverse("version_detail", args=[draft.pk, version.pk])}#OP1"' in response.content.decode()


def test_a_sub_paragraph_found_in_two_versions_is_one_result_and_its_history_is_its_paragraphs(
        client, reviewer_user, reference, secretariat_user):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.9", title="Prisons", user=secretariat_user)

    def parsed(subs):
        return ParsedText(title="Prisons", enacting_formula="The Commission,", paragraphs=[
            TextParagraph(kind=OPERATIVE, number="1", lead="Invites", text="Invites Member States:",
                          subparagraphs=[SubParagraph(number=n, text=t) for n, t in subs])])

    version_create(draft=draft, label="L.9", kind="issued", is_issued=True, parsed=parsed([("a", "To reduce overcrowding;")]))
    version_create(draft=draft, label="L.9/Rev.1", kind="issued", is_issued=True,
                   parsed=parsed([("a", "To reduce overcrowding in prisons;"), ("b", "To train staff.")]))
    client.force_login(reviewer_user)
    [hit] = _search(client, "overcrowding").context["page"].object_list
    assert (hit.version.label, hit.label, hit.earlier) == ("L.9/Rev.1", "OP1 (a)", ["L.9"])
    response = client.get(reverse("paragraph_origin", args=[hit.pk]), {"q": "overcrowding"})
    assert [(s["version"].label, s["label"], s["text"], s["matches"]) for s in response.context["steps"]] == [
        ("L.9", "OP1", "Invites Member States: (a) To reduce overcrowding;", True),
        ("L.9/Rev.1", "OP1", "Invites Member States: (a) To reduce overcrowding in prisons; (b) To train staff.", True)]
    assert response.context["hit_label"] == "OP1 (a)" and "<ins>" in response.content.decode()


def test_snippets_escape_the_text_and_mark_only_the_matches(client, reviewer_user, reference, secretariat_user):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.8", title="Cybercrime", user=secretariat_user)
    version_create(draft=draft, label="L.8", kind="issued", is_issued=True, parsed=make_parsed(
        ['Noting <script>alert("x")</script> <b>bold</b> & cybercrime threats,'], ["Requests a study of cybercrime;"]))
    client.force_login(reviewer_user)
    html = _search(client, "cybercrime").content.decode()
    assert "<script>alert" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "&amp; <mark>cybercrime</mark> threats" in html
    assert html.count("<mark>") == 2  # one per hit, nothing else marked
    # The query itself is escaped wherever the page repeats it.
    html = _search(client, '<script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_one_result_per_paragraph_the_newest_version_standing_for_the_older(client, reviewer_user, draft_l13):
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1,", "Noting with deep concern the rise of crime,"],
        ["Requests the Office to report;", "Invites Member States to contribute;", "Decides to remain seized of the matter."]))
    client.force_login(reviewer_user)
    response = _search(client, "contribute")
    [hit] = response.context["page"].object_list
    assert (hit.version.label, hit.label, hit.earlier) == ("L.13/Rev.1", "OP2", ["L.13"])
    assert "also found in L.13" in response.content.decode()
    # The old wording is found where only the old version holds it.
    [hit] = _search(client, '"noting with concern"').context["page"].object_list
    assert (hit.version.label, hit.label, hit.earlier) == ("L.13", "PP2", [])


def test_private_working_versions_of_other_delegations_never_appear(client, reviewer_user, delegate_user, other_delegate_user,
                                                                    secretariat_user, draft_l13, reference):
    version_create(draft=draft_l13, label="Rolling text 1", kind="informal", is_issued=False,
                   parsed=make_parsed(["Recalling its resolution 19/1,"], ["Welcomes the zanzibarite initiative;"]))
    # A draft known only by an unshared working version of Italy's: not even its title shows.
    secret = draft_create(body=reference["CCPCJ"], session=20, symbol="", title="Zanzibarite cooperation", user=secretariat_user)
    version_create(draft=secret, label="Zero draft", kind="informal", is_issued=False,
                   parsed=make_parsed(["Noting the zanzibarite report,"], ["Decides to act;"]))
    sponsor_add(draft=secret, delegation="Italy", role="main", user=secretariat_user)
    hidden = Paragraph.objects.get(text="Welcomes the zanzibarite initiative;")

    for user in (reviewer_user, other_delegate_user):
        client.force_login(user)
        response = _search(client, "zanzibarite")
        assert _hits(response) == [] and response.context["drafts"] == []
        assert "Zanzibarite cooperation" not in response.content.decode()
        assert client.get(reverse("paragraph_origin", args=[hidden.pk])).status_code == 404
    for user in (delegate_user, secretariat_user):  # Italy sponsors both; the secretariat sees all
        client.force_login(user)
        response = _search(client, "zanzibarite")
        assert {(v, label) for v, label, _ in _hits(response)} == {("Rolling text 1", "OP1"), ("Zero draft", "PP1")}
        assert [d.title for d in response.context["drafts"]] == ["Zanzibarite cooperation"]
        assert "working version" in response.content.decode()


def test_drafts_are_found_by_symbol_and_title(client, reviewer_user, draft_l13, draft_l7):
    client.force_login(reviewer_user)
    assert [d.symbol for d in _search(client, "L.7").context["drafts"]] == ["E/CN.15/2011/L.7"]
    assert [d.symbol for d in _search(client, "urban areas").context["drafts"]] == ["E/CN.15/2011/L.7"]
    assert [d.symbol for d in _search(client, "E/CN.15/2011/L.1").context["drafts"]] == ["E/CN.15/2011/L.13"]


def test_results_are_paginated_with_the_query_kept_in_the_url(client, reviewer_user, reference, secretariat_user):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.5", title="Long", user=secretariat_user)
    version_create(draft=draft, label="L.5", kind="issued", is_issued=True, parsed=make_parsed(
        [f"Recalling piracy report {i}," for i in range(1, 16)], [f"Requests piracy study {i};" for i in range(1, 13)]))
    client.force_login(reviewer_user)
    first = _search(client, "piracy")
    assert first.context["page"].paginator.count == 27 and len(_hits(first)) == 20
    assert 'href="?q=piracy&amp;page=2"' in first.content.decode()
    second = _search(client, "piracy", page=2)
    assert len(_hits(second)) == 7 and 'href="?q=piracy&amp;page=1"' in second.content.decode()
    assert 'value="piracy"' in second.content.decode()
    assert not {p for *_, p in _hits(first)} & {p for *_, p in _hits(second)}


def test_search_reads_a_fixed_number_of_queries_however_many_hits(client, reviewer_user, reference, secretariat_user, draft_l13):
    client.force_login(reviewer_user)
    counts = []
    for n in (1, 15):
        draft = draft_create(body=reference["CCPCJ"], session=20, symbol=f"E/CN.15/2011/L.{20 + n}", title="Q", user=secretariat_user)
        version_create(draft=draft, label=f"L.{20 + n}", kind="issued", is_issued=True,
                       parsed=make_parsed([f"Recalling measure{n} {i}," for i in range(n)], ["Decides to act;"]))
        with CaptureQueriesContext(connection) as queries:
            response = _search(client, f"measure{n}")
        assert len(_hits(response)) == n
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


def test_an_empty_query_shows_just_the_form(client, reviewer_user):
    client.force_login(reviewer_user)
    response = _search(client, "   ")
    assert response.status_code == 200 and response.context["page"] is None
    assert 'id="search-q"' in response.content.decode()


def test_the_header_has_a_search_box_on_every_page(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    html = client.get(reverse("draft_list")).content.decode()
    assert f'role="search" aria-label="Search all texts" method="get" action="{reverse("search")}"' in html
    assert '<label class="sr-only" for="site-search-q">' in html and 'name="q"' in html
    assert 'style=' not in html.split("<main")[0]


@postgres_only
def test_full_text_search_matches_word_forms_on_postgresql(client, reviewer_user, draft_l7):
    client.force_login(reviewer_user)
    assert {label for _, label, _ in _hits(_search(client, "encouraging"))} == {"OP1"}  # "Encourages"
    assert {label for _, label, _ in _hits(_search(client, "city"))} == {"PP1", "PP2", "OP2"}


def test_the_gin_index_serves_the_search_on_postgresql(db):
    if not full_text_search():
        from django.db.migrations.executor import MigrationExecutor

        # On SQLite the migration is applied and does nothing.
        assert ("negotiation", "0007_paragraph_search_index") in MigrationExecutor(connection).recorder.applied_migrations()
        return
    from negotiation.selectors.search import text_matches

    query = text_matches(Paragraph.objects.order_by(), parse_query('"rise of crime"')).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "negotiation_paragraph_text_search" in plan


# --- Where does this wording come from ---

@pytest.fixture
def three_versions(draft_l13):
    """L.13, then an empty L.13/Rev.1 (text not held), then Rev.2 changing PP2 and dropping OP3."""
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, allow_empty=True,
                   parsed=make_parsed([], []))
    version_create(draft=draft_l13, label="L.13/Rev.2", kind="issued", is_issued=True, date=datetime.date(2011, 4, 14),
                   parent=draft_l13.versions.get(label="L.13"),
                   parsed=make_parsed(["Recalling its resolution 19/1,", "Noting with deep concern the sharp rise of crime,"],
                                      ["Requests the Office to report;", "Invites Member States to contribute;"]))
    return draft_l13


def test_history_follows_the_paragraph_through_every_version_with_a_redline(client, reviewer_user, three_versions):
    client.force_login(reviewer_user)
    hit = Paragraph.objects.get(version__label="L.13/Rev.2", text__startswith="Noting")
    response = client.get(reverse("paragraph_origin", args=[hit.pk]), {"q": "sharp"})
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [(s["version"].label, s.get("label"), s.get("absent")) for s in steps] == [
        ("L.13", "PP2", None), ("L.13/Rev.1", None, "no text held"), ("L.13/Rev.2", "PP2", None)]
    assert steps[2]["changed"] and steps[2]["is_hit"] and steps[2]["matches"] and not steps[0]["matches"]
    assert response.context["first"]["version"].label == "L.13"
    assert response.context["first_match"]["version"].label == "L.13/Rev.2"
    html = " ".join(response.content.decode().split())
    assert "First appeared in" in html and "E/CN.15/2011/L.13</strong></a>, 11 April 2011, as PP2" in html
    assert "<ins>deep </ins>" in html and "<ins>sharp </ins>" in html
    assert "The words “sharp” first appear in it in <strong>E/CN.15/2011/L.13/Rev.2</strong>" in html
    assert f'href="{reverse("version_detail", args=[three_versions.pk, hit.version_id])}#PP2"' in html


def test_history_says_when_a_paragraph_left_the_text(client, reviewer_user, three_versions):
    client.force_login(reviewer_user)
    op3 = Paragraph.objects.get(version__label="L.13", text__startswith="Decides")
    steps = client.get(reverse("paragraph_origin", args=[op3.pk])).context["steps"]
    assert [s.get("absent") for s in steps] == [None, "no text held", "not in this version"]


def test_history_leaves_out_private_working_versions(client, reviewer_user, delegate_user, draft_l13):
    version_create(draft=draft_l13, label="Rolling text 1", kind="informal", is_issued=False,
                   parsed=make_parsed(["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
                                      ["Requests the Office to report fully;"]))
    issued = Paragraph.objects.get(version__label="L.13", text__startswith="Requests")
    client.force_login(reviewer_user)
    assert [s["version"].label for s in client.get(reverse("paragraph_origin", args=[issued.pk])).context["steps"]] == ["L.13"]
    client.force_login(delegate_user)
    steps = client.get(reverse("paragraph_origin", args=[issued.pk])).context["steps"]
    assert [s["version"].label for s in steps] == ["L.13", "Rolling text 1"] and steps[1]["changed"]


def test_history_of_an_unknown_paragraph_is_404(client, reviewer_user):
    client.force_login(reviewer_user)
    assert client.get(reverse("paragraph_origin", args=[999999])).status_code == 404


def test_search_and_history_pages_carry_no_inline_code(client, reviewer_user, three_versions):
    from tests.web.test_security import inline_code

    client.force_login(reviewer_user)
    hit = Paragraph.objects.get(version__label="L.13/Rev.2", text__startswith="Noting")
    for response in (_search(client, '"rise of crime" -zebra'), client.get(reverse("paragraph_origin", args=[hit.pk]), {"q": "rise"})):
        assert response.status_code == 200 and "Content-Security-Policy" in response
        assert inline_code(response.content.decode()) == []
        assert "css/search.css" in response.content.decode()
