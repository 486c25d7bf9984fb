"""Import through the browser's forms: paste or upload, preview, correct, save; bad input."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from negotiation.models import Draft, Paragraph, Version
from tests.conftest import corpus_text
from tests.pdf_files import RESOLUTION_LINES, write_drawing_pdf, write_lines_pdf

SMALL = """Italy: draft resolution

Strengthening cooperation

The General Assembly,

Recalling its resolution 19/1,

Noting with concern the rise of crime,

1. Requests the Office to report;

2. Invites Member States to contribute;

3. Decides to remain seized of the matter.
"""


def _meta(reference, **extra):
    return {"body": reference["CCPCJ"].pk, "session": 20, "label": "Zero draft", "kind": "informal",
            "draft_kind": "resolution", **extra}


def _preview(client, reference, **fields):
    return client.post(reverse("import"), {**_meta(reference), **fields})


def _rows(response):
    return [(r["label"], r["kind"]) for r in response.context["rows"]]


def test_paste_shows_the_parsed_structure_before_saving(client, delegate_user, reference):
    client.force_login(delegate_user)
    response = _preview(client, reference, text=corpus_text("002"))
    assert response.status_code == 200
    assert response.context["counts"] == {"pp": 24, "op": 34, "footnotes": 12}
    assert "24 preambular, 34 operative paragraphs, 12 footnotes." in response.content.decode()
    assert not Draft.objects.exists()


def _form_fields(response):
    """What the browser would send back from the preview page, unchanged."""
    rows = response.context["rows"]
    return {
        "token": response.context["token"],
        "para_kind": [r["kind"] for r in rows],
        "para_text": [r["text"] for r in rows],
        "title": response.context["parsed"].title,
    }


def test_delegate_saves_a_new_draft_and_becomes_its_main_sponsor(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=SMALL)
    response = client.post(reverse("import"), {**_meta(reference), **_form_fields(preview), "action": "save"})
    assert response.status_code == 302
    draft = Draft.objects.get()
    version = draft.versions.get()
    assert version.label == "Zero draft" and not version.is_issued and version.kind == "informal"
    assert draft.sponsorships.get().delegation.short_name == "Italy"
    assert list(version.paragraphs.filter(kind="operative").values_list("number", flat=True)) == ["1", "2", "3"]


def test_corrections_join_split_and_change_kind_before_saving(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=SMALL)
    fields = _form_fields(preview)
    fields["para_kind"][1] = "operative"  # PP2 becomes OP1
    fields["para_text"][2] = "Requests the Office to report;\n\nAlso requests the Office to assist;"  # split
    fields["join"] = ["3"]  # OP2 joined with OP3
    applied = client.post(reverse("import"), {**_meta(reference), **fields, "action": "apply"})
    assert _rows(applied) == [("PP1", "preambular"), ("OP1", "operative"), ("OP2", "operative"), ("OP3", "operative"), ("OP4", "operative")]
    assert applied.context["rows"][4]["text"] == "Invites Member States to contribute; Decides to remain seized of the matter."
    assert not Draft.objects.exists()
    saved = client.post(reverse("import"), {**_meta(reference), **_form_fields(applied), "action": "save"})
    assert saved.status_code == 302
    assert Paragraph.objects.filter(kind="operative").count() == 4


def test_upload_of_a_docx_made_from_a_corpus_text(client, secretariat_user, reference):
    from negotiation.text.parse import parse_text
    from negotiation.text.readers import write_docx

    client.force_login(secretariat_user)
    data = write_docx(parse_text(corpus_text("003")))
    upload = SimpleUploadedFile("resolution.docx", data)
    response = _preview(client, reference, file=upload)
    assert response.status_code == 200
    assert response.context["counts"] == {"pp": 12, "op": 11, "footnotes": 2}


def test_new_version_of_an_existing_draft_inherits_lineage(client, delegate_user, draft_l13, reference):
    client.force_login(delegate_user)
    text = SMALL.replace("1. Requests", "1. Urges Member States to act;\n\n2. Requests").replace("2. Invites", "3. Invites").replace("3. Decides", "4. Decides")
    preview = client.post(reverse("import"), {**_meta(reference, draft=draft_l13.pk, label="Rolling text 1"), "text": text})
    saved = client.post(reverse("import"), {**_meta(reference, draft=draft_l13.pk, label="Rolling text 1"), **_form_fields(preview), "action": "save"})
    assert saved.status_code == 302
    old = {p.text: p.lineage for p in draft_l13.versions.get(label="L.13").paragraphs.all()}
    new = {p.text: p.lineage for p in draft_l13.versions.get(label="Rolling text 1").paragraphs.all()}
    assert new["Requests the Office to report;"] == old["Requests the Office to report;"]
    assert new["Decides to remain seized of the matter."] == old["Decides to remain seized of the matter."]
    assert new["Urges Member States to act;"] not in old.values()


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ".docx"),
    ("broken.docx", b"PK\x03\x04 this is not really a zip", "docx"),
    ("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, "corrupt or unreadable PDF"),
    ("scan.pdf", write_drawing_pdf(), "scanned images: no text to read; OCR it first"),
    ("binary.txt", bytes(range(256)) * 8, ""),
    ("nothing.txt", b"Just a note to colleagues about lunch.\n", ""),
])
def test_bad_uploads_get_a_clear_message_and_nothing_is_saved(client, delegate_user, reference, name, data, message):
    client.force_login(delegate_user)
    response = _preview(client, reference, file=SimpleUploadedFile(name, data))
    assert response.status_code == 400
    form_errors = [str(e) for errors in response.context["form"].errors.values() for e in errors]
    errors = [m.message for m in response.context["messages"]] + form_errors
    assert errors and message.lower() in errors[0].lower()
    assert errors[0] in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not Draft.objects.exists() and not Version.objects.exists()


def test_text_over_the_size_limit_is_refused(client, delegate_user, reference):
    client.force_login(delegate_user)
    big = SimpleUploadedFile("big.txt", b"Recalling things,\n\n" * (6 * 1024 * 1024 // 19))
    response = _preview(client, reference, file=big)
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()
    assert not Draft.objects.exists()


def test_upload_of_a_pdf_shows_its_paragraphs(client, delegate_user, reference):
    client.force_login(delegate_user)
    page = client.get(reverse("import")).content.decode()
    assert re.search(r'<input type="file"[^>]*accept="[^"]*\.pdf', page)
    response = _preview(client, reference, file=SimpleUploadedFile("draft.pdf", write_lines_pdf(RESOLUTION_LINES)))
    assert response.status_code == 200
    assert "Decides to remain seized of the matter." in response.content.decode()
    assert not Draft.objects.exists()


def test_uploads_and_pastes_are_held_to_the_deployments_text_limits(client, delegate_user, reference, settings):
    settings.TEXT_LIMITS = {"max_file_bytes": 1000, "max_text_chars": 100}
    client.force_login(delegate_user)
    response = _preview(client, reference, file=SimpleUploadedFile("big.txt", b"Recalling things,\n\n" * 60))
    assert response.status_code == 400
    assert "the limit is 1,000 bytes" in response.content.decode()
    response = _preview(client, reference, text="Recalling " + "x" * 100)
    assert response.status_code == 400
    assert "The text is 110 characters long; the limit is 100 characters." in response.content.decode()
    assert not Draft.objects.exists()


def test_tampered_preview_token_is_refused(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=SMALL)
    fields = {**_form_fields(preview), "token": "forged"}
    response = client.post(reverse("import"), {**_meta(reference), **fields, "action": "save"})
    assert not Draft.objects.exists()
    assert response.status_code == 400
    assert "expired or was altered" in response.content.decode()


def test_reviewers_cannot_import(client, reviewer_user, reference):
    client.force_login(reviewer_user)
    assert client.get(reverse("import")).status_code == 403
    assert _preview(client, reference, text=SMALL).status_code == 403


def test_delegate_of_a_non_sponsor_cannot_add_a_version(client, other_delegate_user, draft_l13, reference):
    client.force_login(other_delegate_user)
    response = client.post(reverse("import"), {**_meta(reference, draft=draft_l13.pk), "text": SMALL})
    assert response.status_code == 400  # the draft is not among the choices offered to this delegate
    assert draft_l13.versions.count() == 1


def test_delegate_cannot_give_a_symbol(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=SMALL)
    response = client.post(reverse("import"), {**_meta(reference, symbol="E/CN.15/2011/L.55"), **_form_fields(preview), "action": "save"})
    assert "Symbols are given by the secretariat" in response.content.decode()
    assert not Draft.objects.exists()


def test_secretariat_stores_an_issued_version_under_its_symbol(client, secretariat_user, reference):
    client.force_login(secretariat_user)
    meta = _meta(reference, symbol="E/CN.15/2011/L.55", label="L.55", kind="issued", date="2011-04-12")
    preview = client.post(reverse("import"), {**meta, "text": SMALL})
    saved = client.post(reverse("import"), {**meta, **_form_fields(preview), "action": "save"})
    assert saved.status_code == 302
    version = Version.objects.get()
    assert version.is_issued and version.full_label == "E/CN.15/2011/L.55"
    assert re.search(r"/drafts/\d+/versions/\d+/", saved["Location"])
