"""The conservation rule: every word of the input is accounted for in exactly one place of
the parse (metadata, paragraph, sub-paragraph, footnote, section heading, annex, or the
removed furniture). ``missing_words`` compares word counts of input and output; the parser
refuses a text rather than lose a word silently, and names the line.

Words are runs of letters and digits, lower-cased; markup and punctuation do not
count. A word the parser joined across a line-end hyphen ("implemen-" + "tation") or split
off a glued footnote number ("Crime55" = "crime" + footnote 55) is matched piecewise.
"""
from __future__ import annotations

import re
from collections import Counter

from .lines import normalise

TOKEN_RE = re.compile(r"[^\W_]+")  # letters and digits; "Crime55" is matched piecewise below


def words(text: str) -> Counter:
    return Counter(TOKEN_RE.findall(text.lower()))


# Metadata fields whose label the header prints before the value ("Distr.: Limited").
_FIELD_LABELS = {"distribution": "Distr", "original_language": "Original", "agenda_item": "Agenda item items"}


def output_words(parsed) -> Counter:
    """Words the parse holds, wherever they are."""
    texts: list[str] = []

    def add(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                add(v)
        elif isinstance(value, dict):
            for v in value.values():
                add(v)

    add(parsed.metadata)
    for key, label in _FIELD_LABELS.items():
        if key in parsed.metadata:
            texts.append(label)
    texts.extend((parsed.sponsor_line, parsed.title, parsed.recommending_formula, parsed.enacting_formula))
    for p in parsed.paragraphs:
        texts.append(p.number or "")
        texts.append(p.full_text)
        texts.extend(p.footnotes)
    for f in parsed.footnotes:
        texts.append(f.marker)
        texts.append(f.text)
    texts.extend(parsed.annexes)
    texts.extend(s.heading for s in parsed.sections)
    texts.extend(r.text for r in parsed.removed)
    return words("\n".join(texts))


def missing_words(source: str, parsed, footnote_markers: set[str], *, normalised: str | None = None) -> Counter:
    """Words of ``source`` that the parse does not hold (empty when nothing is lost).
    ``normalised``: the source already through ``lines.normalise`` (saves a pass)."""
    normalised = normalise(source) if normalised is None else normalised
    given = words(normalised.replace("\x01", " ").replace("\x02", " "))
    held = output_words(parsed)
    deficit = given - held
    if not deficit:
        return deficit
    surplus = held - given
    # A footnote number cited twice in one paragraph is listed once.
    for token in list(deficit):
        if token.isdigit() and str(int(token)) in footnote_markers:
            del deficit[token]
    # Pieces: "implemen" + "tation" = "implementation"; "2285" = "228" + "5".
    for joined in list(surplus):
        for i in range(1, len(joined)):
            a, b = joined[:i], joined[i:]
            if deficit.get(a) and deficit.get(b):
                n = min(deficit[a], deficit[b], surplus[joined])
                deficit[a] -= n
                deficit[b] -= n
                surplus[joined] -= n
    for split in list(deficit):
        if deficit[split] <= 0:
            continue
        for i in range(1, len(split)):
            a, b = split[:i], split[i:]
            if surplus.get(a, 0) > 0 and (surplus.get(b, 0) > 0 or (b.isdigit() and b.lstrip("0") in footnote_markers)):
                deficit[split] -= 1
                surplus[a] -= 1
                if surplus.get(b, 0) > 0:
                    surplus[b] -= 1
                break
    return +deficit


def first_line_with(source_lines: list[str], word: str) -> int:
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])" if not word.isdigit() else rf"(?<!\d){word}(?!\d)", re.I)
    for no, line in enumerate(source_lines, start=1):
        if pattern.search(line):
            return no
    return 0
