"""Compare two versions: inline or side by side, filters, deep links, exports, progress."""
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from negotiation import selectors
from negotiation.models import Draft, Version
from negotiation.selectors.compare_rows import display_rows
from negotiation.selectors.convergence import redline_statuses
from negotiation.services.redlines import READY, UNAVAILABLE, cache_key, redline_cached, redline_queue, redline_state
from negotiation.views.drafts import (
    FOREVER_SECONDS,
    STAMPED_SECONDS,
    Fragments,
    draft_and_versions,
    fragments_enabled,
    history_models,
    row_fields,
)

TRY_AGAIN = ("This is a long text, computed in the background, and the background service cannot be reached "
             "right now. Try again shortly; nothing is lost.")


def _versions(request, draft_id):
    try:
        # With cached fragments on, each version comes with the stamp of its paragraph statuses.
        if fragments_enabled():
            draft, all_versions = draft_and_versions(draft_id)
        else:
            draft = selectors.draft_with_versions(draft_id)
            all_versions = list(draft.versions.all())
    except Draft.DoesNotExist as exc:
        raise Http404("No such draft.") from exc
    # Unshared working versions stay private to the sponsors (and the secretariat); the
    # sponsorships are read only when the draft has such a version.
    sponsorships = SimpleLazyObject(lambda: list(draft.sponsorships.all()))
    versions = selectors.visible_versions(request.user, all_versions, sponsorships)
    if len(versions) == 0:
        raise Http404("This draft has no versions to compare.")
    ids = {key: request.GET.get(key, "") for key in ("old", "new")}
    by_id = {v.pk: v for v in versions}
    picked = {}
    for key, default in (("old", versions[-2] if len(versions) > 1 else versions[0]), ("new", versions[-1])):
        value = ids[key]
        if not value:
            picked[key] = default
        elif not value.isdigit():
            raise Http404("Unknown version.")
        elif int(value) in by_id:
            picked[key] = by_id[int(value)]
        else:  # a version of another draft: allowed, with a warning on the page
            other = get_object_or_404(Version.objects.select_related("draft__body"), pk=int(value))
            if not selectors.visible_versions(request.user, [other], list(other.draft.sponsorships.all())):
                raise Http404("Unknown version.")
            picked[key] = other
    for v in versions:
        v.draft = draft
    return draft, versions, picked["old"], picked["new"]


def compare_view(request, draft_id: int):
    draft, versions, old, new = _versions(request, draft_id)
    view = "side" if request.GET.get("view") == "side" else "inline"
    changes_only = request.GET.get("changes") == "1"
    hide_punctuation = request.GET.get("punct") == "0"
    if old.draft_id != new.draft_id:
        messages.warning(request, f"{old.full_label} and {new.full_label} are versions of different drafts.")
    if old.pk == new.pk:
        messages.info(request, f"You are comparing {old.label} with itself: nothing has changed.")
    fragments = Fragments("compare", compare_fragment_keys(old, new, view=view, changes_only=changes_only, hide_punctuation=hide_punctuation))
    cached = fragments.hits >= {"summary", "rows"}
    if cached:  # the page's rows are cached: the redline itself is read only if something asks for it
        state, result = READY, SimpleLazyObject(lambda: redline_state(old, new)[1])
    else:
        state, result = redline_state(old, new)  # UNAVAILABLE: the page's card says "try again shortly"
    context = {
        "draft": draft, "versions": versions, "old": old, "new": new, "view": view, "unavailable": state == UNAVAILABLE,
        "changes_only": changes_only, "hide_punctuation": hide_punctuation, "result": result, "fragments": fragments,
        "status_url": reverse("compare_status", args=[draft.pk]) + f"?old={old.pk}&new={new.pk}",
    }
    if result is not None and not cached:
        context["rows"] = display_rows(result, changes_only=changes_only, hide_punctuation=hide_punctuation)
        _with_new_statuses(context["rows"], redline_statuses(new, result))
        context["empty_note"], context["both_empty"] = _empty_note(old, new, _count(result, "old"), _count(result, "new"))
    return fragments.finish(render(request, "negotiation/compare.html", context))


def compare_fragment_keys(old: Version, new: Version, **options) -> dict:
    """The compare page's cached parts (views/drafts.py: Fragments), between two issued versions
    only: the summary line and the rows, keyed on both versions, the redline's own cache key,
    the view options and the newest change to the new version's paragraph statuses."""
    if not (fragments_enabled() and old.is_issued and new.is_issued):
        return {}
    if hasattr(new, "status_stamp"):
        status = new.status_stamp
    else:  # a version of another draft
        statuses = history_models()["paragraphstatus"]._default_manager
        status = statuses.filter(version_id=new.pk).order_by("-pk").values_list("pk", flat=True).first()
    parts = (row_fields(old), row_fields(new), cache_key(old, new), sorted(options.items()), status)
    # The summary is the redline's alone; the rows carry the new version's status badges.
    return {"summary": (parts, FOREVER_SECONDS), "rows": (parts, STAMPED_SECONDS)}


def _with_new_statuses(rows: list[dict], statuses: list[dict]) -> None:
    """Each row with the status of its paragraph in the new version (rows' ``new`` indexes
    the new version's top-level paragraphs)."""
    for row in rows:
        index = row.get("new")
        if isinstance(index, int) and 0 <= index < len(statuses) and statuses[index]:
            row["new_status"], row["new_status_label"] = statuses[index]["status"], statuses[index]["status_label"]


def _empty_note(old: Version, new: Version, old_count: int, new_count: int) -> tuple[str, bool]:
    """One plain sentence when a side holds no text (a version known by its symbol only), and
    whether neither does (then the page shows no rows and no summary): "" and False otherwise."""
    if old_count and new_count:
        return "", False
    if not old_count and not new_count:
        if old.pk == new.pk:
            return f"{old.label} holds no text here: it is known by its symbol only.", True
        return f"Neither {old.label} nor {new.label} holds a text here: they are known by their symbol only.", True
    empty, full, count, shown = (old, new, new_count, "inserted") if not old_count else (new, old, old_count, "deleted")
    every = "the one paragraph" if count == 1 else f"all {count} paragraphs"
    return (f"{empty.label} holds no text here (known by its symbol only; its text is not held), "
            f"so {every} of {full.label} show{'s' if count == 1 else ''} as {shown}."), False


def _count(result: dict, side: str) -> int:
    return sum(1 for r in result["paragraphs"] if r[side] is not None)


def compare_status_view(request, draft_id: int):
    """Polled by the progress page: ready or not yet."""
    _, _, old, new = _versions(request, draft_id)
    ready = redline_cached(old, new) is not None
    reachable = ready or redline_queue(old, new)
    return JsonResponse({"ready": ready, **({} if reachable else {"unavailable": TRY_AGAIN})})
