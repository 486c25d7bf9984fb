"""Reading the actions a report records (see the package docstring for the action dict)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from negotiation.text import names as _names
from negotiation.text.reports.naming import normalise_names
from negotiation.text.reports.paragraphs import ReportParagraph, split_paragraphs, split_sentences
from negotiation.text.reports.proceedings import attach_events, read_event_paragraph
from negotiation.text.reports.speakers import Unreadable, read_statements, statement_dict, timed_clauses
from negotiation.text.reports.vocabulary import _MONTH, _MONTH_NUMBER, _SYMBOL, ordinal_to_int

# --- reading one action paragraph -------------------------------------------------------------


_MEETING_LEAD = re.compile(
    rf"^(?:(?P<also>Also a)|A)t (?:its|the|their) (?:(?P<same>same)|(?P<ordinal>[\w-]+))(?: plenary)? meeting"
    rf"(?:, (?:held )?on (?P<day>\d{{1,2}}) (?P<month>{_MONTH})(?: (?P<year>\d{{4}}))?)?, "
    r"the (?P<body>[A-Z][\w ]*?) (?P<rest>(?:adopted|approved|considered|rejected|decided|was informed)\b.*|[a-z].*)$"
)
# A paragraph where the body acts at a meeting ("..., the Committee adopted ..."), as opposed to
# "At the 45th meeting, the representative of Mexico introduced ..." or "... had before it ...".
_BODY_ACTS_LEAD = re.compile(
    r"^(?:Also a|A)t (?:its|the|their) (?:same|[\w-]+)(?: plenary)? meeting\b[^.]*?, the [A-Z][\w ]*? "
    r"(?:adopted|approved|considered|rejected|decided|was informed)\b"
)
_ANY_SINGLE_MEETING = re.compile(
    rf"^At (?:its|the|their) (?P<ordinal>[\w-]+)(?: plenary)? meeting(?:, (?:held )?on (?P<day>\d{{1,2}}) "
    rf"(?P<month>{_MONTH})(?: (?P<year>\d{{4}}))?)?,"
)
_MEETING_YEAR = re.compile(
    rf"^(?:Also a|A)t (?:its|the|their) [^.]*?\b(?P<month>{_MONTH}) (?P<year>\d{{4}})\b"
)
_DRAFT_WORDS = re.compile(r"\b[Dd]raft (?:resolution|decision)s?\b|\b[Aa]mendments?\b")
# A paragraph that opens like an action and names one: if nothing is read from it, that is an error.
_ACTION_LIKE = re.compile(
    r"^(?:(?:In (?:the )?light of|Following|After|In view of) [^,]+, )?"
    r"(?:(?:Also a|A)t (?:its|the|their) [^,]*meetings?\b|(?:The |An? )?(?:revised |oral )*(?:[Dd]raft (?:resolution|decision)|[Aa]mendments?)\b)"
    r".*\b(?:adopted|rejected|approved|withdrawn|deferred|decided to take no action)\b"
)

# "The draft resolution was adopted ...", "Draft resolution III, entitled “...”, was adopted ...".
_PASSIVE_LEAD = re.compile(
    r"^(?P<circumstance>(?:In (?:the )?light of|Following|After|In view of) [^,]+, )?(?P<subject>(?:(?:The|An?) )?(?:revised |oral )*(?:[Dd]raft (?:resolution|decision)|(?:proposed )?[Aa]mendments?)\b.*?),?"
    r" (?:was|were) (?P<verb>adopted|rejected|approved|withdrawn)\b(?P<tail>.*)$"
)
_APPROVED = re.compile(
    r"^approved and recommended for (?:adoption|approval) by the (?P<to>[A-Z][\w’' ]*?)"
    r"(?: for adoption by the (?P<for>[A-Z][\w’' ]*?))? (?=(?:an? |the )?(?:revised |oral )*draft )"
)
_OUTCOME_PREFIXES = (
    (re.compile(r"^adopted (?:(?P<consensus>by consensus) )?"), "adopted"),
    (re.compile(r"^considered "), "considered"),
    (re.compile(r"^rejected "), "rejected"),
    (re.compile(r"^decided to defer (?:consideration of|action on) "), "deferred"),
    (re.compile(r"^decided to take no action on "), "no_action"),
    (re.compile(r"^was informed that "), "withdrawn"),
)
_WITHDRAWN_TAIL = re.compile(r" had been withdrawn by its sponsors$")

_AMENDMENT_OBJECT = re.compile(
    rf"^(?:(?:an?|the) )?(?P<label>(?:proposed )?amendments?)"
    rf"(?: (?:contained in (?:document )?(?P<doc>{_SYMBOL})|\((?P<doc_paren>{_SYMBOL})\)))?"
    rf"(?: to (?:the )?(?:revised )?draft (?:resolution|decision) (?P<amends>{_SYMBOL}))?"
    rf"(?:,? contained in (?:document )?(?P<doc_after>{_SYMBOL}))?"
)
_OBJECT = re.compile(
    r"^(?:(?P<article>an?|the) )?(?P<label>(?:revised |oral )*draft (?P<kind>resolution|decision)(?: [IVXLC]+\b)?)"
    r"(?: to be recommended for (?:approval|adoption) by the (?P<to>[A-Z][\w’' ]*?)"
    r"(?: for adoption by the (?P<for>[A-Z][\w’' ]*?))?(?= \(| [A-Z]{1,2}/|,|$))?"
    r"(?:,? entitled “(?P<title>[^”]+)”)?"
    rf"(?: \((?P<doc>{_SYMBOL})(?:, (?P<part>[^)]+))?\)| (?P<doc_inline>{_SYMBOL}))?"
)
_LIST_END = r"(?= \(see paras?\.|,? without a vote|,? by (?:a recorded vote|consensus|\d+ votes?)|$)"
_TAIL_CLAUSES = (
    ("revision", re.compile(r"^,? (?P<note>as (?:further |orally )?(?:revised|amended|corrected)(?: orally)?)")),
    ("vote", re.compile(
        r"^,? (?:(?P<without>without a vote)|(?P<consensus>by consensus)"
        r"|by a (?P<recorded>recorded )?vote of (?P<yes>\d+) to (?P<no>\d+|none), "
        r"with (?P<abs>\d+|no) abstentions?"
        r"|by (?P<yes2>\d+) votes? to (?P<no2>\d+|none), with (?P<abs2>\d+|no) abstentions?)")),
    ("sponsors", re.compile(rf"^,? sponsored by (?P<list>.+?){_LIST_END}")),
    ("introduced", re.compile(
        r"^,? introduced (?P<orally>orally )?by (?P<delegation>the delegation of )?(?P<list>.+?)"
        r"(?: (?P<note>(?:on the recommendation of|in the context of|pursuant to) .+?))?"
        rf"{_LIST_END}")),
    ("see", re.compile(r"^ \(see (?P<where>paras?\. [^)]+)\)")),
    ("recommended", re.compile(
        rf"^,? recommended by the (?P<committee>[A-Z][\w ]+?)(?: in its report)? \((?P<report>{_SYMBOL})(?:, (?P<where>paras?\. [^)]+))?\)")),
    ("result", re.compile(r"^ \((?P<result>(?:resolution|decision) \d+/\d+[A-Z]?)\)")),
)

_FOR_THE_TEXT = re.compile(
    r"^\(For the text, see (?P<where>.+?)(?:, available (?P<prep>on|at) (?P<avail>.+?))?\.\)$"
)
_RESULT = re.compile(r"(?:^|, )(?P<result>(?:resolution|decision) \d+/\d+)$")
_TIMED = re.compile(
    r"^(?P<lead>(?:Also (?:prior to|before|following|after)|Prior to|Before|Following|After)\b[^,]*), "
    r"(?P<rest>.+)$"
)
_FINANCIAL = re.compile(
    r"^(?P<by>a representative of the Secretariat|the Secretary(?: of the [A-Z][\w ]+)?) "
    r"read out (?P<what>.*(?:financial|budget).*)$"
)
_SUBSEQUENTLY = re.compile(
    r"^Subsequently, (?P<list>.+?) joined in sponsoring the (?:revised )?draft (?:resolution|decision)$"
)
_VOTE_LISTS = re.compile(
    r"(?:^| )The voting was as follows: In favour: (?P<in_favour>.*?)\.? "
    r"Against: (?P<against>.*?)\.? Abstaining: (?P<abstaining>.*?)\.(?= |$)"
)


_Unreadable = Unreadable


def _sponsors(text: str) -> list[dict]:
    """[{"name", "on_behalf_of"}] from "A, the B (on behalf of the C) and D", articles dropped."""
    return [{"name": s.name, "on_behalf_of": s.on_behalf_of} for s in _names.parse_sponsor_list(text)]


def _plain_names(text: str) -> list[str]:
    return [s.name for s in _names.parse_sponsor_list(text)]


def _vote_count(text: str) -> int:
    return 0 if text in ("none", "no") else int(text)


def _vote_list(text: str) -> list[str]:
    """A recorded-vote list: names separated by commas, as printed (no "and", no articles)."""
    text = text.strip().rstrip(".")
    if text in ("", "None"):
        return []
    return [" ".join(part.split()) for part in re.split(r",\s+(?![^()]*\))", text)]


def _parse_lead(sentence: str, action: dict) -> re.Match:
    """Read the first sentence: meeting, body, outcome, the draft, vote, sponsors, "see para."."""
    lead = _MEETING_LEAD.match(sentence.rstrip("."))
    if not lead:
        passive = _PASSIVE_LEAD.match(sentence.rstrip("."))
        if not passive:
            raise _Unreadable("first sentence is not 'At its ... meeting, ..., the <body> <verb> ...'")
        # "Draft resolution III was adopted by a recorded vote of ... (resolution 78/220)": the
        # plenary's wording; the meeting is the one last named.
        lead = passive
        subject = passive.group("subject")
        subject = subject[0].lower() + subject[1:]
        if passive.group("verb") == "withdrawn":  # "... draft resolution A/C.2/78/L.5 was withdrawn by its sponsors"
            rest = f"was informed that {subject}{passive.group('tail')}".replace(" by the sponsors", " by its sponsors")
            rest = re.sub(r"(?<= that )(.*?) by its sponsors$", r"\1 had been withdrawn by its sponsors", rest)
        else:
            rest = f"{passive.group('verb')} {subject}{passive.group('tail')}"
        action["lead_form"] = "passive"
        if passive.group("circumstance"):
            action["circumstance"] = passive.group("circumstance").rstrip(", ")
    else:
        rest = lead.group("rest")
    approved = _APPROVED.match(rest)
    if approved:
        action["outcome"] = "approved_and_recommended"
        action["recommended_to"] = approved.group("to")
        action["for_adoption_by"] = approved.group("for")
        rest = rest[approved.end():]
    else:
        for pattern, outcome in _OUTCOME_PREFIXES:
            match = pattern.match(rest)
            if match:
                action["outcome"] = outcome
                if outcome == "adopted" and match.group("consensus"):
                    action["vote"] = {"kind": "consensus"}
                rest = rest[match.end():]
                break
        else:
            raise _Unreadable(f"outcome not recognised: {rest[:40]!r}")
    if action["outcome"] == "withdrawn":
        tail = _WITHDRAWN_TAIL.search(rest)
        if not tail:
            raise _Unreadable("'was informed that' without 'had been withdrawn by its sponsors'")
        rest = rest[:tail.start()]

    amendment = _AMENDMENT_OBJECT.match(rest)
    if amendment and (amendment.group("doc") or amendment.group("doc_paren") or amendment.group("doc_after")):
        # An amendment is an action on a proposal of its own, with its own vote.
        action["subject"] = "amendment"
        action["draft_label"] = amendment.group("label")
        action["document"] = amendment.group("doc") or amendment.group("doc_paren") or amendment.group("doc_after")
        action["amends"] = amendment.group("amends")
        action["document_form"] = "amendment"
        rest = rest[amendment.end():]
        _read_tail_clauses(rest, action)
        return lead
    obj = _OBJECT.match(rest)
    if not obj or not obj.group("label"):
        raise _Unreadable(f"no draft resolution or decision named in {rest[:50]!r}")
    action["draft_kind"] = obj.group("kind")
    action["draft_label"] = obj.group("label")
    if obj.group("to"):
        if action["outcome"] != "considered":
            raise _Unreadable("'to be recommended' after an outcome other than 'considered'")
        action["outcome"] = "approved_and_recommended"
        action["outcome_form"] = "considered_to_be_recommended"
        action["recommended_to"] = obj.group("to")
        action["for_adoption_by"] = obj.group("for")
    action["title"] = obj.group("title")
    action["document"] = obj.group("doc") or obj.group("doc_inline")
    action["document_form"] = "inline" if obj.group("doc_inline") else "parenthesised"
    action["document_part"] = obj.group("part")
    rest = rest[obj.end():]
    _read_tail_clauses(rest, action)
    return lead


def _read_tail_clauses(rest: str, action: dict) -> None:
    """", as orally revised", ", by a recorded vote of ...", ", sponsored by ...", " (see para. 33)"."""
    seen: set[str] = set()
    while rest:
        for name, pattern in _TAIL_CLAUSES:
            match = pattern.match(rest)
            if match and name not in seen:
                seen.add(name)
                _apply_tail_clause(name, match, action)
                rest = rest[match.end():]
                break
        else:
            raise _Unreadable(f"cannot read {rest[:60]!r} in the first sentence")


def _apply_tail_clause(name: str, match: re.Match, action: dict) -> None:
    if name == "revision":
        action["revision_note"] = match.group("note")
    elif name == "vote":
        if match.group("without"):
            action["vote"] = {"kind": "without_vote"}
        elif match.group("consensus"):
            action["vote"] = {"kind": "consensus"}
        elif match.group("yes"):
            action["vote"] = {
                "kind": "recorded" if match.group("recorded") else "non_recorded",
                "in_favour": int(match.group("yes")),
                "against": _vote_count(match.group("no")),
                "abstaining": _vote_count(match.group("abs")),
            }
        else:
            action["vote"] = {
                "kind": "non_recorded",
                "in_favour": int(match.group("yes2")),
                "against": _vote_count(match.group("no2")),
                "abstaining": _vote_count(match.group("abs2")),
            }
    elif name == "sponsors":
        action["sponsors"] = _sponsors(match.group("list"))
    elif name == "introduced":
        action["introduced_by"] = _plain_names(match.group("list"))
        action["introduced_orally"] = bool(match.group("orally"))
        action["introduced_as_delegation"] = bool(match.group("delegation"))
        action["introduced_note"] = match.group("note")
    elif name == "recommended":
        action["recommended_by"] = match.group("committee")
        action["committee_report"] = match.group("report")
        action["committee_report_at"] = match.group("where")
    elif name == "result":
        action["result"] = match.group("result")
        action["result_form"] = "parenthesised"
    elif name == "see":
        action["text_at"] = match.group("where")
        action["text_at_form"] = "see"


def _empty_action(number: int, chapter: str | None) -> dict:
    return {
        "paragraph": number,
        "meeting": None,
        "date": None,
        "document": None,
        "revision_note": None,
        "outcome": None,
        "recommended_to": None,
        "for_adoption_by": None,
        "sponsors": [],
        "introduced_by": None,
        "financial_statement": False,
        "financial_statement_document": None,
        "result": None,
        "text_at": None,
        "title": None,
        "vote": None,
        "subsequently_joined": [],
        "statements": [],
        "chapter": chapter,
    }


_STATEMENT_START = re.compile(
    r"^(?:The (?:representatives?|observers?) (?:of|for) |(?:An?|The) (?:general )?statements? |(?:General )?[Ss]tatements (?:in|were|was) "
    r"|Explanations? of )"
)
# Sentences about the meeting that are not a delegation's statement: kept as notes of the action.
_NOTE = re.compile(
    r"^(?:Also at the same meeting, |At the same meeting, )?(?:the|The) (?:(?:Vice-)?Chair|President|Secretary|Rapporteur|Committee|Commission|Assembly|Council)"
    r"(?: of the [A-Z][\w ]*)? (?:made a statement|informed|was informed|drew|read out|announced|recalled|stated|noted|corrected|made an oral)\b"
)


def _note(sentence: str) -> dict | None:
    """A sentence on the conduct of the meeting (the Chair's statement, the Secretary's note)."""
    if not _NOTE.match(sentence):
        return None
    note = {"text": sentence}
    if re.search(r"programme budget implications|financial implications", sentence):
        note["programme_budget"] = not re.search(r"\b(?:no|not any|did not (?:contain|have))\b", sentence)
    return note


def _parse_action_paragraph(paragraph: ReportParagraph) -> ReadParagraph:
    """One action paragraph -> (action, match of its meeting lead); raises ``_Unreadable``."""
    action = _empty_action(paragraph.number, paragraph.chapter)
    text = paragraph.text
    vote_lists = _VOTE_LISTS.search(text)
    if vote_lists:
        text = (text[:vote_lists.start()] + text[vote_lists.end():]).strip()
    sentences = split_sentences(text)
    info = _parse_lead(sentences[0], action)
    if vote_lists:
        vote = action.get("vote") or {}
        if vote.get("kind") != "recorded":
            raise _Unreadable("voting lists without 'by a recorded vote of'")
        lists = {k: _vote_list(vote_lists.group(k)) for k in ("in_favour", "against", "abstaining")}
        for key, names in lists.items():
            if len(names) != vote[key]:
                raise _Unreadable(
                    f"recorded vote: {vote[key]} {key.replace('_', ' ')} but {len(names)} names listed"
                )
        vote["lists"] = lists

    last_was_financial = False
    timing: str | None = None
    for sentence in [part for sentence in sentences[1:] for part in timed_clauses(sentence)]:
        for_text = _FOR_THE_TEXT.match(sentence)
        if for_text:
            if last_was_financial:
                action["financial_statement_document"] = for_text.group("where")
                action["financial_statement_available_at"] = for_text.group("avail")
            elif action["text_at"] is None:
                action["text_at"] = for_text.group("where")
                action["text_at_form"] = "for_the_text"
                result = _RESULT.search(for_text.group("where"))
                action["result"] = result.group("result") if result else None
            else:
                raise _Unreadable(f"a second '(For the text, ...)': {sentence!r}")
            last_was_financial = False
            continue
        last_was_financial = False
        body = sentence.rstrip(".")
        joined = _SUBSEQUENTLY.match(body)
        if joined:
            action["subsequently_joined"] = _plain_names(joined.group("list"))
            continue
        timed = _TIMED.match(body)
        if timed:
            lead, rest = timed.group("lead"), timed.group("rest")
            timing = "before" if re.search(r"\b(?:prior to|before)\b", lead, re.IGNORECASE) else "after"
            financial = _FINANCIAL.match(rest)
            if financial and timing == "before":
                action["financial_statement"] = True
                action["financial_statement_lead"] = lead
                action["financial_statement_by"] = financial.group("by")
                action["financial_statement_wording"] = financial.group("what")
                last_was_financial = True
                continue
        elif _STATEMENT_START.match(body):
            # Untimed, after the action's own sentence: made after the action.
            lead, rest = "", body
            timing = timing or "after"
        else:
            note = _note(body)
            if note is None:
                raise _Unreadable(f"sentence not recognised: {sentence[:70]!r}")
            action.setdefault("notes", []).append(note)
            continue
        for clause in read_statements(rest):
            action["statements"].append(statement_dict(clause, timing, lead))
    return ReadParagraph(action, info)


@dataclass
class ActionsImport:
    """What ``parse_actions`` read: the actions, and the paragraphs it could not read."""

    actions: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"paragraph": 61, "reason": "..."}


def _is_candidate(paragraph: ReportParagraph) -> bool:
    """Does this paragraph record an action on a draft (so that failing to read it is an error)?

    In an "Action taken by" section: any paragraph mentioning a draft. Elsewhere (committee
    reports have no such section): a single-meeting lead ("At its 45th meeting, ...") whose
    first sentence names a draft; so "At its 10th meeting, ... considered agenda item 9" and
    "adopted ... the report" are not candidates.
    """
    first = split_sentences(paragraph.text)[0] if paragraph.text else ""
    if paragraph.in_action_section:
        return bool(_DRAFT_WORDS.search(paragraph.text))
    if re.search(r"\bwas informed that\b", first) and "withdrawn" not in first:
        return False  # "the Committee was informed that the draft had no programme budget implications"
    return bool((_BODY_ACTS_LEAD.match(first) or _PASSIVE_LEAD.match(first)) and _DRAFT_WORDS.search(first))


class MeetingContext(NamedTuple):
    """The meeting last named, for a later "At the same meeting" (date as "YYYY-MM-DD")."""

    meeting: int
    date: str | None


class ReadParagraph(NamedTuple):
    """An action paragraph as read: the action dict and the match of its lead sentence."""

    action: dict
    lead: re.Match


class _Calendar:
    """Years for dates written without one ("on 15 April"), and dates of numbered meetings.

    The year comes from the nearest earlier meeting lead that writes one ("At its fifth meeting,
    on 13 April 2011"; "At its 1st, 2nd and 5th meetings, on 11 and 13 April 2011"), moving to
    the next year when the month goes backwards (a session that runs from December into
    January). Only meeting leads count, never cited texts ("resolution 64/179 of 18 December
    2009" in chapter I). Without an earlier one: the ``year`` argument, else the first year a
    meeting lead gives anywhere in the report. A meeting lead with no date ("At its 10th
    meeting,") takes the date another paragraph gives for that meeting number, which is
    unique within a session.
    """

    def __init__(self, paragraphs: list[ReportParagraph], year: int | None):
        self.last: tuple[int, int] | None = None  # (year, month) of the last full meeting date
        self.fallback = year
        if self.fallback is None:
            firsts = (_MEETING_YEAR.match(p.text) for p in paragraphs)
            self.fallback = next((int(m.group("year")) for m in firsts if m), None)
        self.meeting_dates: dict[int, str | None] = {}
        for p in paragraphs:
            self.see(p.text)
            single = _ANY_SINGLE_MEETING.match(p.text)
            meeting = ordinal_to_int(single.group("ordinal")) if single else None
            if meeting and single.group("day"):
                self.meeting_dates.setdefault(meeting, self.date(single))
        self.last = None

    def see(self, text: str) -> None:
        """Note the full date of a meeting lead, if ``text`` starts with one."""
        found = _MEETING_YEAR.match(text)
        if found:
            self.last = (int(found.group("year")), _MONTH_NUMBER[found.group("month")])

    def year_for(self, month: str) -> int | None:
        if self.last is None:
            return self.fallback
        year, last_month = self.last
        return year + 1 if _MONTH_NUMBER[month] < last_month else year

    def date(self, match: re.Match) -> str | None:
        """ISO date from a match with groups day, month and (optional) year."""
        year = int(match.group("year")) if match.group("year") else self.year_for(match.group("month"))
        if year is None:
            return None
        return f"{year:04d}-{_MONTH_NUMBER[match.group('month')]:02d}-{int(match.group('day')):02d}"

    def meeting_date(self, meeting: int) -> str | None:
        return self.meeting_dates.get(meeting)

    def context(self, text: str, context: MeetingContext | None) -> MeetingContext | None:
        """The (meeting, date) a paragraph names, for a later "At the same meeting"."""
        single = _ANY_SINGLE_MEETING.match(text)
        meeting = ordinal_to_int(single.group("ordinal")) if single else None
        if not meeting:
            return context
        return MeetingContext(meeting, self.date(single) if single.group("day") else self.meeting_date(meeting))


def parse_actions(report_text: str, *, year: int | None = None) -> ActionsImport:
    """Read every action on a draft recorded in a session or committee report.

    ``year`` serves dates written without a year ("on 15 April") when no earlier meeting lead
    of the report gives one (see ``_Calendar``). "At the same meeting" takes the meeting and
    date last named. A "Subsequently, ... joined in sponsoring" paragraph of its own attaches
    to the action before it. Paragraphs that look like actions but cannot be read go into
    ``errors`` with their number and a reason; the rest still import.
    """
    paragraphs = split_paragraphs(report_text)
    calendar = _Calendar(paragraphs, year)
    result = ActionsImport()
    context: MeetingContext | None = None
    events: list = []  # proceedings told outside the actions' own paragraphs
    last_document: str | None = None
    for p in paragraphs:
        calendar.see(p.text)
        joined = _SUBSEQUENTLY.match(p.text.rstrip("."))
        if joined and result.actions:
            result.actions[-1]["subsequently_joined"] = _plain_names(joined.group("list"))
            result.actions[-1]["subsequently_joined_paragraph"] = p.number
            continue
        if not _is_candidate(p):
            context = calendar.context(p.text, context)
            try:
                found = read_event_paragraph(p, split_sentences(p.text), last_document)
            except Unreadable as exc:
                result.errors.append({"paragraph": p.number, "reason": str(exc)})
                continue
            if found:
                events.extend(found)
                last_document = next((e.document for e in reversed(found) if e.document), last_document)
            elif _ACTION_LIKE.match(p.text) and _DRAFT_WORDS.search(split_sentences(p.text)[0]):
                result.errors.append({"paragraph": p.number, "reason": (
                    "reads like an action on a draft, but no meeting, outcome and draft could be read from its first sentence")})
            continue
        try:
            action, info = _parse_action_paragraph(p)
            _place_in_time(action, info, calendar, context)
        except (ValueError, IndexError, KeyError) as exc:  # _Unreadable, or a pattern gap
            reason = str(exc) if isinstance(exc, _Unreadable) else f"cannot read: {exc!r}"
            result.errors.append({"paragraph": p.number, "reason": reason})
            context = calendar.context(p.text, context)
            continue
        context = MeetingContext(action["meeting"], action["date"])
        result.actions.append(action)
        last_document = action.get("document") or last_document
    for i, action in enumerate(result.actions):  # an amendment voted on before the draft it amends
        if action.get("subject") == "amendment" and not action.get("amends"):
            following = next((a for a in result.actions[i + 1:] if a.get("subject") != "amendment"), None)
            if following is not None and following.get("meeting") == action.get("meeting"):
                action["amends"] = following.get("document") or following.get("result")
                action["amends_inferred"] = True
    attach_events(result.actions, events, result.errors)
    normalise_names(result)
    result.errors.sort(key=lambda e: e["paragraph"] or 0)
    return result


def _place_in_time(action: dict, lead: re.Match, calendar: _Calendar, context: MeetingContext | None) -> None:
    """Fill meeting, date and the keys that say how the report wrote them."""
    if "same" not in lead.re.groupindex:  # a passive lead: at the meeting last named
        if context is None:
            raise _Unreadable("an action with no meeting named before it")
        action["meeting"], action["date"] = context
        action["meeting_ref"] = "context"
        return
    if lead.group("same"):
        if context is None:
            raise _Unreadable("'At the same meeting' with no earlier meeting")
        action["meeting"], action["date"] = context
        action["meeting_ref"] = "also_same" if lead.group("also") else "same"
        return
    meeting = ordinal_to_int(lead.group("ordinal"))
    if meeting is None:
        raise _Unreadable(f"meeting {lead.group('ordinal')!r} is not an ordinal")
    action["meeting"] = meeting
    action["meeting_ref"] = "its"
    action["meeting_form"] = "number" if lead.group("ordinal")[0].isdigit() else "word"
    if lead.group("day"):
        action["date"] = calendar.date(lead)
        action["date_form"] = "day_month_year" if lead.group("year") else "day_month"
    else:
        action["date"] = calendar.meeting_date(meeting)
        action["date_form"] = "none"

