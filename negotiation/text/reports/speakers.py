"""Who spoke, in what capacity and what kind of statement: the statement sentences of reports.

UN reports record statements in two voices, often both in one sentence:

* active: "the representative of Turkey and the observers for Colombia and Peru stated that ...",
  "the representatives of Cuba (on behalf of the Group of 77 and China) and Belarus made
  statements in explanation of vote";
* passive: "a statement was made by the representative of Iran", "statements in explanation of
  vote were made by the representatives of Japan and Argentina".

Clauses are separated by "; " and by ", and " before a new speaker or a new passive clause
("Before the vote, a statement was made by the representative of X, and the representatives of
Y and Z made statements in explanation of vote." is two statements of two kinds). Speakers keep
their capacity: "representative" (of a member of the body) or "observer" (for a non-member),
and the group they spoke "on behalf of".

The kind follows the words of the report: "in explanation of vote" -> ``eov``, "in explanation
of position" -> ``eop``, "general statement" -> ``general``, "reservation" or "dissociated" ->
``reservation``, "made a statement" -> ``statement``; words that name no kind ("stated that
...") -> None, left to whoever keeps the record (the import guesses from the content).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from negotiation.text import names as _names

__all__ = ["statement_dict", "timed_clauses", "Speaker", "StatementClause", "Unreadable", "read_statements", "statement_kind", "speakers_in"]


class Unreadable(ValueError):
    """Text that looks like part of an action but that these patterns cannot read."""


@dataclass(frozen=True)
class Speaker:
    """One delegation speaking: "the observer for the Holy See" -> Speaker("Holy See", "observer")."""

    name: str
    capacity: str  # "representative" | "observer"
    on_behalf_of: str | None = None


@dataclass
class StatementClause:
    """One statement as a report sentence records it (one clause of the sentence)."""

    speakers: list[Speaker]
    text: str  # the predicate as written ("made a statement", "stated that ..."), no final stop
    kind: str | None
    voice: str = "active"  # "passive": "<text> was/were made by <speakers>"

    @property
    def delegations(self) -> list[str]:
        return [s.name for s in self.speakers]

    @property
    def roles(self) -> dict[str, str]:
        return {s.name: s.capacity for s in self.speakers}

    @property
    def on_behalf_of(self) -> dict[str, str]:
        return {s.name: s.on_behalf_of for s in self.speakers if s.on_behalf_of}


@dataclass
class _Clause:
    text: str
    pieces: list[str] = field(default_factory=list)


_ROLE_MARKER = re.compile(
    r"(?:^|(?<= and )|(?<=, ))(?:[Tt]he) (?P<role>representatives?|observers?) (?:of|for) "
)
_PASSIVE = re.compile(
    r"^(?P<what>(?:an?|the|two|three|four|five|six|\d+) )?(?P<noun>(?:general )?statements?(?: in explanation of (?:vote|position)| of position)?"
    r"|explanations? of (?:vote|position)|reservations?)"
    r" (?:was|were) (?:also )?made by (?P<speakers>.+)$"
)
_PREDICATE_VERBS = {
    "also", "made", "stated", "said", "called", "expressed", "noted", "indicated", "explained",
    "reiterated", "emphasized", "stressed", "welcomed", "requested", "proposed", "informed",
    "read", "spoke", "recalled", "underlined", "reserved", "dissociated", "asked", "announced",
    "clarified", "introduced", "recorded", "orally", "joined", "withdrew", "presented",
}
# A clause boundary: ", and " or "; " before a new speaker or a passive clause.
_CLAUSE_BREAK = re.compile(
    r"(?:;|,? and|,) (?=(?:the (?:representatives?|observers?) (?:of|for) "
    r"|(?:an?|the) (?:general )?statements? |(?:general )?statements (?:in explanation|were|was)"
    r"|explanations? of ))"
)


_SENTENCE_OPENERS = {"The", "A", "An", "Statements", "Statement", "General", "Explanations", "Explanation", "Reservations"}


def statement_kind(words: str) -> str:
    """The kind of statement the report's words name (see the module docstring)."""
    lowered = words.lower()
    if "explanation of vote" in lowered or "explanations of vote" in lowered:
        return "eov"
    if "explanation of position" in lowered or "explanations of position" in lowered or "statement of position" in lowered:
        return "eop"
    if "general statement" in lowered:
        return "general"
    if re.search(r"reservation|dissociat", lowered):
        return "reservation"
    if re.match(r"^(?:also )?(?:made |delivered )?(?:an? |the |\w+ )?statements?\b", lowered):
        return "statement"
    return None  # "stated that ...": the words name no kind; the record's keeper judges it


def _top_level_splits(text: str, pattern: re.Pattern) -> list[str]:
    """``text`` cut at matches of ``pattern`` outside parentheses and quotation marks."""
    parts, start, depth = [], 0, 0
    masked = []
    for ch in text:
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        masked.append("x" if depth and ch not in "()“”" else ch)
    masked_text = "".join(masked)
    for match in pattern.finditer(masked_text):
        parts.append(text[start:match.start()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


_TIMED_CLAUSE = re.compile(r"; (?=(?:also )?(?:before|after|prior to|following)\b[^,;]*, )", re.IGNORECASE)


def timed_clauses(sentence: str) -> list[str]:
    """"Before the vote, A spoke; after the vote, B spoke." -> two sentences, each with its timing."""
    parts = _top_level_splits(sentence, _TIMED_CLAUSE)
    if len(parts) == 1:
        return [sentence]
    return [p[0].upper() + p[1:] for p in parts]


def speakers_in(text: str) -> list[Speaker]:
    """"the representative of Turkey and the observers for Colombia and Peru" -> three speakers.

    Raises ``Unreadable`` when ``text`` does not start with a capacity ("the representative(s)
    of", "the observer(s) for").
    """
    text = text.strip().rstrip(",")
    markers = list(_ROLE_MARKER.finditer(text))
    if not markers or markers[0].start() != 0:
        raise Unreadable(f"speakers not recognised: {text[:80]!r}")
    speakers: list[Speaker] = []
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        chunk = text[marker.end():end].strip()
        chunk = re.sub(r",?(?: and)?$", "", chunk).strip()
        capacity = marker.group("role").rstrip("s")
        # "the representative of Uruguay, on behalf of the sponsors," / "Cuba, on behalf of the Group ..."
        behalf = re.match(r"^(?P<who>.+?), on behalf of (?P<group>.+?),?$", chunk)
        if behalf and "(" not in chunk:
            for sponsor in _names.parse_sponsor_list(behalf.group("who")):
                speakers.append(Speaker(sponsor.name, capacity, behalf.group("group").removeprefix("the ")))
            continue
        for sponsor in _names.parse_sponsor_list(chunk):
            speakers.append(Speaker(sponsor.name, capacity, sponsor.on_behalf_of))
    if not speakers:
        raise Unreadable(f"no speaker named in {text[:80]!r}")
    return speakers


def _predicate_start(text: str) -> int | None:
    """Where the predicate begins: the first lower-case reporting verb outside parentheses."""
    depth = 0
    for match in re.finditer(r"\(|\)|\b[a-z][\w’']*", text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (token in _PREDICATE_VERBS or token.endswith("ed")):
            return match.start()
    return None


def read_statements(text: str) -> list[StatementClause]:
    """Every statement a sentence records (without its lead such as "Before the vote, ").

    ``text`` starts with the speakers ("the representative of ...") or a passive clause ("a
    statement was made by ..."). Raises ``Unreadable`` if a part of it is neither.
    """
    text = text.strip().rstrip(".")
    pieces = _top_level_splits(text, _CLAUSE_BREAK)
    clauses: list[StatementClause] = []
    pending: list[Speaker] = []  # speakers named before their verb ("the representative of A and ...")

    def settle_pending() -> None:
        # "..., and the observer for the Holy See" after a passive clause: more speakers of it.
        if pending:
            if not clauses or clauses[-1].voice != "passive":
                raise Unreadable(f"no reporting verb after the speakers in {text[:80]!r}")
            clauses[-1].speakers.extend(pending)
            pending.clear()

    for piece in pieces:
        if piece.split(" ", 1)[0] in _SENTENCE_OPENERS:
            piece = piece[0].lower() + piece[1:]
        passive = _PASSIVE.match(piece)
        if passive:
            settle_pending()
            noun = passive.group("noun")
            words = ((passive.group("what") or "") + noun).strip()
            clauses.append(StatementClause(speakers_in(passive.group("speakers")), words, statement_kind(noun), "passive"))
            continue
        cut = _predicate_start(piece)
        if cut is None:
            pending.extend(speakers_in(piece))
            continue
        predicate = piece[cut:].strip()
        clauses.append(StatementClause(pending + speakers_in(piece[:cut]), predicate, statement_kind(predicate)))
        pending.clear()
    settle_pending()
    if not clauses:
        raise Unreadable(f"no statement in {text[:80]!r}")
    return clauses


def statement_dict(clause: StatementClause, timing: str | None, lead: str, paragraph: int | None = None) -> dict:
    """The statement dict of the action contract (see the package docstring)."""
    statement = {
        "timing": timing,
        "timing_of": "vote" if re.search(r"\bvot(?:e|ing)\b", lead) else "action",
        "kind": clause.kind,
        "role": clause.speakers[0].capacity,
        "roles": clause.roles,
        "delegations": clause.delegations,
        "text": clause.text,
        "lead": lead,
    }
    if clause.voice != "active":
        statement["voice"] = clause.voice
    if clause.on_behalf_of:
        statement["on_behalf_of"] = clause.on_behalf_of
    if paragraph is not None:
        statement["paragraph"] = paragraph
    return statement


