from django.urls import path, register_converter

from negotiation.views import actions, compare, drafts, editor, importing, sponsorship


class DownloadFormat:
    regex = "docx|txt"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DownloadFormat, "fmt")

urlpatterns = [
    path("", drafts.draft_list_view, name="draft_list"),
    path("import/", importing.import_view, name="import"),
    path("drafts/<int:draft_id>/", drafts.draft_detail_view, name="draft_detail"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/", drafts.draft_detail_view, name="version_detail"),
    path("drafts/<int:draft_id>/compare/", compare.compare_view, name="compare"),
    path("drafts/<int:draft_id>/compare/status/", compare.compare_status_view, name="compare_status"),
    path("drafts/<int:draft_id>/compare/export.docx", compare.compare_docx_view, name="compare_docx"),
    path("drafts/<int:draft_id>/paragraphs/<uuid:lineage>/", drafts.paragraph_history_view, name="paragraph_history"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/download.<fmt:fmt>", drafts.version_download_view, name="version_download"),
    path("drafts/<int:draft_id>/actions/new/", actions.action_create_view, name="action_create"),
    path("reports/actions/", actions.report_actions_view, name="report_actions"),
    # Editing (issue 5)
    path("drafts/<int:draft_id>/edit/", editor.editor_start_view, name="editor_start"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/edit/", editor.editor_view, name="editor"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/edit/preview/", editor.editor_preview_view, name="editor_preview"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/edit/resolve/", editor.conflict_resolve_view, name="conflict_resolve"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/share/", editor.version_share_view, name="version_share"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/issue/", editor.version_issue_view, name="version_issue"),
    path("drafts/<int:draft_id>/oral-revision/", editor.oral_revision_view, name="oral_revision"),
    path("drafts/<int:draft_id>/sponsorship/join/", sponsorship.sponsorship_join_view, name="sponsorship_join"),
    path("drafts/<int:draft_id>/sponsorship/withdraw/", sponsorship.sponsorship_withdraw_view, name="sponsorship_withdraw"),
]
