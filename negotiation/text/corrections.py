"""A user's corrections to a parsed text before it is saved: join, split, change kind.

The import preview shows every paragraph as editable text, sub-paragraphs on their own lines
("(a) ..."). A blank line inside a paragraph splits it; "join with next" joins two; the kind
can be switched between preambular and operative. Operative paragraphs are renumbered 1..n.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from negotiation.text.parse import subparagraph_style
from negotiation.text.structure import OPERATIVE, PREAMBULAR, Paragraph, ParsedText, SubParagraph, section_number

_INTACT = "\x00intact"  # a row the user did not touch
_SUB = re.compile(r"^\((?P<number>[a-z]{1,2}|[ivxl]{1,6})\)\s+(?P<text>.+)$")


@dataclass
class Correction:
    """What the preview form sends back for one paragraph."""

    kind: str
    text: str
    join_next: bool = False


def editable_text(paragraph: Paragraph) -> str:
    """A paragraph as the preview shows it: chapeau, then one line per sub-paragraph."""
    return "\n".join([paragraph.text] + [f"{s.number} {s.text}" for s in paragraph.subparagraphs])


def apply_corrections(parsed: ParsedText, corrections: list[Correction]) -> ParsedText:
    """A new ParsedText with the user's corrections applied, numbering redone.

    Footnote markers follow the text they were attached to; a lead phrase is kept while the
    paragraph still starts with it. Every piece keeps the section (treaty Article, option) of
    the paragraph it came from; a joined paragraph takes the first one's. In a text with
    Articles operative paragraphs are numbered within each section, and a section whose
    paragraphs had no numbers keeps them unnumbered; otherwise they are numbered 1..n.
    """
    originals = parsed.paragraphs
    pieces: list[tuple[Paragraph | None, str, str, str]] = []  # (original, section, kind, text)
    carry: tuple[Paragraph | None, str, str, str] | None = None
    section = ""
    for index, correction in enumerate(corrections):
        original = originals[index] if index < len(originals) else None
        section = original.section if original is not None else section
        kind = OPERATIVE if correction.kind == OPERATIVE else PREAMBULAR
        text = correction.text.replace("\r\n", "\n").strip()
        if carry is not None:
            first, carry_section, carry_kind, carry_text = carry
            original, section, kind, text = first or original, carry_section, carry_kind, f"{carry_text} {text}".strip()
            carry = None
        if correction.join_next and index + 1 < len(corrections):
            carry = (original, section, kind, text)
            continue
        if original is not None and kind == original.kind and text == editable_text(original).strip():
            pieces.append((original, section, kind, _INTACT))  # untouched: kept exactly as parsed
            continue
        for part in re.split(r"\n\s*\n", text):
            if part.strip():
                pieces.append((original, section, kind, part.strip()))
                original = None  # footnotes stay with the first piece of a split
    if all(text is _INTACT for _, _, _, text in pieces) and len(pieces) == len(originals):
        return replace(parsed, paragraphs=[replace(original) for original, _, _, _ in pieces])
    per_section = any(section_number(p.section) for p in originals)
    numbered_sections = {p.section for p in originals if p.kind == OPERATIVE and p.number}
    unnumbered = {p.section for p in originals if p.kind == OPERATIVE} - numbered_sections if per_section else set()
    result, numbers = [], {}
    for original, section, kind, text in pieces:
        if text is _INTACT and original.kind == OPERATIVE and (not original.number or not original.number.isdigit()):
            result.append(replace(original))  # unnumbered, or "9bis": keeps its own number
            continue
        if text is _INTACT and original.subparagraphs and not all(
                _SUB.match(f"{s.number} {s.text}") for s in original.subparagraphs):
            # labels the editable form cannot carry ("1.", "Option 1:"): kept as parsed
            chapeau, subs = original.text, [replace(s) for s in original.subparagraphs]
        else:
            chapeau, subs = _split_subparagraphs(editable_text(original) if text is _INTACT else text)
        number = None
        if kind == OPERATIVE and section not in unnumbered:
            key = section if per_section else ""
            numbers[key] = numbers.get(key, 0) + 1
            number = str(numbers[key])
        lead = original.lead if original and original.lead and chapeau.startswith(original.lead) else ""
        result.append(Paragraph(
            kind=kind, text=chapeau, number=number, lead=lead,
            subparagraphs=subs, footnotes=list(original.footnotes) if original else [],
            lineage=original.lineage if original else None, section=section,
        ))
    return replace(parsed, paragraphs=result)


def _split_subparagraphs(text: str) -> tuple[str, list[SubParagraph]]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    chapeau: list[str] = []
    subs: list[SubParagraph] = []
    for line in lines:
        match = _SUB.match(line)
        if match and (subs or chapeau):
            letters = [sub.number.strip("()") for sub in subs if sub.level == 1]
            style = subparagraph_style(match["number"], letters[-1] if letters else None)
            level = 2 if style == "roman" and letters else 1
            subs.append(SubParagraph(number=f"({match['number']})", text=match["text"], level=level))
        elif subs:
            subs[-1].text = f"{subs[-1].text} {line}"
        else:
            chapeau.append(line)
    return " ".join(chapeau), subs
