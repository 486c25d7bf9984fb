"""read_document: text encodings, .docx with italics and Word numbering, and bad files."""
import io

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from negotiation.data import corpus_dir
from negotiation.text.parse import ParseError, parse_text
from negotiation.text.readers import MAX_UPLOAD_BYTES, read_document, write_docx

CORPUS = corpus_dir()
SMALL = "Title\n\nThe General Assembly,\n\nRecalling its résolutions,\n\n1. Decides to act.\n"


def corpus(prefix):
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def shape(parsed):
    return (
        [(p.kind, p.number, p.lead, p.text, [(s.number, s.text, s.level) for s in p.subparagraphs], p.footnotes)
         for p in parsed.paragraphs],
        [(f.marker, f.text) for f in parsed.footnotes],
        parsed.title,
        parsed.enacting_formula,
    )


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.text", "A.TXT"])
def test_utf8_text_files_are_read(name):
    assert read_document(name, SMALL.encode("utf-8")) == SMALL


def test_utf8_bom_is_dropped():
    assert read_document("a.txt", b"\xef\xbb\xbf" + SMALL.encode()) == SMALL


def test_cp1252_is_the_fallback_when_it_decodes_cleanly():
    data = "“Recalling” résolutions – 5 €".encode("cp1252")
    assert read_document("a.txt", data) == "“Recalling” résolutions – 5 €"


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused():
    with pytest.raises(ParseError, match="UTF-8"):
        read_document("a.txt", b"abc \x81\x8d\x90 def")


def test_empty_file_is_refused():
    with pytest.raises(ParseError, match="empty"):
        read_document("a.txt", b"")


def test_file_over_the_size_limit_is_refused_naming_the_limit():
    with pytest.raises(ParseError, match="limit is 5 MB"):
        read_document("a.txt", b"a" * (MAX_UPLOAD_BYTES + 1))


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("a.pdf", b"%PDF-1.7 ...", "PDF"),
        ("a.png", b"\x89PNG\r\n\x1a\n....", "PNG"),
        ("setup.exe", b"MZ\x90\x00\x03", "Windows program"),
        ("notes.odt", b"hello", r"\.odt"),
        ("README", b"hello", "without an extension"),
    ],
)
def test_unknown_or_binary_file_types_are_refused_listing_accepted_types(name, data, words):
    with pytest.raises(ParseError, match=words) as info:
        read_document(name, data)
    assert ".txt, .text, .md, .markdown, .docx" in str(info.value)


def test_binary_bytes_under_a_text_name_are_refused():
    with pytest.raises(ParseError, match="not a text file"):
        read_document("a.txt", b"\x00\x01\x02binary\x00")
    with pytest.raises(ParseError, match="PDF"):
        read_document("a.md", b"%PDF-1.4\n...")


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"just text", b"PK\x03\x04" + b"\x00" * 50])
def test_corrupt_docx_is_refused(data):
    with pytest.raises(ParseError, match=r"\.docx"):
        read_document("draft.docx", data)


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _numbered(document, text_runs, num_id=None, ilvl=0):
    p = document.add_paragraph(style="List Number")
    if num_id is not None:
        num_pr = OxmlElement("w:numPr")
        lvl = OxmlElement("w:ilvl")
        lvl.set(qn("w:val"), str(ilvl))
        nid = OxmlElement("w:numId")
        nid.set(qn("w:val"), str(num_id))
        num_pr.append(lvl)
        num_pr.append(nid)
        p._p.get_or_add_pPr().append(num_pr)
    for text, italic in text_runs:
        p.add_run(text).italic = italic or None
    return p


def test_docx_italic_leads_and_word_numbering_become_markdown_and_numbers():
    def build(document):
        document.add_paragraph("Title of the draft")
        document.add_paragraph().add_run("The General Assembly,").italic = True
        p = document.add_paragraph()
        p.add_run("Recalling ").italic = True
        p.add_run("also").italic = True
        p.add_run(" its resolutions,")
        _numbered(document, [("Requests", True), (" the Secretary-General to report;", False)])
        _numbered(document, [("Also requests", True), (" a note;", False)])
        document.add_paragraph("3. Decides to remain seized of the matter.")  # literal number kept

    text = read_document("draft.docx", _docx_bytes(build))
    assert "*Recalling also* its resolutions," in text
    assert "1. *Requests* the Secretary-General to report;" in text
    assert "2. *Also requests* a note;" in text
    assert "3. Decides to remain seized of the matter." in text
    parsed = parse_text(text)
    assert [(p.number, p.lead) for p in parsed.paragraphs] == [
        (None, "Recalling also"), ("1", "Requests"), ("2", "Also requests"), ("3", "Decides")
    ]


def test_docx_superscript_runs_become_footnote_markers():
    def build(document):
        document.add_paragraph("Title")
        document.add_paragraph("The General Assembly,")
        p = document.add_paragraph("Recalling the Convention,")
        p.add_run("1").font.superscript = True
        document.add_paragraph("1. Decides to act.")
        f = document.add_paragraph()
        f.add_run("1").font.superscript = True
        f.add_run(" United Nations, Treaty Series, vol. 2225.")

    parsed = parse_text(read_document("x.docx", _docx_bytes(build)))
    assert parsed.paragraphs[0].footnotes == ["1"]
    assert parsed.footnotes[0].text == "United Nations, Treaty Series, vol. 2225."


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_corpus_round_trip_through_docx_gives_the_same_paragraphs(prefix):
    direct = parse_text(corpus(prefix))
    data = write_docx(direct)
    assert data.startswith(b"PK")
    again = parse_text(read_document(f"{prefix}.docx", data))
    assert shape(again) == shape(direct)
    assert again.sponsor_line == direct.sponsor_line


def test_docx_from_word_numbered_ops_of_002_counts_numbers_itself():
    text = read_document("002.docx", write_docx(parse_text(corpus("002"))))
    assert "34. *Also requests* the Secretary-General" in text
    assert "\n\n1. *Takes note with appreciation*" in text
