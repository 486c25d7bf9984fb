"""Recording actions (secretariat only) and the report's "Action taken" section (everyone)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.forms import ActionForm, StatementFormSet, delegation_choices
from negotiation.models import Draft
from negotiation.selectors.actions import (
    body_session,
    ordinal,
    report_section,
    session_choices,
)
from negotiation.services.actions import action_record
from negotiation.services.common import DelegationNames


def action_create_view(request, draft_id: int):
    """The secretariat records an action: recorded votes pasted as the report prints them,
    any number of statements; nothing is written unless everything holds (400 otherwise)."""
    if not roles.is_secretariat(request.user):
        raise PermissionDenied("Only the secretariat records actions.")
    draft = get_object_or_404(Draft.objects.select_related("body"), pk=draft_id)
    choices = delegation_choices()
    names = DelegationNames()
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, draft=draft, choices=choices, names=names,
                      initial={"version": draft.versions.order_by("-sequence").first()})
    statements = StatementFormSet(data, prefix="st", form_kwargs={"names": names})
    status = 200
    if data is not None:
        status = 400
        if form.is_valid() and statements.is_valid():
            try:
                action = action_record(
                    draft=draft, user=request.user, _names=names, **form.service_kwargs(),
                    statements=[kw for kw in (f.service_kwargs() for f in statements) if kw],
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"Recorded: {action.get_outcome_display()} {action.version.full_label} "
                                          f"at the {ordinal(action.meeting_number)} meeting.")
                return redirect(reverse("draft_detail", args=[draft.pk]) + f"#action-{action.pk}")
    problems = len(form.errors) + sum(len(e) for e in statements.errors) + len(statements.non_form_errors()) if data is not None else 0
    return render(request, "negotiation/action_form.html", {
        "draft": draft, "form": form, "statements": statements, "problems": problems,
        "delegation_names": [name for _, group in choices for name, _ in group],
    }, status=status)


def report_actions_view(request):
    """The "Action taken by the <body>" section of a session, in meeting order, as the report words it."""
    sessions = session_choices()
    chosen = request.GET.get("session") or (sessions[0][0] if sessions else "")
    found = body_session(chosen)
    paragraphs = report_section(*found) if found else []
    if request.GET.get("format") == "txt" and found:
        text = "\n\n".join(p.text for p in paragraphs)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="actions-{chosen.replace("/", "-")}.txt"'
        return response
    return render(request, "negotiation/report_actions.html", {
        "sessions": sessions, "chosen": chosen, "body": found[0] if found else None,
        "paragraphs": paragraphs, "unknown": bool(chosen) and found is None,
    }, status=404 if chosen and found is None else 200)
