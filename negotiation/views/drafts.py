"""The draft list and the draft page: thin views over selectors.

With PAGE_FRAGMENT_CACHE (on in production), the draft page, and the compare page through the
same ``Fragments``, serve the parts rendered from issued versions and the record from the
cache, keyed on what they show (see "Cached fragments" below)."""
import functools
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from negotiation import roles, selectors
from negotiation.models import Body, Delegation, Draft, Version
from negotiation.selectors.actions import draft_actions_context
from negotiation.selectors.convergence import draft_convergence, with_statuses
from negotiation.text.export_docx import version_to_docx, version_to_text
from negotiation.views.editor import draft_editing_context


def draft_list_view(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("body", "session", "status", "sponsor", "q")}
    # Search, labels, counts and the filter choices cover only what the user may see: other
    # delegations' private working versions (and drafts known only by them) stay out.
    # Hundreds of drafts at most: read in the one query, sorted naturally here (L.2 before L.10).
    rows = selectors.draft_list_sorted(selectors.draft_list(user=request.user, **filters))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    visible = selectors.visible_drafts(request.user)
    return render(request, "negotiation/draft_list.html", {
        "page": page,
        "filters": filters,
        # The "Start here" card, on the unfiltered first page only.
        "start": start_here(request.user) if page.number == 1 and not any(filters.values()) else None,
        "bodies": Body.objects.filter(drafts__in=visible).distinct().order_by("short_name"),
        "sessions": visible.order_by("-session").values_list("session", flat=True).distinct(),
        "statuses": Draft.Status.choices,
        "sponsors": Delegation.objects.filter(sponsorships__draft__in=visible).distinct().order_by("sort_name"),
        "can_import": roles.can_import(request.user),
    })


def start_here(user) -> dict:
    """The "Start here" card of the home page: a real redline (the Paris Agreement's two last
    versions that hold a text) and the user's main task for each role the user has. Each link is
    found by query (a few small ones), never by a fixed id; a part with nothing to point at is left out."""
    from django.db.models import Case, Value, When

    from negotiation.models import Sponsorship

    tasks = []
    delegation = roles.delegation_of(user)
    if delegation is not None:
        # Preferably a draft still under negotiation, with a symbol, that the delegation leads.
        sponsored = (Sponsorship.objects.filter(delegation=delegation, withdrawn_on__isnull=True)
                     .select_related("draft")
                     .order_by(Case(When(draft__status=Draft.Status.NEGOTIATING, then=Value(0)), default=Value(1)),
                               Case(When(draft__symbol="", then=Value(1)), default=Value(0)),
                               Case(When(role=Sponsorship.Role.MAIN, then=Value(0)), default=Value(1)), "-draft_id")
                     .first())
        tasks.append({"role": "delegate", "draft": sponsored.draft if sponsored else None, "delegation": delegation})
    if roles.is_secretariat(user):
        open_draft = (Draft.objects.filter(status=Draft.Status.NEGOTIATING).exclude(symbol="").order_by("-pk").first()
                      or Draft.objects.order_by("-pk").first())
        tasks.append({"role": "secretariat", "draft": open_draft})
    facilitated = getattr(user, "_facilitated", None)  # read with the user (roles.RolesBackend)
    if facilitated is None and user.is_authenticated:
        facilitated = user._facilitated = set(user.facilitations.values_list("draft_id", flat=True))
    if facilitated:
        tasks.append({"role": "facilitator", "draft": Draft.objects.filter(pk__in=facilitated).order_by("-pk").first()})
    if roles.has_role(user, roles.REVIEWER) or not tasks:
        tasks.append({"role": "reviewer"})
    return {"redline": real_redline(user), "tasks": tasks}


def real_redline(user) -> dict | None:
    """The Paris Agreement's two last versions that hold a text, as a compare link, or None."""
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from negotiation.models import Paragraph

    held = Version.objects.filter(draft__title="Paris Agreement").filter(Exists(Paragraph.objects.filter(version=OuterRef("pk"))))
    visible = selectors.visible_versions_q(user)
    if visible is not None:
        held = held.filter(visible)
    pair = list(held.select_related("draft").order_by("-draft_id", "-sequence")[:2])
    if len(pair) < 2 or pair[0].draft_id != pair[1].draft_id:
        return None
    new, old = pair
    return {"draft": new.draft, "old": old, "new": new, "dates": _date_span(old.date, new.date),
            "url": reverse("compare", args=[new.draft_id]) + f"?old={old.pk}&new={new.pk}"}


def _date_span(first, last) -> str:
    """"9 → 12 December 2015", "6 November → 12 December 2015"; "" when a date is missing."""
    if first is None or last is None:
        return ""
    end = f"{last.day} {last:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} → {end}"
    return f"{first.day} {first:%B}{'' if first.year == last.year else f' {first.year}'} → {end}"


def draft_detail_view(request, draft_id: int, version_id: int | None = None):
    try:
        if fragments_enabled():
            draft, versions = draft_and_versions(draft_id, with_record=True)
        else:
            draft = selectors.draft_with_versions(draft_id)
            versions = list(draft.versions.all())
    except Draft.DoesNotExist as exc:
        raise Http404("No such draft.") from exc
    if not versions:
        raise Http404("This draft has no text yet.")
    # Loaded on first use: a page served from cached fragments may not need them at all.
    sponsorships = SimpleLazyObject(lambda: list(
        draft.sponsorships.select_related("delegation", "on_behalf_of", "joined_version", "withdrawn_version")
    ))
    # Unshared working versions are private to the sponsors (and the secretariat).
    versions = selectors.visible_versions(request.user, versions, sponsorships)
    if not versions:
        raise Http404("This draft has no text you can read yet.")
    version = {v.pk: v for v in versions}.get(version_id) if version_id else versions[-1]
    if version is None:
        raise Http404("No such version.")
    version.draft = draft
    for v in versions:
        v.draft = draft
    reads = DraftPageReads(draft, versions, version, sponsorships)
    can_record_actions = roles.is_secretariat(request.user)
    fragments = Fragments("draft", draft_fragment_keys(draft, versions, version, can_record_actions=can_record_actions))
    delegation = roles.delegation_of(request.user)
    response = render(request, "negotiation/draft_detail.html", {
        "draft": draft,
        "version": version,
        "fragments": fragments,
        # Lazy: each is read only when a part of the page that shows it is rendered.
        "paragraphs": SimpleLazyObject(reads.text_paragraphs),
        "footnotes": SimpleLazyObject(lambda: [p for p in reads.text_paragraphs() if p.kind == "footnote"]),
        "sponsors": SimpleLazyObject(lambda: selectors.sponsors_as_of(version, sponsorships)),
        "versions": versions,
        "convergence": SimpleLazyObject(lambda: reads.convergence),
        "can_edit_text": roles.can_edit_text(request.user, draft, sponsorships),
        "can_record_actions": can_record_actions,
        "actions_timeline": SimpleLazyObject(lambda: reads.actions["actions_timeline"]),
        "actions_count": SimpleLazyObject(lambda: reads.actions["actions_count"]),
        # Sponsorships matter there only for the user's own delegation.
        **draft_editing_context(request.user, draft, versions, sponsorships if delegation is not None else []),
    })
    return fragments.finish(response)


class DraftPageReads:
    """The draft page's expensive reads, each done once and only when needed: a page whose
    fragments come from the cache skips them."""

    def __init__(self, draft: Draft, versions: list[Version], version: Version, sponsorships):
        self.draft, self.versions, self.version, self.sponsorships = draft, versions, version, sponsorships

    @cached_property
    def convergence(self):
        return draft_convergence(self.draft, self.versions)

    @cached_property
    def paragraphs(self) -> list:
        rows = selectors.version_paragraphs(self.version)
        with_statuses(rows, self.convergence.statuses_for(self.version))
        return rows

    @cached_property
    def actions(self) -> dict:
        """The timeline; also gives each paragraph its ``statements_here``."""
        return draft_actions_context(self.draft, self.versions, self.sponsorships, self.paragraphs)

    def text_paragraphs(self) -> list:
        """The paragraphs, each with its status and ``statements_here``."""
        _ = self.actions
        return self.paragraphs


# --- Cached fragments -----------------------------------------------------------------------
# Issued versions never change, so what is rendered from them alone is cached for good. The
# parts that also show what can change (statuses, statements, proposals, actions, sponsors) are
# keyed on a stamp of those records: the newest history id of each table behind them (every
# write of the services leaves a history row, deletions included). They are kept one minute
# only: two writers committing out of the order of their history ids can leave a stamp that
# does not move for a change; a minute bounds that rare staleness (and a re-render costs what
# every request cost before). Per-user parts (buttons, forms with CSRF tokens, messages) are
# never inside a fragment; a role's variant of one (the secretariat's "Record an action") is in its key.
FOREVER_SECONDS = 60 * 60 * 24 * 30  # rendered from an issued version alone
STAMPED_SECONDS = 60  # keyed on the record's stamp
logger = logging.getLogger(__name__)


def fragments_enabled() -> bool:
    return getattr(settings, "PAGE_FRAGMENT_CACHE", False)


def history_models() -> dict:
    """Short name ("action", "paragraphstatus", "statement_paragraphs", ...) -> history model."""
    from django.apps import apps

    return {m._meta.db_table.removeprefix("negotiation_historical"): m
            for m in apps.get_app_config("negotiation").get_models() if m.__name__.startswith("Historical")}


# The history tables behind what the cached parts of the draft page show.
STAMPED = ("paragraph", "paragraphstatus", "proposal", "sponsorship", "delegation", "body", "action", "vote", "votecast",
           "statement", "statement_paragraphs", "statement_delegations")


@functools.cache
def _stamp_sql() -> tuple[str, str]:
    """(the record's stamp: the newest history id of each STAMPED table, each an index lookup;
    the newest history id of one version's paragraph statuses, correlated with its row)."""
    from django.db import connection

    q = connection.ops.quote_name
    models = history_models()
    record = "SELECT " + ", ".join(_record_columns())
    statuses = models["paragraphstatus"]._meta
    status = (f"SELECT MAX({q(statuses.pk.column)}) FROM {q(statuses.db_table)} "
              f"WHERE {q(statuses.db_table)}.{q('version_id')} = {q(Version._meta.db_table)}.{q('id')}")
    return record, status


def _record_columns() -> list[str]:
    from django.db import connection

    q = connection.ops.quote_name
    models = history_models()
    return [f"(SELECT MAX({q(models[name]._meta.pk.column)}) FROM {q(models[name]._meta.db_table)})" for name in STAMPED]


def record_stamps() -> dict[str, int | None]:
    """STAMPED table -> its newest history id. One query; on PostgreSQL a statement prepared
    once per connection (planning its twelve sub-queries would cost more than running them)."""
    from django.db import connection

    from negotiation.selectors.rows import execute_prepared

    with connection.cursor() as cursor:
        execute_prepared(cursor, "negotiation_record_stamp", _stamp_sql()[0], [])
        return dict(zip(STAMPED, cursor.fetchone()))


class _PageRead:
    """The draft page's first read as one statement: the draft, its body, its versions in
    order, each version's status stamp and, optionally, the record's stamp (``STAMPED``);
    instances as a queryset would give them (``selectors.rows``)."""

    def __init__(self, with_record: bool):
        from django.db import connection

        from negotiation.selectors.rows import ModelColumns

        q = connection.ops.quote_name
        self.name = "negotiation_page_read" + ("_stamped" if with_record else "")
        self.version, self.draft, self.body = (ModelColumns(m) for m in (Version, Draft, Body))
        columns = [self.version.sql, self.draft.sql, self.body.sql, f"({_stamp_sql()[1]})"]
        if with_record:
            columns += _record_columns()
        version, draft, body = (q(m._meta.db_table) for m in (Version, Draft, Body))
        self.sql = (f"SELECT {', '.join(columns)} FROM {draft} "
                    f"INNER JOIN {body} ON {body}.{q('id')} = {draft}.{q(Draft._meta.get_field('body').column)} "
                    f"LEFT OUTER JOIN {version} ON {version}.{q(Version._meta.get_field('draft').column)} = {draft}.{q('id')} "
                    f"WHERE {draft}.{q('id')} = %s ORDER BY {version}.{q('sequence')}")
        self.with_record = with_record

    def __call__(self, draft_id: int) -> tuple[Draft, list[Version], dict | None]:
        from django.db import connection

        from negotiation.selectors.rows import execute_prepared

        with connection.cursor() as cursor:
            execute_prepared(cursor, self.name, self.sql, [int(draft_id)])
            rows = cursor.fetchall()
        if not rows:
            raise Draft.DoesNotExist("Draft matching query does not exist.")
        a = len(self.version)
        b = a + len(self.draft)
        c = b + len(self.body)
        draft = self.draft.instance(rows[0][a:b])
        draft.body = self.body.instance(rows[0][b:c])
        versions = []
        for row in rows:
            if row[0] is None:  # no version: the outer join's one row
                continue
            version = self.version.instance(row[:a])
            version.status_stamp = row[c]
            version.draft = draft
            versions.append(version)
        stamps = dict(zip(STAMPED, rows[0][c + 1:])) if self.with_record else None
        return draft, versions, stamps


@functools.cache
def _page_read(with_record: bool) -> _PageRead:
    return _PageRead(with_record)


def draft_and_versions(draft_id: int, *, with_record: bool = False) -> tuple[Draft, list[Version]]:
    """The draft (with its body) and its versions in order, as ``selectors.draft_with_versions``
    gives them but in one query (a statement prepared once per connection on PostgreSQL), each
    version with ``status_stamp``: the newest history id of its paragraph statuses. With
    ``with_record``, the same query reads the record's stamp too (``record_stamps``), kept on
    the draft as ``record_stamp``. Raises Draft.DoesNotExist."""
    draft, versions, stamps = _page_read(with_record)(draft_id)
    if stamps is not None:
        draft.record_stamp = stamps
    return draft, versions


def row_fields(obj) -> tuple:
    return tuple(f.value_from_object(obj) for f in type(obj)._meta.concrete_fields)


def draft_fragment_keys(draft: Draft, versions: list[Version], version: Version, *, can_record_actions: bool) -> dict:
    """The draft page's fragments: name -> (what its HTML depends on, seconds to keep it)."""
    if not fragments_enabled():
        return {}
    stamp = getattr(draft, "record_stamp", None) or record_stamps()
    # Every row the header, chart and timeline word, as loaded (created_at tells a re-created
    # database's rows from the old ones with the same ids).
    shown = _digest((row_fields(draft), draft.body.name, draft.body.short_name, [row_fields(v) for v in versions], version.pk))
    status = version.status_stamp
    statements = [stamp[k] for k in ("action", "statement", "statement_paragraphs", "statement_delegations", "delegation")]
    keys = {
        "convergence": ((shown, [stamp[k] for k in ("paragraph", "paragraphstatus", "proposal")]), STAMPED_SECONDS),
        "sponsors": ((shown, [stamp[k] for k in ("sponsorship", "delegation")]), STAMPED_SECONDS),
        # The timeline links statements to the shown version's paragraphs (a working text's change).
        "record": ((shown, can_record_actions, None if version.is_issued else stamp["paragraph"],
                    [stamp[k] for k in ("action", "vote", "votecast", "statement", "statement_paragraphs",
                                        "statement_delegations", "sponsorship", "delegation", "body")]), STAMPED_SECONDS),
    }
    if version.is_issued:
        text = (row_fields(draft), row_fields(version), status, statements)
        keys["links"] = ((draft.pk, row_fields(version)), FOREVER_SECONDS)
        keys["text"] = (text, STAMPED_SECONDS)
    return keys


@functools.cache
def code_stamp() -> str:
    """A digest of the templates and code that render the cached fragments: a deploy that
    changes them starts with new keys."""
    from django.template.loader import get_template

    digest = hashlib.sha256()
    names = ["negotiation/draft_detail.html", "negotiation/_actions_timeline.html", "negotiation/_convergence.html",
             "negotiation/compare.html"]
    files = [Path(get_template(name).origin.name) for name in names]
    package = Path(__file__).resolve().parents[1]
    files += [package / "templatetags" / "negotiation_tags.py", package / "views" / "drafts.py", package / "views" / "compare.py",
              *sorted((package / "selectors").glob("*.py"))]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Blank(dict):
    def __missing__(self, key):
        return ""


class _LocalCopies:
    """The parts this process read or wrote lately, in its own memory, in front of a shared
    cache (Redis): a key names exactly what its part shows, so a copy is as good as the shared
    entry until that expires; a large part (a 1,600-paragraph text is 1.5 MB) then costs no
    transfer. Least recently used parts go first beyond ``limit`` bytes."""

    def __init__(self, limit: int = 64 * 1024 * 1024):
        self.limit, self.size, self.entries = limit, 0, OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        now, found = time.monotonic(), {}
        with self.lock:
            for key in keys:
                entry = self.entries.get(key)
                if entry is not None and entry[1] > now:
                    self.entries.move_to_end(key)
                    found[key] = entry[0]
        return found

    def set_many(self, entries: dict[str, bytes], seconds: int) -> None:
        expires = time.monotonic() + seconds
        with self.lock:
            for key, value in entries.items():
                old = self.entries.pop(key, None)
                self.size += len(value) - (len(old[0]) if old else 0)
                self.entries[key] = (value, expires)
            while self.size > self.limit and self.entries:
                _, (value, _) = self.entries.popitem(last=False)
                self.size -= len(value)


_local_copies = _LocalCopies()


def _shared_cache_is_remote() -> bool:
    return "locmem" not in settings.CACHES.get("default", {}).get("BACKEND", "").lower()


_CACHED_MARK = re.compile(rb"<!--([0-9a-f]{16}):cached:(\w+)-->")  # where a cached part goes


class Fragments:
    """Parts of a page rendered once and then served from the cache, for everyone who may see
    them. ``keys``: name -> (what the part depends on, seconds to keep it); a part not named
    there is rendered on every request. The template wraps each part:

        {% if "text" in fragments.hits %}{{ fragments.html.text }}{% else %}{{ fragments.begin.text }}
          ... the part ...
        {{ fragments.end.text }}{% endif %}

    and ``finish(response)`` works on the page's bytes: it cuts each part just rendered out
    from between its marks (made of a random nonce, which escaped user text cannot forge) and
    caches it, and puts each cached part where the template left its placeholder (one join:
    a large part is never copied through the template's nested blocks). A cache that fails
    (Redis down) costs the speed, never the page."""

    def __init__(self, page: str, keys: dict):
        self.nonce = secrets.token_hex(8)
        self.keys = {name: (f"fragment:{page}:{name}:{code_stamp()}:{_digest(parts)}", seconds)
                     for name, (parts, seconds) in keys.items()}
        self.local = _local_copies if _shared_cache_is_remote() else None
        found = {}
        if self.keys:
            wanted = [key for key, _ in self.keys.values()]
            found = self.local.get_many(wanted) if self.local else {}
            try:
                if len(found) < len(wanted):
                    fetched = cache.get_many([key for key in wanted if key not in found])
                    found.update(fetched)
                    if self.local and fetched:
                        # The shared entry may live longer; a local copy, a minute at most.
                        self.local.set_many(fetched, STAMPED_SECONDS)
            except Exception as error:  # the cache is an accelerator: without it, render in full
                logger.warning("page fragments not read from the cache: %s", error)
                self.keys = {}
        self.cached = {name: found[key] for name, (key, _) in self.keys.items() if isinstance(found.get(key), bytes)}
        self.hits = set(self.cached)
        self.misses = [name for name in self.keys if name not in self.hits]
        self.html = _Blank({name: mark_safe(f"<!--{self.nonce}:cached:{name}-->") for name in self.hits})
        self.begin = _Blank({name: mark_safe(f"<!--{self.nonce}:{name}-->") for name in self.misses})
        self.end = _Blank({name: mark_safe(f"<!--/{self.nonce}:{name}-->") for name in self.misses})

    def finish(self, response):
        if not self.keys or response.streaming:
            return response
        content = response.content
        fresh = {}
        for name in self.misses if response.status_code == 200 else ():
            begin, end = self.begin[name].encode(), self.end[name].encode()
            start = content.find(begin)
            stop = content.find(end, start + len(begin)) if start >= 0 else -1
            if stop < 0:  # the part was not on the page this time
                continue
            part = content[start + len(begin):stop]
            content = b"".join((content[:start], part, content[stop + len(end):]))
            key, seconds = self.keys[name]
            fresh.setdefault(seconds, {})[key] = part
        for seconds, entries in fresh.items():
            if self.local:
                self.local.set_many(entries, min(seconds, STAMPED_SECONDS))
            try:
                cache.set_many(entries, seconds)
            except Exception as error:
                logger.warning("page fragments not stored in the cache: %s", error)
                break
        if self.hits:
            nonce = self.nonce.encode()
            pieces = _CACHED_MARK.split(content)  # text, (nonce, name, text)...
            for i in range(1, len(pieces), 3):
                mark_nonce, name = pieces[i], pieces[i + 1]
                pieces[i], pieces[i + 1] = (b"", self.cached[name.decode()]) if mark_nonce == nonce else (
                    b"<!--" + mark_nonce + b":cached:", name + b"-->")
            content = b"".join(pieces)
        response.content = content
        return response


def _digest(parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def paragraph_history_view(request, draft_id: int, lineage):
    """One paragraph through every version of its draft, with what changed at each step."""
    draft = get_object_or_404(Draft.objects.select_related("body"), pk=draft_id)
    steps = selectors.paragraph_lineage(draft, lineage)
    visible = {v.pk for v in selectors.visible_versions(request.user, [s["version"] for s in steps], list(draft.sponsorships.all()))}
    steps = [s for s in steps if s["version"].pk in visible]
    if not steps:
        raise Http404("No such paragraph in this draft.")
    return render(request, "negotiation/paragraph_history.html", {"draft": draft, "steps": steps})


def version_download_view(request, draft_id: int, version_id: int, fmt: str):
    """A version as .docx or plain text, for reviewers and capitals."""
    version = get_object_or_404(Version.objects.select_related("draft__body"), pk=version_id, draft_id=draft_id)
    if not (version.is_issued or version.is_shared) and not selectors.may_read_working(
            request.user, list(version.draft.sponsorships.all()), version.draft_id):
        raise Http404("No such version.")
    parsed = selectors.version_parsed(version)
    heading = [line for line in (version.full_label, version.sponsor_line) if line]
    name = version.full_label.replace("/", "-").replace(",", "")
    if fmt == "docx":
        response = HttpResponse(version_to_docx(parsed, heading_lines=heading),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    else:
        text = version_to_text(parsed, mark_leads=False)
        response = HttpResponse("\n\n".join(heading + [text]), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
