"""The draft list and the draft page: thin views over selectors."""
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from negotiation import selectors
from negotiation.models import Body, Delegation, Draft


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
    })


def draft_detail_view(request, draft_id: int, version_id: int | None = None):
    try:
        draft = selectors.draft_with_versions(draft_id)
    except Draft.DoesNotExist as exc:
        raise Http404("No such draft.") from exc
    versions = list(draft.versions.all())
    if not versions:
        raise Http404("This draft has no text yet.")
    version = get_object_or_404(draft.versions, pk=version_id) if version_id else versions[-1]
    version.draft = draft
    sponsorships = list(
        draft.sponsorships.select_related("delegation", "on_behalf_of", "joined_version", "withdrawn_version")
    )
    timeline = [
        {"version": v, "sponsors": selectors.sponsors_as_of(v, sponsorships)} for v in versions
    ]
    for v in versions:
        v.draft = draft
    return render(request, "negotiation/draft_detail.html", {
        "draft": draft,
        "version": version,
        "paragraphs": selectors.version_paragraphs(version),
        "sponsors": selectors.sponsors_as_of(version, sponsorships),
        "timeline": timeline,
    })
