"""Convergence per version (and per Article of a treaty), its SVG chart on the draft page, and
each paragraph's status shown on the draft page, in the editor and on the compare page."""
import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.models import Paragraph, Version
from negotiation.selectors.convergence import (
    Tally,
    convergence_chart,
    draft_convergence,
    nice_ticks,
    short_lines,
)
from negotiation.services.corpus import _paris_plan, plan_store
from negotiation.services.editing import working_version_start
from negotiation.services.negotiating import facilitator_assign, paragraph_status_set, proposal_create
from negotiation.services.versions import version_create
from negotiation.text.structure import Footnote, SubParagraph
from tests.conftest import CORPUS, make_parsed


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paris(reference):
    """The Paris Agreement chain as load_corpus stores it: four versions, brackets 298 lines -> 0."""
    return plan_store(_paris_plan(CORPUS / "paris2015"), reference)


def _lineage(version, number):
    return version.paragraphs.get(kind="operative", number=str(number)).lineage


def _badge(html: str, lineage) -> str:
    """The status badge inside the paragraph of ``lineage`` on the draft page."""
    block = html[html.index(f'data-lineage="{lineage}"'):]
    return re.search(r'<span class="ps-badge ps-([a-z_]+)"', block[:block.index("</p>")]).group(1)


# --- the counts -----------------------------------------------------------------------------
def test_paris_brackets_fall_to_zero_version_by_version(paris):
    versions = list(paris.versions.order_by("sequence"))
    convergence = draft_convergence(paris, versions)
    groups = [v.total.bracket_groups for v in convergence.versions]
    bracketed = [v.total.bracketed_paragraphs for v in convergence.versions]
    assert all(a > b for a, b in zip(groups, groups[1:])), groups
    assert groups[-1] == 0 and groups[0] > 500
    assert all(a > b for a, b in zip(bracketed, bracketed[1:])), bracketed
    assert bracketed[-1] == 0
    # With no facilitator, a paragraph with brackets is "bracketed"; the adopted text is agreed.
    first, last = convergence.versions[0].total, convergence.versions[-1].total
    assert first.by_status["bracketed"] == first.bracketed_paragraphs > 0
    assert last.by_status["agreed"] == last.paragraphs > 100
    assert convergence.is_treaty and convergence.show


def test_paris_per_article_adds_up_and_the_adopted_articles_hold_no_brackets(paris):
    convergence = draft_convergence(paris, list(paris.versions.order_by("sequence")))
    for v in convergence.versions:
        assert sum(a.bracket_groups for a in v.articles) == v.total.bracket_groups
        assert sum(a.paragraphs for a in v.articles) == v.total.paragraphs
    first = {a.name: a for a in convergence.versions[0].articles}
    assert first["Article 3 (mitigation)"].bracket_groups > 100
    final = convergence.versions[-1].articles
    assert [a.name for a in final][:3] == ["Preamble", "Article 1", "Article 2"]
    assert len(final) == 30  # the preamble and Articles 1-29
    assert all(a.bracket_groups == 0 and a.bracketed_paragraphs == 0 and a.by_status["agreed"] == a.paragraphs for a in final)


def test_counts_follow_the_facilitators_statuses_open_proposals_and_footnotes(draft_l13, secretariat_user, delegate_user):
    parsed = make_parsed(["Recalling its resolution 19/1,"],
                         ["Requests the Office [to report][to inform the Commission];", "Invites States [[to contribute] generously];",
                          "Decides to remain seized of the matter."])
    parsed.paragraphs[3].subparagraphs = [SubParagraph(number="(a)", text="on [crime] trends;")]
    parsed.footnotes = [Footnote(marker="1", text="[To be confirmed.]")]
    parsed.paragraphs[1].footnotes = ["1"]
    rev = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=parsed, is_issued=True)
    paragraph_status_set(version=rev, lineage=_lineage(rev, 1), status="ad_ref", user=secretariat_user)
    paragraph_status_set(version=rev, lineage=rev.paragraphs.get(kind="preambular").lineage, status="agreed", user=secretariat_user)
    proposal_create(version=rev, lineage=_lineage(rev, 2), kind="amend", text="Invites States to contribute;", user=delegate_user)
    total = draft_convergence(draft_l13, list(draft_l13.versions.order_by("sequence"))).versions[-1].total
    # OP1: 2 groups (shall/should side by side), OP2: 1 (nested counts once), OP3's (a): 1, the footnote: 1.
    assert total.bracket_groups == 5
    assert total.bracketed_paragraphs == 3  # OP1, OP2, and OP3 through its sub-paragraph
    assert total.by_status == {"pending": 0, "bracketed": 2, "ad_ref": 1, "agreed": 1, "deleted": 0}
    assert total.open_proposals == 1 and total.paragraphs == 4


def test_convergence_takes_three_queries_however_many_versions(draft_l13, secretariat_user, django_assert_num_queries):
    for i in range(1, 6):
        version_create(draft=draft_l13, label=f"L.13/Rev.{i}", kind="issued", is_issued=True, user=secretariat_user,
                       parsed=make_parsed(["Recalling x,"], [f"Decides [y{i}];"] * (6 - i)))
    versions = list(draft_l13.versions.order_by("sequence"))
    with django_assert_num_queries(3):
        convergence = draft_convergence(draft_l13, versions)
    assert [v.total.bracket_groups for v in convergence.versions] == [0, 5, 4, 3, 2, 1]


# --- the chart ------------------------------------------------------------------------------
def _tally(groups, paragraphs_bracketed, **statuses):
    tally = Tally("x", paragraphs=sum(statuses.values()), bracket_groups=groups, bracketed_paragraphs=paragraphs_bracketed)
    tally.by_status.update(statuses)
    return tally


def test_chart_geometry_puts_fewer_brackets_lower_and_stacks_statuses_to_the_total():
    points = [{"label": f"Version {i}", "date": datetime.date(2015, 12, i + 1), "tally": t} for i, t in enumerate(
        [_tally(40, 10, pending=5, bracketed=10), _tally(12, 4, pending=8, bracketed=4, agreed=3), _tally(0, 0, agreed=14, deleted=1)])]
    chart = convergence_chart(points, title="Convergence of L.13")
    ys = [p["y"] for p in chart["brackets"]["groups"]]
    assert ys[0] < ys[1] < ys[2] == chart["brackets"]["bottom"]  # SVG y grows downwards
    assert [p["value"] for p in chart["brackets"]["groups"]] == [40, 12, 0]
    xs = [b["x"] for b in chart["statuses"]["bars"]]
    assert xs == sorted(xs) and len(set(xs)) == 3
    scale = (chart["statuses"]["bottom"] - chart["statuses"]["top"]) / chart["statuses"]["ticks"][-1]["value"]
    for bar, total in zip(chart["statuses"]["bars"], [15, 15, 15]):
        assert sum(s["height"] for s in bar["stack"]) == pytest.approx(total * scale, abs=0.5)
    assert [s["status"] for s in chart["statuses"]["bars"][2]["stack"]] == ["agreed", "deleted"]
    assert chart["labels"][0]["date"] == "1 Dec 2015"
    assert chart["summary"].startswith("Bracket groups per version: Version 0 40, Version 1 12, Version 2 0.")


def test_ticks_and_labels():
    assert nice_ticks(632) == [0, 200, 400, 600, 800]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]
    assert short_lines("Draft agreement, edited version of 6 November (text of 23 October)", 24) == [
        "Draft agreement, edited", "version of 6 November"]
    assert short_lines("Facilitator's revised text (demo)", 20) == ["Facilitator's", "revised text (demo)"]
    assert short_lines("A very long informal text label without any parentheses at all", 12)[-1].endswith("…")


# --- the draft page -------------------------------------------------------------------------
def test_paris_draft_page_shows_the_convergence_chart_accessibly(client, reviewer_user, paris):
    client.force_login(reviewer_user)
    html = client.get(reverse("draft_detail", args=[paris.pk])).content.decode()
    section = html[html.index('id="convergence"'):html.index('class="draft-layout"')]
    svg = re.search(r'<svg class="cv-chart"[^>]*role="img"[^>]*aria-label="([^"]+)"', section)
    assert svg, section[:500]
    groups = re.search(r"Bracket groups per version: (.*?)\. Bracketed", svg.group(1)).group(1)
    numbers = [int(n) for n in re.findall(r" (\d+)(?:,|$)", groups)]
    assert len(numbers) == 4 and numbers[-1] == 0 and numbers == sorted(numbers, reverse=True)
    assert "<title>Convergence of Paris Agreement</title>" in section
    assert section.count("<polyline") == 2 and "<details" in section
    # The exact numbers in the table, and per Article for the treaty.
    table = section[section.index("<table"):]
    assert re.search(r"<th scope=\"row\">decision 1/CP.21</th><td[^>]*>12 Dec 2015</td><td class=\"num\">150</td>", table)
    assert "Per Article" in section and '<th scope="row">Article 29</th>' in section


def test_draft_with_one_text_has_no_convergence_section(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    html = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert 'id="convergence"' not in html
    assert html.count('class="ps-badge ps-pending"') == 5


def test_draft_page_shows_each_paragraphs_status_and_shades_brackets_by_depth(client, reviewer_user, draft_l13, secretariat_user):
    rev = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1,"],
        ["Requests the Office [to report [annually]][to inform];", "Invites <b>States</b> [to contribute & act];", "Decides to act."]))
    paragraph_status_set(version=rev, lineage=_lineage(rev, 3), status="agreed", user=secretariat_user)
    paragraph_status_set(version=rev, lineage=rev.paragraphs.get(kind="preambular").lineage, status="ad_ref", user=secretariat_user)
    client.force_login(reviewer_user)
    html = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert _badge(html, _lineage(rev, 1)) == "bracketed"
    assert _badge(html, _lineage(rev, 3)) == "agreed"
    assert _badge(html, rev.paragraphs.get(kind="preambular").lineage) == "ad_ref"
    assert ">agreed ad ref</span>" in html
    # The italic lead stays; brackets are wrapped by depth, the text escaped first.
    assert ('<em>Requests</em> the Office <span class="br br-d1">[to report <span class="br br-d2">[annually]</span>]</span>'
            '<span class="br br-d1">[to inform]</span>;') in html
    assert '<em>Invites</em> &lt;b&gt;States&lt;/b&gt; <span class="br br-d1">[to contribute &amp; act]</span>;' in html
    # The first version on the page: the older text, its own statuses.
    old = draft_l13.versions.get(label="L.13")
    html = client.get(reverse("version_detail", args=[draft_l13.pk, old.pk])).content.decode()
    assert _badge(html, _lineage(old, 3)) == "pending"
    assert 'id="convergence"' in html


def test_draft_page_query_count_does_not_grow_with_versions_statuses_or_proposals(client, reviewer_user, draft_l13,
                                                                                secretariat_user, delegate_user):
    client.force_login(reviewer_user)
    url = reverse("draft_detail", args=[draft_l13.pk])
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(["Recalling x,"], ["Decides [y];"]))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(2, 7):
        rev = version_create(draft=draft_l13, label=f"L.13/Rev.{i}", kind="issued", is_issued=True,
                             parsed=make_parsed(["Recalling x,", "Noting y,"], [f"Decides [z{i}];", "Requests w;", "Invites v;"]))
        for number in (1, 2):
            paragraph_status_set(version=rev, lineage=_lineage(rev, number), status="agreed", user=secretariat_user)
        proposal_create(version=rev, lineage=_lineage(rev, 3), kind="delete", user=delegate_user)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few) <= 12, [q["sql"][:120] for q in many.captured_queries]
    convergence = response.context["convergence"]
    # Each open proposal counts once, on the version it now stands on (rebased as the text moves on).
    assert sum(v.total.open_proposals for v in convergence.versions) == 5
    assert 'id="convergence"' in response.content.decode()


# --- the editor and the compare page --------------------------------------------------------
def test_editor_shows_each_paragraphs_status_next_to_its_label(client, delegate_user, draft_l13, secretariat_user):
    working = working_version_start(draft=draft_l13, user=delegate_user)
    paragraph_status_set(version=working, lineage=_lineage(working, 2), status="deleted", user=secretariat_user)
    client.force_login(delegate_user)
    html = client.get(reverse("editor", args=[draft_l13.pk, working.pk])).content.decode()
    block = html[html.index(f'data-lineage="{_lineage(working, 2)}"'):]
    head = block[:block.index("</div>")]
    assert re.search(r'<span class="ed-label">OP2</span>\s*<span class="ps-badge ps-deleted"', head)
    assert html.count('class="ps-badge ps-pending"') == 4
    # The blank paragraph the editor's script clones carries no badge.
    template = html[html.index('<template id="tpl-para">'):]
    assert "ps-badge" not in template[:template.index("</template>")]


def _compare(client, draft, old, new):
    return client.get(reverse("compare", args=[draft.pk]), {"old": old.pk, "new": new.pk})


def test_compare_page_shows_the_new_sides_status_in_each_row_with_constant_queries(client, reviewer_user, draft_l13, secretariat_user):
    old = draft_l13.versions.get(label="L.13")
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
        ["Urges Member States [to act][to consider acting];", "Requests the Office to report;", "Invites Member States to contribute;"]))
    paragraph_status_set(version=new, lineage=_lineage(new, 2), status="agreed", user=secretariat_user)
    client.force_login(reviewer_user)
    _compare(client, draft_l13, old, new)
    with CaptureQueriesContext(connection) as one_status:
        response = _compare(client, draft_l13, old, new)
    rows = {r["new_label"]: r for r in response.context["rows"] if not r.get("is_section") and r["new"] is not None}
    assert rows["OP1"]["new_status"] == "bracketed"
    assert rows["OP2"]["new_status"] == "agreed"
    assert rows["OP3"]["new_status"] == "pending"
    deleted = [r for r in response.context["rows"] if not r.get("is_section") and r["new"] is None]
    assert deleted and all("new_status" not in r for r in deleted)
    html = response.content.decode()
    assert html.count('class="ps-badge ps-') == len(rows) == 5
    section = html[html.index('id="OP2"'):]
    assert '<span class="ps-badge ps-agreed" title="Status in L.13/Rev.1">' in section[:section.index("</section>")]
    for number in (1, 3):
        paragraph_status_set(version=new, lineage=_lineage(new, number), status="ad_ref", user=secretariat_user)
    for row in new.paragraphs.filter(kind=Paragraph.Kind.PREAMBULAR):
        paragraph_status_set(version=new, lineage=row.lineage, status="agreed", user=secretariat_user)
    with CaptureQueriesContext(connection) as many_statuses:
        response = _compare(client, draft_l13, old, new)
    assert len(many_statuses) == len(one_status)
    assert response.content.decode().count('class="ps-badge ps-ad_ref"') == 2


def test_compare_against_an_adopted_text_shows_it_agreed(client, reviewer_user, draft_l13):
    old = draft_l13.versions.get(label="L.13")
    final = version_create(draft=draft_l13, label="resolution 20/3", kind=Version.Kind.FINAL, is_issued=True,
                           parsed=make_parsed(["Recalling its resolution 19/1,"], ["Requests the Office to report;"]))
    client.force_login(reviewer_user)
    rows = [r for r in _compare(client, draft_l13, old, final).context["rows"] if r.get("new") is not None]
    assert rows and {r["new_status"] for r in rows} == {"agreed"}


def test_facilitators_badges_follow_a_facilitator_assigned_through_the_service(client, draft_l13, secretariat_user, django_user_model):
    """A reviewer made facilitator sets a status; everyone then sees it on the draft page."""
    from django.contrib.auth.models import Group

    facilitator = django_user_model.objects.create_user(username="fac", password="pw")
    facilitator.groups.add(Group.objects.get(name="reviewer"))
    facilitator_assign(draft=draft_l13, user_to_assign=facilitator, user=secretariat_user)
    facilitator = django_user_model.objects.get(pk=facilitator.pk)
    version = draft_l13.versions.get()
    paragraph_status_set(version=version, lineage=_lineage(version, 1), status="agreed", user=facilitator)
    client.force_login(facilitator)
    html = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert _badge(html, _lineage(version, 1)) == "agreed"
