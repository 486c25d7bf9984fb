"""One-click co-sponsorship for delegates (POST, CSRF; a double click writes once); withdrawing
asks for confirmation first. The secretariat sets or corrects a draft's symbol."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.models import Draft
from negotiation.services.sponsorship import sponsor_join, sponsor_leave
from negotiation.services.versions import draft_symbol_set


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


@require_http_methods(["GET", "POST"])
def sponsorship_withdraw_view(request, draft_id: int):
    """GET: "Withdraw Italy from the sponsors of ...?" with the consequences; POST (confirmed): withdraw."""
    draft = get_object_or_404(Draft.objects.select_related("body"), pk=draft_id)
    delegation = roles.delegation_of(request.user)
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        mine = draft.sponsorships.filter(delegation=delegation, withdrawn_on__isnull=True).first() if delegation else None
        if mine is None:
            messages.info(request, f"Your delegation is not a sponsor of {draft}.")
            return redirect("draft_detail", draft.pk)
        if mine.role == mine.Role.MAIN:
            messages.error(request, f"{delegation} is a main sponsor of {draft}; a main sponsor withdraws through the secretariat.")
            return redirect("draft_detail", draft.pk)
        return render(request, "negotiation/sponsorship_withdraw.html", {"draft": draft, "sponsorship": mine})
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


@require_POST
def draft_symbol_view(request, draft_id: int):
    if not roles.is_secretariat(request.user):
        raise PermissionDenied("Only the secretariat sets a draft's symbol.")
    draft = get_object_or_404(Draft.objects.select_related("body"), pk=draft_id)
    try:
        draft = draft_symbol_set(draft=draft, symbol=request.POST.get("symbol", ""), user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The draft’s symbol is now {draft.symbol}.")
    return redirect("draft_detail", draft.pk)
