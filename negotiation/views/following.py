"""Following drafts: the personal "what changed since my last visit" page and the follow button."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from negotiation.errors import ApplicationError
from negotiation.models import Draft
from negotiation.selectors.following import followed_changes
from negotiation.services.following import digest_set, follow, mark_seen, unfollow


@login_required
def following_view(request):
    changes = followed_changes(request.user)
    return render(request, "negotiation/following.html", {
        "changes": changes, "new_count": sum(len(c.events) for c in changes),
    })


def _back(request, draft):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("draft_detail", draft.pk)


@login_required
@require_POST
def follow_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    what = request.POST.get("do", "follow")
    try:
        if what == "follow":
            follow(user=request.user, draft=draft)
            messages.success(request, f"You follow {draft}: its changes will show on your “Following” page.")
        elif what == "unfollow":
            unfollow(user=request.user, draft=draft)
            messages.info(request, f"You no longer follow {draft}.")
        elif what in ("digest_on", "digest_off"):
            digest_set(user=request.user, draft=draft, on=what == "digest_on")
            messages.success(request, f"E-mail digest for {draft}: {'on' if what == 'digest_on' else 'off'}.")
        elif what == "seen":
            mark_seen(user=request.user, draft=draft)
        else:
            raise ApplicationError("Unknown request.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(request, draft)


@login_required
@require_POST
def following_seen_view(request):
    mark_seen(user=request.user)
    messages.success(request, "Marked as seen: new changes will show from now on.")
    return redirect("following")
