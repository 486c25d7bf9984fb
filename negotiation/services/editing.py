"""Editing a draft in the browser: working versions, safe concurrent saves, sharing, issuing
and oral revisions.

A working version is a copy of the last issued version (every paragraph keeps its lineage, so
redlines against it are exact). Each save carries the revision it was based on; when someone
else saved in between, ``negotiation.text.merge`` merges the two: different paragraphs always,
the same paragraph when diff-match-patch's patches apply cleanly to words the other did not
touch. Anything else raises ``EditConflict`` (an ApplicationError) and nothing is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as date_type
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateformat import format as date_format
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from negotiation import roles
from negotiation.errors import ApplicationError
from negotiation.limits import text_limits
from negotiation.models import Draft, Paragraph, Version, version_label_problem
from negotiation.services.common import validated_save
from negotiation.services.rebasing import rebase_open_proposals
from negotiation.text.merge import (
    FOOTNOTE,
    KINDS,
    SUBPARAGRAPH,
    TOP_KINDS,
    Change,
    Conflict,
    Item,
    changes_between,
    labels,
    merge_changes,
    renumber,
)
from negotiation.text.parsing.leads import lead_from_words
from negotiation.text.structure import paragraph_labels, subparagraph_label

_SHIFT = 1_000_000  # moved rows are parked this far down while positions are rewritten
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class ConflictAuthor:
    """Who made the other change to a conflicting paragraph, and when (from its history)."""

    name: str  # "Maria Rossi (delegate of Italy)"; "another user" when the history does not say
    when: datetime | None
    deleted: bool = False  # they deleted the paragraph
    parent_deleted: bool = False  # they deleted the paragraph the user added a sub-paragraph or footnote to
    is_you: bool = False  # the same login, in another window or tab

    def sentence(self, label: str) -> str:
        """"Maria Rossi (delegate of Italy) changed OP12 at 14:32 UTC on 24 November 2026 while
        you were editing it" (plain text: templates escape it)."""
        who = "You (in another window or tab)" if self.is_you else self.name[:1].upper() + self.name[1:]
        when = f" at {when_text(self.when)}" if self.when else ""
        if self.parent_deleted:
            return f"{who} deleted the paragraph you added {label} to{when} while you were editing it"
        return f"{who} {'deleted' if self.deleted else 'changed'} {label}{when} while you were editing it"


def when_text(moment: datetime) -> str:
    """"14:32 UTC on 24 November 2026", in the site's time zone."""
    return date_format(timezone.localtime(moment), r"H:i T \o\n j F Y")


class EditConflict(ApplicationError):
    """Someone else changed the same words: the user must choose. Nothing was written.

    ``labels`` and ``authors`` are by lineage: what negotiators cite ("OP12", "Art. 4.2 (a)")
    and who made the other change, when."""

    def __init__(self, *, conflicts: list[Conflict], current: list[Item], merged: list[Item], revision: int,
                 authors: dict[str, ConflictAuthor] | None = None):
        names = cited_labels(current + [i for i in merged if i.lineage not in {c.lineage for c in current}])
        self.labels = {c.lineage: names.get(c.lineage) or _unnamed(c) for c in conflicts}
        self._unlabelled = {c.lineage for c in conflicts if not names.get(c.lineage)}
        self.authors = authors or {}
        self.conflicts, self.current, self.merged, self.revision = conflicts, current, merged, revision
        super().__init__(self._describe())

    def _describe(self) -> str:
        unknown = ConflictAuthor(name="someone else", when=None)
        return "; ".join(self.authors.get(c.lineage, unknown).sentence(self.labels[c.lineage]) for c in self.conflicts) + \
            ": choose which text to keep."

    def label_deleted_from(self, base_labels: dict[str, str]) -> None:
        """Paragraphs deleted meanwhile have no label in the current text: cite them as the
        user saw them (``base_labels``: the labels of the text the editor loaded)."""
        for lineage in list(self._unlabelled):
            if base_labels.get(lineage):
                self.labels[lineage] = base_labels[lineage]
                self._unlabelled.discard(lineage)
        self.message = self._describe()
        self.args = (self.message,)


def _unnamed(conflict: Conflict) -> str:
    return {SUBPARAGRAPH: "a sub-paragraph", FOOTNOTE: "a footnote"}.get(conflict.kind, "a paragraph")


def cited_labels(items: list[Item]) -> dict[str, str]:
    """What negotiators cite, by lineage: "PP3", "OP12", "OP12 (b)", "footnote 2 to PP3", and in
    a treaty "Art. 4.2" (the labels of the draft page, ``paragraph_labels``)."""
    items = renumber(items)
    tops = [i for i in items if i.kind in TOP_KINDS]
    out = dict(zip((i.lineage for i in tops), paragraph_labels(tops)))
    for item in items:
        if item.kind == SUBPARAGRAPH:
            out[item.lineage] = subparagraph_label(out.get(item.parent, ""), item.number)
        elif item.kind == FOOTNOTE:
            out[item.lineage] = f"footnote {item.number}".strip() + (f" to {out[item.parent]}" if item.parent in out else "")
    return out


def conflict_authors(*, version: Version, conflicts: list[Conflict], current: list[Item], base_revision: int, user) -> dict[str, ConflictAuthor]:
    """Who made the other change to each conflicting paragraph, and when, read from the
    paragraphs' history (one query): the save that last changed its words (its
    ``changed_in_revision``), or the one that deleted it (or deleted the paragraph a new
    sub-paragraph or footnote was added to)."""
    from django.db.models import Q

    now = {i.lineage: i for i in current}
    wanted = {c.lineage for c in conflicts} | {c.parent for c in conflicts if c.parent}
    records = list(
        Paragraph.history.filter(version_id=version.pk, lineage__in=wanted)
        .filter(Q(history_type="-") | Q(changed_in_revision__gt=base_revision))
        .select_related("history_user").order_by("history_date", "history_id")
    )
    out: dict[str, ConflictAuthor] = {}
    for c in conflicts:
        cur = now.get(c.lineage)
        if cur is not None:  # they changed it: the first record of the revision that last changed it
            found = next((r for r in records if str(r.lineage) == c.lineage and r.history_type != "-"
                          and r.changed_in_revision == cur.changed_in), None)
        else:  # they deleted it, or the paragraph the user's new sub-paragraph or footnote belongs to
            gone = [r for r in records if r.history_type == "-" and str(r.lineage) in (c.lineage, c.parent)]
            found = gone[-1] if gone else None
        if found is None:
            continue
        author = found.history_user
        out[c.lineage] = ConflictAuthor(
            name=_person(author), when=found.history_date, deleted=cur is None,
            parent_deleted=cur is None and str(found.lineage) != c.lineage,
            is_you=author is not None and getattr(user, "pk", None) == author.pk,
        )
    return out


def _person(user) -> str:
    """"Maria Rossi (delegate of Italy)", "J. Smith (secretariat)"; "another user" if unknown."""
    if user is None:
        return "another user"
    name = user.get_full_name().strip() or user.get_username()
    delegation = roles.delegation_of(user)
    if delegation is not None:
        return f"{name} (delegate of {delegation.in_running_text})"
    if roles.is_secretariat(user):
        return f"{name} (secretariat)"
    return name


@dataclass
class SaveResult:
    version: Version
    revision: int
    merged_labels: list[str] = field(default_factory=list)  # same paragraph, both edits kept
    was_stale: bool = False
    changed: int = 0


# --- reading the working text --------------------------------------------------------------
def working_version_of(draft: Draft) -> Version | None:
    """The draft's working version: the newest unissued version newer than every issued one."""
    latest = draft.versions.order_by("-sequence").first()
    return latest if latest is not None and not latest.is_issued else None


def last_issued_before(version: Version) -> Version | None:
    if version.parent_id and version.parent.is_issued:
        return version.parent
    return version.draft.versions.filter(is_issued=True, sequence__lt=version.sequence).order_by("-sequence").first()


def items_of(rows: list[Paragraph]) -> list[Item]:
    """Stored paragraphs (in position order) as the merge module's items."""
    lineage_of = {r.pk: str(r.lineage) for r in rows}
    return [
        Item(lineage=str(r.lineage), kind=r.kind, text=r.text, parent=lineage_of.get(r.parent_id), level=r.level,
             number=r.number, changed_in=r.changed_in_revision, section=r.section)
        for r in rows if r.kind in KINDS
    ]


def version_items(version: Version) -> list[Item]:
    return items_of(list(version.paragraphs.order_by("position")))


# --- starting, sharing ---------------------------------------------------------------------
@transaction.atomic
def working_version_start(*, draft: Draft, user) -> Version:
    """The working version of ``draft``, made from its last issued version if there is none."""
    if not roles.can_edit_text(user, draft):
        raise ApplicationError(f"Only delegates of a main sponsor of {draft} can edit its text.")
    Draft.objects.select_for_update().get(pk=draft.pk)  # two clicks on "Edit" make one copy
    working = working_version_of(draft)
    if working is not None:
        return working
    source = draft.versions.filter(is_issued=True).order_by("-sequence").first()
    if source is None:
        raise ApplicationError(f"{draft} has no issued version to start from.")
    rows = list(source.paragraphs.order_by("position"))
    if not any(r.kind in TOP_KINDS for r in rows):
        raise ApplicationError(f"The text of {source.full_label} is not held here, so it cannot be edited; import it first.")
    label = f"Working text on {source.label}"
    taken = set(draft.versions.values_list("label", flat=True))
    n = 2
    while label in taken:
        label, n = f"Working text on {source.label} ({n})", n + 1
    sequence = draft.versions.order_by("-sequence").values_list("sequence", flat=True).first() + 1
    version = Version(
        draft=draft, label=label, kind=Version.Kind.INFORMAL, sequence=sequence, is_issued=False, parent=source,
        sponsor_line=source.sponsor_line, title=source.title, recommending_formula=source.recommending_formula,
        enacting_formula=source.enacting_formula, agreement_formula=source.agreement_formula,
        date=timezone.localdate(), created_by=user,
    )
    validated_save(version, reason=f"Working version started from {source.label}", user=user)
    _copy_rows(rows, version, user)
    rebase_open_proposals(version)
    return version


def _copy_rows(rows: list[Paragraph], version: Version, user) -> None:
    copies = {r.pk: Paragraph(version=version, position=r.position, kind=r.kind, number=r.number, level=r.level, lead=r.lead, section=r.section,
                              text=r.text, footnote_markers=list(r.footnote_markers), lineage=r.lineage, changed_in_revision=1)
              for r in rows}
    reason = f"Copied into {version.label}"
    user = user if getattr(user, "is_authenticated", False) else None
    bulk_create_with_history([copies[r.pk] for r in rows if r.parent_id is None], Paragraph, default_change_reason=reason, default_user=user)
    children = []
    for r in rows:
        if r.parent_id is not None:
            copies[r.pk].parent = copies[r.parent_id]
            children.append(copies[r.pk])
    bulk_create_with_history(children, Paragraph, default_change_reason=reason, default_user=user)


@transaction.atomic
def version_share(*, version: Version, user) -> Version:
    """Let every delegation read the working version (it is private to the sponsors until then)."""
    version = Version.objects.select_for_update().select_related("draft").get(pk=version.pk)
    if version.is_issued:
        raise ApplicationError(f"{version.full_label} is issued: everyone can read it already.")
    if not roles.can_edit_text(user, version.draft):
        raise ApplicationError(f"Only delegates of a main sponsor of {version.draft} can share its working text.")
    if version.is_shared:
        return version
    version.is_shared = True
    return validated_save(version, reason="Shared with all delegations", user=user)


# --- saving --------------------------------------------------------------------------------
def check_text(item: Item, label: str) -> None:
    text = item.text.strip()
    if not text:
        raise ApplicationError(f"{label} is empty: write its text or delete it.")
    limit = text_limits().max_paragraph_chars
    if len(item.text) > limit:
        raise ApplicationError(
            f"{label} is {len(item.text):,} characters long; a paragraph may hold at most {limit:,} characters. "
            "Split it into several paragraphs or sub-paragraphs."
        )


@transaction.atomic
def working_save(*, version: Version, base_revision: int, changes: list[Change], user) -> SaveResult:
    """Apply ``changes`` (made on ``version`` as it stood at ``base_revision``) and renumber.

    Raises ApplicationError for bad input and EditConflict when the same words were changed by
    someone else since ``base_revision``; in both cases nothing is written.
    """
    version = Version.objects.select_for_update().select_related("draft").get(pk=version.pk)
    if version.is_issued:
        raise ApplicationError(f"{version.full_label} is issued and can no longer change; edit the working text instead.")
    if not roles.can_edit_text(user, version.draft):
        raise ApplicationError(f"Only delegates of a main sponsor of {version.draft} can edit its text.")
    if not 1 <= base_revision <= version.revision:
        raise ApplicationError("This save is not based on a revision of the working text; reload the editor.")
    rows = list(version.paragraphs.order_by("position"))
    current = items_of(rows)
    names = labels(renumber(current + [c.item for c in changes if c.item is not None and c.op == "insert"]))
    for change in changes:
        if change.item is not None:
            if change.item.kind not in KINDS:
                raise ApplicationError(f"Unknown paragraph kind “{change.item.kind}”.")
            if change.op == "insert" and not _UUID_RE.match(change.lineage):
                raise ApplicationError("A new paragraph came without a valid identity; reload the editor.")
            check_text(change.item, names.get(change.lineage, "A paragraph"))
    outcome = merge_changes(current, changes, base_revision=base_revision)
    if outcome.conflicts:
        authors = conflict_authors(version=version, conflicts=outcome.conflicts, current=current, base_revision=base_revision, user=user)
        raise EditConflict(conflicts=outcome.conflicts, current=current, merged=outcome.items, revision=version.revision, authors=authors)
    if not any(i.kind in TOP_KINDS for i in outcome.items):
        raise ApplicationError("A text needs at least one preambular or operative paragraph.")
    new_revision = version.revision + 1
    stale = base_revision < version.revision
    reason = f"Working text saved (revision {new_revision})" + (", merged with concurrent changes" if stale else "")
    final = renumber(outcome.items)
    changed = _write(version, rows, final, new_revision, user, reason)
    Version.objects.filter(pk=version.pk).update(revision=new_revision)  # the counter has no history of its own
    version.revision = new_revision
    rebase_open_proposals(version)  # proposals follow the text, or are flagged outdated
    final_labels = labels(final)
    return SaveResult(version=version, revision=new_revision, merged_labels=[final_labels[lin] for lin in outcome.merged],
                      was_stale=stale, changed=changed)


def _lead(text: str, old: str = "") -> str:
    if old and text.startswith(old):
        return old
    return lead_from_words(text.split(" ", 10)[:10])[:120]


def _write(version: Version, rows: list[Paragraph], final: list[Item], revision: int, user, reason: str) -> int:
    """Make the stored paragraphs of ``version`` equal ``final``: delete, park, create, update."""
    user = user if getattr(user, "is_authenticated", False) else None
    by_lineage = {str(r.lineage): r for r in rows if r.kind in KINDS}
    wanted = {i.lineage for i in final}
    head = [r for r in rows if r.kind not in KINDS and r.kind != Paragraph.Kind.ANNEX]
    tail = [r for r in rows if r.kind == Paragraph.Kind.ANNEX]
    # Footnote markers: existing footnotes keep theirs; new ones continue the numbering.
    used = {r.number for r in rows if r.kind == FOOTNOTE and str(r.lineage) in wanted}
    next_marker = max([int(m) for m in used if m.isdigit()] + [0]) + 1
    removed_markers = {r.number for lin, r in by_lineage.items() if r.kind == FOOTNOTE and lin not in wanted}
    for item in final:
        if item.kind == FOOTNOTE:
            if item.lineage in by_lineage:
                item.number = by_lineage[item.lineage].number
            else:
                item.number = str(next_marker)
                next_marker += 1

    # 1. deletions, children before their paragraph
    doomed = [r for lin, r in by_lineage.items() if lin not in wanted]
    for row in sorted(doomed, key=lambda r: r.parent_id is None):
        row._change_reason = reason
        if user is not None:
            row._history_user = user
        row.delete()

    positions = {item.lineage: i for i, item in enumerate(final, start=len(head))}
    for i, row in enumerate(tail, start=len(head) + len(final)):
        positions[str(row.lineage)] = i
    footnotes_of: dict[str, list[str]] = {}
    for item in final:
        if item.kind == FOOTNOTE:
            footnotes_of.setdefault(item.parent, []).append(item.number)

    # 2. park every surviving row whose position changes, so no two rows ever share one
    moving = [r for r in rows if str(r.lineage) in positions and r.position != positions[str(r.lineage)]]
    if moving:
        Paragraph.objects.filter(pk__in=[r.pk for r in moving]).update(position=F("position") + _SHIFT)

    # 3. new rows, paragraphs before their sub-paragraphs and footnotes
    new_rows: dict[str, Paragraph] = {}
    section = ""  # a new paragraph sits under the heading (treaty Article) of the one before it
    for item in final:
        if item.lineage in by_lineage:
            section = by_lineage[item.lineage].section if item.kind in TOP_KINDS else section
            continue
        if item.lineage not in by_lineage:
            new_rows[item.lineage] = Paragraph(
                version=version, position=positions[item.lineage], kind=item.kind, number=item.number, level=item.level,
                section=(item.section or section) if item.kind in TOP_KINDS else "",
                lead=_lead(item.text) if item.kind in TOP_KINDS else "", text=item.text, lineage=item.lineage,
                footnote_markers=footnotes_of.get(item.lineage, []) if item.kind in TOP_KINDS else [], changed_in_revision=revision,
            )
    all_rows = {**by_lineage, **new_rows}
    for group in (lambda i: i.parent is None, lambda i: i.parent is not None):
        batch = []
        for item in final:
            if item.lineage in new_rows and group(item):
                row = new_rows[item.lineage]
                row.parent = all_rows[item.parent] if item.parent else None
                _clean(row)
                batch.append(row)
        if batch:
            bulk_create_with_history(batch, Paragraph, default_change_reason=reason, default_user=user)

    # 4. updates
    fields = ("position", "kind", "number", "level", "lead", "text", "parent", "footnote_markers", "changed_in_revision")
    updated = []
    for item in final:
        row = by_lineage.get(item.lineage)
        if row is None:
            continue
        parent = all_rows[item.parent] if item.parent else None
        markers = row.footnote_markers
        if item.kind in TOP_KINDS:
            markers = [m for m in row.footnote_markers if m not in removed_markers]
            markers += [m for m in footnotes_of.get(item.lineage, []) if m not in markers]
        content_changed = (row.kind, row.text, row.level) != (item.kind, item.text, item.level) or row.parent_id != (parent.pk if parent else None)
        new = {
            "position": positions[item.lineage], "kind": item.kind, "number": item.number, "level": item.level,
            "lead": _lead(item.text, row.lead) if item.kind in TOP_KINDS else row.lead, "text": item.text,
            "footnote_markers": markers, "changed_in_revision": revision if content_changed else row.changed_in_revision,
        }
        old = {f: getattr(row, f) for f in new}
        if row in moving:
            old["position"] = None
        if old != new or content_changed:
            for f, value in new.items():
                setattr(row, f, value)
            row.parent = parent
            _clean(row)
            updated.append(row)
    for row in tail:
        if row.position != positions[str(row.lineage)]:
            row.position = positions[str(row.lineage)]
            updated.append(row)
    if updated:
        bulk_update_with_history(updated, Paragraph, list(fields), default_change_reason=reason, default_user=user)
    return len(doomed) + len(new_rows) + len(updated)


def _clean(row: Paragraph) -> None:
    """full_clean without the per-row queries (the version and parent are set here, the text is
    checked by ``check_text``, the database enforces the unique positions and lineages)."""
    try:
        row.full_clean(exclude=["version", "parent", "text"])
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


# --- one change at a time (the batch above does the work) ----------------------------------
def _one(version: Version, base_revision: int, change: Change, user) -> SaveResult:
    return working_save(version=version, base_revision=base_revision, changes=[change], user=user)


def _current(version: Version, lineage: str) -> Item:
    for item in version_items(version):
        if item.lineage == str(lineage):
            return item
    raise ApplicationError("That paragraph is no longer in the working text.")


def paragraph_update(*, version: Version, lineage: str, text: str, base_revision: int, user, base_text: str | None = None) -> SaveResult:
    old = _current(version, lineage)
    base = Item(old.lineage, old.kind, base_text if base_text is not None else old.text, old.parent, old.level, old.number)
    new = Item(old.lineage, old.kind, text, old.parent, old.level, old.number)
    return _one(version, base_revision, Change("update", old.lineage, item=new, base=base), user)


def paragraph_insert(*, version: Version, kind: str, text: str, base_revision: int, user, after: str | None = None,
                     parent: str | None = None, level: int = 0, lineage: str | None = None) -> SaveResult:
    import uuid

    item = Item(lineage or str(uuid.uuid4()), kind, text, parent=parent, level=level or (1 if kind == SUBPARAGRAPH else 0))
    return _one(version, base_revision, Change("insert", item.lineage, item=item, after=[after] if after else []), user)


def paragraph_delete(*, version: Version, lineage: str, base_revision: int, user) -> SaveResult:
    old = _current(version, lineage)
    return _one(version, base_revision, Change("delete", old.lineage, base=old), user)


def paragraph_move(*, version: Version, lineage: str, direction: str, base_revision: int, user) -> SaveResult:
    """Move a paragraph one place up or down among its siblings."""
    items = version_items(version)
    old = _current(version, lineage)
    siblings = [i.lineage for i in items if i.parent == old.parent and i.group == old.group]
    index = siblings.index(old.lineage)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        raise ApplicationError("That paragraph cannot move further.")
    siblings.insert(target, siblings.pop(index))
    after = list(reversed(siblings[:target]))
    return _one(version, base_revision, Change("move", old.lineage, item=old, base=old, after=after), user)


def save_from_states(*, version: Version, base_revision: int, base: list[Item], mine: list[Item], user) -> SaveResult:
    """The editor's save: the state it loaded and the state the user wants."""
    try:
        return working_save(version=version, base_revision=base_revision, changes=changes_between(base, mine), user=user)
    except EditConflict as conflict:
        conflict.label_deleted_from(cited_labels(base))
        raise


# --- issuing -------------------------------------------------------------------------------
@transaction.atomic
def working_issue(*, version: Version, label: str, date: date_type, user) -> Version:
    """The secretariat issues the working version under a symbol (L.13/Rev.1)."""
    from negotiation.services.versions import version_issue

    if not roles.is_secretariat(user):
        raise ApplicationError("Only the secretariat issues versions under a symbol.")
    return version_issue(version=version, label=label.strip(), date=date, user=user)


@transaction.atomic
def oral_revision_record(*, draft: Draft, label: str, date: date_type, user, text: str = "") -> Version:
    """Record the text read out at a meeting as a new version, issued at once.

    With ``text`` (what was read out, pasted), it is parsed and stored after the last issued
    version (lineage through the aligner). Without it, the working text becomes the oral
    revision (its lineage is kept as it is).
    """
    if not roles.is_secretariat(user):
        raise ApplicationError("Only the secretariat records oral revisions.")
    label = draft.version_label(label)
    problem = version_label_problem(draft, Version.Kind.ORAL, label)
    if problem:
        raise ApplicationError(problem, field="label")
    if draft.versions.filter(label=label).exists():
        raise ApplicationError(f"{draft} already has a version “{label}”.", field="label")
    if text.strip():
        from negotiation.services.importing import text_parse
        from negotiation.services.versions import version_create

        parent = draft.versions.filter(is_issued=True).order_by("-sequence").first()
        return version_create(draft=draft, label=label, kind=Version.Kind.ORAL, parsed=text_parse(text=text), is_issued=True,
                              date=date, parent=parent, user=user)
    working = working_version_of(draft)
    if working is None:
        raise ApplicationError("There is no working text to record: paste the text that was read out.")
    working = Version.objects.select_for_update().get(pk=working.pk)
    working.label, working.kind, working.date, working.is_issued, working.is_shared = label, Version.Kind.ORAL, date, True, True
    return validated_save(working, reason=f"Recorded as {label}", user=user)


def suggested_labels(draft: Draft, versions: list[Version]) -> dict[str, str]:
    """The next symbol ("L.13/Rev.2") and the oral revision label ("L.13/Rev.1, as further revised")."""
    issued = [v.label for v in versions if v.is_issued and v.kind == Version.Kind.ISSUED]
    short = draft.short_symbol
    revs = [int(m.group(1)) for lab in issued for m in [re.search(r"/Rev\.(\d+)$", lab)] if m]
    latest = max(revs) if revs else 0
    base = f"{short}/Rev.{latest}" if latest else short
    return {
        "issue": f"{short}/Rev.{latest + 1}" if short else "",
        "oral": f"{base}, as further revised" if latest else f"{base}, as orally revised",
    }
