"""What changed on the drafts a user follows, since they last looked (read-only).

Each change is an ``Event``: a new version (with a redline link against the version the user
saw before it), a sponsor joining or withdrawing, an action at a meeting, a proposal made,
answered or withdrawn, a paragraph's status set. Only what the user may see is listed: versions
by ``visible_versions_q``, proposals on those versions.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from negotiation.models import Action, Following, ParagraphStatus, Proposal, Sponsorship, Version
from negotiation.selectors import visible_versions_q


@dataclass
class Event:
    when: datetime.datetime
    kind: str  # "version" | "sponsor" | "action" | "proposal" | "status"
    text: str
    href: str = ""


@dataclass
class DraftChanges:
    following: Following
    events: list[Event] = field(default_factory=list)

    @property
    def draft(self):
        return self.following.draft


def _versions(user):
    visible = visible_versions_q(user)
    versions = Version.objects.all()
    return versions if visible is None else versions.filter(visible)


def changes_for(user, following: Following, *, since: datetime.datetime | None = None) -> DraftChanges:
    """The events on ``following.draft`` after ``since`` (default: the user's last visit)."""
    draft = following.draft
    since = since or following.last_seen
    events: list[Event] = []
    versions = list(_versions(user).filter(draft=draft).order_by("sequence").only("pk", "label", "sequence", "created_at", "draft_id"))
    visible_ids = {v.pk for v in versions}
    for i, version in enumerate(versions):
        if version.created_at <= since:
            continue
        href = reverse("version_detail", args=[draft.pk, version.pk])
        text = f"New version {version.label}"
        if i > 0:
            href = reverse("compare", args=[draft.pk]) + f"?a={versions[i - 1].pk}&b={version.pk}"
            text += f": see what changed since {versions[i - 1].label}"
        events.append(Event(version.created_at, "version", text, href))
    for row in Sponsorship.history.filter(draft_id=draft.pk, history_date__gt=since).select_related("delegation").order_by("history_date"):
        name = row.delegation.short_name if row.delegation else "A delegation"
        if row.history_type == "+":
            events.append(Event(row.history_date, "sponsor", f"{name} joined the sponsors"))
        elif row.history_type == "~" and row.withdrawn_on:
            events.append(Event(row.history_date, "sponsor", f"{name} withdrew from the sponsors"))
    for row in Action.history.filter(version__draft_id=draft.pk, history_type="+", history_date__gt=since).order_by("history_date"):
        outcome = Action.Outcome(row.outcome).label if row.outcome in Action.Outcome.values else row.outcome
        what = f"amendment {row.amendment}: " if row.amendment else ""
        events.append(Event(row.history_date, "action", f"{what}{outcome} at meeting {row.meeting_number} on {row.date:%-d %B %Y}",
                            reverse("draft_detail", args=[draft.pk]) + f"#action-{row.id}"))
    proposals = Proposal.history.filter(version__draft_id=draft.pk, version_id__in=visible_ids, history_date__gt=since)
    for row in proposals.select_related("delegation").order_by("history_date"):
        who = row.delegation.short_name if getattr(row, "delegation", None) else "A delegation"
        status = Proposal.Status(row.status).label if row.status in Proposal.Status.values else row.status
        verb = "proposed" if row.history_type == "+" else f"proposal {status}"
        events.append(Event(row.history_date, "proposal", f"{who} {verb} ({Proposal.Kind(row.kind).label})",
                            reverse("compilation", args=[draft.pk])))
    statuses = ParagraphStatus.history.filter(version__draft_id=draft.pk, version_id__in=visible_ids, history_date__gt=since)
    for row in statuses.order_by("history_date"):
        events.append(Event(row.history_date, "status", f"A paragraph is now {row.get_status_display()}",
                            reverse("compilation", args=[draft.pk])))
    events.sort(key=lambda e: e.when)
    return DraftChanges(following, events)


def followed_changes(user) -> list[DraftChanges]:
    """The user's followed drafts, each with what changed since the last visit."""
    followings = Following.objects.filter(user=user).select_related("draft", "draft__body")
    return [changes_for(user, f) for f in followings]


def is_following(user, draft) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    followed = getattr(user, "_followed", None)  # the request's user: read with the user (roles.RolesBackend)
    if followed is not None:
        return getattr(draft, "pk", draft) in followed
    return Following.objects.filter(user=user, draft=draft).exists()
