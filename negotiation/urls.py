from django.urls import path, register_converter

from negotiation.views import actions, compare, drafts, editor, importing, negotiating, sponsorship
from negotiation.views.akn import version_akn_view
from negotiation.views.following import follow_view, following_seen_view, following_view
from negotiation.views.pdf import redline_docx_view, redline_pdf_view, version_pdf_view
from negotiation.views.report_import import report_import_view
from negotiation.views.search import paragraph_origin_view, search_view


class DownloadFormat:
    regex = "docx|txt"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DownloadFormat, "fmt")

urlpatterns = [
    path("", drafts.draft_list_view, name="draft_list"),
    path("search/", search_view, name="search"),
    path("following/", following_view, name="following"),
    path("following/seen/", following_seen_view, name="following_seen"),
    path("drafts/<int:draft_id>/follow/", follow_view, name="follow"),
    path("paragraphs/<int:paragraph_id>/history/", paragraph_origin_view, name="paragraph_origin"),
    path("import/", importing.import_view, name="import"),
    path("drafts/<int:draft_id>/", drafts.draft_detail_view, name="draft_detail"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/", drafts.draft_detail_view, name="version_detail"),
    path("drafts/<int:draft_id>/compare/", compare.compare_view, name="compare"),
    path("drafts/<int:draft_id>/compare/status/", compare.compare_status_view, name="compare_status"),
    # The .docx redline with footnotes, Word moves and authors (views/pdf.py).
    path("drafts/<int:draft_id>/compare/export.docx", redline_docx_view, name="compare_docx"),
    path("drafts/<int:draft_id>/compare/redline.pdf", redline_pdf_view, name="compare_pdf"),
    path("drafts/<int:draft_id>/paragraphs/<uuid:lineage>/", drafts.paragraph_history_view, name="paragraph_history"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/download.<fmt:fmt>", drafts.version_download_view, name="version_download"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/akn.xml", version_akn_view, name="version_akn"),
    path("drafts/<int:draft_id>/versions/<int:version_id>/version.pdf", version_pdf_view, name="version_pdf"),
    path("drafts/<int:draft_id>/actions/new/", actions.action_create_view, name="action_create"),
    path("reports/actions/", actions.report_actions_view, name="report_actions"),
    path("reports/import/", report_import_view, name="report_import"),
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
    path("drafts/<int:draft_id>/symbol/", sponsorship.draft_symbol_view, name="draft_symbol"),
    # The negotiation: compilation, proposals, stances, status, brackets, incorporation (issue 11)
    path("drafts/<int:draft_id>/compilation/", negotiating.compilation_view, name="compilation"),
    path("drafts/<int:draft_id>/compilation/rows/", negotiating.compilation_rows_view, name="compilation_rows"),
    path("drafts/<int:draft_id>/compilation.docx", negotiating.compilation_docx_view, name="compilation_docx"),
    path("drafts/<int:draft_id>/compilation/incorporate/", negotiating.incorporate_view, name="incorporate"),
    path("drafts/<int:draft_id>/compilation/propose/", negotiating.proposal_create_view, name="proposal_create"),
    path("drafts/<int:draft_id>/compilation/proposals/<int:proposal_id>/respond/", negotiating.proposal_respond_view, name="proposal_respond"),
    path("drafts/<int:draft_id>/compilation/proposals/<int:proposal_id>/withdraw/", negotiating.proposal_withdraw_view, name="proposal_withdraw"),
    path("drafts/<int:draft_id>/compilation/proposals/<int:proposal_id>/accept/", negotiating.proposal_accept_view, name="proposal_accept"),
    path("drafts/<int:draft_id>/compilation/status/", negotiating.paragraph_status_view, name="paragraph_status"),
    path("drafts/<int:draft_id>/compilation/brackets/", negotiating.bracket_resolve_view, name="bracket_resolve"),
    path("drafts/<int:draft_id>/compilation/facilitator/", negotiating.facilitator_assign_view, name="facilitator_assign"),
]
