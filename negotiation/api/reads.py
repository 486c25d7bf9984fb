"""The pages' visibility rules, for the API: what a user may read, or a 404.

Private working versions of other delegations never leak: drafts come from
``selectors.visible_drafts`` (a draft known only by such a text is not found) and versions
from ``selectors.visible_versions_q`` (the same rule as a query)."""
from rest_framework.exceptions import NotFound

from negotiation import roles, selectors
from negotiation.models import Draft, Version


def visible_draft(user, draft_id: int) -> Draft:
    draft = selectors.visible_drafts(user).select_related("body").filter(pk=draft_id).first()
    if draft is None:
        raise NotFound("No such draft.")
    return draft


def visible_versions(user, **filters):
    """Versions ``user`` may read (issued, shared, or the working texts of drafts the user's
    delegation sponsors or the user facilitates; all of them for the secretariat)."""
    versions = Version.objects.filter(**filters)
    visible = selectors.visible_versions_q(user)
    return versions if visible is None else versions.filter(visible)


def visible_version(user, version_id, what: str = "version") -> Version:
    version = visible_versions(user, pk=version_id).select_related("draft__body").first()
    if version is None:
        raise NotFound(f"No such {what}.")
    return version


def negotiated_version(user, draft: Draft) -> Version:
    """The text under negotiation (the draft's latest version) when ``user`` may read it, as
    the compilation page decides: readable versions, and facilitators always."""
    version = draft.versions.order_by("-sequence").first()  # services.negotiating.current_version
    if version is None:
        raise NotFound("This draft has no text yet.")
    readable = visible_versions(user, pk=version.pk).exists() or roles.can_facilitate(user, draft)
    if not readable:
        raise NotFound("The current text of this draft is not shared with you yet.")
    version.draft = draft
    return version
