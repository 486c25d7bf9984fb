"""The proceedings around an action, told over several paragraphs (General Assembly committees).

A functional commission's report tells an action in one paragraph ("At its 9th meeting, the
Commission adopted a revised draft resolution ..., sponsored by ... . Prior to the adoption ...
."). A General Assembly Main Committee's report tells it over several, in this order:

1. "At its 53rd meeting, on 15 November 2023, the Committee had before it a draft resolution
   entitled “...” (A/C.3/78/L.41), submitted by A, B and C. Subsequently, D and E joined in
   sponsoring the draft resolution." (the sponsors and those who joined before the meeting);
2. "At the same meeting, F joined in sponsoring the draft resolution." / "the representative of
   G introduced the draft resolution" / "the representative of H made a statement." / "the
   Secretary of the Committee read out a statement on programme budget implications";
3. "At the same meeting, the Committee adopted draft resolution A/C.3/78/L.41 by a recorded vote
   of ... The voting was as follows: ..." (the action: read by ``reading``);
4. "Before the vote, ... made statements in explanation of vote." / "After the vote, ...".

Amendments are proposals of their own ("the Committee had before it amendments to draft
resolution A/C.3/78/L.30, contained in document A/C.3/78/L.60, submitted by ..."), voted on
before the draft they amend. This module reads the paragraphs that are not the action itself
into ``Event`` records and attaches each to its action: the draft it names (or the draft of its
section heading, or the draft last named), and for untimed statements their place: before the
action when told before it, after when told after. An event whose draft has no action in the
report is an error, never dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from negotiation.text import names as _names
from negotiation.text.reports.speakers import Unreadable, read_statements, statement_dict, timed_clauses
from negotiation.text.reports.vocabulary import _MONTH, _SYMBOL, base_symbol

__all__ = ["Event", "read_event_paragraph", "attach_events", "base_symbol"]

_OPENER = re.compile(
    rf"^(?:(?:Also a|A)t (?:its|the|their) (?:same|[\w-]+)(?: plenary)? meeting"
    rf"(?:, (?:held )?on \d{{1,2}}(?: and \d{{1,2}})? {_MONTH}(?: \d{{4}})?)?, )(?P<rest>.+)$"
)
_TIMED = re.compile(
    r"^(?P<lead>(?:Also (?:prior to|before|following|after)|Prior to|Before|Following|After)\b[^,]*), "
    r"(?P<rest>.+)$"
)
_HAD_BEFORE = re.compile(
    r"(?:^|\b)the (?P<body>[A-Z][\w ]*?) had before it (?P<object>.+?),? (?:submitted|sponsored) by (?P<list>.+?)"
    r"(?:, (?:which|as) .*)?$"
)
_AMENDMENTS = re.compile(
    rf"^(?:(?:an?|the) )?(?:proposed )?amendments?\b(?: \((?P<doc_paren>{_SYMBOL})\))?"
    rf"(?: to (?:the )?(?:revised )?draft (?:resolution|decision) (?P<amends>{_SYMBOL}))?"
    rf"(?:,? (?:as )?contained in (?:document )?(?P<doc>{_SYMBOL}))?$"
)
_DRAFT = re.compile(
    rf"^(?:an?|the) (?P<label>(?:revised )?draft (?P<kind>resolution|decision))"
    rf"(?: entitled “(?P<title>[^”]+)”)?(?: \((?P<doc>{_SYMBOL})\)| (?P<doc_inline>{_SYMBOL}))$"
)
_JOINED = re.compile(
    rf"^(?:Subsequently, )?(?P<list>.+?) (?:also )?joined in (?:co-?)?sponsoring (?:the )?(?:revised )?"
    rf"(?:draft (?:resolution|decision)|amendments?)(?: \(?(?P<doc>{_SYMBOL})\)?)?$"
)
_NOT_DELEGATIONS = re.compile(r"^(?:the )?(?:(?:Vice-)?Chair(?:man|person|woman)?|Bureau|(?:Vice-)?President|Rapporteur|Secretariat|Secretary)\b")
_SECRETARIAT = re.compile(
    r"^(?:the|The|a|A) (?:Secretary|representative of the Secretariat|(?:Vice-)?Chair(?:man|person|woman)?|(?:Vice-)?President|Rapporteur)"
    r"(?: of the [A-Z][\w ]*)? (?P<verb>read out|made|informed|drew|announced|recalled|stated|corrected|noted)\b"
)
_INFORMED = re.compile(r"^the (?:Committee|Commission|Assembly|Council) was informed that\b")
_SYMBOL_RE = re.compile(_SYMBOL)
_DRAFT_MENTION = re.compile(r"\bdraft (?:resolution|decision)s?\b|\bamendments?\b")


@dataclass
class Event:
    """Something a report tells about a draft outside the action's own paragraph."""

    kind: str  # "submitted" | "joined" | "introduced" | "statement" | "note"
    paragraph: int
    document: str | None  # the draft (or amendment) it concerns, as written
    order: int = 0  # position in the report (paragraph, sentence)
    data: dict = field(default_factory=dict)
    amendment: bool = False  # about an amendment to ``document``'s draft


def _documents_in(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).rstrip(".") for m in _SYMBOL_RE.finditer(text)))


def _names_in(text: str) -> list[dict]:
    return [{"name": s.name, "on_behalf_of": s.on_behalf_of} for s in _names.parse_sponsor_list(text)]


class BeforeTheBody(NamedTuple):
    """What a body "had before it": the document and what the sentence says of it."""

    document: str | None
    info: dict


def _read_object(text: str) -> BeforeTheBody:
    """The draft or amendments a body "had before it"."""
    amendments = _AMENDMENTS.match(text)
    if amendments and (amendments.group("doc") or amendments.group("doc_paren")):
        return BeforeTheBody(amendments.group("doc") or amendments.group("doc_paren"), {"amends": amendments.group("amends"), "amendment": True})
    draft = _DRAFT.match(text)
    if draft:
        return BeforeTheBody(draft.group("doc") or draft.group("doc_inline"), {
            "title": draft.group("title"), "draft_kind": draft.group("kind"), "draft_label": draft.group("label")})
    documents = _documents_in(text)
    if len(documents) == 1:
        return BeforeTheBody(documents[0], {})
    raise Unreadable(f"cannot read what was before the body: {text[:80]!r}")


def _read_sentence(sentence: str, paragraph: int, default_document: str | None, timing_lead: list[str | None]) -> list[Event]:
    """The events of one sentence; raises ``Unreadable`` if it reads like none."""
    body = sentence.rstrip(".").strip()
    opener = _OPENER.match(body)
    lead = None
    if opener:
        lead = body[:opener.start("rest")].rstrip(", ")
        body = opener.group("rest")
    timed = _TIMED.match(body)
    timing = None
    if timed:
        lead, body = timed.group("lead"), timed.group("rest")
        timing = "before" if re.search(r"\b(?:prior to|before)\b", lead, re.IGNORECASE) else "after"
        timing_lead[0] = lead
    documents = _documents_in(body)
    document = documents[0] if len(documents) == 1 else default_document

    had = _HAD_BEFORE.search(body)
    if had:
        try:
            doc, info = _read_object(had.group("object"))
        except Unreadable:
            doc, info = _read_object(body)  # "... submitted by the Chair on ... (E/CN.15/2011/L.17)"
        submitted = had.group("list")
        sponsors = [] if _NOT_DELEGATIONS.match(submitted) else _names_in(submitted)
        data = {"sponsors": sponsors, **info}
        if not sponsors:
            data["submitted_by"] = submitted
        return [Event("submitted", paragraph, doc, data=data, amendment=bool(info.get("amendment")))]
    joined = _JOINED.match(body)
    if joined:
        doc = joined.group("doc") or document
        return [Event("joined", paragraph, doc, data={"names": [n["name"] for n in _names_in(joined.group("list"))],
                                                      "lead": lead or ""},
                      amendment="amendment" in body)]
    secretariat = _SECRETARIAT.match(body[0].upper() + body[1:] if body else body)
    if secretariat or _INFORMED.match(body):
        note = {"text": sentence.rstrip(".")}
        if re.search(r"programme budget implications|financial implications|financial statement", body):
            note["programme_budget"] = not re.search(r"\b(?:no|not any|did not (?:contain|have))\b", body)
        return [Event("note", paragraph, document, data=note)]
    clauses = read_statements(body)
    events = []
    for clause in clauses:
        if clause.voice == "active" and clause.text.startswith(("introduced", "orally revised", "orally corrected", "orally amended")):
            events.append(Event("introduced", paragraph, document, data={
                "names": clause.delegations, "text": clause.text, "on_behalf_of": clause.on_behalf_of},
                amendment="amendment" in clause.text))
            continue
        events.append(Event("statement", paragraph, document, data={
            "clause": clause, "timing": timing, "lead": lead if lead is not None else ""},
            amendment=bool(lead and "amendment" in lead)))
    return events


def _tells_proceedings(sentence: str, about_a_draft: bool) -> bool:
    """Does this sentence tell part of an action's proceedings (so failing to read it is an error)?"""
    body = sentence.rstrip(".")
    opener = _OPENER.match(body)
    rest = opener.group("rest") if opener else body
    if re.search(r"\bjoined in (?:co-?)?sponsoring\b", body):
        return True
    if re.search(r"\bhad before it (?:an?|the)? ?(?:revised )?(?:draft|amendments?|proposed)\b.*\b(?:submitted|sponsored) by\b", body):
        return True
    if re.match(r"^(?:Also )?(?:Before|After|Prior to|Following)\b[^,]*\b(?:vote|voting|adoption|action|approval)\b", body):
        return True
    if about_a_draft and re.search(r"\b(?:programme budget|financial) implications\b", rest):
        return True  # "the Committee was informed that the draft resolution had no programme budget implications"
    speaking = re.match(r"^(?:[Tt]he (?:representatives?|observers?) (?:of|for) |(?:[Aa]n?|[Tt]he) (?:general )?statements? (?:in explanation [\w ]+ )?(?:was|were) made"
                        r"|(?:General )?[Ss]tatements (?:in explanation [\w ]+ )?were made)", rest)
    return bool(speaking and about_a_draft and (opener or sentence[:1].isupper()))


def read_event_paragraph(paragraph, sentences: list[str], last_document: str | None) -> list[Event]:
    """The events of a paragraph that is not an action's own paragraph.

    Only sentences that tell proceedings on a draft are read (sponsors, joiners, statements,
    introductions; a note of the Secretariat in such a paragraph); the rest of a report (the
    agenda, the general discussion) is not about an action. Raises ``Unreadable`` when such a
    sentence cannot be read.
    """
    section_docs = _documents_in(paragraph.section or "")
    # The draft last named, if it belongs to this section; else the section's (first) draft.
    in_section = not section_docs or base_symbol(last_document) in {base_symbol(d) for d in section_docs}
    default = last_document if last_document and in_section else (section_docs[0] if section_docs else last_document)
    about_a_draft = bool(section_docs or _DRAFT_MENTION.search(paragraph.text))
    told = [_tells_proceedings(s, about_a_draft) for s in sentences]
    if not any(told):
        return []
    events: list[Event] = []
    timing_lead: list[str | None] = [None]
    for i, sentence in enumerate(sentences):
        body = sentence.rstrip(".")
        if not told[i] and not (_SECRETARIAT.match(body) or _INFORMED.match(body[:1].lower() + body[1:])):
            continue
        try:
            found = [e for part in timed_clauses(sentence) for e in _read_sentence(part, paragraph.number, default, timing_lead)]
        except Unreadable as exc:
            raise Unreadable(f"{exc} (sentence {i + 1}: {sentence[:70]!r})") from None
        for event in found:
            event.order = paragraph.number * 100 + i
            default = event.document or default
        events.extend(found)
    return events


def _action_base(action: dict) -> str | None:
    return base_symbol(action.get("amends") if action.get("subject") == "amendment" else action.get("document"))


def _targets(actions: list[dict], event: Event) -> list[dict]:
    """The actions an event may belong to: on its draft, or on its amendment."""
    base = base_symbol(event.document)
    if base is None:
        return []
    if event.kind in ("submitted", "joined", "introduced") and event.amendment:
        return [a for a in actions if a.get("subject") == "amendment" and base_symbol(a.get("document")) == base]
    on_amendment = [a for a in actions if a.get("subject") == "amendment" and base_symbol(a.get("document")) == base]
    if on_amendment:
        return on_amendment
    wanted = "amendment" if event.amendment else None
    return [a for a in actions if a.get("subject") == wanted and _action_base(a) == base] or (
        [a for a in actions if _action_base(a) == base] if wanted else [])


def attach_events(actions: list[dict], events: list[Event], errors: list[dict]) -> None:
    """Give each event to its action (see the module docstring); an event with none is an error."""
    for event in events:
        targets = _targets(actions, event)
        if not targets:
            what = {"submitted": "was before the body", "joined": "was joined in sponsoring",
                    "introduced": "was introduced", "statement": "was spoken on", "note": "was noted"}[event.kind]
            draft = event.document or "a draft"
            errors.append({"paragraph": event.paragraph,
                           "reason": f"{draft} {what} (paragraph {event.paragraph}), but the report records no action on it"})
            continue
        before = [a for a in targets if a["paragraph"] > event.paragraph]
        after = [a for a in targets if a["paragraph"] < event.paragraph]
        if event.kind == "submitted":
            action = targets[0]
            data = event.data
            if not action.get("sponsors"):
                action["sponsors"] = data["sponsors"]
                action["sponsors_paragraph"] = event.paragraph
            for key in ("title", "submitted_by"):
                if data.get(key) and not action.get(key):
                    action[key] = data[key]
            if data.get("amends") and not action.get("amends"):
                action["amends"] = data["amends"]
            continue
        if event.kind == "joined":
            action = (before or targets)[0]
            known = set(action.get("subsequently_joined") or [])
            action["subsequently_joined"] = list(action.get("subsequently_joined") or []) + [
                n for n in event.data["names"] if n not in known]
            action.setdefault("joined_paragraphs", []).append(event.paragraph)
            continue
        if event.kind == "introduced":
            action = (before or targets)[0]
            if event.data["text"].startswith("introduced") and not action.get("introduced_by"):
                action["introduced_by"] = event.data["names"]
                action["introduced_paragraph"] = event.paragraph
            else:
                action.setdefault("notes", []).append({"paragraph": event.paragraph, "text": " ".join(
                    [", ".join(event.data["names"]), event.data["text"]])})
            continue
        if event.kind == "note":
            action = (before or after[-1:] or targets)[0]
            note = dict(event.data, paragraph=event.paragraph)
            action.setdefault("notes", []).append(note)
            if note.get("programme_budget") is not None:
                action["programme_budget_implications"] = note["programme_budget"]
            continue
        clause, timing = event.data["clause"], event.data["timing"]
        if timing is None:
            # Untimed ("At the same meeting, the representative of H made a statement."): its place
            # in the report says when: before the action that follows it, else after the last.
            action, timing = (before[0], "before") if before else (after[-1], "after")
        else:
            # Timed ("Before the vote, ..."): reports give these right after the action's paragraph.
            action = after[-1] if after else before[0]
        action["statements"].append(statement_dict(clause, timing, event.data["lead"], paragraph=event.paragraph))
    for action in actions:
        external = [s for s in action["statements"] if s.get("paragraph") not in (None, action["paragraph"])]
        if external:
            own = [s for s in action["statements"] if s not in external]
            action["statements"] = sorted(own + external, key=lambda s: (s["timing"] != "before", s.get("paragraph") or action["paragraph"]))
