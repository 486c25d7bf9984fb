"""Drafts and versions: the rules of symbols, labels and immutability."""
import datetime

import pytest

from negotiation.errors import ApplicationError
from negotiation.models import Draft, Paragraph, Version
from negotiation.services.versions import draft_create, version_create, version_issue
from tests.conftest import make_parsed


def test_duplicate_symbol_in_same_body_and_session_is_refused_and_nothing_written(draft_l13, reference):
    before = Draft.objects.count()
    with pytest.raises(ApplicationError, match="already exists"):
        draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.13", title="Another")
    assert Draft.objects.count() == before


def test_same_symbol_in_another_session_is_allowed(draft_l13, reference):
    other = draft_create(body=reference["CCPCJ"], session=21, symbol="E/CN.15/2011/L.13", title="Another")
    assert other.pk != draft_l13.pk


def test_malformed_symbol_is_refused(reference):
    with pytest.raises(ApplicationError, match="not a UN document symbol"):
        draft_create(body=reference["CCPCJ"], session=20, symbol="L 13 rev", title="x")
    assert not Draft.objects.exists()


@pytest.mark.parametrize("label,kind", [
    ("L.14", "issued"), ("L.13/Rev", "issued"), ("E/CN.15/2011/L.13/Rev.1", "issued"),
    ("L.13, as slightly revised", "oral"), ("L.12/Rev.1, as further revised", "oral"), ("resolution twenty", "final"),
    ("A/C.3/66/L.16", "informal"),
])
def test_version_label_that_does_not_fit_the_symbol_is_refused_and_nothing_written(draft_l13, label, kind):
    with pytest.raises(ApplicationError):
        version_create(draft=draft_l13, label=label, kind=kind, parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
    assert draft_l13.versions.count() == 1
    assert Paragraph.objects.filter(version__draft=draft_l13).count() == 7


@pytest.mark.parametrize("label,kind", [
    ("L.13/Rev.1", "issued"), ("L.13/Add.1", "issued"), ("L.13/Rev.1/Corr.1", "issued"),
    ("L.13/Rev.1, as further revised", "oral"), ("L.13, as orally revised", "oral"), ("resolution 20/3", "final"),
    ("decision 1/CP.21", "final"), ("Facilitator's text of 12 April", "informal"),
])
def test_version_labels_that_fit_the_symbol_are_accepted(draft_l13, label, kind):
    v = version_create(draft=draft_l13, label=label, kind=kind, parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=kind != "informal")
    assert v.sequence == 2 and v.parent.label == "L.13"


def test_full_label_cites_the_whole_symbol(draft_l13):
    v = version_create(draft=draft_l13, label="L.13/Rev.1, as further revised", kind="oral",
                       parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
    assert v.full_label == "E/CN.15/2011/L.13/Rev.1, as further revised"


def test_issued_version_cannot_be_changed(draft_l13):
    version = draft_l13.versions.get()
    version.title = "Changed"
    with pytest.raises(ApplicationError, match="issued and cannot change"):
        version.save()
    assert Version.objects.get(pk=version.pk).title == "Strengthening cooperation"


def test_working_version_can_be_issued_once(draft_l13):
    working = version_create(draft=draft_l13, label="Rolling text 1", kind="informal",
                             parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=False)
    issued = version_issue(version=working, label="L.13/Rev.1", date=datetime.date(2011, 4, 14))
    assert issued.is_issued and issued.kind == "issued" and issued.label == "L.13/Rev.1"
    with pytest.raises(ApplicationError, match="already issued"):
        version_issue(version=working, label="L.13/Rev.2", date=datetime.date(2011, 4, 15))
    assert issued.history.first().history_change_reason == "Issued as L.13/Rev.1"


@pytest.mark.parametrize("typed", ["E/CN.15/2011/L.13/Rev.1", " E/CN.15/2011/L.13/Rev.1 ", "L.13/Rev.1"])
def test_officers_issue_under_the_full_symbol_or_the_short_one(draft_l13, typed):
    working = version_create(draft=draft_l13, label="Rolling text 1", kind="informal",
                             parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=False)
    assert version_issue(version=working, label=typed, date=datetime.date(2011, 4, 14)).label == "L.13/Rev.1"


def test_another_documents_full_symbol_is_still_refused(draft_l13):
    working = version_create(draft=draft_l13, label="Rolling text 1", kind="informal",
                             parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=False)
    with pytest.raises(ApplicationError, match="does not fit the draft’s symbol"):
        version_issue(version=working, label="E/CN.15/2011/L.14/Rev.1", date=datetime.date(2011, 4, 14))


def test_paragraphs_are_stored_in_order_with_kinds_numbers_and_fresh_lineage(draft_l13):
    rows = list(Paragraph.objects.filter(version__draft=draft_l13).order_by("position"))
    assert [r.kind for r in rows] == ["title", "enacting", "preambular", "preambular", "operative", "operative", "operative"]
    assert [r.number for r in rows if r.kind == "operative"] == ["1", "2", "3"]
    assert len({r.lineage for r in rows}) == len(rows)


def test_version_without_paragraphs_is_refused(draft_l13):
    with pytest.raises(ApplicationError, match="no preambular or operative paragraphs"):
        version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=make_parsed([], []), is_issued=True)
    assert draft_l13.versions.count() == 1


def test_paragraph_of_issued_version_cannot_be_edited(draft_l13):
    row = Paragraph.objects.filter(version__draft=draft_l13, kind="operative").first()
    row.text = "Requests nothing;"
    with pytest.raises(ApplicationError, match="is issued"):
        row.save()
    row.refresh_from_db()
    assert row.text == "Requests the Office to report;"


def test_sections_are_stored_read_back_and_labelled_by_article(draft_l13):
    from negotiation.selectors import version_paragraphs, version_parsed
    from negotiation.text.structure import OPERATIVE, PREAMBULAR, ParsedText, SubParagraph
    from negotiation.text.structure import Paragraph as TextParagraph

    art2, opt1, art4 = "Article 2 (purpose)", "Article 2 (purpose) › Option 1", "Article 4 (adaptation)"
    parsed = ParsedText(title="Agreement", paragraphs=[
        TextParagraph(kind=PREAMBULAR, text="Recognizing the need,"),
        TextParagraph(kind=OPERATIVE, number=None, text="This Agreement aims to act.", section=art2),
        TextParagraph(kind=OPERATIVE, number="1", text="Parties shall act.", section=opt1),
        TextParagraph(kind=OPERATIVE, number="1", text="Parties shall adapt:", section=art4,
                      subparagraphs=[SubParagraph("(a)", "By planning;")]),
        TextParagraph(kind=OPERATIVE, number="2", text="Parties shall report.", section=art4),
    ])
    version = version_create(draft=draft_l13, label="Treaty text", kind="informal", parsed=parsed, is_issued=False)
    stored = list(version.paragraphs.filter(kind__in=["preambular", "operative"]).values_list("section", flat=True))
    assert stored == ["", art2, opt1, art4, art4]
    assert [p.section for p in version_parsed(version).paragraphs] == ["", art2, opt1, art4, art4]
    rows = [r for r in version_paragraphs(version) if r.kind != "title"]
    assert [r.label for r in rows] == ["PP1", "Art. 2", "Art. 2.1 (Opt. 1)", "Art. 4.1", "(a)", "Art. 4.2"]
    assert [[h["text"] for h in r.section_heads] for r in rows] == [[], ["Article 2 (purpose)"], ["Option 1"], [art4], [], []]
    assert version.paragraphs.get(text="Parties shall report.").history.first().section == art4


def test_a_real_treaty_text_is_stored_with_its_articles_and_agreement_formula(draft_l13, client, django_user_model):
    """Paris, 12 December: stored, read back to the same structure, shown on the draft page."""
    from negotiation.data import corpus_dir
    from negotiation.selectors import version_parsed
    from negotiation.text.parse import parse_text

    parsed = parse_text((corpus_dir() / "paris2015" / "paris-agreement-2015-12-12.md").read_text(encoding="utf-8"))
    version = version_create(draft=draft_l13, label="Paris Agreement", kind="informal", parsed=parsed, is_issued=False)
    assert version.agreement_formula == "Have agreed as follows:"
    again = version_parsed(version)
    assert again.metadata["agreement_formula"] == "Have agreed as follows:"
    assert again.labels() == parsed.labels()
    assert [(p.section, [s.number for s in p.subparagraphs]) for p in again.paragraphs] == [
        (p.section, [s.number for s in p.subparagraphs]) for p in parsed.paragraphs]
    assert again.labels()[parsed.labels().index("Art. 4.2")] == "Art. 4.2"


def test_a_version_known_only_by_its_symbol_does_not_break_the_lineage(draft_l13):
    """L.13 (text) -> L.13/Rev.1 (not held) -> L.13/Rev.1, as further revised (text): same paragraphs, same lineage."""
    from negotiation.text.structure import ParsedText

    l13 = draft_l13.versions.get(label="L.13")
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=ParsedText(), is_issued=True,
                   date=datetime.date(2011, 4, 13), allow_empty=True)
    further = version_create(
        draft=draft_l13, label="L.13/Rev.1, as further revised", kind="oral", is_issued=True, date=datetime.date(2011, 4, 15),
        parsed=make_parsed(["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
                           ["Requests the Office to report;", "Invites Member States to contribute;", "Decides to remain seized."]))
    def lineages(version):
        return list(version.paragraphs.filter(kind__in=["preambular", "operative"]).order_by("position").values_list("lineage", flat=True))
    assert lineages(further) == lineages(l13)
    assert further.parent.label == "L.13/Rev.1"  # the chain of versions is kept as it was
