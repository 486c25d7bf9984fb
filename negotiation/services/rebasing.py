"""Open proposals follow the text: when a draft's text moves on (a version issued or imported,
a working text started or saved, proposals incorporated), each open proposal is rebased
three-way onto the new words (base -> proposal, base -> current, as the editor merges
concurrent edits) or flagged outdated. Never applied to words it was not made on.

Kept apart from ``negotiating`` so that the services that change text (editing, versions)
can call it without importing the negotiation services that call them.
"""
from __future__ import annotations

from dataclasses import dataclass

from negotiation.models import Proposal, Version
from negotiation.services.common import validated_save
from negotiation.text.merge import SUBPARAGRAPH, TOP_KINDS, merge_text

OPEN_KINDS = (Proposal.Status.OPEN, Proposal.Status.ACCEPTED)
PROPOSABLE = (*TOP_KINDS, SUBPARAGRAPH)


def rebase_open_proposals(version: Version) -> tuple[int, int]:
    """Bring the draft's open proposals onto ``version`` (its current text): a proposal whose
    paragraph's words changed is merged three-way (base -> proposal, base -> current) or marked
    outdated. Returns (rebased, outdated)."""
    open_proposals = list(Proposal.objects.select_for_update().filter(draft_id=version.draft_id, status__in=OPEN_KINDS))
    if not open_proposals:
        return 0, 0
    rows = {str(r.lineage): r for r in version.paragraphs.filter(kind__in=PROPOSABLE)}
    rebased = outdated = 0
    for p in open_proposals:
        row = rows.get(str(p.lineage))
        if p.version_id == version.pk and row is not None and row.text == p.base_text:
            continue  # made on these very words
        state = rebase_state(p, row.text if row else None)
        if state.outdated:
            p.status = Proposal.Status.OUTDATED
            validated_save(p, reason="The text moved on: the proposal no longer applies to its words")
            outdated += 1
            continue
        p.version, p.base_text, p.text = version, row.text, state.text
        validated_save(p, reason=f"Rebased onto {version.label}")
        rebased += 1
    return rebased, outdated


@dataclass
class RebaseState:
    outdated: bool
    text: str  # the proposal's wording on the current words


def rebase_state(p: Proposal, current: str | None) -> RebaseState:
    """What ``p`` becomes on the paragraph's ``current`` words (None: the paragraph is gone)."""
    if current is None:
        return RebaseState(True, p.text)
    if current == p.base_text or p.kind not in (Proposal.Kind.AMEND,):
        return RebaseState(False, p.text)
    merged = merge_text(p.base_text, p.text, current)
    return RebaseState(not merged.clean, merged.text if merged.clean else p.text)
