"""Recording what a body did with a draft at a meeting: actions, votes, statements, imports.

Every write of the record of meetings goes through here (house rule 2): ``action_record``,
``vote_record``, ``statement_add`` and ``actions_import`` (which reads a session report with
``negotiation.text.reports.parse_actions`` and records each action through the others).

Bad input a user can cause is an ``ApplicationError`` and nothing is written: a vote whose
counts do not match its lists, a delegation in two lists, an action on a version of another
draft or dated before that version, a statement by an unknown delegation, an action recorded
twice.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from negotiation.errors import ApplicationError
from negotiation.models import (
    Action,
    Body,
    Delegation,
    Draft,
    Paragraph,
    Sponsorship,
    Statement,
    Version,
    Vote,
    VoteCast,
)
from negotiation.services.common import DelegationNames, validated_save
from negotiation.services.sponsorship import FINAL_OUTCOMES, sponsor_add
from negotiation.text import names as text_names
from negotiation.text.reports import L_DOCUMENT, STATEMENT_WORDING_KEYS, WORDING_KEYS, base_symbol, parse_actions

# What an action's outcome makes of its draft's status.
STATUS_AFTER = {
    Action.Outcome.ADOPTED: Draft.Status.ADOPTED,
    Action.Outcome.RECOMMENDED: Draft.Status.RECOMMENDED,
    Action.Outcome.REJECTED: Draft.Status.REJECTED,
    Action.Outcome.WITHDRAWN: Draft.Status.WITHDRAWN,
    Action.Outcome.DEFERRED: Draft.Status.DEFERRED,
}
POSITIONS = (VoteCast.Position.IN_FAVOUR, VoteCast.Position.AGAINST, VoteCast.Position.ABSTAINING)

# Contract keys whose stored form may differ from what the report wrote (e.g. a draft known
# only from an annex of another document): the written form then overrides in report_style.
OVERRIDABLE_KEYS = ("document", "revision_note", "sponsors", "subsequently_joined", "introduced_by",
                    "recommended_to", "for_adoption_by", "vote")


# --- votes -------------------------------------------------------------------------------------


@transaction.atomic
def vote_record(*, action: Action, kind: str, in_favour: int | None = None, against: int | None = None,
                abstaining: int | None = None, lists: dict[str, Iterable[str | Delegation]] | None = None,
                user=None, _names: DelegationNames | None = None) -> Vote:
    """How ``action`` was taken: without a vote, or by (recorded or non-recorded) vote.

    ``lists`` maps "in_favour" / "against" / "abstaining" to delegations (or their names) for a
    recorded vote; each list must hold as many delegations as its count, and no delegation may
    appear twice.
    """
    if kind not in Vote.Kind.values:
        raise ApplicationError(f"“{kind}” is not a kind of vote.", field="kind")
    if Vote.objects.filter(action=action).exists():
        raise ApplicationError(f"A vote is already recorded for {action}.")
    counts = {"in_favour": in_favour, "against": against, "abstaining": abstaining}
    lists = {k: list(v) for k, v in (lists or {}).items() if v}
    if set(lists) - set(counts):
        raise ApplicationError(f"Unknown voting list: {', '.join(sorted(set(lists) - set(counts)))}.")
    if kind == Vote.Kind.WITHOUT_VOTE:
        if any(c for c in counts.values()) or lists:
            raise ApplicationError("An action taken without a vote has no counts and no voting lists.")
        counts = dict.fromkeys(counts)
    else:
        if lists and kind != Vote.Kind.RECORDED:
            raise ApplicationError("Only a recorded vote has lists of delegations.")
        if kind == Vote.Kind.RECORDED and lists:
            for key in counts:
                if counts[key] is None:
                    counts[key] = len(lists.get(key, []))
        if counts["in_favour"] is None:
            raise ApplicationError("A vote needs at least the number of votes in favour.", field="in_favour")
        counts = {k: v or 0 for k, v in counts.items()}
        if any(v < 0 for v in counts.values()):
            raise ApplicationError("Vote counts cannot be negative.")
    resolved: dict[str, list[Delegation]] = {}
    if lists:
        names = _names or DelegationNames()
        seen: dict[int, str] = {}
        for key in counts:
            resolved[key] = names.many(lists.get(key, []))
            if len(resolved[key]) != counts[key]:
                raise ApplicationError(
                    f"The vote counts do not match the lists: {counts[key]} {key.replace('_', ' ')} "
                    f"but {len(resolved[key])} delegations listed.", field=key,
                )
            for d in resolved[key]:
                if d.pk in seen:
                    where = "twice in the list " + key.replace("_", " ") if seen[d.pk] == key else (
                        f"both {seen[d.pk].replace('_', ' ')} and {key.replace('_', ' ')}")
                    raise ApplicationError(f"{d.short_name} is listed {where}: a delegation votes once.", field=key)
                seen[d.pk] = key
    vote = Vote(action=action, kind=kind, **counts)
    validated_save(vote, reason=f"Vote recorded: {vote.get_kind_display()}", user=user)
    casts = [VoteCast(vote=vote, delegation=d, position=key) for key, ds in resolved.items() for d in ds]
    if casts:
        for cast in casts:
            cast.full_clean(exclude=["vote"], validate_unique=False)
            cast._change_reason = "Recorded vote"
        try:
            with transaction.atomic():
                bulk_create_with_history(casts, VoteCast, default_user=user if getattr(user, "is_authenticated", False) else None,
                                         default_change_reason="Recorded vote")
        except IntegrityError as exc:
            raise ApplicationError("A delegation can vote only once in a recorded vote.") from exc
    return vote


# --- statements --------------------------------------------------------------------------------

_REF = re.compile(
    r"\b(?:(?P<kind>operative|preambular) paragraphs? (?P<n>\d+)(?:\s*(?:,|and|to)\s*(?P<m>\d+))?"
    r"|(?P<short>OP|PP)\s?(?P<sn>\d+))\b", re.IGNORECASE,
)


def paragraph_refs_resolve(version: Version, refs: str) -> tuple[list[Paragraph], list[str]]:
    """The paragraphs of ``version`` that "operative paragraph 12", "OP3, PP2" name, and the
    references that name none (as "OP12")."""
    wanted: list[tuple[str, int]] = []
    for m in _REF.finditer(refs or ""):
        if m.group("short"):
            wanted.append((m.group("short").upper(), int(m.group("sn"))))
        else:
            kind = "OP" if m.group("kind").lower() == "operative" else "PP"
            wanted.append((kind, int(m.group("n"))))
            if m.group("m"):
                wanted.append((kind, int(m.group("m"))))
    if not wanted:
        return [], []
    rows = list(version.paragraphs.filter(kind__in=[Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE]).order_by("position"))
    by_label: dict[tuple[str, int], Paragraph] = {}
    pp = 0
    for row in rows:
        if row.kind == Paragraph.Kind.PREAMBULAR:
            pp += 1
            by_label[("PP", pp)] = row
        elif row.number.isdigit():
            by_label[("OP", int(row.number))] = row
    found, missing = [], []
    for key in wanted:
        row = by_label.get(key)
        if row is None:
            missing.append(f"{key[0]}{key[1]}")
        elif row not in found:
            found.append(row)
    return found, missing


def _guess_kind(text: str, action: Action) -> str:
    lowered = text.lower()
    if re.search(r"not parties|reservation|did not create any additional obligations|dissociat", lowered):
        return Statement.Kind.RESERVATION
    if "vote" in lowered and hasattr(action, "vote") and action.vote.kind != Vote.Kind.WITHOUT_VOTE:
        return Statement.Kind.EXPLANATION_OF_VOTE
    return Statement.Kind.EXPLANATION_OF_POSITION


@transaction.atomic
def statement_add(*, action: Action, delegations: Iterable[str | Delegation], text: str,
                  timing: str = Statement.Timing.AFTER, kind: str | None = None, role: str = "representative",
                  paragraph_refs: str = "", strict_refs: bool = True, user=None,
                  _names: DelegationNames | None = None) -> Statement:
    """A statement on ``action`` by one or more delegations (joint statements keep their order).

    ``paragraph_refs`` ("operative paragraph 12", "OP3, PP2") links the statement to those
    paragraphs of the version acted on; a reference to a paragraph the version does not have is
    an error (with ``strict_refs``) or, for imports of texts not held here, just kept as words.
    """
    names = _names or DelegationNames()
    speakers = names.many(delegations)
    if not speakers:
        raise ApplicationError("A statement needs the delegation that made it.", field="delegations")
    if len({d.pk for d in speakers}) != len(speakers):
        raise ApplicationError("A delegation is named twice in the same statement.", field="delegations")
    text = " ".join((text or "").split()).rstrip(".")
    if not text:
        raise ApplicationError("Write what the statement said (its summary).", field="text")
    if timing not in Statement.Timing.values:
        raise ApplicationError(f"“{timing}” is not before or after the action.", field="timing")
    paragraphs, missing = paragraph_refs_resolve(action.version, paragraph_refs)
    if missing and strict_refs:
        raise ApplicationError(
            f"{action.version.full_label} has no {text_names.join_names(missing)}: check the paragraph reference.", field="paragraph_refs")
    if not paragraph_refs and not strict_refs:
        paragraph_refs = ", ".join(m.group(0) for m in _REF.finditer(text))
        paragraphs, _ = paragraph_refs_resolve(action.version, paragraph_refs)
    statement = Statement(action=action, timing=timing, kind=kind or _guess_kind(text, action), role=role,
                          paragraph_refs=paragraph_refs[:200], text=text)
    validated_save(statement, reason=f"Statement by {text_names.join_names([d.short_name for d in speakers])}", user=user)
    for d in speakers:  # one by one, so the through rows keep the speaking order
        statement.delegations.add(d)
    if paragraphs:
        statement.paragraphs.add(*paragraphs)
    return statement


# --- actions -----------------------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    """15 April 2011."""
    return f"{value.day} {value:%B %Y}"


def _body(value: Body | str | None) -> Body | None:
    if value is None or value == "" or isinstance(value, Body):
        return value or None
    found = Body.objects.filter(name__iexact=value.strip()).first() or Body.objects.filter(short_name__iexact=value.strip()).first()
    if found is None:
        raise ApplicationError(f"Unknown body “{value}”.", field="recommended_to")
    return found


@transaction.atomic
def action_record(*, version: Version, meeting_number: int, date: datetime.date, outcome: str,
                  draft: Draft | None = None, body: Body | None = None,
                  recommended_to: Body | str | None = None, for_adoption_by: Body | str | None = None,
                  introduced_by: str = "", financial_statement: bool = False, financial_statement_document: str = "",
                  amendment: str = "",
                  text_at: str = "", result: str = "", report_paragraph: int | None = None,
                  report_style: dict | None = None, vote: dict | None = None,
                  statements: Iterable[dict] = (), subsequently_joined: Iterable[str | Delegation] = (),
                  user=None, _names: DelegationNames | None = None) -> Action:
    """Record that a body acted on ``version`` at a meeting, with its vote and statements.

    ``vote`` is None (not stated) or ``{"kind": ..., "in_favour": n, ..., "lists": {...}}`` (see
    ``vote_record``); ``statements`` are keyword dicts for ``statement_add``;
    ``subsequently_joined`` names the delegations that joined the sponsors at the meeting.
    ``draft``, when given, is the draft the caller means: a version of another draft is refused.
    """
    names = _names or DelegationNames()
    if draft is not None and version.draft_id != draft.pk:
        raise ApplicationError(f"{version} is a version of another draft, not of {draft}.", field="version")
    draft = version.draft
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    if date is None:
        raise ApplicationError("An action needs the date of its meeting.", field="date")
    if version.date and date < version.date:
        raise ApplicationError(
            f"The meeting on {_day(date)} is before {version.full_label} ({_day(version.date)}): "
            "an action cannot be taken on a text not yet issued.", field="date")
    if outcome not in Action.Outcome.values:
        raise ApplicationError(f"“{outcome}” is not an outcome.", field="outcome")
    body = body or draft.body
    recommended_to, for_adoption_by = _body(recommended_to), _body(for_adoption_by)
    if outcome == Action.Outcome.RECOMMENDED:
        recommended_to = recommended_to or body.reports_to
        if recommended_to is None:
            raise ApplicationError("Say which body the draft is recommended to.", field="recommended_to")
    elif recommended_to or for_adoption_by:
        raise ApplicationError("Only a recommendation names the body it goes to.", field="recommended_to")
    if not meeting_number or meeting_number < 1:
        raise ApplicationError("An action needs the number of its meeting.", field="meeting_number")
    amendment = (amendment or "").strip()
    if outcome in FINAL_OUTCOMES and not amendment:
        final = (Action.objects.filter(version__draft=draft, body=body, outcome__in=FINAL_OUTCOMES, amendment="")
                 .exclude(meeting_number=meeting_number, date=date, outcome=outcome, version=version).first())
        if final is not None:
            raise ApplicationError(
                f"The {body.short_name} already took final action on {draft}: {final.get_outcome_display()} on "
                f"{_day(final.date)} at meeting {final.meeting_number}. Correct that action in the admin, or record "
                f"the new text as a draft of its own.", field="outcome")
    if Action.objects.filter(version=version, meeting_number=meeting_number, date=date, outcome=outcome, amendment=amendment).exists():
        what = f"amendment {amendment} to {version.full_label}" if amendment else version.full_label
        raise ApplicationError(
            f"This action is already recorded: {Action.Outcome(outcome).label} {what} "
            f"at meeting {meeting_number} on {_day(date)}.")
    action = Action(
        version=version, body=body, meeting_number=meeting_number, date=date, outcome=outcome,
        recommended_to=recommended_to, for_adoption_by=for_adoption_by, introduced_by=(introduced_by or "").strip(),
        financial_statement=financial_statement, financial_statement_document=(financial_statement_document or "").strip(),
        text_at=(text_at or "").strip(), result=(result or "").strip(), report_paragraph=report_paragraph,
        report_style=report_style or {}, amendment=amendment,
    )
    try:
        with transaction.atomic():
            validated_save(action, reason=f"Action recorded: {action.get_outcome_display()} at meeting {meeting_number}", user=user)
    except IntegrityError as exc:  # a double submit racing past the check above
        raise ApplicationError("This action is already recorded.") from exc
    if vote:
        vote_record(action=action, user=user, _names=names, kind=vote["kind"], in_favour=vote.get("in_favour"),
                    against=vote.get("against"), abstaining=vote.get("abstaining"), lists=vote.get("lists"))
    for statement in statements or ():
        statement_add(action=action, user=user, _names=names, **statement)
    for delegation in names.many(subsequently_joined):
        sponsorship = sponsor_add(draft=draft, delegation=delegation, role=Sponsorship.Role.CO, version=version,
                                  joined_on=date, subsequently_joined=True, user=user)
        sponsorship.joined_at_action = action
        validated_save(sponsorship, reason=f"Joined at meeting {meeting_number}", user=user)
    new_status = None if amendment else STATUS_AFTER.get(outcome)  # an amendment's fate is not the draft's
    if new_status and draft.status != new_status:
        draft.status = new_status
        validated_save(draft, reason=f"Status after the action of {_day(date)}", user=user)
    return action


# --- import from a session report ---------------------------------------------------------------



@dataclass
class ActionsImported:
    """What ``actions_import`` did: actions recorded, already there, and paragraphs it could not use."""

    recorded: list[Action] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # report paragraphs already recorded
    errors: list[dict] = field(default_factory=list)  # {"paragraph": 63, "reason": "..."}


def _version_for(item: dict, body: Body, session: int, *, create: bool, user) -> Version:
    """The version an imported action acted on, found by symbol and revision note, or by the
    number the text received; with ``create``, records the draft and versions it lacks
    (known by symbol only: their text is not held here)."""
    from negotiation.services.versions import draft_create, version_create
    from negotiation.text.structure import ParsedText

    document = item.get("document") or ""
    if item.get("subject") == "amendment":
        if not item.get("amends"):
            raise ApplicationError(f"the report does not say which draft amendment {document} amends")
        document = item["amends"]
        item = {**item, "revision_note": None, "title": None}
    drafts = Draft.objects.filter(body=body, session=session)
    if not L_DOCUMENT.match(document):
        result = item.get("result")
        version = Version.objects.filter(draft__in=drafts, label=result).select_related("draft").first() if result else None
        if version is None:
            raise ApplicationError(f"no draft of {body.short_name} session {session} holds the text acted on"
                                   f" ({document or 'an oral draft'}{', ' + result if result else ''})")
        return version
    base = base_symbol(document) or ""
    draft = drafts.filter(symbol=base).first()
    if draft is None:
        if not create:
            raise ApplicationError(f"no draft {base} in {body.short_name} session {session}")
        title = item.get("title") or f"Draft {item.get('draft_kind') or 'resolution'} {base}"
        draft = draft_create(body=body, session=session, symbol=base, title=title,
                             kind=item.get("draft_kind") or Draft.Kind.RESOLUTION, user=user)
    short = base.rsplit("/", 1)[-1]
    labels = [short]
    if document != base:
        labels.append(short + document[len(base):])
    if item.get("revision_note"):
        labels.append(f"{labels[-1]}, {item['revision_note']}")
    existing = {v.label: v for v in draft.versions.all()}
    version = None
    for i, label in enumerate(labels):
        version = existing.get(label)
        if version is None:
            if not create:
                raise ApplicationError(f"{draft} has no version {label}")
            oral = i == len(labels) - 1 and bool(item.get("revision_note"))
            version = version_create(
                draft=draft, label=label, kind=Version.Kind.ORAL if oral else Version.Kind.ISSUED, parsed=ParsedText(),
                is_issued=True, date=datetime.date.fromisoformat(item["date"]) if oral and item.get("date") else None,
                user=user, allow_empty=True)
    version.draft = draft
    return version


def _statement_kwargs(statement: dict) -> dict:
    roles = statement.get("roles") or {}
    return {
        "kind": statement.get("kind") if statement.get("kind") in Statement.Kind.values else None,
        "delegations": statement["delegations"], "text": statement["text"], "timing": statement["timing"],
        "role": roles.get(statement["delegations"][0], statement.get("role", "representative")),
        "strict_refs": False,
    }


def _names_used(item: dict) -> list[str]:
    used = [s["name"] for s in item.get("sponsors") or []] + [s["on_behalf_of"] for s in item.get("sponsors") or [] if s.get("on_behalf_of")]
    used += list(item.get("subsequently_joined") or []) + list(item.get("introduced_by") or [])
    for statement in item.get("statements") or []:
        used += statement["delegations"] + list((statement.get("on_behalf_of") or {}).values())
    for names in ((item.get("vote") or {}).get("lists") or {}).values():
        used += names
    return used


@transaction.atomic
def action_from_report(*, item: dict, body: Body, session: int, create_missing: bool = True, user=None,
                       _names: DelegationNames | None = None) -> Action:
    """Record one action dict of ``parse_actions`` (see negotiation.text.reports), so that the
    report's paragraph regenerates from the stored record word for word."""
    from negotiation.selectors.actions import action_report_dict

    names = _names or DelegationNames()
    for name in _names_used(item):  # unknown names first: nothing written if one is unknown
        names.get(name)
    if not item.get("date"):
        raise ApplicationError("the meeting's date is not in the report (pass the year)")
    version = _version_for(item, body, session, create=create_missing, user=user)
    draft = version.draft
    date = datetime.date.fromisoformat(item["date"])
    active = {s.delegation_id for s in draft.sponsorships.filter(withdrawn_on__isnull=True)}
    amendment = item.get("document") if item.get("subject") == "amendment" else ""
    as_reported = item
    if amendment:  # the amendment's sponsors are not the draft's: kept with the action
        item = {**item, "amendment_sponsors": item.get("sponsors") or [], "sponsors": [],
                "amendment_joined": item.get("subsequently_joined") or [], "subsequently_joined": []}
    for sponsor in item.get("sponsors") or []:
        delegation = names.get(sponsor["name"])
        if delegation.pk not in active:
            sponsor_add(draft=draft, delegation=delegation, role=Sponsorship.Role.CO, version=version,
                        on_behalf_of=names.get(sponsor["on_behalf_of"]) if sponsor.get("on_behalf_of") else None,
                        joined_on=version.date or date, user=user)
            active.add(delegation.pk)
    style = {k: item[k] for k in WORDING_KEYS if item.get(k) not in (None, False, "")}
    for key in ("amendment_sponsors", "amendment_joined"):
        if item.get(key):
            style[key] = item[key]
    written = {}
    forms = {**{n: n for n in _names_used(item)}, **(item.get("names_written") or {})}
    for name, form in forms.items():  # the report's own forms ("Turkey", "United States")
        d = names.get(name)
        if form not in (d.short_name, d.report_name):
            written[str(d.pk)] = form
    if written:
        style["names"] = written
    vote = item.get("vote")
    if vote and vote.get("kind") == "consensus":
        style["vote_form"] = "consensus"
        vote = {"kind": Vote.Kind.WITHOUT_VOTE}
    joined = [n for n in item.get("subsequently_joined") or [] if names.get(n).pk not in active]
    action = action_record(
        version=version, meeting_number=item["meeting"], date=date, outcome=item["outcome"],
        body=body, recommended_to=item.get("recommended_to"), for_adoption_by=item.get("for_adoption_by"),
        introduced_by=text_names.join_names([text_names.Sponsor.from_name((item.get("names_written") or {}).get(n, n)).running_text
                                             for n in item.get("introduced_by") or []]),
        financial_statement=bool(item.get("financial_statement")),
        financial_statement_document=item.get("financial_statement_document") or "",
        text_at=item.get("text_at") or "", result=item.get("result") or "", report_paragraph=item.get("paragraph"),
        report_style=dict(style), vote=vote, subsequently_joined=joined, user=user, _names=names, amendment=amendment or "",
    )
    statement_styles = {}
    for statement in item.get("statements") or []:
        stored = statement_add(action=action, user=user, _names=names, **_statement_kwargs(statement))
        extra = {k: statement[k] for k in STATEMENT_WORDING_KEYS if statement.get(k) is not None}
        roles = {str(names.get(n).pk): r for n, r in (statement.get("roles") or {}).items() if r != stored.role}
        if roles:
            extra["roles"] = roles
        if statement.get("on_behalf_of"):
            extra["on_behalf_of"] = {str(names.get(n).pk): g for n, g in statement["on_behalf_of"].items()}
        if extra:
            statement_styles[str(stored.pk)] = extra
    if statement_styles:
        style["statements"] = statement_styles
    # Where the stored record still words a key differently from the report, keep the report's words.
    derived = action_report_dict(Action.objects.get(pk=action.pk))
    as_written = _as_written(as_reported)  # the record names delegations as the report wrote them
    overrides = {k: as_written.get(k) for k in OVERRIDABLE_KEYS if _normal(derived.get(k)) != _normal(as_written.get(k))}
    if overrides:
        style["override"] = overrides
    if style != action.report_style:
        action.report_style = style
        validated_save(action, reason="Report wording kept from the import", user=user)
    return action


def _as_written(item: dict) -> dict:
    """``item`` with each delegation named as the report wrote it (``names_written``)."""
    written = item.get("names_written") or {}
    if not written:
        return item

    def w(name):
        return written.get(name, name) if name else name

    out = dict(item)
    out["sponsors"] = [{**s, "name": w(s["name"]), "on_behalf_of": w(s.get("on_behalf_of"))} for s in item.get("sponsors") or []]
    out["subsequently_joined"] = [w(n) for n in item.get("subsequently_joined") or []]
    if item.get("introduced_by"):
        out["introduced_by"] = [w(n) for n in item["introduced_by"]]
    vote = item.get("vote")
    if vote and vote.get("lists"):
        out["vote"] = {**vote, "lists": {k: [w(n) for n in names] for k, names in vote["lists"].items()}}
    return out


def _normal(value):
    return value or None


@transaction.atomic
def actions_import(*, report_text: str | None = None, actions: list[dict] | None = None, body: Body, session: int,
                   year: int | None = None, create_missing: bool = True, user=None) -> ActionsImported:
    """Record every action a session report gives (``report_text``, or ``actions`` already read).

    Each action is recorded on its own: one that cannot be stored (unknown delegation, no such
    draft, bad vote) is reported with its paragraph and reason and the rest are still recorded.
    An action already recorded is left as it is, so importing the same report twice changes
    nothing.
    """
    outcome = ActionsImported()
    if actions is None:
        parsed = parse_actions(report_text or "", year=year)
        actions, outcome.errors = parsed.actions, list(parsed.errors)
    names = DelegationNames()
    # An action naming a delegation the reader could not place is not stored (its error says why).
    unplaced = {e["paragraph"] for e in outcome.errors if e.get("name")}
    for item in actions:
        paragraph = item.get("paragraph")
        if paragraph in unplaced or any(s.get("paragraph") in unplaced for s in item.get("statements") or []) or (
                item.get("sponsors_paragraph") in unplaced):
            continue
        try:
            version = _version_for(item, body, session, create=False, user=user) if item.get("date") else None
        except ApplicationError:
            version = None
        amendment = item.get("document") if item.get("subject") == "amendment" else ""
        if version is not None and Action.objects.filter(
                version=version, meeting_number=item["meeting"], date=item["date"], outcome=item["outcome"],
                amendment=amendment or "").exists():
            outcome.already.append(paragraph)
            continue
        try:
            with transaction.atomic():
                outcome.recorded.append(action_from_report(item=item, body=body, session=session,
                                                           create_missing=create_missing, user=user, _names=names))
        except ApplicationError as exc:
            outcome.errors.append({"paragraph": paragraph, "reason": exc.message})
    outcome.errors.sort(key=lambda e: e["paragraph"] or 0)
    return outcome
