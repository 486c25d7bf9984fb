"""Convergence: where a draft's paragraphs stand, version by version.

For each version: its paragraphs (top-level PP/OP) by status (the facilitator's, else the
default), its open proposals, its bracket groups (outermost bracket spans in the paragraphs,
their sub-paragraphs and the footnotes) and its bracketed paragraphs; for a treaty, the same
per Article. Three queries for the whole draft, whatever the number of versions.

``convergence_chart`` turns the tallies into the geometry of a server-rendered SVG (pure: no
database); the template only draws what it is given.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Left

from negotiation.models import Paragraph, ParagraphStatus, Proposal, Version, default_status
from negotiation.text.brackets import outermost_count

STATUSES = list(ParagraphStatus.Status.values)  # pending, bracketed, ad_ref, agreed, deleted
STATUS_LABELS = dict(ParagraphStatus.Status.choices)
OPEN_STATUSES = (Proposal.Status.OPEN, Proposal.Status.ACCEPTED)
TOP_KINDS = (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE)
DEMO_TAG = "[demo]"  # how the demo negotiation's proposals start their reason (services/corpus.py)


# --- statuses -------------------------------------------------------------------------------
def has_brackets(text: str) -> bool:
    return "[" in text or "]" in text


def outer_groups(text: str) -> int:
    """Outermost bracket groups of ``text``: its depth-1 spans (an unclosed one included), as
    ``parse_text --json`` counts ``bracket_count``."""
    return outermost_count(text)


def status_entry(status: str) -> dict:
    return {"status": status, "status_label": STATUS_LABELS.get(status, status)}


def redline_statuses(version: Version, result: dict, side: str = "new") -> list[dict | None]:
    """The status of each top-level paragraph of ``version`` for a redline ``result`` of which
    it is the ``side``, indexed as the rows' ``new`` (or ``old``): the default from the words
    the redline already holds, and the facilitator's statuses, read (one query) and placed by
    lineage (a second query, only when the facilitator has set any)."""
    shown = (0, 1) if side == "new" else (-1, 0)
    final = version.kind == Version.Kind.FINAL
    count = 1 + max((r[side] for r in result["paragraphs"] if r[side] is not None), default=-1)
    statuses: list[dict | None] = [None] * count
    for r in result["paragraphs"]:
        if r[side] is not None:
            words = "".join(text for op, text in r["segments"] if op in shown)
            statuses[r[side]] = status_entry(default_status([words], final=final))
    stored = stored_statuses(version)
    if stored:
        lineages = version.paragraphs.filter(kind__in=TOP_KINDS).order_by("position").values_list("lineage", flat=True)
        for index, lineage in enumerate(lineages):
            if index < count and str(lineage) in stored:
                statuses[index] = status_entry(stored[str(lineage)])
    return statuses


def stored_statuses(version: Version) -> dict[str, str]:
    """The facilitator's statuses of ``version`` by lineage string. One query."""
    return {str(lineage): status for lineage, status in version.paragraph_statuses.values_list("lineage", "status")}


def block_statuses(version: Version, blocks: list[dict]) -> None:
    """Give each editor block (``blocks_from_items``) its ``status`` and ``status_label``."""
    stored = stored_statuses(version)
    final = version.kind == Version.Kind.FINAL
    for b in blocks:
        texts = [b.get("text") or ""] + [s.get("text") or "" for s in b.get("subparagraphs") or []]
        b.update(status_entry(stored.get(str(b.get("lineage"))) or default_status(texts, final=final)))


def _top_of(rows, top_ids: set[int]) -> dict[int, int]:
    """Row id -> the id of the top-level paragraph it belongs to (itself for a top-level one;
    rows: id, kind, parent_id, ...)."""
    parent = {r[0]: r[2] for r in rows}
    found = {}
    for r in rows:
        pk = r[0]
        for _ in range(8):  # a sub-paragraph's parent may be a sub-paragraph
            if pk is None or pk in top_ids:
                break
            pk = parent.get(pk)
        if pk in top_ids:
            found[r[0]] = pk
    return found


def _texts_by_top(rows, top_ids: set[int]) -> dict[int, list[str]]:
    """Each top-level paragraph's words, then its sub-paragraphs' (rows: id, kind, parent_id,
    lineage, text, ...)."""
    texts: dict[int, list[str]] = {pk: [] for pk in top_ids}
    top = _top_of(rows, top_ids)
    for r in rows:
        owner = top.get(r[0])
        if owner == r[0]:
            texts[owner].insert(0, r[4])
        elif owner is not None:
            texts[owner].append(r[4])
    return texts


def with_statuses(paragraphs, statuses: dict[str, str]):
    """The draft page's paragraph rows with ``status``/``status_label`` on the top-level ones,
    and the italic lead phrase kept apart only when it holds no bracket (so bracket shading,
    which runs over the rest of the text, never splits a span)."""
    for p in paragraphs:
        if p.kind in TOP_KINDS:
            entry = status_entry(statuses.get(str(p.lineage)) or ParagraphStatus.Status.PENDING)
            p.status, p.status_label = entry["status"], entry["status_label"]
        if getattr(p, "rest", None) is not None and has_brackets(p.lead):
            p.rest = None
    return paragraphs


# --- tallies --------------------------------------------------------------------------------
@dataclass
class Tally:
    """Counts for a version, or for one Article of it."""

    name: str
    paragraphs: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    open_proposals: int = 0
    bracket_groups: int = 0
    bracketed_paragraphs: int = 0

    @property
    def status_cells(self) -> list[dict]:
        return [{"status": s, "label": STATUS_LABELS[s], "count": self.by_status[s]} for s in STATUSES]


@dataclass
class VersionConvergence:
    version: Version
    total: Tally
    articles: list[Tally]
    statuses: dict[str, str]  # lineage -> status, defaults included

    @property
    def has_text(self) -> bool:
        return self.total.paragraphs > 0


@dataclass
class Convergence:
    versions: list[VersionConvergence]
    is_treaty: bool = False
    demo: bool = False  # the draft carries the demo negotiation (proposals tagged [demo])
    chart: dict | None = None

    @property
    def charted(self) -> list[VersionConvergence]:
        return [v for v in self.versions if v.has_text]

    @property
    def show(self) -> bool:
        return len(self.charted) >= 2

    def statuses_for(self, version: Version) -> dict[str, str]:
        return next((v.statuses for v in self.versions if v.version.pk == version.pk), {})


def draft_convergence(draft, versions: list[Version]) -> Convergence:
    """The convergence of ``draft`` over ``versions`` (those the user may read, in order):
    one query for the paragraphs of every version, one for the statuses, one for proposals."""
    ids = [v.pk for v in versions]
    rows_by_version: dict[int, list] = defaultdict(list)
    for row in (Paragraph.objects.filter(version_id__in=ids)
                .filter(kind__in=(*TOP_KINDS, Paragraph.Kind.SUBPARAGRAPH, Paragraph.Kind.FOOTNOTE))
                .order_by("version_id", "position")
                .values_list("id", "kind", "parent_id", "lineage", "text", "section", "version_id")):
        rows_by_version[row[6]].append(row)
    stored: dict[int, dict[str, str]] = defaultdict(dict)
    for version_id, lineage, status in ParagraphStatus.objects.filter(version_id__in=ids).values_list("version_id", "lineage", "status"):
        stored[version_id][str(lineage)] = status
    open_by_version: dict[int, list[str]] = defaultdict(list)
    demo = False
    for version_id, lineage, status, tag in (Proposal.objects.filter(draft_id=draft.pk).annotate(tag=Left("reason", len(DEMO_TAG)))
                                             .values_list("version_id", "lineage", "status", "tag")):
        demo = demo or tag == DEMO_TAG
        if status in OPEN_STATUSES:
            open_by_version[version_id].append(str(lineage))
    result = [version_tally(v, rows_by_version.get(v.pk, []), stored.get(v.pk, {}), open_by_version.get(v.pk, []))
              for v in versions]
    convergence = Convergence(versions=result, is_treaty=any(len(v.articles) > 1 for v in result), demo=demo)
    if convergence.show:
        convergence.chart = convergence_chart(
            [{"label": v.version.label, "date": v.version.date, "tally": v.total} for v in convergence.charted],
            title=f"Convergence of {draft}",
        )
    return convergence


def version_tally(version: Version, rows, stored: dict[str, str], open_lineages: list[str]) -> VersionConvergence:
    """Counts of one version from its rows (id, kind, parent_id, lineage, text, section, ...)."""
    top = [r for r in rows if r[1] in TOP_KINDS]
    top_ids = {r[0] for r in top}
    words_rows = [r for r in rows if r[1] != Paragraph.Kind.FOOTNOTE]
    texts = _texts_by_top(words_rows, top_ids)
    treaty = any(r[5] for r in top)
    final = version.kind == Version.Kind.FINAL
    total = Tally(version.label)
    articles: dict[str, Tally] = {}
    article_of: dict = {}
    statuses: dict[str, str] = {}
    for r in top:
        name = _article(r) if treaty else ""
        article_of[r[0]] = article_of[str(r[3])] = name
        tally = articles.setdefault(name, Tally(name)) if treaty else None
        words = texts[r[0]]
        status = stored.get(str(r[3])) or default_status(words, final=final)
        statuses[str(r[3])] = status
        groups = sum(outer_groups(t) for t in words)
        for t in filter(None, (total, tally)):
            t.paragraphs += 1
            t.by_status[status] += 1
            t.bracket_groups += groups
            t.bracketed_paragraphs += 1 if any(has_brackets(w) for w in words) else 0
    # A proposal may be made for a sub-paragraph: it counts under its paragraph's Article.
    for row_id, top_id in _top_of(words_rows, top_ids).items():
        if row_id != top_id:
            article_of[row_id] = article_of[top_id]
    for r in words_rows:
        if r[0] in article_of:
            article_of.setdefault(str(r[3]), article_of[r[0]])
    for r in rows:
        if r[1] == Paragraph.Kind.FOOTNOTE and has_brackets(r[4]):
            groups = outer_groups(r[4])
            total.bracket_groups += groups
            if treaty:
                name = article_of.get(r[2], "Footnotes")
                articles.setdefault(name, Tally(name)).bracket_groups += groups
    for lineage in open_lineages:
        total.open_proposals += 1
        if treaty and lineage in article_of:
            articles[article_of[lineage]].open_proposals += 1
    return VersionConvergence(version=version, total=total, articles=list(articles.values()), statuses=statuses)


def _article(row) -> str:
    """The top-level section a treaty paragraph stands under: "Article 4 (adaptation)"."""
    top = (row[5] or "").split(" › ")[0].strip()
    return top or ("Preamble" if row[1] == Paragraph.Kind.PREAMBULAR else "Without Article")


# --- the chart ------------------------------------------------------------------------------
WIDTH, LEFT, RIGHT = 760, 52, 20
PANEL_HEIGHT = 118
BRACKETS_TOP, STATUS_TOP = 36, 212
LABELS_TOP = STATUS_TOP + PANEL_HEIGHT + 16
GROUPS_COLOUR, PARAGRAPHS_COLOUR = "#b45309", "#6d28d9"
# Stacked from the bottom: what is settled first, what is contested on top.
STACK = ["agreed", "ad_ref", "pending", "bracketed", "deleted"]
STATUS_COLOURS = {"agreed": "#2f855a", "ad_ref": "#9ad0ab", "pending": "#c3ccd6", "bracketed": "#f2c14e", "deleted": "#e49a9c"}


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """0 and round steps up to at least ``top``: 632 -> [0, 200, 400, 600, 800]."""
    if top <= 0:
        return [0, 1]
    rough = top / count
    magnitude = 10 ** (len(str(int(rough))) - 1) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    step = max(1, int(step))
    ticks = [0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def short_lines(label: str, width: int, lines: int = 2) -> list[str]:
    """``label`` wrapped to ``lines`` lines of about ``width`` characters; a label too long
    for them loses its parentheses (but not "(demo)"), then is cut with an ellipsis."""
    if len(label) > width * lines and "(demo)" not in label:
        label = _without_parentheses(label)
    words = " ".join(label.split()).split(" ")
    out: list[str] = []
    for word in words:
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:max(1, width - 1)].rstrip(" ,;") + "…"
    return [line if len(line) <= width else line[:width - 1] + "…" for line in out]


def _without_parentheses(text: str) -> str:
    out, depth = [], 0
    for char in text:
        depth += char == "("
        if not depth:
            out.append(char)
        depth -= char == ")" and depth > 0
    return "".join(out).strip() or text


def _date(value) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def _scale(top_value: int, panel_top: int):
    bottom = panel_top + PANEL_HEIGHT
    return lambda value: round(bottom - (value / top_value) * PANEL_HEIGHT, 1)


def convergence_chart(points: list[dict], *, title: str = "Convergence") -> dict:
    """SVG geometry for ``points`` ({"label", "date", "tally"}, in version order): a panel of
    bracket groups and bracketed paragraphs (lines), a panel of paragraphs by status (stacked
    bars), x labels with dates, a legend, and a one-sentence summary for ``aria-label``."""
    n = len(points)
    plot = WIDTH - LEFT - RIGHT
    slot = plot / max(n, 1)
    xs = [round(LEFT + slot * (i + 0.5), 1) for i in range(n)]
    tallies = [p["tally"] for p in points]

    bracket_ticks = nice_ticks(max([t.bracket_groups for t in tallies] + [t.bracketed_paragraphs for t in tallies] + [0]))
    y_br = _scale(bracket_ticks[-1], BRACKETS_TOP)
    status_ticks = nice_ticks(max([t.paragraphs for t in tallies] + [0]))
    y_st = _scale(status_ticks[-1], STATUS_TOP)

    groups = [{"x": x, "y": y_br(t.bracket_groups), "value": t.bracket_groups} for x, t in zip(xs, tallies)]
    paragraphs = [{"x": x, "y": y_br(t.bracketed_paragraphs), "value": t.bracketed_paragraphs} for x, t in zip(xs, tallies)]
    bottom = BRACKETS_TOP + PANEL_HEIGHT
    for g in groups:
        g["label_y"] = round(g["y"] - 8, 1)
    # The bracketed paragraphs' values stand in one row under the axis, in their line's colour:
    # they never collide with either line, however close the two run.
    for p in paragraphs:
        p["label_y"] = bottom + 15

    bar_width = round(min(56, slot * 0.45), 1)
    bars = []
    for x, t, point in zip(xs, tallies, points):
        stack, level = [], 0
        for status in STACK:
            count = t.by_status.get(status, 0)
            if not count:
                continue
            y_top, y_bottom = y_st(level + count), y_st(level)
            stack.append({"status": status, "label": STATUS_LABELS[status], "count": count, "colour": STATUS_COLOURS[status],
                          "x": round(x - bar_width / 2, 1), "y": y_top, "height": round(y_bottom - y_top, 1)})
            level += count
        bars.append({"x": x, "width": bar_width, "stack": stack, "total": t.paragraphs, "total_y": round(y_st(t.paragraphs) - 6, 1),
                     "title": _point_title(point)})

    chars = max(8, int(slot / 6.6))
    labels = []
    for x, point in zip(xs, points):
        lines = short_lines(point["label"], chars)
        labels.append({"x": x, "lines": [{"text": line, "y": LABELS_TOP + 13 * k} for k, line in enumerate(lines)],
                       "date": _date(point["date"]), "date_y": LABELS_TOP + 13 * len(lines) + 2, "full": point["label"]})
    height = LABELS_TOP + 13 * 3 + 10

    return {
        "width": WIDTH, "height": height, "left": LEFT, "right": WIDTH - RIGHT, "title": title,
        "summary": chart_summary(points),
        "brackets": {
            "top": BRACKETS_TOP, "bottom": bottom, "title_y": BRACKETS_TOP - 16,
            "ticks": [{"value": v, "y": y_br(v)} for v in bracket_ticks],
            "groups": groups, "groups_points": " ".join(f"{p['x']},{p['y']}" for p in groups),
            "paragraphs": paragraphs, "paragraphs_points": " ".join(f"{p['x']},{p['y']}" for p in paragraphs),
            "legend": _legend([("line", "bracket groups", GROUPS_COLOUR), ("dash", "bracketed paragraphs", PARAGRAPHS_COLOUR)],
                              BRACKETS_TOP - 16),
        },
        "statuses": {
            "top": STATUS_TOP, "bottom": STATUS_TOP + PANEL_HEIGHT, "title_y": STATUS_TOP - 16,
            "ticks": [{"value": v, "y": y_st(v)} for v in status_ticks], "bars": bars,
            "legend": _legend([("box", STATUS_LABELS[s], STATUS_COLOURS[s]) for s in reversed(STACK)], STATUS_TOP - 16),
        },
        "labels": labels, "groups_colour": GROUPS_COLOUR, "paragraphs_colour": PARAGRAPHS_COLOUR,
    }


def _legend(items: list[tuple[str, str, str]], y: int) -> list[dict]:
    """Legend entries laid out right-aligned on the panel's title line."""
    widths = [22 + int(len(text) * 6.2) + 14 for _, text, _ in items]
    x = WIDTH - RIGHT - sum(widths)
    out = []
    for (shape, text, colour), width in zip(items, widths):
        out.append({"shape": shape, "text": text, "colour": colour, "x": x, "y": y, "text_x": x + 20})
        x += width
    return out


def _point_title(point: dict) -> str:
    t = point["tally"]
    counts = ", ".join(f"{t.by_status[s]} {STATUS_LABELS[s]}" for s in STATUSES if t.by_status[s])
    return (f"{point['label']}{' (' + _date(point['date']) + ')' if point['date'] else ''}: {t.paragraphs} paragraphs"
            f"{' (' + counts + ')' if counts else ''}; {t.bracket_groups} bracket groups; "
            f"{t.bracketed_paragraphs} bracketed paragraphs; {t.open_proposals} open proposals")


def chart_summary(points: list[dict]) -> str:
    """What the chart shows, in words, for screen readers."""
    groups = ", ".join(f"{p['label']} {p['tally'].bracket_groups}" for p in points)
    bracketed = ", ".join(str(p["tally"].bracketed_paragraphs) for p in points)
    agreed = ", ".join(f"{p['tally'].by_status['agreed']} of {p['tally'].paragraphs}" for p in points)
    return (f"Bracket groups per version: {groups}. Bracketed paragraphs: {bracketed}. "
            f"Paragraphs agreed: {agreed}.")
