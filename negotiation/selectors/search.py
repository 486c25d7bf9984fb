"""Search across everything a user may see (issue 15): the paragraphs of every version the user
may read, and drafts by symbol and title; and a paragraph's history by lineage from a hit.

On PostgreSQL, full-text search: ``websearch_to_tsquery`` (quotes make a phrase, ``-word``
excludes, ``or`` gives alternatives), ranked with ``ts_rank``, snippets from ``ts_headline``,
served by the GIN index of migration 0007 (``PARAGRAPH_VECTOR`` is its expression). Elsewhere
(SQLite, the embedded default) a simpler fallback with the same query syntax: each word or
quoted phrase found with ``icontains``, ranked by how many times the words occur.

Other delegations' private working versions never appear: every read goes through
``visible_versions_q`` / ``visible_drafts``.
"""
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Length, Lower, Replace

from negotiation.models import Draft, Paragraph, Version
from negotiation.selectors import label_anchor, visible_drafts, visible_versions_q
from negotiation.text.structure import paragraph_labels, sub_number, subparagraph_label
from negotiation.text.worddiff import word_diff

# What a hit can be: the paragraphs negotiators cite and the footnotes the draft page shows.
# Titles are searched on the draft; enacting formulas and annexes (not shown on the draft
# page, so a link could not land on them) are left out.
SEARCHED_KINDS = (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE, Paragraph.Kind.SUBPARAGRAPH, Paragraph.Kind.FOOTNOTE)
TOP_KINDS = (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE)
SEARCH_CONFIG = "english"
MAX_QUERY_CHARS = 200
# Highlight marks put around matched words in snippets: private-use characters, which no
# text holds, so the snippet can be escaped whole and only these turned into <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"
ANGLE_OPEN, ANGLE_CLOSE = "\ue002", "\ue003"
SNIPPET_WORDS = 36
DRAFTS_SHOWN = 10


def full_text_search() -> bool:
    """PostgreSQL full-text search here; the LIKE fallback on other databases."""
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------------------------------------
# The query


@dataclass(frozen=True)
class Term:
    text: str  # lower-case word or phrase, spaces normalised
    negated: bool = False


@dataclass
class ParsedQuery:
    """``q`` as alternatives (``or``) of terms that must all be present (or all absent, negated)."""

    q: str
    groups: list[list[Term]] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """The positive words and phrases, for highlighting, longest first."""
        seen = {t.text for group in self.groups for t in group if not t.negated}
        return sorted(seen, key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.groups)


STOP_WORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or that the their this to was were which with".split()
)
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = ".,;:!?()[]{}«»“”‘’'"


def parse_query(q: str) -> ParsedQuery:
    """The websearch syntax, read in Python for the fallback: ``"a phrase"``, ``-word``, ``or``."""
    q = " ".join((q or "").split())[:MAX_QUERY_CHARS]
    groups: list[list[Term]] = [[]]
    for match in _TOKEN_RE.finditer(q):
        if match.group(3) is not None:
            word = match.group(3)
            if word.lower() == "or":
                groups.append([])
                continue
            negated = word.startswith("-") and len(word) > 1
            text = (word[1:] if negated else word).strip(_EDGE_PUNCTUATION + "-")
        else:
            negated, text = bool(match.group(1)), " ".join(match.group(2).split())
        if text:
            groups[-1].append(Term(text.lower(), negated))
    # Common words alone ("in", "the") are in nearly every paragraph, inside other words too:
    # like PostgreSQL's English configuration, leave them out of a group that has other words.
    groups = [[t for t in g if t.text not in STOP_WORDS] or g for g in groups]
    # A group of only exclusions would match nearly everything: websearch drops it too.
    return ParsedQuery(q, [g for g in groups if any(not t.negated for t in g)])


def quoted(q: str) -> str:
    """``q`` as a page repeats it: in curly quotes, unless it holds quotes of its own."""
    return q if '"' in q else f"“{q}”"


def _like_filter(parsed: ParsedQuery, field_name: str) -> Q:
    either = Q(pk__in=[])
    for group in parsed.groups:
        every = Q()
        for term in group:
            found = Q(**{f"{field_name}__icontains": term.text})
            every &= ~found if term.negated else found
        either |= every
    return either


def _occurrences(parsed: ParsedQuery, field_name: str):
    """How many times the query's words occur in ``field_name`` (the fallback's rank)."""
    total = Value(0, output_field=IntegerField())
    lowered = Lower(field_name)
    for word in parsed.words:
        removed = Length(lowered) - Length(Replace(lowered, Value(word), Value("")))
        total = total + removed / Value(len(word))
    return total


def _vector(field_name: str):
    from django.contrib.postgres.search import SearchVector

    return SearchVector(field_name, config=SEARCH_CONFIG)


def _tsquery(parsed: ParsedQuery):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(parsed.q, search_type="websearch", config=SEARCH_CONFIG)


def text_matches(queryset: QuerySet, parsed: ParsedQuery, field_name: str = "text") -> QuerySet:
    """``queryset`` narrowed to the rows whose ``field_name`` matches the query."""
    if full_text_search():
        return queryset.annotate(**{f"_sv_{field_name}": _vector(field_name)}).filter(**{f"_sv_{field_name}": _tsquery(parsed)})
    return queryset.filter(_like_filter(parsed, field_name))


# ---------------------------------------------------------------------------------------------
# Search


def _visible_version_ids(user) -> QuerySet:
    visible = visible_versions_q(user)
    versions = Version.objects.all() if visible is None else Version.objects.filter(visible)
    return versions.values("pk")


def _same_paragraph() -> Q:
    """Rows that are the same paragraph as the outer row, in another version of its draft.

    Preambular and operative paragraphs carry their identity (``lineage``) from version to
    version; sub-paragraphs and footnotes get a new one in each, so a sub-paragraph is known by
    its paragraph's lineage and its number, a footnote by its words."""
    return (
        Q(kind__in=TOP_KINDS, lineage=OuterRef("lineage"))
        | (Q(kind=Paragraph.Kind.SUBPARAGRAPH) & Q(kind=OuterRef("kind"))
           & Q(parent__lineage=OuterRef("parent__lineage")) & Q(number=OuterRef("number")))
        | (Q(kind=Paragraph.Kind.FOOTNOTE) & Q(kind=OuterRef("kind")) & Q(text=OuterRef("text")))
    )


def _paragraph_key(kind: str, draft_id: int, lineage, parent_lineage, number: str, text: str) -> tuple:
    """``_same_paragraph`` in Python: rows with one key are one paragraph."""
    if kind == Paragraph.Kind.SUBPARAGRAPH:
        return draft_id, kind, parent_lineage, number
    if kind == Paragraph.Kind.FOOTNOTE:
        return draft_id, kind, text
    return draft_id, "top", lineage


def paragraph_hits(user, q: str) -> QuerySet[Paragraph]:
    """Paragraphs matching ``q`` in the versions ``user`` may see, best first, one row per
    paragraph: where the same paragraph (``_same_paragraph``) matches in several versions of a
    draft, the newest of them stands for all (``hits_decorate`` lists the others).

    A lazy queryset for a Paginator; ``hits_decorate`` adds what the page shows."""
    parsed = parse_query(q)
    if not parsed:
        return Paragraph.objects.none()
    visible = _visible_version_ids(user)
    rows = text_matches(Paragraph.objects.filter(kind__in=SEARCHED_KINDS, version__in=visible), parsed)
    newer = text_matches(Paragraph.objects.filter(
        _same_paragraph(), version__draft_id=OuterRef("version__draft_id"),
        version__sequence__gt=OuterRef("version__sequence"), kind__in=SEARCHED_KINDS, version__in=visible,
    ), parsed)
    rows = rows.filter(~Exists(newer))
    if full_text_search():
        from django.contrib.postgres.search import SearchRank

        rows = rows.annotate(rank=SearchRank(_vector("text"), _tsquery(parsed)))
    else:
        rows = rows.annotate(rank=_occurrences(parsed, "text"))
    return rows.select_related("version__draft", "parent").order_by(
        "-rank", "version__draft__symbol", "version__draft_id", "-version__sequence", "position", "pk")


def draft_hits(user, q: str) -> tuple[list[Draft], int]:
    """Drafts ``user`` may know of whose symbol holds ``q`` or whose title matches it: the
    first ``DRAFTS_SHOWN`` and how many in all."""
    parsed = parse_query(q)
    if not parsed:
        return [], 0
    plain = " ".join(parsed.q.replace('"', " ").split())
    titled = text_matches(Draft.objects.all(), parsed, "title").values("pk")
    drafts = (visible_drafts(user).filter(Q(symbol__icontains=plain) | Q(pk__in=titled))
              .select_related("body").order_by("body__short_name", "-session", "symbol", "pk"))
    shown = list(drafts[:DRAFTS_SHOWN])
    return shown, (len(shown) if len(shown) < DRAFTS_SHOWN else drafts.count())


def _labels(version_ids) -> dict[int, str]:
    """Negotiators' labels ("PP3", "OP12", "Art. 4.2") of the top-level paragraphs of these
    versions, by paragraph id: one query, whatever the number of versions."""
    by_version: dict[int, list] = {}
    rows = (Paragraph.objects.filter(version_id__in=list(version_ids), kind__in=TOP_KINDS)
            .order_by("version_id", "position").values_list("pk", "version_id", "kind", "number", "section"))
    for pk, version_id, kind, number, section in rows:
        by_version.setdefault(version_id, []).append(SimpleNamespace(pk=pk, kind=kind, number=number, section=section))
    labels = {}
    for top in by_version.values():
        labels.update(zip((p.pk for p in top), paragraph_labels(top)))
    return labels


def _label_and_anchor(row: Paragraph, labels: dict[int, str]) -> tuple[str, str]:
    """What negotiators cite and the id of its place on the draft page."""
    if row.kind in TOP_KINDS:
        label = labels.get(row.pk, "")
        return label, label_anchor(label)
    if row.kind == Paragraph.Kind.SUBPARAGRAPH:
        parent = labels.get(row.parent_id, "")
        return subparagraph_label(parent, row.number), (label_anchor(parent) if parent else "")
    if row.kind == Paragraph.Kind.FOOTNOTE:
        return f"footnote {row.number}".strip(), (f"fn-{row.number}" if row.number else "")
    return row.get_kind_display(), ""


def _segments(marked: str) -> list[dict]:
    """A snippet with marks as ``[{"text", "mark"}]``: the template escapes every piece."""
    pieces, marked_now = [], False
    for part in re.split(f"([{MARK_START}{MARK_STOP}])", marked):
        if part == MARK_START:
            marked_now = True
        elif part == MARK_STOP:
            marked_now = False
        elif part:
            pieces.append({"text": part, "mark": marked_now})
    return pieces


def _snippet_fallback(text: str, parsed: ParsedQuery) -> str:
    """About ``SNIPPET_WORDS`` words around the first match, every match marked."""
    words = parsed.words
    if not words:
        return text
    # Marked where a word starts ("crime" in "crimes", not in "incriminate").
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")", re.IGNORECASE)
    first = pattern.search(text)
    tokens = list(re.finditer(r"\S+", text))
    if len(tokens) > SNIPPET_WORDS:
        at = next((i for i, t in enumerate(tokens) if first and t.end() > first.start()), 0)
        start = max(0, at - SNIPPET_WORDS // 3)
        stop = min(len(tokens), start + SNIPPET_WORDS)
        start = max(0, stop - SNIPPET_WORDS)
        text = ("… " if start else "") + text[tokens[start].start():tokens[stop - 1].end()] + (" …" if stop < len(tokens) else "")
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", text)


def _headlines(ids: list[int], parsed: ParsedQuery) -> dict[int, str]:
    from django.contrib.postgres.search import SearchHeadline

    # ts_headline drops what looks like an HTML tag: angle brackets go in as private-use
    # characters and come back as themselves, so the text shows as it is (escaped).
    shielded = Replace(Replace("text", Value("<"), Value(ANGLE_OPEN)), Value(">"), Value(ANGLE_CLOSE))
    headline = SearchHeadline(
        shielded, _tsquery(parsed), config=SEARCH_CONFIG, start_sel=MARK_START, stop_sel=MARK_STOP,
        max_words=SNIPPET_WORDS, min_words=SNIPPET_WORDS // 2, max_fragments=2, fragment_delimiter=" … ",
    )
    rows = Paragraph.objects.filter(pk__in=ids).annotate(headline=headline).values_list("pk", "text", "headline")
    return {pk: _ellipsised(text, marked.replace(ANGLE_OPEN, "<").replace(ANGLE_CLOSE, ">")) for pk, text, marked in rows}


def _ellipsised(text: str, marked: str) -> str:
    """``…`` where the headline starts after the text's start or stops before its end."""
    plain = marked.replace(MARK_START, "").replace(MARK_STOP, "").strip()
    if not plain:
        return marked
    head, tail = plain.split(" … ")[0], plain.split(" … ")[-1]
    return ("" if text.strip().startswith(head) else "… ") + marked.strip() + ("" if text.strip().endswith(tail) else " …")


def hits_decorate(user, rows: list[Paragraph], q: str) -> list[Paragraph]:
    """The page's hits, each with ``label`` ("OP12", "PP3 (a)" …), ``anchor`` (its id on the
    draft page), ``snippet`` (pieces, the matched words marked) and ``earlier``: the labels of
    the older versions in which the same paragraph also matches. Three queries for the page
    (two on SQLite), whatever its length."""
    parsed = parse_query(q)
    if not rows:
        return rows
    labels = _labels({r.version_id for r in rows})
    headlines = _headlines([r.pk for r in rows], parsed) if full_text_search() else {}
    keys = {r.pk: _paragraph_key(r.kind, r.version.draft_id, r.lineage, r.parent.lineage if r.parent else None, r.number, r.text)
            for r in rows}
    same = (Q(kind__in=TOP_KINDS, lineage__in=[r.lineage for r in rows])
            | Q(kind=Paragraph.Kind.SUBPARAGRAPH, parent__lineage__in=[r.parent.lineage for r in rows if r.parent])
            | Q(kind=Paragraph.Kind.FOOTNOTE, text__in=[r.text for r in rows if r.kind == Paragraph.Kind.FOOTNOTE]))
    older = text_matches(Paragraph.objects.filter(same, version__in=_visible_version_ids(user), kind__in=SEARCHED_KINDS)
                         .exclude(pk__in=list(keys)), parsed).order_by("version__sequence")
    earlier: dict[tuple, list[str]] = {}
    for kind, draft_id, lineage, parent_lineage, number, text, label in older.values_list(
            "kind", "version__draft_id", "lineage", "parent__lineage", "number", "text", "version__label"):
        found = earlier.setdefault(_paragraph_key(kind, draft_id, lineage, parent_lineage, number, text), [])
        if label not in found:
            found.append(label)
    for row in rows:
        row.label, row.anchor = _label_and_anchor(row, labels)
        marked = headlines.get(row.pk) if headlines else _snippet_fallback(row.text, parsed)
        row.snippet = _segments(marked or row.text)
        row.earlier = earlier.get(keys[row.pk], [])
    return rows


# ---------------------------------------------------------------------------------------------
# Where does this wording come from


def paragraph_history(user, paragraph_id: int, q: str = "") -> dict | None:
    """One paragraph (by lineage) through every version of its draft that ``user`` may see,
    oldest first, or None when ``user`` may not see it.

    A sub-paragraph is followed as part of its paragraph (sub-paragraphs get no lineage of
    their own), whose text in each version is its chapeau and its sub-paragraphs.

    ``steps`` has one entry per version: ``present`` (the paragraph is in it) with ``label``,
    ``anchor``, ``text``, ``segments`` (word diff against the last version that held it),
    ``changed``, ``matches`` (it holds the words of ``q``), ``is_hit``; or absent, with
    ``absent`` saying why ("no text held", "not yet", "not in this version"). ``first`` is
    where it first appeared, ``first_match`` where the words of ``q`` first appear in it.
    Seven queries, whatever the number of versions."""
    visible = _visible_version_ids(user)
    hit = (Paragraph.objects.select_related("version__draft__body", "parent")
           .filter(pk=paragraph_id, version__in=visible).first())
    if hit is None:
        return None
    draft = hit.version.draft
    followed = hit.parent if hit.kind == Paragraph.Kind.SUBPARAGRAPH and hit.parent else hit
    has_text = Paragraph.objects.filter(version=OuterRef("pk"), kind__in=TOP_KINDS)
    versions = list(Version.objects.filter(draft=draft, pk__in=visible).annotate(has_text=Exists(has_text)).order_by("sequence"))
    rows = {r.version_id: r for r in Paragraph.objects.filter(version__in=[v.pk for v in versions], lineage=followed.lineage)}
    subs: dict[int, list[Paragraph]] = {}
    for sub in Paragraph.objects.filter(parent__in=list(rows.values()), kind=Paragraph.Kind.SUBPARAGRAPH).order_by("position"):
        subs.setdefault(sub.parent_id, []).append(sub)
    labels = _labels(rows.keys())
    parsed = parse_query(q)
    matching = set()
    if parsed:
        ids = [r.pk for r in rows.values()]
        found = text_matches(Paragraph.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids, kind=Paragraph.Kind.SUBPARAGRAPH)), parsed)
        matching = {parent_id if parent_id in ids else pk for pk, parent_id in found.values_list("pk", "parent_id")}
    steps, previous, first, first_match, changes = [], None, None, None, 0
    for version in versions:
        version.draft = draft
        row = rows.get(version.pk)
        if row is None:
            absent = "no text held" if not version.has_text else ("not yet" if first is None else "not in this version")
            steps.append({"version": version, "present": False, "absent": absent})
            continue
        text = " ".join([row.text] + [f"{sub_number(s.number)} {s.text}" for s in subs.get(row.pk, [])])
        label, anchor = _label_and_anchor(row, labels)
        changed = previous is not None and previous != text
        changes += changed
        step = {
            "version": version, "present": True, "label": label, "anchor": anchor, "text": text,
            "segments": word_diff(previous, text) if changed else [[0, text]],
            "changed": changed, "is_hit": version.pk == hit.version_id, "matches": row.pk in matching,
            "first": first is None, "returns": first is not None and steps[-1].get("absent") == "not in this version",
        }
        first = first or step
        if step["matches"] and first_match is None:
            first_match = step
        steps.append(step)
        previous = text
    present = [s for s in steps if s.get("present")]
    hit_step = next(s for s in present if s["is_hit"])
    hit_label = _label_and_anchor(hit, labels)[0] if hit is not followed else hit_step["label"]
    return {
        "draft": draft, "hit": hit, "hit_step": hit_step, "hit_label": hit_label, "steps": steps, "first": first,
        "first_match": first_match, "changes": changes, "later": len(present) - 1, "latest": present[-1],
        "q": parsed.q if parsed else "", "q_shown": quoted(parsed.q) if parsed else "",
    }
