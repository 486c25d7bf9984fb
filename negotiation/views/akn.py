"""A version as Akoma Ntoso 3.0 XML (AKN4UN), for other systems: the same visibility as the
draft page (unshared working versions stay private to the sponsors and the secretariat)."""
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from negotiation import selectors
from negotiation.models import Version
from negotiation.selectors.akn import akn_filename, akn_version, version_akn


@require_GET
def version_akn_view(request, draft_id: int, version_id: int):
    try:
        version = akn_version(version_id, draft_id=draft_id)
    except Version.DoesNotExist as exc:
        raise Http404("No such version.") from exc
    if not (version.is_issued or version.is_shared) and not selectors.may_read_working(
            request.user, list(version.draft.sponsorships.all()), version.draft_id):
        raise Http404("No such version.")
    response = HttpResponse(version_akn(version), content_type="application/akn+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{akn_filename(version)}"'
    return response
