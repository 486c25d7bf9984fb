"""The secretariat's panel: the official record, with full history and a compare view.

It goes through the same rules as the services: issued versions are read-only and cannot be
deleted, nor can a draft that has them (the delete page lists them as protected and says why);
a vote's counts must match its lists (``vote_problem``, checked with the inline lists).
"""
from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from negotiation.models import (
    Action,
    Body,
    BodyMembership,
    DelegateProfile,
    Delegation,
    Draft,
    Facilitation,
    Paragraph,
    ParagraphStatus,
    Proposal,
    Sponsorship,
    Stance,
    Statement,
    Version,
    Vote,
    VoteCast,
    vote_problem,
)

ISSUED_PERMANENT = "Issued versions are permanent: they cannot be deleted, and neither can a draft that has them."
REASON_LENGTH = 100  # simple_history's history_change_reason is a CharField(max_length=100)
NO_REASON = "—"  # shown on the history page for a record saved without a reason


def _fields_named(model, names) -> str:
    labels = []
    for name in names:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a form-only field
            labels.append(name)
    return ", ".join(labels)


def admin_change_reason(request, verb: str, obj=None, changed=(), parent=None, note="") -> str:
    """The reason a historical record of an admin save carries: who did what, and to which fields,
    e.g. "Changed in the admin by secretariat: title, status" (cut to fit the column)."""
    reason = f"{verb} in the admin by {request.user.get_username()}"
    if parent is not None:
        reason += f" (on {parent._meta.verbose_name} {parent})"
    if changed:
        reason += ": " + _fields_named(type(obj), changed)
    reason += note
    return reason if len(reason) <= REASON_LENGTH else reason[:REASON_LENGTH - 1] + "…"


class HistoryCompareAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin plus a page comparing any two historical records of an object."""

    object_history_template = "admin/negotiation/object_history.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra = [path("<path:object_id>/history/compare/", self.admin_site.admin_view(self.history_compare_view),
                      name="%s_%s_history_compare" % info)]
        return extra + super().get_urls()

    # Every save, inline row and deletion made here records why (issue 15.8): without this, the
    # history page's "Change reason" column read "None" for every change made in the admin.
    def save_model(self, request, obj, form, change):
        if "_simple_history" in (getattr(request.resolver_match, "url_name", "") or ""):
            obj._change_reason = admin_change_reason(request, "Reverted to an earlier record", obj)
        elif not change:
            obj._change_reason = admin_change_reason(request, "Added", obj)
        elif form.changed_data:
            obj._change_reason = admin_change_reason(request, "Changed", obj, form.changed_data)
        else:
            obj._change_reason = admin_change_reason(request, "Saved", obj, note=", its own fields unchanged")
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        deleted = set(formset.deleted_forms)
        for row in formset.forms:
            if row in deleted:
                row.instance._change_reason = admin_change_reason(request, "Deleted", parent=form.instance)
            elif row.has_changed():
                adding = row.instance._state.adding
                row.instance._change_reason = admin_change_reason(
                    request, "Added" if adding else "Changed", row.instance, () if adding else row.changed_data, parent=form.instance)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        obj._change_reason = admin_change_reason(request, "Deleted", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one (a handful of rows), so that each deletion records its reason; what a
        # deletion cascades to is recorded without one, and shown as NO_REASON.
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                self.delete_model(request, obj)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:  # the page's records only; nothing is saved
            if not record.history_change_reason:
                record.history_change_reason = NO_REASON

    def history_compare_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
        by_id = {str(r.history_id): r for r in records}
        old = by_id.get(request.GET.get("old", ""), records[-1] if records else None)
        new = by_id.get(request.GET.get("new", ""), records[0] if records else None)
        changes = []
        if old is not None and new is not None and old.history_id != new.history_id:
            changes = new.diff_against(old).changes
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "object": obj, "records": records, "old": old, "new": new, "changes": changes,
            "title": f"Compare history of {obj}",
        }
        return render(request, "admin/negotiation/history_compare.html", context)


def _issued_not_a_permission(site, request, perms_needed: set) -> set:
    """The delete page names issued versions "protected" (with the reason), not as a permission
    the user lacks: VersionAdmin.has_delete_permission refuses them per object, which the
    page would otherwise word as "your account doesn't have permission to delete versions"."""
    if site.get_model_admin(Version).has_delete_permission(request):
        return set(perms_needed) - {Version._meta.verbose_name}
    return perms_needed


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["sequence", "label_link", "kind", "date", "is_issued", "parent"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    @admin.display(description="label")
    def label_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:negotiation_version_change", args=[obj.pk]), obj.label)

    def has_add_permission(self, request, obj=None):
        return False  # versions come from the importer, the editor, or the version page


class SponsorshipInline(admin.TabularInline):
    """Read-only overview on the draft; each row links to its own page, where it is edited
    with its history (a full editable row per sponsor was wider than the screen)."""

    model = Sponsorship
    fk_name = "draft"
    fields = ["delegation", "role", "on_behalf_of", "joined_version", "joined_on", "subsequently_joined", "withdrawn_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("delegation", "on_behalf_of", "joined_version__draft")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Draft)
class DraftAdmin(HistoryCompareAdmin):
    list_display = ["symbol", "short_title", "body", "session", "kind", "status", "version_count", "sponsor_count"]
    list_filter = ["body", "session", "status", "kind"]
    search_fields = ["symbol", "title", "versions__label"]
    list_select_related = ["body"]
    inlines = [VersionInline, SponsorshipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _versions=Count("versions", distinct=True), _sponsors=Count("sponsorships", distinct=True),
        )

    @admin.display(description="title")
    def short_title(self, obj):
        return obj.title if len(obj.title) <= 90 else obj.title[:87] + "…"

    @admin.display(description="versions", ordering="_versions")
    def version_count(self, obj):
        return obj._versions

    @admin.display(description="sponsors", ordering="_sponsors")
    def sponsor_count(self, obj):
        return obj._sponsors

    def get_deleted_objects(self, objs, request):
        # Version.draft refuses drafts with issued versions (protect_issued_versions): the page
        # lists those versions as protected; say why, plainly.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if Version.objects.filter(draft__in=objs, is_issued=True).exists():
            messages.error(request, ISSUED_PERMANENT)
            perms_needed = _issued_not_a_permission(self.admin_site, request, perms_needed)
        return deleted, model_count, perms_needed, protected


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fk_name = "version"
    fields = ["position", "kind", "number", "level", "lead", "text", "footnote_markers"]
    extra = 0
    ordering = ["position"]

    def _issued(self, obj):
        return obj is not None and obj.is_issued

    def has_change_permission(self, request, obj=None):
        return not self._issued(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._issued(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._issued(obj) and super().has_delete_permission(request, obj)


@admin.register(Version)
class VersionAdmin(HistoryCompareAdmin):
    list_display = ["full_label", "draft", "kind", "date", "is_issued", "paragraph_count"]
    list_filter = ["kind", "is_issued", "draft__body", "draft__session"]
    search_fields = ["label", "draft__symbol", "draft__title"]
    list_select_related = ["draft", "draft__body"]
    raw_id_fields = ["draft", "parent", "created_by"]
    inlines = [ParagraphInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_paragraphs=Count("paragraphs"))

    @admin.display(description="paragraphs", ordering="_paragraphs")
    def paragraph_count(self, obj):
        return obj._paragraphs

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_issued:
            return [f.name for f in self.model._meta.fields]
        return ["sequence", "created_by"]

    def has_change_permission(self, request, obj=None):
        # An issued version's page is view-only: no Save button, no history revert.
        return not (obj is not None and obj.is_issued) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.is_issued) and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The list's "delete selected" action: issued versions among the selection are protected.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        issued = [v for v in objs if v.is_issued]
        if issued:
            protected = list(protected) + [f"{v.full_label} (issued)" for v in issued]
            messages.error(request, ISSUED_PERMANENT)
            perms_needed = _issued_not_a_permission(self.admin_site, request, perms_needed)
        return deleted, model_count, perms_needed, protected


@admin.register(Sponsorship)
class SponsorshipAdmin(HistoryCompareAdmin):
    list_display = ["delegation", "draft", "role", "on_behalf_of", "joined_version", "joined_on", "withdrawn_on"]
    list_filter = ["role", "draft__body", "draft__session"]
    search_fields = ["delegation__short_name", "draft__symbol", "draft__title"]
    list_select_related = ["delegation", "draft", "on_behalf_of", "joined_version__draft"]
    autocomplete_fields = ["delegation", "on_behalf_of"]
    raw_id_fields = ["draft", "joined_version", "withdrawn_version"]


class StanceInline(admin.TabularInline):
    model = Stance
    autocomplete_fields = ["delegation"]
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(HistoryCompareAdmin):
    """Proposals of the negotiation, with who supports or objects; history keeps every change."""

    list_display = ["label", "draft", "kind", "delegation", "on_behalf_of", "status", "created_at"]
    list_filter = ["status", "kind", "draft__body"]
    search_fields = ["text", "reason", "delegation__short_name", "draft__symbol", "draft__title"]
    list_select_related = ["draft", "delegation", "on_behalf_of"]
    autocomplete_fields = ["delegation", "on_behalf_of"]
    raw_id_fields = ["draft", "version", "author"]
    inlines = [StanceInline]


@admin.register(ParagraphStatus)
class ParagraphStatusAdmin(HistoryCompareAdmin):
    list_display = ["lineage", "version", "status", "note", "set_by", "set_at"]
    list_filter = ["status"]
    list_select_related = ["version__draft", "set_by"]
    raw_id_fields = ["version", "set_by"]


@admin.register(Facilitation)
class FacilitationAdmin(HistoryCompareAdmin):
    list_display = ["user", "draft", "assigned_by", "assigned_at"]
    list_select_related = ["user", "draft", "assigned_by"]
    raw_id_fields = ["draft", "user", "assigned_by"]


class MembershipInline(admin.TabularInline):
    model = BodyMembership
    autocomplete_fields = ["delegation"]
    extra = 0


@admin.register(Body)
class BodyAdmin(HistoryCompareAdmin):
    list_display = ["short_name", "name", "reports_to", "member_count"]
    search_fields = ["name", "short_name"]
    list_select_related = ["reports_to"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("memberships"))

    @admin.display(description="members", ordering="_members")
    def member_count(self, obj):
        return obj._members


@admin.register(Delegation)
class DelegationAdmin(HistoryCompareAdmin):
    list_display = ["short_name", "sort_name", "article", "kind", "iso3"]
    list_filter = ["kind"]
    search_fields = ["short_name", "sort_name", "report_name"]


@admin.register(DelegateProfile)
class DelegateProfileAdmin(HistoryCompareAdmin):
    list_display = ["user", "delegation"]
    list_select_related = ["user", "delegation"]
    autocomplete_fields = ["delegation"]
    search_fields = ["user__username", "delegation__short_name"]


class VoteInline(admin.StackedInline):
    model = Vote
    extra = 0
    show_change_link = True  # the recorded vote's lists of delegations are on the vote's own page


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    autocomplete_fields = ["delegations"]
    fields = ["delegations", "role", "timing", "kind", "paragraph_refs", "paragraphs", "text"]
    filter_horizontal = ["paragraphs"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "paragraphs":  # only the preambular and operative paragraphs of the text acted on
            action_id = request.resolver_match.kwargs.get("object_id")
            version_id = Action.objects.filter(pk=action_id).values_list("version_id", flat=True).first() if action_id else None
            kwargs["queryset"] = Paragraph.objects.filter(
                version_id=version_id, kind__in=[Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE],
            ).order_by("position")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Action)
class ActionAdmin(HistoryCompareAdmin):
    list_display = ["version", "body", "meeting_number", "date", "outcome", "result", "report_paragraph"]
    list_filter = ["outcome", "body", "date"]
    search_fields = ["version__label", "version__draft__symbol", "result"]
    list_select_related = ["version__draft", "body"]
    raw_id_fields = ["version"]
    inlines = [VoteInline, StatementInline]


class VoteCastFormSet(BaseInlineFormSet):
    """The lists of a recorded vote, checked against the counts on the same page (the vote as
    the form is about to save it) with ``vote_problem`` before anything is saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        listed = Counter()
        for form in self.forms:
            if (self.can_delete and self._should_delete_form(form)) or (form.instance.pk is None and not form.has_changed()):
                continue
            listed[form.instance.position] += 1
        vote = self.instance
        problem = vote_problem(vote.kind, vote.counts, listed)
        # A problem of the counts alone is reported on the vote's own fields already.
        if problem and problem != vote_problem(vote.kind, vote.counts):
            raise ValidationError(problem[1])


class VoteCastInline(admin.TabularInline):
    model = VoteCast
    formset = VoteCastFormSet
    extra = 3
    autocomplete_fields = ["delegation"]


class VoteAdminForm(forms.ModelForm):
    """The vote's counts; its lists arrive with it in the inline rows (``VoteCastFormSet``), so
    ``Vote.clean`` leaves comparing counts and lists to that formset."""

    lists_in_formset = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.lists_validated_with_form = self.lists_in_formset


@admin.register(Vote)
class VoteAdmin(HistoryCompareAdmin):
    """A vote with its lists: who voted in favour, against and abstained. Counts and lists are
    checked together (``vote_problem``, the rule of ``vote_record``): a vote whose counts
    contradict its lists is refused with a message and nothing is saved."""

    form = VoteAdminForm
    list_display = ["action", "kind", "in_favour", "against", "abstaining"]
    list_filter = ["kind"]
    list_select_related = ["action__version__draft", "action__body"]
    raw_id_fields = ["action"]
    search_fields = ["action__version__draft__symbol", "action__result"]
    inlines = [VoteCastInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not any(isinstance(inline, VoteCastInline) for inline in self.get_inline_instances(request, obj)):
            # No lists on the page for this user: Vote.clean compares the counts with the stored lists.
            form = type(form.__name__, (form,), {"lists_in_formset": False})
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        vote = form.instance
        problem = vote_problem(vote.kind, vote.counts, vote.listed_counts())
        if problem:  # the formset checked this before saving; only a concurrent edit gets here (rolled back)
            raise ValidationError(problem[1])
