"""Split a session report's chapter I into the texts it holds.

Pure Python, no Django. Chapter I of a functional commission's report ("Matters calling for
action by the Economic and Social Council or brought to its attention") lists, under section
letters A, B, C, D ..., the draft resolutions and draft decisions recommended to the Council
and the resolutions and decisions the commission adopted itself. Each text starts with a
heading line ("Draft resolution I", "Resolution 20/3", "Decision 20/1"); each section starts
with a line "A. Draft resolutions ..." and an introductory paragraph ("1. The Commission ...
recommends ... the following draft resolutions:"). Every text is handed to ``parse_text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .parse import ParseError, parse_text, pdf_footnote_numbers
from .structure import Footnote, ParsedText

__all__ = ["ReportText", "split_report"]

CHAPTER_RE = re.compile(r"^\s*Chapter\s+([IVXL]+)\s*$", re.M)
HEADING_RE = re.compile(
    r"^[ \t]*((Draft\s+resolution|Draft\s+decision|Resolution|Decision)\s+([IVXL]+|[0-9]+/[0-9]+))[ \t]*$",
    re.M,
)
SECTION_RE = re.compile(r"^[ \t]*([A-H])\.[ \t]+(\S.*)$", re.M)
WS_RE = re.compile(r"\s+")


@dataclass
class ReportText:
    """One text of chapter I: where it sits in the report and its parsed structure."""

    heading: str  # "Draft resolution I", "Resolution 20/3", "Decision 20/1"
    section: str  # "A", "B" ...
    section_title: str
    title: str
    kind: str  # "resolution" | "decision"
    parsed: ParsedText
    adopted: bool = False  # "Resolution 20/3" (adopted) vs "Draft resolution I"
    section_intro: str = ""  # "The Commission ... recommends ... the following draft resolutions:"

    def to_json(self) -> dict:
        """The ``split_report --json`` contract: position in the report + ``ParsedText.to_json``."""
        return {
            "section": self.section,
            "section_title": self.section_title,
            "heading": self.heading,
            "kind": self.kind,
            "adopted": self.adopted,
            **self.parsed.to_json(),
            "title": self.title,
        }


# A General Assembly Main Committee's report ends with its recommendations: "III.
# Recommendations of the Third Committee", then "33. The Third Committee recommends to the
# General Assembly the adoption of the following draft resolutions:" and the texts.
RECOMMENDATIONS_RE = re.compile(r"^[ \t]*[IVX]+\.[ \t]+Recommendations? of the\b.*$", re.M)


def _chapter_one(text: str) -> str:
    """Chapter I of the report (a committee report: its recommendations), else the whole text."""
    chapters = list(CHAPTER_RE.finditer(text))
    for i, m in enumerate(chapters):
        if m.group(1) == "I":
            end = chapters[i + 1].start() if i + 1 < len(chapters) else len(text)
            return text[m.end() : end]
    recommendations = list(RECOMMENDATIONS_RE.finditer(text))
    if recommendations:
        return text[recommendations[-1].end():]
    return text


def _intro(part: str) -> str:
    """"The Commission ... recommends ... the following draft resolutions:" in ``part``, or ""."""
    intro = re.search(r"recommends[^:]*:|brought to the attention[^:]*:", part)
    if not intro:
        return ""
    para_start = max(part.rfind("\n\n", 0, intro.start()), 0)
    found = WS_RE.sub(" ", part[para_start:intro.end()]).strip()
    found = re.sub(r"^(?:[IVX]+\.[^\n]*?Committee\s+)?[0-9]+\.\s+", "", found)
    return found


def _section_title(text: str, match: re.Match) -> str:
    """The section title runs from "A." to the first blank line (it wraps in PDF text)."""
    rest = text[match.start(2) :]
    end = re.search(r"\n[ \t]*\n", rest)
    return WS_RE.sub(" ", rest[: end.start() if end else len(rest)]).strip()


def split_report(text: str) -> list[ReportText]:
    """The texts of chapter I in order, each parsed with ``parse_text``.

    Raises ``ParseError`` when no text heading is found, or, naming the text, when one of
    the texts cannot be parsed.
    """
    if not text or not text.strip():
        raise ParseError("The report is empty.")
    chapter = _chapter_one(text)
    # Boundaries: text headings and section lines, in document order.
    marks: list[tuple[int, str, re.Match]] = [(m.start(), "text", m) for m in HEADING_RE.finditer(chapter)]
    if not marks:
        raise ParseError(
            "No draft resolution or decision found in the report: chapter I should hold "
            "headings such as “Draft resolution I” or “Resolution 20/3”."
        )
    marks += [(m.start(), "section", m) for m in SECTION_RE.finditer(chapter)]
    marks.sort(key=lambda item: item[0])

    numbers = pdf_footnote_numbers(chapter)
    texts: list[ReportText] = []
    section, section_title, section_intro = "", "", _intro(chapter[:marks[0][0]])
    for i, (start, what, m) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(chapter)
        if what == "section":
            section, section_title = m.group(1), _section_title(chapter, m)
            section_intro = _intro(chapter[start:end])
            continue
        heading = WS_RE.sub(" ", m.group(1))
        try:  # the text after its heading line (a title may follow on the very next line)
            parsed = parse_text(chapter[m.end():end], footnote_numbers=numbers)
        except ParseError as exc:
            raise ParseError(f"{heading} in section {section or '?'}: {exc}") from exc
        kind_word = m.group(2).lower()
        texts.append(
            ReportText(
                heading=heading,
                section=section,
                section_title=section_title,
                title=parsed.title,
                kind="decision" if "decision" in kind_word else "resolution",
                parsed=parsed,
                adopted=not kind_word.startswith("draft"),
                section_intro=section_intro,
            )
        )
    _move_footnotes(texts)
    return texts


def _move_footnotes(texts: list[ReportText]) -> None:
    """Give each footnote to the text that cites it.

    A footnote prints at the foot of the page that cites it; when a text ends and the next
    begins on the same page, the footnote block falls inside the next text.
    """
    everywhere: dict[str, Footnote] = {}
    for item in texts:
        for footnote in item.parsed.footnotes:
            everywhere.setdefault(footnote.marker, footnote)
    cited = [{m for p in item.parsed.paragraphs for m in p.footnotes} for item in texts]
    cited_anywhere: dict[str, int] = {}
    for markers in cited:
        for marker in markers:
            cited_anywhere[marker] = cited_anywhere.get(marker, 0) + 1
    for item, own in zip(texts, cited):
        kept = [f for f in item.parsed.footnotes if f.marker in own or f.marker not in cited_anywhere]
        defined = {f.marker for f in kept}
        kept += [everywhere[m] for m in sorted(own - defined) if m in everywhere]
        kept.sort(key=lambda f: int(f.marker) if f.marker.isdigit() else 0)
        item.parsed.footnotes = kept
