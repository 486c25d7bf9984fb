"""Stage 4: the heading block. Where the text proper starts (the enacting formula) and what
the lines above it say: symbol, body, distribution, date, session, agenda item, sponsor
line, recommending formula, title; for adopted texts the adoption line, the reference to the
report ("[on the report of the First Committee (A/80/534, para. 7)]") and the number.

Every header line ends up in one of those fields or, when nothing claims it, in
``metadata["other"]``: nothing is dropped.
"""
from __future__ import annotations

import re

from .lines import Line, plain
from .patterns import DATE_RE, FINISHING, tail_char

ENACTING_RE = re.compile(
    r"^(The\s+[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|[0-9]+|and|of|on|for|the|against|in|to|at|this|these|its))*)"
    r"\s*([,:])\s*(.*)$",
    re.S,
)
BARE_ENACTING_RE = re.compile(
    r"^(The\s+[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|[0-9]+|and|of|on|for|the|against|in|to|at|this|these|its)){0,14})$"
)
DISTR_RE = re.compile(r"^Distr\.?\s*:\s*(.+)$", re.I)
ORIGINAL_RE = re.compile(r"^Original\s*:\s*(.+)$", re.I)
SESSION_RE = re.compile(r"^((?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?[A-Za-z\-]+\s+(?:special\s+)?session)$")
AGENDA_RE = re.compile(r"^Agenda\s+items?\s+(.+)$", re.I)
AGENDA_SPLIT_RE = re.compile(r"^Agenda\s+items?\s+([0-9]+(?:\s*\([a-z]{1,3}\))?(?:(?:,|\s+and)\s+[0-9]+(?:\s*\([a-z]{1,3}\))?)*)\s+([^(\s].*)$", re.I)
PLACE_RE = re.compile(r"^([A-Z][A-Za-z .\-]+),\s+([0-9].*[0-9]{4})$")
BODY_RE = re.compile(
    r"^(General Assembly|Economic and Social Council|Security Council|Human Rights Council|United Nations|"
    r"Conference of the Parties)$"
)
COMMITTEE_RE = re.compile(
    r"^(?:(?:[A-Z][a-z]+\s+)?Committee|(?:Commission|Conference|Council|Board)\s+(?:on|of|for)\s.+)$"
)
HEADING_RE = re.compile(
    r"^(?:Draft\s+)?(?:[Rr]esolution|[Dd]ecision)\s+(?:[IVXL]+|[0-9]+/[0-9A-Z.]+|[0-9]+)$"
)
SPONSOR_RE = re.compile(r":\s*(?:[a-z]+\s+)*draft\s+(?:resolution|decision)s?\s*$", re.I)
ADOPTED_RE = re.compile(r"^(?:Resolution|Decision)s?\s+adopted\s+by\s+.+$", re.I)
REFERENCE_RE = re.compile(r"^\[(?:on the report of|without reference to)\b.*\]$", re.I)
NUMBERED_TITLE_RE = re.compile(r"^([0-9]{1,3}/[0-9]{1,4}(?:\s*[A-Z])?)\.\s+(\S.*)$")
PREAMBLE_HEADING_RE = re.compile(r"^Preamble$", re.I)
# PDF extraction merges the columns of the masthead: "General Assembly Distr.: General".
_MASTHEAD_SPLIT_RE = re.compile(r"\s+(?=Distr\.?\s*:|Original\s*:|Agenda\s+items?\s+[0-9])")
MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
BOLD_RE = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
_DATED_RE = re.compile(r"\b(?:version|text|draft)\b.*\b[0-9]{1,2}\s+[A-Z][a-z]+\s+[0-9]{4}", re.I)


def clean(text: str) -> str:
    text = MD_HEADING_RE.sub("", text)
    text = BOLD_RE.sub("", text)
    text = text.strip()
    if len(text) > 2 and text.startswith("*") and text.endswith("*"):
        text = text[1:-1]
    return plain(text)


def enacting_at(text: str, next_text: str | None, starts_body) -> tuple[str, str] | None:
    """The formula and any text after it on the same line, when ``text`` is an enacting
    formula: "The General Assembly," (or ":"), "*The Security Council*,", "The Parties to
    this Agreement,"; without its comma only when the next line starts the body."""
    if len(text) > 2000:
        return None
    cleaned = clean(text)
    m = ENACTING_RE.match(cleaned)
    if m:
        rest = m.group(3).strip()
        if not rest:
            return f"{m.group(1)}{m.group(2)}", ""
        if rest[0].islower() and len(m.group(1)) < 120 and m.group(2) == ",":
            return f"{m.group(1)},", rest
        return None
    m = BARE_ENACTING_RE.match(cleaned)
    if m and next_text is not None and starts_body(next_text) and not cleaned.isupper():
        return m.group(1), ""
    return None


def header_items(lines: list[Line]) -> list[tuple[int, str]]:
    """(line, text) items of the heading block: blank-line blocks, split into lines where
    the lines are metadata ("Distr.: Limited" over "26 April 2012"); a wrapped title stays
    one item."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    items: list[tuple[int, str]] = []
    for block in blocks:
        pieces: list[tuple[int, str]] = []
        for line in block:
            for piece in _MASTHEAD_SPLIT_RE.split(line.stripped):
                pieces.append((line.no, piece))
        cleaned = [clean(t) for _, t in pieces]
        if len(pieces) > 1 and any(_is_meta(c) for c in cleaned):
            group: list[tuple[int, str]] = []
            for (no, text), c in zip(pieces, cleaned):
                previous = clean(group[-1][1]) if group else ""
                wrapped_title = NUMBERED_TITLE_RE.match(previous) and not _is_meta(c) and tail_char(previous) not in FINISHING
                ends_sentence = tail_char(previous) in (":", ".") and not previous.endswith(("No.", "vol.", "Rev."))
                if not group or (not c[:1].islower() and not wrapped_title and (
                        _is_meta(c) or _is_meta(previous) or ends_sentence)):
                    group.append((no, text))
                else:
                    group[-1] = (group[-1][0], group[-1][1] + " " + text)
            items.extend(group)
        else:
            items.append((block[0].no, " ".join(t for _, t in pieces)))
    return items


_META_RES = (DISTR_RE, ORIGINAL_RE, DATE_RE, AGENDA_RE, BODY_RE, SESSION_RE, PLACE_RE, ADOPTED_RE,
             REFERENCE_RE, NUMBERED_TITLE_RE)


def _is_meta(text: str) -> bool:
    return any(r.match(text) for r in _META_RES) or bool(SPONSOR_RE.search(text))


def read_header(items: list[tuple[int, str]], parsed) -> None:
    """Metadata, sponsor line, recommending formula and title from the heading block. The
    title is the numbered title of an adopted text, else the last item nothing else claims."""
    meta = parsed.metadata
    candidates: list[str] = []
    after_agenda = False
    numbered_title = ""
    for _, raw in items:
        text = clean(raw)
        if not text:
            continue
        if after_agenda:
            after_agenda = False
            if not SPONSOR_RE.search(text) and "recommends" not in text and not _is_meta(text):
                meta["agenda_title"] = text
                continue
        if m := DISTR_RE.match(text):
            value = m.group(1).strip()
            dated = re.match(r"^(\S+)\s+([0-9]{1,2}\s+[A-Z][a-z]+\s+[0-9]{4})$", value)
            if dated and "date" not in meta:  # "Distr.: General 3 December 2025"
                value, meta["date"] = dated.group(1), dated.group(2)
            meta["distribution"] = value
        elif m := ORIGINAL_RE.match(text):
            meta["original_language"] = m.group(1).strip()
        elif DATE_RE.match(text) and "date" not in meta:
            meta["date"] = text
        elif m := AGENDA_SPLIT_RE.match(text):
            meta["agenda_item"] = m.group(1).strip()
            meta["agenda_title"] = m.group(2).strip()
        elif m := AGENDA_RE.match(text):
            meta["agenda_item"] = m.group(1).strip()
            after_agenda = True
        elif BODY_RE.match(text) and "body" not in meta and text != "United Nations":
            meta["body"] = text
        elif text == "United Nations" and "organization" not in meta:
            meta["organization"] = text
        elif SESSION_RE.match(text) and "session" not in meta:
            meta["session"] = text
        elif (m := PLACE_RE.match(text)) and "place" not in meta:
            meta["place"] = m.group(1)
            meta["session_dates"] = m.group(2)
        elif HEADING_RE.match(text):
            meta["heading"] = text
        elif ADOPTED_RE.match(text) and "adopted" not in meta:
            meta["adopted"] = text
        elif REFERENCE_RE.match(text) and "reference" not in meta:
            meta["reference"] = text
        elif (m := NUMBERED_TITLE_RE.match(text)) and not numbered_title:
            meta["number"] = m.group(1)
            numbered_title = m.group(2)
        elif raw.strip().startswith("*") and not raw.strip().startswith("**") and _DATED_RE.search(text) and len(text) < 120:
            meta["version_note"] = text  # "*Edited version of 6 November 2015*": not the title
        elif PREAMBLE_HEADING_RE.match(text):
            meta["part"] = text
        elif SPONSOR_RE.search(text) and len(text) < 600 and not parsed.sponsor_line:
            parsed.sponsor_line = text
        elif "recommend" in text and text.endswith(":"):
            parsed.recommending_formula = text
        elif COMMITTEE_RE.match(text) and len(text) < 120 and "committee" not in meta:
            meta["committee"] = text
        else:
            candidates.append(text)
    if numbered_title:
        parsed.title = numbered_title
    elif candidates:
        # A markdown document titles itself with its first heading; others put the title last.
        parsed.title = candidates.pop()
    if candidates:
        meta["other"] = candidates
