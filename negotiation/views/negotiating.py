"""The compilation page of a draft's negotiation (issue 11): the current text as a table, one
row per paragraph: its words with the brackets shaded by depth | the delegations' proposals
with supporters and objectors | the paragraph's status. The facilitator's buttons set status,
agree proposals, resolve brackets and incorporate; delegates propose, support and object.

Thin: every write is one call to ``negotiation.services.negotiating`` (its ``ApplicationError``
shown as a message, then back to the page with the filters and an anchor); the page's reads
are gathered once per request below (no query per row or per proposal).
"""
from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from negotiation import roles, selectors
from negotiation.errors import ApplicationError
from negotiation.models import Delegation, Draft, Facilitation, ParagraphStatus, Proposal, Stance, Version
from negotiation.services.editing import version_items
from negotiation.services.negotiating import (
    OPEN_KINDS,
    PROPOSABLE,
    apply_proposals,
    bracket_groups,
    bracket_resolve,
    current_version,
    facilitator_assign,
    paragraph_status_set,
    proposal_accept,
    proposal_create,
    proposal_respond,
    proposal_withdraw,
    proposals_incorporate,
    rebase_state,
    statuses_of,
)
from negotiation.text.brackets import bracket_count
from negotiation.text.export_docx import compilation_to_docx
from negotiation.text.merge import SUBPARAGRAPH, TOP_KINDS, to_parsed
from negotiation.text.redline import redline
from negotiation.text.structure import subparagraph_label
from negotiation.text.worddiff import word_diff

FILTER_KEYS = ("status", "delegation", "open")
STAMP_HEADER = "X-Compilation-Stamp"
INLINE_MOVE_OPTIONS = 60  # up to this many paragraphs, each "move after" select holds every option;
#                           beyond, compilation.js fills it from one page-level <template>.


# --- reading the request ---------------------------------------------------------------------
def _filters(params) -> dict[str, str]:
    """The page's filters from a query string: unknown values are dropped."""
    status = params.get("status", "").strip()
    return {
        "status": status if status in ParagraphStatus.Status.values else "",
        "delegation": " ".join(params.get("delegation", "").split())[:120],
        "open": "1" if params.get("open") == "1" else "",
    }


def _filter_query(filters: dict[str, str]) -> str:
    return urlencode({key: filters[key] for key in FILTER_KEYS if filters.get(key)})


def _page_url(draft_id: int, filters: dict[str, str], anchor: str = "") -> str:
    query = _filter_query(filters)
    return reverse("compilation", args=[draft_id]) + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def _back(request, draft_id: int, anchor: str = ""):
    """Back to the compilation page with the filters the form was posted from."""
    return redirect(_page_url(draft_id, _filters(QueryDict(request.POST.get("filters", ""))), anchor))


def _uuid(value: str, what: str = "paragraph") -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError) as exc:
        raise ApplicationError(f"That {what} is not in the text any more; reload the page.") from exc


def _digest(text: str) -> str:
    """A short fingerprint of a paragraph's words, posted back with forms that act on them."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


def _current(request, draft_id: int) -> tuple[Draft, Version, bool]:
    """The draft, its current version, and whether ``request.user`` may read that version
    (issued or shared texts: everyone; a private working text: its sponsors, the secretariat
    and the draft's facilitators)."""
    try:
        draft = selectors.draft_with_versions(draft_id)
    except Draft.DoesNotExist as exc:
        raise Http404("No such draft.") from exc
    versions = list(draft.versions.all())
    if not versions:
        raise Http404("This draft has no text yet.")
    version = current_version(draft)
    version.draft = draft
    visible = selectors.visible_versions(request.user, versions, list(draft.sponsorships.all()))
    readable = version.pk in {v.pk for v in visible} or roles.can_facilitate(request.user, draft)
    return draft, version, readable


def _readable_version(request, draft_id: int) -> tuple[Draft, Version]:
    draft, version, readable = _current(request, draft_id)
    if not readable:
        raise Http404("The current text of this draft is not shared with you yet.")
    return draft, version


# --- the page's reads (private helpers: no selector gives these yet) --------------------------
def _stamp(draft: Draft, version: Version) -> str:
    """Changes when anything the table shows changes: the current version (and its revision),
    any proposal, stance, paragraph status or facilitator of the draft (deletions included,
    through their history rows)."""
    parts: list = [version.pk, version.revision, version.is_shared]
    for model, where in (
        (Proposal.history.model, {"draft_id": draft.pk}),
        (Stance.history.model, {"proposal__draft_id": draft.pk}),
        (ParagraphStatus.history.model, {"version_id": version.pk}),
        (Facilitation.history.model, {"draft_id": draft.pk}),
    ):
        found = model.objects.filter(**where).aggregate(n=Count("history_id"), last=Max("history_id"))
        parts += [found["n"], found["last"]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def _proposal_view(p: Proposal, current: str | None, labels: dict[str, str], mine, facilitates: bool) -> dict:
    """One proposal as the table shows it: the redline of what it changes, its flags, its
    supporters and objectors, and the buttons ``mine`` (the user's delegation) may press."""
    live = p.status in OPEN_KINDS
    state = rebase_state(p, current) if live else None
    outdated = p.status == Proposal.Status.OUTDATED or bool(state and state.outdated)
    rebased = False
    move_to = ""
    if p.kind == Proposal.Kind.AMEND:
        if live and not outdated and current is not None and current != p.base_text:
            segments, rebased = word_diff(current, state.text), True
        else:
            segments = word_diff(p.base_text, p.text)
    elif p.kind == Proposal.Kind.DELETE:
        segments = [[-1, p.base_text]]
    elif p.kind == Proposal.Kind.INSERT:
        segments = [[1, p.text]]
    elif p.kind == Proposal.Kind.ALTERNATIVE:
        segments = [[1, f"[{p.text}]"]]
    else:
        segments = []
        if p.after_lineage is None:
            move_to = "to the top of its part"
        else:
            move_to = f"after {labels[str(p.after_lineage)]}" if str(p.after_lineage) in labels else "after a paragraph no longer in the text"
    stances = list(p.stances.all())
    my_stance = next((s.kind for s in stances if mine is not None and s.delegation_id == mine.pk), "")
    return {
        "proposal": p, "live": live, "outdated": outdated, "rebased": rebased, "segments": segments, "move_to": move_to,
        "supporters": [s.delegation for s in stances if s.kind == Stance.Kind.SUPPORT],
        "objectors": [s.delegation for s in stances if s.kind == Stance.Kind.OBJECT],
        "my_stance": my_stance,
        "can_respond": live and mine is not None and mine.pk != p.delegation_id,
        "can_withdraw": live and mine is not None and mine.pk == p.delegation_id,
        "can_decide": live and facilitates,
    }


def _involves(view: dict, delegation: str) -> bool:
    """The proposal is by ``delegation`` (or on its behalf) or supported by it."""
    p = view["proposal"]
    names = {p.delegation.short_name, p.on_behalf_of.short_name if p.on_behalf_of_id else ""}
    names.update(d.short_name for d in view["supporters"])
    return delegation.casefold() in {n.casefold() for n in names if n}


def _compilation(version: Version, user, filters: dict[str, str]) -> dict:
    """Everything the table shows, in a handful of queries whatever the number of paragraphs,
    proposals and stances. A row is a top-level paragraph with its sub-paragraphs ("parts":
    each takes proposals and has its own brackets)."""
    draft = version.draft
    paragraphs = selectors.version_paragraphs(version)
    by_pk = {p.pk: p for p in paragraphs}
    top = [p for p in paragraphs if p.kind in TOP_KINDS]
    labels = {str(p.lineage): p.label or p.number or "¶" for p in top}
    subs: dict[int, list] = defaultdict(list)
    for p in paragraphs:
        if p.kind == SUBPARAGRAPH and p.parent_id:
            owner = by_pk.get(p.parent_id)
            while owner is not None and owner.kind == SUBPARAGRAPH:  # (i) under (a) under OP1
                owner = by_pk.get(owner.parent_id)
            if owner is not None:
                subs[owner.pk].append(p)
    stored = {str(s.lineage): s for s in ParagraphStatus.objects.filter(version=version).select_related("set_by")}
    statuses = statuses_of(version, paragraphs)  # the one rule for a paragraph without a status set
    mine = roles.delegation_of(user)
    facilitates = roles.can_facilitate(user, draft)
    proposals = (
        Proposal.objects.filter(draft=draft)
        .select_related("delegation", "on_behalf_of")
        .prefetch_related(Prefetch("stances", queryset=Stance.objects.select_related("delegation").order_by("delegation__sort_name")))
        .order_by("created_at", "pk")
    )
    by_lineage: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        by_lineage[str(p.lineage)].append(p)

    rows, involved = [], {}
    counts = {"paragraphs": len(top), "open": 0, "accepted": 0, "brackets": 0, "statuses": defaultdict(int)}
    for p in top:
        key = str(p.lineage)
        parts = [{"lineage": key, "label": labels[key], "text": p.text, "sub": None}]
        parts += [{"lineage": str(s.lineage), "label": subparagraph_label(labels[key], s.number), "text": s.text, "sub": s}
                  for s in subs.get(p.pk, [])]
        views = []
        for part in parts:
            part["digest"] = _digest(part["text"])
            part["groups"] = ([{"index": g.index, "alternatives": list(enumerate(g.alternatives))} for g in bracket_groups(part["text"])]
                              if facilitates else [])
            views += [{**_proposal_view(x, part["text"], labels, mine, facilitates), "on": part["label"] if part["sub"] else ""}
                      for x in by_lineage.get(part["lineage"], [])]
        views.sort(key=lambda v: (v["proposal"].created_at, v["proposal"].pk))
        found = stored.get(key)
        status = statuses.get(key) or (found.status if found else ParagraphStatus.Status.PENDING)
        for view in views:
            x = view["proposal"]
            involved[x.delegation.short_name] = x.delegation
            if x.on_behalf_of_id:
                involved[x.on_behalf_of.short_name] = x.on_behalf_of
            for d in view["supporters"] + view["objectors"]:
                involved[d.short_name] = d
        brackets = sum(bracket_count(part["text"]) for part in parts)
        counts["open"] += sum(1 for v in views if v["proposal"].status == Proposal.Status.OPEN)
        counts["accepted"] += sum(1 for v in views if v["proposal"].status == Proposal.Status.ACCEPTED)
        counts["brackets"] += brackets
        counts["statuses"][status] += 1
        if filters["status"] and status != filters["status"]:
            continue
        if filters["open"] and not any(v["live"] for v in views):
            continue
        if filters["delegation"] and not any(_involves(v, filters["delegation"]) for v in views):
            continue
        rows.append({
            "paragraph": p, "lineage": key, "label": labels[key], "anchor": p.anchor, "section": p.section,
            "parts": parts, "subparagraphs": parts[1:], "brackets": brackets, "digest": parts[0]["digest"],
            "status": status, "status_display": ParagraphStatus.Status(status).label, "stored": found,
            "live": [v for v in views if v["live"]], "closed": [v for v in views if not v["live"]],
            "has_groups": any(part["groups"] for part in parts),
        })
    previous = ""
    for row in rows:  # Article headings above the rows shown (filters may hide the first of an Article)
        row["heads"] = selectors.section_heads(previous, row["section"])
        previous = row["section"] or previous
    counts["statuses"] = [(value, label, counts["statuses"][value]) for value, label in ParagraphStatus.Status.choices
                          if counts["statuses"][value]]
    return {
        "rows": rows, "counts": counts, "labels": labels, "top": top,
        "involved": sorted(involved.values(), key=lambda d: d.sort_name), "my_delegation": mine, "can_facilitate": facilitates,
    }


def _summary(counts: dict) -> str:
    parts = [f"{counts['paragraphs']} paragraphs", f"{counts['open']} open proposal{'s' if counts['open'] != 1 else ''}"]
    if counts["accepted"]:
        parts.append(f"{counts['accepted']} agreed to incorporate")
    parts.append(f"{counts['brackets']} bracket{'s' if counts['brackets'] != 1 else ''}")
    parts += [f"{n} {label}" for _, label, n in counts["statuses"]]
    return " · ".join(parts)


def _table_context(request, draft: Draft, version: Version, filters: dict[str, str], stamp: str = "") -> dict:
    data = _compilation(version, request.user, filters)
    groups = list(Delegation.objects.filter(Q(kind=Delegation.Kind.GROUP) | Q(short_name="European Union")).order_by("sort_name"))
    return {
        **data, "draft": draft, "version": version, "filters": filters, "filter_query": _filter_query(filters),
        "stamp": stamp or _stamp(draft, version), "summary": _summary(data["counts"]),
        "can_propose": roles.can_propose(request.user), "groups": groups,
        "kinds": Proposal.Kind.choices, "statuses": ParagraphStatus.Status.choices,
        "inline_move_options": len(data["top"]) <= INLINE_MOVE_OPTIONS,
    }


# --- pages -----------------------------------------------------------------------------------
@require_GET
def compilation_view(request, draft_id: int):
    draft, version, readable = _current(request, draft_id)
    filters = _filters(request.GET)
    if not readable:
        return render(request, "negotiation/compilation.html", {"draft": draft, "version": version, "unreadable": True})
    context = _table_context(request, draft, version, filters)
    may_assign = roles.is_secretariat(request.user) or roles.can_edit_text(request.user, draft)
    context.update({
        "facilitators": list(draft.facilitations.select_related("user").order_by("assigned_at")),
        "may_assign": may_assign,
        "users": list(get_user_model().objects.filter(is_active=True).order_by("username")) if may_assign else [],
        "delegation_choices": [d.short_name for d in context["involved"]]
        + ([filters["delegation"]] if filters["delegation"] and filters["delegation"] not in {d.short_name for d in context["involved"]} else []),
    })
    return render(request, "negotiation/compilation.html", context)


@never_cache
@require_GET
def compilation_rows_view(request, draft_id: int):
    """The table body alone, for the page's polling; the stamp says whether it changed. With
    ``since`` (the stamp the page has) and nothing changed: 204, no body (a cheap poll)."""
    draft, version = _readable_version(request, draft_id)
    stamp = _stamp(draft, version)
    if request.GET.get("since") == stamp:
        response = HttpResponse(status=204)
        response[STAMP_HEADER] = stamp
        return response
    context = _table_context(request, draft, version, _filters(request.GET), stamp=stamp)
    response = render(request, "negotiation/_compilation_rows.html", context)
    response[STAMP_HEADER] = context["stamp"]
    return response


@require_GET
def compilation_docx_view(request, draft_id: int):
    """The compilation (with the page's filters) as a landscape Word table."""
    draft, version = _readable_version(request, draft_id)
    data = _compilation(version, request.user, _filters(request.GET))
    rows = []
    for row in data["rows"]:
        rows.append({
            "label": row["label"], "heading": " › ".join(h["text"] for h in row["heads"]),
            "text": row["paragraph"].text,
            "subparagraphs": [f"{part['sub'].number} {part['text']}".strip() for part in row["subparagraphs"]],
            "brackets": row["brackets"], "status": row["status_display"], "note": row["stored"].note if row["stored"] else "",
            "proposals": [{
                "delegation": v["proposal"].delegation.short_name,
                "on_behalf_of": v["proposal"].on_behalf_of.short_name if v["proposal"].on_behalf_of_id else "",
                "kind": v["proposal"].get_kind_display() + (f" {v['move_to']}" if v["move_to"] else "") + (f" on {v['on']}" if v["on"] else ""),
                "status": v["proposal"].get_status_display(), "segments": v["segments"], "outdated": v["outdated"],
                "reason": v["proposal"].reason,
                "supporters": [d.short_name for d in v["supporters"]], "objectors": [d.short_name for d in v["objectors"]],
            } for v in row["live"]],
        })
    content = compilation_to_docx(rows, title=version.title or draft.title, version_label=version.full_label)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    name = "".join(c if c.isalnum() or c in ".-_" else "-" for c in version.full_label).strip("-") or "draft"
    response["Content-Disposition"] = f'attachment; filename="{name}-compilation.docx"'
    return response


def _preview(version: Version) -> dict:
    """What incorporating the agreed proposals on ``version`` would do, computed as the service
    will (``apply_proposals`` on the version's items), shown as the editor shows a live redline."""
    from negotiation.selectors.compare_rows import display_rows

    accepted = list(
        Proposal.objects.filter(draft=version.draft, version=version, status=Proposal.Status.ACCEPTED)
        .select_related("delegation", "on_behalf_of").order_by("created_at", "pk")
    )
    base = version_items(version)
    mine, applied, outdated = apply_proposals(base, accepted)
    old, new = to_parsed(base), to_parsed(mine)
    for parsed, items in ((old, base), (new, mine)):  # keep the Articles, so a treaty's labels read "Art. 4.2"
        sections = {i.lineage: i.section for i in items}
        for p in parsed.paragraphs:
            p.section = sections.get(p.lineage, "")
    result = redline(old, new).to_json()
    return {
        "accepted": accepted, "applied": applied, "outdated": outdated, "result": result,
        "rows": display_rows(result, changes_only=True, hide_punctuation=False),
        "elsewhere": Proposal.objects.filter(draft=version.draft, status=Proposal.Status.ACCEPTED).exclude(version=version).count(),
    }


@require_http_methods(["GET", "POST"])
def incorporate_view(request, draft_id: int):
    """GET: the redline incorporation would make; POST: incorporate (the facilitator)."""
    draft, version, _readable = _current(request, draft_id)
    if not roles.can_facilitate(request.user, draft):
        messages.error(request, f"Only the facilitator of {draft} (or the secretariat) incorporates proposals.")
        return redirect("compilation", draft.pk) if request.method == "GET" else _back(request, draft.pk)
    if request.method == "GET":
        return render(request, "negotiation/_compilation_incorporate.html", {"draft": draft, "version": version, **_preview(version)})
    shown = request.POST.get("proposals", "")
    agreed = ",".join(str(pk) for pk in Proposal.objects.filter(
        draft=draft, version=version, status=Proposal.Status.ACCEPTED).order_by("pk").values_list("pk", flat=True))
    if request.POST.get("version") != str(version.pk) or shown != agreed:
        messages.error(request, "The text or the agreed proposals changed since the preview: check the redline again.")
        return redirect("incorporate", draft.pk)
    try:
        result, applied, outdated = proposals_incorporate(version=version, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(request, draft.pk)
    text = (f"Incorporated {len(applied)} agreed proposal{'s' if len(applied) != 1 else ''} into "
            f"{result.version.label} (revision {result.revision}).")
    if outdated:
        text += f" {len(outdated)} could not be applied to the current words and {'are' if len(outdated) > 1 else 'is'} marked outdated."
    messages.success(request, text)
    return _back(request, draft.pk)


# --- writes ----------------------------------------------------------------------------------
def _proposal(draft_id: int, proposal_id: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("draft", "delegation"), pk=proposal_id, draft_id=draft_id)


@require_POST
def proposal_create_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    lineage = request.POST.get("lineage", "")
    anchor = f"p-{lineage}" if lineage else ""
    kind = request.POST.get("kind", "")
    text = request.POST.get("text", "")
    try:
        posted = request.POST.get("version", "")
        version = Version.objects.filter(pk=int(posted), draft=draft).first() if posted.isdigit() else None
        if version is None:
            raise ApplicationError("The text has moved on since you opened it: reload, and propose on the current text.")
        lineage = _uuid(lineage)
        row = version.paragraphs.filter(lineage=lineage, kind__in=PROPOSABLE).first()
        seen = request.POST.get(f"digest-{lineage}", "")
        if row is not None and seen and seen != _digest(row.text):
            raise ApplicationError("The paragraph's words changed since you opened the page (the working text was saved): "
                                   "reload, and propose on the current words.")
        after = request.POST.get("after_lineage", "").strip()
        behalf = request.POST.get("on_behalf_of", "").strip()
        group = None
        if behalf:
            group = Delegation.objects.filter(pk=behalf).first() if behalf.isdigit() else None
            if group is None:
                raise ApplicationError("Choose the group you propose for from the list.", field="on_behalf_of")
        proposal = proposal_create(
            version=version, lineage=lineage, kind=kind, user=request.user,
            text="" if kind in (Proposal.Kind.DELETE, Proposal.Kind.MOVE) else text,
            after_lineage=_uuid(after) if kind == Proposal.Kind.MOVE and after else None,
            reason=request.POST.get("reason", ""), on_behalf_of=group,
        )
    except ApplicationError as exc:
        wording = " ".join(text.split())
        note = f" Your wording was: “{wording[:600]}”." if wording and kind not in (Proposal.Kind.DELETE, Proposal.Kind.MOVE) else ""
        messages.error(request, exc.message + note)
        return _back(request, draft.pk, anchor)
    messages.success(request, f"{proposal.delegation} proposed {proposal.get_kind_display()} for {proposal.label}.")
    return _back(request, draft.pk, f"proposal-{proposal.pk}")


@require_POST
def proposal_respond_view(request, draft_id: int, proposal_id: int):
    proposal = _proposal(draft_id, proposal_id)
    stance = request.POST.get("stance", "")
    try:
        proposal_respond(proposal=proposal, stance=stance, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        said = {"support": "support", "object": "objection"}.get(stance)
        messages.success(request, f"Your {said} to {proposal.delegation}'s proposal on {proposal.label} is recorded." if said
                         else f"Your stance on {proposal.delegation}'s proposal on {proposal.label} is taken back.")
    return _back(request, draft_id, f"proposal-{proposal.pk}")


@require_POST
def proposal_withdraw_view(request, draft_id: int, proposal_id: int):
    proposal = _proposal(draft_id, proposal_id)
    try:
        proposal_withdraw(proposal=proposal, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{proposal.delegation} withdrew its proposal on {proposal.label}.")
    return _back(request, draft_id, f"p-{proposal.lineage}")


@require_POST
def proposal_accept_view(request, draft_id: int, proposal_id: int):
    proposal = _proposal(draft_id, proposal_id)
    accepted = request.POST.get("accepted", "1") != "0"
    try:
        proposal_accept(proposal=proposal, user=request.user, accepted=accepted)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{proposal.delegation}'s proposal on {proposal.label} is "
                         + ("agreed: it will be incorporated." if accepted else "open again."))
    return _back(request, draft_id, f"proposal-{proposal.pk}")


@require_POST
def paragraph_status_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    lineage = request.POST.get("lineage", "")
    try:
        found = paragraph_status_set(version=current_version(draft), lineage=_uuid(lineage), status=request.POST.get("status", ""),
                                     note=request.POST.get("note", ""), user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Status set: {found.get_status_display()}.")
    return _back(request, draft.pk, f"p-{lineage}")


@require_POST
def bracket_resolve_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    lineage = request.POST.get("lineage", "")
    try:
        version = current_version(draft)
        if request.POST.get("version") != str(version.pk):
            raise ApplicationError("The text has moved on since you opened it: reload the page.")
        row = version.paragraphs.filter(lineage=_uuid(lineage), kind__in=PROPOSABLE).first()
        if row is not None and request.POST.get("digest") != _digest(row.text):
            # bracket groups are numbered in the words: on changed words the number may name another group
            raise ApplicationError("The paragraph's words changed since you opened the page: reload, and choose again.")
        group = request.POST.get("group", "")
        choice = request.POST.get("choice", "")
        if not group.isdigit() or not (choice == "" or choice.isdigit()):
            raise ApplicationError("That bracket is not in the paragraph any more; reload the page.")
        result = bracket_resolve(version=version, lineage=_uuid(lineage), group_index=int(group),
                                 choice=int(choice) if choice else None, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Bracket resolved: {result.version.label}, revision {result.revision}.")
    return _back(request, draft.pk, f"p-{lineage}")


@require_POST
def facilitator_assign_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    username = request.POST.get("username", "").strip()
    try:
        someone = get_user_model().objects.filter(username=username, is_active=True).first()
        if someone is None:
            raise ApplicationError("Choose the facilitator from the list of users.", field="username")
        facilitator_assign(draft=draft, user_to_assign=someone, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{someone.get_full_name() or someone.username} facilitates {draft}.")
    return _back(request, draft.pk)
