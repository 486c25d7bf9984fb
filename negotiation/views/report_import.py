"""The secretariat imports a session or committee report: choose where, paste or upload, preview
(nothing written), correct and choose, store the chosen actions in one transaction."""
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.forms_report_import import ReportImportForm
from negotiation.models import Action, Statement, Vote
from negotiation.selectors.actions import body_session, ordinal
from negotiation.services.report_import import FAILS, ReportNotStored, report_preview, report_store
from negotiation.text import reports

TEMPLATE = "negotiation/report_import.html"


def report_import_view(request):
    if not roles.is_secretariat(request.user):
        raise PermissionDenied("Only the secretariat imports session reports.")
    if request.method != "POST":
        initial = {}
        found = body_session(request.GET.get("session", ""))
        if found:
            initial = {"body": found[0].short_name, "session": found[1]}
        return render(request, TEMPLATE, {"form": ReportImportForm(initial=initial), "step": "start"})
    form = ReportImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form, "step": "start"}, status=400)
    form = _text_form(form)  # from here on the text is in the textarea, whatever its source
    if form.errors:  # e.g. a file whose text is over the limit
        return render(request, TEMPLATE, {"form": form, "step": "start"}, status=400)
    store_errors, status = [], 200
    if request.POST.get("step") == "store":
        if request.POST.get("previewed") != form.digest():
            messages.warning(request, "The text or the session changed since the preview: here is the new preview. "
                                      "Check it, then store again.")
        else:
            try:
                stored = report_store(paragraphs=_paragraphs(request.POST.getlist("paragraph")), user=request.user,
                                      **form.service_kwargs())
            except ReportNotStored as exc:
                messages.error(request, exc.message)
                store_errors, status = exc.errors, 400
            except ApplicationError as exc:
                messages.error(request, exc.message)
                status = 400
            else:
                return _result(request, form, stored)
    preview = report_preview(user=request.user, **form.service_kwargs())
    return render(request, TEMPLATE, _preview_context(request, form, preview, store_errors), status=status)


def _text_form(form: ReportImportForm) -> ReportImportForm:
    """The form again with the report's text (read from the upload, if any) in its textarea."""
    data = QueryDict(mutable=True)
    for key in ("body", "session", "year"):
        data[key] = form.data.get(key, "")
    if form.cleaned_data.get("create_missing"):
        data["create_missing"] = "on"
    data["text"] = form.cleaned_data["report_text"]
    shown = ReportImportForm(data)
    shown.is_valid()
    shown.filename = form.cleaned_data.get("filename", "")
    return shown


def _paragraphs(values) -> list[int]:
    out = []
    for value in values:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            raise ApplicationError(f"“{value}” is not a paragraph number.") from None
    return out


def _chosen(request, preview) -> set:
    """Checked boxes: on a first preview every action that would store; on a preview again,
    the officer's choice is kept for the actions shown before (``shown``), new ones checked."""
    post = request.POST
    shown, posted = set(post.getlist("shown")), set(post.getlist("paragraph"))
    return {c.paragraph for c in preview.checks
            if c.status != FAILS and (str(c.paragraph) not in shown or str(c.paragraph) in posted)}


def _preview_context(request, form, preview, store_errors) -> dict:
    chosen = _chosen(request, preview)
    failed_at_store = {e.get("paragraph"): e.get("reason") for e in store_errors}
    cards = [_card(check, chosen=check.paragraph in chosen, store_error=failed_at_store.get(check.paragraph))
             for check in preview.checks]
    return {
        "form": form, "step": "preview", "preview": preview, "cards": cards, "digest": form.digest(),
        "problems": _problems(preview),
        "session_key": form.session_key, "store_errors": store_errors,
        "counts": {"new": preview.count("new"), "already": preview.count("already"), "fails": preview.count(FAILS),
                   "chosen": len(chosen)},
        "report_url": _report_url(form.session_key),
    }


def _problems(preview) -> list[dict]:
    """The problems found, by paragraph: paragraphs not read, what the reader doubted in those it
    read, and actions that would not be stored (said once when the reasons are the same)."""
    checks = {c.paragraph: c for c in preview.checks}
    out = []
    for error in preview.problems:
        n, reason = error.get("paragraph"), _plain(error.get("reason"))
        check = checks.get(n)
        if check is None:
            out.append({"paragraph": n, "card": False, "text": f"was not read: {reason}"})
        elif check.status == FAILS:
            text = f"would not be stored: {check.reason}"
            out.append({"paragraph": n, "card": True, "text": text if reason in check.reason else f"{text} (and the reader says: {reason})"})
        else:
            out.append({"paragraph": n, "card": True, "text": f"was read, but: {reason}"})
    listed = {p["paragraph"] for p in out}
    out += [{"paragraph": c.paragraph, "card": True, "text": f"would not be stored: {c.reason}"}
            for c in preview.failures if c.paragraph not in listed]
    return sorted(out, key=lambda p: p["paragraph"] or 0)


def _report_url(session_key: str) -> str:
    return reverse("report_actions") + "?" + urlencode({"session": session_key}, safe="/")


def _result(request, form, stored):
    recorded = [(a, a.report_paragraph) for a in sorted(stored.recorded, key=lambda a: a.report_paragraph or 0)]
    already = list(Action.objects.filter(body=form.cleaned_data["body"], version__draft__session=form.cleaned_data["session"],
                                         report_paragraph__in=stored.already)
                   .select_related("version__draft").order_by("report_paragraph"))
    for action in [a for a, _ in recorded] + already:
        action.meeting_ordinal = ordinal(action.meeting_number)
    n, m = len(stored.recorded), len(stored.already)
    if n:
        messages.success(request, f"{n} action{'s' if n != 1 else ''} recorded"
                                  f"{f', {m} already recorded' if m else ''}.")
    else:
        messages.info(request, f"No action recorded: {m} already recorded.")
    return render(request, TEMPLATE, {
        "form": form, "step": "result", "recorded": [a for a, _ in recorded], "already": already,
        "already_paragraphs": stored.already, "session_key": form.session_key, "report_url": _report_url(form.session_key),
        "import_url": reverse("report_import") + "?" + urlencode({"session": form.session_key}, safe="/"),
    })


# --- one card per action: the action dict as plain display values -------------------------------

# Keys shown in their own place on the card; any other key the parser gives is listed as it is.
SHOWN_KEYS = {
    "paragraph", "meeting", "date", "document", "revision_note", "outcome", "recommended_to", "for_adoption_by",
    "sponsors", "introduced_by", "financial_statement", "financial_statement_document", "result", "text_at",
    "title", "vote", "subsequently_joined", "statements", "draft_label", "draft_kind",
}
# Keys that only say how the report worded the paragraph, or where in it a part was told: not
# shown. What the reader keeps for the record (an amendment, notes, who submitted) is shown.
HIDDEN_KEYS = (set(reports.WORDING_KEYS) | {"names_written", "lead_form", "amends_inferred", "result_form"}) - {
    "subject", "amends", "submitted_by", "notes", "programme_budget_implications"}
STATEMENT_SHOWN = {"timing", "role", "roles", "delegations", "text", "lead", "kind", "on_behalf_of", "id"} | set(
    reports.STATEMENT_WORDING_KEYS)
VOTE_LISTS = (("in_favour", "In favour"), ("against", "Against"), ("abstaining", "Abstaining"))


def _plain(value) -> str:
    """Any value the parser may give, as words: lists joined, mappings as "key: value"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_plain(v)}" for k, v in value.items() if _plain(v))
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_plain(v) for v in value if _plain(v))
    return str(value)


def _label(key) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _names(values) -> str:
    names = [_plain(v) for v in values or [] if _plain(v)]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _date(value) -> str:
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def _outcome_label(item: dict) -> str:
    outcome = item.get("outcome")
    try:
        return Action.Outcome(outcome).label
    except ValueError:
        return _plain(outcome).replace("_", " ") or "outcome not given"


def _outcome(item: dict) -> str:
    """"approved and recommended to the Economic and Social Council for adoption by the General Assembly"."""
    if item.get("outcome") == Action.Outcome.RECOMMENDED:
        text = "approved and recommended"
        if item.get("recommended_to"):
            text += f" to the {_plain(item['recommended_to'])}"
        by = item.get("for_adoption_by")
        return text + (f" for adoption by the {_plain(by)}" if by else " for adoption")
    text = _outcome_label(item)
    if item.get("recommended_to"):
        text += f" (to the {_plain(item['recommended_to'])})"
    if item.get("for_adoption_by"):
        text += f" (for adoption by the {_plain(item['for_adoption_by'])})"
    return text


def _vote(vote) -> dict | None:
    if not vote:
        return None
    if not isinstance(vote, dict):
        return {"text": _plain(vote), "lists": []}
    kind = vote.get("kind")
    if kind == "consensus":
        text = "by consensus"
    else:
        try:
            text = Vote.Kind(kind).label
        except ValueError:
            text = _plain(kind).replace("_", " ") or "vote"
    counts = [f"{vote[k]} {label.lower()}" for k, label in VOTE_LISTS if vote.get(k) is not None]
    if counts:
        text += ": " + ", ".join(counts)
    lists = vote.get("lists") or {}
    shown_lists = []
    if isinstance(lists, dict) and any(lists.values()):
        for key, label in VOTE_LISTS:
            names = lists.get(key) or []
            shown_lists.append({"label": label, "count": len(names), "names": _names(names) or "none"})
        shown_lists += [{"label": _label(k), "count": len(v or []), "names": _names(v)}
                        for k, v in lists.items() if k not in dict(VOTE_LISTS)]
    extra = [(_label(k), _plain(v)) for k, v in vote.items()
             if k not in {"kind", "lists", *dict(VOTE_LISTS)} and _plain(v)]
    return {"text": text, "lists": shown_lists, "extra": extra}


def _sponsor(sponsor) -> str:
    if isinstance(sponsor, dict):
        name = _plain(sponsor.get("name"))
        group = sponsor.get("on_behalf_of")
        rest = [_plain(v) for k, v in sponsor.items() if k not in ("name", "on_behalf_of") and _plain(v)]
        return name + (f" (on behalf of the {_plain(group)})" if group else "") + (f" [{'; '.join(rest)}]" if rest else "")
    return _plain(sponsor)


def _statement(statement) -> dict:
    if not isinstance(statement, dict):
        return {"text": _plain(statement), "speakers": "", "timing": "", "kind": "", "extra": []}
    roles_of = statement.get("roles") if isinstance(statement.get("roles"), dict) else {}
    on_behalf = statement.get("on_behalf_of") if isinstance(statement.get("on_behalf_of"), dict) else {}
    speakers = []
    for name in statement.get("delegations") or []:
        capacity = _plain(roles_of.get(name) or statement.get("role"))
        group = on_behalf.get(name)
        note = ", ".join(filter(None, [capacity, f"on behalf of the {_plain(group)}" if group else ""]))
        speakers.append(f"{name} ({note})" if note else _plain(name))
    timing = statement.get("timing")
    kind = statement.get("kind")
    try:
        kind = Statement.Kind(kind).label if kind else ""
    except ValueError:
        kind = _plain(kind)
    return {
        "timing": {"before": "before the action", "after": "after the action"}.get(timing, _plain(timing)),
        "lead": _plain(statement.get("lead")), "kind": kind, "speakers": "; ".join(speakers),
        "text": _plain(statement.get("text")),
        "extra": [(_label(k), _plain(v)) for k, v in statement.items() if k not in STATEMENT_SHOWN and _plain(v)],
    }


def _card(check, *, chosen: bool, store_error: str | None) -> dict:
    item = check.item
    meeting = item.get("meeting")
    document = _plain(item.get("document")) or "an oral draft"
    if item.get("revision_note"):
        document += f", {_plain(item['revision_note'])}"
    return {
        "check": check, "paragraph": check.paragraph, "chosen": chosen, "store_error": store_error,
        "document": document, "draft_label": _plain(item.get("draft_label")),
        "meeting": f"{ordinal(meeting)} meeting" if isinstance(meeting, int) else _plain(meeting),
        "date": _date(item.get("date")), "outcome": _outcome(item), "outcome_label": _outcome_label(item),
        "vote": _vote(item.get("vote")),
        "sponsors": [_sponsor(s) for s in item.get("sponsors") or []],
        "introduced_by": _names(item.get("introduced_by")),
        "subsequently_joined": _names(item.get("subsequently_joined")),
        "financial_statement": bool(item.get("financial_statement")),
        "financial_statement_document": _plain(item.get("financial_statement_document")),
        "result": _plain(item.get("result")), "text_at": _plain(item.get("text_at")), "title": _plain(item.get("title")),
        "statements": [_statement(s) for s in item.get("statements") or []],
        "extra": [(_label(k), _plain(v)) for k, v in item.items()
                  if k not in SHOWN_KEYS and k not in HIDDEN_KEYS and _plain(v)],
    }
