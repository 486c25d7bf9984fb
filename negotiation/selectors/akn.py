"""Reads for the Akoma Ntoso export: a stored version with what its metadata says (sponsors as
the version stood, the actions taken on it with their votes), in a fixed number of queries."""
from __future__ import annotations

from django.db.models import Prefetch

from negotiation.models import Action, Version, VoteCast
from negotiation.selectors import sponsors_as_of, version_parsed
from negotiation.text.akn import AknAction, AknMeta, AknSponsor, AknVote, version_to_akn


def akn_version(version_id: int, *, draft_id: int | None = None) -> Version:
    """The version with its draft and body joined; raises Version.DoesNotExist."""
    versions = Version.objects.select_related("draft__body")
    if draft_id is not None:
        versions = versions.filter(draft_id=draft_id)
    return versions.get(pk=version_id)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def akn_meta_of(version: Version) -> AknMeta:
    """Symbol, label, dates, body, sponsors (as of the version) and the actions on the version."""
    draft = version.draft
    first = draft.versions.exclude(date=None).order_by("sequence").values_list("date", flat=True).first()
    sponsors = sponsors_as_of(version)
    meta = AknMeta(
        symbol=version.full_label, work_symbol=draft.symbol or version.full_label, version_label=version.label,
        version_kind=version.kind, date=_iso(version.date), work_date=_iso(first or version.date),
        body=draft.body.name, body_short=draft.body.short_name, doc_kind=draft.kind or "resolution",
        sponsors=[
            AknSponsor(name=s.delegation.short_name, role=role,
                       on_behalf_of=s.on_behalf_of.short_name if s.on_behalf_of_id else "",
                       joined_on=_iso(s.joined_on))
            for role in ("main", "co") for s in sponsors[role]
        ],
    )
    actions = (
        Action.objects.filter(version=version).select_related("body", "vote")
        .prefetch_related(Prefetch("vote__casts", queryset=VoteCast.objects.select_related("delegation").order_by("delegation__sort_name")))
        .order_by("date", "meeting_number", "id")
    )
    for action in actions:
        vote = getattr(action, "vote", None)  # None when no vote is recorded
        akn_vote = None
        if vote is not None:
            voters: dict[str, list[str]] = {}
            for cast in vote.casts.all():
                voters.setdefault(cast.position, []).append(cast.delegation.short_name)
            akn_vote = AknVote(kind=vote.kind, in_favour=vote.in_favour, against=vote.against,
                               abstaining=vote.abstaining, voters=voters)
        meta.actions.append(AknAction(date=_iso(action.date), body=action.body.name, outcome=action.outcome,
                                      meeting=action.meeting_number, result=action.result, vote=akn_vote))
    return meta


def version_akn(version: Version) -> str:
    """The version as Akoma Ntoso 3.0 XML, its sponsors and actions in the metadata."""
    return version_to_akn(version_parsed(version), akn_meta_of(version))


def akn_filename(version: Version) -> str:
    return version.full_label.replace("/", "-").replace(",", "").replace(" ", "_") + ".akn.xml"
