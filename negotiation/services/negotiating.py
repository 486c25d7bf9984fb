"""The negotiation on a draft's current text: facilitators, proposals, stances, paragraph
status, resolving brackets and incorporating agreed proposals into a new working revision.

Every write is keyword-only, atomic and checked here (not in views): only delegates propose,
support or object, for their own delegation; only the proposer's delegation withdraws; only
the draft's facilitators (or the secretariat) set status, accept, resolve and incorporate.
Concurrent writes never lose one another: stances and statuses are one row per (proposal,
delegation) and (version, paragraph) under a unique constraint, written by upsert.

A proposal is made on the draft's latest version, against the paragraph's words then
(``base_text``). When the text moves on, it is rebased three-way (as the editor merges
concurrent edits) or marked outdated: never applied to words it was not made on.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.models import Delegation, Draft, Facilitation, ParagraphStatus, Proposal, Stance, Version
from negotiation.models import default_status as models_default_status
from negotiation.services.common import validated_save
from negotiation.services.rebasing import (  # rebase_state: re-exported for the pages
    OPEN_KINDS,
    PROPOSABLE,
    rebase_open_proposals,
    rebase_state,  # noqa: F401
)
from negotiation.services.sponsorship import delegation_by_name
from negotiation.text.brackets import bracket_spans
from negotiation.text.merge import SUBPARAGRAPH, TOP_KINDS, merge_text
from negotiation.text.structure import subparagraph_label


# --- facilitators ---------------------------------------------------------------------------
@transaction.atomic
def facilitator_assign(*, draft: Draft, user_to_assign, user) -> Facilitation:
    """The secretariat or a delegate of a main sponsor names a facilitator for ``draft``."""
    if not (roles.is_secretariat(user) or roles.can_edit_text(user, draft)):
        raise ApplicationError(f"Only the secretariat or a main sponsor of {draft} assigns its facilitator.")
    found = Facilitation.objects.filter(draft=draft, user=user_to_assign).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return validated_save(Facilitation(draft=draft, user=user_to_assign, assigned_by=user),
                                  reason=f"{user_to_assign} facilitates", user=user)
    except IntegrityError:
        return Facilitation.objects.get(draft=draft, user=user_to_assign)


# --- proposals ------------------------------------------------------------------------------
def current_version(draft: Draft) -> Version:
    """The text under negotiation: the draft's latest version."""
    latest = draft.versions.order_by("-sequence").first()
    if latest is None:
        raise ApplicationError(f"{draft} has no text to negotiate yet.")
    return latest


def _paragraph(version: Version, lineage):
    row = version.paragraphs.filter(lineage=lineage, kind__in=PROPOSABLE).first()
    if row is None:
        raise ApplicationError("That paragraph is not in the text any more; reload the page.")
    return row


def _same_words(row, base_text: str | None) -> None:
    if base_text is not None and " ".join(base_text.split()) != row.text:
        raise ApplicationError("The paragraph changed since you opened it: reload the page to see its current words.")


def _label(version: Version, lineage) -> str:
    from negotiation.selectors import version_paragraphs

    rows = version_paragraphs(version)
    by_id = {r.pk: r for r in rows}
    for row in rows:
        if str(row.lineage) == str(lineage):
            label = getattr(row, "label", "") or row.number or "paragraph"
            parent = by_id.get(row.parent_id)
            if row.kind == SUBPARAGRAPH and parent is not None:
                return subparagraph_label(getattr(parent, "label", ""), row.number)
            return label
    return "paragraph"


@transaction.atomic
def proposal_create(*, version: Version, lineage, kind: str, user, text: str = "", after_lineage=None,
                    reason: str = "", on_behalf_of: Delegation | str | None = None, base_text: str | None = None) -> Proposal:
    """A delegate proposes, for one paragraph of the current text: new wording, its deletion,
    a new paragraph after it, a move (after ``after_lineage``), or an alternative in brackets.
    ``base_text``: the words the delegate saw; refused if the paragraph changed since."""
    delegation = roles.delegation_of(user)
    if delegation is None:
        raise ApplicationError("Only delegates make proposals, for their delegation.")
    if kind not in Proposal.Kind.values:
        raise ApplicationError(f"Unknown kind of proposal “{kind}”.")
    draft = version.draft
    if current_version(draft).pk != version.pk:
        raise ApplicationError("The text has moved on since you opened it: reload, and propose on the current text.")
    row = _paragraph(version, lineage)
    _same_words(row, base_text)
    text = " ".join((text or "").split())
    if kind in (Proposal.Kind.AMEND, Proposal.Kind.INSERT, Proposal.Kind.ALTERNATIVE) and not text:
        raise ApplicationError("Write the wording you propose.", field="text")
    if kind == Proposal.Kind.AMEND and text == row.text:
        raise ApplicationError("The wording proposed is the paragraph's current wording.", field="text")
    if kind == Proposal.Kind.MOVE:
        if after_lineage and str(after_lineage) == str(lineage):
            raise ApplicationError("A paragraph cannot move after itself.")
        if after_lineage:
            _paragraph(version, after_lineage)
    if isinstance(on_behalf_of, str):
        on_behalf_of = delegation_by_name(on_behalf_of) if on_behalf_of.strip() else None
    if on_behalf_of is not None and not on_behalf_of.is_group:
        raise ApplicationError(f"{on_behalf_of} is not a group; a delegation proposes on behalf of a group.", field="on_behalf_of")
    proposal = Proposal(
        draft=draft, version=version, lineage=row.lineage, label=_label(version, row.lineage), kind=kind,
        base_text=row.text, text=text if kind != Proposal.Kind.DELETE else "",
        after_lineage=after_lineage if kind == Proposal.Kind.MOVE else None, reason=reason.strip(),
        delegation=delegation, on_behalf_of=on_behalf_of, author=user,
    )
    return validated_save(proposal, reason=f"{delegation} proposed {proposal.get_kind_display()} for {proposal.label}", user=user)


@transaction.atomic
def proposal_respond(*, proposal: Proposal, stance: str, user) -> Stance | None:
    """Support or object (``stance`` "support" / "object"), or take the stance back ("none").
    One stance per delegation: the latest click wins, and no click is lost to another's."""
    delegation = roles.delegation_of(user)
    if delegation is None:
        raise ApplicationError("Only delegates support or object, for their delegation.")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in OPEN_KINDS:
        raise ApplicationError(f"This proposal is {proposal.get_status_display()}; it takes no more support or objections.")
    if proposal.delegation_id == delegation.pk:
        raise ApplicationError("A delegation does not support or object to its own proposal.")
    if stance == "none":
        for found in Stance.objects.filter(proposal=proposal, delegation=delegation):
            found._change_reason = f"{delegation} took back its stance"
            found.delete()
        return None
    if stance not in Stance.Kind.values:
        raise ApplicationError(f"Unknown stance “{stance}”.")
    found = Stance.objects.filter(proposal=proposal, delegation=delegation).first()
    if found is None:
        found = Stance(proposal=proposal, delegation=delegation)
    found.kind, found.user = stance, user
    return validated_save(found, reason=f"{delegation} {found.get_kind_display()} the proposal", user=user,
                          exclude=["proposal", "delegation"] if found.pk is None else None)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if roles.delegation_of(user) is None or roles.delegation_of(user).pk != proposal.delegation_id:
        raise ApplicationError(f"Only {proposal.delegation} can withdraw its proposal.")
    if proposal.status not in OPEN_KINDS:
        raise ApplicationError(f"This proposal is already {proposal.get_status_display()}.")
    proposal.status = Proposal.Status.WITHDRAWN
    return validated_save(proposal, reason=f"{proposal.delegation} withdrew its proposal", user=user)


@transaction.atomic
def proposal_accept(*, proposal: Proposal, user, accepted: bool = True) -> Proposal:
    """The facilitator marks a proposal agreed (to incorporate), or back to open."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not roles.can_facilitate(user, proposal.draft):
        raise ApplicationError(f"Only the facilitator of {proposal.draft} (or the secretariat) decides on proposals.")
    if proposal.status not in OPEN_KINDS:
        raise ApplicationError(f"This proposal is {proposal.get_status_display()}.")
    proposal.status = Proposal.Status.ACCEPTED if accepted else Proposal.Status.OPEN
    return validated_save(proposal, reason="Agreed by the facilitator" if accepted else "Reopened by the facilitator", user=user)


# --- paragraph status -----------------------------------------------------------------------
def default_status(*texts: str, final: bool = False) -> str:
    """See ``negotiation.models.default_status``: the paragraph's words, sub-paragraphs included."""
    return models_default_status(texts, final=final)


@transaction.atomic
def paragraph_status_set(*, version: Version, lineage, status: str, user, note: str = "") -> ParagraphStatus:
    """The facilitator sets where a paragraph stands: pending, bracketed, agreed ad ref,
    agreed, deleted. One row per (version, paragraph), written by upsert."""
    if not roles.can_facilitate(user, version.draft):
        raise ApplicationError(f"Only the facilitator of {version.draft} (or the secretariat) sets paragraph status.")
    if status not in ParagraphStatus.Status.values:
        raise ApplicationError(f"Unknown status “{status}”.")
    if current_version(version.draft).pk != version.pk:
        raise ApplicationError("The text has moved on since you opened it: reload the page.")
    row = _paragraph(version, lineage)
    found, _ = ParagraphStatus.objects.select_for_update().get_or_create(
        version=version, lineage=row.lineage, defaults={"status": status, "set_by": user, "note": note[:300]},
    )
    found.status, found.note, found.set_by = status, note.strip()[:300], user
    return validated_save(found, reason=f"{_label(version, row.lineage)}: {found.get_status_display()}", user=user)


def statuses_of(version: Version, rows) -> dict[str, str]:
    """Status of each top-level paragraph (by lineage string) of ``version``, defaults
    included (``rows``: the version's stored paragraphs, in order)."""
    stored = {str(s.lineage): s.status for s in version.paragraph_statuses.all()}
    words: dict[int, list[str]] = {}
    for r in rows:
        key = r.pk if r.kind in TOP_KINDS else r.parent_id
        if r.kind in PROPOSABLE and key is not None:
            words.setdefault(key, []).append(r.text)
    final = version.kind == Version.Kind.FINAL
    return {str(r.lineage): str(stored.get(str(r.lineage)) or default_status(*words.get(r.pk, [r.text]), final=final))
            for r in rows if r.kind in TOP_KINDS}


# --- changing the text: resolving brackets, incorporating ---------------------------------
@dataclass
class BracketGroup:
    """Adjacent outermost bracket spans of a paragraph: alternatives, or one bracketed run."""

    index: int
    start: int
    end: int
    alternatives: list[str]  # the wording inside each span ("/"-separated parts count too)


def bracket_groups(text: str) -> list[BracketGroup]:
    """The paragraph's outermost bracket groups, in order: "[shall][should]" is one group of
    two alternatives; "[to enhance]" a group of one."""
    spans = [s for s in bracket_spans(text) if s.depth == 1 and s.closed]
    groups: list[list] = []
    for span in spans:
        if groups and not text[groups[-1][-1].end:span.start].strip(" /") or (
            groups and text[groups[-1][-1].end:span.start].strip().upper() == "OR"
        ):
            groups[-1].append(span)
        else:
            groups.append([span])
    result = []
    for k, group in enumerate(groups):
        alternatives = []
        for span in group:
            inner = text[span.start + 1:span.end - 1]
            alternatives.extend(part.strip() for part in inner.split("/")) if len(group) == 1 and "/" in inner and "[" not in inner \
                else alternatives.append(inner.strip())
        result.append(BracketGroup(index=k, start=group[0].start, end=group[-1].end, alternatives=alternatives))
    return result


def resolved_text(text: str, group_index: int, choice: int | None) -> str:
    """``text`` with bracket group ``group_index`` resolved: alternative ``choice`` kept (its
    brackets lifted), or, with ``choice`` None, the brackets of a one-span group lifted."""
    groups = bracket_groups(text)
    if not 0 <= group_index < len(groups):
        raise ApplicationError("That bracket is not in the paragraph any more; reload the page.")
    group = groups[group_index]
    if choice is None:
        if len(group.alternatives) != 1:
            raise ApplicationError("These brackets hold alternatives: choose one.")
        choice = 0
    if not 0 <= choice < len(group.alternatives):
        raise ApplicationError("Choose one of the alternatives in the brackets.")
    kept = group.alternatives[choice]
    before, after = text[:group.start], text[group.end:]
    joined = before + kept + after
    return " ".join(joined.split())


@transaction.atomic
def bracket_resolve(*, version: Version, lineage, group_index: int, choice: int | None, user, base_text: str | None = None):
    """The facilitator resolves one bracket group of a paragraph: a new working revision
    (started from the current text if it is issued, and shared: the facilitator's text is for
    every delegation), the paragraph's lineage kept. ``base_text``: the words the facilitator
    saw; refused if they changed since (the group index would name another bracket)."""
    from negotiation.services.editing import paragraph_update, working_version_start

    draft = version.draft
    if not roles.can_facilitate(user, draft):
        raise ApplicationError(f"Only the facilitator of {draft} (or the secretariat) resolves brackets.")
    if current_version(draft).pk != version.pk:
        raise ApplicationError("The text has moved on since you opened it: reload the page.")
    row = _paragraph(version, lineage)
    _same_words(row, base_text)
    new_text = resolved_text(row.text, group_index, choice)
    working = version if not version.is_issued else working_version_start(draft=draft, user=user)
    _share(working, user)
    result = paragraph_update(version=working, lineage=str(row.lineage), text=new_text, base_revision=working.revision,
                              base_text=row.text, user=user)
    _carry_statuses(version, result.version, user)
    rebase_open_proposals(result.version)
    return result


def apply_proposals(items, proposals: list[Proposal]):
    """The merge module's items with ``proposals`` applied in order (pure: no database).
    Returns (items, applied, outdated)."""
    from negotiation.text.merge import Item

    items = list(items)
    applied, outdated = [], []
    for p in proposals:
        index = next((k for k, i in enumerate(items) if i.lineage == str(p.lineage)), None)
        if index is None:
            outdated.append(p)
            continue
        item = items[index]
        if p.kind in (Proposal.Kind.AMEND, Proposal.Kind.ALTERNATIVE):
            # An alternative stands beside the paragraph's wording, both in brackets (UN
            # practice for "Alt." wording): "[current] [alternative]".
            wording = p.text if p.kind == Proposal.Kind.AMEND else f"{_bracketed(item.text)} [{p.text}]"
            if p.kind == Proposal.Kind.AMEND:
                merged = merge_text(p.base_text, p.text, item.text)
                if not merged.clean:
                    outdated.append(p)
                    continue
                wording = merged.text
            items[index] = Item(item.lineage, item.kind, wording, item.parent, item.level, item.number, section=item.section)
        elif p.kind == Proposal.Kind.DELETE:
            items.pop(index)
            items = [i for i in items if i.parent != item.lineage]
        elif p.kind == Proposal.Kind.INSERT:
            end = index + 1
            while end < len(items) and items[end].parent == item.lineage:
                end += 1
            # A new paragraph after a sub-paragraph is a sub-paragraph of the same paragraph.
            items.insert(end, Item(str(uuid.uuid4()), item.kind, p.text, item.parent, item.level, "", section=item.section))
        elif p.kind == Proposal.Kind.MOVE:
            block = [item] + [i for i in items if i.parent == item.lineage]
            rest = [i for i in items if i not in block]
            if p.after_lineage:
                at = next((k for k, i in enumerate(rest) if i.lineage == str(p.after_lineage)), None)
                if at is None:
                    outdated.append(p)
                    continue
                while at + 1 < len(rest) and rest[at + 1].parent == str(p.after_lineage):
                    at += 1
                items = rest[:at + 1] + block + rest[at + 1:]
            else:
                first = next((k for k, i in enumerate(rest) if i.kind == item.kind and i.parent is None), 0)
                items = rest[:first] + block + rest[first:]
        applied.append(p)
    return items, applied, outdated


def _bracketed(text: str) -> str:
    """``text`` as one bracketed alternative: as it is when it already is one."""
    spans = bracket_spans(text)
    whole = any(s.depth == 1 and s.start == 0 and s.end == len(text) and s.closed for s in spans)
    return text if whole or (text.endswith("]") and text.startswith("[")) else f"[{text}]"


@transaction.atomic
def proposals_incorporate(*, version: Version, user):
    """The facilitator turns every agreed proposal on ``version`` into a new working revision,
    in one action. Open proposals stay open and are rebased onto it."""
    from negotiation.services.editing import save_from_states, version_items, working_version_start

    draft = version.draft
    if not roles.can_facilitate(user, draft):
        raise ApplicationError(f"Only the facilitator of {draft} (or the secretariat) incorporates proposals.")
    if current_version(draft).pk != version.pk:
        raise ApplicationError("The text has moved on since you opened it: reload the page.")
    accepted = list(Proposal.objects.select_for_update().filter(draft=draft, version=version, status=Proposal.Status.ACCEPTED)
                    .order_by("created_at", "pk"))
    if not accepted:
        raise ApplicationError("No proposal is agreed yet: mark the agreed proposals first.")
    working = version if not version.is_issued else working_version_start(draft=draft, user=user)
    _share(working, user)
    base = version_items(working)
    mine, applied, outdated = apply_proposals(base, accepted)
    result = save_from_states(version=working, base_revision=working.revision, base=base, mine=mine, user=user)
    for p in applied:
        p.status, p.version = Proposal.Status.INCORPORATED, result.version
        validated_save(p, reason=f"Incorporated into {result.version.label}", user=user)
    for p in outdated:
        p.status = Proposal.Status.OUTDATED
        validated_save(p, reason="Could not be applied to the current words", user=user)
    _carry_statuses(version, result.version, user)
    rebase_open_proposals(result.version)
    return result, applied, outdated


def _share(working: Version, user) -> None:
    """The facilitator's revised text is read by every delegation."""
    if not working.is_shared:
        working.is_shared = True
        validated_save(working, reason="Shared: the facilitator's revised text", user=user)


def _carry_statuses(old: Version, new: Version, user) -> None:
    if old.pk == new.pk:
        return
    lineages = set(new.paragraphs.values_list("lineage", flat=True))
    for status in old.paragraph_statuses.all():
        if status.lineage in lineages:
            ParagraphStatus.objects.get_or_create(version=new, lineage=status.lineage,
                                                  defaults={"status": status.status, "note": status.note, "set_by": status.set_by})
