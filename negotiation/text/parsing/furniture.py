"""Stage 2: page furniture, the print of the page that is not the text.

UN documents printed to PDF carry on every page a job number (``25-19432 (E)``, with the
date of processing on the first page: ``23-21227 (E) 131123``), a barcode (``*2519432*``),
a page counter (``2/9``) or page number, and a running header: the symbol of the document
(``A/RES/80/10``) and, in resolutions, a short title. Text extraction leaves these as lines
of their own or glued to a neighbour (``A/C.3/78/L.41*2321227*``, ``2/9 23-21227 Recalling``).
Markdown exports add markup with no words of the document (``{:toc}``, ``* TOC``, ``---``).

``strip_furniture`` returns the lines with furniture cut out and the list of what was cut
(``RemovedLine``), so the import preview shows it and the user can restore a line. A line
the user restored (``keep``) is never touched. Symbol lines are reported separately: in the
heading block a symbol is metadata, further down it is a running header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..structure import MARKUP, PAGE_FURNITURE, RemovedLine
from .lines import Line, plain

JOB = r"(?:[A-Z]{1,2}\.)?[0-9]{2}-[0-9]{5}(?:\s*\([A-Z]\))?(?:\s+[0-9]{6})?"
BARCODE = r"\*[0-9]{7}\*"
COUNTER = r"[0-9]{1,3}/[0-9]{1,3}"
SYMBOL = r"(?:[A-Z]{1,2}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+|FCCC/[A-Z0-9/.\-]+)"

# A whole line of furniture: "25-19432 (E)", "20 V.11-82609", "2/3", "12", "*2519432*",
# "2/9 23-21227", "23-21227 2/9".
FURNITURE_LINE_RE = re.compile(
    rf"^(?:{BARCODE}|{COUNTER}(?:\s+{JOB})?|{JOB}(?:\s+(?:{COUNTER}|[0-9]{{1,4}}))?"
    rf"|[0-9]{{1,4}}\s+{JOB}|[0-9]{{1,4}}|(?:{JOB}\s*)?{BARCODE})$"
)
# Furniture glued before the text of a line: "2/9 23-21227 Recalling also ...".
FURNITURE_PREFIX_RE = re.compile(rf"^(?:{COUNTER}\s+{JOB}|{JOB}\s+{COUNTER}|{BARCODE})\s*(?=\S)")
BARCODE_RE = re.compile(rf"\s*{BARCODE}\s*")
SYMBOL_LINE_RE = re.compile(rf"^\s*({SYMBOL}(?:\s*[-–]\s*{SYMBOL})*)\s*$")
MARKUP_RE = re.compile(r"^(?:\{:[^}]*\}|\*\s+TOC|_{3,}\s*\{[^}]*\})$")  # rules are page breaks: RULE_RE
MASTHEAD_SYMBOL_RE = re.compile(
    rf"^(United Nations|General Assembly|Security Council|Economic and Social Council)\s+({SYMBOL})$"
)
RULE_RE = re.compile(r"^(?:-{3,}|\*{3,}|={3,})$")
_MASTHEAD_STARTS = ("United Nations", "General Assembly", "Security Council", "Economic and Social Council")
FOOTNOTE_RULE_RE = re.compile(r"^_{5,}$")


@dataclass
class Furnished:
    lines: list[Line]  # the lines of the text, furniture cut out (blank lines kept)
    removed: list[RemovedLine] = field(default_factory=list)
    symbols: list[tuple[int, str]] = field(default_factory=list)  # (line no, symbol)
    page_breaks: set[int] = field(default_factory=set)  # line numbers where furniture stood


def _words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def strip_furniture(lines: list[Line], keep: frozenset[int] = frozenset()) -> Furnished:
    out = Furnished(lines=[])
    previous = ""  # the text line right above (reset by a blank line)
    for line in lines:
        text = line.stripped
        if not text or line.no in keep:
            out.lines.append(line)
            previous = text
            continue
        first = text[0]
        if first.islower() or (first.isalpha() and "." not in text[1:3] and "/" not in text[:4] and "*" not in text
                               and not text.startswith(_MASTHEAD_STARTS)):
            out.lines.append(line)  # a line of text: no furniture starts this way
            previous = text
            continue
        if FOOTNOTE_RULE_RE.match(text):
            out.lines.append(line)  # structure: footnotes follow
            continue
        if RULE_RE.match(text):
            out.page_breaks.add(line.no)
            out.lines.append(Line(line.no, "", 0))
            continue
        if MARKUP_RE.match(text):
            out.removed.append(RemovedLine(line.no, text, MARKUP))
            out.lines.append(Line(line.no, "", 0))
            continue
        if text.isdigit() and previous and (previous[-1:] in ",;:." or previous[-1:].isalpha()):
            # A number alone right under a line of text is a footnote marker that wrapped
            # ("collecting them,\n5"), not a page number.
            out.lines.append(line)
            previous = text
            continue
        if FURNITURE_LINE_RE.match(text):
            out.removed.append(RemovedLine(line.no, text, PAGE_FURNITURE))
            out.page_breaks.add(line.no)
            out.lines.append(Line(line.no, "", 0))
            continue
        if "*" in text and BARCODE_RE.search(text) and not text.startswith("*"):
            # "A/C.3/78/L.41*2321227*": the barcode glued to the symbol
            barcode = BARCODE_RE.search(text)
            out.removed.append(RemovedLine(line.no, barcode.group(0).strip(), PAGE_FURNITURE))
            text = (text[: barcode.start()] + " " + text[barcode.end():]).strip()
            line = Line(line.no, text, line.indent)
        prefix = FURNITURE_PREFIX_RE.match(text)
        if prefix:
            out.removed.append(RemovedLine(line.no, prefix.group(0).strip(), PAGE_FURNITURE))
            out.page_breaks.add(line.no)
            text = text[prefix.end():]
            line = Line(line.no, text, line.indent)
        masthead = MASTHEAD_SYMBOL_RE.match(text)
        if masthead:  # "United Nations A/C.3/78/L.41": the masthead of page 1
            out.symbols.append((line.no, masthead.group(2)))
            out.lines.append(Line(line.no, masthead.group(1), line.indent))
            continue
        symbol = SYMBOL_LINE_RE.match(text)
        if symbol:
            out.symbols.append((line.no, symbol.group(1)))
            out.lines.append(Line(line.no, "", 0))
            continue
        out.lines.append(line)
        previous = text
    return out


def strip_running_headers(lines: list[Line], title: str, symbols: set[str], keep, breaks: set[int]) -> tuple[list[Line], list[RemovedLine]]:
    """Running headers in the body: a line that repeats the title next to the page furniture,
    or the document's symbol followed by its (short) title ("A/RES/80/6 Report of ...").

    Returns the lines with those cut out, and what was cut; ``breaks`` gets their line numbers.
    """
    found = _running_header_lines(lines, title, breaks, keep)
    out, removed_lines = [], []
    norm_title = plain(title).lower()
    for line in lines:
        if line.no in found:
            removed_lines.append(RemovedLine(line.no, line.stripped, PAGE_FURNITURE))
            breaks.add(line.no)
            out.append(Line(line.no, "", 0))
            continue
        stripped = line.stripped
        cut = None
        for symbol in symbols:
            if symbol and symbol in stripped and line.no not in keep:
                start = stripped.index(symbol)
                after = stripped[start + len(symbol):].strip()
                words = after.split()
                n = len(words)
                while n > 0 and not norm_title.startswith(" ".join(words[:n]).lower().replace("*", "")):
                    n -= 1
                cut = (start, symbol + (" " + " ".join(words[:n]) if n else ""))
                break
        if cut is not None and (cut[0] == 0 or not stripped[:cut[0]].rstrip().endswith(("resolution", "document", "in", "see"))):
            start, removed = cut
            removed_lines.append(RemovedLine(line.no, removed, PAGE_FURNITURE))
            remaining = (stripped[:start] + " " + stripped[start:].replace(removed, "", 1)).strip()
            breaks.add(line.no)
            out.append(Line(line.no, remaining, line.indent if remaining else 0))
            continue
        out.append(line)
    return out, removed_lines



def _running_header_lines(lines: list[Line], title: str, breaks: set[int], keep=frozenset()) -> set[int]:
    """Lines that repeat the title as a running header: the title (or a
    prefix of 4+ words of it, half its length at least) alone on a line next to other page
    furniture (within two lines), and not ending like a sentence."""
    if not title:
        return set()
    norm_title = _norm(title)
    if len(norm_title) < 12:
        return set()
    found = set()
    first_word = norm_title.split()[0]
    longest = len(title) + 40  # a header line is the title or part of it, give or take markup
    shortest = len(title) // 3
    for line in lines:
        if line.no in keep or line.blank:
            continue
        if not shortest <= len(line.text) - line.indent <= longest:
            continue
        if not line.stripped.lstrip(_OPENERS).lower().startswith(first_word):
            continue  # a header starts as the title does
        if line.stripped.endswith((".", ",", ";", ":")) or line.stripped[:1] in "“\"‘'":
            continue
        norm = _norm(line.stripped)
        if norm == norm_title:
            found.add(line.no)  # the whole title, alone on a line
        elif (len(norm.split()) >= 4 and norm_title.startswith(norm) and len(norm) >= 0.5 * len(norm_title)
              and any(n in breaks for n in (line.no - 2, line.no - 1, line.no + 1, line.no + 2))):
            found.add(line.no)  # a shortened title next to the page furniture
    return found


_OPENERS = "*#[“\"‘' "


def _norm(text: str) -> str:
    text = re.sub(r"^[0-9]+/[0-9]+\.\s+", "", text.replace("*", "")).lower()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()
