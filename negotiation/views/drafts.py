"""The draft list and the draft page: thin views over selectors."""
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiation import roles, selectors
from negotiation.models import Body, Delegation, Draft, Version
from negotiation.selectors.actions import draft_actions_context
from negotiation.selectors.convergence import draft_convergence, with_statuses
from negotiation.text.export_docx import version_to_docx, version_to_text
from negotiation.views.editor import draft_editing_context


def draft_list_view(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("body", "session", "status", "sponsor", "q")}
    page = Paginator(selectors.draft_list(**filters), 50).get_page(request.GET.get("page"))
    return render(request, "negotiation/draft_list.html", {
        "page": page,
        "filters": filters,
        "bodies": Body.objects.filter(drafts__isnull=False).distinct().order_by("short_name"),
        "sessions": Draft.objects.order_by("-session").values_list("session", flat=True).distinct(),
        "statuses": Draft.Status.choices,
        "sponsors": Delegation.objects.filter(sponsorships__isnull=False).distinct().order_by("sort_name"),
        "can_import": roles.can_import(request.user),
    })


def draft_detail_view(request, draft_id: int, version_id: int | None = None):
    try:
        draft = selectors.draft_with_versions(draft_id)
    except Draft.DoesNotExist as exc:
        raise Http404("No such draft.") from exc
    versions = list(draft.versions.all())
    if not versions:
        raise Http404("This draft has no text yet.")
    sponsorships = list(
        draft.sponsorships.select_related("delegation", "on_behalf_of", "joined_version", "withdrawn_version")
    )
    # Unshared working versions are private to the sponsors (and the secretariat).
    versions = selectors.visible_versions(request.user, versions, sponsorships)
    if not versions:
        raise Http404("This draft has no text you can read yet.")
    version = {v.pk: v for v in versions}.get(version_id) if version_id else versions[-1]
    if version is None:
        raise Http404("No such version.")
    version.draft = draft
    paragraphs = selectors.version_paragraphs(version)
    for v in versions:
        v.draft = draft
    convergence = draft_convergence(draft, versions)
    with_statuses(paragraphs, convergence.statuses_for(version))
    return render(request, "negotiation/draft_detail.html", {
        "draft": draft,
        "version": version,
        "paragraphs": paragraphs,
        "footnotes": [p for p in paragraphs if p.kind == "footnote"],
        "sponsors": selectors.sponsors_as_of(version, sponsorships),
        "versions": versions,
        "convergence": convergence,
        "can_edit_text": roles.can_edit_text(request.user, draft, sponsorships),
        "can_record_actions": roles.is_secretariat(request.user),
        **draft_actions_context(draft, versions, sponsorships, paragraphs),
        **draft_editing_context(request.user, draft, versions, sponsorships),
    })


def paragraph_history_view(request, draft_id: int, lineage):
    """One paragraph through every version of its draft, with what changed at each step."""
    draft = get_object_or_404(Draft.objects.select_related("body"), pk=draft_id)
    steps = selectors.paragraph_lineage(draft, lineage)
    visible = {v.pk for v in selectors.visible_versions(request.user, [s["version"] for s in steps], list(draft.sponsorships.all()))}
    steps = [s for s in steps if s["version"].pk in visible]
    if not steps:
        raise Http404("No such paragraph in this draft.")
    return render(request, "negotiation/paragraph_history.html", {"draft": draft, "steps": steps})


def version_download_view(request, draft_id: int, version_id: int, fmt: str):
    """A version as .docx or plain text, for reviewers and capitals."""
    version = get_object_or_404(Version.objects.select_related("draft__body"), pk=version_id, draft_id=draft_id)
    if not (version.is_issued or version.is_shared) and not selectors.may_read_working(
            request.user, list(version.draft.sponsorships.all()), version.draft_id):
        raise Http404("No such version.")
    parsed = selectors.version_parsed(version)
    heading = [line for line in (version.full_label, version.sponsor_line) if line]
    name = version.full_label.replace("/", "-").replace(",", "")
    if fmt == "docx":
        response = HttpResponse(version_to_docx(parsed, heading_lines=heading),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    else:
        text = version_to_text(parsed, mark_leads=False)
        response = HttpResponse("\n\n".join(heading + [text]), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
