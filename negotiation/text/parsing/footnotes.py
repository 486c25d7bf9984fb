"""Stage 3: footnotes. Their texts are taken out of the line stream; their markers are found
in the paragraphs that cite them.

Footnote texts come in four shapes:

* markdown definitions ``[^4]: Ibid., vol. 1577.`` (continued on indented lines);
* lines opening with an explicit marker ``¹ United Nations ...`` or ``<sup>1</sup> ...``;
* in PDF text, a block under a rule ``______`` of lines ``4 Ibid., vol. 1577.``, wrapped onto
  further lines, ended by the page furniture or by the text of the page going on.

UN practice numbers footnotes consecutively through a document, in the order they are first
cited. That rule decides the hard cases: under a rule, ``11 Resolution 70/1.`` is footnote 11
only if 11 is the next number; a markdown definition ``[^1994]:`` that interrupts footnote 10
is a wrapped line of footnote 10, not a footnote; and a number glued to a word or standing
after it (``Child4``, ``Women,5``, ``Rights, 1 the``) is a marker only if it is the next
footnote not yet cited (see ``cite``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .furniture import FOOTNOTE_RULE_RE
from .lines import M_OPEN, SENTINEL_RE, Line, marker
from .patterns import DATE_RE, MEETING_RE, ends_sentence

MD_DEF_RE = re.compile(r"^\[\^([0-9]{1,4})\]:\s?(.*)$")
MARKED_ENTRY_RE = re.compile("^\x01([0-9]+)\x02\\s*(.*)$")
PDF_ENTRY_RE = re.compile(r"^([0-9]{1,3})\s+(\S.*)$")


@dataclass
class FootnoteText:
    marker: str
    lines: list[str]
    line: int  # where it starts


@dataclass
class Extracted:
    lines: list[Line]  # the input with footnote lines blanked
    footnotes: list[FootnoteText] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # line numbers of blanked footnote lines
    pdf_numbers: set[str] = field(default_factory=set)  # numbers of footnotes printed under rules


def extract_footnotes(lines: list[Line], page_breaks: set[int]) -> Extracted:
    """Take the footnote texts out of ``lines`` (see module docstring)."""
    out = Extracted(lines=[])
    mode = ""  # "" | "md" | "marked" | "pdf"
    current: FootnoteText | None = None
    blank_before = False
    last_number = 0
    cited_so_far: set[int] = set()  # numbers standing after a word in the text so far
    previous_text = ""  # the last line of text kept

    def blank(line: Line) -> None:
        out.lines.append(Line(line.no, "", 0))
        out.breaks.add(line.no)

    def start(number: str, text: str, line: Line) -> FootnoteText:
        nonlocal last_number
        note = FootnoteText(str(int(number)), [text] if text else [], line.no)
        out.footnotes.append(note)
        last_number = int(number)
        blank(line)
        return note

    for line in lines:
        text = line.stripped
        if line.no in page_breaks and mode == "pdf":
            mode, current = "", None
        if not text:
            blank_before = True
            out.lines.append(line)
            if mode == "marked":
                mode, current = "", None
            continue
        first = text[0]
        if first == "_" and FOOTNOTE_RULE_RE.match(text):
            mode, current, blank_before = "pdf", None, False
            blank(line)
            continue
        md = MD_DEF_RE.match(text) if first == "[" else None
        if md:
            number = int(md.group(1))
            if current is not None and mode == "md" and number != last_number + 1 and (
                    number > last_number + 5 or not ends_sentence(" ".join(current.lines))):
                current.lines.append(f"{md.group(1)} {md.group(2)}".strip())  # "[^1994]:" wraps note 10
                blank(line)
            else:
                current = start(md.group(1), md.group(2), line)
            mode, blank_before = "md", False
            continue
        entry = MARKED_ENTRY_RE.match(text) if first == M_OPEN else None
        if entry and entry.group(2) and (mode in ("", "marked", "md") or current is None):
            current = start(entry.group(1), entry.group(2), line)
            mode = "marked" if mode != "pdf" else "pdf"
            blank_before = False
            continue
        if mode == "md":
            if current is not None and (not blank_before or line.indent >= 2):
                current.lines.append(text)
                blank(line)
                blank_before = False
                continue
            mode, current = "", None
        elif mode == "marked":
            if current is not None and not blank_before and not ends_sentence(" ".join(current.lines)):
                current.lines.append(text)
                blank(line)
                continue
            mode, current = "", None
        elif mode == "" and first.isdigit() and (entry := PDF_ENTRY_RE.match(text)) \
                and int(entry.group(1)) == last_number + 1 and int(entry.group(1)) in cited_so_far \
                and not entry.group(2)[:1].islower() and not _MONTH_RE.match(entry.group(2)) \
                and (blank_before or line.no - 1 in page_breaks or _ends_paragraph(previous_text)
                     or ends_sentence(entry.group(2))):
            # A footnote block whose rule was lost in extraction: "3 Official Records ..."
            # right after a paragraph that cites 3, numbered next in sequence.
            current = start(entry.group(1), entry.group(2), line)
            out.pdf_numbers.add(current.marker)
            mode, blank_before = "pdf", False
            continue
        if mode == "pdf":
            entry = PDF_ENTRY_RE.match(text) or (MARKED_ENTRY_RE.match(text) if M_OPEN in text[:2] else None)
            if entry and (current is None or int(entry.group(1)) == last_number + 1):
                current = start(entry.group(1), entry.group(2), line)
                out.pdf_numbers.add(current.marker)
                blank_before = False
                continue
            if current is not None and not blank_before and not ends_sentence(" ".join(current.lines)):
                current.lines.append(text)
                blank(line)
                continue
            mode, current = "", None  # the text of the page goes on
        blank_before = False
        out.lines.append(line)
        previous_text = text
        if _DIGIT_RE.search(text):
            cited_so_far.update(int(n) for n in _CITED_RE.findall(text))
    return out


_DIGIT_RE = re.compile(r"[0-9]")
_MONTH_RE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _ends_paragraph(text: str) -> bool:
    """A line that ends a paragraph: , ; or . possibly followed by a glued footnote number."""
    return bool(re.search(r"[,;.:][0-9]{0,3}\s*$", text) or MEETING_RE.match(text) or DATE_RE.match(text))


_CITED_RE = re.compile(r"(?<=[A-Za-z’”\"')\],;:.])\s?([0-9]{1,3})(?![0-9/])")


# --------------------------------------------------------------------------------------------
# Markers glued to words in PDF text
# --------------------------------------------------------------------------------------------
# Digits glued to the end of a word or punctuation: "Crime55", "Convention,56", "Crime”,51".
GLUED_RE = re.compile(r"(?<=[A-Za-z’”\"')\],;:.])([0-9]{1,3})(?=[\s,;:.)’”\]]|$)(?![.,][0-9])")
# A number standing after a word, with a space: "Rights, 1 the", "Development 11 and".
SPACED_RE = re.compile(r"(?<=[A-Za-z’”\"')\],;:.]) ([0-9]{1,3})(?=\s|$|[,;:.](?:\s|$))")
# A number glued to a year: "Substances of 198868" is 1988 + footnote 68.
YEAR_GLUED_RE = re.compile(r"(?<![0-9/.,])((?:19|20)[0-9]{2})([0-9]{1,3})\b(?![/.,][0-9])")
# A number glued to a resolution symbol: "resolution 77/2285" is 77/228 + footnote 5
# (resolution numbers run to three digits a session).
SYMBOL_GLUED_RE = re.compile(r"(?<![0-9/])([0-9]{1,3}/[0-9]{3})([0-9]{1,3})\b(?!/)")
_ABBREVIATIONS = frozenset(
    "rev add corr amend no nos vol vols para paras sect chap art arts p pp annex fig".split()
)
# Words after which a number counts something and is no footnote marker.
_COUNTING = frozenset(
    """no nos vol vols para paras paragraph paragraphs article articles art arts chapter chap
    section sect part annex annexes appendix resolution resolutions decision decisions rule rules
    principle principles goal goals target targets item items session sessions meeting meetings
    page pages p pp table figure box protocol protocols recommendation recommendations option
    options step steps phase level levels report reports to and or of from between than about over
    under least some by in on at the for with only nearly almost approximately per every each
    january february march april may june july august september october november december
    year years day days month months week weeks hour hours minute minutes times number numbers
    ii iii iv v vi vii viii ix x xi xii group groups class category categories
    """.split()
)
_UNITS_AFTER = re.compile(
    r"^\s*(?:per\s*cent|percent|%|°|years?|days?|months?|weeks?|hours?|times|million|billion|"
    r"thousand|countries|States|Member|members|and\s+[0-9]|to\s+[0-9]|or\s+[0-9]|-|–|/)",
)


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 24): start])
    return m.group(1) if m else ""


def _glued_ok(text: str, match: re.Match) -> bool:
    start = match.start(1)
    before = text[start - 1]
    if before == ".":
        word = re.search(r"([A-Za-z]+)\.$", text[max(0, start - 12): start])
        if not word or not word.group(1).islower() or word.group(1).lower() in _ABBREVIATIONS:
            return False  # "E.91.IV.2", "L.13", "Rev.1", "vol.2"
    elif before == "," and start >= 2 and text[start - 2].isdigit():
        if len(match.group(1)) == 3:
            return False  # "4,250,900": a thousands separator
    elif before.isalpha():
        word = re.search(r"([A-Za-z]+)$", text[max(0, start - 12): start]).group(1)
        if len(word) <= 2 and word.isupper():
            return False  # "G77", "A4"
        if word.isupper() and len(word) <= 5:
            return False  # "CO2", "PM25", "COP21"
    return True


def _spaced_ok(text: str, match: re.Match) -> bool:
    start = match.start(1)
    if _word_before(text, start - 1).lower() in _COUNTING:
        return False
    after = text[match.end(1):]
    if _UNITS_AFTER.match(after):
        return False
    before = text[max(0, start - 2): start - 1]
    return not before.isdigit()


class Citations:
    """Finds footnote markers in paragraph texts, in document order (see module docstring)."""

    def __init__(self, numbers: set[str], extra: set[str] = frozenset()):
        """``numbers``: footnotes of this text; ``extra``: numbers defined elsewhere (a text
        cut out of a report whose footnote sits on the next text's page), taken only when
        glued to a word."""
        self.numbers = {int(n) for n in numbers}
        self.extra = {int(n) for n in extra} - self.numbers
        self.cited: set[int] = set()
        self.last = 0
        self._advance(0)

    def _advance(self, after: int) -> None:
        self.last = max(self.last, after)
        rest = [n for n in self.numbers if n > after and n not in self.cited]
        self.expected = min(rest) if rest else None

    def cite(self, text: str) -> str:
        """``text`` with the markers it holds made explicit (``\\x01N\\x02``)."""
        if not _DIGIT_RE.search(text):
            return text
        if self.expected is None and not self.extra and M_OPEN not in text:
            return text
        if not self.extra and (self.expected is None or str(self.expected) not in text):
            # The next footnote number is not in this text: only explicit markers can be.
            for m in SENTINEL_RE.finditer(text):
                self.cited.add(int(m.group(1)))
                self._advance(int(m.group(1)))
            if self.expected is None or str(self.expected) not in text:
                return text
        pieces, pos = [], 0
        for kind, m in self._candidates(text):
            if kind == "explicit":
                self.cited.add(int(m.group(1)))
                self._advance(int(m.group(1)))
                continue
            if m.start() < pos:
                continue
            number = int(m.group(2) if kind in ("year", "symbol") else m.group(1))
            glued = kind in ("glued", "year", "symbol")
            ok = number == self.expected or (
                glued and number not in self.cited and number > self.last and (
                    (number in self.numbers and self.expected is not None and number <= self.expected + 2)
                    or number in self.extra
                )
            )
            if not ok:
                continue
            if kind == "glued" and not _glued_ok(text, m):
                continue
            if kind == "spaced" and (number != self.expected or not _spaced_ok(text, m)):
                continue
            if kind == "year" and number != self.expected:
                continue
            if kind in ("year", "symbol"):
                pieces.append(text[pos: m.start(2)])
            else:
                pieces.append(text[pos: m.start()])
            pieces.append(marker(number))
            pos = m.end()
            self.cited.add(number)
            self._advance(number)
        pieces.append(text[pos:])
        return "".join(pieces)

    @staticmethod
    def _candidates(text: str):
        found = [("explicit", m) for m in SENTINEL_RE.finditer(text)] if M_OPEN in text else []
        found += [("glued", m) for m in GLUED_RE.finditer(text)]
        found += [("spaced", m) for m in SPACED_RE.finditer(text)]
        if "/" in text:
            found += [("symbol", m) for m in SYMBOL_GLUED_RE.finditer(text)]
        found += [("year", m) for m in YEAR_GLUED_RE.finditer(text)]
        found.sort(key=lambda item: item[1].start())
        return found
