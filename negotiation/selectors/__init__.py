"""Reads that views, commands and the API share, with their joins done once."""
import re

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from negotiation.models import Draft, Paragraph, Sponsorship, Version
from negotiation.text.names import sort_key
from negotiation.text.structure import OPERATIVE, Footnote, ParsedText, SubParagraph, paragraph_labels
from negotiation.text.structure import Paragraph as TextParagraph


def visible_versions_q(user, *, of_draft: bool = False) -> Q | None:
    """The versions ``user`` may see, as a filter (None: all of them, for the secretariat): issued
    and shared versions, and the unshared working versions of the drafts the user's delegation
    sponsors (not withdrawn) or the user facilitates: ``may_read_working`` as a query.

    On ``Version`` rows by default; ``of_draft=True`` words it from ``Draft`` (``versions__...``),
    for filtered counts over a draft's versions."""
    from negotiation import roles
    from negotiation.models import Facilitation

    if roles.is_secretariat(user):
        return None
    via, draft_id = ("versions__", "pk") if of_draft else ("", "draft_id")
    visible = Q(**{f"{via}is_issued": True}) | Q(**{f"{via}is_shared": True})
    if user.is_authenticated:
        visible |= Q(**{f"{draft_id}__in": Facilitation.objects.filter(user=user).values("draft_id")})
        delegation = roles.delegation_of(user)
        if delegation is not None:
            sponsored = Sponsorship.objects.filter(delegation=delegation, withdrawn_on__isnull=True).values("draft_id")
            visible |= Q(**{f"{draft_id}__in": sponsored})
    return visible


def visible_drafts(user) -> QuerySet[Draft]:
    """Drafts ``user`` may know of: those with a version the user may see, and those with no
    version yet. A draft whose only texts are other delegations' private working versions (an
    informal text just imported) stays out of every list, its title and labels with it."""
    visible = visible_versions_q(user)
    if visible is None:
        return Draft.objects.all()
    versions = Version.objects.filter(draft=OuterRef("pk"))
    return Draft.objects.filter(Q(Exists(versions.filter(visible))) | ~Q(Exists(versions)))


def draft_list(*, user, body: str = "", session: str = "", status: str = "", sponsor: str = "", q: str = "") -> QuerySet[Draft]:
    """Drafts for the list page as ``user`` may see them, filtered; one query for the page, however
    many rows. Labels, counts and the search cover only the versions ``user`` may see."""
    visible = visible_versions_q(user)
    versions = Version.objects.filter(draft=OuterRef("pk"))
    if visible is not None:
        versions = versions.filter(visible)
    latest_label = versions.order_by("-sequence").values("label")[:1]
    drafts = visible_drafts(user).select_related("body").annotate(
        latest_label=Subquery(latest_label),
        version_count=Count("versions", filter=visible_versions_q(user, of_draft=True), distinct=True),
        sponsor_count=Count("sponsorships", filter=Q(sponsorships__withdrawn_on__isnull=True), distinct=True),
    )
    if body:
        drafts = drafts.filter(body__short_name=body)
    if session.isdigit():
        drafts = drafts.filter(session=int(session))
    if status:
        drafts = drafts.filter(status=status)
    if sponsor:
        drafts = drafts.filter(sponsorships__delegation__short_name=sponsor, sponsorships__withdrawn_on__isnull=True)
    if q:
        drafts = drafts.filter(Q(symbol__icontains=q) | Q(title__icontains=q) | Q(Exists(versions.filter(label__icontains=q))))
    return drafts.distinct().order_by("body__short_name", "-session", "symbol", "id")


_NUMBER_RUN = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """"E/CN.15/2011/L.2" before "E/CN.15/2011/L.10": runs of digits compare as numbers, the
    rest case-insensitively."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in _NUMBER_RUN.split(text or "") if part)


def draft_list_sorted(drafts) -> list[Draft]:
    """``draft_list``'s rows (read in its one query) in the list's order: by body, latest session
    first, then symbol in natural order (L.2 before L.10); drafts without a symbol (known by a
    label such as "resolution 20/2") after those with one, by that label."""
    return sorted(drafts, key=lambda d: (
        natural_key(d.body.short_name), -d.session, not d.symbol,
        natural_key(d.symbol or getattr(d, "latest_label", None) or d.title), d.pk,
    ))


def draft_with_versions(draft_id: int) -> Draft:
    return (
        Draft.objects.select_related("body")
        .prefetch_related(Prefetch("versions", queryset=Version.objects.order_by("sequence")))
        .get(pk=draft_id)
    )


def label_anchor(label: str) -> str:
    """An HTML id for a paragraph label: "OP12" stays, "Art. 4.2" becomes "Art-4.2"."""
    return "-".join(label.replace("¶", "p").replace(".", " . ").split()).replace("-.-", ".").replace(".-", ".").strip("-") or "p"


def version_paragraphs(version: Version) -> list[Paragraph]:
    """The paragraphs of ``version`` in order, each with ``label`` ("PP3", "OP5", "Art. 4.2",
    "(a)", "1") and, on a paragraph where the section changes, ``section_heads``: the headings
    to show above it (see ``section_heads``)."""
    rows = list(version.paragraphs.order_by("position"))
    top = [r for r in rows if r.kind in (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE)]
    labels = dict(zip((r.pk for r in top), paragraph_labels(top)))
    previous = ""
    first_operative = next((r.pk for r in top if r.kind == Paragraph.Kind.OPERATIVE), None)
    for row in rows:
        row.first_operative = row.pk == first_operative
        # The lead phrase is shown in italics: split it off the text when the text starts with it.
        row.rest = row.text[len(row.lead):] if row.lead and row.text.startswith(row.lead) else None
        row.label = labels.get(row.pk, row.number)
        row.anchor = label_anchor(row.label or "")
        row.section_heads = []
        if row.pk in labels:
            row.section_heads = section_heads(previous, row.section)
            previous = row.section
    return rows


def section_heads(previous: str, current: str) -> list[dict]:
    """The headings to show where the section path changes from ``previous`` to ``current``:
    each part of ``current`` ("Article 2 (purpose)", "Option 1") from the first that differs,
    as ``{"level": 1 or more, "text": ...}``. Nothing when it does not change or is empty."""
    if not current or current == previous:
        return []
    old = [part.strip() for part in previous.split("›")] if previous else []
    new = [part.strip() for part in current.split("›")]
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    return [{"level": level, "text": text} for level, text in enumerate(new, start=1) if level > same and text]


def version_parsed(version: Version, rows: list[Paragraph] | None = None) -> ParsedText:
    """The stored version as the plain data the text modules take (lineage included)."""
    rows = rows if rows is not None else list(version.paragraphs.order_by("position"))
    by_id = {}
    paragraphs: list[TextParagraph] = []
    footnotes: list[Footnote] = []
    annexes: list[str] = []
    for row in rows:
        if row.kind in (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE):
            p = TextParagraph(
                kind=row.kind, text=row.text, number=row.number or None if row.kind == OPERATIVE else None,
                lead=row.lead, footnotes=list(row.footnote_markers), lineage=str(row.lineage), section=row.section,
            )
            by_id[row.pk] = p
            paragraphs.append(p)
        elif row.kind == Paragraph.Kind.SUBPARAGRAPH and row.parent_id in by_id:
            by_id[row.parent_id].subparagraphs.append(SubParagraph(number=row.number, text=row.text, level=row.level or 1))
        elif row.kind == Paragraph.Kind.FOOTNOTE:
            footnotes.append(Footnote(marker=row.number, text=row.text))
        elif row.kind == Paragraph.Kind.ANNEX:
            annexes.append(row.text)
    metadata = {"symbol": version.full_label}
    if version.agreement_formula:
        metadata["agreement_formula"] = version.agreement_formula
    return ParsedText(
        metadata=metadata, sponsor_line=version.sponsor_line, title=version.title,
        recommending_formula=version.recommending_formula, enacting_formula=version.enacting_formula,
        paragraphs=paragraphs, footnotes=footnotes, annexes=annexes,
    )


def sponsorship_display(s: Sponsorship) -> str:
    """A sponsor as official lists write it: “the Philippines”, “Hungary (on behalf of the
    European Union)”."""
    text = s.delegation.in_running_text
    if s.on_behalf_of_id:
        text += f" (on behalf of {s.on_behalf_of.in_running_text})"
    return text


def sponsors_as_of(version: Version, sponsorships: list[Sponsorship] | None = None) -> dict[str, list[Sponsorship]]:
    """Main sponsors and co-sponsors (Sponsorship rows) of the draft as they stood at ``version``,
    in UN order; ``sponsorship_display`` words each."""
    if sponsorships is None:
        sponsorships = list(
            Sponsorship.objects.filter(draft_id=version.draft_id)
            .select_related("delegation", "on_behalf_of", "joined_version", "withdrawn_version")
        )
    result: dict[str, list[Sponsorship]] = {"main": [], "co": []}
    for s in sponsorships:
        joined = s.joined_version.sequence <= version.sequence
        withdrawn = s.withdrawn_version is not None and s.withdrawn_version.sequence <= version.sequence
        if joined and not withdrawn:
            result[s.role].append(s)
    for listed in result.values():
        listed.sort(key=lambda s: sort_key(s.delegation.sort_name))
    return result


def paragraph_lineage(draft: Draft, lineage) -> list[dict]:
    """Each version's form of one paragraph (by lineage), oldest first, with its label and the
    word diff from the previous form. Two queries, whatever the number of versions."""
    from django.db.models.functions import Coalesce

    from negotiation.text.redline import word_diff

    preambular_before = (
        Paragraph.objects.filter(version=OuterRef("version"), kind=Paragraph.Kind.PREAMBULAR, position__lte=OuterRef("position"))
        .order_by().values("version").annotate(n=Count("pk")).values("n")
    )
    rows = list(
        Paragraph.objects.filter(version__draft=draft, lineage=lineage)
        .select_related("version")
        .annotate(pp_number=Coalesce(Subquery(preambular_before), 0))
        .order_by("version__sequence")
    )
    subparagraphs: dict[int, list[Paragraph]] = {}
    for sub in Paragraph.objects.filter(parent__in=[r.pk for r in rows], kind=Paragraph.Kind.SUBPARAGRAPH).order_by("position"):
        subparagraphs.setdefault(sub.parent_id, []).append(sub)
    steps, previous = [], None
    for row in rows:
        row.version.draft = draft
        text = " ".join([row.text] + [f"{s.number} {s.text}" for s in subparagraphs.get(row.pk, [])])
        label = f"OP{row.number}" if row.kind == Paragraph.Kind.OPERATIVE else f"PP{row.pp_number}"
        segments = word_diff(previous, text) if previous is not None and previous != text else [[0, text]]
        steps.append({"version": row.version, "label": label, "text": text, "segments": segments, "changed": previous is not None and previous != text})
        previous = text
    return steps


def may_read_working(user, sponsorships: list[Sponsorship], draft_id: int | None = None) -> bool:
    """Working versions are private to the sponsors, the draft's facilitators and the
    secretariat until shared. ``sponsorships`` are the draft's, already loaded: no query
    beyond the user's roles (and, once per request, the drafts the user facilitates)."""
    from negotiation import roles

    if roles.is_secretariat(user) or roles.is_facilitator(user, draft_id):
        return True
    delegation = roles.delegation_of(user)
    return delegation is not None and any(
        s.delegation_id == delegation.pk and s.withdrawn_on is None for s in sponsorships
    )


def visible_versions(user, versions: list[Version], sponsorships: list[Sponsorship]) -> list[Version]:
    """``versions`` without the unshared working versions ``user`` may not read."""
    if all(v.is_issued or v.is_shared for v in versions) or may_read_working(
            user, sponsorships, versions[0].draft_id if versions else None):
        return versions
    return [v for v in versions if v.is_issued or v.is_shared]
