"""Read the actions of a session or committee report; print them as JSON or record them.

    python manage.py import_actions report.txt --json            # the parse_actions contract
    python manage.py import_actions report.txt --session CCPCJ/20 # record them

Unreadable paragraphs are reported with their number and reason (on stderr) and the rest
are still printed or recorded. Names are matched to the delegations table ("the", case and
former names tolerated); an unknown name is reported with its paragraph.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from negotiation.management.files import read_text
from negotiation.selectors.actions import body_session
from negotiation.services.actions import actions_import
from negotiation.text.reports import parse_actions

# The contract of negotiation.text.reports (its module docstring): what --json prints.
CONTRACT_KEYS = (
    "paragraph", "meeting", "date", "document", "revision_note", "outcome", "recommended_to", "for_adoption_by",
    "sponsors", "introduced_by", "financial_statement", "financial_statement_document", "result", "text_at",
    "title", "vote", "subsequently_joined", "statements", "subject", "amends", "submitted_by",
    "programme_budget_implications", "notes",
)
STATEMENT_KEYS = ("timing", "timing_of", "kind", "role", "roles", "delegations", "on_behalf_of", "text", "lead", "paragraph")


def contract(action: dict) -> dict:
    """The action with the contract keys only, in the contract's order."""
    out = {key: action.get(key) for key in CONTRACT_KEYS}
    out["subject"] = action.get("subject") or "draft"
    out["notes"] = action.get("notes") or []
    out["statements"] = [{k: s.get(k) for k in STATEMENT_KEYS} for s in action.get("statements") or []]
    for statement in out["statements"]:
        statement["on_behalf_of"] = statement["on_behalf_of"] or {}
        statement["paragraph"] = statement["paragraph"] or action.get("paragraph")
    return out


class Command(BaseCommand):
    help = "Read the actions of a session report (plain text, PDF-extracted); print them as JSON or record them."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The report as plain text (PDF-extracted, like corpus 004) or .docx.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the actions as JSON instead of recording them.")
        parser.add_argument("--all-keys", action="store_true", help="With --json, also print the wording keys.")
        parser.add_argument("--year", type=int, help="Year of dates written without one, if the report never gives it.")
        parser.add_argument("--session", help="Where to record them: BODY/SESSION, e.g. CCPCJ/20 or GA/C.3/78.")
        parser.add_argument("--no-create", action="store_true", help="Do not create drafts or versions the database lacks.")

    def handle(self, *args, path, as_json: bool = False, all_keys=False, year=None, session=None, no_create=False, **options):
        text = read_text(path)
        if as_json:
            result = parse_actions(text, year=year)
            actions = result.actions if all_keys else [contract(a) for a in result.actions]
            self._errors(result.errors)
            self.stdout.write(_dumps({"actions": actions, "errors": result.errors}))
            return
        if not session:
            raise CommandError("Say where to record the actions: --session BODY/SESSION (e.g. CCPCJ/20), or print them with --json.")
        found = body_session(session)
        if found is None:
            raise CommandError(f"No body for “{session}”: use BODY/SESSION with a body's short name, e.g. CCPCJ/20.")
        body, number = found
        outcome = actions_import(report_text=text, body=body, session=number, year=year, create_missing=not no_create)
        self._errors(outcome.errors)
        for action in outcome.recorded:
            self.stdout.write(f"Recorded paragraph {action.report_paragraph}: {action}")
        self.stdout.write(
            f"{len(outcome.recorded)} actions recorded, {len(outcome.already)} already recorded, "
            f"{len(outcome.errors)} paragraphs not imported."
        )

    def _errors(self, errors):
        for error in errors:
            self.stderr.write(f"Paragraph {error['paragraph']} not imported: {error['reason']}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
