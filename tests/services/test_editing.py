"""Working versions: start, save, merge concurrent saves, share, issue, oral revisions."""
import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiation.errors import ApplicationError
from negotiation.models import Paragraph, Version
from negotiation.selectors import version_parsed
from negotiation.services.editing import (
    EditConflict,
    oral_revision_record,
    paragraph_delete,
    paragraph_insert,
    paragraph_move,
    paragraph_update,
    save_from_states,
    version_items,
    version_share,
    working_issue,
    working_version_start,
)
from negotiation.text.merge import Item
from negotiation.text.redline import redline


@pytest.fixture
def working(draft_l13, delegate_user):
    return working_version_start(draft=draft_l13, user=delegate_user)


def _lin(version, text_start):
    return next(str(p.lineage) for p in version.paragraphs.all() if p.text.startswith(text_start))


def _ops(version):
    return [(p.number, p.text) for p in version.paragraphs.filter(kind="operative").order_by("position")]


def test_working_version_copies_the_issued_text_with_its_lineage_and_is_private(working, draft_l13):
    issued = draft_l13.versions.get(label="L.13")
    assert (working.is_issued, working.is_shared, working.parent, working.revision) == (False, False, issued, 1)
    assert [(p.kind, p.text, p.lineage) for p in working.paragraphs.order_by("position")] == [
        (p.kind, p.text, p.lineage) for p in issued.paragraphs.order_by("position")]


def test_starting_twice_returns_the_same_working_version(working, draft_l13, delegate_user):
    assert working_version_start(draft=draft_l13, user=delegate_user) == working
    assert draft_l13.versions.count() == 2


def test_only_delegates_of_a_main_sponsor_may_edit(draft_l13, other_delegate_user, reviewer_user, working):
    for user in (other_delegate_user, reviewer_user):
        with pytest.raises(ApplicationError, match="main sponsor"):
            working_version_start(draft=draft_l13, user=user)
        with pytest.raises(ApplicationError, match="main sponsor"):
            paragraph_update(version=working, lineage=_lin(working, "Requests"), text="Requests x;", base_revision=1, user=user)
    assert working.paragraphs.filter(text="Requests x;").count() == 0


def test_edit_to_an_issued_version_is_refused(draft_l13, delegate_user):
    issued = draft_l13.versions.get(label="L.13")
    with pytest.raises(ApplicationError, match="issued"):
        paragraph_update(version=issued, lineage=_lin(issued, "Requests"), text="Requests x;", base_revision=1, user=delegate_user)
    assert issued.paragraphs.filter(text="Requests the Office to report;").exists()


def test_inserting_an_op_renumbers_later_ops_and_the_redline_is_exact(working, delegate_user, draft_l13):
    result = paragraph_insert(version=working, kind="operative", text="Urges Member States to act;", base_revision=1,
                              user=delegate_user, after=_lin(working, "Noting"))
    assert result.revision == 2
    assert _ops(working) == [("1", "Urges Member States to act;"), ("2", "Requests the Office to report;"),
                             ("3", "Invites Member States to contribute;"), ("4", "Decides to remain seized of the matter.")]
    new = working.paragraphs.get(text="Urges Member States to act;")
    assert (new.lead, new.changed_in_revision) == ("Urges", 2)
    assert working.paragraphs.get(number="2", kind="operative").changed_in_revision == 1  # renumbered, not changed
    line = redline(version_parsed(draft_l13.versions.get(label="L.13")), version_parsed(working)).summary.summary_line()
    assert line == "1 operative paragraph inserted"


def test_move_delete_and_history_keep_lineage(working, delegate_user):
    decides = _lin(working, "Decides")
    paragraph_move(version=working, lineage=decides, direction="up", base_revision=1, user=delegate_user)
    assert _ops(working)[1] == ("2", "Decides to remain seized of the matter.")
    paragraph_delete(version=working, lineage=_lin(working, "Invites"), base_revision=2, user=delegate_user)
    assert [n for n, _ in _ops(working)] == ["1", "2"]
    history = Paragraph.history.filter(lineage=decides, version=working).order_by("history_date")
    assert [h.number for h in history] == ["3", "2"]
    assert history.last().history_change_reason == "Working text saved (revision 2)"
    assert history.last().history_user.username == "del-it"


def test_empty_and_oversized_paragraphs_are_refused_with_a_clear_message(working, delegate_user, settings):
    settings.TEXT_LIMITS = {"max_paragraph_chars": 50}
    lineage = _lin(working, "Requests")
    before = list(working.paragraphs.values_list("text", flat=True))
    with pytest.raises(ApplicationError, match="OP1 is empty"):
        paragraph_update(version=working, lineage=lineage, text="   ", base_revision=1, user=delegate_user)
    with pytest.raises(ApplicationError, match=r"^OP1 is 51 characters long; a paragraph may hold at most 50 characters\. Split it"):
        paragraph_update(version=working, lineage=lineage, text="x" * 51, base_revision=1, user=delegate_user)
    working.refresh_from_db()
    assert working.revision == 1
    assert list(working.paragraphs.values_list("text", flat=True)) == before
    paragraph_update(version=working, lineage=lineage, text="x" * 50, base_revision=1, user=delegate_user)
    assert working.paragraphs.filter(text="x" * 50).exists()


def test_paragraph_length_limit_is_the_deployments_text_limit(working, delegate_user):
    from negotiation.limits import text_limits

    assert text_limits().max_paragraph_chars == 200_000  # the default of negotiation.text.limits
    lineage = _lin(working, "Requests")
    with pytest.raises(ApplicationError, match=r"200,001 characters long; a paragraph may hold at most 200,000"):
        paragraph_update(version=working, lineage=lineage, text="x" * 200_001, base_revision=1, user=delegate_user)


def test_markup_is_stored_as_plain_text(working, delegate_user):
    text = 'Requests <script>alert("x")</script> the <b>Office</b>;'
    paragraph_update(version=working, lineage=_lin(working, "Requests"), text=text, base_revision=1, user=delegate_user)
    assert working.paragraphs.filter(text=text).exists()


def test_stale_save_to_another_paragraph_merges(working, delegate_user):
    paragraph_update(version=working, lineage=_lin(working, "Requests"), text="Requests the Office to report annually;",
                     base_revision=1, user=delegate_user)
    result = paragraph_update(version=working, lineage=_lin(working, "Invites"), text="Invites all Member States to contribute;",
                              base_revision=1, user=delegate_user)
    assert result.was_stale and result.revision == 3
    assert [t for _, t in _ops(working)][:2] == ["Requests the Office to report annually;", "Invites all Member States to contribute;"]


def test_stale_save_to_the_same_paragraph_merges_words_that_do_not_overlap(working, delegate_user):
    lineage = _lin(working, "Decides")
    paragraph_update(version=working, lineage=lineage, text="Decides to remain actively seized of the matter.", base_revision=1, user=delegate_user)
    result = paragraph_update(version=working, lineage=lineage, text="Decides to remain seized of the question.",
                              base_revision=1, user=delegate_user, base_text="Decides to remain seized of the matter.")
    assert result.merged_labels == ["OP3"]
    assert working.paragraphs.get(lineage=lineage).text == "Decides to remain actively seized of the question."


def test_stale_save_to_the_same_words_is_a_conflict_and_nothing_is_written(working, delegate_user):
    lineage = _lin(working, "Decides")
    paragraph_update(version=working, lineage=lineage, text="Decides to close the matter.", base_revision=1, user=delegate_user)
    with pytest.raises(EditConflict) as info:
        paragraph_update(version=working, lineage=lineage, text="Decides to postpone the matter.", base_revision=1,
                         user=delegate_user, base_text="Decides to remain seized of the matter.")
    [c] = info.value.conflicts
    assert (c.mine, c.theirs, info.value.labels[lineage]) == ("Decides to postpone the matter.", "Decides to close the matter.", "OP3")
    working.refresh_from_db()
    assert working.revision == 2 and working.paragraphs.get(lineage=lineage).text == "Decides to close the matter."


def test_batch_save_with_sub_paragraphs_and_footnotes(working, delegate_user):
    base = version_items(working)
    op1 = next(i for i in base if i.text.startswith("Requests"))
    sub_a, sub_b, note = (str(uuid.uuid4()) for _ in range(3))
    mine = base[:3] + [
        Item(sub_a, "subparagraph", "on crime prevention;", parent=op1.lineage, level=1),
        Item(sub_b, "subparagraph", "on criminal justice;", parent=op1.lineage, level=1),
    ] + base[3:] + [Item(note, "footnote", "Official Records, Supplement No. 10.", parent=op1.lineage)]
    save_from_states(version=working, base_revision=1, base=base, mine=mine, user=delegate_user)
    rows = {str(p.lineage): p for p in working.paragraphs.all()}
    assert (rows[sub_a].number, rows[sub_b].number, str(rows[sub_a].parent.lineage)) == ("(a)", "(b)", op1.lineage)
    assert rows[note].number == "1" and rows[op1.lineage].footnote_markers == ["1"]
    parsed = version_parsed(working)
    assert parsed.paragraphs[2].full_text == "Requests the Office to report; (a) on crime prevention; (b) on criminal justice;"
    positions = [p.position for p in working.paragraphs.order_by("position")]
    assert positions == list(range(len(positions)))


def test_save_query_count_does_not_grow_with_the_number_of_renumbered_paragraphs(draft_l13, delegate_user, secretariat_user):
    from negotiation.services.versions import version_create
    from tests.conftest import make_parsed

    def run(n_ops):
        v = version_create(draft=draft_l13, label=f"L.13/Rev.{n_ops}", kind="issued", is_issued=True, user=secretariat_user,
                           parsed=make_parsed(["Recalling x,"], [f"Decides {i};" for i in range(n_ops)]))
        w = working_version_start(draft=draft_l13, user=delegate_user)
        assert w.parent == v
        with CaptureQueriesContext(connection) as queries:
            paragraph_insert(version=w, kind="operative", text="Urges all;", base_revision=1, user=delegate_user, after=_lin(w, "Recalling"))
        working_issue(version=w, label=f"L.13/Rev.{n_ops + 100}", date=datetime.date(2011, 4, 12), user=secretariat_user)
        return len(queries)

    few, many = run(3), run(40)
    assert many == few, (few, many)


def test_share_issue_and_next_working_version(working, delegate_user, secretariat_user, draft_l13):
    with pytest.raises(ApplicationError, match="secretariat"):
        working_issue(version=working, label="L.13/Rev.1", date=datetime.date(2011, 4, 13), user=delegate_user)
    version_share(version=working, user=delegate_user)
    working.refresh_from_db()
    assert working.is_shared
    issued = working_issue(version=working, label="L.13/Rev.1", date=datetime.date(2011, 4, 13), user=secretariat_user)
    assert issued.is_issued and issued.kind == Version.Kind.ISSUED and issued.full_label == "E/CN.15/2011/L.13/Rev.1"
    with pytest.raises(ApplicationError, match="issued"):
        paragraph_update(version=issued, lineage=_lin(issued, "Requests"), text="Requests y;", base_revision=1, user=delegate_user)
    following = working_version_start(draft=draft_l13, user=delegate_user)
    assert following.parent == issued and following.label == "Working text on L.13/Rev.1"


def test_oral_revision_from_the_working_text_keeps_lineage(working, delegate_user, secretariat_user, draft_l13):
    paragraph_update(version=working, lineage=_lin(working, "Decides"), text="Decides to remain actively seized of the matter.",
                     base_revision=1, user=delegate_user)
    with pytest.raises(ApplicationError, match="not an oral revision"):
        oral_revision_record(draft=draft_l13, label="L.13/Rev.9", date=datetime.date(2011, 4, 15), user=secretariat_user)
    oral = oral_revision_record(draft=draft_l13, label="L.13, as orally revised", date=datetime.date(2011, 4, 15), user=secretariat_user)
    assert (oral.pk, oral.kind, oral.is_issued) == (working.pk, "oral", True)
    assert oral.full_label == "E/CN.15/2011/L.13, as orally revised"


def test_oral_revision_from_a_text_read_out(draft_l13, secretariat_user, delegate_user):
    text = ("The General Assembly,\n\nRecalling its resolution 19/1,\n\nNoting with concern the rise of crime,\n\n"
            "1. Requests the Office to report orally;\n\n2. Invites Member States to contribute;\n\n3. Decides to remain seized of the matter.")
    with pytest.raises(ApplicationError, match="secretariat"):
        oral_revision_record(draft=draft_l13, label="L.13, as orally revised", date=datetime.date(2011, 4, 15), user=delegate_user, text=text)
    oral = oral_revision_record(draft=draft_l13, label="L.13, as orally revised", date=datetime.date(2011, 4, 15), user=secretariat_user, text=text)
    issued = draft_l13.versions.get(label="L.13")
    assert oral.is_issued and oral.parent == issued
    line = redline(version_parsed(issued), version_parsed(oral)).summary.summary_line()
    assert line == "1 operative paragraph modified"
    def lineages(v):
        return set(v.paragraphs.filter(kind__in=["preambular", "operative"]).values_list("lineage", flat=True))
    assert lineages(oral) == lineages(issued)


def test_a_paragraph_inserted_in_an_article_sits_under_that_article(draft_l13, delegate_user):
    from negotiation.services.versions import version_create
    from negotiation.text.structure import OPERATIVE, PREAMBULAR, ParsedText
    from negotiation.text.structure import Paragraph as TextParagraph

    parsed = ParsedText(title="Agreement", paragraphs=[
        TextParagraph(kind=PREAMBULAR, text="Recognizing the need,"),
        TextParagraph(kind=OPERATIVE, number="1", text="Parties shall act.", section="Article 4 (adaptation)"),
        TextParagraph(kind=OPERATIVE, number="1", text="Parties shall report.", section="Article 5"),
    ])
    treaty = version_create(draft=draft_l13, label="Treaty text", kind="informal", parsed=parsed, is_issued=False)
    paragraph_insert(version=treaty, kind="operative", text="Parties shall also plan.", base_revision=1,
                     user=delegate_user, after=_lin(treaty, "Parties shall act"))
    assert treaty.paragraphs.get(text="Parties shall also plan.").section == "Article 4 (adaptation)"
    # numbered within its Article, as treaties are: Article 5 keeps its paragraph 1
    assert [(p.number, p.section) for p in treaty.paragraphs.filter(kind="operative").order_by("position")] == [
        ("1", "Article 4 (adaptation)"), ("2", "Article 4 (adaptation)"), ("1", "Article 5")]


def test_editing_a_real_treaty_keeps_its_numbers_and_item_labels(draft_l13, delegate_user):
    """Paris, 12 December, edited once: every Article keeps its numbering, the unnumbered
    opening of Article 1 stays unnumbered, nested items keep "1.", "2."."""
    from negotiation.data import corpus_dir
    from negotiation.selectors import version_parsed
    from negotiation.services.versions import version_create
    from negotiation.text.parse import parse_text

    parsed = parse_text((corpus_dir() / "paris2015" / "paris-agreement-2015-12-12.md").read_text(encoding="utf-8"))
    treaty = version_create(draft=draft_l13, label="Paris", kind="informal", parsed=parsed, is_issued=False)
    before = version_parsed(treaty)
    paragraph_update(version=treaty, lineage=_lin(treaty, "Each Party shall prepare"),
                     text="Each Party shall prepare and communicate its contribution.", base_revision=1, user=delegate_user)
    after = version_parsed(treaty)
    assert after.labels() == before.labels()
    assert [[s.number for s in p.subparagraphs] for p in after.paragraphs] == [
        [s.number for s in p.subparagraphs] for p in before.paragraphs]
