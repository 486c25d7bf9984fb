from django.urls import path, register_converter

from negotiation.views import compare, drafts, importing



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
]
