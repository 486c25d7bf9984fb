"""Akoma Ntoso 3.0 (AKN4UN) out and back in: every corpus text validates against the official
schema shipped in negotiation/data/akn/ and reads back to the structure parse_text gave."""
import re

import pytest
from lxml import etree

from negotiation.data import corpus_dir
from negotiation.text.akn import (
    AKN_NS,
    SCHEMA_DIR,
    AknAction,
    AknError,
    AknMeta,
    AknSponsor,
    AknVote,
    akn_meta,
    akn_to_parsed,
    akn_validate,
    iso_date,
    version_to_akn,
)
from negotiation.text.parse import parse_text
from negotiation.text.split_report import split_report
from negotiation.text.structure import (
    OPERATIVE,
    PREAMBULAR,
    Footnote,
    Paragraph,
    ParsedText,
    Section,
    SubParagraph,
)

CORPUS = corpus_dir()
NS = {"a": AKN_NS}


def _corpus_files() -> list[str]:
    names = [p.name for p in sorted(CORPUS.glob("00[1234]_*.txt"))]
    names += [f"ga80/{p.name}" for p in sorted((CORPUS / "ga80").glob("*.pdf-extract-markdown.md"))]
    names += [f"ga80/{p.name}" for p in sorted((CORPUS / "ga80").glob("*.raw-pdf.txt"))]
    names += [f"paris2015/{p.name}" for p in sorted((CORPUS / "paris2015").glob("*.md"))]
    return [n for n in names if not n.endswith("README.md")]


FILES = _corpus_files()


def comparable(parsed: ParsedText) -> dict:
    """The parse_text --json structure without what describes the input file rather than the
    text: removed page furniture, the parser's notices, the input line of each heading."""
    data = parsed.to_json()
    data.pop("removed")
    data.pop("notices")
    for section in data["sections"]:
        section["line"] = 0
    return data


def tree(xml: str):
    return etree.fromstring(xml.encode("utf-8"))


def test_the_corpus_is_all_there():
    assert len(FILES) >= 30
    assert any(name.startswith("paris2015/") for name in FILES)


@pytest.mark.parametrize("name", FILES)
def test_corpus_text_exports_valid_akn_and_imports_back_to_the_same_structure(name):
    parsed = parse_text((CORPUS / name).read_text(encoding="utf-8"))
    xml = version_to_akn(parsed)
    assert akn_validate(xml) == []
    assert comparable(akn_to_parsed(xml)) == comparable(parsed)


def test_report_drafts_round_trip_too():
    texts = [t for t in split_report(next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8")) if t.parsed]
    assert texts
    for text in texts:
        xml = version_to_akn(text.parsed)
        assert akn_validate(xml) == [], text.heading
        assert comparable(akn_to_parsed(xml)) == comparable(text.parsed), text.heading


def test_schema_is_the_official_oasis_standard_and_rejects_what_it_should():
    head = (SCHEMA_DIR / "akomantoso30.xsd").read_text(encoding="utf-8")[:2000]
    assert "OASIS Standard" in head and 'targetNamespace="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"' in head
    assert (SCHEMA_DIR / "xml.xsd").is_file()
    xml = version_to_akn(parse_text(next(CORPUS.glob("003_*.txt")).read_text(encoding="utf-8")))
    assert akn_validate(xml.replace("<mainBody>", "<mainBody><verse/>", 1))
    # The schema checks eIds are unique.
    twice = re.sub(r'eId="para_2"', 'eId="para_1"', xml)
    assert akn_validate(twice)


@pytest.fixture(scope="module")
def l16():
    parsed = parse_text(next(CORPUS.glob("002_*.txt")).read_text(encoding="utf-8"))
    return parsed, version_to_akn(parsed, AknMeta(
        symbol="A/C.3/66/L.16/Rev.1", work_symbol="A/C.3/66/L.16", version_label="L.16/Rev.1",
        version_kind="issued", date="2011-11-10", work_date="2011-10-06", body="Third Committee",
        body_short="GA/C.3", generated="2026-01-02",
        sponsors=[AknSponsor("Italy", "main", joined_on="2011-10-06"), AknSponsor("Mexico", "main"),
                  AknSponsor("Colombia", "co", "Group of Latin American and Caribbean States", "2011-11-01")],
        actions=[
            AknAction("2011-11-22", "Third Committee", "approved_and_recommended", 40, "",
                      AknVote("recorded", 120, 2, 3, {"against": ["Israel", "United States of America"]})),
            AknAction("2011-12-19", "General Assembly", "adopted", 89, "resolution 66/181", AknVote("without_vote")),
        ],
    ))


def test_document_follows_akn4un_shape(l16):
    parsed, xml = l16
    root = tree(xml)
    statement = root.find("a:statement", NS)
    assert statement.get("name") == "resolution"
    assert [etree.QName(c).localname for c in statement] == ["meta", "preface", "preamble", "mainBody"]
    ident = statement.find("a:meta/a:identification", NS)
    assert ident.get("source") == "#un"
    work, expression, manifestation = ident
    assert work.find("a:FRBRthis", NS).get("value") == "/akn/un/statement/deliberation/gaC3/2011-10-06/A-C.3-66-L.16/!main"
    assert work.find("a:FRBRcountry", NS).get("value") == "un"
    assert work.find("a:FRBRauthor", NS).get("href") == "#gaC3"
    assert expression.find("a:FRBRuri", NS).get("value").endswith("/A-C.3-66-L.16/eng@l.16-rev.1")
    assert expression.find("a:FRBRversionNumber", NS).get("value") == "L.16/Rev.1"
    assert expression.find("a:FRBRlanguage", NS).get("language") == "eng"
    assert expression.find("a:FRBRdate", NS).get("date") == "2011-11-10"
    assert manifestation.find("a:FRBRdate", NS).get("date") == "2026-01-02"
    preface = statement.find("a:preface", NS)
    assert preface.find(".//a:docNumber", NS).text == "A/C.3/66/L.16/Rev.1"
    assert preface.find(".//a:docTitle", NS).text == parsed.title
    assert preface.find(".//a:docProponent", NS).text == "Italy and Mexico"
    preamble = statement.find("a:preamble", NS)
    assert preamble.find("a:formula[@name='enactingFormula']/a:p", NS).text == "The General Assembly,"
    pps = preamble.findall("a:container[@name='preambularParagraph']", NS)
    assert len(pps) == 24 and pps[0].get("eId") == "preamble__container_1"
    assert pps[0].find("a:p/a:i", NS).text == "Reaffirming"
    ops = statement.findall("a:mainBody/a:paragraph", NS)
    assert len(ops) == 34
    assert ops[11].get("eId") == "para_12" and ops[11].find("a:num", NS).text == "12."
    assert ops[0].find("a:content/a:p/a:i", NS).text == parsed.paragraphs[24].lead


def test_footnotes_are_authorial_notes_where_first_cited_and_note_refs_after(l16):
    parsed, xml = l16
    root = tree(xml)
    notes = root.findall(".//a:authorialNote", NS)
    assert [n.get("marker") for n in notes] == [f.marker for f in parsed.footnotes]
    assert notes[0].get("placement") == "bottom"
    assert notes[0].get("eId") == "preamble__container_2__authorialNote_1"
    assert notes[0].find("a:p", NS).text == parsed.footnotes[0].text
    refs = root.findall(".//a:noteRef", NS)
    assert refs and all(r.get("href").lstrip("#") in {n.get("eId") for n in notes} for r in refs)


def test_sponsors_and_votes_are_in_the_metadata_and_read_back(l16):
    _, xml = l16
    root = tree(xml)
    meta = root.find("a:statement/a:meta", NS)
    orgs = {o.get("eId"): o.get("showAs") for o in meta.findall("a:references/a:TLCOrganization", NS)}
    assert {"un", "gaC3", "italy", "mexico", "colombia", "groupOfLatinAmericanAndCaribbeanStates"} <= set(orgs)
    assert orgs["gaC3"] == "Third Committee"
    voting = meta.find("a:analysis/a:parliamentary/a:voting", NS)
    assert voting.get("outcome") == "#approvedAndRecommended" and voting.get("refersTo") == "#recordedVote"
    assert voting.find("a:quorum", NS).get("value") == "122"
    counts = {c.get("refersTo"): int(c.get("value")) for c in voting.findall("a:count", NS)}
    assert counts == {"#inFavour": 120, "#against": 2, "#abstaining": 3}
    assert len(meta.findall("a:analysis/a:parliamentary/a:voting", NS)) == 1  # adopted without a vote
    steps = meta.findall("a:workflow/a:step", NS)
    assert [s.get("outcome") for s in steps] == ["#approvedAndRecommended", "#adopted"]
    assert steps[1].get("refersTo") == "#withoutVote"

    back = akn_meta(xml)
    assert back.symbol == "A/C.3/66/L.16/Rev.1" and back.work_symbol == "A/C.3/66/L.16"
    assert back.version_label == "L.16/Rev.1" and back.body == "Third Committee"
    assert [(s.name, s.role, s.on_behalf_of) for s in back.sponsors] == [
        ("Italy", "main", ""), ("Mexico", "main", ""), ("Colombia", "co", "Group of Latin American and Caribbean States")]
    assert back.actions[0].vote.in_favour == 120
    assert back.actions[0].vote.voters == {"against": ["Israel", "United States of America"]}
    assert back.actions[1].vote.kind == "without_vote" and back.actions[1].result == "resolution 66/181"


def test_subparagraphs_nest_by_level_with_akn_eids():
    parsed = ParsedText(enacting_formula="The General Assembly,", paragraphs=[
        Paragraph(kind=OPERATIVE, number="12", lead="Requests", text="Requests the Secretary-General:", subparagraphs=[
            SubParagraph("a", "To report;"), SubParagraph("b", "To consult:"),
            SubParagraph("i", "States;", level=2), SubParagraph("ii", "groups;", level=2),
            SubParagraph("c", "To act."),
        ]),
    ])
    xml = version_to_akn(parsed)
    assert akn_validate(xml) == []
    root = tree(xml)
    para = root.find(".//a:paragraph", NS)
    assert para.get("eId") == "para_12"
    assert para.find("a:intro/a:p/a:i", NS).text == "Requests"
    subs = para.findall("a:subparagraph", NS)
    assert [s.get("eId") for s in subs] == ["para_12__subpara_a", "para_12__subpara_b", "para_12__subpara_c"]
    assert subs[1].find("a:num", NS).text == "(b)"
    nested = subs[1].findall("a:subparagraph", NS)
    assert [s.get("eId") for s in nested] == ["para_12__subpara_b__subpara_i", "para_12__subpara_b__subpara_ii"]
    assert comparable(akn_to_parsed(xml)) == comparable(parsed)


def test_treaty_articles_and_options_survive():
    parsed = ParsedText(
        metadata={"agreement_formula": "Have agreed as follows:", "other": ["a", "b"]},
        paragraphs=[
            Paragraph(kind=PREAMBULAR, lead="Recognizing", text="[Recognizing the need,]"),
            Paragraph(kind=OPERATIVE, number="1", text="This Agreement aims [to] act.", section="Article 2 (purpose)"),
            Paragraph(kind=OPERATIVE, number="1", text="Option text.", section="Article 2 (purpose) › Option 1"),
            Paragraph(kind=OPERATIVE, number=None, text="Unnumbered.", section="Article 3"),
            Paragraph(kind=OPERATIVE, number=None, text="Unnumbered too.", section="Article 3"),
        ],
        sections=[Section("Article 2 (purpose)", "2", "purpose", "Article 2 (purpose)"),
                  Section("Option 1:", "1", "", "Article 2 (purpose) › Option 1"),
                  Section("Article 3", "3", "", "Article 3"),
                  Section("[Article 4] (empty)", "4", "empty", "[Article 4] (empty)")],
    )
    xml = version_to_akn(parsed)
    assert akn_validate(xml) == []
    root = tree(xml)
    articles = root.findall("a:statement/a:mainBody/a:article", NS)
    assert [a.get("eId") for a in articles] == ["art_2", "art_3", "art_4"]
    assert articles[0].find("a:heading", NS).text == "purpose"
    assert articles[0].find("a:paragraph", NS).get("eId") == "art_2__para_1"
    option = articles[0].find("a:hcontainer", NS)
    assert option.get("name") == "option" and option.find("a:paragraph", NS).get("eId") == "art_2__hcontainer_1__para_1"
    assert root.find(".//a:formula[@name='agreementFormula']/a:p", NS).text == "Have agreed as follows:"
    assert comparable(akn_to_parsed(xml)) == comparable(parsed)
    assert akn_to_parsed(xml).paragraphs[0].lead == "Recognizing"


def test_lineage_unusual_footnotes_and_annexes_round_trip():
    parsed = ParsedText(
        title="A title", sponsor_line="Italy: revised draft resolution", recommending_formula="The Commission recommends:",
        paragraphs=[
            Paragraph(kind=PREAMBULAR, lead="Noting", text="Noting it,", footnotes=["2", "9"], lineage="1b6c4a8e-0000-4000-8000-000000000001"),
            Paragraph(kind=OPERATIVE, number="1", lead="Decides", text="Decides;", footnotes=["2"], subparagraphs=[
                SubParagraph("", "an item without a number"), SubParagraph("Option 1:", "first"), SubParagraph("ii", "deep", level=3)]),
        ],
        footnotes=[Footnote("1", "Never cited."), Footnote("2", "Cited twice."), Footnote("0", "Also uncited.")],
        annexes=["Annex\n\n  Indented line\nlast"],
    )
    xml = version_to_akn(parsed)
    assert akn_validate(xml) == []
    back = akn_to_parsed(xml)
    assert comparable(back) == comparable(parsed)
    assert back.paragraphs[0].lineage == parsed.paragraphs[0].lineage
    assert tree(xml).find(".//a:container", NS).get("wId") == parsed.paragraphs[0].lineage


def test_empty_text_still_validates():
    xml = version_to_akn(ParsedText())
    assert akn_validate(xml) == []
    assert comparable(akn_to_parsed(xml)) == comparable(ParsedText())


def test_import_refuses_what_is_not_akoma_ntoso():
    with pytest.raises(AknError, match="well-formed"):
        akn_to_parsed("<akomaNtoso>")
    with pytest.raises(AknError, match="root is <html>"):
        akn_to_parsed("<html/>")
    entity = ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
              f'<akomaNtoso xmlns="{AKN_NS}"><statement name="resolution"><meta/><mainBody><p>&e;</p></mainBody></statement></akomaNtoso>')
    parsed = akn_to_parsed(entity)  # external entities are never loaded
    assert "root:" not in str(parsed.to_json())


def test_import_reads_a_plain_akn_file_written_elsewhere():
    xml = f"""<akomaNtoso xmlns="{AKN_NS}"><statement name="resolution"><meta/>
      <preface><longTitle><p><docTitle>Plain title</docTitle></p></longTitle></preface>
      <preamble><formula name="enactingFormula"><p>The Council,</p></formula>
        <container name="preambularParagraph"><p><i>Recalling</i>   its work,</p></container></preamble>
      <mainBody><paragraph eId="para_1"><num>1.</num><content><p><i>Decides</i> to act.<authorialNote marker="1"><p>A note.</p></authorialNote></p></content></paragraph></mainBody>
    </statement></akomaNtoso>"""
    parsed = akn_to_parsed(xml)
    assert parsed.title == "Plain title" and parsed.enacting_formula == "The Council,"
    assert [(p.kind, p.number, p.lead, p.text) for p in parsed.paragraphs] == [
        ("preambular", None, "Recalling", "Recalling its work,"), ("operative", "1", "Decides", "Decides to act.")]
    assert parsed.paragraphs[1].footnotes == ["1"] and parsed.footnotes == [Footnote("1", "A note.")]


def test_iso_date_reads_un_dates():
    assert iso_date("6 October 2011") == "2011-10-06"
    assert iso_date("2011-04-15") == "2011-04-15"
    assert iso_date("Sixty-sixth session") == ""
