"""Search across everything a user may see, and where a hit's wording comes from (issue 15)."""
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from negotiation.selectors import search

HITS_PER_PAGE = 20


def search_view(request):
    """``/search/?q=...``: drafts by symbol and title, then paragraphs, ranked and paginated."""
    q = " ".join(request.GET.get("q", "").split())[: search.MAX_QUERY_CHARS]
    page, drafts, draft_count = None, [], 0
    if q:
        page = Paginator(search.paragraph_hits(request.user, q), HITS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = search.hits_decorate(request.user, list(page.object_list), q)
        if page.number == 1:
            drafts, draft_count = search.draft_hits(request.user, q)
    return render(request, "negotiation/search.html", {
        "q": q, "q_shown": search.quoted(q), "page": page, "drafts": drafts, "draft_count": draft_count,
        "full_text": search.full_text_search(),
    })


def paragraph_origin_view(request, paragraph_id: int):
    """``/paragraphs/<id>/history/``: the paragraph through every version of its draft."""
    history = search.paragraph_history(request.user, paragraph_id, request.GET.get("q", ""))
    if history is None:
        raise Http404("No such paragraph.")
    return render(request, "negotiation/paragraph_history.html", history)
