"""read_document on .pdf files: the raw text layer, line by line and page by page, and every
refusal (encrypted, corrupt, scanned, too many pages, too much text). The PDFs are real files
written by fpdf2 (tests/pdf_files.py)."""
from pathlib import Path

import pytest
from fpdf import FPDF

from negotiation.data import corpus_dir
from negotiation.text.limits import TextLimits
from negotiation.text.parse import ParseError
from negotiation.text.readers import read_document
from tests.pdf_files import (
    RESOLUTION_LINES,
    core_font_text,
    encrypt_pdf,
    write_drawing_pdf,
    write_lines_pdf,
    write_pdf,
)

RAW = corpus_dir() / "ga80" / "A_RES_80_10.raw-pdf.txt"
UNICODE_FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_pdf_of_a_real_resolution_comes_back_word_for_word_in_order():
    source = RAW.read_text(encoding="utf-8")
    data = write_lines_pdf(source.split("\n"))
    text = read_document("A_RES_80_10.pdf", data)
    expected = core_font_text(source)
    assert text.split() == expected.split()
    assert _lines(text) == _lines(expected)  # one line per printed line, as in the .raw-pdf.txt


def test_pdf_pages_are_joined_by_newlines_so_page_furniture_stays_on_lines_of_its_own():
    pages = [
        ["Recalling its resolution 78/1,", "1. Requests the Secretary-General to report", "_______________", "1 A/80/83."],
        ["A/RES/80/10", "25-19432", "2/3", "to the General Assembly at its eighty-first session;"],
    ]
    text = read_document("two-pages.pdf", write_pdf(pages))
    assert _lines(text) == [line for page in pages for line in page]
    assert "1 A/80/83.\nA/RES/80/10" in text.replace(" \n", "\n")


@pytest.mark.skipif(not any(p.exists() for p in UNICODE_FONTS), reason="no TrueType font with ’ “ ” – on this machine")
def test_pdf_typographic_characters_come_back_as_printed():
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("Serif", fname=str(next(p for p in UNICODE_FONTS if p.exists())))
    pdf.set_font("Serif", size=9)
    lines = ["80/10. International Day of the World’s Indigenous Women and Girls",
             "Beijing, 4–15 September 1995, “Platform for Action” …"]
    for line in lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    assert _lines(read_document("typography.pdf", bytes(pdf.output()))) == lines


def test_pdf_that_needs_a_password_is_refused():
    data = encrypt_pdf(write_lines_pdf(RESOLUTION_LINES), user_password="secret")
    with pytest.raises(ParseError, match="“locked.pdf” is an encrypted PDF that needs a password"):
        read_document("locked.pdf", data)


def test_pdf_protected_only_against_copying_opens_as_in_any_viewer():
    data = encrypt_pdf(write_lines_pdf(RESOLUTION_LINES), user_password="")
    assert _lines(read_document("protected.pdf", data)) == [line for line in RESOLUTION_LINES if line]


@pytest.mark.parametrize("damage", ["header only", "cut in half", "garbage after the header"])
def test_corrupt_pdf_is_refused(damage):
    good = write_lines_pdf(RESOLUTION_LINES)
    data = {
        "header only": b"%PDF-1.4",
        "cut in half": good[: len(good) // 2],
        "garbage after the header": b"%PDF-1.7\n" + bytes(range(256)) * 20,
    }[damage]
    with pytest.raises(ParseError, match="“bad.pdf” is a corrupt or unreadable PDF file"):
        read_document("bad.pdf", data)


def test_file_named_pdf_that_is_not_a_pdf_is_refused():
    with pytest.raises(ParseError, match="“draft.pdf” is not a PDF file"):
        read_document("draft.pdf", b"The General Assembly,\n\n1. Decides to act.\n")


def test_pdf_without_a_text_layer_is_refused_as_scanned_images():
    with pytest.raises(ParseError, match="“scan.pdf” holds scanned images: no text to read; OCR it first"):
        read_document("scan.pdf", write_drawing_pdf())


def test_pdf_over_the_page_limit_is_refused_naming_the_limit():
    data = write_pdf([["The General Assembly,"], ["Recalling,"], ["1. Decides."]])
    assert "Decides" in read_document("three.pdf", data, limits=TextLimits(max_pdf_pages=3))
    with pytest.raises(ParseError, match="“three.pdf” has 3 pages; the limit is 2 pages"):
        read_document("three.pdf", data, limits=TextLimits(max_pdf_pages=2))


def test_pdf_text_over_the_character_limit_is_refused():
    data = write_lines_pdf(RESOLUTION_LINES)
    with pytest.raises(ParseError, match="“long.pdf” holds .*characters of text; the limit is 50"):
        read_document("long.pdf", data, limits=TextLimits(max_text_chars=50))


def test_pdf_over_the_file_size_limit_is_refused_before_it_is_read():
    data = write_lines_pdf(RESOLUTION_LINES)
    with pytest.raises(ParseError, match="the limit is 100 bytes"):
        read_document("big.pdf", data, limits=TextLimits(max_file_bytes=100))


@pytest.mark.parametrize("name", ["A_RES_80_10", "A_RES_80_13", "A_RES_80_20"])
def test_pdf_of_a_resolution_parses_to_the_structure_of_its_text(name):
    """The same document, uploaded as .pdf or pasted as its PDF text, gives one structure."""
    from negotiation.text.parse import parse_text

    source = core_font_text((RAW.parent / f"{name}.raw-pdf.txt").read_text(encoding="utf-8"))
    from_pdf = parse_text(read_document(f"{name}.pdf", write_lines_pdf(source.split("\n"))))
    from_text = parse_text(source)

    def shape(parsed):
        return ([(p.kind, p.number, " ".join(p.full_text.split()), p.footnotes) for p in parsed.paragraphs],
                [(f.marker, f.text) for f in parsed.footnotes], parsed.title)

    assert shape(from_pdf) == shape(from_text)
    assert len(from_pdf.paragraphs) > 5 and from_pdf.footnotes
