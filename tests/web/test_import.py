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


# Page furniture, notices, Articles and brackets, through the real parser.

FURNISHED = """Italy: draft resolution

Strengthening cooperation

The General Assembly,

Recalling its resolution 19/1 and the report of the
2/3

V.11-81234 (E)

*1181234*

Secretary-General,

Noting with concern the rise of crime,

1. Requests the Office to report;

2. Invites Member States to [contribute [generously]];

3. Decides:

To remain seized of the matter;

To report back.
"""

TREATY = """Draft agreement

The Parties to this Agreement,

Recognizing the need for action,

Noting the report of the Secretary-General,

Have agreed as follows:

Article 4 (adaptation)

1. Parties shall adapt.

2. Parties shall [enhance [resilience]] [and report].

Article 5 (finance)

1. Finance shall flow.
"""


def _token(response) -> dict:
    from django.core import signing

    from negotiation.views.importing import TOKEN_SALT

    return signing.loads(response.context["token"], salt=TOKEN_SALT)


def _restore(client, reference, preview, line, **changes):
    return client.post(reverse("import"), {**_meta(reference), **_form_fields(preview), **changes, "restore": str(line)})


def test_lines_left_out_as_page_furniture_are_shown_struck_out_each_with_restore(client, delegate_user, reference):
    client.force_login(delegate_user)
    response = _preview(client, reference, text=FURNISHED)
    html = response.content.decode()
    assert [(r.line, r.text) for r in response.context["removed"]] == [(8, "2/3"), (10, "V.11-81234 (E)"), (12, "*1181234*")]
    assert "Left out as page furniture (3 lines)" in html
    assert '<span class="line-no">line 10</span> <del>V.11-81234 (E)</del>' in html
    assert re.search(r'<button type="submit" name="restore" value="8" class="restore"[^>]*>Restore</button>', html)
    assert _token(response)["source"] == FURNISHED.strip() and _token(response)["keep"] == []


def test_restore_parses_the_source_again_with_the_line_kept_and_nothing_is_saved(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=FURNISHED)
    assert preview.context["rows"][0]["text"] == "Recalling its resolution 19/1 and the report of the Secretary-General,"
    restored = _restore(client, reference, preview, 8)
    assert restored.status_code == 200
    assert [r["text"] for r in restored.context["rows"][:2]] == [
        "Recalling its resolution 19/1 and the report of the 2/3 Secretary-General,", "Noting with concern the rise of crime,"]
    assert [r.line for r in restored.context["removed"]] == [10, 12]
    assert _token(restored)["keep"] == [8] and _token(restored)["source"] == FURNISHED.strip()
    html = restored.content.decode()
    assert "Line 8 (“2/3”) is part of the text again." in html and "were undone" not in html
    assert "Restored as text: line 8." in html
    assert not Draft.objects.exists()
    again = _restore(client, reference, restored, 12)
    assert _token(again)["keep"] == [8, 12] and [r.line for r in again.context["removed"]] == [10]
    saved = client.post(reverse("import"), {**_meta(reference), **_form_fields(again), "action": "save"})
    assert saved.status_code == 302
    assert Paragraph.objects.filter(kind="preambular").first().text == (
        "Recalling its resolution 19/1 and the report of the 2/3 1181234 Secretary-General,")


def test_restore_in_an_uploaded_file_parses_the_text_read_from_it(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, file=SimpleUploadedFile("draft.txt", FURNISHED.encode("utf-8")))
    assert _token(preview)["source"].strip() == FURNISHED.strip()
    restored = _restore(client, reference, preview, 8)  # no file is sent again
    assert restored.status_code == 200
    assert restored.context["rows"][0]["text"] == "Recalling its resolution 19/1 and the report of the 2/3 Secretary-General,"


def test_restore_undoes_corrections_and_the_page_says_so_before_and_after(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=FURNISHED)
    fields = _form_fields(preview)
    fields["para_kind"][0] = "operative"
    applied = client.post(reverse("import"), {**_meta(reference), **fields, "action": "apply"})
    assert _rows(applied)[0] == ("OP1", "operative") and _token(applied)["corrected"] is True
    assert "Restore (undoes corrections)" in applied.content.decode()
    assert "the corrections you applied (joins, splits, kinds, title) are undone" in applied.content.decode()
    restored = _restore(client, reference, applied, 8)
    assert _rows(restored)[:2] == [("PP1", "preambular"), ("PP2", "preambular")]
    assert "the corrections you had made were undone" in restored.content.decode()
    assert _token(restored)["corrected"] is False
    # An edit typed but not applied is undone as well, and said so.
    fields = {**_form_fields(restored)}
    fields["para_text"][2] = "Requests the Office to report yearly;"
    again = client.post(reverse("import"), {**_meta(reference), **fields, "restore": "10"})
    assert "the corrections you had made were undone" in again.content.decode()
    assert again.context["rows"][2]["text"] == "Requests the Office to report;"


def test_restore_with_a_tampered_token_is_refused_and_nothing_written(client, delegate_user, reference):
    from django.core import signing

    client.force_login(delegate_user)
    preview = _preview(client, reference, text=FURNISHED)
    token = preview.context["token"]
    forged = signing.dumps({**_token(preview), "source": "The General Assembly,\n\n1. Decides to do otherwise."},
                           salt="another salt", compress=True)
    for bad in (token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"), forged):
        response = client.post(reverse("import"), {**_meta(reference), **_form_fields(preview), "token": bad, "restore": "8"})
        assert response.status_code == 400
        assert "The preview has expired or was altered; please import the text again." in response.content.decode()
    assert not Draft.objects.exists() and not Version.objects.exists()


def test_restoring_a_line_that_was_not_left_out_is_refused(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=FURNISHED)
    response = _restore(client, reference, preview, 3)
    assert response.status_code == 400
    assert "Line 3 was not left out of the text" in response.content.decode()


def test_notices_of_the_parser_are_shown_at_the_top_of_the_preview(client, delegate_user, reference):
    client.force_login(delegate_user)
    html = _preview(client, reference, text=FURNISHED).content.decode()
    notice = html.index("OP3 sub-paragraph (a) had no label (lost in extraction); restored in order.")
    assert html.index('class="warning import-notices"') < notice < html.index('name="para_text"')


def test_treaty_articles_are_headings_labelled_art_and_kept_through_save_to_the_draft_page(
        client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=TREATY)
    assert [r["label"] for r in preview.context["rows"]] == ["PP1", "PP2", "Art. 4.1", "Art. 4.2", "Art. 5.1"]
    html = preview.content.decode()
    assert html.count('<li class="preview-section level-1"><h2>Article 4 (adaptation)</h2></li>') == 1
    assert html.index("<h2>Article 4 (adaptation)</h2>") < html.index("Art. 4.1") < html.index("<h2>Article 5 (finance)</h2>")
    assert '<span class="bracket-count small">3 brackets</span>' in html
    assert ('Parties shall <span class="br br-d1">[enhance <span class="br br-d2">[resilience]</span>]</span> '
            '<span class="br br-d1">[and report]</span>.') in html
    saved = client.post(reverse("import"), {**_meta(reference), **_form_fields(preview), "action": "save"})
    assert saved.status_code == 302
    assert list(Paragraph.objects.filter(kind="operative").values_list("section", "number")) == [
        ("Article 4 (adaptation)", "1"), ("Article 4 (adaptation)", "2"), ("Article 5 (finance)", "1")]
    page = client.get(saved["Location"]).content.decode()
    assert page.count('<h3 class="section-head">Article 4 (adaptation)</h3>') == 1
    assert page.index("Article 4 (adaptation)</h3>") < page.index(">Art. 4.2</a>") < page.index("Article 5 (finance)</h3>")


def test_corrections_keep_the_article_of_each_paragraph(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=TREATY)
    fields = _form_fields(preview)
    fields["para_text"][2] = "Parties shall adapt.\n\nParties shall plan."
    applied = client.post(reverse("import"), {**_meta(reference), **fields, "action": "apply"})
    assert [r["label"] for r in applied.context["rows"]] == ["PP1", "PP2", "Art. 4.1", "Art. 4.2", "Art. 4.3", "Art. 5.1"]


def test_bracket_markup_escapes_the_text_before_wrapping_and_shows_depth():
    from negotiation.templatetags.negotiation_tags import bracket_html, bracket_markup
    from negotiation.text.brackets import BracketSpan

    assert bracket_markup("<b>no brackets</b>") == "&lt;b&gt;no brackets&lt;/b&gt;"
    assert str(bracket_html('a [<script>x</script> [&"]] b')) == (
        'a <span class="br br-d1">[&lt;script&gt;x&lt;/script&gt; <span class="br br-d2">[&amp;&quot;]</span>]</span> b')
    assert bracket_markup("[a] b]") == (
        '<span class="br br-d1 br-open" title="bracket not closed"><span class="br br-d1">[a]</span> b]</span>')
    assert bracket_markup("[[[[[x]]]]]").count("br-d4") == 2  # depth 5 is shown as the deepest shade
    # Spans that cross (not from bracket_spans) still give nested HTML.
    assert bracket_markup("abcdef", [BracketSpan(0, 3, 1), BracketSpan(2, 5, 1)]) == (
        '<span class="br br-d1">ab<span class="br br-d1">c</span></span><span class="br br-d1">de</span>f')


def test_with_the_real_parser_a_job_number_is_left_out_and_can_be_restored(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=FURNISHED)
    removed = {r.line: r.text for r in preview.context["removed"]}
    assert removed.get(10) == "V.11-81234 (E)"
    assert not any("V.11-81234" in r["text"] for r in preview.context["rows"])
    assert "<del>V.11-81234 (E)</del>" in preview.content.decode()
    restored = _restore(client, reference, preview, 10)
    assert restored.status_code == 200 and _token(restored)["keep"] == [10]
    assert 10 not in {r.line for r in restored.context["removed"]}
    assert any("V.11-81234 (E)" in r["text"] for r in restored.context["rows"])


def test_with_the_real_parser_articles_are_headings_and_labels(client, delegate_user, reference):
    client.force_login(delegate_user)
    preview = _preview(client, reference, text=TREATY)
    assert [r["label"] for r in preview.context["rows"]][-3:] == ["Art. 4.1", "Art. 4.2", "Art. 5.1"]
    assert "<h2>Article 5 (finance)</h2>" in preview.content.decode()
