"""Writing an action back in the report's own wording (the inverse of ``reading``)."""
from __future__ import annotations

import re
from typing import Callable, Iterable

from negotiation.text import names as _names
from negotiation.text.reports.vocabulary import MONTHS, _numeric_ordinal, int_to_ordinal_word

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
    if action.get("subject") == "amendment":
        label = action.get("draft_label") or "amendment"
        text = f"the {label} contained in document {action['document']}"
        if action.get("amends") and action.get("amends_form") == "named":
            text += f" to draft {_draft_kind(action)} {action['amends']}"
        return text
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


def _vote_lists_text(vote: dict | None, written: dict | None = None) -> str:
    if not vote or not vote.get("lists"):
        return ""
    parts = []
    for key, label in (("in_favour", "In favour"), ("against", "Against"), ("abstaining", "Abstaining")):
        names = [(written or {}).get(n, n) for n in vote["lists"].get(key) or []]
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
    """The lead a report gives a statement recorded without one.

    Explanations of vote on a vote are timed by the vote ("Before the vote", "After the vote"),
    as General Assembly committees write them; otherwise by the action the outcome names
    ("Prior to the adoption of the revised draft resolution", "Following adoption"; a rejected
    or withdrawn draft: "Prior to the action on ...", "Following the action").
    """
    voted = (action.get("vote") or {}).get("kind") in ("recorded", "non_recorded")
    if voted and statement.get("kind") == "eov":
        return ("Also before" if before_seen else "Before") + " the vote" if statement["timing"] == "before" else "After the vote"
    adopted = action.get("outcome") in ("adopted", "approved_and_recommended", None)
    if statement["timing"] == "before":
        also = "Also prior" if before_seen else "Prior"
        return f"{also} to the {'adoption of' if adopted else 'action on'} the {_draft_label(action)}"
    return "Following adoption" if adopted else "Following the action"


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
    written = action.get("names_written") or {}
    base_display = sponsor_display or default_display

    def display(name: str) -> str:  # the form the report wrote, when it was not the short name
        return base_display(written.get(name, name))

    own = action.get("paragraph")
    if action.get("sponsors_paragraph") not in (None, own):  # told in the "had before it" paragraph
        action = {**action, "sponsors": []}
    sentences = [_lead_sentence(action, previous, body_name, display)]
    lists = _vote_lists_text(action.get("vote"), written)
    if lists:
        sentences.append(lists)
    if action.get("subsequently_joined") and not action.get("subsequently_joined_paragraph") and not action.get("joined_paragraphs"):
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
        if statement.get("paragraph") not in (None, own):  # told in a paragraph of its own
            continue
        lead = statement.get("lead")
        if lead is None:
            lead = _default_statement_lead(statement, action, before_seen)
        speakers = _speakers_text(statement, display)
        if statement.get("voice") == "passive":
            verb = "was" if re.match(r"^(?:an?|one) ", statement["text"]) else "were"
            clause = f"{statement['text']} {verb} made by {speakers}"
            sentences.append(f"{lead}, {clause}." if lead else f"{_capitalise(clause)}.")
        elif lead:
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
