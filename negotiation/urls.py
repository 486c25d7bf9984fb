from django.urls import path

from negotiation.views import drafts

urlpatterns = [
    path("", drafts.draft_list_view, name="draft_list"),
    path("drafts/<int:draft_id>/", drafts.draft_detail_view, name="draft_detail"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/", drafts.draft_detail_view, name="version_detail"),
]
