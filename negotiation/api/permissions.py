"""Who may write through the API: the pages' rules, asked of ``negotiation.roles`` (the
services check them again; these only answer 403 with the services' words before any work)."""
from rest_framework.permissions import BasePermission

from negotiation import roles


class IsDelegate(BasePermission):
    """Joining or leaving a sponsorship, proposing, withdrawing a proposal: delegates only,
    for their own delegation (``roles.can_propose``; ``services.sponsorship.sponsor_join``)."""

    message = "Only delegates do this, for their own delegation."

    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        message = getattr(view, "delegates_only_message", None)
        if message:
            self.message = message
        return roles.can_propose(request.user)


def own_delegation(user, delegation_id: int) -> bool:
    """The user speaks for the delegation ``delegation_id`` (a proposal's proposer)."""
    delegation = roles.delegation_of(user)
    return delegation is not None and delegation.pk == delegation_id
