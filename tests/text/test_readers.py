"""read_document: text encodings, .docx with italics and Word numbering, bad files, limits.

PDF files: tests/text/test_readers_pdf.py."""
import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from negotiation.data import corpus_dir
from negotiation.text.limits import DEFAULT_LIMITS, TextLimits
from negotiation.text.parse import ParseError, parse_text
from negotiation.text.readers import read_document, size_text, write_docx

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
        read_document("a.txt", b"a" * (DEFAULT_LIMITS.max_file_bytes + 1))


def test_file_size_limit_comes_from_the_limits_given():
    limits = TextLimits(max_file_bytes=1000)
    assert read_document("a.txt", b"a" * 1000, limits=limits) == "a" * 1000
    with pytest.raises(ParseError, match="“a.txt” .* the limit is 1,000 bytes"):
        read_document("a.txt", b"a" * 1001, limits=limits)


def test_text_over_the_character_limit_is_refused_naming_the_limit():
    limits = TextLimits(max_text_chars=100)
    assert read_document("a.txt", "é".encode() * 100, limits=limits) == "é" * 100  # characters, not bytes
    with pytest.raises(ParseError, match="“a.txt” holds 101 characters of text; the limit is 100"):
        read_document("a.txt", b"a" * 101, limits=limits)


def test_sizes_are_shown_in_mb_or_bytes():
    assert [size_text(n) for n in (5 * 1024 * 1024, 6_500_000, 1000)] == ["5 MB", "6.2 MB", "1,000 bytes"]


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("a.png", b"\x89PNG\r\n\x1a\n....", "PNG"),
        ("setup.exe", b"MZ\x90\x00\x03", "Windows program"),
        ("notes.odt", b"hello", r"\.odt"),
        ("README", b"hello", "without an extension"),
    ],
)
def test_unknown_or_binary_file_types_are_refused_listing_accepted_types(name, data, words):
    with pytest.raises(ParseError, match=words) as info:
        read_document(name, data)
    assert ".txt, .text, .md, .markdown, .docx, .pdf" in str(info.value)


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


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The .docx ``data`` with one more member in its zip archive, deflated."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_docx_that_unzips_past_the_limit_is_refused_before_word_opens_it(monkeypatch):
    small = _docx_bytes(lambda d: d.add_paragraph("The General Assembly,"))
    bomb = _with_member(small, "word/media/image1.bin", b"\0" * 3_000_000)  # a few KB zipped
    assert len(bomb) < 100_000
    limits = TextLimits(max_uncompressed_bytes=2_000_000)
    assert "The General Assembly," in read_document("small.docx", small, limits=limits)

    def must_not_open(*args, **kwargs):
        raise AssertionError("python-docx opened a zip bomb")

    monkeypatch.setattr(docx, "Document", must_not_open)
    with pytest.raises(ParseError, match=r"“bomb.docx” unpacks to 3\.\d MB; the limit is 1\.9 MB") as info:
        read_document("bomb.docx", bomb, limits=limits)
    assert "Word" in str(info.value)


def test_docx_text_over_the_character_limit_is_refused():
    data = _docx_bytes(lambda d: d.add_paragraph("x" * 200))
    with pytest.raises(ParseError, match="“long.docx” holds 201 characters of text; the limit is 150"):
        read_document("long.docx", data, limits=TextLimits(max_text_chars=150))


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
