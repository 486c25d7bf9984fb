from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from negotiation.selectors import sponsorship_display
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
