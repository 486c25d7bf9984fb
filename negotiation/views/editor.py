"""The paragraph editor of a working version, its live redline, the conflict screen, and the
secretariat's issue / oral revision buttons. Thin: parse the request, call one service."""
import json
from datetime import date as date_type

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from negotiation import roles, selectors
from negotiation.errors import ApplicationError
from negotiation.limits import text_limits
from negotiation.models import Draft, Sponsorship, Version
from negotiation.selectors.convergence import block_statuses
from negotiation.selectors.following import is_following
from negotiation.services.editing import (
    EditConflict,
    last_issued_before,
    oral_revision_record,
    save_from_states,
    suggested_labels,
    version_items,
    version_share,
    working_issue,
    working_version_start,
)
from negotiation.services.redlines import is_heavy
from negotiation.text.merge import Conflict, Item, blocks_from_items, items_from_blocks, renumber, resolve, to_parsed
from negotiation.text.redline import redline, word_diff

TOKEN_SALT = "negotiation.editor"


def draft_editing_context(user, draft: Draft, versions: list[Version], sponsorships: list[Sponsorship]) -> dict:
    """What the draft page needs for its editing and sponsorship buttons (no extra queries
    beyond the user's delegation)."""
    delegation = roles.delegation_of(user)
    mine = next((s for s in sponsorships if delegation and s.delegation_id == delegation.pk and s.withdrawn_on is None), None)
    issued = [v for v in versions if v.is_issued]
    return {
        "working": versions[-1] if versions and not versions[-1].is_issued else None,
        "latest_issued": issued[-1] if issued else None,
        "my_delegation": delegation,
        "my_sponsorship": mine,
        "is_secretariat": roles.is_secretariat(user),
        "suggested": suggested_labels(draft, versions),
        "following": is_following(user, draft),
    }


def _working(draft_id: int, version_id: int) -> Version:
    version = get_object_or_404(Version.objects.select_related("draft__body", "parent"), pk=version_id, draft_id=draft_id)
    return version


def _sign(data: dict) -> str:
    return signing.dumps(data, salt=TOKEN_SALT, compress=True)


def _unsign(token: str) -> dict:
    try:
        return signing.loads(token, salt=TOKEN_SALT)
    except (signing.BadSignature, TypeError) as exc:
        raise ApplicationError("The editor's form has expired or was altered; reload the editor (your text is below).") from exc


def _items(data: list[dict]) -> list[Item]:
    return [Item(**d) for d in data]


def _posted_state(request) -> list[Item]:
    try:
        blocks = json.loads(request.POST.get("state", ""))
        if not isinstance(blocks, list) or len(blocks) > 5000:
            raise ValueError("not a list of paragraphs")
        return items_from_blocks(blocks)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ApplicationError("The editor sent a text that could not be read; reload the page.") from exc


@require_POST
def editor_start_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    try:
        version = working_version_start(draft=draft, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("draft_detail", draft.pk)
    return redirect("editor", draft.pk, version.pk)


def editor_view(request, draft_id: int, version_id: int):
    version = _working(draft_id, version_id)
    if version.is_issued:
        messages.error(request, f"{version.full_label} is issued and can no longer change; edit the working text instead.")
        return redirect("version_detail", draft_id, version_id)
    if not roles.can_edit_text(request.user, version.draft):
        messages.error(request, f"Only delegates of a main sponsor of {version.draft} can edit its text.")
        return redirect("draft_detail", draft_id)
    if request.method != "POST":
        items = version_items(version)
        return _render_editor(request, version, items, items, version.revision)
    mine = token = None
    try:
        mine = _posted_state(request)
        token = _unsign(request.POST.get("token", ""))
        result = save_from_states(version=version, base_revision=token["revision"], base=_items(token["base"]), mine=mine, user=request.user)
    except EditConflict as conflict:
        return _render_conflict(request, version, conflict)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        base = _items(token["base"]) if token is not None else version_items(version)
        revision = token["revision"] if token is not None else version.revision
        return _render_editor(request, version, base, mine if mine is not None else base, revision, status=400)
    text = f"Saved: revision {result.revision} of {version.label}."
    if result.was_stale:
        text += " Others saved in the meantime; their changes were kept"
        text += (", and merged with yours in " + ", ".join(result.merged_labels) + ".") if result.merged_labels else "."
    messages.success(request, text)
    return redirect("editor", draft_id, version_id)


def _render_editor(request, version: Version, base: list[Item], mine: list[Item], revision: int, status: int = 200):
    against = last_issued_before(version)
    max_chars = text_limits().max_paragraph_chars
    blocks = blocks_from_items(renumber(mine))
    block_statuses(version, blocks)  # each paragraph's status in the negotiation, for its badge
    return render(request, "negotiation/editor.html", {
        "draft": version.draft, "version": version, "against": against,
        "blocks": blocks,
        "token": _sign({"revision": revision, "base": [i.to_dict() for i in base]}),
        "max_chars": max_chars, "max_chars_display": f"{max_chars:,}",
    }, status=status)


def _render_conflict(request, version: Version, conflict: EditConflict):
    """Each conflicting paragraph by its label, who changed it and when, both texts side by side."""
    names = conflict.labels
    rows = []
    for i, c in enumerate(conflict.conflicts):
        author = conflict.authors.get(c.lineage)
        rows.append({
            "conflict": c, "label": names[c.lineage], "index": i, "author": author,
            "sentence": author.sentence(names[c.lineage]) if author else f"Someone else changed {names[c.lineage]} while you were editing it",
            "who": ("you, in another window" if author.is_you else author.name) if author else "the other user",
            "segments": word_diff(c.theirs or "", c.mine or "") if c.mine is not None and c.theirs is not None else None,
        })
    token = _sign({
        "revision": conflict.revision, "base": [i.to_dict() for i in conflict.current],
        "merged": [i.to_dict() for i in conflict.merged], "conflicts": [c.to_dict() for c in conflict.conflicts],
    })
    return render(request, "negotiation/conflict.html", {
        "draft": version.draft, "version": version, "rows": rows, "token": token, "message": conflict.message,
        "labels": _and([row["label"] for row in rows]),
    }, status=409)


def _and(words: list[str]) -> str:
    """"OP3", "OP3 and PP2", "OP3, OP5 and PP2"."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


@require_POST
def conflict_resolve_view(request, draft_id: int, version_id: int):
    """The user's choice for each conflicting paragraph, then the save again."""
    version = _working(draft_id, version_id)
    try:
        token = _unsign(request.POST.get("token", ""))
        conflicts = [Conflict(**c) for c in token["conflicts"]]
        choices = {}
        for i, c in enumerate(conflicts):
            choice = request.POST.get(f"choice-{i}", "")
            if choice == "mine":
                choices[c.lineage] = c.mine
            elif choice == "theirs":
                choices[c.lineage] = c.theirs
            elif choice == "edited":
                choices[c.lineage] = request.POST.get(f"text-{i}", "").strip() or None
                if choices[c.lineage] is None:
                    raise ApplicationError("The text you wrote for a paragraph is empty: write it, or keep one of the two texts.")
            else:
                raise ApplicationError("Choose a text for every paragraph in conflict.")
        mine = resolve(_items(token["merged"]), conflicts, choices)
        save_from_states(version=version, base_revision=token["revision"], base=_items(token["base"]), mine=mine, user=request.user)
    except EditConflict as conflict:
        return _render_conflict(request, version, conflict)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("editor", draft_id, version_id)
    messages.success(request, "Saved with your choices.")
    return redirect("editor", draft_id, version_id)


@require_POST
def editor_preview_view(request, draft_id: int, version_id: int):
    """The unsaved working text against the last issued version, as redline HTML (for fetch)."""
    from negotiation.selectors.compare_rows import display_rows

    version = _working(draft_id, version_id)
    if not roles.can_edit_text(request.user, version.draft):
        raise Http404("No such version.")
    against = last_issued_before(version)
    try:
        mine = _posted_state(request)
    except ApplicationError as exc:
        return render(request, "negotiation/_editor_redline.html", {"error": exc.message}, status=400)
    if against is None:
        return render(request, "negotiation/_editor_redline.html", {"error": "There is no issued version to compare with."})
    old = selectors.version_parsed(against)
    paragraphs = len(mine) + against.paragraphs.count()
    characters = sum(len(i.text) for i in mine) + sum(len(p.full_text) for p in old.paragraphs)
    if is_heavy(paragraphs, characters):  # the same bound as the compare page: no heavy work here
        return render(request, "negotiation/_editor_redline.html", {
            "error": "This text is too long for a live preview. Save, then open the compare page: it computes "
                     "long redlines in the background."})
    result = redline(old, to_parsed(mine)).to_json()
    return render(request, "negotiation/_editor_redline.html", {
        "against": against, "result": result, "rows": display_rows(result, changes_only=True, hide_punctuation=False),
    })


@require_POST
def version_share_view(request, draft_id: int, version_id: int):
    version = _working(draft_id, version_id)
    try:
        version_share(version=version, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{version.label} is now shared: every delegation can read it.")
    return redirect("version_detail", draft_id, version_id)


def _date(value: str) -> date_type:
    try:
        return date_type.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ApplicationError("Give the date as YYYY-MM-DD.", field="date") from exc


@require_POST
def version_issue_view(request, draft_id: int, version_id: int):
    version = _working(draft_id, version_id)
    try:
        issued = working_issue(version=version, label=request.POST.get("label", ""), date=_date(request.POST.get("date", "")), user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("version_detail", draft_id, version_id)
    messages.success(request, f"Issued {issued.full_label}. The next working version will start from it.")
    return redirect("version_detail", draft_id, issued.pk)


@require_POST
def oral_revision_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    try:
        version = oral_revision_record(draft=draft, label=request.POST.get("label", ""), date=_date(request.POST.get("date", "")),
                                       text=request.POST.get("text", ""), user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("draft_detail", draft_id)
    messages.success(request, f"Recorded {version.full_label}.")
    return redirect("version_detail", draft_id, version.pk)
