"""Turn an uploaded file into text for ``parse_text``; write a parsed text back to .docx.

Pure Python, no Django. Accepted: .txt, .text, .md, .markdown (UTF-8, UTF-8 with BOM, or
Windows-1252 when that decodes cleanly), .docx (through python-docx) and .pdf (through pypdf).
Every file is held to one ``TextLimits`` (size, what a .docx unzips to, PDF pages, characters).

From .pdf we return the raw extract, as the ``.raw-pdf.txt`` files of the corpus hold it: one
line per printed line, pages joined by a newline, so running headers, job numbers, page
counters and footnote blocks reach the parser as lines of their own (it knows them).

From .docx we keep what the parser uses as evidence:
* italic runs become ``*...*`` (the lead phrase of a paragraph is italic in UN texts);
* Word's automatic numbering becomes a literal prefix ("12. ", "(a) "): Word stores no
  number in the text, only ``w:numPr`` (list id and level), so we count list paragraphs
  ourselves, per list and level, using the list's number format from numbering.xml;
* superscript runs and Word footnote references become ``<sup>n</sup>``, and the footnotes
  themselves are appended at the end as "<sup>n</sup> text" lines.
"""
from __future__ import annotations

import io
import zipfile

from .limits import DEFAULT_LIMITS, TextLimits
from .parse import ParseError
from .structure import OPERATIVE, ParsedText, letter, roman

__all__ = ["ACCEPTED_EXTENSIONS", "read_document", "size_text", "write_docx"]

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
ACCEPTED_EXTENSIONS = TEXT_EXTENSIONS + (".docx", ".pdf")
_ACCEPTED = ", ".join(ACCEPTED_EXTENSIONS)

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) file"),
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _extension(filename: str) -> str:
    name = (filename or "").lower().rstrip()
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def size_text(n: int) -> str:
    """A byte count as users read it: "5 MB", "6.2 MB", "1,000 bytes"."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    megabytes = f"{n / (1024 * 1024):.1f}"
    return f"{megabytes[:-2] if megabytes.endswith('.0') else megabytes} MB"


def read_document(filename: str, data: bytes, *, limits: TextLimits = DEFAULT_LIMITS) -> str:
    """The text of an uploaded file, ready for ``parse_text``.

    Raises ``ParseError`` naming the file and the problem: empty file, file over
    ``limits.max_file_bytes``, unknown or binary file type, text in an unknown encoding,
    corrupt .docx or one that unzips to more than ``limits.max_uncompressed_bytes``, corrupt,
    encrypted or scanned (text-less) .pdf or one of more than ``limits.max_pdf_pages`` pages,
    text of more than ``limits.max_text_chars`` characters.
    """
    name = filename or "the file"
    if not data:
        raise ParseError(f"“{name}” is empty: there is no text to read.")
    if len(data) > limits.max_file_bytes:
        raise ParseError(
            f"“{name}” is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{size_text(limits.max_file_bytes)}. Upload the text of one draft at a time."
        )
    ext = _extension(filename)
    if ext == ".docx":
        text = _read_docx(name, data, limits)
    elif ext == ".pdf":
        text = _read_pdf(name, data, limits)
    elif ext in TEXT_EXTENSIONS:
        text = _decode_text(name, data)
    else:
        sniffed = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
        kind = f" (it looks like {sniffed})" if sniffed else ""
        shown = ext or "without an extension"
        raise ParseError(
            f"“{name}” is not a file type we can read{kind}: {shown}. Accepted types: {_ACCEPTED}."
        )
    _check_length(name, len(text), limits)
    return text


def _check_length(name: str, chars: int, limits: TextLimits, *, so_far: bool = False) -> None:
    if chars > limits.max_text_chars:
        raise ParseError(
            f"“{name}” holds {'at least ' if so_far else ''}{chars:,} characters of text; the limit is "
            f"{limits.max_text_chars:,}. Upload the text of one draft at a time."
        )


def _decode_text(name: str, data: bytes) -> str:
    sniffed = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
    if sniffed or b"\x00" in data[:4096]:
        raise ParseError(
            f"“{name}” is not a text file (it looks like {sniffed or 'binary data'}). "
            f"Accepted types: {_ACCEPTED}."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ParseError(
            f"“{name}” is neither UTF-8 nor Windows-1252 text. Save it as UTF-8 and upload it again."
        ) from None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        raise ParseError(f"“{name}” holds binary data, not text. Accepted types: {_ACCEPTED}.")
    return text


# --------------------------------------------------------------------------------------------
# .docx reading
# --------------------------------------------------------------------------------------------
def _read_docx(name: str, data: bytes, limits: TextLimits) -> str:
    if not data.startswith(b"PK"):
        raise ParseError(f"“{name}” is not a valid .docx file (it is not a Word document).")
    _check_unzipped_size(name, data, limits)
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception) as exc:  # noqa: BLE001
        raise ParseError(
            f"“{name}” is a corrupt or unreadable .docx file ({type(exc).__name__}). "
            "Open it in Word, save it again, and upload it again."
        ) from None
    numbering = _Numbering(document)
    footnote_texts = _docx_footnotes(document)
    footnote_order: list[str] = []
    out: list[str] = []
    for paragraph in document.paragraphs:
        text = _paragraph_text(paragraph, footnote_order).strip()
        prefix = numbering.prefix(paragraph)
        if not text and not prefix:
            continue
        line = f"{prefix}{text}" if prefix else text
        # A paragraph set in from the left margin is nested (a treaty's items under a
        # paragraph): indented, as markdown nests it, so the parser sees the nesting.
        indent = paragraph.paragraph_format.left_indent
        out.append(f"    {line}" if indent and indent > 0 else line)
    for number, ref in enumerate(footnote_order, start=1):
        if ref in footnote_texts:
            out.append(f"<sup>{number}</sup> {footnote_texts[ref]}")
    return "\n\n".join(out) + "\n"


def _check_unzipped_size(name: str, data: bytes, limits: TextLimits) -> None:
    """Refuse a zip bomb before anything unzips it: add up the sizes the archive declares
    (``zipfile`` never reads a member past its declared size, so they cannot lie)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ParseError(
            f"“{name}” is a corrupt or unreadable .docx file (not a valid zip archive). "
            "Open it in Word, save it again, and upload it again."
        ) from None
    if unzipped > limits.max_uncompressed_bytes:
        raise ParseError(
            f"“{name}” unpacks to {size_text(unzipped)}; the limit is "
            f"{size_text(limits.max_uncompressed_bytes)}. An ordinary Word draft is far smaller: "
            "open it in Word, save it again, or upload its text."
        )


def _paragraph_text(paragraph, footnote_order: list[str]) -> str:
    """Runs joined; italic runs as *...*, superscripts and footnote references as <sup>."""
    from docx.text.run import Run

    pieces: list[tuple[str, bool]] = []  # (text, italic)
    for r in paragraph._p.iter(f"{_W}r"):
        ref = r.find(f"{_W}footnoteReference")
        if ref is not None:
            footnote_order.append(ref.get(f"{_W}id"))
            pieces.append((f"<sup>{len(footnote_order)}</sup>", False))
            continue
        run = Run(r, paragraph)
        text = run.text
        if not text:
            continue
        if run.font.superscript:
            pieces.append((f"<sup>{text.strip()}</sup>", False))
            continue
        italic = run.italic
        if italic is None and run.style is not None:
            italic = run.style.font.italic
        pieces.append((text, bool(italic)))
    return _emphasise(pieces)


def _emphasise(pieces: list[tuple[str, bool]]) -> str:
    """Merge runs, wrapping each stretch of italic runs in one pair of asterisks."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        text, italic = pieces[i]
        if not italic:
            out.append(text)
            i += 1
            continue
        group = []
        while i < len(pieces) and pieces[i][1]:
            group.append(pieces[i][0])
            i += 1
        joined = "".join(group)
        core = joined.strip()
        if core:
            lead_ws = joined[: len(joined) - len(joined.lstrip())]
            trail_ws = joined[len(joined.rstrip()) :]
            out.append(f"{lead_ws}*{core}*{trail_ws}")
        else:
            out.append(joined)
    return "".join(out)


def _docx_footnotes(document) -> dict[str, str]:
    """Word footnotes by id (ids -1 and 0 are separators)."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for note in root.iter(f"{_W}footnote"):
                ident = note.get(f"{_W}id")
                text = "".join(t.text or "" for t in note.iter(f"{_W}t")).strip()
                if text and ident not in ("-1", "0"):
                    notes[ident] = text
            return notes
    return {}


class _Numbering:
    """Counts Word's automatically numbered paragraphs per list and level."""

    _DEFAULT = {0: ("decimal", "%1."), 1: ("lowerLetter", "(%2)"), 2: ("lowerRoman", "(%3)")}

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val"), {}).items():
                self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    @staticmethod
    def _num_pr(paragraph):
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            sppr = style.element.pPr
            if sppr is not None and sppr.numPr is not None:
                return sppr.numPr
            style = style.base_style
        return None

    def prefix(self, paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        if num_id == "0":
            return ""  # numbering switched off
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        counters = self.counters.setdefault(num_id, [0] * 9)
        spec = self.formats.get((num_id, ilvl))
        start = spec[2] if spec else 1
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, pattern, _ = spec if spec else (*self._DEFAULT.get(ilvl, ("decimal", "%1.")), 1)
        if fmt in ("bullet", "none"):
            return ""
        text = pattern
        for level in range(ilvl + 1):
            level_fmt = self.formats.get((num_id, level), (fmt,))[0] if level != ilvl else fmt
            text = text.replace(f"%{level + 1}", _format_number(counters[level] or 1, level_fmt))
        return text.strip() + " "


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letter(n)
    if fmt == "upperLetter":
        return letter(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    return str(n)


# --------------------------------------------------------------------------------------------
# .pdf reading
# --------------------------------------------------------------------------------------------
def _read_pdf(name: str, data: bytes, limits: TextLimits) -> str:
    """The raw text of a PDF's text layer: pypdf's plain extraction of each page, joined by
    newlines. Refused: not a PDF, corrupt, needs a password, too many pages, no text layer."""
    if b"%PDF-" not in data[:1024]:
        raise ParseError(f"“{name}” is not a PDF file (it has no PDF header). Accepted types: {_ACCEPTED}.")
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def corrupt(exc: Exception) -> ParseError:
        return ParseError(
            f"“{name}” is a corrupt or unreadable PDF file ({type(exc).__name__}). "
            "Open it and save or print it to PDF again, or upload the Word or text version."
        )

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Most "protected" PDFs only restrict printing or copying and open without a
            # password, as in any PDF viewer; the others we cannot read.
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise ParseError(
                    f"“{name}” is an encrypted PDF that needs a password to open: we cannot read "
                    "its text. Upload an unprotected copy, or the Word or text version."
                )
        pages = len(reader.pages)
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise corrupt(exc) from None
    if pages == 0:
        raise ParseError(f"“{name}” is a PDF file with no pages: there is no text to read.")
    if pages > limits.max_pdf_pages:
        raise ParseError(
            f"“{name}” has {pages:,} pages; the limit is {limits.max_pdf_pages:,} pages. "
            "Upload the pages of one draft at a time."
        )
    texts: list[str] = []
    chars = -1  # the newlines between pages count
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001
            raise corrupt(exc) from None
        texts.append(text)
        chars += len(text) + 1
        _check_length(name, chars, limits, so_far=True)  # stop reading pages as soon as the text is too long
    if not any(t.strip() for t in texts):
        raise ParseError(
            f"“{name}” holds scanned images: no text to read; OCR it first "
            "(or upload the Word or text version)."
        )
    return "\n".join(texts)


# --------------------------------------------------------------------------------------------
# .docx writing
# --------------------------------------------------------------------------------------------
def write_docx(parsed: ParsedText) -> bytes:
    """A .docx of a parsed text the way delegations write one: italic lead phrases, operative
    paragraphs in a Word numbered list ("List Number"), sub-paragraphs with literal "(a)",
    footnote markers as superscripts and the footnotes listed at the end.

    Markers are placed at the end of the chapeau: ``Paragraph`` keeps which footnotes a
    paragraph cites, not where.
    """
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    list_style = document.styles["List Number"]
    style_num_id = list_style.element.pPr.numPr.numId.val

    def para(text: str = "", *, bold=False, italic=False, style=None):
        p = document.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
        return p

    meta = parsed.metadata
    for key in ("body", "distribution", "date", "original_language", "committee", "session"):
        if meta.get(key):
            value = meta[key]
            label = {"distribution": "Distr.: ", "original_language": "Original: "}.get(key, "")
            para(f"{label}{value}")
    if meta.get("agenda_item"):
        para(f"Agenda item {meta['agenda_item']}")
        if meta.get("agenda_title"):
            para(meta["agenda_title"], bold=True)
    if meta.get("heading"):
        para(meta["heading"])
    if parsed.sponsor_line:
        para(parsed.sponsor_line, bold=True)
    if parsed.recommending_formula:
        para(parsed.recommending_formula)
    if parsed.title:
        para(parsed.title, bold=True)
    para(parsed.enacting_formula, italic=True)

    for paragraph in parsed.paragraphs:
        is_op = paragraph.kind == OPERATIVE and (paragraph.number or "").isdigit()
        p = para(style=list_style if is_op else None)
        if is_op:
            num_pr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            num_id = OxmlElement("w:numId")
            num_id.set(qn("w:val"), str(style_num_id))
            num_pr.append(ilvl)
            num_pr.append(num_id)
            p._p.get_or_add_pPr().append(num_pr)
        elif paragraph.kind == OPERATIVE and paragraph.number:
            p.add_run(f"({paragraph.number}) ")
        text = paragraph.text
        if paragraph.lead and text.startswith(paragraph.lead):
            p.add_run(paragraph.lead).italic = True
            text = text[len(paragraph.lead) :]
        p.add_run(text)
        for marker in paragraph.footnotes:
            p.add_run(marker).font.superscript = True
        for sub in paragraph.subparagraphs:
            s = para(f"{sub.number} {sub.text}")
            s.paragraph_format.left_indent = docx.shared.Cm(1.0 * sub.level)
    for footnote in parsed.footnotes:
        p = para()
        p.add_run(footnote.marker).font.superscript = True
        p.add_run(f" {footnote.text}")
    for annex in parsed.annexes:
        para("Annex", bold=True)
        for line in annex.split("\n"):
            para(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
