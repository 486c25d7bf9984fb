"""/api/v1/: included by config/urls.py under the namespace "api".

DRF's views are exempt from the site's LoginRequiredMiddleware (DRF marks them
``login_required = False``), so a token is read before any redirect; they ask for
authentication themselves (401 without it). The documentation page sends anonymous visitors to
the login page like every page (``views.Docs``). Any other path under /api/v1/ is a JSON 404."""
from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound

from negotiation.api import views

app_name = "api"


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    raise NotFound("No such API endpoint.")


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.Docs.as_view(), name="docs"),
    path("bodies/", views.BodyList.as_view(), name="body_list"),
    path("bodies/<int:body_id>/", views.BodyDetail.as_view(), name="body_detail"),
    path("drafts/", views.DraftList.as_view(), name="draft_list"),
    path("drafts/<int:draft_id>/", views.DraftDetail.as_view(), name="draft_detail"),
    path("drafts/<int:draft_id>/versions/", views.DraftVersionList.as_view(), name="draft_versions"),
    path("drafts/<int:draft_id>/redline/", views.Redline.as_view(), name="redline"),
    path("drafts/<int:draft_id>/sponsorships/", views.SponsorshipList.as_view(), name="sponsorships"),
    path("drafts/<int:draft_id>/sponsorships/join/", views.SponsorshipJoin.as_view(), name="sponsorship_join"),
    path("drafts/<int:draft_id>/sponsorships/leave/", views.SponsorshipLeave.as_view(), name="sponsorship_leave"),
    path("drafts/<int:draft_id>/actions/", views.ActionList.as_view(), name="actions"),
    path("drafts/<int:draft_id>/proposals/", views.ProposalList.as_view(), name="proposals"),
    path("drafts/<int:draft_id>/proposals/<int:proposal_id>/withdraw/", views.ProposalWithdraw.as_view(), name="proposal_withdraw"),
    path("drafts/<int:draft_id>/paragraph-statuses/", views.ParagraphStatuses.as_view(), name="paragraph_statuses"),
    path("versions/<int:version_id>/", views.VersionDetail.as_view(), name="version_detail"),
    re_path(r"^.*$", not_found, name="not_found"),
]
