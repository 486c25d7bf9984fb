"""Actions on drafts as session reports record them: import from report text, and wording.

Pure Python (house rule 1). Two directions over one plain-data shape:

* ``parse_actions(report_text)`` reads the "Action taken by ..." paragraphs of a session
  report (and committee-report style action paragraphs anywhere) into action dicts;
* ``render_action(action, previous=...)`` / ``render_section(actions)`` write those dicts back
  in the report's own fixed wording.

Both directions share the same small vocabulary of patterns, so that a paragraph imported from
a report renders back word for word (the round-trip tests pin this on corpus 004).

The action dict (a contract: services, the import command and the API rely on it)
---------------------------------------------------------------------------------
Contract keys::

    paragraph            int, the report's paragraph number
    meeting              int ("fifth meeting" -> 5, "10th meeting" -> 10)
    date                 "YYYY-MM-DD" or None (a date without a year takes the report's year)
    document             symbol of the draft ("E/CN.15/2011/L.13/Rev.1") or None (oral draft)
    revision_note        "as revised" | "as further revised" | "as orally amended" | ... | None
    outcome              "adopted" | "approved_and_recommended" | "considered" | "rejected"
                         | "withdrawn" | "deferred" | "no_action"
    recommended_to       "Economic and Social Council" ... (approved_and_recommended only)
    for_adoption_by      "General Assembly" when recommended "for approval by the Council for
                         adoption by the General Assembly"; else None
    sponsors             [{"name": "Hungary", "on_behalf_of": "European Union"}], text order,
                         names as written without a leading "the"
    introduced_by        ["Sweden", "United States"] when the draft was "introduced by", else None
    financial_statement  bool: the Secretariat read out a financial statement before adoption
    financial_statement_document   "E/CN.15/2011/CRP.7" or None
    result               "resolution 20/3" | "decision 20/1" when the text is an adopted,
                         numbered text; None for texts still recommended ("draft resolution II")
    text_at              where the text is: "chap. I, sect. D, resolution 20/3", "para. 12"
    title                the quoted title when the paragraph gives one (para. 23), else None
    vote                 None | {"kind": "without_vote"} | {"kind": "consensus"}
                         | {"kind": "recorded", "in_favour": n, "against": n, "abstaining": n,
                            "lists": {"in_favour": [...], "against": [...], "abstaining": [...]}}
                         | {"kind": "non_recorded", "in_favour": n, "against": n, "abstaining": n}
    subsequently_joined  ["Andorra", "Bahamas"]: "Subsequently, ... joined in sponsoring"
    statements           [{"timing": "before"|"after", "role": "representative"|"observer",
                           "roles": {"Turkey": "representative", "Colombia": "observer"},
                           "delegations": ["Turkey", "Colombia"], "text": "stated that ...",
                           "lead": "Following adoption"}]

Statements: one statement per sentence of the report. ``delegations`` keeps the text order,
``roles`` gives each delegation's role and ``role`` is the first one's (so a statement by
"the representative of Turkey and the observers for Colombia and Peru" stays one statement,
as the report records it: one joint statement). ``text`` is the predicate exactly as written,
verb included ("stated that ...", "made a statement noting that ..."), without the final full
stop: that is what the secretariat types, and what the report prints after the speakers.
The Secretariat's financial statement is not a delegation statement: it sets
``financial_statement``.

Extra keys (only needed to regenerate a paragraph word for word; all optional on input):

    meeting_form         "number" ("10th meeting") | "word" ("fifth meeting"); default number
    meeting_ref          "its" | "same" ("At the same meeting") | "also_same" ("Also at ...")
                         default: "same" when the previous action has the same meeting
    date_form            "day_month" ("15 April") | "day_month_year" | "none" (not written;
                         the date was then taken from another paragraph on that meeting)
    outcome_form         "considered_to_be_recommended" when the report says "considered a
                         draft resolution to be recommended for approval by ..." (see below)
    draft_kind           "resolution" | "decision"
    draft_label          "revised draft resolution" | "draft decision" | "oral draft decision"
    document_form        "parenthesised" ("a draft resolution (E/CN.15/2011/L.3)") | "inline"
                         (committee style: "draft resolution A/C.3/78/L.41")
    document_part        "annex IV" in "(E/CN.7/2011/11-E/CN.15/2011/11, annex IV)"
    introduced_orally    bool: "introduced orally by"
    introduced_as_delegation  bool: "by the delegation of Canada"
    introduced_note      "on the recommendation of ..." / "in the context of ..." verbatim
    text_at_form         "for_the_text" ("(For the text, see ...)") | "see" ("(see para. 12)")
    financial_statement_lead      "Prior to the adoption of the revised draft resolution"
    financial_statement_by        "a representative of the Secretariat"
    financial_statement_wording   "a financial statement" | "a statement on the financial
                                  implications of its adoption"
    financial_statement_available_at  "the UNODC website" or None
    statements[].lead    the opening phrase before the comma ("Following adoption",
                         "Also prior to the adoption of the draft decision"); "" when the
                         sentence opens with the speakers ("The representative of Chile ...")
    statements[].on_behalf_of   {"Argentina": "Group of 77 and China"} when written
    chapter              "IV": the report chapter the paragraph sits in (None if unknown)
    subsequently_joined_paragraph  number of the paragraph of its own ("12. Subsequently, ...
                         joined in sponsoring the draft resolution.") that gave
                         subsequently_joined; render_action then leaves that sentence out

Paragraph 62 of corpus 004 ("considered a revised draft resolution to be recommended for
approval by the Economic and Social Council for adoption by the General Assembly ... (For the
text, see chap. I, sect. A, draft resolution II.) Prior to the adoption of ...") is imported as
outcome "approved_and_recommended" (recommended_to the Council, for_adoption_by the Assembly)
with ``outcome_form`` "considered_to_be_recommended": the text sits in chapter I, section A,
"Draft resolutions recommended ... for approval by the Council for adoption by the General
Assembly", and the report itself speaks of its "adoption", so the Commission did approve it;
"considered" is the report's house wording for drafts going on to the Assembly. A bare
"considered" with no recommendation stays outcome "considered".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from negotiation.text import names as _names

__all__ = [
    "ActionsImport",
    "parse_actions",
    "render_action",
    "render_section",
    "default_display",
    "normalise_paragraph",
    "ordinal_to_int",
    "int_to_ordinal_word",
]

# --- small vocabularies -----------------------------------------------------------------------

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS, 1)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"

_UNIT_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
         80: "eighty", 90: "ninety"}
_TENS_ORDINAL = {20: "twentieth", 30: "thirtieth", 40: "fortieth", 50: "fiftieth",
                 60: "sixtieth", 70: "seventieth", 80: "eightieth", 90: "ninetieth"}


def int_to_ordinal_word(n: int) -> str:
    """5 -> "fifth", 45 -> "forty-fifth" (1-99): the spelled-out form some reports use."""
    if 1 <= n < 20:
        return _UNIT_ORDINALS[n - 1]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS_ORDINAL[n]
        return f"{_TENS[tens * 10]}-{_UNIT_ORDINALS[unit - 1]}"
    raise ValueError(f"no ordinal word for {n}")


_ORDINAL_WORDS = {int_to_ordinal_word(n): n for n in range(1, 100)}
_NUMERIC_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def ordinal_to_int(text: str) -> int | None:
    """"fifth" -> 5, "10th" -> 10, "forty-fifth" -> 45; None if it is not an ordinal."""
    text = text.strip().lower()
    match = _NUMERIC_ORDINAL.match(text)
    if match:
        return int(match.group(1))
    return _ORDINAL_WORDS.get(text)


def _numeric_ordinal(n: int) -> str:
    """10 -> "10th", 1 -> "1st", 12 -> "12th" (English suffix rules)."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- from PDF text to paragraphs --------------------------------------------------------------

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
class _Paragraph:
    number: int
    text: str
    chapter: str | None
    in_action_section: bool


def _is_furniture(line: str) -> bool:
    return any(p.match(line) for p in _PAGE_FURNITURE)


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1:] in ".:;)”\""


def _split_paragraphs(report_text: str) -> list[_Paragraph]:
    """Numbered paragraphs, with their chapter and whether they sit in an "Action taken" section.

    Page furniture and footnote blocks are dropped; chapter and section headings end the
    current paragraph (the title lines after them belong to no paragraph). A line starting
    "12. " opens a paragraph only when it follows on in numbering or the current paragraph
    has ended a sentence, so that a wrapped line starting with a number is not mistaken for one.
    """
    paragraphs: list[_Paragraph] = []
    chapter: str | None = None
    in_action = False
    current: list[str] = []
    number: int | None = None
    in_footnote = False

    def close() -> None:
        nonlocal current, number
        if number is not None and current:
            paragraphs.append(_Paragraph(number, normalise_paragraph(current), chapter, in_action))
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
            chapter, in_action = chapter_match.group(1), False
            continue
        section_match = _SECTION_HEADING.match(line)
        if section_match and len(line) < 100:
            close()
            in_action = bool(_ACTION_SECTION.match(section_match.group(1)))
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


def _sentences(text: str) -> list[str]:
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


# --- reading one action paragraph -------------------------------------------------------------

_SYMBOL = r"[A-Z]{1,2}(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+(?:-[A-Z]{1,2}(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+)?"

_MEETING_LEAD = re.compile(
    rf"^(?:(?P<also>Also a)|A)t (?:its|the|their) (?:(?P<same>same)|(?P<ordinal>[\w-]+)) meeting"
    rf"(?:, (?:held )?on (?P<day>\d{{1,2}}) (?P<month>{_MONTH})(?: (?P<year>\d{{4}}))?)?, "
    r"the (?P<body>[A-Z][\w ]*?) (?P<rest>(?:adopted|approved|considered|rejected|decided|was informed)\b.*|[a-z].*)$"
)
# A paragraph where the body acts at a meeting ("..., the Committee adopted ..."), as opposed to
# "At the 45th meeting, the representative of Mexico introduced ..." or "... had before it ...".
_BODY_ACTS_LEAD = re.compile(
    r"^(?:Also a|A)t (?:its|the|their) (?:same|[\w-]+) meeting\b[^.]*?, the [A-Z][\w ]*? "
    r"(?:adopted|approved|considered|rejected|decided|was informed)\b"
)
_ANY_SINGLE_MEETING = re.compile(
    rf"^At (?:its|the|their) (?P<ordinal>[\w-]+) meeting(?:, (?:held )?on (?P<day>\d{{1,2}}) "
    rf"(?P<month>{_MONTH})(?: (?P<year>\d{{4}}))?)?,"
)
_MEETING_YEAR = re.compile(
    rf"^(?:Also a|A)t (?:its|the|their) [^.]*?\b(?P<month>{_MONTH}) (?P<year>\d{{4}})\b"
)
_DRAFT_WORDS = re.compile(r"\bdraft (?:resolution|decision)s?\b|\bamendments?\b")

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

_OBJECT = re.compile(
    r"^(?:(?P<article>an?|the) )?(?P<label>(?:revised |oral )*draft (?P<kind>resolution|decision))"
    r"(?: to be recommended for (?:approval|adoption) by the (?P<to>[A-Z][\w’' ]*?)"
    r"(?: for adoption by the (?P<for>[A-Z][\w’' ]*?))?(?= \(| [A-Z]{1,2}/|,|$))?"
    r"(?: entitled “(?P<title>[^”]+)”)?"
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
_ROLE_MARKER = re.compile(r"(?:^|(?<= and ))(?:[Tt]he) (?P<role>representatives?|observers?) (?:of|for) ")
_PREDICATE_VERBS = {
    "also", "made", "stated", "said", "called", "expressed", "noted", "indicated", "explained",
    "reiterated", "emphasized", "stressed", "welcomed", "requested", "proposed", "informed",
    "read", "spoke", "recalled", "underlined", "reserved", "dissociated", "asked", "announced",
    "clarified", "introduced", "recorded",
}


class _Unreadable(ValueError):
    """A paragraph that looks like an action but that these patterns cannot read."""


def _split_names(text: str) -> list[tuple[str, str | None]]:
    """[(name, on_behalf_of)] from "A, the B (on behalf of the C) and D", articles dropped."""
    return [(s.name, s.on_behalf_of) for s in _names.parse_sponsor_list(text)]


def _plain_names(text: str) -> list[str]:
    return [name for name, _ in _split_names(text)]


def _vote_count(text: str) -> int:
    return 0 if text in ("none", "no") else int(text)


def _vote_list(text: str) -> list[str]:
    """A recorded-vote list: names separated by commas, as printed (no "and", no articles)."""
    text = text.strip().rstrip(".")
    if text in ("", "None"):
        return []
    return [" ".join(part.split()) for part in re.split(r",\s+(?![^()]*\))", text)]


def _parse_speakers(text: str) -> tuple[list[str], dict[str, str], dict[str, str], str]:
    """Speakers and predicate of "the representative of X and the observers for Y and Z said ...".

    The predicate starts at the first lower-case word outside parentheses that is a reporting
    verb ("stated", "made", "also", or any word ending in -ed); country names contain no such
    word. Returns (delegations, roles, on_behalf_of, predicate).
    """
    depth = 0
    cut = None
    for match in re.finditer(r"\(|\)|\b[a-z][\w’']*", text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (token in _PREDICATE_VERBS or token.endswith("ed")):
            cut = match.start()
            break
    if cut is None:
        raise _Unreadable("no reporting verb after the speakers")
    speakers, predicate = text[:cut].strip(), text[cut:].strip()
    markers = list(_ROLE_MARKER.finditer(speakers))
    if not markers or markers[0].start() != 0:
        raise _Unreadable(f"speakers not recognised: {speakers!r}")
    delegations: list[str] = []
    roles: dict[str, str] = {}
    on_behalf: dict[str, str] = {}
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(speakers)
        chunk = speakers[marker.end():end].strip()
        if chunk.endswith(" and"):
            chunk = chunk[:-4]
        role = marker.group("role").rstrip("s")
        for name, group in _split_names(chunk):
            delegations.append(name)
            roles[name] = role
            if group:
                on_behalf[name] = group
    return delegations, roles, on_behalf, predicate


def _parse_lead(sentence: str, action: dict) -> re.Match:
    """Read the first sentence: meeting, body, outcome, the draft, vote, sponsors, "see para."."""
    lead = _MEETING_LEAD.match(sentence.rstrip("."))
    if not lead:
        raise _Unreadable("first sentence is not 'At its ... meeting, ..., the <body> <verb> ...'")
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
    return lead


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
        action["sponsors"] = [
            {"name": n, "on_behalf_of": g} for n, g in _split_names(match.group("list"))
        ]
    elif name == "introduced":
        action["introduced_by"] = _plain_names(match.group("list"))
        action["introduced_orally"] = bool(match.group("orally"))
        action["introduced_as_delegation"] = bool(match.group("delegation"))
        action["introduced_note"] = match.group("note")
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


def _parse_action_paragraph(paragraph: _Paragraph) -> tuple[dict, re.Match]:
    """One action paragraph -> (action, match of its meeting lead); raises ``_Unreadable``."""
    action = _empty_action(paragraph.number, paragraph.chapter)
    text = paragraph.text
    vote_lists = _VOTE_LISTS.search(text)
    if vote_lists:
        text = (text[:vote_lists.start()] + text[vote_lists.end():]).strip()
    sentences = _sentences(text)
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
    for sentence in sentences[1:]:
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
        elif re.match(r"^The (?:representatives?|observers?) (?:of|for) ", body):
            if timing is None:
                raise _Unreadable(f"statement with no 'Prior to' or 'Following': {sentence!r}")
            lead, rest = "", body[0].lower() + body[1:]
        else:
            raise _Unreadable(f"sentence not recognised: {sentence[:70]!r}")
        delegations, roles, on_behalf, predicate = _parse_speakers(rest)
        statement = {
            "timing": timing,
            "role": roles[delegations[0]],
            "roles": roles,
            "delegations": delegations,
            "text": predicate,
            "lead": lead,
        }
        if on_behalf:
            statement["on_behalf_of"] = on_behalf
        action["statements"].append(statement)
    return action, info


@dataclass
class ActionsImport:
    """What ``parse_actions`` read: the actions, and the paragraphs it could not read."""

    actions: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"paragraph": 61, "reason": "..."}


def _is_candidate(paragraph: _Paragraph) -> bool:
    """Does this paragraph record an action on a draft (so that failing to read it is an error)?

    In an "Action taken by" section: any paragraph mentioning a draft. Elsewhere (committee
    reports have no such section): a single-meeting lead ("At its 45th meeting, ...") whose
    first sentence names a draft; so "At its 10th meeting, ... considered agenda item 9" and
    "adopted ... the report" are not candidates.
    """
    first = _sentences(paragraph.text)[0] if paragraph.text else ""
    if paragraph.in_action_section:
        return bool(_DRAFT_WORDS.search(paragraph.text))
    return bool(_BODY_ACTS_LEAD.match(first) and _DRAFT_WORDS.search(first))


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

    def __init__(self, paragraphs: list[_Paragraph], year: int | None):
        self.last: tuple[int, int] | None = None  # (year, month) of the last full meeting date
        self.fallback = year
        if self.fallback is None:
            firsts = (_MEETING_YEAR.match(p.text) for p in paragraphs)
            self.fallback = next((int(m.group("year")) for m in firsts if m), None)
        self.meeting_dates: dict[int, tuple[int | None, str, str]] = {}
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

    def context(self, text: str, context: tuple | None) -> tuple | None:
        """The (meeting, date) a paragraph names, for a later "At the same meeting"."""
        single = _ANY_SINGLE_MEETING.match(text)
        meeting = ordinal_to_int(single.group("ordinal")) if single else None
        if not meeting:
            return context
        return meeting, self.date(single) if single.group("day") else self.meeting_date(meeting)


def parse_actions(report_text: str, *, year: int | None = None) -> ActionsImport:
    """Read every action on a draft recorded in a session or committee report.

    ``year`` serves dates written without a year ("on 15 April") when no earlier meeting lead
    of the report gives one (see ``_Calendar``). "At the same meeting" takes the meeting and
    date last named. A "Subsequently, ... joined in sponsoring" paragraph of its own attaches
    to the action before it. Paragraphs that look like actions but cannot be read go into
    ``errors`` with their number and a reason; the rest still import.
    """
    paragraphs = _split_paragraphs(report_text)
    calendar = _Calendar(paragraphs, year)
    result = ActionsImport()
    context: tuple | None = None  # (meeting, date) last named
    for p in paragraphs:
        calendar.see(p.text)
        joined = _SUBSEQUENTLY.match(p.text.rstrip("."))
        if joined and result.actions:
            result.actions[-1]["subsequently_joined"] = _plain_names(joined.group("list"))
            result.actions[-1]["subsequently_joined_paragraph"] = p.number
            continue
        if not _is_candidate(p):
            context = calendar.context(p.text, context)
            continue
        try:
            action, info = _parse_action_paragraph(p)
            _place_in_time(action, info, calendar, context)
        except (ValueError, IndexError, KeyError) as exc:  # _Unreadable, or a pattern gap
            reason = str(exc) if isinstance(exc, _Unreadable) else f"cannot read: {exc!r}"
            result.errors.append({"paragraph": p.number, "reason": reason})
            context = calendar.context(p.text, context)
            continue
        context = (action["meeting"], action["date"])
        result.actions.append(action)
    return result


def _place_in_time(action: dict, lead: re.Match, calendar: _Calendar, context: tuple | None) -> None:
    """Fill meeting, date and the keys that say how the report wrote them."""
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


# --- writing the paragraph back ---------------------------------------------------------------


def default_display(name: str) -> str:
    """A delegation name in running text, article restored from the names fixture.

    The article belongs to the form written ("the Islamic Republic of Iran" but "Iran (Islamic
    Republic of)"; "the United States"), which ``names.Sponsor.from_name`` knows.
    """
    return _names.Sponsor.from_name(name).running_text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_text(action: dict, form: str) -> str:
    if not action.get("date") or form == "none":
        return ""
    year, month, day = (int(x) for x in action["date"].split("-"))
    text = f"{day} {MONTHS[month - 1]}"
    if form == "day_month_year":
        text += f" {year}"
    return f", on {text}"


def _meeting_clause(action: dict, previous: dict | None) -> str:
    """"At its 9th meeting, on 15 April", "At the same meeting" or "Also at the same meeting".

    "At the same meeting" is written only when the previous action really was at the same
    meeting; an imported "At its 10th meeting" after another 10th-meeting action stays as it was.
    """
    same = bool(previous) and previous.get("meeting") == action.get("meeting") and (
        previous.get("date") == action.get("date")
    )
    ref = action.get("meeting_ref")
    if same and ref != "its":
        return "Also at the same meeting" if ref == "also_same" else "At the same meeting"
    meeting = action["meeting"]
    ordinal = int_to_ordinal_word(meeting) if action.get("meeting_form") == "word" else _numeric_ordinal(meeting)
    return f"At its {ordinal} meeting{_date_text(action, action.get('date_form', 'day_month'))}"


def _draft_kind(action: dict) -> str:
    if action.get("draft_kind"):
        return action["draft_kind"]
    where = (action.get("result") or action.get("text_at") or "")
    return "decision" if "decision" in where else "resolution"


def _draft_label(action: dict) -> str:
    if action.get("draft_label"):
        return action["draft_label"]
    revised = "/Rev." in (action.get("document") or "") and action.get("document_form") != "inline"
    return ("revised " if revised else "") + f"draft {_draft_kind(action)}"


def _recommendation(action: dict) -> str:
    if action.get("for_adoption_by"):
        return (f"for approval by the {action['recommended_to']} "
                f"for adoption by the {action['for_adoption_by']}")
    return f"for adoption by the {action['recommended_to']}"


def _object_phrase(action: dict) -> str:
    """"a revised draft resolution (E/CN.15/2011/L.13/Rev.1)" or "draft resolution A/C.3/78/L.41"."""
    label = _draft_label(action)
    if action.get("document_form") == "inline":
        return f"{label} {action['document']}" if action.get("document") else label
    article = "an" if label[0] in "aeiou" else "a"
    text = f"{article} {label}"
    if action.get("outcome_form") == "considered_to_be_recommended":
        text += f" to be recommended {_recommendation(action)}"
    if action.get("title"):
        text += f" entitled “{action['title']}”"
    if action.get("document"):
        part = f", {action['document_part']}" if action.get("document_part") else ""
        text += f" ({action['document']}{part})"
    return text


def _vote_phrase(vote: dict | None) -> str:
    if not vote:
        return ""
    kind = vote["kind"]
    if kind == "without_vote":
        return " without a vote"
    if kind == "consensus":
        return " by consensus"
    against = vote["against"] or "none"
    abstaining = vote["abstaining"]
    abstentions = "no abstentions" if not abstaining else (
        "1 abstention" if abstaining == 1 else f"{abstaining} abstentions")
    recorded = "recorded " if kind == "recorded" else ""
    return f" by a {recorded}vote of {vote['in_favour']} to {against}, with {abstentions}"


def _names_text(items: Iterable[str], display: Callable[[str], str]) -> str:
    return _names.join_names([display(n) for n in items])


def _sponsor_text(sponsor: dict, display: Callable[[str], str]) -> str:
    text = display(sponsor["name"])
    if sponsor.get("on_behalf_of"):
        text += f" (on behalf of {display(sponsor['on_behalf_of'])})"
    return text


def _lead_sentence(action: dict, previous: dict | None, body_name: str, display) -> str:
    outcome = action["outcome"]
    obj = _object_phrase(action)
    if outcome == "approved_and_recommended":
        if action.get("outcome_form") == "considered_to_be_recommended":
            verb_and_object = f"considered {obj}"
        else:
            verb_and_object = f"approved and recommended {_recommendation(action)} {obj}"
    elif outcome == "withdrawn":
        verb_and_object = f"was informed that {obj} had been withdrawn by its sponsors"
    else:
        verb = {
            "adopted": "adopted", "considered": "considered", "rejected": "rejected",
            "deferred": "decided to defer consideration of", "no_action": "decided to take no action on",
        }[outcome]
        verb_and_object = f"{verb} {obj}"
    text = f"{_meeting_clause(action, previous)}, the {body_name} {verb_and_object}"
    if action.get("revision_note"):
        text += f", {action['revision_note']}"
    vote = _vote_phrase(action.get("vote"))
    # "A/C.3/78/L.12, as orally revised, without a vote": the note is set off by commas
    text += ("," if vote and action.get("revision_note") else "") + vote
    if action.get("sponsors"):
        # Set off from "as revised" and from "without a vote" by a comma.
        comma = "," if action.get("revision_note") or vote else ""
        text += f"{comma} sponsored by " + _names.join_names(
            [_sponsor_text(s, display) for s in action["sponsors"]])
    if action.get("introduced_by"):
        text += " introduced " + ("orally " if action.get("introduced_orally") else "") + "by "
        text += "the delegation of " if action.get("introduced_as_delegation") else ""
        text += _names_text(action["introduced_by"], display)
        if action.get("introduced_note"):
            text += f" {action['introduced_note']}"
    if action.get("text_at") and action.get("text_at_form") == "see":
        text += f" (see {action['text_at']})"
    return text + "."


def _vote_lists_text(vote: dict | None) -> str:
    if not vote or not vote.get("lists"):
        return ""
    parts = []
    for key, label in (("in_favour", "In favour"), ("against", "Against"), ("abstaining", "Abstaining")):
        names = vote["lists"].get(key) or []
        parts.append(f"{label}: {', '.join(names) if names else 'None'}.")
    return "The voting was as follows: " + " ".join(parts)


def _speakers_text(statement: dict, display) -> str:
    """"the representative of Turkey and the observers for Venezuela (...), Colombia and Peru"."""
    roles = statement.get("roles") or {}
    on_behalf = statement.get("on_behalf_of") or {}
    groups: list[tuple[str, list[str]]] = []
    for name in statement["delegations"]:
        role = roles.get(name, statement.get("role", "representative"))
        if groups and groups[-1][0] == role:
            groups[-1][1].append(name)
        else:
            groups.append((role, [name]))
    parts = []
    for role, members in groups:
        noun = role + ("s" if len(members) > 1 else "")
        prep = "for" if role == "observer" else "of"
        shown = [display(m) + (f" (on behalf of {display(on_behalf[m])})" if m in on_behalf else "")
                 for m in members]
        parts.append(f"the {noun} {prep} {_names.join_names(shown)}")
    return " and ".join(parts)


def _default_statement_lead(statement: dict, action: dict, before_seen: bool) -> str:
    if statement["timing"] == "before":
        also = "Also prior" if before_seen else "Prior"
        return f"{also} to the adoption of the {_draft_label(action)}"
    return "Following adoption"


def render_action(
    action: dict,
    *,
    previous: dict | None,
    body_name: str = "Commission",
    sponsor_display: Callable[[str], str] | None = None,
) -> str:
    """The paragraph as the report writes it (without its paragraph number).

    ``previous`` is the action rendered just before in the same section (None at the start of
    a section): it decides "At the same meeting". ``sponsor_display`` turns a stored name into
    running text ("Philippines" -> "the Philippines"); by default the names fixture supplies
    the article. Sentences come in the report's order: the action, the voting lists,
    "Subsequently, ... joined", "(For the text, see ...)", the financial statement, then the
    statements in their recorded order.
    """
    display = sponsor_display or default_display
    sentences = [_lead_sentence(action, previous, body_name, display)]
    lists = _vote_lists_text(action.get("vote"))
    if lists:
        sentences.append(lists)
    if action.get("subsequently_joined") and not action.get("subsequently_joined_paragraph"):
        sentences.append(
            f"Subsequently, {_names_text(action['subsequently_joined'], display)} joined in "
            f"sponsoring the draft {_draft_kind(action)}."
        )
    if action.get("text_at") and action.get("text_at_form", "for_the_text") == "for_the_text":
        sentences.append(f"(For the text, see {action['text_at']}.)")
    before_seen = False
    if action.get("financial_statement"):
        lead = action.get("financial_statement_lead") or f"Prior to the adoption of the {_draft_label(action)}"
        by = action.get("financial_statement_by") or "a representative of the Secretariat"
        wording = action.get("financial_statement_wording") or "a financial statement"
        sentences.append(f"{lead}, {by} read out {wording}.")
        if action.get("financial_statement_document"):
            available = action.get("financial_statement_available_at")
            where = action["financial_statement_document"] + (f", available on {available}" if available else "")
            sentences.append(f"(For the text, see {where}.)")
        before_seen = True
    for statement in action.get("statements") or []:
        lead = statement.get("lead")
        if lead is None:
            lead = _default_statement_lead(statement, action, before_seen)
        speakers = _speakers_text(statement, display)
        if lead:
            sentences.append(f"{lead}, {speakers} {statement['text']}.")
        else:
            sentences.append(f"{_capitalise(speakers)} {statement['text']}.")
        before_seen = before_seen or statement["timing"] == "before"
    return " ".join(sentences)


def _meeting_order(action: dict) -> tuple:
    return (action.get("date") or "", action.get("meeting") or 0)


def render_section(
    actions: list[dict],
    body_name: str = "Commission",
    *,
    first_number: int | None = None,
    sponsor_display: Callable[[str], str] | None = None,
) -> str:
    """An "Action taken by the <body>" section: the actions in meeting order, one paragraph each.

    Actions of the same meeting keep their given order (the sort is stable). With
    ``first_number`` the paragraphs are numbered "61. ", "62. ", ... as in the report.
    """
    ordered = sorted(actions, key=_meeting_order)
    out = []
    previous = None
    for i, action in enumerate(ordered):
        text = render_action(action, previous=previous, body_name=body_name, sponsor_display=sponsor_display)
        if first_number is not None:
            text = f"{first_number + i}. {text}"
        out.append(text)
        previous = action
    return "\n\n".join(out)
