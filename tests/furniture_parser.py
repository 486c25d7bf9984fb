"""A stand-in for the parser's page-furniture, heading and notice stages, for the import
preview's tests while the real ones are being written (the parse contract is in
``negotiation/text/structure.py``).

``install(monkeypatch)`` wraps the real ``parse_text`` where the import service calls it:
lines that look like furniture (job numbers, barcodes, page counters "2/3") are blanked and
reported in ``removed`` unless listed in ``keep_lines``; "Article 4 (adaptation)" lines are
blanked and become the ``section`` of the paragraphs below them; one notice is added. Line
numbers stay those of the input, as the contract says, because blanked lines stay as lines.
"""
import re

from negotiation.text import parse as real_parse
from negotiation.text.structure import PAGE_FURNITURE, RemovedLine, Section

FURNITURE = re.compile(r"^(?:[A-Z]{1,2}\.\d{2}-\d{5} \(E\)|\*\d{5,}\*|\d{1,3}/\d{1,3},?)$")
ARTICLE = re.compile(r"^Article (?P<number>\d+) \((?P<title>[^)]+)\)$")
NOTICE = "OP2: sub-paragraph labels (a)–(b) were missing and restored"


def parse_text(text, *, keep_lines=frozenset(), **kwargs):
    lines = text.replace("\r\n", "\n").split("\n")
    removed, sections = [], []
    for no, line in enumerate(lines, start=1):
        words = line.strip()
        if FURNITURE.match(words) and no not in keep_lines:
            removed.append(RemovedLine(line=no, text=words, reason=PAGE_FURNITURE))
            lines[no - 1] = ""
        elif match := ARTICLE.match(words):
            sections.append(Section(heading=words, number=match["number"], title=match["title"], path=words, line=no))
            lines[no - 1] = ""
    parsed = real_parse.parse_text("\n".join(lines), keep_lines=keep_lines, **kwargs)
    parsed.removed = sorted(parsed.removed + removed, key=lambda r: r.line)
    if sections:
        parsed.sections = sections
        cursor = 0
        for p in parsed.paragraphs:
            probe = p.text[:20]
            cursor = next((i for i in range(cursor, len(lines)) if probe in lines[i]), cursor)
            above = [s for s in sections if s.line <= cursor]
            p.section = above[-1].path if above else ""
    parsed.notices = [*parsed.notices, NOTICE]
    return parsed


def install(monkeypatch):
    monkeypatch.setattr("negotiation.services.importing.parse_text", parse_text)
