from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from negotiation.selectors import sponsorship_display
from negotiation.text.brackets import bracket_spans
from negotiation.text.names import join_names

register = template.Library()


@register.filter
def sponsor_names(sponsorships) -> str:
    """“Argentina, Canada and the United States”: UN wording for a list of sponsorships."""
    return join_names([sponsorship_display(s) for s in sponsorships])


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for filters and paging)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def redline_html(segments, side: str = "inline"):
    """Word segments as HTML: escaped first, then wrapped in <ins>/<del> (house rule 5).

    ``side`` is "inline" (both), "old" (kept and deleted) or "new" (kept and inserted).
    """
    shown = {"inline": (-1, 0, 1), "old": (-1, 0), "new": (0, 1)}[side]
    parts = []
    for op, text in segments:
        if op not in shown:
            continue
        if op == 0:
            parts.append(escape(text))
        else:
            parts.append(format_html("<{0}>{1}</{0}>", "ins" if op == 1 else "del", text))
    return mark_safe("".join(str(p) for p in parts))


@register.filter
def redline_row_html(row, side: str = "inline"):
    """A compare row's words as the draft page shows a paragraph: ``redline_html``, with the
    lead phrase in italics (``row["lead_len"]`` characters of the new text, or of the old one
    for a deleted paragraph) and the footnote markers the paragraph cites after it."""
    shown = {"inline": (-1, 0, 1), "old": (-1, 0), "new": (0, 1)}[side]
    reference = (-1, 0) if side == "old" or row.get("new") is None else (0, 1)
    lead = row.get("lead_old_len" if reference == (-1, 0) else "lead_len") or 0
    pieces: list[tuple[int, str, bool]] = []  # (op, text, in the lead)
    pos = 0
    for op, text in row.get("segments") or []:
        if op in reference:
            cut = max(0, min(len(text), lead - pos))
            if op in shown:
                if cut:
                    pieces.append((op, text[:cut], True))
                if text[cut:]:
                    pieces.append((op, text[cut:], False))
            pos += len(text)
        elif op in shown:
            pieces.append((op, text, pos < lead))
    parts, in_lead = [], False
    for op, text, italic in pieces:
        if italic != in_lead:
            parts.append("<em>" if italic else "</em>")
            in_lead = italic
        parts.append(str(escape(text)) if op == 0 else str(format_html("<{0}>{1}</{0}>", "ins" if op == 1 else "del", text)))
    if in_lead:
        parts.append("</em>")
    markers = row.get("footnotes_old" if reference == (-1, 0) else "footnotes") or []
    if markers:
        parts.append(str(format_html('<sup class="fn-ref" title="Footnote {0}">{0}</sup>', ",".join(markers))))
    return mark_safe("".join(parts))


BRACKET_DEPTHS = 4  # br-d1 .. br-d4 have their own backgrounds; deeper brackets look like br-d4


def bracket_markup(text: str, spans=None) -> str:
    """``text`` as HTML with each bracket span wrapped in ``<span class="br br-dN">``.

    The text is escaped piece by piece first and only then wrapped, so user text is never
    marked safe unescaped. ``spans`` defaults to ``bracket_spans(text)``; spans that cross
    (never produced by ``bracket_spans``) are closed and reopened so the HTML stays nested.
    An unclosed bracket gets ``br-open`` as well.
    """
    spans = bracket_spans(text) if spans is None else spans
    size = len(text)
    spans = sorted(
        ((max(0, s.start), min(size, s.end), s) for s in spans if min(size, s.end) > max(0, s.start)),
        key=lambda item: (item[0], -item[1]),
    )
    if not spans:
        return escape(text)

    def open_tag(span) -> str:
        depth = min(max(int(span.depth), 1), BRACKET_DEPTHS)
        if span.closed:
            return f'<span class="br br-d{depth}">'
        return f'<span class="br br-d{depth} br-open" title="bracket not closed">'

    points = sorted({0, size} | {start for start, _, _ in spans} | {end for _, end, _ in spans})
    out: list[str] = []
    stack: list[tuple[int, int, object]] = []
    pos = 0
    starting = 0
    for point in points:
        out.append(escape(text[pos:point]))
        pos = point
        if any(end <= point for _, end, _ in stack):
            reopen = []
            while any(end <= point for _, end, _ in stack):
                item = stack.pop()
                out.append("</span>")
                if item[1] > point:
                    reopen.append(item)
            for item in reversed(reopen):
                out.append(open_tag(item[2]))
                stack.append(item)
        while starting < len(spans) and spans[starting][0] == point:
            out.append(open_tag(spans[starting][2]))
            stack.append(spans[starting])
            starting += 1
    out.append("</span>" * len(stack))
    return "".join(str(part) for part in out)


@register.filter
def bracket_html(text):
    """A paragraph's text with its square-bracket spans shaded by depth (safe HTML)."""
    return mark_safe(bracket_markup(str(text or "")))
