"""Stage 5: the body, from lines to pieces (``segment``), pieces joined across page breaks
(``join_pieces``), and pieces to paragraphs (``Assembler``).

``segment`` cuts the lines of the body into pieces. A blank line ends a piece; where the
text has no blank lines (copied from a PDF) a piece also ends before a line that opens a
paragraph: the next paragraph number ("4." after 3), a sub-paragraph label ("(b)") under a
finished line, a heading ("Article 4"), or, in the preamble, a participle or adjective
("Recalling", "Mindful") under a line ending with a comma.

``join_pieces`` joins a piece to the one before when a page break or a footnote block cut a
paragraph: the piece opens nothing and the one before is unfinished, or the piece starts in
lower case, or (across a page break, in the preamble) it does not open a preambular
paragraph.

``Assembler`` gives each piece its place: preambular paragraph, operative paragraph,
sub-paragraph (labels restored in order, and said so, when extraction lost them), heading
(an Article, chapter, section or option: a ``Section``), annex, or the closing lines of an
adopted text ("51st plenary meeting"). A piece it cannot place is never dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..structure import OPERATIVE, PREAMBULAR, Section, letter, roman
from .leads import opens_preambular
from .lines import Line, plain
from .patterns import DATE_RE, FINISHING, MEETING_RE, is_finished, tail_char

# Piece starts
# "12." and, for paragraphs inserted in negotiation, "9bis." / "9 ter." / "4a.".
OP_START_RE = re.compile(
    r"^(?:\*\*)?([0-9]{1,5})(\s?(?:bis|ter|quater|quinquies|sexies)|[a-h])?\\?\.(?:\*\*)?(?:\s+|$)"
)
SUB_START_RE = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)(?:\s+|$)")
LETTER_DOT_START_RE = re.compile(r"^([a-z])\.\s+")
# Labels of nested items in treaty drafts: "3.3bis", "3.3alt:", "**Option 1:**".
NESTED_LABEL_RE = re.compile(
    r"^(?:\*\*(Option\s+[0-9A-Za-z]+:?|Alt(?:ernative)?\.?\s*[0-9A-Za-z]*:?)\*\*:?|"
    r"(Option\s+[0-9A-Za-z]+:)|([0-9]{1,3}(?:\.[0-9]{1,3})+(?:\s?(?:bis|ter|quater|quat|alt|[a-z]))*(?:\s+Alt)?:?))(?:\s+|$)"
)
ANY_START_RE = re.compile(r"^(?:\*\*)?(?:[0-9]{1,5}\\?\.|\((?:[a-z]{1,2}|[ivxlc]{1,6})\)|[a-z]\.)(?:\*\*)?(?:\s|$)")
ANNEX_HEADING_RE = re.compile(r"^(?:Annex|ANNEX|Appendix|APPENDIX)(?:\s+[IVXL0-9]+)?\s*$")
MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
ARTICLE_RE = re.compile(
    r"^\[?\s*(?:Article|ARTICLE)\s+([0-9]+(?:\s?(?:bis|ter|quater|[a-z]))?|[IVXL]+)\s*\]?\s*(.*)$"
)
# "I. ADOPTION OF THE AGENDA", "II. Matters relating to ...", "A. Strengthening ...",
# "Chapter III", "Section 2", "Part I".
SECTION_HEADING_RE = re.compile(
    r"^(?:(?:Chapter|CHAPTER|Section|SECTION|Part|PART)\s+([0-9]+|[IVXL]+)\b\.?\s*(.*)|([IVXL]+|[A-H])\.\s+(\S.*))$"
)
OPTION_LINE_RE = re.compile(r"^(?:\*\*)?\[?\s*(Option\s+[0-9A-Za-z]+)\s*:?\]?(?:\*\*)?:?\s*(?:\*\*)?$")
AGREED_RE = re.compile(r"^(?:Have|HAVE)\s+agreed\s+as\s+follows\s*:?$")
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split())
_PUNCT = ",.;:()[]“”‘’\"'*!?"


def starts_lower(text: str) -> bool:
    head = text.lstrip().lstrip("*[").lstrip()
    return bool(head) and head[0].islower()


_OTHER_STARTS = ("Have", "HAVE", "Annex", "ANNEX", "Appendix", "APPENDIX")
_ORDINAL_RE = re.compile(r"[0-9]{1,3}(?:st|nd|rd|th)\s")
_HEADING_STARTS = ("Article", "ARTICLE", "Option", "OPTION")


def _maybe_other(text: str) -> bool:
    """Cheap test before the regexes of annex headings, closing lines and "Have agreed"."""
    head = text.lstrip("*# ")
    return head.startswith(_OTHER_STARTS) or bool(_ORDINAL_RE.match(head))


def _heading_text(text: str) -> str | None:
    """The heading a line is, as plain text, or None."""
    if not text.startswith("#") and (len(text) > 300 or not text.lstrip("*[ ").startswith(_HEADING_STARTS)):
        return None
    m = MD_HEADING_RE.match(text)
    if m:
        heading = plain(m.group(1)).strip()
        return heading if heading and not heading[0].islower() else None  # "### at their discretion"
    bare = plain(text)
    if ARTICLE_RE.match(bare) and len(bare) < 160 and tail_char(bare) not in ",;":
        rest = ARTICLE_RE.match(bare).group(2)
        if not rest or rest.startswith("(") or rest.isupper() or len(rest.split()) <= 8 and not rest[0].islower():
            return bare
    if OPTION_LINE_RE.match(text.strip()):
        return bare.rstrip(":").strip() + ":" if bare.endswith(":") else bare
    return None


class Hyphens:
    """Decides whether a hyphen at a line end is a real hyphen.

    UN documents break lines at real hyphens ("counter-" + "terrorism" stays hyphenated).
    The hyphen is dropped only when the joined word occurs elsewhere in the document without
    a hyphen and the hyphenated form does not ("implemen-" + "tation"); before a capital it
    is always kept ("Money-" + "Laundering")."""

    def __init__(self, text: str):
        self._text = text
        self._words: set[str] | None = None

    def _vocabulary(self) -> set[str]:
        if self._words is None:
            # Whitespace-separated tokens, trimmed of punctuation only where it is there:
            # much cheaper than a regex pass over the whole text, and enough to ask whether
            # a word occurs.
            tokens = set(self._text.lower().split())
            self._words = {t.strip(_PUNCT) for t in tokens if not t.isalpha()} | {t for t in tokens if t.isalpha()}
        return self._words

    def join(self, left: str, right: str) -> str:
        if not left.endswith("-") or left.endswith(" -") or left.endswith("--"):
            return f"{left} {right}"
        if right.startswith(("and ", "or ", "to ", "as well as ")):
            return f"{left} {right}"  # a suspended hyphen: "short-, medium- and long-term"
        head = re.search(r"([A-Za-z]+)-$", left)
        tail = re.match(r"[A-Za-z]+", right)
        if not head or not tail:
            return left + right  # "2012-" + "2015"
        first, second = head.group(1), tail.group(0)
        if second[0].isupper():
            return left + right
        words = self._vocabulary()
        joined = (first + second).lower()
        if joined in words and f"{first}-{second}".lower() not in words:
            return left[:-1] + right
        return left + right


# --------------------------------------------------------------------------------------------
# Segmenting
# --------------------------------------------------------------------------------------------
@dataclass
class Piece:
    """A run of lines that belongs together: a paragraph, a sub-paragraph, a heading, or a
    part of one cut by a page break."""

    lines: list[str]
    line: int  # first line number
    indent: int = 0
    page_break: bool = False  # furniture or a footnote block stood before it
    text: str = ""


# "…efforts.] 6. [Parties should …": the next paragraph's number inside a line, after a finished
# sentence (a PDF extraction that joined two numbered paragraphs on one line).
_INLINE_NEXT_RE = re.compile(r"(?<=[.\];])\s+(\d{1,3})\.(?:\s+(?=[\[*(A-Z])|$)")


def _split_inline_numbers(lines: list[Line]) -> list[Line]:
    """Lines with each numbered paragraph that a line holds after another on a line of its own.

    Only the number that comes next in the running numbering is taken, and only after a
    finished sentence ("vol. 2. Decides" or "para. 5." are not), so a cited "resolution 70/1."
    never opens a paragraph."""
    out: list[Line] = []
    last = 0
    for line in lines:
        text = line.stripped
        own = OP_START_RE.match(text) if text else None
        if own:
            last = int(own.group(1))
        start = 0
        while last and (found := _INLINE_NEXT_RE.search(text, start)):
            if int(found.group(1)) == last + 1 and is_finished(text[:found.start()]):
                out.append(Line(line.no, " " * line.indent + text[:found.start()].rstrip(), line.indent))
                text, start, last = text[found.start():].lstrip(), 0, last + 1
                line = Line(line.no, " " * line.indent + text, line.indent)
            else:
                start = found.end()
        out.append(line)
    return out


def segment(lines: list[Line], breaks: set[int], *, preamble: bool = True) -> list[Piece]:
    lines = _split_inline_numbers(lines)
    pieces: list[Piece] = []
    current: Piece | None = None
    gap = False
    broke = False
    last_op = 0
    last_sub = ""  # the label of the last sub-paragraph started
    in_preamble = preamble
    for line in lines:
        if line.blank:
            gap = True
            broke = broke or line.no in breaks
            continue
        text = line.stripped
        split = current is None or gap
        if not split and text[0].islower():
            pass  # a line going on in lower case opens nothing
        elif not split:
            last = current.lines[-1]
            if len(last) < 12 and len(current.lines) > 1:
                last = f"{current.lines[-2]} {last}"  # "...adaptation;" + "and"
            op = OP_START_RE.match(text)
            if (_heading_text(text) and (is_finished(last) or MD_HEADING_RE.match(text))) or (
                    _maybe_other(text) and AGREED_RE.match(plain(text))):
                split = True
            elif op and line.indent >= 2 and is_finished(last):
                split = True  # an item of a nested list
            elif op and op.group(2) and int(op.group(1)) == last_op and is_finished(last):
                split = True  # "9bis." after 9
            elif op and (int(op.group(1)) == last_op + 1 or int(op.group(1)) == 1) and (
                is_finished(last) or text.rstrip("*").rstrip().endswith(".") and len(text) < 8
                or (int(op.group(1)) == last_op + 1 and last_op and opens_operative(text[op.end():]))
            ):
                split = True
            elif (sub := SUB_START_RE.match(text)) and is_finished(last) and _expected_sub(sub.group(1), last, last_sub):
                split = True
            elif NESTED_LABEL_RE.match(text) and is_finished(last):
                split = True
            elif in_preamble and tail_char(last) == "," and opens_preambular(text):
                split = True
            elif _maybe_other(text) and (ANNEX_HEADING_RE.match(plain(text)) or MEETING_RE.match(plain(text))):
                split = True
        if split:
            current = Piece([text], line.no, line.indent, page_break=broke)
            pieces.append(current)
        else:
            current.lines.append(text)
        op = OP_START_RE.match(text)
        if op and split:
            last_op = int(op.group(1))
            in_preamble = False
            last_sub = ""
        sub = SUB_START_RE.match(text) if split else None
        if sub:
            last_sub = sub.group(1)
        if _maybe_other(text) and AGREED_RE.match(plain(text)):
            in_preamble = False
        gap = broke = False
    return pieces


def _is_section_heading(text: str) -> bool:
    """A chapter or section heading: "I. ADOPTION OF THE AGENDA", "Chapter III", "A. Title":
    short, numbered with a roman numeral or capital letter, with no final punctuation."""
    if len(text) > 200 or text[:1] not in "IVXLABCDEFGHCSP":
        return False
    bare = plain(text)
    return bool(SECTION_HEADING_RE.match(bare)) and tail_char(bare) not in FINISHING and len(bare.split()) <= 16


def _expected_sub(token: str, last_line: str, last_sub: str) -> bool:
    """Whether "(token)" at a line start is the next label of a list, where no blank line
    tells: the first item under a line ending with ":" ((a), (i)), or the item after the
    last one ((c) after (b), (iv) after (iii))."""
    if tail_char(last_line) == ":":
        return token in ("a", "i", "A")
    if not last_sub:
        return False
    if len(token) == 1 and len(last_sub) == 1 and ord(token) == ord(last_sub) + 1:
        return True
    romans = [roman(n) for n in range(1, 40)]
    if last_sub in romans and token in romans:
        return romans.index(token) == romans.index(last_sub) + 1 or token == "i"
    return token in ("a", "i") and last_sub not in ("a", "i")


def _opens_something(text: str) -> bool:
    if ANY_START_RE.match(text) or NESTED_LABEL_RE.match(text) or _heading_text(text):
        return True
    if not _maybe_other(text):
        return False
    bare = plain(text[:200])
    return bool(ANNEX_HEADING_RE.match(bare) or AGREED_RE.match(bare) or MEETING_RE.match(bare))


def join_pieces(pieces: list[Piece], hyphens: Hyphens) -> list[Piece]:
    """Join the parts of paragraphs cut by page breaks and footnote blocks (module docstring)."""
    out: list[Piece] = []
    opens: list[bool] = []  # whether each piece of ``out`` opens something (its start never changes)
    in_preamble = True
    for piece in pieces:
        piece.text = _join_lines(piece.lines, hyphens)
        piece_opens = _opens_something(piece.text)
        if out and not piece_opens and not opens[-1] or (
            out and not piece_opens and OP_START_RE.match(out[-1].text)
            and not ANNEX_HEADING_RE.match(plain(out[-1].text[:60]))
        ):
            previous = out[-1]
            continues = (
                not is_finished(previous.text)
                or starts_lower(piece.text)
                or (piece.page_break and in_preamble and not opens_preambular(piece.text))
            )
            if continues and not _heading_text(previous.lines[0]) and not (
                    _maybe_other(previous.text) and MEETING_RE.match(plain(previous.text[:100]))):
                previous.text = hyphens.join(previous.text, piece.text)
                previous.lines.extend(piece.lines)
                continue
        if OP_START_RE.match(piece.text) or (_maybe_other(piece.text) and AGREED_RE.match(plain(piece.text[:100]))):
            in_preamble = False
        out.append(piece)
        opens.append(piece_opens)
    return out


def _join_lines(lines: list[str], hyphens: Hyphens) -> str:
    """The lines of a piece as one text: joined by spaces, line-end hyphens decided by
    ``hyphens`` (one join at the end, so long paragraphs are not copied line by line)."""
    parts = [lines[0]]
    for line in lines[1:]:
        if parts[-1].endswith("-"):
            parts[-1] = hyphens.join(parts[-1], line)
        else:
            parts.append(line)
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# Assembling
# --------------------------------------------------------------------------------------------
@dataclass
class Sub:
    number: str
    text: str
    level: int
    style: str  # "letter" | "roman" | "number" | "ldot" | "label" | "restored"


@dataclass
class Draft:
    """A paragraph being assembled; texts keep their markers until the end."""

    kind: str
    number: str | None
    text: str
    section: str = ""
    line: int = 0
    subs: list[Sub] = field(default_factory=list)

    def last_text(self) -> str:
        return self.subs[-1].text if self.subs else self.text


def subparagraph_style(token: str, previous_letter: str | None) -> str:
    """'roman' or 'letter' for "(i)": roman unless it follows "(h)" (and so on for v, x...)."""
    if token in _ROMAN:
        if previous_letter and len(token) == 1 and ord(token) == ord(previous_letter) + 1:
            return "letter"
        return "roman"
    return "letter"


class Assembler:
    """Builds paragraphs from pieces (see module docstring).

    Resolutions number their operative paragraphs 1, 2 ...; decisions letter them (a), (b)
    ("decision mode"); treaties number them within each Article, from 1 ("treaty mode",
    after "Have agreed as follows:" or at the first Article). Sub-paragraph levels follow the
    order in which list styles appear in a paragraph: (a) is level 1 and (i) level 2 in a
    resolution; in a decision (i) is level 1.
    """

    def __init__(self):
        self.paragraphs: list[Draft] = []
        self.annexes: list[list[str]] = []
        self.sections: list[Section] = []
        self.notices: list[str] = []
        self.closing: dict[str, str] = {}
        self.agreed_formula = ""
        self.decision_mode = False
        self.treaty_mode = False
        self.closed = False  # the final paragraph (ending with ".") has been seen
        self.last_op: int | None = None
        self.section = ""  # path of the current section
        self.article = ""  # path of the current Article (options nest under it)
        self.in_annex = False
        self.pending_label = ""  # an option label standing alone, for the next piece
        self.inserted: list[str] | None = None  # a table set between paragraphs
        self.inserted_after: Draft | None = None

    @property
    def current(self) -> Draft | None:
        return self.paragraphs[-1] if self.paragraphs else None

    def _in_operative_part(self) -> bool:
        return self.last_op is not None or self.decision_mode or self.treaty_mode

    def _previous_letter(self) -> str | None:
        cur = self.current
        if cur is None:
            return None
        if self.decision_mode and not any(s.style == "letter" for s in cur.subs):
            return cur.number if cur.kind == OPERATIVE else None
        for sub in reversed(cur.subs):
            if sub.style in ("letter", "restored"):
                return sub.number.strip("()")
        return None

    def _child_level(self, style: str) -> int:
        cur = self.current
        if not cur.subs:
            return 1
        for sub in reversed(cur.subs):
            if sub.style == style:
                return sub.level
        last = cur.subs[-1]
        if style in ("roman", "ldot") or tail_char(last.text) == ":":
            return last.level + 1
        return last.level

    def _add_sub(self, number: str, text: str, style: str, level: int | None = None) -> None:
        number = re.sub(r":{2,}$", ":", number)  # "**Option II:**:" is "Option II:"
        self.current.subs.append(Sub(number, text, level or self._child_level(style), style))

    def _in_colon_list(self) -> bool:
        cur = self.current
        if cur is None:
            return False
        return tail_char(cur.text) == ":" or any(tail_char(s.text) == ":" for s in cur.subs)

    def _maybe_close(self) -> None:
        cur = self.current
        if (not self.treaty_mode and cur is not None and cur.kind == OPERATIVE
                and tail_char(cur.last_text()) == "."):
            self.closed = True

    def _continues_after_final(self, op, sub) -> bool:
        """After a paragraph ending with "." only the next item of an open list goes on."""
        cur = self.current
        if op:
            number = int(op.group(1))
            numbered = [s for s in cur.subs if s.style == "number"]
            if numbered and (self.decision_mode or self._in_colon_list()):
                return number == int(numbered[-1].number.rstrip(".")) + 1
            return self.last_op is not None and number == self.last_op + 1
        if sub:
            token = sub.group(1)
            previous = self._previous_letter()
            return bool(previous) and len(token) == 1 and ord(token) == ord(previous) + 1
        return False

    # -- headings ------------------------------------------------------------------------
    def _heading(self, heading: str, line: int) -> None:
        article = ARTICLE_RE.match(heading)
        option = OPTION_LINE_RE.match(heading)
        if article:
            number = article.group(1).replace(" ", "")
            title = article.group(2).strip().strip("()").strip()
            self.article = self.section = heading
            self.treaty_mode = True
            self.last_op = None
            self.closed = False
            self.sections.append(Section(heading, number, title, heading, line))
            return
        if option and self.article:
            label = option.group(1)
            path = f"{self.article} › {label}"
            self.section = path
            self.last_op = None
            self.sections.append(Section(heading, label.split()[-1], "", path, line))
            return
        sec = SECTION_HEADING_RE.match(heading)
        number = (sec.group(1) or sec.group(3)) if sec else ""
        title = ((sec.group(2) or sec.group(4)) if sec else heading).strip()
        self.closed = False
        if self.article and not sec:
            # A heading inside an Article ("Proposed Mechanism 1"): nested like an option.
            self.section = f"{self.article} › {heading}"
            self.last_op = None
            self.sections.append(Section(heading, "", title, self.section, line))
            return
        self.article = ""
        self.section = heading
        self.sections.append(Section(heading, number or "", title, heading, line))

    def _closing(self, text: str) -> bool:
        """The closing lines of an adopted text: "51st plenary meeting" and its date."""
        bare = plain(text)
        m = MEETING_RE.match(bare)
        if m and "meeting" not in self.closing:
            self.closing["meeting"] = m.group(1)
            if m.group(2):
                self.closing["meeting_date"] = m.group(2)
            return True
        if DATE_RE.match(bare) and "meeting" in self.closing and "meeting_date" not in self.closing:
            self.closing["meeting_date"] = bare
            return True
        return False

    # -- feeding -------------------------------------------------------------------------
    def feed(self, piece: Piece) -> None:
        text, line = piece.text, piece.line
        if self.in_annex:
            self.annexes[-1].append(text)
            return
        # Annex headings, "Have agreed as follows:" and closing lines are short and open with
        # one of a few characters: only those pieces are cleaned and matched.
        bare = plain(text[:300]) if _maybe_other(text) else ""
        if bare and (ANNEX_HEADING_RE.match(bare) or (MD_HEADING_RE.match(text) and ANNEX_HEADING_RE.match(bare.split(":")[0]))):
            self.closed = True
            self.in_annex = True
            self.annexes.append([text])
            return
        if bare and AGREED_RE.match(bare) and not self.agreed_formula:
            self.agreed_formula = bare
            self.treaty_mode = True
            self.last_op = None
            return
        heading = _heading_text(text)
        cur = self.current
        if (heading is not None and OPTION_LINE_RE.match(text.strip()) and piece.indent >= 2 and self.treaty_mode
                and cur is not None and cur.kind == OPERATIVE):
            # "**Option 2:**" alone on an indented line inside a paragraph: it labels what follows.
            self.pending_label = plain(text).strip().rstrip(": ") + ":"
            return
        if self.pending_label:
            label, self.pending_label = self.pending_label, ""
            if cur is not None and cur.kind == OPERATIVE:
                self._add_sub(label, text, "label", level=1)
                return
            text = f"{label} {text}"
        if heading is not None and (self.paragraphs or self.treaty_mode or MD_HEADING_RE.match(text)):
            if not (OPTION_LINE_RE.match(text.strip()) and not self.article):
                self._heading(heading, line)
                return
        if bare and self._closing(text):
            return
        op = OP_START_RE.match(text)
        sub = SUB_START_RE.match(text)
        ldot = LETTER_DOT_START_RE.match(text)
        nested = NESTED_LABEL_RE.match(text) if self.treaty_mode and not op and not sub else None
        if self.closed and not self._continues_after_final(op, sub):
            if not self.annexes:
                self.annexes.append([])
            self.in_annex = True
            self.annexes[-1].append(text)
            return
        self.closed = False
        cur = self.current
        if self.treaty_mode and cur is not None and cur.kind == OPERATIVE and piece.indent >= 2 and (op or sub or nested):
            label = (op.group(0) if op else sub.group(0) if sub else nested.group(0)).strip()
            rest = text[(op or sub or nested).end():]
            self._add_sub(plain(label), rest, "label", level=1 if piece.indent < 6 else 2)
        elif op:
            self._feed_numbered(int(op.group(1)), text[op.end():], line, (op.group(2) or "").replace(" ", ""))
        elif sub:
            self._feed_lettered(sub.group(1), text[sub.end():], line)
        elif nested and cur is not None and cur.kind == OPERATIVE:
            self._add_sub(plain(nested.group(0)).strip(), text[nested.end():], "label", level=1)
        elif ldot and cur is not None and cur.subs:
            self._add_sub(f"{ldot.group(1)}.", text[ldot.end():], "ldot")
        elif not self._in_operative_part() and _is_section_heading(text):
            self._heading(plain(text), line)  # "I. ADOPTION OF THE AGENDA" before any paragraph
            return
        elif not self._in_operative_part():
            self.paragraphs.append(Draft(PREAMBULAR, None, text, self.section, line))
        else:
            self._feed_unlabelled(text, piece)
        self._maybe_close()

    def _feed_unlabelled(self, text: str, piece: Piece) -> None:
        """A piece with no number or label in the operative part (see module docstring)."""
        cur = self.current
        label = _label_of(cur)
        bare = plain(text) if len(text) < 400 else plain(text[:400])
        if self.inserted is not None and self.inserted_after is cur:
            self.inserted.append(text)  # the table goes on
            return
        nested_item = (self.treaty_mode and piece.indent >= 2 and cur is not None and cur.kind == OPERATIVE
                       and cur.section == self.section)
        option_empty = "› Option" in self.section and not any(p.section == self.section for p in self.paragraphs[-3:])
        if not nested_item and not option_empty and not starts_lower(bare) and not bare.startswith("[") and (
            tail_char(bare) not in FINISHING and len(bare.split()) <= 16
            and ". " not in re.sub(r"^(?:[IVXL]+|[A-H]|[0-9]{1,2})\.\s", "", bare)
        ):
            # A sub-heading between operative paragraphs: a section, not a paragraph.
            self._heading(bare, piece.line)
            return
        if not (self.treaty_mode and piece.indent >= 2) and not opens_operative(bare) and not starts_lower(bare):
            if not self.treaty_mode and not self._in_colon_list():
                # A table or other material set between paragraphs: kept, apart, and said so.
                self.inserted, self.inserted_after = [text], cur
                self.annexes.append(self.inserted)
                self.notices.append(
                    f"Line {piece.line}: material after {label} that is not a paragraph (a table?) "
                    "was kept apart, as an annex; check it."
                )
                return
        if self.treaty_mode:
            if cur is not None and cur.kind == OPERATIVE and piece.indent >= 2 and cur.section == self.section:
                self._add_sub("", text, "label", level=1)
            else:
                self.paragraphs.append(Draft(OPERATIVE, None, text, self.section, piece.line))
            return
        if cur is not None and cur.kind == OPERATIVE and self._in_colon_list() and not self.decision_mode:
            levels = [s for s in cur.subs if s.style in ("letter", "restored")]
            number = f"({letter(len(levels) + 1)})"
            self._add_sub(number, text, "restored", level=1)
            self.notices.append(
                f"Line {piece.line}: {label} sub-paragraph {number} had no label (lost in extraction); "
                "restored in order."
            )
            return
        self.paragraphs.append(Draft(OPERATIVE, None, text, self.section, piece.line))
        self.notices.append(
            f"Line {piece.line}: a paragraph without a number after {label} was kept as an unnumbered "
            "operative paragraph; check it."
        )

    def _feed_numbered(self, number: int, rest: str, line: int, suffix: str = "") -> None:
        cur = self.current
        if suffix and self.last_op == number:
            # "9bis": a paragraph inserted after 9 in negotiation; numbering goes on from 9.
            self.paragraphs.append(Draft(OPERATIVE, f"{number}{suffix}", rest, self.section, line))
            return
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
        if self.last_op is not None and number != self.last_op + 1 and not self.treaty_mode:
            self.notices.append(f"Line {line}: paragraph {number} follows paragraph {self.last_op}.")
        self.paragraphs.append(Draft(OPERATIVE, str(number), rest, self.section, line))
        self.last_op = number

    def _feed_lettered(self, token: str, rest: str, line: int) -> None:
        cur = self.current
        if not self.decision_mode and self.last_op is None and not self.treaty_mode:
            # "(a)" before any numbered paragraph: a decision, unless a preambular paragraph
            # ending with ":" introduces it ("Recalling the following:").
            opens_list = cur is not None and tail_char(cur.last_text()) == ":"
            if cur is None or starts_lower(cur.text) or not opens_list:
                self.decision_mode = True
        style = subparagraph_style(token, self._previous_letter())
        if self.decision_mode and style == "letter":
            self.paragraphs.append(Draft(OPERATIVE, token, rest, self.section, line))
            return
        if cur is None:
            self.paragraphs.append(Draft(OPERATIVE, token, rest, self.section, line))
            return
        self._add_sub(f"({token})", rest, style)


_OP_VERB_RE = re.compile(r"^[\[*]*(?:(?:Also|Further|Again|Once again|Strongly|Firmly|Urgently|Kindly)\s+)*[A-Z][a-z]+s\b")


def opens_operative(text: str) -> bool:
    """Whether ``text`` opens like an operative paragraph: a verb in the third person
    ("Requests", "Also urges", "Strongly condemns")."""
    return bool(_OP_VERB_RE.match(text)) and not text.split(None, 1)[0].strip("[*").lower() in _NOT_VERBS


_NOT_VERBS = frozenset("its this has was is as thus states nations parties rules its".split())


def _label_of(draft: Draft | None) -> str:
    if draft is None:
        return "the enacting formula"
    if draft.kind == OPERATIVE:
        return f"OP{draft.number}" if draft.number else "an unnumbered paragraph"
    return "the preamble"


