"""The plain-data shape of a UN text, shared by the parser, the redline and the services.

No Django here: these dataclasses travel between parse.py, redline.py, Celery tasks,
management commands and the services that store them.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .brackets import bracket_spans, outermost_count

PREAMBULAR = "preambular"
OPERATIVE = "operative"

# Why a line of the input was left out of the text (``RemovedLine.reason``).
PAGE_FURNITURE = "page furniture"  # job numbers, barcodes, page counters, running headers, rules
MARKUP = "markup"  # markdown/kramdown markup with no words of the document ({:toc}, "* TOC")


@dataclass
class SubParagraph:
    """A sub-paragraph "(a)" of an operative paragraph; level 1 for (a), 2 for (i)."""

    number: str
    text: str
    level: int = 1


@dataclass
class Paragraph:
    """One preambular or operative paragraph.

    ``text`` is the chapeau: the paragraph up to its first sub-paragraph, lead phrase
    included, whitespace normalised, no footnote markers, no markdown. ``full_text`` is the
    whole paragraph (chapeau and sub-paragraphs joined by single spaces): the text that is
    compared, exported and printed as "text" by ``parse_text --json``.
    """

    kind: str  # PREAMBULAR | OPERATIVE
    text: str
    number: str | None = None  # "1", "2" for operative paragraphs; None for preambular
    lead: str = ""  # "Recalling also", "Requests"
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # markers cited, in order
    lineage: str | None = None  # stable identity across versions, when known
    # The heading the paragraph sits under, as printed: "Article 4 (adaptation)", or
    # "Article 2 (purpose) › Option 1" for an option inside an Article; "" for resolutions.
    section: str = ""

    @property
    def full_text(self) -> str:
        parts = [self.text] + [f"{s.number} {s.text}" for s in self.subparagraphs]
        return " ".join(p for p in parts if p)


@dataclass
class Footnote:
    marker: str
    text: str


@dataclass
class Section:
    """A heading of the body: an Article of a treaty ("Article 4", title "adaptation"), a
    chapter or section heading ("I. ADOPTION OF THE AGENDA"), an option inside an Article.

    ``path`` is what ``Paragraph.section`` holds for the paragraphs under it."""

    heading: str  # as printed, plain text: "Article 4 (adaptation)"
    number: str = ""  # "4", "2bis", "I"; "" when the heading has none
    title: str = ""  # "adaptation"
    path: str = ""  # "Article 2 (purpose) › Option 1"
    line: int = 0  # 1-based line of the input where the heading stands


@dataclass
class RemovedLine:
    """A line (or the start of one) of the input that is not part of the text: page
    furniture or markup. The import preview shows these struck out; the user can restore
    one by its ``line`` (``parse_text(..., keep_lines={line})``)."""

    line: int  # 1-based line number in the input
    text: str  # the words removed, as they stood
    reason: str  # PAGE_FURNITURE | MARKUP, or a plainer description


@dataclass
class ParsedText:
    metadata: dict = field(default_factory=dict)
    sponsor_line: str = ""
    title: str = ""
    recommending_formula: str = ""
    enacting_formula: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)  # preambular then operative
    footnotes: list[Footnote] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # headings of the body, in order
    removed: list[RemovedLine] = field(default_factory=list)  # furniture left out, in order
    notices: list[str] = field(default_factory=list)  # what the parser inferred, for the user

    def labels(self) -> list[str]:
        """"PP1".."PPn" for preambular paragraphs, "OP<number>" for operative ones."""
        return paragraph_labels(self.paragraphs)

    def to_dict(self) -> dict:
        """Every field, for storing between requests; ``from_dict`` reverses it exactly."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ParsedText":
        paragraphs = [
            Paragraph(**{**p, "subparagraphs": [SubParagraph(**s) for s in p.get("subparagraphs", [])]})
            for p in data.get("paragraphs", [])
        ]
        footnotes = [Footnote(**f) for f in data.get("footnotes", [])]
        sections = [Section(**s) for s in data.get("sections", [])]
        removed = [RemovedLine(**r) for r in data.get("removed", [])]
        return cls(**{**data, "paragraphs": paragraphs, "footnotes": footnotes, "sections": sections,
                      "removed": removed})

    def to_json(self) -> dict:
        """The ``parse_text --json`` contract."""
        return {
            "metadata": self.metadata,
            "sponsor_line": self.sponsor_line,
            "title": self.title,
            "recommending_formula": self.recommending_formula,
            "enacting_formula": self.enacting_formula,
            "paragraphs": [
                {
                    "kind": p.kind,
                    "number": p.number,
                    "label": label,
                    "section": p.section,
                    "lead": p.lead,
                    "text": p.full_text,
                    "subparagraphs": [{**asdict(s), "label": subparagraph_label(label, s.number)}
                                      for s in p.subparagraphs],
                    "footnotes": list(p.footnotes),
                    "brackets": [asdict(b) for b in bracket_spans(p.full_text)],
                }
                for label, p in zip(self.labels(), self.paragraphs)
            ],
            "footnotes": [asdict(f) for f in self.footnotes],
            # Outermost bracket spans in paragraphs and footnotes: what is still contested.
            "bracket_count": sum(outermost_count(p.full_text) for p in self.paragraphs)
            + sum(outermost_count(f.text) for f in self.footnotes),
            "annexes": list(self.annexes),
            "sections": [asdict(s) for s in self.sections],
            "removed": [asdict(r) for r in self.removed],
            "notices": list(self.notices),
        }


ARTICLE_RE = re.compile(r"^\[?\s*Art(?:icle|\.)\s+([0-9]+(?:\s?[a-z]+)?)", re.I)


def section_number(section: str) -> str:
    """The Article number a section path starts with ("Article 2bis (general)" -> "2bis")."""
    m = ARTICLE_RE.match(section or "")
    return m.group(1).replace(" ", "") if m else ""


def paragraph_labels(paragraphs) -> list[str]:
    """Negotiators' labels: "PP3" (counted in order), "OP12" (by number, or rank if
    unnumbered); in a treaty, "Art. 4.2" for paragraph 2 of Article 4, "Art. 24" for an
    unnumbered paragraph of Article 24 ("Art. 24 ¶2" for its second), and "(Opt. 1)" after
    the label of a paragraph inside an option."""
    labels, pp, op = [], 0, 0
    unnumbered: dict[str, int] = {}
    for p in paragraphs:
        article = section_number(getattr(p, "section", ""))
        if article and p.kind == OPERATIVE:
            if p.number:
                label = f"Art. {article}.{p.number}"
            else:
                unnumbered[p.section] = unnumbered.get(p.section, 0) + 1
                count = unnumbered[p.section]
                label = f"Art. {article}" + (f" ¶{count}" if count > 1 else "")
            option = OPTION_IN_PATH_RE.search(p.section)
            labels.append(f"{label} (Opt. {option.group(1)})" if option else label)
        elif p.kind == OPERATIVE:
            op += 1
            labels.append(f"OP{p.number or op}")
        else:
            pp += 1
            labels.append(f"PP{pp}")
    return labels


def sub_number(number: str) -> str:
    """A sub-paragraph's label as printed: "(a)" for a letter or roman numeral stored bare;
    other labels ("(b)", "1.", "Option 1:", "3.3bis") as they are."""
    number = number.strip()
    return f"({number})" if re.fullmatch(r"[a-z]{1,2}|[ivxlc]{1,6}", number) else number


def subparagraph_label(paragraph_label: str, number: str) -> str:
    """What negotiators cite for a sub-paragraph: "OP12 (b)", "Art. 2.1 (a)"; an item with
    its own label keeps it ("Art. 3.1 Option 1:")."""
    return f"{paragraph_label} {sub_number(number)}".strip()


OPTION_IN_PATH_RE = re.compile(r"›\s*Option\s+([0-9A-Za-z]+)")


_ROMAN_NUMERALS = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                   (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def letter(n: int) -> str:
    """Sub-paragraph letters: 1 -> a, 26 -> z, 27 -> aa (as UN texts continue)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    """Lower-case roman numerals for level-2 sub-paragraphs: 4 -> iv."""
    out = ""
    for value, numeral in _ROMAN_NUMERALS:
        while n >= value:
            out += numeral
            n -= value
    return out
