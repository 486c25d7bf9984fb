"""The plain-data shape of a UN text, shared by the parser, the redline and the services.

No Django here: these dataclasses travel between parse.py, redline.py, Celery tasks,
management commands and the services that store them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

PREAMBULAR = "preambular"
OPERATIVE = "operative"


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

    @property
    def full_text(self) -> str:
        parts = [self.text] + [f"{s.number} {s.text}" for s in self.subparagraphs]
        return " ".join(p for p in parts if p)


@dataclass
class Footnote:
    marker: str
    text: str


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
        return cls(**{**data, "paragraphs": paragraphs, "footnotes": footnotes})

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
                    "lead": p.lead,
                    "text": p.full_text,
                    "subparagraphs": [asdict(s) for s in p.subparagraphs],
                    "footnotes": list(p.footnotes),
                }
                for p in self.paragraphs
            ],
            "footnotes": [asdict(f) for f in self.footnotes],
            "annexes": list(self.annexes),
        }


def paragraph_labels(paragraphs) -> list[str]:
    """Negotiators' labels: PP counted in order, OP by its number (or its rank if unnumbered)."""
    labels, pp, op = [], 0, 0
    for p in paragraphs:
        if p.kind == OPERATIVE:
            op += 1
            labels.append(f"OP{p.number or op}")
        else:
            pp += 1
            labels.append(f"PP{pp}")
    return labels


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
