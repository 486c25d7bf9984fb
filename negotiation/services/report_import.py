"""Importing a session or committee report in the browser: preview, then store what was chosen.

``report_preview`` reads the report's actions (``parse_actions``) and finds out, without writing
anything, what storing each would do: a dry run of ``actions_import`` inside a transaction that
is rolled back. Each action is then "new" (with the drafts and versions it would create),
"already" recorded, or "fails" with the reason (unknown delegation, no such draft, bad vote).

``report_store`` records the chosen actions (by report paragraph) in one transaction: all of
them, or, if any fails, none (``ReportNotStored`` says which and why). Importing the same report
twice records nothing the second time.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from negotiation.errors import ApplicationError
from negotiation.models import Action, Body, Draft, Version
from negotiation.services.actions import actions_import
from negotiation.text.reports import parse_actions

logger = logging.getLogger(__name__)

NEW, ALREADY, FAILS = "new", "already", "fails"


@dataclass
class ActionCheck:
    """One action of the report and what storing it would do."""

    item: dict
    status: str = NEW  # NEW | ALREADY | FAILS
    reason: str = ""  # why it would fail
    creates: list[str] = field(default_factory=list)  # "draft E/CN.15/2011/L.13", "version L.13/Rev.1"

    @property
    def paragraph(self):
        return self.item.get("paragraph")


@dataclass
class ReportPreview:
    """What ``report_preview`` found: each action with its check, and the paragraphs not read."""

    checks: list[ActionCheck] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # {"paragraph": 63, "reason": "..."}: not read

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.checks)

    @property
    def failures(self) -> list[ActionCheck]:
        return [c for c in self.checks if c.status == FAILS]


@dataclass
class ReportStored:
    """What ``report_store`` recorded, and the chosen paragraphs that were already recorded."""

    recorded: list[Action] = field(default_factory=list)
    already: list[int] = field(default_factory=list)


class ReportNotStored(ApplicationError):
    """Some chosen actions could not be stored, so none was: ``errors`` says which and why."""

    def __init__(self, errors: list[dict]):
        self.errors = sorted(errors, key=lambda e: e.get("paragraph") or 0)
        listed = "; ".join(f"paragraph {e.get('paragraph')}: {e.get('reason')}" for e in self.errors)
        super().__init__(f"Nothing was stored, because {len(self.errors)} of the chosen actions "
                         f"could not be: {listed}. Correct the text or leave {'it' if len(self.errors) == 1 else 'them'} out.")


def _import_one(item: dict, *, body: Body, session: int, create_missing: bool, user):
    """``actions_import`` of one action dict, in a savepoint; an unexpected error (a key the
    parser added that storing does not expect, say) is logged and becomes that paragraph's error."""
    try:
        with transaction.atomic():
            return actions_import(actions=[item], body=body, session=session, create_missing=create_missing, user=user), None
    except ApplicationError as exc:
        return None, exc.message
    except Exception:  # one action must not take the page down; the log has it
        logger.exception("Storing report paragraph %s failed", item.get("paragraph"))
        return None, "it could not be stored because of an unexpected error (logged for the developers)"


def _outcome(result, error: str | None) -> tuple[str, str, list[Action]]:
    if error is not None:
        return FAILS, error, []
    if result.errors:
        return FAILS, "; ".join(e["reason"] for e in result.errors), []
    if result.recorded:
        return NEW, "", result.recorded
    if result.already:
        return ALREADY, "", []
    return FAILS, "it was neither recorded nor found already recorded", []


def report_preview(*, report_text: str, body: Body, session: int, year: int | None = None,
                   create_missing: bool = True, user=None) -> ReportPreview:
    """Every action the report gives and what storing it would do, with nothing written.

    The actions are stored one after the other, as ``report_store`` would store them all, inside
    a transaction that is then rolled back; whatever a dry run wrote (drafts, versions, history)
    goes with it."""
    parsed = parse_actions(report_text or "", year=year)
    preview = ReportPreview(problems=sorted(parsed.errors, key=lambda e: e.get("paragraph") or 0))
    with transaction.atomic():
        drafts = Draft.objects.filter(body=body, session=session)
        versions = Version.objects.filter(draft__body=body, draft__session=session)
        for item in parsed.actions:
            draft_ids = set(drafts.values_list("pk", flat=True))
            version_ids = set(versions.values_list("pk", flat=True))
            result, error = _import_one(item, body=body, session=session, create_missing=create_missing, user=user)
            status, reason, recorded = _outcome(result, error)
            check = ActionCheck(item=item, status=status, reason=reason)
            for action in recorded:
                version = action.version
                if version.draft_id not in draft_ids:
                    check.creates.append(f"draft {version.draft.symbol or version.draft.title}")
                created = versions.filter(draft=version.draft_id).exclude(pk__in=version_ids).order_by("sequence")
                check.creates += [f"version {v.full_label}" for v in created]
            preview.checks.append(check)
        transaction.set_rollback(True)
    return preview


@transaction.atomic
def report_store(*, report_text: str, paragraphs: Iterable[int], body: Body, session: int,
                 year: int | None = None, create_missing: bool = True, user=None) -> ReportStored:
    """Record the report's actions in the chosen ``paragraphs``: all of them or, if one cannot
    be stored, none (``ReportNotStored``). Actions already recorded are left as they are."""
    chosen = sorted(set(paragraphs))
    if not chosen:
        raise ApplicationError("Choose at least one action to store.", field="paragraph")
    parsed = parse_actions(report_text or "", year=year)
    items = [a for a in parsed.actions if a.get("paragraph") in chosen]
    found = {a.get("paragraph") for a in items}
    unread = {e.get("paragraph"): e.get("reason") for e in parsed.errors}
    errors = [{"paragraph": n, "reason": f"the text could not be read ({unread[n]})" if n in unread
               else "the text has no action in this paragraph"} for n in chosen if n not in found]
    stored = ReportStored()
    for item in items:
        result, error = _import_one(item, body=body, session=session, create_missing=create_missing, user=user)
        status, reason, recorded = _outcome(result, error)
        if status == FAILS:
            errors.append({"paragraph": item.get("paragraph"), "reason": reason})
        elif status == ALREADY:
            stored.already.append(item.get("paragraph"))
        stored.recorded += recorded
    if errors:
        raise ReportNotStored(errors)  # leaving the atomic block with it rolls everything back
    return stored
