"""The API's views: thin, like the pages'. Reads apply the pages' visibility rules (``reads``)
and the selectors; each write is one service call whose ``ApplicationError`` is a 400."""
from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.http import parse_etags, quote_etag
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from negotiation import selectors
from negotiation.api import reads
from negotiation.api import serializers as s
from negotiation.api.errors import ErrorSerializer
from negotiation.api.permissions import IsDelegate, own_delegation
from negotiation.errors import ApplicationError
from negotiation.models import Action, Body, Draft, Paragraph, ParagraphStatus, Proposal, Sponsorship, Stance, VoteCast
from negotiation.selectors.actions import actions_loaded
from negotiation.selectors.compare_rows import display_rows
from negotiation.selectors.convergence import redline_statuses
from negotiation.services.negotiating import OPEN_KINDS, proposal_create, proposal_withdraw, statuses_of
from negotiation.services.redlines import QUEUED, UNAVAILABLE, redline_state
from negotiation.services.sponsorship import sponsor_join, sponsor_leave
from negotiation.text import names as text_names
from negotiation.text.brackets import bracket_count
from negotiation.text.structure import paragraph_labels, subparagraph_label
from negotiation.views.compare import TRY_AGAIN

# Part of every issued version's ETag: change it when the version's representation changes.
REPRESENTATION = "1"
TOP_KINDS = (Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE)
ERROR_WORDS = {
    400: "A rule of the record refused it (the message says which), or the input is invalid.",
    401: "Not authenticated: send `Authorization: Token <key>` or log in.",
    403: "Your role may not do this (or a session write without its CSRF token).",
    404: "No such object, or not one you may read.",
}


def errors(*codes: int) -> dict:
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_WORDS[code]) for code in (401, *codes)}


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


# --- bodies ----------------------------------------------------------------------------------
@extend_schema(tags=["bodies"], responses={200: s.BodySerializer(many=True), **errors(404)})
class BodyList(generics.ListAPIView):
    """The bodies that negotiate and act on drafts."""

    serializer_class = s.BodySerializer
    queryset = Body.objects.select_related("reports_to").order_by("short_name", "id")


@extend_schema(tags=["bodies"], responses={200: s.BodySerializer, **errors(404)})
class BodyDetail(generics.RetrieveAPIView):
    serializer_class = s.BodySerializer
    queryset = Body.objects.select_related("reports_to")
    lookup_url_kwarg = "body_id"


# --- drafts ----------------------------------------------------------------------------------
DRAFT_FILTERS = [
    OpenApiParameter("body", str, description="Short name of the body: CCPCJ, GA/C.3 ..."),
    OpenApiParameter("session", int, description="Session number."),
    OpenApiParameter("status", str, enum=Draft.Status.values, description="Where the draft stands."),
    OpenApiParameter("sponsor", str, description="UN short name of a current sponsor."),
    OpenApiParameter("q", str, description="Words of the symbol, title or a version's label."),
]


@extend_schema(tags=["drafts"], parameters=DRAFT_FILTERS, responses={200: s.DraftSerializer(many=True), **errors(404)})
class DraftList(generics.ListAPIView):
    """Drafts as the draft list shows them to you, with its filters: other delegations'
    private working texts (and drafts known only by them) never appear."""

    serializer_class = s.DraftSerializer

    def get_queryset(self):
        filters = {key: self.request.query_params.get(key, "").strip() for key in ("body", "session", "status", "sponsor", "q")}
        return selectors.draft_list(user=self.request.user, **filters)


@extend_schema(tags=["drafts"], responses={200: s.DraftDetailSerializer, **errors(404)})
class DraftDetail(APIView):
    """A draft, the versions you may read and where to find the rest."""

    def get(self, request, draft_id: int):
        draft = selectors.draft_list(user=request.user).filter(pk=draft_id).first()
        if draft is None:
            raise NotFound("No such draft.")
        versions = list(reads.visible_versions(request.user, draft=draft).order_by("sequence"))
        context = {"request": request, "versions": versions, "visible_ids": {v.pk for v in versions}}
        return Response(s.DraftDetailSerializer(draft, context=context).data)


@extend_schema(tags=["versions"], responses={200: s.VersionSummarySerializer(many=True), **errors(404)})
class DraftVersionList(generics.ListAPIView):
    """The versions of a draft you may read, oldest first."""

    serializer_class = s.VersionSummarySerializer

    def get_queryset(self):
        self.draft = reads.visible_draft(self.request.user, self.kwargs["draft_id"])
        return reads.visible_versions(self.request.user, draft=self.draft).select_related("draft").order_by("sequence")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "draft"):
            context["visible_ids"] = set(reads.visible_versions(self.request.user, draft=self.draft).values_list("pk", flat=True))
        return context


def with_labels(rows: list[Paragraph]) -> list[Paragraph]:
    """``api_label`` on each row: "PP3", "OP12", "OP12 (b)", "Art. 4.2", "footnote 1"."""
    by_id = {r.pk: r for r in rows}
    for r in rows:
        if r.kind in TOP_KINDS:
            r.api_label = r.label
        elif r.kind == Paragraph.Kind.SUBPARAGRAPH:
            parent = by_id.get(r.parent_id)
            r.api_label = subparagraph_label(getattr(parent, "api_label", ""), r.number) if parent is not None else r.number
        elif r.kind == Paragraph.Kind.FOOTNOTE:
            r.api_label = f"footnote {r.number}".strip()
        else:
            r.api_label = ""
    return rows


@extend_schema(tags=["versions"], responses={
    200: s.VersionDetailSerializer, 304: OpenApiResponse(description="Not modified: an issued version never changes."), **errors(404)})
class VersionDetail(APIView):
    """A version with its paragraphs: PP/OP labels, lineage ids, sub-paragraphs, footnotes and
    brackets. An issued version never changes: its ETag holds for good (send If-None-Match)."""

    def get(self, request, version_id: int):
        version = reads.visible_version(request.user, version_id)
        # When it was stored is part of it: a database re-created could give the id to another text.
        stored = f"{version.created_at.timestamp() * 1_000_000:.0f}" if version.created_at else "0"
        etag = quote_etag(f"version-{version.pk}.{stored}-r{REPRESENTATION}") if version.is_issued else None
        if etag and etag in parse_etags(request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        visible = {version.pk}
        if version.parent_id and reads.visible_versions(request.user, pk=version.parent_id).exists():
            visible.add(version.parent_id)
        rows = with_labels(selectors.version_paragraphs(version))
        data = s.VersionDetailSerializer(version, context={"request": request, "paragraphs": rows, "visible_ids": visible}).data
        headers = {"ETag": etag, "Cache-Control": "private, max-age=0, must-revalidate"} if etag else {"Cache-Control": "private, no-cache"}
        return Response(data, headers=headers)


# --- redlines --------------------------------------------------------------------------------
@extend_schema(
    tags=["versions"],
    parameters=[
        OpenApiParameter("old", int, description="The older version's id (default: the one before the latest you may read)."),
        OpenApiParameter("new", int, description="The newer version's id (default: the latest you may read)."),
        OpenApiParameter("changes", str, enum=["1"], description="1: changed rows only."),
        OpenApiParameter("punct", str, enum=["0"], description="0: hide punctuation-only changes."),
    ],
    responses={
        200: s.RedlineSerializer,
        202: OpenApiResponse(s.RedlinePendingSerializer, description="A long text, computed in the background: poll `poll_url` "
                                                                     "(also in the Location header) after Retry-After seconds."),
        503: OpenApiResponse(s.RedlinePendingSerializer, description="The background service cannot be reached now: try again shortly."),
        **errors(404),
    },
)
class Redline(APIView):
    """The redline between two versions, paragraph by paragraph, as the compare page shows it.
    Versions of another draft may be compared too (``same_draft`` is then false)."""

    def get(self, request, draft_id: int):
        draft = reads.visible_draft(request.user, draft_id)
        versions = list(reads.visible_versions(request.user, draft=draft).order_by("sequence"))
        if not versions:
            raise NotFound("This draft has no versions to compare.")
        by_id = {v.pk: v for v in versions}
        picked = {}
        for key, default in (("old", versions[-2] if len(versions) > 1 else versions[0]), ("new", versions[-1])):
            value = request.query_params.get(key, "")
            if not value:
                picked[key] = default
            elif _int(value) is None:
                raise NotFound("Unknown version.")
            else:
                picked[key] = by_id.get(int(value)) or reads.visible_version(request.user, int(value), "version to compare")
        old, new = picked["old"], picked["new"]
        for v in (old, new):
            if v.draft_id == draft.pk:
                v.draft = draft
        changes_only = request.query_params.get("changes") == "1"
        hide_punctuation = request.query_params.get("punct") == "0"
        state, result = redline_state(old, new)
        if result is None:
            query = {"old": old.pk, "new": new.pk, **({"changes": "1"} if changes_only else {}), **({"punct": "0"} if hide_punctuation else {})}
            poll = request.build_absolute_uri(reverse("api:redline", args=[draft.pk]) + "?" + urlencode(query))
            if state == QUEUED:
                body = {"state": "queued", "detail": "The redline is being computed; poll the URL until it answers 200.", "poll_url": poll}
                return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": poll, "Retry-After": "2"})
            assert state == UNAVAILABLE
            return Response({"state": "unavailable", "detail": TRY_AGAIN, "poll_url": poll},
                            status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "10"})
        statuses = redline_statuses(new, result)
        rows = []
        for row in display_rows(result, changes_only=changes_only, hide_punctuation=hide_punctuation):
            if row.get("is_section"):
                continue
            index = row.get("new")
            found = statuses[index] if isinstance(index, int) and 0 <= index < len(statuses) else None
            rows.append({**{key: row.get(key) for key in s.RedlineRowSerializer().fields}, "new_status": found["status"] if found else None})
        context = {"request": request, "visible_ids": set(by_id) | {old.pk, new.pk}}
        return Response(s.RedlineSerializer({
            "state": "ready", "old": old, "new": new, "same_draft": old.draft_id == new.draft_id,
            "summary": result["summary"], "rows": rows, "sections": result.get("sections") or [],
        }, context=context).data)


# --- sponsorships ----------------------------------------------------------------------------
@extend_schema(tags=["sponsorships"], responses={200: s.SponsorshipSerializer(many=True), **errors(404)})
class SponsorshipList(generics.ListAPIView):
    """Every sponsorship of the draft, past and present: main sponsors and co-sponsors, dated,
    at which version each joined or withdrew, on behalf of which group."""

    serializer_class = s.SponsorshipSerializer

    def get_queryset(self):
        self.draft = reads.visible_draft(self.request.user, self.kwargs["draft_id"])
        return (Sponsorship.objects.filter(draft=self.draft)
                .select_related("delegation", "on_behalf_of", "joined_version", "withdrawn_version")
                .order_by("joined_on", "delegation__sort_name", "id"))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "draft"):
            context["visible_ids"] = set(reads.visible_versions(self.request.user, draft=self.draft).values_list("pk", flat=True))
        return context


def _change(request, draft, sponsorship, changed: bool, detail: str, code=status.HTTP_200_OK) -> Response:
    visible = set(reads.visible_versions(request.user, draft=draft).values_list("pk", flat=True))
    data = s.SponsorshipChangeSerializer(
        {"changed": changed, "detail": detail, "sponsorship": sponsorship}, context={"request": request, "visible_ids": visible}).data
    return Response(data, status=code)


@extend_schema(tags=["sponsorships"], request=None, responses={
    200: OpenApiResponse(s.SponsorshipChangeSerializer, description="Already a sponsor: nothing written."),
    201: OpenApiResponse(s.SponsorshipChangeSerializer, description="Joined, dated today, at the current issued version."),
    **errors(400, 403, 404)})
class SponsorshipJoin(APIView):
    """Your delegation co-sponsors the draft from today (delegates only; as the draft page's
    one click, ``services.sponsorship.sponsor_join``: a repeated call writes once)."""

    permission_classes = [IsAuthenticated, IsDelegate]
    delegates_only_message = "Only delegates can join the sponsorship of a draft, for their own delegation."

    def post(self, request, draft_id: int):
        draft = reads.visible_draft(request.user, draft_id)
        sponsorship, created = sponsor_join(draft=draft, user=request.user)
        if created:
            return _change(request, draft, sponsorship, True, f"{sponsorship.delegation} joined the sponsors of {draft} on "
                           f"{sponsorship.joined_on:%d %B %Y}, at {sponsorship.joined_version.label}.", status.HTTP_201_CREATED)
        return _change(request, draft, sponsorship, False, f"{sponsorship.delegation} already sponsors {draft} "
                                                           f"(since {sponsorship.joined_on:%d %B %Y}).")


@extend_schema(tags=["sponsorships"], request=None, responses={200: s.SponsorshipChangeSerializer, **errors(400, 403, 404)})
class SponsorshipLeave(APIView):
    """Your delegation withdraws its co-sponsorship, dated today (delegates only; a main
    sponsor withdraws through the secretariat: 400)."""

    permission_classes = [IsAuthenticated, IsDelegate]
    delegates_only_message = "Only delegates can withdraw from the sponsorship of a draft, for their own delegation."

    def post(self, request, draft_id: int):
        draft = reads.visible_draft(request.user, draft_id)
        sponsorship, withdrawn = sponsor_leave(draft=draft, user=request.user)
        if withdrawn:
            return _change(request, draft, sponsorship, True, f"{sponsorship.delegation} withdrew from the sponsors of {draft} on "
                                                              f"{sponsorship.withdrawn_on:%d %B %Y}, at {sponsorship.withdrawn_version.label}.")
        return _change(request, draft, None, False, f"Your delegation is not a sponsor of {draft}.")


# --- actions ---------------------------------------------------------------------------------
def _statement_labels(actions: list[Action]) -> dict[int, str]:
    """Labels ("PP3", "OP12") of the paragraphs statements concern, in the versions they
    belong to: one query for all of them."""
    version_ids = {p.version_id for a in actions for st in a.statements.all() for p in st.paragraphs.all()}
    if not version_ids:
        return {}
    by_version: dict[int, list] = defaultdict(list)
    for row in Paragraph.objects.filter(version_id__in=version_ids, kind__in=TOP_KINDS).order_by("version_id", "position").only(
            "pk", "version_id", "kind", "number", "section"):
        by_version[row.version_id].append(row)
    return {row.pk: label for rows in by_version.values() for row, label in zip(rows, paragraph_labels(rows))}


def action_data(action: Action, labels: dict[int, str]) -> dict:
    vote = getattr(action, "vote", None)  # None without a vote row (RelatedObjectDoesNotExist is an AttributeError)
    vote_data = None
    if vote is not None:
        casts = sorted(vote.casts.all(), key=lambda c: text_names.sort_key(c.delegation.sort_name))
        lists = {p: [c.delegation.short_name for c in casts if c.position == p] for p in VoteCast.Position.values} if casts else None
        vote_data = {"kind": vote.kind, "in_favour": vote.in_favour, "against": vote.against, "abstaining": vote.abstaining, "lists": lists}
    statements = [{
        "id": st.pk, "timing": st.timing, "kind": st.kind, "kind_label": st.get_kind_display(), "role": st.role,
        "delegations": [d.short_name for d in st.speakers], "paragraph_refs": st.paragraph_refs, "text": st.text,
        "paragraphs": [{"lineage": p.lineage, "label": labels.get(p.pk) or (f"OP{p.number}" if p.kind == Paragraph.Kind.OPERATIVE else "paragraph")}
                       for p in st.paragraphs.all()],
    } for st in action.statements.all()]
    return {
        "id": action.pk, "version": {"id": action.version_id, "label": action.version.label}, "body": action.body.short_name,
        "meeting_number": action.meeting_number, "date": action.date, "outcome": action.outcome, "outcome_label": action.get_outcome_display(),
        "amendment": action.amendment, "recommended_to": action.recommended_to.short_name if action.recommended_to_id else None,
        "for_adoption_by": action.for_adoption_by.short_name if action.for_adoption_by_id else None,
        "introduced_by": action.introduced_by, "financial_statement": action.financial_statement,
        "financial_statement_document": action.financial_statement_document, "result": action.result, "text_at": action.text_at,
        "report_paragraph": action.report_paragraph, "vote": vote_data,
        "subsequently_joined": [j.delegation.short_name for j in action.joined_sponsorships.all()], "statements": statements,
    }


@extend_schema(tags=["actions"], responses={200: s.ActionSerializer(many=True), **errors(404)})
class ActionList(generics.GenericAPIView):
    """What bodies did with the draft's versions, in meeting order: outcome, the vote (recorded
    votes with their lists), who joined the sponsors at the meeting, statements before and after."""

    serializer_class = s.ActionSerializer

    def get(self, request, draft_id: int):
        draft = reads.visible_draft(request.user, draft_id)
        visible = reads.visible_versions(request.user, draft=draft).values("pk")
        page = self.paginate_queryset(Action.objects.filter(version__draft=draft, version__in=visible)
                                      .order_by("date", "meeting_number", "id").values_list("pk", flat=True))
        loaded = {a.pk: a for a in actions_loaded(Action.objects.filter(pk__in=list(page)))}
        actions = [loaded[pk] for pk in page if pk in loaded]
        labels = _statement_labels(actions)
        return self.get_paginated_response(s.ActionSerializer([action_data(a, labels) for a in actions], many=True).data)


# --- the negotiation -------------------------------------------------------------------------
def _proposals():
    return (Proposal.objects.select_related("delegation", "on_behalf_of")
            .prefetch_related(Prefetch("stances", queryset=Stance.objects.select_related("delegation").order_by("delegation__sort_name"))))


@extend_schema(tags=["negotiation"])
class ProposalList(generics.ListAPIView):
    """The delegations' proposals on the draft, oldest first, with supporters and objectors
    (readable when the text under negotiation is: issued or shared, or yours)."""

    serializer_class = s.ProposalSerializer
    permission_classes = [IsAuthenticated, IsDelegate]
    delegates_only_message = "Only delegates make proposals, for their delegation."

    def get_queryset(self):
        draft = reads.visible_draft(self.request.user, self.kwargs["draft_id"])
        reads.negotiated_version(self.request.user, draft)
        proposals = _proposals().filter(draft=draft).order_by("created_at", "pk")
        wanted = self.request.query_params.get("status", "")
        return proposals.filter(status=wanted) if wanted else proposals

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Proposal.Status.values)],
                   responses={200: s.ProposalSerializer(many=True), **errors(404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.ProposalCreateSerializer, responses={201: s.ProposalSerializer, **errors(400, 403, 404)})
    def post(self, request, draft_id: int):
        """Propose, for your delegation, on one paragraph of the current text: new wording, its
        deletion, a new paragraph after it, a move, or an alternative in brackets (delegates only)."""
        draft = reads.visible_draft(request.user, draft_id)
        current = reads.negotiated_version(request.user, draft)
        given = s.ProposalCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if data["version"] is not None and data["version"] != current.pk:
            raise ApplicationError("The text has moved on since you opened it: reload, and propose on the current text.", field="version")
        kind = data["kind"]
        proposal = proposal_create(
            version=current, lineage=data["lineage"], kind=kind, user=request.user,
            text="" if kind in (Proposal.Kind.DELETE, Proposal.Kind.MOVE) else data["text"],
            after_lineage=data["after_lineage"] if kind == Proposal.Kind.MOVE else None,
            reason=data["reason"], on_behalf_of=data["on_behalf_of"] or None, base_text=data["base_text"],
        )
        return Response(s.ProposalSerializer(_proposals().get(pk=proposal.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["negotiation"], request=None, responses={200: s.ProposalSerializer, **errors(400, 403, 404)})
class ProposalWithdraw(APIView):
    """Withdraw your delegation's open proposal (its proposer's delegation only)."""

    permission_classes = [IsAuthenticated, IsDelegate]
    delegates_only_message = "Only delegates withdraw proposals, their delegation's own."

    def post(self, request, draft_id: int, proposal_id: int):
        draft = reads.visible_draft(request.user, draft_id)
        proposal = _proposals().filter(pk=proposal_id, draft=draft).first()
        if proposal is None:
            raise NotFound("No such proposal.")
        if not own_delegation(request.user, proposal.delegation_id):
            raise PermissionDenied(f"Only {proposal.delegation} can withdraw its proposal.")
        proposal_withdraw(proposal=proposal, user=request.user)
        return Response(s.ProposalSerializer(_proposals().get(pk=proposal.pk)).data)


@extend_schema(tags=["negotiation"], responses={200: s.ParagraphStatusesSerializer, **errors(404)})
class ParagraphStatuses(APIView):
    """Where each paragraph of the text under negotiation stands: pending, bracketed, agreed ad
    ref, agreed, deleted (the facilitator's, else the default from its brackets), with its
    brackets and open proposals."""

    def get(self, request, draft_id: int):
        draft = reads.visible_draft(request.user, draft_id)
        version = reads.negotiated_version(request.user, draft)
        rows = with_labels(selectors.version_paragraphs(version))
        statuses = statuses_of(version, rows)
        stored = {str(x.lineage): x for x in ParagraphStatus.objects.filter(version=version)}
        by_pk = {r.pk: r for r in rows}

        def top_of(row):
            while row is not None and row.kind == Paragraph.Kind.SUBPARAGRAPH:
                row = by_pk.get(row.parent_id)
            return row

        top_lineage = {str(r.lineage): str(top_of(r).lineage) for r in rows
                       if r.kind in (*TOP_KINDS, Paragraph.Kind.SUBPARAGRAPH) and top_of(r) is not None}
        brackets: Counter = Counter()
        for r in rows:
            if str(r.lineage) in top_lineage:
                brackets[top_lineage[str(r.lineage)]] += bracket_count(r.text)
        open_counts: Counter = Counter()
        for lineage, n in (Proposal.objects.filter(draft=draft, status__in=OPEN_KINDS).order_by()
                           .values_list("lineage").annotate(n=Count("pk"))):
            if str(lineage) in top_lineage:
                open_counts[top_lineage[str(lineage)]] += n
        labels = dict(ParagraphStatus.Status.choices)
        out = []
        for r in rows:
            if r.kind not in TOP_KINDS:
                continue
            key = str(r.lineage)
            found = stored.get(key)
            value = statuses.get(key) or ParagraphStatus.Status.PENDING
            out.append({"lineage": r.lineage, "label": r.api_label, "kind": r.kind, "status": value, "status_label": labels.get(value, value),
                        "set_by_facilitator": found is not None, "note": found.note if found else "",
                        "brackets": brackets[key], "open_proposals": open_counts[key]})
        data = {"draft": draft.pk, "version": version, "counts": dict(Counter(row["status"] for row in out)), "paragraphs": out}
        visible = {version.pk}
        return Response(s.ParagraphStatusesSerializer(data, context={"request": request, "visible_ids": visible}).data)


# --- documentation ---------------------------------------------------------------------------
class Docs(SpectacularSwaggerSplitView):
    """Swagger UI from this site's own static files, its start script a separate file of this
    site (``?script``): nothing inline, so the site's Content-Security-Policy holds as is."""

    template_name = "negotiation_api/swagger_ui.html"
    url_name = "api:schema"
    # A page like the others: the browser's session, and the login page for anonymous visitors.
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
