"""Bringing a pasted or uploaded text in as a new draft or a new version of one."""
from datetime import date as date_type

from django.db import transaction

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.limits import text_limits
from negotiation.models import Body, Draft, Sponsorship, Version
from negotiation.services.sponsorship import sponsor_add
from negotiation.services.versions import draft_create, version_create
from negotiation.text.parse import ParseError, parse_text
from negotiation.text.readers import read_document
from negotiation.text.structure import ParsedText


def text_parse(*, text: str = "", filename: str = "", data: bytes | None = None,
               keep_lines: frozenset[int] = frozenset()) -> ParsedText:
    """Parse pasted text or an uploaded file; every problem becomes one clear ApplicationError.

    ``keep_lines``: 1-based lines the parser would drop as page furniture that the user
    restored in the preview."""
    if data is not None:
        text = text_read(filename=filename, data=data)
    try:
        return parse_text(text, keep_lines=frozenset(keep_lines), limits=text_limits())
    except ParseError as exc:
        raise ApplicationError(str(exc)) from exc


def text_read(*, filename: str = "", data: bytes) -> str:
    """The text of an uploaded file, exactly as ``text_parse`` parses it (the import preview
    keeps it to parse again when the user restores a line); problems are ApplicationErrors."""
    try:
        return read_document(filename or "upload", data, limits=text_limits())
    except ParseError as exc:
        raise ApplicationError(str(exc)) from exc


@transaction.atomic
def import_save(*, user, parsed: ParsedText, label: str, kind: str, date: date_type | None,
                draft: Draft | None = None, body: Body | None = None, session: int | None = None,
                symbol: str = "", title: str = "", draft_kind: str = Draft.Kind.RESOLUTION) -> Version:
    """Store an imported text. Delegates' imports are working versions of their own drafts;
    the secretariat may store issued, oral and final versions. Nothing is written on error."""
    secretariat = roles.is_secretariat(user)
    delegation = roles.delegation_of(user)
    if not secretariat and delegation is None:
        raise ApplicationError("Only delegates and the secretariat can import texts.")
    if not secretariat:
        kind = Version.Kind.INFORMAL
    if draft is None:
        if body is None or session is None:
            raise ApplicationError("Choose the body and session of the new draft.")
        if symbol and not secretariat:
            raise ApplicationError("Symbols are given by the secretariat; leave the symbol empty for a new draft.", field="symbol")
        draft = draft_create(body=body, session=session, symbol=symbol, title=title or parsed.title,
                             kind=draft_kind, user=user)
        created = True
    else:
        if not roles.can_edit_text(user, draft):
            raise ApplicationError(f"Only delegates of a main sponsor of {draft} can bring in a new text.")
        created = False
    version = version_create(draft=draft, label=label, kind=kind, parsed=parsed, is_issued=kind != Version.Kind.INFORMAL,
                             date=date, user=user)
    if created and delegation is not None:
        sponsor_add(draft=draft, delegation=delegation, role=Sponsorship.Role.MAIN, version=version, user=user)
    return version
