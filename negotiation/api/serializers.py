"""What the API shows and takes. Output serializers read the objects the selectors load (no
query of their own); input serializers only check shapes: the rules are the services'."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from negotiation.models import Body, Draft, Paragraph, ParagraphStatus, Proposal, Sponsorship, Statement, Version, Vote
from negotiation.selectors import sponsorship_display
from negotiation.text.brackets import bracket_spans


def _absolute(request, name: str, *args) -> str:
    url = reverse(name, args=args)
    return request.build_absolute_uri(url) if request is not None else url


# --- bodies, drafts, versions ----------------------------------------------------------------
class BodySerializer(serializers.ModelSerializer):
    reports_to = serializers.SlugRelatedField(slug_field="short_name", read_only=True, allow_null=True, help_text="Short name of the parent body.")

    class Meta:
        model = Body
        fields = ["id", "name", "short_name", "name_in_report", "reports_to"]


class VersionRefSerializer(serializers.Serializer):
    """A version named by its id and label (null fields: a version the user may not read)."""

    id = serializers.IntegerField()
    label = serializers.CharField()


def version_ref(version: Version | None, visible_ids=None) -> dict | None:
    if version is None or (visible_ids is not None and version.pk not in visible_ids):
        return None
    return {"id": version.pk, "label": version.label}


class VersionSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    full_label = serializers.CharField(read_only=True, help_text="The citable form: “E/CN.15/2011/L.13/Rev.1, as further revised”.")
    parent = serializers.SerializerMethodField(help_text="The version this one was made from, when you may read it.")

    class Meta:
        model = Version
        fields = ["id", "url", "draft", "label", "full_label", "kind", "sequence", "date", "is_issued", "is_shared", "parent"]

    def get_url(self, version) -> str:
        return _absolute(self.context.get("request"), "api:version_detail", version.pk)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent(self, version) -> int | None:
        visible = self.context.get("visible_ids")
        if version.parent_id is None or (visible is not None and version.parent_id not in visible):
            return None
        return version.parent_id


class BracketSpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset in the text of the opening bracket.")
    end = serializers.IntegerField(help_text="Offset just after the closing bracket.")
    depth = serializers.IntegerField(help_text="1 for an outermost bracket, 2 inside it ...")
    closed = serializers.BooleanField(help_text="False for a bracket never closed (or never opened).")


class ParagraphSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField(help_text="What negotiators cite: “PP3”, “OP12”, “OP12 (b)”, “Art. 4.2”.")
    brackets = serializers.SerializerMethodField(help_text="The square-bracket spans of the text (contested wording).")

    class Meta:
        model = Paragraph
        fields = ["id", "position", "kind", "label", "number", "level", "parent", "lineage", "lead", "section", "text",
                  "footnote_markers", "brackets"]

    def get_label(self, row) -> str:
        return getattr(row, "api_label", "") or ""

    @extend_schema_field(BracketSpanSerializer(many=True))
    def get_brackets(self, row):
        return [{"start": s.start, "end": s.end, "depth": s.depth, "closed": s.closed} for s in bracket_spans(row.text)] \
            if "[" in row.text or "]" in row.text else []


class VersionDetailSerializer(VersionSummarySerializer):
    paragraphs = serializers.SerializerMethodField(help_text="Every paragraph in order: title, enacting formula, PPs, OPs with "
                                                             "their sub-paragraphs, footnotes (kind “footnote”, number = marker), annexes.")

    class Meta(VersionSummarySerializer.Meta):
        fields = VersionSummarySerializer.Meta.fields + [
            "sponsor_line", "title", "recommending_formula", "enacting_formula", "agreement_formula", "paragraphs",
        ]

    @extend_schema_field(ParagraphSerializer(many=True))
    def get_paragraphs(self, version):
        return ParagraphSerializer(self.context["paragraphs"], many=True).data


class DraftSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    body = serializers.SlugRelatedField(slug_field="short_name", read_only=True, help_text="Short name of the body: CCPCJ, GA/C.3 ...")
    latest_label = serializers.CharField(read_only=True, allow_null=True, help_text="Label of the latest version you may read.")
    version_count = serializers.IntegerField(read_only=True, help_text="Versions you may read.")
    sponsor_count = serializers.IntegerField(read_only=True, help_text="Sponsors now (not withdrawn).")

    class Meta:
        model = Draft
        fields = ["id", "url", "body", "session", "symbol", "short_symbol", "title", "agenda_item", "kind", "status",
                  "latest_label", "version_count", "sponsor_count"]

    def get_url(self, draft) -> str:
        return _absolute(self.context.get("request"), "api:draft_detail", draft.pk)


class DraftLinksSerializer(serializers.Serializer):
    versions = serializers.CharField()
    sponsorships = serializers.CharField()
    actions = serializers.CharField()
    proposals = serializers.CharField()
    paragraph_statuses = serializers.CharField()
    redline = serializers.CharField()


class DraftDetailSerializer(DraftSerializer):
    versions = serializers.SerializerMethodField(help_text="The versions you may read, oldest first.")
    links = serializers.SerializerMethodField()

    class Meta(DraftSerializer.Meta):
        fields = DraftSerializer.Meta.fields + ["versions", "links"]

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, draft):
        return VersionSummarySerializer(self.context["versions"], many=True, context=self.context).data

    @extend_schema_field(DraftLinksSerializer)
    def get_links(self, draft):
        request = self.context.get("request")
        return {key: _absolute(request, f"api:{name}", draft.pk) for key, name in (
            ("versions", "draft_versions"), ("sponsorships", "sponsorships"), ("actions", "actions"),
            ("proposals", "proposals"), ("paragraph_statuses", "paragraph_statuses"), ("redline", "redline"))}


# --- sponsorships ----------------------------------------------------------------------------
class SponsorshipSerializer(serializers.ModelSerializer):
    delegation = serializers.CharField(source="delegation.short_name", help_text="UN short name.")
    on_behalf_of = serializers.SerializerMethodField(help_text="The group the delegation sponsors for, if any.")
    display = serializers.SerializerMethodField(help_text="As official lists write it: “Hungary (on behalf of the European Union)”.")
    joined_version = serializers.SerializerMethodField()
    withdrawn_version = serializers.SerializerMethodField()
    active = serializers.SerializerMethodField(help_text="Not withdrawn.")

    class Meta:
        model = Sponsorship
        fields = ["id", "draft", "delegation", "on_behalf_of", "display", "role", "joined_version", "joined_on",
                  "subsequently_joined", "withdrawn_version", "withdrawn_on", "active"]

    def get_on_behalf_of(self, s) -> str | None:
        return s.on_behalf_of.short_name if s.on_behalf_of_id else None

    def get_display(self, s) -> str:
        return sponsorship_display(s)

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_joined_version(self, s):
        return version_ref(s.joined_version, self.context.get("visible_ids"))

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_withdrawn_version(self, s):
        return version_ref(s.withdrawn_version, self.context.get("visible_ids"))

    def get_active(self, s) -> bool:
        return s.withdrawn_on is None


class SponsorshipChangeSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when nothing was to do (already a sponsor; not a sponsor).")
    detail = serializers.CharField()
    sponsorship = SponsorshipSerializer(allow_null=True)


# --- actions ---------------------------------------------------------------------------------
class VoteListsSerializer(serializers.Serializer):
    in_favour = serializers.ListField(child=serializers.CharField())
    against = serializers.ListField(child=serializers.CharField())
    abstaining = serializers.ListField(child=serializers.CharField())


class VoteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Vote.Kind.choices)
    in_favour = serializers.IntegerField(allow_null=True)
    against = serializers.IntegerField(allow_null=True)
    abstaining = serializers.IntegerField(allow_null=True)
    lists = VoteListsSerializer(allow_null=True, help_text="A recorded vote's lists of delegations (UN short names, UN order).")


class StatementParagraphSerializer(serializers.Serializer):
    lineage = serializers.UUIDField()
    label = serializers.CharField()


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    timing = serializers.ChoiceField(choices=Statement.Timing.choices)
    kind = serializers.ChoiceField(choices=Statement.Kind.choices)
    kind_label = serializers.CharField()
    role = serializers.ChoiceField(choices=["representative", "observer"])
    delegations = serializers.ListField(child=serializers.CharField(), help_text="Speakers, in speaking order.")
    paragraph_refs = serializers.CharField()
    paragraphs = StatementParagraphSerializer(many=True, help_text="The paragraphs of the version acted on it concerns.")
    text = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = VersionRefSerializer()
    body = serializers.CharField(help_text="Short name of the body that acted.")
    meeting_number = serializers.IntegerField()
    date = serializers.DateField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    amendment = serializers.CharField(help_text="For a vote on an amendment: the amendment's document; blank otherwise.")
    recommended_to = serializers.CharField(allow_null=True)
    for_adoption_by = serializers.CharField(allow_null=True)
    introduced_by = serializers.CharField()
    financial_statement = serializers.BooleanField()
    financial_statement_document = serializers.CharField()
    result = serializers.CharField(help_text="The number received: resolution 20/3 ...")
    text_at = serializers.CharField()
    report_paragraph = serializers.IntegerField(allow_null=True)
    vote = VoteSerializer(allow_null=True)
    subsequently_joined = serializers.ListField(child=serializers.CharField(), help_text="Delegations that joined the sponsors at this meeting.")
    statements = StatementSerializer(many=True)


# --- the negotiation -------------------------------------------------------------------------
class ProposalSerializer(serializers.ModelSerializer):
    delegation = serializers.CharField(source="delegation.short_name")
    on_behalf_of = serializers.SerializerMethodField()
    supporters = serializers.SerializerMethodField()
    objectors = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = ["id", "draft", "version", "lineage", "label", "kind", "status", "base_text", "text", "after_lineage",
                  "reason", "delegation", "on_behalf_of", "created_at", "supporters", "objectors"]

    def get_on_behalf_of(self, p) -> str | None:
        return p.on_behalf_of.short_name if p.on_behalf_of_id else None

    def get_supporters(self, p) -> list[str]:
        return [s.delegation.short_name for s in p.stances.all() if s.kind == "support"]

    def get_objectors(self, p) -> list[str]:
        return [s.delegation.short_name for s in p.stances.all() if s.kind == "object"]


class ProposalCreateSerializer(serializers.Serializer):
    """A proposal on one paragraph of the current text (the rules are ``proposal_create``'s)."""

    lineage = serializers.UUIDField(help_text="The paragraph (its lineage id, from the version's paragraphs).")
    kind = serializers.ChoiceField(choices=Proposal.Kind.choices)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000,
                                 help_text="New wording, the new paragraph, or the alternative (not for delete or move).")
    after_lineage = serializers.UUIDField(required=False, allow_null=True, default=None,
                                          help_text="For a move: the paragraph it should follow (null: to the top of its part).")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5_000)
    on_behalf_of = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None, max_length=120,
                                         help_text="The group you propose for, by name: “Group of 77 and China”.")
    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                       help_text="The version you saw; refused when the text has moved on since. Default: the current one.")
    base_text = serializers.CharField(required=False, allow_null=True, default=None, max_length=200_000,
                                      help_text="The paragraph's words as you saw them; refused when they changed since.")


class ParagraphStatusRowSerializer(serializers.Serializer):
    lineage = serializers.UUIDField()
    label = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=ParagraphStatus.Status.choices)
    status_label = serializers.CharField()
    set_by_facilitator = serializers.BooleanField(help_text="False: the default (bracketed when the words hold brackets, else pending).")
    note = serializers.CharField()
    brackets = serializers.IntegerField(help_text="Bracket spans in the paragraph and its sub-paragraphs.")
    open_proposals = serializers.IntegerField()


class ParagraphStatusesSerializer(serializers.Serializer):
    draft = serializers.IntegerField()
    version = VersionSummarySerializer(help_text="The text under negotiation: the draft's latest version.")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Paragraphs per status.")
    paragraphs = ParagraphStatusRowSerializer(many=True)


# --- redlines --------------------------------------------------------------------------------
@extend_schema_field({"type": "array", "items": {"type": "array", "minItems": 2, "maxItems": 2,
                                                 "items": {"oneOf": [{"type": "integer"}, {"type": "string"}]}},
                      "description": "[op, text]: op -1 deleted, 0 kept, 1 inserted. Ops 0 and 1 give the new text, 0 and -1 the old."})
class SegmentsField(serializers.ListField):
    pass


class BracketChangeSerializer(serializers.Serializer):
    change = serializers.CharField()
    kept = serializers.CharField(allow_null=True, required=False)
    dropped = serializers.ListField(child=serializers.CharField(), required=False)


class RedlineRowSerializer(serializers.Serializer):
    label = serializers.CharField(allow_blank=True, help_text="“OP5 → OP6” when renumbered, else the label.")
    old_label = serializers.CharField(allow_null=True)
    new_label = serializers.CharField(allow_null=True)
    old = serializers.IntegerField(allow_null=True, help_text="Index among the old version's PPs and OPs.")
    new = serializers.IntegerField(allow_null=True, help_text="Index among the new version's PPs and OPs.")
    status = serializers.ChoiceField(choices=["unchanged", "modified", "moved", "inserted", "deleted"])
    kind = serializers.CharField()
    text_changed = serializers.BooleanField()
    punctuation_only = serializers.BooleanField()
    kind_changed = serializers.BooleanField()
    bracket_only = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, help_text="Split from, merged into, brackets removed, alternative chosen.")
    segments = SegmentsField()
    split_from = serializers.IntegerField(allow_null=True)
    merged_into = serializers.IntegerField(allow_null=True)
    old_section = serializers.CharField(allow_blank=True)
    new_section = serializers.CharField(allow_blank=True)
    section_moved = serializers.BooleanField()
    bracket_changes = BracketChangeSerializer(many=True)
    new_status = serializers.CharField(allow_null=True, help_text="The paragraph's status in the new version.")


class RedlineSummarySerializer(serializers.Serializer):
    line = serializers.CharField(help_text="“3 operative paragraphs modified, 1 inserted; …”")
    preambular = serializers.DictField(child=serializers.IntegerField())
    operative = serializers.DictField(child=serializers.IntegerField())
    sections_moved = serializers.IntegerField()


class RedlineSectionSerializer(serializers.Serializer):
    old = serializers.CharField(allow_null=True, allow_blank=True)
    new = serializers.CharField(allow_null=True, allow_blank=True)
    old_kind = serializers.CharField(allow_null=True)
    new_kind = serializers.CharField(allow_null=True)
    moved = serializers.BooleanField()
    pairs = serializers.IntegerField()


class RedlineSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["ready"])
    old = VersionSummarySerializer()
    new = VersionSummarySerializer()
    same_draft = serializers.BooleanField(help_text="False when the two are versions of different drafts.")
    summary = RedlineSummarySerializer()
    rows = RedlineRowSerializer(many=True)
    sections = RedlineSectionSerializer(many=True, help_text="Treaties: each Article and what it became.")


class RedlinePendingSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["queued", "unavailable"])
    detail = serializers.CharField()
    poll_url = serializers.CharField(help_text="GET it again (after Retry-After seconds) until it answers 200.")
