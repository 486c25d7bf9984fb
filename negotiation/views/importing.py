"""Paste or upload a text, check and correct its paragraphs, then save it as a version."""
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.forms import ImportForm
from negotiation.models import Draft, Sponsorship
from negotiation.services.importing import import_save, text_parse
from negotiation.text.corrections import Correction, apply_corrections, editable_text
from negotiation.text.structure import ParsedText, paragraph_labels

TOKEN_SALT = "negotiation.import"


def _importable_drafts(user):
    if roles.is_secretariat(user):
        return Draft.objects.select_related("body").order_by("body__short_name", "-session", "symbol")
    delegation = roles.delegation_of(user)
    return Draft.objects.select_related("body").filter(
        Q(sponsorships__delegation=delegation, sponsorships__role=Sponsorship.Role.MAIN, sponsorships__withdrawn_on__isnull=True)
    ).distinct()


def import_view(request):
    if not roles.can_import(request.user):
        raise PermissionDenied("Only delegates and the secretariat can import texts.")
    drafts = _importable_drafts(request.user)
    if request.method != "POST":
        initial = {"draft": request.GET.get("draft")} if request.GET.get("draft") else {}
        return render(request, "negotiation/import.html", {"form": ImportForm(drafts=drafts, initial=initial)})
    form = ImportForm(request.POST, request.FILES, drafts=drafts)
    if not form.is_valid():
        return render(request, "negotiation/import.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        parsed = _first_parse(data) if "token" not in request.POST else _corrected(request.POST)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return render(request, "negotiation/import.html", {"form": form}, status=400)
    status = 200
    if request.POST.get("action") == "save":
        try:
            version = import_save(
                user=request.user, parsed=parsed, label=data["label"], kind=data["kind"], date=data["date"],
                draft=data["draft"], body=data["body"], session=data["session"], symbol=data["symbol"],
                title=request.POST.get("title", "").strip(), draft_kind=data["draft_kind"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, f"Saved {version.full_label}: {len(parsed.paragraphs)} paragraphs.")
            return redirect("version_detail", version.draft_id, version.pk)
    return render(request, "negotiation/import_preview.html", _preview_context(form, parsed), status=status)


def _first_parse(data) -> ParsedText:
    upload = data.get("file")
    if upload is not None:
        return text_parse(filename=upload.name, data=upload.read())
    if not data.get("text", "").strip():
        raise ApplicationError("Paste a text or choose a file to import.")
    return text_parse(text=data["text"])


def _corrected(post) -> ParsedText:
    try:
        parsed = ParsedText.from_dict(signing.loads(post["token"], salt=TOKEN_SALT))
    except (signing.BadSignature, TypeError, KeyError) as exc:
        raise ApplicationError("The preview has expired or was altered; please import the text again.") from exc
    joins = set(post.getlist("join"))
    corrections = [
        Correction(kind=kind, text=text, join_next=str(i) in joins)
        for i, (kind, text) in enumerate(zip(post.getlist("para_kind"), post.getlist("para_text")))
    ]
    if post.get("title", "").strip():
        parsed.title = post["title"].strip()
    return apply_corrections(parsed, corrections) if corrections else parsed


def _preview_context(form, parsed: ParsedText) -> dict:
    labels = paragraph_labels(parsed.paragraphs)
    rows = [
        {"index": i, "label": label, "kind": p.kind, "text": editable_text(p), "footnotes": p.footnotes,
         "lines": editable_text(p).count("\n") + 3}
        for i, (label, p) in enumerate(zip(labels, parsed.paragraphs))
    ]
    counts = {
        "pp": sum(p.kind == "preambular" for p in parsed.paragraphs),
        "op": sum(p.kind == "operative" for p in parsed.paragraphs),
        "footnotes": len(parsed.footnotes),
    }
    return {
        "form": form, "parsed": parsed, "rows": rows, "counts": counts,
        "token": signing.dumps(parsed.to_dict(), salt=TOKEN_SALT, compress=True),
    }
