"""Drafts and their versions: create, store a parsed text, issue."""
import uuid
from datetime import date as date_type

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from simple_history.utils import bulk_create_with_history

from negotiation.errors import ApplicationError
from negotiation.models import Body, Draft, Paragraph, Version, version_label_problem
from negotiation.services.common import validated_save
from negotiation.text.structure import ParsedText


@transaction.atomic
def draft_create(*, body: Body, session: int, symbol: str, title: str, agenda_item: str = "",
                 kind: str = Draft.Kind.RESOLUTION, user=None) -> Draft:
    """A new draft; its symbol must be new in that body and session."""
    symbol = symbol.strip()
    if symbol and Draft.objects.filter(body=body, session=session, symbol=symbol).exists():
        raise ApplicationError(f"A draft {symbol} already exists in {body.short_name}, session {session}.", field="symbol")
    draft = Draft(body=body, session=session, symbol=symbol, title=title.strip(), agenda_item=agenda_item.strip(), kind=kind)
    return validated_save(draft, reason="Draft created", user=user)


@transaction.atomic
def version_create(*, draft: Draft, label: str, kind: str, parsed: ParsedText, is_issued: bool,
                   date: date_type | None = None, parent: Version | None = None, user=None,
                   allow_empty: bool = False) -> Version:
    """Store ``parsed`` as a new version of ``draft``.

    ``allow_empty`` records a version known only by its symbol (its text is not held here).

    Paragraphs keep the lineage ``parsed`` carries; without it, they get their lineage from
    the previous version through the redline aligner, so redlines between versions are exact.
    """
    label = label.strip()
    problem = version_label_problem(draft, kind, label)
    if problem:
        raise ApplicationError(problem, field="label")
    if draft.versions.filter(label=label).exists():
        raise ApplicationError(f"{draft} already has a version “{label}”.", field="label")
    if not parsed.paragraphs and not allow_empty:
        raise ApplicationError("The text has no preambular or operative paragraphs to store.")
    latest = draft.versions.order_by("-sequence").first()
    parent = parent or latest
    sequence = (latest.sequence if latest else 0) + 1
    version = Version(
        draft=draft, label=label, kind=kind, date=date, is_issued=is_issued, parent=parent, sequence=sequence,
        sponsor_line=parsed.sponsor_line[:500], title=parsed.title or draft.title,
        recommending_formula=parsed.recommending_formula, enacting_formula=parsed.enacting_formula[:200],
        agreement_formula=str(parsed.metadata.get("agreement_formula", ""))[:200], created_by=user,
    )
    validated_save(version, reason=f"Version {label} stored", user=user)
    # Lineage comes from the parent given, else from the latest version that holds a text: a
    # version known only by its symbol (L.13/Rev.1, not held) must not break the chain.
    source = parent if parent is not None and parent != latest else None
    if source is None and parsed.paragraphs:
        held = Paragraph.objects.filter(version=OuterRef("pk"))
        source = draft.versions.exclude(pk=version.pk).filter(Exists(held)).order_by("-sequence").first()
    if source is not None and parsed.paragraphs:
        from negotiation.selectors import version_parsed
        from negotiation.services.lineage import inherit_lineage

        inherit_lineage(version_parsed(source), parsed)
    paragraphs_store(version=version, parsed=parsed)
    if parsed.paragraphs:
        from negotiation.services.rebasing import rebase_open_proposals

        rebase_open_proposals(version)  # open proposals follow the new text, or are flagged outdated
    return version


def paragraphs_store(*, version: Version, parsed: ParsedText) -> list[Paragraph]:
    """Write the paragraphs of ``parsed`` into an empty ``version``, in order, with history."""
    rows: list[Paragraph] = []
    children: list[tuple[int, Paragraph]] = []  # (index of parent in rows, child)

    def add(**fields) -> Paragraph:
        return Paragraph(version=version, position=0, **fields)  # positions are set below

    if parsed.title:
        rows.append(add(kind=Paragraph.Kind.TITLE, text=parsed.title))
    if parsed.enacting_formula:
        rows.append(add(kind=Paragraph.Kind.ENACTING, text=parsed.enacting_formula))
    for p in parsed.paragraphs:
        parent_row = add(
            kind=p.kind, number=p.number or "", lead=p.lead[:120], section=(p.section or "")[:300],
            text=p.text or p.full_text, footnote_markers=list(p.footnotes), lineage=_as_uuid(p.lineage),
        )
        rows.append(parent_row)
        for s in p.subparagraphs:
            children.append((len(rows) - 1, add(kind=Paragraph.Kind.SUBPARAGRAPH, number=s.number, level=s.level, text=s.text)))
    cited_by = {m: i for i, p in reversed(list(enumerate(rows))) for m in p.footnote_markers}
    footnotes = [(cited_by.get(f.marker), add(kind=Paragraph.Kind.FOOTNOTE, number=f.marker, text=f.text)) for f in parsed.footnotes if f.text]
    annexes = [add(kind=Paragraph.Kind.ANNEX, text=a) for a in parsed.annexes if a.strip()]
    # Positions: parents in order, each followed by its sub-paragraphs; footnotes and annexes last.
    ordered: list[Paragraph] = []
    by_parent: dict[int, list[Paragraph]] = {}
    for parent_index, child in children:
        by_parent.setdefault(parent_index, []).append(child)
    for i, row in enumerate(rows):
        ordered.append(row)
        ordered.extend(by_parent.get(i, []))
    ordered.extend(f for _, f in footnotes)
    ordered.extend(annexes)
    for position, row in enumerate(ordered):
        row.position = position
    try:
        bulk_create_with_history(rows, Paragraph, default_change_reason=f"Stored with {version.label}")
        for parent_index, child in children:
            child.parent = rows[parent_index]
        for parent_index, footnote in footnotes:
            footnote.parent = rows[parent_index] if parent_index is not None else None
        rest = [c for _, c in children] + [f for _, f in footnotes] + annexes
        bulk_create_with_history(rest, Paragraph, default_change_reason=f"Stored with {version.label}")
    except IntegrityError as exc:
        raise ApplicationError(f"The paragraphs could not be stored: {exc}") from exc
    return ordered


def _as_uuid(value) -> uuid.UUID:
    if value:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            pass
    return uuid.uuid4()


@transaction.atomic
def draft_symbol_set(*, draft: Draft, symbol: str, user=None) -> Draft:
    """The secretariat gives a draft its symbol, or corrects it (with history).

    A full UN symbol only ("E/CN.15/2011/L.7"), unique in the body and session. A symbol that
    issued versions already cite ("L.7/Rev.1") cannot change under them: issued texts are
    immutable, so a wrong symbol there is corrected by recording the right draft.
    """
    from negotiation import roles

    if user is not None and not roles.is_secretariat(user):
        raise ApplicationError("Only the secretariat sets a draft's symbol.")
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    symbol = " ".join((symbol or "").split())
    if not symbol:
        raise ApplicationError("Type the draft's full symbol, e.g. E/CN.15/2011/L.7.", field="symbol")
    if symbol == draft.symbol:
        return draft
    if Draft.objects.filter(body=draft.body, session=draft.session, symbol=symbol).exclude(pk=draft.pk).exists():
        raise ApplicationError(f"A draft {symbol} already exists in {draft.body.short_name}, session {draft.session}.", field="symbol")
    short = draft.short_symbol
    cited = [v.label for v in draft.versions.filter(is_issued=True) if short and v.label.startswith(short)]
    if cited:
        raise ApplicationError(
            f"Issued versions already cite {draft.symbol} ({', '.join(cited)}); an issued text cannot change, "
            "so record the text under the right draft instead.", field="symbol")
    old = draft.symbol
    draft.symbol = symbol
    return validated_save(draft, reason=f"Symbol set to {symbol}" + (f" (was {old})" if old else ""), user=user)


@transaction.atomic
def version_issue(*, version: Version, label: str, date: date_type, user=None) -> Version:
    """Issue a working version under a symbol: from now on it is immutable and citable."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.is_issued:
        raise ApplicationError(f"{version.full_label} is already issued.")
    label = version.draft.version_label(label)  # "E/CN.15/2011/L.7/Rev.1" as typed -> "L.7/Rev.1"
    problem = version_label_problem(version.draft, Version.Kind.ISSUED, label)
    if problem:
        raise ApplicationError(problem, field="label")
    if version.draft.versions.filter(label=label).exclude(pk=version.pk).exists():
        raise ApplicationError(f"{version.draft} already has a version “{label}”.", field="label")
    version.label, version.kind, version.date, version.is_issued = label, Version.Kind.ISSUED, date, True
    # save() refuses changes to versions already issued; this one becomes issued by this save.
    return validated_save(version, reason=f"Issued as {label}", user=user)
