"""Print downloads: a version and a redline as PDF files, and the redline as a Word document
whose changes are real tracked changes with their authors, footnotes and moves.

The PDFs are HTML rendered by WeasyPrint (it needs Pango and fonts from the system: see
``.ci/run``), from Django templates (``templates/negotiation/pdf/``) and the stylesheet
``static/css/pdf.css`` read from disk, with the same data the pages use: the draft page's
``selectors.version_paragraphs`` and the compare page's version picking (``_versions``: the
same visibility rules), redline (``redline_state``: queued when large) and rows
(``display_rows``). Rendering fetches nothing: the HTML is built from the record alone.
"""
import re
from datetime import timezone

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from negotiation import selectors
from negotiation.models import Paragraph, Proposal, Version
from negotiation.selectors.compare_rows import display_rows
from negotiation.services.redlines import QUEUED, UNAVAILABLE, redline_state
from negotiation.text.export_docx import marker_text, redline_pieces, redline_to_docx
from negotiation.text.structure import sub_number
from negotiation.views.compare import TRY_AGAIN, _versions, compare_view

DEFAULT_AUTHOR = "Secretariat"
RETRY_SECONDS = 5  # a queued redline: the compare page polls about this often
_ITALIC = re.compile(r"\*([^*\n]+)\*")  # *Treaty Series* in footnotes (corpus 001)


# --- rendering ----------------------------------------------------------------------------


def _no_fetching():
    from weasyprint import URLFetcher

    class NoFetching(URLFetcher):
        """Nothing is loaded while rendering: no file, no network, whatever the text says."""

        def fetch(self, url, headers=None):
            raise ValueError(f"PDF rendering loads nothing: {url}")

    return NoFetching()


def stylesheet() -> str:
    path = finders.find("css/pdf.css")
    if not path:
        raise FileNotFoundError("static/css/pdf.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(template: str, context: dict) -> bytes:
    """The PDF of ``template`` rendered with ``context`` (WeasyPrint, A4, ``pdf.css``)."""
    from weasyprint import CSS, HTML

    fetcher = _no_fetching()
    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(string=stylesheet(), url_fetcher=fetcher)])


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(name)}.pdf"'
    return response


def _file_name(name: str) -> str:
    return name.replace("/", "-").replace(",", "").replace('"', "")


def _rich(text: str) -> str:
    """Escaped text with *markdown italics* as <em> (footnotes of corpus 001)."""
    return mark_safe(_ITALIC.sub(r"<em>\1</em>", escape(" ".join((text or "").split()))))


# --- the UN heading -----------------------------------------------------------------------

_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
          "nineteenth"]
_TENS = ["", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]
_CARDINALS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def ordinal_words(number: int) -> str:
    """20 -> "Twentieth", 66 -> "Sixty-sixth", as UN documents name sessions (1-99; else "80th")."""
    if 0 < number < 20:
        word = _UNITS[number]
    elif 20 <= number < 100:
        tens, units = divmod(number, 10)
        word = f"{_TENS[tens]}ieth" if not units else f"{_TENS[tens]}y-{_UNITS[units]}"
    else:
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        word = f"{number}{suffix}"
    return word[:1].upper() + word[1:]


def heading_context(version: Version) -> dict:
    """The masthead of a UN document: symbol and date top right, body, session, agenda item."""
    draft = version.draft
    agenda = (draft.agenda_item or "").strip()
    number, _, title = agenda.partition(":") if ":" in agenda else (agenda, "", "")
    symbol = version.full_label
    return {
        "symbol": symbol,
        # Draft resolutions are limited documents (L.); an adopted text is of general distribution.
        "distribution": "Limited" if "/L." in (draft.symbol or "") and version.kind != Version.Kind.FINAL else "General",
        "date": version.date,
        "body_name": draft.body.name,
        "session": f"{ordinal_words(draft.session)} session" if draft.session else "",
        "agenda_number": number.strip(),
        "agenda_title": title.strip(),
        "not_issued": "" if version.is_issued else (
            "Working version: not an issued document" if version.kind == Version.Kind.ISSUED
            else f"{version.get_kind_display().capitalize()}: not an issued document"),
    }


# --- a version ----------------------------------------------------------------------------


def readable_version(request, draft_id: int, version_id: int) -> Version:
    """The version, as ``drafts.version_download_view`` lets it be read: issued or shared, or a
    private working version for its sponsors and the secretariat; else 404."""
    version = get_object_or_404(Version.objects.select_related("draft__body"), pk=version_id, draft_id=draft_id)
    if not (version.is_issued or version.is_shared) and not selectors.may_read_working(
            request.user, list(version.draft.sponsorships.all()), version.draft_id):
        raise Http404("No such version.")
    return version


def version_pdf_context(version: Version) -> dict:
    """What ``pdf/version.html`` shows: the draft page's paragraphs (labels, italic leads,
    section headings), each footnote once, at its first citation, as a footnote of that page."""
    rows = selectors.version_paragraphs(version)
    notes = {marker_text(r.number): r.text for r in rows if r.kind == Paragraph.Kind.FOOTNOTE}
    placed = set()
    blocks = []
    for row in rows:
        if row.kind in (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE):
            calls = []
            for marker in row.footnote_markers or []:
                marker = marker_text(marker)
                first = marker in notes and marker not in placed
                placed.add(marker)
                calls.append({"marker": marker, "text": _rich(notes[marker]) if first else None})
            blocks.append({"kind": row.kind, "label": row.label, "number": row.number if row.kind == "operative" else "",
                           "lead": row.lead if row.rest is not None else "", "rest": row.rest if row.rest is not None else row.text,
                           "heads": row.section_heads, "first_operative": row.first_operative, "notes": calls})
        elif row.kind == Paragraph.Kind.SUBPARAGRAPH:
            blocks.append({"kind": "subparagraph", "number": sub_number(row.number or ""), "level": row.level or 1, "rest": row.text})
    return {
        **heading_context(version),
        "version": version, "draft": version.draft, "blocks": blocks,
        "title": version.title or version.draft.title,
        "annexes": [r.text for r in rows if r.kind == Paragraph.Kind.ANNEX],
        # Footnotes no paragraph cites (cited in the title, say) stand at the end.
        "uncited": [{"marker": m, "text": _rich(t)} for m, t in notes.items() if m not in placed],
    }


def version_pdf_view(request, draft_id: int, version_id: int):
    """A version as a PDF file in UN layout."""
    version = readable_version(request, draft_id, version_id)
    data = render_pdf("negotiation/pdf/version.html", version_pdf_context(version))
    return _pdf_response(data, version.full_label)


# --- a redline ----------------------------------------------------------------------------


def _wait(request, draft, old, new, state) -> HttpResponse:
    """A large redline not computed yet (202) or not computable now (503): try again shortly."""
    compare_url = reverse("compare", args=[draft.pk]) + f"?old={old.pk}&new={new.pk}"
    queued = state == QUEUED
    message = ("This is a long text: its redline is being computed in the background. Try the PDF again shortly."
               if queued else TRY_AGAIN)
    response = HttpResponse(render_to_string("negotiation/pdf/wait.html", {
        "message": message, "compare_url": compare_url, "retry_url": request.get_full_path(), "draft": draft,
        "seconds": RETRY_SECONDS if queued else 30,
    }, request=request), status=202 if queued else 503)
    response["Retry-After"] = str(RETRY_SECONDS if queued else 30)
    response["Cache-Control"] = "no-store"
    return response


def _user_name(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name() or user.get_username()
    profile = getattr(user, "delegate_profile", None)
    return f"{name} ({profile.delegation.short_name})" if profile is not None else name


def change_authors(old: Version, new: Version, rows: list[dict], old_parsed, new_parsed) -> list[str | None]:
    """Who made each row's change, where the record knows: the delegation whose proposal was
    incorporated into a version between ``old`` and ``new`` ("Argentina (on behalf of the
    Group of 77 and China)"), else the user whose save last touched the paragraph in ``new``
    (its history), else the user who stored ``new``; None for an unchanged row or when
    nobody is known (the export then says "Secretariat")."""
    def lineage(parsed, index):
        if isinstance(index, int) and 0 <= index < len(parsed.paragraphs):
            return parsed.paragraphs[index].lineage
        return None

    proposed, inserted = {}, {}
    if old.draft_id == new.draft_id and old.sequence < new.sequence:
        for p in (Proposal.objects.filter(draft_id=new.draft_id, status=Proposal.Status.INCORPORATED,
                                          version__sequence__gt=old.sequence, version__sequence__lte=new.sequence)
                  .select_related("delegation", "on_behalf_of")):
            who = p.delegation.short_name + (f" (on behalf of {p.on_behalf_of.in_running_text})" if p.on_behalf_of_id else "")
            if p.kind == Proposal.Kind.INSERT:
                inserted.setdefault(" ".join(p.text.split()), []).append(who)
            else:
                proposed.setdefault(str(p.lineage), []).append(who)
    # The last history record of each lineage in the new version (a deletion included).
    last_user = {}
    for lin, user_id in (Paragraph.history.filter(version_id=new.pk).order_by("history_date", "history_id")
                         .values_list("lineage", "history_user_id")):
        last_user[str(lin)] = user_id
    from django.contrib.auth import get_user_model

    ids = {i for i in last_user.values() if i} | ({new.created_by_id} if new.created_by_id else set())
    users = {u.pk: _user_name(u) for u in get_user_model().objects.filter(pk__in=ids).select_related("delegate_profile__delegation")}
    fallback = users.get(new.created_by_id)

    authors = []
    for row in rows:
        if row.get("status") == "unchanged":
            authors.append(None)
            continue
        new_lineage, old_lineage = lineage(new_parsed, row.get("new")), lineage(old_parsed, row.get("old"))
        names = proposed.get(new_lineage) or proposed.get(old_lineage)
        if not names and row.get("status") == "inserted" and isinstance(row.get("new"), int):
            names = inserted.get(" ".join(new_parsed.paragraphs[row["new"]].text.split()))
        if names:
            authors.append("; ".join(dict.fromkeys(names)))
            continue
        user_id = last_user.get(new_lineage) if new_lineage else last_user.get(old_lineage)
        authors.append(users.get(user_id) or fallback)
    return authors


def redline_export(request, draft_id: int) -> tuple:
    """(draft, old, new, state, rows with their authors, old ParsedText, new ParsedText); rows
    and texts are None while the redline is queued or unavailable (``state``)."""
    draft, _, old, new = _versions(request, draft_id)
    state, result = redline_state(old, new)
    if result is None:
        return draft, old, new, state, None, None, None
    old_parsed, new_parsed = selectors.version_parsed(old), selectors.version_parsed(new)
    rows = [dict(row) for row in result["paragraphs"]]
    for row, author in zip(rows, change_authors(old, new, rows, old_parsed, new_parsed)):
        if author:
            row["author"] = author
    return draft, old, new, state, {"result": result, "rows": rows}, old_parsed, new_parsed


def _piece_html(op: int, text: str, italic: bool) -> str:
    html = escape(text)
    if italic:
        html = f"<em>{html}</em>"
    return {1: f"<ins>{html}</ins>", -1: f"<del>{html}</del>"}.get(op, html)


def redline_pdf_context(draft, old, new, data: dict, old_parsed, new_parsed, *, changes_only=False,
                        hide_punctuation=False) -> dict:
    """What ``pdf/redline.html`` shows: the compare page's rows (labels "OP5 → OP6", notes,
    Article headings, its filters), each text with its italic lead, inserted and deleted words,
    the author where known, and the footnotes each side cites (one only the old text cites
    struck through, one only the new text cites underlined)."""
    # The compare page's rows, from the rows that carry their authors.
    shown = display_rows({**data["result"], "paragraphs": data["rows"]}, changes_only=changes_only,
                         hide_punctuation=hide_punctuation)
    placed = set()

    def cited(parsed, index) -> list[tuple[str, str]]:
        if parsed is None or not isinstance(index, int) or not 0 <= index < len(parsed.paragraphs):
            return []
        texts = {marker_text(f.marker): f.text for f in parsed.footnotes}
        return [(marker_text(m), texts[marker_text(m)]) for m in parsed.paragraphs[index].footnotes if marker_text(m) in texts]

    def call(marker: str, text: str, change: str) -> dict:
        first = (marker, text, change) not in placed
        placed.add((marker, text, change))
        return {"marker": marker, "text": _rich(text) if first else None, "change": change}

    rows = []
    for row in shown:
        if row.get("is_section"):
            rows.append(row)
            continue
        status = row["status"]
        old_notes, new_notes = cited(old_parsed, row.get("old")), cited(new_parsed, row.get("new"))
        if status == "deleted":
            calls = [call(m, t, "del") for m, t in old_notes]
        elif status == "inserted":
            calls = [call(m, t, "ins") for m, t in new_notes]
        else:  # a footnote both sides cite stays; the others are struck through or underlined
            calls = [call(m, t, "del") for m, t in old_notes if (m, t) not in new_notes]
            calls += [call(m, t, "" if (m, t) in old_notes else "ins") for m, t in new_notes]
        side, index = (new_parsed, row.get("new")) if row.get("new") is not None else (old_parsed, row.get("old"))
        number = ""
        if side is not None and isinstance(index, int) and 0 <= index < len(side.paragraphs):
            paragraph = side.paragraphs[index]
            number = paragraph.number if paragraph.kind == "operative" and paragraph.number else ""
        note = row.get("note") or ""
        if status == "moved":
            note = "; ".join(part for part in (f"moved from {row['old_label']}", note) if part)
        pieces = redline_pieces(row, old_parsed, new_parsed)
        rows.append({
            "label": row["label"], "status": status, "number": number, "note": note,
            "author": row.get("author", "") if status != "unchanged" else "",
            "html": mark_safe("".join(_piece_html(op, text, italic) for op, text, italic in pieces if text)),
            "notes": calls,
        })
    summary = data["result"].get("summary") or {}
    return {
        **heading_context(new),
        "draft": draft, "old": old, "new": new, "rows": rows, "summary": summary.get("line", ""),
        "title": new.title or draft.title, "changes_only": changes_only,
    }


def redline_pdf_view(request, draft_id: int):
    """The redline of ``?old=``/``?new=`` (as the compare page picks them) as a PDF file:
    insertions underlined, deletions struck through, moves marked. A large redline not ready
    yet answers 202 (queued) or 503 (background unreachable) with Retry-After, as the compare
    page says "try again shortly", rather than computing it in the request."""
    draft, old, new, state, data, old_parsed, new_parsed = redline_export(request, draft_id)
    if data is None:
        return _wait(request, draft, old, new, state)
    context = redline_pdf_context(draft, old, new, data, old_parsed, new_parsed,
                                  changes_only=request.GET.get("changes") == "1",
                                  hide_punctuation=request.GET.get("punct") == "0")
    return _pdf_response(render_pdf("negotiation/pdf/redline.html", context), f"redline {old.label} - {new.label}")


def redline_docx_view(request, draft_id: int):
    """The redline as a Word document with real tracked changes: each change by its author where known, footnotes as Word footnotes, moves as
    Word moves, the paragraphs numbered as the text has them. While a large redline is
    computed, the compare page answers with a message, as before."""
    draft, old, new, state, data, old_parsed, new_parsed = redline_export(request, draft_id)
    if data is None:
        if state != UNAVAILABLE:  # compare_view says "try again shortly" itself when unavailable
            messages.info(request, "The redline is still being computed; try the export again in a moment.")
        return compare_view(request, draft_id)
    date = new.created_at.astimezone(timezone.utc) if new.created_at else None
    document = redline_to_docx(data["rows"], title=new.title or draft.title, old_label=old.full_label,
                               new_label=new.full_label, author=DEFAULT_AUTHOR, date=date, old=old_parsed, new=new_parsed)
    response = HttpResponse(document, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(f"redline {old.label} - {new.label}")}.docx"'
    return response
