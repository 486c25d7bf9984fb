from django import template



register = template.Library()


@register.filter
def sponsor_names(entries) -> str:
    """“Argentina, Canada and the United States”: UN wording for a list of SponsorEntry."""
    from negotiation.text.names import join_names

    return join_names([e.display for e in entries])


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
