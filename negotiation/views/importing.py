"""Paste or upload a text, check and correct its paragraphs, then save it as a version."""
from dataclasses import dataclass, replace

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.forms import ImportForm
from negotiation.models import Draft, Sponsorship
from negotiation.selectors import section_heads
from negotiation.services.importing import import_save, text_parse, text_read
from negotiation.text.brackets import bracket_spans
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
        if "token" not in request.POST:
            preview = _first_parse(data)
        elif request.POST.get("restore"):
            preview = _restored(request, request.POST)
        else:
            preview = _corrected(request.POST)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return render(request, "negotiation/import.html", {"form": form}, status=400)
    parsed = preview.parsed
    status = 200
    if request.POST.get("action") == "save" and not request.POST.get("restore"):
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
    return render(request, "negotiation/import_preview.html", preview_context(form, preview), status=status)


@dataclass
class Preview:
    """What the preview page shows and its signed token carries between requests: the parsed
    text (with the corrections applied so far), the source text it was parsed from (for an
    upload, the text read from the file), the lines the user restored, and whether the
    parsed text holds corrections that a restore would undo."""

    parsed: ParsedText
    source: str
    keep: frozenset[int] = frozenset()
    corrected: bool = False

    def token(self) -> str:
        return signing.dumps(
            {"parsed": self.parsed.to_dict(), "source": self.source, "keep": sorted(self.keep), "corrected": self.corrected},
            salt=TOKEN_SALT, compress=True,
        )

    @classmethod
    def from_token(cls, token) -> "Preview":
        try:
            payload = signing.loads(token, salt=TOKEN_SALT)
            return cls(parsed=ParsedText.from_dict(payload["parsed"]), source=str(payload["source"]),
                       keep=frozenset(int(n) for n in payload["keep"]), corrected=bool(payload["corrected"]))
        except (signing.BadSignature, TypeError, KeyError, ValueError, AttributeError) as exc:
            raise ApplicationError("The preview has expired or was altered; please import the text again.") from exc


def _first_parse(data) -> Preview:
    upload = data.get("file")
    if upload is not None:
        source = text_read(filename=upload.name, data=upload.read())
    elif data.get("text", "").strip():
        source = data["text"]
    else:
        raise ApplicationError("Paste a text or choose a file to import.")
    return Preview(parsed=text_parse(text=source), source=source)


def _posted_corrections(post) -> list[Correction]:
    joins = set(post.getlist("join"))
    return [
        Correction(kind=kind, text=text, join_next=str(i) in joins)
        for i, (kind, text) in enumerate(zip(post.getlist("para_kind"), post.getlist("para_text")))
    ]


def _changes(post, parsed: ParsedText) -> bool:
    """Whether the posted form differs from ``parsed`` (an edit, join, kind or title change)."""
    posted = [(c.kind, c.text.replace("\r\n", "\n").strip(), c.join_next) for c in _posted_corrections(post)]
    shown = [(p.kind, editable_text(p).strip(), False) for p in parsed.paragraphs]
    title = post.get("title", "").strip()
    return bool(posted) and posted != shown or bool(title) and title != parsed.title


def _corrected(post) -> Preview:
    preview = Preview.from_token(post.get("token"))
    parsed = preview.parsed
    changed = _changes(post, parsed)
    corrections = _posted_corrections(post)
    if post.get("title", "").strip():
        parsed.title = post["title"].strip()
    if corrections:
        parsed = apply_corrections(parsed, corrections)
    return replace(preview, parsed=parsed, corrected=preview.corrected or changed)


def _restored(request, post) -> Preview:
    """Parse the source again with one more removed line kept as text. The corrections made
    so far (applied or only typed) are undone, as the page warned; the message says so."""
    preview = Preview.from_token(post.get("token"))
    removed = {r.line: r for r in preview.parsed.removed}
    try:
        line = int(post["restore"])
    except (KeyError, ValueError) as exc:
        raise ApplicationError("Choose a line to restore.") from exc
    if line not in removed:
        raise ApplicationError(f"Line {line} was not left out of the text; there is nothing to restore.")
    undone = preview.corrected or _changes(post, preview.parsed)
    keep = preview.keep | {line}
    restored = Preview(parsed=text_parse(text=preview.source, keep_lines=keep), source=preview.source, keep=keep)
    text = f"Line {line} (“{removed[line].text}”) is part of the text again."
    if undone:
        text += " The text was read again from the source, so the corrections you had made were undone."
    messages.info(request, text)
    return restored


def preview_context(form, preview: Preview) -> dict:
    parsed = preview.parsed
    labels = paragraph_labels(parsed.paragraphs)
    rows, previous = [], ""
    for i, (label, p) in enumerate(zip(labels, parsed.paragraphs)):
        text = editable_text(p)
        spans = bracket_spans(text)
        rows.append({
            "index": i, "label": label, "kind": p.kind, "text": text, "footnotes": p.footnotes,
            # rows for the whole paragraph at ~100 characters a line, so no text is hidden
            "lines": sum(len(line) // 100 + 1 for line in text.split("\n")) + 1, "section": p.section,
            "section_heads": section_heads(previous, p.section),
            "brackets": len(spans), "unclosed": sum(not s.closed for s in spans),
        })
        previous = p.section
    counts = {
        "pp": sum(p.kind == "preambular" for p in parsed.paragraphs),
        "op": sum(p.kind == "operative" for p in parsed.paragraphs),
        "footnotes": len(parsed.footnotes),
    }
    return {
        "form": form, "parsed": parsed, "rows": rows, "counts": counts, "token": preview.token(),
        "removed": parsed.removed, "notices": parsed.notices, "kept_lines": sorted(preview.keep),
        "corrected": preview.corrected,
    }
