"""Bodies, drafts, their versions and the paragraphs of each version."""
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from negotiation.errors import ApplicationError

SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9]*(?:/[A-Za-z0-9.\-]+)+$")
# What may follow the base symbol in an issued version's label: /Rev.1, /Add.2, /Corr.1 ...
SUFFIX_RE = r"(?:/(?:Rev|Add|Corr)\.\d+)*"
REVISION_NOTES = ("as orally revised", "as further revised", "as revised", "as orally amended", "as amended")
ADOPTED_NUMBER_RE = re.compile(
    # "resolution 20/3", "decision 66/181"; COP-style bodies number by session: "decision 1/CP.21".
    r"^(?:General Assembly |GA |Economic and Social Council )?(?:resolution|decision) \d+/(?:\d+|[A-Z]+\.\d+)$"
)


class Body(models.Model):
    """An intergovernmental body that negotiates and acts on drafts."""

    name = models.CharField("name", max_length=200, unique=True, help_text="Full name, e.g. Commission on Crime Prevention and Criminal Justice.")
    short_name = models.CharField("short name", max_length=40, unique=True, help_text="Abbreviation, e.g. CCPCJ, ECOSOC, GA/C.3.")
    name_in_report = models.CharField(
        "name in reports", max_length=60, default="Commission",
        help_text='How the body names itself in its report: "the Commission", "the Committee", "the Conference".',
    )
    reports_to = models.ForeignKey(
        "self", verbose_name="reports to", null=True, blank=True, on_delete=models.PROTECT,
        related_name="subsidiaries", help_text="The parent body, e.g. the Economic and Social Council for the CCPCJ.",
    )
    members = models.ManyToManyField(
        "negotiation.Delegation", verbose_name="members", through="negotiation.BodyMembership", blank=True,
        related_name="bodies", help_text="Delegations that are members (they speak as representatives; others as observers).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "body"
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name


class DraftQuerySet(models.QuerySet):
    def delete(self):
        _refuse_drafts_with_issued_versions(Version.objects.filter(draft__in=self))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


def _refuse_drafts_with_issued_versions(versions) -> None:
    labels = list(versions.filter(is_issued=True).order_by("draft_id", "sequence").values_list("label", flat=True)[:6])
    if labels:
        shown = ", ".join(labels[:5]) + (" …" if len(labels) > 5 else "")
        raise ApplicationError(f"A draft with issued versions cannot be deleted ({shown}): issued versions are permanent.")


class Draft(models.Model):
    """A draft resolution or decision, identified by its base symbol in one body and session.

    A draft with issued versions cannot be deleted: ``delete()`` and bulk ``delete()`` refuse
    with an ApplicationError, and ``Version.draft`` (``protect_issued_versions``) refuses in
    any cascade and in the admin."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "resolution"
        DECISION = "decision", "decision"

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", "under negotiation"
        ADOPTED = "adopted", "adopted"
        RECOMMENDED = "recommended", "approved and recommended"
        REJECTED = "rejected", "rejected"
        WITHDRAWN = "withdrawn", "withdrawn"
        DEFERRED = "deferred", "deferred"

    body = models.ForeignKey(Body, verbose_name="body", on_delete=models.PROTECT, related_name="drafts", help_text="The body negotiating the draft.")
    session = models.PositiveSmallIntegerField("session", help_text="Session number, e.g. 20 for the twentieth session, 66 for the GA's sixty-sixth.")
    symbol = models.CharField(
        "base symbol", max_length=80, blank=True,
        help_text="Symbol of the first issued version, e.g. E/CN.15/2011/L.13. Blank for texts known only by their final number.",
    )
    title = models.TextField("title", help_text="Title of the draft as issued.")
    agenda_item = models.CharField("agenda item", max_length=300, blank=True, help_text='e.g. "5 (a)" or "107: Crime prevention and criminal justice".')
    kind = models.CharField("kind", max_length=12, choices=Kind.choices, default=Kind.RESOLUTION, help_text="Resolution or decision.")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.NEGOTIATING, help_text="Where the draft stands.")
    created_at = models.DateTimeField("created", auto_now_add=True, help_text="When the draft was entered.")
    history = HistoricalRecords()

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["body__short_name", "-session", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "session", "symbol"], condition=~Q(symbol=""), name="draft_symbol_unique_per_body_session",
            ),
        ]
        indexes = [models.Index(fields=["symbol"])]

    def __str__(self):
        return self.symbol or self.title[:80]

    @property
    def short_symbol(self) -> str:
        """"L.13" for E/CN.15/2011/L.13: the part negotiators say aloud."""
        return self.symbol.rsplit("/", 1)[-1] if self.symbol else ""

    def version_label(self, typed: str) -> str:
        """What an officer typed, as a version label: "E/CN.15/2011/L.7/Rev.1" -> "L.7/Rev.1".

        The full symbol of one of this draft's documents is shortened to the part after the
        series ("L.7/Rev.1"); anything else is returned as typed (trimmed), for the label rules.
        """
        typed = " ".join((typed or "").split())
        if self.symbol and self.short_symbol:
            series = self.symbol[: -len(self.short_symbol)]  # "E/CN.15/2011/"
            if typed.startswith(series + self.short_symbol):
                return typed[len(series):]
        return typed

    def clean(self):
        if self.symbol and not SYMBOL_RE.match(self.symbol):
            raise ValidationError({"symbol": f"“{self.symbol}” is not a UN document symbol (e.g. E/CN.15/2011/L.13)."})

    def delete(self, *args, **kwargs):
        if self.pk is not None:
            _refuse_drafts_with_issued_versions(Version.objects.filter(draft_id=self.pk))
        return super().delete(*args, **kwargs)


def protect_issued_versions(collector, field, sub_objs, using):
    """``on_delete`` of ``Version.draft``: a draft's working versions go with it, its issued
    versions never do (house rule 3), so a draft with issued versions cannot be deleted. A
    ``ProtectedError``, so the admin's delete page lists them as protected instead of failing.
    Migration 0005 refers to this function by name: keep it importable here."""
    issued = [v for v in sub_objs if v.is_issued]
    if issued:
        raise models.ProtectedError("A draft with issued versions cannot be deleted: issued versions are permanent.", issued)
    models.CASCADE(collector, field, sub_objs, using)


def _issued_refusal(what: str, labels: list[str]) -> ApplicationError:
    shown = ", ".join(labels[:5]) + (" …" if len(labels) > 5 else "")
    return ApplicationError(f"{what} ({shown}): an issued version never changes; make a new version instead.")


class VersionQuerySet(models.QuerySet):
    """Bulk ``update()`` and ``delete()`` refuse any issued version among their rows.

    Model ``save()``/``delete()`` refuse too, and on PostgreSQL a trigger refuses even raw SQL
    (migration 0005)."""

    def _refuse_issued(self, what: str) -> None:
        labels = list(self.filter(is_issued=True).order_by().values_list("label", flat=True)[:6])
        if labels:
            raise _issued_refusal(what, labels)

    def update(self, **kwargs):
        self._refuse_issued("Issued versions cannot be changed")
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._refuse_issued("Issued versions cannot be deleted")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class ParagraphQuerySet(models.QuerySet):
    """Bulk ``update()`` (hence ``bulk_update()``) and ``delete()`` refuse paragraphs of issued versions."""

    def _refuse_issued(self, what: str) -> None:
        labels = list(self.filter(version__is_issued=True).order_by("version__label")
                      .values_list("version__label", flat=True).distinct()[:6])
        if labels:
            raise _issued_refusal(what, labels)

    def update(self, **kwargs):
        self._refuse_issued("Paragraphs of issued versions cannot be changed")
        target = kwargs.get("version", kwargs.get("version_id"))
        target = getattr(target, "pk", target)
        if isinstance(target, int) and Version.objects.filter(pk=target, is_issued=True).exists():
            raise _issued_refusal("Paragraphs cannot be moved into an issued version",
                                  list(Version.objects.filter(pk=target).values_list("label", flat=True)))
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._refuse_issued("Paragraphs of issued versions cannot be deleted")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class Version(models.Model):
    """One text of a draft: issued under a symbol, read out at a meeting, informal, or final.

    Issued versions are immutable (house rule 3): services refuse changes; so do save(),
    delete(), bulk update() and delete() (``VersionQuerySet``); a draft with issued versions
    cannot be deleted (``protect_issued_versions``); on PostgreSQL triggers refuse even raw SQL.
    """

    class Kind(models.TextChoices):
        ISSUED = "issued", "issued document"
        ORAL = "oral", "oral revision"
        INFORMAL = "informal", "informal text"
        FINAL = "final", "final adopted text"

    draft = models.ForeignKey(
        Draft, verbose_name="draft", on_delete=protect_issued_versions, related_name="versions",
        help_text="The draft this is a version of. A draft with issued versions cannot be deleted.",
    )
    label = models.CharField(
        "label", max_length=120,
        help_text='"L.13", "L.13/Rev.1", "L.13/Rev.1, as further revised", "resolution 20/3" or a name for an informal text.',
    )
    kind = models.CharField("kind", max_length=10, choices=Kind.choices, default=Kind.ISSUED, help_text="How this text came to be.")
    sequence = models.PositiveIntegerField("sequence", help_text="Order of the version in the draft's life, from 1.")
    date = models.DateField("date", null=True, blank=True, help_text="Date of issue, of the meeting, or of the informal text.")
    is_issued = models.BooleanField("issued", default=False, help_text="Issued versions are citable and can no longer change; working versions can.")
    parent = models.ForeignKey(
        "self", verbose_name="based on", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="The version this one was made from.",
    )
    sponsor_line = models.CharField("sponsor line", max_length=500, blank=True, help_text='e.g. "Italy and Mexico: draft resolution".')
    title = models.TextField("title", blank=True, help_text="Title as it stands in this version.")
    recommending_formula = models.TextField("recommending formula", blank=True, help_text="e.g. “The Commission ... recommends to the Economic and Social Council the adoption of ...”.")
    enacting_formula = models.CharField("enacting formula", max_length=200, blank=True, help_text='e.g. "The General Assembly,".')
    agreement_formula = models.CharField(
        "agreement formula", max_length=200, blank=True,
        help_text='In a treaty, the words between preamble and Articles: "Have agreed as follows:".',
    )
    revision = models.PositiveIntegerField("revision", default=1, help_text="Counts saves of a working version; a save based on an older revision is stale.")
    is_shared = models.BooleanField("shared", default=False, help_text="A working version is private to its sponsors until shared; issued versions are public.")
    created_at = models.DateTimeField("created", auto_now_add=True, help_text="When this version was stored.")
    created_by = models.ForeignKey(
        "auth.User", verbose_name="created by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who stored this version.",
    )
    history = HistoricalRecords(excluded_fields=["revision"])

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "sequence"], name="version_sequence_unique_per_draft"),
            models.UniqueConstraint(fields=["draft", "label"], name="version_label_unique_per_draft"),
            models.CheckConstraint(condition=~Q(label=""), name="version_label_not_blank"),
        ]

    def __str__(self):
        return self.full_label

    @property
    def full_label(self) -> str:
        """The citable form: "E/CN.15/2011/L.13/Rev.1, as further revised"."""
        symbol = self.draft.symbol
        short = self.draft.short_symbol
        if symbol and short and self.label.startswith(short):
            return symbol[: -len(short)] + self.label
        return self.label

    def clean(self):
        problem = version_label_problem(self.draft, self.kind, self.label)
        if problem:
            raise ValidationError({"label": problem})

    def _stored_issued(self) -> bool:
        return self.pk is not None and Version.objects.filter(pk=self.pk, is_issued=True).exists()

    def save(self, *args, **kwargs):
        if self._stored_issued():
            raise ApplicationError(f"{self.full_label} is issued and cannot change; make a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_issued():
            raise ApplicationError(f"{self.full_label} is issued and cannot be deleted: issued versions are permanent.")
        return super().delete(*args, **kwargs)


def version_label_problem(draft: Draft, kind: str, label: str) -> str | None:
    """Why ``label`` does not fit ``draft``'s symbol for a version of ``kind``, or None."""
    label = (label or "").strip()
    if not label:
        return "A version needs a label."
    short = draft.short_symbol
    if kind == Version.Kind.ISSUED:
        if not short:
            return "This draft has no symbol, so it cannot have issued versions; record the final text instead."
        if not re.fullmatch(re.escape(short) + SUFFIX_RE, label):
            return f"“{label}” does not fit the draft’s symbol {draft.symbol}: expected {short}, {short}/Rev.1, {short}/Add.1 …"
    elif kind == Version.Kind.ORAL:
        notes = "|".join(re.escape(n) for n in REVISION_NOTES)
        base = re.escape(short) + SUFFIX_RE + ", " if short else ""
        if not re.fullmatch(f"{base}(?:{notes})", label):
            example = f"{short}/Rev.1, as further revised" if short else "as orally revised"
            return f"“{label}” is not an oral revision of {draft.symbol or 'this draft'}: expected e.g. “{example}”."
    elif kind == Version.Kind.FINAL:
        if not ADOPTED_NUMBER_RE.match(label):
            return f"“{label}” is not a final number: expected e.g. “resolution 20/3” or “decision 20/1”."
    elif SYMBOL_RE.match(label) and (not short or not label.endswith(short)):
        return f"“{label}” looks like another document’s symbol; name informal texts in words."
    return None


class Paragraph(models.Model):
    """One paragraph of a version, in order. ``lineage`` is the same paragraph across versions."""

    class Kind(models.TextChoices):
        TITLE = "title", "title"
        ENACTING = "enacting", "enacting formula"
        PREAMBULAR = "preambular", "preambular paragraph"
        OPERATIVE = "operative", "operative paragraph"
        SUBPARAGRAPH = "subparagraph", "sub-paragraph"
        FOOTNOTE = "footnote", "footnote"
        ANNEX = "annex", "annex"

    version = models.ForeignKey(Version, verbose_name="version", on_delete=models.CASCADE, related_name="paragraphs", help_text="The version this paragraph belongs to.")
    position = models.PositiveIntegerField("position", help_text="Order within the version, from 0.")
    kind = models.CharField("kind", max_length=12, choices=Kind.choices, help_text="What part of the text this is.")
    number = models.CharField("number", max_length=12, blank=True, help_text='"1" for OP1, "(a)" for a sub-paragraph, the marker of a footnote.')
    level = models.PositiveSmallIntegerField("level", default=0, help_text="Nesting of sub-paragraphs: 1 for (a), 2 for (i).")
    parent = models.ForeignKey(
        "self", verbose_name="parent", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
        help_text="The operative paragraph of a sub-paragraph; the citing paragraph of a footnote.",
    )
    lead = models.CharField("lead phrase", max_length=120, blank=True, help_text='The italic opening: "Recalling also", "Requests".')
    section = models.CharField(
        "section", max_length=300, blank=True,
        help_text='The heading the paragraph stands under, as printed: "Article 4 (adaptation)", or '
                  '"Article 2 (purpose) › Option 1" for an option; blank in a resolution.',
    )
    text = models.TextField("text", help_text="The paragraph's words, lead phrase included, as plain text.")
    footnote_markers = models.JSONField("footnotes cited", default=list, blank=True, help_text="Markers of the footnotes this paragraph cites.")
    lineage = models.UUIDField("lineage", default=uuid.uuid4, db_index=True, help_text="Stable identity of this paragraph across versions.")
    changed_in_revision = models.PositiveIntegerField(
        "changed in revision", default=1, help_text="The version's revision at which this paragraph last changed (for merging concurrent edits).",
    )
    history = HistoricalRecords()

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="paragraph_position_unique"),
            models.UniqueConstraint(fields=["version", "lineage"], name="paragraph_lineage_unique_in_version"),
            models.CheckConstraint(condition=~Q(text=""), name="paragraph_text_not_blank"),
        ]

    # Paragraphs of an issued version are frozen with it (house rule 3).
    def _in_issued_version(self) -> bool:
        """Stored in an issued version, or being moved into one (one query)."""
        if self.pk is None:
            return False
        stored_in = Paragraph._base_manager.filter(pk=self.pk).values("version_id")
        return Version.objects.filter(Q(pk=self.version_id) | Q(pk__in=stored_in), is_issued=True).exists()

    def save(self, *args, **kwargs):
        if self._in_issued_version():
            raise ApplicationError(f"{self.version.full_label} is issued; its paragraphs cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._in_issued_version():
            raise ApplicationError(f"{self.version.full_label} is issued; its paragraphs cannot be deleted.")
        return super().delete(*args, **kwargs)

    def __str__(self):
        prefix = f"OP{self.number}" if self.kind == self.Kind.OPERATIVE else self.get_kind_display()
        return f"{prefix}: {self.text[:60]}"
