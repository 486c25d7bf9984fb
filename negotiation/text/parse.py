"""Parse the text of a UN draft resolution or decision into a ``ParsedText``.

Pure Python, no Django. The input comes in three shapes (see shared/corpus/README.md):

* light or full markdown (``*Recalling*``, ``**bold**``, ``#`` headings, ``---`` page rules,
  ``<sup>1</sup>`` footnote markers);
* plain text with Unicode superscript footnote markers (``¹``, ``²³``);
* text extracted from PDF: hard line wraps, running page headers/footers, footnote rules
  (``______``) and footnote numbers glued to words (``Crime55``, ``Convention,56``).

The parse runs in a few linear passes:

1. ``_normalise``: newlines, invisible characters, footnote markers of every kind except the
   glued PDF digits become a private sentinel ``\\x01N\\x02``.
2. ``_scan_lines``: one pass over the lines sorts them into text blocks, footnote entries and
   noise (page headers, page numbers, rules). Footnote blocks can sit in the middle of a
   paragraph cut by a page break; the scan leaves the pieces as separate blocks.
3. The header (metadata, sponsor line, title, recommending formula) ends at the enacting
   formula ("The General Assembly,").
4. ``_join_pieces``: a body block that is unfinished (does not end with , ; . or :) or a block
   that starts with a lower-case word continues the previous one, unless it starts with a
   paragraph number or a sub-paragraph letter.
5. ``_assemble``: numbered blocks are operative paragraphs, ``(a)``/``(i)``/``a.`` blocks are
   sub-paragraphs, other blocks before the first operative paragraph are preambular
   paragraphs; material after the final paragraph (the one ending with a full stop) is annex.

Hyphenation rule (PDF line ends): a line that ends with ``word-`` and a next line that starts
with ``word`` are joined *keeping* the hyphen ("counter-" + "terrorism"), because UN documents
break lines at real hyphens. The hyphen is dropped only when the joined word occurs elsewhere
in the document without a hyphen and the hyphenated form does not ("implemen-" + "tation" when
"implementation" is used elsewhere). When the second piece is capitalised the hyphen is always
kept ("Money-" + "Laundering").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .limits import DEFAULT_LIMITS, TextLimits
from .structure import OPERATIVE, PREAMBULAR, Footnote, Paragraph, ParsedText, SubParagraph

__all__ = ["ParseError", "parse_text"]


class ParseError(ValueError):
    """The input cannot be read as a UN text; the message is meant for the user."""


# --------------------------------------------------------------------------------------------
# Footnote markers
# --------------------------------------------------------------------------------------------
M_OPEN, M_CLOSE = "\x01", "\x02"
SENTINEL_RE = re.compile("\x01([0-9]+)\x02")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
SUPERSCRIPT_RUN_RE = re.compile(f"[{_SUPERSCRIPTS}]+")
SUP_TAG_RE = re.compile(r"<sup>\s*([0-9]{1,3})\s*</sup>", re.I)
OTHER_TAG_RE = re.compile(r"</?(?:sup|sub|em|i|b|strong|span|u)\b[^>]*>", re.I)

# A footnote number glued to the end of a word or punctuation in PDF text: "Crime55",
# "Convention,56", "Crime”,51". Candidates are checked by ``_glued_marker`` and against the
# footnotes actually present in the document.
GLUED_RE = re.compile(r"(?<=[A-Za-z’”\"')\],;:.])([0-9]{1,3})(?=[\s,;:.)’”]|$)(?![.,][0-9])")
# A footnote number glued to a year: "Substances of 198868" is 1988 + footnote 68.
YEAR_GLUED_RE = re.compile(r"(?<=\b(?:of|in) )((?:19|20)[0-9]{2})([0-9]{1,3})\b")
_ABBREVIATIONS = frozenset(
    "rev add corr amend no nos vol vols para paras sect chap art arts p pp annex fig".split()
)


def _marker(number: str) -> str:
    return f"{M_OPEN}{int(number)}{M_CLOSE}"


# --------------------------------------------------------------------------------------------
# Line classes
# --------------------------------------------------------------------------------------------
JOB_NUMBER = r"(?:[A-Z]\.)?[0-9]{2}-[0-9]{5}(?:\s*\([A-Z]\))?"
SYMBOL = r"[A-Z]{1,2}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+"
PAGE_HEADER_RE = re.compile(
    rf"^\s*(?:[0-9]{{1,4}}\s+{JOB_NUMBER}|{JOB_NUMBER}(?:\s+[0-9]{{1,4}})?|[0-9]{{1,3}})\s*$"
)
SYMBOL_LINE_RE = re.compile(rf"^\s*({SYMBOL}(?:\s*-\s*{SYMBOL})*)\s*$")
PAGE_RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|={3,})\s*$")
FOOTNOTE_RULE_RE = re.compile(r"^\s*_{5,}\s*$")
MARKED_ENTRY_RE = re.compile("^\\s*\x01([0-9]+)\x02\\s*(.*)$")
PDF_ENTRY_RE = re.compile(r"^\s*([0-9]{1,3})\s+(\S.*)$")

# Block starts
OP_START_RE = re.compile(r"^([0-9]{1,3})\\?\.\s+")
SUB_START_RE = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)\s+")
LETTER_DOT_START_RE = re.compile(r"^([a-z])\.\s+")
ANY_START_RE = re.compile(r"^(?:[0-9]{1,3}\\?\.|\((?:[a-z]{1,2}|[ivxlc]{1,6})\)|[a-z]\.)\s")
ANNEX_HEADING_RE = re.compile(r"^(?:Annex|ANNEX|Appendix)(?:\s+[IVXL0-9]+)?\s*$")

# Header lines
ENACTING_RE = re.compile(
    r"^(The\s+[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|[0-9]+|and|of|on|for|the|against|in|to|at))*)"
    r"\s*([,:])\s*(.*)$",
    re.S,
)
DISTR_RE = re.compile(r"^Distr\.?\s*:\s*(.+)$", re.I)
ORIGINAL_RE = re.compile(r"^Original\s*:\s*(.+)$", re.I)
DATE_RE = re.compile(r"^[0-9]{1,2}\s+[A-Z][a-z]+\s+[0-9]{4}$")
SESSION_RE = re.compile(r"^((?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?[A-Za-z\-]+\s+(?:special\s+)?session)$")
AGENDA_RE = re.compile(r"^Agenda\s+items?\s+(.+)$", re.I)
PLACE_RE = re.compile(r"^([A-Z][A-Za-z .\-]+),\s+([0-9].*[0-9]{4})$")
BODY_RE = re.compile(
    r"^(General Assembly|Economic and Social Council|Security Council|Human Rights Council)$"
)
COMMITTEE_RE = re.compile(
    r"^(?:(?:[A-Z][a-z]+\s+)?Committee|(?:Commission|Conference|Council|Board)\s+(?:on|of|for)\s.+)$"
)
HEADING_RE = re.compile(
    r"^(?:Draft\s+)?(?:[Rr]esolution|[Dd]ecision)\s+(?:[IVXL]+|[0-9]+/[0-9A-Z.]+|[0-9]+)$"
)
SPONSOR_RE = re.compile(r":\s*(?:[a-z]+\s+)*draft\s+(?:resolution|decision)s?\s*$", re.I)

WS_RE = re.compile(r"\s+")
WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
BOLD_RE = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
ITALIC_LEAD_RE = re.compile(r"^\*([^*]+?)\*")
FINISHING = frozenset(",;.:")


# --------------------------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------------------------
def _strip_markers(text: str) -> str:
    return SENTINEL_RE.sub("", text)


def _plain(text: str) -> str:
    """Text without markers, markdown emphasis and extra whitespace: what users read."""
    text = SENTINEL_RE.sub("", text).replace("*", "")
    text = WS_RE.sub(" ", text).strip()
    # Removing a marker can leave "word ," when the marker sat between word and comma.
    return text.replace(" ,", ",").replace(" ;", ";") if " ," in text or " ;" in text else text


def _tail_char(text: str) -> str:
    stripped = SENTINEL_RE.sub("", text).rstrip().rstrip("*").rstrip()
    return stripped[-1:] if stripped else ""


ABBREVIATION_END_RE = re.compile(
    r"\b(?:vols?|Nos?|paras?|arts?|chap|sect|pp?|cf|e\.g|i\.e|Rev|Add|Corr|Mr|Ms|Dr|St)\.$"
)


def _is_finished(text: str) -> bool:
    """A paragraph is finished when it ends with , ; . or : (markers ignored), but not with
    an abbreviation such as "vol." or "No.".

    Page breaks cut paragraphs anywhere; an unfinished piece continues in the next one.
    """
    tail = _tail_char(text)
    if tail == ".":
        stripped = SENTINEL_RE.sub("", text).rstrip().rstrip("*").rstrip()
        return not ABBREVIATION_END_RE.search(stripped[-8:])
    return tail in FINISHING


def _starts_lower(text: str) -> bool:
    head = text.lstrip().lstrip("*").lstrip()
    return bool(head) and head[0].islower()


def _markers_in(text: str) -> list[str]:
    return SENTINEL_RE.findall(text)


def _unique(items) -> list:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# --------------------------------------------------------------------------------------------
# Pass 1: normalise
# --------------------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    """Unify newlines and turn superscript and <sup> footnote markers into sentinels."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\ufeff", "").replace("\u00a0", " ").replace("\u200b", "")
    text = text.replace(M_OPEN, "").replace(M_CLOSE, "")
    if "<" in text:
        text = SUP_TAG_RE.sub(lambda m: _marker(m.group(1)), text)
        text = OTHER_TAG_RE.sub("", text)
    text = SUPERSCRIPT_RUN_RE.sub(lambda m: _marker(m.group(0).translate(_SUP_TO_DIGIT)), text)
    return text


# --------------------------------------------------------------------------------------------
# Pass 2: scan lines into blocks and footnotes
# --------------------------------------------------------------------------------------------
@dataclass
class _Block:
    lines: list[str]
    line_no: int
    text: str = ""


@dataclass
class _Scan:
    blocks: list[_Block] = field(default_factory=list)
    footnotes: list[list] = field(default_factory=list)  # [marker, [lines], pdf_style]
    symbols: list[tuple[int, str]] = field(default_factory=list)


def _scan_lines(text: str) -> _Scan:
    """Sort lines into text blocks, footnote entries and noise in one pass.

    Footnote entries are lines starting with a marker (¹, <sup>1</sup>) or, after a footnote
    rule (``____``), lines starting with the next footnote number. In PDF text a footnote
    entry wraps onto lines that start in column 0; the body resumes with an indented line
    that is not the next footnote number.
    """
    scan = _Scan()
    current: _Block | None = None
    fn_mode = ""  # "" | "marked" | "pdf"
    fn_current: list | None = None
    expected: int | None = None
    blank_before = False

    def close():
        nonlocal current
        if current is not None:
            scan.blocks.append(current)
            current = None

    for no, raw in enumerate(text.split("\n")):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            blank_before = True
            close()
            continue
        if FOOTNOTE_RULE_RE.match(line):
            close()
            fn_mode, fn_current, expected = "pdf", None, None
            blank_before = False
            continue
        if PAGE_RULE_RE.match(line) or PAGE_HEADER_RE.match(line):
            close()
            if fn_mode == "pdf":
                fn_mode = ""
            blank_before = False
            continue
        symbol = SYMBOL_LINE_RE.match(line)
        if symbol:
            close()
            scan.symbols.append((no, symbol.group(1)))
            if fn_mode == "pdf":
                fn_mode = ""
            continue

        entry = MARKED_ENTRY_RE.match(line)
        if entry:
            close()
            fn_current = [entry.group(1), [entry.group(2)], False]
            scan.footnotes.append(fn_current)
            fn_mode = "marked" if fn_mode != "pdf" else "pdf"
            blank_before = False
            continue
        if fn_mode == "pdf":
            entry = PDF_ENTRY_RE.match(line)
            if entry and (expected is None or int(entry.group(1)) == expected):
                fn_current = [str(int(entry.group(1))), [entry.group(2)], True]
                scan.footnotes.append(fn_current)
                expected = int(entry.group(1)) + 1
                blank_before = False
                continue
            if fn_current is not None and not line[:1].isspace():
                fn_current[1].append(stripped)
                blank_before = False
                continue
            fn_mode, fn_current = "", None  # the body resumes
        elif fn_mode == "marked":
            if fn_current is not None and not blank_before:
                fn_current[1].append(stripped)
                continue
            fn_mode, fn_current = "", None

        blank_before = False
        if current is not None and ANY_START_RE.match(stripped) and _is_finished(current.lines[-1]):
            close()  # "(f) Requests" right under "...Secretariat;" without a blank line
        if current is None:
            current = _Block([], no)
        current.lines.append(stripped)
    close()
    return scan


# --------------------------------------------------------------------------------------------
# Joining lines: hyphens and glued footnote digits
# --------------------------------------------------------------------------------------------
class _Hyphens:
    """Decides whether a hyphen at a line end is a real hyphen (see module docstring)."""

    def __init__(self, text: str):
        self._text = text
        self._words: set[str] | None = None

    def _vocabulary(self) -> set[str]:
        if self._words is None:
            self._words = {w.lower() for w in WORD_RE.findall(self._text)}
        return self._words

    def join(self, left: str, right: str) -> str:
        """Join two pieces of one paragraph cut at a line end or page break."""
        if not left.endswith("-") or left.endswith(" -") or left.endswith("--"):
            return f"{left} {right}"
        head = re.search(r"([A-Za-z]+)-$", left)
        tail = re.match(r"[A-Za-z]+", right)
        if not head or not tail:
            return left + right  # "2012-" + "2015"
        first, second = head.group(1), tail.group(0)
        if second[0].isupper():
            return left + right
        words = self._vocabulary()
        joined = (first + second).lower()
        hyphenated = f"{first}-{second}".lower()
        if joined in words and hyphenated not in words:
            return left[:-1] + right
        return left + right


def _join_lines(lines: list[str], hyphens: _Hyphens) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = hyphens.join(text, line)
    return text


def _glued_marker(text: str, match: re.Match, numbers: set[str]) -> bool:
    """Whether digits glued to a word are a footnote marker and not part of a reference."""
    number = match.group(1)
    if str(int(number)) not in numbers:
        return False
    start = match.start(1)
    before = text[start - 1]
    if before == ".":
        word = re.search(r"([A-Za-z]+)\.$", text[max(0, start - 12) : start])
        if not word or not word.group(1).islower() or word.group(1).lower() in _ABBREVIATIONS:
            return False  # "E.91.IV.2", "L.13", "Rev.1", "vol.2"
    elif before == "," and start >= 2 and text[start - 2].isdigit():
        if len(number) == 3:
            return False  # "4,250,900": a thousands separator
    elif before.isalpha():
        word = re.search(r"([A-Za-z]+)$", text[max(0, start - 12) : start]).group(1)
        if len(word) <= 2 and word.isupper():
            return False  # "G77", "A4"
    return True


def _mark_glued(text: str, numbers: set[str]) -> str:
    """Turn footnote numbers glued to words in PDF text into markers (only known numbers)."""
    if not numbers or not any(c.isdigit() for c in text):
        return text
    text = GLUED_RE.sub(
        lambda m: _marker(m.group(1)) if _glued_marker(text, m, numbers) else m.group(0), text
    )
    return YEAR_GLUED_RE.sub(
        lambda m: m.group(1) + _marker(m.group(2)) if str(int(m.group(2))) in numbers else m.group(0),
        text,
    )


# --------------------------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------------------------
def _clean_header(text: str) -> str:
    text = MD_HEADING_RE.sub("", text)
    text = BOLD_RE.sub("", text)
    text = text.strip()
    if len(text) > 2 and text.startswith("*") and text.endswith("*"):
        text = text[1:-1]
    return _plain(text)


def _find_enacting(texts: list[str]) -> tuple[int, str, str]:
    """Index of the enacting formula block, the formula, and any decision preamble after it.

    "The General Assembly," or "The Economic and Social Council:" on its own; a decision may
    go on in the same sentence ("The Economic and Social Council, recalling ...:"). Without
    such a line, a decision's opening sentence ending with ":" right before "(a)" or "1."
    counts ("At its 10th meeting, ..., the Commission ...:").
    """
    for i, raw in enumerate(texts):
        if len(raw) > 2000:
            continue
        text = _clean_header(raw)
        m = ENACTING_RE.match(text)
        if not m:
            continue
        rest = m.group(3).strip()
        if not rest:
            return i, f"{m.group(1)}{m.group(2)}", ""
        if rest[0].islower() and _tail_char(rest) in FINISHING and len(m.group(1)) < 120:
            return i, f"{m.group(1)},", rest
    for i, raw in enumerate(texts):
        if ANY_START_RE.match(raw):
            if i >= 2 and _tail_char(texts[i - 1]) == ":":
                return i - 1, _clean_header(texts[i - 1]), ""
            break
    raise ParseError(
        "No enacting formula found: a UN text names its author on a line of its own, such as "
        "“The General Assembly,” or “The Economic and Social Council,”, before the "
        "preambular paragraphs. Check that the whole text was pasted."
    )


_META_LINE_RES = (DISTR_RE, ORIGINAL_RE, DATE_RE, AGENDA_RE, BODY_RE, SESSION_RE, PLACE_RE)


def _header_items(blocks: list[list[str]], texts: list[str]) -> list[str]:
    """Header blocks, split into lines where the lines are metadata ("Distr.: Limited" over
    "26 April 2012"); a wrapped title stays one item."""
    items = []
    for lines, text in zip(blocks, texts):
        cleaned = [_clean_header(line) for line in lines]
        if len(lines) > 1 and any(r.match(c) for c in cleaned for r in _META_LINE_RES):
            items.extend(cleaned)
        else:
            items.append(text)
    return items


def _read_header(texts: list[str], parsed: ParsedText) -> None:
    """Metadata, sponsor line, recommending formula and title from the items before the
    enacting formula. The title is the last item not claimed by anything else."""
    meta = parsed.metadata
    candidates: list[str] = []
    after_agenda = False
    for raw in texts:
        text = _clean_header(raw)
        if not text:
            continue
        if after_agenda:
            after_agenda = False
            if not SPONSOR_RE.search(text) and "recommends" not in text:
                meta["agenda_title"] = text
                continue
        if m := DISTR_RE.match(text):
            meta["distribution"] = m.group(1).strip()
        elif m := ORIGINAL_RE.match(text):
            meta["original_language"] = m.group(1).strip()
        elif DATE_RE.match(text) and "date" not in meta:
            meta["date"] = text
        elif m := AGENDA_RE.match(text):
            meta["agenda_item"] = m.group(1).strip()
            after_agenda = True
        elif BODY_RE.match(text) and "body" not in meta:
            meta["body"] = text
        elif SESSION_RE.match(text) and "session" not in meta:
            meta["session"] = text
        elif (m := PLACE_RE.match(text)) and "place" not in meta:
            meta["place"] = m.group(1)
            meta["session_dates"] = m.group(2)
        elif HEADING_RE.match(text):
            meta["heading"] = text
        elif SPONSOR_RE.search(text) and len(text) < 600 and not parsed.sponsor_line:
            parsed.sponsor_line = text
        elif "recommend" in text and text.endswith(":"):
            parsed.recommending_formula = text
        elif COMMITTEE_RE.match(text) and len(text) < 120 and "committee" not in meta:
            meta["committee"] = text
        else:
            candidates.append(text)
    if candidates:
        parsed.title = candidates[-1]


# --------------------------------------------------------------------------------------------
# Body: joining pieces cut by page breaks
# --------------------------------------------------------------------------------------------
def _join_pieces(texts: list[str], hyphens: _Hyphens) -> list[str]:
    """Join a block to the previous one when it continues it across a page break.

    A block continues the previous one when it does not start with a paragraph number or a
    sub-paragraph letter and either the previous block is unfinished (no final , ; . :) or
    the block starts with a lower-case word. Linear: each block is looked at once.
    """
    out: list[str] = []
    for text in texts:
        if (
            out
            and not ANY_START_RE.match(text)
            and not ANNEX_HEADING_RE.match(text)
            and not ANNEX_HEADING_RE.match(out[-1])
            and (not _is_finished(out[-1]) or _starts_lower(text))
        ):
            out[-1] = hyphens.join(out[-1], text)
        else:
            out.append(text)
    return out


# --------------------------------------------------------------------------------------------
# Body: paragraphs and sub-paragraphs
# --------------------------------------------------------------------------------------------
_ROMAN = frozenset(
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split()
)


@dataclass
class _Draft:
    """A paragraph being assembled; texts keep their markers until the end."""

    kind: str
    number: str | None
    text: str
    subs: list[list] = field(default_factory=list)  # [number, text, level, style]

    def last_text(self) -> str:
        return self.subs[-1][1] if self.subs else self.text


def subparagraph_style(token: str, previous_letter: str | None) -> str:
    """'roman' or 'letter' for "(i)": roman unless it follows "(h)" (and so on for v, x...)."""
    if token in _ROMAN:
        if previous_letter and len(token) == 1 and ord(token) == ord(previous_letter) + 1:
            return "letter"
        return "roman"
    return "letter"


class _Assembler:
    """Builds paragraphs from body blocks (see module docstring, step 5).

    Resolutions number their operative paragraphs 1, 2 ...; decisions letter them (a), (b)
    ("decision mode"). Sub-paragraph levels follow the order in which list styles appear in
    a paragraph: (a) is level 1 and (i) level 2 in a resolution; in a decision (i) is level 1.
    """

    def __init__(self):
        self.paragraphs: list[_Draft] = []
        self.annexes: list[list[str]] = []
        self.decision_mode = False
        self.closed = False  # the final paragraph (ending with ".") has been seen
        self.last_op: int | None = None

    @property
    def current(self) -> _Draft | None:
        return self.paragraphs[-1] if self.paragraphs else None

    def _in_operative_part(self) -> bool:
        return self.last_op is not None or self.decision_mode

    def _previous_letter(self) -> str | None:
        cur = self.current
        if cur is None:
            return None
        if self.decision_mode and not any(s[3] == "letter" for s in cur.subs):
            return cur.number if cur.kind == OPERATIVE else None
        for sub in reversed(cur.subs):
            if sub[3] == "letter":
                return sub[0].strip("()")
        return None

    def _child_level(self, style: str) -> int:
        cur = self.current
        if not cur.subs:
            return 1
        for sub in reversed(cur.subs):
            if sub[3] == style:
                return sub[2]
        last = cur.subs[-1]
        if style in ("roman", "ldot") or _tail_char(last[1]) == ":":
            return last[2] + 1
        return last[2]

    def _add_sub(self, number: str, text: str, style: str) -> None:
        self.current.subs.append([number, text, self._child_level(style), style])

    def _in_colon_list(self) -> bool:
        """Whether the current paragraph or one of its sub-paragraphs opened a list (":")."""
        cur = self.current
        if cur is None:
            return False
        return _tail_char(cur.text) == ":" or any(_tail_char(s[1]) == ":" for s in cur.subs)

    def _maybe_close(self) -> None:
        cur = self.current
        if cur is not None and cur.kind == OPERATIVE and _tail_char(cur.last_text()) == ".":
            self.closed = True

    def _continues_after_final(self, op, sub) -> bool:
        """After a paragraph ending with "." only the next item of an open list goes on."""
        cur = self.current
        if op:
            number = int(op.group(1))
            numbered = [s for s in cur.subs if s[3] == "number"]
            if numbered and (self.decision_mode or self._in_colon_list()):
                return number == int(numbered[-1][0].rstrip(".")) + 1
            return self.last_op is not None and number == self.last_op + 1
        if sub:
            token = sub.group(1)
            previous = self._previous_letter()
            return bool(previous) and len(token) == 1 and ord(token) == ord(previous) + 1
        return False

    def feed(self, text: str) -> None:
        if ANNEX_HEADING_RE.match(_plain(text)):
            self.closed = True
            self.annexes.append([text])
            return
        op = OP_START_RE.match(text)
        sub = SUB_START_RE.match(text)
        ldot = LETTER_DOT_START_RE.match(text)
        if self.closed and (self.annexes or not self._continues_after_final(op, sub)):
            if not self.annexes:
                self.annexes.append([])
            self.annexes[-1].append(text)
            return
        self.closed = False
        if op:
            self._feed_numbered(int(op.group(1)), text[op.end():])
        elif sub:
            self._feed_lettered(sub.group(1), text[sub.end():])
        elif ldot and self.current is not None and self.current.subs:
            self._add_sub(f"{ldot.group(1)}.", text[ldot.end():], "ldot")
        elif not self._in_operative_part():
            self.paragraphs.append(_Draft(PREAMBULAR, None, text))
        else:
            return  # a sub-heading or a table between operative paragraphs: not a paragraph
        self._maybe_close()

    def _feed_numbered(self, number: int, rest: str) -> None:
        cur = self.current
        as_child = cur is not None and (
            self.decision_mode
            or (
                cur.kind == OPERATIVE
                and self.last_op is not None
                and number != self.last_op + 1
                and self._in_colon_list()
            )
        )
        if as_child:
            self._add_sub(f"{number}.", rest, "number")
            return
        self.paragraphs.append(_Draft(OPERATIVE, str(number), rest))
        self.last_op = number

    def _feed_lettered(self, token: str, rest: str) -> None:
        cur = self.current
        if not self.decision_mode and self.last_op is None:
            # "(a)" before any numbered paragraph: a decision, unless a preambular paragraph
            # ending with ":" introduces it ("Recalling the following:").
            opens_list = cur is not None and _tail_char(cur.last_text()) == ":"
            if cur is None or _starts_lower(cur.text) or not opens_list:
                self.decision_mode = True
        style = subparagraph_style(token, self._previous_letter())
        if self.decision_mode and style == "letter":
            self.paragraphs.append(_Draft(OPERATIVE, token, rest))
            return
        if cur is None:
            self.paragraphs.append(_Draft(OPERATIVE, token, rest))
            return
        self._add_sub(f"({token})", rest, style)


# --------------------------------------------------------------------------------------------
# Leads
# --------------------------------------------------------------------------------------------
_PREFIX_ADVERBS = frozenset("also further again once moreover furthermore still".split())
_POST = frozenset("also further again moreover furthermore".split())
_WITH_WHAT = frozenset(
    "appreciation satisfaction concern interest regret alarm gratitude approval".split()
)
_WITH_HOW = frozenset("deep grave great serious particular profound sincere".split())
_PHRASES = {
    "calls": (("upon",), ("on",), ("for",)),
    "calling": (("upon",), ("on",), ("for",)),
    "takes": (("note",), ("into", "account"), ("into", "consideration")),
    "taking": (("note",), ("into", "account"), ("into", "consideration"),
               ("fully", "into", "account")),
    "take": (("note",),),
    "bearing": (("in", "mind"),),
    "keeping": (("in", "mind"),),
    "draws": (("attention",),),
    "drawing": (("attention",),),
    "looks": (("forward",),),
    "looking": (("forward",),),
    "pays": (("tribute",),),
    "paying": (("tribute",),),
    "expresses": (("its",),),
    "expressing": (("its",),),
}
_CONCERN_WORDS = _WITH_WHAT | frozenset("support thanks condolences".split())


def _lead_from_words(words: list[str]) -> str:
    """The opening participle or verb phrase of a paragraph without italics.

    "Recalling also", "Deeply concerned", "Takes note with appreciation", "Also calls upon",
    "Bearing in mind", "Expressing its grave concern", "Noting with interest also".
    """
    if not words:
        return ""
    lower = [w.lower().strip(",;:") for w in words[:10]]
    i = 0
    while i < len(lower) - 1 and (lower[i] in _PREFIX_ADVERBS or (lower[i].endswith("ly") and i == 0)):
        i += 1
    head = lower[i]
    i += 1
    if head == "having" and i < len(lower):
        i += 1
    for phrase in _PHRASES.get(head, ()):
        if tuple(lower[i : i + len(phrase)]) == phrase:
            i += len(phrase)
            break
    if head in ("expresses", "expressing") and lower[i - 1] == "its":
        j = i
        while j < len(lower) and lower[j] in _WITH_HOW:
            j += 1
        i = j + 1 if j < len(lower) and lower[j] in _CONCERN_WORDS else i - 1
    elif head in ("expresses", "expressing"):
        j = i
        while j < len(lower) and lower[j] in _WITH_HOW:
            j += 1
        if j < len(lower) and lower[j] in _CONCERN_WORDS:
            i = j + 1
    if i < len(lower) and lower[i] == "with":
        j = i + 1
        while j < len(lower) and lower[j] in _WITH_HOW:
            j += 1
        if j < len(lower) and lower[j] in _WITH_WHAT:
            i = j + 1
    while i < len(lower) and lower[i] in _POST and words[i - 1][-1:] not in ",;:":
        i += 1
    return " ".join(w.strip(",;:") for w in words[:i])


def _lead(raw: str, clean: str) -> str:
    """The italic opening phrase when the text has one, otherwise ``_lead_from_words``."""
    m = ITALIC_LEAD_RE.match(_strip_markers(raw).lstrip())
    if m:
        return WS_RE.sub(" ", m.group(1)).strip().rstrip(",;:")
    return _lead_from_words(clean.split(" ", 10)[:10])


# --------------------------------------------------------------------------------------------
# Finishing
# --------------------------------------------------------------------------------------------
def _finish(draft: _Draft) -> Paragraph:
    markers = _markers_in(draft.text) + [m for s in draft.subs for m in _markers_in(s[1])]
    text = _plain(draft.text)
    return Paragraph(
        kind=draft.kind,
        text=text,
        number=draft.number,
        lead=_lead(draft.text, text),
        subparagraphs=[SubParagraph(s[0], _plain(s[1]), s[2]) for s in draft.subs],
        footnotes=_unique(markers),
    )


def pdf_footnote_numbers(text: str) -> set[str]:
    """Numbers of the footnotes printed under ``____`` rules in PDF text (for split_report)."""
    return {f[0] for f in _scan_lines(_normalise(text)).footnotes if f[2]}


def parse_text(text: str, *, footnote_numbers: set[str] | None = None,
               keep_lines: frozenset[int] | set[int] = frozenset(),
               limits: TextLimits = DEFAULT_LIMITS) -> ParsedText:
    """Parse a UN draft text (markdown, plain or PDF-extracted) into a ``ParsedText``.

    ``footnote_numbers``: extra footnote numbers to recognise when glued to words in PDF text,
    for a text cut out of a longer document whose footnote sits on a page of the next text.

    Raises ``ParseError`` with a message for the user when the text is empty, has no
    enacting formula or has no paragraphs.
    """
    if text is None or not text.strip():
        raise ParseError("The text is empty: paste or upload the text of a draft resolution.")
    text = _normalise(text)
    scan = _scan_lines(text)
    hyphens = _Hyphens(text)
    pdf_numbers = {f[0] for f in scan.footnotes if f[2]} | set(footnote_numbers or ())
    texts = []
    for block in scan.blocks:
        joined = _join_lines(block.lines, hyphens)
        texts.append(_mark_glued(joined, pdf_numbers) if pdf_numbers else joined)
    if not texts:
        raise ParseError("The text holds no paragraphs, only page headers or footnotes.")

    index, formula, decision_preamble = _find_enacting(texts)
    parsed = ParsedText(enacting_formula=formula)
    _read_header(_header_items([b.lines for b in scan.blocks[:index]], texts[:index]), parsed)
    first_line = scan.blocks[index].line_no
    header_symbols = [s for no, s in scan.symbols if no < first_line]
    if header_symbols:
        parsed.metadata["symbol"] = header_symbols[0]

    body = [BOLD_RE.sub("", MD_HEADING_RE.sub("", t)) for t in texts[index + 1 :]]
    if decision_preamble:
        body.insert(0, decision_preamble)
    assembler = _Assembler()
    for piece in _join_pieces(body, hyphens):
        assembler.feed(piece)
    if not assembler.paragraphs:
        raise ParseError(
            "No paragraphs found after the enacting formula "
            f"“{formula}”: expected preambular paragraphs (“Recalling …,”) or numbered "
            "operative paragraphs (“1. Requests …;”)."
        )
    parsed.paragraphs = [_finish(d) for d in assembler.paragraphs]
    parsed.footnotes = [
        Footnote(marker=m, text=_plain(_join_lines(lines, hyphens))) for m, lines, _ in scan.footnotes
    ]
    parsed.annexes = [
        "\n".join(p for p in (_plain(t) for t in annex) if p) for annex in assembler.annexes
    ]
    parsed.annexes = [a for a in parsed.annexes if a]
    return parsed
