"""Word and plain-text exports of a version, and redlines as real Word tracked changes.

Pure Python (python-docx, no Django): used by views, the API and Celery tasks alike.

- ``version_to_docx(parsed, heading_lines=...)``: a clean document in UN layout: heading lines
  (symbol, sponsor line), bold title, italic enacting formula, preambular paragraphs with an
  italic lead, operative paragraphs numbered "1." with an italic lead, sub-paragraphs indented
  by level, footnotes listed at the end ("1 text").
- ``version_to_text(parsed)``: the same content as plain text, one block per paragraph,
  blocks separated by one blank line, in the shape ``parse.py`` reads (see below).
- ``redline_to_docx(rows, ...)``: one Word paragraph per redline row as the text has it ("6."
  and the italic lead, no "OP5 -> OP6" prefix), the changes written as real tracked changes
  (``<w:ins>``/``<w:del>``, a moved paragraph as a Word move ``<w:moveFrom>``/``<w:moveTo>``),
  each by its author where known, footnotes as real Word footnotes; so Word's "Accept all"
  gives the new text and "Reject all" the old one.

Footnote markers: ``Paragraph.footnotes`` records which markers a paragraph cites but not where
in its text, so both exports put them at the end of the paragraph (superscript in Word,
Unicode superscript digits in text, as in corpus 001: "supplementing the Convention,⁵"; two
markers are written "⁴ ⁵" in text and "4,5" in Word, never glued into "45").

Redline rows follow the JSON contract of ``redline.py``: ``{"old_label", "new_label", "status",
"segments": [[op, text], ...]}`` with op -1 deleted, 0 kept, 1 inserted (``Row`` objects are
accepted too), optionally ``"author"``; the rows' ``old``/``new`` indexes point into the two
versions' ParsedText when those are given (numbers, leads, footnotes). Paragraph marks of
inserted, deleted and moved paragraphs are tracked too, so accepting or rejecting all leaves
no empty paragraph behind.
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from typing import Iterable

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from negotiation.text.structure import OPERATIVE, ParsedText, sub_number

__all__ = ["version_to_docx", "version_to_text", "redline_to_docx", "redline_pieces", "row_label", "marker_text"]

FONT = "Times New Roman"
FONT_SIZE = Pt(11)
INDENT = Cm(1.25)  # UN layout: paragraphs start one tab in
SUB_INDENT = Cm(1.0)  # each sub-paragraph level indents this much more

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML
_MARKDOWN_ITALIC = re.compile(r"\*([^*\n]+)\*")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _clean(text: str) -> str:
    """Text safe for WordprocessingML (no control characters)."""
    return _CONTROL.sub("", text or "")


def marker_text(marker: str) -> str:
    """A footnote marker as plain characters: "¹" -> "1", "<sup>2</sup>" -> "2"."""
    return re.sub(r"</?sup>", "", str(marker)).translate(_FROM_SUPERSCRIPT).strip()


_marker = marker_text  # the name it had


def _section_changes(previous: str, current: str) -> list[tuple[int, str]]:
    """The headings to write where the section path changes: (depth, heading) for each part
    of ``current`` ("Article 2 (purpose)", "Option 1") from the first that differs."""
    if not current or current == previous:
        return []
    old, new = previous.split(" › ") if previous else [], current.split(" › ")
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    return [(depth, part) for depth, part in enumerate(new) if depth >= start]


def _agreement_formula_before(parsed: ParsedText, index: int) -> str:
    """The treaty's "Have agreed as follows:" when ``index`` is its first operative paragraph."""
    formula = str(parsed.metadata.get("agreement_formula", "")).strip()
    if not formula:
        return ""
    first = next((i for i, p in enumerate(parsed.paragraphs) if p.kind == OPERATIVE), None)
    return formula if first == index else ""


def _lead_and_rest(text: str, lead: str) -> tuple[str, str]:
    """Split the italic lead off a paragraph's text, when the text starts with it."""
    if lead and text.startswith(lead) and not text[len(lead) : len(lead) + 1].isalnum():
        return lead, text[len(lead) :]
    return "", text


# --- plain text ------------------------------------------------------------------------------


def _with_markers(text: str, markers: Iterable[str]) -> str:
    """"text¹", or "text¹ ²" for two markers (glued, "¹²" would read as footnote 12)."""
    return text + " ".join(marker_text(m).translate(_SUPERSCRIPT) for m in markers)


def version_to_text(parsed: ParsedText, *, mark_leads: bool = True) -> str:
    """The version as plain text: one block per paragraph, blocks separated by a blank line.

    Order: sponsor line, recommending formula, title, enacting formula, preambular paragraphs,
    operative paragraphs ("1. *Requests* ..."), each sub-paragraph as its own block ("(a) To
    ..."), annexes, then the footnotes ("¹ United Nations, Treaty Series ...").

    Leads are marked as italic with asterisks, as in the corpus ("*Recalling also* its ..."),
    so that the parser reads back the same lead ("Reiterates its request", not "Reiterates");
    ``mark_leads=False`` gives text without any markup.
    """
    blocks: list[str] = []
    for head in (parsed.sponsor_line, parsed.recommending_formula, parsed.title, parsed.enacting_formula):
        if head and head.strip():
            blocks.append(" ".join(head.split()))
    previous = ""
    for index, paragraph in enumerate(parsed.paragraphs):
        formula = _agreement_formula_before(parsed, index)
        if formula:
            blocks.append(formula)
        for depth, heading in _section_changes(previous, paragraph.section):
            if depth == 0:
                blocks.append(f"## {heading}" if mark_leads else heading)
            elif heading.startswith("Option"):
                blocks.append(f"**{heading.rstrip(':')}:**" if mark_leads else f"{heading.rstrip(':')}:")
            else:
                blocks.append(f"**{heading}**" if mark_leads else heading)
        previous = paragraph.section or previous
        subs = list(paragraph.subparagraphs)
        chapeau = " ".join(paragraph.text.split())
        lead, rest = _lead_and_rest(chapeau, " ".join(paragraph.lead.split()))
        if mark_leads and lead:
            chapeau = f"*{lead}*{rest}"
        if paragraph.kind == OPERATIVE and paragraph.number:
            chapeau = f"{paragraph.number}. {chapeau}"
        if not subs:
            blocks.append(_with_markers(chapeau, paragraph.footnotes))
            continue
        blocks.append(chapeau)
        nested = bool(paragraph.section)  # treaty items nest by indentation, as in markdown
        for k, sub in enumerate(subs):
            text = f"{sub_number(sub.number)} {' '.join(sub.text.split())}".strip()
            if nested:
                text = "    " * (sub.level or 1) + text
            blocks.append(_with_markers(text, paragraph.footnotes) if k == len(subs) - 1 else text)
    for annex in parsed.annexes:
        if annex and annex.strip():
            blocks.append(annex.strip())
    for footnote in parsed.footnotes:
        marker = marker_text(footnote.marker).translate(_SUPERSCRIPT)
        blocks.append(f"{marker} {' '.join(footnote.text.split())}")
    return _clean("\n\n".join(blocks)) + "\n"


# --- Word: a version -------------------------------------------------------------------------


def _new_document(title: str = "", author: str = ""):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = FONT_SIZE
    # East-Asian font name too, or Word falls back to the theme font for some characters.
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for section in document.sections:  # UN documents are A4
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    if title:
        document.core_properties.title = _clean(title)[:255]
    if author:
        document.core_properties.author = _clean(author)[:255]
    return document


def _add_runs_with_italics(paragraph, text: str) -> None:
    """Runs for ``text``, with *markdown italics* (footnotes of corpus 001) as italic runs."""
    position = 0
    for match in _MARKDOWN_ITALIC.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group(1)).italic = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _add_markers(paragraph, markers: Iterable[str]) -> None:
    """Superscript markers at the end of the paragraph, "1,2" for two."""
    markers = [marker_text(m) for m in markers]
    if markers:
        paragraph.add_run(",".join(markers)).font.superscript = True


def version_to_docx(parsed: ParsedText, *, heading_lines: Iterable[str] = ()) -> bytes:
    """The version as a Word document (bytes of a .docx file)."""
    document = _new_document(title=parsed.title)
    heading_lines = [" ".join(_clean(h).split()) for h in heading_lines if h and h.strip()]
    for line in heading_lines:
        document.add_paragraph(line)
    sponsor_line = " ".join(_clean(parsed.sponsor_line).split())
    if sponsor_line and sponsor_line not in heading_lines:
        document.add_paragraph().add_run(sponsor_line).bold = True
    if parsed.recommending_formula:
        p = document.add_paragraph(" ".join(_clean(parsed.recommending_formula).split()))
        p.paragraph_format.first_line_indent = INDENT
    if parsed.title:
        p = document.add_paragraph()
        p.add_run(" ".join(_clean(parsed.title).split())).bold = True
        p.paragraph_format.left_indent = INDENT
    if parsed.enacting_formula:
        p = document.add_paragraph()
        p.add_run(" ".join(_clean(parsed.enacting_formula).split())).italic = True
        p.paragraph_format.first_line_indent = INDENT

    previous = ""
    for index, paragraph in enumerate(parsed.paragraphs):
        formula = _agreement_formula_before(parsed, index)
        if formula:
            document.add_paragraph(" ".join(_clean(formula).split()))
        for depth, heading in _section_changes(previous, paragraph.section):
            h = document.add_paragraph()
            h.add_run(" ".join(_clean(heading).split())).bold = True
            if depth == 0:
                h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        previous = paragraph.section or previous
        lead, rest = _lead_and_rest(" ".join(_clean(paragraph.text).split()), paragraph.lead)
        p = document.add_paragraph()
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = INDENT
        if paragraph.kind == OPERATIVE and paragraph.number:
            p.add_run(f"{paragraph.number}.\t")
        if lead:
            p.add_run(lead).italic = True
        if rest:
            p.add_run(rest)
        subs = list(paragraph.subparagraphs)
        if not subs:
            _add_markers(p, paragraph.footnotes)
        for k, sub in enumerate(subs):
            sp = document.add_paragraph()
            sp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            sp.paragraph_format.left_indent = INDENT + SUB_INDENT * max(0, (sub.level or 1) - 1)
            sp.paragraph_format.first_line_indent = INDENT
            sp.add_run(f"{sub_number(sub.number)}\t{' '.join(_clean(sub.text).split())}")
            if k == len(subs) - 1:
                _add_markers(sp, paragraph.footnotes)

    for annex in parsed.annexes:
        if annex and annex.strip():
            for block in re.split(r"\n\s*\n", _clean(annex).strip()):
                document.add_paragraph(" ".join(block.split()))

    if parsed.footnotes:
        document.add_paragraph("__________________")
        for footnote in parsed.footnotes:
            p = document.add_paragraph()
            p.paragraph_format.space_after = Pt(2)
            p.add_run(marker_text(footnote.marker)).font.superscript = True
            p.add_run(" ")
            _add_runs_with_italics(p, " ".join(_clean(footnote.text).split()))

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Word: a redline with tracked changes ----------------------------------------------------


def row_label(row: dict) -> str:
    """"PP3", "OP5 -> OP6", "OP6 (inserted)", "OP5 (deleted)", "OP4 -> OP7 (moved)": a row's
    label in running text (the command line, messages). The Word redline does not print it:
    the paragraph's own number ("6.") stands there, as in the text."""
    old, new, status = row.get("old_label"), row.get("new_label"), row.get("status", "")
    if old and new:
        label = old if old == new else f"{old} -> {new}"
    else:
        label = new or old or "?"
    if status in ("inserted", "deleted", "moved"):
        label += f" ({status})"
    return label


def _text_element(tag: str, text: str):
    element = OxmlElement(tag)
    element.text = text
    element.set(qn("xml:space"), "preserve")
    return element


def _run(text: str, *, deleted: bool = False, italic: bool = False):
    """A <w:r> holding ``text``; tabs and line breaks become <w:tab/>/<w:br/>."""
    run = OxmlElement("w:r")
    if italic:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:i"))
        run.append(properties)
    tag = "w:delText" if deleted else "w:t"
    for k, line in enumerate(text.split("\n")):
        if k:
            run.append(OxmlElement("w:br"))
        for m, piece in enumerate(line.split("\t")):
            if m:
                run.append(OxmlElement("w:tab"))
            if piece:
                run.append(_text_element(tag, piece))
    return run


INSERTED, DELETED, MOVED_FROM, MOVED_TO = "w:ins", "w:del", "w:moveFrom", "w:moveTo"


class _Revisions:
    """Hands out ids (unique in the document) for revisions and move ranges, dated ``date``;
    each revision names its author (the row's, else the document's)."""

    def __init__(self, author: str, date: datetime):
        self.author = author
        self.date = date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1
        self.moves = 0

    def _stamp(self, element, author: str | None):
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), _clean(author or "") or self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element

    def wrap(self, tag: str, *runs, author: str | None = None):
        """``runs`` inside one <w:ins>, <w:del>, <w:moveFrom> or <w:moveTo>."""
        element = self._stamp(OxmlElement(tag), author)
        for run in runs:
            element.append(run)
        return element

    def mark(self, paragraph, tag: str, author: str | None = None) -> None:
        """The paragraph mark itself inserted, deleted or moved (``w:pPr/w:rPr``): accepting a
        deleted paragraph, or rejecting an inserted one, leaves no empty paragraph behind."""
        properties = paragraph._p.get_or_add_pPr()
        mark = properties.find(qn("w:rPr"))
        if mark is None:
            mark = OxmlElement("w:rPr")
            following = [qn(t) for t in ("w:sectPr", "w:pPrChange")]
            before = next((child for child in properties if child.tag in following), None)
            if before is None:
                properties.append(mark)
            else:
                before.addprevious(mark)
        mark.insert(0, self._stamp(OxmlElement(tag), author))

    def move_name(self) -> str:
        self.moves += 1
        return f"move{self.moves}"

    def range(self, paragraph, tag: str, name: str, author: str | None, content: list) -> None:
        """``<w:moveFromRangeStart w:name=...>`` (or moveTo), ``content``, its RangeEnd."""
        start = self._stamp(OxmlElement(f"{tag}RangeStart"), author)
        start.set(qn("w:name"), name)
        end = OxmlElement(f"{tag}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        paragraph._p.append(start)
        for element in content:
            paragraph._p.append(element)
        paragraph._p.append(end)


class _Footnotes:
    """Real Word footnotes (``word/footnotes.xml``, related from the document part), each
    shown with the text's own marker (``w:customMarkFollows``): a redline cites the markers of
    both versions, which Word's automatic numbering would renumber."""

    def __init__(self, document):
        self.document = document
        self.root = None
        self.next_id = 1

    def _footnotes(self):
        if self.root is None:
            from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
            from docx.opc.packuri import PackURI
            from docx.opc.part import XmlPart
            from docx.oxml.ns import nsdecls
            from docx.oxml.parser import parse_xml

            # Word's separator lines above the footnotes (ids -1 and 0 by convention).
            self.root = parse_xml(
                f"<w:footnotes {nsdecls('w')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                "</w:footnotes>"
            )
            package = self.document.part.package
            part = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, self.root, package)
            self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        return self.root

    def reference(self, marker: str, text: str, *, deleted: bool = False):
        """The footnote's run in the text (superscript marker) after adding the note itself."""
        root = self._footnotes()
        note_id = str(self.next_id)
        self.next_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        p = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:after"), "0")
        properties.append(spacing)
        p.append(properties)
        p.append(_styled_run(marker, superscript=True, small=True))
        p.append(_styled_run(" ", small=True))
        position = 0
        body = " ".join(_clean(text).split())
        for match in _MARKDOWN_ITALIC.finditer(body):
            if match.start() > position:
                p.append(_styled_run(body[position:match.start()], small=True))
            p.append(_styled_run(match.group(1), small=True, italic=True))
            position = match.end()
        if position < len(body):
            p.append(_styled_run(body[position:], small=True))
        note.append(p)
        root.append(note)
        run = OxmlElement("w:r")
        run_properties = OxmlElement("w:rPr")
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        run_properties.append(align)
        run.append(run_properties)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:customMarkFollows"), "1")
        reference.set(qn("w:id"), note_id)
        run.append(reference)
        run.append(_text_element("w:delText" if deleted else "w:t", marker))
        return run


def _styled_run(text: str, *, superscript: bool = False, small: bool = False, italic: bool = False):
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if italic:
        properties.append(OxmlElement("w:i"))
    if superscript:
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        properties.append(align)
    if small:
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")  # 9 pt
        properties.append(size)
    if len(properties):
        run.append(properties)
    run.append(_text_element("w:t", text))
    return run


def _row_dict(row) -> dict:
    if isinstance(row, dict):
        return row
    if hasattr(row, "to_json"):
        return row.to_json()
    return dict(row)


_OP_LABEL = re.compile(r"^OP(\S+)$")


class _Side:
    """What a row says of one version's paragraph: its number, lead and footnotes, from that
    version's ParsedText when given (else the number from its label, "OP6" -> "6")."""

    def __init__(self, parsed: ParsedText | None, index, label):
        paragraph = None
        if parsed is not None and isinstance(index, int) and 0 <= index < len(parsed.paragraphs):
            paragraph = parsed.paragraphs[index]
        if paragraph is not None:
            self.number = paragraph.number if paragraph.kind == OPERATIVE and paragraph.number else ""
            text = paragraph.full_text
            lead = paragraph.lead if paragraph.lead and text.startswith(paragraph.lead) else ""
            self.lead = len(lead) if lead and not text[len(lead):len(lead) + 1].isalnum() else 0
            texts = {marker_text(f.marker): f.text for f in parsed.footnotes}
            self.notes = [(marker_text(m), texts[marker_text(m)]) for m in paragraph.footnotes if marker_text(m) in texts]
        else:
            found = _OP_LABEL.match(label or "")
            self.number, self.lead, self.notes = (found.group(1) if found else ""), 0, []


def _segments(row: dict, old: _Side, new: _Side) -> list[tuple[int, str, bool]]:
    """(op, text, italic): the row's segments split where a side's italic lead ends."""
    pieces = []
    at_old = at_new = 0
    for op, text in ((int(op), _clean(text)) for op, text in row.get("segments") or []):
        while text:
            at, lead = (at_old, old.lead) if op < 0 else (at_new, new.lead)
            cut = lead - at if at < lead < at + len(text) else len(text)
            pieces.append((op, text[:cut], at < lead))
            text = text[cut:]
            if op <= 0:
                at_old += cut
            if op >= 0:
                at_new += cut
    return pieces


def redline_pieces(row, old: ParsedText | None = None, new: ParsedText | None = None) -> list[tuple[int, str, bool]]:
    """A redline row's segments as (op, text, italic), split where the italic lead of the side
    they belong to ends (``old``/``new``: the versions' ParsedText, which the row's indexes
    point into); for the PDF redline, which writes leads in italics as the Word one does."""
    row = _row_dict(row)
    return _segments(row, _Side(old, row.get("old"), row.get("old_label")), _Side(new, row.get("new"), row.get("new_label")))


def _move_sources(rows: list[dict]) -> dict[int, list[int]]:
    """Row index -> the moved rows whose old place is just before it (rows in old order of the
    paragraphs that stood still or were deleted); -1 for after the last row. A moved row of
    unknown old place (no ``old`` index) has its source just before itself."""
    sources: dict[int, list[int]] = {}
    fixed = [(k, r["old"]) for k, r in enumerate(rows) if r.get("status") != "moved" and isinstance(r.get("old"), int)]
    for k, row in enumerate(rows):
        if row.get("status") != "moved":
            continue
        old = row.get("old")
        if not isinstance(old, int):
            sources.setdefault(k, []).append(k)
            continue
        at = next((j for j, i in fixed if i > old), -1)
        sources.setdefault(at, []).append(k)
    for moved in sources.values():
        moved.sort(key=lambda k: rows[k].get("old") if isinstance(rows[k].get("old"), int) else -1)
    return sources


def redline_to_docx(
    rows: list[dict],
    *,
    title: str,
    old_label: str,
    new_label: str,
    author: str = "Secretariat",
    date: datetime | None = None,
    old: ParsedText | None = None,
    new: ParsedText | None = None,
) -> bytes:
    """A Word document of the redline whose changes are real tracked revisions.

    Each row is one paragraph as the text has it, numbered "6." when operative, its lead in
    italics (no reviewer's "OP5 -> OP6" prefix). Kept text is a plain run, inserted text runs
    inside ``<w:ins>``, deleted text ``<w:delText>`` runs inside ``<w:del>``; a wholly
    inserted or deleted paragraph is one revision, its paragraph mark tracked too (accepting
    or rejecting all leaves no empty paragraph). A moved paragraph is a Word move: its old
    text at its old place inside ``<w:moveFrom>`` (between ``w:moveFromRangeStart`` and
    ``RangeEnd`` named "moveN"), its new text where it now stands inside ``<w:moveTo>`` (the
    range of the same name), words inserted there as ``<w:ins>``. So Word's "Accept all" gives
    the new text and "Reject all" the old one.

    Each revision is by the row's ``author`` when it has one (the delegation whose proposal
    made the change, the user who saved the version), else by ``author``; all at ``date``
    (default: now, UTC). With ``old``/``new`` (the two versions' ParsedText, which the rows'
    ``old``/``new`` indexes point into), paragraphs keep their numbers, italic leads and
    footnotes: real Word footnotes with the text's own markers, a footnote only the old text
    cites deleted with it, one only the new text cites inserted.
    """
    document = _new_document(title=title, author=author)
    revisions = _Revisions(_clean(author) or "Secretariat", date or datetime.now(timezone.utc))
    footnotes = _Footnotes(document)

    heading = document.add_paragraph()
    heading.add_run(" ".join(_clean(title).split())).bold = True
    document.add_paragraph(
        f"Changes from {' '.join(_clean(old_label).split())} to {' '.join(_clean(new_label).split())}, "
        "shown as tracked changes."
    )

    rows = [_row_dict(row) for row in rows]
    sources = _move_sources(rows)
    # Each move's name ("move1"), shared by its two ranges, whichever comes first.
    names = {k: revisions.move_name() for k, row in enumerate(rows) if row.get("status") == "moved"}
    previous = ""

    def paragraph():
        p = document.add_paragraph()
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = INDENT
        return p

    def sides(row) -> tuple[_Side, _Side]:
        return _Side(old, row.get("old"), row.get("old_label")), _Side(new, row.get("new"), row.get("new_label"))

    def notes(side: _Side, *, deleted: bool = False) -> list:
        return [footnotes.reference(marker, text, deleted=deleted) for marker, text in side.notes]

    def move_source(k: int) -> None:
        """The old place of moved row ``k``: its old text, moved from here."""
        row = rows[k]
        old_side, _ = sides(row)
        who = row.get("author")
        p = paragraph()
        runs = [_run(f"{old_side.number}.\t")] if old_side.number else []
        runs += [_run(text, italic=italic) for op, text, italic in _segments(row, old_side, old_side) if op <= 0 and text]
        runs += notes(old_side)
        revisions.range(p, "w:moveFrom", names[k], who, [revisions.wrap(MOVED_FROM, *runs, author=who)] if runs else [])
        revisions.mark(p, MOVED_FROM, who)

    for k, row in enumerate(rows):
        for moved in sources.get(k, []):
            move_source(moved)
        # Headings follow the new text; a deleted paragraph stays under the heading around it.
        section = "" if row.get("status") == "deleted" else row.get("new_section") or ""
        for depth, text in _section_changes(previous, section):
            h = document.add_paragraph()
            h.add_run(" ".join(_clean(text).split())).bold = True
            if depth == 0:
                h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        previous = section or previous

        old_side, new_side = sides(row)
        who = row.get("author")
        status = row.get("status")
        p = paragraph()
        pieces = _segments(row, old_side, new_side)
        if status in ("inserted", "deleted"):
            # One revision for the whole paragraph, its mark included.
            op, tag, side = (1, INSERTED, new_side) if status == "inserted" else (-1, DELETED, old_side)
            deleted = op < 0
            runs = [_run(f"{side.number}.\t", deleted=deleted)] if side.number else []
            runs += [_run(text, deleted=deleted, italic=italic) for o, text, italic in pieces if o in (0, op) and text]
            runs += notes(side, deleted=deleted)
            if runs:
                p._p.append(revisions.wrap(tag, *runs, author=who))
            revisions.mark(p, tag, who)
            continue
        moved = status == "moved"
        content = []
        if new_side.number:
            content.append(revisions.wrap(MOVED_TO, _run(f"{new_side.number}.\t"), author=who) if moved
                           else _run(f"{new_side.number}.\t"))
        for op, text, italic in pieces:
            if not text or (moved and op < 0):  # a moved paragraph's old words stand at its old place
                continue
            if op == 0:
                content.append(revisions.wrap(MOVED_TO, _run(text, italic=italic), author=who) if moved
                               else _run(text, italic=italic))
            elif op > 0:
                content.append(revisions.wrap(INSERTED, _run(text, italic=italic), author=who))
            else:
                content.append(revisions.wrap(DELETED, _run(text, deleted=True, italic=italic), author=who))
        # Footnotes: one both texts cite (same marker, same words) stays; the others change.
        kept = set(old_side.notes) & set(new_side.notes)
        if not moved:
            for marker, text in old_side.notes:
                if (marker, text) not in kept:
                    content.append(revisions.wrap(DELETED, footnotes.reference(marker, text, deleted=True), author=who))
        for marker, text in new_side.notes:
            reference = footnotes.reference(marker, text)
            if (marker, text) not in kept:
                content.append(revisions.wrap(INSERTED, reference, author=who))
            else:
                content.append(revisions.wrap(MOVED_TO, reference, author=who) if moved else reference)
        if moved:
            revisions.range(p, "w:moveTo", names[k], who, content)
            revisions.mark(p, MOVED_TO, who)
        else:
            for element in content:
                p._p.append(element)
    for moved in sources.get(-1, []):
        move_source(moved)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Word: the compilation table of a negotiation --------------------------------------------


def compilation_to_docx(rows: list[dict], *, title: str, version_label: str) -> bytes:
    """The compilation of a negotiation as a landscape Word table, the format negotiators
    circulate: one row per paragraph (after a repeated header row), columns paragraph |
    current text | proposals | status.

    Each row is a plain dict: ``{"label", "text", "heading" (optional: the Article the paragraph
    opens), "subparagraphs": [str] (optional), "brackets": int, "status", "note", "proposals":
    [{"delegation", "on_behalf_of", "kind", "status", "text", "segments" (optional word diff
    [[op, text]]: -1 deleted, 0 kept, 1 inserted), "outdated": bool, "reason", "supporters":
    [str], "objectors": [str]}]}``. Inserted words are underlined, deleted words struck
    through (formatting, not tracked changes: the table is a record, not a text to accept)."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT

    document = _new_document(title=title)
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    heading = document.add_paragraph()
    heading.add_run(" ".join(_clean(title).split())).bold = True
    document.add_paragraph(f"Compilation of proposals on {' '.join(_clean(version_label).split())}")

    widths = (Cm(2.4), Cm(10.5), Cm(10.4), Cm(2.4))  # 25.7 cm: the landscape A4 text width
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for cell, name in zip(header.cells, ("Paragraph", "Current text", "Proposals (proposer, supporters, objectors)", "Status")):
        cell.paragraphs[0].add_run(name).bold = True

    def line(cell, first: list[bool]):
        """The cell's next paragraph (its first, empty one is used once)."""
        if first[0]:
            first[0] = False
            return cell.paragraphs[0]
        return cell.add_paragraph()

    for row in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_clean(str(row.get("label", "")))).bold = True
        brackets = int(row.get("brackets") or 0)
        if brackets:
            cells[0].add_paragraph(f"{brackets} bracket{'s' if brackets != 1 else ''}").runs[0].font.size = Pt(9)

        first = [True]
        if row.get("heading"):
            line(cells[1], first).add_run(" ".join(_clean(row["heading"]).split())).bold = True
        line(cells[1], first).add_run(" ".join(_clean(row.get("text", "")).split()))
        for sub in row.get("subparagraphs") or []:
            p = line(cells[1], first)
            p.paragraph_format.left_indent = SUB_INDENT
            p.add_run(" ".join(_clean(sub).split()))

        first = [True]
        for proposal in row.get("proposals") or []:
            p = line(cells[2], first)
            who = _clean(proposal.get("delegation", ""))
            if proposal.get("on_behalf_of"):
                who += f" (on behalf of {_clean(proposal['on_behalf_of'])})"
            p.add_run(who).bold = True
            p.add_run(f" – {_clean(proposal.get('kind', ''))}")
            if proposal.get("status"):
                p.add_run(f" [{_clean(proposal['status'])}]").italic = True
            if proposal.get("outdated"):
                p.add_run(" – outdated: the text moved on").italic = True
            segments = proposal.get("segments")
            if segments or proposal.get("text"):
                words = line(cells[2], first)
                for op, text in segments or [[0, proposal.get("text", "")]]:
                    text = _clean(text)
                    if not text:
                        continue
                    run = words.add_run(text)
                    if int(op) > 0:
                        run.underline = True
                    elif int(op) < 0:
                        run.font.strike = True
            if proposal.get("reason"):
                line(cells[2], first).add_run(f"Reason: {' '.join(_clean(proposal['reason']).split())}").italic = True
            for name, key in (("Supported by", "supporters"), ("Objected to by", "objectors")):
                names = [_clean(n) for n in proposal.get(key) or []]
                if names:
                    line(cells[2], first).add_run(f"{name}: {', '.join(names)}")

        status = cells[3].paragraphs[0]
        status.add_run(_clean(str(row.get("status", ""))))
        if row.get("note"):
            cells[3].add_paragraph(_clean(row["note"])).runs[0].italic = True

    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths):
            cell.width = width
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(2)
                for run in p.runs:
                    if run.font.size is None:
                        run.font.size = Pt(10)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
