"""One-click co-sponsorship for delegates (POST, CSRF; a double click writes once)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from negotiation.errors import ApplicationError
from negotiation.models import Draft
from negotiation.services.sponsorship import sponsor_join, sponsor_leave


@require_POST
def sponsorship_join_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    try:
        sponsorship, created = sponsor_join(draft=draft, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if created:
            messages.success(request, f"{sponsorship.delegation} joined the sponsors of {draft} on "
                                      f"{sponsorship.joined_on:%d %B %Y}, at {sponsorship.joined_version.label}.")
        else:
            messages.info(request, f"{sponsorship.delegation} already sponsors {draft} (since {sponsorship.joined_on:%d %B %Y}).")
    return redirect("draft_detail", draft.pk)


@require_POST
def sponsorship_withdraw_view(request, draft_id: int):
    draft = get_object_or_404(Draft, pk=draft_id)
    try:
        sponsorship, withdrawn = sponsor_leave(draft=draft, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if withdrawn:
            messages.success(request, f"{sponsorship.delegation} withdrew from the sponsors of {draft} on "
                                      f"{sponsorship.withdrawn_on:%d %B %Y}, at {sponsorship.withdrawn_version.label}.")
        else:
            messages.info(request, f"Your delegation is not a sponsor of {draft}.")
    return redirect("draft_detail", draft.pk)
