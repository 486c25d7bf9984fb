"""From PDF-extracted report text to numbered paragraphs and their sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Running headers and footers of UN documents: "66 V.11-82609", "V.11-82609 21", "23-22543 3/12",
# and a line holding nothing but the document symbol ("E/2011/30", "E/CN.15/2011/21").
_PAGE_FURNITURE = (
    re.compile(r"^(?:\d+(?:/\d+)?\s+)?(?:[A-Z]\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d+(?:/\d+)?)?$"),
    re.compile(r"^[A-Z]{1,2}/(?:[A-Za-z0-9.\-]+/)*[A-Za-z0-9.\-]+$"),
)
_FOOTNOTE_RULE = re.compile(r"^_{3,}$")
_PARAGRAPH_START = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
_CHAPTER_HEADING = re.compile(r"^Chapter ([IVXLC]+)$")
# Section headings: " B. Action taken by the Commission", "II. Consideration of proposals".
_SECTION_HEADING = re.compile(r"^(?:[A-H]|[IVX]{1,5})\.\s+([A-Z].*[^.:;,])$")
_ACTION_SECTION = re.compile(r"^Action taken by\b", re.IGNORECASE)
_LINE_END_HYPHEN = re.compile(r"\w-$")


def normalise_paragraph(lines: Iterable[str]) -> str:
    """Join hard-wrapped lines into one line of single-spaced text.

    A line ending in a hyphen after a letter or digit ("E/CN.7/2011/11-") joins the next without
    a space: PDF extraction of UN documents breaks lines only at spaces or after hyphens, and UN
    texts do not soft-hyphenate, so the hyphen is real and the space is not.
    """
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
        elif _LINE_END_HYPHEN.search(out):
            out += line
        else:
            out += " " + line
    return out


@dataclass
class ReportParagraph:
    """A numbered paragraph of a report, with where it sits."""

    number: int
    text: str
    chapter: str | None
    in_action_section: bool
    section: str | None = None  # the heading above it: "Draft resolution A/C.3/78/L.41"


def _is_furniture(line: str) -> bool:
    return any(p.match(line) for p in _PAGE_FURNITURE)


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1:] in ".:;)”\""


def split_paragraphs(report_text: str) -> list[ReportParagraph]:
    """Numbered paragraphs, with their chapter and whether they sit in an "Action taken" section.

    Page furniture and footnote blocks are dropped; chapter and section headings end the
    current paragraph (the title lines after them belong to no paragraph). A line starting
    "12. " opens a paragraph only when it follows on in numbering or the current paragraph
    has ended a sentence, so that a wrapped line starting with a number is not mistaken for one.
    """
    paragraphs: list[ReportParagraph] = []
    chapter: str | None = None
    in_action = False
    section: str | None = None
    current: list[str] = []
    number: int | None = None
    in_footnote = False

    def close() -> None:
        nonlocal current, number
        if number is not None and current:
            paragraphs.append(ReportParagraph(number, normalise_paragraph(current), chapter, in_action, section))
        current, number = [], None

    for raw in report_text.replace("\f", "\n").splitlines():
        line = " ".join(raw.split())
        if in_footnote:
            if not line:
                in_footnote = False
            continue
        if not line or _is_furniture(line):
            continue
        if _FOOTNOTE_RULE.match(line):
            in_footnote = True
            continue
        chapter_match = _CHAPTER_HEADING.match(line)
        if chapter_match:
            close()
            chapter, in_action, section = chapter_match.group(1), False, None
            continue
        section_match = _SECTION_HEADING.match(line)
        if section_match and len(line) < 100:
            close()
            in_action = bool(_ACTION_SECTION.match(section_match.group(1)))
            section = section_match.group(1)
            continue
        start = _PARAGRAPH_START.match(line)
        if start:
            n = int(start.group(1))
            if number is None or n == number + 1 or _ends_sentence(current[-1] if current else ""):
                close()
                number, current = n, [start.group(2)]
                continue
        if number is not None:
            current.append(line)
    close()
    return paragraphs


_ABBREVIATIONS = {"chap", "sect", "para", "paras", "No", "Nos", "vol", "art", "arts", "Mr", "Ms",
                  "Mrs", "Dr", "St", "e.g", "i.e", "p", "pp", "op", "annex"}


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping "(For the text, see ... .)" whole.

    Only a full stop outside parentheses and quotation marks ends a sentence, and not after
    the abbreviations UN reports use ("chap. I, sect. D", "para. 12"); a parenthesised
    sentence ends at its closing parenthesis.
    """
    sentences: list[str] = []
    depth = quote = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0 and text[i - 1] == "." and text[start:i].lstrip().startswith("("):
                sentences.append(text[start:i + 1].strip())
                start = i + 1
        elif ch == "“":
            quote += 1
        elif ch == "”":
            quote = max(0, quote - 1)
        elif ch == "." and depth == 0 and quote == 0 and (i + 1 == n or text[i + 1] == " "):
            word = re.search(r"([\w.]+)$", text[start:i])
            if not (word and word.group(1) in _ABBREVIATIONS):
                sentences.append(text[start:i + 1].strip())
                start = i + 1
        i += 1
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if s]

