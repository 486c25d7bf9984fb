"""Reads of the record of meetings: actions with their votes and statements, as pages and
commands show them and as the session report words them (via negotiation.text.reports).

Kept apart from selectors.py while issue 5 changes that file; the functions follow its rules:
a fixed number of queries however many actions, statements or votes there are.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from negotiation.models import (
    Action,
    Body,
    Delegation,
    Draft,
    Paragraph,
    Sponsorship,
    Statement,
    Version,
    VoteCast,
)
from negotiation.selectors import label_anchor, sponsorship_display
from negotiation.text import names as text_names
from negotiation.text.reports import STATEMENT_WORDING_KEYS, WORDING_KEYS, default_display, render_action


def actions_loaded(actions: QuerySet[Action], *, sponsorships: list[Sponsorship] | None = None) -> list[Action]:
    """Actions with everything their wording and the timeline need, in six queries.

    Each action gets ``draft_sponsorships`` (all sponsorships of its draft) and each statement
    ``speakers`` (its delegations in speaking order). Pass ``sponsorships`` (with delegation,
    on_behalf_of and versions joined) when all the actions are on one draft and they are at hand.
    """
    rows = list(
        actions.select_related("version__draft__body", "body", "recommended_to", "for_adoption_by", "vote")
        .prefetch_related(
            Prefetch("statements", queryset=Statement.objects.order_by("id").prefetch_related(
                Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position")))),
            Prefetch("vote__casts", queryset=VoteCast.objects.select_related("delegation")),
            Prefetch("joined_sponsorships", queryset=Sponsorship.objects.select_related("delegation").order_by("id")),
        )
    )
    if not rows:
        return rows
    through = Statement.delegations.through
    statement_ids = [s.pk for a in rows for s in a.statements.all()]
    speakers: dict[int, list[Delegation]] = defaultdict(list)
    if statement_ids:
        for link in through.objects.filter(statement_id__in=statement_ids).select_related("delegation").order_by("id"):
            speakers[link.statement_id].append(link.delegation)
    by_draft: dict[int, list[Sponsorship]] = defaultdict(list)
    if sponsorships is not None:
        for s in sponsorships:
            by_draft[s.draft_id].append(s)
    for s in [] if sponsorships is not None else Sponsorship.objects.filter(draft_id__in={a.version.draft_id for a in rows}).select_related(
            "delegation", "on_behalf_of", "joined_version", "withdrawn_version"):
        by_draft[s.draft_id].append(s)
    for action in rows:
        action.draft_sponsorships = by_draft[action.version.draft_id]
        for statement in action.statements.all():
            statement.speakers = speakers[statement.pk]
    return rows


def ordinal(n: int) -> str:
    """9 -> "9th", 21 -> "21st", 12 -> "12th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _vote_of(action: Action):
    try:
        return action.vote
    except Action.vote.RelatedObjectDoesNotExist:
        return None


class _Names:
    """How one action's record names delegations: the form the report wrote, else the table's."""

    def __init__(self, action: Action):
        self.written = (action.report_style or {}).get("names") or {}
        self.displays: dict[str, str] = {}

    def name(self, d: Delegation, *, list_form: bool = False) -> str:
        written = self.written.get(str(d.pk))
        if written:
            self.displays.setdefault(written, default_display(written))
            return written
        name = d.short_name if list_form else (d.report_name or d.short_name)
        self.displays.setdefault(name, text_names.in_running_text(name, d.article))
        return name

    def display(self, name: str) -> str:
        return self.displays.get(name) or default_display(name)


def _document(version: Version) -> tuple[str | None, str | None]:
    """("E/CN.15/2011/L.13/Rev.1", "as further revised") for that oral version."""
    draft = version.draft
    if version.kind == Version.Kind.ORAL:
        label = version.full_label
        if ", as " in label:
            document, note = label.rsplit(", as ", 1)
            return document, "as " + note
        return draft.symbol or None, label
    if version.kind == Version.Kind.ISSUED:
        return version.full_label, None
    return draft.symbol or None, None


def action_report_dict(action: Action, *, with_display: bool = False):
    """The action as ``negotiation.text.reports`` takes it, from the stored record.

    Sponsors are the draft's sponsors as of the version acted on (those who joined at this
    meeting go to "Subsequently, ... joined"), named from the Delegation table; wording kept
    from an import (``report_style``) takes precedence where the report departed from the usual
    form. With ``with_display``, returns ``(dict, display)`` where ``display`` writes a name in
    running text with its article ("the Philippines").
    """
    names = _Names(action)
    version, draft = action.version, action.version.draft
    style = action.report_style or {}
    document, note = _document(version)
    sponsorships = getattr(action, "draft_sponsorships", None)
    if sponsorships is None:
        sponsorships = list(draft.sponsorships.select_related("delegation", "on_behalf_of", "joined_version", "withdrawn_version"))
    joined_here = [s for s in sponsorships if s.joined_at_action_id == action.pk]
    joined_here.sort(key=lambda s: s.pk)
    sponsors = []
    for s in sorted(sponsorships, key=lambda s: text_names.sort_key(s.delegation.sort_name)):
        if s.joined_at_action_id == action.pk or s.joined_version.sequence > version.sequence:
            continue
        if s.withdrawn_version is not None and s.withdrawn_version.sequence <= version.sequence:
            continue
        sponsors.append({"name": names.name(s.delegation),
                         "on_behalf_of": names.name(s.on_behalf_of) if s.on_behalf_of else None})
    vote = _vote_of(action)
    vote_dict = None
    if style.get("vote_form") == "consensus":
        vote_dict = {"kind": "consensus"}
    elif vote is not None:
        vote_dict = {"kind": vote.kind}
        if vote.kind != "without_vote":
            vote_dict.update(in_favour=vote.in_favour or 0, against=vote.against or 0, abstaining=vote.abstaining or 0)
            casts = sorted(vote.casts.all(), key=lambda c: text_names.sort_key(c.delegation.sort_name))
            if casts:
                vote_dict["lists"] = {p: [names.name(c.delegation, list_form=True) for c in casts if c.position == p]
                                      for p in ("in_favour", "against", "abstaining")}
    statement_styles = style.get("statements") or {}
    statements = []
    for s in action.statements.all():
        speakers = getattr(s, "speakers", None)
        if speakers is None:
            through = Statement.delegations.through
            speakers = [t.delegation for t in through.objects.filter(statement=s).select_related("delegation").order_by("id")]
        extra = statement_styles.get(str(s.pk), {})
        roles_by_pk = extra.get("roles") or {}
        on_behalf_by_pk = extra.get("on_behalf_of") or {}
        spoken = [names.name(d) for d in speakers]
        item = {
            "timing": s.timing, "role": s.role, "delegations": spoken,
            "roles": {n: roles_by_pk.get(str(d.pk), s.role) for n, d in zip(spoken, speakers)},
            "text": s.text, "kind": s.kind, "id": s.pk,
        }
        item.update({k: extra[k] for k in STATEMENT_WORDING_KEYS if k in extra})
        if on_behalf_by_pk:
            item["on_behalf_of"] = {n: on_behalf_by_pk[str(d.pk)] for n, d in zip(spoken, speakers) if str(d.pk) in on_behalf_by_pk}
        statements.append(item)
    introduced = [s.name for s in text_names.parse_sponsor_list(action.introduced_by)] if action.introduced_by else None
    result = {
        "paragraph": action.report_paragraph,
        "meeting": action.meeting_number,
        "date": action.date.isoformat(),
        "document": document,
        "revision_note": note,
        "outcome": action.outcome,
        "recommended_to": action.recommended_to.name if action.recommended_to else None,
        "for_adoption_by": action.for_adoption_by.name if action.for_adoption_by else None,
        "sponsors": sponsors,
        "introduced_by": introduced,
        "financial_statement": action.financial_statement,
        "financial_statement_document": action.financial_statement_document or None,
        "result": action.result or None,
        "text_at": action.text_at or None,
        "title": None,
        "vote": vote_dict,
        "subsequently_joined": [names.name(s.delegation) for s in joined_here],
        "statements": statements,
        "draft_kind": draft.kind,
    }
    if action.amendment:  # a vote on an amendment to the version: its own document and sponsors
        result.update(subject="amendment", amends=document, document=action.amendment, revision_note=None,
                      sponsors=style.get("amendment_sponsors") or [], subsequently_joined=style.get("amendment_joined") or [])
    for key in WORDING_KEYS:
        if key in style:
            result[key] = style[key]
    for key, value in (style.get("override") or {}).items():
        result[key] = value
    if with_display:
        return result, names.display
    return result


def action_text(action: Action, *, previous: dict | None = None) -> tuple[dict, str]:
    """(the action's dict, its paragraph in the report's wording)."""
    data, display = action_report_dict(action, with_display=True)
    return data, render_action(data, previous=previous, body_name=action.body.name_in_report, sponsor_display=display)


def session_actions(body: Body, session: int) -> list[Action]:
    """Every action of ``body`` on drafts of ``session``, in meeting order (then report order)."""
    from django.db.models import F

    return actions_loaded(
        Action.objects.filter(body=body, version__draft__session=session)
        .order_by("date", "meeting_number", F("report_paragraph").asc(nulls_last=True), "id")
    )


@dataclass
class ReportParagraph:
    action: Action
    text: str
    data: dict = field(default_factory=dict)


def report_section(body: Body, session: int) -> list[ReportParagraph]:
    """The "Action taken by the <body>" section: one paragraph per action, in meeting order,
    "At the same meeting" chaining as the report does."""
    out, previous = [], None
    for action in session_actions(body, session):
        data, text = action_text(action, previous=previous)
        out.append(ReportParagraph(action, text, data))
        previous = data
    return out


def session_choices() -> list[tuple[str, str]]:
    """("CCPCJ/20", "Commission on Crime Prevention ..., session 20") for sessions with actions."""
    pairs = (Action.objects.values_list("body__short_name", "body__name", "version__draft__session")
             .distinct().order_by("body__short_name", "-version__draft__session"))
    return [(f"{short}/{session}", f"{name}, session {session}") for short, name, session in pairs]


def body_session(value: str) -> tuple[Body, int] | None:
    """("CCPCJ/20") -> (the CCPCJ, 20); "GA/C.3/66" works too. None if there is no such body."""
    short, _, session = (value or "").strip().rpartition("/")
    if not short or not session.isdigit():
        return None
    body = Body.objects.filter(short_name__iexact=short).first()
    return (body, int(session)) if body else None


# --- the draft page -----------------------------------------------------------------------------


def _listed(sponsorships: list[Sponsorship]) -> str:
    ordered = sorted(sponsorships, key=lambda s: text_names.sort_key(s.delegation.sort_name))
    return text_names.join_names([sponsorship_display(s) for s in ordered])


@dataclass
class TimelineStep:
    """One entry of the draft's timeline: a version (with the sponsors who joined or withdrew at
    it), or, when ``version`` is None, an action taken after later versions were issued."""

    version: Version | None
    joined: list[Sponsorship] = field(default_factory=list)
    withdrawn: list[Sponsorship] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def joined_text(self) -> str:
        return _listed(self.joined)

    @property
    def withdrawn_text(self) -> str:
        return _listed(self.withdrawn)


def draft_actions_context(draft: Draft, versions: list[Version], sponsorships: list[Sponsorship],
                          paragraphs: list[Paragraph]) -> dict:
    """What the draft page shows of the record: a timeline (each version, the sponsors who
    joined or withdrew at it, the actions on it with their vote and statements) and, on each
    shown paragraph, ``p.statements_here``: the statements concerning it (same lineage, in
    any version). Six queries when the draft has actions, one when it has none."""
    actions = actions_loaded(Action.objects.filter(version__draft=draft).order_by("date", "meeting_number", "id"),
                             sponsorships=sponsorships)
    steps = {v.pk: TimelineStep(v) for v in versions}
    for s in sponsorships:
        if s.joined_version_id in steps and not s.subsequently_joined:
            steps[s.joined_version_id].joined.append(s)
        if s.withdrawn_version_id in steps:
            steps[s.withdrawn_version_id].withdrawn.append(s)
    labels = {p.lineage: p.label for p in paragraphs if p.kind in (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE)}
    by_lineage: dict = defaultdict(list)
    for action in actions:
        action.version.draft = draft
        action.vote_or_none = _vote_of(action)
        action.meeting_ordinal = ordinal(action.meeting_number)
        action.joined_text = text_names.join_names([s.delegation.in_running_text for s in action.joined_sponsorships.all()])
        for statement in action.statements.all():
            statement.speakers_text = text_names.join_names([d.in_running_text for d in statement.speakers])
            statement.links = []
            for p in statement.paragraphs.all():
                label = labels.get(p.lineage)
                if label:
                    statement.links.append({"label": label, "href": f"#{label_anchor(label)}"})
                else:
                    statement.links.append({
                        "label": f"OP{p.number}" if p.kind == Paragraph.Kind.OPERATIVE else "paragraph",
                        "href": reverse("paragraph_history", args=[draft.pk, p.lineage]),
                    })
                by_lineage[p.lineage].append(statement)
            statement.action_ref = action
        if action.version_id in steps:
            steps[action.version_id].actions.append(action)
    for p in paragraphs:
        p.statements_here = by_lineage.get(p.lineage, [])
    return {"actions_timeline": _chronological(versions, steps, actions), "actions_count": len(actions)}


def _chronological(versions: list[Version], steps: dict, actions: list[Action]) -> list[TimelineStep]:
    """The timeline in date order, then sequence: a version issued on 14 April comes before an
    action of 15 April, even when the action was on an earlier version. An action stays under
    its version unless a later version was issued on an earlier day; then it is an entry of its
    own (saying which version it acted on). A version of the action's own day (the adopted text
    it produced) comes after it. A version without a date keeps its place after
    the one before it."""
    entries: list[tuple[tuple, TimelineStep]] = []
    last_date = datetime.date.min
    for v in versions:
        last_date = v.date or last_date
        entries.append(((last_date, 0, v.sequence, 0), steps[v.pk]))
    dates = {v.pk: key[0] for key, step in entries for v in [step.version]}
    for step in steps.values():
        kept = []
        for action in step.actions:
            later = [v for v in versions if v.sequence > step.version.sequence and dates[v.pk] < action.date and v.date]
            if later:
                action.on_label = step.version.label
                entries.append(((action.date, 1, later[-1].sequence, action.meeting_number), TimelineStep(None, actions=[action])))
            else:
                kept.append(action)
        step.actions = kept
    entries.sort(key=lambda item: item[0])
    return [step for _, step in entries]
