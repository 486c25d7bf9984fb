"""Real PDF files for the tests, written with fpdf2 (and encrypted with pypdf).

fpdf2's core fonts (Times, Helvetica) hold Latin-1 only: ``core_font_text`` maps the
typographic characters of UN texts (’ “ ” – …) to their plain forms, and tests compare the
read text with the mapped source.
"""
import io

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "})
LINES_PER_PAGE = 50


def core_font_text(text: str) -> str:
    """``text`` as a core font can print it: typographic characters mapped, others as "?"."""
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def write_pdf(pages: list[list[str]], *, font: str = "Times", size: int = 9) -> bytes:
    """An A4 PDF with a text layer: each string of each page printed on a line of its own."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font(font, size=size)
        for line in lines:
            pdf.cell(0, 5, core_font_text(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_lines_pdf(lines: list[str], *, per_page: int = LINES_PER_PAGE) -> bytes:
    """``lines`` printed on as many A4 pages as they need."""
    return write_pdf([lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]])


def write_drawing_pdf() -> bytes:
    """A one-page PDF holding only a drawn rectangle: what a scan looks like to a text reader."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    """``data`` encrypted by pypdf (RC4-128, which needs no extra library to read)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


RESOLUTION_LINES = [
    "Protecting cultural heritage",
    "",
    "The General Assembly,",
    "",
    "Recalling its resolution 78/1 of 1 December 2023,",
    "",
    "1. Decides to remain seized of the matter.",
]
